"""Rejections: creating them, repairing them, and tracking repair time.

Every error on a record is its own rejection item with its own ``rejectionID`` [S1 §6.3 r6];
IDs begin with the digits of the submission that raised them, as the published examples
do (digest g.11). A rejection is repaired when (S1 §6.6.2, digest j.3 items 11-12):

* the record is later accepted in a resubmission (ordinary repair), or
* a ``correctionList`` entry names it: ``DELETE`` removes it, ``CORRECTION`` points at the
  corrected record, which must be accepted (22001/22501/22526/22900/22914 can only be
  repaired this way).

If the repairing record is rejected again for the same reason, the original stays open; if
it fails for another reason, the original is closed and the new rejection keeps the
original's deadline, so repair timeliness is always measured from the first error.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from cais_sim.rules import StoredFdid, StoredRejection
from cais_sim.spec.codes import catalog

OPEN = "open"
REPAIRED = "repaired"
DELETED = "deleted"


@dataclass(slots=True)
class NewRejection:
    """A rejection item raised by this submission."""

    rejection_id: int
    kind: str  # "FDID" or "CUSTOMER"
    error_code: int
    message: str
    fdid: str | None = None
    fdid_record_id: int | None = None
    customer_record_ids: tuple[int, ...] = ()
    tid_value: str | None = None
    addr_type: str | None = None
    large_trader_record_id: int | None = None
    auth_trader_name_id: int | None = None
    first_identified_at: str | None = None
    deadline: str | None = None

    def item(self, timestamp: str) -> dict[str, Any]:
        """The ``rejectionItems`` entry of the Data feedback [S1 T20]."""
        doc: dict[str, Any] = {"rejectionID": self.rejection_id}
        if self.kind == "FDID":
            doc["firmDesignatedID"] = self.fdid
            doc["fdidRecordID"] = self.fdid_record_id
        if self.large_trader_record_id is not None:
            doc["largeTraderRecordID"] = self.large_trader_record_id
        if self.customer_record_ids:
            doc["customerRecordID"] = list(self.customer_record_ids)
        if self.addr_type is not None:
            doc["addrType"] = self.addr_type
        if self.auth_trader_name_id is not None:
            doc["authTraderNameID"] = self.auth_trader_name_id
        doc["errorCode"] = self.error_code
        doc["rejectionTimestamp"] = timestamp
        return doc


class StoreState:
    """What rules may ask about stored data of one reporter (the StateView protocol).

    Rules ask per record (every Customer asks about open inconsistencies), while a firm's
    first submissions find nothing stored at all; so each table is first asked once whether
    it holds anything for the reporter, and an empty table answers without a query.
    """

    def __init__(self, conn: sqlite3.Connection, env: str, crd: int | None) -> None:
        self.conn = conn
        self.env = env
        self.crd = crd
        self._holds: dict[str, bool] = {}

    def file(self) -> str | None:
        """The database file behind the connection (None for an in-memory store)."""
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return str(row[2]) if row is not None and row[2] else None

    def reopen_read_only(self) -> None:
        """Ask through a read-only connection of this process's own.

        A forked process must not use the connection it inherited, so one that checks
        records for the intake (``intake.parallel``) opens the file again; it sees the last
        committed state, which is what rules are judged against.
        """
        path = self.file()
        if path is None:
            raise ValueError("an in-memory store cannot be reopened")
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    def _any(self, table: str, condition: str = "") -> bool:
        known = self._holds.get(table + condition)
        if known is None:
            known = self._holds[table + condition] = self.conn.execute(
                f"SELECT EXISTS (SELECT 1 FROM {table} WHERE env = ? AND crd = ?{condition})",
                (self.env, self.crd)).fetchone()[0] == 1
        return known

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        if not self._any("fdids"):
            return None
        row = self.conn.execute(
            "SELECT fdid, fdid_date, fdid_end_date, fdid_end_reason, "
            "EXISTS (SELECT 1 FROM associations a WHERE a.env = f.env AND a.crd = f.crd "
            "AND a.fdid = f.fdid) FROM fdids f WHERE env = ? AND crd = ? AND fdid = ?",
            (self.env, self.crd, firm_designated_id.strip(" "))).fetchone()
        if row is None:
            return None
        return StoredFdid(row[0], row[1], row[2], row[3], bool(row[4]))

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        row = self.conn.execute(
            "SELECT rejection_id, error_code, status, fdid, customer_record_ids "
            "FROM rejections WHERE env = ? AND crd = ? AND rejection_id = ?",
            (self.env, self.crd, rejection_id)).fetchone()
        if row is None:
            return None
        ids = tuple(orjson.loads(row[4])) if row[4] else ()
        return StoredRejection(row[0], row[1], row[2] == OPEN, row[3], ids)

    def customer_accepted(self, tid_value: str) -> bool:
        if not self._any("customers"):
            return False
        row = self.conn.execute(
            "SELECT 1 FROM customers c JOIN ccids i ON i.env = c.env AND i.ccid = c.ccid "
            "WHERE c.env = ? AND c.crd = ? AND i.tid_value = ?",
            (self.env, self.crd, tid_value.lower())).fetchone()
        return row is not None

    def open_inconsistency(self, tid_value: str) -> bool:
        if not self._any("inconsistencies", " AND status = 'open'"):
            return False
        row = self.conn.execute(
            "SELECT 1 FROM inconsistencies n JOIN ccids i ON i.env = n.env AND i.ccid = n.ccid "
            "WHERE n.env = ? AND n.crd = ? AND i.tid_value = ? AND n.status = 'open'",
            (self.env, self.crd, tid_value.lower())).fetchone()
        return row is not None


def repairable_by_resubmission(code: int) -> bool:
    """Whether a full resubmission of the record repairs a rejection with this code."""
    try:
        return catalog()[code].repair != "correction-list"
    except KeyError:
        return True


class RejectionBook:
    """Reads and writes the rejections of one reporter within an intake transaction."""

    def __init__(self, conn: sqlite3.Connection, env: str, crd: int) -> None:
        self.conn = conn
        self.env = env
        self.crd = crd

    def any_open(self) -> bool:
        """Whether the reporter has any open rejection at all (skips work for new firms)."""
        row = self.conn.execute("SELECT 1 FROM rejections WHERE env = ? AND crd = ? "
                                "AND status = 'open' LIMIT 1", (self.env, self.crd)).fetchone()
        return row is not None

    def open_for_fdid(self, fdid: str) -> list[tuple[int, int, str, str]]:
        """(rejectionID, code, first identified, deadline) of open FDID rejections."""
        rows = self.conn.execute(
            "SELECT rejection_id, error_code, first_identified_at, deadline FROM rejections "
            "WHERE env = ? AND crd = ? AND kind = 'FDID' AND fdid = ? AND status = 'open' "
            "ORDER BY rejection_id", (self.env, self.crd, fdid)).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def open_for_customer(self, tid_value: str) -> list[tuple[int, int, str, str]]:
        """(rejectionID, code, first identified, deadline) of open Customer rejections."""
        rows = self.conn.execute(
            "SELECT rejection_id, error_code, first_identified_at, deadline FROM rejections "
            "WHERE env = ? AND crd = ? AND kind = 'CUSTOMER' AND tid_value = ? "
            "AND status = 'open' ORDER BY rejection_id",
            (self.env, self.crd, tid_value)).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def timing(self, rejection_id: int) -> tuple[str, str]:
        """(first identified, deadline) of a rejection, which a successor inherits."""
        row = self.conn.execute(
            "SELECT first_identified_at, deadline FROM rejections WHERE env = ? "
            "AND rejection_id = ?", (self.env, rejection_id)).fetchone()
        return str(row[0]), str(row[1])

    def close(self, rejection_id: int, status: str, at: str, submission_id: int) -> None:
        """Close a rejection; it counts as late when closed after its deadline."""
        self.conn.execute(
            "UPDATE rejections SET status = ?, closed_at = ?, closed_late = (? > deadline), "
            "closed_by_submission = ? WHERE env = ? AND rejection_id = ?",
            (status, at, at, submission_id, self.env, rejection_id))

    def insert(self, rejection: NewRejection, *, submission_id: int, file_name: str,
               submitter_id: int, correspondent_crd: int | None, identified_at: str) -> None:
        """Store a new rejection (its deadline and first identification already set)."""
        self.conn.execute(
            "INSERT INTO rejections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, NULL, NULL, NULL)",
            (self.env, rejection.rejection_id, submission_id, file_name, self.crd,
             submitter_id, correspondent_crd, rejection.kind, rejection.fdid,
             rejection.fdid_record_id,
             orjson.dumps(list(rejection.customer_record_ids)).decode()
             if rejection.customer_record_ids else None,
             rejection.tid_value, rejection.error_code, rejection.addr_type,
             rejection.large_trader_record_id, rejection.auth_trader_name_id, identified_at,
             rejection.first_identified_at or identified_at, rejection.deadline, OPEN))
