"""Feedback documents, versions v1-v4, in the layout of S1 §6.1 (T18-T21; digest g.3-g.6).

One feedback file per submitted file, re-issued with a higher version as processing
advances; each version repeats the status history of earlier stages [S1 §6.1.1]. Keys are
emitted in the specification's table order, conditional keys only when they apply, so a
parser written against the real feedback reads these unchanged.

Two choices where the tables and examples disagree (digest discrepancies 8): TIDS
``submissionID`` is written as text, as T21 types it, and TIDS counts as numbers, as T21
types them (the examples show strings).
"""

from __future__ import annotations

import bz2
from dataclasses import dataclass, field
from typing import Any

import orjson

ACKNOWLEDGED = "FILE_ACKNOWLEDGED"
INTEGRITY_PASSED = "FILE_INTEGRITY_PASSED"
INTEGRITY_ERROR = "COMPLETED_INTEGRITY_ERROR"
SCAN_COMPLETED = "RECORD_SCAN_COMPLETED"
WITHOUT_REJECTIONS = "COMPLETED_WITHOUT_REJECTIONS"
WITH_REJECTIONS = "COMPLETED_WITH_REJECTIONS"
COMPLETED = "COMPLETED"
FILE_TIMEOUT = "COMPLETED_FILE_TIMEOUT"

#: Final statuses, after which ``completedTimestamp`` is given [S1 T20, T21].
FINAL = frozenset({INTEGRITY_ERROR, WITHOUT_REJECTIONS, WITH_REJECTIONS, COMPLETED,
                   FILE_TIMEOUT})


_DATA_VERSION = {ACKNOWLEDGED: 1, INTEGRITY_PASSED: 2, INTEGRITY_ERROR: 2, SCAN_COMPLETED: 3,
                 FILE_TIMEOUT: 3, WITH_REJECTIONS: 4, WITHOUT_REJECTIONS: 4}
_TIDS_VERSION = {ACKNOWLEDGED: 1, INTEGRITY_PASSED: 2, INTEGRITY_ERROR: 2, SCAN_COMPLETED: 3,
                 COMPLETED: 4, FILE_TIMEOUT: 4}


def version_of(status: str, *, tids: bool) -> int:
    """The feedback version (v1-v4) a status is reported in [S1 T18, T19]."""
    return (_TIDS_VERSION if tids else _DATA_VERSION)[status]


@dataclass(slots=True)
class DataCounts:
    """Received and successful record counts of a Data File [S1 T20]."""

    fdid: tuple[int, int] = (0, 0)
    natural: tuple[int, int] = (0, 0)
    legal: tuple[int, int] = (0, 0)
    corrections: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class DataFeedback:
    """The evolving feedback of one Data File."""

    version: str
    submission_id: int
    submitter_username: str
    submitter_id: int
    reporter_crd: int
    correspondent_crd: int | None
    receipt: str
    history: dict[str, str] = field(default_factory=dict)
    counts: DataCounts | None = None
    rejection_items: list[dict[str, Any]] = field(default_factory=list)
    failed_corrections: list[dict[str, Any]] = field(default_factory=list)
    #: LTID-phase (schema 1.0.0) feedback has no Customer counts [S1 T2; digest g.15].
    ltid_phase: bool = False

    def document(self, status: str, at: str) -> dict[str, Any]:
        """The feedback file's JSON object once ``status`` was reached at ``at``."""
        self.history[status] = at
        doc: dict[str, Any] = {
            "version": self.version,
            "submissionID": self.submission_id,
            "submitterUsername": self.submitter_username,
            "catSubmitterID": self.submitter_id,
            "catReporterCRD": self.reporter_crd,
        }
        if self.correspondent_crd is not None:
            doc["correspondentCRD"] = self.correspondent_crd
        doc["submissionStatus"] = status
        doc["receiptTimestamp"] = self.receipt
        if status in FINAL:
            doc["completedTimestamp"] = at
        if self.counts is not None and status in (SCAN_COMPLETED, WITH_REJECTIONS,
                                                  WITHOUT_REJECTIONS):
            c = self.counts
            doc["receivedFDIDRecordCount"] = c.fdid[0]
            doc["successfulFDIDRecordCount"] = c.fdid[1]
            if not self.ltid_phase:
                doc.update({
                    "receivedNaturalRecordCount": c.natural[0],
                    "successfulNaturalRecordCount": c.natural[1],
                    "receivedLegalEntityRecordCount": c.legal[0],
                    "successfulLegalEntityRecordCount": c.legal[1],
                })
            doc["receivedCorrectionActionCount"] = c.corrections[0]
            doc["successfulCorrectionActionCount"] = c.corrections[1]
        doc["statusHistory"] = dict(self.history)
        if status in (SCAN_COMPLETED, WITH_REJECTIONS, INTEGRITY_ERROR, FILE_TIMEOUT):
            doc["rejectionItems"] = list(self.rejection_items)
        if status in (SCAN_COMPLETED, WITH_REJECTIONS, WITHOUT_REJECTIONS) \
                and self.counts is not None:
            doc["failedCorrectionItems"] = list(self.failed_corrections)
        return doc


@dataclass(slots=True)
class TidsFeedback:
    """The evolving feedback of one TIDS file [S1 T21]."""

    version: str
    submission_id: str
    receipt: str
    history: dict[str, str] = field(default_factory=dict)
    counts: tuple[int, int] | None = None
    rejection_items: list[dict[str, Any]] = field(default_factory=list)

    def document(self, status: str, at: str) -> dict[str, Any]:
        """The feedback file's JSON object once ``status`` was reached at ``at``."""
        self.history[status] = at
        doc: dict[str, Any] = {
            "version": self.version,
            "submissionID": self.submission_id,
            "submissionStatus": status,
            "receiptTimestamp": self.receipt,
        }
        if status in FINAL:
            doc["completedTimestamp"] = at
        if status == COMPLETED and self.counts is not None:
            doc["receivedTIDsCount"] = self.counts[0]
            doc["successfulTIDsCount"] = self.counts[1]
        doc["statusHistory"] = dict(self.history)
        if status in (INTEGRITY_ERROR, SCAN_COMPLETED, COMPLETED, FILE_TIMEOUT):
            doc["rejectionItems"] = list(self.rejection_items)
        return doc


def encode(doc: dict[str, Any]) -> bytes:
    """Compact JSON with keys in insertion order: the bytes of the feedback file."""
    return orjson.dumps(doc)


def compress(doc: dict[str, Any]) -> bytes:
    """The ``.json.bz2`` payload of a feedback file (deterministic: bz2 has no timestamp)."""
    return bz2.compress(encode(doc), 9)
