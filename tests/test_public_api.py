"""The public API: exactly what ``cais_sim.__all__`` names, sorted, importable."""

from __future__ import annotations

import importlib

import cais_sim


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    if name.isupper():
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_unique() -> None:
    names = list(cais_sim.__all__)
    assert names == sorted(set(names), key=_isort_key)


def test_every_name_resolves() -> None:
    for name in cais_sim.__all__:
        assert getattr(cais_sim, name) is not None, name


def test_no_public_name_is_left_out() -> None:
    # Names are imported on first use (cais_sim.internal.lazy), so dir() is the surface.
    public = {n for n in dir(cais_sim) if not n.startswith("_")}
    submodules = {"cli", "errors", "files", "spec", "examples", "strategies", "internal",
                  "backend", "rules", "simulator", "populations"}
    helpers = {"TYPE_CHECKING", "annotations", "lazy_exports"}
    assert public - submodules - helpers == set(cais_sim.__all__)


def test_subpackages_declare_their_api() -> None:
    for module in ("cais_sim.strategies", "cais_sim.spec.records", "cais_sim.spec.enums",
                   "cais_sim.files.reader", "cais_sim.files.writer"):
        mod = importlib.import_module(module)
        for name in mod.__all__:
            assert hasattr(mod, name), f"{module}.{name}"
