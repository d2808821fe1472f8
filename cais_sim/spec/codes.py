"""The catalog of CAIS error, warning and inconsistency codes.

The codes themselves live in ``data/codes.toml`` (data, not scattered strings); this module
loads them once, checks the file's shape, and answers questions about them: what a code
means, which stage raises it, what it turns into (for TIDS warnings), and whether it was in
force in an environment on a day.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cais_sim.spec.effective import Effective, Environment, Window


class Stage(StrEnum):
    """Where in CAIS processing a code is raised."""

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
    """Errors must be repaired, warnings need no action, material inconsistencies must be
    resolved [S1 App. B; §2.4]."""

    ERROR = "error"
    WARNING = "warning"
    MATERIAL = "material"


class CodeStatus(StrEnum):
    """Whether a code can still be raised."""

    ACTIVE = "active"
    RESERVED = "reserved"
    RETIRED = "retired"


class RecordKind(StrEnum):
    """What a code is about."""

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


@dataclass(frozen=True, slots=True)
class Code:
    """One catalogued code."""

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
        """True when a local simulator can raise the code: it is active and not a system
        failure. Portal-only limits (21009/21509) count: they apply to Portal uploads."""
        return self.status is CodeStatus.ACTIVE and self.stage is not Stage.SYSTEM

    def in_force(self, env: Environment, day: dt.date) -> bool:
        """True when CAIS could raise this code in ``env`` on ``day``.

        Reserved codes never; retired codes only inside an explicit dated window; active
        codes inside their window (unbounded unless dated)."""
        if self.status is CodeStatus.RESERVED:
            return False
        window = self.effective.window(env)
        if self.status is CodeStatus.RETIRED and window.start is None and window.end is None:
            return False
        return window.contains(day)


_KEYS = {"code", "stage", "record", "severity", "status", "meaning", "source", "stops",
         "repair", "maps_to", "introduced", "removed", "test_from", "test_until", "prod_from",
         "prod_until", "window_note", "notes"}
_REQUIRED = {"code", "stage", "record", "severity", "status", "meaning", "source"}
_REPAIRS = {"correction-list", "resubmit", "none"}


def _date(entry: dict[str, Any], key: str, code: object) -> dt.date | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise ValueError(f"code {code}: {key} must be a TOML date")
    return value


def _parse(entry: dict[str, Any]) -> Code:
    code = entry.get("code")
    unknown = set(entry) - _KEYS
    if unknown:
        raise ValueError(f"code {code}: unknown keys {sorted(unknown)}")
    missing = _REQUIRED - set(entry)
    if missing:
        raise ValueError(f"code {code}: missing keys {sorted(missing)}")
    if not isinstance(code, int):
        raise ValueError(f"code {code!r}: 'code' must be an integer")
    try:
        stage = Stage(entry["stage"])
        record = RecordKind(entry["record"])
        severity = Severity(entry["severity"])
        status = CodeStatus(entry["status"])
    except ValueError as exc:
        raise ValueError(f"code {code}: {exc}") from None
    default_repair = ("resubmit" if severity is Severity.ERROR and stage in
                      (Stage.DATA_VALIDATION, Stage.DATA_LAYER) else "none")
    repair = entry.get("repair", default_repair)
    if repair not in _REPAIRS:
        raise ValueError(f"code {code}: repair must be one of {sorted(_REPAIRS)}")
    effective = Effective(
        test=Window(_date(entry, "test_from", code), _date(entry, "test_until", code)),
        prod=Window(_date(entry, "prod_from", code), _date(entry, "prod_until", code)),
        note=str(entry.get("window_note", "")),
    )
    return Code(code=code, stage=stage, record=record, severity=severity, status=status,
                meaning=str(entry["meaning"]), source=str(entry["source"]),
                stops=bool(entry.get("stops", False)), repair=repair,
                maps_to=tuple(int(c) for c in entry.get("maps_to", ())),
                effective=effective, introduced=entry.get("introduced"),
                removed=entry.get("removed"), notes=str(entry.get("notes", "")))


class CodeCatalog:
    """Every code, looked up by number."""

    def __init__(self, codes: list[Code]) -> None:
        self._codes: dict[int, Code] = {}
        for code in codes:
            if code.code in self._codes:
                raise ValueError(f"code {code.code}: listed twice")
            self._codes[code.code] = code

    def __getitem__(self, code: int) -> Code:
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"{code} is not a CAIS code in the catalog") from None

    def get(self, code: int) -> Code | None:
        return self._codes.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self) -> Iterator[Code]:
        return iter(sorted(self._codes.values(), key=lambda c: c.code))

    def __len__(self) -> int:
        return len(self._codes)

    def by_stage(self, stage: Stage) -> tuple[Code, ...]:
        return tuple(c for c in self if c.stage is stage)

    def in_force(self, env: Environment, day: dt.date) -> tuple[Code, ...]:
        """Codes CAIS could raise in ``env`` on ``day``."""
        return tuple(c for c in self if c.in_force(env, day))

    def meaning(self, code: int) -> str:
        return self[code].meaning


def _load(path: Path) -> CodeCatalog:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = data.get("codes")
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: expected a top-level 'codes' array")
    return CodeCatalog([_parse(entry) for entry in entries])


@cache
def catalog() -> CodeCatalog:
    """The catalog shipped with cais-sim (loaded once)."""
    with resources.as_file(resources.files("cais_sim.spec") / "data" / "codes.toml") as path:
        return _load(path)


__all__ = ["Code", "CodeCatalog", "CodeStatus", "RecordKind", "Severity", "Stage", "catalog"]
