"""The public Hypothesis strategies: valid means valid, a violation breaks one field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cais_sim.spec.fields import RecordKind, rules_for
from cais_sim.spec.records import (
    FdidRecord,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
)
from cais_sim.spec.tid import known_invalid_tid
from cais_sim.strategies import (
    MISSING,
    FieldViolation,
    fdid_records,
    field_violations,
    legal_entity_customers,
    natural_person_customers,
    submission_pairs,
    tid_records,
    valid_wire_records,
)

NESTED = {"largeTraderList": RecordKind.LARGE_TRADER,
          "fdidCustomerList": RecordKind.ASSOCIATION,
          "authTraderNamesList": RecordKind.AUTH_TRADER_NAME}
FAST = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _problems(kind: RecordKind, wire: dict[str, Any]) -> list[str]:
    problems = []
    for rule in rules_for(kind):
        if rule.name not in wire:
            if rule.presence.value == "R" and not (
                    rule.name in ("fdidCustomerList",) and "fdidEndDate" in wire):
                problems.append(f"{kind.value}.{rule.name} missing")
            continue
        reason = rule.check(wire[rule.name])
        if reason:
            problems.append(f"{kind.value}.{rule.name} {reason}")
    for key, items in wire.items():
        if key == "addressList":
            sub = (RecordKind.FDID_ADDRESS if kind is RecordKind.FDID
                   else RecordKind.CUSTOMER_ADDRESS)
        else:
            sub = NESTED.get(key)  # type: ignore[assignment]
        if sub is not None and isinstance(items, list):
            for item in items:
                problems += _problems(sub, item)
    return problems


@pytest.mark.parametrize("kind", list(RecordKind), ids=str)
@FAST
@given(data=st.data())
def test_valid_records_pass_every_field_rule(kind: RecordKind, data: st.DataObject) -> None:
    wire = data.draw(valid_wire_records(kind))
    assert _problems(kind, wire) == []


@FAST
@given(fdid_records(), natural_person_customers(), legal_entity_customers(), tid_records())
def test_round_trip(fdid: FdidRecord, person: NaturalPersonCustomer,
                    entity: LegalEntityCustomer, tid: TidRecord) -> None:
    for record in (fdid, person, entity, tid):
        assert type(record).from_wire(record.to_wire()) == record


@FAST
@given(fdid_records())
def test_fdid_cross_field_rules(fdid: FdidRecord) -> None:
    types = [a.addr_type.value for a in fdid.address_list]
    assert types == [f"ADDRESS{i}" for i in range(1, len(types) + 1)]
    ids = [c.customer_record_id for c in fdid.fdid_customer_list]
    assert len(ids) == len(set(ids))
    assert any(c.role.value == "TRDHOLDER" or c.has_discretion
               for c in fdid.fdid_customer_list)
    for link in fdid.fdid_customer_list:
        if link.role.value in ("TRDHOLDER", "NTHOLDER"):
            assert not link.has_discretion
        else:
            assert link.has_discretion is not None
    if fdid.fdid_type.value != "ACCOUNT":
        assert {c.role.value for c in fdid.fdid_customer_list} == {"TRDHOLDER"}
        assert [t.value for t in fdid.account_type] == [fdid.fdid_type.value]
    assert bool(fdid.dvp_custodian_id) == ("DVP/RVP" in fdid.account_type)
    if fdid.fdid_end_date is not None:
        assert fdid.fdid_end_date >= fdid.fdid_date


@FAST
@given(submission_pairs())
def test_pairs_link_every_customer_three_ways(pair: tuple[Any, Any]) -> None:
    data, tids = pair
    customers = [c.customer_record_id for c in (*data.natural_persons, *data.legal_entities)]
    assert len(customers) == len(set(customers))
    linked = {c.customer_record_id for f in data.fdid_records for c in f.fdid_customer_list}
    assert linked == set(customers)
    assert sorted(t.customer_record_id for t in tids.tid_records) == sorted(customers)
    assert len({f.firm_designated_id for f in data.fdid_records}) == len(data.fdid_records)
    assert len({f.fdid_record_id for f in data.fdid_records}) == len(data.fdid_records)
    for tid in tids.tid_records:
        assert not known_invalid_tid(tid.tid_value)
        assert tid.foreign_tid_country_cd != "US"
    by_id = {t.customer_record_id: t for t in tids.tid_records}
    for entity in data.legal_entities:
        assert by_id[entity.customer_record_id].tid_type.value != "SSN/ITIN"
    for person in data.natural_persons:
        assert by_id[person.customer_record_id].tid_type.value != "EIN"


@pytest.mark.parametrize("kind", list(RecordKind), ids=str)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_violation_breaks_exactly_its_field(kind: RecordKind, data: st.DataObject) -> None:
    violation: FieldViolation = data.draw(field_violations(kind))
    rule = next(r for r in rules_for(kind) if r.name == violation.field)
    assert violation.code == rule.code
    if violation.value is MISSING:
        assert violation.field not in violation.wire
        assert rule.presence.value == "R"
    else:
        assert rule.check(violation.wire[violation.field]) is not None
    for other in rules_for(kind):
        if other.name != violation.field and other.name in violation.wire:
            assert other.check(violation.wire[other.name]) is None, other.name


ALL_FIELDS = [(kind, rule.name) for kind in RecordKind for rule in rules_for(kind)]


@pytest.mark.parametrize(("kind", "name"), ALL_FIELDS, ids=[f"{k}.{n}" for k, n in ALL_FIELDS])
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_field_has_a_violation(kind: RecordKind, name: str, data: st.DataObject) -> None:
    violation = data.draw(field_violations(kind, field=name))
    assert violation.field == name
    assert violation.record is kind


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="no field"):
        field_violations(RecordKind.TID, field="nope")
