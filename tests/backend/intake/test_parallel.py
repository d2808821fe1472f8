"""Checking records on both cores gives exactly the outcome of checking them on one."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.backend.intake import parallel, pipeline
from cais_sim.backend.intake.rejections import StoreState
from cais_sim.backend.intake.staging import Staging
from cais_sim.backend.store import Store
from cais_sim.cli import main
from cais_sim.rules.model import Finding
from cais_sim.simulator import Simulator
from cais_sim.spec.enums import FileKind
from tests.pairs import account, data_doc, link, person, ssn, tids_doc, write_pair

AT = dt.datetime(2024, 1, 2, 9, 0, tzinfo=ET)
_TABLES = ("fdids", "fdid_history", "fdid_addresses", "fdid_ltids", "associations", "ccids",
           "customers", "customer_versions", "rejections", "inconsistencies", "feedback")

pytestmark = pytest.mark.skipif(not parallel.fork_available(), reason="needs fork")


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A defect-injected population: rejections, cascades and TID warnings included."""
    out = tmp_path_factory.mktemp("population")
    assert main(["generate", "--profile", "small-firm", "--fdids", "300", "--defects",
                 "0.25", "--seed", "11", "--date", "2024-01-02", "--out", str(out),
                 "--no-progress"]) == 0
    return out, json.loads((out / "manifest.json").read_text())


class _Spy:
    """Records every split the intake makes, so a test knows the helper really worked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.splits: list[Any] = []
        original = parallel._Split.run

        def run(split: Any) -> Any:
            self.splits.append(split)
            return original(split)

        monkeypatch.setattr(parallel._Split, "run", run)


def _run(folder: Path, manifest: dict[str, Any], state: Path
         ) -> tuple[list[Any], dict[str, list[tuple[object, ...]]]]:
    sim = Simulator(state=state, seed=5, clock=SimulatedClock(AT))
    submitter = manifest["parameters"]["submitterID"]
    for firm in manifest["firms"]:
        sim.add_firm(firm["reporterCRD"])
        sim.add_relationship(submitter, firm["reporterCRD"])
    outcomes = []
    for entry in manifest["files"]:
        result = sim.submit(folder / entry["dataFile"], folder / entry["tidsFile"])
        outcomes.append((result.status, result.feedback, result.tids_feedback,
                         [repr(r) for r in result.rejections]))
    conn = sim.store.conn
    tables = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
              for t in _TABLES}
    sim.close()
    return outcomes, tables


def _one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MIN_RECORDS", 10**12)


def _both_cores(monkeypatch: pytest.MonkeyPatch, batch: int = 7) -> None:
    monkeypatch.setattr(pipeline, "MIN_RECORDS", 0)
    monkeypatch.setattr(parallel, "BATCH", batch)


def test_both_cores_give_the_one_core_outcome(population: tuple[Path, dict[str, Any]],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder, manifest = population
    with monkeypatch.context() as patch:
        _one_core(patch)
        spy = _Spy(patch)
        expected = _run(folder, manifest, tmp_path / "one.db")
        assert spy.splits == []
    with monkeypatch.context() as patch:
        _both_cores(patch)
        spy = _Spy(patch)
        got = _run(folder, manifest, tmp_path / "two.db")
        # One split per pair (Customers and FDIDs), every batch returned.
        assert len(spy.splits) == len(manifest["files"])
        assert all(split.sent and split.redone == 0 for split in spy.splits)
    assert any(status == "COMPLETED_WITH_REJECTIONS" for status, *_ in expected[0])
    assert got == expected


@pytest.mark.parametrize("failure", ["raises", "dies"])
def test_a_failing_helper_costs_time_not_verdicts(population: tuple[Path, dict[str, Any]],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  failure: str) -> None:
    folder, manifest = population
    with monkeypatch.context() as patch:
        _one_core(patch)
        expected = _run(folder, manifest, tmp_path / "one.db")

    def broken(self: StoreState) -> None:
        if failure == "raises":
            raise RuntimeError("no second connection")
        os._exit(3)

    with monkeypatch.context() as patch:
        _both_cores(patch)
        spy = _Spy(patch)
        patch.setattr(StoreState, "reopen_read_only", broken)
        got = _run(folder, manifest, tmp_path / "two.db")
        assert spy.splits
        assert all(split.redone == len(split.sent) > 0 for split in spy.splits)
    assert got == expected


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_map_staged_keeps_file_order(tmp_path: Path, batch: int,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pair"
    folder.mkdir()
    people = [person(n) for n in range(1, 24)]
    data, _tids = write_pair(folder, data_doc(1, 1, [account(n, f"A{n}", [link(n)])
                                                     for n in range(1, 24)], people),
                             tids_doc([ssn(n, f"123-45-{6700 + n}") for n in range(1, 24)]),
                             submitter=1, crd=1, number=1)
    store = Store(tmp_path / "state.db")
    staging = Staging(store.conn)
    staging.read(data, FileKind.CAIS)
    monkeypatch.setattr(parallel, "BATCH", batch)

    def rules(record: dict[str, Any]) -> list[Finding]:
        # Which process ran the rules, as a finding that travels back to the entry.
        return [Finding(22000, str(os.getpid()))]

    def attach(entry: list[Any], findings: list[Finding]) -> None:
        entry[2] = int(findings[0].message)

    jobs = [parallel.Job("fdidRecordList", lambda idx, r: [idx, r["firmDesignatedID"], None],
                         rules, attach),
            parallel.Job("naturalPersonCustomerList",
                         lambda idx, r: [idx, r["customerRecordID"], None], rules, attach)]
    alone = parallel.map_staged(staging, jobs, helper_setup=None)
    split = parallel.map_staged(staging, jobs, helper_setup=lambda: None)
    assert [[e[:2] for e in entries] for entries in split] == \
        [[e[:2] for e in entries] for entries in alone]
    assert [idx for idx, _, _ in split[0]] == list(range(1, 24))
    # Every entry got its findings; with more than one batch, some came from the helper.
    pids = {pid for _, _, pid in split[1]}
    assert None not in pids
    assert (len(pids) == 2) == (batch < 23)
    store.close()
