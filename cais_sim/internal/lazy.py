"""Public names of a package, imported on first use (PEP 562 module ``__getattr__``).

The packages re-export their public API at the top, so ``from cais_sim import Simulator``
works. Importing all of it eagerly would make every process pay for everything: the
``cais-sim`` commands start many times in a CI job, and ``cais-sim generate`` needs the
populations but not the simulator, the rules or the SQLite store. Each package therefore
names its exports in a table (``public name -> "module"`` or ``"module:attribute"``) and
imports a name's module the first time the name is read; type checkers read the same names
from the package's ``if TYPE_CHECKING:`` imports, and a test keeps the two in step.

``lazy_loader`` (scientific-python) does the same from a ``.pyi`` stub, but reads the stub
with ``ast`` at every start and cannot rename an export, which the top-level package does.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str],
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package`` for the names in ``exports``.

    A resolved name is stored in the package's namespace, so later reads are plain
    attribute lookups.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, _, attribute = target.partition(":")
        value = getattr(importlib.import_module(module_name), attribute or name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the PEP 562 hook
        return sorted(set(vars(sys.modules[package])) | set(exports))

    return __getattr__, __dir__


__all__ = ["lazy_exports"]
