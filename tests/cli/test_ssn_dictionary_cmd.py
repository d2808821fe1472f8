"""``cais-sim ssn-dictionary``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cais_sim.cli import main
from cais_sim.spec import ssn_dictionary
from cais_sim.spec.ssn_dictionary import SsnDictionary


def test_builds_the_dictionary_and_says_how_to_use_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    real_build = ssn_dictionary.build

    def few_areas(path: str | os.PathLike[str], **kwargs: Any) -> Path:
        return real_build(path, areas=(5, 6))  # the whole range takes seconds

    monkeypatch.setattr(ssn_dictionary, "build", few_areas)
    target = tmp_path / "dict" / "ssn.u64"
    assert main(["ssn-dictionary", str(target)]) == 0
    assert len(SsnDictionary(target)) == 2 * (10_000 + 99)
    out = capsys.readouterr().out
    assert f"{ssn_dictionary.ENV_VAR}={target}" in out
    assert f"{2 * (10_000 + 99):,} hashes" in out
