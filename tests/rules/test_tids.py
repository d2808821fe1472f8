"""Record-level rules of TID Records (cais_sim.rules.tids)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cais_sim.examples import demo_pair, spec_5_1_5_example
from cais_sim.rules import Engine, Finding, RecordContext
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import LATEST
from cais_sim.spec.tid import tid_for_ein, tid_for_foreign, tid_for_ssn

DAY = dt.date(2024, 6, 3)
ENV = Environment.PRODUCTION
ENGINE = Engine(LATEST, ENV, DAY)
VALID_SSN_TID = tid_for_ssn("123-45-6788")
JUNK_SSN_TID = tid_for_ssn("111-11-1111")


def check(record: dict[str, Any]) -> list[Finding]:
    return ENGINE.check(RecordKind.TID, record,
                        RecordContext(env=ENV, day=DAY, pack=LATEST))


def codes(findings: list[Finding]) -> list[int]:
    return [f.code for f in findings]


def tid(tid_type: str = "SSN/ITIN", value: str = VALID_SSN_TID, **extra: Any) -> dict[str, Any]:
    return {"customerRecordID": 7, "tidType": tid_type, "tidValue": value, **extra}


def foreign(kind: str = "NATIONALID", country: str | None = "GB", **extra: Any
            ) -> dict[str, Any]:
    record = tid("FOREIGN", tid_for_foreign("AB123456"), foreignTIDType=kind, **extra)
    if country is not None:
        record["foreignTIDCountryCd"] = country
    return record


def test_demo_tids_are_valid() -> None:
    for record in demo_pair().tids.tid_records:
        assert codes(check(record.to_wire())) == []


@pytest.mark.triggers(24906)
def test_example_ssn_tids_are_out_of_range() -> None:
    # The specification's sample TIDs come from junk SSNs; its foreign TID is fine.
    by_kind = {r.customer_record_id: codes(check(r.to_wire()))
               for r in spec_5_1_5_example().tids.tid_records}
    assert by_kind == {1: [24906], 2: [], 4: [24906], 15: [24906]}


@pytest.mark.parametrize("kind", ["NATIONALID", "PASSPORT", "OTHGOVT"])
def test_foreign_tid_with_country_is_valid(kind: str) -> None:
    assert codes(check(foreign(kind))) == []


def test_lei_tid_has_no_country() -> None:
    assert codes(check(foreign("LEI", None))) == []


@pytest.mark.triggers(24903)
def test_foreign_tid_needs_foreign_type() -> None:
    record = foreign()
    del record["foreignTIDType"]
    assert codes(check(record)) == [24903]


@pytest.mark.triggers(24903)
def test_foreign_type_only_on_foreign_tid() -> None:
    assert codes(check(tid(foreignTIDType="NATIONALID"))) == [24903]


@pytest.mark.triggers(24904)
@pytest.mark.parametrize("record", [
    foreign(country=None),          # required for a non-LEI foreign identifier
    foreign(country="US"),          # a U.S. identifier is never FOREIGN
    foreign(country="ZZ"),          # the right shape, but no such country
    foreign("LEI", "GB"),           # an LEI names no country
    tid(foreignTIDCountryCd="GB"),  # only FOREIGN TIDs have one
], ids=["missing", "us", "unknown", "lei", "not-foreign"])
def test_foreign_country(record: dict[str, Any]) -> None:
    assert codes(check(record)) == [24904]


@pytest.mark.triggers(24904)
def test_malformed_country_is_reported_once() -> None:
    findings = check(foreign(country="gb"))
    assert codes(findings) == [24904]


@pytest.mark.triggers(24907)
def test_ein_tid_hashed_in_ssn_form() -> None:
    assert codes(check(tid("EIN", JUNK_SSN_TID))) == [24907]
    assert codes(check(tid("EIN", tid_for_ein("12-3456789")))) == []


@pytest.mark.triggers(24906)
def test_junk_ssn_in_upper_case_hex() -> None:
    assert codes(check(tid(value=JUNK_SSN_TID.upper()))) == [24906]


def replaced(new_type: str | None = "SSN/ITIN", new_value: str | None = VALID_SSN_TID,
             **extra: Any) -> dict[str, Any]:
    record = tid(value=tid_for_ssn("123-45-6787"), **extra)
    if new_type is not None:
        record["replacedByTIDType"] = new_type
    if new_value is not None:
        record["replacedByTID"] = new_value
    return record


def test_replacement_is_valid() -> None:
    assert codes(check(replaced())) == []
    assert codes(check(replaced("FOREIGN", tid_for_foreign("P1234"),
                                replacingForeignTIDType="PASSPORT",
                                replacingForeignTIDCountryCd="FR"))) == []


@pytest.mark.triggers(24908)
def test_replacement_needs_type() -> None:
    assert codes(check(replaced(None))) == [24908]


@pytest.mark.triggers(24909)
def test_foreign_replacement_needs_foreign_type() -> None:
    record = replaced("FOREIGN", tid_for_foreign("P1234"), replacingForeignTIDCountryCd="FR")
    assert codes(check(record)) == [24909]


@pytest.mark.triggers(24909)
def test_replacing_foreign_type_only_for_foreign() -> None:
    assert codes(check(replaced(replacingForeignTIDType="PASSPORT"))) == [24909]


@pytest.mark.triggers(24910)
@pytest.mark.parametrize("country", [None, "US"])
def test_replacing_country(country: str | None) -> None:
    record = replaced("FOREIGN", tid_for_foreign("P1234"), replacingForeignTIDType="PASSPORT")
    if country is not None:
        record["replacingForeignTIDCountryCd"] = country
    assert codes(check(record)) == [24910]


@pytest.mark.triggers(24910)
def test_replacing_country_only_for_foreign() -> None:
    assert codes(check(replaced(replacingForeignTIDCountryCd="FR"))) == [24910]


@pytest.mark.triggers(24911)
def test_replacement_type_needs_tid() -> None:
    assert codes(check(replaced(new_value=None))) == [24911]


@pytest.mark.triggers(24912)
def test_replacement_from_junk_ssn() -> None:
    assert codes(check(replaced(new_value=JUNK_SSN_TID))) == [24912]


@pytest.mark.triggers(24913)
def test_replacement_ein_in_ssn_form() -> None:
    assert codes(check(replaced("EIN", JUNK_SSN_TID))) == [24913]
