"""File names of submissions, feedback files and reports.

Submission files [S1 §5.1.1 T10]::

    <Submitter ID>_<Reporter CRD>_<YYYYMMDD>_[<Group>_]<CAIS|TIDS>_<6-digit number>.json.bz2

A Data File and a TIDS file pair when every element but the File Kind matches
[S1 §5.1.1 r5]. Feedback files add ``.v1``…``.v4.feedback`` to the submitted base name
[S1 §6.1.2]; daily and monthly reports follow §6.4.2, §6.5 and §3.8.1 (digest g.10–g.12).

Two documented choices where the public material is silent:

* A base name resubmitted after an integrity failure gets a file version appended to its
  feedback names [S1 §6.1.2 r2] in an unstated format; cais-sim writes ``<base>_<n>`` for
  the n-th resubmission.
* Report names carry a Correspondent CRD slot whose value, when no correspondent was
  submitted, is not documented (every public example shows ``2``); cais-sim writes the
  Reporter CRD itself there, meaning "the firm's own accounts".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal
from zoneinfo import ZoneInfo

from cais_sim.errors import FileNameError, InvalidArgument
from cais_sim.spec.enums import RESERVED_GROUP, FileKind

_ALNUM = re.compile(r"[A-Za-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
_EASTERN = ZoneInfo("America/New_York")
ReportKind = Literal["OUTSTANDINGREJECTIONS", "OUTSTANDINGINCONSISTENCIES", "FDIDREFRESHREPORT"]


@dataclass(frozen=True, slots=True)
class SubmissionName:
    """The parts of a submission file name."""

    submitter_id: int
    reporter_crd: int
    generation_date: dt.date
    group: str | None
    kind: FileKind
    file_number: int
    format_ext: str = "json"
    compression_ext: str = "bz2"

    @property
    def base_name(self) -> str:
        """The name without extensions; it must be globally unique [S1 §5.1.1 r4]."""
        group = f"{self.group}_" if self.group else ""
        return (f"{self.submitter_id}_{self.reporter_crd}_{self.generation_date:%Y%m%d}_"
                f"{group}{self.kind.value}_{self.file_number:06d}")

    @property
    def file_name(self) -> str:
        return f"{self.base_name}.{self.format_ext}.{self.compression_ext}"

    def __str__(self) -> str:
        return self.file_name

    @property
    def pair_key(self) -> tuple[int, int, dt.date, str | None, int]:
        """What a Data File and its TIDS file share [S1 §5.1.1 r5]."""
        return (self.submitter_id, self.reporter_crd, self.generation_date, self.group,
                self.file_number)

    def partner(self) -> SubmissionName:
        """The name of the other file of the pair."""
        other = FileKind.TIDS if self.kind is FileKind.CAIS else FileKind.CAIS
        return SubmissionName(self.submitter_id, self.reporter_crd, self.generation_date,
                              self.group, other, self.file_number, self.format_ext,
                              self.compression_ext)

    def feedback_name(self, version: int, resubmission: int = 0) -> str:
        """Name of the feedback file of stage ``version`` (1–4) [S1 §6.1.2]."""
        return str(FeedbackName(self.base_name, version, resubmission))


def format_submission_name(
    *,
    submitter_id: int,
    reporter_crd: int,
    generation_date: dt.date,
    kind: FileKind,
    file_number: int,
    group: str | None = None,
) -> SubmissionName:
    """Build a name, refusing values that CAIS would not accept."""
    if submitter_id < 0 or reporter_crd < 0:
        raise InvalidArgument("submitter ID and reporter CRD must be unsigned")
    if not 0 <= file_number <= 999_999:
        raise InvalidArgument("file number must be 0 to 999999 (six digits)")
    if group is not None and (not _ALNUM.fullmatch(group) or len(group) > 20):
        raise InvalidArgument("group must be 1 to 20 letters or digits")
    return SubmissionName(submitter_id, reporter_crd, generation_date, group, kind, file_number)


def _codes(kind: FileKind | None) -> tuple[int, int]:
    return (21510, 21504) if kind is FileKind.TIDS else (21010, 21004)


def parse_submission_name(
    name: str, *, today: dt.date | None = None, portal: bool = False
) -> SubmissionName:
    """Parse a submission name, or raise :class:`FileNameError` listing every problem.

    Codes: 21010/21510 for a malformed name (21004/21504 for a bad or future generation
    date when ``today`` is given, 21002 for a bad submitter ID). The reserved Group
    ``caisweb`` (compared without case) is refused unless ``portal`` is true [S1 T10].
    """
    base = PurePath(name).name
    problems: list[tuple[int | None, str]] = []
    stem, _dot, exts = base.partition(".")
    parts = stem.split("_")
    kind: FileKind | None = None
    if len(parts) >= 2 and parts[-2] in ("CAIS", "TIDS"):
        kind = FileKind(parts[-2])
    bad_name, bad_date = _codes(kind)
    if exts != "json.bz2":
        problems.append((bad_name, "extensions must be .json.bz2"))
    if len(parts) not in (5, 6):
        problems.append((bad_name, "expected Submitter_CRD_Date_[Group_]Kind_Number"))
        raise FileNameError(base, problems)
    sub, crd, date_text = parts[0], parts[1], parts[2]
    group = parts[3] if len(parts) == 6 else None
    kind_text, number = parts[-2], parts[-1]
    if not _DIGITS.fullmatch(sub):
        problems.append((21002, "CAT Submitter ID must be digits"))
    if not _DIGITS.fullmatch(crd):
        problems.append((bad_name, "CAT Reporter CRD must be digits"))
    generation: dt.date | None = None
    try:
        if not _DIGITS.fullmatch(date_text) or len(date_text) != 8:
            raise ValueError
        generation = dt.datetime.strptime(date_text, "%Y%m%d").date()
    except ValueError:
        problems.append((bad_date, "File Generation Date must be a real YYYYMMDD date"))
    if generation is not None and today is not None and generation > today:
        problems.append((bad_date, "File Generation Date is in the future"))
    if group is not None:
        if not _ALNUM.fullmatch(group) or len(group) > 20:
            problems.append((bad_name, "Group must be 1 to 20 letters or digits"))
        elif group.lower() == RESERVED_GROUP and not portal:
            problems.append((bad_name, "Group 'caisweb' is reserved for Portal-created files"))
    if kind is None:
        problems.append((bad_name, f"File Kind must be CAIS or TIDS, not {kind_text!r}"))
    if not (_DIGITS.fullmatch(number) and len(number) == 6):
        problems.append((bad_name, "File Number must be exactly 6 digits"))
    if problems or kind is None or generation is None:
        raise FileNameError(base, problems)
    return SubmissionName(int(sub), int(crd), generation, group, kind, int(number))


def name_advice(name: SubmissionName) -> list[str]:
    """Non-fatal advice about a valid name."""
    advice = []
    if name.group is not None and name.group.upper() == "CAIS":
        advice.append("a Group of 'CAIS' makes feedback names ambiguous; choose another")
    return advice


@dataclass(frozen=True, slots=True)
class FeedbackName:
    """A feedback file name: submitted base name, stage version, resubmission number."""

    base_name: str
    version: int
    resubmission: int = 0

    def __str__(self) -> str:
        base = self.base_name + (f"_{self.resubmission}" if self.resubmission else "")
        return f"{base}.v{self.version}.feedback.json.bz2"


_FEEDBACK = re.compile(
    r"(?P<base>.+_(?:CAIS|TIDS)_\d{6})(?:_(?P<n>[1-9]\d*))?\.v(?P<v>[1-4])\.feedback\.json\.bz2")


def parse_feedback_name(name: str) -> FeedbackName:
    """Parse a feedback file name written by CAIS (or cais-sim)."""
    base = PurePath(name).name
    m = _FEEDBACK.fullmatch(base)
    if m is None:
        raise FileNameError(base, [(None, "not a feedback file name")])
    return FeedbackName(m["base"], int(m["v"]), int(m["n"]) if m["n"] else 0)


@dataclass(frozen=True, slots=True)
class ReportNames:
    """The metadata, data and sentinel file names of one report set."""

    meta: str
    data: str
    sentinel: str


def report_file_names(
    kind: ReportKind,
    submitter_id: int,
    reporter_crd: int,
    correspondent_crd: int | None,
    generation_date: dt.date,
    sequence: int = 1,
) -> ReportNames:
    """Names of a daily/monthly report set (digest g.10–g.12)."""
    corr = correspondent_crd if correspondent_crd is not None else reporter_crd
    stem = f"{submitter_id}_{reporter_crd}_{corr}_{generation_date:%Y%m%d}_{kind}_{sequence:06d}"
    return ReportNames(meta=f"{stem}_meta.json", data=f"{stem}_data.json.bz2",
                       sentinel=f"{generation_date:%Y%m%d}_{kind}_processed")


@dataclass(frozen=True, slots=True)
class ReportName:
    """A parsed report file name."""

    submitter_id: int
    reporter_crd: int
    correspondent_crd: int
    generation_date: dt.date
    kind: str
    sequence: int
    file_type: Literal["meta", "data"]


_REPORT = re.compile(
    r"(\d+)_(\d+)_(\d+)_(\d{8})_(OUTSTANDINGREJECTIONS|OUTSTANDINGINCONSISTENCIES|"
    r"FDIDREFRESHREPORT)_(\d{6})_(meta|data)\.json(?:\.bz2)?")


def parse_report_name(name: str) -> ReportName:
    """Parse a report metadata or data file name."""
    base = PurePath(name).name
    m = _REPORT.fullmatch(base)
    if m is None:
        raise FileNameError(base, [(None, "not a report file name")])
    sub, crd, corr, day, kind, seq, ftype = m.groups()
    return ReportName(int(sub), int(crd), int(corr),
                      dt.datetime.strptime(day, "%Y%m%d").date(), kind, int(seq),
                      "meta" if ftype == "meta" else "data")


def reconciliation_report_name(generated_at: dt.datetime) -> str:
    """``FDID_reconciliation_report_<date>_<time>_<EDT|EST>.csv`` [S1 §6.7]."""
    local = (generated_at.astimezone(_EASTERN) if generated_at.tzinfo
             else generated_at.replace(tzinfo=_EASTERN))
    return f"FDID_reconciliation_report_{local:%Y%m%d_%H%M%S}_{local.tzname()}.csv"


__all__ = [
    "FeedbackName",
    "ReportKind",
    "ReportName",
    "ReportNames",
    "SubmissionName",
    "format_submission_name",
    "name_advice",
    "parse_feedback_name",
    "parse_report_name",
    "parse_submission_name",
    "reconciliation_report_name",
    "report_file_names",
]
