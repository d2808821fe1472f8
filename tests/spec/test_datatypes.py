"""Data-type validators at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.spec import datatypes as t


@pytest.mark.parametrize(("value", "ok"), [(0, True), (2**63 - 1, True), (2**63, False),
                                           (-1, False), (True, False), (1.0, False),
                                           ("1", False)])
def test_unsigned(value: object, ok: bool) -> None:
    assert (t.unsigned(value) is None) is ok


@pytest.mark.parametrize(("token", "leading"), [("01", True), ("-01", True), ("00", True),
                                                ("0", False), ("10", False), ("0.5", False)])
def test_leading_zero(token: str, leading: bool) -> None:
    assert t.json_number_has_leading_zero(token) is leading


def test_text() -> None:
    check = t.text(40)
    assert check("x" * 40) is None
    assert check("x" * 41) is not None
    for bad in (",", "|", '"', "@", chr(31), chr(127), "é"):
        assert check("a" + bad) is not None, repr(bad)
    assert check(5) is not None


def test_extended_text() -> None:
    check = t.extended_text(10)
    assert check("Zoë, O'Neil"[:10]) is None
    for code, ok in ((31, False), (32, True), (126, True), (127, False), (159, False),
                     (160, True), (255, True), (256, False)):
        assert (check(chr(code)) is None) is ok, code


def test_alphanumeric_exact() -> None:
    assert t.alphanumeric(4, exact=True)("0123") is None
    assert t.alphanumeric(4, exact=True)("123") is not None
    assert t.alphanumeric(5)("FOR") is None
    assert t.alphanumeric(5)("A-1") is not None


@pytest.mark.parametrize(("value", "ok"), [(20240229, True), (20230229, False), (2024010, False),
                                           ("20240101", False), (99991231, True)])
def test_date(value: object, ok: bool) -> None:
    assert (t.date(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("20190617T000120", True), ("20190617 000120.000", True), ("20190617T000120.000000000", True),
     ("20190617T0120", False), ("20190617T000120.", False), ("20190617T240000", False),
     ("20190617T000120.0000000000", False), (20190617, False)],
)
def test_timestamp(value: object, ok: bool) -> None:
    assert (t.timestamp(value) is None) is ok


def test_year_hex_choice_array() -> None:
    assert t.year(1980) is None
    assert t.year(980) is not None
    assert t.hexadecimal(64)("aF" * 32) is None
    assert t.hexadecimal(64)("a" * 63) is not None
    assert t.choice(["A"])("a") is not None
    assert t.array_of(t.unsigned)([1, 2]) is None
    assert "item 2" in (t.array_of(t.unsigned)([1, -2]) or "")
    assert t.array_of(t.unsigned)([]) is not None


@pytest.mark.parametrize(("value", "ok"), [("EZAccount123", True), ("  ABC  ", True),
                                           ("pending", False), ("   ", False), ("a|b", False),
                                           ("x" * 41, False), ("1234\\ABCD", True)])
def test_firm_designated_id(value: str, ok: bool) -> None:
    assert (t.firm_designated_id(value) is None) is ok


@pytest.mark.parametrize(("value", "ok"), [("12345678-9012", True), ("ULT00001-0001", True),
                                           ("ULT0001-0001", False), ("x12345678-9012", False),
                                           ("ULTabcde-0001", False)])
def test_large_trader_id(value: str, ok: bool) -> None:
    assert (t.large_trader_id(value) is None) is ok


def test_ein_lei_country() -> None:
    assert t.ein_format("12-3456789") is None
    assert t.ein_format("123456789") is not None
    assert t.lei("5493001KJTIIGC8Y1R12") is None
    assert t.lei("5493001KJTIIGC8Y1R1") is not None
    assert t.country_code_shape("GB") is None
    assert t.country_code_shape("gb") is not None


@given(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
def test_cais_date_round_trip(day: dt.date) -> None:
    assert t.from_cais_date(t.to_cais_date(day)) == day


def test_from_cais_date_rejects() -> None:
    with pytest.raises(InvalidArgument):
        t.from_cais_date(20230230)


def test_timestamps_are_eastern() -> None:
    moment = dt.datetime(2024, 4, 1, 18, 0, tzinfo=dt.UTC)
    assert t.to_cais_timestamp(moment) == "20240401T140000.000000000"
    assert t.timestamp(t.to_cais_timestamp(moment)) is None
