"""Files uploaded one at a time, waiting for their partner.

CAIS starts processing only when both files of a pair are in the upload directories; a file
whose partner does not arrive within 60 minutes is rejected [S1 §5.1.3 r6-7, §5.3.1 r1-3,
§6.2 r3, r6]. The Data File then ends with ``COMPLETED_FILE_TIMEOUT`` and code 21014 and a
lone TIDS file with ``COMPLETED_FILE_TIMEOUT`` and 21514 (digest g.3, f.1-f.2).

Pending files are kept as bytes inside the store, so a pending upload survives the process
and an intake transaction that consumes it also removes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cais_sim.backend.store import Store
from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Environment
from cais_sim.spec.enums import FileKind

PAIRING_WINDOW = dt.timedelta(minutes=60)
#: Largest single upload kept in the store; larger pairs go through ``submit``.
MAX_PENDING_BYTES = 1 << 30


@dataclass(frozen=True, slots=True)
class PendingFile:
    """An uploaded file without its partner yet."""

    env: Environment
    name: str
    kind: FileKind
    body: bytes
    submitter_id: int
    received_at: dt.datetime
    channel: str

    @property
    def expires_at(self) -> dt.datetime:
        """When the file times out without a partner."""
        return self.received_at + PAIRING_WINDOW


class PendingFiles:
    """The upload directories of every submitter, per environment."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.conn.execute("CREATE TABLE IF NOT EXISTS pending_bodies ("
                           "env TEXT NOT NULL, name TEXT NOT NULL, body BLOB NOT NULL, "
                           "PRIMARY KEY (env, name))")

    def add(self, pending: PendingFile) -> None:
        """Put a file in the upload directory."""
        if len(pending.body) > MAX_PENDING_BYTES:
            raise InvalidArgument(f"{pending.name}: uploads over 1 GiB are not kept; submit the "
                                  "pair together instead")
        conn = self.store.conn
        conn.execute("INSERT OR REPLACE INTO pending_files VALUES (?, ?, ?, '', ?, ?, ?)",
                     (pending.env.value, pending.name, pending.kind.value,
                      pending.submitter_id, pending.received_at.isoformat(), pending.channel))
        conn.execute("INSERT OR REPLACE INTO pending_bodies VALUES (?, ?, ?)",
                     (pending.env.value, pending.name, pending.body))

    def take(self, env: Environment, name: str) -> PendingFile | None:
        """Remove and return a pending file by name."""
        found = self.get(env, name)
        if found is not None:
            self.store.conn.execute("DELETE FROM pending_files WHERE env = ? AND name = ?",
                                    (env.value, name))
            self.store.conn.execute("DELETE FROM pending_bodies WHERE env = ? AND name = ?",
                                    (env.value, name))
        return found

    def get(self, env: Environment, name: str) -> PendingFile | None:
        """A pending file by name."""
        row = self.store.conn.execute(
            "SELECT p.kind, b.body, p.submitter_id, p.received_at, p.channel FROM pending_files p "
            "JOIN pending_bodies b ON b.env = p.env AND b.name = p.name "
            "WHERE p.env = ? AND p.name = ?", (env.value, name)).fetchone()
        if row is None:
            return None
        return PendingFile(env, name, FileKind(row[0]), bytes(row[1]), row[2],
                           dt.datetime.fromisoformat(row[3]), row[4])

    def expired(self, until: dt.datetime) -> list[PendingFile]:
        """Files whose window closed at or before ``until``, oldest first."""
        rows = self.store.conn.execute(
            "SELECT env, name FROM pending_files ORDER BY received_at, name").fetchall()
        found = [p for env, name in rows
                 if (p := self.get(Environment(env), name)) is not None]
        return [p for p in found if p.expires_at <= until]
