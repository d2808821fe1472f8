"""The public Hypothesis strategies: valid means valid, and a violation breaks one field."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.spec import tid as tid_module
from cais_sim.spec.datatypes import normalize_fdid
from cais_sim.spec.enums import (
    FOREIGN_TID_RECORD_KINDS,
    MILITARY_CITIES,
    MILITARY_REGIONS,
    AccountType,
    CorrectionAction,
    EndReason,
    FdidType,
    ForeignTidType,
    Role,
    TidType,
)
from cais_sim.spec.fields import Presence, RecordKind, rule, rules_for
from cais_sim.spec.records import (
    Address,
    DataFile,
    FdidRecord,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    Record,
    TidRecord,
    TidsFile,
)
from cais_sim.strategies import (
    MISSING,
    FieldViolation,
    addresses,
    auth_trader_names,
    correction_actions,
    fdid_customers,
    fdid_records,
    field_violations,
    large_traders,
    legal_entity_customers,
    natural_person_customers,
    submission_pairs,
    tid_records,
    valid_wire_records,
)

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NESTED = {"largeTraderList": RecordKind.LARGE_TRADER,
          "fdidCustomerList": RecordKind.ASSOCIATION,
          "authTraderNamesList": RecordKind.AUTH_TRADER_NAME}


def problems(kind: RecordKind, wire: dict[str, Any], *, skip: str | None = None) -> list[str]:
    """Every field-table complaint about ``wire`` and its nested records, except ``skip``."""
    found: list[str] = []
    for field_rule in rules_for(kind):
        name = field_rule.name
        if name == skip:
            continue
        if name not in wire:
            if field_rule.presence is Presence.REQUIRED:
                found.append(f"{kind.value}.{name} missing")
            continue
        reason = field_rule.check(wire[name])
        if reason is not None:
            found.append(f"{kind.value}.{name} {reason}")
            continue
        sub = NESTED.get(name)
        if name == "addressList":
            sub = RecordKind.FDID_ADDRESS if kind is RecordKind.FDID else (
                RecordKind.CUSTOMER_ADDRESS)
        if sub is not None:
            for item in wire[name]:
                found += problems(sub, item)
    return found


# --- Valid records ----------------------------------------------------------------------------

VALID: list[tuple[str, RecordKind, st.SearchStrategy[Record]]] = [
    ("fdid", RecordKind.FDID, fdid_records()),
    ("fdid-all-fields", RecordKind.FDID, fdid_records(all_fields=True)),
    ("fdid-relationship", RecordKind.FDID, fdid_records(fdid_type=FdidType.RELATIONSHIP)),
    ("large-trader", RecordKind.LARGE_TRADER, large_traders()),
    ("fdid-address", RecordKind.FDID_ADDRESS, addresses()),
    ("customer-address", RecordKind.CUSTOMER_ADDRESS, addresses(complete=True)),
    ("association", RecordKind.ASSOCIATION, fdid_customers()),
    ("auth-trader-name", RecordKind.AUTH_TRADER_NAME, auth_trader_names()),
    ("natural-person", RecordKind.NATURAL_PERSON, natural_person_customers()),
    ("natural-person-all", RecordKind.NATURAL_PERSON,
     natural_person_customers(all_fields=True)),
    ("legal-entity", RecordKind.LEGAL_ENTITY, legal_entity_customers()),
    ("legal-entity-all", RecordKind.LEGAL_ENTITY, legal_entity_customers(all_fields=True)),
    ("correction", RecordKind.CORRECTION, correction_actions()),
    ("tid", RecordKind.TID, tid_records()),
    ("tid-replaced", RecordKind.TID, tid_records(replaced=True)),
]


@pytest.mark.parametrize(("kind", "strategy"), [(k, s) for _, k, s in VALID],
                         ids=[name for name, _, _ in VALID])
@FAST
@given(data=st.data())
def test_valid_records_pass_every_field_check_and_round_trip(
        kind: RecordKind, strategy: st.SearchStrategy[Record], data: st.DataObject) -> None:
    record = data.draw(strategy)
    wire = record.to_wire()
    assert problems(kind, wire) == []
    assert type(record).from_wire(wire) == record


@pytest.mark.parametrize("kind", list(RecordKind), ids=str)
@pytest.mark.parametrize("complete", [False, True], ids=["plain", "complete"])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_valid_wire_records_pass(kind: RecordKind, complete: bool, data: st.DataObject) -> None:
    assert problems(kind, data.draw(valid_wire_records(kind, complete=complete))) == []


# Conditional fields that even a complete record leaves out, and why.
NEVER_IN_COMPLETE = {
    # true would claim an update of a Customer CAIS already holds (22503 until 2024-02-26)
    (RecordKind.NATURAL_PERSON, "updateNotification"),
    (RecordKind.LEGAL_ENTITY, "updateNotification"),
    # a CORRECTION points at one record only
    (RecordKind.CORRECTION, "correctingFirmDesignatedID"),
    (RecordKind.CORRECTION, "correctingCustomerRecordID"),
}


@pytest.mark.parametrize("kind", list(RecordKind), ids=str)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_complete_records_carry_every_field(kind: RecordKind, data: st.DataObject) -> None:
    wire = data.draw(valid_wire_records(kind, complete=True))
    expected = {r.name for r in rules_for(kind)} - {n for k, n in NEVER_IN_COMPLETE if k is kind}
    assert expected <= set(wire)


@FAST
@given(fdid_records())
def test_fdid_records_are_internally_consistent(fdid: FdidRecord) -> None:
    check_fdid(fdid)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fdid_records(all_fields=True))
def test_complete_fdid_records_are_consistent(fdid: FdidRecord) -> None:
    check_fdid(fdid)
    assert fdid.fdid_end_reason is EndReason.REPLACED
    assert fdid.replaced_by_fdid is not None


def check_fdid(fdid: FdidRecord) -> None:
    assert fdid.firm_designated_id == normalize_fdid(fdid.firm_designated_id)
    assert fdid.firm_designated_id.upper() != "PENDING"
    assert len(fdid.firm_designated_id) <= 40
    types = [a.addr_type.value for a in fdid.address_list]
    assert types == [f"ADDRESS{i}" for i in range(1, len(types) + 1)]
    for address in fdid.address_list:
        check_address(address)

    ids = [c.customer_record_id for c in fdid.fdid_customer_list]
    assert ids
    assert len(ids) == len(set(ids))
    assert any(c.role_end_date is None and (c.role is Role.TRDHOLDER or c.has_discretion)
               for c in fdid.fdid_customer_list)
    for link in fdid.fdid_customer_list:
        authorized = link.role in (Role.AUTH3RD, Role.AUTHREP)
        assert (link.has_discretion is not None) == authorized
        assert link.role_start_date >= fdid.fdid_date
        assert (link.role_end_date is None) == (link.role_end_reason is None)
        if link.role_end_date is not None:
            assert link.role_end_date >= link.role_start_date
        if fdid.fdid_end_date is not None:
            assert link.role_start_date <= fdid.fdid_end_date
            assert link.role_end_date is None or link.role_end_date <= fdid.fdid_end_date
        if link.role_end_reason in (EndReason.INACTIVE, EndReason.TRANSFER):
            assert fdid.fdid_end_reason is link.role_end_reason
        assert link.role_end_reason is not EndReason.REPLACED

    if fdid.fdid_type is FdidType.ACCOUNT:
        assert AccountType.ENTITYID not in fdid.account_type
        assert AccountType.RELATIONSHIP not in fdid.account_type
    else:
        assert {c.role for c in fdid.fdid_customer_list} == {Role.TRDHOLDER}
        assert [t.value for t in fdid.account_type] == [fdid.fdid_type.value]
        assert fdid.auth_trader_names_list == ()
    assert len(set(fdid.account_type)) == len(fdid.account_type)
    assert AccountType.OTHER not in fdid.account_type or len(fdid.account_type) == 1
    assert bool(fdid.dvp_custodian_id) == (AccountType.DVP_RVP in fdid.account_type)

    ltid_ids = [t.large_trader_record_id for t in fdid.large_trader_list]
    ltids = [t.large_trader_id for t in fdid.large_trader_list]
    assert len(set(ltid_ids)) == len(ltid_ids)
    assert len(set(ltids)) == len(ltids)
    for trader in fdid.large_trader_list:
        assert (trader.ltid_end_date is None) == (trader.ltid_end_reason is None)
        if trader.ltid_end_date is not None:
            assert trader.ltid_end_date > trader.ltid_effective_date
            if fdid.fdid_end_date is not None:
                assert trader.ltid_end_date <= fdid.fdid_end_date
        if trader.ltid_end_reason in (EndReason.INACTIVE, EndReason.TRANSFER):
            assert fdid.fdid_end_reason is trader.ltid_end_reason
    names = [n.auth_trader_name_id for n in fdid.auth_trader_names_list]
    assert len(set(names)) == len(names)

    assert (fdid.fdid_end_date is None) == (fdid.fdid_end_reason is None)
    if fdid.fdid_end_date is not None:
        assert fdid.fdid_end_date >= fdid.fdid_date
    if fdid.fdid_end_reason is EndReason.CORRECTION:
        assert fdid.fdid_end_date == fdid.fdid_date
    assert (fdid.replaced_by_fdid is not None) == (fdid.fdid_end_reason is EndReason.REPLACED)
    assert fdid.replaced_by_fdid != fdid.firm_designated_id
    assert (fdid.prior_cat_reporter_crd is None) == (fdid.prior_cat_reporter_fdid is None)


US_POSTAL = re.compile(r"[0-9]{5}")
CA_POSTAL = re.compile(r"[A-Z][0-9][A-Z] [0-9][A-Z][0-9]")


def check_address(address: Address) -> None:
    lines = [address.addr_line1, address.addr_line2, address.addr_line3, address.addr_line4]
    present = [line is not None for line in lines]
    assert present == sorted(present, reverse=True)  # no gaps
    assert address.country_code != "US" or (
        address.region_code is not None and address.region_code.startswith("US-")
        and address.postal_code is not None and US_POSTAL.fullmatch(address.postal_code))
    assert address.country_code != "CA" or (
        address.region_code is not None and address.region_code.startswith("CA-")
        and address.postal_code is not None and CA_POSTAL.fullmatch(address.postal_code))
    military = address.region_code in MILITARY_REGIONS
    assert military == (address.city in MILITARY_CITIES)


@FAST
@given(st.sampled_from(["US", "CA", "GB", "DE", "JP", None]).flatmap(
    lambda c: addresses(country=c)))
def test_addresses_fit_their_country(address: Address) -> None:
    check_address(address)
    geography = pytest.importorskip("cais_sim.spec.geography")
    assert geography.is_country(address.country_code)
    if address.region_code is not None:
        assert geography.is_valid_region(address.country_code, address.region_code)
    assert geography.postal_code_problem(
        address.country_code, address.postal_code, address.region_code) is None


@FAST
@given(natural_person_customers(), legal_entity_customers())
def test_customer_types_are_consistent(person: NaturalPersonCustomer,
                                       entity: LegalEntityCustomer) -> None:
    for record in (person, entity):
        values = [t.value for t in record.customer_type]
        assert values
        assert len(set(values)) == len(values)
        assert "NOTAPPLICABLE" not in values or values == ["NOTAPPLICABLE"]
        for address in record.address_list:
            check_address(address)
    assert "UNPARSED" not in (person.first_name, person.last_name)
    if "TRUST" in [t.value for t in person.customer_type]:
        assert person.doing_business_as is not None
    # An entity reports its EIN exactly when it has a U.S. tax identifier.
    assert (entity.ein is None) == ("FOREIGN" in [t.value for t in entity.customer_type])


@FAST
@given(tid_records(), st.sampled_from(["ssn", "itin", "ein", "foreign"]), st.data())
def test_tid_records_are_consistent(tid: TidRecord, kind: Any, data: st.DataObject) -> None:
    for record in (tid, data.draw(tid_records(kind)), data.draw(tid_records(replaced=True))):
        check_tid(record)
    person = data.draw(tid_records(customer=RecordKind.NATURAL_PERSON))
    assert person.tid_type is not TidType.EIN
    assert person.foreign_tid_type is None or (
        "naturalPerson" in FOREIGN_TID_RECORD_KINDS[person.foreign_tid_type])
    entity = data.draw(tid_records(customer=RecordKind.LEGAL_ENTITY))
    assert entity.tid_type is not TidType.SSN_ITIN
    assert entity.foreign_tid_type is None or (
        "legalEntity" in FOREIGN_TID_RECORD_KINDS[entity.foreign_tid_type])


def check_tid(record: TidRecord) -> None:
    known_invalid = getattr(tid_module, "known_invalid_tid", None)
    for value in (record.tid_value, record.replaced_by_tid):
        if value is not None and known_invalid is not None:
            assert not known_invalid(value)
    assert (record.foreign_tid_type is not None) == (record.tid_type is TidType.FOREIGN)
    assert (record.foreign_tid_country_cd is not None) == (
        record.tid_type is TidType.FOREIGN and record.foreign_tid_type is not ForeignTidType.LEI)
    assert record.foreign_tid_country_cd != "US"
    assert (record.replaced_by_tid is None) == (record.replaced_by_tid_type is None)
    assert (record.replacing_foreign_tid_type is not None) == (
        record.replaced_by_tid_type is TidType.FOREIGN)
    assert (record.replacing_foreign_tid_country_cd is not None) == (
        record.replaced_by_tid_type is TidType.FOREIGN
        and record.replacing_foreign_tid_type is not ForeignTidType.LEI)
    assert record.replacing_foreign_tid_country_cd != "US"
    assert record.replaced_by_tid != record.tid_value


@FAST
@given(correction_actions())
def test_corrections_point_at_one_record_or_none(record: Any) -> None:
    pointers = [record.correcting_firm_designated_id, record.correcting_customer_record_id]
    expected = 1 if record.correction_action is CorrectionAction.CORRECTION else 0
    assert sum(p is not None for p in pointers) == expected


# --- Submission pairs -------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submission_pairs())
def test_pairs_link_every_customer_three_ways(pair: tuple[DataFile, TidsFile]) -> None:
    data, tids = pair
    customers = [p.customer_record_id for p in data.natural_persons]
    customers += [e.customer_record_id for e in data.legal_entities]
    assert len(customers) == len(set(customers))  # unique, and in exactly one list
    linked = {c.customer_record_id for f in data.fdid_records for c in f.fdid_customer_list}
    assert linked == set(customers)
    assert Counter(t.customer_record_id for t in tids.tid_records) == Counter(customers)

    fdids = [normalize_fdid(f.firm_designated_id) for f in data.fdid_records]
    assert len(set(fdids)) == len(fdids)
    record_ids = [f.fdid_record_id for f in data.fdid_records]
    assert len(set(record_ids)) == len(record_ids)
    assert len({t.tid_value.lower() for t in tids.tid_records}) == len(tids.tid_records)

    for fdid in data.fdid_records:
        check_fdid(fdid)
        assert problems(RecordKind.FDID, fdid.to_wire()) == []
        if fdid.replaced_by_fdid is not None:
            replacing = next(f for f in data.fdid_records
                             if f.firm_designated_id == fdid.replaced_by_fdid)
            assert replacing.fdid_end_date is None
            assert fdid.fdid_end_date is not None
            assert fdid.fdid_end_date >= replacing.fdid_date
    by_id = {t.customer_record_id: t for t in tids.tid_records}
    for tid in tids.tid_records:
        check_tid(tid)
        assert tid.replaced_by_tid is None
        assert problems(RecordKind.TID, tid.to_wire()) == []
    for person in data.natural_persons:
        tid = by_id[person.customer_record_id]
        assert tid.tid_type is not TidType.EIN
        assert tid.foreign_tid_type is not ForeignTidType.LEI
        is_foreign = "FOREIGN" in [t.value for t in person.customer_type]
        assert is_foreign == (tid.tid_type is TidType.FOREIGN)
        assert problems(RecordKind.NATURAL_PERSON, person.to_wire()) == []
    for entity in data.legal_entities:
        tid = by_id[entity.customer_record_id]
        assert tid.tid_type is not TidType.SSN_ITIN
        assert tid.foreign_tid_type not in (ForeignTidType.PASSPORT, ForeignTidType.PERMANENT,
                                            ForeignTidType.DRIVERLICENSE)
        assert (entity.ein is not None) == (tid.tid_type is TidType.EIN)
        if entity.ein is not None:
            assert tid.tid_value == tid_module.tid_for_ein(entity.ein)
        if tid.foreign_tid_type is ForeignTidType.LEI:
            assert entity.lei is not None
            assert tid.tid_value == tid_module.tid_for_foreign(entity.lei)
        assert problems(RecordKind.LEGAL_ENTITY, entity.to_wire()) == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submission_pairs(3))
def test_pairs_survive_the_file_writer_and_reader(pair: tuple[DataFile, TidsFile]) -> None:
    from cais_sim.files.typed import read_data_file, read_tids_file
    from cais_sim.files.writer import write_data_file, write_tids_file

    data, tids = pair
    with tempfile.TemporaryDirectory() as directory:
        data_path = Path(directory, "data.json.bz2")
        tids_path = Path(directory, "tids.json.bz2")
        write_data_file(data_path, data, compresslevel=1)
        write_tids_file(tids_path, tids, compresslevel=1)
        assert read_data_file(data_path) == data
        assert read_tids_file(tids_path) == tids


def test_pairs_respect_their_size_limits() -> None:
    @settings(max_examples=10, deadline=None)
    @given(submission_pairs(2, max_customers=3))
    def check(pair: tuple[DataFile, TidsFile]) -> None:
        data, tids = pair
        assert 1 <= len(data.fdid_records) <= 2
        assert 1 <= len(tids.tid_records) <= 3

    check()


# --- Violations -------------------------------------------------------------------------------


def check_violation(violation: FieldViolation) -> None:
    field_rule = rule(violation.record, violation.field)
    assert violation.code == field_rule.code
    assert violation.rule == field_rule
    if violation.kind == "missing":
        assert violation.value is MISSING
        assert violation.field not in violation.wire
        assert field_rule.presence is Presence.REQUIRED
    else:
        assert violation.value is not MISSING
        assert violation.wire[violation.field] is violation.value
        assert field_rule.check(violation.value) is not None
    # Exactly one field is broken: everything else, nested records included, still passes.
    assert problems(violation.record, violation.wire, skip=violation.field) == []


@pytest.mark.parametrize("kind", list(RecordKind), ids=str)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_violation_breaks_exactly_its_field(kind: RecordKind, data: st.DataObject) -> None:
    violation = data.draw(field_violations(kind))
    assert violation.record is kind
    check_violation(violation)


ALL_FIELDS = [(kind, r.name) for kind in RecordKind for r in rules_for(kind)]


@pytest.mark.parametrize(("kind", "name"), ALL_FIELDS, ids=[f"{k}.{n}" for k, n in ALL_FIELDS])
@FEW
@given(data=st.data())
def test_every_field_can_be_broken(kind: RecordKind, name: str, data: st.DataObject) -> None:
    violation = data.draw(field_violations(kind, field=name))
    assert (violation.record, violation.field) == (kind, name)
    check_violation(violation)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_violations())
def test_any_violation(violation: FieldViolation) -> None:
    check_violation(violation)


def test_shared_field_names_span_kinds() -> None:
    @settings(max_examples=20, deadline=None)
    @given(field_violations(field="customerRecordID"))
    def check(violation: FieldViolation) -> None:
        assert violation.record in (RecordKind.ASSOCIATION, RecordKind.NATURAL_PERSON,
                                    RecordKind.LEGAL_ENTITY, RecordKind.TID)

    check()


# --- Arguments --------------------------------------------------------------------------------


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="no field"):
        field_violations(RecordKind.TID, field="nope")


@pytest.mark.parametrize("make", [
    lambda: addresses(country="usa"),
    lambda: addresses(lines=5),
    lambda: fdid_records(customer_record_ids=[1, 1]),
    lambda: fdid_records(fdid_type=FdidType.ENTITY),
    lambda: fdid_records(firm_designated_id="PENDING"),
    lambda: fdid_records(max_customers=2001),
    lambda: fdid_records(all_fields=True, ended=False),
    lambda: fdid_customers(roles=[Role.HOLDER]),
    lambda: tid_records("ssn", customer=RecordKind.LEGAL_ENTITY),
    lambda: tid_records(customer=RecordKind.FDID),
    lambda: correction_actions(action=CorrectionAction.DELETE, target="fdid"),
    lambda: submission_pairs(0),
    lambda: large_traders(large_trader_record_id=-1),
])
def test_bad_arguments_are_refused(make: Any) -> None:
    with pytest.raises(InvalidArgument):
        make()
