"""The simulated CAIS, as one object (the facade users and tests hold).

    sim = Simulator()
    sim.add_firm(123456, submitter_id=99999)
    result = sim.submit("99999_123456_20240102_CAIS_000001.json.bz2",
                        "99999_123456_20240102_TIDS_000001.json.bz2")

A simulator holds registration (firms, submitters, reporting relationships, correspondent
pairs), one state per environment (Industry Test, Production Mirror, Production), a clock,
and a seed from which every generated identifier is derived (``submissionID``,
``rejectionID``, CCIDs), so the same seed, clock and files give the same feedback bytes.
The state lives in SQLite: ``:memory:`` by default, or a file that survives the process.
"""

from __future__ import annotations

import bz2
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import Clock, SystemClock
from cais_sim.backend.intake.pipeline import INSTANT, IncomingFile, Intake, Latency, Outcome
from cais_sim.backend.intake.pipeline import iso as iso_moment
from cais_sim.backend.pairing import PendingFile, PendingFiles
from cais_sim.backend.registry import Firm, Registry, Relationship
from cais_sim.backend.store import Store, current_fdid_state
from cais_sim.errors import FileNameError, InvalidArgument
from cais_sim.spec.codes import catalog
from cais_sim.spec.effective import Environment
from cais_sim.spec.enums import FileKind
from cais_sim.spec.naming import parse_submission_name
from cais_sim.spec.packs import SpecPack

if TYPE_CHECKING:
    from cais_sim.backend.reports.daily import Output

PathLike = str | os.PathLike[str]


def _env(value: Environment | str) -> Environment:
    try:
        return Environment(value)
    except ValueError:
        raise InvalidArgument(f"unknown environment {value!r}; use one of "
                              + ", ".join(e.value for e in Environment)) from None


@dataclass(frozen=True, slots=True)
class Rejection:
    """One rejection item of a submission, with the meaning of its code."""

    rejection_id: int
    error_code: int
    meaning: str
    firm_designated_id: str | None
    fdid_record_id: int | None
    customer_record_ids: tuple[int, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    """How CAIS answered one file pair."""

    env: Environment
    submission_id: int
    data_name: str
    tids_name: str
    status: str
    tids_status: str
    rejections: tuple[Rejection, ...]
    integrity_errors: tuple[tuple[int, str], ...]
    tids_integrity_errors: tuple[tuple[int, str], ...]
    tids_warnings: tuple[dict[str, Any], ...]
    failed_corrections: tuple[dict[str, Any], ...]
    data_feedback: tuple[dict[str, Any], ...] = field(repr=False)
    tids_feedback: tuple[dict[str, Any], ...] = field(repr=False)

    @property
    def codes(self) -> list[int]:
        """Every code of the answer, sorted: integrity, rejection and TIDS warning codes."""
        found = [c for c, _ in self.integrity_errors] + [c for c, _ in self.tids_integrity_errors]
        found += [r.error_code for r in self.rejections]
        found += [int(w["errorCode"]) for w in self.tids_warnings]
        found += [int(w["warningCode"]) for w in self.failed_corrections]
        return sorted(found)

    @property
    def feedback(self) -> dict[str, Any]:
        """The latest Data feedback document."""
        return self.data_feedback[-1]

    @property
    def exit_code(self) -> int:
        """0 without rejections, 1 with rejections, 2 integrity error or timeout."""
        if self.status in ("COMPLETED_INTEGRITY_ERROR", "COMPLETED_FILE_TIMEOUT"):
            return 2
        return 1 if self.rejections or self.tids_warnings or self.failed_corrections else 0


class Simulator:
    """A local CAIS: registration, environments, clock, intake, feedback and state."""

    def __init__(self, *, state: PathLike = ":memory:", seed: int = 0,
                 clock: Clock | None = None, latency: Latency = INSTANT,
                 sftp_root: PathLike | None = None,
                 pack: SpecPack | None = None) -> None:
        self.store = Store(os.fspath(state))
        self.registry = Registry(self.store)
        self.seed = seed
        self.clock: Clock = clock or SystemClock()
        self.latency = latency
        self.sftp_root = Path(sftp_root) if sftp_root is not None else None
        self.pack = pack

    # --- registration ---------------------------------------------------------------------

    def add_firm(self, crd: int, name: str | None = None, *, submitter_id: int | None = None,
                 envs: Sequence[Environment | str] | None = None) -> list[Firm]:
        """Register a CAT Reporter in each environment (all three by default)."""
        day = self.now().astimezone(ET).date()
        with self.store.transaction():
            return [self.registry.add_firm(_env(e), crd, name or f"Firm {crd}",
                                           submitter_id=submitter_id, registered_on=day)
                    for e in (envs or list(Environment))]

    def add_relationship(self, submitter_id: int, crd: int, *,
                         envs: Sequence[Environment | str] | None = None,
                         start: dt.date | None = None,
                         end: dt.date | None = None) -> list[Relationship]:
        """Authorize a CAT Reporting Agent to submit CAIS data for ``crd``."""
        first = start or dt.date(2000, 1, 1)
        with self.store.transaction():
            return [self.registry.add_relationship(_env(e), submitter_id, crd, first, end)
                    for e in (envs or list(Environment))]

    def add_correspondent(self, clearing_crd: int, correspondent_crd: int, *,
                          envs: Sequence[Environment | str] | None = None) -> None:
        """Record a clearing firm / correspondent pair."""
        with self.store.transaction():
            for e in envs or list(Environment):
                self.registry.add_correspondent(_env(e), clearing_crd, correspondent_crd)

    def firms(self, env: Environment | str = Environment.INDUSTRY_TEST) -> list[Firm]:
        """Registered firms of one environment."""
        return self.registry.firms(_env(env))

    # --- time -----------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """The simulated present."""
        return self.clock.now()

    # --- submissions ----------------------------------------------------------------------

    def submit(self, data_file: PathLike, tids_file: PathLike | None = None, *,
               env: Environment | str = Environment.INDUSTRY_TEST,
               submitter_id: int | None = None, at: dt.datetime | None = None,
               channel: str = "sftp", data_name: str | None = None,
               tids_name: str | None = None) -> SubmissionResult:
        """Submit a Data File and its TIDS file; every stage runs before this returns.

        An LTID-phase (schema 1.0.0) Data File is submitted alone, without ``tids_file``.

        ``submitter_id`` defaults to the Submitter ID in the Data File's name (the identity
        an SFTP login would carry); ``at`` defaults to the clock. ``data_name`` and
        ``tids_name`` submit a file under another name than its path's.
        """
        data_path = Path(data_file)
        tids_path = Path(tids_file) if tids_file is not None else None
        for path in (data_path, tids_path):
            if path is not None and not path.is_file():
                raise InvalidArgument(f"{path}: no such file")
        moment = at or self.now()
        if moment.tzinfo is None:
            raise InvalidArgument("submission time must be timezone-aware")
        data = IncomingFile(data_path, data_name or data_path.name)
        tids = IncomingFile(tids_path, tids_name or tids_path.name) \
            if tids_path is not None else None
        uploader = submitter_id if submitter_id is not None else self._submitter_of(data.name)
        intake = Intake(self.store, self.registry, _env(env), self.seed, self.latency,
                        self.pack)
        if moment > self.now():
            # Time passes up to the submission: timeouts and daily outputs on the way happen.
            self.advance(moment)
        outcome = intake.process(data, tids, uploader=uploader, at=moment, channel=channel)
        self._deliver()
        return _result(outcome)

    def upload(self, path: PathLike, *, env: Environment | str = Environment.INDUSTRY_TEST,
               submitter_id: int | None = None, at: dt.datetime | None = None,
               channel: str = "sftp", name: str | None = None) -> SubmissionResult | None:
        """Put one file in its upload directory; the pair runs when its partner arrives.

        Returns the pair's result when this file completes a pair, else None. A file left
        alone for 60 minutes times out when the clock passes that point (:meth:`advance`).
        """
        source = Path(path)
        if not source.is_file():
            raise InvalidArgument(f"{source}: no such file")
        environment = _env(env)
        file_name = name or source.name
        moment = at or self.now()
        uploader = submitter_id if submitter_id is not None else self._submitter_of(file_name)
        self.advance(moment)
        try:
            parsed = parse_submission_name(file_name)
        except FileNameError:
            parsed = None
        kind = parsed.kind if parsed else (
            FileKind.TIDS if "_TIDS_" in file_name else FileKind.CAIS)
        pending = PendingFiles(self.store)
        partner = pending.get(environment, parsed.partner().file_name) if parsed else None
        if partner is None:
            with self.store.transaction():
                pending.add(PendingFile(environment, file_name, kind, source.read_bytes(),
                                        uploader, moment, channel))
            return None
        with self.store.transaction():
            pending.take(environment, partner.name)
            with tempfile.TemporaryDirectory(prefix="cais-sim-pair-") as folder:
                other = Path(folder) / partner.name
                other.write_bytes(partner.body)
                data_path, tids_path = (source, other) if kind is FileKind.CAIS \
                    else (other, source)
                data_name, tids_name = (file_name, partner.name) if kind is FileKind.CAIS \
                    else (partner.name, file_name)
                return self.submit(data_path, tids_path, env=environment,
                                   submitter_id=uploader, at=moment, channel=channel,
                                   data_name=data_name, tids_name=tids_name)

    def advance(self, to: dt.datetime) -> list[Output]:
        """Move the clock to ``to``: unpaired files time out and daily outputs fall due."""
        if to.tzinfo is None:
            raise InvalidArgument("the clock only takes timezone-aware times")
        since = self.now()
        if to > since and hasattr(self.clock, "advance_to"):
            self.clock.advance_to(to)
        pending = PendingFiles(self.store)
        for expired in pending.expired(to):
            with self.store.transaction():
                pending.take(expired.env, expired.name)
                Intake(self.store, self.registry, expired.env, self.seed, self.latency,
                       self.pack).timeout(expired.name, expired.kind,
                                          uploader=expired.submitter_id,
                                          received=expired.received_at,
                                          expired=expired.expires_at)
        outputs: list[Output] = []
        if to > since:
            # Imported here: the report modules pull in compression and CSV code that a
            # simulator used only for intake never needs.
            from cais_sim.backend.reports.daily import run_due  # noqa: PLC0415

            for environment in Environment:
                with self.store.transaction():
                    outputs.extend(run_due(self.store, environment, since, to, pack=self.pack))
        self._deliver()
        if self.sftp_root is not None:
            for output in outputs:
                target = self.sftp_root / output.env.value / output.sftp_path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(output.body)
        return outputs

    def _submitter_of(self, name: str) -> int:
        try:
            return parse_submission_name(name).submitter_id
        except FileNameError:
            # A bad name is reported by the integrity stage; the leading number, if any,
            # still says who sent it.
            head = Path(name).name.split("_", 1)[0]
            return int(head) if head.isdigit() else 0

    def _deliver(self) -> None:
        """Write feedback versions that have become available under the SFTP-like tree.

        Versions appear as the clock passes each stage (all at once with the default
        latency), in ``<root>/<env>/<submitter>/cat/cais/feedback`` for Data Files and
        ``.../cat/tid/feedback`` for TIDS files [S1 §5.3.1 T13-T14, §6.1.1].
        """
        if self.sftp_root is None:
            return
        now = iso_moment(self.now())
        rows = self.store.conn.execute(
            "SELECT f.env, f.submission_id, f.kind, f.version, f.name, f.submitter_id, f.body, "
            "s.integrity_ok, m.submitter_id FROM feedback f "
            "JOIN submissions s ON s.env = f.env AND s.submission_id = f.submission_id "
            "LEFT JOIN firms m ON m.env = s.env AND m.crd = s.crd "
            "WHERE f.delivered = 0 AND f.available_at <= ? "
            "ORDER BY f.env, f.submission_id, f.kind, f.version", (now,)).fetchall()
        for env, submission_id, kind, version, name, sender, body, passed, own in rows:
            sub = "cais" if kind == "data" else "tid"
            homes = [sender]
            # Feedback on Data Files an agent sent also reaches the firm's own home once
            # integrity has passed, if the firm has a submitter ID [S1 §6.1.1 r4].
            if kind == "data" and passed and own is not None and own != sender:
                homes.append(own)
            for home in homes:
                folder = self.sftp_root / env / str(home) / "cat" / sub / "feedback"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(bz2.compress(body.encode(), 9))
            self.store.conn.execute(
                "UPDATE feedback SET delivered = 1 WHERE env = ? AND submission_id = ? "
                "AND kind = ? AND version = ?", (env, submission_id, kind, version))

    # --- queries ----------------------------------------------------------------------------

    def feedback(self, submission_id: int, *, env: Environment | str = Environment.INDUSTRY_TEST,
                 kind: str = "data") -> list[tuple[str, dict[str, Any]]]:
        """(file name, document) of every feedback version available now.

        With a latency setting, later versions appear only once the clock has passed their
        stage (:meth:`advance`).
        """
        rows = self.store.conn.execute(
            "SELECT name, body FROM feedback WHERE env = ? AND submission_id = ? AND kind = ? "
            "AND available_at <= ? ORDER BY version",
            (_env(env).value, submission_id, kind, iso_moment(self.now()))).fetchall()
        return [(name, orjson.loads(body)) for name, body in rows]

    def fdid(self, crd: int, firm_designated_id: str, *,
             env: Environment | str = Environment.INDUSTRY_TEST) -> dict[str, Any] | None:
        """The stored current state of an FDID, with its associations, LTIDs and addresses."""
        conn = self.store.conn
        e = _env(env).value
        row = conn.execute("SELECT last_file FROM fdids WHERE env = ? AND crd = ? "
                           "AND fdid = ?", (e, crd, firm_designated_id)).fetchone()
        state = current_fdid_state(conn, e, crd, firm_designated_id)
        if row is None or state is None:
            return None
        key = (e, crd, firm_designated_id)
        links = conn.execute(
            "SELECT ccid, role, has_discretion, start_date, end_date, end_reason, "
            "customer_record_id FROM associations WHERE env = ? AND crd = ? AND fdid = ? "
            "ORDER BY customer_record_id, role, start_date", key).fetchall()
        ltids = conn.execute(
            "SELECT ltid, effective_date, end_date, end_reason FROM fdid_ltids WHERE env = ? "
            "AND crd = ? AND fdid = ? ORDER BY ltid", key).fetchall()
        addresses = conn.execute(
            "SELECT address, is_current FROM fdid_addresses WHERE env = ? AND crd = ? "
            "AND fdid = ? ORDER BY first_submission_id, address", key).fetchall()
        return {
            "state": orjson.loads(state),
            "lastAcceptedFile": row[0],
            "associations": [
                {"ccid": c, "role": r, "hasDiscretion": None if h is None else bool(h),
                 "roleStartDate": s, "roleEndDate": en, "roleEndReason": er,
                 "customerRecordID": crid} for c, r, h, s, en, er, crid in links],
            "largeTraders": [{"largeTraderID": lt, "ltidEffectiveDate": ef, "ltidEndDate": en,
                              "ltidEndReason": er} for lt, ef, en, er in ltids],
            "addresses": [{"address": orjson.loads(a), "current": bool(cur)}
                          for a, cur in addresses],
        }

    def rejections(self, crd: int, *, env: Environment | str = Environment.INDUSTRY_TEST,
                   status: str | None = None) -> list[dict[str, Any]]:
        """Stored rejections of a firm (``status``: open, repaired or deleted)."""
        query = ("SELECT rejection_id, submission_id, error_code, kind, fdid, "
                 "customer_record_ids, status, deadline, closed_late FROM rejections "
                 "WHERE env = ? AND crd = ?")
        args: list[Any] = [_env(env).value, crd]
        if status is not None:
            query += " AND status = ?"
            args.append(status)
        rows = self.store.conn.execute(query + " ORDER BY rejection_id", args).fetchall()
        return [{"rejectionID": r[0], "submissionID": r[1], "errorCode": r[2], "kind": r[3],
                 "firmDesignatedID": r[4],
                 "customerRecordID": orjson.loads(r[5]) if r[5] else [],
                 "status": r[6], "deadline": r[7],
                 "late": None if r[8] is None else bool(r[8])} for r in rows]

    def customers(self, crd: int, *, env: Environment | str = Environment.INDUSTRY_TEST
                  ) -> list[dict[str, Any]]:
        """Stored Customers of a firm, keyed by CCID, with how many versions were accepted."""
        rows = self.store.conn.execute(
            "SELECT c.ccid, c.record_kind, c.year_of_birth, c.ein, c.last_file, "
            "(SELECT COUNT(*) FROM customer_versions v WHERE v.env = c.env AND v.crd = c.crd "
            "AND v.ccid = c.ccid) FROM customers c WHERE env = ? AND crd = ? ORDER BY ccid",
            (_env(env).value, crd)).fetchall()
        return [{"ccid": r[0], "recordKind": r[1], "yearOfBirth": r[2], "ein": r[3],
                 "lastFile": r[4], "versions": r[5]} for r in rows]

    def reset(self) -> None:
        """Forget everything: registration, state, submissions and feedback."""
        self.store.clear()

    def close(self) -> None:
        """Close the state database."""
        self.store.close()


def _result(outcome: Outcome) -> SubmissionResult:
    codes = catalog()
    rejections = tuple(
        Rejection(r.rejection_id, r.error_code,
                  codes[r.error_code].meaning if r.error_code in codes else "",
                  r.fdid, r.fdid_record_id, r.customer_record_ids, r.message)
        for r in outcome.rejections)
    return SubmissionResult(
        outcome.env, outcome.submission_id, outcome.data_name, outcome.tids_name,
        outcome.status, outcome.tids_status, rejections,
        tuple(outcome.integrity.data), tuple(outcome.integrity.tids),
        tuple(outcome.tids_warnings), tuple(outcome.failed_corrections),
        tuple(doc for _, doc in outcome.data_feedback),
        tuple(doc for _, doc in outcome.tids_feedback))
