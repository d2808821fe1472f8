"""Single-field violations: a valid record with exactly one field broken.

A violation carries the code the field-rule table (:mod:`cais_sim.spec.fields`) gives that
field, so a test of a validator, a repair workflow or a firm's own pre-submission checks can
assert the exact code CAIS returns. How a field is broken follows its data type
(``FieldType.base``), and every value used is one the field's own check refuses, so a
validator that accepts it is wrong about the data type, not about some other rule.

Conditional and optional fields are broken in a record that already carries them (an
``all_fields``-style record, or for correction records one that points at the matching
kind of record). Adding a bad ``fdidEndReason`` to an FDID that never ended would break a
second, cross-field rule, and the violation would no longer name a single code.
Conditional and optional fields are never broken by removal: leaving them out is valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, Literal

from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.spec.datatypes import MAX_UNSIGNED
from cais_sim.spec.enums import Role
from cais_sim.spec.fields import FieldRule, FieldType, Presence, RecordKind, rule, rules_for
from cais_sim.spec.records import Record
from cais_sim.strategies._internal import records as rs
from cais_sim.strategies._internal.values import (
    ALNUM_ALPHABET,
    EXTENDED_ALPHABET,
    TEXT_ALPHABET,
    addresses,
)


class Missing(Enum):
    """Type of :data:`MISSING`; an enum so that type checkers know it is a singleton."""

    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


#: :attr:`FieldViolation.value` of a field that was removed rather than given a bad value.
MISSING: Final = Missing.MISSING

#: How a field was broken.
ViolationKind = Literal[
    "missing",        # a Required field left out
    "wrong-type",     # a JSON type the field never takes (string for number, ...)
    "too-long",       # longer than the type's maximum length
    "too-short",      # shorter than the type allows (empty, or short of a fixed length)
    "bad-character",  # a character outside the type's alphabet
    "bad-format",     # the right type and characters, but not the required shape
    "not-a-choice",   # a string outside the field's choice list
    "out-of-range",   # a number outside the type's range
    "empty",          # an array without items
    "bad-item",       # an array with one item that breaks the item type
]

Break = tuple[ViolationKind, object]


@dataclass(frozen=True)
class FieldViolation:
    """One record (``wire``, as decoded JSON) whose field ``field`` is broken.

    ``code`` is the field's code from the field-rule table: the code for a missing Required
    field, and for a malformed value of any field. A few fields share their code with others
    of the record (``authTraderNamesList`` and ``largeTraderList`` use the FDID data-type
    code 22034); the table is the single authority on that. Where a ``wrong-type`` value
    makes the record unreadable as a whole, CAIS may answer with the record's data-type
    code instead (:data:`cais_sim.spec.fields.DATA_TYPE_CODES`); deciding that is the
    validator's business, so ``code`` stays the field's own. ``value`` is the bad value now
    in ``wire``, or :data:`MISSING` when the field was removed.
    """

    record: RecordKind
    field: str
    code: int
    kind: ViolationKind
    value: object
    wire: dict[str, Any]

    @property
    def rule(self) -> FieldRule:
        """The field-rule table row of the broken field."""
        return rule(self.record, self.field)


# --- Valid records to break -----------------------------------------------------------------

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

# Records that carry every conditional and optional field of their kind that can coexist.
_COMPLETE: dict[RecordKind, Callable[[], st.SearchStrategy[Record]]] = {
    RecordKind.FDID: lambda: rs.fdid_records(all_fields=True),
    RecordKind.LARGE_TRADER: lambda: rs.large_traders(ended=True),
    RecordKind.FDID_ADDRESS: lambda: addresses(complete=True, lines=4),
    RecordKind.CUSTOMER_ADDRESS: lambda: addresses(complete=True, lines=4),
    RecordKind.ASSOCIATION: lambda: rs.fdid_customers(roles=(Role.AUTH3RD, Role.AUTHREP),
                                                      ended=True),
    RecordKind.AUTH_TRADER_NAME: rs.auth_trader_names,
    RecordKind.NATURAL_PERSON: lambda: rs.natural_person_customers(all_fields=True),
    RecordKind.LEGAL_ENTITY: lambda: rs.legal_entity_customers(all_fields=True),
    # Both correcting fields never coexist; _carrier picks the one being broken.
    RecordKind.CORRECTION: rs.correction_actions,
    # A foreign, non-LEI TID replaced by another one carries all nine fields.
    RecordKind.TID: rs.complete_tid_records,
}


def _wire(strategy: st.SearchStrategy[Record]) -> st.SearchStrategy[dict[str, Any]]:
    return strategy.map(lambda r: r.to_wire())


def valid_wire_records(record: RecordKind, *, complete: bool = False
                       ) -> st.SearchStrategy[dict[str, Any]]:
    """Valid records of one kind as the JSON objects a file carries.

    ``complete`` draws records that carry every optional and conditional field that can
    coexist in one record.
    """
    if not isinstance(record, RecordKind):
        raise InvalidArgument(f"record must be a RecordKind, not {type(record).__name__}")
    return _wire((_COMPLETE if complete else _VALID)[record]())


def _carrier(target: FieldRule) -> st.SearchStrategy[dict[str, Any]]:
    if target.presence is Presence.REQUIRED:
        return _wire(_VALID[target.record]())
    if target.record is RecordKind.CORRECTION:
        points_at: rs.CorrectionTarget = (
            "fdid" if target.name == "correctingFirmDesignatedID" else "customer")
        return _wire(rs.correction_actions(target=points_at))
    return _wire(_COMPLETE[target.record]())


# --- Bad values, by data type ---------------------------------------------------------------


def _fixed(*values: Break) -> st.SearchStrategy[Break]:
    return st.sampled_from(values)


def _tagged(kind: ViolationKind, values: st.SearchStrategy[object]) -> st.SearchStrategy[Break]:
    return values.map(lambda v: (kind, v))


def _chars(*, min_codepoint: int = 0, max_codepoint: int | None = None
           ) -> st.SearchStrategy[str]:
    # Surrogates are excluded: they cannot be encoded as UTF-8, so no file could carry them.
    return st.characters(min_codepoint=min_codepoint, max_codepoint=max_codepoint,
                         exclude_categories=["Cs"])


_CONTROL = st.sampled_from([chr(c) for c in range(32)])


def _with_char(alphabet: str, max_length: int, bad: st.SearchStrategy[str]
               ) -> st.SearchStrategy[Break]:
    """An otherwise valid value with one bad character, short enough not to be too long."""
    side = max(0, (max_length - 1) // 2)
    return _tagged("bad-character", st.builds(
        "{}{}{}".format, st.text(alphabet, max_size=side), bad, st.text(alphabet, max_size=side)))


def _too_long(alphabet: str, max_length: int) -> st.SearchStrategy[Break]:
    return _tagged("too-long", st.text(alphabet, min_size=max_length + 1,
                                       max_size=max_length + 8))


def _text_breaks(n: int) -> st.SearchStrategy[Break]:
    bad = st.one_of(st.sampled_from(',|"@'), _CONTROL, st.just(chr(127)),
                    _chars(min_codepoint=128))
    return st.one_of(_too_long(TEXT_ALPHABET, n), _with_char(TEXT_ALPHABET, n, bad),
                     _fixed(("too-short", ""), ("wrong-type", 7)))


def _extended_text_breaks(n: int) -> st.SearchStrategy[Break]:
    bad = st.one_of(_chars(min_codepoint=127, max_codepoint=159), _chars(min_codepoint=256),
                    _CONTROL)
    return st.one_of(_too_long(EXTENDED_ALPHABET, n), _with_char(EXTENDED_ALPHABET, n, bad),
                     _fixed(("too-short", ""), ("wrong-type", 7)))


def _alphanumeric_breaks(ftype: FieldType) -> st.SearchStrategy[Break]:
    n = ftype.max_length or 1
    bad = _chars(max_codepoint=0x2FF).filter(lambda c: c not in ALNUM_ALPHABET)
    options = [_too_long(ALNUM_ALPHABET, n), _with_char(ALNUM_ALPHABET, n, bad),
               _fixed(("too-short", ""), ("wrong-type", 12))]
    # The table does not say whether the length is fixed; the check itself does.
    if n > 1 and ftype.check("A" * (n - 1)) is not None:
        options.append(_tagged("too-short", st.text(ALNUM_ALPHABET, min_size=1,
                                                    max_size=n - 1)))
    return st.one_of(options)


_HEX = "0123456789abcdefABCDEF"


@st.composite
def _hex_breaks(draw: st.DrawFn, n: int, current: object) -> Break:
    base = current if isinstance(current, str) and len(current) == n else draw(
        st.text(_HEX, min_size=n, max_size=n))
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return "too-short", base[:-1]
    if choice == 1:
        return "too-long", base + draw(st.sampled_from(_HEX))
    if choice == 2:
        at = draw(st.integers(0, n - 1))
        bad = draw(_chars(max_codepoint=0x2FF).filter(lambda c: c not in _HEX))
        return "bad-character", base[:at] + bad + base[at + 1:]
    return "wrong-type", int(base[:15], 16)


def _lower_case(values: Sequence[str], current: object) -> st.SearchStrategy[Break]:
    # Choice values are compared exactly [S1 T3], so the lower-case spelling of a valid
    # value is the most plausible way to miss the list.
    source = st.just(current) if isinstance(current, str) and current in values else (
        st.sampled_from(values))
    return _tagged("not-a-choice", source.map(str.lower).filter(lambda v: v not in values))


def _array_breaks(ftype: FieldType, current: object) -> st.SearchStrategy[Break]:
    assert ftype.item is not None
    item = ftype.item
    items = list(current) if isinstance(current, list) else []

    @st.composite
    def with_bad_item(draw: st.DrawFn) -> Break:
        at = draw(st.integers(0, len(items)))
        near = items[at] if at < len(items) else (items[0] if items else None)
        _, bad = draw(breaks_for(item, near))
        return "bad-item", [*items[:at], bad, *items[at:]]

    # A lone item where an array belongs is the mistake a flat CSV-to-JSON mapping makes.
    lone = items[0] if items else (item.choices[0] if item.choices else 1)
    return st.one_of(_fixed(("wrong-type", lone), ("empty", [])), with_bad_item())


def _records_breaks(current: object) -> st.SearchStrategy[Break]:
    items = list(current) if isinstance(current, list) else []

    @st.composite
    def with_bad_item(draw: st.DrawFn) -> Break:
        at = draw(st.integers(0, len(items)))
        bad: object = draw(st.sampled_from([1, "record", None, [], True]))
        return "bad-item", [*items[:at], bad, *items[at:]]

    lone = items[0] if items else {}
    return st.one_of(_fixed(("wrong-type", lone), ("wrong-type", "[]")), with_bad_item())


def breaks_for(ftype: FieldType, current: object = None) -> st.SearchStrategy[Break]:
    """Ways to break a value of ``ftype``, as ``(kind, bad value)``.

    ``current`` is the valid value being replaced, where there is one: a lower-case variant
    of the value itself, or the same list with one bad item added, is the kind of mistake
    real feeds make. Every value drawn fails ``ftype.check``.
    """
    n = ftype.max_length
    match ftype.base:
        case "unsigned":
            return st.one_of(
                _fixed(("out-of-range", -1), ("out-of-range", MAX_UNSIGNED + 1),
                       ("wrong-type", 1.5), ("wrong-type", "12"), ("wrong-type", True)),
                # Bounded so that 64-bit JSON encoders can still write the file.
                _tagged("out-of-range", st.integers(-(2**63), -1)),
                _tagged("out-of-range", st.integers(MAX_UNSIGNED + 1, 2**64 - 1)))
        case "boolean":
            return _fixed(("wrong-type", "true"), ("wrong-type", 1), ("wrong-type", "false"),
                          ("wrong-type", 0))
        case "text":
            return _text_breaks(n or 1)
        case "extended_text":
            return _extended_text_breaks(n or 1)
        case "alphanumeric":
            return _alphanumeric_breaks(ftype)
        case "date":
            return _fixed(("bad-format", 20230230), ("bad-format", 2023011),
                          ("wrong-type", "20230101"), ("bad-format", 99999999),
                          ("bad-format", 20231301), ("wrong-type", 20230101.0))
        case "year":
            return _fixed(("bad-format", 123), ("wrong-type", "1980"), ("bad-format", 10000),
                          ("wrong-type", 1980.0))
        case "hex":
            return _hex_breaks(n or 64, current)
        case "choice":
            return st.one_of(_fixed(("not-a-choice", "NOT_A_VALUE"), ("wrong-type", 3)),
                             _lower_case(ftype.choices, current))
        case "country":
            lower = current.lower() if isinstance(current, str) and current.isupper() else "gb"
            return _fixed(("bad-format", "usa"), ("bad-format", "U1"), ("bad-format", lower),
                          ("wrong-type", 840))
        case "fdid":
            return st.one_of(
                _fixed(("bad-format", "PENDING"), ("bad-format", "pending"),
                       ("bad-format", " Pending "), ("bad-format", "   "),
                       ("too-short", ""), ("wrong-type", 5)),
                _too_long(TEXT_ALPHABET, n or 40),
                _with_char(TEXT_ALPHABET, n or 40, st.sampled_from(',|"@\n\t')))
        case "ltid":
            return _fixed(("bad-format", "1234567-1234"), ("bad-format", "ULT0001-0001"),
                          ("bad-format", "ULTabcde-0001"), ("bad-format", "12345678-12345"),
                          ("wrong-type", 12345678))
        case "ein":
            return _fixed(("bad-format", "123456789"), ("bad-format", "12-345678"),
                          ("bad-format", "123-45-6789"), ("wrong-type", 123456789))
        case "lei":
            upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            return st.one_of(
                _tagged("too-short", st.text(upper, min_size=19, max_size=19)),
                _tagged("too-long", st.text(upper, min_size=21, max_size=21)),
                _tagged("bad-character", st.builds(
                    "{}{}{}".format, st.text(upper, min_size=10, max_size=10),
                    st.sampled_from("-_ ./é"), st.text(upper, min_size=9, max_size=9))),
                _fixed(("wrong-type", 1)))
        case "array":
            return _array_breaks(ftype, current)
        case "records":
            return _records_breaks(current)
    raise InvalidArgument(f"no way to break a {ftype.base} value is known")


# --- The public strategy --------------------------------------------------------------------


@st.composite
def _violation(draw: st.DrawFn, target: FieldRule) -> FieldViolation:
    wire = draw(_carrier(target))
    ways = [breaks_for(target.type, wire.get(target.name))]
    if target.presence is Presence.REQUIRED:
        ways.append(_fixed(("missing", MISSING)))
    kind, value = draw(st.one_of(ways))
    if value is MISSING:
        wire.pop(target.name, None)
    else:
        wire[target.name] = value
    return FieldViolation(target.record, target.name, target.code, kind, value, wire)


def field_violations(record: RecordKind | None = None, *,
                     field: str | None = None) -> st.SearchStrategy[FieldViolation]:
    """Valid records of kind ``record`` (any kind by default) with one field broken.

    ``field`` (a wire name such as ``"firmDesignatedID"``) picks the field; by default any
    field of the kind. Without ``record`` it may name a field several kinds share, such as
    ``customerRecordID``. Required fields are also broken by leaving them out.
    """
    if record is not None and not isinstance(record, RecordKind):
        raise InvalidArgument(f"record must be a RecordKind, not {type(record).__name__}")
    kinds = [record] if record is not None else list(RecordKind)
    targets = [r for k in kinds for r in rules_for(k) if field is None or r.name == field]
    if not targets:
        raise InvalidArgument(
            f"no field {field!r} in {', '.join(k.value for k in kinds)} records")
    return st.sampled_from(targets).flatmap(_violation)


__all__ = [
    "MISSING",
    "Break",
    "FieldViolation",
    "Missing",
    "ViolationKind",
    "breaks_for",
    "field_violations",
    "valid_wire_records",
]
