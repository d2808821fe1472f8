"""Generated populations against the simulated CAIS: clean ones pass, injected defects draw
exactly the codes their manifest predicts."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.cli import main
from cais_sim.simulator import Simulator, SubmissionResult

AT = dt.datetime(2024, 1, 2, 9, 0, tzinfo=ET)


def _generate(out: Path, *args: str) -> dict[str, Any]:
    assert main(["generate", "--seed", "3", "--date", "2024-01-02", "--out", str(out),
                 "--no-progress", *args]) == 0
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text())
    return manifest


def _submit_all(out: Path, manifest: dict[str, Any]) -> list[SubmissionResult]:
    sim = Simulator(seed=5, clock=SimulatedClock(AT))
    submitter = manifest["parameters"]["submitterID"]
    for firm in manifest["firms"]:
        sim.add_firm(firm["reporterCRD"])
        sim.add_relationship(submitter, firm["reporterCRD"])
    return [sim.submit(out / f["dataFile"], out / f["tidsFile"]) for f in manifest["files"]]


def _codes(results: list[SubmissionResult]) -> Counter[int]:
    found: Counter[int] = Counter()
    for result in results:
        found.update(int(i["errorCode"]) for i in result.feedback.get("rejectionItems", []))
        found.update(int(i["errorCode"])
                     for i in result.tids_feedback[-1].get("rejectionItems", []))
    return found


@pytest.mark.parametrize("profile", ["small-firm", "agent-abcd", "clearing-firm"])
def test_clean_population_is_accepted(tmp_path: Path, profile: str) -> None:
    manifest = _generate(tmp_path, "--profile", profile, "--fdids", "60")
    results = _submit_all(tmp_path, manifest)
    assert results
    assert [r.status for r in results] == ["COMPLETED_WITHOUT_REJECTIONS"] * len(results)
    assert _codes(results) == Counter()


@pytest.mark.parametrize("seed_profile", ["small-firm", "agent-abcd"])
def test_defects_draw_the_predicted_codes(tmp_path: Path, seed_profile: str) -> None:
    manifest = _generate(tmp_path, "--profile", seed_profile, "--fdids", "200",
                         "--defects", "0.25")
    results = _submit_all(tmp_path, manifest)
    expected = Counter({int(code): n
                        for code, n in manifest["expectedRejections"]["codes"].items()})
    assert expected
    assert _codes(results) == expected
    # Record by record: each defect's record carries the code the manifest names.
    items: dict[tuple[str, object], set[int]] = {}
    for result in results:
        for item in result.feedback.get("rejectionItems", []):
            target: object = item.get("firmDesignatedID") or tuple(
                item.get("customerRecordID") or ())
            items.setdefault((result.data_name, target), set()).add(int(item["errorCode"]))
    for defect in manifest["defects"]:
        if defect["list"] == "tidRecordList":
            continue
        if defect["list"] == "fdidRecordList":
            key: tuple[str, object] = (defect["file"], defect["firmDesignatedID"])
        else:
            key = (defect["file"], (defect["customerRecordID"],))
        assert defect["expectedCode"] in items.get(key, set()), defect
