"""The simulator's clock, passed in rather than read from the process.

Deadlines, daily scans and feedback times all depend on "now". Handing the backend a
:class:`Clock` makes simulated time a first-class input: tests and scenarios drive a
:class:`SimulatedClock` forward explicitly, with no patching of ``time.monotonic`` and no
per-test cost proportional to the loaded modules. :class:`SystemClock` reads the wall clock
at each call, so a test that prefers ``freezegun.freeze_time`` still sees its frozen time.

Every clock returns aware UTC datetimes; convert with
:data:`cais_sim.backend.calendar.ET` for reporting times.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

from cais_sim.backend.calendar import ET
from cais_sim.errors import InvalidArgument


@runtime_checkable
class Clock(Protocol):
    """Anything that can tell the backend the current moment."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


def _aware_utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidArgument(
            f"{what} {moment.isoformat()} is naive; pass a timezone-aware datetime "
            "(or a string through parse_moment)"
        )
    return moment.astimezone(UTC)


class SystemClock:
    """The process's wall clock, read afresh at every call (so ``freeze_time`` applies)."""

    def now(self) -> datetime:
        """The current wall-clock moment in UTC."""
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class SimulatedClock:
    """A clock that moves only when told to; time stands still between calls.

    :meth:`advance` and :meth:`advance_to` only move forward, so a scenario cannot
    accidentally replay a deadline; :meth:`set` is the explicit way to jump anywhere,
    backwards included (for example to reuse one clock across independent examples).
    """

    def __init__(self, start: datetime) -> None:
        self._now = _aware_utc(start, "start")

    def now(self) -> datetime:
        """The simulated current moment in UTC."""
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` (zero allowed, negative refused); return the new now."""
        if delta < timedelta(0):
            raise InvalidArgument(
                f"cannot advance the simulated clock by a negative interval ({delta}); "
                "use set() to move it backwards on purpose"
            )
        self._now += delta
        return self._now

    def advance_to(self, moment: datetime) -> datetime:
        """Move forward to ``moment`` (staying put is allowed); return the new now."""
        target = _aware_utc(moment, "moment")
        if target < self._now:
            raise InvalidArgument(
                f"cannot advance the simulated clock backwards from {self._now.isoformat()} "
                f"to {target.isoformat()}; use set() to move it backwards on purpose"
            )
        self._now = target
        return self._now

    def set(self, moment: datetime) -> datetime:
        """Jump to ``moment``, forwards or backwards; return the new now."""
        self._now = _aware_utc(moment, "moment")
        return self._now

    def __repr__(self) -> str:
        return f"SimulatedClock({self._now.isoformat()})"


def parse_moment(text: str) -> datetime:
    """Read a moment given on the command line (``--at``) and return it as aware UTC.

    Accepted: any ISO-8601 date-time Python reads, with a UTC offset (``+00:00``,
    ``-04:00``) or ``Z``. Without an offset the wall-clock time is taken as America/New_York,
    the zone of every CAIS reporting time, so ``2024-04-01T08:00`` is 8:00 a.m. ET; a bare
    date means midnight ET. A local time that is skipped when clocks spring forward is
    refused; one that occurs twice when they fall back means the first (daylight) occurrence
    - give an offset to pick the other.
    """
    stripped = text.strip()
    try:
        parsed = datetime.fromisoformat(stripped)
    except ValueError as exc:
        raise InvalidArgument(
            f"cannot read {text!r} as a moment; use ISO-8601 such as "
            "2024-04-01T14:00:00-04:00, 2024-04-01T18:00:00Z or 2024-04-01T14:00 (ET)"
        ) from exc
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    local = parsed.replace(tzinfo=ET)
    if local.astimezone(UTC).astimezone(ET).replace(tzinfo=None) != parsed:
        raise InvalidArgument(
            f"{stripped} does not exist in America/New_York (clocks spring forward); "
            "give an explicit UTC offset"
        )
    return local.astimezone(UTC)
