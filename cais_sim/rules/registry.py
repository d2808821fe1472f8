"""The registry of validation rules.

Rules register themselves with :func:`rule` when their module is imported; the registry
answers which rules apply to a record kind on a given day in a given environment, and which
codes have a check at all (the coverage table of ``docs/rules.md`` is built from it).

A rule is in force when its code is live in the catalog for that environment and day
(:meth:`cais_sim.spec.codes.Code.in_force`), its spec pack's dated switch (if any) is on,
and the file's schema version is one it applies to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import cache

from cais_sim.rules.model import Check, Finding, JsonObject, RecordContext, Rule
from cais_sim.spec.codes import catalog
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import SpecPack

_RULES: dict[str, Rule] = {}


def register(entry: Rule) -> Rule:
    """Add a rule; names are unique and codes must be catalogued."""
    if entry.name in _RULES:
        raise ValueError(f"a rule named {entry.name!r} is already registered")
    catalog()[entry.code]  # a KeyError here means the code is not catalogued
    _RULES[entry.name] = entry
    return entry


def rule(code: int, record: RecordKind | None, *, source: str, name: str | None = None,
         pack_rule: str | None = None,
         schema_versions: tuple[str, ...] = ("2.0.0",)) -> Callable[[Check], Check]:
    """Decorator that registers a check; its docstring's first line is the rule's summary."""

    def decorate(check: Check) -> Check:
        doc = (check.__doc__ or "").strip().splitlines()
        register(Rule(name=name or check.__name__, code=code, record=record, source=source,
                      summary=doc[0] if doc else "", check=check, pack_rule=pack_rule,
                      schema_versions=schema_versions))
        return check

    return decorate


def cross_record(code: int, *, source: str, name: str, summary: str,
                 pack_rule: str | None = None) -> Rule:
    """Register a check the intake pipeline runs over the whole file pair."""
    return register(Rule(name=name, code=code, record=None, source=source, summary=summary,
                         check=None, pack_rule=pack_rule))


def _load_rule_modules() -> None:
    # Importing the modules registers their rules.
    from cais_sim.rules import (  # noqa: F401, PLC0415
        corrections,
        crossrecord,
        customer,
        fdid,
        fieldrules,
        inconsistencies,
        integrity,
        tids,
    )


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, by code then name."""
    _load_rule_modules()
    return tuple(sorted(_RULES.values(), key=lambda r: (r.code, r.name)))


def implemented_codes() -> frozenset[int]:
    """Codes with at least one registered check."""
    return frozenset(r.code for r in all_rules())


#: Full CAIS record rules that held in the LTID phase too: they concern only fields the
#: LTID-phase FDID and Large Trader Records carry (end dates and reasons, replacement,
#: transfer fields, Large Trader links) [S1 T2; digest b.2, j.1].
LTID_PHASE_RULES = frozenset({
    "fdid_end_date_missing", "fdid_end_before_start", "fdid_end_reason_missing",
    "replaced_by_fdid_missing", "replaced_by_itself", "prior_reporter_crd_missing",
    "prior_reporter_fdid_missing", "large_trader_id_repeated",
    "large_trader_record_id_repeated", "ltid_end_date_missing", "ltid_end_reason_missing",
    "ltid_end_not_after_start",
})


@cache
def _for_kind(record: RecordKind, schema_version: str) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules()
                 if r.record is record and (
                     schema_version in r.schema_versions
                     or (schema_version == "1.0.0" and r.name in LTID_PHASE_RULES)))


def rules_in_force(record: RecordKind, pack: SpecPack, env: Environment, day: dt.date,
                   schema_version: str = "2.0.0") -> tuple[Rule, ...]:
    """The rules that check ``record`` kinds on ``day`` in ``env``."""
    codes = catalog()
    return tuple(
        r for r in _for_kind(record, schema_version)
        if codes[r.code].in_force(env, day)
        and (r.pack_rule is None
             or (r.pack_rule in pack.rules and pack.rule_in_force(r.pack_rule, env, day)))
    )


def cross_record_in_force(code: int, ctx: RecordContext) -> bool:
    """Whether the cross-record check for ``code`` applies in the context's env and day."""
    if not catalog()[code].in_force(ctx.env, ctx.day):
        return False
    return all(ctx.in_force(g) for g in _cross_record_gates(code))


@cache
def _cross_record_gates(code: int) -> tuple[str, ...]:
    """The pack rules that switch the cross-record checks of ``code`` (asked per record)."""
    return tuple(r.pack_rule for r in all_rules()
                 if r.record is None and r.code == code and r.pack_rule is not None)


def run(rules: tuple[Rule, ...], record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """Every finding of ``rules`` on one record."""
    for entry in rules:
        if entry.check is not None:
            yield from entry.check(record, ctx)
