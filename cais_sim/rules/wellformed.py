"""Which fields of a record are well-formed, as the field rules already decided.

Cross-field rules act only on values of the right data type (a malformed value is the field
rule's business, and must not draw a second, different code). Many rules ask about the same
fields, so the engine records, for each record it is checking, the fields its field rules
found at fault; :func:`well_formed` answers from that record instead of checking the value
again. Records the engine did not register (rare: a rule looking at another record) are
checked directly, with a memo of verdicts on repeated values.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cais_sim.rules.model import Finding, JsonObject
from cais_sim.spec.fields import FieldRule, RecordKind
from cais_sim.spec.fields import rule as field_rule

#: id(record) -> (record, names of malformed fields), for the records of the current check.
_KNOWN: dict[int, tuple[JsonObject, frozenset[str]]] = {}
_VALUE_VERDICTS: dict[tuple[RecordKind, str, Any], bool] = {}
_VALUE_LIMIT = 16_384


_NONE_MALFORMED: frozenset[str] = frozenset()


def remember_findings(record: JsonObject, findings: list[Finding]) -> None:
    """Register the fields the field rules found at fault on ``record``.

    Nearly every record has none, so that case allocates nothing.
    """
    _KNOWN[id(record)] = (record, frozenset(f.field for f in findings if f.field is not None)
                          if findings else _NONE_MALFORMED)


def forget() -> None:
    """Drop every registered verdict (the engine calls this before each top-level record)."""
    _KNOWN.clear()


@cache
def _row(kind: RecordKind, name: str) -> FieldRule:
    return field_rule(kind, name)


def _key(value: Any) -> Any:
    if isinstance(value, str | int):
        return (value.__class__, value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return (list, tuple(value))
    return None


def well_formed(kind: RecordKind, record: JsonObject, name: str) -> Any:
    """The value of ``name`` when present and of its data type, else None."""
    known = _KNOWN.get(id(record))
    if known is not None and known[0] is record:
        return None if name in known[1] else record.get(name)
    value = record.get(name)
    if value is None:
        return None
    key = _key(value)
    if key is None:
        return value if _row(kind, name).check(value) is None else None
    verdict = _VALUE_VERDICTS.get((kind, name, key))
    if verdict is None:
        verdict = _row(kind, name).check(value) is None
        if len(_VALUE_VERDICTS) < _VALUE_LIMIT:
            _VALUE_VERDICTS[(kind, name, key)] = verdict
    return value if verdict else None
