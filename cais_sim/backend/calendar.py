"""CAT Trading Days and the CAIS deadlines counted in them.

Every CAIS deadline is counted in CAT Trading Days, which close 15 minutes after the U.S.
equities market does. CAT publishes no holiday calendar of its own, so the NYSE calendar
(``XNYS`` from ``exchange_calendars``, which knows early closes) stands in for "all equities
or all options exchanges closed" (digest i.1, an inference).

The library's default window moves with today's date, which would make results depend on
when a test runs; the calendar is therefore built once for the fixed range
:data:`FIRST_DAY`..:data:`LAST_DAY` and frozen into plain ``datetime.date`` sets, so nothing
else touches pandas. Dates outside that range raise :class:`~cais_sim.errors.InvalidArgument`
rather than silently guessing.

Moments are aware datetimes in any zone (converted to America/New_York, :data:`ET`);
naive datetimes are refused, because a wall-clock time without a zone could be off by the
four or five hours between ET and UTC. Returned moments are ET-aware.
"""

from __future__ import annotations

import warnings
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from cais_sim.errors import InvalidArgument

ET = ZoneInfo("America/New_York")
"""The zone of every CAIS reporting time [S1 App. C; §5.4]."""

FIRST_DAY = date(2000, 1, 1)
"""First calendar date the CAT calendar answers for."""

LAST_DAY = date(2040, 12, 31)
"""Last calendar date the CAT calendar answers for (later ad-hoc closures are unknowable)."""

_CLOSE_GRACE = timedelta(minutes=15)  # [S1 App. C; S18 §6.4 fn 17] 16:15 / 13:15 boundary
_INITIAL_REPORT_TIME = time(8, 0)  # digest i.2 [S1 §5.4.1]
_FEEDBACK_TIME = time(17, 0)  # digest i.3, i.4, i.6 [S1 §5.4.2, §5.4.3, §6.5]
_SCAN_CUTOFF_TIME = time(8, 0)  # digest i.6 [S1 §6.4.1 r6, §6.5]
_REPAIR_DAYS = 3  # T+3, digest i.3 [S1 §5.4.2 T15]
_INCONSISTENCY_DAYS = 2  # digest i.4 (inference from the §6.4.3 example)


_NOISY_MODULES = r"(pandas|exchange_calendars)(\.|$)"


@dataclass(frozen=True, slots=True)
class _Sessions:
    """The exchange calendar reduced to what the deadline rules need."""

    ordered: tuple[date, ...]
    members: frozenset[date]
    closes: dict[date, time]  # ET market close of each session (16:00, or 13:00 early)


@cache
def _sessions() -> _Sessions:
    """Build the XNYS calendar once; pandas deprecation noise from the library is muted."""
    with warnings.catch_warnings():
        # Building the calendar trips pandas' Pandas4Warning (a DeprecationWarning subclass)
        # inside the library; FutureWarning is muted too, as other pandas releases use it.
        for category in (DeprecationWarning, FutureWarning):
            warnings.filterwarnings("ignore", category=category, module=_NOISY_MODULES)
        import exchange_calendars  # noqa: PLC0415 - pandas is heavy; load only when needed

        calendar = exchange_calendars.get_calendar(
            "XNYS", start=FIRST_DAY.isoformat(), end=LAST_DAY.isoformat()
        )
        local = calendar.closes.dt.tz_convert(str(ET))
        closes: dict[date, time] = {
            session.date(): close.time() for session, close in local.items()
        }
    ordered = tuple(sorted(closes))
    return _Sessions(ordered=ordered, members=frozenset(ordered), closes=closes)


def _check_date(d: date) -> date:
    if isinstance(d, datetime):
        raise InvalidArgument(
            f"expected a calendar date, got the moment {d.isoformat()}; "
            "use cat_trading_day() to find the CAT Trading Day of a moment"
        )
    if not FIRST_DAY <= d <= LAST_DAY:
        raise InvalidArgument(
            f"{d.isoformat()} is outside the CAT calendar's range "
            f"{FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}"
        )
    return d


def _to_et(ts: datetime) -> datetime:
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise InvalidArgument(
            f"naive datetime {ts.isoformat()} has no time zone; CAIS times are America/New_York "
            "- pass an aware datetime (e.g. tzinfo=cais_sim.backend.calendar.ET)"
        )
    local = ts.astimezone(ET)
    _check_date(local.date())
    return local


def _check_count(n: int) -> None:
    if n < 1:
        raise InvalidArgument(f"trading-day count must be 1 or more, got {n}")


def _at(d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=ET)


def is_trading_day(d: date) -> bool:
    """Whether ``d`` is a CAT Trading Day; weekends and exchange holidays are not."""
    # [S1 §5.4.1, App. C] digest i.1
    return _check_date(d) in _sessions().members


def next_trading_day(d: date, n: int = 1) -> date:
    """The ``n``-th CAT Trading Day strictly after ``d`` (``d`` need not be one itself)."""
    _check_date(d)
    _check_count(n)
    ordered = _sessions().ordered
    index = bisect_right(ordered, d) + n - 1
    if index >= len(ordered):
        raise InvalidArgument(
            f"{n} trading day(s) after {d.isoformat()} is past the CAT calendar's last "
            f"day {LAST_DAY.isoformat()}"
        )
    return ordered[index]


def previous_trading_day(d: date, n: int = 1) -> date:
    """The ``n``-th CAT Trading Day strictly before ``d`` (``d`` need not be one itself)."""
    _check_date(d)
    _check_count(n)
    ordered = _sessions().ordered
    index = bisect_left(ordered, d) - n
    if index < 0:
        raise InvalidArgument(
            f"{n} trading day(s) before {d.isoformat()} is before the CAT calendar's first "
            f"day {FIRST_DAY.isoformat()}"
        )
    return ordered[index]


def trading_day_close(d: date) -> datetime:
    """The moment CAT Trading Day ``d`` ends: 15 minutes after the market close.

    That is 16:15 ET, or 13:15 ET on a 13:00 early-close day. The boundary moment itself
    still belongs to ``d``.
    """
    if not is_trading_day(d):
        raise InvalidArgument(f"{d.isoformat()} is not a CAT Trading Day")
    # [S1 App. C; S18 §6.4 fn 17] digest i.1: close + 15 minutes, early closes included
    return _at(d, _sessions().closes[d]) + _CLOSE_GRACE


def cat_trading_day(ts: datetime) -> date:
    """The CAT Trading Day the moment ``ts`` belongs to.

    A CAT Trading Day runs from just after the previous day's close boundary up to and
    including its own, so an evening moment belongs to the next trading day, and a weekend or
    holiday moment to the first trading day after it.
    """
    # [S1 App. C] digest i.1; weekend receipt falls in Monday's day [S1 T15] digest i.3
    local = _to_et(ts)
    day = local.date()
    if is_trading_day(day) and local <= trading_day_close(day):
        return day
    return next_trading_day(day)


def initial_report_due(received: datetime) -> datetime:
    """When new or changed data received at ``received`` must reach CAIS.

    08:00 ET on the trading day after the CAT Trading Day of receipt (T+1).
    """
    # [S1 §5.4.1; S6] digest i.2
    return _at(next_trading_day(cat_trading_day(received)), _INITIAL_REPORT_TIME)


def repair_due(available: datetime) -> datetime:
    """When an error on data available to the firm at ``available`` must be repaired.

    17:00 ET on the third trading day after the CAT Trading Day of ``available`` (T+3). The
    specification's examples count T from the firm's receipt of the customer data; a caller
    that only knows when the rejection was raised gets the deadline counted from that moment.
    Late repairs are still accepted but counted late.
    """
    # [S1 §5.4.2 T15] digest i.3
    day = next_trading_day(cat_trading_day(available), _REPAIR_DAYS)
    return _at(day, _FEEDBACK_TIME)


def inconsistency_deadline(identified: datetime) -> datetime:
    """The ``inconsistencyDeadline`` of a Material Inconsistency identified at ``identified``.

    17:00 ET on the second trading day after the CAT Trading Day of identification, i.e. the
    third counting that day: identified Mon 2024-04-01 14:00 gives Wed 2024-04-03 17:00.
    """
    # [S1 §5.4.3 T16, §6.4.1 r7, §6.4.3 example] digest i.4 (inference)
    day = next_trading_day(cat_trading_day(identified), _INCONSISTENCY_DAYS)
    return _at(day, _FEEDBACK_TIME)


def nth_trading_day_of_month(year: int, month: int, n: int) -> date:
    """The ``n``-th CAT Trading Day of a month; the FDID Refresh Report comes on the 3rd."""
    # refresh report by 17:00 ET on the 3rd CAT Trading Day [S1 §3.8] digest i.6, g.12
    _check_count(n)
    try:
        first = date(year, month, 1)
    except ValueError as exc:
        raise InvalidArgument(f"no such month: {year}-{month}") from exc
    _check_date(first)
    ordered = _sessions().ordered
    index = bisect_left(ordered, first) + n - 1
    if index >= len(ordered) or (ordered[index].year, ordered[index].month) != (year, month):
        raise InvalidArgument(f"{year}-{month:02d} has fewer than {n} CAT Trading Days")
    return ordered[index]


def daily_scan_cutoff(d: date) -> datetime:
    """08:00 ET on trading day ``d``: data submitted by then joins that day's daily scans."""
    # [S1 §6.4.1 r6, §6.5] digest i.6, g.10-g.11
    if not is_trading_day(d):
        raise InvalidArgument(f"{d.isoformat()} is not a CAT Trading Day; no daily scan runs")
    return _at(d, _SCAN_CUTOFF_TIME)


def daily_feedback_time(d: date) -> datetime:
    """17:00 ET on trading day ``d``: when that day's outstanding-rejection, outstanding-
    inconsistency (and, on the 3rd trading day of the month, FDID refresh) files are due.
    """
    # [S1 §6.1 T17, §6.4.1 r6, §6.5, §3.8] digest g.2, g.10-g.12, i.6
    if not is_trading_day(d):
        raise InvalidArgument(f"{d.isoformat()} is not a CAT Trading Day; no daily feedback")
    return _at(d, _FEEDBACK_TIME)


def scan_day(submitted: datetime) -> date:
    """The trading day whose daily scan picks up data submitted at ``submitted``.

    Up to and including 08:00 ET on a trading day: that day; otherwise the next trading day.
    """
    # [S1 §6.4.1 r6, §6.5] digest i.6, g.11
    local = _to_et(submitted)
    day = local.date()
    if is_trading_day(day) and local <= daily_scan_cutoff(day):
        return day
    return next_trading_day(day)
