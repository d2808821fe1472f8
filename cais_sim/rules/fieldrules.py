"""Checks generated from the field-rule table (:mod:`cais_sim.spec.fields`).

Every row of the table becomes one registered rule: a Required field that is absent (or
``null``, which CAIS treats alike [S1 §5.1.3 r17]) gets the field's code, and so does a
present value that breaks the field's data type [S1 T3, T28, T30, T31]. Choice values are
judged by the spec pack in force on the submission day, so a value introduced or retired
by a later revision is refused or accepted exactly when CAIS did (for example ``OTHGOVT``
before its go-live). Unknown keys get the record kind's unknown-field code.

Generating the rules from the table keeps one source of truth: the Hypothesis strategies
break fields using the same rows, so a generated violation always names the code these
checks return.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cais_sim.errors import InvalidArgument
from cais_sim.rules.model import Check, Finding, JsonObject, RecordContext, Rule
from cais_sim.rules.registry import register
from cais_sim.spec.fields import (
    DATA_TYPE_CODES,
    UNKNOWN_FIELD_CODES,
    FieldRule,
    FieldType,
    Presence,
    RecordKind,
    field_rules,
    field_rules_v1,
)

LTID_SCHEMA = "1.0.0"

#: Required keys whose absence is an error only while a dated rule of the pack is in force.
PRESENCE_GATES: dict[tuple[RecordKind, str], str] = {
    # At least one Customer address is mandatory from 2023-07-12 [S1 §5.1.3.2 r8].
    (RecordKind.NATURAL_PERSON, "addressList"): "customer-address-required",
    (RecordKind.LEGAL_ENTITY, "addressList"): "customer-address-required",
}

#: Wire field of the pack's choice history for fields whose list is shared or split.
_CHOICE_FIELD: dict[tuple[RecordKind, str], str] = {
    (RecordKind.NATURAL_PERSON, "customerType"): "naturalPersonCustomerType",
    (RecordKind.LEGAL_ENTITY, "customerType"): "legalEntityCustomerType",
}


def _choice_values(ftype: FieldType) -> FieldType | None:
    if ftype.base == "choice":
        return ftype
    if ftype.base == "array" and ftype.item is not None and ftype.item.base == "choice":
        return ftype.item
    return None


def _undated_value(row: FieldRule, value: Any, ctx: RecordContext) -> str | None:
    """A choice value the revision lists but the day does not allow, if any."""
    choice = _choice_values(row.type)
    if choice is None:
        return None
    wire_field = _CHOICE_FIELD.get((row.record, row.name), row.name)
    values = value if isinstance(value, list) else [value]
    for item in values:
        try:
            allowed = ctx.allowed(wire_field, item)
        except InvalidArgument:
            return None  # fields outside the pack's history are not dated
        if not allowed:
            return f"{item!r} is not accepted on {ctx.day.isoformat()} in {ctx.env.value}"
    return None


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "unsigned": (int,), "date": (int,), "year": (int,), "boolean": (bool,),
    "array": (list,), "records": (list,),
}


def wrong_json_type(ftype: FieldType, value: Any) -> bool:
    """Whether ``value`` has a JSON type the field never takes (string for number, ...)."""
    expected = _JSON_TYPES.get(ftype.base, (str,))
    if isinstance(value, bool) and bool not in expected:
        return True
    return not isinstance(value, expected)


def field_check(row: FieldRule) -> Check:
    """The check for one row of the table.

    In TID Records a value of the wrong JSON type is a data-type violation of the record
    (24916) rather than a bad value of the field [S1 T31]; the Data File side reports such
    values with the field's own code, as T28 lists a specific code for nearly every field.
    """
    gate = PRESENCE_GATES.get((row.record, row.name))
    required = row.presence is Presence.REQUIRED
    data_type_code = DATA_TYPE_CODES[row.record] if row.record is RecordKind.TID else None

    def check(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
        value = record.get(row.name)
        if value is None:
            if required and (gate is None or ctx.in_force(gate)):
                yield Finding(row.code, f"{row.name} is required", row.name)
            return
        if data_type_code is not None and wrong_json_type(row.type, value):
            return  # reported once, as the record's data-type violation (data_type_check)
        problem = row.type.check(value)
        if problem is None:
            problem = _undated_value(row, value, ctx)
        if problem is not None:
            yield Finding(row.code, f"{row.name} {problem}", row.name)

    check.__doc__ = f"{row.name}: {row.type.describe()}, {row.presence.name.lower()}."
    return check


def data_type_check(kind: RecordKind) -> Check:
    """The check that reports values of the wrong JSON type as the record's data-type code."""
    rows = field_rules()[kind]
    code = DATA_TYPE_CODES[kind]

    def check(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
        for row in rows:
            value = record.get(row.name)
            if value is not None and wrong_json_type(row.type, value):
                yield Finding(code, f"{row.name} has the wrong JSON type", row.name)

    return check


def _table(schema_version: str) -> dict[RecordKind, tuple[FieldRule, ...]]:
    return field_rules_v1() if schema_version == LTID_SCHEMA else field_rules()


def _prefix(schema_version: str) -> str:
    return "-v1" if schema_version == LTID_SCHEMA else ""


def _known_fields(kind: RecordKind, schema_version: str = "2.0.0") -> frozenset[str]:
    return frozenset(r.name for r in _table(schema_version).get(kind, ()))


def unknown_field_check(kind: RecordKind, schema_version: str = "2.0.0") -> Check:
    """The check that refuses keys the schema does not define for ``kind``."""
    known = _known_fields(kind, schema_version)
    code = UNKNOWN_FIELD_CODES[kind]

    def check(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
        for key in record:
            if key not in known:
                yield Finding(code, f"unknown field {key!r} for a {kind.value} record", key)

    return check


_MEMO_LIMIT = 4_096
_REPEATING = frozenset({"choice", "date", "year", "boolean", "country"})


def memo_key(value: Any) -> Any:
    """A hashable key for a JSON value, or None when it is not worth remembering."""
    if isinstance(value, str | int):  # bool is an int; the type keeps True apart from 1
        return (value.__class__, value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return (list, tuple(value))
    return None


class FieldValidator:
    """Every field rule of one record kind, prepared for one environment and day.

    It gives exactly the findings of the registered field rules, in one call per record
    instead of one generator per field. Values repeat heavily across a file (dates, codes,
    choice lists), so each field remembers the verdict for values it has seen.
    """

    def __init__(self, kind: RecordKind, rows: tuple[FieldRule, ...], *, ctx: RecordContext,
                 unknown_fields: bool, data_types: bool, schema_version: str = "2.0.0") -> None:
        self.kind = kind
        self.known = _known_fields(kind, schema_version)
        self.unknown_code = UNKNOWN_FIELD_CODES[kind] if unknown_fields else None
        self.data_type_code = DATA_TYPE_CODES[kind] if data_types else None
        self.tid = kind is RecordKind.TID
        self.ctx = ctx
        #: Per field: (name, row, required, memo, dated). Only values that repeat across
        #: records get a memo of verdicts (codes, dates, choices; names, street lines and
        #: identifiers would only fill memory); ``dated`` marks choice fields, the only ones
        #: whose values the day can refuse.
        self.plan: list[tuple[str, FieldRule, bool, dict[Any, str | None] | None, bool]] = [
            (row.name, row,
             row.presence is Presence.REQUIRED and (
                 (gate := PRESENCE_GATES.get((row.record, row.name))) is None
                 or ctx.in_force(gate)),
             {} if row.type.base in _REPEATING or (
                 row.type.item is not None and row.type.item.base in _REPEATING) else None,
             _choice_values(row.type) is not None)
            for row in rows]

    def _problem(self, row: FieldRule, value: Any, memo: dict[Any, str | None] | None,
                 dated: bool) -> str | None:
        if memo is None:
            problem = row.type.check(value)
            return problem if problem is not None or not dated else \
                _undated_value(row, value, self.ctx)
        key = memo_key(value)
        if key is not None and key in memo:
            return memo[key]
        problem = row.type.check(value)
        if problem is None and dated:
            problem = _undated_value(row, value, self.ctx)
        if key is not None and len(memo) < _MEMO_LIMIT:
            memo[key] = problem
        return problem

    def __call__(self, record: JsonObject) -> list[Finding]:
        """The field findings of one record, in table order."""
        findings: list[Finding] = []
        tid = self.tid
        for name, row, required, memo, dated in self.plan:
            value = record.get(name)
            if value is None:
                if required:
                    findings.append(Finding(row.code, f"{name} is required", name))
                continue
            if tid and wrong_json_type(row.type, value):
                if self.data_type_code is not None:
                    findings.append(Finding(self.data_type_code,
                                            f"{name} has the wrong JSON type", name))
                continue
            problem = self._problem(row, value, memo, dated)
            if problem is not None:
                findings.append(Finding(row.code, f"{name} {problem}", name))
        if self.unknown_code is not None:
            known = self.known
            for key in record:
                if key not in known:
                    findings.append(Finding(self.unknown_code, f"unknown field {key!r} for a "
                                                               f"{self.kind.value} record", key))
        return findings


def is_field_rule(entry: Rule) -> bool:
    """Whether a registered rule is one of those :class:`FieldValidator` runs."""
    return entry.name.startswith(("field:", "unknown-field:", "data-type:", "field-v1:",
                                  "unknown-field-v1:"))


def field_validator(kind: RecordKind, rules: tuple[Rule, ...], ctx: RecordContext,
                    schema_version: str = "2.0.0") -> FieldValidator:
    """The validator for the field rules among ``rules`` (those in force)."""
    names = {r.name for r in rules}
    tag = _prefix(schema_version)
    rows = tuple(row for row in _table(schema_version).get(kind, ())
                 if f"field{tag}:{kind.value}.{row.name}" in names)
    return FieldValidator(kind, rows, ctx=ctx,
                          unknown_fields=f"unknown-field{tag}:{kind.value}" in names,
                          data_types=f"data-type:{kind.value}" in names,
                          schema_version=schema_version)


def _register_all() -> None:
    for kind, rows in field_rules().items():
        for row in rows:
            register(Rule(
                name=f"field:{kind.value}.{row.name}", code=row.code, record=kind,
                source=row.source, summary=f"{row.name} present when required and of its "
                f"data type ({row.presence.name.lower()})",
                check=field_check(row), pack_rule=None))
        if kind is RecordKind.TID:
            register(Rule(
                name=f"data-type:{kind.value}", code=DATA_TYPE_CODES[kind], record=kind,
                source="S1 T31", summary="every value has the JSON type of its field",
                check=data_type_check(kind)))
        register(Rule(
            name=f"unknown-field:{kind.value}", code=UNKNOWN_FIELD_CODES[kind], record=kind,
            source="S1 T28, T30, T31", summary="no keys beyond the schema's fields",
            check=unknown_field_check(kind)))


def _register_ltid_phase() -> None:
    for kind, rows in field_rules_v1().items():
        for row in rows:
            register(Rule(
                name=f"field-v1:{kind.value}.{row.name}", code=row.code, record=kind,
                source=row.source, summary=f"{row.name} present when required and of its "
                f"data type, LTID phase ({row.presence.name.lower()})",
                check=field_check(row), schema_versions=(LTID_SCHEMA,)))
        register(Rule(
            name=f"unknown-field-v1:{kind.value}", code=UNKNOWN_FIELD_CODES[kind], record=kind,
            source="S2; S1 T28", summary="no keys beyond the LTID-phase schema's fields",
            check=unknown_field_check(kind, LTID_SCHEMA), schema_versions=(LTID_SCHEMA,)))


_register_all()
_register_ltid_phase()
