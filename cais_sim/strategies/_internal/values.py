"""Strategies for single values that CAIS accepts: text, dates, identifiers, addresses.

The alphabets are the data types' own character sets (S1 T3), not a friendlier subset: a
consumer that mishandles a comma in an Extended Text name or a backslash in an FDID should
find out from these strategies, not from production. Sizes stay small by default because
Hypothesis spends its time on structure, not on 200-character strings.

Clear-text identifiers (SSN, ITIN, EIN, foreign numbers) are synthetic and drawn from the
ranges CAT accepts, so their hashes are never among the TIDs CAT rejects as junk
(S1 §3.4, §5.1.4 r6). Only EINs and LEIs may also appear in a Data File, because the
specification reports them in plain text (S1 §2.2.5.1-2); the others exist only to be hashed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from functools import cache

from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.spec.datatypes import country_code_shape, to_cais_date
from cais_sim.spec.enums import (
    MILITARY_CITIES,
    PENDING_FDID,
    UNPARSED_NAME,
    AddrType,
)
from cais_sim.spec.records import Address
from cais_sim.spec.tid import is_valid_ssn

#: Text (n) characters: printable ASCII without comma, pipe, double quote and at-sign [S1 T3].
TEXT_ALPHABET = "".join(ch for ch in map(chr, range(32, 127)) if ch not in ',|"@')
#: Extended Text characters: code points 32-126 and 160-255 [S1 T3].
EXTENDED_ALPHABET = "".join(map(chr, [*range(32, 127), *range(160, 256)]))
#: ASCII letters and digits, the Alphanumeric alphabet [S1 T3].
ALNUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_DIGITS = "0123456789"

#: Default window for generated dates: inside CAIS's lifetime and not in the future, so that
#: no consumer has to decide what a record dated next decade means.
EARLIEST_DATE = _dt.date(2000, 1, 1)
LATEST_DATE = _dt.date(2025, 6, 30)

# A handful of real states (and DC) keeps examples readable; the military "regions" are
# valid U.S. region codes since 2.0 r6 and only ever appear with an APO/DPO/FPO city.
US_REGIONS = ("US-NY", "US-CA", "US-TX", "US-FL", "US-IL", "US-PA", "US-NJ", "US-MA",
              "US-WA", "US-GA", "US-CO", "US-DC")
# Military region and the ZIP prefix its mail is sorted under (USPS).
_MILITARY_ZIPS = {"US-AE": (9000, 9999), "US-AA": (34000, 34099), "US-AP": (96200, 96699)}
# Each Canadian province with the first letters its postal codes use (Canada Post), so that
# a region and its postal code never contradict each other.
CA_REGIONS = {"CA-ON": "KLMNP", "CA-QC": "GHJ", "CA-BC": "V", "CA-AB": "T", "CA-NS": "B"}
# Letters Canada Post uses in postal codes (never D, F, I, O, Q or U).
_CA_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
_GB_OUTWARD = ("SW1A", "EC2M", "M1", "B33", "LS1", "G2", "CF10", "EH1", "BT1", "OX1")
_GB_REGIONS = ("England", "Scotland", "Wales", "Northern Ireland")
_DE_REGIONS = ("Bayern", "Berlin", "Hessen", "Hamburg", "Sachsen")
#: Countries :func:`addresses` draws from when none is given; U.S. addresses dominate real
#: files, and CA, GB and DE cover the three postal regimes (checked region and postal code,
#: free-text region with optional postal code, numeric postal code).
DEFAULT_COUNTRIES = ("US", "US", "CA", "GB", "DE")
#: Countries used for foreign identifiers: anything but ``US`` (S1 §5.1.3.2 r17).
FOREIGN_COUNTRIES = ("GB", "CA", "DE", "FR", "JP", "MX", "BR", "IN", "CH", "AU", "IE", "SG")
#: IRS campus prefixes of EINs; other prefixes have never been issued.
_EIN_PREFIXES = (1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26,
                 27, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
                 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67,
                 68, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 87, 88, 90, 91,
                 92, 93, 94, 95, 98, 99)


def _strip_or(default: str) -> Callable[[str], str]:
    # Values with outer spaces are legal, but a name that is all spaces would be blank to
    # every human reader; mapping keeps generation cheap where a filter would retry.
    def strip(value: str) -> str:
        return value.strip() or default

    return strip


def cais_dates(min_value: _dt.date = EARLIEST_DATE,
               max_value: _dt.date = LATEST_DATE) -> st.SearchStrategy[int]:
    """Dates as CAIS writes them, ``YYYYMMDD`` integers, within ``min_value..max_value``."""
    if min_value > max_value:
        raise InvalidArgument("cais_dates needs min_value <= max_value")
    return st.dates(min_value, max_value).map(to_cais_date)


# Strategies are built once per argument set and reused: building one validates its
# alphabet, which costs far more than drawing from it, and the record strategies draw these
# many times per record. The public functions are plain wrappers so that their signatures
# stay visible to type checkers and editors.


@cache
def _text(max_size: int, min_size: int) -> st.SearchStrategy[str]:
    return st.text(TEXT_ALPHABET, min_size=min_size, max_size=max_size).map(_strip_or("x"))


@cache
def _extended_text(max_size: int, min_size: int) -> st.SearchStrategy[str]:
    return st.text(EXTENDED_ALPHABET, min_size=min_size, max_size=max_size).map(
        _strip_or("x"))


@cache
def _names(max_size: int) -> st.SearchStrategy[str]:
    return _extended_text(max_size, 1).filter(lambda s: s != UNPARSED_NAME)


@cache
def _fdids(max_size: int) -> st.SearchStrategy[str]:
    return _text(max_size, 1).filter(lambda s: s.upper() != PENDING_FDID)


def text(max_size: int, *, min_size: int = 1) -> st.SearchStrategy[str]:
    """Text (n) values, without outer spaces so that trimming cannot change them."""
    return _text(max_size, min_size)


def extended_text(max_size: int, *, min_size: int = 1) -> st.SearchStrategy[str]:
    """Extended Text values, without outer spaces so that no value is blank."""
    return _extended_text(max_size, min_size)


def names(max_size: int = 40) -> st.SearchStrategy[str]:
    """Extended Text names; never the ``UNPARSED`` placeholder CAIS refuses (S1 §3.12)."""
    return _names(max_size)


def fdids(max_size: int = 40) -> st.SearchStrategy[str]:
    """FDIDs: Text (40) as CAIS stores them (already trimmed), never ``PENDING`` in any case.

    ``max_size`` is capped at 40, the type's length.
    """
    if max_size < 1:
        raise InvalidArgument("an FDID has at least one character")
    return _fdids(min(max_size, 40))


_LTIDS = st.one_of(
    st.builds("{:08d}-{:04d}".format, st.integers(0, 99_999_999), st.integers(0, 9999)),
    st.builds("ULT{}-{}".format, st.text(_UPPER_ALNUM, min_size=5, max_size=5),
              st.text(_UPPER_ALNUM, min_size=4, max_size=4)))
_SSNS = st.builds("{:03d}-{:02d}-{:04d}".format, st.integers(1, 899).filter(lambda a: a != 666),
                  st.integers(1, 99), st.integers(1, 9999)).filter(is_valid_ssn)
_ITINS = st.builds("9{:02d}-{:02d}-{:04d}".format, st.integers(0, 99), st.integers(70, 88),
                   st.integers(1, 9999)).filter(is_valid_ssn)
_EINS = st.builds("{:02d}-{:07d}".format, st.sampled_from(_EIN_PREFIXES),
                  st.integers(0, 9_999_999))
_FOREIGN_IDS = st.text(_UPPER_ALNUM, min_size=6, max_size=12)


def large_trader_ids() -> st.SearchStrategy[str]:
    """Large Trader IDs ``99999999-9999`` and unidentified ones ``ULTXXXXX-XXXX`` [S1 T8]."""
    return _LTIDS


def ssns() -> st.SearchStrategy[str]:
    """Synthetic SSNs ``999-99-9999`` inside the ranges CAT accepts; for hashing only.

    Area numbers 900-999 belong to ITINs (see :func:`itins`), 000 and 666 are never issued.
    """
    return _SSNS


def itins() -> st.SearchStrategy[str]:
    """Synthetic ITINs: a leading 9 and a group number the IRS assigns (70-88)."""
    return _ITINS


def eins() -> st.SearchStrategy[str]:
    """Synthetic EINs in the hyphenated form both the ``ein`` field and the hash use."""
    return _EINS


def lei_from_base(base: str) -> str:
    """The LEI with 18-character ``base`` and its ISO 17442 check digits appended."""
    # ISO 7064 MOD 97-10: letters count as 10-35, and the whole number, check digits
    # included, must leave remainder 1.
    digits = "".join(str(int(ch, 36)) for ch in base + "00")
    return f"{base}{98 - int(digits) % 97:02d}"


_LEIS = st.text(_UPPER_ALNUM, min_size=18, max_size=18).map(lei_from_base)


def leis() -> st.SearchStrategy[str]:
    """LEIs of 20 upper-case letters and digits with correct ISO 17442 check digits.

    CAIS checks only the shape (S1 T8), but a consumer that verifies check digits should not
    be tripped up by the generator.
    """
    return _LEIS


def foreign_identifiers() -> st.SearchStrategy[str]:
    """Synthetic foreign identifiers (passport, national ID, ...) for hashing only."""
    return _FOREIGN_IDS


@cache
def _zip(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map("{:05d}".format)


_Place = tuple[str, str | None, str | None]  # city, regionCode, postalCode


def _maybe(values: st.SearchStrategy[str], present: bool) -> st.SearchStrategy[str | None]:
    return values if present else st.one_of(st.none(), values)


def _military() -> st.SearchStrategy[_Place]:
    # Military and diplomatic mail: city, region and ZIP must agree (S1 §5.1.3.1 r36).
    return st.sampled_from(sorted(_MILITARY_ZIPS)).flatmap(lambda region: st.tuples(
        st.sampled_from(sorted(MILITARY_CITIES)), st.just(region),
        _zip(*_MILITARY_ZIPS[region])))


def _canadian() -> st.SearchStrategy[_Place]:
    letter = st.sampled_from(_CA_LETTERS)
    digit = st.sampled_from(_DIGITS)

    def place(region: str) -> st.SearchStrategy[_Place]:
        postal = st.builds("{}{}{} {}{}{}".format, st.sampled_from(CA_REGIONS[region]), digit,
                           letter, digit, letter, digit)
        return st.tuples(extended_text(30), st.just(region), postal)

    return st.sampled_from(sorted(CA_REGIONS)).flatmap(place)


@cache
def _places(country: str, complete: bool) -> st.SearchStrategy[_Place]:
    """City, region and postal code that agree with each other and with ``country``."""
    city = extended_text(30)
    if country == "US":
        civil = st.tuples(city.filter(lambda c: c not in MILITARY_CITIES),
                          st.sampled_from(US_REGIONS), _zip(1001, 99950))
        # One address in ten is military: weighting by repetition keeps shrinking to civil.
        return st.one_of(*[civil] * 9, _military())
    if country == "CA":
        return _canadian()
    if country == "GB":
        inward = st.builds("{}{}{}".format, st.sampled_from(_DIGITS),
                           st.sampled_from(_CA_LETTERS), st.sampled_from(_CA_LETTERS))
        postal = st.builds("{} {}".format, st.sampled_from(_GB_OUTWARD), inward)
        return st.tuples(city, _maybe(st.sampled_from(_GB_REGIONS), complete), postal)
    if country == "DE":
        return st.tuples(city, _maybe(st.sampled_from(_DE_REGIONS), complete),
                         _zip(1067, 99998))
    # Elsewhere the region is free text and the postal code unchecked (S1 App. E).
    return st.tuples(city, _maybe(extended_text(40), complete),
                     _maybe(st.text(_UPPER_ALNUM, min_size=3, max_size=10), complete))


_LINE = extended_text(40)


@st.composite
def _address(draw: st.DrawFn, addr_type: AddrType, country: str, lines: int | None,
             complete: bool) -> Address:
    city, region, postal = draw(_places(country, complete))
    count = lines if lines is not None else draw(st.integers(1, 4))
    # Lines fill from the top: a later line without the earlier ones is rejected (22035).
    first, *rest = [draw(_LINE) for _ in range(count)]
    later: list[str | None] = [*rest, None, None, None]
    return Address(addr_type=addr_type, addr_line1=first, addr_line2=later[0],
                   addr_line3=later[1], addr_line4=later[2], city=city, region_code=region,
                   country_code=country, postal_code=postal)


def _check_country(country: str | None) -> None:
    if country is not None and country_code_shape(country) is not None:
        raise InvalidArgument("country must be an ISO 3166-1 alpha-2 code such as 'US'")


def addresses(*, country: str | None = None, addr_type: AddrType = AddrType.ADDRESS1,
              lines: int | None = None, complete: bool = False) -> st.SearchStrategy[Address]:
    """Address Records that pass the country's region and postal rules (S1 T8; App. E).

    ``country`` fixes the ``countryCode``; by default U.S. addresses dominate, with Canadian,
    British and German ones mixed in. U.S. addresses carry a ``US-XX`` region and a five-digit
    ZIP code (one in ten is an APO/DPO/FPO military address); Canadian ones a ``CA-XX``
    province and an ``A9A 9A9`` postal code whose first letter belongs to that province.
    ``lines`` fixes the number of address lines (1-4); ``complete`` fills in every optional
    field the country allows, so that a test can rely on each being present.
    """
    _check_country(country)
    if lines is not None and not 1 <= lines <= 4:
        raise InvalidArgument("an address has 1 to 4 lines")
    return _addresses(country, addr_type, lines, complete)


@cache
def _addresses(country: str | None, addr_type: AddrType, lines: int | None,
               complete: bool) -> st.SearchStrategy[Address]:
    if country is not None:
        return _address(addr_type, country, lines, complete)
    return st.one_of(*[_address(addr_type, c, lines, complete) for c in DEFAULT_COUNTRIES])


@st.composite
def _address_lists(draw: st.DrawFn, min_size: int, max_size: int, country: str | None,
                   complete: bool) -> tuple[Address, ...]:
    size = draw(st.integers(min_size, max_size))
    return tuple(
        draw(_addresses(country, addr_type, 4 if complete else None, complete))
        for addr_type in list(AddrType)[:size])


def address_lists(*, min_size: int = 1, max_size: int = 2, country: str | None = None,
                  complete: bool = False) -> st.SearchStrategy[tuple[Address, ...]]:
    """``addressList`` values: ``ADDRESS1`` up to ``ADDRESS<max_size>`` with no gaps.

    CAIS rejects repeated or skipped address types (22059, 22527), so the types are always
    numbered from one. At most four addresses exist (S1 §5.1.3.1 r26).
    """
    _check_country(country)
    if not 1 <= min_size <= max_size <= 4:
        raise InvalidArgument("address_lists needs 1 <= min_size <= max_size <= 4")
    return _cached_address_lists(min_size, max_size, country, complete)


@cache
def _cached_address_lists(min_size: int, max_size: int, country: str | None,
                          complete: bool) -> st.SearchStrategy[tuple[Address, ...]]:
    return _address_lists(min_size, max_size, country, complete)


__all__ = [
    "ALNUM_ALPHABET",
    "CA_REGIONS",
    "DEFAULT_COUNTRIES",
    "EARLIEST_DATE",
    "EXTENDED_ALPHABET",
    "FOREIGN_COUNTRIES",
    "LATEST_DATE",
    "TEXT_ALPHABET",
    "US_REGIONS",
    "address_lists",
    "addresses",
    "cais_dates",
    "eins",
    "extended_text",
    "fdids",
    "foreign_identifiers",
    "itins",
    "large_trader_ids",
    "lei_from_base",
    "leis",
    "names",
    "ssns",
    "text",
]
