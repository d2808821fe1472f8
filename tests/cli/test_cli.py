"""The command line: inspect, tid and demo, with their exit statuses."""

from __future__ import annotations

import bz2
import io
import json
import sys
from pathlib import Path

import pytest

from cais_sim.cli import main
from cais_sim.examples import spec_5_1_5_example
from cais_sim.files.writer import write_pair

VECTOR = "1438887c12c566c8f87325380e06517bfb2e46e4de7e07fc6f004ea5bb21945d"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    p = spec_5_1_5_example()
    return write_pair(tmp_path, p.data_name, p.data, p.tids)


def test_inspect_a_clean_pair(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    assert "99999_123456_20200101_*_000123: paired" in out
    assert "fdidRecordList 3," in out
    assert "correspondentCRD 3210" in out


def test_inspect_json(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--json", *map(str, pair)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True
    assert doc["pairs"][0]["status"] == "paired"
    assert doc["files"][0]["recordCounts"]["fdidRecordList"] == 3


def test_inspect_reports_missing_partner_and_integrity(
        pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--json", str(pair[0])]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["pairs"][0]["status"] == "missing TIDS file"
    bad = tmp_path / "1_2_20240102_CAIS_000001.json.bz2"
    bad.write_bytes(bz2.compress(b'{"version":"2.0.0","catReporterCRD":2,"catSubmitterID":1,'
                                 b'"fdidRecordCount":5,"naturalPersonCustomerRecordCount":0,'
                                 b'"legalEntityCustomerRecordCount":0}'))
    assert main(["inspect", str(bad)]) == 2
    assert "21007" in capsys.readouterr().out


def test_inspect_reports_bad_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "1_2_20240102_caisweb_CAIS_000001.json.bz2"
    bad.write_bytes(bz2.compress(b"{}"))
    assert main(["inspect", str(bad)]) == 2
    assert "21010" in capsys.readouterr().out


def test_inspect_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "/no/such/file.json.bz2"]) == 64
    assert "Traceback" not in capsys.readouterr().err


def test_tid_prints_the_published_vector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tid", "--type", "ssn", "999-99-9999"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == VECTOR
    assert "24906" in captured.err  # out-of-range warning


def test_tid_reads_stdin_and_never_echoes(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("999999999\n"))
    assert main(["tid", "--type", "ssn", "--json", "-"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["tidValue"] == VECTOR
    assert "999999999" not in out
    assert "999-99-9999" not in out


def test_tid_bad_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tid", "--type", "ein", "12-34"]) == 64
    captured = capsys.readouterr()
    assert "12-34" not in captured.err
    assert "Traceback" not in captured.err


def test_demo_generates_submits_and_judges(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert out.count("COMPLETED_WITHOUT_REJECTIONS") == 4
    assert "verdict: READY for production (4 pairs" in out
    assert len(list((tmp_path / "demo" / "pack").glob("*.json.bz2"))) == 8
    feedback = sorted((tmp_path / "demo" / "sftp" / "test" / "74000" / "cat" / "cais"
                       / "feedback").iterdir())
    assert len(feedback) == 16  # v1-v4 for each of the four Data Files


def test_demo_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for name in ("a", "b"):
        assert main(["demo", "--out", str(tmp_path / name)]) == 0
        outputs.append(capsys.readouterr().out.replace(str(tmp_path / name), "OUT"))
        for path in sorted((tmp_path / name / "sftp").rglob("*.bz2")):
            outputs.append(path.name + path.read_bytes().hex())
    half = len(outputs) // 2
    assert outputs[:half] == outputs[half:]


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("inspect", "tid", "demo", "generate", "submit", "validate", "firm",
                    "relationship", "advance", "feedback"):
        assert command in out


def test_every_command_of_the_lazy_group_resolves() -> None:
    import click

    from cais_sim.cli.app import COMMANDS, cli

    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.name == name
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    assert cli.get_command(ctx, "no-such-command") is None
