"""Countries, regions and postal codes of Address Records.

CAIS validates ``countryCode``, ``regionCode`` and ``postalCode`` against Appendix E of the
Full CAIS specification (S1 App. E), a separate download that is not in our source material.
The data used here (``data/geography.toml``) is therefore the project's own, built from the
public standards Appendix E refers to, and the rules below are our reading of what the
specification says about them (S1 T8, App. E, T2; digest d.1):

* ``countryCode`` is an ISO 3166-1 alpha-2 code; all 249 assigned codes are accepted.
* ``regionCode`` is required for US and CA and must then be an ISO 3166-2 code in the
  ``AA-XX`` form (``US-NY``, ``CA-ON``). The U.S. military codes ``US-AA``, ``US-AE`` and
  ``US-AP`` count as U.S. regions (2.0 r6). Elsewhere it is free text.
* ``postalCode`` is required and format-checked for US (ZIP or ZIP+4) and CA. For every
  other country it is optional and unchecked: Appendix E lists which countries have a postal
  format, and without it we check none rather than guess.
* American Samoa, Guam, the Northern Mariana Islands, Puerto Rico, the U.S. Virgin Islands
  and the U.S. Minor Outlying Islands get no region or postal validation, whether they appear
  as their own ISO 3166-1 country or as a US subdivision.

Values are compared exactly: Choice values and codes are case-sensitive in CAIS (S1 T3), so
``us`` is not a country. The data loads on first use and is cached; it is read through
:mod:`importlib.resources` so an installed wheel finds it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from cais_sim.spec.enums import MILITARY_CITIES, MILITARY_REGIONS

#: Countries whose ``regionCode`` Appendix E governs (S1 T8; T2, 2.0 r4).
REGION_COUNTRIES = frozenset({"US", "CA"})

# Human-readable shapes for problem messages, matching the patterns in the data file.
_POSTAL_SHAPES = {"US": "99999 or 99999-9999", "CA": "A9A 9A9 or A9A9A9 (upper case)"}


@dataclass(frozen=True, slots=True)
class Region:
    """One ISO 3166-2 subdivision (or U.S. military region) accepted as ``regionCode``."""

    code: str
    name: str
    #: ``state``, ``district``, ``outlying area``, ``military``, ``province`` or ``territory``.
    kind: str


@dataclass(frozen=True, slots=True)
class _Geography:
    countries: Mapping[str, str]
    regions: Mapping[str, Mapping[str, Region]]
    postal_formats: Mapping[str, re.Pattern[str]]
    unvalidated_countries: frozenset[str]
    unvalidated_regions: frozenset[str]


@cache
def _geography() -> _Geography:
    text = (resources.files("cais_sim.spec") / "data" / "geography.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    regions = {
        country: MappingProxyType({
            code: Region(code, entry["name"], entry["kind"]) for code, entry in table.items()
        })
        for country, table in raw["regions"].items()
    }
    return _Geography(
        countries=MappingProxyType(dict(raw["countries"])),
        regions=MappingProxyType(regions),
        # ASCII so that \d means 0-9 only, as the Text data type allows nothing else.
        postal_formats=MappingProxyType(
            {c: re.compile(p, re.ASCII) for c, p in raw["postal_formats"].items()}
        ),
        unvalidated_countries=frozenset(raw["unvalidated"]["countries"]),
        unvalidated_regions=frozenset(raw["unvalidated"]["regions"]),
    )


def __getattr__(name: str) -> frozenset[str]:
    # COUNTRIES is computed on first access, so importing the module reads no file.
    if name == "COUNTRIES":
        return frozenset(_geography().countries)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Every ISO 3166-1 alpha-2 code accepted as ``countryCode`` (loaded on first access).
COUNTRIES: frozenset[str]


def is_country(code: str) -> bool:
    """True when ``code`` is an assigned ISO 3166-1 alpha-2 code (exact, upper case)."""
    return code in _geography().countries


def country_name(code: str) -> str | None:
    """The ISO short name of ``code``, or ``None`` for an unknown code."""
    return _geography().countries.get(code)


def region_required(country: str) -> bool:
    """True when an address in ``country`` must carry a ``regionCode`` (US and CA)."""
    return country in REGION_COUNTRIES


def regions_of(country: str) -> Mapping[str, Region]:
    """The accepted ``regionCode`` values of ``country``; empty where regions are free text."""
    return _geography().regions.get(country, MappingProxyType({}))


def is_valid_region(country: str, region: str) -> bool:
    """True when ``region`` is acceptable as ``regionCode`` for ``country``.

    US and CA need a listed ISO 3166-2 code of that same country; any other assigned
    country takes free text (its length and characters are the Extended Text data type's
    concern). An unknown country has no valid region.
    """
    geo = _geography()
    if country not in geo.countries:
        return False
    if country in REGION_COUNTRIES:
        return region in geo.regions.get(country, {})
    return True


def postal_code_problem(country: str, postal: str | None, region: str | None = None) -> str | None:
    """Why ``postal`` is unacceptable as ``postalCode`` for ``country``, or ``None`` if it is fine.

    ``None`` also when the code is optional there and absent, when the country or the US
    region is one of the territories Appendix E exempts, and when ``country`` is unknown
    (the country check reports that; judging a postal code against it would double-count).
    The message never repeats the value: postal codes of natural persons are personal data.
    """
    geo = _geography()
    if country not in geo.countries or country in geo.unvalidated_countries:
        return None
    if region is not None and region in geo.unvalidated_regions:
        return None
    pattern = geo.postal_formats.get(country)
    if pattern is None:
        return None
    if postal is None or postal == "":
        return f"postalCode is required for {country} addresses"
    if pattern.fullmatch(postal) is None:
        return f"postalCode does not have the {country} format {_POSTAL_SHAPES[country]}"
    return None


def is_military_address(city: str, region: str | None, country: str) -> bool:
    """True for a U.S. military or diplomatic address (S1 §5.1.3.1 r36, §5.1.3.2 r15).

    Such an address uses ``countryCode`` US, ``regionCode`` US-AA, US-AE or US-AP, and
    ``city`` APO, DPO or FPO; all three must hold.
    """
    return country == "US" and region in MILITARY_REGIONS and city in MILITARY_CITIES


__all__ = [
    "COUNTRIES",
    "REGION_COUNTRIES",
    "Region",
    "country_name",
    "is_country",
    "is_military_address",
    "is_valid_region",
    "postal_code_problem",
    "region_required",
    "regions_of",
]
