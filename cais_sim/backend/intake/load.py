"""Loading accepted records into the stored state, with CAIS's full-state semantics.

A record in a file carries its complete current state and replaces what was stored
[S1 §5.1.3 r14-15, digest a.11]; only records present in the file change. For FDIDs this
means (digest b.3, S1 §5.1.3.1):

* stored Large Trader and Customer associations the record leaves out end implicitly, on
  the acknowledgement day with reason ``ENDED`` (r14, r25) - or, when the FDID itself is
  being ended, with the FDID's end date and reason (r7, r21);
* when an FDID ends, later association dates are pulled back to its end date (r8, r13, r24);
* clearing an end date does not bring ended associations back (r10);
* addresses no longer sent stay on file as historical addresses (r27).

Customers are keyed by CCID, derived from the ``tidValue`` (lower-cased, as CAIS treats it
case-insensitively [digest h.4]); every accepted version is kept, so the stored Customer is
the merged set of what was ever reported [S1 §3.9-§3.10].
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import sqlite3
from typing import Any

import orjson

from cais_sim.backend.intake.staging import Staging
from cais_sim.backend.intake.validation import CustomerEntry, Validation
from cais_sim.backend.store import current_fdid_state
from cais_sim.spec.datatypes import normalize_fdid

_LIVE = "end_date IS NULL"


def ccid_of(seed: int, tid_value: str) -> str:
    """The CCID of a TID: deterministic, unguessable without the seed, never shown to firms.

    CAT derives CCIDs with a keyed transformation it keeps secret [S1 §2.2.7, §3.5]; a keyed
    hash of the lower-cased ``tidValue`` has the same properties for the simulator.
    """
    digest = _ccid_key(seed).copy()
    digest.update(tid_value.encode())
    return digest.hexdigest()[:32].upper()


@functools.cache
def _ccid_key(seed: int) -> hmac.HMAC:
    # The keyed state is prepared once per seed and copied per TID: keying HMAC costs more
    # than hashing a short tidValue.
    return hmac.new(f"cais-sim-ccid:{seed}".encode(), digestmod=hashlib.sha256)


class Loader:
    """Applies the accepted records of one submission to the store."""

    def __init__(self, conn: sqlite3.Connection, *, env: str, crd: int, submitter_id: int,
                 correspondent_crd: int | None, submission_id: int, file_name: str,
                 accepted_at: str, ack_day: int, seed: int, ltid_phase: bool = False) -> None:
        self.conn = conn
        self.env = env
        self.crd = crd
        self.submitter_id = submitter_id
        self.correspondent_crd = correspondent_crd
        self.submission_id = submission_id
        self.file_name = file_name
        self.accepted_at = accepted_at
        self.ack_day = ack_day
        self.seed = seed
        self.ltid_phase = ltid_phase
        self._ccids: dict[int, str] = {}
        self._batches: dict[str, list[tuple[Any, ...]]] = {}
        self._existing: set[str] = set()

    def load(self, staging: Staging, validation: Validation) -> None:
        """Load every accepted Customer, then every accepted FDID."""
        tid_of = {t.customer_record_id: t for t in validation.tids
                  if t.customer_record_id is not None and t.tid_value is not None}
        accepted = {(c.list_key, c.idx): c for c in validation.accepted_customers()}
        ccid_rows: list[tuple[str, str, str]] = []
        for list_key in ("naturalPersonCustomerList", "legalEntityCustomerList"):
            # Validation kept every field the load needs; the record itself is stored as
            # the staged text, which is exactly the JSON of the accepted object.
            for rows in staging.batches(list_key, 5_000):
                for idx, body in rows:
                    customer = accepted.get((list_key, idx))
                    crid = customer.customer_record_id if customer is not None else None
                    tid = tid_of.get(crid) if crid is not None else None
                    if customer is None or crid is None or tid is None \
                            or tid.tid_value is None:
                        continue
                    ccid = ccid_of(self.seed, tid.tid_value)
                    ccid_rows.append((self.env, tid.tid_value, ccid))
                    self._ccids[crid] = ccid
                    self._load_customer(ccid, customer, body.decode(), tid.foreign_tid_type,
                                        tid.foreign_country)
        self.conn.executemany("INSERT OR IGNORE INTO ccids VALUES (?, ?, ?)", ccid_rows)
        fdids = {f.idx for f in validation.accepted_fdids()}
        # One query instead of one per FDID: which of the file's FDIDs CAIS already holds.
        self._existing = {row[0] for row in self.conn.execute(
            "SELECT fdid FROM fdids WHERE env = ? AND crd = ?", (self.env, self.crd))}
        for idx, record in staging.records("fdidRecordList"):
            if idx in fdids:
                self._load_fdid(record)
        self._flush()

    # --- Customers ---------------------------------------------------------------------------

    def _load_customer(self, ccid: str, customer: CustomerEntry, state: str,
                       foreign_tid_type: str | None, foreign_country: str | None) -> None:
        natural = customer.natural
        kind = "NP" if natural else "LE"
        yob = customer.year_of_birth if natural else None
        ein = customer.ein if not natural else None
        flag = customer.update_notification
        self._batch(
            "INSERT INTO customer_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.env, self.crd, ccid, self.submission_id, self.accepted_at, kind, yob, ein,
             int(flag), state, foreign_tid_type, foreign_country))
        self._batch(
            "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (env, crd, ccid) DO UPDATE SET record_kind = excluded.record_kind, "
            "correspondent_crd = excluded.correspondent_crd, "
            "submitter_id = excluded.submitter_id, year_of_birth = excluded.year_of_birth, "
            "ein = excluded.ein, foreign_tid_type = excluded.foreign_tid_type, "
            "last_file = excluded.last_file, last_submission_id = excluded.last_submission_id, "
            "last_customer_record_id = excluded.last_customer_record_id, "
            "last_accepted_at = excluded.last_accepted_at, "
            "update_notification_at = COALESCE(excluded.update_notification_at, "
            "customers.update_notification_at)",
            (self.env, self.crd, ccid, kind, self.correspondent_crd, self.submitter_id, yob,
             ein, foreign_tid_type, self.file_name, self.submission_id,
             customer.customer_record_id, self.accepted_at,
             self.accepted_at if flag else None))

    # --- FDIDs -------------------------------------------------------------------------------

    def _flush(self) -> None:
        """Write the rows of first-time FDIDs collected in batches."""
        for sql, rows in self._batches.items():
            if rows:
                self.conn.executemany(sql, rows)
                rows.clear()

    def _batch(self, sql: str, row: tuple[Any, ...]) -> None:
        rows = self._batches.setdefault(sql, [])
        rows.append(row)
        if len(rows) >= 10_000:
            self.conn.executemany(sql, rows)
            rows.clear()

    def _load_new_fdid(self, key: tuple[str, int, str], record: dict[str, Any],
                       state: str) -> None:
        """A first-time FDID has nothing to end implicitly: its rows are only inserted."""
        end_date = record.get("fdidEndDate")
        end_reason = record.get("fdidEndReason")
        self._batch("INSERT INTO fdids VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*key, self.correspondent_crd, self.submitter_id, record["fdidDate"],
                     end_date, end_reason, self.file_name, self.submission_id,
                     self.accepted_at))
        self._batch("INSERT INTO fdid_history VALUES (?, ?, ?, ?, ?, ?)",
                    (*key, self.submission_id, self.accepted_at, state))
        for address in record.get("addressList") or []:
            self._batch("INSERT OR IGNORE INTO fdid_addresses VALUES (?, ?, ?, ?, 1, ?, ?)",
                        (*key, orjson.dumps(address).decode(), self.submission_id,
                         self.submission_id))
        for trader in record.get("largeTraderList") or []:
            effective = trader["ltidEffectiveDate"]
            if end_date is not None and effective > end_date:
                effective = end_date  # [S1 §5.1.3.1 r8]
            self._batch("INSERT OR REPLACE INTO fdid_ltids VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (*key, trader["largeTraderID"], effective, trader.get("ltidEndDate"),
                         trader.get("ltidEndReason")))
        for link in record.get("fdidCustomerList") or []:
            ccid = self._ccid_of(link["customerRecordID"])
            if ccid is None:
                continue
            start = link["roleStartDate"]
            if end_date is not None and start > end_date:
                start = end_date  # [S1 §5.1.3.1 r8]
            discretion = link.get("hasDiscretion")
            self._batch(
                "INSERT OR REPLACE INTO associations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, ccid, link["role"], None if discretion is None else int(discretion),
                 start, link.get("roleEndDate"), link.get("roleEndReason"),
                 link["customerRecordID"]))

    def _load_fdid_v1(self, record: dict[str, Any]) -> None:
        """LTID-phase semantics: a record changes only the fields it carries.

        Omitted fields keep their stored values; a ``…NULL`` flag set to true clears its
        partner field [S1 §3.6, T2; digest a.11]. Large Trader links are merged the same way,
        by ``largeTraderID``; none is ended implicitly.
        """
        fdid = normalize_fdid(record["firmDesignatedID"])
        key = (self.env, self.crd, fdid)
        stored = current_fdid_state(self.conn, *key)
        merged: dict[str, Any] = orjson.loads(stored) if stored else {}
        stored_traders = {t["largeTraderID"]: t for t in merged.get("largeTraderList", [])}
        for name, value in record.items():
            if name == "largeTraderList":
                continue
            if name.endswith("NULL"):
                if value is True:
                    merged.pop(name[: -len("NULL")], None)
                continue
            merged[name] = value
        merged["firmDesignatedID"] = fdid
        for trader in record.get("largeTraderList") or []:
            current = dict(stored_traders.get(trader["largeTraderID"], {}))
            for name, value in trader.items():
                if name.endswith("NULL"):
                    if value is True:
                        current.pop(name[: -len("NULL")], None)
                    continue
                current[name] = value
            stored_traders[trader["largeTraderID"]] = current
        if stored_traders:
            merged["largeTraderList"] = list(stored_traders.values())
        state = orjson.dumps(merged).decode()
        self.conn.execute(
            "INSERT OR REPLACE INTO fdids VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, None, self.submitter_id, merged["fdidDate"], merged.get("fdidEndDate"),
             merged.get("fdidEndReason"), self.file_name, self.submission_id,
             self.accepted_at))
        self.conn.execute("INSERT INTO fdid_history VALUES (?, ?, ?, ?, ?, ?)",
                          (*key, self.submission_id, self.accepted_at, state))
        for trader in stored_traders.values():
            self.conn.execute(
                "INSERT OR REPLACE INTO fdid_ltids VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*key, trader["largeTraderID"], trader["ltidEffectiveDate"],
                 trader.get("ltidEndDate"), trader.get("ltidEndReason")))

    def _load_fdid(self, record: dict[str, Any]) -> None:
        if self.ltid_phase:
            self._flush()
            self._load_fdid_v1(record)
            return
        fdid = normalize_fdid(record["firmDesignatedID"])
        record = {**record, "firmDesignatedID": fdid}
        end_date = record.get("fdidEndDate")
        end_reason = record.get("fdidEndReason")
        key = (self.env, self.crd, fdid)
        state = orjson.dumps(record).decode()
        if fdid not in self._existing:
            self._existing.add(fdid)
            self._load_new_fdid(key, record, state)
            return
        self._flush()
        self.conn.execute(
            "INSERT OR REPLACE INTO fdids VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, self.correspondent_crd, self.submitter_id, record["fdidDate"], end_date,
             end_reason, self.file_name, self.submission_id, self.accepted_at))
        self.conn.execute("INSERT INTO fdid_history VALUES (?, ?, ?, ?, ?, ?)",
                          (*key, self.submission_id, self.accepted_at, state))
        self._load_addresses(key, record.get("addressList") or [])
        self._load_ltids(key, record.get("largeTraderList") or [], end_date, end_reason)
        self._load_associations(key, record.get("fdidCustomerList") or [], end_date,
                                end_reason)

    def _load_addresses(self, key: tuple[str, int, str], addresses: list[Any]) -> None:
        # Addresses not sent again become historical [S1 §5.1.3.1 r27].
        self.conn.execute("UPDATE fdid_addresses SET is_current = 0 "
                          "WHERE env = ? AND crd = ? AND fdid = ?", key)
        for address in addresses:
            text = orjson.dumps(address).decode()
            self.conn.execute(
                "INSERT INTO fdid_addresses VALUES (?, ?, ?, ?, 1, ?, ?) "
                "ON CONFLICT (env, crd, fdid, address) DO UPDATE SET is_current = 1, "
                "last_submission_id = excluded.last_submission_id",
                (*key, text, self.submission_id, self.submission_id))

    def _load_ltids(self, key: tuple[str, int, str], traders: list[Any],
                    end_date: int | None, end_reason: str | None) -> None:
        sent = set()
        for trader in traders:
            ltid = trader["largeTraderID"]
            sent.add(ltid)
            effective = trader["ltidEffectiveDate"]
            if end_date is not None and effective > end_date:
                effective = end_date  # [S1 §5.1.3.1 r8]
            self.conn.execute(
                "INSERT OR REPLACE INTO fdid_ltids VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*key, ltid, effective, trader.get("ltidEndDate"), trader.get("ltidEndReason")))
        rows = self.conn.execute(
            "SELECT ltid, end_date FROM fdid_ltids WHERE env = ? AND crd = ? AND fdid = ?",
            key).fetchall()
        for ltid, stored_end in rows:
            if ltid in sent:
                continue
            if end_date is not None:
                if stored_end is None:
                    # Ending the FDID ends its omitted LTIDs with it [S1 §5.1.3.1 r7].
                    self.conn.execute(
                        "UPDATE fdid_ltids SET end_date = ?, end_reason = ? WHERE env = ? "
                        "AND crd = ? AND fdid = ? AND ltid = ?",
                        (end_date, end_reason, *key, ltid))
                elif stored_end > end_date:
                    # Later end dates are pulled back, reasons kept [S1 §5.1.3.1 r13].
                    self.conn.execute(
                        "UPDATE fdid_ltids SET end_date = ? WHERE env = ? AND crd = ? "
                        "AND fdid = ? AND ltid = ?", (end_date, *key, ltid))
            elif stored_end is None:
                # Left out of a resubmission: ended on the acknowledgement day [r14].
                self.conn.execute(
                    "UPDATE fdid_ltids SET end_date = ?, end_reason = 'ENDED' WHERE env = ? "
                    "AND crd = ? AND fdid = ? AND ltid = ?", (self.ack_day, *key, ltid))

    def _ccid_of(self, crid: int) -> str | None:
        return self._ccids.get(crid)

    def _load_associations(self, key: tuple[str, int, str], links: list[Any],
                           end_date: int | None, end_reason: str | None) -> None:
        sent: set[tuple[str, str]] = set()
        for link in links:
            ccid = self._ccid_of(link["customerRecordID"])
            if ccid is None:
                continue
            role = link["role"]
            start = link["roleStartDate"]
            if end_date is not None and start > end_date:
                start = end_date  # [S1 §5.1.3.1 r8]
            sent.add((ccid, role))
            discretion = link.get("hasDiscretion")
            # The same role of the same Customer is one association; its dates are updated.
            self.conn.execute(
                "DELETE FROM associations WHERE env = ? AND crd = ? AND fdid = ? AND ccid = ? "
                "AND role = ? AND (end_date IS NULL OR start_date = ?)",
                (*key, ccid, role, start))
            self.conn.execute(
                "INSERT OR REPLACE INTO associations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, ccid, role, None if discretion is None else int(discretion), start,
                 link.get("roleEndDate"), link.get("roleEndReason"), link["customerRecordID"]))
        rows = self.conn.execute(
            "SELECT ccid, role, start_date, end_date FROM associations "
            "WHERE env = ? AND crd = ? AND fdid = ?", key).fetchall()
        for ccid, role, start, stored_end in rows:
            if (ccid, role) in sent:
                continue
            where = ("WHERE env = ? AND crd = ? AND fdid = ? AND ccid = ? AND role = ? "
                     "AND start_date = ?")
            args = (*key, ccid, role, start)
            if end_date is not None:
                if stored_end is None:
                    # [S1 §5.1.3.1 r21]
                    self.conn.execute(f"UPDATE associations SET end_date = ?, end_reason = ? "
                                      f"{where}", (end_date, end_reason, *args))
                elif stored_end > end_date:
                    # [S1 §5.1.3.1 r24]
                    self.conn.execute(f"UPDATE associations SET end_date = ? {where}",
                                      (end_date, *args))
            elif stored_end is None:
                # [S1 §5.1.3.1 r25]
                self.conn.execute(f"UPDATE associations SET end_date = ?, end_reason = 'ENDED' "
                                  f"{where}", (self.ack_day, *args))
