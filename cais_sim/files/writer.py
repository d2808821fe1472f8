"""Deterministic, streaming writers for CAIS submission files.

The header of a CAIS file carries the record counts and comes first, yet a producer
usually learns the counts only at the end. The writer therefore spools each record list to
its own temporary file as records arrive (constant memory per record), and on close streams
header, lists and closing brace through the bzip2 compressor into a temporary name that is
renamed into place, so a reader never sees half a file. Compression runs on every core
(:mod:`cais_sim.files.compress`) and still yields one standard bzip2 stream.

Output depends only on the records: keys in specification order (the declaration order of
the record types), compact separators, one record per line, no timestamps, a fixed
compression level, and bytes that do not depend on the number of compression threads.
The same records therefore always give the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self

import msgspec
import orjson

from cais_sim.errors import InvalidArgument
from cais_sim.files.compress import ParallelBz2Writer
from cais_sim.spec.enums import FileKind
from cais_sim.spec.layout import FileLayout, layout_for
from cais_sim.spec.records import (
    DataFile,
    DataFileHeader,
    Record,
    TidsFile,
)

if TYPE_CHECKING:
    from cais_sim.spec.naming import SubmissionName

_ENCODER = msgspec.json.Encoder()
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a writer produced."""

    path: Path
    counts: Mapping[str, int]
    uncompressed_bytes: int
    compressed_bytes: int


def file_layout(kind: FileKind, header: Mapping[str, Any],
                version: str | None) -> tuple[FileLayout, dict[str, Any]]:
    """The layout of the schema version a writer writes, and its header with ``version``.

    Refuses an unknown version and header keys the schema does not have, so a writer never
    starts a file it cannot finish.
    """
    version = version if version is not None else str(header.get("version", "2.0.0"))
    layout = layout_for(kind, version)
    if layout is None:
        raise InvalidArgument(f"no {kind.value} file layout for schema version {version!r}")
    full = {"version": version, **dict(header)}
    count_keys = {spec.count_key for spec in layout.lists}
    unknown = set(full) - set(layout.scalar_keys) - count_keys
    if unknown:
        raise InvalidArgument(f"header keys {sorted(unknown)} are not part of schema {version}")
    return layout, full


class WriterBase:
    """What both writers share: routing typed records to their list, the header with its
    counts, and closing (or aborting) as a context manager.

    A subclass sets ``layout``, ``_header`` and ``_types`` (record type -> list key) and
    supplies ``_append``, ``_list_counts``, ``close`` and ``abort``.
    """

    layout: FileLayout
    _header: dict[str, Any]
    _types: dict[type, str]

    def _append(self, key: str, encoded: bytes) -> None:
        raise NotImplementedError

    def _list_counts(self) -> Mapping[str, int]:
        raise NotImplementedError

    def close(self) -> WriteSummary:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def add(self, record: Record) -> None:
        """Append a typed record to the list its type belongs to."""
        key = self._types.get(type(record))
        if key is None:
            raise InvalidArgument(
                f"{type(record).__name__} records do not belong in a {self.layout.kind.value} "
                f"file of schema {self.layout.version}"
            )
        self._append(key, _ENCODER.encode(record))

    def add_all(self, records: Iterable[Record]) -> None:
        """Append every record of ``records``."""
        for record in records:
            self.add(record)

    def header_bytes(self) -> bytes:
        """The JSON text of the scalar keys, counts included, without braces."""
        counts = self._list_counts()
        values: dict[str, Any] = {}
        for key in self.layout.scalar_keys:
            if key in self._header and self._header[key] is not None:
                values[key] = self._header[key]
            for spec in self.layout.lists:
                if spec.count_key == key:
                    values[key] = counts[spec.key]
        return orjson.dumps(values)[1:-1]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class SubmissionWriter(WriterBase):
    """Write one CAIS Data File or TIDS file, streaming.

    ``header`` holds the scalar keys other than the record counts, which the writer computes.
    Records are typed :class:`~cais_sim.spec.records.Record` objects; :meth:`add_raw` accepts
    a plain JSON object instead, for files that must break the rules on purpose.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        kind: FileKind,
        header: Mapping[str, Any],
        version: str | None = None,
        compresslevel: int = 9,
        workers: int | None = None,
    ) -> None:
        self.layout, self._header = file_layout(kind, header, version)
        self.path = Path(path)
        self.compresslevel = compresslevel
        self.workers = workers
        self._spool_dir = tempfile.TemporaryDirectory(prefix="cais-sim-", dir=self.path.parent)
        self._spools: dict[str, IO[bytes]] = {}
        self._counts: dict[str, int] = {spec.key: 0 for spec in self.layout.lists}
        self._types = {spec.record_type: spec.key for spec in self.layout.lists}
        self._closed = False
        self.summary: WriteSummary | None = None

    # -- adding records --------------------------------------------------------------------

    def add_raw(self, list_key: str, obj: Mapping[str, Any]) -> None:
        """Append a JSON object as-is (key order kept) to ``list_key``."""
        if self.layout.list_spec(list_key) is None and list_key not in self._counts:
            self._counts[list_key] = 0
        self._append(list_key, orjson.dumps(obj))

    def _append(self, key: str, encoded: bytes) -> None:
        if self._closed:
            raise InvalidArgument("the writer is closed")
        spool = self._spools.get(key)
        if spool is None:
            spool = open(os.path.join(self._spool_dir.name, key), "w+b")  # noqa: SIM115
            self._spools[key] = spool
        else:
            spool.write(b",\n")
        spool.write(encoded)
        self._counts[key] += 1

    # -- finishing -------------------------------------------------------------------------

    def _list_counts(self) -> Mapping[str, int]:
        return self._counts

    def close(self) -> WriteSummary:
        """Compress everything into ``path`` and return what was written."""
        if self._closed:
            if self.summary is None:
                raise InvalidArgument("the writer was aborted")
            return self.summary
        self._closed = True
        tmp = self.path.with_name(self.path.name + ".partial")
        raw_size = 0
        try:
            with tmp.open("wb") as out:
                compressor = ParallelBz2Writer(out, level=self.compresslevel,
                                               workers=self.workers)

                def emit(data: bytes) -> None:
                    nonlocal raw_size
                    raw_size += len(data)
                    compressor.write(data)

                emit(b"{" + self.header_bytes())
                for key in self._list_order():
                    spool = self._spools[key]
                    spool.flush()
                    spool.seek(0)
                    emit(b',\n"' + key.encode() + b'":[\n')
                    while chunk := spool.read(_COPY_CHUNK):
                        emit(chunk)
                    emit(b"\n]")
                emit(b"}\n")
                compressor.close()
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            self._cleanup()
        self.summary = WriteSummary(
            path=self.path,
            counts={k: v for k, v in self._counts.items() if v or self.layout.list_spec(k)},
            uncompressed_bytes=raw_size,
            compressed_bytes=self.path.stat().st_size,
        )
        return self.summary

    def abort(self) -> None:
        """Discard everything written so far; ``path`` is left untouched."""
        self._closed = True
        self._cleanup()

    def _list_order(self) -> list[str]:
        ordered = [spec.key for spec in self.layout.lists if spec.key in self._spools]
        return ordered + sorted(k for k in self._spools if k not in ordered)

    def _cleanup(self) -> None:
        for spool in self._spools.values():
            spool.close()
        self._spools.clear()
        self._spool_dir.cleanup()


def data_file_header(reporter_crd: int, submitter_id: int,
                     correspondent_crd: int | None = None) -> dict[str, Any]:
    """The scalar header keys of a Data File (``correspondentCRD`` only when given)."""
    header: dict[str, Any] = {"catReporterCRD": reporter_crd, "catSubmitterID": submitter_id}
    if correspondent_crd is not None:
        header["correspondentCRD"] = correspondent_crd
    return header


def data_file_writer(
    path: str | Path,
    *,
    reporter_crd: int,
    submitter_id: int,
    correspondent_crd: int | None = None,
    version: str = "2.0.0",
    compresslevel: int = 9,
    workers: int | None = None,
) -> SubmissionWriter:
    """A writer for a CAIS Data File with the given header."""
    header = data_file_header(reporter_crd, submitter_id, correspondent_crd)
    return SubmissionWriter(path, kind=FileKind.CAIS, header=header, version=version,
                            compresslevel=compresslevel, workers=workers)


def tids_file_writer(
    path: str | Path, *, version: str = "2.0.0", compresslevel: int = 9,
    workers: int | None = None,
) -> SubmissionWriter:
    """A writer for a Transformed Identifiers File."""
    return SubmissionWriter(path, kind=FileKind.TIDS, header={}, version=version,
                            compresslevel=compresslevel, workers=workers)


def write_data_file(path: str | Path, data: DataFile, *, compresslevel: int = 9) -> WriteSummary:
    """Write an in-memory :class:`DataFile`."""
    h: DataFileHeader = data.header
    with data_file_writer(path, reporter_crd=h.cat_reporter_crd, submitter_id=h.cat_submitter_id,
                          correspondent_crd=h.correspondent_crd, version=h.version,
                          compresslevel=compresslevel) as writer:
        writer.add_all(data.fdid_records)
        writer.add_all(data.natural_persons)
        writer.add_all(data.legal_entities)
        writer.add_all(data.corrections)
    assert writer.summary is not None
    return writer.summary


def write_tids_file(path: str | Path, tids: TidsFile, *, compresslevel: int = 9) -> WriteSummary:
    """Write an in-memory :class:`TidsFile`."""
    with tids_file_writer(path, version=tids.version, compresslevel=compresslevel) as writer:
        writer.add_all(tids.tid_records)
    assert writer.summary is not None
    return writer.summary


__all__ = [
    "SubmissionWriter",
    "WriteSummary",
    "WriterBase",
    "data_file_header",
    "data_file_writer",
    "tids_file_writer",
    "write_data_file",
    "write_pair",
    "write_tids_file",
]


def write_pair(
    directory: str | Path,
    data_name: SubmissionName,
    data: DataFile,
    tids: TidsFile,
    *,
    compresslevel: int = 9,
) -> tuple[Path, Path]:
    """Write a Data File and its TIDS file under their paired names; returns both paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    data_path = folder / data_name.file_name
    tids_path = folder / data_name.partner().file_name
    write_data_file(data_path, data, compresslevel=compresslevel)
    write_tids_file(tids_path, tids, compresslevel=compresslevel)
    return data_path, tids_path
