"""What a validation rule sees and what it reports.

A rule is a small function over one decoded record (a JSON object as CAIS received it, not a
typed struct: CAIS answers malformed input with codes, so rules must cope with any shape).
It yields :class:`Finding` objects, each carrying the code CAIS would return and, for
problems inside a nested sub-record, the identifiers that the feedback's rejection item
names (``largeTraderRecordID``, ``addrType``, ``authTraderNameID``) [S1 T20].

Rules never touch storage directly: what they may know about earlier submissions comes
through :class:`StateView`, so the same rule runs against the SQLite store, an in-memory
fake in a unit test, or nothing at all (a fresh Industry Test environment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import SpecPack

JsonObject = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one record.

    ``field`` names the wire field at fault when there is one, so people can find it;
    the sub-record identifiers say which nested entry of an FDID or Customer Record it was.
    """

    code: int
    message: str
    field: str | None = None
    large_trader_record_id: int | None = None
    addr_type: str | None = None
    auth_trader_name_id: int | None = None
    customer_record_id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredFdid:
    """What CAIS holds about a previously accepted FDID, as far as rules need it."""

    firm_designated_id: str
    fdid_date: int
    fdid_end_date: int | None
    fdid_end_reason: str | None
    has_customers: bool


@dataclass(frozen=True, slots=True)
class StoredRejection:
    """An earlier rejection, as a ``correctionList`` entry refers to it."""

    rejection_id: int
    error_code: int
    open: bool
    firm_designated_id: str | None
    customer_record_ids: tuple[int, ...]


class StateView(Protocol):
    """Read-only questions rules may ask about stored CAIS data for one CAT Reporter."""

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        """The accepted FDID of that value for this reporter, or None."""

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        """A rejection raised for this reporter, or None."""

    def customer_accepted(self, tid_value: str) -> bool:
        """Whether a Customer with this ``tidValue`` was ever accepted for this reporter."""

    def open_inconsistency(self, tid_value: str) -> bool:
        """Whether that Customer has an open Material Inconsistency at this reporter."""


class EmptyState:
    """The state of a fresh environment: nothing was ever accepted."""

    def accepted_fdid(self, firm_designated_id: str) -> StoredFdid | None:
        return None

    def rejection(self, rejection_id: int) -> StoredRejection | None:
        return None

    def customer_accepted(self, tid_value: str) -> bool:
        return False

    def open_inconsistency(self, tid_value: str) -> bool:
        return False


@dataclass(slots=True)
class RecordContext:
    """Everything a rule may consult besides the record itself.

    One context serves a whole file; the engine sets ``parent`` (the enclosing FDID or
    Customer Record) before it checks a nested sub-record. ``day`` is the day CAIS
    acknowledged the submission, which is what dated rules and choice values are judged by.
    """

    env: Environment
    day: dt.date
    pack: SpecPack
    state: StateView = field(default_factory=EmptyState)
    parent: JsonObject | None = None
    #: customerRecordID -> tidType as the paired TIDS file states it (absent: no TID record).
    tid_types: Mapping[int, str] = field(default_factory=dict)
    #: customerRecordID -> foreignTIDType for FOREIGN TIDs.
    foreign_tid_types: Mapping[int, str] = field(default_factory=dict)
    #: customerRecordID -> lower-case tidValue.
    tid_values: Mapping[int, str] = field(default_factory=dict)
    #: customerRecordIDs of the file's Natural Person and Legal Entity lists.
    customer_ids: frozenset[int] = frozenset()
    #: customerRecordIDs that belong to Natural Person records.
    natural_person_ids: frozenset[int] = frozenset()
    #: firmDesignatedID values of the file's FDID Records (as sent, before trimming).
    fdid_values: frozenset[str] = frozenset()
    _allowed: dict[str, frozenset[str]] = field(default_factory=dict)
    _in_force: dict[str, bool] = field(default_factory=dict)

    def allowed(self, wire_field: str, value: str) -> bool:
        """Whether a choice value was accepted on ``day`` in ``env`` (dated values)."""
        values = self._allowed.get(wire_field)
        if values is None:
            values = self.pack.allowed_values(wire_field, self.env, self.day)
            self._allowed[wire_field] = values
        return value in values

    def in_force(self, key: str) -> bool:
        """Whether the pack's dated rule ``key`` applied on ``day`` in ``env``."""
        known = self._in_force.get(key)
        if known is None:
            known = key in self.pack.rules and self.pack.rule_in_force(key, self.env, self.day)
            self._in_force[key] = known
        return known


Check = Callable[[JsonObject, RecordContext], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One registered check.

    ``record`` is the kind of record the check receives; ``None`` marks a cross-record
    check that the intake pipeline runs over the whole file pair (duplicates, links between
    the two files, the rejection cascade). ``pack_rule`` names the spec pack's dated rule
    that switches the check on, for checks whose go-live is dated separately from the
    code's own effective window.
    """

    name: str
    code: int
    record: RecordKind | None
    source: str
    summary: str
    check: Check | None
    pack_rule: str | None = None
    schema_versions: tuple[str, ...] = ("2.0.0",)
