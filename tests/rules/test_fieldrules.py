"""The generated field rules (cais_sim.rules.fieldrules) together with the record rules.

The Hypothesis strategies break exactly one field of a valid record and say which code CAIS
answers with; the engine must report that code (or, for a value of the wrong JSON type, the
record's data-type code) and no other, since every record rule acts only on well-formed
values. Valid records, whole valid submission pairs and the worked
examples must draw no finding at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cais_sim.examples import demo_pair
from cais_sim.rules import Engine, Finding, RecordContext, StoredFdid, StoredRejection
from cais_sim.spec.datatypes import normalize_fdid
from cais_sim.spec.effective import Effective, Environment
from cais_sim.spec.fields import DATA_TYPE_CODES, RecordKind
from cais_sim.spec.packs import LATEST, SpecPack
from cais_sim.spec.records import DataFile, TidsFile
from cais_sim.strategies import (
    FieldViolation,
    field_violations,
    submission_pairs,
    valid_wire_records,
)

DAY = dt.date(2024, 6, 3)
ENV = Environment.PRODUCTION
ENGINE = Engine(LATEST, ENV, DAY)
#: The spec pack with the 22544 EIN hash check switched on, so valid pairs prove they hold it.
HASH_PACK: SpecPack = LATEST.with_effective("ein-hash-check-22544",
                                            Effective.everywhere(note="switched on"))
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class OneRejection:
    """Stored state in which every rejectionID is an open rejection the entry may clear.

    A CORRECTION pointing at a Customer repairs a 22526, anything else a 22001: both are
    cleared through the correctionList [S1 §6.6.2.1].
    """

    error_code: int

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        return None

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        return StoredRejection(rejection_id, self.error_code, True, None, ())

    def customer_accepted(self, tid_value: str) -> bool:
        return False

    def open_inconsistency(self, tid_value: str) -> bool:
        return False


def context_for(kind: RecordKind, wire: dict[str, Any]) -> RecordContext:
    """The context a consistent file would give ``wire``."""
    ctx = RecordContext(env=ENV, day=DAY, pack=LATEST)
    if kind is RecordKind.CORRECTION:
        fdid = wire.get("correctingFirmDesignatedID")
        crid = wire.get("correctingCustomerRecordID")
        ctx.state = OneRejection(22526 if "correctingCustomerRecordID" in wire else 22001)
        ctx.fdid_values = frozenset([fdid] if isinstance(fdid, str) else [])
        ctx.customer_ids = frozenset([crid] if isinstance(crid, int) else [])
    return ctx


def codes(findings: list[Finding]) -> set[int]:
    return {f.code for f in findings}


@SETTINGS
@given(field_violations())
def test_violation_draws_its_code_and_no_other(violation: FieldViolation) -> None:
    ctx = context_for(violation.record, violation.wire)
    findings = ENGINE.check(violation.record, violation.wire, ctx)
    expected = [{violation.code}]
    if violation.kind == "wrong-type":
        # A value of the wrong JSON type may be reported as the record's data-type violation.
        expected.append({DATA_TYPE_CODES[violation.record]})
    assert codes(findings) in expected, (violation.field, violation.kind)


@SETTINGS
@given(st.sampled_from(list(RecordKind)).flatmap(
    lambda kind: st.tuples(st.just(kind), st.booleans()).flatmap(
        lambda pick: st.tuples(st.just(pick[0]), valid_wire_records(pick[0],
                                                                    complete=pick[1])))))
def test_valid_records_draw_no_finding(drawn: tuple[RecordKind, dict[str, Any]]) -> None:
    kind, wire = drawn
    assert ENGINE.check(kind, wire, context_for(kind, wire)) == []


def pair_context(data: DataFile, tids: TidsFile, pack: SpecPack) -> RecordContext:
    """What the intake pipeline knows about a pair when it checks its records."""
    records = tids.tid_records
    return RecordContext(
        env=ENV, day=DAY, pack=pack,
        tid_types={t.customer_record_id: t.tid_type.value for t in records},
        foreign_tid_types={t.customer_record_id: t.foreign_tid_type.value
                           for t in records if t.foreign_tid_type is not None},
        tid_values={t.customer_record_id: t.tid_value for t in records},
        customer_ids=frozenset(t.customer_record_id for t in records),
        natural_person_ids=frozenset(c.customer_record_id for c in data.natural_persons),
        fdid_values=frozenset(normalize_fdid(f.firm_designated_id) for f in data.fdid_records))


def pair_findings(data: DataFile, tids: TidsFile, pack: SpecPack) -> list[Finding]:
    engine = Engine(pack, ENV, DAY)
    ctx = pair_context(data, tids, pack)
    kinds = ((RecordKind.FDID, data.fdid_records),
             (RecordKind.NATURAL_PERSON, data.natural_persons),
             (RecordKind.LEGAL_ENTITY, data.legal_entities),
             (RecordKind.TID, tids.tid_records))
    return [finding for kind, records in kinds for record in records
            for finding in engine.check(kind, record.to_wire(), ctx)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submission_pairs(max_fdids=3))
def test_valid_pairs_draw_no_finding(pair: tuple[DataFile, TidsFile]) -> None:
    assert pair_findings(*pair, HASH_PACK) == []


@pytest.mark.parametrize("pack", [LATEST, HASH_PACK], ids=["default", "ein-hash-check"])
def test_demo_pair_draws_no_finding(pack: SpecPack) -> None:
    example = demo_pair()
    assert pair_findings(example.data, example.tids, pack) == []


@pytest.mark.triggers(22007)
def test_field_rule_reports_malformed_required_date() -> None:
    wire = demo_pair().data.fdid_records[0].to_wire()
    wire["fdidDate"] = 20230230
    findings = ENGINE.check(RecordKind.FDID, wire, context_for(RecordKind.FDID, wire))
    assert [(f.code, f.field) for f in findings] == [(22007, "fdidDate")]
