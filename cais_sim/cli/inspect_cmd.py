"""``cais-sim inspect``: header, counts, pairing status and name problems of files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cais_sim.cli.exitcodes import INTEGRITY, OK
from cais_sim.files.inspect import FileReport, InspectReport, inspect_files


def render_report(report: InspectReport) -> str:
    """The human-readable form of an inspection."""
    lines: list[str] = []
    for f in report.files:
        lines.extend(_render_file(f))
        lines.append("")
    if report.pairs:
        lines.append("pairs:")
        for pair in report.pairs:
            lines.append(f"  {pair.key}: {pair.status}")
            lines.extend(f"    - {p}" for p in pair.problems)
    lines.append("result: " + ("no problems found" if report.ok else "problems found"))
    return "\n".join(lines)


def _render_file(f: FileReport) -> list[str]:
    s = f.summary
    kind = "CAIS Data File" if f.kind.value == "CAIS" else "Transformed Identifiers File"
    lines = [f.path.name,
             f"  kind: {kind}, schema {s.version or '?'}; {f.compressed_bytes:,} bytes "
             f"compressed, {s.uncompressed_bytes:,} uncompressed"]
    scalars = {k: v for k, v in s.header.items() if k not in _COUNT_TO_LIST}
    if scalars:
        lines.append("  header: " + ", ".join(f"{k} {v}" for k, v in scalars.items()))
    counts = []
    declared_by_list = {lst: s.header.get(key) for key, lst in _COUNT_TO_LIST.items()
                        if key in s.header}
    for list_key in dict.fromkeys([*declared_by_list, *s.counts]):
        found = s.counts.get(list_key, 0)
        declared = declared_by_list.get(list_key)
        text = f"{list_key} {found:,}"
        if declared is not None and declared != found:
            text += f" (header says {declared})"
        counts.append(text)
    if counts:
        lines.append("  counts: " + ", ".join(counts))
    problems = f.problems
    lines.append("  problems: " + ("none" if not problems else ""))
    lines.extend(f"    - {p}" for p in problems)
    lines.extend(f"  advice: {a}" for a in f.advice)
    return lines


_COUNT_TO_LIST = {
    "fdidRecordCount": "fdidRecordList",
    "naturalPersonCustomerRecordCount": "naturalPersonCustomerList",
    "legalEntityCustomerRecordCount": "legalEntityCustomerList",
    "tidRecordCount": "tidRecordList",
}


@click.command("inspect")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document for machines.")
def inspect_cmd(files: tuple[Path, ...], as_json: bool) -> int:
    """Show the header, record counts, pairing status and problems of submission FILES.

    Each file is read once, streaming, whatever its size. Give a Data File and its TIDS
    file together to check that they pair. Exit status 0 when nothing is wrong, 2 when a
    name, a file or a pairing has a problem.
    """
    report = inspect_files(list(files))
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, sort_keys=False))
    else:
        click.echo(render_report(report))
    return OK if report.ok else INTEGRITY
