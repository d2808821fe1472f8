"""Validators for the CAIS data types and the field formats built on them.

Each check takes a value as decoded from JSON and returns ``None`` when it is valid, or a
short reason in plain English. A reason never quotes the value: many CAIS fields hold
personal data, and reasons end up in logs and feedback summaries.

The checks run once per field on files of millions of records, so every pattern is compiled
at import time, factories such as :func:`text` build their closure once per field
definition, and the common (valid) path costs one type test, one ``len`` and one
``fullmatch``. Slower diagnosis happens only after a value has already failed.

Where the public material is silent or inconsistent the checks lean strict, so that a value
accepted here is also accepted by CAIS.

Sources: S1 §2.5.1 T3 (data types; digest a.10), the published JSON-schema definitions
(S2, S3; digest a.9), FDID rules S1 §3.11 (digest b.4), Large Trader IDs S1 T8 (digest
d.2), Legal Entity fields S1 T8 (digest c.2).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from cais_sim.errors import InvalidArgument
from cais_sim.spec.enums import PENDING_FDID

#: A field check: ``None`` when the value is valid, otherwise a reason without the value.
Check = Callable[[object], str | None]

#: Largest Unsigned value (2^63 - 1) [S1 T3; S2/S3 ``unsigned``].
MAX_UNSIGNED = 9_223_372_036_854_775_807
#: Bounds of the schema's ``YYYYMMDDType`` [S2, S3].
MIN_DATE_NUMBER = 10_000_000
MAX_DATE_NUMBER = 99_999_999

_EASTERN = ZoneInfo("America/New_York")

# Character classes. All use explicit ranges: ``\d`` and ``\w`` would also match non-ASCII
# digits and letters in ``str`` patterns.
#: Text: printable ASCII 32-126 minus ``"`` (34), ``,`` (44), ``@`` (64), ``|`` (124) [S1 T3].
_TEXT = re.compile(r"[\x20\x21\x23-\x2b\x2d-\x3f\x41-\x7b\x7d\x7e]*")
_TEXT_PUNCTUATION = re.compile(r'[,|"@]')
#: Extended Text: code points 32-126 and 160-255; 127-159 are not printable [S1 T3].
_EXTENDED_TEXT = re.compile(r"[\x20-\x7e\xa0-\xff]*")
_ALNUM = re.compile(r"[A-Za-z0-9]*")
_TIMESTAMP = re.compile(r"[0-9]{8}[ T](?:[01][0-9]|2[0-3])[0-5][0-9][0-5][0-9](?:\.[0-9]{1,9})?")
_LARGE_TRADER_ID = re.compile(r"[0-9]{8}-[0-9]{4}|ULT[0-9A-Z]{5}-[0-9A-Z]{4}")
_EIN = re.compile(r"[0-9]{2}-[0-9]{7}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LEADING_ZERO_STR = re.compile(r"-?0[0-9]")
_LEADING_ZERO_BYTES = re.compile(rb"-?0[0-9]")

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_real_date(year: int, month: int, day: int) -> bool:
    # Arithmetic instead of constructing a datetime.date: no allocation, no exception.
    if year < 1 or not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return day <= 29
    return day <= _DAYS_IN_MONTH[month]


# --- Scalar types ---------------------------------------------------------------------------


def unsigned(value: object) -> str | None:
    """Unsigned: a whole number 0 ... 2^63-1 [S1 T3].

    ``bool`` is refused although Python treats it as an int, because JSON ``true`` is not a
    number. Floats are refused too, even integral ones such as ``1.0`` that the schema's
    ``multipleOf: 1`` would let through: T3 describes an integer, and being strict keeps a
    file that passes here safe at CAIS.
    """
    if value.__class__ is not int:
        return "must be a whole number"
    if not 0 <= value <= MAX_UNSIGNED:
        return "must be between 0 and 9223372036854775807"
    return None


def json_number_has_leading_zero(token: str | bytes) -> bool:
    """True for a raw JSON number token such as ``01``, ``-01`` or ``00``.

    JSON forbids leading zeros, so such a token makes the whole file unreadable: a file
    integrity error, not a field rejection [S1 T3]. Parsers that tolerate leading zeros
    must be checked at the token level, before the number is decoded.
    """
    if isinstance(token, bytes):
        return _LEADING_ZERO_BYTES.match(token) is not None
    return _LEADING_ZERO_STR.match(token) is not None


def boolean(value: object) -> str | None:
    """Boolean: JSON ``true``/``false`` [S1 T3]. (Absent means false; that is the caller's.)"""
    return None if value.__class__ is bool else "must be true or false"


def _length_problem(length: int, min_length: int, max_length: int) -> str | None:
    if length > max_length:
        return f"longer than {max_length} characters"
    if length < min_length:
        return "must not be empty" if min_length == 1 else f"shorter than {min_length} characters"
    return None


def text(max_length: int, *, allow_empty: bool = False) -> Check:
    """Text (n): printable ASCII except comma, pipe, double quote and at-sign [S1 T3].

    The length is counted on the decoded string, so JSON escapes do not count, as T3 says.
    An empty string is refused unless ``allow_empty``: the published ``text`` pattern needs at
    least one character (S3), and an absent field is how CAIS expresses "no value" (S1
    §5.1.3 r17).
    """
    min_length = 0 if allow_empty else 1
    fullmatch = _TEXT.fullmatch

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        size = len(value)
        if size > max_length or size < min_length:
            return _length_problem(size, min_length, max_length)
        if fullmatch(value) is None:
            if _TEXT_PUNCTUATION.search(value):
                return "contains a comma, pipe, double quote or at-sign, which Text forbids"
            return "contains a character outside printable ASCII"
        return None

    return check


def extended_text(max_length: int, *, allow_empty: bool = False) -> Check:
    """Extended Text (n): code points 32-126 and 160-255 [S1 T3].

    Control characters and 127-159 are refused because T3 calls them unprintable; anything
    above 255 is outside the type. Empty strings are refused unless ``allow_empty``, for the
    same reason as in :func:`text`.
    """
    min_length = 0 if allow_empty else 1
    fullmatch = _EXTENDED_TEXT.fullmatch

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        size = len(value)
        if size > max_length or size < min_length:
            return _length_problem(size, min_length, max_length)
        if fullmatch(value) is None:
            return "contains a character outside Extended Text (32-126, 160-255)"
        return None

    return check


def alphanumeric(max_length: int, *, exact: bool = False, allow_empty: bool = False) -> Check:
    """Alphanumeric (n): ASCII letters and digits, case-sensitive [S1 T3].

    ``exact`` is for fields whose length is fixed (an LEI has 20 characters). Empty strings
    are refused unless ``allow_empty``, as in :func:`text`.
    """
    min_length = max_length if exact else (0 if allow_empty else 1)
    fullmatch = _ALNUM.fullmatch

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        size = len(value)
        if size > max_length or size < min_length:
            if exact:
                return f"must be exactly {max_length} characters"
            return _length_problem(size, min_length, max_length)
        if fullmatch(value) is None:
            return "may hold only the letters A-Z, a-z and the digits 0-9"
        return None

    return check


def date(value: object) -> str | None:
    """Date: a JSON number YYYYMMDD that names a real calendar day [S1 T3; S2 YYYYMMDDType]."""
    if value.__class__ is not int:
        return "must be a number in YYYYMMDD form"
    if not MIN_DATE_NUMBER <= value <= MAX_DATE_NUMBER:
        return "must have eight digits, YYYYMMDD"
    if not _is_real_date(value // 10_000, value // 100 % 100, value % 100):
        return "is not a real calendar date"
    return None


def year(value: object) -> str | None:
    """Year: a JSON number of four digits [S1 T3].

    Only the format is checked (1000-9999). Whether a year of birth is plausible is a
    business rule for the record checks, not a property of the type.
    """
    if value.__class__ is not int:
        return "must be a four-digit number"
    if not 1000 <= value <= 9999:
        return "must have four digits"
    return None


def timestamp(value: object) -> str | None:
    """Timestamp: ``YYYYMMDD HHMMSS`` or ``YYYYMMDDTHHMMSS``, optional ``.`` + 1-9 digits.

    At most 25 characters, Eastern Time [S1 T3]. Hours run 00-23, minutes and seconds 00-59:
    T3's wording gives 01-59, but T3's own valid examples contain 00 (digest discrepancy #6),
    and a clock without minute 00 would make the first minute of every hour unreportable.
    A fraction with no digits (``...120.``) and a shortened time (``...T0120``) are invalid,
    as T3 shows.
    """
    if not isinstance(value, str):
        return "must be a string"
    if len(value) > 25:
        return "longer than 25 characters"
    if _TIMESTAMP.fullmatch(value) is None:
        return "must be YYYYMMDD HHMMSS (space or T) with an optional fraction of 1-9 digits"
    month, day = value[4:6], value[6:8]
    if "01" <= month <= "12" and "01" <= day <= "28" and value[:4] != "0000":
        return None  # every month has these days; skip the arithmetic
    if not _is_real_date(int(value[:4]), int(month), int(day)):
        return "is not a real calendar date"
    return None


def hexadecimal(length: int) -> Check:
    """Hexadecimal (n): exactly ``length`` hex digits, either case [S1 T3]."""
    fullmatch = re.compile(f"[0-9A-Fa-f]{{{length}}}").fullmatch

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        if fullmatch(value) is None:
            return f"must be exactly {length} hexadecimal characters"
        return None

    return check


def choice(values: Iterable[str]) -> Check:
    """Choice: one of a fixed list of strings, compared exactly (case-sensitive) [S1 T3]."""
    allowed = frozenset(values)

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        return None if value in allowed else "is not one of the allowed values"

    return check


def array_of(item: Check, *, min_items: int = 1) -> Check:
    """Array: a JSON array whose every element passes ``item`` [S1 T3].

    The reason names the first failing element by its 1-based position, the way a person
    counts, and stops there: one reason per field is enough to reject it.
    """

    def check(value: object) -> str | None:
        if not isinstance(value, list):
            return "must be an array"
        if len(value) < min_items:
            return f"must hold at least {min_items} item{'s' if min_items != 1 else ''}"
        for position, element in enumerate(value, start=1):
            problem = item(element)
            if problem is not None:
                return f"item {position} {problem}"
        return None

    return check


# --- Field formats --------------------------------------------------------------------------

_FDID_MAX = 40
_fdid_text = text(_FDID_MAX)


def normalize_fdid(value: str) -> str:
    """The FDID as CAIS stores it: leading and trailing spaces removed, inner ones kept.

    CAIS trims before storing [S1 §3.11], so two spellings that differ only in outer spaces
    are the same FDID and must be compared in this form.
    """
    return value.strip(" ")


def firm_designated_id(value: object) -> str | None:
    """An FDID [S1 §3.11; S2/S3 ``firmDesignatedIdType``].

    The value as sent must fit the published pattern (1-40 printable ASCII characters, no
    comma, pipe, double quote or at-sign). The length is checked before trimming because the
    schema applies to the value as sent; trimming only makes it shorter. After trimming it
    must not be empty (an all-space FDID is rejected) and must not be ``PENDING`` in any
    case, a placeholder allowed only on transaction events. Escaped control characters such
    as ``\\n`` arrive here decoded and fail the printable-ASCII rule, which is how CAIS
    treats them; an escaped backslash is an ordinary character.
    """
    if not isinstance(value, str):
        return "must be a string"
    problem = _fdid_text(value)
    if problem is not None:
        return problem
    trimmed = normalize_fdid(value)
    if not trimmed:
        return "must not be only spaces"
    if len(trimmed) == len(PENDING_FDID) and trimmed.upper() == PENDING_FDID:
        return "PENDING is a transaction-side placeholder that CAIS rejects"
    return None


def large_trader_id(value: object) -> str | None:
    """An LTID ``99999999-9999`` or a ULTID ``ULTXXXXX-XXXX`` [S1 T8; S2/S3].

    ULTIDs have five ``[0-9A-Z]`` characters after ``ULT``: the format picture, the schema
    pattern and the 13-character maximum all say five, against one sentence that says four
    (digest discrepancy #1). The published pattern is not anchored, so a plain JSON-schema
    validator would accept any string merely containing an ID (discrepancy #2); the whole
    value must match here, which the 13-character limit implies anyway.
    """
    if not isinstance(value, str):
        return "must be a string"
    if _LARGE_TRADER_ID.fullmatch(value) is None:
        return "must be 99999999-9999 (LTID) or ULTXXXXX-XXXX (ULTID)"
    return None


def ein_format(value: object) -> str | None:
    """The plain-text ``ein`` of a Legal Entity: ``99-9999999`` [S1 T8].

    The hyphenated form is required here, unlike the TID input which also accepts nine bare
    digits, because this is the value CAIS stores and compares.
    """
    if not isinstance(value, str):
        return "must be a string"
    return None if _EIN.fullmatch(value) is not None else "must be written 99-9999999"


def lei(value: object) -> str | None:
    """An LEI: Alphanumeric (20), exactly 20 characters [S1 T8].

    Only the shape is checked. ISO 17442 defines check digits, but nothing in our sources
    says CAIS verifies them, and refusing an LEI CAIS would accept would mislead a firm.
    """
    if not isinstance(value, str):
        return "must be a string"
    if len(value) != 20 or _ALNUM.fullmatch(value) is None:
        return "must be exactly 20 letters or digits"
    return None


def country_code_shape(value: object) -> str | None:
    """Two upper-case letters, the shape of an ISO 3166-1 alpha-2 code.

    Whether the code exists is a question for the country list (S1 App. E), which changes
    independently of the data types.
    """
    if not isinstance(value, str):
        return "must be a string"
    return None if _COUNTRY.fullmatch(value) is not None else "must be two upper-case letters"


# --- Conversions ----------------------------------------------------------------------------


def to_cais_date(d: _dt.date) -> int:
    """The CAIS Date number of a calendar day: ``date(2024, 1, 2)`` gives ``20240102``."""
    return d.year * 10_000 + d.month * 100 + d.day


def from_cais_date(n: int) -> _dt.date:
    """The calendar day of a CAIS Date number; :class:`InvalidArgument` if it names none."""
    problem = date(n)
    if problem is not None:
        raise InvalidArgument(f"not a CAIS date: {problem}")
    return _dt.date(n // 10_000, n // 100 % 100, n % 100)


def to_cais_timestamp(t: _dt.datetime) -> str:
    """A CAIS Timestamp in Eastern Time, ``YYYYMMDDTHHMMSS.fffffffff``.

    The nine-digit fraction follows the feedback examples of S1 §6.1.3. Python stops at
    microseconds, so the last three digits are always zero. A naive datetime is taken to be
    Eastern already (that is how CAIS states every time); an aware one is converted.
    """
    local = t.astimezone(_EASTERN) if t.tzinfo is not None else t
    return f"{local:%Y%m%dT%H%M%S}.{local.microsecond:06d}000"


__all__ = [
    "MAX_DATE_NUMBER",
    "MAX_UNSIGNED",
    "MIN_DATE_NUMBER",
    "Check",
    "alphanumeric",
    "array_of",
    "boolean",
    "choice",
    "country_code_shape",
    "date",
    "ein_format",
    "extended_text",
    "firm_designated_id",
    "from_cais_date",
    "hexadecimal",
    "json_number_has_leading_zero",
    "large_trader_id",
    "lei",
    "normalize_fdid",
    "text",
    "timestamp",
    "to_cais_date",
    "to_cais_timestamp",
    "unsigned",
    "year",
]
