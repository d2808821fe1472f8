"""Identifiers already in the form CAT hashes skip normalisation; the result must be the
same text the general parsers produce, for canonical and non-canonical input alike."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import IdentifierError
from cais_sim.spec.tid import (
    TidKind,
    _sha256_hex,
    normalize_ein,
    normalize_foreign,
    normalize_itin,
    normalize_ssn,
    tid_value,
)

DIGITS = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(DIGITS)
def test_hyphenated_ssn_and_itin_are_taken_as_they_are(digits: str) -> None:
    hyphenated = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    normalize = normalize_itin if digits[0] == "9" else normalize_ssn
    kind: TidKind = "itin" if digits[0] == "9" else "ssn"
    try:
        expected = normalize(digits)  # the general parser: groups and reassembles
    except IdentifierError:
        with pytest.raises(IdentifierError):
            normalize(hyphenated)
        return
    assert normalize(hyphenated) == expected == hyphenated
    assert tid_value(kind, hyphenated) == tid_value(kind, digits) == _sha256_hex(expected)


@given(DIGITS)
def test_hyphenated_ein_is_taken_as_it_is(digits: str) -> None:
    hyphenated = f"{digits[:2]}-{digits[2:]}"
    assert normalize_ein(hyphenated) == normalize_ein(digits) == hyphenated
    assert tid_value("ein", hyphenated) == tid_value("ein", f" {digits} ")


@pytest.mark.parametrize("value", ["123-45-678", "123-45-67890", "12-3456789 ", "١٢٣-45-6789",
                                   "123_45_6789", "1234-5-6789"])
def test_near_canonical_values_still_go_through_the_general_parser(value: str) -> None:
    # Not canonical: either normalised by the general parser or refused, never hashed as is.
    try:
        text = normalize_ssn(value)
    except IdentifierError:
        return
    assert text != value
    assert re.fullmatch(r"[0-9]{3}-[0-9]{2}-[0-9]{4}", text)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=1, max_size=30))
def test_foreign_identifiers_already_alphanumeric_are_unchanged(value: str) -> None:
    expected = re.sub(r"[^0-9A-Za-z]+", "", value)
    if not expected:
        with pytest.raises(IdentifierError):
            normalize_foreign(value)
        return
    assert normalize_foreign(value) == expected
    assert tid_value("foreign", value) == _sha256_hex(expected)
