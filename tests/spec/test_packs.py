"""Spec packs: which schema, values and dated rules applied where and when."""

from __future__ import annotations

import datetime as dt

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Effective, Environment
from cais_sim.spec.packs import (
    FULL_CAIS_2_2_0_R4,
    LATEST,
    LTID_1_2,
    PACKS,
    get_pack,
    pack_for,
)
from cais_sim.spec.revisions import parse_revision

TEST = Environment.INDUSTRY_TEST
PROD = Environment.PRODUCTION
MIRROR = Environment.PRODUCTION_MIRROR
D = dt.date
FULL = FULL_CAIS_2_2_0_R4


# --- which pack judges a file -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "day", "expected"),
    [
        (TEST, D(2020, 8, 24), LTID_1_2),        # LTID test opened (S23)
        (TEST, D(2021, 3, 1), LTID_1_2),
        (PROD, D(2020, 12, 14), LTID_1_2),       # LTID production opened (S23)
        (PROD, D(2022, 3, 1), LTID_1_2),         # Full CAIS not yet in Production
        (MIRROR, D(2022, 3, 1), LTID_1_2),
        (TEST, D(2022, 1, 30), FULL),            # Full CAIS in Industry Test
        (TEST, D(2022, 3, 1), FULL),
        (PROD, D(2022, 4, 26), FULL),
        (MIRROR, D(2023, 6, 12), FULL),
        (PROD, D(2030, 1, 1), FULL),
    ],
)
def test_pack_for_picks_the_newest_accepted_schema(
    env: Environment, day: dt.date, expected: object
) -> None:
    assert pack_for(env, day) is expected


def test_transition_accepts_both_schemas_in_every_environment() -> None:
    assert pack_for(TEST, D(2022, 3, 1), "1.0.0") is LTID_1_2
    assert pack_for(PROD, D(2022, 10, 3), "1.0.0") is LTID_1_2
    assert pack_for(PROD, D(2022, 10, 3), "2.0.0") is FULL
    assert pack_for(TEST, D(2023, 3, 16), "1.0.0") is LTID_1_2


def test_schema_1_0_0_ends_at_the_chosen_compliance_date() -> None:
    assert not LTID_1_2.accepts_schema(TEST, D(2023, 3, 17))
    assert not LTID_1_2.accepts_schema(PROD, D(2023, 3, 17))
    with pytest.raises(InvalidArgument, match=r"did not accept schema 1\.0\.0"):
        pack_for(PROD, D(2024, 1, 1), "1.0.0")


def test_before_cais_opened_nothing_is_accepted() -> None:
    with pytest.raises(InvalidArgument, match="did not accept any CAIS schema on 2020-08-23"):
        pack_for(TEST, D(2020, 8, 23))
    with pytest.raises(InvalidArgument, match="did not accept"):
        pack_for(PROD, D(2020, 9, 1))  # open in test only
    with pytest.raises(InvalidArgument, match=r"schema 2\.0\.0"):
        pack_for(PROD, D(2022, 4, 25), "2.0.0")


def test_unknown_schema_version_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="unknown schema version"):
        pack_for(PROD, D(2024, 1, 1), "3.0.0")


def test_mirror_follows_production() -> None:
    for day in (D(2022, 1, 30), D(2022, 4, 25), D(2022, 4, 26)):
        assert FULL.accepts_schema(MIRROR, day) == FULL.accepts_schema(PROD, day)
    assert FULL.accepts_schema(TEST, D(2022, 4, 25))
    assert not FULL.accepts_schema(PROD, D(2022, 4, 25))


def test_get_pack_and_latest() -> None:
    assert get_pack("2.2.0r4") is FULL
    assert get_pack("2.2.0 r4") is FULL
    assert get_pack("1.2") is LTID_1_2
    assert LATEST is FULL
    assert {p.schema_version for p in PACKS} == {"1.0.0", "2.0.0"}
    with pytest.raises(InvalidArgument, match="no spec pack"):
        get_pack("2.0r7")
    with pytest.raises(InvalidArgument):
        get_pack("latest")


def test_pack_metadata() -> None:
    assert FULL.revision == parse_revision("2.2.0r4")
    assert FULL.schema_version == "2.0.0"
    assert FULL.published == D(2025, 8, 14)
    assert FULL.source == "S1"
    assert LTID_1_2.schema_version == "1.0.0"
    assert LTID_1_2.published is None
    assert "approximate" in FULL.availability.note
    assert "chosen" in LTID_1_2.availability.note


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [D(2022, 2, 1), D(2022, 5, 2), D(2025, 1, 2)])
def test_values_removed_by_the_revision_are_never_allowed(day: dt.date) -> None:
    # BROKERAGE was removed in 2.0r7; the 2.2.0r4 pack refuses it on days before and after.
    assert not FULL.value_allowed("accountType", "BROKERAGE", PROD, day)
    assert not FULL.value_allowed("accountType", "ADVISED", TEST, day)
    assert FULL.value_allowed("accountType", "OPTION", PROD, day)


def test_current_lists_follow_enum_history() -> None:
    day = D(2024, 1, 1)
    assert FULL.allowed_values("role", PROD, day) == {"AUTH3RD", "AUTHREP", "NTHOLDER",
                                                      "TRDHOLDER"}
    assert FULL.allowed_values("fdidType", PROD, day) == {"ACCOUNT", "RELATIONSHIP", "ENTITYID"}
    assert "INACTIVE" in FULL.allowed_values("fdidEndReason", PROD, day)
    le = FULL.allowed_values("legalEntityCustomerType", PROD, day)
    assert "BD" in le
    assert not le & {"CP", "OTHBKR", "OTHER"}
    assert "CP" in FULL.allowed_values("naturalPersonCustomerType", PROD, day)
    assert FULL.allowed_values("type", PROD, day) == {"materialInconsistency", "FDIDRejection",
                                                      "CustomerRejection"}


def test_othgovt_reached_test_before_production() -> None:
    day = D(2022, 6, 28)
    assert FULL.value_allowed("foreignTIDType", "OTHGOVT", TEST, day)
    assert not FULL.value_allowed("foreignTIDType", "OTHGOVT", PROD, day)
    assert not FULL.value_allowed("foreignTIDType", "OTHGOVT", MIRROR, day)
    assert not FULL.value_allowed("foreignTIDType", "OTHGOVT", TEST, D(2022, 6, 26))
    assert FULL.value_allowed("foreignTIDType", "OTHGOVT", PROD, D(2022, 7, 1))
    assert FULL.value_allowed("replacingForeignTIDType", "OTHGOVT", TEST, day)
    assert not FULL.value_allowed("replacingForeignTIDType", "OTHGOVT", PROD, day)
    assert "OTHGOVT" not in FULL.allowed_values("foreignTIDType", PROD, day)
    assert len(FULL.allowed_values("foreignTIDType", PROD, D(2022, 7, 1))) == 6


def test_shared_lists_answer_for_both_fields() -> None:
    day = D(2024, 1, 1)
    assert FULL.allowed_values("replacedByTIDType", PROD, day) == {"EIN", "FOREIGN", "SSN/ITIN"}


def test_unknown_or_ambiguous_fields_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="naturalPersonCustomerType"):
        FULL.value_allowed("customerType", "BD", PROD, D(2024, 1, 1))
    with pytest.raises(InvalidArgument, match="not a choice field"):
        FULL.allowed_values("colour", PROD, D(2024, 1, 1))


def test_ltid_pack_speaks_the_ltid_dialect() -> None:
    day = D(2021, 3, 1)
    assert LTID_1_2.allowed_values("fdidType", TEST, day) == {"ACCOUNT", "RELATIONSHIP", "ENTITY"}
    assert not LTID_1_2.value_allowed("fdidType", "ENTITYID", PROD, day)
    assert "1.1.1" in LTID_1_2.excluded_values[("fdidType", "ENTITYID")]
    assert LTID_1_2.allowed_values("fdidEndReason", TEST, day) == {
        "CORRECTION", "ENDED", "REPLACED", "OTHER", "TRANSFER"}
    assert LTID_1_2.allowed_values("correctionAction", TEST, day) == {"CORRECTION", "DELETE"}
    # No Customer Records, TIDS file or account types in schema 1.0.0.
    assert LTID_1_2.allowed_values("role", TEST, day) == frozenset()
    assert LTID_1_2.allowed_values("foreignTIDType", TEST, day) == frozenset()
    assert LTID_1_2.allowed_values("accountType", TEST, day) == frozenset()
    assert not FULL.value_allowed("fdidType", "ENTITY", PROD, D(2024, 1, 1))


# --- dated rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "env", "day", "expected"),
    [
        ("unparsed-names-allowed", PROD, D(2023, 6, 12), True),
        ("unparsed-names-allowed", PROD, D(2023, 6, 13), False),
        ("unparsed-names-allowed", TEST, D(2023, 6, 13), False),
        ("customer-address-required", TEST, D(2023, 7, 11), False),
        ("customer-address-required", TEST, D(2023, 7, 12), True),
        ("bd-customer-type-mandatory", PROD, D(2023, 7, 10), False),
        ("bd-customer-type-mandatory", MIRROR, D(2023, 7, 11), True),
        ("firm-discretion-must-be-authrep", PROD, D(2023, 1, 15), False),
        ("firm-discretion-must-be-authrep", PROD, D(2023, 1, 16), True),
        ("othgovt-allowed", TEST, D(2022, 6, 27), True),
        ("othgovt-allowed", PROD, D(2022, 6, 30), False),
        ("othgovt-allowed", PROD, D(2022, 7, 1), True),
        ("update-notification-checks", PROD, D(2024, 2, 25), True),
        ("update-notification-checks", PROD, D(2024, 2, 26), False),
        ("update-notification-checks", TEST, D(2024, 2, 26), False),
        ("material-inconsistency-scan", PROD, D(2023, 1, 24), True),
        ("correspondent-equals-reporter-allowed", PROD, D(2024, 12, 16), False),
        ("correspondent-equals-reporter-allowed", PROD, D(2024, 12, 17), True),
        ("fdid-refresh-report", PROD, D(2025, 4, 2), False),
        ("fdid-refresh-report", PROD, D(2025, 4, 3), True),
        ("name-length-200", PROD, D(2022, 5, 1), True),
        ("ein-hash-check-22544", PROD, D(2025, 9, 1), False),
        ("ein-hash-check-22544", TEST, D(2099, 1, 1), False),
    ],
)
def test_dated_rules(key: str, env: Environment, day: dt.date, expected: bool) -> None:
    assert FULL.rule_in_force(key, env, day) is expected


def test_every_rule_cites_a_source_and_explains_itself() -> None:
    for rule in FULL.rules.values():
        assert rule.source.startswith(("S1", "S4")), rule.key
        assert rule.summary, rule.key
    undated = ("material-inconsistency-scan", "name-length-200", "ein-hash-check-22544",
               "update-notification-checks")
    for key in undated:
        assert FULL.rule(key).effective.note, key


def test_rules_in_force_on_a_day() -> None:
    keys = {r.key for r in FULL.rules_in_force(PROD, D(2023, 6, 12))}
    assert "unparsed-names-allowed" in keys
    assert "customer-address-required" not in keys
    assert "firm-discretion-must-be-authrep" in keys
    assert "ein-hash-check-22544" not in keys
    later = {r.key for r in FULL.rules_in_force(PROD, D(2025, 5, 1))}
    assert {"customer-address-required", "fdid-refresh-report",
            "correspondent-equals-reporter-allowed"} <= later
    assert "unparsed-names-allowed" not in later
    assert "update-notification-checks" not in later


def test_unknown_rule_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"known rules: .*unparsed-names-allowed"):
        FULL.rule_in_force("unparsed-name-allowed", PROD, D(2024, 1, 1))


def test_a_rule_can_be_re_dated_without_touching_the_shipped_pack() -> None:
    switched = FULL.with_effective(
        "ein-hash-check-22544", Effective.everywhere(D(2025, 1, 1), note="scenario choice"))
    assert switched.rule_in_force("ein-hash-check-22544", PROD, D(2025, 9, 1))
    assert not FULL.rule_in_force("ein-hash-check-22544", PROD, D(2025, 9, 1))
    assert switched.allowed_values("role", PROD, D(2025, 9, 1)) == FULL.allowed_values(
        "role", PROD, D(2025, 9, 1))
    with pytest.raises(KeyError):
        FULL.with_effective("nope", Effective())


def test_packs_are_read_only() -> None:
    with pytest.raises(TypeError):
        FULL.rules["x"] = FULL.rule("name-length-200")  # type: ignore[index]
