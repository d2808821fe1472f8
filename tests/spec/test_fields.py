"""The field-rule table agrees with the typed records and the code catalog."""

from __future__ import annotations

import msgspec
import pytest

from cais_sim.spec import records
from cais_sim.spec.codes import catalog
from cais_sim.spec.fields import Presence, RecordKind, field_rules, rule, rules_for

RECORD_TYPES = {
    RecordKind.FDID: records.FdidRecord,
    RecordKind.LARGE_TRADER: records.LargeTrader,
    RecordKind.FDID_ADDRESS: records.Address,
    RecordKind.CUSTOMER_ADDRESS: records.Address,
    RecordKind.ASSOCIATION: records.FdidCustomer,
    RecordKind.AUTH_TRADER_NAME: records.AuthTraderName,
    RecordKind.NATURAL_PERSON: records.NaturalPersonCustomer,
    RecordKind.LEGAL_ENTITY: records.LegalEntityCustomer,
    RecordKind.CORRECTION: records.CorrectionActionRecord,
    RecordKind.TID: records.TidRecord,
}


@pytest.mark.parametrize("kind", list(RecordKind), ids=str)
def test_table_lists_every_wire_field_in_order(kind: RecordKind) -> None:
    wire_names = [f.encode_name for f in msgspec.structs.fields(RECORD_TYPES[kind])]
    assert [r.name for r in rules_for(kind)] == wire_names


def test_every_code_is_catalogued_and_active() -> None:
    cat = catalog()
    for rows in field_rules().values():
        for row in rows:
            assert row.code in cat, row
            assert cat[row.code].status.value == "active", row


@pytest.mark.parametrize(
    ("kind", "name", "value", "ok"),
    [
        (RecordKind.FDID, "firmDesignatedID", "EZAccount123", True),
        (RecordKind.FDID, "firmDesignatedID", "PENDING", False),
        (RecordKind.FDID, "firmDesignatedID", "x" * 41, False),
        (RecordKind.FDID, "fdidType", "ENTITYID", True),
        (RecordKind.FDID, "fdidType", "ENTITY", False),
        (RecordKind.FDID, "accountType", ["OPTION", "MARGIN"], True),
        (RecordKind.FDID, "accountType", ["BROKERAGE"], False),
        (RecordKind.FDID, "clearingBrokerID", ["0123"], True),
        (RecordKind.FDID, "clearingBrokerID", ["123"], False),
        (RecordKind.LARGE_TRADER, "largeTraderID", "ULT00001-0001", True),
        (RecordKind.LARGE_TRADER, "largeTraderID", "ULT0001-0001", False),
        (RecordKind.NATURAL_PERSON, "yearOfBirth", 1980, True),
        (RecordKind.NATURAL_PERSON, "yearOfBirth", "1980", False),
        (RecordKind.LEGAL_ENTITY, "ein", "12-3456789", True),
        (RecordKind.LEGAL_ENTITY, "ein", "123456789", False),
        (RecordKind.TID, "tidValue", "A" * 64, True),
        (RecordKind.TID, "tidValue", "g" * 64, False),
        (RecordKind.ASSOCIATION, "hasDiscretion", True, True),
        (RecordKind.ASSOCIATION, "hasDiscretion", "true", False),
        (RecordKind.FDID, "addressList", [{"addrType": "ADDRESS1"}], True),
        (RecordKind.FDID, "addressList", ["x"], False),
    ],
)
def test_field_checks(kind: RecordKind, name: str, value: object, ok: bool) -> None:
    assert (rule(kind, name).check(value) is None) is ok


def test_presence_and_codes_follow_the_specification() -> None:
    assert rule(RecordKind.FDID, "fdidRecordID").presence is Presence.REQUIRED
    assert rule(RecordKind.FDID, "fdidEndDate").presence is Presence.CONDITIONAL
    assert rule(RecordKind.FDID_ADDRESS, "city").code == 22036
    assert rule(RecordKind.CUSTOMER_ADDRESS, "city").code == 22518
    assert rule(RecordKind.TID, "foreignTIDCountryCd").code == 24904
    with pytest.raises(KeyError, match="no field"):
        rule(RecordKind.TID, "nope")
