"""Inspect submission files: names, headers, counts, pairing and file-level problems.

This answers, without any stored state, what a firm would want to know before sending a
pair: does each name follow the rules, does each file read cleanly, do the counts match,
and does every Data File have its TIDS partner (and the other way round)?
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cais_sim.errors import FileNameError
from cais_sim.files.reader import ReadSummary, SubmissionReader
from cais_sim.spec.enums import FileKind
from cais_sim.spec.naming import SubmissionName, name_advice, parse_submission_name


@dataclass(slots=True)
class FileReport:
    """What inspection found about one file."""

    path: Path
    name: SubmissionName | None
    name_problems: list[tuple[int | None, str]]
    advice: list[str]
    summary: ReadSummary
    compressed_bytes: int

    @property
    def kind(self) -> FileKind:
        return self.name.kind if self.name is not None else self.summary.kind

    @property
    def problems(self) -> list[str]:
        """Every problem, as one line each, with its CAIS code."""
        lines = [f"{code}: {msg}" if code else msg for code, msg in self.name_problems]
        lines += [f"{i.code}: {i.message}" + (f" ({i.location()})" if i.location() else "")
                  for i in self.summary.issues]
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "kind": self.kind.value,
            "version": self.summary.version,
            "header": self.summary.header,
            "recordCounts": self.summary.counts,
            "uncompressedBytes": self.summary.uncompressed_bytes,
            "compressedBytes": self.compressed_bytes,
            "nameProblems": [{"code": c, "message": m} for c, m in self.name_problems],
            "advice": self.advice,
            "integrityIssues": [
                {"code": i.code, "message": i.message, "offset": i.offset,
                 "list": i.list_key, "index": i.index, "field": i.field}
                for i in self.summary.issues
            ],
        }


@dataclass(slots=True)
class PairReport:
    """One pairing key and the files that carry it."""

    key: str
    data: FileReport | None = None
    tids: FileReport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.data is None:
            return "missing Data File"
        if self.tids is None:
            return "missing TIDS file"
        return "paired" if not self.problems else "paired with problems"

    def to_json(self) -> dict[str, Any]:
        return {
            "pairingKey": self.key,
            "status": self.status,
            "dataFile": self.data.path.name if self.data else None,
            "tidsFile": self.tids.path.name if self.tids else None,
            "problems": self.problems,
        }


@dataclass(slots=True)
class InspectReport:
    """Inspection of a set of files."""

    files: list[FileReport]
    pairs: list[PairReport]

    @property
    def ok(self) -> bool:
        return all(not f.problems for f in self.files) and all(
            p.status == "paired" for p in self.pairs
        )

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "files": [f.to_json() for f in self.files],
                "pairs": [p.to_json() for p in self.pairs]}


def inspect_file(path: Path) -> FileReport:
    """Inspect one file: its name, then one streaming pass over its content."""
    name: SubmissionName | None = None
    problems: list[tuple[int | None, str]] = []
    advice: list[str] = []
    try:
        name = parse_submission_name(path.name)
        advice = name_advice(name)
    except FileNameError as exc:
        problems = list(exc.problems)
    kind = name.kind if name is not None else None
    summary = SubmissionReader(path, kind=kind, allow_plain=True).read()
    return FileReport(path, name, problems, advice, summary, path.stat().st_size)


def _key_text(name: SubmissionName) -> str:
    base = name.base_name
    head, _, _ = base.rpartition(f"_{name.kind.value}_")
    return f"{head}_*_{name.file_number:06d}"


def inspect_files(paths: list[Path]) -> InspectReport:
    """Inspect files and pair Data Files with TIDS files by their names [S1 §5.1.1 r5]."""
    reports = [inspect_file(p) for p in paths]
    pairs: dict[tuple[object, ...], PairReport] = {}
    for report in reports:
        if report.name is None:
            continue
        key = report.name.pair_key
        pair = pairs.setdefault(key, PairReport(_key_text(report.name)))
        slot = "data" if report.name.kind is FileKind.CAIS else "tids"
        if getattr(pair, slot) is not None:
            pair.problems.append(f"more than one {report.name.kind.value} file with this key")
        setattr(pair, slot, report)
    for pair in pairs.values():
        if pair.data and pair.tids:
            dv, tv = pair.data.summary.version, pair.tids.summary.version
            if dv and tv and dv != tv:
                pair.problems.append(
                    f"schema versions differ: Data File {dv}, TIDS file {tv} [S1 §5.1.3 r9]")
            if pair.data.problems or pair.tids.problems:
                pair.problems.append(
                    "a file of the pair has an integrity problem, so CAIS fails both "
                    "[S1 §6.2 r11]")
    ordered = sorted(pairs.values(), key=lambda p: p.key)
    return InspectReport(reports, ordered)


__all__ = ["FileReport", "InspectReport", "PairReport", "inspect_file", "inspect_files"]
