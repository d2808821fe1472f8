"""Generate the documents that are derived from data, and check they are current.

``python -m cais_sim.internal.docgen`` (or ``make docs``) rewrites them; the test suite
fails when a checked-in copy differs from what the data says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cais_sim.spec.codes import Code, CodeStatus, Stage, catalog

ROOT = Path(__file__).resolve().parents[2]

_STAGE_TITLES = {
    Stage.DATA_FILE_INTEGRITY: "CAIS Data File integrity (file rejected, feedback v2)",
    Stage.TIDS_FILE_INTEGRITY: "Transformed Identifiers File integrity (file rejected)",
    Stage.DATA_VALIDATION: "Record validation (record rejected, feedback v3/v4)",
    Stage.DATA_LAYER: "Checks against stored CAIS data (record rejected)",
    Stage.CORRECTION_WARNING: "correctionList warnings (no repair credit, nothing to repair)",
    Stage.TIDS_WARNING: "TIDS file warnings and the Data File error each causes",
    Stage.INTRAFIRM_INCONSISTENCY: "Material inconsistencies within one firm",
    Stage.INTERFIRM_INCONSISTENCY: "Material inconsistencies across firms or correspondents",
    Stage.SYSTEM: "System",
}


def _window(code: Code) -> str:
    eff = code.effective
    undated = eff.test == eff.prod and eff.test.start is None and eff.test.end is None
    if code.status is CodeStatus.RESERVED:
        return "never (reserved)"
    if code.status is CodeStatus.RETIRED and undated:
        return f"no longer (removed {code.removed})" if code.removed else "no longer"
    if eff.test == eff.prod:
        text = "always" if eff.test.start is None and eff.test.end is None else str(eff.test)
    else:
        text = f"test {eff.test}; prod {eff.prod}"
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_codes_md() -> str:
    """``docs/codes.md``: every code, by stage."""
    cat = catalog()
    lines = [
        "# CAIS codes",
        "",
        "Generated from `cais_sim/spec/data/codes.toml` by `make docs`; do not edit by hand.",
        "",
        "Every error, warning and material-inconsistency code of the Full CAIS specification",
        "2.2.0 r4 (Appendix B), including reserved and retired numbers. *In force* gives the",
        "dates between which CAIS raises the code (`always` when undated); *Maps to* gives, for",
        "a TIDS warning, the error the linked Customer Record receives in the Data feedback.",
        "",
        f"{len(cat)} codes.",
    ]
    for stage in Stage:
        codes = cat.by_stage(stage)
        if not codes:
            continue
        lines += ["", f"## {_STAGE_TITLES[stage]}", "",
                  "| Code | Record | Severity | Status | Meaning | In force | Maps to | Source |",
                  "|---|---|---|---|---|---|---|---|"]
        for c in codes:
            meaning = c.meaning + (f" ({c.notes})" if c.notes else "")
            maps = ", ".join(str(m) for m in c.maps_to)
            lines.append(f"| {c.code} | {c.record.value} | {c.severity.value} | "
                         f"{c.status.value} | {_cell(meaning)} | {_cell(_window(c))} | "
                         f"{maps} | {_cell(c.source)} |")
    return "\n".join(lines) + "\n"


DOCUMENTS: dict[str, Callable[[], str]] = {"docs/codes.md": render_codes_md}


def stale(root: Path = ROOT) -> list[str]:
    """Generated documents whose checked-in text differs from their data."""
    result = []
    for rel, render in DOCUMENTS.items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != render():
            result.append(rel)
    return result


def main() -> None:
    """Rewrite every generated document."""
    for rel, render in DOCUMENTS.items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(), encoding="utf-8")
        print(f"wrote {rel}")


if __name__ == "__main__":
    main()
