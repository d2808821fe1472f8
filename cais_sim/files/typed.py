"""Read whole files into typed records.

For files that fit in memory: tests, scenarios, the worked examples. Large files are read
with :class:`~cais_sim.files.reader.SubmissionReader`, record by record.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec

from cais_sim.errors import CaisSimError
from cais_sim.files.reader import IntegrityIssue, SubmissionReader
from cais_sim.spec.enums import FileKind
from cais_sim.spec.layout import layout_for
from cais_sim.spec.records import (
    CorrectionActionRecord,
    DataFile,
    DataFileHeader,
    FdidRecord,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    Record,
    TidRecord,
    TidsFile,
)


class IntegrityFailure(CaisSimError):
    """A file failed a file-level check; ``issues`` lists every condition found."""

    def __init__(self, issues: list[IntegrityIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues))


class RecordShapeError(CaisSimError):
    """A record does not fit its typed model (names the file, record and field)."""


def _typed(reader: SubmissionReader) -> Iterator[Record]:
    """Typed records of ``reader``'s file; its summary is complete once this is exhausted."""
    for raw in reader:
        version = reader.summary.header.get("version", "2.0.0")
        layout = layout_for(reader.kind, version if isinstance(version, str) else "2.0.0")
        spec = layout.list_spec(raw.list_key) if layout is not None else None
        if spec is None:
            continue
        try:
            yield msgspec.convert(raw.data, spec.record_type)
        except msgspec.ValidationError as exc:
            raise RecordShapeError(
                f"{reader.summary.file}: {raw.list_key}[{raw.index}]: {exc}"
            ) from None
    if reader.summary.issues:
        raise IntegrityFailure(reader.summary.issues)


def iter_typed(path: str | Path, *, kind: FileKind | None = None) -> Iterator[Record]:
    """Yield the records of a file as typed records, streaming.

    Raises :class:`IntegrityFailure` when the file fails a file-level check and
    :class:`RecordShapeError` when a record cannot be represented by its type.
    """
    return _typed(SubmissionReader(path, kind=kind))


_COUNT_KEYS = ("fdidRecordCount", "naturalPersonCustomerRecordCount",
               "legalEntityCustomerRecordCount")


def read_data_file(path: str | Path) -> DataFile:
    """Load a schema 2.0.0 CAIS Data File into memory as a :class:`DataFile` (one pass)."""
    reader = SubmissionReader(path, kind=FileKind.CAIS)
    fdids: list[FdidRecord] = []
    people: list[NaturalPersonCustomer] = []
    entities: list[LegalEntityCustomer] = []
    corrections: list[CorrectionActionRecord] = []
    for record in _typed(reader):
        if isinstance(record, FdidRecord):
            fdids.append(record)
        elif isinstance(record, NaturalPersonCustomer):
            people.append(record)
        elif isinstance(record, LegalEntityCustomer):
            entities.append(record)
        elif isinstance(record, CorrectionActionRecord):
            corrections.append(record)
        else:
            raise RecordShapeError(f"{reader.summary.file}: not a schema 2.0.0 Data File")
    header_fields = {k: v for k, v in reader.summary.header.items() if k not in _COUNT_KEYS}
    try:
        header = msgspec.convert(header_fields, DataFileHeader)
    except msgspec.ValidationError as exc:
        raise RecordShapeError(f"{reader.summary.file}: header: {exc}") from None
    return DataFile(header=header, fdid_records=tuple(fdids), natural_persons=tuple(people),
                    legal_entities=tuple(entities), corrections=tuple(corrections))


def read_tids_file(path: str | Path) -> TidsFile:
    """Load a Transformed Identifiers File into memory as a :class:`TidsFile`."""
    records = [r for r in iter_typed(path, kind=FileKind.TIDS) if isinstance(r, TidRecord)]
    return TidsFile(tid_records=tuple(records))


__all__ = ["IntegrityFailure", "RecordShapeError", "iter_typed", "read_data_file",
           "read_tids_file"]
