"""``cais-sim generate``: options, usage errors (exit 64) and reproducible output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cais_sim.cli.exitcodes import USAGE
from cais_sim.cli.generate_cmd import generate


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(generate, list(args))
    return result.exit_code, result.output


def test_help_documents_every_option() -> None:
    code, out = _invoke("--help")
    assert code == 0
    for option in ("--profile", "--fdids", "--seed", "--date", "--certification",
                   "--defects", "--shard", "--out", "--accounts-per-file", "--processes",
                   "--progress"):
        assert option in out
    assert "agent-abcd" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2024-01-02"], "--out"),
    (["--date", "2024-01-02", "--out", "x"], "--profile"),
    (["--fdids", "-1", "--date", "2024-01-02", "--out", "x"], "--fdids"),
    (["--fdids", "5", "--date", "2024-02-30", "--out", "x"], "YYYY-MM-DD"),
    (["--fdids", "5", "--date", "2024-01-02", "--out", "x", "--defects", "lots"], "rate"),
    (["--fdids", "5", "--date", "2024-01-02", "--out", "x", "--defects", "0.1:1"], "codes"),
    (["--fdids", "5", "--date", "2024-01-02", "--out", "x", "--shard", "2"], "i/n"),
    (["--profile", "nope", "--date", "2024-01-02", "--out", "x"], "profiles:"),
    (["--fdids", "5", "--date", "2024-01-02", "--out", "x", "--certification", "half"],
     "certification"),
])
def test_bad_arguments_are_usage_errors(args: list[str], message: str) -> None:
    code, out = _invoke(*args)
    assert code == USAGE
    assert message in out
    assert "Traceback" not in out


def test_agent_certification_pack(tmp_path: Path) -> None:
    code, out = _invoke("--profile", "agent-abcd", "--date", "2024-01-02", "--seed", "5",
                        "--certification", "full", "--defects", "1%", "--out", str(tmp_path))
    assert code == 0, out
    assert "certification (full, Industry Test): qualifies" in out
    doc = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert doc["certification"]["selected"]["fdids"] == 1000
    assert len(list(tmp_path.glob("*_CAIS_*.json.bz2"))) == 4
    assert len(list(tmp_path.glob("*_TIDS_*.json.bz2"))) == 4


def test_same_seed_and_date_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        code, out = _invoke("--fdids", "120", "--date", "2024-01-02", "--seed", "9",
                            "--accounts-per-file", "50", "--defects", "0.05",
                            "--processes", "1", "--progress", "--out", str(tmp_path / name))
        assert code == 0, out
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outputs[0] == outputs[1]
    assert len([n for n in outputs[0] if n.endswith(".bz2")]) == 6


def test_shard_writes_its_own_manifest(tmp_path: Path) -> None:
    code, out = _invoke("--fdids", "120", "--date", "2024-01-02", "--accounts-per-file", "50",
                        "--shard", "2/3", "--processes", "1", "--out", str(tmp_path))
    assert code == 0, out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["72001_72001_20240102_CAIS_000002.json.bz2",
                     "72001_72001_20240102_TIDS_000002.json.bz2",
                     "manifest-shard-2-of-3.json"]
