"""Enumerations and their recorded history."""

from __future__ import annotations

from enum import StrEnum

import pytest

from cais_sim.spec import enums
from cais_sim.spec.enums import (
    ENUM_HISTORY,
    FOREIGN_TID_RANK,
    AccountType,
    ForeignTidType,
    LegalEntityCustomerType,
    Role,
    history_of,
)

ALL_ENUMS = [obj for obj in vars(enums).values()
             if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum]


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_value_has_a_recorded_meaning(enum: type[StrEnum]) -> None:
    recorded = {info.value for info in history_of(enum)}
    assert {member.value for member in enum} == recorded


def test_history_entries_belong_to_their_enum() -> None:
    for info in ENUM_HISTORY:
        assert info.value in {m.value for m in info.enum}, info
        assert info.meaning
        assert info.source


def test_removed_values_are_marked() -> None:
    removed = {(i.enum, i.value): i.removed for i in ENUM_HISTORY if i.removed}
    assert removed[(AccountType, "BROKERAGE")] == "2.0r7"
    assert removed[(LegalEntityCustomerType, "OTHER")] == "2.0r2"
    assert removed[(Role, "HOLDER")] == "2.0-draft-r2"


def test_foreign_hierarchy_order() -> None:
    assert [k.value for k in sorted(FOREIGN_TID_RANK, key=FOREIGN_TID_RANK.__getitem__)] == [
        "NATIONALID", "LEI", "PASSPORT", "PERMANENT", "DRIVERLICENSE", "OTHGOVT"]
    added = {i.value: i.added for i in history_of(ForeignTidType)}
    assert added["OTHGOVT"] == "2.0r8"
    assert added["DRIVERLICENSE"] == "2.0r6"


def test_slash_values_keep_their_wire_spelling() -> None:
    assert AccountType.DVP_RVP.value == "DVP/RVP"
    assert enums.TidType.SSN_ITIN.value == "SSN/ITIN"
