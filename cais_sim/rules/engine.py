"""Runs the rules in force over one record and its nested sub-records.

FDID Records nest Large Trader, Address, association and Authorized Trader Name entries;
Customer Records nest Address entries. Each nested entry is checked by the rules of its
own kind with ``ctx.parent`` set to the enclosing record, and its findings are labelled
with the entry's identifiers so the rejection item can name them [S1 T20].
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cais_sim.rules.fieldrules import field_validator, is_field_rule
from cais_sim.rules.model import Finding, JsonObject, RecordContext, Rule
from cais_sim.rules.registry import rules_in_force
from cais_sim.rules.wellformed import forget, remember_findings
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import SpecPack

#: Nested lists of each record kind, with the kind of their entries.
NESTED: dict[RecordKind, tuple[tuple[str, RecordKind], ...]] = {
    RecordKind.FDID: (
        ("largeTraderList", RecordKind.LARGE_TRADER),
        ("addressList", RecordKind.FDID_ADDRESS),
        ("fdidCustomerList", RecordKind.ASSOCIATION),
        ("authTraderNamesList", RecordKind.AUTH_TRADER_NAME),
    ),
    RecordKind.NATURAL_PERSON: (("addressList", RecordKind.CUSTOMER_ADDRESS),),
    RecordKind.LEGAL_ENTITY: (("addressList", RecordKind.CUSTOMER_ADDRESS),),
}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _label(finding: Finding, kind: RecordKind, entry: JsonObject) -> Finding:
    """The finding with the nested entry's identifier attached."""
    match kind:
        case RecordKind.LARGE_TRADER:
            return _with(finding, large_trader_record_id=_int(entry.get("largeTraderRecordID")))
        case RecordKind.FDID_ADDRESS | RecordKind.CUSTOMER_ADDRESS:
            addr = entry.get("addrType")
            return _with(finding, addr_type=addr if isinstance(addr, str) else None)
        case RecordKind.AUTH_TRADER_NAME:
            return _with(finding, auth_trader_name_id=_int(entry.get("authTraderNameID")))
        case RecordKind.ASSOCIATION:
            return _with(finding, customer_record_id=_int(entry.get("customerRecordID")))
    return finding


def _with(finding: Finding, **ids: Any) -> Finding:
    return Finding(finding.code, finding.message, finding.field,
                   ids.get("large_trader_record_id", finding.large_trader_record_id),
                   ids.get("addr_type", finding.addr_type),
                   ids.get("auth_trader_name_id", finding.auth_trader_name_id),
                   ids.get("customer_record_id", finding.customer_record_id))


class Engine:
    """The rules in force for one environment, day and schema version, ready to run."""

    def __init__(self, pack: SpecPack, env: Environment, day: dt.date,
                 schema_version: str = "2.0.0") -> None:
        self._rules: dict[RecordKind, tuple[Rule, ...]] = {
            kind: rules_in_force(kind, pack, env, day, schema_version) for kind in RecordKind
        }
        static = RecordContext(env=env, day=day, pack=pack)
        # Field rules run through one prepared validator per kind; the rest one by one.
        self._fields = {kind: field_validator(kind, rules, static, schema_version)
                        for kind, rules in self._rules.items()}
        self._checks = {kind: tuple(r.check for r in rules
                                    if r.check is not None and not is_field_rule(r))
                        for kind, rules in self._rules.items()}

    def rules(self, kind: RecordKind) -> tuple[Rule, ...]:
        """The rules in force for one record kind."""
        return self._rules[kind]

    def check(self, kind: RecordKind, record: JsonObject, ctx: RecordContext) -> list[Finding]:
        """Every finding on ``record`` (of ``kind``) and its nested entries.

        Field rules run first, on the record and on every nested entry, so the cross-field
        rules that follow know which values are well-formed (:mod:`.wellformed`). Findings
        come out record first, then nested entries in list order.
        """
        forget()
        findings = self._fields[kind](record)
        remember_findings(record, findings)
        nested = []
        for key, sub_kind in NESTED.get(kind, ()):
            entries = record.get(key)
            if not isinstance(entries, list):
                continue
            validator = self._fields[sub_kind]
            for entry in entries:
                if isinstance(entry, dict):
                    found = validator(entry)
                    remember_findings(entry, found)
                    nested.append((sub_kind, entry, found))
        for check in self._checks[kind]:
            findings.extend(check(record, ctx))
        if not nested:
            return findings
        saved = ctx.parent
        ctx.parent = record
        try:
            for sub_kind, entry, found in nested:
                for check in self._checks[sub_kind]:
                    found.extend(check(entry, ctx))
                findings.extend(_label(f, sub_kind, entry) for f in found)
        finally:
            ctx.parent = saved
        return findings
