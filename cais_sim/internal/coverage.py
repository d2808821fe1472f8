"""The rule-coverage table: which catalogued codes have a check, and which tests trigger them.

Tests declare the codes they make CAIS return with ``@pytest.mark.triggers(code, ...)``.
This module finds those markers by reading the test sources (no test is run), so the table
in ``docs/rules.md`` and the coverage test agree without executing the suite twice.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path


def _marker_codes(decorator: ast.expr) -> list[int]:
    """Codes of a ``pytest.mark.triggers(...)`` decorator, or [] for anything else."""
    if not isinstance(decorator, ast.Call):
        return []
    func = decorator.func
    if not (isinstance(func, ast.Attribute) and func.attr == "triggers"):
        return []
    return [arg.value for arg in decorator.args
            if isinstance(arg, ast.Constant) and isinstance(arg.value, int)]


def triggering_tests(tests_root: Path) -> dict[int, list[str]]:
    """Code -> sorted test ids (``path::name``) that carry a triggers marker for it."""
    found: dict[int, set[str]] = defaultdict(set)
    root = tests_root.parent
    for path in sorted(tests_root.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                # Markers may sit on the function or inside its parametrize cases
                # (pytest.param(..., marks=pytest.mark.triggers(...))).
                for decorator in node.decorator_list:
                    for inner in ast.walk(decorator):
                        if isinstance(inner, ast.expr):
                            for code in _marker_codes(inner):
                                found[code].add(f"{rel}::{node.name}")
        # Markers in module-level case tables (pytest.param(..., marks=...)) are credited to
        # the table's name, which the parametrized tests consume.
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                label = ", ".join(t.id for t in targets if isinstance(t, ast.Name))
                value = node.value
                if value is None or not label:
                    continue
                for inner in ast.walk(value):
                    if isinstance(inner, ast.expr):
                        for code in _marker_codes(inner):
                            found[code].add(f"{rel}::{label}")
    return {code: sorted(tests) for code, tests in sorted(found.items())}
