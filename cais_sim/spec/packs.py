"""Spec packs: what CAIS accepted, in which environment, on which day.

A spec pack names a specification revision, the submission schema it defines, and the
dated rules and values it carries. Changes reached Industry Test before Production (and the
Production Mirror used for certification, which follows Production), so every date is held
per environment (:class:`~cais_sim.spec.effective.Effective`). Questions such as "was
``OTHGOVT`` accepted in Production on 2022-06-28?" or "which schema did Industry Test take
on 2021-03-01?" are answered here, from data, so any historical day can be replayed.

Sources: S1 (Full CAIS spec 2.2.0 r4) change log T2 and dated rules; S4 (planned updates
page); S5 (known issues); S19-S23 (phase dates); digest sections a-e, i.7, k.6. Where the
public material gives no date, the choice is stated in the rule's ``note``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import total_ordering

from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import ALWAYS_IN_FORCE, Effective, Environment, Window
from cais_sim.spec.enums import ENUM_HISTORY

_REVISION = re.compile(r"(\d+(?:\.\d+)*)(-draft)?(?:-?r(\d+(?:\.\d+)?))?")


@total_ordering
@dataclass(frozen=True, slots=True)
class Revision:
    """A specification revision such as ``2.0r9.2``, ``2.0-draft-r2`` or ``1.1.1``.

    Ordered by version, then drafts before the final text, then revision number
    (``r9.2`` sorts after ``r9`` and before ``r10``).
    """

    version: tuple[int, ...]
    draft: bool = False
    release: tuple[int, ...] = ()

    def _key(self) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
        padded = self.version + (0,) * (3 - len(self.version))
        return (padded, 0 if self.draft else 1, self.release)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        text = ".".join(str(n) for n in self.version)
        if self.draft:
            text += "-draft"
            if self.release:
                text += "-r" + ".".join(str(n) for n in self.release)
        elif self.release:
            text += "r" + ".".join(str(n) for n in self.release)
        return text


def parse_revision(text: str) -> Revision:
    """Parse a revision name; raises :class:`InvalidArgument` for anything else."""
    m = _REVISION.fullmatch(text.strip())
    if m is None:
        raise InvalidArgument(f"{text!r} is not a specification revision such as 2.2.0r4")
    version = tuple(int(n) for n in m[1].split("."))
    release = tuple(int(n) for n in m[3].split(".")) if m[3] else ()
    return Revision(version, bool(m[2]), release)


@dataclass(frozen=True, slots=True)
class DatedRule:
    """A rule that came into (or went out of) force on known dates."""

    key: str
    summary: str
    source: str
    effective: Effective


@dataclass(frozen=True)
class SpecPack:
    """One specification revision and everything dated that it carries."""

    name: str
    schema_version: str
    title: str
    source: str
    published: dt.date | None
    availability: Effective
    rules: Mapping[str, DatedRule] = field(default_factory=dict)
    value_windows: Mapping[tuple[str, str], Effective] = field(default_factory=dict)

    @property
    def revision(self) -> Revision:
        return parse_revision(self.name)

    def accepts_schema(self, env: Environment, day: dt.date) -> bool:
        """True when files of this pack's schema version were accepted in ``env`` on ``day``."""
        return self.availability.in_force(env, day)

    def rule_in_force(self, key: str, env: Environment, day: dt.date) -> bool:
        """True when the dated rule ``key`` applied in ``env`` on ``day``."""
        try:
            return self.rules[key].effective.in_force(env, day)
        except KeyError:
            raise KeyError(f"spec pack {self.name} has no rule {key!r}; "
                           f"known rules: {', '.join(sorted(self.rules))}") from None

    def rules_in_force(self, env: Environment, day: dt.date) -> tuple[DatedRule, ...]:
        return tuple(r for r in self.rules.values() if r.effective.in_force(env, day))

    def value_allowed(self, wire_field: str, value: str, env: Environment,
                      day: dt.date) -> bool:
        """True when ``value`` was an accepted value of ``wire_field`` in ``env`` on ``day``:
        it exists in this revision (ENUM_HISTORY) and its dated window, if any, is open."""
        if value not in self._values_of_revision(wire_field):
            return False
        window = self.value_windows.get((wire_field, value), ALWAYS_IN_FORCE)
        return window.in_force(env, day)

    def allowed_values(self, wire_field: str, env: Environment, day: dt.date) -> frozenset[str]:
        return frozenset(v for v in self._values_of_revision(wire_field)
                         if self.value_allowed(wire_field, v, env, day))

    def _values_of_revision(self, wire_field: str) -> frozenset[str]:
        own = self.revision
        ltid_phase = self.schema_version == "1.0.0"
        values = set()
        for info in ENUM_HISTORY:
            if info.field != wire_field:
                continue
            added = parse_revision(info.added) if info.added else None
            removed = parse_revision(info.removed) if info.removed else None
            if ltid_phase:
                # The LTID phase predates every 2.x change: values added in 2.x are absent and
                # values removed in 2.x are still present (S1 T2).
                if added is not None and added.version[0] >= 2:
                    continue
                if info.value == "ENTITYID" and wire_field == "fdidType":
                    continue  # LTID spec 1.1.1 spells it ENTITY (S1 T2; digest b.2)
                values.add(info.value)
                continue
            if added is not None and own < added:
                continue
            if removed is not None and not own < removed:
                continue
            values.add(info.value)
        return frozenset(values)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _both(start: str | None = None, end: str | None = None, note: str = "") -> Effective:
    return Effective.everywhere(_d(start) if start else None, _d(end) if end else None, note)


def _split(test: tuple[str | None, str | None], prod: tuple[str | None, str | None],
           note: str = "") -> Effective:
    def window(pair: tuple[str | None, str | None]) -> Window:
        return Window(_d(pair[0]) if pair[0] else None, _d(pair[1]) if pair[1] else None)

    return Effective(test=window(test), prod=window(prod), note=note)


_FULL_CAIS_RULES = (
    DatedRule("unparsed-names-allowed", "names may be reported as UNPARSED", "S1 §3.12",
              _both(end="2023-06-13", note="disallowed from 2023-06-13 in every environment")),
    DatedRule("customer-address-required", "every Customer needs an ADDRESS1 record",
              "S1 §5.1.3.2 r8", _both("2023-07-12")),
    DatedRule("bd-customer-type-mandatory",
              "U.S. broker-dealer Legal Entities must carry customerType BD", "S1 T8",
              _both("2023-07-11")),
    DatedRule("firm-discretion-must-be-authrep",
              "a firm with discretion that is not a holder must be AUTHREP, not AUTH3RD",
              "S4 item 4", _both("2023-01-16")),
    DatedRule("othgovt-allowed", "foreignTIDType OTHGOVT is accepted", "S1 T2; S4",
              _split(("2022-06-27", None), ("2022-07-01", None))),
    DatedRule("update-notification-checks",
              "22503 and 22525 are raised (updateNotification checks)", "S1 T28; S5",
              _both(end="2024-02-26",
                    note="retired in Production 2024-02-26; same date assumed for Test")),
    DatedRule("material-inconsistency-scan",
              "the daily material-inconsistency scan runs; it was switched off in January "
              "2023 (Test 01-16, Prod 01-23) with no public re-enable date, so it is modelled "
              "as always on", "S1 §6.4.1; S5", ALWAYS_IN_FORCE),
    DatedRule("correspondent-equals-reporter-allowed",
              "correspondentCRD may equal catReporterCRD (self-reporting)", "S1 T2; §2.1.1",
              _both("2024-12-17", note="the 2.2.0r1 publication date")),
    DatedRule("fdid-refresh-report", "the monthly FDID Refresh Report is produced",
              "S1 §3.8; S26", _both("2025-04-03")),
    DatedRule("name-length-200", "firstName and middleName may hold 200 characters",
              "S1 T8", ALWAYS_IN_FORCE),
    DatedRule("ein-hash-check-22544",
              "22544 checks SHA-256(ein) against the EIN tidValue, ending new 30003/40003",
              "S1 T28", _both("2099-12-31",
                              note="release date not public; off by default, so replayed "
                                   "days see EIN inconsistencies as documented")),
)

FULL_CAIS_2_2_0_R4 = SpecPack(
    name="2.2.0r4",
    schema_version="2.0.0",
    title="Full CAIS Technical Specifications 2.2.0 r4",
    source="S1",
    published=_d("2025-08-14"),
    availability=_split(("2022-01-30", None), ("2022-04-26", None),
                        note="Full CAIS opened in Industry Test about 2022-01-30 and in "
                             "Production about 2022-04-26 (approximate public dates)"),
    rules={r.key: r for r in _FULL_CAIS_RULES},
    value_windows={
        ("foreignTIDType", "OTHGOVT"): _split(("2022-06-27", None), ("2022-07-01", None)),
        ("replacingForeignTIDType", "OTHGOVT"): _split(("2022-06-27", None),
                                                       ("2022-07-01", None)),
    },
)

LTID_1_2 = SpecPack(
    name="1.2",
    schema_version="1.0.0",
    title="CAIS LTID-phase Technical Specifications 1.2",
    source="S15; S2; S23",
    published=None,
    availability=_split(("2020-08-24", "2023-01-01"), ("2020-12-14", "2022-04-26"),
                        note="LTID test opened 2020-08-24 and production 2020-12-14; Production "
                             "moved to schema 2.0.0 when Full CAIS opened; Industry Test took "
                             "both through 2022 (chosen end: 2023-01-01)"),
)

PACKS: tuple[SpecPack, ...] = (FULL_CAIS_2_2_0_R4, LTID_1_2)
LATEST = FULL_CAIS_2_2_0_R4


def get_pack(name: str) -> SpecPack:
    """The pack called ``name`` (e.g. ``2.2.0r4``)."""
    for pack in PACKS:
        if pack.name == name:
            return pack
    raise InvalidArgument(f"no spec pack {name!r}; known: {', '.join(p.name for p in PACKS)}")


def pack_for(env: Environment, day: dt.date, schema_version: str | None = None) -> SpecPack:
    """The newest pack whose schema ``env`` accepted on ``day`` (optionally of one version)."""
    candidates = [p for p in PACKS if p.accepts_schema(env, day)
                  and (schema_version is None or p.schema_version == schema_version)]
    if not candidates:
        which = f"schema {schema_version}" if schema_version else "any CAIS schema"
        raise InvalidArgument(f"{env.value} did not accept {which} on {day.isoformat()}")
    return max(candidates, key=lambda p: p.revision)


__all__ = [
    "FULL_CAIS_2_2_0_R4",
    "LATEST",
    "LTID_1_2",
    "PACKS",
    "DatedRule",
    "Revision",
    "SpecPack",
    "get_pack",
    "pack_for",
    "parse_revision",
]
