"""Single-field violations: a valid record with exactly one field broken.

Each violation carries the code CAIS gives that field when it is missing or malformed,
taken from the field-rule table (:mod:`cais_sim.spec.fields`), so tests of a validator,
a repair workflow or a firm's own pre-submission checks can assert the exact code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from cais_sim.spec.fields import FieldRule, FieldType, Presence, RecordKind, rules_for
from cais_sim.spec.records import Record
from cais_sim.strategies._internal import records as rs
from cais_sim.strategies._internal.values import addresses


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: The value of :attr:`FieldViolation.value` when the field was removed.
MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldViolation:
    """A raw record (``wire``) whose field ``field`` is broken in the way ``kind`` says."""

    record: RecordKind
    field: str
    code: int
    kind: str
    value: object
    wire: dict[str, Any]


_VALID: dict[RecordKind, Callable[[], st.SearchStrategy[Record]]] = {
    RecordKind.FDID: rs.fdid_records,
    RecordKind.LARGE_TRADER: rs.large_traders,
    RecordKind.FDID_ADDRESS: addresses,
    RecordKind.CUSTOMER_ADDRESS: addresses,
    RecordKind.ASSOCIATION: rs.fdid_customers,
    RecordKind.AUTH_TRADER_NAME: rs.auth_trader_names,
    RecordKind.NATURAL_PERSON: rs.natural_person_customers,
    RecordKind.LEGAL_ENTITY: rs.legal_entity_customers,
    RecordKind.CORRECTION: rs.correction_actions,
    RecordKind.TID: rs.tid_records,
}


def valid_wire_records(record: RecordKind) -> st.SearchStrategy[dict[str, Any]]:
    """Valid records of one kind, as the JSON objects a file carries."""
    return _VALID[record]().map(lambda r: r.to_wire())


def _bad_values(ftype: FieldType) -> list[tuple[str, object]]:
    """Values that break ``ftype``, each with the kind of break it is."""
    n = ftype.max_length or 10
    base = ftype.base
    common: list[tuple[str, object]] = [("wrong-type", {"nested": True})]
    if base == "unsigned":
        return [("out-of-range", -1), ("out-of-range", 2**63), ("wrong-type", 1.5),
                ("wrong-type", "12"), ("wrong-type", True)]
    if base == "boolean":
        return [("wrong-type", "true"), ("wrong-type", 1)]
    if base == "text":
        return [("too-long", "x" * (n + 1)), *[("bad-character", f"a{c}b") for c in ',|"@'],
                ("bad-character", "a\x01"), ("bad-character", "caf\u00e9"), ("wrong-type", 7)]
    if base == "extended_text":
        return [("too-long", "x" * (n + 1)), ("bad-character", "a\x85"),
                ("bad-character", "a\u0394"), ("bad-character", "\x1f"), ("wrong-type", 7)]
    if base == "alphanumeric":
        return [("too-long", "A" * (n + 1)), ("bad-character", "A-1"), ("wrong-type", 12)]
    if base == "date":
        return [("bad-format", 20230230), ("bad-format", 2023011), ("wrong-type", "20230101"),
                ("bad-format", 99999999)]
    if base == "year":
        return [("bad-format", 123), ("wrong-type", "1980"), ("bad-format", 10000)]
    if base == "hex":
        return [("bad-format", "a" * (n - 1)), ("bad-character", "g" * n), ("wrong-type", 1)]
    if base in {"choice", "country"}:
        valid = ftype.choices[0] if ftype.choices else "US"
        return [("not-a-choice", "NOT_A_VALUE"), ("not-a-choice", valid.lower() + "x"),
                ("wrong-type", 3)]
    if base == "fdid":
        return [("bad-format", "PENDING"), ("bad-format", "pending"), ("bad-format", "   "),
                ("too-long", "F" * 41), ("bad-character", "A|B"), ("wrong-type", 5)]
    if base == "ltid":
        return [("bad-format", "1234567-1234"), ("bad-format", "ULT0001-0001"),
                ("bad-format", "ULTabcde-0001"), ("wrong-type", 12345678)]
    if base == "ein":
        return [("bad-format", "123456789"), ("bad-format", "12-345678"), ("wrong-type", 1)]
    if base == "lei":
        return [("bad-format", "A" * 19), ("bad-character", "A" * 19 + "-"), ("wrong-type", 1)]
    if base == "array" and ftype.item is not None:
        return [("wrong-type", "OPTION"), ("bad-format", []),
                *[("bad-item", [value]) for _, value in _bad_values(ftype.item)[:2]]]
    if base == "records":
        return [("wrong-type", {"a": 1}), ("bad-item", ["not an object"]), ("bad-item", [1])]
    return common


@st.composite
def _violation(draw: st.DrawFn, rule: FieldRule) -> FieldViolation:
    wire = dict(draw(valid_wire_records(rule.record)))
    options: list[tuple[str, object]] = [
        (kind, value) for kind, value in _bad_values(rule.type) if rule.check(value) is not None]
    if rule.presence is Presence.REQUIRED:
        options.append(("missing", MISSING))
    kind, value = draw(st.sampled_from(options))
    if value is MISSING:
        wire.pop(rule.name, None)
    else:
        wire[rule.name] = value
    return FieldViolation(rule.record, rule.name, rule.code, kind, value, wire)


def field_violations(record: RecordKind | None = None, *,
                     field: str | None = None) -> st.SearchStrategy[FieldViolation]:
    """Records of ``record`` kind (any kind when None) with one field broken (``field`` or
    any)."""
    kinds = [record] if record is not None else list(RecordKind)
    rules = [r for k in kinds for r in rules_for(k) if field is None or r.name == field]
    if not rules:
        raise ValueError(f"no field {field!r} in {', '.join(k.value for k in kinds)} records")
    return st.sampled_from(rules).flatmap(_violation)


__all__ = ["MISSING", "FieldViolation", "field_violations", "valid_wire_records"]
