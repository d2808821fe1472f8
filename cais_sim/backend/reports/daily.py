"""The outputs that fall due as the simulated clock moves: daily and monthly report files.

On every CAT Trading Day, at 17:00 ET, CAIS delivers the Outstanding Rejections and the
Outstanding Material Inconsistencies files of that day's scan [S1 §6.1 T17, §6.4.1 r6,
§6.5; digest g.2, i.6]; on the 3rd CAT Trading Day of a month the FDID Refresh Report
comes at the same time [S1 §3.8]. :func:`run_due` produces everything whose delivery time
falls in a clock interval, so moving the clock across a week delivers that week's files
in order, each day computed from the data received by its own 08:00 ET cut-off.

Each day is produced once per environment: the last day delivered is remembered in the
store (``meta`` key ``reports:<env>:through``), and a later call covering it again
returns nothing for it, so the day's scan cannot resolve or open anything twice.

Which reports exist depends on the spec pack in force that day: no Material
Inconsistency files in the LTID phase, no FDID Refresh Report before its first
publication (the pack rules ``material-inconsistency-scan`` and ``fdid-refresh-report``).
Days on which CAIS accepted no schema at all produce nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from cais_sim.backend.calendar import (
    ET,
    FIRST_DAY,
    LAST_DAY,
    daily_feedback_time,
    is_trading_day,
)
from cais_sim.backend.reports.inconsistencies import scan
from cais_sim.backend.reports.outstanding import (
    ReportFile,
    outstanding_inconsistency_files,
    outstanding_rejection_files,
)
from cais_sim.backend.reports.refresh import REFRESH, is_report_day, refresh_report_files
from cais_sim.backend.store import Store
from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Environment
from cais_sim.spec.packs import SpecPack, pack_for

_SCAN_RULE = "material-inconsistency-scan"
_REFRESH_RULE = "fdid-refresh-report"


@dataclass(frozen=True, slots=True)
class Output:
    """One delivered report file: its exact bytes and the submitter it went to."""

    env: Environment
    kind: str
    day: dt.date
    submitter_id: int
    name: str
    body: bytes

    @property
    def sftp_path(self) -> PurePosixPath:
        """Where CAIS puts it: ``<submitter>/cat/cais/feedback`` or ``.../reports``.

        Daily files go to the feedback folder [S1 §6.4.2, §6.5], the refresh report to
        the reports folder [S1 §3.8.1].
        """
        folder = "reports" if self.kind == REFRESH else "feedback"
        return PurePosixPath(str(self.submitter_id), "cat", "cais", folder, self.name)


def _aware(moment: dt.datetime, what: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidArgument(f"{what} {moment.isoformat()} is naive; pass an aware datetime")
    return moment


def due_days(since: dt.datetime, until: dt.datetime) -> list[dt.date]:
    """CAT Trading Days whose 17:00 ET delivery falls in ``(since, until]``, in order."""
    start = max(_aware(since, "since").astimezone(ET).date(), FIRST_DAY)
    end = min(_aware(until, "until").astimezone(ET).date(), LAST_DAY)
    days: list[dt.date] = []
    day = start
    while day <= end:
        if is_trading_day(day) and since < daily_feedback_time(day) <= until:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _marker(env: Environment) -> str:
    return f"reports:{env.value}:through"


def _rule_on(pack: SpecPack, key: str, env: Environment, day: dt.date) -> bool:
    return key in pack.rules and pack.rule_in_force(key, env, day)


def produce_day(store: Store, env: Environment, day: dt.date, *,
                pack: SpecPack | None = None) -> list[ReportFile]:
    """Run ``day``'s scan and build its files, without recording them or the day."""
    try:
        in_force = pack or pack_for(env, day)
    except InvalidArgument:
        return []  # CAIS took no files in this environment yet: nothing to report
    # Resolution of open inconsistencies runs even where no new ones may be raised.
    scan(store, env, day, pack=in_force)
    files = outstanding_rejection_files(store, env, day)
    if _rule_on(in_force, _SCAN_RULE, env, day):
        files += outstanding_inconsistency_files(store, env, day)
    if is_report_day(day) and _rule_on(in_force, _REFRESH_RULE, env, day):
        files += refresh_report_files(store, env, day)
    return files


def run_due(store: Store, env: Environment, since: dt.datetime, until: dt.datetime, *,
            pack: SpecPack | None = None) -> list[Output]:
    """Produce and store every output delivered in ``(since, until]``; return them in order.

    Rows go to the ``outputs`` table with the file's exact bytes. ``pack`` replaces the
    spec pack in force (as ``Simulator(pack=...)`` does for the intake).
    """
    done_text = store.get(_marker(env))
    done = dt.date.fromisoformat(done_text) if done_text else None
    outputs: list[Output] = []
    for day in due_days(since, until):
        if done is not None and day <= done:
            continue
        with store.transaction():
            files = produce_day(store, env, day, pack=pack)
            for file in files:
                store.conn.execute(
                    "INSERT OR REPLACE INTO outputs (env, kind, day, submitter_id, name, body) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (env.value, file.kind, day.isoformat(), file.submitter_id, file.name,
                     file.body))
                outputs.append(Output(env, file.kind, day, file.submitter_id, file.name,
                                      file.body))
            store.put(_marker(env), day.isoformat())
    return outputs


def stored_outputs(store: Store, env: Environment, *, day: dt.date | None = None,
                   submitter_id: int | None = None) -> list[Output]:
    """Outputs delivered earlier, by day, kind, submitter and name."""
    query = "SELECT kind, day, submitter_id, name, body FROM outputs WHERE env = ?"
    args: list[object] = [env.value]
    if day is not None:
        query += " AND day = ?"
        args.append(day.isoformat())
    if submitter_id is not None:
        query += " AND submitter_id = ?"
        args.append(submitter_id)
    rows = store.conn.execute(query + " ORDER BY day, kind, submitter_id, name", args)
    return [Output(env, kind, dt.date.fromisoformat(d), submitter, name, bytes(body))
            for kind, d, submitter, name, body in rows]


__all__ = ["Output", "due_days", "produce_day", "run_due", "stored_outputs"]
