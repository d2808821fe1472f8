"""One malformed or missing value per coded field: the Engine returns the field's code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cais_sim.examples import spec_5_1_5_example
from cais_sim.rules import Engine, RecordContext
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import pack_for

DAY = dt.date(2024, 5, 1)
ENV = Environment.INDUSTRY_TEST
PACK = pack_for(ENV, DAY, "2.0.0")
MISSING = object()


def _records() -> dict[RecordKind, dict[str, Any]]:
    example = spec_5_1_5_example()
    fdid = example.data.fdid_records[0].to_wire()
    return {
        RecordKind.FDID: fdid,
        RecordKind.LARGE_TRADER: fdid["largeTraderList"][0],
        RecordKind.FDID_ADDRESS: fdid["addressList"][0],
        RecordKind.ASSOCIATION: fdid["fdidCustomerList"][0],
        RecordKind.AUTH_TRADER_NAME: {"authTraderNameID": 1, "authTraderName": "Jo Doe"},
        RecordKind.NATURAL_PERSON: example.data.natural_persons[0].to_wire(),
        RecordKind.LEGAL_ENTITY: example.data.legal_entities[0].to_wire(),
        RecordKind.CUSTOMER_ADDRESS: example.data.natural_persons[0].to_wire()["addressList"][0],
        RecordKind.CORRECTION: example.data.corrections[0].to_wire(),
        RecordKind.TID: example.tids.tid_records[0].to_wire(),
    }


K = RecordKind
CASES = [
    pytest.param(K.FDID, "firmDesignatedID", "PENDING", 22001,
                 marks=pytest.mark.triggers(22001)),
    pytest.param(K.FDID, "fdidType", "ACCT", 22005,
                 marks=pytest.mark.triggers(22005)),
    pytest.param(K.FDID, "fdidDate", 20231341, 22007,
                 marks=pytest.mark.triggers(22007)),
    pytest.param(K.FDID, "accountType", ["CHECKING"], 22049,
                 marks=pytest.mark.triggers(22049)),
    pytest.param(K.FDID, "accountName", "", 22050,
                 marks=pytest.mark.triggers(22050)),
    pytest.param(K.FDID, "branchOfficeCRD", -1, 22052,
                 marks=pytest.mark.triggers(22052)),
    pytest.param(K.FDID, "clearingBrokerID", ["TOOLONG"], 22064,
                 marks=pytest.mark.triggers(22064)),
    pytest.param(K.FDID, "registeredRepCRD", ["x"], 22065,
                 marks=pytest.mark.triggers(22065)),
    pytest.param(K.FDID, "largeTraderList", "not a list", 22034,
                 marks=pytest.mark.triggers(22034)),
    pytest.param(K.FDID, "nickname", "x", 22018,
                 marks=pytest.mark.triggers(22018)),
    pytest.param(K.LARGE_TRADER, "largeTraderID", "1234-5678", 22012,
                 marks=pytest.mark.triggers(22012)),
    pytest.param(K.LARGE_TRADER, "largeTraderRecordID", MISSING, 22013,
                 marks=pytest.mark.triggers(22013)),
    pytest.param(K.LARGE_TRADER, "ltidEffectiveDate", "2024-01-01", 22015,
                 marks=pytest.mark.triggers(22015)),
    pytest.param(K.FDID_ADDRESS, "countryCode", "USA", 22038,
                 marks=pytest.mark.triggers(22038)),
    pytest.param(K.FDID_ADDRESS, "addrLine1", MISSING, 22056,
                 marks=pytest.mark.triggers(22056)),
    pytest.param(K.FDID_ADDRESS, "addrType", "ADDRESS9", 22057,
                 marks=pytest.mark.triggers(22057)),
    pytest.param(K.FDID_ADDRESS, "addrLine2", "x" * 41, 22060,
                 marks=pytest.mark.triggers(22060)),
    pytest.param(K.ASSOCIATION, "roleStartDate", MISSING, 22044,
                 marks=pytest.mark.triggers(22044)),
    pytest.param(K.AUTH_TRADER_NAME, "authTraderNameID", "one", 22072,
                 marks=pytest.mark.triggers(22072)),
    pytest.param(K.AUTH_TRADER_NAME, "authTraderName", "", 22074,
                 marks=pytest.mark.triggers(22074)),
    pytest.param(K.NATURAL_PERSON, "customerRecordID", 0.5, 22501,
                 marks=pytest.mark.triggers(22501)),
    pytest.param(K.NATURAL_PERSON, "nameSuffix", "ESQUIRE", 22509,
                 marks=pytest.mark.triggers(22509)),
    pytest.param(K.NATURAL_PERSON, "yearOfBirth", 19610, 22510,
                 marks=pytest.mark.triggers(22510)),
    pytest.param(K.NATURAL_PERSON, "customerType", ["ROBOT"], 22524,
                 marks=pytest.mark.triggers(22524)),
    pytest.param(K.NATURAL_PERSON, "doingBusinessAs", "", 22532,
                 marks=pytest.mark.triggers(22532)),
    pytest.param(K.NATURAL_PERSON, "middleName", "x" * 201, 22540,
                 marks=pytest.mark.triggers(22540)),
    pytest.param(K.NATURAL_PERSON, "updateNotification", "yes", 22522,
                 marks=pytest.mark.triggers(22522)),
    pytest.param(K.NATURAL_PERSON, "shoeSize", 9, 22546,
                 marks=pytest.mark.triggers(22546)),
    pytest.param(K.LEGAL_ENTITY, "legalName", MISSING, 22530,
                 marks=pytest.mark.triggers(22530)),
    pytest.param(K.CUSTOMER_ADDRESS, "addrLine1", MISSING, 22515,
                 marks=pytest.mark.triggers(22515)),
    pytest.param(K.CUSTOMER_ADDRESS, "addrType", "HOME", 22516,
                 marks=pytest.mark.triggers(22516)),
    pytest.param(K.CUSTOMER_ADDRESS, "city", "", 22518,
                 marks=pytest.mark.triggers(22518)),
    pytest.param(K.CUSTOMER_ADDRESS, "countryCode", "XX1", 22520,
                 marks=pytest.mark.triggers(22520)),
    pytest.param(K.CUSTOMER_ADDRESS, "addrLine3", "x" * 41, 22528,
                 marks=pytest.mark.triggers(22528)),
    pytest.param(K.CORRECTION, "correctionAction", "UNDO", 24002,
                 marks=pytest.mark.triggers(24002)),
    pytest.param(K.CORRECTION, "comment", "x", 24006,
                 marks=pytest.mark.triggers(24006)),
    pytest.param(K.CORRECTION, "correctingCustomerRecordID", "seven", 24008,
                 marks=pytest.mark.triggers(24008)),
    pytest.param(K.TID, "customerRecordID", -4, 24901,
                 marks=pytest.mark.triggers(24901)),
    pytest.param(K.TID, "tidType", "PASSPORT", 24902,
                 marks=pytest.mark.triggers(24902)),
    pytest.param(K.TID, "tidValue", "abc", 24905,
                 marks=pytest.mark.triggers(24905)),
    pytest.param(K.TID, "hashAlgorithm", "sha256", 24917,
                 marks=pytest.mark.triggers(24917)),
]


@pytest.mark.parametrize(("kind", "field", "value", "code"), CASES)
def test_field_code(kind: RecordKind, field: str, value: object, code: int) -> None:
    records = _records()
    record = dict(records[kind])
    if value is MISSING:
        record.pop(field, None)
    else:
        record[field] = value
    ctx = RecordContext(env=ENV, day=DAY, pack=PACK)
    ctx.parent = records[RecordKind.FDID]
    codes = [f.code for f in Engine(PACK, ENV, DAY).check(kind, record, ctx)]
    assert code in codes
