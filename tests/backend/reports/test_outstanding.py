"""Outstanding Rejections and Outstanding Material Inconsistencies files (digest g.10, g.11)."""

from __future__ import annotations

import bz2
import datetime as dt

import orjson
import pytest

from cais_sim.backend.reports.inconsistencies import scan
from cais_sim.backend.reports.outstanding import (
    ReportFile,
    outstanding_inconsistency_files,
    outstanding_rejection_files,
)
from cais_sim.spec.naming import parse_report_name, parse_report_sentinel
from tests.backend.reports.conftest import ENV, World, et, lines

MON, TUE = dt.date(2024, 4, 1), dt.date(2024, 4, 2)
FIRM, AGENT, CLEARING = 555, 99999999, 777


def by_name(files: list[ReportFile]) -> dict[str, bytes]:
    return {f.name: f.body for f in files}


def test_rejection_set_has_the_t24_metadata_and_t25_lines(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submission(61045, FIRM, et(2024, 4, 1, 7, 30))
    world.rejection(61045000000002, 61045, code=22009, fdid="EZAccount123", fdid_record_id=4)
    world.rejection(61045000000003, 61045, kind="CUSTOMER", code=22900, crids=[15])
    files = outstanding_rejection_files(world.store, ENV, MON)
    stem = "555_555_555_20240401_OUTSTANDINGREJECTIONS_000001"
    assert [f.name for f in files] == [f"{stem}_meta.json", f"{stem}_data.json.bz2",
                                       "20240401_OUTSTANDINGREJECTIONS_processed"]
    assert {f.submitter_id for f in files} == {FIRM}
    meta, data, sentinel = (f.body for f in files)
    assert orjson.loads(meta) == {
        "catSubmitterID": FIRM, "catReporterCRD": FIRM, "outstandingFDIDCount": 1,
        "outstandingCustomerCount": 1, "errorFeedbackFileName": f"{stem}_data.json.bz2"}
    assert list(orjson.loads(meta)) == ["catSubmitterID", "catReporterCRD",
                                        "outstandingFDIDCount", "outstandingCustomerCount",
                                        "errorFeedbackFileName"]
    name = "555_555_20240401_CAIS_061045.json.bz2"
    assert lines(data) == [
        {"type": "FDIDRejection", "rejectedFDID": "EZAccount123", "submissionFilename": name,
         "submissionID": 61045, "rejectionID": 61045000000002, "fdidRecordID": 4,
         "errorCode": 22009, "rejectionTimestamp": "20240401T073000.000000000"},
        {"type": "CustomerRejection", "submissionFilename": name, "submissionID": 61045,
         "rejectionID": 61045000000003, "errorCode": 22900, "customerRecordID": [15],
         "rejectionTimestamp": "20240401T073000.000000000"},
    ]
    assert bz2.decompress(data).count(b"\n") == 1  # separators only, none trailing
    assert sentinel == b""


def test_sets_split_by_submitter_crd_and_correspondent(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submitter(AGENT)
    world.submission(1, FIRM, et(2024, 4, 1, 7))
    world.submission(2, FIRM, et(2024, 4, 1, 7), correspondent=FIRM)  # the firm itself
    world.submission(3, CLEARING, et(2024, 4, 1, 7), submitter=AGENT, correspondent=2)
    world.submission(4, CLEARING, et(2024, 4, 1, 7), submitter=AGENT, correspondent=3)
    for rid, sid in ((11, 1), (12, 2), (13, 3), (14, 4)):
        world.rejection(rid, sid)
    files = outstanding_rejection_files(world.store, ENV, MON)
    parsed = [(f.submitter_id, parse_report_name(f.name)) for f in files
              if f.name.endswith("_meta.json")]
    sets = {(s, (n.submitter_id, n.reporter_crd, n.correspondent_crd)) for s, n in parsed}
    assert sets == {(FIRM, (FIRM, FIRM, FIRM)), (AGENT, (AGENT, CLEARING, 2)),
                    (AGENT, (AGENT, CLEARING, 3))}
    firm_data = by_name(files)["555_555_555_20240401_OUTSTANDINGREJECTIONS_000001_data.json.bz2"]
    assert [line["rejectionID"] for line in lines(firm_data)] == [11, 12]
    meta = orjson.loads(by_name(files)["99999999_777_2_20240401_OUTSTANDINGREJECTIONS_000001_"
                                       "meta.json"])
    assert meta["correspondentCRD"] == 2


def test_a_set_reaches_both_the_agent_and_the_firms_own_submitter(world: World) -> None:
    world.firm(FIRM, 1234)
    world.submitter(AGENT)
    world.submission(1, FIRM, et(2024, 4, 1, 7), submitter=AGENT)
    world.rejection(11, 1)
    files = outstanding_rejection_files(world.store, ENV, MON)
    by_recipient: dict[int, list[str]] = {}
    for f in files:
        by_recipient.setdefault(f.submitter_id, []).append(f.name)
    assert set(by_recipient) == {1234, AGENT}
    assert by_recipient[1234] == by_recipient[AGENT]
    assert by_recipient[AGENT][0].startswith(f"{AGENT}_{FIRM}_{FIRM}_")


def test_nothing_outstanding_posts_only_the_sentinel(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submitter(AGENT)
    files = outstanding_rejection_files(world.store, ENV, MON)
    assert [(f.submitter_id, f.name, f.body) for f in files] == [
        (FIRM, "20240401_OUTSTANDINGREJECTIONS_processed", b""),
        (AGENT, "20240401_OUTSTANDINGREJECTIONS_processed", b"")]
    assert parse_report_sentinel(files[0].name) == (MON, "OUTSTANDINGREJECTIONS")


def test_the_eight_oclock_cutoff_decides_the_day(world: World) -> None:
    # [S1 §6.5] submitted by 08:00 ET: that day's files; later: the next day's
    world.submission(1, FIRM, et(2024, 4, 1, 8))
    world.submission(2, FIRM, et(2024, 4, 1, 8, 1))
    world.rejection(11, 1)
    world.rejection(12, 2)

    def listed(day: dt.date) -> list[int]:
        found = [f for f in outstanding_rejection_files(world.store, ENV, day)
                 if f.name.endswith("data.json.bz2")]
        return [line["rejectionID"] for f in found for line in lines(f.body)]

    assert listed(MON) == [11]
    assert listed(TUE) == [11, 12]


def test_repairs_count_from_the_day_their_file_is_scanned(world: World) -> None:
    world.submission(1, FIRM, et(2024, 4, 1, 7))
    world.submission(2, FIRM, et(2024, 4, 1, 7, 30))
    world.submission(3, FIRM, et(2024, 4, 1, 9))
    world.rejection(11, 1, status="repaired", closed_by=2, closed_at=et(2024, 4, 1, 7, 30))
    world.rejection(12, 1, status="repaired", closed_by=3, closed_at=et(2024, 4, 1, 9))
    world.rejection(13, 1, status="deleted", closed_by=2, closed_at=et(2024, 4, 1, 7, 30))

    def listed(day: dt.date) -> list[int]:
        found = [f for f in outstanding_rejection_files(world.store, ENV, day)
                 if f.name.endswith("data.json.bz2")]
        return [line["rejectionID"] for f in found for line in lines(f.body)]

    assert listed(MON) == [12]
    assert listed(TUE) == []


def test_more_items_than_a_file_holds_make_further_sets(world: World) -> None:
    world.submission(1, FIRM, et(2024, 4, 1, 7))
    for rid in range(1, 6):
        world.rejection(rid, 1)
    files = outstanding_rejection_files(world.store, ENV, MON, per_file=2)
    data = [f for f in files if f.name.endswith("data.json.bz2")]
    assert [parse_report_name(f.name).sequence for f in data] == [1, 2, 3]
    assert [[line["rejectionID"] for line in lines(f.body)] for f in data] == [
        [1, 2], [3, 4], [5]]
    metas = [orjson.loads(f.body) for f in files if f.name.endswith("meta.json")]
    assert [m["outstandingFDIDCount"] for m in metas] == [2, 2, 1]
    assert [m["errorFeedbackFileName"] for m in metas] == [f.name for f in data]
    assert files[-1].name.endswith("_processed")


def test_per_file_limit_must_be_positive(world: World) -> None:
    with pytest.raises(ValueError, match="per_file"):
        outstanding_rejection_files(world.store, ENV, MON, per_file=0)


# --- Outstanding Material Inconsistencies -------------------------------------------------------


@pytest.mark.triggers(30002, 40002)
def test_inconsistency_file_lists_each_code_under_one_event(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submission(1, FIRM, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980, crid=7)
    world.submission(2, FIRM, et(2024, 4, 1, 7, 10))
    world.customer(2, "C1", 8, yob=1908)
    world.fdid(2, "ACC1", [(8, "C1")])
    world.fdid(2, "ACC2", [(8, "C1")])
    world.submission(3, 666, et(2024, 4, 1, 7, 20))
    world.person(3, "C1", 1970)
    opened = scan(world.store, ENV, MON).opened
    files = outstanding_inconsistency_files(world.store, ENV, MON)
    names = by_name(files)
    stem = "555_555_555_20240401_OUTSTANDINGINCONSISTENCIES_000001"
    meta = orjson.loads(names[f"{stem}_meta.json"])
    assert meta == {"catSubmitterID": FIRM, "catReporterCRD": FIRM,
                    "materialInconsistencyCount": 2,
                    "errorFeedbackFileName": f"{stem}_data.json.bz2"}
    event = next(m.event_id for m in opened if m.crd == FIRM)
    common = {"type": "materialInconsistency",
              "submissionFilename": "555_555_20240401_CAIS_000002.json.bz2",
              "submissionID": 2, "inconsistencyEventID": event, "customerRecordID": [8]}
    times = {"identificationDate": "20240401T080000.000000000",
             "inconsistencyDeadline": "20240403T170000.000000000",
             "firmDesignatedID": ["ACC1", "ACC2"]}
    assert lines(names[f"{stem}_data.json.bz2"]) == [
        {**common, "inconsistencyCode": 30002, **times},
        {**common, "inconsistencyCode": 40002, **times}]
    assert list(lines(names[f"{stem}_data.json.bz2"])[0]) == [
        "type", "submissionFilename", "submissionID", "inconsistencyEventID",
        "customerRecordID", "inconsistencyCode", "identificationDate", "inconsistencyDeadline",
        "firmDesignatedID"]
    other = [f for f in files if f.submitter_id == 666]
    assert [f.name for f in other][-1] == "20240401_OUTSTANDINGINCONSISTENCIES_processed"


def test_an_event_is_never_split_across_files(world: World) -> None:
    world.submission(1, FIRM, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.person(1, "C2", 1990, fdid="ACC2", crid=2)
    world.submission(2, FIRM, et(2024, 4, 1, 7, 10))
    world.person(2, "C1", 1908)
    world.person(2, "C2", 1909, fdid="ACC2", crid=2)
    for sid, crd in ((3, 666), (4, 667)):
        world.submission(sid, crd, et(2024, 4, 1, 7, 20))
        world.person(sid, "C1", 1970)
    scan(world.store, ENV, MON)
    files = outstanding_inconsistency_files(world.store, ENV, MON, per_file=1)
    firm = [lines(f.body) for f in files if f.name.startswith("555_") and "data" in f.name]
    assert sorted([line["inconsistencyCode"] for line in file] for file in firm) == [
        [30002], [30002, 40002]]
    assert all(len({line["inconsistencyEventID"] for line in file}) == 1 for file in firm)


def test_resolved_inconsistencies_leave_the_file(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submission(1, FIRM, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, FIRM, et(2024, 4, 1, 7, 10))
    world.person(2, "C1", 1908)
    scan(world.store, ENV, MON)
    world.submission(3, FIRM, et(2024, 4, 1, 12))
    world.person(3, "C1", 1908, flag=True)
    assert any("data" in f.name for f in outstanding_inconsistency_files(world.store, ENV, MON))
    scan(world.store, ENV, TUE)
    files = outstanding_inconsistency_files(world.store, ENV, TUE)
    assert [f.name for f in files] == ["20240402_OUTSTANDINGINCONSISTENCIES_processed"]
