"""Transformed Identifiers: from an Input Identifier to the ``tidValue`` CAIS receives.

CAT applies a plain SHA-256 to the identifier's text and sends the digest as 64 hex
characters; there is no salt, key or prefix [S1 §3.4, §5.1]. Two firms holding the same
customer therefore only agree on a TID if they feed the hash the same text, which is why
most of this module is about normalising the input:

* SSN and ITIN go in as ``999-99-9999`` and EIN as ``99-9999999``, hyphens included
  [S1 §3.4; S1 §5.1.4 r4], whichever of the two accepted spellings the caller holds.
* Foreign identifiers keep only their letters and digits; spaces, hyphens and other
  punctuation are dropped and nothing is added [S1 §3.4]. Letter case is kept as given:
  the specification lists what to remove and says nothing about case (digest h.1 gap), and
  folding case would change the hash, so the conservative reading is "leave it".

Clear-text identifiers are personal data (S1 §2.2.5.1-2 calls them Sensitive Identifiers),
so nothing here puts them into an error message, and :class:`SensitiveIdentifier` masks
them in every ``repr``/``str``. Range validity (S1 §3.4, §5.1.4 r6) is a separate question
from hashing: CAT hashes whatever it is given and only later recognises invalid hashes, and
a test harness must be able to produce those hashes on purpose.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from cais_sim.errors import IdentifierError
from cais_sim.spec.enums import TidType

TidKind = Literal["ssn", "itin", "ein", "foreign"]

# [0-9] rather than \d: in str patterns \d also matches non-ASCII digits, which would then be
# hashed as different bytes from the ASCII digits CAT expects.
_SSN_SHAPE = re.compile(r"([0-9]{3})-([0-9]{2})-([0-9]{4})|([0-9]{3})([0-9]{2})([0-9]{4})")
_EIN_SHAPE = re.compile(r"([0-9]{2})-([0-9]{7})|([0-9]{2})([0-9]{7})")
_NOT_ASCII_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_HEX64 = re.compile(r"[0-9A-Fa-f]{64}")
_NON_DIGITS = re.compile(r"[^0-9]+")
#: The forms CAT hashes. Values already written this way (every identifier the simulator
#: generates) skip the group-and-reassemble work of the general parsers below.
_SSN_CANONICAL = re.compile(r"[0-9]{3}-[0-9]{2}-[0-9]{4}")
_EIN_CANONICAL = re.compile(r"[0-9]{2}-[0-9]{7}")

#: The junk SSNs that S1 §3.4 names: every repeated-digit value and the sequential example.
#: S1 §5.1.4 r6 names a shorter list (111-11-1111, 333-33-3333, 666-66-6666, 123-45-6789;
#: digest discrepancy #5); this one contains it.
_NAMED_INVALID: tuple[str, ...] = (
    *(f"{d * 3}-{d * 2}-{d * 4}" for d in "0123456789"),
    "123-45-6789",
)
_NAMED_INVALID_SET = frozenset(_NAMED_INVALID)
_SEQUENTIAL_EXAMPLE = "123-45-6789"


def _sha256_hex(text: str) -> str:
    """The tidValue of already-normalised text [S1 §3.4, §5.1]."""
    return hashlib.sha256(text.encode()).hexdigest()


def _nine_digits(value: str, what: str) -> str:
    if _SSN_CANONICAL.fullmatch(value) is not None:
        return value  # already NNN-NN-NNNN: nothing to strip or reassemble
    match = _SSN_SHAPE.fullmatch(value.strip())
    if match is None:
        raise IdentifierError(f"{what} must have 9 digits, written NNN-NN-NNNN or NNNNNNNNN")
    area, group, serial = (part for part in match.groups() if part is not None)
    return f"{area}-{group}-{serial}"


def normalize_ssn(value: str) -> str:
    """The hyphenated text CAT hashes for an SSN.

    An SSN never starts with 9; nine-digit numbers that do are ITINs (IRS numbering, which is
    why S1 can put both under one ``tidType``). Refusing them here catches a caller who
    picked the wrong kind. The one exception is 999-99-9999: S1 §3.4 names it as a junk SSN
    and S1 §5.1 publishes its hash, so a harness must be able to hash it as an SSN to build
    deliberately invalid TIDs.
    """
    text = _nine_digits(value, "SSN")
    if text[0] == "9" and text not in _NAMED_INVALID_SET:
        raise IdentifierError("an SSN does not start with 9; that is an ITIN (use --type itin)")
    return text


def normalize_itin(value: str) -> str:
    """The hyphenated text CAT hashes for an ITIN.

    A leading 9 is what tells an ITIN from an SSN (IRS numbering); both hash the same way and
    share ``tidType`` ``SSN/ITIN`` [S1 T9], so the check only guards against a mixed-up kind.
    """
    text = _nine_digits(value, "ITIN")
    if text[0] != "9":
        raise IdentifierError("an ITIN starts with 9; otherwise it is an SSN (use --type ssn)")
    return text


def normalize_ein(value: str) -> str:
    """The hyphenated text CAT hashes for an EIN [S1 §5.1.4 r4]."""
    if _EIN_CANONICAL.fullmatch(value) is not None:
        return value
    match = _EIN_SHAPE.fullmatch(value.strip())
    if match is None:
        raise IdentifierError("EIN must have 9 digits, written NN-NNNNNNN or NNNNNNNNN")
    prefix, serial = (part for part in match.groups() if part is not None)
    return f"{prefix}-{serial}"


def normalize_foreign(value: str) -> str:
    """A foreign identifier reduced to its letters and digits [S1 §3.4].

    Letters are kept in the case given (the specification is silent on case). Letters and
    digits outside ASCII are refused rather than dropped or hashed: CAIS's own notion of
    alphanumeric is ``[a-zA-Z0-9]`` (S1 T3), dropping them would let two different numbers
    hash alike, and hashing them would depend on the Unicode normal form each firm happens
    to store. The firm should hash the Latin form printed on the document.
    """
    if value.isascii():
        if value.isalnum():
            return value  # only [0-9A-Za-z] already (isalnum of ASCII text): nothing to drop
    else:
        for ch in value:
            if not ch.isascii() and ch.isalnum():
                raise IdentifierError(
                    "foreign identifier holds a letter or digit outside A-Z/0-9; "
                    "use the Latin form printed on the document")
    text = _NOT_ASCII_ALNUM.sub("", value)
    if not text:
        raise IdentifierError("foreign identifier must contain at least one letter or digit")
    return text


def tid_for_ssn(value: str) -> str:
    """tidValue of an SSN.

    Any well-formed SSN is hashed, including out-of-range ones such as 000-00-0000: CAT
    itself hashes first and rejects later (24906), and test files need such TIDs. Ask
    :func:`ssn_range_problem` when range validity matters.
    """
    return _sha256_hex(normalize_ssn(value))


def tid_for_itin(value: str) -> str:
    """tidValue of an ITIN (same text form and hash as an SSN; ``tidType`` ``SSN/ITIN``)."""
    return _sha256_hex(normalize_itin(value))


def tid_for_ein(value: str) -> str:
    """tidValue of an EIN. CAT checks no ranges for EINs [S1 §5.1.4 r6]."""
    return _sha256_hex(normalize_ein(value))


def tid_for_foreign(value: str) -> str:
    """tidValue of a foreign identifier. CAT checks neither format nor range [S1 §5.1.4 r5]."""
    return _sha256_hex(normalize_foreign(value))


_NORMALIZERS = {
    "ssn": normalize_ssn,
    "itin": normalize_itin,
    "ein": normalize_ein,
    "foreign": normalize_foreign,
}

#: The ``tidType`` a TID Record carries for each kind of Input Identifier [S1 T9].
TID_TYPE_OF_KIND: dict[TidKind, TidType] = {
    "ssn": TidType.SSN_ITIN,
    "itin": TidType.SSN_ITIN,
    "ein": TidType.EIN,
    "foreign": TidType.FOREIGN,
}


def normalize_identifier(kind: TidKind, value: str) -> str:
    """The exact text that is hashed for ``value`` read as an identifier of ``kind``."""
    normalizer = _NORMALIZERS.get(kind)
    if normalizer is None:
        raise IdentifierError(f"unknown identifier kind {kind!r}; use ssn, itin, ein or foreign")
    return normalizer(value)


def tid_value(kind: TidKind, value: str) -> str:
    """tidValue of ``value`` read as an identifier of ``kind``."""
    return _sha256_hex(normalize_identifier(kind, value))


# --- SSN/ITIN validity ranges ---------------------------------------------------------------


def ssn_range_problem(value: str) -> str | None:
    """Why an SSN/ITIN lies outside the ranges CAT accepts, or None when it is in range.

    Two lists of invalid values are public (digest discrepancy #5): S1 §3.4 rules out area
    000 or 666, group 00, serial 0000, every repeated-digit number and 123-45-6789, while S1
    §5.1.4 r6 names only four junk numbers. The §3.4 list is used because it contains the
    other one: a number that passes here passes under either reading, and neither source
    suggests a firm should ever send the extra values. The reason never quotes the digits.
    """
    try:
        text = _nine_digits(value, "SSN/ITIN")
    except IdentifierError as exc:
        return str(exc)
    if text in _NAMED_INVALID_SET:
        if text == _SEQUENTIAL_EXAMPLE:
            return "the sequential example number is listed as invalid [S1 §3.4]"
        return "a number made of one repeated digit is listed as invalid [S1 §3.4]"
    if text[:3] in ("000", "666"):
        return "area number (first three digits) 000 or 666 is never issued [S1 §3.4]"
    if text[4:6] == "00":
        return "group number (middle two digits) 00 is never issued [S1 §3.4]"
    if text[7:] == "0000":
        return "serial number (last four digits) 0000 is never issued [S1 §3.4]"
    return None


def is_valid_ssn(value: str) -> bool:
    """True when the SSN/ITIN is well formed and inside the ranges CAT accepts."""
    return ssn_range_problem(value) is None


@cache
def _known_invalid_hashes() -> frozenset[str]:
    return frozenset(_sha256_hex(text) for text in _NAMED_INVALID)


def known_invalid_tid(tid_value: str) -> bool:
    """True when ``tid_value`` is the hash of one of the junk SSNs named in S1 §3.4.

    CAT can only judge ranges by recognising hashes. The named values are cheap to cover;
    the area/group/serial rules need about twelve million precomputed hashes (digest h.3),
    kept in the opt-in file of :mod:`cais_sim.spec.ssn_dictionary`.
    """
    return tid_value.lower() in _known_invalid_hashes()


def is_tid_value(s: object) -> bool:
    """True for a string of exactly 64 hex characters in either case [S1 T9; digest h.2]."""
    return isinstance(s, str) and _HEX64.fullmatch(s) is not None


def normalize_tid(s: str) -> str:
    """The canonical (lower-case) form of a tidValue.

    CAIS compares tidValues without regard to case [S1 §3.4], so lookups keyed on a TID must
    fold case first or the same customer would be seen twice.
    """
    return s.lower()


# --- Holding a clear-text identifier ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SensitiveIdentifier:
    """An Input Identifier that cannot leak through logs, reprs or error messages.

    The value is validated and normalised on construction, so :meth:`reveal` returns exactly
    the text that is hashed. ``repr``/``str`` show the kind and a mask (last four digits for
    SSN/ITIN, which is how firms usually show them; nothing for EIN or foreign identifiers).
    """

    kind: TidKind
    _value: str = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_value", normalize_identifier(self.kind, self._value))

    @property
    def tid(self) -> str:
        """The tidValue to put in the TIDS file."""
        return _sha256_hex(self._value)

    @property
    def tid_type(self) -> TidType:
        """The ``tidType`` of the TID Record [S1 T9]."""
        return TID_TYPE_OF_KIND[self.kind]

    def reveal(self) -> str:
        """The normalised clear text. For hashing or secure storage only; never log it."""
        return self._value

    def masked(self) -> str:
        """A display form that gives nothing useful away."""
        if self.kind in ("ssn", "itin"):
            return f"***-**-{_NON_DIGITS.sub('', self._value)[-4:]}"
        if self.kind == "ein":
            return "**-*******"
        return "***"

    def __repr__(self) -> str:
        return f"SensitiveIdentifier({self.kind}, {self.masked()})"

    def __str__(self) -> str:
        return self.__repr__()


__all__ = [
    "TID_TYPE_OF_KIND",
    "SensitiveIdentifier",
    "TidKind",
    "is_tid_value",
    "is_valid_ssn",
    "known_invalid_tid",
    "normalize_ein",
    "normalize_foreign",
    "normalize_identifier",
    "normalize_itin",
    "normalize_ssn",
    "normalize_tid",
    "ssn_range_problem",
    "tid_for_ein",
    "tid_for_foreign",
    "tid_for_itin",
    "tid_for_ssn",
    "tid_value",
]
