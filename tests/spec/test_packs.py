"""Spec packs and revisions: what was in force where and when."""

from __future__ import annotations

import datetime as dt

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Environment
from cais_sim.spec.packs import (
    FULL_CAIS_2_2_0_R4,
    LTID_1_2,
    get_pack,
    pack_for,
    parse_revision,
)

TEST = Environment.INDUSTRY_TEST
PROD = Environment.PRODUCTION
MIRROR = Environment.PRODUCTION_MIRROR
D = dt.date


def test_revision_order_and_round_trip() -> None:
    names = ["1.1", "1.1.1", "1.1.2", "1.2", "2.0-draft", "2.0-draft-r2", "2.0", "2.0r1",
             "2.0r9", "2.0r9.2", "2.0r10", "2.1.0r1", "2.1.0r3", "2.2.0r1", "2.2.0r4"]
    revisions = [parse_revision(n) for n in names]
    assert revisions == sorted(revisions)
    assert [str(r) for r in revisions] == names
    with pytest.raises(InvalidArgument):
        parse_revision("next")


def test_pack_for_dates_and_environments() -> None:
    assert pack_for(TEST, D(2021, 3, 1)) is LTID_1_2
    assert pack_for(TEST, D(2022, 3, 1)) is FULL_CAIS_2_2_0_R4
    assert pack_for(TEST, D(2022, 3, 1), "1.0.0") is LTID_1_2
    assert pack_for(PROD, D(2022, 3, 1)) is LTID_1_2
    assert pack_for(MIRROR, D(2023, 6, 12)) is FULL_CAIS_2_2_0_R4
    with pytest.raises(InvalidArgument, match="did not accept"):
        pack_for(PROD, D(2020, 9, 1))
    with pytest.raises(InvalidArgument):
        pack_for(PROD, D(2024, 1, 1), "1.0.0")
    assert get_pack("2.2.0r4") is FULL_CAIS_2_2_0_R4


def test_removed_values_are_not_allowed_in_the_current_pack() -> None:
    pack = FULL_CAIS_2_2_0_R4
    assert not pack.value_allowed("accountType", "BROKERAGE", PROD, D(2024, 1, 1))
    assert pack.value_allowed("accountType", "OPTION", PROD, D(2024, 1, 1))
    assert not pack.value_allowed("fdidType", "ENTITY", PROD, D(2024, 1, 1))
    assert "HOLDER" not in pack.allowed_values("role", PROD, D(2024, 1, 1))


def test_ltid_pack_speaks_the_ltid_dialect() -> None:
    values = LTID_1_2.allowed_values("fdidType", TEST, D(2021, 3, 1))
    assert values == {"ACCOUNT", "RELATIONSHIP", "ENTITY"}
    assert "INACTIVE" not in LTID_1_2.allowed_values("fdidEndReason", TEST, D(2021, 3, 1))


def test_othgovt_reached_test_before_production() -> None:
    pack = FULL_CAIS_2_2_0_R4
    day = D(2022, 6, 28)
    assert pack.value_allowed("foreignTIDType", "OTHGOVT", TEST, day)
    assert not pack.value_allowed("foreignTIDType", "OTHGOVT", PROD, day)
    assert pack.value_allowed("foreignTIDType", "OTHGOVT", PROD, D(2022, 7, 1))


def test_dated_rules() -> None:
    pack = FULL_CAIS_2_2_0_R4
    assert pack.rule_in_force("unparsed-names-allowed", PROD, D(2023, 6, 12))
    assert not pack.rule_in_force("unparsed-names-allowed", PROD, D(2023, 6, 13))
    assert pack.rule_in_force("customer-address-required", TEST, D(2023, 7, 12))
    assert not pack.rule_in_force("update-notification-checks", PROD, D(2024, 2, 26))
    keys = {r.key for r in pack.rules_in_force(PROD, D(2023, 6, 12))}
    assert "unparsed-names-allowed" in keys
    assert "customer-address-required" not in keys
    with pytest.raises(KeyError, match="known rules"):
        pack.rule_in_force("nope", PROD, D(2024, 1, 1))
