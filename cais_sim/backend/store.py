"""Persistent CAIS state in SQLite: the embedded default store.

One database holds every environment (Industry Test, Production Mirror, Production); each
row carries its environment, so environments never see each other's data. ``:memory:``
gives a throw-away store for tests; a path gives a store the CLI reuses across commands.

Each submitted file pair is applied inside one ``BEGIN IMMEDIATE`` transaction
(:meth:`Store.transaction`): if anything fails part-way - a bad file, a bug, the process
being killed - SQLite rolls the whole pair back, so the stored state is always that of the
previous complete intake.

Stored record states are the JSON objects CAIS accepted, so the full current state of an
FDID or Customer can be compared and re-emitted exactly. Each is stored once, in its history
table (``fdid_history``, ``customer_versions``); the current state is the latest row there
(:func:`current_fdid_state`), and ``fdids``/``customers`` hold only the columns queries filter on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cais_sim.errors import InvalidArgument

#: Version of the table layout below. A state file written with another layout is refused
#: rather than misread (2: ``fdids`` and ``customers`` no longer repeat the JSON of their
#: latest version, which ``fdid_history`` and ``customer_versions`` hold).
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS firms (
    env TEXT NOT NULL, crd INTEGER NOT NULL, name TEXT NOT NULL,
    submitter_id INTEGER, reset_in_progress INTEGER NOT NULL DEFAULT 0,
    registered_on TEXT NOT NULL,
    PRIMARY KEY (env, crd));
CREATE TABLE IF NOT EXISTS submitters (
    env TEXT NOT NULL, submitter_id INTEGER NOT NULL, name TEXT NOT NULL,
    username TEXT NOT NULL, PRIMARY KEY (env, submitter_id));
CREATE TABLE IF NOT EXISTS relationships (
    env TEXT NOT NULL, submitter_id INTEGER NOT NULL, crd INTEGER NOT NULL,
    start_date TEXT NOT NULL, end_date TEXT,
    PRIMARY KEY (env, submitter_id, crd, start_date));
CREATE TABLE IF NOT EXISTS correspondents (
    env TEXT NOT NULL, clearing_crd INTEGER NOT NULL, correspondent_crd INTEGER NOT NULL,
    PRIMARY KEY (env, clearing_crd, correspondent_crd));

CREATE TABLE IF NOT EXISTS submissions (
    env TEXT NOT NULL, submission_id INTEGER NOT NULL, tids_submission_id TEXT NOT NULL,
    data_name TEXT NOT NULL, tids_name TEXT NOT NULL, base_name TEXT NOT NULL,
    resubmission INTEGER NOT NULL, submitter_id INTEGER NOT NULL, crd INTEGER,
    correspondent_crd INTEGER, status TEXT NOT NULL, tids_status TEXT NOT NULL,
    received_at TEXT NOT NULL, completed_at TEXT, integrity_ok INTEGER NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (env, submission_id));
CREATE INDEX IF NOT EXISTS submissions_base ON submissions (env, base_name);
CREATE TABLE IF NOT EXISTS feedback (
    env TEXT NOT NULL, submission_id INTEGER NOT NULL, kind TEXT NOT NULL,
    version INTEGER NOT NULL, name TEXT NOT NULL, submitter_id INTEGER NOT NULL,
    available_at TEXT NOT NULL, body TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (env, submission_id, kind, version));
CREATE TABLE IF NOT EXISTS pending_files (
    env TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL,
    submitter_id INTEGER NOT NULL, received_at TEXT NOT NULL, channel TEXT NOT NULL,
    PRIMARY KEY (env, name));

CREATE TABLE IF NOT EXISTS fdids (
    env TEXT NOT NULL, crd INTEGER NOT NULL, fdid TEXT NOT NULL,
    correspondent_crd INTEGER, submitter_id INTEGER NOT NULL,
    fdid_date INTEGER NOT NULL, fdid_end_date INTEGER, fdid_end_reason TEXT,
    last_file TEXT NOT NULL, last_submission_id INTEGER NOT NULL,
    last_accepted_at TEXT NOT NULL,
    PRIMARY KEY (env, crd, fdid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fdid_history (
    env TEXT NOT NULL, crd INTEGER NOT NULL, fdid TEXT NOT NULL,
    submission_id INTEGER NOT NULL, accepted_at TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS fdid_history_key ON fdid_history (env, crd, fdid);
CREATE TABLE IF NOT EXISTS fdid_addresses (
    env TEXT NOT NULL, crd INTEGER NOT NULL, fdid TEXT NOT NULL, address TEXT NOT NULL,
    is_current INTEGER NOT NULL, first_submission_id INTEGER NOT NULL,
    last_submission_id INTEGER NOT NULL,
    PRIMARY KEY (env, crd, fdid, address)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fdid_ltids (
    env TEXT NOT NULL, crd INTEGER NOT NULL, fdid TEXT NOT NULL, ltid TEXT NOT NULL,
    effective_date INTEGER NOT NULL, end_date INTEGER, end_reason TEXT,
    PRIMARY KEY (env, crd, fdid, ltid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS associations (
    env TEXT NOT NULL, crd INTEGER NOT NULL, fdid TEXT NOT NULL, ccid TEXT NOT NULL,
    role TEXT NOT NULL, has_discretion INTEGER, start_date INTEGER NOT NULL,
    end_date INTEGER, end_reason TEXT, customer_record_id INTEGER NOT NULL,
    PRIMARY KEY (env, crd, fdid, ccid, role, start_date)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS associations_ccid ON associations (env, ccid);

CREATE TABLE IF NOT EXISTS ccids (
    env TEXT NOT NULL, tid_value TEXT NOT NULL, ccid TEXT NOT NULL,
    PRIMARY KEY (env, tid_value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS customers (
    env TEXT NOT NULL, crd INTEGER NOT NULL, ccid TEXT NOT NULL, record_kind TEXT NOT NULL,
    correspondent_crd INTEGER, submitter_id INTEGER NOT NULL,
    year_of_birth INTEGER, ein TEXT, foreign_tid_type TEXT,
    last_file TEXT NOT NULL, last_submission_id INTEGER NOT NULL,
    last_customer_record_id INTEGER NOT NULL, last_accepted_at TEXT NOT NULL,
    update_notification_at TEXT,
    PRIMARY KEY (env, crd, ccid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS customer_versions (
    env TEXT NOT NULL, crd INTEGER NOT NULL, ccid TEXT NOT NULL,
    submission_id INTEGER NOT NULL, accepted_at TEXT NOT NULL, record_kind TEXT NOT NULL,
    year_of_birth INTEGER, ein TEXT, update_notification INTEGER NOT NULL,
    state TEXT NOT NULL, foreign_tid_type TEXT, foreign_country TEXT);
-- One index serves lookups by Customer across firms and within one firm.
CREATE INDEX IF NOT EXISTS customer_versions_ccid ON customer_versions (env, ccid, crd);

CREATE TABLE IF NOT EXISTS rejections (
    env TEXT NOT NULL, rejection_id INTEGER NOT NULL, submission_id INTEGER NOT NULL,
    file_name TEXT NOT NULL, crd INTEGER NOT NULL, submitter_id INTEGER NOT NULL,
    correspondent_crd INTEGER, kind TEXT NOT NULL, fdid TEXT, fdid_record_id INTEGER,
    customer_record_ids TEXT, tid_value TEXT, error_code INTEGER NOT NULL,
    addr_type TEXT, large_trader_record_id INTEGER, auth_trader_name_id INTEGER,
    identified_at TEXT NOT NULL, first_identified_at TEXT NOT NULL, deadline TEXT NOT NULL,
    status TEXT NOT NULL, closed_at TEXT, closed_late INTEGER, closed_by_submission INTEGER,
    PRIMARY KEY (env, rejection_id));
CREATE INDEX IF NOT EXISTS rejections_open ON rejections (env, crd, status);
CREATE TABLE IF NOT EXISTS inconsistencies (
    env TEXT NOT NULL, event_id TEXT NOT NULL, crd INTEGER NOT NULL, ccid TEXT NOT NULL,
    code INTEGER NOT NULL, identified_at TEXT NOT NULL, deadline TEXT NOT NULL,
    status TEXT NOT NULL, resolved_at TEXT, resolved_late INTEGER,
    PRIMARY KEY (env, event_id, code));
CREATE INDEX IF NOT EXISTS inconsistencies_open ON inconsistencies (env, crd, status);
CREATE TABLE IF NOT EXISTS outputs (
    env TEXT NOT NULL, kind TEXT NOT NULL, day TEXT NOT NULL, submitter_id INTEGER NOT NULL,
    name TEXT NOT NULL, body BLOB NOT NULL,
    PRIMARY KEY (env, kind, day, submitter_id, name));
"""


def current_fdid_state(conn: sqlite3.Connection, env: str, crd: int, fdid: str) -> str | None:
    """The JSON of the FDID's latest accepted record (the last ``fdid_history`` row)."""
    row = conn.execute("SELECT state FROM fdid_history WHERE env = ? AND crd = ? AND fdid = ? "
                       "ORDER BY rowid DESC LIMIT 1", (env, crd, fdid)).fetchone()
    return None if row is None else str(row[0])


class Store:
    """A SQLite database holding the simulated CAIS state."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._check_layout()
        if self.path != ":memory:":
            # WAL lets report readers run beside an intake; NORMAL sync is still crash-safe
            # for committed transactions in WAL mode.
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # Large intakes update several indexes per record; a 256 MiB page cache keeps
            # their upper levels in memory (the default is 2 MiB).
            self.conn.execute("PRAGMA cache_size = -262144")
        self.conn.executescript(_SCHEMA)
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)",
                          (str(SCHEMA_VERSION),))
        self._depth = 0

    def _check_layout(self) -> None:
        """Refuse a state file whose tables another version of cais-sim laid out."""
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not has_meta:
            return
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] != str(SCHEMA_VERSION):
            self.conn.close()
            raise InvalidArgument(
                f"{self.path}: state written with store layout {row[0]}, this cais-sim uses "
                f"layout {SCHEMA_VERSION}; start a new state file (or export what you need "
                "with the version that wrote it)")

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Apply everything inside the block, or nothing (nested blocks join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def get(self, key: str) -> str | None:
        """A stored setting or counter."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, value: str) -> None:
        """Store a setting or counter."""
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def next_number(self, key: str, first: int) -> int:
        """The next value of a counter that starts at ``first``."""
        current = self.get(key)
        value = first if current is None else int(current) + 1
        self.put(key, str(value))
        return value

    def clear(self) -> None:
        """Delete every row of every table; the schema stays."""
        tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        with self.transaction():
            for table in tables:
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)",
                              (str(SCHEMA_VERSION),))
