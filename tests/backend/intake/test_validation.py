"""Cross-record checks of a pair and the rejection cascade (digest g.9)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.simulator import Simulator, SubmissionResult
from tests.pairs import (
    account,
    data_doc,
    ein_tid,
    entity,
    foreign_tid,
    link,
    person,
    ssn,
    tids_doc,
    write_pair,
)

CRD = SUB = 7001
START = dt.datetime(2024, 1, 2, 10, 0, tzinfo=ET)
Wire = dict[str, Any]


def run(tmp_path: Path, fdids: list[Wire], naturals: list[Wire], tids: list[Wire],
        legals: list[Wire] | None = None) -> SubmissionResult:
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    data, tids_path = write_pair(tmp_path, data_doc(CRD, SUB, fdids, naturals, legals),
                                 tids_doc(tids), submitter=SUB, crd=CRD)
    return sim.submit(data, tids_path)


def rejected(result: SubmissionResult) -> list[tuple[int, str | None, tuple[int, ...]]]:
    return sorted((r.error_code, r.firm_designated_id, r.customer_record_ids)
                  for r in result.rejections)


@pytest.mark.triggers(22002)
def test_duplicate_fdid(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "ACC", [link(1)]), account(2, " ACC ", [link(2)])],
                 [person(1), person(2)], [ssn(1, "123-45-6780"), ssn(2, "234-56-7891")])
    assert rejected(result) == [(22002, "ACC", ()), (22002, "ACC", ()),
                                (22523, None, (1,)), (22523, None, (2,))]


@pytest.mark.triggers(22004)
def test_duplicate_fdid_record_id(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)]), account(1, "B", [link(2)])],
                 [person(1), person(2)], [ssn(1, "123-45-6780"), ssn(2, "234-56-7891")])
    assert [c for c, _, _ in rejected(result)] == [22004, 22004, 22523, 22523]


@pytest.mark.triggers(22041)
def test_association_to_a_missing_customer(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1), link(9)])], [person(1)],
                 [ssn(1, "123-45-6780")])
    assert rejected(result) == [(22041, "A", (9,)), (22523, None, (1,))]


@pytest.mark.triggers(22502)
def test_duplicate_customer_record_id(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)])], [person(1), person(1, "Blake")],
                 [ssn(1, "123-45-6780")])
    assert [c for c, _, _ in rejected(result)] == [22048, 22502, 22502]


@pytest.mark.triggers(22523)
def test_customer_without_fdid(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)])], [person(1), person(2)],
                 [ssn(1, "123-45-6780"), ssn(2, "234-56-7891")])
    assert rejected(result) == [(22523, None, (2,))]
    assert result.feedback["successfulFDIDRecordCount"] == 1


@pytest.mark.triggers(22526)
def test_customer_without_tid(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)])], [person(1)], [])
    assert rejected(result) == [(22048, "A", (1,)), (22526, None, (1,))]


@pytest.mark.triggers(22529, 22048)
def test_rejection_spreads_to_other_versions_and_their_fdids(tmp_path: Path) -> None:
    """Customer 1 fails on its own; Customer 2 (same TID) fails with it; both FDIDs fall,
    and FDID B's other Customer 3 falls with FDID B."""
    bad = person(1)
    bad.pop("lastName")
    result = run(tmp_path, [account(1, "A", [link(1)]), account(2, "B", [link(2), link(3)])],
                 [bad, person(2), person(3, "Casey", "Okafor", 1980)],
                 [ssn(1, "123-45-6780"), ssn(2, "123-45-6780"), ssn(3, "345-67-8912")])
    assert rejected(result) == [(22048, "A", (1,)), (22048, "B", (2,)), (22508, None, (1,)),
                                (22523, None, (3,)), (22529, None, (2,))]


@pytest.mark.triggers(22533)
def test_versions_of_one_customer_disagree(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)]), account(2, "B", [link(2)])],
                 [person(1, yob=1961), person(2, yob=1962)],
                 [ssn(1, "123-45-6780"), ssn(2, "123-45-6780")])
    assert [c for c, _, _ in rejected(result)] == [22048, 22048, 22533, 22533]


def test_foreign_customer_as_person_and_entity_in_one_file(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)]), account(2, "B", [link(2)])],
                 [person(1)], [foreign_tid(1, "AB123"), foreign_tid(2, "AB123")],
                 legals=[entity(2)])
    assert 22533 in [c for c, _, _ in rejected(result)]


@pytest.mark.triggers(22914, 24914)
def test_tid_without_data_customer_and_bad_replacement(tmp_path: Path) -> None:
    broken = ssn(1, "123-45-6780")
    broken.update({"replacedByTIDType": "SSN/ITIN", "replacedByTID": "abc"})
    result = run(tmp_path, [account(1, "A", [link(1)])], [person(1)],
                 [broken, ssn(7, "234-56-7891")])
    warnings = sorted((w["customerRecordID"][0], w["errorCode"]) for w in result.tids_warnings)
    assert (7, 24914) in warnings
    assert (1, 24911) in warnings
    assert (22914, None, (1,)) in rejected(result)
    tids_final = result.tids_feedback[-1]
    assert tids_final["submissionStatus"] == "COMPLETED"
    assert tids_final["receivedTIDsCount"] == 2
    assert tids_final["successfulTIDsCount"] == 0


@pytest.mark.triggers(24915)
def test_customer_record_id_twice_in_tids(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)])], [person(1)],
                 [ssn(1, "123-45-6780"), ssn(1, "234-56-7891")])
    assert [w["errorCode"] for w in result.tids_warnings] == [24915, 24915]
    assert (22526, None, (1,)) in rejected(result)


@pytest.mark.triggers(24916)
def test_tid_value_of_the_wrong_json_type(tmp_path: Path) -> None:
    tid = ssn(1, "123-45-6780")
    tid["tidValue"] = 12345
    result = run(tmp_path, [account(1, "A", [link(1)])], [person(1)], [tid])
    assert [w["errorCode"] for w in result.tids_warnings] == [24916]
    assert (22900, None, (1,)) in rejected(result)


def test_entity_with_ein(tmp_path: Path) -> None:
    result = run(tmp_path, [account(1, "A", [link(1)])], [],
                 [ein_tid(1, "12-3456789")], legals=[entity(1, ein="12-3456789")])
    assert result.codes == []
