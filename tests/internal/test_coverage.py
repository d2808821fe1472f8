"""Every locally checkable code has a registered check and a test that triggers it."""

from __future__ import annotations

from pathlib import Path

from cais_sim.internal.coverage import triggering_tests
from cais_sim.internal.docgen import ROOT
from cais_sim.rules import implemented_codes
from cais_sim.spec.codes import catalog


def test_every_checkable_code_has_a_check() -> None:
    missing = [c.code for c in catalog() if c.locally_checkable
               and c.code not in implemented_codes()]
    assert missing == []


def test_every_checkable_code_is_triggered_by_a_test() -> None:
    triggered = triggering_tests(ROOT / "tests")
    missing = [c.code for c in catalog() if c.locally_checkable and c.code not in triggered]
    assert missing == []


def test_markers_are_read_from_the_sources(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_x.py").write_text(
        "import pytest\n\n@pytest.mark.triggers(22001, 22002)\ndef test_a():\n    pass\n\n"
        "@pytest.mark.slow\ndef test_b():\n    pass\n", encoding="utf-8")
    assert triggering_tests(tests) == {22001: ["tests/test_x.py::test_a"],
                                       22002: ["tests/test_x.py::test_a"]}
