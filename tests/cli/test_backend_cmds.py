"""firm, relationship, submit, advance and feedback against a state file."""

from __future__ import annotations

import bz2
import json
from pathlib import Path

import pytest

from cais_sim.cli import main
from tests.pairs import account, data_doc, link, person, ssn, tids_doc, write_pair


@pytest.fixture
def state(tmp_path: Path) -> str:
    return str(tmp_path / "cais.db")


def _pair(tmp_path: Path, *, submitter: int = 7001, good: bool = True,
          number: int = 1) -> tuple[str, str]:
    folder = tmp_path / f"pair{number}"
    folder.mkdir()
    people = [person(1)] if good else [{**person(1), "yearOfBirth": "1961"}]
    data, tids = write_pair(folder, data_doc(7001, submitter, [account(1, "ACC", [link(1)])],
                                             people), tids_doc([ssn(1, "123-45-6780")]),
                            submitter=submitter, crd=7001, number=number)
    return str(data), str(tids)


def test_register_submit_and_fetch_feedback(tmp_path: Path, state: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["firm", "add", "7001", "--name", "Alpha", "--submitter-id", "7001",
                 "--state", state]) == 0
    capsys.readouterr()
    assert main(["firm", "list", "--json", "--state", state]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(f["crd"], f["name"], f["submitterID"]) for f in listed] == [(7001, "Alpha", 7001)]
    data, tids = _pair(tmp_path)
    code = main(["submit", data, tids, "--at", "2024-01-02T10:00", "--state", state,
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["status"] == "COMPLETED_WITHOUT_REJECTIONS"
    assert main(["feedback", str(out["submissionID"]), "--state", state,
                 "--out", str(tmp_path / "fb")]) == 0
    written = sorted(p.name for p in (tmp_path / "fb").iterdir())
    assert written[0].endswith(".v1.feedback.json.bz2")
    doc = json.loads(bz2.decompress((tmp_path / "fb" / written[-1]).read_bytes()))
    assert doc["submissionStatus"] == "COMPLETED_WITHOUT_REJECTIONS"


def test_submit_with_rejections_exits_1_and_names_the_record(
        tmp_path: Path, state: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["firm", "add", "7001", "--submitter-id", "7001", "--state", state])
    data, tids = _pair(tmp_path, good=False)
    assert main(["submit", data, tids, "--at", "2024-01-02T10:00", "--state", state]) == 1
    out = capsys.readouterr().out
    assert "COMPLETED_WITH_REJECTIONS" in out
    assert "customerRecordID 1: 22510" in out
    assert "FDID 'ACC' (fdidRecordID 1); customerRecordID 1: 22048" in out


def test_agent_needs_relationship(tmp_path: Path, state: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    main(["firm", "add", "7001", "--state", state])
    data, tids = _pair(tmp_path, submitter=8800)
    assert main(["submit", data, tids, "--at", "2024-01-02T10:00", "--state", state]) == 2
    assert "21006" in capsys.readouterr().out
    assert main(["relationship", "add", "8800", "7001", "--state", state]) == 0
    data, tids = _pair(tmp_path, submitter=8800, number=2)
    assert main(["submit", data, tids, "--at", "2024-01-02T11:00", "--state", state]) == 0


def test_clock_persists_and_cannot_go_back(state: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    main(["firm", "add", "7001", "--state", state])
    assert main(["advance", "--to", "2030-01-02T10:00", "--state", state]) == 0
    assert main(["advance", "--to", "2030-01-01T10:00", "--state", state]) == 64
    assert "cannot go back" in capsys.readouterr().err


def test_validate_is_stateless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, tids = _pair(tmp_path)
    assert main(["validate", data, tids, "--at", "2024-01-02"]) == 0
    assert "COMPLETED_WITHOUT_REJECTIONS" in capsys.readouterr().out
    data, tids = _pair(tmp_path, good=False, number=2)
    assert main(["validate", data, tids, "--at", "2024-01-02", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert 22510 in doc["codes"]


def test_bad_arguments_are_usage_errors(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["submit", "missing.json.bz2", "other.json.bz2"]) == 64
    assert main(["advance", "--to", "not a time", "--state", str(tmp_path / "s.db")]) == 64
    assert "Traceback" not in capsys.readouterr().err


def test_reports_after_the_clock_passes_five_pm(tmp_path: Path, state: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    main(["firm", "add", "7001", "--submitter-id", "7001", "--state", state])
    data, tids = _pair(tmp_path, good=False)
    assert main(["submit", data, tids, "--at", "2024-01-02T07:00", "--state", state]) == 1
    assert main(["advance", "--to", "2024-01-02T17:30", "--state", state]) == 0
    capsys.readouterr()
    assert main(["reports", "list", "--state", state, "--out", str(tmp_path / "sftp")]) == 0
    listed = capsys.readouterr().out
    assert "7001/cat/cais/feedback/7001_7001_7001_20240102_OUTSTANDINGREJECTIONS_000001_meta" \
           ".json" in listed
    assert (tmp_path / "sftp" / "7001" / "cat" / "cais" / "feedback"
            / "20240102_OUTSTANDINGREJECTIONS_processed").exists()
    fdids = tmp_path / "fdids.txt"
    fdids.write_text("ACC\nNOPE\n", encoding="utf-8")
    assert main(["reports", "reconciliation", "7001", str(fdids), "--state", state]) == 0
    csv_text = capsys.readouterr().out
    assert "NOPE" in csv_text
    assert main(["reports", "card", "7001", "2024-01", "--state", state, "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["processedCount"] == 2
    # Rejected on January 2 with a T+3 deadline: nothing is late yet that day.
    assert card["daysExceeding5Percent"] == 0
    assert card["daily"] == [{"date": "2024-01-02", "errorCount": 0, "processedCount": 2,
                              "errorRate": 0.0}]
