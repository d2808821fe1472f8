"""TID hashing: published vectors, normalisation, ranges, and no leak of clear text."""

from __future__ import annotations

import dataclasses
import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import IdentifierError
from cais_sim.spec.enums import TidType
from cais_sim.spec.tid import (
    SensitiveIdentifier,
    TidKind,
    _sha256_hex,
    is_tid_value,
    is_valid_ssn,
    known_invalid_tid,
    normalize_ein,
    normalize_foreign,
    normalize_ssn,
    normalize_tid,
    ssn_range_problem,
    tid_for_ein,
    tid_for_foreign,
    tid_for_itin,
    tid_for_ssn,
    tid_value,
)

# S1 §5.1 (digest h.1).
VECTORS = {
    "999-99-9999": "1438887c12c566c8f87325380e06517bfb2e46e4de7e07fc6f004ea5bb21945d",
    "111-11-1111": "4628ea314743d5ac373997763be3d39b86fc40c5d2015d2db345b0231e215b6c",
    "000-00-0000": "5fb0d784eb4b5277d787d9fef634cde3f1915fe4ae306d4a4c41db866565e7bd",
}
REPEATED = [f"{d * 3}-{d * 2}-{d * 4}" for d in "0123456789"]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- published vectors ----------------------------------------------------------------------


@pytest.mark.parametrize(("ssn", "expected"), VECTORS.items())
def test_published_vectors(ssn: str, expected: str) -> None:
    assert _sha256_hex(ssn) == expected
    assert tid_for_ssn(ssn) == expected
    assert tid_for_ssn(ssn.replace("-", "")) == expected
    assert tid_for_ssn(f"  {ssn}\n") == expected
    assert tid_value("ssn", ssn) == expected
    assert known_invalid_tid(expected)
    assert known_invalid_tid(expected.upper())


def test_all_nines_hashes_as_ssn_although_ssns_never_start_with_9() -> None:
    assert tid_for_ssn("999999999") == VECTORS["999-99-9999"]
    assert tid_for_itin("999999999") == VECTORS["999-99-9999"]


# --- normalisation --------------------------------------------------------------------------


@given(st.from_regex(r"[0-8][0-9]{8}", fullmatch=True))
def test_ssn_hashes_hyphenated_form(digits: str) -> None:
    hyphenated = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    assert normalize_ssn(digits) == hyphenated
    assert tid_for_ssn(digits) == tid_for_ssn(hyphenated) == sha(hyphenated)


@pytest.mark.parametrize(
    "bad", ["12345678", "1234567890", "123-456789", "12345-6789", "123 45 6789", "123-45-678a",
            "", "١٢٣-٤٥-٦٧٨٩", "１２３４５６７８９"])
def test_ssn_wrong_shapes(bad: str) -> None:
    with pytest.raises(IdentifierError, match="9 digits"):
        tid_for_ssn(bad)


def test_ssn_starting_with_9_is_an_itin() -> None:
    with pytest.raises(IdentifierError, match="--type itin"):
        tid_for_ssn("912-34-5678")
    assert tid_for_itin("912345678") == sha("912-34-5678")
    assert tid_value("itin", "912-34-5678") == sha("912-34-5678")


def test_itin_must_start_with_9() -> None:
    with pytest.raises(IdentifierError, match="--type ssn"):
        tid_for_itin("123-45-6788")
    with pytest.raises(IdentifierError, match="9 digits"):
        tid_for_itin("9123")


def test_ein_is_hashed_hyphenated() -> None:
    assert normalize_ein(" 123456789 ") == "12-3456789"
    assert tid_for_ein("123456789") == tid_for_ein("12-3456789") == sha("12-3456789")
    assert tid_value("ein", "12-3456789") == sha("12-3456789")
    for bad in ("123-45-6789", "1-23456789", "12-345678", "12_3456789", "AB-1234567"):
        with pytest.raises(IdentifierError, match="EIN must have 9 digits"):
            tid_for_ein(bad)


def test_foreign_identifiers_lose_punctuation_but_keep_case() -> None:
    assert normalize_foreign(" AB-12 34:56; ") == "AB123456"
    assert tid_for_foreign(" AB-12 34:56; ") == sha("AB123456")
    assert tid_for_foreign("ab123456") == sha("ab123456") != sha("AB123456")
    # Non-ASCII spaces and dashes are punctuation too.
    assert normalize_foreign("X\u00a012\u20133/4") == "X1234"
    assert tid_value("foreign", "P.123.456") == sha("P123456")


def test_foreign_identifiers_refuse_non_ascii_letters_and_empty_values() -> None:
    with pytest.raises(IdentifierError, match="Latin"):
        tid_for_foreign("ÄB123")
    with pytest.raises(IdentifierError, match="Latin"):
        tid_for_foreign("AB١٢٣")
    with pytest.raises(IdentifierError, match="at least one"):
        tid_for_foreign(" - ; ")


def test_unknown_kind() -> None:
    with pytest.raises(IdentifierError, match="unknown identifier kind"):
        tid_value("passport", "X123")  # type: ignore[arg-type]


# --- ranges (S1 §3.4) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ssn", "fragment"),
    [("000-12-3456", "area"), ("666-12-3456", "area"), ("000123456", "area"),
     ("123-00-4567", "group"), ("123-45-0000", "serial"),
     ("123-45-6789", "sequential"), ("123456789", "sequential"),
     ("12-345-678", "9 digits"), ("abc", "9 digits")],
)
def test_each_range_rule(ssn: str, fragment: str) -> None:
    problem = ssn_range_problem(ssn)
    assert problem is not None
    assert fragment in problem
    assert ssn.replace("-", "")[:5] not in problem.replace("-", "")
    assert not is_valid_ssn(ssn)


@pytest.mark.parametrize("ssn", REPEATED)
def test_every_repeated_digit_value_is_invalid(ssn: str) -> None:
    problem = ssn_range_problem(ssn)
    assert problem is not None
    assert "repeated digit" in problem
    assert known_invalid_tid(_sha256_hex(ssn))


def test_the_shorter_public_list_is_contained() -> None:
    # S1 §5.1.4 r6 names these four; the §3.4 rules used here must reject each of them.
    for ssn in ("111-11-1111", "333-33-3333", "666-66-6666", "123-45-6789"):
        assert not is_valid_ssn(ssn)


@pytest.mark.parametrize(
    "ssn", ["123-45-6788", "001-01-0001", "665-99-9998", "667-01-0001", "900-70-1234",
            " 123456788 ", "899-99-9999"])
def test_in_range(ssn: str) -> None:
    assert ssn_range_problem(ssn) is None
    assert is_valid_ssn(ssn)


def test_known_invalid_tid_covers_only_the_named_values() -> None:
    assert known_invalid_tid(_sha256_hex("123-45-6789"))
    assert not known_invalid_tid(tid_for_ssn("123-45-6788"))
    # Area 000 is out of range but needs the full dictionary; not a named value.
    assert not known_invalid_tid(tid_for_ssn("000-12-3456"))
    assert not known_invalid_tid("not a hash")


# --- TID shape ------------------------------------------------------------------------------


def test_tid_value_shape() -> None:
    assert is_tid_value("A" * 64)
    assert is_tid_value(VECTORS["999-99-9999"].upper())
    assert not is_tid_value("a" * 63)
    assert not is_tid_value("a" * 65)
    assert not is_tid_value("g" * 64)
    assert not is_tid_value(" " + "a" * 63)
    assert not is_tid_value(5)
    assert not is_tid_value(None)
    assert normalize_tid(VECTORS["111-11-1111"].upper()) == VECTORS["111-11-1111"]


# --- no leaks -------------------------------------------------------------------------------


@given(st.one_of(st.from_regex(r"[0-9 -]{4,14}", fullmatch=True), st.text(max_size=30)))
def test_errors_never_quote_the_value(value: str) -> None:
    digits = re.sub(r"[^0-9]", "", value)
    kinds: tuple[TidKind, ...] = ("ssn", "itin", "ein", "foreign")
    for kind in kinds:
        try:
            tid_value(kind, value)
        except IdentifierError as exc:
            message = str(exc)
            assert len(value.strip()) < 4 or value.strip() not in message
            assert len(digits) < 4 or digits not in re.sub(r"[^0-9]", "", message)
    problem = ssn_range_problem(value) or ""
    assert len(digits) < 4 or digits not in re.sub(r"[^0-9]", "", problem)


def test_range_reasons_never_quote_the_digits() -> None:
    for ssn in ("000-12-3456", "666-12-3456", "123-00-4567", "123-45-0000", "123-45-6789"):
        problem = ssn_range_problem(ssn) or ""
        assert ssn not in problem
        # Rule constants such as "0000" may appear; nothing longer than the rule itself.
        assert not re.search(r"[0-9]{5}", problem.replace("-", "")), problem


def test_sensitive_identifier_masks_its_value() -> None:
    ident = SensitiveIdentifier("ssn", "123456788")
    assert repr(ident) == "SensitiveIdentifier(ssn, ***-**-6788)"
    assert str(ident) == repr(ident)
    assert f"{ident}" == repr(ident)
    assert "123" not in repr([ident])
    assert ident.reveal() == "123-45-6788"
    assert ident.tid == tid_for_ssn("123-45-6788")
    assert ident.tid_type is TidType.SSN_ITIN
    assert ident == SensitiveIdentifier("ssn", "123-45-6788")


def test_sensitive_identifier_other_kinds() -> None:
    ein = SensitiveIdentifier("ein", "123456789")
    assert "12" not in repr(ein)
    assert ein.tid == sha("12-3456789")
    assert ein.tid_type is TidType.EIN
    foreign = SensitiveIdentifier("foreign", "AB 1234-99")
    assert repr(foreign) == "SensitiveIdentifier(foreign, ***)"
    assert foreign.reveal() == "AB123499"
    assert foreign.tid_type is TidType.FOREIGN
    itin = SensitiveIdentifier("itin", "912-34-5678")
    assert repr(itin) == "SensitiveIdentifier(itin, ***-**-5678)"


def test_sensitive_identifier_validates_and_is_frozen() -> None:
    with pytest.raises(IdentifierError) as info:
        SensitiveIdentifier("ein", "98765")
    assert "98765" not in str(info.value)
    ident = SensitiveIdentifier("ssn", "123-45-6788")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ident.kind = "ein"  # type: ignore[misc]
