"""Builders of stored CAIS state for report tests: rows inserted the way the intake writes them.

Times are ET; every record is accepted at the moment its file is received (the intake's
default latency), and a Customer's CCID is given directly (``"C1"``), standing for the
CCID of one ``tidValue``.
"""

from __future__ import annotations

import bz2
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.intake.pipeline import iso
from cais_sim.backend.store import Store
from cais_sim.spec.effective import Environment

ENV = Environment.INDUSTRY_TEST


def et(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
       second: int = 0) -> dt.datetime:
    """An ET moment."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=ET)


def lines(body: bytes) -> list[dict[str, Any]]:
    """The JSON objects of a report data file."""
    return [orjson.loads(line) for line in bz2.decompress(body).split(b"\n")]


@dataclass
class Sent:
    """What a stored submission row says."""

    crd: int
    submitter_id: int
    correspondent_crd: int | None
    name: str
    at: dt.datetime


@dataclass
class World:
    """A store and helpers that insert rows into it."""

    store: Store = field(default_factory=Store)
    sent: dict[int, Sent] = field(default_factory=dict)

    def sql(self, query: str, *args: Any) -> list[Any]:
        return self.store.conn.execute(query, args).fetchall()

    def insert(self, table: str, *, replace: bool = False, ignore: bool = False,
               **values: Any) -> None:
        """One row; columns are named, so columns added to the schema later do not matter."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE" if ignore else "INSERT"
        marks = ", ".join("?" * len(values))
        self.sql(f"{verb} INTO {table} (env, {', '.join(values)}) VALUES (?, {marks})",
                 ENV.value, *values.values())

    def firm(self, crd: int, submitter_id: int | None = None) -> None:
        """A registered firm, with its own submitter ID when it self-submits."""
        if submitter_id is not None:
            self.submitter(submitter_id)
        self.insert("firms", crd=crd, name=f"Firm {crd}", submitter_id=submitter_id,
                    registered_on="2024-01-01")

    def submitter(self, submitter_id: int) -> None:
        self.insert("submitters", ignore=True, submitter_id=submitter_id,
                    name=f"Submitter {submitter_id}", username=f"user{submitter_id}")

    def submission(self, sid: int, crd: int, at: dt.datetime, *, submitter: int | None = None,
                   correspondent: int | None = None, integrity_ok: bool = True,
                   counts: tuple[int, int, int] = (0, 0, 0), resubmission: int = 0) -> str:
        """A processed pair; its final Data feedback carries ``counts`` (FDID, NP, LE)."""
        submitter_id = submitter if submitter is not None else crd
        day = f"{at.astimezone(ET):%Y%m%d}"
        name = f"{submitter_id}_{crd}_{day}_CAIS_{sid % 1_000_000:06d}.json.bz2"
        status = "COMPLETED_WITHOUT_REJECTIONS" if integrity_ok else "COMPLETED_INTEGRITY_ERROR"
        self.insert("submissions", submission_id=sid, tids_submission_id=str(sid),
                    data_name=name, tids_name=name.replace("_CAIS_", "_TIDS_"),
                    base_name=name.split(".", 1)[0], resubmission=resubmission,
                    submitter_id=submitter_id, crd=crd, correspondent_crd=correspondent,
                    status=status, tids_status="COMPLETED", received_at=iso(at),
                    completed_at=iso(at), integrity_ok=int(integrity_ok), summary="{}")
        body: dict[str, Any] = {"submissionID": sid, "submissionStatus": status}
        if integrity_ok:
            body.update({"receivedFDIDRecordCount": counts[0],
                         "receivedNaturalRecordCount": counts[1],
                         "receivedLegalEntityRecordCount": counts[2]})
        self.insert("feedback", submission_id=sid, kind="data", version=4, name=name,
                    submitter_id=submitter_id, available_at=iso(at),
                    body=orjson.dumps(body).decode())
        self.sent[sid] = Sent(crd, submitter_id, correspondent, name, at)
        return name

    def customer(self, sid: int, ccid: str, crid: int, *, kind: str = "NP",
                 yob: int | None = None, ein: str | None = None, flag: bool = False,
                 foreign: str | None = None, country: str = "CA") -> None:
        """An accepted Customer version in submission ``sid`` (``foreign``: its TID Record's
        ``foreignTIDType``, issued by ``country``)."""
        s = self.sent[sid]
        record: dict[str, Any] = {"customerRecordID": crid}
        if yob is not None:
            record["yearOfBirth"] = yob
        if ein is not None:
            record["ein"] = ein
        if flag:
            record["updateNotification"] = True
        state = orjson.dumps(record).decode()
        at = iso(s.at)
        self.insert("customer_versions", crd=s.crd, ccid=ccid, submission_id=sid,
                    accepted_at=at, record_kind=kind, year_of_birth=yob, ein=ein,
                    update_notification=int(flag), state=state, foreign_tid_type=foreign,
                    foreign_country=country if foreign is not None else None)
        self.insert("customers", replace=True, crd=s.crd, ccid=ccid, record_kind=kind,
                    correspondent_crd=s.correspondent_crd, submitter_id=s.submitter_id,
                    year_of_birth=yob, ein=ein, foreign_tid_type=foreign, last_file=s.name,
                    last_submission_id=sid, last_customer_record_id=crid, last_accepted_at=at,
                    update_notification_at=at if flag else None)

    def fdid(self, sid: int, fdid: str, links: Sequence[tuple[int, str]] = (), *,
             ended: tuple[int, str] | None = None, role_end: dict[int, int] | None = None,
             ltids: Sequence[tuple[str, int | None]] = ()) -> None:
        """An accepted FDID Record linking (customerRecordID, ccid) pairs as TRDHOLDER."""
        s = self.sent[sid]
        ends = role_end or {}
        record: dict[str, Any] = {"firmDesignatedID": fdid, "fdidType": "ACCOUNT",
                                  "fdidDate": 20200101}
        if ended is not None:
            record["fdidEndDate"], record["fdidEndReason"] = ended
        entries = []
        for crid, _ccid in links:
            entry: dict[str, Any] = {"customerRecordID": crid, "role": "TRDHOLDER",
                                     "roleStartDate": 20200101}
            if crid in ends:
                entry["roleEndDate"], entry["roleEndReason"] = ends[crid], "ENDED"
            entries.append(entry)
        record["fdidCustomerList"] = entries
        state = orjson.dumps(record).decode()
        at = iso(s.at)
        self.insert("fdids", replace=True, crd=s.crd, fdid=fdid,
                    correspondent_crd=s.correspondent_crd, submitter_id=s.submitter_id,
                    fdid_date=20200101, fdid_end_date=ended[0] if ended else None,
                    fdid_end_reason=ended[1] if ended else None, last_file=s.name,
                    last_submission_id=sid, last_accepted_at=at)
        self.insert("fdid_history", crd=s.crd, fdid=fdid, submission_id=sid, accepted_at=at,
                    state=state)
        for crid, ccid in links:
            self.insert("associations", replace=True, crd=s.crd, fdid=fdid, ccid=ccid,
                        role="TRDHOLDER", has_discretion=None, start_date=20200101,
                        end_date=ends.get(crid), end_reason="ENDED" if crid in ends else None,
                        customer_record_id=crid)
        for ltid, ltid_end in ltids:
            self.insert("fdid_ltids", replace=True, crd=s.crd, fdid=fdid, ltid=ltid,
                        effective_date=20200101, end_date=ltid_end,
                        end_reason="ENDED" if ltid_end else None)

    def person(self, sid: int, ccid: str, yob: int, *, fdid: str = "ACC1", crid: int = 1,
               flag: bool = False) -> None:
        """A Natural Person and the FDID holding it, both accepted in ``sid``."""
        self.customer(sid, ccid, crid, yob=yob, flag=flag)
        self.fdid(sid, fdid, [(crid, ccid)])

    def rejection(self, rid: int, sid: int, *, kind: str = "FDID", code: int = 22009,
                  fdid: str | None = "ACC1", fdid_record_id: int | None = 1,
                  crids: Sequence[int] = (), deadline: dt.datetime | None = None,
                  status: str = "open", closed_by: int | None = None,
                  closed_at: dt.datetime | None = None, late: bool | None = None) -> None:
        """A rejection raised by submission ``sid``."""
        s = self.sent[sid]
        due = deadline or s.at + dt.timedelta(days=3)
        self.insert("rejections", rejection_id=rid, submission_id=sid, file_name=s.name,
                    crd=s.crd, submitter_id=s.submitter_id, correspondent_crd=s.correspondent_crd,
                    kind=kind, fdid=fdid if kind == "FDID" else None,
                    fdid_record_id=fdid_record_id if kind == "FDID" else None,
                    customer_record_ids=orjson.dumps(list(crids)).decode() if crids else None,
                    tid_value=None if kind == "FDID" else f"tid{rid}", error_code=code,
                    identified_at=iso(s.at), first_identified_at=iso(s.at), deadline=iso(due),
                    status=status, closed_at=iso(closed_at) if closed_at else None,
                    closed_late=None if late is None else int(late),
                    closed_by_submission=closed_by)

    def inconsistencies(self) -> list[tuple[Any, ...]]:
        """(crd, ccid, code, status) of every stored MI."""
        return [tuple(r) for r in self.sql(
            "SELECT crd, ccid, code, status FROM inconsistencies ORDER BY crd, ccid, code, "
            "identified_at")]


@pytest.fixture
def world() -> Iterator[World]:
    w = World()
    yield w
    w.store.close()
