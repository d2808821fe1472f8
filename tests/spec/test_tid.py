"""TID hashing: published vectors, normalisation, ranges, and no leak of clear text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import IdentifierError
from cais_sim.spec.tid import (
    SensitiveIdentifier,
    is_tid_value,
    is_valid_ssn,
    known_invalid_tid,
    normalize_tid,
    ssn_range_problem,
    tid_for_ein,
    tid_for_foreign,
    tid_for_itin,
    tid_for_ssn,
    tid_value,
)

VECTORS = {
    "999-99-9999": "1438887c12c566c8f87325380e06517bfb2e46e4de7e07fc6f004ea5bb21945d",
    "111-11-1111": "4628ea314743d5ac373997763be3d39b86fc40c5d2015d2db345b0231e215b6c",
    "000-00-0000": "5fb0d784eb4b5277d787d9fef634cde3f1915fe4ae306d4a4c41db866565e7bd",
}


@pytest.mark.parametrize(("ssn", "expected"), VECTORS.items())
def test_published_vectors(ssn: str, expected: str) -> None:
    assert tid_for_ssn(ssn) == expected
    assert tid_for_ssn(ssn.replace("-", "")) == expected
    assert known_invalid_tid(expected.upper())


def test_ein_and_itin_are_hashed_hyphenated() -> None:
    assert tid_for_ein("123456789") == tid_for_ein("12-3456789")
    assert tid_for_itin("912345678") == tid_for_ssn("912-34-5678")
    with pytest.raises(IdentifierError, match="ITIN starts with 9"):
        tid_for_itin("123-45-6789")


def test_foreign_identifiers_lose_punctuation_not_case() -> None:
    assert tid_for_foreign(" AB-12 34:56; ") == tid_for_foreign("AB123456")
    assert tid_for_foreign("ab123456") != tid_for_foreign("AB123456")
    with pytest.raises(IdentifierError):
        tid_for_foreign(" - ")


@pytest.mark.parametrize(
    ("ssn", "fragment"),
    [("000-12-3456", "area"), ("666-12-3456", "area"), ("123-00-4567", "group"),
     ("123-45-0000", "serial"), ("333-33-3333", "repeated"), ("123-45-6789", "1 to 9"),
     ("12-345-678", "9-digit")],
)
def test_ssn_ranges(ssn: str, fragment: str) -> None:
    problem = ssn_range_problem(ssn)
    assert problem is not None
    assert fragment in problem
    assert ssn not in problem


def test_valid_ssns() -> None:
    assert is_valid_ssn("123-45-6788")
    assert is_valid_ssn("900-70-1234")  # ITIN area
    assert not known_invalid_tid(tid_for_ssn("123-45-6788"))


@given(st.text(max_size=30))
def test_errors_never_quote_the_value(value: str) -> None:
    digits = "".join(ch for ch in value if ch.isdigit())
    for kind in ("ssn", "itin", "ein"):
        message = ""
        try:
            tid_value(kind, value)  # type: ignore[arg-type]
        except IdentifierError as exc:
            message = str(exc)
        assert len(digits) < 4 or digits not in message


def test_sensitive_identifier_masks() -> None:
    ident = SensitiveIdentifier("ssn", "123-45-6788")
    assert "123-45" not in repr(ident)
    assert "6788" in repr(ident)
    assert "123" not in str(SensitiveIdentifier("ein", "12-3456789"))
    assert ident.tid == tid_for_ssn("123-45-6788")
    assert ident.reveal() == "123-45-6788"
    with pytest.raises(IdentifierError):
        SensitiveIdentifier("ein", "nope")


def test_tid_value_shape() -> None:
    assert is_tid_value("A" * 64)
    assert not is_tid_value("a" * 63)
    assert not is_tid_value("g" * 64)
    assert not is_tid_value(5)
    assert normalize_tid("ABC") == "abc"
