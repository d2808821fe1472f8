"""The digest's worked scenarios (j.3) against the simulator, with exact feedback and state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.examples import spec_5_1_5_example
from cais_sim.files.writer import write_pair as write_records
from cais_sim.simulator import Simulator
from tests.pairs import (
    account,
    data_doc,
    ein_tid,
    entity,
    itin,
    link,
    person,
    ssn,
    tids_doc,
    write_pair,
)

CRD = 7001
SUB = 7001
START = dt.datetime(2024, 1, 2, 10, 0, tzinfo=ET)


@pytest.fixture
def sim() -> Simulator:
    simulator = Simulator(seed=1, clock=SimulatedClock(START))
    simulator.add_firm(CRD, "Self Reporting Firm", submitter_id=SUB)
    return simulator


def submit(sim: Simulator, tmp_path: Path, fdids: list[dict[str, object]],
           naturals: list[dict[str, object]], tids: list[dict[str, object]], *, number: int,
           legals: list[dict[str, object]] | None = None,
           corrections: list[dict[str, object]] | None = None,
           date: str = "20240102", at: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    folder = tmp_path / f"s{number}"
    folder.mkdir()
    data, tids_path = write_pair(folder, data_doc(CRD, SUB, fdids, naturals, legals, corrections),
                                 tids_doc(tids), submitter=SUB, crd=CRD, number=number,
                                 date=date)
    return sim.submit(data, tids_path, at=at)


def test_valid_pair_is_accepted_and_stored(sim: Simulator, tmp_path: Path) -> None:
    result = submit(sim, tmp_path, [account(1, "ACC1", [link(1)])], [person(1)],
                    [ssn(1, "123-45-6780")], number=1)
    assert result.status == "COMPLETED_WITHOUT_REJECTIONS"
    assert result.codes == []
    assert [d["submissionStatus"] for d in result.data_feedback] == [
        "FILE_ACKNOWLEDGED", "FILE_INTEGRITY_PASSED", "RECORD_SCAN_COMPLETED",
        "COMPLETED_WITHOUT_REJECTIONS"]
    final = result.feedback
    assert final["receivedFDIDRecordCount"] == final["successfulFDIDRecordCount"] == 1
    assert final["receivedNaturalRecordCount"] == final["successfulNaturalRecordCount"] == 1
    assert "rejectionItems" not in final  # listed only with rejections [S1 T20]
    assert final["failedCorrectionItems"] == []
    stored = sim.fdid(CRD, "ACC1")
    assert stored is not None
    assert [a["role"] for a in stored["associations"]] == ["TRDHOLDER"]
    assert len(sim.customers(CRD)) == 1


@pytest.mark.triggers(24906, 22900, 22048, 22040, 24001)
def test_item1_spec_example(tmp_path: Path) -> None:
    """j.3 item 1: the §5.1.5 sample through an agent for a clearing firm."""
    example = spec_5_1_5_example()
    sim = Simulator(seed=1, clock=SimulatedClock(dt.datetime(2020, 1, 2, 9, 0, tzinfo=ET)))
    sim.add_firm(123456, "Clearing Firm")
    sim.add_relationship(99999, 123456)
    # The example predates Full CAIS (2020), so replay it on a Full CAIS day.
    data_path, tids_path = write_records(tmp_path, example.data_name, example.data,
                                         example.tids)
    result = sim.submit(data_path, tids_path,
                        at=dt.datetime(2023, 9, 5, 9, 0, tzinfo=ET))
    assert result.status == "COMPLETED_WITH_REJECTIONS"
    by_code = {}
    for rejection in result.rejections:
        by_code.setdefault(rejection.error_code, []).append(rejection)
    # Every SSN TID of the sample comes from a junk SSN (999-99-9999, 111-11-1111 and
    # 000-00-0000 for Customers 1, 4 and 15), as the specification warns.
    assert [(w["customerRecordID"], w["errorCode"]) for w in result.tids_warnings] == [
        ([1], 24906), ([4], 24906), ([15], 24906)]
    assert sorted(r.customer_record_ids for r in by_code[22900]) == [(1,), (4,), (15,)]
    assert [(r.firm_designated_id, r.customer_record_ids) for r in by_code[22048]] == [
        ("EZAccount123", (1, 4, 15))]
    assert 22523 not in by_code
    # MyTestEntity is ended without Customers but was never accepted before.
    assert [r.firm_designated_id for r in by_code[22040]] == ["MyTestEntity"]
    # Both corrections name rejections this environment never raised.
    assert [c["warningCode"] for c in result.failed_corrections] == [24001, 24001]
    assert result.feedback["successfulFDIDRecordCount"] == 1
    assert sim.fdid(123456, "InternalRel") is not None
    assert sim.fdid(123456, "EZAccount123") is None


def test_item2_implicit_ending_scope(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 2: only associations of FDIDs present in a file end implicitly [S1 §3.6]."""
    first = submit(sim, tmp_path, [account(1, "A", [link(1)]), account(2, "B", [link(1), link(2)])],
                   [person(1), person(2, "Blake", "Rivera", 1975)],
                   [ssn(1, "123-45-6780"), ssn(2, "234-56-7891")], number=1)
    assert first.codes == []
    later = dt.datetime(2024, 1, 3, 10, 0, tzinfo=ET)
    second = submit(sim, tmp_path, [account(2, "B", [link(2)])],
                    [person(2, "Blake", "Rivera", 1975)], [ssn(2, "234-56-7891")], number=2,
                    date="20240103", at=later)
    assert second.codes == []
    b = sim.fdid(CRD, "B")
    a = sim.fdid(CRD, "A")
    assert b is not None
    assert a is not None
    ends = {x["customerRecordID"]: (x["roleEndDate"], x["roleEndReason"])
            for x in b["associations"]}
    assert ends == {1: (20240103, "ENDED"), 2: (None, None)}
    assert [(x["roleEndDate"], x["roleEndReason"]) for x in a["associations"]] == [(None, None)]


def test_item4_mass_transfer_fields_are_stored(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 4: the transferor ends with TRANSFER; the acquirer names the prior FDID."""
    sim.add_firm(8002, "Acquirer", submitter_id=8002)
    submit(sim, tmp_path, [account(1, "OLD1", [link(1)])], [person(1)], [ssn(1, "123-45-6780")],
           number=1)
    # The transferor ends the FDID and leaves its Customers out: their roles end with the
    # FDID's date and reason [S1 §5.1.3.1 r21].
    ended = submit(sim, tmp_path, [account(1, "OLD1", [], fdidEndDate=20240102,
                                           fdidEndReason="TRANSFER", fdidCustomerList=None)],
                   [], [], number=2)
    assert ended.codes == []
    folder = tmp_path / "acq"
    folder.mkdir()
    data, tids = write_pair(folder, data_doc(8002, 8002, [account(
        1, "NEW1", [link(1)], priorCATReporterCRD=CRD, priorCATReporterFDID="OLD1")],
        [person(1)]), tids_doc([ssn(1, "123-45-6780")]), submitter=8002, crd=8002)
    acquired = sim.submit(data, tids)
    assert acquired.codes == []
    old = sim.fdid(CRD, "OLD1")
    new = sim.fdid(8002, "NEW1")
    assert old is not None
    assert new is not None
    assert old["state"]["fdidEndReason"] == "TRANSFER"
    assert [x["roleEndReason"] for x in old["associations"]] == ["TRANSFER"]
    assert new["state"]["priorCATReporterFDID"] == "OLD1"


@pytest.mark.triggers(23004, 23005)
def test_item5_fdid_replacement(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 5: replacedByFDID must be known (23004) and not start after the end (23005)."""
    submit(sim, tmp_path, [account(1, "OLD", [link(1)])], [person(1)], [ssn(1, "123-45-6780")],
           number=1)
    unknown = submit(sim, tmp_path, [account(1, "OLD", [link(1)], fdidEndDate=20240102,
                                             fdidEndReason="REPLACED", replacedByFDID="NEW")],
                     [person(1)], [ssn(1, "123-45-6780")], number=2)
    assert [r.error_code for r in unknown.rejections] == [23004, 22523]
    early = submit(sim, tmp_path, [
        account(1, "OLD", [link(1)], fdidEndDate=20240102, fdidEndReason="REPLACED",
                replacedByFDID="NEW"),
        account(2, "NEW", [link(1)], opened=20240105)], [person(1)], [ssn(1, "123-45-6780")],
        number=3)
    assert sorted(r.error_code for r in early.rejections) == [22048, 22523, 23005]
    assert sim.fdid(CRD, "NEW") is None  # FDID 2 shares Customer 1, which was rejected
    good = submit(sim, tmp_path, [
        account(1, "OLD", [link(1)], fdidEndDate=20240102, fdidEndReason="REPLACED",
                replacedByFDID="NEW"),
        account(2, "NEW", [link(1)], opened=20240102)], [person(1)], [ssn(1, "123-45-6780")],
        number=4)
    assert good.codes == []
    old = sim.fdid(CRD, "OLD")
    assert old is not None
    assert old["state"]["replacedByFDID"] == "NEW"
    # Ordinary repair closed the earlier rejections of OLD.
    assert {r["status"] for r in sim.rejections(CRD) if r["firmDesignatedID"] == "OLD"} == {
        "repaired"}


def test_item6_inactive_and_reactivation(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 6: INACTIVE ends roles and LTIDs; resubmitting without an end reactivates."""
    trader = {"largeTraderRecordID": 1, "largeTraderID": "12345678-1234",
              "ltidEffectiveDate": 20240102}
    submit(sim, tmp_path, [account(1, "ACC", [link(1)], largeTraderList=[trader])],
           [person(1)], [ssn(1, "123-45-6780")], number=1)
    inactive = submit(sim, tmp_path, [account(1, "ACC", [], fdidEndDate=20240102,
                                              fdidEndReason="INACTIVE", fdidCustomerList=None)],
                      [], [], number=2)
    assert inactive.codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert [(x["roleEndDate"], x["roleEndReason"]) for x in stored["associations"]] == [
        (20240102, "INACTIVE")]
    assert [(x["ltidEndDate"], x["ltidEndReason"]) for x in stored["largeTraders"]] == [
        (20240102, "INACTIVE")]
    back = submit(sim, tmp_path, [account(1, "ACC", [link(1, start=20240103)])], [person(1)],
                  [ssn(1, "123-45-6780")], number=3)
    assert back.codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert "fdidEndDate" not in stored["state"]
    assert [(x["roleStartDate"], x["roleEndReason"]) for x in stored["associations"]] == [
        (20240102, "INACTIVE"), (20240103, None)]


def test_item7_reopened_account(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 7: a closed account reopens with a new fdidDate."""
    submit(sim, tmp_path, [account(1, "ACC", [link(1)], fdidEndDate=20240102,
                                   fdidEndReason="ENDED")], [person(1)],
           [ssn(1, "123-45-6780")], number=1)
    reopened = submit(sim, tmp_path, [account(1, "ACC", [link(1, start=20240103)],
                                              opened=20240103)],
                      [person(1)], [ssn(1, "123-45-6780")], number=2)
    assert reopened.codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert stored["state"]["fdidDate"] == 20240103


def test_item10_address_history(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 10: addresses sent in sequence; earlier ones stay as history."""
    for number, city in enumerate(("Annapolis", "Richmond", "Washington"), start=1):
        region, postal = {"Annapolis": ("US-MD", "21401"), "Richmond": ("US-VA", "23219"),
                          "Washington": ("US-DC", "20001")}[city]
        address = {"addrType": "ADDRESS1", "addrLine1": f"{number} Main St", "city": city,
                   "regionCode": region, "countryCode": "US", "postalCode": postal}
        result = submit(sim, tmp_path, [account(1, "ACC", [link(1)], addressList=[address])],
                        [person(1)], [ssn(1, "123-45-6780")], number=number)
        assert result.codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert [(a["address"]["city"], a["current"]) for a in stored["addresses"]] == [
        ("Annapolis", False), ("Richmond", False), ("Washington", True)]


@pytest.mark.triggers(22501, 24007, 24009)
def test_item11_correction_list_repair(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 11: 22526 is repaired only through correctionList."""
    missing_tid = submit(sim, tmp_path, [account(1, "ACC", [link(1)])], [person(1)], [],
                         number=1)
    assert sorted(r.error_code for r in missing_tid.rejections) == [22048, 22526]
    rid = next(r.rejection_id for r in missing_tid.rejections if r.error_code == 22526)
    # A plain resubmission of the Customer does not repair 22526 ...
    resubmitted = submit(sim, tmp_path, [account(1, "ACC", [link(2)])],
                         [person(2)], [ssn(2, "123-45-6780")], number=2)
    assert resubmitted.codes == []
    assert next(r for r in sim.rejections(CRD) if r["rejectionID"] == rid)["status"] == "open"
    # ... a correction naming a customerRecordID that is not in the file is refused ...
    refused = submit(sim, tmp_path, [account(1, "ACC", [link(3)])], [person(3)],
                     [ssn(3, "123-45-6780")], number=3,
                     corrections=[{"rejectionID": rid, "correctionAction": "CORRECTION",
                                   "correctingCustomerRecordID": 99}])
    assert [c["warningCode"] for c in refused.failed_corrections] == [24007]
    # ... and one pointing at the corrected record, accepted in the same file, repairs it.
    repaired = submit(sim, tmp_path, [account(1, "ACC", [link(4)])], [person(4)],
                      [ssn(4, "123-45-6780")], number=4,
                      corrections=[{"rejectionID": rid, "correctionAction": "CORRECTION",
                                    "correctingCustomerRecordID": 4}])
    assert repaired.failed_corrections == ()
    assert repaired.feedback["successfulCorrectionActionCount"] == 1
    assert next(r for r in sim.rejections(CRD) if r["rejectionID"] == rid)["status"] == "repaired"
    again = submit(sim, tmp_path, [account(1, "ACC", [link(5)])], [person(5)],
                   [ssn(5, "123-45-6780")], number=5,
                   corrections=[{"rejectionID": rid, "correctionAction": "DELETE"}])
    assert [c["warningCode"] for c in again.failed_corrections] == [24009]


def test_item11_delete(sim: Simulator, tmp_path: Path) -> None:
    """A rejection nobody can repair is removed with DELETE [S1 §5.1.3.2 r16]."""
    first = submit(sim, tmp_path, [account(1, "ACC", [link(1)])], [person(1)], [], number=1)
    rid = next(r.rejection_id for r in first.rejections if r.error_code == 22526)
    deleted = submit(sim, tmp_path, [], [], [], number=2,
                     corrections=[{"rejectionID": rid, "correctionAction": "DELETE"}])
    assert deleted.codes == []
    assert next(r for r in sim.rejections(CRD) if r["rejectionID"] == rid)["status"] == "deleted"


@pytest.mark.triggers(22009)
def test_item12_ordinary_repair_keeps_the_first_deadline(sim: Simulator,
                                                        tmp_path: Path) -> None:
    """j.3 item 12: a repeat failure closes the old rejection; the new one keeps its deadline."""
    bad = account(1, "ACC", [link(1)], fdidEndDate=20231231, fdidEndReason="ENDED")
    first = submit(sim, tmp_path, [bad], [person(1)], [ssn(1, "123-45-6780")], number=1)
    assert 22009 in first.codes
    first_deadline = {r["deadline"] for r in sim.rejections(CRD) if r["errorCode"] == 22009}
    # Tue 2024-01-02 → T+3 = Fri 2024-01-05 17:00 ET.
    assert first_deadline == {"2024-01-05T22:00:00.000000+00:00"}
    later = dt.datetime(2024, 1, 4, 11, 0, tzinfo=ET)
    second = submit(sim, tmp_path, [bad], [person(1)], [ssn(1, "123-45-6780")], number=2,
                    date="20240104", at=later)
    assert 22009 in second.codes
    rows = [r for r in sim.rejections(CRD) if r["errorCode"] == 22009]
    assert [r["status"] for r in rows] == ["repaired", "open"]
    assert {r["deadline"] for r in rows} == first_deadline
    # Repaired after the deadline: counted late.
    late = dt.datetime(2024, 1, 8, 9, 0, tzinfo=ET)
    fixed = submit(sim, tmp_path, [account(1, "ACC", [link(1)])], [person(1)],
                   [ssn(1, "123-45-6780")], number=3, date="20240108", at=late)
    assert fixed.codes == []
    rows = [r for r in sim.rejections(CRD) if r["errorCode"] == 22009]
    assert [(r["status"], r["late"]) for r in rows] == [("repaired", False), ("repaired", True)]


@pytest.mark.triggers(21007, 21514, 21001, 21501)
def test_item13_integrity_error_then_resend(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 13: fix a file with an integrity error under the same name; a name already
    accepted is a duplicate."""
    doc = data_doc(CRD, SUB, [account(1, "ACC", [link(1)])], [person(1)])
    doc["fdidRecordCount"] = 2
    folder = tmp_path / "bad"
    folder.mkdir()
    data, tids = write_pair(folder, doc, tids_doc([ssn(1, "123-45-6780")]), submitter=SUB,
                            crd=CRD)
    failed = sim.submit(data, tids)
    assert failed.status == "COMPLETED_INTEGRITY_ERROR"
    assert [c for c, _ in failed.integrity_errors] == [21007]
    assert [c for c, _ in failed.tids_integrity_errors] == [21514]
    assert failed.feedback["rejectionItems"][0]["errorCode"] == 21007
    assert sim.fdid(CRD, "ACC") is None
    fixed = submit(sim, tmp_path, [account(1, "ACC", [link(1)])], [person(1)],
                   [ssn(1, "123-45-6780")], number=1)
    assert fixed.status == "COMPLETED_WITHOUT_REJECTIONS"
    names = [name for name, _ in sim.feedback(fixed.submission_id)]
    assert names[0] == "7001_7001_20240102_CAIS_000001_1.v1.feedback.json.bz2"
    again = sim.submit(tmp_path / "s1" / "7001_7001_20240102_CAIS_000001.json.bz2",
                       tmp_path / "s1" / "7001_7001_20240102_TIDS_000001.json.bz2")
    assert again.status == "COMPLETED_INTEGRITY_ERROR"
    assert [c for c, _ in again.integrity_errors] == [21001]
    assert [c for c, _ in again.tids_integrity_errors] == [21501]


def test_item3_tid_replacement(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 3 (case 1): ITIN replaced by SSN; old role ends REPLACED, new keeps its start."""
    submit(sim, tmp_path, [account(1, "ACC", [link(1, start=20230301)])], [person(1)],
           [itin(1, "912-70-1234")], number=1)
    old_tid = itin(1, "912-70-1234")
    new_tid = ssn(2, "123-45-6780")
    old_tid.update({"replacedByTIDType": "SSN/ITIN", "replacedByTID": new_tid["tidValue"]})
    replaced = submit(sim, tmp_path, [account(1, "ACC", [
        link(1, start=20230301, roleEndDate=20240102, roleEndReason="REPLACED"),
        link(2, start=20230301)])], [person(1), person(2)], [old_tid, new_tid], number=2)
    assert replaced.codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert [(a["customerRecordID"], a["roleStartDate"], a["roleEndReason"])
            for a in stored["associations"]] == [(1, 20230301, "REPLACED"), (2, 20230301, None)]
    assert len(sim.customers(CRD)) == 2


@pytest.mark.triggers(21014)
def test_unpaired_file_times_out(sim: Simulator, tmp_path: Path) -> None:
    """A file whose partner does not arrive within 60 minutes ends COMPLETED_FILE_TIMEOUT."""
    folder = tmp_path / "up"
    folder.mkdir()
    data, tids = write_pair(folder, data_doc(CRD, SUB, [account(1, "ACC", [link(1)])],
                                             [person(1)]),
                            tids_doc([ssn(1, "123-45-6780")]), submitter=SUB, crd=CRD)
    assert sim.upload(data) is None
    sim.advance(START + dt.timedelta(minutes=59))
    paired = sim.upload(tids, at=START + dt.timedelta(minutes=59))
    assert paired is not None
    assert paired.status == "COMPLETED_WITHOUT_REJECTIONS"
    data2, _ = write_pair(folder, data_doc(CRD, SUB, []), tids_doc([]), submitter=SUB,
                          crd=CRD, number=2)
    assert sim.upload(data2, at=START + dt.timedelta(minutes=70)) is None
    sim.advance(START + dt.timedelta(minutes=131))
    rows = sim.store.conn.execute(
        "SELECT submission_id, status FROM submissions WHERE data_name LIKE '%000002%'"
    ).fetchall()
    assert [status for _, status in rows] == ["COMPLETED_FILE_TIMEOUT"]
    docs = sim.feedback(rows[0][0])
    assert [(name.split(".")[1], doc["submissionStatus"]) for name, doc in docs] == [
        ("v1", "FILE_ACKNOWLEDGED"), ("v3", "COMPLETED_FILE_TIMEOUT")]
    assert docs[-1][1]["rejectionItems"][0]["errorCode"] == 21014


def _ltid_file(tmp_path: Path, fdids: list[dict[str, object]], number: int) -> Path:
    folder = tmp_path / f"ltid{number}"
    folder.mkdir()
    doc = {"version": "1.0.0", "catReporterCRD": CRD, "catSubmitterID": SUB,
           "fdidRecordCount": len(fdids), "fdidRecordList": fdids}
    from tests.pairs import write

    return write(folder, f"{SUB}_{CRD}_20210301_CAIS_{number:06d}.json.bz2", doc)


LTID_DAY = dt.datetime(2021, 3, 1, 10, 0, tzinfo=ET)


@pytest.mark.triggers(22006)
def test_ltid_phase_scenarios(tmp_path: Path) -> None:
    """j.1 (LTID phase): accounts with one, two or no LTIDs, a relationship with a ULTID;
    a Data File alone, no Customers, and LTID-phase feedback."""
    sim = Simulator(seed=2, clock=SimulatedClock(LTID_DAY))
    sim.add_firm(CRD, submitter_id=SUB)

    def fdid(rid: int, value: str, traders: list[str], kind: str = "ACCOUNT") -> dict[str, object]:
        record: dict[str, object] = {"fdidRecordID": rid, "firmDesignatedID": value,
                                     "fdidType": kind, "fdidDate": 20210104}
        if traders:
            record["largeTraderList"] = [
                {"largeTraderRecordID": i, "largeTraderID": t, "ltidEffectiveDate": 20210104}
                for i, t in enumerate(traders, start=1)]
        return record

    result = sim.submit(_ltid_file(tmp_path, [
        fdid(1, "ONE", ["12345678-0001"]),
        fdid(2, "TWO", ["12345678-0001", "87654321-0002"]),
        fdid(3, "REL", ["ULTAB12C-0001"], "RELATIONSHIP"),
        fdid(4, "NONE", []),
        fdid(5, "DUP", ["12345678-0001", "12345678-0001"]),
    ], 1))
    assert result.tids_name == ""
    assert result.tids_feedback == ()
    assert [(r.error_code, r.firm_designated_id) for r in result.rejections] == [(22006, "DUP")]
    final = result.feedback
    assert final["receivedFDIDRecordCount"] == 5
    assert final["successfulFDIDRecordCount"] == 4
    assert "receivedNaturalRecordCount" not in final
    stored = sim.fdid(CRD, "TWO")
    assert stored is not None
    assert len(stored["largeTraders"]) == 2


def test_ltid_phase_updates_keep_omitted_fields(tmp_path: Path) -> None:
    """j.1 §3.1: in the LTID phase an omitted field is kept; a …NULL flag clears it."""
    sim = Simulator(seed=2, clock=SimulatedClock(LTID_DAY))
    sim.add_firm(CRD, submitter_id=SUB)
    first = {"fdidRecordID": 1, "firmDesignatedID": "ACC", "fdidType": "ACCOUNT",
             "fdidDate": 20210104, "fdidEndDate": 20210201, "fdidEndReason": "ENDED",
             "largeTraderList": [{"largeTraderRecordID": 1, "largeTraderID": "12345678-0001",
                                  "ltidEffectiveDate": 20210104}]}
    assert sim.submit(_ltid_file(tmp_path, [first], 1)).codes == []
    update = {"fdidRecordID": 1, "firmDesignatedID": "ACC", "fdidType": "ACCOUNT",
              "fdidDate": 20210104}
    assert sim.submit(_ltid_file(tmp_path, [update], 2)).codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert stored["state"]["fdidEndReason"] == "ENDED"
    assert [t["ltidEndDate"] for t in stored["largeTraders"]] == [None]
    cleared = {**update, "fdidEndDateNULL": True, "fdidEndReasonNULL": True}
    assert sim.submit(_ltid_file(tmp_path, [cleared], 3)).codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert "fdidEndDate" not in stored["state"]
    assert "fdidEndReason" not in stored["state"]


def test_full_cais_file_without_tids_times_out_at_integrity(tmp_path: Path) -> None:
    folder = tmp_path / "lone"
    folder.mkdir()
    data, _ = write_pair(folder, data_doc(CRD, SUB, [account(1, "ACC", [link(1)])],
                                          [person(1)]), tids_doc([]), submitter=SUB, crd=CRD)
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    result = sim.submit(data)
    assert [c for c, _ in result.integrity_errors] == [21014]


def _open_mis(sim: Simulator) -> list[tuple[int, int]]:
    from cais_sim.backend.reports.inconsistencies import open_inconsistencies
    from cais_sim.spec.effective import Environment

    return sorted((m.crd, m.code)
                  for m in open_inconsistencies(sim.store, Environment.INDUSTRY_TEST))


@pytest.mark.triggers(30002, 40002)
def test_item8_material_inconsistencies(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 8: 1980 then 1908 at one firm → 30002; firm A 1980 and firm B 1970 → 40002."""
    submit(sim, tmp_path, [account(1, "A1", [link(1)])], [person(1, yob=1980)],
           [ssn(1, "123-45-6780")], number=1, at=dt.datetime(2024, 1, 2, 7, 0, tzinfo=ET))
    submit(sim, tmp_path, [account(2, "A2", [link(2)])], [person(2, yob=1908)],
           [ssn(2, "123-45-6780")], number=2, at=dt.datetime(2024, 1, 2, 7, 30, tzinfo=ET))
    sim.advance(dt.datetime(2024, 1, 2, 17, 30, tzinfo=ET))
    assert _open_mis(sim) == [(CRD, 30002)]
    # The deadline: 17:00 ET on the third CAT Trading Day counting the day found.
    row = sim.store.conn.execute("SELECT deadline FROM inconsistencies").fetchone()
    assert row[0].startswith("2024-01-04T22:00")

    other = Simulator(seed=1, clock=SimulatedClock(START))
    other.add_firm(7001, submitter_id=7001)
    other.add_firm(8002, submitter_id=8002)
    folder = tmp_path / "firm-a"
    folder.mkdir()
    early = dt.datetime(2024, 1, 3, 7, 0, tzinfo=ET)
    data, tids = write_pair(folder, data_doc(7001, 7001, [account(1, "A", [link(1)])],
                                             [person(1, yob=1980)]),
                            tids_doc([ssn(1, "234-56-7891")]), submitter=7001, crd=7001,
                            date="20240103")
    other.submit(data, tids, at=early)
    folder = tmp_path / "firm-b"
    folder.mkdir()
    data, tids = write_pair(folder, data_doc(8002, 8002, [account(1, "B", [link(1)])],
                                             [person(1, yob=1970)]),
                            tids_doc([ssn(1, "234-56-7891")]), submitter=8002, crd=8002,
                            date="20240103")
    other.submit(data, tids, at=early)
    other.advance(dt.datetime(2024, 1, 3, 17, 30, tzinfo=ET))
    assert _open_mis(other) == [(7001, 40002), (8002, 40002)]


def test_item9_proactive_update_avoids_the_inconsistency(sim: Simulator, tmp_path: Path) -> None:
    """j.3 item 9: a yearOfBirth correction sent with updateNotification true raises no MI."""
    submit(sim, tmp_path, [account(1, "A1", [link(1)])], [person(1, yob=1980)],
           [ssn(1, "123-45-6780")], number=1, at=dt.datetime(2024, 1, 2, 7, 0, tzinfo=ET))
    submit(sim, tmp_path, [account(1, "A1", [link(1)])],
           [person(1, yob=1981, updateNotification=True)], [ssn(1, "123-45-6780")], number=2,
           at=dt.datetime(2024, 1, 2, 7, 30, tzinfo=ET))
    sim.advance(dt.datetime(2024, 1, 2, 17, 30, tzinfo=ET))
    assert _open_mis(sim) == []
    assert [c["versions"] for c in sim.customers(CRD)] == [2]


@pytest.mark.triggers(22042)
def test_item14_disregarded_entity_sharing_its_parents_ein(sim: Simulator,
                                                           tmp_path: Path) -> None:
    """j.3 item 14: parent and disregarded entity with one EIN on one FDID: report one."""
    ein = "12-3456789"
    both = submit(sim, tmp_path, [account(1, "LLC", [link(1), link(2)])], [],
                  [ein_tid(1, ein), ein_tid(2, ein)], number=1,
                  legals=[entity(1, "Parent Holdings Inc", ein=ein),
                          entity(2, "Parent Holdings Sub LLC", ein=ein)])
    assert 22042 in both.codes
    assert sim.fdid(CRD, "LLC") is None
    one = submit(sim, tmp_path, [account(1, "LLC", [link(2)])], [], [ein_tid(2, ein)],
                 number=2, legals=[entity(2, "Parent Holdings Sub LLC", ein=ein)])
    assert one.codes == []


@pytest.mark.parametrize(("reason", "end"), [("CORRECTION", 20230301), ("OTHER", 20240102)])
def test_item3_tid_corrected_or_unknown_change(sim: Simulator, tmp_path: Path, reason: str,
                                               end: int) -> None:
    """j.3 item 3, cases 2 and 3: no replacedByTID; the old role ends CORRECTION on its
    start day, or OTHER on the day of the change; the new Customer keeps the start."""
    submit(sim, tmp_path, [account(1, "ACC", [link(1, start=20230301)])], [person(1)],
           [ssn(1, "123-45-6780")], number=1)
    changed = submit(sim, tmp_path, [account(1, "ACC", [
        link(1, start=20230301, roleEndDate=end, roleEndReason=reason),
        link(2, start=20230301)])], [person(1), person(2)],
        [ssn(1, "123-45-6780"), ssn(2, "234-56-7891")], number=2)
    assert changed.codes == []
    stored = sim.fdid(CRD, "ACC")
    assert stored is not None
    assert [(a["customerRecordID"], a["roleEndDate"], a["roleEndReason"])
            for a in stored["associations"]] == [(1, end, reason), (2, None, None)]


@pytest.mark.triggers(30004)
@pytest.mark.parametrize(("second_country", "expected"), [("GB", [(CRD, 30004)]), ("FR", [])])
def test_foreign_customer_as_person_then_entity(sim: Simulator, tmp_path: Path,
                                                second_country: str,
                                                expected: list[tuple[int, int]]) -> None:
    """A NATIONALID of one country sent as a Natural Person, then as a Legal Entity → 30004;
    the same number from another country is another Customer [S1 §6.4.1]."""
    from tests.pairs import foreign_tid

    submit(sim, tmp_path, [account(1, "P", [link(1)])], [person(1)],
           [foreign_tid(1, "AB123456", country="GB")], number=1,
           at=dt.datetime(2024, 1, 2, 7, 0, tzinfo=ET))
    submit(sim, tmp_path, [account(2, "E", [link(2)])], [],
           [foreign_tid(2, "AB123456", country=second_country)], number=2,
           legals=[entity(2, "AB Trading Ltd")], at=dt.datetime(2024, 1, 2, 7, 30, tzinfo=ET))
    sim.advance(dt.datetime(2024, 1, 2, 17, 30, tzinfo=ET))
    assert _open_mis(sim) == expected
