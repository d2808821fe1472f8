"""Record-level rules of FDID Records and their nested entries (cais_sim.rules.fdid)."""

from __future__ import annotations

import copy
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
    """Stored CAIS data as the rules ask for it."""

    fdids: dict[str, StoredFdid] = field(default_factory=dict)

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        return self.fdids.get(firm_designated_id)

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        return None

    def customer_accepted(self, tid_value: str) -> bool:
        return False

    def open_inconsistency(self, tid_value: str) -> bool:
        return False


def _ended_entity(has_customers: bool = True) -> FakeState:
    return FakeState({"MyTestEntity": StoredFdid("MyTestEntity", 20180601, None, None,
                                                 has_customers)})


def context(state: FakeState | None = None) -> RecordContext:
    tids = EXAMPLE.tids.tid_records
    return RecordContext(
        env=ENV, day=DAY, pack=LATEST, state=state or _ended_entity(),
        tid_types={t.customer_record_id: t.tid_type.value for t in tids},
        tid_values={t.customer_record_id: t.tid_value for t in tids},
        customer_ids=frozenset(t.customer_record_id for t in tids))


def fdid(index: int = 0) -> dict[str, Any]:
    """A fresh copy of one of the example's FDID Records (0 ACCOUNT, 1 ENTITYID, 2 RELATIONSHIP)."""
    return copy.deepcopy(EXAMPLE.data.fdid_records[index].to_wire())


def check(record: dict[str, Any], ctx: RecordContext | None = None) -> list[Finding]:
    return ENGINE.check(RecordKind.FDID, record, ctx or context())


def codes(findings: list[Finding]) -> list[int]:
    return [f.code for f in findings]


def _end(record: dict[str, Any], date: int, reason: str) -> dict[str, Any]:
    record["fdidEndDate"] = date
    record["fdidEndReason"] = reason
    return record


@pytest.mark.parametrize("index", [0, 1, 2])
def test_example_fdids_are_valid(index: int) -> None:
    assert codes(check(fdid(index))) == []


# --- End, replacement and transfer fields ---------------------------------------------------


@pytest.mark.triggers(22008)
def test_end_reason_without_end_date() -> None:
    record = fdid()
    record["fdidEndReason"] = "ENDED"
    assert codes(check(record)) == [22008]


@pytest.mark.triggers(22008)
def test_malformed_end_date_is_reported_once() -> None:
    record = _end(fdid(), 20200230, "ENDED")
    findings = check(record)
    assert codes(findings) == [22008]
    assert findings[0].field == "fdidEndDate"


@pytest.mark.triggers(22008)
def test_correction_end_must_fall_on_open_date() -> None:
    assert codes(check(_end(fdid(), 20190102, "CORRECTION"))) == [22008]
    assert codes(check(_end(fdid(), 20190101, "CORRECTION"))) == []


@pytest.mark.triggers(22009)
def test_end_before_open() -> None:
    assert codes(check(_end(fdid(), 20181231, "ENDED"))) == [22009]
    assert codes(check(_end(fdid(), 20190101, "ENDED"))) == []


@pytest.mark.triggers(22010)
def test_end_date_without_reason() -> None:
    record = fdid()
    record["fdidEndDate"] = 20200101
    assert codes(check(record)) == [22010]


@pytest.mark.triggers(22011)
def test_replaced_needs_replacing_fdid() -> None:
    record = _end(fdid(), 20200101, "REPLACED")
    assert codes(check(record)) == [22011]
    record["replacedByFDID"] = "EZAccount124"
    assert codes(check(record)) == []


@pytest.mark.triggers(22011)
@pytest.mark.parametrize("reason", [None, "ENDED"])
def test_replacing_fdid_only_with_replaced(reason: str | None) -> None:
    record = fdid()
    if reason is not None:
        _end(record, 20200101, reason)
    record["replacedByFDID"] = "EZAccount124"
    assert codes(check(record)) == [22011]


@pytest.mark.triggers(22024)
def test_replaced_by_itself_after_trimming() -> None:
    record = _end(fdid(), 20200101, "REPLACED")
    record["replacedByFDID"] = " EZAccount123 "
    assert codes(check(record)) == [22024]


@pytest.mark.triggers(22054, 22058)
def test_mass_transfer_fields_come_together() -> None:
    record = fdid()
    record["priorCATReporterFDID"] = "OLD-1"
    assert codes(check(record)) == [22054]
    del record["priorCATReporterFDID"]
    record["priorCATReporterCRD"] = 4321
    assert codes(check(record)) == [22058]
    record["priorCATReporterFDID"] = "OLD-1"
    assert codes(check(record)) == []


# --- Account types -------------------------------------------------------------------------


@pytest.mark.triggers(22069)
@pytest.mark.parametrize("account_type", ["RELATIONSHIP", "ENTITYID"])
def test_exclusive_account_types_need_their_fdid_type(account_type: str) -> None:
    record = fdid()
    record["accountType"] = ["OPTION", account_type]
    assert codes(check(record)) == [22069]


@pytest.mark.triggers(22075)
def test_dvp_account_needs_custodian() -> None:
    record = fdid()
    record["accountType"] = ["DVP/RVP"]
    assert codes(check(record)) == [22075]


@pytest.mark.parametrize("custodian", ["FOR", "DTCRM", "00123"])
def test_dvp_custodian_placeholders_are_accepted(custodian: str) -> None:
    record = fdid()
    record["accountType"] = ["DVP/RVP"]
    record["DVPCustodianID"] = [custodian]
    assert codes(check(record)) == []


# --- Customer associations ------------------------------------------------------------------


@pytest.mark.triggers(22040)
def test_ending_unknown_fdid_needs_customers() -> None:
    assert codes(check(fdid(1), context(FakeState()))) == [22040]
    assert codes(check(fdid(1), context(_ended_entity(has_customers=False)))) == [22040]


@pytest.mark.triggers(22040)
@pytest.mark.parametrize("value", [None, []])
def test_open_fdid_needs_customers(value: list[object] | None) -> None:
    record = fdid()
    if value is None:
        del record["fdidCustomerList"]
    else:
        record["fdidCustomerList"] = value
    assert codes(check(record)) == [22040]


def _link(crid: int, role: str = "TRDHOLDER", start: int = 20190101, **extra: Any
          ) -> dict[str, Any]:
    return {"customerRecordID": crid, "role": role, "roleStartDate": start, **extra}


@pytest.mark.triggers(22042)
def test_two_active_roles_for_one_customer() -> None:
    record = fdid()
    record["fdidCustomerList"].append(_link(4, "AUTHREP", hasDiscretion=True))
    findings = check(record)
    assert codes(findings) == [22042]
    assert findings[0].customer_record_id == 4


@pytest.mark.triggers(22042)
def test_same_tid_under_another_record_id() -> None:
    ctx = context()
    ctx.tid_values = {**ctx.tid_values, 99: ctx.tid_values[4].upper()}
    record = fdid()
    record["fdidCustomerList"].append(_link(99, "NTHOLDER"))
    assert codes(check(record, ctx)) == [22042]


@pytest.mark.triggers(22042)
def test_role_handover_may_share_one_day() -> None:
    record = fdid()
    record["fdidCustomerList"][1].update(roleEndDate=20200110, roleEndReason="ENDED")
    record["fdidCustomerList"].append(_link(4, "NTHOLDER", start=20200110))
    assert codes(check(record)) == []
    record["fdidCustomerList"][-1]["roleStartDate"] = 20200109
    assert codes(check(record)) == [22042]


@pytest.mark.triggers(22071)
def test_no_customer_can_trade() -> None:
    record = fdid()
    links = record["fdidCustomerList"]
    links[0]["role"] = links[1]["role"] = "NTHOLDER"
    links[2]["hasDiscretion"] = False
    assert codes(check(record)) == [22071]
    links[2]["hasDiscretion"] = True
    assert codes(check(record)) == []


@pytest.mark.triggers(22071)
def test_ended_trader_does_not_count_on_open_fdid() -> None:
    record = fdid(2)
    record["fdidCustomerList"][0].update(roleEndDate=20200101, roleEndReason="ENDED")
    assert codes(check(record)) == [22071]


def test_roles_ended_with_the_fdid_still_count() -> None:
    record = _end(fdid(2), 20200101, "ENDED")
    record["fdidCustomerList"][0].update(roleEndDate=20200101, roleEndReason="ENDED")
    assert codes(check(record)) == []


@pytest.mark.triggers(22068)
def test_ended_fdid_keeps_a_customer_to_its_end() -> None:
    record = _end(fdid(2), 20200101, "ENDED")
    record["fdidCustomerList"][0].update(roleEndDate=20191231, roleEndReason="ENDED")
    assert codes(check(record)) == [22068]


@pytest.mark.triggers(22043)
def test_relationship_fdid_allows_only_trading_holders() -> None:
    record = fdid(2)
    record["fdidCustomerList"].append(_link(7, "AUTH3RD", start=20190301, hasDiscretion=True))
    findings = check(record)
    assert codes(findings) == [22043]
    assert findings[0].customer_record_id == 7


@pytest.mark.triggers(22045)
def test_role_end_reason_without_date() -> None:
    record = fdid()
    record["fdidCustomerList"][1]["roleEndReason"] = "ENDED"
    assert codes(check(record)) == [22045]


@pytest.mark.triggers(22047)
def test_role_end_date_without_reason() -> None:
    record = fdid()
    record["fdidCustomerList"][1]["roleEndDate"] = 20200101
    assert codes(check(record)) == [22047]


@pytest.mark.triggers(22046)
def test_role_end_before_start() -> None:
    record = fdid()
    record["fdidCustomerList"][1].update(roleEndDate=20181231, roleEndReason="ENDED")
    assert codes(check(record)) == [22046]


@pytest.mark.triggers(22061)
def test_discretion_missing_for_authorized_trader() -> None:
    record = fdid()
    del record["fdidCustomerList"][2]["hasDiscretion"]
    findings = check(record)
    assert codes(findings) == [22061]
    assert findings[0].customer_record_id == 15


@pytest.mark.triggers(22061)
def test_discretion_true_for_holder() -> None:
    record = fdid()
    record["fdidCustomerList"][0]["hasDiscretion"] = True
    assert codes(check(record)) == [22061]
    record["fdidCustomerList"][0]["hasDiscretion"] = False
    assert codes(check(record)) == []


@pytest.mark.triggers(22067)
def test_role_ends_after_fdid() -> None:
    record = _end(fdid(), 20200101, "ENDED")
    record["fdidCustomerList"][1].update(roleEndDate=20200201, roleEndReason="ENDED")
    assert codes(check(record)) == [22067]


@pytest.mark.triggers(22077)
def test_role_inactive_needs_inactive_fdid() -> None:
    record = _end(fdid(), 20200101, "ENDED")
    record["fdidCustomerList"][1].update(roleEndDate=20200101, roleEndReason="INACTIVE")
    assert codes(check(record)) == [22077]
    record["fdidEndReason"] = "INACTIVE"
    assert codes(check(record)) == []


# --- Large Trader Records and names-only traders --------------------------------------------


@pytest.mark.triggers(22006)
def test_same_ltid_twice() -> None:
    record = fdid()
    record["largeTraderList"][1]["largeTraderID"] = record["largeTraderList"][0]["largeTraderID"]
    findings = check(record)
    assert codes(findings) == [22006]
    assert findings[0].large_trader_record_id == 2


@pytest.mark.triggers(22014)
def test_same_large_trader_record_id_twice() -> None:
    record = fdid()
    record["largeTraderList"][1]["largeTraderRecordID"] = 1
    findings = check(record)
    assert codes(findings) == [22014]
    assert findings[0].large_trader_record_id == 1


@pytest.mark.triggers(22073)
def test_same_auth_trader_name_id_twice() -> None:
    record = fdid()
    record["authTraderNamesList"] = [{"authTraderNameID": 5, "authTraderName": "Ann Lee"},
                                     {"authTraderNameID": 6, "authTraderName": "Bo Chan"}]
    assert codes(check(record)) == []
    record["authTraderNamesList"][1]["authTraderNameID"] = 5
    findings = check(record)
    assert codes(findings) == [22073]
    assert findings[0].auth_trader_name_id == 5


@pytest.mark.triggers(22016)
def test_ltid_end_reason_without_date() -> None:
    record = fdid()
    record["largeTraderList"][0]["ltidEndReason"] = "ENDED"
    assert codes(check(record)) == [22016]


@pytest.mark.triggers(22017)
def test_ltid_end_date_without_reason() -> None:
    record = fdid()
    record["largeTraderList"][0]["ltidEndDate"] = 20200101
    assert codes(check(record)) == [22017]


@pytest.mark.triggers(22028)
@pytest.mark.parametrize("end", [20190101, 20181231])
def test_ltid_must_end_after_it_starts(end: int) -> None:
    record = fdid()
    record["largeTraderList"][0].update(ltidEndDate=end, ltidEndReason="ENDED")
    findings = check(record)
    assert codes(findings) == [22028]
    assert findings[0].large_trader_record_id == 1


def test_ltid_ending_the_next_day_is_valid() -> None:
    record = fdid()
    record["largeTraderList"][0].update(ltidEndDate=20190102, ltidEndReason="ENDED")
    assert codes(check(record)) == []


@pytest.mark.triggers(22076)
def test_ltid_inactive_needs_inactive_fdid() -> None:
    record = fdid()
    record["largeTraderList"][0].update(ltidEndDate=20200101, ltidEndReason="INACTIVE")
    assert codes(check(record)) == [22076]
    _end(record, 20200101, "INACTIVE")
    assert codes(check(record)) == []


# --- Addresses -------------------------------------------------------------------------------


@pytest.mark.triggers(22055, 22059)
def test_address2_without_address1() -> None:
    record = fdid()
    record["addressList"] = record["addressList"][1:]
    findings = check(record)
    assert codes(findings) == [22055, 22059]
    assert findings[1].addr_type == "ADDRESS2"


@pytest.mark.triggers(22059)
def test_address_type_repeated() -> None:
    record = fdid()
    record["addressList"][1]["addrType"] = "ADDRESS1"
    findings = check(record)
    assert codes(findings) == [22059]
    assert findings[0].addr_type == "ADDRESS1"


@pytest.mark.triggers(22059)
def test_address_types_with_a_gap() -> None:
    record = fdid(2)
    record["addressList"][1]["addrType"] = "ADDRESS4"
    findings = check(record)
    assert codes(findings) == [22059, 22059]
    assert {f.addr_type for f in findings} == {"ADDRESS3", "ADDRESS4"}


@pytest.mark.triggers(22035)
def test_address_line_skipped() -> None:
    record = fdid()
    record["addressList"][0]["addrLine3"] = "Floor 3"
    findings = check(record)
    assert codes(findings) == [22035]
    assert (findings[0].addr_type, findings[0].field) == ("ADDRESS1", "addrLine3")
    record["addressList"][0]["addrLine2"] = "Suite 9"
    assert codes(check(record)) == []


@pytest.mark.triggers(22037)
@pytest.mark.parametrize(("country", "region"), [("US", None), ("US", "US-XX"),
                                                 ("CA", "US-NY"), ("US", "NY")])
def test_region_must_fit_country(country: str, region: str | None) -> None:
    record = fdid()
    address = record["addressList"][0]
    address["countryCode"] = country
    address["postalCode"] = "10001" if country == "US" else "M5V 2T6"
    if region is None:
        del address["regionCode"]
    else:
        address["regionCode"] = region
    assert codes(check(record)) == [22037]


def test_free_text_region_elsewhere() -> None:
    record = fdid()
    record["addressList"][0].update(countryCode="FR", regionCode="Ile de France",
                                    postalCode="75001")
    assert codes(check(record)) == []


@pytest.mark.triggers(22039)
@pytest.mark.parametrize("postal", [None, "1000", "ABCDE"])
def test_us_postal_code(postal: str | None) -> None:
    record = fdid()
    address = record["addressList"][0]
    if postal is None:
        del address["postalCode"]
    else:
        address["postalCode"] = postal
    assert codes(check(record)) == [22039]


def test_exempt_territory_postal_code() -> None:
    record = fdid()
    record["addressList"][0].update(regionCode="US-PR", city="San Juan", postalCode="PR")
    assert codes(check(record)) == []


def test_military_address_is_valid() -> None:
    record = fdid()
    record["addressList"][0].update(regionCode="US-AE", city="APO", postalCode="09001")
    assert codes(check(record)) == []


@pytest.mark.triggers(22036)
def test_military_region_needs_military_city() -> None:
    record = fdid()
    record["addressList"][0].update(regionCode="US-AE", postalCode="09001")
    assert codes(check(record)) == [22036]


@pytest.mark.triggers(22037)
def test_military_city_needs_military_region() -> None:
    record = fdid()
    record["addressList"][0].update(city="FPO")
    assert codes(check(record)) == [22037]
