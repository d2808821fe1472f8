"""Daily and monthly outputs as the clock moves (digest g.2, g.10-g.12, i.6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cais_sim.backend.clock import SimulatedClock
from cais_sim.backend.reports.daily import Output, due_days, run_due, stored_outputs
from cais_sim.errors import InvalidArgument
from cais_sim.simulator import Simulator
from cais_sim.spec.effective import Environment
from tests.backend.reports.conftest import ENV, World, et, lines
from tests.pairs import account, data_doc, link, person, ssn, tids_doc, write_pair

FIRM = 456


def kinds(outputs: list[Output]) -> list[tuple[str, str]]:
    return [(o.day.isoformat(), o.kind) for o in outputs]


def test_due_days_are_trading_days_whose_five_pm_falls_in_the_interval() -> None:
    assert due_days(et(2024, 3, 28, 17), et(2024, 4, 2, 17)) == [
        dt.date(2024, 4, 1), dt.date(2024, 4, 2)]  # Good Friday and the weekend skipped
    assert due_days(et(2024, 4, 1, 16, 59), et(2024, 4, 1, 17)) == [dt.date(2024, 4, 1)]
    assert due_days(et(2024, 4, 1, 17), et(2024, 4, 1, 23)) == []
    assert due_days(et(2024, 4, 2), et(2024, 4, 1)) == []


def test_naive_times_are_refused(world: World) -> None:
    with pytest.raises(InvalidArgument, match="naive"):
        run_due(world.store, ENV, dt.datetime(2024, 4, 1), et(2024, 4, 2))


def test_a_week_of_daily_files_is_stored_and_returned(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submission(1, FIRM, et(2024, 4, 2, 7))
    world.rejection(11, 1)
    outputs = run_due(world.store, ENV, et(2024, 4, 1), et(2024, 4, 6))
    days = sorted({o.day for o in outputs})
    assert days == [dt.date(2024, 4, d) for d in range(1, 6)]
    monday = [o.name for o in outputs if o.day == dt.date(2024, 4, 1)]
    assert monday == ["20240401_OUTSTANDINGREJECTIONS_processed",
                      "20240401_OUTSTANDINGINCONSISTENCIES_processed"]
    tuesday = [o.name for o in outputs if o.day == dt.date(2024, 4, 2)]
    assert tuesday[:2] == ["456_456_456_20240402_OUTSTANDINGREJECTIONS_000001_meta.json",
                           "456_456_456_20240402_OUTSTANDINGREJECTIONS_000001_data.json.bz2"]
    assert [line["rejectionID"] for line in lines(outputs[3].body)] == [11]
    assert str(outputs[3].sftp_path) == f"456/cat/cais/feedback/{outputs[3].name}"
    stored = stored_outputs(world.store, ENV)
    assert sorted(stored, key=lambda o: (o.day, o.kind, o.name)) == sorted(
        outputs, key=lambda o: (o.day, o.kind, o.name))
    assert stored_outputs(world.store, ENV, day=dt.date(2024, 4, 2), submitter_id=FIRM) == [
        o for o in stored if o.day == dt.date(2024, 4, 2)]


def test_each_day_is_delivered_once(world: World) -> None:
    world.firm(FIRM, FIRM)
    first = run_due(world.store, ENV, et(2024, 4, 1), et(2024, 4, 2, 17))
    assert {o.day for o in first} == {dt.date(2024, 4, 1), dt.date(2024, 4, 2)}
    assert run_due(world.store, ENV, et(2024, 4, 1), et(2024, 4, 2, 17)) == []
    later = run_due(world.store, ENV, et(2024, 4, 1), et(2024, 4, 3, 17))
    assert {o.day for o in later} == {dt.date(2024, 4, 3)}


def test_refresh_report_comes_on_the_third_trading_day(world: World) -> None:
    world.firm(FIRM, FIRM)
    world.submission(1, FIRM, et(2024, 5, 15, 9))
    world.fdid(1, "FDID123")
    outputs = run_due(world.store, ENV, et(2025, 4, 1), et(2025, 4, 4, 18))
    refresh = [o for o in outputs if o.kind == "FDIDREFRESHREPORT"]
    assert {o.day for o in refresh} == {dt.date(2025, 4, 3)}
    assert [o.name for o in refresh][-1] == "20250403_FDIDREFRESHREPORT_processed"
    assert str(refresh[0].sftp_path).startswith("456/cat/cais/reports/")
    assert kinds(outputs).count(("2025-04-03", "OUTSTANDINGREJECTIONS")) == 1


def test_no_refresh_report_before_its_first_publication(world: World) -> None:
    world.firm(FIRM, FIRM)
    outputs = run_due(world.store, ENV, et(2025, 3, 1), et(2025, 3, 6, 18))
    assert "FDIDREFRESHREPORT" not in {o.kind for o in outputs}


def test_ltid_phase_has_no_inconsistency_files_and_no_cais_nothing(world: World) -> None:
    world.firm(FIRM, FIRM)
    ltid = run_due(world.store, ENV, et(2021, 6, 1), et(2021, 6, 1, 18))
    assert kinds(ltid) == [("2021-06-01", "OUTSTANDINGREJECTIONS")]
    assert run_due(world.store, ENV, et(2019, 6, 3), et(2019, 6, 3, 18)) == []


def test_outputs_are_byte_identical_for_the_same_state(world: World) -> None:
    other = World()
    results = []
    for w in (world, other):
        w.firm(FIRM, FIRM)
        w.submission(1, FIRM, et(2024, 4, 1, 7))
        w.person(1, "C1", 1980)
        w.rejection(11, 1)
        w.submission(2, 777, et(2024, 4, 1, 7))
        w.person(2, "C1", 1970)
        results.append([(o.kind, o.submitter_id, o.name, o.body)
                        for o in run_due(w.store, ENV, et(2024, 4, 1), et(2024, 4, 3, 18))])
    assert results[0] == results[1]
    assert any(kind == "OUTSTANDINGINCONSISTENCIES" and name.endswith("data.json.bz2")
               for kind, _, name, _ in results[0])
    other.store.close()


@pytest.mark.triggers(30002)
def test_simulator_delivers_the_intrafirm_inconsistency(tmp_path: Path) -> None:
    # digest j.3 item 8, end to end: two accepted files, then the clock passes 17:00 ET
    sim = Simulator(seed=3, clock=SimulatedClock(et(2024, 4, 1, 6)))
    sim.add_firm(FIRM, submitter_id=FIRM, envs=[Environment.INDUSTRY_TEST])
    for number, (yob, day, at) in enumerate(
            [(1980, "20240401", et(2024, 4, 1, 7)), (1908, "20240402", et(2024, 4, 2, 7))],
            start=1):
        folder = tmp_path / str(number)
        folder.mkdir()
        data = data_doc(FIRM, FIRM, [account(1, "ACC1", [link(1)])], [person(1, yob=yob)])
        paths = write_pair(folder, data, tids_doc([ssn(1, "123-45-6780")]), submitter=FIRM,
                           crd=FIRM, number=number, date=day)
        assert sim.submit(*paths, at=at).status == "COMPLETED_WITHOUT_REJECTIONS"
    outputs = sim.advance(et(2024, 4, 2, 18))
    data_files = [o for o in outputs if o.kind == "OUTSTANDINGINCONSISTENCIES"
                  and o.name.endswith("data.json.bz2")]
    assert [o.day for o in data_files] == [dt.date(2024, 4, 2)]
    [line] = lines(data_files[0].body)
    assert line["inconsistencyCode"] == 30002
    assert line["submissionFilename"] == "456_456_20240402_CAIS_000002.json.bz2"
    assert line["customerRecordID"] == [1]
    assert line["firmDesignatedID"] == ["ACC1"]
    assert line["inconsistencyDeadline"] == "20240404T170000.000000000"
    sim.close()
