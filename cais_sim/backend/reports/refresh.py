"""The monthly FDID Refresh Report [S1 §3.8, §3.8.1 T6/T7; digest g.12, i.5].

Every active FDID must be accepted again at least once in 12 calendar months. On the 3rd
CAT Trading Day of each month, by 17:00 ET, CAIS lists the firm's active FDIDs last
accepted 11 or more calendar months before the report's month, leaving out FDIDs ended
``INACTIVE`` (which leave the refresh duty) [S1 §3.8].

``refreshDueDate`` is the last day of the 12th calendar month after the month of the last
acceptance: the published example lists, on 2025-04-03, FDIDs due 2025-05-31 [S1 §3.8.1;
S26], i.e. those last accepted in May 2024, the newest that are 11 months old in April
2025. An FDID not accepted again by the end of that day (midnight ET) is ``OVERDUE`` and
keeps the same due date on every later report until it is refreshed [S1 §3.8].

"Active" is judged on the report day (no ``fdidEndDate``, or one after it), from the FDID
as last accepted by that day's 08:00 ET cut-off, as for the daily scans. The set layout is
the shared one of :mod:`cais_sim.backend.reports.outstanding`; sets are split by the
submitter and correspondent of the file that last carried the FDID.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt

from cais_sim.backend.calendar import ET, daily_scan_cutoff, nth_trading_day_of_month
from cais_sim.backend.intake.pipeline import iso
from cais_sim.backend.reports.outstanding import (
    MAX_ITEMS_PER_FILE,
    Item,
    ReportFile,
    SetKey,
    SetLayout,
    Unit,
    write_sets,
)
from cais_sim.backend.store import Store
from cais_sim.spec.effective import Environment
from cais_sim.spec.naming import ReportKind

REFRESH: ReportKind = "FDIDREFRESHREPORT"

#: The report comes on this CAT Trading Day of the month [S1 §3.8].
REPORT_TRADING_DAY = 3
#: Listed once last accepted this many calendar months before the report month [S1 §3.8].
LISTING_AGE_MONTHS = 11
#: The refresh period in calendar months [S1 §3.8].
REFRESH_MONTHS = 12

DUE = "DUE"
OVERDUE = "OVERDUE"

_INACTIVE = "INACTIVE"


def _refresh_counts(lines: list[Item]) -> dict[str, int]:
    return {"fdidRefreshCount": len(lines)}


REFRESH_LAYOUT = SetLayout(REFRESH, "refreshReportFilename", _refresh_counts)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _first_of(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def report_day(year: int, month: int) -> dt.date:
    """The day the month's FDID Refresh Report is posted: its 3rd CAT Trading Day."""
    return nth_trading_day_of_month(year, month, REPORT_TRADING_DAY)


def is_report_day(day: dt.date) -> bool:
    """Whether ``day`` is the 3rd CAT Trading Day of its month."""
    return report_day(day.year, day.month) == day


def refresh_due_date(last_accepted: dt.date) -> dt.date:
    """The last day of the 12th calendar month after the month of ``last_accepted``."""
    first = _first_of(_month_index(last_accepted) + REFRESH_MONTHS)
    return first.replace(day=month_calendar.monthrange(first.year, first.month)[1])


def refresh_status(due: dt.date, day: dt.date) -> str:
    """``OVERDUE`` once the due date has ended (midnight ET), else ``DUE``."""
    return OVERDUE if day > due else DUE


def _date_number(day: dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def refresh_items(store: Store, env: Environment, day: dt.date) -> dict[SetKey, list[Unit]]:
    """The report's lines for ``day`` (any day; the report itself runs on report days)."""
    cutoff = iso(daily_scan_cutoff(day))
    # Accepted in the listing month or before: before the first moment (ET) of the month
    # after it.
    limit = _first_of(_month_index(day) - LISTING_AGE_MONTHS + 1)
    before = iso(dt.datetime.combine(limit, dt.time(0), tzinfo=ET))
    today = _date_number(day)
    rows = store.conn.execute(
        "WITH latest AS (SELECT h.crd, h.fdid, h.submission_id, h.accepted_at, h.state, "
        "ROW_NUMBER() OVER (PARTITION BY h.crd, h.fdid ORDER BY h.submission_id DESC) AS rn "
        "FROM fdid_history h JOIN submissions s "
        "ON s.env = h.env AND s.submission_id = h.submission_id "
        "WHERE h.env = ? AND s.received_at <= ?) "
        "SELECT l.crd, l.fdid, l.accepted_at, json_extract(l.state, '$.fdidEndDate'), "
        "json_extract(l.state, '$.fdidEndReason'), s.data_name, s.submitter_id, "
        "s.correspondent_crd FROM latest l JOIN submissions s "
        "ON s.env = ? AND s.submission_id = l.submission_id "
        "WHERE l.rn = 1 AND l.accepted_at < ? ORDER BY l.crd, l.fdid",
        (env.value, cutoff, env.value, before)).fetchall()
    groups: dict[SetKey, list[Unit]] = {}
    by_month: dict[tuple[int, int], tuple[int, str]] = {}
    for crd, fdid, accepted, end_date, end_reason, file_name, submitter, corr in rows:
        if end_reason == _INACTIVE:
            continue
        if isinstance(end_date, int) and end_date <= today:
            continue
        on = dt.datetime.fromisoformat(accepted).astimezone(ET).date()
        due = by_month.get((on.year, on.month))
        if due is None:
            date = refresh_due_date(on)
            due = by_month[(on.year, on.month)] = (_date_number(date),
                                                   refresh_status(date, day))
        line: Item = {"firmDesignatedID": fdid, "lastAcceptedFilename": file_name,
                      "refreshDueDate": due[0], "status": due[1]}
        correspondent = None if corr is None or corr == crd else corr
        groups.setdefault(SetKey(submitter, crd, correspondent), []).append([line])
    return groups


def refresh_report_files(store: Store, env: Environment, day: dt.date, *,
                         per_file: int = MAX_ITEMS_PER_FILE) -> list[ReportFile]:
    """The FDID Refresh Report files posted on ``day``."""
    return write_sets(store, env, REFRESH_LAYOUT, day, refresh_items(store, env, day),
                      per_file=per_file)


__all__ = [
    "DUE",
    "OVERDUE",
    "REFRESH",
    "REFRESH_LAYOUT",
    "is_report_day",
    "refresh_due_date",
    "refresh_items",
    "refresh_report_files",
    "refresh_status",
    "report_day",
]
