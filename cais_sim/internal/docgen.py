"""Documents derived from data, and the check that the checked-in copies are current.

Tables that restate data files drift as soon as someone edits one side only, so they are
rendered from the data instead: ``python -m cais_sim.internal.docgen`` (``make docs``)
rewrites every document in ``DOCUMENTS``, and the test suite compares each checked-in copy
with a fresh rendering. Output is deterministic (no dates, no environment) for that reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cais_sim.spec.codes import Code, CodeStatus, Stage, catalog
from cais_sim.spec.effective import Window

ROOT = Path(__file__).resolve().parents[2]
"""The repository root: the directory that holds the ``cais_sim`` package."""

_STAGES: dict[Stage, tuple[str, str]] = {
    Stage.DATA_FILE_INTEGRITY: (
        "CAIS Data File integrity",
        "The Data File is turned away before any record is read, and its TIDS partner fails "
        "with it. Reported in version 2 of the feedback with status COMPLETED_INTEGRITY_ERROR; "
        "the cure is a corrected file sent under the same name.",
    ),
    Stage.TIDS_FILE_INTEGRITY: (
        "Transformed Identifiers File integrity",
        "The same gate for the TIDS file; its Data File partner fails with it.",
    ),
    Stage.DATA_VALIDATION: (
        "Record validation",
        "Single records are rejected while the rest of the file loads, and a rejection spreads "
        "along the FDID-Customer links. Reported in versions 3 and 4 of the Data File "
        "feedback; each rejection must be repaired.",
    ),
    Stage.DATA_LAYER: (
        "Checks against stored data",
        "Record rejections that depend on what CAIS accepted earlier, not only on the file.",
    ),
    Stage.SYSTEM: (
        "System failure",
        "A fault inside CAIS while it handled a record; the data may be fine.",
    ),
    Stage.CORRECTION_WARNING: (
        "correctionList warnings",
        "A repair instruction in the correctionList is ignored, so the rejection it named "
        "stays open. Reported as warningCode in failedCorrectionItems.",
    ),
    Stage.TIDS_WARNING: (
        "TIDS file warnings",
        "A TID Record is dropped and reported in the TIDS feedback; the Customer it belongs to "
        "then receives the Data File error shown after the arrow.",
    ),
    Stage.INTRAFIRM_INCONSISTENCY: (
        "Material inconsistencies within one firm",
        "The daily scan found conflicting facts about one Customer (same tidValue) across the "
        "firm's own accepted submissions. Listed in the Outstanding Material Inconsistencies "
        "file; resolved by resending the Customer with updateNotification true.",
    ),
    Stage.INTERFIRM_INCONSISTENCY: (
        "Material inconsistencies across firms",
        "The same kind of conflict between different firms, or between the correspondents of "
        "one clearing firm.",
    ),
}


def _span(window: Window) -> str:
    if window.start is None and window.end is None:
        return "always"
    if window.end is None:
        return f"from {window.start}"
    if window.start is None:
        return f"before {window.end}"
    return f"{window.start} to before {window.end}"


def _in_force(code: Code) -> str:
    if code.status is CodeStatus.RESERVED:
        return "never (reserved)"
    if code.status is CodeStatus.RETIRED:
        return f"no longer (withdrawn in {code.removed})"
    test, prod = code.effective.test, code.effective.prod
    if test == prod:
        return _span(test)
    return f"{_span(test)} / {_span(prod)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _meaning(code: Code) -> str:
    if not code.maps_to:
        return code.meaning
    return f"{code.meaning} → {' or '.join(str(m) for m in code.maps_to)}"


def _remarks(code: Code) -> list[str]:
    remarks = []
    if code.stops:
        remarks.append("no further checks run on the record")
    if code.repair == "correction-list":
        remarks.append("cleared only through a correctionList entry")
    if code.introduced:
        remarks.append(f"added in {code.introduced}")
    if code.removed and code.status is CodeStatus.RESERVED:
        remarks.append(f"check withdrawn in {code.removed}")
    if code.effective.note:
        remarks.append(f"dates: {code.effective.note}")
    if code.notes:
        remarks.append(code.notes)
    return remarks


def render_codes_md() -> str:
    """``docs/codes.md``: every code, one table per stage, from ``codes.toml``."""
    cat = catalog()
    lines = [
        "# CAIS error, warning and inconsistency codes",
        "",
        "This page is generated from `cais_sim/spec/data/codes.toml` and must not be edited "
        "by hand.",
        "After changing the data, run `make docs`; the test suite fails while the two disagree.",
        "",
        "CAIS checks a submission pair in steps, and every code number belongs to one of them:",
        "",
    ]
    lines += [f"- **{title}**: {text}" for title, text in _STAGES.values()]
    lines += [
        "",
        "*Status*: `active` codes are live checks in the specification; `reserved` numbers "
        "are held with no check behind them; `retired` checks were withdrawn in the revision "
        "named.",
        "",
        "*In force (test / prod)*: the days on which CAIS raised the code, in Industry Test "
        "and in Production (Production Mirror follows Production); a single value means both "
        "agree, and `before` excludes the date given.",
        "",
        "*Source*: S1 is the Full CAIS Technical Specification 2.2.0 r4 (T = table, "
        "§ = section, r = rule); S4 the planned-updates page; S5 the known-issues list.",
        "",
        "| Stage | Codes | Active |",
        "|---|---|---|",
    ]
    for stage, (title, _) in _STAGES.items():
        codes = cat.by_stage(stage)
        active = sum(c.status is CodeStatus.ACTIVE for c in codes)
        lines.append(f"| {title} | {len(codes)} | {active} |")
    total_active = sum(c.status is CodeStatus.ACTIVE for c in cat)
    lines.append(f"| **All** | {len(cat)} | {total_active} |")

    for stage, (title, text) in _STAGES.items():
        codes = cat.by_stage(stage)
        lines += [
            "", f"## {title}", "", text, "",
            "| Code | Record | Severity | Status | Meaning | In force (test / prod) | Source |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {c.code} | {c.record} | {c.severity} | {c.status} | {_cell(_meaning(c))} | "
            f"{_cell(_in_force(c))} | {_cell(c.source)} |"
            for c in codes
        ]
        remarks = [(c.code, r) for c in codes if (r := _remarks(c))]
        if remarks:
            lines += ["", "Remarks:", ""]
            lines += [f"- **{number}**: {'; '.join(items)}." for number, items in remarks]
    return "\n".join(lines) + "\n"


def render_rules_md() -> str:
    """docs/rules.md: every catalogued code, its checks, and the tests that trigger it."""
    from cais_sim.internal.coverage import triggering_tests  # noqa: PLC0415
    from cais_sim.rules.registry import all_rules  # noqa: PLC0415

    rules_by_code: dict[int, list[str]] = {}
    for entry in all_rules():
        rules_by_code.setdefault(entry.code, []).append(entry.name)
    tests = triggering_tests(ROOT / "tests")
    codes = list(catalog())
    checkable = [c for c in codes if c.locally_checkable]
    implemented = [c for c in checkable if c.code in rules_by_code]
    triggered = [c for c in checkable if c.code in tests]
    lines = [
        "# Rule coverage",
        "",
        "Generated by `make docs` from the rule registry (`cais_sim/rules/`) and the",
        "`@pytest.mark.triggers(...)` markers of the test suite; do not edit by hand.",
        "",
        f"- Catalogued codes: {len(codes)}; locally checkable: {len(checkable)}.",
        f"- Locally checkable codes with a registered check: {len(implemented)}.",
        f"- Locally checkable codes triggered by at least one test: {len(triggered)}.",
        "",
        "A code is *locally checkable* when it is live and does not report a fault inside CAIS",
        "itself (see `Code.locally_checkable`). Reserved and retired numbers have no check.",
        "",
        "| Code | Stage | Status | Checks | Triggered by |",
        "|---|---|---|---|---|",
    ]
    for code in codes:
        checks = ", ".join(f"`{n}`" for n in rules_by_code.get(code.code, [])) or (
            "n/a" if not code.locally_checkable else "**none**")
        by = "<br>".join(f"`{t}`" for t in tests.get(code.code, [])) or (
            "n/a" if not code.locally_checkable else "**none**")
        lines.append(f"| {code.code} | {code.stage.value} | {code.status.value} | {checks} | "
                     f"{by} |")
    return "\n".join(lines) + "\n"


DOCUMENTS: dict[str, Callable[[], str]] = {
    "docs/rules.md": render_rules_md,
    "docs/codes.md": render_codes_md,
}
"""Each generated document: its path relative to the repository root, and its renderer."""


def check(root: Path = ROOT) -> list[str]:
    """The generated documents under ``root`` whose text differs from a fresh rendering
    (missing ones included), so a test or CI step can name what to regenerate."""
    stale = []
    for rel, render in DOCUMENTS.items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != render():
            stale.append(rel)
    return stale


def main() -> None:
    """Rewrite every generated document under the repository root."""
    for rel, render in DOCUMENTS.items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(), encoding="utf-8")
        print(f"wrote {rel}")


if __name__ == "__main__":
    main()
