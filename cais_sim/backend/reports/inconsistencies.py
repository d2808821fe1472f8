"""The once-daily Material Inconsistency scan [S1 §6.4.1; digest h.7, f.6].

CAIS compares what firms said about one Customer (one ``tidValue``, so one CCID) and
raises a Material Inconsistency (MI) when they disagree:

* ``yearOfBirth`` of a Natural Person (30002 within a firm, 40002 across firms),
* ``ein`` of a Legal Entity (30003 / 40003; none new once 22544 is live [S1 §6.6.4]),
* a foreign ``NATIONALID``/``OTHGOVT`` TID sent as a Natural Person in one file and as a
  Legal Entity in another (30004 / 40004).

Within a firm the comparison window is every accepted version since the last one sent
with ``updateNotification`` true (that version included) [S1 §6.4.1 r2]; across firms it
is the latest accepted version of each firm, flag or not [r3]. A clearing firm's
correspondents count as separate firms for this: a conflict between them is a 4000x
[S1 §3.14, T32; digest c.7], so a *party* here is a (CAT Reporter CRD, correspondent) pair,
where a file without a ``correspondentCRD`` (or with the firm's own CRD) is the firm itself.

Only Customers linked to an active FDID through an active role are checked [r1], and
only on firms where that holds; rejected Customers never reach the store [r9].

The scan of trading day D sees the data of submissions received by 08:00 ET on D (the
:func:`~cais_sim.backend.calendar.daily_scan_cutoff`) [r6]; state is rebuilt as of that
moment from the versioned tables (``customer_versions``, ``fdid_history``), so the result
does not depend on when the scan is run. That cut-off is also the MI's identification
moment: everything before it was compared, anything after it is a reaction to the MI, and
its deadline (17:00 ET on the third trading day counting D) follows from it [r7].

Per Customer and firm (CRD) there is one ``inconsistencyEventID``, carrying every code
found in the scan that opened it [S1 §6.4.2]. While any MI is open for that Customer at
that firm, no new one opens [r8]. An accepted version with ``updateNotification`` true
received after identification resolves them all [S1 §6.6.3 r1-r2]; resolving an interfirm
MI is the firm's one-time attestation, which stops further interfirm MIs for the Customer
at that firm until the firm has a new intrafirm conflict [r5, r10].

Stored columns this relies on: each ``customer_versions`` row carries the version's
``foreignTIDType`` and ``foreignTIDCountryCd`` as its TID Record gave them, but no
correspondent, submitter or file name, which come from the version's ``submissions`` row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson

from cais_sim.backend.calendar import daily_scan_cutoff, inconsistency_deadline
from cais_sim.backend.intake.pipeline import iso
from cais_sim.backend.store import Store
from cais_sim.rules.model import RecordContext
from cais_sim.rules.registry import cross_record_in_force
from cais_sim.spec.effective import Environment
from cais_sim.spec.packs import SpecPack, pack_for

OPEN = "open"
RESOLVED = "resolved"

NATURAL = "NP"
LEGAL = "LE"

YEAR_OF_BIRTH_INTRAFIRM = 30002
EIN_INTRAFIRM = 30003
PERSON_ENTITY_INTRAFIRM = 30004
YEAR_OF_BIRTH_INTERFIRM = 40002
EIN_INTERFIRM = 40003
PERSON_ENTITY_INTERFIRM = 40004

INTRAFIRM_CODES = (YEAR_OF_BIRTH_INTRAFIRM, EIN_INTRAFIRM, PERSON_ENTITY_INTRAFIRM)
INTERFIRM_CODES = (YEAR_OF_BIRTH_INTERFIRM, EIN_INTERFIRM, PERSON_ENTITY_INTERFIRM)
MI_CODES = INTRAFIRM_CODES + INTERFIRM_CODES

#: Foreign TID types whose holder may be a person or an entity, so NP/LE disagreement
#: about them is an MI [S1 §6.4.1; §6.6.4].
SWITCHABLE_FOREIGN_TYPES = frozenset({"NATIONALID", "OTHGOVT"})

_EIN_RULE = "ein-hash-check-22544"

Party = tuple[int, int | None]
"""(CAT Reporter CRD, correspondent CRD); ``None``: the firm reporting for itself."""


@dataclass(frozen=True, slots=True)
class CustomerVersion:
    """One accepted version of a Customer, with the submission that carried it."""

    crd: int
    correspondent_crd: int | None
    submission_id: int
    submitter_id: int
    file_name: str
    customer_record_id: int | None
    accepted_at: str
    kind: str
    year_of_birth: int | None
    ein: str | None
    update_notification: bool

    @property
    def party(self) -> Party:
        """Who reported it: the firm, or one of its correspondents."""
        return (self.crd, self.correspondent_crd)


@dataclass(frozen=True, slots=True)
class MaterialInconsistency:
    """One stored MI (one code of one ``inconsistencyEventID``)."""

    event_id: str
    crd: int
    ccid: str
    code: int
    identified_at: dt.datetime
    deadline: dt.datetime
    status: str
    resolved_at: dt.datetime | None
    resolved_late: bool | None


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one daily scan changed."""

    day: dt.date
    cutoff: dt.datetime
    opened: tuple[MaterialInconsistency, ...]
    resolved: tuple[MaterialInconsistency, ...]


def _correspondent(crd: int, correspondent: int | None) -> int | None:
    # A correspondentCRD equal to the reporter's own CRD means the firm reports for itself
    # [S1 §2.1.1 (2.2.0 r1)], the same as none at all.
    return None if correspondent is None or correspondent == crd else correspondent


def _day_number(day: dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


class Snapshot:
    """CAIS data as the scan of trading day ``day`` sees it: what arrived by its cut-off."""

    def __init__(self, store: Store, env: Environment, day: dt.date) -> None:
        self.conn = store.conn
        self.env = env
        self.day = day
        self.cutoff = daily_scan_cutoff(day)
        self.cutoff_iso = iso(self.cutoff)
        # "Active" means no end date, or one after the scan day [S1 §6.4.1 r1].
        self.today = _day_number(day)
        self._versions: dict[str, tuple[CustomerVersion, ...]] = {}
        self._fdids: dict[tuple[int, str], tuple[str, ...]] = {}
        self._associations: dict[str, list[tuple[int, str]]] = {}

    def versions(self, ccid: str) -> tuple[CustomerVersion, ...]:
        """Every accepted version of the Customer by the cut-off, by firm then intake order."""
        found = self._versions.get(ccid)
        if found is None:
            rows = self.conn.execute(
                "SELECT v.crd, s.correspondent_crd, v.submission_id, s.submitter_id, "
                "s.data_name, json_extract(v.state, '$.customerRecordID'), v.accepted_at, "
                "v.record_kind, v.year_of_birth, v.ein, v.update_notification, v.rowid "
                "FROM customer_versions v JOIN submissions s "
                "ON s.env = v.env AND s.submission_id = v.submission_id "
                "WHERE v.env = ? AND v.ccid = ? AND s.received_at <= ?",
                (self.env.value, ccid, self.cutoff_iso)).fetchall()
            # Sorted here rather than in SQL: an ORDER BY on crd could steer SQLite away from
            # the (env, ccid, crd) index.
            rows.sort(key=lambda r: (r[0], r[2], r[-1]))
            found = tuple(
                CustomerVersion(crd, _correspondent(crd, corr), sid, submitter, name,
                                crid if isinstance(crid, int) else None, accepted, kind, yob,
                                ein, bool(flag))
                for crd, corr, sid, submitter, name, crid, accepted, kind, yob, ein, flag, _
                in rows)
            self._versions[ccid] = found
        return found

    def latest(self, crd: int, ccid: str) -> CustomerVersion | None:
        """The firm's most recently accepted version of the Customer, if any."""
        at_firm = [v for v in self.versions(ccid) if v.crd == crd]
        return at_firm[-1] if at_firm else None

    def record_ids(self, version: CustomerVersion, ccid: str) -> list[int]:
        """Every ``customerRecordID`` the Customer had in ``version``'s file."""
        return sorted({v.customer_record_id for v in self.versions(ccid)
                       if v.crd == version.crd and v.submission_id == version.submission_id
                       and v.customer_record_id is not None})

    def active_fdids(self, crd: int, ccid: str) -> tuple[str, ...]:
        """FDIDs of the firm that link the Customer through an active role, sorted."""
        key = (crd, ccid)
        found = self._fdids.get(key)
        if found is None:
            candidates = {fdid for firm, fdid in self._linked(ccid) if firm == crd}
            found = tuple(sorted(f for f in candidates if self._links(crd, f, ccid)))
            self._fdids[key] = found
        return found

    def _linked(self, ccid: str) -> list[tuple[int, str]]:
        """(CRD, FDID) of every association ever stored for the Customer."""
        found = self._associations.get(ccid)
        if found is None:
            # A column outside the primary key keeps SQLite from scanning that covering
            # index for the whole environment instead of taking the (env, ccid) one.
            found = sorted({(r[0], r[1]) for r in self.conn.execute(
                "SELECT crd, fdid, customer_record_id FROM associations "
                "WHERE env = ? AND ccid = ?", (self.env.value, ccid))})
            self._associations[ccid] = found
        return found

    def _links(self, crd: int, fdid: str, ccid: str) -> bool:
        row = self.conn.execute(
            "SELECT h.submission_id, h.state FROM fdid_history h JOIN submissions s "
            "ON s.env = h.env AND s.submission_id = h.submission_id "
            "WHERE h.env = ? AND h.crd = ? AND h.fdid = ? AND s.received_at <= ? "
            "ORDER BY h.submission_id DESC LIMIT 1",
            (self.env.value, crd, fdid, self.cutoff_iso)).fetchone()
        if row is None:
            return False
        submission_id, text = row
        state = orjson.loads(text)
        end = state.get("fdidEndDate")
        if isinstance(end, int) and end <= self.today:
            return False
        # An accepted FDID's Customers were accepted in the same file, so the versions of
        # that submission say which customerRecordIDs are this Customer.
        record_ids = {v.customer_record_id for v in self.versions(ccid)
                      if v.crd == crd and v.submission_id == submission_id}
        for link in state.get("fdidCustomerList") or []:
            if not isinstance(link, dict) or link.get("customerRecordID") not in record_ids:
                continue
            role_end = link.get("roleEndDate")
            if not isinstance(role_end, int) or role_end > self.today:
                return True
        return False

    @cached_property
    def switchable_ccids(self) -> frozenset[str]:
        """CCIDs sent as a foreign NATIONALID or OTHGOVT identifier of one country both as a
        Natural Person and as a Legal Entity [S1 §6.4.1; digest h.7].

        The country must match: a TID hashes only the number, so the same number issued by
        two countries is one TID but not one Customer.
        """
        types = sorted(SWITCHABLE_FOREIGN_TYPES)
        marks = ",".join("?" * len(types))
        rows = self.conn.execute(
            "SELECT DISTINCT a.ccid FROM customer_versions a JOIN customer_versions b "
            "ON b.env = a.env AND b.ccid = a.ccid AND b.record_kind <> a.record_kind "
            "AND b.foreign_country = a.foreign_country "
            f"WHERE a.env = ? AND a.foreign_tid_type IN ({marks}) "
            f"AND b.foreign_tid_type IN ({marks})",
            (self.env.value, *types, *types)).fetchall()
        return frozenset(r[0] for r in rows)


def event_id(env: Environment, version: CustomerVersion, ccid: str,
             identified: dt.datetime) -> str:
    """A new ``inconsistencyEventID`` for the Customer at ``version``'s firm.

    The layout follows the published example (``368453$24948#555#NULL#<timestamp>``):
    a number fixed for the Customer at that firm (derived from the CCID, which itself is
    never shown), the submission it was last accepted in, the CRD, the correspondent or
    ``NULL``, and the identification moment, which tells apart successive events of one
    Customer. The public material gives no generation rule (digest gap 11).
    """
    digest = hashlib.sha256(f"{env.value}|{version.crd}|{ccid}".encode()).digest()
    customer = int.from_bytes(digest[:5], "big")
    corr = "NULL" if version.correspondent_crd is None else str(version.correspondent_crd)
    return f"{customer}${version.submission_id}#{version.crd}#{corr}#{iso(identified)}"


def _window(versions: list[CustomerVersion]) -> list[CustomerVersion]:
    """Versions since the last one sent with ``updateNotification`` true [S1 §6.4.1 r2]."""
    start = 0
    for index, version in enumerate(versions):
        if version.update_notification:
            start = index
    return versions[start:]


def _intrafirm(versions: list[CustomerVersion], switchable: bool) -> set[int]:
    window = _window(versions)
    codes: set[int] = set()
    years = {v.year_of_birth for v in window if v.kind == NATURAL and v.year_of_birth is not None}
    if len(years) > 1:
        codes.add(YEAR_OF_BIRTH_INTRAFIRM)
    eins = {v.ein for v in window if v.kind == LEGAL and v.ein is not None}
    if len(eins) > 1:
        codes.add(EIN_INTRAFIRM)
    if switchable and len({v.kind for v in window}) > 1:
        codes.add(PERSON_ENTITY_INTRAFIRM)
    return codes


def _interfirm(mine: CustomerVersion, theirs: CustomerVersion, switchable: bool) -> set[int]:
    codes: set[int] = set()
    if mine.kind != theirs.kind:
        if switchable:
            codes.add(PERSON_ENTITY_INTERFIRM)
    elif mine.kind == NATURAL:
        if (mine.year_of_birth is not None and theirs.year_of_birth is not None
                and mine.year_of_birth != theirs.year_of_birth):
            codes.add(YEAR_OF_BIRTH_INTERFIRM)
    elif mine.ein is not None and theirs.ein is not None and mine.ein != theirs.ein:
        codes.add(EIN_INTERFIRM)
    return codes


class _Scanner:
    def __init__(self, store: Store, env: Environment, day: dt.date, pack: SpecPack) -> None:
        self.conn = store.conn
        self.env = env
        self.snapshot = Snapshot(store, env, day)
        ctx = RecordContext(env=env, day=day, pack=pack)
        codes = {c for c in MI_CODES if cross_record_in_force(c, ctx)}
        if ctx.in_force(_EIN_RULE):
            # Once 22544 checks the ein against its TID, EIN disagreements cannot arise
            # any more; open ones still need resolving [S1 T32; §6.6.4].
            codes -= {EIN_INTRAFIRM, EIN_INTERFIRM}
        self.codes = frozenset(codes)
        self.identified = self.snapshot.cutoff
        self.identified_iso = self.snapshot.cutoff_iso
        self.deadline_iso = iso(inconsistency_deadline(self.identified))

    # --- resolution -------------------------------------------------------------------------

    def resolve(self) -> list[MaterialInconsistency]:
        """Close open MIs whose Customer was accepted again with the flag [S1 §6.6.3]."""
        rows = self.conn.execute(
            "SELECT event_id, crd, ccid, code, identified_at, deadline FROM inconsistencies "
            "WHERE env = ? AND status = ? AND identified_at <= ? "
            "ORDER BY crd, ccid, identified_at, event_id, code",
            (self.env.value, OPEN, self.identified_iso)).fetchall()
        resolved: list[MaterialInconsistency] = []
        for event, crd, ccid, code, identified, deadline in rows:
            flagged = self.conn.execute(
                "SELECT v.accepted_at FROM customer_versions v JOIN submissions s "
                "ON s.env = v.env AND s.submission_id = v.submission_id "
                "WHERE v.env = ? AND v.crd = ? AND v.ccid = ? AND v.update_notification = 1 "
                "AND s.received_at > ? AND s.received_at <= ? ORDER BY v.submission_id LIMIT 1",
                (self.env.value, crd, ccid, identified, self.identified_iso)).fetchone()
            if flagged is None:
                continue
            at = str(flagged[0])
            late = at > deadline
            self.conn.execute(
                "UPDATE inconsistencies SET status = ?, resolved_at = ?, resolved_late = ? "
                "WHERE env = ? AND event_id = ? AND code = ?",
                (RESOLVED, at, int(late), self.env.value, event, code))
            resolved.append(MaterialInconsistency(
                event, crd, ccid, code, dt.datetime.fromisoformat(identified),
                dt.datetime.fromisoformat(deadline), RESOLVED, dt.datetime.fromisoformat(at),
                late))
        return resolved

    # --- detection --------------------------------------------------------------------------

    def candidates(self) -> list[str]:
        """CCIDs whose accepted versions disagree anywhere: a superset of what may conflict."""
        rows = self.conn.execute(
            "SELECT v.ccid FROM customer_versions v JOIN submissions s "
            "ON s.env = v.env AND s.submission_id = v.submission_id "
            "WHERE v.env = ? AND s.received_at <= ? GROUP BY v.ccid "
            "HAVING COUNT(DISTINCT v.year_of_birth) > 1 OR COUNT(DISTINCT v.ein) > 1 "
            "OR COUNT(DISTINCT v.record_kind) > 1 ORDER BY v.ccid",
            (self.env.value, self.snapshot.cutoff_iso)).fetchall()
        return [r[0] for r in rows]

    def _has_open(self, crd: int, ccid: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM inconsistencies WHERE env = ? AND crd = ? AND ccid = ? "
            "AND status = ? LIMIT 1", (self.env.value, crd, ccid, OPEN)).fetchone()
        return row is not None

    def _attested(self, crd: int, ccid: str) -> bool:
        """Whether the firm answered an interfirm MI on this Customer [S1 §6.4.1 r5, r10]."""
        inter = ",".join("?" * len(INTERFIRM_CODES))
        intra = ",".join("?" * len(INTRAFIRM_CODES))
        answered, conflict = self.conn.execute(
            f"SELECT (SELECT MAX(resolved_at) FROM inconsistencies WHERE env = ? AND crd = ? "
            f"AND ccid = ? AND status = ? AND code IN ({inter})), "
            f"(SELECT MAX(identified_at) FROM inconsistencies WHERE env = ? AND crd = ? "
            f"AND ccid = ? AND code IN ({intra}))",
            (self.env.value, crd, ccid, RESOLVED, *INTERFIRM_CODES,
             self.env.value, crd, ccid, *INTRAFIRM_CODES)).fetchone()
        return answered is not None and (conflict is None or conflict < answered)

    def detect(self, ccid: str) -> list[MaterialInconsistency]:
        """Open the MIs the Customer's versions call for, one event per firm."""
        snapshot = self.snapshot
        by_party: dict[Party, list[CustomerVersion]] = {}
        for version in snapshot.versions(ccid):
            by_party.setdefault(version.party, []).append(version)
        in_scope = {crd for crd in {p[0] for p in by_party} if snapshot.active_fdids(crd, ccid)}
        parties = sorted((p for p in by_party if p[0] in in_scope),
                         key=lambda p: (p[0], -1 if p[1] is None else p[1]))
        switchable = ccid in snapshot.switchable_ccids
        intra: dict[int, set[int]] = {}
        inter: dict[int, set[int]] = {}
        for party in parties:
            intra.setdefault(party[0], set()).update(_intrafirm(by_party[party], switchable))
            mine = by_party[party][-1]
            for other in parties:
                if other != party:
                    found = _interfirm(mine, by_party[other][-1], switchable)
                    inter.setdefault(party[0], set()).update(found)
        opened: list[MaterialInconsistency] = []
        for crd in sorted(in_scope):
            own = intra.get(crd, set()) & self.codes
            across = inter.get(crd, set()) & self.codes
            if across and not own and self._attested(crd, ccid):
                across = set()
            codes = sorted(own | across)
            if not codes or self._has_open(crd, ccid):
                continue
            latest = snapshot.latest(crd, ccid)
            assert latest is not None  # the firm is in scope through its own versions
            event = event_id(self.env, latest, ccid, self.identified)
            for code in codes:
                self.conn.execute(
                    "INSERT INTO inconsistencies (env, event_id, crd, ccid, code, identified_at, "
                    "deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (self.env.value, event, crd, ccid, code, self.identified_iso,
                     self.deadline_iso, OPEN))
                opened.append(MaterialInconsistency(
                    event, crd, ccid, code, self.identified,
                    dt.datetime.fromisoformat(self.deadline_iso), OPEN, None, None))
        return opened


def scan(store: Store, env: Environment, day: dt.date, *,
         pack: SpecPack | None = None) -> ScanResult:
    """Run trading day ``day``'s MI scan: resolve what was answered, then open new MIs.

    ``pack`` replaces the spec pack in force that day (for instance one with
    ``ein-hash-check-22544`` switched on). Running the scan of one day twice changes
    nothing the second time: resolutions need a version received after identification,
    and an open MI holds back new ones.
    """
    scanner = _Scanner(store, env, day, pack or pack_for(env, day))
    with store.transaction():
        resolved = scanner.resolve()
        opened: list[MaterialInconsistency] = []
        if scanner.codes:
            for ccid in scanner.candidates():
                opened.extend(scanner.detect(ccid))
    return ScanResult(day, scanner.identified, tuple(opened), tuple(resolved))


def open_inconsistencies(store: Store, env: Environment,
                         as_of: dt.datetime | None = None) -> list[MaterialInconsistency]:
    """Open MIs of the environment, by firm, event and code (identified by ``as_of``)."""
    query = ("SELECT event_id, crd, ccid, code, identified_at, deadline, status, resolved_at, "
             "resolved_late FROM inconsistencies WHERE env = ? AND status = ?")
    args: list[object] = [env.value, OPEN]
    if as_of is not None:
        query += " AND identified_at <= ?"
        args.append(iso(as_of))
    rows = store.conn.execute(query + " ORDER BY crd, event_id, code", args).fetchall()
    return list(_rows(rows))


def _rows(rows: Iterable[Any]) -> Iterator[MaterialInconsistency]:
    for event, crd, ccid, code, identified, deadline, status, resolved, late in rows:
        yield MaterialInconsistency(
            event, crd, ccid, code, dt.datetime.fromisoformat(identified),
            dt.datetime.fromisoformat(deadline), status,
            None if resolved is None else dt.datetime.fromisoformat(resolved),
            None if late is None else bool(late))


__all__ = [
    "INTERFIRM_CODES",
    "INTRAFIRM_CODES",
    "MI_CODES",
    "OPEN",
    "RESOLVED",
    "SWITCHABLE_FOREIGN_TYPES",
    "CustomerVersion",
    "MaterialInconsistency",
    "Party",
    "ScanResult",
    "Snapshot",
    "event_id",
    "open_inconsistencies",
    "scan",
]
