"""Strategies for single field values that CAIS accepts."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cais_sim.spec.datatypes import to_cais_date
from cais_sim.spec.enums import AddrType
from cais_sim.spec.records import Address
from cais_sim.spec.tid import is_valid_ssn

#: Text (n) characters: printable ASCII without comma, pipe, double quote and at-sign.
TEXT_ALPHABET = "".join(ch for ch in map(chr, range(32, 127)) if ch not in ',|"@')
#: Extended Text characters: 32-126 and 160-255.
EXTENDED_ALPHABET = "".join(map(chr, [*range(32, 127), *range(160, 256)]))
_FDID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789-_./#"
_US_REGIONS = ("US-AL", "US-CA", "US-CO", "US-FL", "US-IL", "US-MA", "US-NJ", "US-NY",
               "US-PA", "US-TX", "US-WA", "US-DC")
_CA_REGIONS = ("CA-AB", "CA-BC", "CA-ON", "CA-QC", "CA-NS")


def cais_dates(min_value: dt.date = dt.date(2000, 1, 1),
               max_value: dt.date = dt.date(2030, 12, 31)) -> st.SearchStrategy[int]:
    """Dates as CAIS writes them: ``YYYYMMDD`` integers."""
    return st.dates(min_value, max_value).map(to_cais_date)


def extended_text(max_size: int, min_size: int = 1) -> st.SearchStrategy[str]:
    """Extended Text values without leading or trailing spaces."""
    return st.text(EXTENDED_ALPHABET, min_size=min_size, max_size=max_size).map(
        lambda s: s.strip() or "x")


def fdids() -> st.SearchStrategy[str]:
    """Masked FDIDs: Text (40) without spaces at the ends, never ``PENDING``."""
    return st.text(_FDID_ALPHABET, min_size=1, max_size=40).filter(
        lambda s: s.upper() != "PENDING")


def large_trader_ids() -> st.SearchStrategy[str]:
    """LTIDs (``99999999-9999``) and ULTIDs (``ULTXXXXX-XXXX``)."""
    return st.one_of(st.from_regex(r"[0-9]{8}-[0-9]{4}", fullmatch=True),
                     st.from_regex(r"ULT[0-9A-Z]{5}-[0-9A-Z]{4}", fullmatch=True))


def ssns() -> st.SearchStrategy[str]:
    """Synthetic SSNs inside the valid ranges; only ever used to derive TIDs."""
    area = st.integers(1, 899).filter(lambda a: a != 666)
    return st.builds(lambda a, g, s: f"{a:03d}-{g:02d}-{s:04d}", area, st.integers(1, 99),
                     st.integers(1, 9999)).filter(is_valid_ssn)


def eins() -> st.SearchStrategy[str]:
    """Synthetic EINs in ``99-9999999`` form."""
    return st.builds(lambda p, s: f"{p:02d}-{s:07d}", st.integers(10, 99),
                     st.integers(0, 9_999_999))


def _address(addr_type: AddrType, country: str) -> st.SearchStrategy[Address]:
    line = extended_text(40)
    if country == "US":
        region: st.SearchStrategy[str | None] = st.sampled_from(_US_REGIONS)
        postal: st.SearchStrategy[str | None] = st.from_regex(
            r"[0-9]{5}(-[0-9]{4})?", fullmatch=True)
    elif country == "CA":
        region = st.sampled_from(_CA_REGIONS)
        postal = st.from_regex(r"[A-Z][0-9][A-Z] [0-9][A-Z][0-9]", fullmatch=True)
    else:
        region = st.one_of(st.none(), extended_text(40))
        postal = st.one_of(st.none(), st.from_regex(r"[A-Z0-9]{2,4} ?[A-Z0-9]{3}",
                                                     fullmatch=True))
    return st.builds(
        Address, addr_type=st.just(addr_type), addr_line1=line,
        addr_line2=st.one_of(st.none(), line), city=extended_text(100), region_code=region,
        country_code=st.just(country), postal_code=postal)


@st.composite
def address_lists(draw: st.DrawFn, *, max_size: int = 4,
                  countries: tuple[str, ...] = ("US", "US", "US", "CA", "GB", "DE")
                  ) -> tuple[Address, ...]:
    """One to four addresses numbered ADDRESS1, ADDRESS2, … without gaps."""
    size = draw(st.integers(1, max_size))
    kinds = list(AddrType)[:size]
    return tuple(draw(_address(kind, draw(st.sampled_from(countries)))) for kind in kinds)


def addresses(country: str | None = None) -> st.SearchStrategy[Address]:
    """A single ADDRESS1 Address Record."""
    if country is not None:
        return _address(AddrType.ADDRESS1, country)
    return st.sampled_from(("US", "CA", "GB")).flatmap(
        lambda c: _address(AddrType.ADDRESS1, c))


__all__ = ["EXTENDED_ALPHABET", "TEXT_ALPHABET", "address_lists", "addresses", "cais_dates",
           "eins", "extended_text", "fdids", "large_trader_ids", "ssns"]
