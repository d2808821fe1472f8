"""Typed records: wire names, field order, omission of absent fields, strict decoding."""

from __future__ import annotations

import msgspec
import orjson
import pytest

from cais_sim.spec.enums import AddrType, EndReason, FdidType, Role, TidType
from cais_sim.spec.records import (
    Address,
    FdidCustomer,
    FdidRecord,
    LegalEntityCustomer,
    TidRecord,
)

ADDR = Address(addr_type=AddrType.ADDRESS1, addr_line1="1 Main St", city="Albany",
               region_code="US-NY", country_code="US", postal_code="12207")


def _fdid(**changes: object) -> FdidRecord:
    base = FdidRecord(fdid_record_id=1, firm_designated_id="F1", fdid_type=FdidType.ACCOUNT,
                      account_type=(), account_name="n", fdid_date=20240102,
                      address_list=(ADDR,))
    return msgspec.structs.replace(base, **changes)


def test_wire_keys_in_specification_order() -> None:
    wire = _fdid(fdid_end_date=20240105, fdid_end_reason=EndReason.ENDED,
                 dvp_custodian_id=("FOR",)).to_wire()
    assert list(wire) == ["fdidRecordID", "firmDesignatedID", "fdidType", "accountType",
                          "accountName", "DVPCustodianID", "fdidDate", "fdidEndDate",
                          "fdidEndReason", "addressList"]


def test_absent_fields_are_left_out() -> None:
    encoded = msgspec.json.encode(
        FdidCustomer(customer_record_id=3, role=Role.TRDHOLDER, role_start_date=20240102))
    assert encoded == b'{"customerRecordID":3,"role":"TRDHOLDER","roleStartDate":20240102}'


def test_explicit_false_discretion_is_kept() -> None:
    rec = FdidCustomer(customer_record_id=3, role=Role.NTHOLDER, has_discretion=False,
                       role_start_date=20240102)
    assert rec.to_wire()["hasDiscretion"] is False


def test_from_wire_round_trip_and_null_means_absent() -> None:
    rec = _fdid()
    wire = orjson.loads(msgspec.json.encode(rec))
    assert FdidRecord.from_wire(wire) == rec
    assert FdidRecord.from_wire({**wire, "fdidEndDate": None}) == rec


@pytest.mark.parametrize(
    "change",
    [{"fdidType": "NOPE"}, {"extra": 1}, {"fdidDate": "20240102"}, {"addressList": {}}],
)
def test_from_wire_is_strict(change: dict[str, object]) -> None:
    wire = {**_fdid().to_wire(), **change}
    with pytest.raises(msgspec.ValidationError):
        FdidRecord.from_wire(wire)


def test_records_are_immutable_and_hashable_by_value() -> None:
    rec = LegalEntityCustomer(customer_record_id=1, legal_name="X LLC", address_list=(ADDR,),
                              customer_type=())
    with pytest.raises(AttributeError):
        rec.legal_name = "Y"  # type: ignore[misc]
    assert rec == LegalEntityCustomer.from_wire(rec.to_wire())


def test_tid_record_wire_names() -> None:
    wire = TidRecord(customer_record_id=2, tid_type=TidType.FOREIGN,
                     foreign_tid_country_cd="GB", tid_value="a" * 64).to_wire()
    assert list(wire) == ["customerRecordID", "tidType", "foreignTIDCountryCd", "tidValue"]
