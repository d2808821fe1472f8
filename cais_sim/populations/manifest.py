"""The manifest written next to generated files: what was asked, what was written, and why.

One JSON document per output directory (per shard when sharded) lets a user or a test
check a generated population without reading the bz2 files: the parameters that reproduce
it, every file with its record counts and SHA-256, the certification case figure by figure,
and every injected defect with the record it sits in, the code CAIS must return and the
records the rejection cascade drags down.

The document is deterministic (no clock, no absolute paths, keys in a fixed order), so the
same seed and date give a byte-identical manifest. It never holds an Input Identifier: not
an SSN, ITIN, EIN or foreign identifier, not even a ``tidValue``; :func:`render` refuses
text shaped like an SSN, as a last guard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cais_sim.errors import InvalidArgument

if TYPE_CHECKING:
    from cais_sim.populations.bulk import FileResult, FirmSpec
    from cais_sim.populations.certification import CertificationPack
    from cais_sim.populations.defects import InjectedDefect

MANIFEST_VERSION = 1
_SSN_SHAPE = re.compile(r"(?<![0-9A-Za-z])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])")
_DATA_LISTS = ("fdidRecordList", "naturalPersonCustomerList", "legalEntityCustomerList")


def manifest_name(shard: tuple[int, int] | None = None) -> str:
    """``manifest.json``, or ``manifest-shard-2-of-4.json`` for one shard of a run, so
    shards written into one directory do not overwrite each other."""
    return "manifest.json" if shard is None else f"manifest-shard-{shard[0]}-of-{shard[1]}.json"


@dataclass(slots=True)
class Manifest:
    """Everything the manifest states, assembled by the generator."""

    parameters: dict[str, Any]
    firms: Sequence[FirmSpec]
    files: Sequence[FileResult]
    certification: CertificationPack | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def defects(self) -> list[InjectedDefect]:
        return [d for f in self.files for d in f.defects]

    def totals(self) -> dict[str, int]:
        """Record counts over every file."""
        totals: dict[str, int] = {}
        for result in self.files:
            for key, n in result.counts.items():
                totals[key] = totals.get(key, 0) + n
        return totals

    def expected_rejections(self) -> dict[str, Any]:
        """How many Data File records CAIS must reject, directly or by cascade, and the
        resulting error rate (rejected over submitted Data File records)."""
        direct: set[tuple[str | None, str, int]] = set()
        dragged: set[tuple[str | None, str, int]] = set()
        by_code: dict[int, int] = {}
        for defect in self.defects:
            rejected = defect.rejected
            direct.add((defect.data_file, rejected.record.list_key, rejected.record.index))
            by_code[defect.kind.code] = by_code.get(defect.kind.code, 0) + 1
            if rejected.code != defect.kind.code:
                # A TID Record warning rejects its Customer with the mapped Data File code.
                by_code[rejected.code] = by_code.get(rejected.code, 0) + 1
            for item in defect.cascade:
                dragged.add((defect.data_file, item.record.list_key, item.record.index))
                by_code[item.code] = by_code.get(item.code, 0) + 1
        dragged -= direct
        totals = self.totals()
        submitted = sum(totals.get(k, 0) for k in _DATA_LISTS)
        rejected_count = len(direct) + len(dragged)
        return {
            "defects": len(self.defects),
            "rejectedDirectly": len(direct),
            "rejectedByCascade": len(dragged),
            "submittedRecords": submitted,
            "errorRate": round(rejected_count / submitted, 6) if submitted else 0.0,
            "codes": {str(code): by_code[code] for code in sorted(by_code)},
        }

    def rejected_and_submitted(self) -> tuple[int, int]:
        """(rejected, submitted) Data File records, for the certification error-rate check."""
        summary = self.expected_rejections()
        rejected = summary["rejectedDirectly"] + summary["rejectedByCascade"]
        return int(rejected), int(summary["submittedRecords"])

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "manifestVersion": MANIFEST_VERSION,
            "generator": "cais-sim",
            "parameters": self.parameters,
            "firms": [f.to_json() for f in self.firms],
            "totals": self.totals(),
            "files": [f.to_json() for f in self.files],
        }
        if self.certification is not None:
            document["certification"] = self.certification.to_json()
        document["expectedRejections"] = self.expected_rejections()
        document["defects"] = [d.to_json() for d in self.defects]
        if self.notes:
            document["notes"] = list(self.notes)
        return document


def render(manifest: Manifest) -> str:
    """The manifest as JSON text; raises if any value looks like a clear-text SSN."""
    text = json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n"
    if _SSN_SHAPE.search(text):
        raise InvalidArgument("the manifest would contain text shaped like an SSN; refusing "
                              "to write clear-text identifiers")
    return text


def write(manifest: Manifest, directory: Path, shard: tuple[int, int] | None = None) -> Path:
    """Write the manifest into ``directory`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / manifest_name(shard)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(render(manifest), encoding="utf-8")
    tmp.replace(path)
    return path


def read(path: Path) -> dict[str, Any]:
    """A manifest read back (for tests and tools that check a generated population)."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if document.get("manifestVersion") != MANIFEST_VERSION:
        raise InvalidArgument(f"{path.name}: not a cais-sim manifest of version "
                              f"{MANIFEST_VERSION}")
    return document


__all__ = ["MANIFEST_VERSION", "Manifest", "manifest_name", "read", "render", "write"]
