"""The CAIS Report Card compliance error rate (digest k.4)."""

from __future__ import annotations

import datetime as dt

import pytest

from cais_sim.backend.reports.report_card import DailyRate, report_card
from cais_sim.errors import InvalidArgument
from tests.backend.reports.conftest import ENV, World, et

FIRM = 456


@pytest.fixture
def april(world: World) -> World:
    w = world
    w.submission(1, FIRM, et(2024, 4, 1, 9), counts=(10, 8, 2))
    w.submission(2, FIRM, et(2024, 4, 2, 9), counts=(5, 5, 0), correspondent=31)
    w.submission(3, FIRM, et(2024, 4, 3, 9), integrity_ok=False)  # not processed
    w.submission(4, FIRM, et(2024, 3, 29, 9), counts=(100, 0, 0))  # March
    w.submission(5, FIRM, et(2024, 4, 20, 9), counts=(1, 0, 0))
    # FDID 1: two errors on one record, repaired late in April: one late-repaired FDID
    for rid in (11, 12):
        w.rejection(rid, 1, fdid="F1", deadline=et(2024, 4, 4, 17), status="repaired",
                    closed_by=5, closed_at=et(2024, 4, 20, 9), late=True)
    # repaired on time: no error
    w.rejection(13, 1, fdid="F2", fdid_record_id=2, deadline=et(2024, 4, 4, 17),
                status="repaired", closed_by=5, closed_at=et(2024, 4, 2, 9), late=False)
    # Customer outstanding past its deadline
    w.rejection(14, 1, kind="CUSTOMER", crids=[3], deadline=et(2024, 4, 4, 17))
    # Customer still open but not yet due at month end: not counted
    w.rejection(15, 5, kind="CUSTOMER", crids=[4], deadline=et(2024, 5, 2, 17))
    # correspondent's FDID outstanding
    w.rejection(16, 2, fdid="F9", deadline=et(2024, 4, 5, 17))
    # deleted late through a correction
    w.rejection(17, 2, kind="CUSTOMER", crids=[6], deadline=et(2024, 4, 5, 17),
                status="deleted", closed_by=5, closed_at=et(2024, 4, 20, 9), late=True)
    return w


def test_error_rate_counts_late_and_outstanding_records(april: World) -> None:
    card = report_card(april.store, ENV, FIRM, 2024, 4)
    assert (card.fdid_late_repaired, card.fdid_outstanding, card.customer_late_repaired,
            card.customer_outstanding) == (1, 1, 1, 1)
    assert (card.processed_fdid, card.processed_customer) == (16, 15)
    assert card.error_count == 4
    assert card.error_rate == pytest.approx(4 / 31)


@pytest.mark.parametrize(("which", "errors", "processed"), [
    ("SELF", (1, 0, 0, 1), 10 + 10 + 1),
    (FIRM, (1, 0, 0, 1), 10 + 10 + 1),
    ("ALL", (0, 1, 1, 0), 5 + 5),
    (31, (0, 1, 1, 0), 5 + 5),
    (32, (0, 0, 0, 0), 0),
])
def test_correspondent_filter(april: World, which: int | str, errors: tuple[int, ...],
                              processed: int) -> None:
    card = report_card(april.store, ENV, FIRM, 2024, 4, correspondent=which)  # type: ignore[arg-type]
    assert (card.fdid_late_repaired, card.fdid_outstanding, card.customer_late_repaired,
            card.customer_outstanding) == errors
    assert card.processed_count == processed


def test_outstanding_errors_carry_into_later_months(april: World) -> None:
    may = report_card(april.store, ENV, FIRM, 2024, 5)
    assert (may.fdid_outstanding, may.customer_outstanding) == (1, 2)
    assert may.processed_count == 0
    assert may.error_rate is None


def test_each_processing_day_gets_the_monthly_formula(april: World) -> None:
    card = report_card(april.store, ENV, FIRM, 2024, 4)
    # April 3 only had a file that failed integrity: nothing processed, no rate.
    assert [(d.day, d.error_count, d.processed_count) for d in card.daily] == [
        (dt.date(2024, 4, 1), 0, 20),  # every deadline still ahead
        (dt.date(2024, 4, 2), 0, 10),
        # F1 and Customer 6 closed late that day, Customer 3 and F9 still outstanding
        (dt.date(2024, 4, 20), 4, 1),
    ]
    assert [d.exceeds for d in card.daily] == [False, False, True]
    assert card.days_exceeding == 1


def test_daily_rates_follow_the_correspondent_filter(april: World) -> None:
    card = report_card(april.store, ENV, FIRM, 2024, 4, correspondent="SELF")
    assert [(d.day, d.error_count, d.processed_count) for d in card.daily] == [
        (dt.date(2024, 4, 1), 0, 20), (dt.date(2024, 4, 20), 2, 1)]


def test_a_day_counts_only_above_five_percent() -> None:
    assert not DailyRate(dt.date(2024, 4, 1), 5, 100).exceeds
    assert DailyRate(dt.date(2024, 4, 1), 6, 100).exceeds


def test_a_month_without_processing_has_no_days_exceeding(april: World) -> None:
    may = report_card(april.store, ENV, FIRM, 2024, 5)
    assert may.daily == ()
    assert may.days_exceeding == 0


def test_bad_arguments_are_refused(april: World) -> None:
    with pytest.raises(InvalidArgument, match="no such month"):
        report_card(april.store, ENV, FIRM, 2024, 13)
    with pytest.raises(InvalidArgument, match="OVERALL"):
        report_card(april.store, ENV, FIRM, 2024, 4, correspondent="NONE")  # type: ignore[arg-type]
