"""The on-demand FDID Reconciliation Report (S1 §6.7; digest g.13)."""

from __future__ import annotations

import csv
import io

import pytest

from cais_sim.backend.reports.reconciliation import (
    COLUMNS,
    MAX_FDIDS,
    mask_ltid,
    read_fdid_list,
    reconciliation_report,
)
from cais_sim.errors import InvalidArgument
from tests.backend.reports.conftest import ENV, World, et

FIRM, AGENT = 456, 777
NOW = et(2024, 4, 10, 15, 9, 48)


@pytest.fixture
def stocked(world: World) -> World:
    world.firm(FIRM, FIRM)
    world.submission(1, FIRM, et(2024, 4, 1, 9), counts=(2, 2, 0))
    world.customer(1, "C1", 1, yob=1980)
    world.customer(1, "C2", 2, yob=1990)
    world.fdid(1, "ACC1", [(1, "C1"), (2, "C2")], role_end={2: 20240405},
               ltids=[("12345678-9012", None), ("87654321-0000", 20240301)])
    world.submission(2, FIRM, et(2024, 4, 2, 9), resubmission=1, correspondent=31)
    world.fdid(2, "OLD", ended=(20240402, "ENDED"))
    return world


def test_rows_describe_each_fdid_and_ltid(stocked: World) -> None:
    report = reconciliation_report(stocked.store, ENV, FIRM, [" ACC1", "OLD", "NOPE", "ACC1"],
                                   NOW)
    assert report.name == "FDID_reconciliation_report_20240410_150948_EDT.csv"
    first = "456_456_20240401_CAIS_000001.json.bz2"
    assert [r.cells() for r in report.rows] == [
        ["ACC1", "", "ACTIVE", "1", first, "1", "xxxxx678-9012", "ACTIVE"],
        ["ACC1", "", "ACTIVE", "1", first, "1", "xxxxx321-0000", "ENDED"],
        ["OLD", "31", "ENDED", "0", "456_456_20240402_CAIS_000002.json.bz2", "2", "", ""],
        ["NOPE", "", "NOT_FOUND", "", "", "", "", ""],
    ]
    table = list(csv.reader(io.StringIO(report.body.decode())))
    assert table[0] == list(COLUMNS)
    assert table[1:] == [r.cells() for r in report.rows]
    assert report.body.endswith(b"\r\n")


def test_masking_keeps_only_the_tail() -> None:
    assert mask_ltid("12345678-9012") == "xxxxx678-9012"
    assert mask_ltid("ULTAB12C-0001") == "xxxxx12C-0001"


def test_uploaded_list_is_read_line_by_line() -> None:
    assert read_fdid_list("ACC1\n\n  ACC2 \r\nACC 3\n") == ["ACC1", "ACC2", "ACC 3"]


def test_at_most_a_thousand_fdids(stocked: World) -> None:
    reconciliation_report(stocked.store, ENV, FIRM, [f"F{i}" for i in range(MAX_FDIDS)], NOW)
    with pytest.raises(InvalidArgument, match="at most 1000"):
        reconciliation_report(stocked.store, ENV, FIRM,
                              [f"F{i}" for i in range(MAX_FDIDS + 1)], NOW)


def test_agents_need_a_relationship(stocked: World) -> None:
    with pytest.raises(InvalidArgument, match="no reporting relationship"):
        reconciliation_report(stocked.store, ENV, FIRM, ["ACC1"], NOW, submitter_id=AGENT)
    stocked.insert("relationships", submitter_id=AGENT, crd=FIRM, start_date="2024-01-01")
    report = reconciliation_report(stocked.store, ENV, FIRM, ["ACC1"], NOW, submitter_id=AGENT)
    assert report.rows[0].fdid_status == "ACTIVE"
    own = reconciliation_report(stocked.store, ENV, FIRM, ["ACC1"], NOW, submitter_id=FIRM)
    assert own.rows == report.rows


def test_naive_generation_time_is_refused(stocked: World) -> None:
    with pytest.raises(InvalidArgument, match="timezone-aware"):
        reconciliation_report(stocked.store, ENV, FIRM, ["ACC1"], NOW.replace(tzinfo=None))
