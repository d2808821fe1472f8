"""Record validation of a staged pair: record rules, cross-record checks and the cascade.

The stage works on the whole pair because several CAIS checks do [S1 §5.1.3.1-§5.1.4,
§6.3]: identifiers duplicated across records, associations that point at no Customer
Record, Customers without a TID Record, TID warnings that reject their Customer, several
versions of one Customer that disagree, and the rejection cascade (digest g.9):

* an FDID rejected for any reason rejects every Customer it lists (22523);
* a rejected Customer rejects every FDID that lists it (22048), and so on transitively;
* a Customer rejected for its own error rejects every other Customer Record of the file
  with the same ``tidValue`` (22529);
* TID Record problems reject only the TID entry, and the linked Customer gets 22526,
  22900 or 22914 (S1 T31 mapping).

Data-layer checks against stored state (23004/23005) run on the FDIDs that survive, and the
cascade is repeated until nothing changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cais_sim.backend.intake.parallel import Job, map_staged
from cais_sim.backend.intake.staging import Staging
from cais_sim.rules import Engine, Finding, RecordContext
from cais_sim.rules.registry import cross_record_in_force
from cais_sim.spec.codes import catalog
from cais_sim.spec.datatypes import firm_designated_id, normalize_fdid
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.tid import is_tid_value

_REPLACEMENT_CODES = {"replacedByTID", "replacedByTIDType", "replacingForeignTIDType",
                      "replacingForeignTIDCountryCd"}


def _int(value: Any) -> int | None:
    return value if value.__class__ is int else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(slots=True)
class FdidEntry:
    """One FDID Record of the file and what validation decided about it."""

    idx: int
    fdid: str | None
    record_id: int | None
    customer_ids: list[int]
    fdid_date: int | None
    end_date: int | None
    end_reason: str | None
    replaced_by: str | None
    findings: list[Finding] = field(default_factory=list)
    rejected_customers: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        """Whether the record is rejected."""
        return bool(self.findings) or bool(self.rejected_customers)


@dataclass(slots=True)
class CustomerEntry:
    """One Natural Person or Legal Entity Customer Record of the file."""

    list_key: str
    idx: int
    natural: bool
    customer_record_id: int | None
    tid_value: str | None
    year_of_birth: int | None
    ein: str | None
    foreign: bool
    update_notification: bool
    findings: list[Finding] = field(default_factory=list)
    cascade: list[Finding] = field(default_factory=list)
    #: Positions of the FDID Records whose rejection dragged this Customer down (created
    #: on first use: most Customers are never dragged down, and a set per record is costly).
    rejected_by: set[int] | None = None
    #: Rejected for a reason other than an FDID's rejection (a twin, or no FDID at all).
    other_cause: bool = False

    @property
    def rejected(self) -> bool:
        """Whether the record is rejected."""
        return bool(self.findings) or bool(self.cascade)

    def drags_down(self, fdid_idx: int) -> bool:
        """Whether this Customer's rejection rejects the FDID at ``fdid_idx`` (22048).

        A Customer rejected only because that very FDID was rejected does not send the
        rejection back to it.
        """
        return bool(self.findings) or self.other_cause or bool(
            self.rejected_by and self.rejected_by - {fdid_idx})

    @property
    def own_error(self) -> bool:
        """Rejected for a problem of its own (which drags its twins down with 22529)."""
        return bool(self.findings)


@dataclass(slots=True)
class TidEntry:
    """One TID Record of the TIDS file."""

    idx: int
    customer_record_id: int | None
    tid_value: str | None
    tid_type: str | None
    foreign_tid_type: str | None
    foreign_country: str | None = None
    warnings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Validation:
    """Everything record validation decided about one pair."""

    fdids: list[FdidEntry] = field(default_factory=list)
    customers: list[CustomerEntry] = field(default_factory=list)
    tids: list[TidEntry] = field(default_factory=list)
    corrections: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def accepted_fdids(self) -> list[FdidEntry]:
        """FDID Records that passed, in file order."""
        return [f for f in self.fdids if not f.rejected]

    def accepted_customers(self) -> list[CustomerEntry]:
        """Customer Records that passed, in file order."""
        return [c for c in self.customers if not c.rejected]


def _tid_data_code(warning: Finding) -> int:
    """The Data-File code a TID warning gives its Customer [S1 T31]."""
    targets = catalog()[warning.code].maps_to
    if len(targets) <= 1:
        return targets[0] if targets else 22900
    # 24915/24916 map to several codes; the field at fault decides.
    if warning.field == "customerRecordID":
        return 22526
    if warning.field in _REPLACEMENT_CODES:
        return 22914
    return 22900 if 22900 in targets else targets[0]


def validate(staging: Staging, engine: Engine, ctx: RecordContext, *,
             helper_setup: Callable[[], None] | None = None) -> Validation:
    """Run every record-level and cross-record check over the staged pair.

    With ``helper_setup`` (see :mod:`.parallel`) a forked process checks half the records.
    """
    result = Validation()
    # The Customer and FDID checks need what the TIDS file says of each customerRecordID;
    # they do not need the TID Records' own checks, which run alongside them.
    tid_entries, duplicated = _tid_entries(ctx, staging)
    jobs: list[Job[Any]] = [
        _tid_job(tid_entries, engine, ctx),
        _customer_job("naturalPersonCustomerList", RecordKind.NATURAL_PERSON, engine, ctx),
        _customer_job("legalEntityCustomerList", RecordKind.LEGAL_ENTITY, engine, ctx),
        _fdid_job(engine, ctx),
    ]
    naturals: list[CustomerEntry]
    legals: list[CustomerEntry]
    fdids: list[tuple[FdidEntry, str | None]]
    result.tids, naturals, legals, fdids = map_staged(staging, jobs, helper_setup=helper_setup)
    for entry in result.tids:
        crid = entry.customer_record_id
        count = duplicated.get(crid) if crid is not None else None
        if count is not None:
            # [S1 T31 24915] a duplicated customerRecordID stops the TID entries.
            entry.warnings.append(Finding(
                24915, f"customerRecordID {entry.customer_record_id} appears {count} times "
                       "in the TIDS file", "customerRecordID"))
    result.customers = naturals + legals
    ctx.customer_ids = frozenset(c.customer_record_id for c in result.customers
                                 if c.customer_record_id is not None)
    ctx.natural_person_ids = frozenset(c.customer_record_id for c in naturals
                                       if c.customer_record_id is not None)
    result.fdids = [entry for entry, _ in fdids]
    ctx.fdid_values = frozenset(raw for _, raw in fdids if raw is not None)
    result.corrections = list(staging.records("correctionList"))
    _cross_record(ctx, result)
    cascade(result)
    return result


def _rules(kind: RecordKind, engine: Engine,
           ctx: RecordContext) -> Callable[[dict[str, Any]], list[Finding]]:
    def rules(record: dict[str, Any]) -> list[Finding]:
        return engine.check(kind, record, ctx)

    return rules


def _tid_job(entries: dict[int, TidEntry], engine: Engine,
             ctx: RecordContext) -> Job[TidEntry]:
    """The TID Records' own checks; their entries were made by :func:`_tid_entries`."""

    def entry(idx: int, record: dict[str, Any]) -> TidEntry:
        return entries[idx]

    def attach(tid: TidEntry, findings: list[Finding]) -> None:
        tid.warnings.extend(findings)

    return Job("tidRecordList", entry, _rules(RecordKind.TID, engine, ctx), attach)


def _tid_entries(ctx: RecordContext, staging: Staging
                 ) -> tuple[dict[int, TidEntry], dict[int, int]]:
    """The TID Records' entries by position, and the customerRecordIDs the file repeats
    with how often; sets what the Customer and FDID checks learn from the TIDS file."""
    entries: dict[int, TidEntry] = {}
    first: dict[int, TidEntry] = {}
    duplicated: dict[int, int] = {}
    for idx, record in staging.records("tidRecordList"):
        crid = _int(record.get("customerRecordID"))
        tid = _str(record.get("tidValue"))
        # Only a well-formed tidValue identifies a Customer; a malformed one (24905) must
        # not make unrelated Customers look like versions of each other.
        entry = entries[idx] = TidEntry(
            idx, crid, tid.lower() if tid and is_tid_value(tid) else None,
            _str(record.get("tidType")), _str(record.get("foreignTIDType")),
            _str(record.get("foreignTIDCountryCd")))
        if crid is None:
            continue
        if crid in first:
            duplicated[crid] = duplicated.get(crid, 1) + 1
        else:
            first[crid] = entry
    tid_types: dict[int, str] = {}
    tid_values: dict[int, str] = {}
    foreign: dict[int, str] = {}
    for crid, entry in first.items():
        if crid in duplicated:
            continue
        if entry.tid_type is not None:
            tid_types[crid] = entry.tid_type
        if entry.tid_value is not None:
            tid_values[crid] = entry.tid_value
        if entry.foreign_tid_type is not None:
            foreign[crid] = entry.foreign_tid_type
    ctx.tid_types = tid_types
    ctx.tid_values = tid_values
    ctx.foreign_tid_types = foreign
    return entries, duplicated


def _customer_job(list_key: str, kind: RecordKind, engine: Engine,
                  ctx: RecordContext) -> Job[CustomerEntry]:
    is_natural = kind is RecordKind.NATURAL_PERSON

    def entry(idx: int, record: dict[str, Any]) -> CustomerEntry:
        crid = _int(record.get("customerRecordID"))
        return CustomerEntry(
            list_key, idx, is_natural, crid,
            ctx.tid_values.get(crid) if crid is not None else None,
            _int(record.get("yearOfBirth")), _str(record.get("ein")),
            ctx.tid_types.get(crid) == "FOREIGN" if crid is not None else False,
            record.get("updateNotification") is True)

    def attach(customer: CustomerEntry, findings: list[Finding]) -> None:
        customer.findings = findings

    return Job(list_key, entry, _rules(kind, engine, ctx), attach)


def _fdid_job(engine: Engine, ctx: RecordContext) -> Job[tuple[FdidEntry, str | None]]:
    """Entries of FDID Records, with their firmDesignatedID as written (for corrections)."""

    def entry(idx: int, record: dict[str, Any]) -> tuple[FdidEntry, str | None]:
        raw = _str(record.get("firmDesignatedID"))
        fdid = normalize_fdid(raw) if raw is not None and firm_designated_id(raw) is None \
            else None
        customers = record.get("fdidCustomerList")
        crids = [c for item in customers if isinstance(item, dict)
                 if (c := _int(item.get("customerRecordID"))) is not None] \
            if isinstance(customers, list) else []
        return FdidEntry(
            idx, fdid, _int(record.get("fdidRecordID")), crids, _int(record.get("fdidDate")),
            _int(record.get("fdidEndDate")), _str(record.get("fdidEndReason")),
            _str(record.get("replacedByFDID"))), raw

    def attach(fdid: tuple[FdidEntry, str | None], findings: list[Finding]) -> None:
        fdid[0].findings = findings

    return Job("fdidRecordList", entry, _rules(RecordKind.FDID, engine, ctx), attach)


def _cross_record(ctx: RecordContext, result: Validation) -> None:
    in_force: dict[int, bool] = {}

    def live(code: int) -> bool:
        # Asked once per record; the answer depends only on the code, env and day.
        known = in_force.get(code)
        if known is None:
            known = in_force[code] = cross_record_in_force(code, ctx)
        return known

    # Duplicated identifiers stop every record that carries them [S1 T28 22002/22004/22502].
    by_fdid: dict[str, list[FdidEntry]] = defaultdict(list)
    by_record_id: dict[int, list[FdidEntry]] = defaultdict(list)
    for entry in result.fdids:
        if entry.fdid is not None:
            by_fdid[entry.fdid].append(entry)
        if entry.record_id is not None:
            by_record_id[entry.record_id].append(entry)
    for value, entries in by_fdid.items():
        if len(entries) > 1 and live(22002):
            for entry in entries:
                entry.findings.append(Finding(22002, f"firmDesignatedID {value!r} appears "
                                                     f"{len(entries)} times", "firmDesignatedID"))
    for rid, entries in by_record_id.items():
        if len(entries) > 1 and live(22004):
            for entry in entries:
                entry.findings.append(Finding(22004, f"fdidRecordID {rid} appears "
                                                     f"{len(entries)} times", "fdidRecordID"))
    by_crid: dict[int, list[CustomerEntry]] = defaultdict(list)
    for customer in result.customers:
        if customer.customer_record_id is not None:
            by_crid[customer.customer_record_id].append(customer)
    for crid, customers in by_crid.items():
        if len(customers) > 1 and live(22502):
            for customer in customers:
                customer.findings.append(Finding(22502, f"customerRecordID {crid} appears "
                                                        f"{len(customers)} times",
                                                 "customerRecordID"))
    # Every association must point at a Customer Record of the file [S1 T28 22041].
    linked: set[int] = set()
    for entry in result.fdids:
        for crid in entry.customer_ids:
            linked.add(crid)
            if crid not in by_crid and live(22041):
                entry.findings.append(Finding(22041, f"customerRecordID {crid} is not in the "
                                                     "Natural Person or Legal Entity lists",
                                              "fdidCustomerList", customer_record_id=crid))
    # The pairing with the TIDS file [S1 §5.1.3.2 r1; §5.1.4 r3; T31].
    tids_by_crid: dict[int, list[TidEntry]] = defaultdict(list)
    for tid in result.tids:
        if tid.customer_record_id is not None:
            tids_by_crid[tid.customer_record_id].append(tid)
    for tid in result.tids:
        tid_crid = tid.customer_record_id
        if tid_crid is not None and tid_crid not in by_crid and live(24914):
            tid.warnings.append(Finding(24914, f"customerRecordID {tid_crid} is not in the paired "
                                               "Data File", "customerRecordID"))
    for customer in result.customers:
        if customer.customer_record_id is None:
            continue
        crid = customer.customer_record_id
        tids = tids_by_crid.get(crid)
        if not tids:
            if live(22526):
                customer.findings.append(Finding(22526, f"customerRecordID {crid} has no TID "
                                                        "Record in the paired TIDS file",
                                                 "customerRecordID"))
            continue
        codes: list[int] = []
        for tid in tids:
            for warning in tid.warnings:
                if warning.code == 24915 and len(by_crid[crid]) > 1:
                    continue  # duplicated in both files: 22502 already says so
                code = _tid_data_code(warning)
                if code not in codes:
                    codes.append(code)
        for code in codes:
            if live(code):
                customer.findings.append(Finding(code, "the paired TID Record failed "
                                                       "validation (see the TIDS feedback)"))
        if crid not in linked and live(22523):
            customer.other_cause = True
            customer.cascade.append(Finding(22523, "no FDID Record of the file lists this "
                                                   "Customer"))
    # Versions of one Customer in one file must agree [S1 §5.1.3.2 r11; T28 22533].
    if live(22533):
        by_tid: dict[str, list[CustomerEntry]] = defaultdict(list)
        for customer in result.customers:
            if customer.tid_value is not None:
                by_tid[customer.tid_value].append(customer)
        for group in by_tid.values():
            if len(group) < 2:
                continue
            years = {c.year_of_birth for c in group if c.natural}
            eins = {c.ein for c in group if not c.natural}
            kinds = {c.natural for c in group}
            if len(years) > 1 or len(eins) > 1 or (len(kinds) > 1 and group[0].foreign):
                for customer in group:
                    customer.findings.append(Finding(
                        22533, "versions of this Customer in the file differ in yearOfBirth, "
                               "ein or record type"))


def cascade(result: Validation) -> None:
    """Spread rejections through associations and shared TIDs until nothing changes."""
    fdids_of: dict[int, list[FdidEntry]] = defaultdict(list)
    for entry in result.fdids:
        for crid in entry.customer_ids:
            fdids_of[crid].append(entry)
    customers_of: dict[int, list[CustomerEntry]] = defaultdict(list)
    by_tid: dict[str, list[CustomerEntry]] = defaultdict(list)
    for customer in result.customers:
        if customer.customer_record_id is not None:
            customers_of[customer.customer_record_id].append(customer)
        if customer.tid_value is not None:
            by_tid[customer.tid_value].append(customer)
    changed = True
    while changed:
        changed = False
        for customer in result.customers:
            if not customer.rejected or customer.customer_record_id is None:
                continue
            crid = customer.customer_record_id
            for entry in fdids_of.get(crid, ()):
                if crid not in entry.rejected_customers and customer.drags_down(entry.idx):
                    entry.rejected_customers.append(crid)
                    changed = True
            if customer.own_error and customer.tid_value is not None:
                for twin in by_tid[customer.tid_value]:
                    if twin is not customer and not twin.own_error and not twin.other_cause:
                        twin.other_cause = True
                        twin.cascade.append(Finding(22529, "another version of this Customer "
                                                           "in the file was rejected"))
                        changed = True
        for entry in result.fdids:
            if not entry.rejected:
                continue
            for crid in entry.customer_ids:
                if crid in entry.rejected_customers:
                    continue  # the Customers that rejected this FDID are not rejected by it
                for customer in customers_of.get(crid, ()):
                    if customer.rejected_by is None:
                        customer.rejected_by = set()
                    if entry.idx not in customer.rejected_by:
                        if not customer.rejected:
                            customer.cascade.append(Finding(
                                22523, "an FDID Record that lists this Customer was rejected"))
                        customer.rejected_by.add(entry.idx)
                        changed = True


def data_layer(result: Validation, ctx: RecordContext) -> bool:
    """23004/23005 on surviving FDIDs [S1 §5.1.3.1 r15-16; T29]; True if any was added."""
    accepted = {f.fdid: f for f in result.accepted_fdids() if f.fdid is not None}
    added = False
    for entry in result.accepted_fdids():
        if entry.end_reason != "REPLACED" or entry.replaced_by is None:
            continue
        target = normalize_fdid(entry.replaced_by)
        in_file = accepted.get(target)
        stored = ctx.state.accepted_fdid(target) if in_file is None else None
        if in_file is None and stored is None:
            if cross_record_in_force(23004, ctx):
                entry.findings.append(Finding(23004, f"replacedByFDID {target!r} is neither "
                                                     "accepted in this file nor before",
                                              "replacedByFDID"))
                added = True
            continue
        new_date: int | None = in_file.fdid_date if in_file is not None else (
            stored.fdid_date if stored is not None else None)
        if (entry.end_date is not None and new_date is not None and entry.end_date < new_date
                and cross_record_in_force(23005, ctx)):
            entry.findings.append(Finding(23005, f"fdidEndDate {entry.end_date} is before the "
                                                 f"replacing FDID's fdidDate {new_date}",
                                          "fdidEndDate"))
            added = True
    return added
