"""Countries, regions and postal codes of Address Records."""

from __future__ import annotations

import pytest

from cais_sim.spec import geography
from cais_sim.spec.geography import (
    COUNTRIES,
    country_name,
    is_country,
    is_military_address,
    is_valid_region,
    postal_code_problem,
    region_required,
    regions_of,
)

TERRITORIES = ["AS", "GU", "MP", "PR", "UM", "VI"]


def test_every_assigned_iso_3166_1_code_is_a_country() -> None:
    assert len(COUNTRIES) == 249
    assert all(len(c) == 2 and c.isascii() and c.isupper() for c in COUNTRIES)
    for code in ("US", "CA", "GB", "DE", "JP", "AX", "CW", "SS", "BQ", "AQ", *TERRITORIES):
        assert is_country(code), code
    assert country_name("GB") == "United Kingdom"


@pytest.mark.parametrize("code", ["us", "UK", "EU", "XK", "ZZ", "USA", "", " US"])
def test_non_codes_are_not_countries(code: str) -> None:
    assert not is_country(code)
    assert country_name(code) is None


def test_countries_attribute_is_cached_and_unknown_attributes_fail() -> None:
    assert geography.COUNTRIES == COUNTRIES
    with pytest.raises(AttributeError):
        _ = geography.NOT_THERE


def test_region_required_only_for_us_and_ca() -> None:
    assert region_required("US")
    assert region_required("CA")
    for country in ("GB", "MX", *TERRITORIES):
        assert not region_required(country), country


def test_us_regions_are_states_dc_territories_and_military() -> None:
    us = regions_of("US")
    kinds = [r.kind for r in us.values()]
    assert kinds.count("state") == 50
    assert kinds.count("district") == 1
    assert {c for c, r in us.items() if r.kind == "outlying area"} == {
        f"US-{t}" for t in TERRITORIES}
    assert {c for c, r in us.items() if r.kind == "military"} == {"US-AA", "US-AE", "US-AP"}
    assert len(us) == 60
    assert us["US-NY"].name == "New York"


def test_ca_has_thirteen_provinces_and_territories() -> None:
    ca = regions_of("CA")
    assert len(ca) == 13
    assert {r.kind for r in ca.values()} == {"province", "territory"}
    assert regions_of("GB") == {}


@pytest.mark.parametrize(
    ("country", "region", "valid"),
    [
        ("US", "US-NY", True),
        ("US", "US-DC", True),
        ("US", "US-PR", True),
        ("US", "US-AE", True),
        ("US", "NY", False),          # the AA-XX form is required (2.0 r5)
        ("US", "us-ny", False),
        ("US", "US-XX", False),
        ("US", "CA-ON", False),       # another country's subdivision
        ("US", "", False),
        ("CA", "CA-ON", True),
        ("CA", "CA-QC", True),
        ("CA", "ON", False),
        ("CA", "US-NY", False),
        ("GB", "SURREY", True),       # free text elsewhere (S1 §5.1.5 example)
        ("PR", "anything", True),     # no region validation for the territories
        ("ZZ", "US-NY", False),       # not a country
    ],
)
def test_region_validity(country: str, region: str, valid: bool) -> None:
    assert is_valid_region(country, region) is valid


@pytest.mark.parametrize(
    ("country", "postal", "region"),
    [
        ("US", "10001", "US-NY"),
        ("US", "20500-0003", "US-DC"),
        ("US", "09021", "US-AE"),     # military mail uses ordinary ZIP codes
        ("CA", "K1A 0B1", "CA-ON"),
        ("CA", "H2X1Y4", "CA-QC"),
        ("GB", "SW1A 1AA", None),     # not validated outside US and CA
        ("GB", None, None),           # optional there
        ("DE", "anything at all", None),
        ("PR", None, None),           # territory: no postal validation
        ("VI", "not-a-zip", None),
        ("US", None, "US-GU"),        # territory as a US subdivision
        ("US", "96910x", "US-GU"),
        ("ZZ", "whatever", None),     # unknown country is the country check's problem
    ],
)
def test_postal_codes_that_pass(country: str, postal: str | None, region: str | None) -> None:
    assert postal_code_problem(country, postal, region) is None


@pytest.mark.parametrize(
    ("country", "postal", "fragment"),
    [
        ("US", None, "required for US"),
        ("US", "", "required for US"),
        ("US", "1234", "US format"),
        ("US", "123456", "US format"),
        ("US", "12345-678", "US format"),
        ("US", "12345 6789", "US format"),
        ("US", "12345\n", "US format"),
        ("US", "١٢٣٤٥", "US format"),     # non-ASCII digits are not ZIP digits
        ("CA", None, "required for CA"),
        ("CA", "k1a 0b1", "CA format"),   # upper case only
        ("CA", "K1A  0B1", "CA format"),
        ("CA", "K1A-0B1", "CA format"),
        ("CA", "12345", "CA format"),
    ],
)
def test_postal_codes_that_fail(country: str, postal: str | None, fragment: str) -> None:
    problem = postal_code_problem(country, postal)
    assert problem is not None
    assert fragment in problem
    if postal:
        assert postal not in problem  # personal data is not echoed


@pytest.mark.parametrize(
    ("city", "region", "country", "military"),
    [
        ("APO", "US-AE", "US", True),
        ("FPO", "US-AP", "US", True),
        ("DPO", "US-AA", "US", True),
        ("APO", "US-NY", "US", False),
        ("New York", "US-AE", "US", False),
        ("APO", "US-AE", "DE", False),
        ("apo", "US-AE", "US", False),
        ("APO", None, "US", False),
    ],
)
def test_military_addresses(city: str, region: str | None, country: str,
                            military: bool) -> None:
    assert is_military_address(city, region, country) is military
