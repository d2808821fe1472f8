"""Validators for the CAIS data types and the field formats built on them.

Each check takes a decoded JSON value and returns ``None`` when it is valid, or a short
reason in plain English. Reasons never quote the value, because values can be personal
data. Checks run per field on millions of records, so patterns are compiled once and the
common path does one ``isinstance`` and one ``fullmatch``.

Sources: S1 §2.5.1 Table 3 (data types; digest a.10), the published JSON-schema
definitions (digest a.9), FDID character rules S1 §3.11 (digest b.4), Large Trader IDs
S1 T8 (digest d.2).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from cais_sim.errors import InvalidArgument

Check = Callable[[object], "str | None"]

MAX_UNSIGNED = 9_223_372_036_854_775_807
_EASTERN = ZoneInfo("America/New_York")

#: Text: printable ASCII 32-126 without comma, pipe, double quote and at-sign [S1 T3].
_TEXT_CHARS = re.compile(r"[\x20-\x7e]*")
_TEXT_FORBIDDEN = re.compile(r'[,|"@]')
#: Extended Text: code points 32-126 and 160-255 [S1 T3].
_EXT_CHARS = re.compile(r"[\x20-\x7e\xa0-\xff]*")
_ALNUM = re.compile(r"[A-Za-z0-9]*")
_HEX = re.compile(r"[A-Fa-f0-9]*")
_TIMESTAMP = re.compile(
    r"(\d{4})(\d{2})(\d{2})[ T]([01]\d|2[0-3])([0-5]\d)([0-5]\d)(?:\.\d{1,9})?")
_LTID = re.compile(r"\d{8}-\d{4}|ULT[0-9A-Z]{5}-[0-9A-Z]{4}")
_EIN = re.compile(r"\d{2}-\d{7}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LEADING_ZERO = re.compile(rb"-?0\d")


def unsigned(value: object) -> str | None:
    """Unsigned: an integer 0 … 2^63-1 (a JSON true/false is not a number)."""
    if value.__class__ is not int:
        return "must be a whole number"
    if not 0 <= value <= MAX_UNSIGNED:
        return "must be between 0 and 9223372036854775807"
    return None


def json_number_has_leading_zero(token: str | bytes) -> bool:
    """True for a JSON number token such as ``01``; such a file is not valid JSON [S1 T3]."""
    raw = token.encode() if isinstance(token, str) else token
    return _LEADING_ZERO.match(raw) is not None


def boolean(value: object) -> str | None:
    """Boolean: JSON true or false."""
    return None if value.__class__ is bool else "must be true or false"


def _string(value: object, max_length: int, chars: re.Pattern[str], what: str) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    if len(value) > max_length:
        return f"longer than {max_length} characters"
    if chars.fullmatch(value) is None:
        return f"contains a character not allowed in {what}"
    return None


def text(max_length: int) -> Check:
    """Text (n): printable ASCII except ``,`` ``|`` ``"`` ``@``."""

    def check(value: object) -> str | None:
        problem = _string(value, max_length, _TEXT_CHARS, "Text")
        if problem is None and isinstance(value, str) and _TEXT_FORBIDDEN.search(value):
            return "contains a comma, pipe, double quote or at-sign"
        return problem

    return check


def extended_text(max_length: int) -> Check:
    """Extended Text (n): code points 32–126 and 160–255."""

    def check(value: object) -> str | None:
        return _string(value, max_length, _EXT_CHARS, "Extended Text")

    return check


def alphanumeric(max_length: int, *, exact: bool = False) -> Check:
    """Alphanumeric (n): letters and digits; ``exact`` when the length is fixed."""

    def check(value: object) -> str | None:
        problem = _string(value, max_length, _ALNUM, "Alphanumeric")
        if problem is None and isinstance(value, str) and (
            not value or (exact and len(value) != max_length)
        ):
            return f"must be exactly {max_length} characters" if exact else "must not be empty"
        return problem

    return check


def date(value: object) -> str | None:
    """Date: a number YYYYMMDD naming a real calendar day."""
    if value.__class__ is not int:
        return "must be a number in YYYYMMDD form"
    n: int = value
    if not 10_000_000 <= n <= 99_999_999:
        return "must have eight digits YYYYMMDD"
    try:
        _dt.date(n // 10_000, n // 100 % 100, n % 100)
    except ValueError:
        return "is not a real calendar date"
    return None


def year(value: object) -> str | None:
    """Year: a four-digit number."""
    if value.__class__ is not int:
        return "must be a four-digit number"
    if not 1000 <= value <= 9999:
        return "must have four digits"
    return None


def timestamp(value: object) -> str | None:
    """Timestamp: ``YYYYMMDD HHMMSS[.fraction]`` (space or ``T``), at most 25 characters.

    Minutes and seconds of ``00`` are accepted: the table's wording says 01–59 but its own
    valid examples use 00 (digest discrepancy #6).
    """
    if not isinstance(value, str):
        return "must be a string"
    if len(value) > 25:
        return "longer than 25 characters"
    m = _TIMESTAMP.fullmatch(value)
    if m is None:
        return "must be YYYYMMDD HHMMSS with an optional fraction of 1-9 digits"
    try:
        _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return "is not a real calendar date"
    return None


def hexadecimal(length: int) -> Check:
    """Hexadecimal (n): exactly ``length`` hex digits, either case."""

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        if len(value) != length or _HEX.fullmatch(value) is None:
            return f"must be exactly {length} hexadecimal characters"
        return None

    return check


def choice(values: Iterable[str]) -> Check:
    """Choice: one of a fixed list of strings (case-sensitive)."""
    allowed = frozenset(values)

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        return None if value in allowed else "is not one of the allowed values"

    return check


def array_of(item: Check, *, min_items: int = 1) -> Check:
    """Array: a list whose every item passes ``item``."""

    def check(value: object) -> str | None:
        if not isinstance(value, list):
            return "must be an array"
        if len(value) < min_items:
            return f"must hold at least {min_items} item" + ("s" if min_items > 1 else "")
        for position, element in enumerate(value, start=1):
            problem = item(element)
            if problem is not None:
                return f"item {position} {problem}"
        return None

    return check


_FDID_TEXT = text(40)


def normalize_fdid(value: str) -> str:
    """CAIS trims leading and trailing spaces of an FDID before storing it [S1 §3.11]."""
    return value.strip(" ")


def firm_designated_id(value: object) -> str | None:
    """An FDID: Text (40) after trimming spaces, not blank, never ``PENDING`` [S1 §3.11]."""
    if not isinstance(value, str):
        return "must be a string"
    trimmed = normalize_fdid(value)
    if not trimmed:
        return "must not be empty or only spaces"
    if trimmed.upper() == "PENDING":
        return "PENDING is a transaction placeholder that CAIS rejects"
    return _FDID_TEXT(trimmed)


def large_trader_id(value: object) -> str | None:
    """LTID ``99999999-9999`` or ULTID ``ULTXXXXX-XXXX``.

    The published schema pattern is unanchored, so a longer string containing an ID would
    pass it; CAIS stores 13 characters, so the whole value must match (discrepancy #1/#2).
    """
    if not isinstance(value, str):
        return "must be a string"
    return None if _LTID.fullmatch(value) else "must be 99999999-9999 or ULTXXXXX-XXXX"


def ein_format(value: object) -> str | None:
    """An EIN in plain text: ``99-9999999``."""
    if not isinstance(value, str):
        return "must be a string"
    return None if _EIN.fullmatch(value) else "must be 99-9999999"


def lei(value: object) -> str | None:
    """An LEI: 20 letters or digits. The ISO 17442 check digits are not checked by CAIS as
    far as the public specification says, so only the shape is."""
    if not isinstance(value, str):
        return "must be a string"
    if len(value) != 20 or _ALNUM.fullmatch(value) is None:
        return "must be 20 letters or digits"
    return None


def country_code_shape(value: object) -> str | None:
    """Two upper-case letters; membership of ISO 3166-1 is checked against the country list."""
    if not isinstance(value, str):
        return "must be a string"
    return None if _COUNTRY.fullmatch(value) else "must be two upper-case letters"


def to_cais_date(day: _dt.date) -> int:
    """``date(2024, 1, 2)`` → ``20240102``."""
    return day.year * 10_000 + day.month * 100 + day.day


def from_cais_date(value: int) -> _dt.date:
    """``20240102`` → ``date(2024, 1, 2)``."""
    problem = date(value)
    if problem is not None:
        raise InvalidArgument(f"not a CAIS date: {problem}")
    return _dt.date(value // 10_000, value // 100 % 100, value % 100)


def to_cais_timestamp(moment: _dt.datetime) -> str:
    """Eastern Time ``YYYYMMDDTHHMMSS.fffffffff``, as feedback files show it.

    Naive datetimes are taken to be Eastern already; aware ones are converted.
    """
    local = moment.astimezone(_EASTERN) if moment.tzinfo else moment
    return f"{local:%Y%m%dT%H%M%S}.{local.microsecond * 1000:09d}"


__all__ = [
    "MAX_UNSIGNED",
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
