"""The on-demand FDID Reconciliation Report [S1 §6.7; digest g.13].

A firm (or its agent) uploads a text file of up to 1,000 FDIDs for one CAT Reporter CRD
and gets back a CSV saying what CAIS holds for each: ``correspondentCRD``, FDID status,
number of associated Customers, the last accepted file and its version, and every Large
Trader ID, masked to ``xxxxx999-9999``, with its status. Firms see all their accepted
FDIDs; an agent sees those of CRDs it has a reporting relationship with that day
[S1 §6.7].

The specification names the columns but not their spelling or the row shape; choices:

* one row per (FDID, LTID); an FDID without LTIDs has one row with the LTID columns empty,
  so the CSV stays rectangular;
* an FDID CAIS does not hold for the CRD is listed with status ``NOT_FOUND``, which is
  the answer a reconciliation is run for;
* FDID and LTID status are ``ACTIVE`` (no end date, or one after the report day) or
  ``ENDED``; "associated" counts distinct Customers with an active role;
* the file version is 1 for a file name's first submission and n+1 for its n-th resending
  (the suffix of :class:`cais_sim.spec.naming.FeedbackName`);
* the report reads the current state, as the Portal answers at the moment of the request.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from cais_sim.backend.calendar import ET
from cais_sim.backend.registry import Registry
from cais_sim.backend.store import Store
from cais_sim.errors import InvalidArgument
from cais_sim.spec.datatypes import normalize_fdid
from cais_sim.spec.effective import Environment
from cais_sim.spec.naming import reconciliation_report_name

#: FDIDs one request may name [S1 §6.7].
MAX_FDIDS = 1_000

ACTIVE = "ACTIVE"
ENDED = "ENDED"
NOT_FOUND = "NOT_FOUND"

COLUMNS = ("firmDesignatedID", "correspondentCRD", "fdidStatus", "associatedCustomerCount",
           "lastAcceptedFileName", "lastAcceptedFileVersion", "largeTraderID", "ltidStatus")

_MASKED = 5  # characters hidden at the front of an LTID: xxxxx999-9999 [S1 §6.7]


@dataclass(frozen=True, slots=True)
class ReconciliationRow:
    """One CSV row."""

    firm_designated_id: str
    correspondent_crd: int | None
    fdid_status: str
    associated_customer_count: int | None
    last_accepted_file_name: str | None
    last_accepted_file_version: int | None
    large_trader_id: str | None
    ltid_status: str | None

    def cells(self) -> list[str]:
        """The row as CSV cells (empty for absent values)."""
        values = (self.firm_designated_id, self.correspondent_crd, self.fdid_status,
                  self.associated_customer_count, self.last_accepted_file_name,
                  self.last_accepted_file_version, self.large_trader_id, self.ltid_status)
        return ["" if v is None else str(v) for v in values]


@dataclass(frozen=True, slots=True)
class ReconciliationReport:
    """The report: its file name and rows; :attr:`body` is the CSV file."""

    name: str
    crd: int
    rows: tuple[ReconciliationRow, ...]

    @property
    def body(self) -> bytes:
        """UTF-8 CSV with a header row and CRLF line ends (RFC 4180)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(row.cells() for row in self.rows)
        return buffer.getvalue().encode()


def mask_ltid(ltid: str) -> str:
    """Hide all but the last characters of a Large Trader ID: ``xxxxx123-4567``."""
    return "x" * min(_MASKED, len(ltid)) + ltid[_MASKED:]


def read_fdid_list(text: str) -> list[str]:
    """The FDIDs of an uploaded list: one per line, outer spaces and blank lines dropped."""
    return [normalize_fdid(line) for line in text.splitlines() if line.strip(" \t")]


def _day_number(day: dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _status(end_date: int | None, today: int) -> str:
    return ACTIVE if end_date is None or end_date > today else ENDED


def reconciliation_report(store: Store, env: Environment, crd: int, fdids: Iterable[str],
                          generated_at: dt.datetime, *,
                          submitter_id: int | None = None) -> ReconciliationReport:
    """Build the report for ``fdids`` of ``crd`` as CAIS holds them at ``generated_at``.

    ``submitter_id``, when given, is the requester: it must be the firm's own submitter
    or an agent with a reporting relationship in force that day. Repeated FDIDs are
    reported once, in first-seen order.
    """
    if generated_at.tzinfo is None or generated_at.utcoffset() is None:
        raise InvalidArgument("generated_at must be a timezone-aware datetime")
    day = generated_at.astimezone(ET).date()
    wanted = list(dict.fromkeys(normalize_fdid(f) for f in fdids))
    if len(wanted) > MAX_FDIDS:
        raise InvalidArgument(f"a reconciliation request names at most {MAX_FDIDS} FDIDs, "
                              f"not {len(wanted)}")
    if submitter_id is not None and not Registry(store).may_submit(env, submitter_id, crd,
                                                                   day):
        raise InvalidArgument(f"submitter {submitter_id} has no reporting relationship with "
                              f"CRD {crd} on {day.isoformat()}")
    today = _day_number(day)
    conn = store.conn
    rows: list[ReconciliationRow] = []
    for fdid in wanted:
        found = conn.execute(
            "SELECT f.correspondent_crd, f.fdid_end_date, f.last_file, s.resubmission "
            "FROM fdids f LEFT JOIN submissions s "
            "ON s.env = f.env AND s.submission_id = f.last_submission_id "
            "WHERE f.env = ? AND f.crd = ? AND f.fdid = ?", (env.value, crd, fdid)).fetchone()
        if found is None:
            rows.append(ReconciliationRow(fdid, None, NOT_FOUND, None, None, None, None, None))
            continue
        corr, end_date, last_file, resubmission = found
        customers = conn.execute(
            "SELECT COUNT(DISTINCT ccid) FROM associations WHERE env = ? AND crd = ? "
            "AND fdid = ? AND (end_date IS NULL OR end_date > ?)",
            (env.value, crd, fdid, today)).fetchone()[0]
        head = (fdid, None if corr == crd else corr, _status(end_date, today), customers,
                last_file, None if resubmission is None else resubmission + 1)
        ltids = conn.execute(
            "SELECT ltid, end_date FROM fdid_ltids WHERE env = ? AND crd = ? AND fdid = ? "
            "ORDER BY ltid", (env.value, crd, fdid)).fetchall()
        if not ltids:
            rows.append(ReconciliationRow(*head, None, None))
        for ltid, ltid_end in ltids:
            rows.append(ReconciliationRow(*head, mask_ltid(ltid), _status(ltid_end, today)))
    return ReconciliationReport(reconciliation_report_name(generated_at), crd, tuple(rows))


__all__ = [
    "ACTIVE",
    "COLUMNS",
    "ENDED",
    "MAX_FDIDS",
    "NOT_FOUND",
    "ReconciliationReport",
    "ReconciliationRow",
    "mask_ltid",
    "read_fdid_list",
    "reconciliation_report",
]
