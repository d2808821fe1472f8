"""The manifest: deterministic, complete, and free of clear-text identifiers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.populations import manifest
from cais_sim.populations.bulk import SplitPolicy, generate
from cais_sim.populations.defects import DefectPlan
from cais_sim.populations.profiles import load_profile

DAY = dt.date(2024, 1, 2)


def _generate(out: Path) -> manifest.Manifest:
    profile = load_profile("no-fdids")
    result = generate(firms=profile.firm_sizes(), source=profile.unit_source(8, DAY), out_dir=out,
                      submitter_id=profile.submitter_id, generation_date=DAY, seed=8,
                      certification="full", defects=DefectPlan(0.1),
                      policy=SplitPolicy(accounts_per_file=25), processes=1)
    assert result.manifest_path == out / "manifest.json"
    return result.manifest


def test_manifest_is_deterministic_and_complete(tmp_path: Path) -> None:
    _generate(tmp_path / "a")
    _generate(tmp_path / "b")
    text = (tmp_path / "a" / "manifest.json").read_bytes()
    assert text == (tmp_path / "b" / "manifest.json").read_bytes()
    doc = manifest.read(tmp_path / "a" / "manifest.json")
    assert doc["parameters"]["seed"] == 8
    assert doc["parameters"]["date"] == "2024-01-02"
    for entry in doc["files"]:
        assert (tmp_path / "a" / entry["dataFile"]).is_file()
        assert set(entry["sha256"]) == {entry["dataFile"], entry["tidsFile"]}
        for name, digest in entry["sha256"].items():
            assert hashlib.sha256((tmp_path / "a" / name).read_bytes()).hexdigest() == digest
    assert doc["totals"]["fdidRecordList"] == doc["certification"]["selected"]["fdids"]
    assert doc["certification"]["qualifies"] is True
    assert doc["certification"]["checks"][-1]["rule"].startswith("error rate")
    assert doc["defects"]
    for defect in doc["defects"]:
        assert isinstance(defect["expectedCode"], int)
        assert defect["file"] in {e["dataFile"] for e in doc["files"]} | {
            e["tidsFile"] for e in doc["files"]}
        assert "firmDesignatedID" in defect or "customerRecordID" in defect
        assert all(isinstance(c["code"], int) for c in defect["cascade"])
    assert "tidValue" not in text.decode()


def test_expected_rejections_add_up(tmp_path: Path) -> None:
    document = _generate(tmp_path)
    summary = document.expected_rejections()
    rejected, submitted = document.rejected_and_submitted()
    assert summary["defects"] == len(document.defects)
    assert rejected >= summary["rejectedDirectly"] >= 1
    assert submitted == sum(document.totals()[k] for k in (
        "fdidRecordList", "naturalPersonCustomerList", "legalEntityCustomerList"))
    assert summary["errorRate"] == pytest.approx(rejected / submitted, abs=1e-6)


def test_ssn_shaped_text_is_refused(tmp_path: Path) -> None:
    document = _generate(tmp_path)
    document.notes.append("customer 123-45-6789")
    with pytest.raises(InvalidArgument, match="SSN"):
        manifest.render(document)


def test_names_and_version(tmp_path: Path) -> None:
    assert manifest.manifest_name() == "manifest.json"
    assert manifest.manifest_name((2, 4)) == "manifest-shard-2-of-4.json"
    bogus = tmp_path / "m.json"
    bogus.write_text(json.dumps({"manifestVersion": 99}), encoding="utf-8")
    with pytest.raises(InvalidArgument):
        manifest.read(bogus)
