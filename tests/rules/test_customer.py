"""Record-level rules of Customer Records and their addresses (cais_sim.rules.customer)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from cais_sim.examples import demo_pair, spec_5_1_5_example
from cais_sim.rules import Engine, Finding, RecordContext, StoredFdid, StoredRejection
from cais_sim.spec.effective import Effective, Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import LATEST, SpecPack
from cais_sim.spec.tid import tid_for_ein, tid_for_foreign, tid_for_ssn

DAY = dt.date(2024, 6, 3)
#: Before 22503/22525 were retired (2024-02-26) and after addresses became mandatory.
UPDATE_CHECK_DAY = dt.date(2023, 9, 1)
ENV = Environment.PRODUCTION
EXAMPLE = spec_5_1_5_example()
NP = RecordKind.NATURAL_PERSON
LE = RecordKind.LEGAL_ENTITY
EIN = "12-3456789"


@dataclass
class FakeState:
    """Stored CAIS data as the rules ask for it."""

    accepted: set[str] = field(default_factory=set)
    inconsistent: set[str] = field(default_factory=set)

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        return None

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        return None

    def customer_accepted(self, tid_value: str) -> bool:
        return tid_value in self.accepted

    def open_inconsistency(self, tid_value: str) -> bool:
        return tid_value in self.inconsistent


def context(day: dt.date = DAY, pack: SpecPack = LATEST, state: FakeState | None = None,
            **tid: tuple[str, str | None, str]) -> RecordContext:
    """The example's TID data, with ``c<id>=(tidType, foreignTIDType, tidValue)`` overrides."""
    types = {t.customer_record_id: t.tid_type.value for t in EXAMPLE.tids.tid_records}
    foreign = {t.customer_record_id: t.foreign_tid_type.value
               for t in EXAMPLE.tids.tid_records if t.foreign_tid_type is not None}
    values = {t.customer_record_id: t.tid_value for t in EXAMPLE.tids.tid_records}
    for key, (tid_type, foreign_type, value) in tid.items():
        crid = int(key[1:])
        types[crid] = tid_type
        values[crid] = value
        foreign.pop(crid, None)
        if foreign_type is not None:
            foreign[crid] = foreign_type
    return RecordContext(env=ENV, day=day, pack=pack, state=state or FakeState(),
                         tid_types=types, foreign_tid_types=foreign, tid_values=values,
                         customer_ids=frozenset(types))


def person(index: int = 0) -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE.data.natural_persons[index].to_wire())


def entity() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE.data.legal_entities[0].to_wire())


def check(kind: RecordKind, record: dict[str, Any], ctx: RecordContext | None = None
          ) -> list[Finding]:
    ctx = ctx or context()
    return Engine(ctx.pack, ctx.env, ctx.day).check(kind, record, ctx)


def codes(findings: list[Finding]) -> list[int]:
    return [f.code for f in findings]


def test_example_customers_are_valid() -> None:
    for record in EXAMPLE.data.natural_persons:
        assert codes(check(NP, record.to_wire())) == []
    assert codes(check(LE, entity())) == []


def test_demo_customers_are_valid() -> None:
    pair = demo_pair()
    tids = {t.customer_record_id: t for t in pair.tids.tid_records}
    ctx = RecordContext(env=ENV, day=DAY, pack=LATEST,
                        tid_types={k: t.tid_type.value for k, t in tids.items()},
                        tid_values={k: t.tid_value for k, t in tids.items()})
    for np_record in pair.data.natural_persons:
        assert codes(check(NP, np_record.to_wire(), ctx)) == []
    for le_record in pair.data.legal_entities:
        assert codes(check(LE, le_record.to_wire(), ctx)) == []


# --- Names -------------------------------------------------------------------------------------


@pytest.mark.triggers(22507)
def test_unparsed_first_name_after_june_2023() -> None:
    record = person()
    record["firstName"] = "UNPARSED"
    assert codes(check(NP, record)) == [22507]
    assert codes(check(NP, record, context(day=dt.date(2023, 6, 12)))) == []


@pytest.mark.triggers(22508)
def test_unparsed_last_name_after_june_2023() -> None:
    record = person()
    record["lastName"] = "UNPARSED"
    assert codes(check(NP, record)) == [22508]
    assert codes(check(NP, record, context(day=dt.date(2023, 6, 12)))) == []


def test_single_name_placeholder_is_accepted() -> None:
    record = person()
    record["firstName"] = "NNVE"
    assert codes(check(NP, record)) == []


# --- Record kind against the TID ---------------------------------------------------------------


@pytest.mark.triggers(22541)
def test_entity_with_ssn_tid() -> None:
    ctx = context(c2=("SSN/ITIN", None, tid_for_ssn("123-45-6788")))
    assert codes(check(LE, entity(), ctx)) == [22541]


@pytest.mark.triggers(22542)
def test_person_with_ein_tid() -> None:
    ctx = context(c1=("EIN", None, tid_for_ein(EIN)))
    assert codes(check(NP, person(), ctx)) == [22542]


@pytest.mark.triggers(22534)
def test_person_with_lei_tid() -> None:
    ctx = context(c1=("FOREIGN", "LEI", tid_for_foreign("5493001KJTIIGC8Y1R12")))
    assert codes(check(NP, person(), ctx)) == [22534]


@pytest.mark.triggers(22535)
@pytest.mark.parametrize("foreign", ["PASSPORT", "PERMANENT", "DRIVERLICENSE"])
def test_entity_with_personal_document(foreign: str) -> None:
    ctx = context(c2=("FOREIGN", foreign, tid_for_foreign("X1234567")))
    assert codes(check(LE, entity(), ctx)) == [22535]


@pytest.mark.parametrize("foreign", ["NATIONALID", "OTHGOVT"])
def test_entity_with_shared_foreign_kinds(foreign: str) -> None:
    ctx = context(c2=("FOREIGN", foreign, tid_for_foreign("X1234567")))
    assert codes(check(LE, entity(), ctx)) == []


# --- ein and lei -----------------------------------------------------------------------------


def _ein_entity() -> dict[str, Any]:
    record = entity()
    record["ein"] = EIN
    record["customerType"] = ["NOTAPPLICABLE"]
    return record


@pytest.mark.triggers(22504)
def test_ein_tid_needs_ein() -> None:
    ctx = context(c2=("EIN", None, tid_for_ein(EIN)))
    assert codes(check(LE, entity(), ctx)) == [22504]
    assert codes(check(LE, _ein_entity(), ctx)) == []


@pytest.mark.triggers(22543)
def test_ein_only_with_ein_tid() -> None:
    assert codes(check(LE, _ein_entity())) == [22543]


def _hash_check_pack() -> SpecPack:
    return LATEST.with_effective("ein-hash-check-22544", Effective.everywhere(note="on"))


@pytest.mark.triggers(22544)
def test_ein_must_hash_to_tid_once_switched_on() -> None:
    wrong = context(pack=_hash_check_pack(), c2=("EIN", None, tid_for_ein("98-7654321")))
    assert codes(check(LE, _ein_entity(), wrong)) == [22544]
    right = context(pack=_hash_check_pack(), c2=("EIN", None, tid_for_ein(EIN).upper()))
    assert codes(check(LE, _ein_entity(), right)) == []


def test_ein_hash_not_checked_by_default() -> None:
    ctx = context(c2=("EIN", None, tid_for_ein("98-7654321")))
    assert codes(check(LE, _ein_entity(), ctx)) == []


@pytest.mark.triggers(22531)
def test_lei_tid_needs_lei() -> None:
    lei = "5493001KJTIIGC8Y1R12"
    ctx = context(c2=("FOREIGN", "LEI", tid_for_foreign(lei)))
    assert codes(check(LE, entity(), ctx)) == [22531]
    record = entity()
    record["lei"] = lei
    assert codes(check(LE, record, ctx)) == []


# --- updateNotification --------------------------------------------------------------------


@pytest.mark.triggers(22503)
@pytest.mark.parametrize(("kind", "make", "crid"), [(NP, person, 1), (LE, entity, 2)])
def test_update_flag_on_unknown_customer(kind: RecordKind, make: Any, crid: int) -> None:
    record = make()
    record["updateNotification"] = True
    assert codes(check(kind, record, context(day=UPDATE_CHECK_DAY))) == [22503]
    tid = context().tid_values[crid]
    known = context(day=UPDATE_CHECK_DAY, state=FakeState(accepted={tid}))
    assert codes(check(kind, record, known)) == []
    assert codes(check(kind, record, context())) == []  # retired 2024-02-26


@pytest.mark.triggers(22525)
@pytest.mark.parametrize(("kind", "make", "crid"), [(NP, person, 1), (LE, entity, 2)])
def test_open_inconsistency_needs_update_flag(kind: RecordKind, make: Any, crid: int) -> None:
    tid = context().tid_values[crid]
    state = FakeState(accepted={tid}, inconsistent={tid})
    record = make()
    assert codes(check(kind, record, context(day=UPDATE_CHECK_DAY, state=state))) == [22525]
    record["updateNotification"] = False
    assert codes(check(kind, record, context(day=UPDATE_CHECK_DAY, state=state))) == [22525]
    assert codes(check(kind, record, context(state=state))) == []  # retired 2024-02-26
    record["updateNotification"] = True
    assert codes(check(kind, record, context(day=UPDATE_CHECK_DAY, state=state))) == []


# --- Addresses -------------------------------------------------------------------------------


def _second_address(record: dict[str, Any], addr_type: str = "ADDRESS2") -> dict[str, Any]:
    extra = dict(record["addressList"][0], addrType=addr_type, addrLine1="9 Side Road")
    record["addressList"].append(extra)
    return record


@pytest.mark.triggers(22514, 22527)
@pytest.mark.parametrize(("kind", "make"), [(NP, person), (LE, entity)])
def test_address2_without_address1(kind: RecordKind, make: Any) -> None:
    record = make()
    record["addressList"][0]["addrType"] = "ADDRESS2"
    findings = check(kind, record)
    assert codes(findings) == [22514, 22527]
    assert findings[1].addr_type == "ADDRESS2"


@pytest.mark.triggers(22514)
def test_empty_address_list_once_addresses_are_mandatory() -> None:
    record = person()
    record["addressList"] = []
    assert codes(check(NP, record)) == [22514]
    assert codes(check(NP, record, context(day=dt.date(2023, 7, 11)))) == []


@pytest.mark.triggers(22527)
def test_customer_address_type_repeated() -> None:
    record = _second_address(person(), "ADDRESS1")
    findings = check(NP, record)
    assert codes(findings) == [22527]
    assert findings[0].addr_type == "ADDRESS1"
    record["addressList"][1]["addrType"] = "ADDRESS2"
    assert codes(check(NP, record)) == []


@pytest.mark.triggers(22517)
def test_customer_address_line_skipped() -> None:
    record = person()
    record["addressList"][0]["addrLine4"] = "Building C"
    record["addressList"][0]["addrLine2"] = "Suite 9"
    findings = check(NP, record)
    assert codes(findings) == [22517]
    assert (findings[0].addr_type, findings[0].field) == ("ADDRESS1", "addrLine4")


@pytest.mark.triggers(22519)
def test_customer_region_required_for_canada() -> None:
    record = person()
    address = record["addressList"][0]
    del address["regionCode"]
    address.update(countryCode="CA", postalCode="K1A 0B1", city="Ottawa")
    assert codes(check(NP, record)) == [22519]
    address["regionCode"] = "CA-ON"
    assert codes(check(NP, record)) == []


@pytest.mark.triggers(22521)
def test_customer_postal_code_format() -> None:
    record = entity()
    record["addressList"][0].update(countryCode="CA", regionCode="CA-BC",
                                    postalCode="12345")
    assert codes(check(LE, record)) == [22521]


@pytest.mark.triggers(22518)
def test_customer_military_region_needs_military_city() -> None:
    record = person()
    record["addressList"][0].update(regionCode="US-AP", postalCode="96201")
    assert codes(check(NP, record)) == [22518]
    record["addressList"][0]["city"] = "DPO"
    assert codes(check(NP, record)) == []


@pytest.mark.triggers(22519)
def test_customer_military_city_needs_military_region() -> None:
    record = person()
    record["addressList"][0]["city"] = "APO"
    assert codes(check(NP, record)) == [22519]
