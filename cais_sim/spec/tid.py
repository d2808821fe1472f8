"""Transformed Identifiers: from an Input Identifier to the ``tidValue`` CAIS receives.

The algorithm is a bare SHA-256 over the identifier's text, written as 64 lower-case hex
characters, with no salt or key [S1 §3.4, §5.1]. What makes firms disagree is the text
that goes in, so normalisation is the point of this module:

* SSN and ITIN are hashed as ``999-99-9999`` and EIN as ``99-9999999``, hyphens included
  [S1 §5.1.4 r4], whichever form the caller holds.
* Foreign identifiers lose every space, hyphen and punctuation mark, keeping only letters
  and digits [S1 §3.4]. Letter case is left as printed: the specification names only
  spaces and punctuation as things to remove, and changing case would change the hash.

Clear-text identifiers stay inside this module: errors never quote them, and
:class:`SensitiveIdentifier` masks them in every ``repr``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from cais_sim.errors import IdentifierError

TidKind = Literal["ssn", "itin", "ein", "foreign"]

_DIGITS_SSN = re.compile(r"(\d{3})-?(\d{2})-?(\d{4})")
_DIGITS_EIN = re.compile(r"(\d{2})-?(\d{7})")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _nine_digits(value: str, what: str) -> str:
    m = _DIGITS_SSN.fullmatch(value.strip())
    if m is None:
        raise IdentifierError(f"{what} must have 9 digits, as 999-99-9999 or 999999999")
    return "-".join(m.groups())


def normalize_itin(value: str) -> str:
    """The hyphenated form of an ITIN. ITINs, unlike SSNs, always start with 9."""
    text = _nine_digits(value, "an ITIN")
    if not text.startswith("9"):
        raise IdentifierError("an ITIN starts with 9; otherwise it is an SSN (use --type ssn)")
    return text


def normalize_ein(value: str) -> str:
    """The hyphenated form of an EIN that CAIS hashes."""
    m = _DIGITS_EIN.fullmatch(value.strip())
    if m is None:
        raise IdentifierError("an EIN must have 9 digits, as 99-9999999 or 999999999")
    return "-".join(m.groups())


def normalize_foreign(value: str) -> str:
    """A foreign identifier with everything but letters and digits removed [S1 §3.4]."""
    text = _NOT_ALNUM.sub("", value)
    if not text:
        raise IdentifierError("a foreign identifier must contain letters or digits")
    return text


def tid_for_ssn(value: str) -> str:
    """The tidValue of an SSN. Out-of-range SSNs are hashed too; see :func:`ssn_range_problem`."""
    m = _DIGITS_SSN.fullmatch(value.strip())
    if m is None:
        raise IdentifierError("an SSN must have 9 digits, as 999-99-9999 or 999999999")
    return _sha256_hex("-".join(m.groups()))


def tid_for_itin(value: str) -> str:
    """The tidValue of an ITIN (same form and hash as an SSN; tidType ``SSN/ITIN``)."""
    return _sha256_hex(normalize_itin(value))


def tid_for_ein(value: str) -> str:
    """The tidValue of an EIN (CAIS checks no range for EINs [S1 §5.1.4 r6])."""
    return _sha256_hex(normalize_ein(value))


def tid_for_foreign(value: str) -> str:
    """The tidValue of a foreign identifier (no format check exists [S1 §5.1.4 r5])."""
    return _sha256_hex(normalize_foreign(value))


_BY_KIND = {"ssn": tid_for_ssn, "itin": tid_for_itin, "ein": tid_for_ein,
            "foreign": tid_for_foreign}


def tid_value(kind: TidKind, value: str) -> str:
    """The tidValue of ``value`` read as an identifier of ``kind``."""
    try:
        return _BY_KIND[kind](value)
    except KeyError:
        raise IdentifierError(f"unknown identifier kind {kind!r}") from None


# --- SSN/ITIN validity ranges --------------------------------------------------------------

#: Values CAT names as junk: every repeated-digit SSN and 123-45-6789.
#: The specification gives two lists (S1 §3.4 and §5.1.4 r6, digest discrepancy #5); §3.4
#: is used because it contains the other, so a value that passes here passes both.
_NAMED_INVALID = (*tuple(f"{d * 3}-{d * 2}-{d * 4}" for d in "0123456789"), "123-45-6789")


def ssn_range_problem(value: str) -> str | None:
    """Why an SSN/ITIN is outside the valid ranges (S1 §3.4), or None when it is in range.

    The reason never quotes the value. A malformed value is reported as such.
    """
    m = _DIGITS_SSN.fullmatch(value.strip())
    if m is None:
        return "not a 9-digit SSN/ITIN"
    area, group, serial = m.groups()
    text = f"{area}-{group}-{serial}"
    if text in _NAMED_INVALID:
        return "a value CAT lists as invalid (one digit repeated, or the digits 1 to 9 in order)"
    if area in ("000", "666"):
        return "area number (first three digits) 000 or 666 is never issued"
    if group == "00":
        return "group number (middle two digits) 00 is never issued"
    if serial == "0000":
        return "serial number (last four digits) 0000 is never issued"
    return None


def is_valid_ssn(value: str) -> bool:
    """True when the SSN/ITIN is well formed and inside the valid ranges."""
    return ssn_range_problem(value) is None


@cache
def _known_invalid_hashes() -> frozenset[str]:
    return frozenset(_sha256_hex(v) for v in _NAMED_INVALID)


def known_invalid_tid(tid: str) -> bool:
    """True when ``tid`` is the hash of one of CAT's named invalid SSNs.

    CAT can only check ranges by recognising hashes; this covers the named values. The
    area/group/serial rules need a dictionary of millions of hashes and belong to the
    simulated backend.
    """
    return tid.lower() in _known_invalid_hashes()


def is_tid_value(value: object) -> bool:
    """True for a string of exactly 64 hexadecimal characters (case-insensitive) [S1 T9]."""
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def normalize_tid(value: str) -> str:
    """CAIS compares tidValues case-insensitively; lower case is the canonical form."""
    return value.lower()


@dataclass(frozen=True, slots=True)
class SensitiveIdentifier:
    """An Input Identifier whose clear text never shows in logs, reprs or errors.

    Use :attr:`tid` for the hash. :meth:`reveal` exists only so the value can be hashed or
    stored by code that must; nothing in cais-sim prints it.
    """

    kind: TidKind
    _value: str = field(repr=False)

    def __post_init__(self) -> None:
        tid_value(self.kind, self._value)  # validates shape without keeping a copy

    @property
    def tid(self) -> str:
        return tid_value(self.kind, self._value)

    def reveal(self) -> str:
        """The clear text, for hashing only."""
        return self._value

    def masked(self) -> str:
        digits = re.sub(r"\D", "", self._value)
        if self.kind in ("ssn", "itin"):
            return f"***-**-{digits[-4:]}"
        if self.kind == "ein":
            return "**-*******"
        return "********"

    def __repr__(self) -> str:
        return f"SensitiveIdentifier({self.kind}, {self.masked()})"

    __str__ = __repr__


__all__ = [
    "SensitiveIdentifier",
    "TidKind",
    "is_tid_value",
    "is_valid_ssn",
    "known_invalid_tid",
    "normalize_ein",
    "normalize_foreign",
    "normalize_itin",
    "normalize_tid",
    "ssn_range_problem",
    "tid_for_ein",
    "tid_for_foreign",
    "tid_for_itin",
    "tid_for_ssn",
    "tid_value",
]
