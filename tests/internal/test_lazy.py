"""Lazily exported package names: the table, the type checkers' imports and ``__all__``
agree, every name resolves to the defining module's object, and importing a package does
not import what its names come from."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from cais_sim.internal.lazy import lazy_exports

LAZY_PACKAGES = ("cais_sim", "cais_sim.populations")


def _type_checking_imports(package: str) -> dict[str, str]:
    """What the ``if TYPE_CHECKING:`` block of the package imports, as its table would
    write it."""
    module = importlib.import_module(package)
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            for item in node.body:
                assert isinstance(item, ast.ImportFrom)
                assert item.module is not None
                for alias in item.names:
                    public = alias.asname or alias.name
                    found[public] = item.module if public == alias.name \
                        else f"{item.module}:{alias.name}"
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_table_matches_the_type_checkers_imports_and_all(package: str) -> None:
    module = importlib.import_module(package)
    table: dict[str, str] = module._EXPORTS
    assert _type_checking_imports(package) == table
    eager = {n for n in module.__all__ if n not in table}
    # Only names a submodule would shadow are imported at once (see the package).
    assert all(n in vars(module) for n in eager), eager
    assert set(table) | eager == set(module.__all__)


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_name_is_the_defining_modules_object(package: str) -> None:
    module = importlib.import_module(package)
    for name, target in module._EXPORTS.items():
        source, _, attribute = target.partition(":")
        assert getattr(module, name) is getattr(importlib.import_module(source),
                                                attribute or name), name
        assert name in dir(module)


def test_unknown_names_raise_attribute_error() -> None:
    import cais_sim

    with pytest.raises(AttributeError, match="has no attribute 'Simulatr'"):
        _ = cais_sim.Simulatr  # type: ignore[attr-defined]
    assert not hasattr(cais_sim, "Simulatr")


def test_resolved_names_are_kept() -> None:
    getattr_, dir_ = lazy_exports("tests.internal.test_lazy", {"renamed": "json:dumps"})
    import json

    assert getattr_("renamed") is json.dumps
    assert globals().pop("renamed") is json.dumps  # stored in the module's namespace
    assert "renamed" in dir_()


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    return set(out.split())


def test_importing_the_package_imports_no_subsystem() -> None:
    loaded = _imported_after("import cais_sim")
    assert not {"cais_sim.simulator", "cais_sim.backend.store", "cais_sim.populations.bulk",
                "sqlite3", "numpy"} & loaded


def test_generation_does_not_import_the_simulator() -> None:
    loaded = _imported_after("import cais_sim.cli.generate_cmd")
    assert "cais_sim.populations.bulk" in loaded
    assert not {"cais_sim.simulator", "cais_sim.backend.intake.pipeline", "sqlite3",
                "numpy"} & loaded


def test_the_simulator_imports_numpy_only_for_an_ssn_dictionary() -> None:
    # numpy backs the opt-in dictionary of invalid SSN/ITIN hashes, not every intake.
    assert "numpy" not in _imported_after("import cais_sim.simulator")
    assert "numpy" in _imported_after(
        "from cais_sim.spec.ssn_dictionary import SsnDictionary, build; import tempfile, "
        "pathlib; d = pathlib.Path(tempfile.mkdtemp()) / 'd'; build(d, areas=[1], "
        "processes=1); SsnDictionary(d)")
