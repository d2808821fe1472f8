"""CAT Trading Days and CAIS deadlines, checked against the specification's worked examples."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.backend.calendar import (
    ET,
    FIRST_DAY,
    LAST_DAY,
    cat_trading_day,
    daily_feedback_time,
    daily_scan_cutoff,
    inconsistency_deadline,
    initial_report_due,
    is_trading_day,
    next_trading_day,
    nth_trading_day_of_month,
    previous_trading_day,
    repair_due,
    scan_day,
    trading_day_close,
)
from cais_sim.errors import InvalidArgument


def et(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
       micro: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=ET)


# Every row of the repair-window table [S1 §5.4.2 T15] (digest i.3), on concrete dates:
# (receipt, expected initial report due, expected repair due).
T15_ROWS = [
    # Mon 2:20 p.m., no holiday
    pytest.param(et(2024, 4, 8, 14, 20), et(2024, 4, 9, 8), et(2024, 4, 11, 17), id="mon-1420"),
    # Mon 11:40 p.m., no holiday: after the 4:15 p.m. boundary, so T is Tuesday
    pytest.param(et(2024, 4, 8, 23, 40), et(2024, 4, 10, 8), et(2024, 4, 12, 17), id="mon-2340"),
    # Fri 11:00 a.m., no holiday
    pytest.param(et(2024, 4, 12, 11), et(2024, 4, 15, 8), et(2024, 4, 17, 17), id="fri-1100"),
    # Fri 4:02 p.m., no holiday: still before 4:15 p.m., so T is Friday
    pytest.param(et(2024, 4, 12, 16, 2), et(2024, 4, 15, 8), et(2024, 4, 17, 17), id="fri-1602"),
    # Fri 4:02 p.m., next Monday a holiday (Presidents' Day, Mon 2025-02-17)
    pytest.param(et(2025, 2, 14, 16, 2), et(2025, 2, 18, 8), et(2025, 2, 20, 17),
                 id="fri-1602-monday-holiday"),
    # Wed 3:00 p.m., Thursday holiday and Friday half day (Thanksgiving week 2024)
    pytest.param(et(2024, 11, 27, 15), et(2024, 11, 29, 8), et(2024, 12, 3, 17),
                 id="wed-thanksgiving-2024"),
    # Same row in Thanksgiving week 2025
    pytest.param(et(2025, 11, 26, 15), et(2025, 11, 28, 8), et(2025, 12, 2, 17),
                 id="wed-thanksgiving-2025"),
    # Sat 11:15 a.m., no holiday: Saturday belongs to Monday's CAT Trading Day
    pytest.param(et(2024, 4, 13, 11, 15), et(2024, 4, 16, 8), et(2024, 4, 18, 17), id="sat"),
    # Sat 11:15 a.m., next Monday a holiday (Labor Day, Mon 2024-09-02)
    pytest.param(et(2024, 8, 31, 11, 15), et(2024, 9, 4, 8), et(2024, 9, 6, 17),
                 id="sat-monday-holiday"),
    # Mon 10:00 a.m. on the holiday itself (Labor Day 2024)
    pytest.param(et(2024, 9, 2, 10), et(2024, 9, 4, 8), et(2024, 9, 6, 17), id="mon-holiday"),
]


@pytest.mark.parametrize(("received", "initial", "repair"), T15_ROWS)
def test_t15_repair_window_table(received: datetime, initial: datetime,
                                 repair: datetime) -> None:
    assert initial_report_due(received) == initial
    assert repair_due(received) == repair


@pytest.mark.parametrize(("received", "initial", "repair"), T15_ROWS)
def test_t15_rows_hold_for_the_same_moment_in_utc(received: datetime, initial: datetime,
                                                  repair: datetime) -> None:
    in_utc = received.astimezone(UTC)
    assert initial_report_due(in_utc) == initial
    assert repair_due(in_utc) == repair


def test_deadlines_are_new_york_times() -> None:
    due = repair_due(datetime(2024, 4, 8, 18, 20, tzinfo=UTC))
    assert due.tzinfo is ET
    assert due.timetz() == time(17, 0, tzinfo=ET)
    assert initial_report_due(et(2024, 4, 8, 14)).tzinfo is ET


def test_inconsistency_deadline_matches_the_feedback_example() -> None:
    # identificationDate 20240401T140000 -> inconsistencyDeadline 20240403T170000 [S1 §6.4.3]
    assert inconsistency_deadline(et(2024, 4, 1, 14)) == et(2024, 4, 3, 17)


def test_inconsistency_deadline_counts_trading_days() -> None:
    # Identified Friday: Monday and Tuesday are the two following trading days.
    assert inconsistency_deadline(et(2024, 4, 12, 9)) == et(2024, 4, 16, 17)
    # Identified after Monday's 4:15 p.m. boundary: the identification day is Tuesday.
    assert inconsistency_deadline(et(2024, 4, 1, 16, 30)) == et(2024, 4, 4, 17)
    # Identified Wednesday of Thanksgiving week: Thursday is skipped, Friday's half day counts.
    assert inconsistency_deadline(et(2024, 11, 27, 10)) == et(2024, 12, 2, 17)


def test_trading_day_close_regular_and_early() -> None:
    assert trading_day_close(date(2024, 11, 27)) == et(2024, 11, 27, 16, 15)
    # 1:00 p.m. early closes end the CAT Trading Day at 1:15 p.m. [S1 App. C]
    assert trading_day_close(date(2024, 11, 29)) == et(2024, 11, 29, 13, 15)
    assert trading_day_close(date(2024, 12, 24)) == et(2024, 12, 24, 13, 15)
    assert trading_day_close(date(2025, 7, 3)) == et(2025, 7, 3, 13, 15)


def test_trading_day_close_refuses_a_non_trading_day() -> None:
    with pytest.raises(InvalidArgument, match="not a CAT Trading Day"):
        trading_day_close(date(2024, 11, 28))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # the boundary moment itself still belongs to the day; the next microsecond does not
        pytest.param(et(2024, 4, 8, 16, 15), date(2024, 4, 8), id="regular-boundary"),
        pytest.param(et(2024, 4, 8, 16, 15, 0, 1), date(2024, 4, 9), id="regular-after"),
        pytest.param(et(2024, 11, 29, 13, 15), date(2024, 11, 29), id="early-close-boundary"),
        pytest.param(et(2024, 11, 29, 13, 15, 0, 1), date(2024, 12, 2), id="early-close-after"),
        pytest.param(et(2024, 11, 29, 14), date(2024, 12, 2), id="early-close-afternoon"),
        pytest.param(et(2024, 11, 27, 16, 20), date(2024, 11, 29), id="evening-before-holiday"),
        pytest.param(et(2024, 11, 28, 10), date(2024, 11, 29), id="thanksgiving"),
        pytest.param(et(2024, 12, 25, 12), date(2024, 12, 26), id="christmas"),
        pytest.param(et(2024, 3, 29, 12), date(2024, 4, 1), id="good-friday"),
        pytest.param(et(2024, 6, 19, 12), date(2024, 6, 20), id="juneteenth"),
        pytest.param(et(2024, 4, 13, 11, 15), date(2024, 4, 15), id="saturday"),
        pytest.param(et(2024, 4, 14, 23, 59, 59), date(2024, 4, 15), id="sunday-night"),
        pytest.param(et(2024, 4, 15), date(2024, 4, 15), id="monday-midnight"),
        # in UTC: 20:15Z is 16:15 EDT, 21:15Z is 16:15 EST
        pytest.param(datetime(2024, 4, 8, 20, 15, tzinfo=UTC), date(2024, 4, 8), id="utc-edt"),
        pytest.param(datetime(2024, 4, 8, 20, 16, tzinfo=UTC), date(2024, 4, 9), id="utc-edt+1"),
        pytest.param(datetime(2024, 1, 8, 21, 15, tzinfo=UTC), date(2024, 1, 8), id="utc-est"),
        pytest.param(datetime(2024, 1, 8, 21, 16, tzinfo=UTC), date(2024, 1, 9), id="utc-est+1"),
        pytest.param(datetime(2024, 4, 9, 3, 0, tzinfo=timezone(timedelta(hours=9))),
                     date(2024, 4, 8), id="tokyo-offset"),
    ],
)
def test_cat_trading_day_membership(moment: datetime, expected: date) -> None:
    assert cat_trading_day(moment) == expected


def test_is_trading_day() -> None:
    assert is_trading_day(date(2024, 4, 8))
    assert is_trading_day(date(2024, 11, 29))  # half day is still a trading day
    assert not is_trading_day(date(2024, 4, 13))  # Saturday
    assert not is_trading_day(date(2024, 11, 28))  # Thanksgiving
    assert not is_trading_day(date(2025, 2, 17))  # Presidents' Day
    assert not is_trading_day(date(2024, 9, 2))  # Labor Day


def test_next_and_previous_trading_day() -> None:
    assert next_trading_day(date(2024, 11, 27)) == date(2024, 11, 29)
    assert next_trading_day(date(2024, 11, 27), 3) == date(2024, 12, 3)
    assert next_trading_day(date(2024, 4, 13)) == date(2024, 4, 15)  # from a Saturday
    assert previous_trading_day(date(2024, 12, 2)) == date(2024, 11, 29)
    assert previous_trading_day(date(2024, 11, 29)) == date(2024, 11, 27)
    assert previous_trading_day(date(2024, 9, 2), 2) == date(2024, 8, 29)  # from a holiday
    for n in range(1, 30):
        start = date(2024, 6, 14)
        assert previous_trading_day(next_trading_day(start, n), n) == start


@pytest.mark.parametrize("n", [0, -1])
def test_trading_day_counts_must_be_positive(n: int) -> None:
    with pytest.raises(InvalidArgument, match="1 or more"):
        next_trading_day(date(2024, 4, 8), n)
    with pytest.raises(InvalidArgument, match="1 or more"):
        previous_trading_day(date(2024, 4, 8), n)


def test_nth_trading_day_of_month() -> None:
    # The first FDID Refresh Report was dated 2025-04-03, the 3rd trading day [S1 §3.8.1]
    assert nth_trading_day_of_month(2025, 4, 3) == date(2025, 4, 3)
    assert nth_trading_day_of_month(2024, 9, 1) == date(2024, 9, 3)  # Labor Day skipped
    assert nth_trading_day_of_month(2024, 9, 3) == date(2024, 9, 5)
    assert nth_trading_day_of_month(2025, 1, 3) == date(2025, 1, 6)  # New Year, weekend
    assert nth_trading_day_of_month(2024, 2, 20) == date(2024, 2, 29)  # Presidents' Day


def test_nth_trading_day_of_month_refuses_impossible_requests() -> None:
    with pytest.raises(InvalidArgument, match="fewer than 21"):
        nth_trading_day_of_month(2024, 2, 21)
    with pytest.raises(InvalidArgument, match="1 or more"):
        nth_trading_day_of_month(2024, 2, 0)
    with pytest.raises(InvalidArgument, match="no such month"):
        nth_trading_day_of_month(2024, 13, 1)


def test_daily_scan_and_feedback_times() -> None:
    assert daily_scan_cutoff(date(2024, 4, 1)) == et(2024, 4, 1, 8)
    assert daily_feedback_time(date(2024, 4, 1)) == et(2024, 4, 1, 17)
    with pytest.raises(InvalidArgument, match="no daily scan"):
        daily_scan_cutoff(date(2024, 4, 13))
    with pytest.raises(InvalidArgument, match="no daily feedback"):
        daily_feedback_time(date(2024, 11, 28))


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        pytest.param(et(2024, 4, 1, 8), date(2024, 4, 1), id="at-cutoff"),
        pytest.param(et(2024, 4, 1, 8, 0, 0, 1), date(2024, 4, 2), id="after-cutoff"),
        pytest.param(et(2024, 4, 1, 0, 5), date(2024, 4, 1), id="early-morning"),
        pytest.param(et(2024, 4, 13, 7), date(2024, 4, 15), id="saturday"),
        pytest.param(et(2024, 9, 2, 7), date(2024, 9, 3), id="holiday-morning"),
        pytest.param(et(2024, 11, 27, 9), date(2024, 11, 29), id="before-thanksgiving"),
    ],
)
def test_scan_day(submitted: datetime, expected: date) -> None:
    assert scan_day(submitted) == expected


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2024, 4, 1, 14)
    for function in (cat_trading_day, initial_report_due, repair_due, inconsistency_deadline,
                     scan_day):
        with pytest.raises(InvalidArgument, match="naive"):
            function(naive)


def test_a_moment_is_not_a_date() -> None:
    with pytest.raises(InvalidArgument, match="cat_trading_day"):
        is_trading_day(et(2024, 4, 1, 14))


def test_dates_outside_the_calendar_range_are_refused() -> None:
    before = FIRST_DAY - timedelta(days=1)
    after = LAST_DAY + timedelta(days=1)
    with pytest.raises(InvalidArgument, match="outside the CAT calendar"):
        is_trading_day(before)
    with pytest.raises(InvalidArgument, match="outside the CAT calendar"):
        is_trading_day(after)
    with pytest.raises(InvalidArgument, match="outside the CAT calendar"):
        cat_trading_day(et(after.year, after.month, after.day, 12))
    with pytest.raises(InvalidArgument, match="outside the CAT calendar"):
        nth_trading_day_of_month(before.year, before.month, 1)
    with pytest.raises(InvalidArgument, match="past the CAT calendar"):
        next_trading_day(LAST_DAY - timedelta(days=1), 5)
    with pytest.raises(InvalidArgument, match="before the CAT calendar"):
        previous_trading_day(FIRST_DAY + timedelta(days=3), 5)


def test_range_edges_are_supported() -> None:
    assert next_trading_day(FIRST_DAY) == date(2000, 1, 3)
    assert cat_trading_day(et(2000, 1, 1, 12)) == date(2000, 1, 3)
    assert is_trading_day(LAST_DAY) == (LAST_DAY.weekday() < 5)


@given(st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2040, 12, 20),
                    timezones=st.just(UTC)))
def test_every_moment_lies_inside_its_trading_day(moment: datetime) -> None:
    day = cat_trading_day(moment)
    assert is_trading_day(day)
    assert moment <= trading_day_close(day)
    if day > date(2000, 1, 3):
        assert moment > trading_day_close(previous_trading_day(day))
