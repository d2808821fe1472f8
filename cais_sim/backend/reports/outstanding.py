"""The daily Outstanding Rejections and Outstanding Material Inconsistencies files.

Both come out of the once-daily scan and reach the firm by 17:00 ET on each CAT Trading
Day [S1 §6.4.2, §6.5; digest g.10, g.11, i.6]. They share one layout, which the monthly
FDID Refresh Report uses too [S1 §3.8.1; digest g.12], so it lives here:

* one *set* per (CAT Submitter, CAT Reporter CRD, Correspondent CRD): an uncompressed
  metadata JSON object and a ``.json.bz2`` data file of JSON objects, one per line
  (newline-separated, no enclosing array, no trailing newline) [S1 §6.4.3 examples];
* at most 400,000 items (``rejectionID``, ``inconsistencyEventID``, FDID) per data file;
  more make further sets numbered ``000002``, ``000003``... in the Group slot;
* an empty sentinel file once everything is posted; a recipient with nothing outstanding
  gets the sentinel alone;
* each set goes to the CAT Submitter that sent the data and to the CAT Reporter's own
  submitter ID when that is another one (delivered to both [S1 §6.4.2]).

Rows are kept apart by their normalized correspondent: a ``correspondentCRD`` equal to the
reporter's CRD means the firm reporting for itself (S1 §2.1.1), the same as none, and both
share the Reporter CRD in the name's Correspondent slot
(:func:`cais_sim.spec.naming.report_file_names`), so they form one set whose metadata has
no ``correspondentCRD``.

What is outstanding is judged at the 08:00 ET cut-off of the day [S1 §6.4.1 r6, §6.5]:
a rejection counts when the file that raised it was received by then and nothing
received by then closed it. Later files count from the next day's scan.
"""

from __future__ import annotations

import bz2
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from cais_sim.backend.calendar import daily_scan_cutoff
from cais_sim.backend.intake.pipeline import iso
from cais_sim.backend.reports.inconsistencies import Snapshot, open_inconsistencies
from cais_sim.backend.store import Store
from cais_sim.errors import InvalidArgument
from cais_sim.spec.datatypes import to_cais_timestamp
from cais_sim.spec.effective import Environment
from cais_sim.spec.naming import ReportKind, report_file_names

#: Items per data file before a further set is started [S1 §6.4.2, §6.5, §3.8.1].
MAX_ITEMS_PER_FILE = 400_000

#: An inconsistency line names at most ten FDIDs [S1 T23].
MAX_FDIDS_PER_INCONSISTENCY = 10

REJECTIONS: ReportKind = "OUTSTANDINGREJECTIONS"
INCONSISTENCIES: ReportKind = "OUTSTANDINGINCONSISTENCIES"

Item = dict[str, Any]
Unit = Sequence[Item]
"""The lines that count as one item against the per-file limit (one event's codes)."""


class SetKey(NamedTuple):
    """Which set a line belongs to [S1 §6.4.2]."""

    submitter_id: int
    reporter_crd: int
    correspondent_crd: int | None

    def sort_key(self) -> tuple[int, int, int]:
        """Order of sets: by submitter, CRD, then the firm itself before correspondents."""
        corr = -1 if self.correspondent_crd is None else self.correspondent_crd
        return (self.submitter_id, self.reporter_crd, corr)


@dataclass(frozen=True, slots=True)
class ReportFile:
    """One file of a report, as delivered to one CAT Submitter's directory."""

    kind: ReportKind
    day: dt.date
    submitter_id: int
    name: str
    body: bytes


@dataclass(frozen=True, slots=True)
class SetLayout:
    """What differs between the reports sharing the set layout."""

    kind: ReportKind
    #: Metadata field naming the data file (T22/T24 ``errorFeedbackFileName``; §3.8.1
    #: ``refreshReportFilename``).
    data_name_field: str
    #: Count fields of the metadata, from the lines of one data file.
    counts: Callable[[list[Item]], dict[str, int]]


def _correspondent(crd: int, correspondent: int | None) -> int | None:
    return None if correspondent is None or correspondent == crd else correspondent


def _chunks(units: Sequence[Unit], size: int) -> list[list[Unit]]:
    return [list(units[i:i + size]) for i in range(0, len(units), size)]


def encode_lines(lines: Sequence[Item]) -> bytes:
    """The bytes of a data file: JSON objects separated by newlines, bzip2-compressed."""
    # bz2 output carries no timestamp, so equal lines give equal bytes.
    return bz2.compress(b"\n".join(orjson.dumps(line) for line in lines), 9)


def _own_submitters(store: Store, env: Environment) -> dict[int, int]:
    rows = store.conn.execute(
        "SELECT crd, submitter_id FROM firms WHERE env = ? AND submitter_id IS NOT NULL",
        (env.value,))
    return dict(rows)


def write_sets(store: Store, env: Environment, layout: SetLayout, day: dt.date,
               groups: Mapping[SetKey, Sequence[Unit]], *,
               per_file: int = MAX_ITEMS_PER_FILE) -> list[ReportFile]:
    """Every file of one report for one day: sets for each recipient, then sentinels.

    Every submitter registered in the environment receives the day's sentinel, so a
    firm with nothing outstanding still sees the scan completed [S1 §6.4.2].
    """
    if per_file < 1:
        raise InvalidArgument("per_file must be at least 1")
    own = _own_submitters(store, env)
    by_recipient: dict[int, list[ReportFile]] = {}
    for key in sorted(groups, key=SetKey.sort_key):
        units = groups[key]
        if not units:
            continue
        recipients = sorted({key.submitter_id, own.get(key.reporter_crd, key.submitter_id)})
        for sequence, chunk in enumerate(_chunks(units, per_file), start=1):
            lines = [line for unit in chunk for line in unit]
            names = report_file_names(layout.kind, key.submitter_id, key.reporter_crd,
                                      key.correspondent_crd, day, sequence)
            meta: Item = {"catSubmitterID": key.submitter_id, "catReporterCRD": key.reporter_crd}
            if key.correspondent_crd is not None:
                meta["correspondentCRD"] = key.correspondent_crd
            meta.update(layout.counts(lines))
            meta[layout.data_name_field] = names.data
            meta_body = orjson.dumps(meta)
            data_body = encode_lines(lines)
            for recipient in recipients:
                by_recipient.setdefault(recipient, []).extend((
                    ReportFile(layout.kind, day, recipient, names.meta, meta_body),
                    ReportFile(layout.kind, day, recipient, names.data, data_body)))
    registered = {r[0] for r in store.conn.execute(
        "SELECT submitter_id FROM submitters WHERE env = ?", (env.value,))}
    sentinel = report_file_names(layout.kind, 0, 0, None, day).sentinel
    files: list[ReportFile] = []
    for recipient in sorted(registered | by_recipient.keys()):
        files.extend(by_recipient.get(recipient, []))
        files.append(ReportFile(layout.kind, day, recipient, sentinel, b""))
    return files


# --- Outstanding Rejections [S1 §6.5-6.5.1, T24-T25; digest g.11] ---------------------------

_REJECTION_TYPES = {"FDID": "FDIDRejection", "CUSTOMER": "CustomerRejection"}


def _rejection_counts(lines: list[Item]) -> dict[str, int]:
    fdids = sum(1 for line in lines if line["type"] == "FDIDRejection")
    return {"outstandingFDIDCount": fdids, "outstandingCustomerCount": len(lines) - fdids}


REJECTIONS_LAYOUT = SetLayout(REJECTIONS, "errorFeedbackFileName", _rejection_counts)


def outstanding_rejections(store: Store, env: Environment,
                           day: dt.date) -> dict[SetKey, list[Unit]]:
    """Rejections open at ``day``'s 08:00 ET cut-off, as T25 lines grouped into sets."""
    cutoff = iso(daily_scan_cutoff(day))
    rows = store.conn.execute(
        "SELECT r.rejection_id, r.submission_id, r.file_name, r.crd, r.submitter_id, "
        "r.correspondent_crd, r.kind, r.fdid, r.fdid_record_id, r.customer_record_ids, "
        "r.error_code, r.addr_type, r.large_trader_record_id, r.auth_trader_name_id, "
        "r.first_identified_at FROM rejections r "
        "LEFT JOIN submissions s ON s.env = r.env AND s.submission_id = r.submission_id "
        "LEFT JOIN submissions c ON c.env = r.env AND c.submission_id = r.closed_by_submission "
        "WHERE r.env = ? AND COALESCE(s.received_at, r.identified_at) <= ? "
        "AND (r.status = 'open' OR COALESCE(c.received_at, r.closed_at) > ?) "
        "ORDER BY r.crd, r.rejection_id", (env.value, cutoff, cutoff)).fetchall()
    groups: dict[SetKey, list[Unit]] = {}
    for (rid, sid, file_name, crd, submitter, corr, kind, fdid, fdid_rid, crids, code, addr,
         ltrid, atnid, first) in rows:
        line: Item = {"type": _REJECTION_TYPES.get(kind, kind)}
        if kind == "FDID" and fdid is not None:
            line["rejectedFDID"] = fdid
        line["submissionFilename"] = file_name
        line["submissionID"] = sid
        line["rejectionID"] = rid
        if fdid_rid is not None:
            line["fdidRecordID"] = fdid_rid
        line["errorCode"] = code
        if crids:
            line["customerRecordID"] = orjson.loads(crids)
        line["rejectionTimestamp"] = to_cais_timestamp(dt.datetime.fromisoformat(first))
        if addr is not None:
            line["addrType"] = addr
        if ltrid is not None:
            line["largeTraderRecordID"] = ltrid
        if atnid is not None:
            line["authTraderNameID"] = atnid
        # customerRejectionEventID is shown only in the Portal [S1 §5.3.2], not in files.
        groups.setdefault(SetKey(submitter, crd, _correspondent(crd, corr)), []).append([line])
    return groups


def outstanding_rejection_files(store: Store, env: Environment, day: dt.date, *,
                                per_file: int = MAX_ITEMS_PER_FILE) -> list[ReportFile]:
    """The Outstanding Rejections files of trading day ``day``."""
    return write_sets(store, env, REJECTIONS_LAYOUT, day,
                      outstanding_rejections(store, env, day), per_file=per_file)


# --- Outstanding Material Inconsistencies [S1 §6.4.2-6.4.3, T22-T23; digest g.10] ----------


def _inconsistency_counts(lines: list[Item]) -> dict[str, int]:
    return {"materialInconsistencyCount": len(lines)}


INCONSISTENCIES_LAYOUT = SetLayout(INCONSISTENCIES, "errorFeedbackFileName",
                                   _inconsistency_counts)


def outstanding_inconsistencies(store: Store, env: Environment,
                                day: dt.date) -> dict[SetKey, list[Unit]]:
    """Open MIs after ``day``'s scan, one unit of T23 lines per ``inconsistencyEventID``.

    ``submissionFilename``, ``submissionID`` and ``customerRecordID`` name the file in
    which the firm last had the Customer accepted by the cut-off; ``firmDesignatedID``
    lists up to ten FDIDs that still link it actively, and is left out when none does. The
    set is that file's submitter and correspondent. (T23 spells the first key ``Type``;
    the examples, followed here, write ``type``: digest discrepancy 9.)
    """
    snapshot = Snapshot(store, env, day)
    sources: dict[tuple[int, str], tuple[SetKey, str, int, list[int]] | None] = {}
    groups: dict[SetKey, list[Unit]] = {}
    event_lines: dict[str, list[Item]] = {}
    for mi in open_inconsistencies(store, env, as_of=snapshot.cutoff):
        customer = (mi.crd, mi.ccid)
        if customer not in sources:
            sources[customer] = _last_accepted(store, env, snapshot, mi.crd, mi.ccid)
        source = sources[customer]
        if source is None:
            continue  # no trace of the Customer at the firm is left to report it against
        key, file_name, submission_id, record_ids = source
        lines = event_lines.get(mi.event_id)
        if lines is None:
            lines = event_lines[mi.event_id] = []
            groups.setdefault(key, []).append(lines)
        line: Item = {
            "type": "materialInconsistency",
            "submissionFilename": file_name,
            "submissionID": submission_id,
            "inconsistencyEventID": mi.event_id,
            "customerRecordID": record_ids,
            "inconsistencyCode": mi.code,
            "identificationDate": to_cais_timestamp(mi.identified_at),
            "inconsistencyDeadline": to_cais_timestamp(mi.deadline),
        }
        fdids = snapshot.active_fdids(mi.crd, mi.ccid)[:MAX_FDIDS_PER_INCONSISTENCY]
        if fdids:
            line["firmDesignatedID"] = list(fdids)
        lines.append(line)
    return groups


def _last_accepted(store: Store, env: Environment, snapshot: Snapshot, crd: int,
                   ccid: str) -> tuple[SetKey, str, int, list[int]] | None:
    latest = snapshot.latest(crd, ccid)
    if latest is not None:
        return (SetKey(latest.submitter_id, crd, latest.correspondent_crd), latest.file_name,
                latest.submission_id, snapshot.record_ids(latest, ccid))
    # No version received by the cut-off is left (only a store edited by hand gets here):
    # the firm's stored Customer row still says where it was last accepted.
    row = store.conn.execute(
        "SELECT submitter_id, correspondent_crd, last_file, last_submission_id, "
        "last_customer_record_id FROM customers WHERE env = ? AND crd = ? AND ccid = ?",
        (env.value, crd, ccid)).fetchone()
    if row is None:
        return None
    submitter, corr, file_name, submission_id, crid = row
    return (SetKey(submitter, crd, _correspondent(crd, corr)), file_name, submission_id, [crid])


def outstanding_inconsistency_files(store: Store, env: Environment, day: dt.date, *,
                                    per_file: int = MAX_ITEMS_PER_FILE) -> list[ReportFile]:
    """The Outstanding Material Inconsistencies files of trading day ``day``."""
    return write_sets(store, env, INCONSISTENCIES_LAYOUT, day,
                      outstanding_inconsistencies(store, env, day), per_file=per_file)


__all__ = [
    "INCONSISTENCIES",
    "INCONSISTENCIES_LAYOUT",
    "MAX_ITEMS_PER_FILE",
    "REJECTIONS",
    "REJECTIONS_LAYOUT",
    "ReportFile",
    "SetKey",
    "SetLayout",
    "encode_lines",
    "outstanding_inconsistencies",
    "outstanding_inconsistency_files",
    "outstanding_rejection_files",
    "outstanding_rejections",
    "write_sets",
]
