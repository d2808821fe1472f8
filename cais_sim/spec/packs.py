"""Spec packs: which contract CAIS applied in which environment on which day.

A pack ties one specification revision to the submission schema version it defines and to
the dates of everything in it that changed on a known day. Changes reached Industry Test
before Production (the Production Mirror used for certification follows Production), so
each date is held per environment in an :class:`~cais_sim.spec.effective.Effective`. That
lets any historical day be replayed: "did Production take ``OTHGOVT`` on 2022-06-28?",
"which schema did Industry Test accept on 2021-03-01?".

Two kinds of history meet here and are kept apart on purpose:

* Revision history (which values a revision's text lists) comes from
  :data:`~cais_sim.spec.enums.ENUM_HISTORY` and is fixed for a pack: the 2.2.0 r4 pack never
  accepts ``accountType`` ``BROKERAGE`` (removed in 2.0 r7), whatever the day, because the
  public material gives no rollout date for 2.0 r7.
* Dated history (rules and values whose rollout day is public) lives in the pack's
  ``rules`` and ``value_windows``.

Sources: S1 (Full CAIS specification 2.2.0 r4: change log T2 and dated rules), S4 (planned
updates page), S5 (known issues list), S19-S26 (phase dates), via the facts digest sections
(a)-(e), (i.7) and (k.6). Where the material gives no date, each ``Effective.note`` says what
was chosen and why.

Choices made where the material is silent:

* Full CAIS (schema 2.0.0) availability is approximate: Industry Test from about 2022-01-30,
  Production and Production Mirror from about 2022-04-26.
* Schema 1.0.0 stays accepted in every environment until 2023-03-17, the latest Full CAIS
  compliance date our material cites (S21). S19 describes 1.0.0 and 2.0.0 side by side in
  test "during 2022", written when go-live was planned for 2022-12-12 (S20); S24 reports a
  further postponement without a date.
* Whether the final 1.0.0 schema spelled the entity FDID type ``ENTITY`` or ``ENTITYID``
  cannot be verified (digest b.2; S2 is truncated). The LTID pack follows the LTID
  specification 1.1.1 text (S1 T2): ``ENTITY`` is accepted and ``ENTITYID`` is not.
* The LTID pack carries revision 1.2, the last LTID-phase text (S22), and stands for the
  whole LTID phase, including the weeks of Industry Test before 1.2 appeared.
* The LTID pack models only the choice fields of 1.0.0 submission records (``fdidType``,
  ``fdidEndReason``, ``ltidEndReason``, ``correctionAction``); the Customer, TIDS and
  feedback lists arrived with 2.0 and are empty there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Effective, Environment, Window
from cais_sim.spec.enums import ENUM_HISTORY
from cais_sim.spec.revisions import Revision, parse_revision, published_on

#: Schema versions CAIS has defined: 1.0.0 for the LTID phase, 2.0.0 for Full CAIS (S1 §5.1.6;
#: S2).
SCHEMA_VERSIONS = ("1.0.0", "2.0.0")

# Wire fields that share another field's choice list (S1 T9): the replacing-TID fields take
# the same values as the TID fields, and ENUM_HISTORY records each list once.
_SHARED_LIST = {"replacingForeignTIDType": "foreignTIDType", "replacedByTIDType": "tidType"}

# ``customerType`` has one list per record kind, recorded under these names in ENUM_HISTORY.
_CUSTOMER_TYPE_FIELDS = ("naturalPersonCustomerType", "legalEntityCustomerType")

_FIELDS_IN_HISTORY = frozenset(info.field for info in ENUM_HISTORY)

# A window that contains no day: used for rules whose release date is not public and which
# are switched off by default (see :meth:`SpecPack.with_effective` to switch one on).
_NEVER = Window(dt.date.max, dt.date.max)


def _history_field(wire_field: str) -> str:
    """The ENUM_HISTORY field that holds ``wire_field``'s choice list."""
    name = _SHARED_LIST.get(wire_field, wire_field)
    if name in _FIELDS_IN_HISTORY:
        return name
    if wire_field == "customerType":
        raise InvalidArgument(
            "customerType has one list per record kind: ask for "
            + " or ".join(_CUSTOMER_TYPE_FIELDS)
        )
    raise InvalidArgument(
        f"{wire_field!r} is not a choice field; known: "
        + ", ".join(sorted(_FIELDS_IN_HISTORY | _SHARED_LIST.keys()))
    )


@dataclass(frozen=True, slots=True)
class DatedRule:
    """A rule of the contract whose coming into (or out of) force has a known day.

    ``key`` is a stable kebab-case identifier that validation code asks about; ``summary``
    says what the rule requires; ``source`` cites the digest's source label and section.
    """

    key: str
    summary: str
    source: str
    effective: Effective

    def in_force(self, env: Environment, day: dt.date) -> bool:
        """True when the rule applied in ``env`` on ``day``."""
        return self.effective.in_force(env, day)


@dataclass(frozen=True, eq=False)
class SpecPack:
    """One specification revision with its schema version and every dated rule and value.

    Packs compare and hash by identity: each is a shared singleton, and its mappings make a
    field-wise hash impossible.

    ``availability`` says when CAIS accepted files of ``schema_version`` in each
    environment. ``value_windows`` dates individual choice values, keyed by (wire field,
    value). ``choice_fields`` limits the choice lists the schema has (``None``: all lists
    in ENUM_HISTORY); ``excluded_values`` removes values the revision arithmetic would keep,
    each with the reason.
    """

    name: str
    revision: Revision
    schema_version: str
    published: dt.date | None
    title: str
    source: str
    availability: Effective
    rules: Mapping[str, DatedRule] = field(default_factory=dict)
    value_windows: Mapping[tuple[str, str], Effective] = field(default_factory=dict)
    choice_fields: frozenset[str] | None = None
    excluded_values: Mapping[tuple[str, str], str] = field(default_factory=dict)
    _values: Mapping[str, frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.schema_version not in SCHEMA_VERSIONS:
            raise InvalidArgument(f"unknown schema version {self.schema_version!r}")
        for key, rule in self.rules.items():
            if key != rule.key:
                raise InvalidArgument(f"rule filed under {key!r} is keyed {rule.key!r}")
        # Read-only views, so a pack shared by every simulated firm cannot be edited in place.
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))
        object.__setattr__(self, "value_windows", MappingProxyType(dict(self.value_windows)))
        object.__setattr__(self, "excluded_values", MappingProxyType(dict(self.excluded_values)))
        object.__setattr__(self, "_values", MappingProxyType(self._values_by_field()))
        for wire_field, value in self.value_windows:
            if value not in self._revision_values(wire_field):
                raise InvalidArgument(
                    f"pack {self.name} dates {wire_field}={value!r}, which its revision lacks"
                )

    def _values_by_field(self) -> dict[str, frozenset[str]]:
        # Precomputed once: validation asks about values for every record it checks.
        values: dict[str, set[str]] = {name: set() for name in _FIELDS_IN_HISTORY}
        for info in ENUM_HISTORY:
            if self.choice_fields is not None and info.field not in self.choice_fields:
                continue
            if (info.field, info.value) in self.excluded_values:
                continue
            if info.added is not None and self.revision < parse_revision(info.added):
                continue
            if info.removed is not None and self.revision >= parse_revision(info.removed):
                continue
            values[info.field].add(info.value)
        return {name: frozenset(found) for name, found in values.items()}

    def _revision_values(self, wire_field: str) -> frozenset[str]:
        return self._values[_history_field(wire_field)]

    # --- schema ---------------------------------------------------------------------------

    def accepts_schema(self, env: Environment, day: dt.date) -> bool:
        """True when CAIS accepted files of this pack's schema version in ``env`` on ``day``."""
        return self.availability.in_force(env, day)

    # --- rules ----------------------------------------------------------------------------

    def rule(self, key: str) -> DatedRule:
        """The dated rule ``key``; a KeyError names the known keys so typos are obvious."""
        try:
            return self.rules[key]
        except KeyError:
            raise KeyError(
                f"spec pack {self.name} has no rule {key!r}; known rules: "
                + ", ".join(sorted(self.rules))
            ) from None

    def rule_in_force(self, key: str, env: Environment, day: dt.date) -> bool:
        """True when the dated rule ``key`` applied in ``env`` on ``day``."""
        return self.rule(key).in_force(env, day)

    def rules_in_force(self, env: Environment, day: dt.date) -> tuple[DatedRule, ...]:
        """Every dated rule that applied in ``env`` on ``day``, in declaration order."""
        return tuple(r for r in self.rules.values() if r.in_force(env, day))

    def with_effective(self, key: str, effective: Effective) -> SpecPack:
        """A copy of this pack with rule ``key`` re-dated.

        For rules whose release day is not public (e.g. ``ein-hash-check-22544``), so a
        scenario can replay either side of the release without editing the shipped pack.
        """
        rules = dict(self.rules)
        rules[key] = replace(self.rule(key), effective=effective)
        return replace(self, rules=rules)

    # --- choice values --------------------------------------------------------------------

    def value_allowed(self, wire_field: str, value: str, env: Environment,
                      day: dt.date) -> bool:
        """True when ``value`` was accepted for ``wire_field`` in ``env`` on ``day``.

        The value must be listed by this pack's revision (ENUM_HISTORY: added at or before
        the revision, not removed at or before it) and, if the pack dates it, its window
        must be open. ``customerType`` must be asked as ``naturalPersonCustomerType`` or
        ``legalEntityCustomerType``; an unknown field raises InvalidArgument.
        """
        if value not in self._revision_values(wire_field):
            return False
        window = self.value_windows.get((wire_field, value))
        return window is None or window.in_force(env, day)

    def allowed_values(self, wire_field: str, env: Environment, day: dt.date) -> frozenset[str]:
        """Every value of ``wire_field`` accepted in ``env`` on ``day``."""
        return frozenset(v for v in self._revision_values(wire_field)
                         if self.value_allowed(wire_field, v, env, day))


# --- building blocks --------------------------------------------------------------------------


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _both(start: str | None = None, end: str | None = None, *, note: str) -> Effective:
    """The same window in Industry Test and Production."""
    return Effective.everywhere(_d(start), _d(end), note)


def _split(test: tuple[str | None, str | None], prod: tuple[str | None, str | None], *,
           note: str) -> Effective:
    """Separate windows for Industry Test and for Production (and its Mirror)."""
    return Effective(test=Window(_d(test[0]), _d(test[1])),
                     prod=Window(_d(prod[0]), _d(prod[1])), note=note)


def _never(note: str) -> Effective:
    return Effective(test=_NEVER, prod=_NEVER, note=note)


_SAME_DAY = "one date is published; it is used for Industry Test and Production alike"

_OTHGOVT = _split(("2022-06-27", None), ("2022-07-01", None),
                  note="S4: Industry Test 2022-06-27, Production 2022-07-01")

_FULL_CAIS_RULES = (
    DatedRule(
        "unparsed-names-allowed",
        "Natural Person names may be sent as the placeholder UNPARSED; from 2023-06-13 both "
        "firstName and lastName must carry the parsed name",
        "S1 §3.12",
        _both(end="2023-06-13", note=_SAME_DAY),
    ),
    DatedRule(
        "customer-address-required",
        "every Customer Record carries at least one Address Record (ADDRESS1); Table 8 and "
        "Appendix D disagree on the key's presence, the dated rule settles it",
        "S1 §5.1.3.2 r8; digest discrepancy 4",
        _both("2023-07-12", note=_SAME_DAY),
    ),
    DatedRule(
        "bd-customer-type-mandatory",
        "a Legal Entity Customer that is a U.S.-registered broker-dealer must list "
        "customerType BD",
        "S1 T8",
        _both("2023-07-11", note=_SAME_DAY),
    ),
    DatedRule(
        "firm-discretion-must-be-authrep",
        "when the reporting firm itself (not a holder) has discretion over an account, its "
        "role is AUTHREP; before this date AUTH3RD was also accepted",
        "S4 item 4",
        _both("2023-01-16", note=_SAME_DAY),
    ),
    DatedRule(
        "othgovt-allowed",
        "foreignTIDType and replacingForeignTIDType accept OTHGOVT, a sub-national "
        "government identifier used when no other foreign identifier applies",
        "S1 T2 (2.0 r8); S4",
        _OTHGOVT,
    ),
    DatedRule(
        "update-notification-checks",
        "22503 (updateNotification on a never-accepted Customer) and 22525 (open material "
        "inconsistency without updateNotification) are raised; both were also switched off "
        "temporarily in January 2023 (S5) with no public re-enable date, which is not "
        "modelled; rejections raised before retirement still need repair",
        "S1 T28; S5",
        _both(end="2024-02-26",
              note="retired in Production 2024-02-26 (S5); no Industry Test date is public, "
                   "so the same date is used there"),
    ),
    DatedRule(
        "material-inconsistency-scan",
        "CAIS compares Customer attributes across submissions and raises material "
        "inconsistencies (30002-30004, 4000x); nightly inconsistency feedback was switched "
        "off in November 2022 (S21) and the scan again from 2023-01-16 in Test and "
        "2023-01-23 in Production (S5), with no public re-enable date, so the rule is "
        "modelled as always in force",
        "S1 §6.4.1; S5; S21",
        Effective(note="disablements have no public end date and are not modelled"),
    ),
    DatedRule(
        "correspondent-equals-reporter-allowed",
        "correspondentCRD may equal catReporterCRD, meaning the firm reports for itself; "
        "before, equal values were rejected",
        "S1 T2 (2.2.0 r1); S1 §2.1.1",
        _both("2024-12-17",
              note="no rollout date is public; the 2.2.0 r1 publication date is used for "
                   "both environments"),
    ),
    DatedRule(
        "fdid-refresh-report",
        "CAIS publishes the monthly FDID Refresh Report of active FDIDs due for refresh; "
        "compliance with the refresh duty itself is postponed, but reports are still "
        "produced and may show OVERDUE",
        "S1 §3.8, §3.8.1; S26",
        _both("2025-04-03",
              note="first report 2025-04-03 (S26); no separate Industry Test date is public, "
                   "so the same date is used there"),
    ),
    DatedRule(
        "name-length-200",
        "firstName and middleName may hold up to 200 characters (formerly 40 and 20)",
        "S1 T8",
        Effective(note="the release day is set by the Release Rollout page, which our material "
                       "lacks; the 2.2.0 r4 limits are applied on every day"),
    ),
    DatedRule(
        "ein-hash-check-22544",
        "22544 rejects a Legal Entity whose ein does not hash to its EIN tidValue; once in "
        "force, no new 30003/40003 EIN inconsistencies arise and updateNotification may be "
        "used for EIN changes",
        "S1 T28; S1 §6.6.4",
        _never("the release day is set by the Release Rollout page, which our material lacks; "
               "off by default so replays show the documented pre-release EIN behaviour; "
               "switch on with SpecPack.with_effective"),
    ),
)

FULL_CAIS_2_2_0_R4 = SpecPack(
    name="2.2.0r4",
    revision=parse_revision("2.2.0r4"),
    schema_version="2.0.0",
    published=published_on("2.2.0r4"),
    title="CAT Reporting Customer & Account Technical Specifications for Industry Members "
          "2.2.0 r4 (Full CAIS)",
    source="S1",
    availability=_split(
        ("2022-01-30", None), ("2022-04-26", None),
        note="approximate: Full CAIS reached Industry Test about 2022-01-30 and Production "
             "and Production Mirror about 2022-04-26; no end while 2.0.0 is current",
    ),
    rules={rule.key: rule for rule in _FULL_CAIS_RULES},
    value_windows={
        ("foreignTIDType", "OTHGOVT"): _OTHGOVT,
        ("replacingForeignTIDType", "OTHGOVT"): _OTHGOVT,
    },
)

LTID_1_2 = SpecPack(
    name="1.2",
    revision=parse_revision("1.2"),
    schema_version="1.0.0",
    published=published_on("1.2"),
    title="CAT Reporting Customer & Account Technical Specifications for Industry Members "
          "1.2 (LTID phase)",
    source="S22; S2; S23",
    availability=_split(
        ("2020-08-24", "2023-03-17"), ("2020-12-14", "2023-03-17"),
        note="opened in Industry Test 2020-08-24 and Production 2020-12-14 (S23); accepted "
             "alongside 2.0.0 through 2022 (S19); end chosen as 2023-03-17, the latest Full "
             "CAIS compliance date cited (S21), in every environment",
    ),
    choice_fields=frozenset({"fdidType", "fdidEndReason", "ltidEndReason", "correctionAction"}),
    excluded_values={
        ("fdidType", "ENTITYID"): "the LTID specification 1.1.1 spells it ENTITY (S1 T2); "
                                  "the 1.0.0 schema's own spelling is not verifiable",
    },
)

#: Every pack, newest revision first.
PACKS: tuple[SpecPack, ...] = (FULL_CAIS_2_2_0_R4, LTID_1_2)
LATEST = FULL_CAIS_2_2_0_R4


def get_pack(name: str) -> SpecPack:
    """The pack for revision ``name`` (e.g. "2.2.0r4"; "2.2.0 r4" is read the same way)."""
    wanted = parse_revision(name)
    for pack in PACKS:
        if pack.revision == wanted:
            return pack
    raise InvalidArgument(f"no spec pack {name!r}; known: {', '.join(p.name for p in PACKS)}")


def pack_for(env: Environment, day: dt.date, schema_version: str | None = None) -> SpecPack:
    """The pack a file submitted to ``env`` on ``day`` is judged by.

    Without ``schema_version``, the newest pack whose schema CAIS accepted that day (in
    transition periods both were accepted; the newer contract is the default). With it, the
    pack for that schema, so a 1.0.0 file sent during the transition is judged by 1.0.0.
    """
    if schema_version is not None and schema_version not in SCHEMA_VERSIONS:
        raise InvalidArgument(
            f"unknown schema version {schema_version!r}; known: {', '.join(SCHEMA_VERSIONS)}"
        )
    candidates = [p for p in PACKS
                  if p.accepts_schema(env, day)
                  and (schema_version is None or p.schema_version == schema_version)]
    if not candidates:
        which = f"schema {schema_version}" if schema_version else "any CAIS schema"
        open_dates = "; ".join(
            f"{p.schema_version}: {p.availability.window(env)}" for p in PACKS
            if schema_version is None or p.schema_version == schema_version
        )
        raise InvalidArgument(
            f"{env.value} did not accept {which} on {day.isoformat()} (accepted: {open_dates})"
        )
    return max(candidates, key=lambda p: p.revision)


__all__ = [
    "FULL_CAIS_2_2_0_R4",
    "LATEST",
    "LTID_1_2",
    "PACKS",
    "SCHEMA_VERSIONS",
    "DatedRule",
    "Revision",
    "SpecPack",
    "get_pack",
    "pack_for",
    "parse_revision",
]
