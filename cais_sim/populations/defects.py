"""Defect injection: valid records turned invalid on purpose, each with the code CAIS owes.

A repair workflow is only tested when the files it repairs hold known mistakes. Each defect
here is a named mutation of one field of one valid record, built from the field table
(:mod:`cais_sim.spec.fields`): a Required field left out, a choice value outside its list, a
text longer than its type allows, a date that is not a day. The code each mutation must draw
is the field's own code in that table, and a kind is offered only when the code catalog says
CAIS raises it at record level, a simulator can check it locally, and it is in force on the
file's date. Identity fields (``fdidRecordID``, ``customerRecordID`` ...) are never touched,
so every defect can still be named by the record it sits in.

A rejected record drags others down (digest g.9, S1 §6.3): an FDID that fails takes its
Customers with it (22523); a Customer that fails takes every FDID it is linked to (22048),
and, when it failed for its own error, every other Customer Record with the same
``tidValue`` (22529); a TID Record that fails its own checks makes its Customer fail with
the Data File code the warning maps to (22900/22914/22526, S1 T31). The cascade is followed
to its end, and each defect lists the records it drags down with their codes.

Which accounts carry a defect is decided from the seed alone, one account at a time, so the
same seed gives the same defects whatever the population size or sharding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from cais_sim.errors import InvalidArgument
from cais_sim.spec.codes import CodeStatus, Stage, catalog
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import FieldRule, Presence, RecordKind, field_rules

Json = dict[str, Any]
Mutation = Literal["missing", "bad-choice", "too-long", "bad-date", "bad-year", "bad-format"]

#: Where each record kind lives: the top-level list and, for nested kinds, the key of the
#: nested list inside its parent record.
_PLACES: dict[RecordKind, tuple[str, str | None]] = {
    RecordKind.FDID: ("fdidRecordList", None),
    RecordKind.LARGE_TRADER: ("fdidRecordList", "largeTraderList"),
    RecordKind.FDID_ADDRESS: ("fdidRecordList", "addressList"),
    RecordKind.ASSOCIATION: ("fdidRecordList", "fdidCustomerList"),
    RecordKind.AUTH_TRADER_NAME: ("fdidRecordList", "authTraderNamesList"),
    RecordKind.NATURAL_PERSON: ("naturalPersonCustomerList", None),
    RecordKind.LEGAL_ENTITY: ("legalEntityCustomerList", None),
    RecordKind.CUSTOMER_ADDRESS: ("customerAddress", "addressList"),
    RecordKind.TID: ("tidRecordList", None),
}

#: Fields that name a record or sub-record; breaking them would leave nothing to report the
#: defect against (and 22501/22003 stop validation of the record) [S1 T28].
_IDENTITY = frozenset({"fdidRecordID", "firmDesignatedID", "customerRecordID",
                       "largeTraderRecordID", "authTraderNameID", "addrType"})

#: Fields left alone because their absence or value changes which other checks apply
#: (presence conditions judged across several fields), so one mutation would not map to
#: exactly one code.
_CROSS_FIELD = frozenset({"fdidCustomerList", "authTraderNamesList", "largeTraderList",
                          "hasDiscretion", "updateNotification", "regionCode", "postalCode",
                          "countryCode", "fdidEndDate", "fdidEndReason", "roleEndDate",
                          "roleEndReason", "ltidEndDate", "ltidEndReason", "replacedByFDID",
                          "priorCATReporterCRD", "priorCATReporterFDID", "lei", "ein",
                          "foreignTIDType", "foreignTIDCountryCd", "replacedByTIDType",
                          "replacingForeignTIDType", "replacingForeignTIDCountryCd",
                          "replacedByTID", "DVPCustodianID", "clearingBrokerID"})

_STAGES = frozenset({Stage.DATA_VALIDATION, Stage.TIDS_WARNING})


@dataclass(frozen=True, slots=True)
class DefectKind:
    """One named mutation and the code CAIS must answer it with."""

    name: str
    record: RecordKind
    field: str
    mutation: Mutation
    code: int
    #: For a TID Record defect: the code its Customer then gets in the Data File feedback.
    customer_code: int | None
    description: str

    def applies(self, entry: Mapping[str, Any]) -> bool:
        """Whether ``entry`` (a record of this kind) can carry this defect."""
        if self.mutation == "missing":
            return self.field in entry
        return entry.get(self.field) is not None

    def apply(self, entry: Json) -> None:
        """Break ``entry`` in place."""
        if self.mutation == "missing":
            del entry[self.field]
            return
        value = entry[self.field]
        if self.mutation == "bad-choice":
            entry[self.field] = ["NOT-A-VALUE"] if isinstance(value, list) else "NOT-A-VALUE"
        elif self.mutation == "too-long":
            limit = _max_length(self.record, self.field)
            entry[self.field] = "X" * (limit + 1)
        elif self.mutation == "bad-date":
            # 30 February is never a day [S1 T3 Date].
            entry[self.field] = (value // 10_000) * 10_000 + 230 if isinstance(value, int) \
                else 20230230
        elif self.mutation == "bad-year":
            entry[self.field] = 99
        else:
            entry[self.field] = "NOT A VALUE!"

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"name": self.name, "record": self.record.value,
                                  "field": self.field, "code": self.code,
                                  "meaning": catalog().meaning(self.code)}
        if self.customer_code is not None:
            result["customerCode"] = self.customer_code
        return result


def _max_length(record: RecordKind, name: str) -> int:
    for row in field_rules()[record]:
        if row.name == name and row.type.max_length is not None:
            return row.type.max_length
    raise KeyError(name)  # pragma: no cover - only called for rows with a length


def _mutations(row: FieldRule) -> list[Mutation]:
    found: list[Mutation] = []
    if row.presence is Presence.REQUIRED:
        found.append("missing")
    base = row.type.item.base if row.type.item is not None else row.type.base
    if base == "choice":
        found.append("bad-choice")
    elif base == "extended_text" and row.type.max_length is not None:
        found.append("too-long")
    elif base == "date":
        found.append("bad-date")
    elif base == "year":
        found.append("bad-year")
    elif base in {"ltid", "hex"}:
        found.append("bad-format")
    return found


_VERB = {"missing": "left out", "bad-choice": "outside its choice list",
         "too-long": "longer than its type allows", "bad-date": "not a real day",
         "bad-year": "not a four-digit year", "bad-format": "not in its required format"}


@cache
def all_kinds() -> tuple[DefectKind, ...]:
    """Every defect kind the field table and the code catalog support, in table order."""
    codes = catalog()
    kinds: list[DefectKind] = []
    for record, rows in field_rules().items():
        if record not in _PLACES:
            continue
        for row in rows:
            if row.name in _IDENTITY or row.name in _CROSS_FIELD:
                continue
            entry = codes.get(row.code)
            if entry is None or entry.stage not in _STAGES or entry.status is not \
                    CodeStatus.ACTIVE or not entry.locally_checkable:
                continue
            customer_code = entry.maps_to[0] if entry.maps_to else None
            for mutation in _mutations(row):
                kinds.append(DefectKind(
                    name=f"{record.value}.{row.name}.{mutation}", record=record,
                    field=row.name, mutation=mutation, code=row.code,
                    customer_code=customer_code,
                    description=f"{row.name} of a {record.value} record {_VERB[mutation]}"))
    return tuple(kinds)


def kinds_in_force(day: dt.date, env: Environment = Environment.INDUSTRY_TEST,
                   *, schema_version: str = "2.0.0") -> tuple[DefectKind, ...]:
    """The kinds whose code CAIS raised in ``env`` on ``day``.

    Dated codes (a Customer address mandatory only from 2023-07-12, 22514) are left out on
    days they were not in force, so a defect never claims a code CAIS would not return.
    Schema 1.0.0 files hold only FDID and Large Trader records (digest a.8, b.2).
    """
    codes = catalog()
    kinds = [k for k in all_kinds() if codes[k.code].in_force(env, day)]
    if schema_version == "1.0.0":
        kinds = [k for k in kinds if k.record in (RecordKind.FDID, RecordKind.LARGE_TRADER)]
    return tuple(kinds)


# --- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DefectPlan:
    """How many defects, of which kinds: ``rate`` is the share of FDID Records whose
    account carries one defect."""

    rate: float
    codes: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise InvalidArgument("the defect rate must be between 0 and 1 (or 0% and 100%)")

    def kinds(self, day: dt.date, env: Environment = Environment.INDUSTRY_TEST,
              *, schema_version: str = "2.0.0") -> tuple[DefectKind, ...]:
        """The kinds this plan draws from on ``day``; raises when a requested code has none."""
        available = kinds_in_force(day, env, schema_version=schema_version)
        if not self.codes:
            return available
        offered = {k.code for k in available}
        unknown = [c for c in self.codes if c not in offered]
        if unknown:
            listing = ", ".join(str(c) for c in sorted(offered))
            raise InvalidArgument(
                f"no defect draws code {', '.join(map(str, unknown))} on {day} for schema "
                f"{schema_version}; codes available: {listing}")
        wanted = set(self.codes)
        return tuple(k for k in available if k.code in wanted)

    def to_json(self) -> dict[str, Any]:
        return {"rate": self.rate, "codes": list(self.codes)}


def parse_defects(text: str) -> DefectPlan:
    """Read ``RATE[:CODES]``: ``0.05``, ``5%`` or ``0.02:22050,22507``."""
    rate_text, colon, codes_text = text.partition(":")
    rate_text = rate_text.strip()
    try:
        rate = float(rate_text[:-1]) / 100 if rate_text.endswith("%") else float(rate_text)
    except ValueError:
        raise InvalidArgument(f"defect rate {rate_text!r} is not a number such as 0.05 or "
                              "5%") from None
    codes: list[int] = []
    for part in filter(None, (p.strip() for p in codes_text.split(","))):
        if not part.isdigit():
            raise InvalidArgument(f"defect code {part!r} is not a CAIS code number")
        codes.append(int(part))
    if colon and not codes:
        raise InvalidArgument("give at least one code after ':' or leave the ':' out")
    return DefectPlan(rate=rate, codes=tuple(dict.fromkeys(codes)))


# --- records as the injector sees them -----------------------------------------------------------


@dataclass(slots=True)
class WireGroup:
    """Records that can only drag each other down: a set of FDIDs with every Customer and
    TID Record they link to, as JSON objects ready for the writer.

    ``offsets`` gives the position in the file of each list's first record here, so a
    defect can name its record by list and index as the feedback does. ``shared`` holds the
    ``customerRecordID`` of Customers that also appear outside the group under the same
    ``tidValue`` (the firm itself on its own accounts): they are never broken, because their
    own failure would drag down every record of that Customer in the file (22529).
    """

    fdids: list[Json]
    natural_persons: list[Json] = field(default_factory=list)
    legal_entities: list[Json] = field(default_factory=list)
    tids: list[Json] = field(default_factory=list)
    offsets: Mapping[str, int] = field(default_factory=dict)
    shared: frozenset[int] = frozenset()

    def lists(self) -> dict[str, list[Json]]:
        return {"fdidRecordList": self.fdids, "naturalPersonCustomerList": self.natural_persons,
                "legalEntityCustomerList": self.legal_entities, "tidRecordList": self.tids}


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A record as feedback names it: list, index in the file, and its identifier."""

    list_key: str
    index: int
    firm_designated_id: str | None = None
    customer_record_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"list": self.list_key, "index": self.index}
        if self.firm_designated_id is not None:
            result["firmDesignatedID"] = self.firm_designated_id
        if self.customer_record_id is not None:
            result["customerRecordID"] = self.customer_record_id
        return result


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record CAIS rejects, with the code and (for a cascade) the record that caused it."""

    record: RecordRef
    code: int

    def to_json(self) -> dict[str, Any]:
        return {**self.record.to_json(), "code": self.code}


@dataclass(frozen=True, slots=True)
class InjectedDefect:
    """One defect as the manifest records it."""

    kind: DefectKind
    record: RecordRef
    #: The nested entry that was broken (``addressList[0]`` ...), when not the record itself.
    path: str
    #: The top-level Data File record rejected for its own error, and its code (for a TID
    #: defect, the Customer and the code the TID warning maps to).
    rejected: Rejection
    cascade: tuple[Rejection, ...]
    data_file: str | None = None
    tids_file: str | None = None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "defect": self.kind.name,
            "description": self.kind.description,
            **({"file": self.tids_file if self.record.list_key == "tidRecordList"
                else self.data_file} if self.data_file is not None else {}),
            **self.record.to_json(),
            "field": self.path,
            "expectedCode": self.kind.code,
            "meaning": catalog().meaning(self.kind.code),
        }
        if self.record.list_key == "tidRecordList":
            result["customerRejection"] = self.rejected.to_json()
        result["cascade"] = [r.to_json() for r in self.cascade]
        return result

    def rejections(self) -> tuple[Rejection, ...]:
        """Every Data File record this defect makes CAIS reject."""
        return (self.rejected, *self.cascade)


def with_files(defects: Iterable[InjectedDefect], data_file: str,
               tids_file: str) -> list[InjectedDefect]:
    """The defects with the names of the files they were written to."""
    return [InjectedDefect(d.kind, d.record, d.path, d.rejected, d.cascade, data_file,
                           tids_file) for d in defects]


# --- injection ------------------------------------------------------------------------------------


def stable_random(*parts: object) -> random.Random:
    """A generator seeded from ``parts`` with a stable hash (``hash()`` of str is salted
    per process, so it would give different defects on every run)."""
    text = "\x1f".join(str(p) for p in parts).encode()
    return random.Random(int.from_bytes(hashlib.blake2b(text, digest_size=16).digest(), "big"))


#: A record of a group: its list and its position there.
_Node = tuple[str, int]


@dataclass(slots=True)
class _Target:
    kind: DefectKind
    list_key: str
    position: int
    entry: Json
    path: str


def _fdid_targets(kinds: Sequence[DefectKind], fdid: Json, position: int,
                  group: WireGroup) -> list[_Target]:
    """Every (kind, entry) pair one FDID's account offers: the FDID, its nested entries, its
    Customers, their addresses and their TID Records."""
    linked = {a.get("customerRecordID") for a in fdid.get("fdidCustomerList", ())
              if isinstance(a, dict)} - group.shared
    customers: list[tuple[str, int, Json, RecordKind]] = []
    for key, kind_of, records in (
            ("naturalPersonCustomerList", RecordKind.NATURAL_PERSON, group.natural_persons),
            ("legalEntityCustomerList", RecordKind.LEGAL_ENTITY, group.legal_entities)):
        customers.extend((key, i, r, kind_of) for i, r in enumerate(records)
                         if r.get("customerRecordID") in linked)
    tids = [(i, t) for i, t in enumerate(group.tids) if t.get("customerRecordID") in linked]
    with_ein = {r.get("customerRecordID") for _, _, r, _ in customers if r.get("ein")}
    targets: list[_Target] = []
    for kind in kinds:
        list_key, nested = _PLACES[kind.record]
        if kind.record is RecordKind.FDID:
            if kind.applies(fdid):
                targets.append(_Target(kind, "fdidRecordList", position, fdid, kind.field))
        elif list_key == "fdidRecordList" and nested is not None:
            for j, sub in enumerate(fdid.get(nested, ())):
                if isinstance(sub, dict) and kind.applies(sub):
                    targets.append(_Target(kind, "fdidRecordList", position, sub,
                                           f"{nested}[{j}].{kind.field}"))
        elif kind.record in (RecordKind.NATURAL_PERSON, RecordKind.LEGAL_ENTITY):
            for key, i, record, record_kind in customers:
                if record_kind is kind.record and kind.applies(record):
                    targets.append(_Target(kind, key, i, record, kind.field))
        elif kind.record is RecordKind.CUSTOMER_ADDRESS:
            for key, i, record, _ in customers:
                for j, sub in enumerate(record.get("addressList", ())):
                    if isinstance(sub, dict) and kind.applies(sub):
                        targets.append(_Target(kind, key, i, sub,
                                               f"addressList[{j}].{kind.field}"))
        elif kind.record is RecordKind.TID:
            for i, tid in tids:
                if kind.applies(tid) and not (kind.field == "tidType"
                                              and kind.mutation != "missing"
                                              and tid.get("customerRecordID") in with_ein):
                    # A Customer with an ein whose tidType turns into something other than
                    # EIN draws 22543 as well; one mutation must mean one code.
                    targets.append(_Target(kind, "tidRecordList", i, tid, kind.field))
    return targets


def inject(group: WireGroup, plan: DefectPlan, kinds: Sequence[DefectKind],
           rng: random.Random) -> list[InjectedDefect]:
    """Break records of ``group`` in place as ``plan`` asks; returns what was done.

    Each FDID is drawn in order: with probability ``plan.rate`` its account gets one
    defect, of a kind chosen evenly among the kinds the account offers, on an entry chosen
    evenly among those the kind applies to. A record is broken at most once.
    """
    if plan.rate <= 0 or not kinds:
        return []
    touched: set[tuple[str, int]] = set()
    chosen: list[_Target] = []
    for position, fdid in enumerate(group.fdids):
        if rng.random() >= plan.rate:
            continue
        targets = _fdid_targets(kinds, fdid, position, group)
        offered = list(dict.fromkeys(t.kind.name for t in targets))
        if not offered:
            continue
        name = offered[rng.randrange(len(offered))]
        candidates = [t for t in targets if t.kind.name == name]
        target = candidates[rng.randrange(len(candidates))]
        if (target.list_key, target.position) in touched:
            continue
        touched.add((target.list_key, target.position))
        chosen.append(target)
    graph = _Graph(group)
    for target in chosen:
        target.kind.apply(target.entry)
    directs = [_direct(t, graph) for t in chosen]
    # The cascade of all the group's defects together, as CAIS decides it; each dragged
    # record is then told under the first defect whose failure reaches it.
    outcome = graph.outcome({node for node, _ in directs})
    reaches = [graph.reach(node) for node, _ in directs]
    owner: dict[_Node, int] = {}
    for node in outcome:
        owner[node] = next((i for i, reach in enumerate(reaches) if node in reach), 0)
    results: list[InjectedDefect] = []
    for i, (target, (direct, code)) in enumerate(zip(chosen, directs, strict=True)):
        ref = graph.ref(target.list_key, target.position)
        rejected = Rejection(graph.ref(*direct), code)
        mine = sorted((node for node in outcome if owner[node] == i),
                      key=lambda node: reaches[i].get(node, len(reaches[i])))
        cascade = tuple(Rejection(graph.ref(*node), cascade_code)
                        for node in mine for cascade_code in outcome[node])
        results.append(InjectedDefect(target.kind, ref, target.path, rejected, cascade))
    return results


def _direct(target: _Target, graph: _Graph) -> tuple[tuple[str, int], int]:
    """The Data File record rejected for the defect's own error, and its code."""
    if target.list_key == "tidRecordList":
        customer = graph.customer_of_tid(target.position)
        assert target.kind.customer_code is not None
        return customer, target.kind.customer_code
    return (target.list_key, target.position), target.kind.code


class _Graph:
    """Links between the records of one group, for following the rejection cascade."""

    def __init__(self, group: WireGroup) -> None:
        self.group = group
        self.lists = group.lists()
        self.customer_at: dict[int, tuple[str, int]] = {}
        for key in ("naturalPersonCustomerList", "legalEntityCustomerList"):
            for i, record in enumerate(self.lists[key]):
                cid = record.get("customerRecordID")
                if isinstance(cid, int):
                    self.customer_at.setdefault(cid, (key, i))
        self.tid_of: dict[int, str] = {}
        for tid in group.tids:
            cid, value = tid.get("customerRecordID"), tid.get("tidValue")
            if isinstance(cid, int) and isinstance(value, str):
                self.tid_of.setdefault(cid, value.lower())
        self.fdids_of: dict[int, list[int]] = {}
        self.customers_of: list[list[int]] = []
        for i, fdid in enumerate(group.fdids):
            linked: list[int] = []
            for assoc in fdid.get("fdidCustomerList", ()):
                cid = assoc.get("customerRecordID") if isinstance(assoc, dict) else None
                if isinstance(cid, int) and cid in self.customer_at:
                    linked.append(cid)
                    self.fdids_of.setdefault(cid, []).append(i)
            self.customers_of.append(list(dict.fromkeys(linked)))
        self.same_tid: dict[str, list[int]] = {}
        for cid in self.customer_at:
            value = self.tid_of.get(cid)
            if value is not None:
                self.same_tid.setdefault(value, []).append(cid)

    def customer_of_tid(self, position: int) -> tuple[str, int]:
        cid = self.group.tids[position].get("customerRecordID")
        if not isinstance(cid, int) or cid not in self.customer_at:
            raise InvalidArgument(f"TID Record {position} has no Customer in its group")
        return self.customer_at[cid]

    def ref(self, list_key: str, position: int) -> RecordRef:
        offset = self.group.offsets.get(list_key, 0)
        record = self.lists[list_key][position]
        if list_key == "fdidRecordList":
            value = record.get("firmDesignatedID")
            return RecordRef(list_key, offset + position,
                             firm_designated_id=value if isinstance(value, str) else None)
        cid = record.get("customerRecordID")
        return RecordRef(list_key, offset + position,
                         customer_record_id=cid if isinstance(cid, int) else None)

    def reach(self, start: _Node) -> dict[_Node, int]:
        """Every record ``start`` failing on its own drags down, with its rank in the order
        the cascade reaches it [digest g.9; S1 §6.3]."""
        order: dict[_Node, int] = {}
        seen = {start}
        queue: list[tuple[_Node, bool]] = [(start, True)]
        while queue:
            node, own = queue.pop(0)
            found: list[_Node] = []
            if node[0] == "fdidRecordList":
                found = [self.customer_at[cid] for cid in self.customers_of[node[1]]]
            else:
                customer = self.lists[node[0]][node[1]].get("customerRecordID")
                if isinstance(customer, int):
                    if own and customer in self.tid_of:
                        found = [self.customer_at[other]
                                 for other in self.same_tid.get(self.tid_of[customer], ())]
                    found += [("fdidRecordList", f) for f in self.fdids_of.get(customer, ())]
            for other in found:
                if other not in seen:
                    seen.add(other)
                    order[other] = len(order)
                    queue.append((other, False))
        return order

    def outcome(self, own: set[_Node]) -> dict[_Node, list[int]]:
        """The cascade codes each record gets when the ``own`` records fail on their own
        errors together (digest g.9; S1 §6.3), decided as CAIS does until nothing changes:
        an FDID fails every Customer it lists (22523, unless that Customer already failed);
        a Customer fails every FDID listing it (one 22048 per FDID), except the FDID that
        alone brought it down; a Customer failing on its own fails its twins (same
        ``tidValue``, 22529)."""
        fdid_count = len(self.group.fdids)
        dragging: list[set[int]] = [set() for _ in range(fdid_count)]
        rejected_by: dict[_Node, set[int]] = {}
        twins_down: set[_Node] = set()
        codes: dict[_Node, list[int]] = {}
        customers = [(key, i) for key in ("naturalPersonCustomerList", "legalEntityCustomerList")
                     for i in range(len(self.lists[key]))]

        def failed(node: _Node) -> bool:
            return node in own or bool(codes.get(node))

        changed = True
        while changed:
            changed = False
            for node in customers:
                crid = self.lists[node[0]][node[1]].get("customerRecordID")
                if not failed(node) or not isinstance(crid, int):
                    continue
                by = rejected_by.get(node, set())
                for f in self.fdids_of.get(crid, ()):
                    if crid not in dragging[f] and (node in own or node in twins_down
                                                    or by - {f}):
                        dragging[f].add(crid)
                        changed = True
                if node in own and crid in self.tid_of:
                    for other in self.same_tid.get(self.tid_of[crid], ()):
                        twin = self.customer_at[other]
                        if twin != node and twin not in own and twin not in twins_down:
                            twins_down.add(twin)
                            codes.setdefault(twin, []).append(22529)
                            changed = True
            for f in range(fdid_count):
                if ("fdidRecordList", f) not in own and not dragging[f]:
                    continue
                for crid in self.customers_of[f]:
                    if crid in dragging[f]:
                        continue
                    node = self.customer_at[crid]
                    by = rejected_by.setdefault(node, set())
                    if f not in by:
                        if not failed(node):
                            codes.setdefault(node, []).append(22523)
                        by.add(f)
                        changed = True
        for f in range(fdid_count):
            if dragging[f]:
                codes.setdefault(("fdidRecordList", f), []).append(22048)
        return codes


def rejected_records(defects: Iterable[InjectedDefect]) -> set[tuple[str | None, str, int]]:
    """Every distinct Data File record (file, list, index) the defects make CAIS reject."""
    return {(d.data_file, r.record.list_key, r.record.index)
            for d in defects for r in d.rejections()}


__all__ = [
    "DefectKind",
    "DefectPlan",
    "InjectedDefect",
    "RecordRef",
    "Rejection",
    "WireGroup",
    "all_kinds",
    "inject",
    "kinds_in_force",
    "parse_defects",
    "rejected_records",
    "stable_random",
    "with_files",
]
