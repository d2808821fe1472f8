"""The injectable clock: simulated time moves only forward unless set on purpose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import Clock, SimulatedClock, SystemClock, parse_moment
from cais_sim.errors import InvalidArgument

START = datetime(2024, 4, 1, 8, 0, tzinfo=ET)


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock)
    assert isinstance(SimulatedClock(START), Clock)


def test_system_clock_honours_freezegun() -> None:
    with freeze_time("2024-04-01 18:00:00"):
        now = SystemClock().now()
    assert now == datetime(2024, 4, 1, 18, 0, tzinfo=UTC)
    assert now.utcoffset() == timedelta(0)


def test_system_clock_reads_the_time_at_each_call() -> None:
    clock = SystemClock()
    with freeze_time("2024-04-01 18:00:00") as frozen:
        first = clock.now()
        frozen.tick(timedelta(minutes=90))
        second = clock.now()
    assert second - first == timedelta(minutes=90)


def test_system_clock_is_aware_utc() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    after = datetime.now(UTC)
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= after


def test_simulated_clock_starts_where_told_in_utc() -> None:
    clock = SimulatedClock(START)
    assert clock.now() == START
    assert clock.now().tzinfo is UTC
    assert clock.now() == datetime(2024, 4, 1, 12, 0, tzinfo=UTC)


def test_simulated_clock_stands_still_between_calls() -> None:
    clock = SimulatedClock(START)
    assert clock.now() == clock.now()


def test_advance() -> None:
    clock = SimulatedClock(START)
    assert clock.advance(timedelta(hours=9)) == START + timedelta(hours=9)
    assert clock.advance(timedelta(0)) == START + timedelta(hours=9)
    assert clock.now() == START + timedelta(hours=9)


def test_advance_refuses_negative_intervals() -> None:
    clock = SimulatedClock(START)
    with pytest.raises(InvalidArgument, match="negative"):
        clock.advance(timedelta(seconds=-1))
    assert clock.now() == START


def test_advance_to_moves_forward_in_any_zone() -> None:
    clock = SimulatedClock(START)
    target = datetime(2024, 4, 1, 17, 0, tzinfo=ET)
    assert clock.advance_to(target.astimezone(timezone(timedelta(hours=2)))) == target
    assert clock.advance_to(target) == target  # staying put is allowed
    assert clock.now().tzinfo is UTC


def test_advance_to_refuses_to_go_backwards() -> None:
    clock = SimulatedClock(START)
    with pytest.raises(InvalidArgument, match="backwards"):
        clock.advance_to(START - timedelta(microseconds=1))
    assert clock.now() == START


def test_set_moves_anywhere() -> None:
    clock = SimulatedClock(START)
    earlier = START - timedelta(days=30)
    assert clock.set(earlier) == earlier
    assert clock.now() == earlier


def test_naive_moments_are_refused() -> None:
    naive = datetime(2024, 4, 1, 8)
    with pytest.raises(InvalidArgument, match="naive"):
        SimulatedClock(naive)
    clock = SimulatedClock(START)
    with pytest.raises(InvalidArgument, match="naive"):
        clock.advance_to(naive)
    with pytest.raises(InvalidArgument, match="naive"):
        clock.set(naive)
    assert clock.now() == START


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024-04-01T14:00:00-04:00", datetime(2024, 4, 1, 18, tzinfo=UTC),
                     id="offset"),
        pytest.param("2024-04-01T18:00:00Z", datetime(2024, 4, 1, 18, tzinfo=UTC), id="zulu"),
        pytest.param("2024-04-01T18:00:00.250+00:00",
                     datetime(2024, 4, 1, 18, 0, 0, 250000, tzinfo=UTC), id="fraction"),
        # no offset: New York wall-clock time, daylight (EDT) and standard (EST)
        pytest.param("2024-04-01T14:00", datetime(2024, 4, 1, 18, tzinfo=UTC), id="naive-edt"),
        pytest.param("2024-01-15 14:00:00", datetime(2024, 1, 15, 19, tzinfo=UTC),
                     id="naive-est"),
        pytest.param("2024-04-01", datetime(2024, 4, 1, 4, tzinfo=UTC), id="date-only"),
        pytest.param("  2024-04-01T08:00Z\n", datetime(2024, 4, 1, 8, tzinfo=UTC),
                     id="surrounding-space"),
        # 01:30 occurs twice on 2024-11-03; the first (EDT) occurrence is meant
        pytest.param("2024-11-03T01:30", datetime(2024, 11, 3, 5, 30, tzinfo=UTC), id="fold"),
        pytest.param("2024-11-03T01:30-05:00", datetime(2024, 11, 3, 6, 30, tzinfo=UTC),
                     id="fold-explicit"),
    ],
)
def test_parse_moment(text: str, expected: datetime) -> None:
    parsed = parse_moment(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


def test_parse_moment_refuses_a_skipped_local_time() -> None:
    # 02:30 never happens in New York on 2024-03-10 (clocks jump from 02:00 to 03:00)
    with pytest.raises(InvalidArgument, match="does not exist"):
        parse_moment("2024-03-10T02:30")


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01T00:00", "2024-04-01T25:00"])
def test_parse_moment_refuses_garbage(text: str) -> None:
    with pytest.raises(InvalidArgument, match="ISO-8601"):
        parse_moment(text)
