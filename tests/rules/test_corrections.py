"""Record-level rules of correctionList entries (cais_sim.rules.corrections)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from cais_sim.examples import spec_5_1_5_example
from cais_sim.rules import Engine, Finding, RecordContext, StoredFdid, StoredRejection
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import LATEST

DAY = dt.date(2024, 6, 3)
ENV = Environment.PRODUCTION
ENGINE = Engine(LATEST, ENV, DAY)
EXAMPLE = spec_5_1_5_example()


@dataclass
class FakeState:
    """Stored rejections and FDIDs as the rules ask for them."""

    rejections: dict[int, StoredRejection] = field(default_factory=dict)
    fdids: set[str] = field(default_factory=set)

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        if firm_designated_id not in self.fdids:
            return None
        return StoredFdid(firm_designated_id, 20190101, None, None, True)

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        return self.rejections.get(rejection_id)

    def customer_accepted(self, tid_value: str) -> bool:
        return False

    def open_inconsistency(self, tid_value: str) -> bool:
        return False


def state(code: int = 22001, *, is_open: bool = True, fdids: set[str] | None = None
          ) -> FakeState:
    """Rejection 1127 with ``code`` and the example's DELETE target 821 (a 22526)."""
    return FakeState(
        rejections={1127: StoredRejection(1127, code, is_open, "EZAccount123", ()),
                    821: StoredRejection(821, 22526, True, None, (4,))},
        fdids=fdids or set())


def check(record: dict[str, Any], stored: FakeState | None = None) -> list[Finding]:
    ctx = RecordContext(
        env=ENV, day=DAY, pack=LATEST, state=stored or state(),
        fdid_values=frozenset(f.firm_designated_id for f in EXAMPLE.data.fdid_records),
        customer_ids=frozenset(t.customer_record_id for t in EXAMPLE.tids.tid_records))
    return ENGINE.check(RecordKind.CORRECTION, record, ctx)


def codes(findings: list[Finding]) -> list[int]:
    return [f.code for f in findings]


def correction(target: str = "correctingFirmDesignatedID", value: object = "EZAccount123",
               rejection_id: int = 1127) -> dict[str, Any]:
    return {"rejectionID": rejection_id, "correctionAction": "CORRECTION", target: value}


def delete(rejection_id: int = 821) -> dict[str, Any]:
    return {"rejectionID": rejection_id, "correctionAction": "DELETE"}


def test_example_corrections_are_valid() -> None:
    for record in EXAMPLE.data.corrections:
        assert codes(check(record.to_wire())) == []


@pytest.mark.triggers(24001)
def test_unknown_rejection() -> None:
    assert codes(check(correction(rejection_id=5))) == [24001]
    assert codes(check(delete(5))) == [24001]


@pytest.mark.triggers(24009)
def test_rejection_already_repaired() -> None:
    assert codes(check(correction(), state(is_open=False))) == [24009]


@pytest.mark.triggers(24003)
def test_correcting_fdid_unknown() -> None:
    record = correction(value="Elsewhere9")
    assert codes(check(record)) == [24003]
    assert codes(check(record, state(fdids={"Elsewhere9"}))) == []


def test_correcting_fdid_in_file_compared_after_trimming() -> None:
    assert codes(check(correction(value="  EZAccount123 "))) == []


@pytest.mark.triggers(24007)
def test_correcting_customer_not_in_file() -> None:
    stored = state(22526)
    assert codes(check(correction("correctingCustomerRecordID", 77), stored)) == [24007]
    assert codes(check(correction("correctingCustomerRecordID", 4), stored)) == []


@pytest.mark.triggers(24005)
def test_correction_cannot_clear_resubmit_code() -> None:
    assert codes(check(correction(), state(22009))) == [24005]


@pytest.mark.triggers(24005)
def test_delete_cannot_clear_fdid_resubmit_code() -> None:
    assert codes(check(delete(1127), state(22009))) == [24005]


@pytest.mark.parametrize("code", [22534, 22523, 22001])
def test_delete_clears_customer_and_list_repaired_codes(code: int) -> None:
    assert codes(check(delete(1127), state(code))) == []


@pytest.mark.triggers(24005)
def test_correction_points_at_the_wrong_kind_of_record() -> None:
    assert codes(check(correction(), state(22526))) == [24005]
    assert codes(check(correction("correctingCustomerRecordID", 4), state(22001))) == [24005]


@pytest.mark.triggers(24005)
def test_correction_without_a_corrected_record() -> None:
    record = {"rejectionID": 1127, "correctionAction": "CORRECTION"}
    assert codes(check(record)) == [24005]
