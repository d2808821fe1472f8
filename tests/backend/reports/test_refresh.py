"""The monthly FDID Refresh Report (S1 §3.8, §3.8.1; digest g.12, i.5)."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from cais_sim.backend.reports.refresh import (
    is_report_day,
    refresh_due_date,
    refresh_items,
    refresh_report_files,
    refresh_status,
    report_day,
)
from tests.backend.reports.conftest import ENV, World, et, lines

REPORT = dt.date(2025, 4, 3)
FIRM = 456


def test_report_day_is_the_third_trading_day() -> None:
    assert report_day(2025, 4) == REPORT  # the first report [S26]
    assert report_day(2024, 9) == dt.date(2024, 9, 5)  # Labor Day on the 2nd
    assert is_report_day(REPORT)
    assert not is_report_day(dt.date(2025, 4, 2))


@pytest.mark.parametrize(("accepted", "due"), [
    (dt.date(2024, 5, 15), dt.date(2025, 5, 31)),  # the published example's due date
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),
    (dt.date(2023, 12, 1), dt.date(2024, 12, 31)),
])
def test_due_date_ends_the_twelfth_month(accepted: dt.date, due: dt.date) -> None:
    assert refresh_due_date(accepted) == due


def test_status_turns_overdue_after_the_due_day() -> None:
    due = dt.date(2025, 3, 31)
    assert refresh_status(due, due) == "DUE"
    assert refresh_status(due, due + dt.timedelta(days=1)) == "OVERDUE"


def accept(world: World, sid: int, fdid: str, at: dt.datetime,
           ended: tuple[int, str] | None = None) -> None:
    world.submission(sid, FIRM, at, submitter=123)
    world.fdid(sid, fdid, ended=ended)


def test_lists_active_fdids_eleven_months_old(world: World) -> None:
    accept(world, 1, "DUE1", et(2024, 5, 15, 9))
    accept(world, 2, "LATE1", et(2024, 3, 10, 9))
    accept(world, 3, "NEW1", et(2024, 6, 1, 9))
    accept(world, 4, "EDGE", et(2024, 5, 31, 23, 30))  # June in UTC, May in ET
    accept(world, 5, "INACT", et(2024, 1, 10, 9), ended=(20250601, "INACTIVE"))
    accept(world, 6, "ENDED", et(2024, 1, 10, 9), ended=(20250101, "ENDED"))
    accept(world, 7, "FUTURE", et(2024, 2, 1, 9), ended=(20250601, "ENDED"))
    accept(world, 8, "REFRESHED", et(2024, 2, 1, 9))
    accept(world, 9, "REFRESHED", et(2025, 4, 2, 9))
    accept(world, 10, "AFTERCUT", et(2024, 2, 1, 9))
    accept(world, 11, "AFTERCUT", et(2025, 4, 3, 9))  # after the report day's cut-off
    [(key, units)] = refresh_items(world.store, ENV, REPORT).items()
    assert key == (123, FIRM, None)
    found = {u[0]["firmDesignatedID"]: (u[0]["refreshDueDate"], u[0]["status"]) for u in units}
    assert found == {"DUE1": (20250531, "DUE"), "LATE1": (20250331, "OVERDUE"),
                     "EDGE": (20250531, "DUE"), "FUTURE": (20250228, "OVERDUE"),
                     "AFTERCUT": (20250228, "OVERDUE")}


def test_report_files_follow_the_published_layout(world: World) -> None:
    world.firm(FIRM, 123)
    accept(world, 1, "FDID123", et(2024, 5, 27, 9))
    files = refresh_report_files(world.store, ENV, REPORT)
    stem = "123_456_456_20250403_FDIDREFRESHREPORT_000001"
    assert [f.name for f in files] == [f"{stem}_meta.json", f"{stem}_data.json.bz2",
                                       "20250403_FDIDREFRESHREPORT_processed"]
    meta = orjson.loads(files[0].body)
    assert list(meta.items()) == [("catSubmitterID", 123), ("catReporterCRD", FIRM),
                                  ("fdidRefreshCount", 1),
                                  ("refreshReportFilename", f"{stem}_data.json.bz2")]
    assert lines(files[1].body) == [{
        "firmDesignatedID": "FDID123",
        "lastAcceptedFilename": "123_456_20240527_CAIS_000001.json.bz2",
        "refreshDueDate": 20250531, "status": "DUE"}]


def test_due_date_is_kept_while_overdue(world: World) -> None:
    accept(world, 1, "LATE1", et(2024, 3, 10, 9))
    for day in (REPORT, report_day(2025, 5), report_day(2025, 9)):
        [units] = refresh_items(world.store, ENV, day).values()
        assert [(u[0]["refreshDueDate"], u[0]["status"]) for u in units] == [
            (20250331, "OVERDUE")]


def test_split_per_correspondent_of_the_last_accepted_file(world: World) -> None:
    world.submission(1, FIRM, et(2024, 1, 5, 9), submitter=123, correspondent=9)
    world.fdid(1, "A")
    world.submission(2, FIRM, et(2024, 1, 5, 9), submitter=123)
    world.fdid(2, "B")
    files = refresh_report_files(world.store, ENV, REPORT)
    assert sorted(f.name for f in files if f.name.endswith("data.json.bz2")) == [
        "123_456_456_20250403_FDIDREFRESHREPORT_000001_data.json.bz2",
        "123_456_9_20250403_FDIDREFRESHREPORT_000001_data.json.bz2"]
