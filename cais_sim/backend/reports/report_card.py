"""The monthly CAIS Report Card's compliance error rate [S13 glossary; digest k.4, i.5].

Firm CAIS Compliance Error Rate = Compliance Error Count / Processed Record Count, where

* the error count adds FDID records repaired late, FDID records still outstanding,
  Customer records repaired late and Customer records still outstanding, and
* the processed count is every FDID and Customer record submitted in the month, by any
  method (files and Portal entry alike), leaving out files that failed integrity.

The card can be narrowed by Correspondent CRD: ``OVERALL`` (everything), one
correspondent's CRD, ``ALL`` (every correspondent, without the firm's own records) or
``SELF`` (the firm's own records: no ``correspondentCRD``, or its own CRD).

The glossary defines the terms only by name; choices made here:

* a record counts once however many errors it had: rejections are grouped by the record
  that raised them (the FDID or Customer Record of one submission);
* "repaired late" means closed - by repair or by a ``DELETE`` correction - after its
  deadline, during the month;
* "outstanding" means still open at the end of the month with its deadline already
  past, so a record rejected on the month's last day is not yet held against the firm;
* the month runs from midnight to midnight ET;
* "Days Exceeding 5% CAIS Compliance Rate" applies the same formula to each calendar day of
  the month (late repairs closed that day, records outstanding at the end of that day, over
  the records processed that day) and counts the days whose rate is above 5 %
  [S13; anchors: the report-card threshold is 5 %]. A day on which nothing was processed has
  no rate and is never counted, even when older records are outstanding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from cais_sim.backend.calendar import ET
from cais_sim.backend.intake.pipeline import iso
from cais_sim.backend.store import Store
from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Environment

CorrespondentFilter = int | Literal["OVERALL", "ALL", "SELF"]

_CLOSED = ("repaired", "deleted")
#: The daily rate above which a day counts against the firm [S13].
DAILY_THRESHOLD = 0.05


@dataclass(frozen=True, slots=True)
class DailyRate:
    """One day's compliance figures (only days that processed records have one)."""

    day: dt.date
    error_count: int
    processed_count: int

    @property
    def error_rate(self) -> float:
        """Errors as a fraction of the day's processed records."""
        return self.error_count / self.processed_count

    @property
    def exceeds(self) -> bool:
        """Whether the day counts towards Days Exceeding 5%."""
        return self.error_rate > DAILY_THRESHOLD


@dataclass(frozen=True, slots=True)
class Figures:
    """The card's counts over one period (a month, or one day of it)."""

    fdid_late_repaired: int
    fdid_outstanding: int
    customer_late_repaired: int
    customer_outstanding: int
    processed_fdid: int
    processed_customer: int

    @property
    def error_count(self) -> int:
        """Firm CAIS Compliance Error Count."""
        return (self.fdid_late_repaired + self.fdid_outstanding + self.customer_late_repaired
                + self.customer_outstanding)

    @property
    def processed_count(self) -> int:
        """Processed Record Count: FDID plus Customer records."""
        return self.processed_fdid + self.processed_customer

    @property
    def error_rate(self) -> float | None:
        """The error count as a fraction of processed records (None when none processed)."""
        if self.processed_count == 0:
            return None
        return self.error_count / self.processed_count


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCard(Figures):
    """One firm's compliance figures for one month."""

    env: Environment
    crd: int
    year: int
    month: int
    correspondent: CorrespondentFilter
    #: The rate of each day of the month that processed records, in date order.
    daily: tuple[DailyRate, ...] = ()

    @property
    def days_exceeding(self) -> int:
        """Days Exceeding 5% CAIS Compliance Rate."""
        return sum(1 for day in self.daily if day.exceeds)


def _month(year: int, month: int) -> tuple[str, str]:
    try:
        start = dt.datetime(year, month, 1, tzinfo=ET)
    except ValueError as exc:
        raise InvalidArgument(f"no such month: {year}-{month}") from exc
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=ET)
    return iso(start), iso(following)


def _matches(crd: int, correspondent: int | None, wanted: CorrespondentFilter) -> bool:
    corr = None if correspondent is None or correspondent == crd else correspondent
    if wanted == "OVERALL":
        return True
    if wanted == "ALL":
        return corr is not None
    if wanted in ("SELF", crd):
        return corr is None
    return corr == wanted


def _record(row: Any) -> tuple[object, ...]:
    submission_id, kind, fdid, fdid_record_id, customer_ids, tid_value = row
    if kind == "FDID":
        return (submission_id, kind, fdid, fdid_record_id)
    return (submission_id, kind, customer_ids, tid_value)


def _figures(store: Store, env: Environment, crd: int, start: str, end: str,
             correspondent: CorrespondentFilter, *, skip_idle: bool = False) -> Figures | None:
    """The card's figures over the period ``[start, end)`` (stored UTC ISO moments); with
    ``skip_idle``, None when nothing was processed in it (a day without a rate)."""
    conn = store.conn
    processed_fdid = processed_customer = 0
    for corr, fdids, naturals, legals in conn.execute(
            "SELECT s.correspondent_crd, json_extract(f.body, '$.receivedFDIDRecordCount'), "
            "json_extract(f.body, '$.receivedNaturalRecordCount'), "
            "json_extract(f.body, '$.receivedLegalEntityRecordCount') "
            "FROM submissions s JOIN feedback f ON f.env = s.env "
            "AND f.submission_id = s.submission_id AND f.kind = 'data' "
            "AND f.version = (SELECT MAX(version) FROM feedback g WHERE g.env = s.env "
            "AND g.submission_id = s.submission_id AND g.kind = 'data') "
            "WHERE s.env = ? AND s.crd = ? AND s.integrity_ok = 1 AND s.received_at >= ? "
            "AND s.received_at < ?", (env.value, crd, start, end)):
        if _matches(crd, corr, correspondent):
            processed_fdid += fdids or 0
            processed_customer += (naturals or 0) + (legals or 0)
    if skip_idle and not processed_fdid + processed_customer:
        return None
    columns = ("submission_id, kind, fdid, fdid_record_id, customer_record_ids, tid_value, "
               "correspondent_crd")
    late = conn.execute(
        f"SELECT {columns} FROM rejections WHERE env = ? AND crd = ? AND status IN (?, ?) "
        "AND closed_late = 1 AND closed_at >= ? AND closed_at < ?",
        (env.value, crd, *_CLOSED, start, end)).fetchall()
    outstanding = conn.execute(
        f"SELECT {columns} FROM rejections WHERE env = ? AND crd = ? AND identified_at < ? "
        "AND deadline < ? AND (status = 'open' OR closed_at >= ?)",
        (env.value, crd, end, end, end)).fetchall()
    counts: dict[tuple[str, str], set[tuple[object, ...]]] = {
        (kind, what): set() for kind in ("FDID", "CUSTOMER") for what in ("late", "open")}
    for what, rows in (("late", late), ("open", outstanding)):
        for row in rows:
            if _matches(crd, row[-1], correspondent):
                counts[(row[1], what)].add(_record(row[:-1]))
    return Figures(
        fdid_late_repaired=len(counts[("FDID", "late")]),
        fdid_outstanding=len(counts[("FDID", "open")]),
        customer_late_repaired=len(counts[("CUSTOMER", "late")]),
        customer_outstanding=len(counts[("CUSTOMER", "open")]),
        processed_fdid=processed_fdid, processed_customer=processed_customer)


def _days(year: int, month: int) -> list[dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return [first + dt.timedelta(days=n) for n in range((following - first).days)]


def report_card(store: Store, env: Environment, crd: int, year: int, month: int, *,
                correspondent: CorrespondentFilter = "OVERALL") -> ReportCard:
    """The Report Card figures of ``crd`` for ``year``-``month``."""
    if isinstance(correspondent, str) and correspondent not in ("OVERALL", "ALL", "SELF"):
        raise InvalidArgument("correspondent must be a CRD, OVERALL, ALL or SELF")
    start, end = _month(year, month)
    whole = _figures(store, env, crd, start, end, correspondent)
    assert whole is not None
    daily: list[DailyRate] = []
    for day in _days(year, month):
        since = iso(dt.datetime.combine(day, dt.time(), ET))
        until = iso(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), ET))
        figures = _figures(store, env, crd, since, until, correspondent, skip_idle=True)
        if figures is not None:
            daily.append(DailyRate(day, figures.error_count, figures.processed_count))
    return ReportCard(**asdict(whole), env=env, crd=crd, year=year, month=month,
                      correspondent=correspondent, daily=tuple(daily))


__all__ = ["DAILY_THRESHOLD", "CorrespondentFilter", "DailyRate", "Figures", "ReportCard",
           "report_card"]
