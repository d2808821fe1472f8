"""One file pair through every stage: acknowledgement, integrity, validation, load, feedback.

The whole pair is applied inside one store transaction, so a failure at any point leaves
the state of the previous intake untouched. Stage times follow the environment's latency
setting (by default every stage completes at the moment of receipt).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cais_sim.backend.calendar import ET, repair_due
from cais_sim.backend.feedback import (
    ACKNOWLEDGED,
    COMPLETED,
    FILE_TIMEOUT,
    INTEGRITY_ERROR,
    INTEGRITY_PASSED,
    SCAN_COMPLETED,
    WITH_REJECTIONS,
    WITHOUT_REJECTIONS,
    DataCounts,
    DataFeedback,
    TidsFeedback,
    version_of,
)
from cais_sim.backend.intake.integrity import (
    IntegrityOutcome,
    check_pair,
    fail_partners,
    parse_name,
)
from cais_sim.backend.intake.load import Loader
from cais_sim.backend.intake.parallel import MIN_RECORDS
from cais_sim.backend.intake.rejections import (
    DELETED,
    REPAIRED,
    NewRejection,
    RejectionBook,
    StoreState,
    repairable_by_resubmission,
)
from cais_sim.backend.intake.staging import StagedFile, Staging
from cais_sim.backend.intake.validation import Validation, cascade, data_layer, validate
from cais_sim.backend.registry import Registry
from cais_sim.backend.store import Store
from cais_sim.files.reader import ReadSummary
from cais_sim.rules import Engine, Finding, RecordContext
from cais_sim.spec.datatypes import normalize_fdid, to_cais_timestamp
from cais_sim.spec.effective import Environment
from cais_sim.spec.enums import FileKind
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import SpecPack, pack_for

LTID_SCHEMA = "1.0.0"


def _int(value: Any) -> int | None:
    return value if value.__class__ is int else None


def iso(moment: dt.datetime) -> str:
    """Stored form of a moment: UTC ISO-8601, which sorts as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Latency:
    """Delays between receipt and each feedback stage [S1 §6.1 T17]."""

    acknowledgement: dt.timedelta = dt.timedelta(0)
    integrity: dt.timedelta = dt.timedelta(0)
    validation: dt.timedelta = dt.timedelta(0)


#: Every stage at the moment of receipt: what tests want.
INSTANT = Latency()
#: The expected times of S1 T17: 10 min, 30 min, then 1 h after integrity.
REALISTIC = Latency(dt.timedelta(minutes=10), dt.timedelta(minutes=30),
                    dt.timedelta(minutes=90))


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """A file handed to CAIS: where its bytes are and the name it was sent under."""

    path: Path
    name: str


@dataclass(slots=True)
class Outcome:
    """What one pair's intake produced."""

    env: Environment
    submission_id: int
    data_name: str
    tids_name: str
    status: str
    tids_status: str
    data_feedback: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    tids_feedback: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    integrity: IntegrityOutcome = field(default_factory=IntegrityOutcome)
    rejections: list[NewRejection] = field(default_factory=list)
    tids_warnings: list[dict[str, Any]] = field(default_factory=list)
    failed_corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Intake:
    """Settings of one environment's intake."""

    store: Store
    registry: Registry
    env: Environment
    seed: int
    latency: Latency = INSTANT
    pack_override: SpecPack | None = None

    def process(self, data: IncomingFile, tids: IncomingFile | None, *, uploader: int,
                at: dt.datetime, channel: str = "sftp") -> Outcome:
        """Run a pair through every stage inside one transaction."""
        with _gc_paused(), self.store.transaction():
            return self._process(data, tids, uploader=uploader, at=at, channel=channel)

    # ------------------------------------------------------------------------------------------

    def _process(self, data: IncomingFile, tids: IncomingFile | None, *, uploader: int,
                 at: dt.datetime, channel: str) -> Outcome:
        conn = self.store.conn
        env = self.env.value
        day = at.astimezone(ET).date()
        ack_at = at + self.latency.acknowledgement
        integrity_at = at + self.latency.integrity
        scan_at = integrity_at + self.latency.validation
        stamp = to_cais_timestamp
        submission_id = self.store.next_number(f"{env}:submission",
                                               10_000 + (self.seed % 90_000))
        outcome_integrity = IntegrityOutcome()
        data_name = parse_name(data.name, FileKind.CAIS, day, channel, outcome_integrity.data)
        tids_name = parse_name(tids.name, FileKind.TIDS, day, channel, outcome_integrity.tids) \
            if tids is not None else None
        staging = Staging(conn)
        staged_data = staging.read(data.path, FileKind.CAIS, display_name=data.name)
        # The LTID phase (schema 1.0.0) had a Data File only: no Customers, no TIDS file
        # [S1 T1-T2; digest a.8, g.15].
        staged_tids = staging.read(tids.path, FileKind.TIDS, display_name=tids.name) \
            if tids is not None else StagedFile("", FileKind.TIDS,
                                                ReadSummary(file="", kind=FileKind.TIDS))
        ltid_phase = tids is None
        if ltid_phase and staged_data.summary.version not in (None, LTID_SCHEMA):
            outcome_integrity.data.append(
                (21014, f"a schema {staged_data.summary.version} Data File needs its TIDS file"))
        check_pair(store=self.store, registry=self.registry, env=self.env, day=day,
                   uploader=uploader, channel=channel, data_name=data_name,
                   tids_name=tids_name, data=staged_data, tids=staged_tids,
                   outcome=outcome_integrity)
        if not ltid_phase:
            fail_partners(outcome_integrity)

        header = staged_data.header
        crd = data_name.reporter_crd if data_name else _int(header.get("catReporterCRD"))
        correspondent = _int(header.get("correspondentCRD"))
        base = data_name.base_name if data_name else Path(data.name).name.split(".")[0]
        resubmission = conn.execute(
            "SELECT COUNT(*) FROM submissions WHERE env = ? AND base_name = ?",
            (env, base)).fetchone()[0]
        version = staged_data.summary.version or "2.0.0"
        username = self.registry.submitter_name(self.env, uploader) or f"user{uploader}"
        dfb = DataFeedback(version, submission_id, username,
                           data_name.submitter_id if data_name else uploader,
                           crd or 0, correspondent, stamp(ack_at))
        tfb = TidsFeedback(staged_tids.summary.version or version, str(submission_id),
                           stamp(ack_at))
        result = Outcome(self.env, submission_id, data.name, tids.name if tids else "", "", "",
                         integrity=outcome_integrity)
        dfb.ltid_phase = ltid_phase
        result.data_feedback.append((iso(ack_at), dfb.document(ACKNOWLEDGED, stamp(ack_at))))
        result.tids_feedback.append((iso(ack_at), tfb.document(ACKNOWLEDGED, stamp(ack_at))))

        if not outcome_integrity.ok:
            for n, (code, _message) in enumerate(_dedupe(outcome_integrity.data), start=1):
                dfb.rejection_items.append({"rejectionID": submission_id * 10**9 + n,
                                            "errorCode": code,
                                            "rejectionTimestamp": stamp(integrity_at)})
            for code, _message in _dedupe(outcome_integrity.tids):
                tfb.rejection_items.append({"rejectionID": None, "customerRecordID": None,
                                            "errorCode": code,
                                            "rejectionTimestamp": stamp(integrity_at)})
            t = stamp(integrity_at)
            result.data_feedback.append((iso(integrity_at), dfb.document(INTEGRITY_ERROR, t)))
            result.tids_feedback.append((iso(integrity_at), tfb.document(INTEGRITY_ERROR, t)))
            result.status = result.tids_status = INTEGRITY_ERROR
            if ltid_phase:
                result.tids_feedback, result.tids_status = [], ""
            staging.clear()
            self._record_submission(result, base, resubmission, uploader, crd, correspondent,
                                    at, integrity_at, integrity_ok=False)
            return result

        assert crd is not None
        t = stamp(integrity_at)
        result.data_feedback.append((iso(integrity_at), dfb.document(INTEGRITY_PASSED, t)))
        result.tids_feedback.append((iso(integrity_at), tfb.document(INTEGRITY_PASSED, t)))

        pack = self.pack_override or pack_for(self.env, day, version)
        engine = Engine(pack, self.env, day, version)
        state = StoreState(conn, env, crd)
        ctx = RecordContext(env=self.env, day=day, pack=pack, state=state)
        records = sum(staged_data.counts.values()) + sum(staged_tids.counts.values())
        # Large pairs on file-backed stores are checked on both cores (:mod:`.parallel`).
        helper = state.reopen_read_only \
            if records >= MIN_RECORDS and state.file() is not None else None
        validation = validate(staging, engine, ctx, helper_setup=helper)
        while data_layer(validation, ctx):
            cascade(validation)

        book = RejectionBook(conn, env, crd)
        deadline = iso(repair_due(at))
        scan_iso = iso(scan_at)
        rejections = self._rejections(validation, submission_id)
        failed, corrections_ok = self._corrections(validation, engine, ctx, book, rejections,
                                                   submission_id, scan_iso)
        self._ordinary_repairs(validation, book, rejections, submission_id, scan_iso)
        for rejection in rejections:
            if rejection.deadline is None:
                rejection.deadline = deadline
            book.insert(rejection, submission_id=submission_id, file_name=data.name,
                        submitter_id=uploader, correspondent_crd=correspondent,
                        identified_at=scan_iso)
        loader = Loader(conn, env=env, crd=crd, submitter_id=uploader,
                        correspondent_crd=correspondent, submission_id=submission_id,
                        file_name=data.name, accepted_at=scan_iso,
                        ack_day=int(f"{at.astimezone(ET):%Y%m%d}"), seed=self.seed,
                        ltid_phase=ltid_phase)
        loader.load(staging, validation)
        staging.clear()

        scan = stamp(scan_at)
        dfb.rejection_items = [r.item(scan) for r in rejections]
        dfb.failed_corrections = failed
        dfb.counts = _counts(validation, corrections_ok)
        for tid in validation.tids:
            for warning in tid.warnings:
                tfb.rejection_items.append({
                    "rejectionID": None,
                    **({"customerRecordID": [tid.customer_record_id]}
                       if tid.customer_record_id is not None else {}),
                    "errorCode": warning.code, "rejectionTimestamp": scan})
        tfb.counts = (len(validation.tids), sum(1 for t in validation.tids if not t.warnings))
        final = WITH_REJECTIONS if rejections else WITHOUT_REJECTIONS
        result.data_feedback.append((scan_iso, dfb.document(SCAN_COMPLETED, scan)))
        result.data_feedback.append((scan_iso, dfb.document(final, scan)))
        result.tids_feedback.append((scan_iso, tfb.document(SCAN_COMPLETED, scan)))
        result.tids_feedback.append((scan_iso, tfb.document(COMPLETED, scan)))
        result.status, result.tids_status = final, COMPLETED
        if ltid_phase:
            result.tids_feedback, result.tids_status = [], ""
        result.rejections = rejections
        result.tids_warnings = tfb.rejection_items
        result.failed_corrections = failed
        self._record_submission(result, base, resubmission, uploader, crd, correspondent, at,
                                scan_at, integrity_ok=True)
        return result

    def timeout(self, name: str, kind: FileKind, *, uploader: int, received: dt.datetime,
                expired: dt.datetime) -> Outcome:
        """A file whose partner never came: ``COMPLETED_FILE_TIMEOUT`` [S1 §6.2 r3, r6]."""
        with self.store.transaction():
            env = self.env.value
            submission_id = self.store.next_number(f"{env}:submission",
                                                   10_000 + (self.seed % 90_000))
            stamp = to_cais_timestamp
            is_data = kind is FileKind.CAIS
            result = Outcome(self.env, submission_id, name if is_data else "",
                             "" if is_data else name, "", "")
            parsed: list[tuple[int, str]] = []
            sub_name = parse_name(name, kind, received.astimezone(ET).date(), "sftp", parsed)
            crd = sub_name.reporter_crd if sub_name else None
            base = sub_name.base_name if sub_name else Path(name).name.split(".")[0]
            code = 21014 if is_data else 21514
            message = "the paired file did not arrive within 60 minutes"
            if is_data:
                result.integrity.data.append((code, message))
                fb = DataFeedback("2.0.0", submission_id,
                                  self.registry.submitter_name(self.env, uploader)
                                  or f"user{uploader}", uploader, crd or 0, None,
                                  stamp(received))
                docs = result.data_feedback
            else:
                result.integrity.tids.append((code, message))
                fb = TidsFeedback("2.0.0", str(submission_id), stamp(received))  # type: ignore[assignment]
                docs = result.tids_feedback
            docs.append((iso(received), fb.document(ACKNOWLEDGED, stamp(received))))
            fb.rejection_items.append({"rejectionID": None if not is_data else
                                       submission_id * 10**9 + 1, "errorCode": code,
                                       "rejectionTimestamp": stamp(expired)})
            docs.append((iso(expired), fb.document(FILE_TIMEOUT, stamp(expired))))
            result.status = result.tids_status = FILE_TIMEOUT
            resubmission = self.store.conn.execute(
                "SELECT COUNT(*) FROM submissions WHERE env = ? AND base_name = ?",
                (env, base)).fetchone()[0]
            self._record_submission(result, base, resubmission, uploader, crd, None, received,
                                    expired, integrity_ok=False)
            return result

    # ------------------------------------------------------------------------------------------

    def _rejections(self, validation: Validation, submission_id: int) -> list[NewRejection]:
        items: list[NewRejection] = []

        def next_id() -> int:
            return submission_id * 10**9 + len(items) + 1

        for entry in validation.fdids:
            fdid = entry.fdid
            for finding in entry.findings:
                items.append(_fdid_rejection(next_id(), entry.fdid, entry.record_id, finding))
            if entry.rejected_customers:
                items.append(NewRejection(
                    next_id(), "FDID", 22048, "an associated Customer Record was rejected",
                    fdid=fdid, fdid_record_id=entry.record_id,
                    customer_record_ids=tuple(sorted(entry.rejected_customers))))
        for customer in validation.customers:
            for finding in (*customer.findings, *customer.cascade):
                crid = customer.customer_record_id
                items.append(NewRejection(
                    next_id(), "CUSTOMER", finding.code, finding.message,
                    customer_record_ids=(crid,) if crid is not None else (),
                    tid_value=customer.tid_value, addr_type=finding.addr_type))
        return items

    def _ordinary_repairs(self, validation: Validation, book: RejectionBook,
                          rejections: list[NewRejection], submission_id: int,
                          at: str) -> None:
        """Resubmitted records close their open rejections [S1 §6.6.2.2]."""
        if not book.any_open():
            return
        for entry in validation.fdids:
            if entry.fdid is not None:
                _repair(book.open_for_fdid(entry.fdid), entry.rejected,
                        [r for r in rejections if r.kind == "FDID" and r.fdid == entry.fdid],
                        book, at, submission_id)
        for customer in validation.customers:
            if customer.tid_value is not None:
                _repair(book.open_for_customer(customer.tid_value), customer.rejected,
                        [r for r in rejections
                         if r.kind == "CUSTOMER" and r.tid_value == customer.tid_value],
                        book, at, submission_id)

    def _corrections(self, validation: Validation, engine: Engine, ctx: RecordContext,
                     book: RejectionBook, rejections: list[NewRejection],
                     submission_id: int, at: str) -> tuple[list[dict[str, Any]], int]:
        """Apply ``correctionList`` entries [S1 §6.6.2.1]; returns failed items, successes."""
        failed: list[dict[str, Any]] = []
        ok = 0
        accepted_fdids = {f.fdid for f in validation.accepted_fdids()}
        fdid_rejections = {f.fdid: f for f in validation.fdids if f.rejected}
        customers = {c.customer_record_id: c for c in validation.customers}
        for _idx, record in validation.corrections:
            warnings = engine.check(RecordKind.CORRECTION, record, ctx)
            rid = _int(record.get("rejectionID"))
            if warnings or rid is None:
                for warning in warnings or [Finding(24001, "rejectionID missing")]:
                    failed.append({"failedRejectionID": rid, "warningCode": warning.code})
                continue
            stored = ctx.state.rejection(rid)
            if stored is None or not stored.open:
                continue
            ok += 1
            action = record.get("correctionAction")
            if action == "DELETE":
                book.close(rid, DELETED, at, submission_id)
                continue
            target_fdid = record.get("correctingFirmDesignatedID")
            target_crid = _int(record.get("correctingCustomerRecordID"))
            passed: bool
            new: list[NewRejection]
            if isinstance(target_fdid, str):
                value = normalize_fdid(target_fdid)
                passed = value in accepted_fdids or (
                    value not in fdid_rejections and ctx.state.accepted_fdid(value) is not None)
                new = [r for r in rejections if r.kind == "FDID" and r.fdid == value]
            elif target_crid is not None and target_crid in customers:
                passed = not customers[target_crid].rejected
                new = [r for r in rejections if r.kind == "CUSTOMER"
                       and target_crid in r.customer_record_ids]
            else:
                continue
            if passed:
                book.close(rid, REPAIRED, at, submission_id)
            elif new and all(r.error_code != stored.error_code for r in new):
                # Failed for another reason: the original closes and the new rejection keeps
                # the original deadline [S1 §6.6.2.1].
                first, deadline = book.timing(rid)
                for r in new:
                    r.first_identified_at, r.deadline = first, deadline
                book.close(rid, REPAIRED, at, submission_id)
        return failed, ok

    def _record_submission(self, result: Outcome, base: str, resubmission: int, uploader: int,
                           crd: int | None, correspondent: int | None, received: dt.datetime,
                           completed: dt.datetime, *, integrity_ok: bool) -> None:
        conn = self.store.conn
        env = self.env.value
        summary = {"dataIntegrity": [c for c, _ in result.integrity.data],
                   "tidsIntegrity": [c for c, _ in result.integrity.tids]}
        conn.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?, ?)",
                     (env, result.submission_id, str(result.submission_id), result.data_name,
                      result.tids_name, base, resubmission, uploader, crd, correspondent,
                      result.status, result.tids_status, iso(received), iso(completed),
                      int(integrity_ok), orjson.dumps(summary).decode()))
        for kind, docs, name in (("data", result.data_feedback, result.data_name),
                                 ("tids", result.tids_feedback, result.tids_name)):
            stem = Path(name).name.split(".")[0]
            suffix = f"_{resubmission}" if resubmission else ""
            for available, doc in docs:
                version = version_of(doc["submissionStatus"], tids=kind == "tids")
                conn.execute("INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                             (env, result.submission_id, kind, version,
                              f"{stem}{suffix}.v{version}.feedback.json.bz2", uploader,
                              available, orjson.dumps(doc).decode()))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of an intake.

    An intake allocates millions of small acyclic objects (decoded records, entries,
    findings) that reference counting frees; the collector would only walk them again and
    again as they survive its generations, which costs more than a tenth of the intake.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _repair(open_rows: list[tuple[int, int, str, str]], rejected: bool,
            new: list[NewRejection], book: RejectionBook, at: str, submission_id: int) -> None:
    """Credit a resubmitted record against its open rejections.

    Accepted: every open rejection a resubmission can repair closes. Rejected again: an
    open rejection with the same code closes too, and the new rejection inherits its first
    identification and deadline, so repair time counts from the first error [S1 §6.6.2.2].
    """
    for rid, code, first, deadline in open_rows:
        if not repairable_by_resubmission(code):
            continue
        if not rejected:
            book.close(rid, REPAIRED, at, submission_id)
            continue
        for rejection in new:
            if rejection.error_code == code and rejection.deadline is None:
                rejection.first_identified_at, rejection.deadline = first, deadline
                book.close(rid, REPAIRED, at, submission_id)
                break


def _dedupe(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: set[int] = set()
    unique = []
    for code, message in items:
        if code not in seen:
            seen.add(code)
            unique.append((code, message))
    return unique


def _fdid_rejection(rejection_id: int, fdid: str | None, record_id: int | None,
                    finding: Finding) -> NewRejection:
    return NewRejection(
        rejection_id, "FDID", finding.code, finding.message, fdid=fdid,
        fdid_record_id=record_id,
        customer_record_ids=(finding.customer_record_id,)
        if finding.customer_record_id is not None else (),
        addr_type=finding.addr_type, large_trader_record_id=finding.large_trader_record_id,
        auth_trader_name_id=finding.auth_trader_name_id)


def _counts(validation: Validation, corrections_ok: int) -> DataCounts:
    naturals = [c for c in validation.customers if c.natural]
    legals = [c for c in validation.customers if not c.natural]
    return DataCounts(
        (len(validation.fdids), len(validation.accepted_fdids())),
        (len(naturals), sum(1 for c in naturals if not c.rejected)),
        (len(legals), sum(1 for c in legals if not c.rejected)),
        (len(validation.corrections), corrections_ok))
