"""The catalog of CAIS error, warning and material-inconsistency codes.

The codes live in ``data/codes.toml`` so that a reviewer can check them against the
specification in one place, and so that documentation is generated from the same facts the
simulator uses. The file is read on first use (never at import), validated strictly, and
then shared: a malformed entry must fail loudly at load time rather than surface later as a
wrong rejection.

Three notions are kept apart on purpose. ``status`` says what the specification does with
the number (a live check, a held number, a withdrawn check). The ``effective`` windows say
on which days CAIS actually raised it in each environment, so a code that the specification
still lists can stop being in force on a known date (22503, 22525). ``locally_checkable``
says whether a simulator can raise it at all.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from cais_sim.spec.effective import Effective, Environment, Window


class Stage(StrEnum):
    """The processing step that raises a code; it decides where the code is reported."""

    DATA_FILE_INTEGRITY = "data-file-integrity"
    TIDS_FILE_INTEGRITY = "tids-file-integrity"
    DATA_VALIDATION = "data-validation"
    DATA_LAYER = "data-layer"
    CORRECTION_WARNING = "correction-warning"
    TIDS_WARNING = "tids-warning"
    INTRAFIRM_INCONSISTENCY = "intrafirm-inconsistency"
    INTERFIRM_INCONSISTENCY = "interfirm-inconsistency"
    SYSTEM = "system"


class Severity(StrEnum):
    """What the firm owes: errors must be repaired, warnings need nothing, material
    inconsistencies must be resolved by a deadline [S1 App. B; §2.4]."""

    ERROR = "error"
    WARNING = "warning"
    MATERIAL = "material"


class CodeStatus(StrEnum):
    """What the specification does with the number, independent of dates."""

    ACTIVE = "active"
    RESERVED = "reserved"
    RETIRED = "retired"


class RecordKind(StrEnum):
    """The record (or part of one) a code is about, so feedback can name the right IDs."""

    FILE = "file"
    FDID = "fdid"
    LTID = "ltid"
    FDID_ADDRESS = "fdid-address"
    ASSOCIATION = "association"
    AUTH_TRADER_NAME = "auth-trader-name"
    CUSTOMER = "customer"
    NATURAL_PERSON = "natural-person"
    LEGAL_ENTITY = "legal-entity"
    CUSTOMER_ADDRESS = "customer-address"
    TID_LINK = "tid-link"
    CORRECTION = "correction"
    TID = "tid"
    ANY = "any"


_REPAIRS = frozenset({"correction-list", "resubmit", "none"})
"""How a firm clears a code: only a correctionList entry, a full resubmission, or nothing."""


@dataclass(frozen=True, slots=True)
class Code:
    """One catalogued code, as the data file states it."""

    code: int
    stage: Stage
    record: RecordKind
    severity: Severity
    status: CodeStatus
    meaning: str
    source: str
    stops: bool
    repair: str
    maps_to: tuple[int, ...]
    effective: Effective
    introduced: str | None
    removed: str | None
    notes: str

    @property
    def locally_checkable(self) -> bool:
        """Whether a local simulator can raise this code.

        Every live check depends only on the submitted files, the simulator's own stored
        state and its configuration (reporting relationships, a reset in progress, the
        upload channel for the Portal-only limits 21009/21509), so all of them qualify.
        Reserved and retired numbers have no check behind them, and 23999 reports a fault
        inside CAIS, which no input can reproduce.
        """
        return self.status is CodeStatus.ACTIVE and self.stage is not Stage.SYSTEM

    def in_force(self, env: Environment, day: dt.date) -> bool:
        """Whether CAIS raised this code in ``env`` on ``day``; only live checks can be."""
        return self.status is CodeStatus.ACTIVE and self.effective.in_force(env, day)


class CodeCatalog:
    """All catalogued codes, looked up by number and listed in numeric order."""

    __slots__ = ("_by_code", "_ordered")

    def __init__(self, codes: Iterable[Code]) -> None:
        by_code: dict[int, Code] = {}
        for code in codes:
            if code.code in by_code:
                raise ValueError(f"code {code.code}: listed more than once")
            by_code[code.code] = code
        self._by_code = by_code
        self._ordered = tuple(sorted(by_code.values(), key=lambda c: c.code))

    def __getitem__(self, code: int) -> Code:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code} is not a CAIS code in the catalog") from None

    def get(self, code: int) -> Code | None:
        """Like ``[]`` for callers that handle an unknown number themselves (e.g. feedback
        from a newer CAIS release)."""
        return self._by_code.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._ordered)

    def by_stage(self, stage: Stage) -> tuple[Code, ...]:
        """The codes of one stage in numeric order, as the documentation groups them."""
        return tuple(c for c in self._ordered if c.stage is stage)

    def in_force(self, env: Environment, day: dt.date) -> tuple[Code, ...]:
        """The codes CAIS could raise in ``env`` on ``day``, so a simulator replaying a
        past date applies the checks of that date."""
        return tuple(c for c in self._ordered if c.in_force(env, day))

    def meaning(self, code: int) -> str:
        """The one-line meaning, for messages that quote a code."""
        return self[code].meaning


# --- loading ----------------------------------------------------------------------------------

_REQUIRED = ("code", "stage", "record", "severity", "status", "stops", "repair", "meaning",
             "source")
_OPTIONAL = ("maps_to", "introduced", "removed", "test_from", "test_until", "prod_from",
             "prod_until", "window_note", "notes")
_KNOWN = frozenset(_REQUIRED + _OPTIONAL)
_REVISION = re.compile(r"\d+\.\d+(?:\.\d+)?(?:r\d+(?:\.\d+)?)?")
_SEVERITY_OF_STAGE = {
    Stage.CORRECTION_WARNING: Severity.WARNING,
    Stage.TIDS_WARNING: Severity.WARNING,
    Stage.INTRAFIRM_INCONSISTENCY: Severity.MATERIAL,
    Stage.INTERFIRM_INCONSISTENCY: Severity.MATERIAL,
}
_NOTHING_TO_REPAIR = frozenset({Stage.DATA_FILE_INTEGRITY, Stage.TIDS_FILE_INTEGRITY,
                                Stage.CORRECTION_WARNING, Stage.TIDS_WARNING})

_E = TypeVar("_E", bound=StrEnum)


class _Entry:
    """One raw TOML entry plus the context every error message needs."""

    def __init__(self, raw: Mapping[str, Any], label: str) -> None:
        self.raw = raw
        self.label = label

    def fail(self, key: str, problem: str) -> ValueError:
        return ValueError(f"{self.label}: key {key!r}: {problem}")

    def string(self, key: str, *, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str):
            raise self.fail(key, "must be a string")
        if "\n" in value:
            raise self.fail(key, "must be a single line")
        return value

    def optional_string(self, key: str) -> str | None:
        return None if key not in self.raw else self.string(key)

    def boolean(self, key: str) -> bool:
        value = self.raw[key]
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def choice(self, key: str, enum: type[_E]) -> _E:
        value = self.raw[key]
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise self.fail(key, f"{value!r} is not one of: {allowed}") from None

    def date(self, key: str) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.fail(key, "must be a TOML date (YYYY-MM-DD)")
        return value

    def window(self, prefix: str) -> Window:
        start, end = self.date(f"{prefix}_from"), self.date(f"{prefix}_until")
        if start is not None and end is not None and start >= end:
            raise self.fail(f"{prefix}_until", f"must be later than {prefix}_from")
        return Window(start, end)


def _parse_entry(raw: object, index: int) -> Code:
    if not isinstance(raw, dict):
        raise ValueError(f"entry {index}: must be a table")
    number = raw.get("code")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise ValueError(f"entry {index}: key 'code': must be a positive integer, "
                         f"got {number!r}")
    entry = _Entry(raw, f"code {number}")
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise entry.fail(unknown[0], "unknown key")
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise entry.fail(missing[0], "missing")

    stage = entry.choice("stage", Stage)
    record = entry.choice("record", RecordKind)
    severity = entry.choice("severity", Severity)
    status = entry.choice("status", CodeStatus)
    stops = entry.boolean("stops")
    repair = entry.string("repair")
    if repair not in _REPAIRS:
        raise entry.fail("repair", f"{repair!r} is not one of: {', '.join(sorted(_REPAIRS))}")
    meaning = entry.string("meaning")
    source = entry.string("source")
    for key, text in (("meaning", meaning), ("source", source)):
        if not text.strip():
            raise entry.fail(key, "must not be empty")

    expected = _SEVERITY_OF_STAGE.get(stage, Severity.ERROR)
    if severity is not expected:
        raise entry.fail("severity", f"stage {stage} raises {expected}, not {severity}")
    if repair != "none" and (stage in _NOTHING_TO_REPAIR or status is CodeStatus.RESERVED):
        raise entry.fail("repair", f"a {status} {stage} code has nothing to repair")

    maps_to_raw = raw.get("maps_to", [])
    if not isinstance(maps_to_raw, list) or not all(
            isinstance(m, int) and not isinstance(m, bool) for m in maps_to_raw):
        raise entry.fail("maps_to", "must be a list of code numbers")
    maps_to = tuple(maps_to_raw)
    if (stage is Stage.TIDS_WARNING) != bool(maps_to):
        raise entry.fail("maps_to", "required on TIDS warnings and only there")

    introduced = entry.optional_string("introduced")
    removed = entry.optional_string("removed")
    for key, revision in (("introduced", introduced), ("removed", removed)):
        if revision is not None and not _REVISION.fullmatch(revision):
            raise entry.fail(key, f"{revision!r} is not a revision such as 2.0r7 or 1.1.1")
    if status is CodeStatus.RETIRED and removed is None:
        raise entry.fail("removed", "a retired code must say when it was withdrawn")
    if status is CodeStatus.ACTIVE and removed is not None:
        raise entry.fail("removed", "an active code cannot have been withdrawn")

    effective = Effective(test=entry.window("test"), prod=entry.window("prod"),
                          note=entry.string("window_note", default=""))
    dated = any(key in raw for key in ("test_from", "test_until", "prod_from", "prod_until"))
    if dated and status is not CodeStatus.ACTIVE:
        raise entry.fail("status", "only active codes carry dates")

    return Code(code=number, stage=stage, record=record, severity=severity, status=status,
                meaning=meaning, source=source, stops=stops, repair=repair, maps_to=maps_to,
                effective=effective, introduced=introduced, removed=removed,
                notes=entry.string("notes", default=""))


def _parse_document(text: str, origin: str) -> CodeCatalog:
    """Build a catalog from TOML text; ``origin`` names the file in error messages."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{origin}: not valid TOML: {exc}") from exc
    extra = sorted(set(document) - {"codes"})
    if extra:
        raise ValueError(f"{origin}: unknown top-level key {extra[0]!r}")
    entries = document.get("codes")
    if not isinstance(entries, list):
        raise ValueError(f"{origin}: expected a top-level 'codes' array")
    try:
        result = CodeCatalog(_parse_entry(raw, index) for index, raw in enumerate(entries))
    except ValueError as exc:
        raise ValueError(f"{origin}: {exc}") from None
    for code in result:
        for target in code.maps_to:
            linked = result.get(target)
            if linked is None or linked.stage is not Stage.DATA_VALIDATION:
                raise ValueError(f"{origin}: code {code.code}: key 'maps_to': {target} is "
                                 "not a record-validation code in the catalog")
    return result


def _load(path: Path) -> CodeCatalog:
    """Load a catalog from a file on disk (the shipped one, or a variant under test)."""
    return _parse_document(path.read_text(encoding="utf-8"), origin=str(path))


@cache
def catalog() -> CodeCatalog:
    """The catalog shipped with cais-sim, read from package data so it also works from an
    installed wheel, and parsed only once per process."""
    resource = resources.files("cais_sim.spec") / "data" / "codes.toml"
    return _parse_document(resource.read_text(encoding="utf-8"), origin="codes.toml")


__all__ = ["Code", "CodeCatalog", "CodeStatus", "RecordKind", "Severity", "Stage",
           "catalog"]
