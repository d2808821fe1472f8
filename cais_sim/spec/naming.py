"""File names of submissions, feedback files and CAIS reports.

Submission files [S1 §5.1.1 T10]::

    <Submitter ID>_<Reporter CRD>_<YYYYMMDD>_[<Group>_]<CAIS|TIDS>_<6-digit number>.json.bz2

CAIS routes, pairs and de-duplicates files by name alone: a Data File and a TIDS file pair
when everything but the File Kind matches [S1 §5.1.1 r5], a base name may be accepted only
once [S1 §5.1.1 r4], and feedback names are derived from it [S1 §6.1.2]. A name problem is
therefore an integrity error on the whole file (21010/21510 and friends, S1 T26/T27).

Where the public material is silent, the parser is strict, so that a name it accepts is one
CAIS accepts too. Choices made here (each repeated where it applies):

* Submitter ID and Reporter CRD are Unsigned numbers; a leading zero is refused, because the
  CRD must equal the file's ``catReporterCRD`` [S1 §6.2 r8], a JSON number, which can never
  be written with one, and because pairing and feedback names compare the text.
* The reserved Group ``caisweb`` is refused in any letter case on uploaded files.
* A resubmitted base name gets ``_<n>`` before the feedback version token.
* Report names carry the Reporter CRD in the Correspondent CRD slot when a file had no
  ``correspondentCRD``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, cast, get_args
from zoneinfo import ZoneInfo

from cais_sim.errors import FileNameError, InvalidArgument
from cais_sim.spec.enums import RESERVED_GROUP, FileKind

ReportKind = Literal["OUTSTANDINGREJECTIONS", "OUTSTANDINGINCONSISTENCIES", "FDIDREFRESHREPORT"]
REPORT_KINDS: tuple[ReportKind, ...] = get_args(ReportKind)

#: Largest Unsigned value [S1 T3].
_MAX_UNSIGNED = 9_223_372_036_854_775_807
_MAX_FILE_NUMBER = 999_999
_MAX_GROUP = 20
_MAX_FEEDBACK_VERSION = 4

_UNSIGNED_TEXT = re.compile(r"0|[1-9][0-9]*")
_ALNUM = re.compile(r"[A-Za-z0-9]+")
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_EIGHT_DIGITS = re.compile(r"[0-9]{8}")
_EASTERN = ZoneInfo("America/New_York")

#: Group values that make a feedback name hard to read back: the spec discourages ``CAIS``
#: (S1 T10); ``TIDS`` causes the same confusion for the partner file.
_DISCOURAGED_GROUPS = frozenset({"CAIS", "TIDS"})


def _basename(name: str) -> str:
    # Names may arrive as paths from either platform; neither separator is legal in a name.
    return name.replace("\\", "/").rpartition("/")[2]


def _is_unsigned_int(value: object) -> bool:
    return value.__class__ is int and 0 <= value <= _MAX_UNSIGNED


def _unsigned_text(text: str) -> int | None:
    if _UNSIGNED_TEXT.fullmatch(text) is None:
        return None
    number = int(text)
    return number if number <= _MAX_UNSIGNED else None


def _date_text(text: str) -> dt.date | None:
    if _EIGHT_DIGITS.fullmatch(text) is None:
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


# --- Submission files -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubmissionName:
    """The parts of a submission file name [S1 §5.1.1 T10].

    A plain value: constructing one does not validate it, so tests can build the wrong names
    CAIS must reject. Use :func:`format_submission_name` to build a name CAIS will accept and
    :func:`parse_submission_name` to read one.
    """

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
        """The name without extensions: what must be globally unique [S1 §5.1.1 r4]."""
        group = f"{self.group}_" if self.group is not None else ""
        return (f"{self.submitter_id}_{self.reporter_crd}_{self.generation_date:%Y%m%d}_"
                f"{group}{self.kind}_{self.file_number:06d}")

    @property
    def file_name(self) -> str:
        """The full file name, extensions included."""
        return f"{self.base_name}.{self.format_ext}.{self.compression_ext}"

    def __str__(self) -> str:
        return self.file_name

    @property
    def pair_key(self) -> tuple[int, int, dt.date, str | None, int]:
        """What a Data File and its TIDS file share: all but the File Kind [S1 §5.1.1 r5]."""
        return (self.submitter_id, self.reporter_crd, self.generation_date, self.group,
                self.file_number)

    def partner(self) -> SubmissionName:
        """The name of the other file of the pair."""
        other = FileKind.TIDS if self.kind == FileKind.CAIS else FileKind.CAIS
        return SubmissionName(self.submitter_id, self.reporter_crd, self.generation_date,
                              self.group, other, self.file_number, self.format_ext,
                              self.compression_ext)

    def feedback_name(self, version: int, resubmission: int = 0) -> str:
        """Name of the feedback file for stage ``version`` (1-4) [S1 §6.1.2].

        ``resubmission`` counts how often this base name was sent again after an integrity
        failure (0 for the first submission); see :class:`FeedbackName` for its format.
        """
        return FeedbackName(self.base_name, version, resubmission).file_name


def format_submission_name(
    *,
    submitter_id: int,
    reporter_crd: int,
    generation_date: dt.date,
    kind: FileKind | str,
    file_number: int,
    group: str | None = None,
    portal: bool = False,
) -> SubmissionName:
    """Build a name CAIS will accept, or raise :class:`InvalidArgument` saying why.

    ``portal`` allows the reserved Group ``caisweb``, which only the Portal may use for the
    files it creates from manual entry [S1 T10]. A ``datetime`` is refused as the generation
    date because its time part would make otherwise equal names compare unequal.
    """
    if not _is_unsigned_int(submitter_id):
        raise InvalidArgument("submitter_id must be a whole number from 0 to 2^63-1")
    if not _is_unsigned_int(reporter_crd):
        raise InvalidArgument("reporter_crd must be a whole number from 0 to 2^63-1")
    if not isinstance(generation_date, dt.date) or isinstance(generation_date, dt.datetime):
        raise InvalidArgument("generation_date must be a datetime.date")
    try:
        file_kind = FileKind(kind)
    except ValueError:
        raise InvalidArgument("kind must be CAIS or TIDS") from None
    if file_number.__class__ is not int or not 0 <= file_number <= _MAX_FILE_NUMBER:
        raise InvalidArgument("file_number must be 0 to 999999 (six digits in the name)")
    if group is not None:
        if not isinstance(group, str) or _ALNUM.fullmatch(group) is None or len(group) > _MAX_GROUP:
            raise InvalidArgument("group must be 1 to 20 ASCII letters or digits")
        if group.lower() == RESERVED_GROUP and not portal:
            raise InvalidArgument("group 'caisweb' is reserved for files the Portal creates")
    return SubmissionName(submitter_id, reporter_crd, generation_date, group, file_kind,
                          file_number)


def parse_submission_name(
    name: str, *, today: dt.date | None = None, portal: bool = False
) -> SubmissionName:
    """Read a submission file name, or raise :class:`FileNameError` listing every problem.

    A directory prefix is ignored. Problem codes follow S1 T26/T27:

    * 21010 (Data) / 21510 (TIDS): malformed name - wrong number of parts, File Kind not
      ``CAIS``/``TIDS``, File Number not exactly six digits, extensions not ``.json.bz2``, a
      Group that is not 1-20 ASCII letters or digits, or the reserved Group ``caisweb``.
      When the File Kind cannot be read, the Data File codes are used.
    * 21002: missing or invalid Submitter ID (Data File only; TIDS has no such code, so a
      TIDS name gets 21510).
    * 21003: missing or invalid Reporter CRD (Data File; 21510 for TIDS, likewise).
    * 21004 / 21504: File Generation Date missing, not a real day, or - when ``today`` is
      given - later than ``today`` [S1 T10].

    ``caisweb`` is compared without regard to case: the spec names the value in lower case
    but does not say the comparison is exact, and a harness that let ``CAISWEB`` through
    could hide a rejection. ``portal=True`` permits it, for Portal-created files.
    """
    base = _basename(name)
    problems: list[tuple[int | None, str]] = []
    stem, _, extensions = base.partition(".")
    parts = stem.split("_")
    kind: FileKind | None = None
    if len(parts) >= 2 and parts[-2] in ("CAIS", "TIDS"):
        kind = FileKind(parts[-2])
    tids = kind == FileKind.TIDS
    bad_name = 21510 if tids else 21010
    bad_date = 21504 if tids else 21004
    bad_submitter = 21510 if tids else 21002
    bad_crd = 21510 if tids else 21003

    if extensions != "json.bz2":
        problems.append((bad_name, "extensions must be .json.bz2"))
    if len(parts) not in (5, 6):
        problems.append((bad_name, "expected SubmitterID_CRD_YYYYMMDD_[Group_]Kind_Number"))
        raise FileNameError(base, problems)

    submitter = _unsigned_text(parts[0])
    if submitter is None:
        problems.append((bad_submitter,
                         "CAT Submitter ID must be an unsigned number without leading zeros"))
    crd = _unsigned_text(parts[1])
    if crd is None:
        problems.append((bad_crd,
                         "CAT Reporter CRD must be an unsigned number without leading zeros"))
    generation = _date_text(parts[2])
    if generation is None:
        problems.append((bad_date, "File Generation Date must be a real day written YYYYMMDD"))
    elif today is not None and generation > today:
        problems.append((bad_date, "File Generation Date is in the future"))
    group = parts[3] if len(parts) == 6 else None
    if group is not None:
        if _ALNUM.fullmatch(group) is None or len(group) > _MAX_GROUP:
            problems.append((bad_name, "Group must be 1 to 20 ASCII letters or digits"))
        elif group.lower() == RESERVED_GROUP and not portal:
            problems.append((bad_name, "Group 'caisweb' is reserved for Portal-created files"))
    if kind is None:
        problems.append((bad_name, "File Kind must be CAIS or TIDS"))
    number_text = parts[-1]
    if _SIX_DIGITS.fullmatch(number_text) is None:
        problems.append((bad_name, "File Number must be exactly six digits"))

    if problems or submitter is None or crd is None or generation is None or kind is None:
        raise FileNameError(base, problems)
    return SubmissionName(submitter, crd, generation, group, kind, int(number_text))


def name_advice(name: SubmissionName) -> list[str]:
    """Advice about a name CAIS accepts but that will cause confusion later.

    A Group of ``CAIS`` (any case) is discouraged by S1 T10 because the feedback name then no
    longer reads like the documented format; ``TIDS`` is flagged for the same reason.
    """
    advice: list[str] = []
    if name.group is not None and name.group.upper() in _DISCOURAGED_GROUPS:
        advice.append(f"a Group of {name.group.upper()} (any case) makes feedback names "
                      "ambiguous; the specification discourages it [S1 T10]")
    return advice


# --- Feedback files -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedbackName:
    """A feedback file name [S1 §6.1.2]: ``<base>[_<n>].v<version>.feedback.json.bz2``.

    When a firm sends the same base name again (allowed after an integrity failure), CAIS
    appends a file version to the base name so each submission keeps its own feedback, but
    does not publish the format (S1 §6.1.2 r2; digest gap 11). cais-sim writes ``_<n>`` for
    the n-th resubmission (n >= 1) and nothing for the first submission. An underscore keeps
    the name in the character set CAIS already uses, and a bare number cannot be mistaken
    for the ``v1``-``v4`` stage token.
    """

    base_name: str
    version: int
    resubmission: int = 0

    def __post_init__(self) -> None:
        if self.version.__class__ is not int or not 1 <= self.version <= _MAX_FEEDBACK_VERSION:
            raise InvalidArgument("feedback version must be 1 to 4")
        if self.resubmission.__class__ is not int or self.resubmission < 0:
            raise InvalidArgument("resubmission must be 0 or a positive whole number")

    @property
    def file_name(self) -> str:
        """The feedback file name."""
        suffix = f"_{self.resubmission}" if self.resubmission else ""
        return f"{self.base_name}{suffix}.v{self.version}.feedback.json.bz2"

    def __str__(self) -> str:
        return self.file_name

    def submission(self) -> SubmissionName:
        """The submission name this feedback answers (raises :class:`FileNameError`)."""
        return parse_submission_name(f"{self.base_name}.json.bz2")


_FEEDBACK = re.compile(
    r"(?P<base>.+_(?:CAIS|TIDS)_[0-9]{6})(?:_(?P<n>[1-9][0-9]*))?"
    r"\.v(?P<v>[1-4])\.feedback\.json\.bz2"
)


def parse_feedback_name(name: str) -> FeedbackName:
    """Read a feedback file name written by CAIS or cais-sim; a directory prefix is ignored.

    The base name is not validated as a submission name, because the specification's own
    examples use placeholders (``SUBID_MYID_...``); call :meth:`FeedbackName.submission`
    to validate it.
    """
    base = _basename(name)
    match = _FEEDBACK.fullmatch(base)
    if match is None:
        raise FileNameError(base, [(None, "not a feedback file name "
                                          "(<base>[_n].v1-4.feedback.json.bz2)")])
    return FeedbackName(match["base"], int(match["v"]), int(match["n"] or 0))


# --- Daily and monthly reports --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportNames:
    """The three files of one report set: metadata, data, and the completion sentinel."""

    meta: str
    data: str
    sentinel: str


def _sentinel(kind: str, generation_date: dt.date) -> str:
    return f"{generation_date:%Y%m%d}_{kind}_processed"


def report_file_names(
    kind: ReportKind,
    submitter_id: int,
    reporter_crd: int,
    correspondent_crd: int | None,
    generation_date: dt.date,
    sequence: int = 1,
) -> ReportNames:
    """Names of one report set (S1 §6.4.2, §6.5, §3.8.1; digest g.10-g.12).

    ``sequence`` fills the six-digit slot the spec calls Group; it numbers the sets when a
    report exceeds 400,000 items. Each set is split per (Submitter, Reporter CRD,
    Correspondent CRD).

    When no ``correspondentCRD`` was submitted, the Correspondent slot holds the Reporter
    CRD. The public examples only ever show ``2`` there and never say what an absent value
    looks like (digest gap 10). Since 2.2.0 r1 a ``correspondentCRD`` equal to the
    ``catReporterCRD`` means the firm reports for itself (S1 §2.1.1), so the Reporter CRD
    is the one value whose meaning the spec already defines as "no separate correspondent".
    A constant such as ``0`` or ``2`` could collide with a real CRD.

    All three names carry the one generation date. (The §6.5 example shows a sentinel dated
    a day after its data file, which we read as an inconsistency of the example.)
    """
    if kind not in REPORT_KINDS:
        raise InvalidArgument("kind must be one of " + ", ".join(REPORT_KINDS))
    if not (_is_unsigned_int(submitter_id) and _is_unsigned_int(reporter_crd)):
        raise InvalidArgument("submitter_id and reporter_crd must be unsigned whole numbers")
    if correspondent_crd is not None and not _is_unsigned_int(correspondent_crd):
        raise InvalidArgument("correspondent_crd must be an unsigned whole number or None")
    if sequence.__class__ is not int or not 1 <= sequence <= _MAX_FILE_NUMBER:
        raise InvalidArgument("sequence must be 1 to 999999")
    corr = reporter_crd if correspondent_crd is None else correspondent_crd
    stem = f"{submitter_id}_{reporter_crd}_{corr}_{generation_date:%Y%m%d}_{kind}_{sequence:06d}"
    return ReportNames(meta=f"{stem}_meta.json", data=f"{stem}_data.json.bz2",
                       sentinel=_sentinel(kind, generation_date))


@dataclass(frozen=True, slots=True)
class ReportName:
    """A parsed report metadata or data file name.

    ``correspondent_crd`` is always a number: a set for a file without a correspondent reads
    back as the Reporter CRD (see :func:`report_file_names`).
    """

    submitter_id: int
    reporter_crd: int
    correspondent_crd: int
    generation_date: dt.date
    kind: ReportKind
    sequence: int
    file_type: Literal["meta", "data"]

    def names(self) -> ReportNames:
        """All three names of the set this file belongs to."""
        return report_file_names(self.kind, self.submitter_id, self.reporter_crd,
                                 self.correspondent_crd, self.generation_date, self.sequence)


_KINDS_ALTERNATION = "|".join(REPORT_KINDS)
_REPORT = re.compile(
    rf"(0|[1-9][0-9]*)_(0|[1-9][0-9]*)_(0|[1-9][0-9]*)_([0-9]{{8}})_({_KINDS_ALTERNATION})"
    r"_([0-9]{6})_(?:(meta)\.json|(data)\.json\.bz2)"
)
_SENTINEL = re.compile(rf"([0-9]{{8}})_({_KINDS_ALTERNATION})_processed")


def parse_report_name(name: str) -> ReportName:
    """Read a report metadata (``..._meta.json``) or data (``..._data.json.bz2``) name."""
    base = _basename(name)
    match = _REPORT.fullmatch(base)
    day = _date_text(match[4]) if match is not None else None
    if match is None or day is None:
        raise FileNameError(base, [(None, "not a report metadata or data file name")])
    numbers = [int(match[i]) for i in (1, 2, 3, 6)]
    if max(numbers) > _MAX_UNSIGNED or numbers[3] == 0:
        raise FileNameError(base, [(None, "report name holds an out-of-range number")])
    return ReportName(numbers[0], numbers[1], numbers[2], day, cast(ReportKind, match[5]),
                      numbers[3], "meta" if match[7] else "data")


def parse_report_sentinel(name: str) -> tuple[dt.date, ReportKind]:
    """Read a sentinel name such as ``20240401_OUTSTANDINGINCONSISTENCIES_processed``."""
    base = _basename(name)
    match = _SENTINEL.fullmatch(base)
    day = _date_text(match[1]) if match is not None else None
    if match is None or day is None:
        raise FileNameError(base, [(None, "not a report sentinel file name")])
    return day, cast(ReportKind, match[2])


def reconciliation_report_name(generated_at: dt.datetime) -> str:
    """``FDID_reconciliation_report_<YYYYMMDD>_<HHMMSS>_<EDT|EST>.csv`` [S1 §6.7].

    The abbreviation is the one in force in US Eastern time at that instant. A naive
    datetime is taken to be Eastern already; in the repeated hour of a fall-back night its
    ``fold`` attribute picks EDT (0) or EST (1). The spec's example pairs 1 January with
    EDT, which cannot happen, so it is not reproduced literally.
    """
    if generated_at.tzinfo is None:
        local = generated_at.replace(tzinfo=_EASTERN)
    else:
        local = generated_at.astimezone(_EASTERN)
    return f"FDID_reconciliation_report_{local:%Y%m%d_%H%M%S}_{local.tzname()}.csv"


__all__ = [
    "REPORT_KINDS",
    "FeedbackName",
    "ReportKind",
    "ReportName",
    "ReportNames",
    "SubmissionName",
    "format_submission_name",
    "name_advice",
    "parse_feedback_name",
    "parse_report_name",
    "parse_report_sentinel",
    "parse_submission_name",
    "reconciliation_report_name",
    "report_file_names",
]
