"""Reading a submitted pair into a staging area before any rule runs.

CAIS checks a file's integrity (counts, unknown keys, readability) before it validates a
single record [S1 §6.1 T17 stages 2-3], and an integrity failure means no record of either
file is processed [S1 §6.2 r11]. Integrity conditions such as a wrong record count can only
be known at the end of a file, so records are first streamed into a temporary SQLite table
(on disk for file-backed stores, never all in memory) and validated from there once both
files are known to be sound.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cais_sim.files.reader import IntegrityIssue, ReadSummary, SubmissionReader
from cais_sim.spec.enums import FileKind

#: Order in which staged lists are read back: the order of the file.
LIST_ORDER = ("fdidRecordList", "naturalPersonCustomerList", "legalEntityCustomerList",
              "correctionList", "tidRecordList")


@dataclass(slots=True)
class StagedFile:
    """One staged file: its reader summary and how many records of each list it held."""

    name: str
    kind: FileKind
    summary: ReadSummary
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def issues(self) -> list[IntegrityIssue]:
        """File-level conditions the reader found."""
        return self.summary.issues

    @property
    def header(self) -> dict[str, Any]:
        """The file's top-level scalar keys."""
        return self.summary.header


def decode(body: bytes) -> dict[str, Any]:
    """A staged record as an object (a record that is not one reads as empty: its list
    held something else, which the integrity stage has already reported)."""
    value = orjson.loads(body)
    return value if isinstance(value, dict) else {}


class Staging:
    """The temporary table that holds a pair's records between reading and loading."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS stage ("
                     "list TEXT NOT NULL, idx INTEGER NOT NULL, body BLOB NOT NULL, "
                     "PRIMARY KEY (list, idx)) WITHOUT ROWID")
        conn.execute("DELETE FROM temp.stage")

    def read(self, path: Path, kind: FileKind, *, display_name: str | None = None,
             max_uncompressed_bytes: int | None = None) -> StagedFile:
        """Stream one file into the stage; reader conditions end up in the summary."""
        options: dict[str, Any] = {}
        if max_uncompressed_bytes is not None:
            options["max_uncompressed_bytes"] = max_uncompressed_bytes
        reader = SubmissionReader(path, kind=kind, **options)
        staged = StagedFile(display_name or path.name, kind, reader.summary)
        batch: list[tuple[str, int, bytes]] = []
        insert = "INSERT OR REPLACE INTO temp.stage VALUES (?, ?, ?)"
        for record in reader:
            batch.append((record.list_key, record.index, orjson.dumps(record.data)))
            staged.counts[record.list_key] = staged.counts.get(record.list_key, 0) + 1
            if len(batch) >= 5000:
                self.conn.executemany(insert, batch)
                batch.clear()
        if batch:
            self.conn.executemany(insert, batch)
        return staged

    def records(self, list_key: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(1-based index, decoded object) of one list, in file order."""
        for rows in self.batches(list_key, 5_000):
            for idx, body in rows:
                yield idx, decode(body)

    def batches(self, list_key: str, size: int) -> Iterator[list[tuple[int, bytes]]]:
        """(1-based index, encoded record) of one list in file order, ``size`` at a time.

        The encoded form is what crosses to another process: it is already bytes, so
        nothing is re-encoded on the way.
        """
        cursor = self.conn.execute(
            "SELECT idx, body FROM temp.stage WHERE list = ? ORDER BY idx", (list_key,))
        while rows := cursor.fetchmany(size):
            yield rows

    def span(self, list_key: str, first: int, last: int) -> list[tuple[int, bytes]]:
        """The encoded records of one list from index ``first`` to ``last`` inclusive."""
        return self.conn.execute(
            "SELECT idx, body FROM temp.stage WHERE list = ? AND idx BETWEEN ? AND ? "
            "ORDER BY idx", (list_key, first, last)).fetchall()

    def record(self, list_key: str, idx: int) -> dict[str, Any]:
        """One staged record."""
        row = self.conn.execute("SELECT body FROM temp.stage WHERE list = ? AND idx = ?",
                                (list_key, idx)).fetchone()
        return decode(row[0]) if row else {}

    def clear(self) -> None:
        """Drop the staged records."""
        self.conn.execute("DELETE FROM temp.stage")
