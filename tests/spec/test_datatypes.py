"""Data-type validators at their boundaries (S1 §2.5.1 T3; digest a.9, a.10, b.4, d.2)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.spec import datatypes as t

EASTERN = ZoneInfo("America/New_York")


def ok(check: t.Check, value: object) -> bool:
    return check(value) is None


# --- Unsigned, leading zeros, Boolean --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [(0, True), (1, True), (2**63 - 1, True), (2**63, False), (-1, False), (True, False),
     (False, False), (1.0, False), ("1", False), (None, False)],
)
def test_unsigned(value: object, valid: bool) -> None:
    assert ok(t.unsigned, value) is valid


@pytest.mark.parametrize(
    ("token", "leading"),
    [("01", True), ("-01", True), ("00", True), ("007.5", True), ("0", False), ("10", False),
     ("0.5", False), ("-0", False), ("-0.5", False), ("0e5", False), ("100", False)],
)
def test_leading_zero_tokens(token: str, leading: bool) -> None:
    assert t.json_number_has_leading_zero(token) is leading
    assert t.json_number_has_leading_zero(token.encode()) is leading


def test_boolean() -> None:
    assert ok(t.boolean, True)
    assert ok(t.boolean, False)
    for bad in (0, 1, "true", None):
        assert not ok(t.boolean, bad)


# --- Text, Extended Text, Alphanumeric -----------------------------------------------------


def test_text_length_boundaries() -> None:
    check = t.text(40)
    assert ok(check, "x" * 40)
    assert check("x" * 41) == "longer than 40 characters"
    assert check("") == "must not be empty"
    assert ok(t.text(40, allow_empty=True), "")
    assert not ok(check, 5)


@pytest.mark.parametrize(
    ("code", "valid"),
    [(31, False), (32, True), (33, True), (34, False), (44, False), (64, False), (124, False),
     (126, True), (127, False), (159, False), (160, False), (233, False), (255, False)],
)
def test_text_characters(code: int, valid: bool) -> None:
    assert ok(t.text(10), f"a{chr(code)}b") is valid


def test_text_reason_names_the_forbidden_punctuation() -> None:
    assert "comma" in (t.text(10)("a,b") or "")
    assert "printable ASCII" in (t.text(10)("a\tb") or "")
    # A JSON "\\" decodes to one backslash, which is printable ASCII.
    assert ok(t.text(10), "1234\\ABCD")


@pytest.mark.parametrize(
    ("code", "valid"),
    [(0, False), (31, False), (32, True), (126, True), (127, False), (159, False),
     (160, True), (233, True), (255, True), (256, False), (0x20AC, False)],
)
def test_extended_text_characters(code: int, valid: bool) -> None:
    assert ok(t.extended_text(40), f"Zo{chr(code)}") is valid


def test_extended_text_length() -> None:
    check = t.extended_text(40)
    assert ok(check, "é" * 40)
    assert check("é" * 41) == "longer than 40 characters"
    assert not ok(check, "")
    assert ok(t.extended_text(40, allow_empty=True), "")
    assert ok(check, 'O"Neil, Zoë @ home | ÿ')


def test_alphanumeric() -> None:
    assert ok(t.alphanumeric(5), "FOR")
    assert ok(t.alphanumeric(5), "aZ09")
    assert not ok(t.alphanumeric(5), "ABCDEF")
    assert not ok(t.alphanumeric(5), "A-1")
    assert not ok(t.alphanumeric(5), "Aé")
    assert not ok(t.alphanumeric(5), "A١")
    assert not ok(t.alphanumeric(5), "")
    assert ok(t.alphanumeric(5, allow_empty=True), "")
    exact = t.alphanumeric(4, exact=True)
    assert ok(exact, "0123")
    assert exact("123") == "must be exactly 4 characters"
    assert exact("12345") == "must be exactly 4 characters"
    assert not ok(exact, "12-3")


# --- Date, Year, Timestamp -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [(20240229, True), (20230229, False), (19000229, False), (20000229, True),
     (20240431, False), (20241301, False), (20240100, False), (10000101, True),
     (10000000, False), (99991231, True), (9999999, False), (100000000, False),
     (2024010, False), ("20240101", False), (20240101.0, False), (True, False)],
)
def test_date(value: object, valid: bool) -> None:
    assert ok(t.date, value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [(1000, True), (1980, True), (9999, True), (999, False), (10000, False), (0, False),
     ("1980", False), (1980.0, False), (True, False)],
)
def test_year(value: object, valid: bool) -> None:
    assert ok(t.year, value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        # The examples of S1 T3 (digest a.10).
        ("20190617T000120", True),
        ("20190617T000120.000", True),
        ("20190617T000120.000000000", True),
        ("20190617T0120", False),
        ("20190617T000120.", False),
        # Space separator, fraction lengths, clock boundaries (00 accepted: discrepancy #6).
        ("20190617 000120", True),
        ("20190617 000120.5", True),
        ("20190617T000120.0000000000", False),
        ("20190617T000000", True),
        ("20190617T235959", True),
        ("20190617T240000", False),
        ("20190617T006000", False),
        ("20190617T000060", False),
        ("20190617t000120", False),
        ("20190617000120", False),
        ("20190230T000120", False),
        ("20240229T120000", True),
        ("20230229T120000", False),
        ("20190630T120000", True),
        ("20190631T120000", False),
        ("20190600T120000", False),
        ("20190017T120000", False),
        ("20191317T120000", False),
        ("00000101T120000", False),
        ("２0190617T000120", False),
        (" 20190617T000120", False),
        (20190617, False),
        (None, False),
    ],
)
def test_timestamp(value: object, valid: bool) -> None:
    assert ok(t.timestamp, value) is valid


def test_timestamp_length_limit() -> None:
    assert len("20190617T000120.000000000") == 25
    assert t.timestamp("20190617T000120.0000000000") == "longer than 25 characters"


# --- Hexadecimal, Choice, Array ------------------------------------------------------------


def test_hexadecimal() -> None:
    check = t.hexadecimal(64)
    assert ok(check, "aF" * 32)
    assert ok(check, "0" * 64)
    assert not ok(check, "a" * 63)
    assert not ok(check, "a" * 65)
    assert not ok(check, "g" * 64)
    assert not ok(check, "a" * 63 + "\n")
    assert not ok(check, 0)


def test_choice_is_exact() -> None:
    check = t.choice(["ACCOUNT", "RELATIONSHIP"])
    assert ok(check, "ACCOUNT")
    assert not ok(check, "account")
    assert not ok(check, " ACCOUNT")
    assert not ok(check, ["ACCOUNT"])


def test_array_of() -> None:
    check = t.array_of(t.unsigned)
    assert ok(check, [1, 2])
    assert check([1, -2, -3]) == "item 2 must be between 0 and 9223372036854775807"
    assert check([]) == "must hold at least 1 item"
    assert not ok(check, (1, 2))
    assert not ok(check, None)
    assert ok(t.array_of(t.unsigned, min_items=0), [])
    assert t.array_of(t.unsigned, min_items=2)([1]) == "must hold at least 2 items"
    nested = t.array_of(t.choice(["A", "B"]))
    assert nested(["A", "B", "C"]) == "item 3 is not one of the allowed values"


# --- Field formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [("EZAccount123", True), ("BFM1", True), ("  ABC  ", True), ("A B", True),
     ("x" * 40, True), ("x" * 41, False), (" " + "x" * 40, False),
     ("PENDING", False), ("pending", False), (" Pending ", False), ("PENDING1", True),
     ("", False), ("   ", False), ("a|b", False), ("a,b", False), ('a"b', False),
     ("a@b", False), ("1234\\ABCD", True), ("ab\ncd", False), ("ab\tcd", False),
     ("Zoë", False), (123, False), (None, False)],
)
def test_firm_designated_id(value: object, valid: bool) -> None:
    assert ok(t.firm_designated_id, value) is valid


def test_firm_designated_id_pattern_matches_published_schema() -> None:
    # S2/S3 firmDesignatedIdType; the check must agree with it on every sample.
    schema = re.compile(r'^((?![|\"@,])[\x20-\x7E]){1,40}$')
    samples = ["EZAccount123", "x" * 40, "x" * 41, "a|b", "a@b", "a,b", 'a"b', "~!#$%^&*()",
               "\x7f", "tab\there", "é"]
    for sample in samples:
        assert ok(t.firm_designated_id, sample) is bool(schema.match(sample)), sample


def test_normalize_fdid_trims_only_outer_spaces() -> None:
    assert t.normalize_fdid("  A B  ") == "A B"
    assert t.normalize_fdid("\tA") == "\tA"


@pytest.mark.parametrize(
    ("value", "valid"),
    [("12345678-9012", True), ("ULT00001-0001", True), ("ULTA1B2C-Z9Y8", True),
     ("ULT0001-0001", False), ("ULT000001-0001", False), ("x12345678-9012", False),
     ("12345678-90123", False), ("1234567-9012", False), ("ult00001-0001", False),
     ("ULTabcde-0001", False), ("12345678 9012", False), ("１2345678-9012", False),
     (12345678, False)],
)
def test_large_trader_id(value: object, valid: bool) -> None:
    assert ok(t.large_trader_id, value) is valid


def test_large_trader_id_is_anchored_unlike_the_published_pattern() -> None:
    published = re.compile(r"[0-9]{8}-[0-9]{4}|ULT[0-9A-Z]{5}-[0-9A-Z]{4}")
    assert published.search("junk12345678-9012junk")  # what discrepancy #2 is about
    assert not ok(t.large_trader_id, "junk12345678-9012junk")


def test_ein_lei_country() -> None:
    assert ok(t.ein_format, "12-3456789")
    bad: object
    for bad in ("123456789", "123-456789", "12-345678", "12-34567890", "AB-3456789", 12):
        assert not ok(t.ein_format, bad)
    assert ok(t.lei, "5493001KJTIIGC8Y1R12")
    assert ok(t.lei, "5493001KJTIIGC8Y1R13")  # wrong ISO 17442 check digits: shape only
    for bad in ("5493001KJTIIGC8Y1R1", "5493001KJTIIGC8Y1R123", "5493001KJTIIGC8Y1R-2", None):
        assert not ok(t.lei, bad)
    assert ok(t.country_code_shape, "GB")
    for bad in ("gb", "GBR", "G", "G1", "", None):
        assert not ok(t.country_code_shape, bad)


def test_field_checks_compose() -> None:
    ltids = t.array_of(t.large_trader_id)
    assert ok(ltids, ["12345678-9012", "ULT00001-0001"])
    assert ltids(["12345678-9012", "bad"]) == (
        "item 2 must be 99999999-9999 (LTID) or ULTXXXXX-XXXX (ULTID)")


MARKER = "Qz7"
CHECKS: list[t.Check] = [
    t.unsigned, t.boolean, t.text(10), t.extended_text(10), t.alphanumeric(10),
    t.alphanumeric(4, exact=True), t.date, t.year, t.timestamp, t.hexadecimal(64),
    t.choice(["A"]), t.array_of(t.text(5)), t.firm_designated_id, t.large_trader_id,
    t.ein_format, t.lei, t.country_code_shape,
]


@given(st.text(max_size=60).map(lambda s: MARKER + s))
def test_reasons_never_quote_the_value(value: str) -> None:
    for check in CHECKS:
        reason = check(value)
        assert reason is None or MARKER not in reason
    reason = CHECKS[11]([value])
    assert reason is None or MARKER not in reason


# --- Conversions ----------------------------------------------------------------------------


@given(st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
def test_cais_date_round_trip(day: dt.date) -> None:
    number = t.to_cais_date(day)
    assert t.date(number) is None
    assert t.from_cais_date(number) == day


def test_from_cais_date_rejects() -> None:
    assert t.to_cais_date(dt.date(2024, 1, 2)) == 20240102
    for bad in (20230230, 9991231, True):
        with pytest.raises(InvalidArgument):
            t.from_cais_date(bad)


def test_timestamps_are_eastern() -> None:
    summer = dt.datetime(2024, 4, 1, 18, 0, tzinfo=dt.UTC)
    assert t.to_cais_timestamp(summer) == "20240401T140000.000000000"
    winter = dt.datetime(2024, 1, 2, 18, 0, 5, 123456, tzinfo=dt.UTC)
    assert t.to_cais_timestamp(winter) == "20240102T130005.123456000"
    naive = dt.datetime(2020, 2, 4, 15, 22, 33, 45)
    assert t.to_cais_timestamp(naive) == "20200204T152233.000045000"
    aware_eastern = dt.datetime(2020, 2, 4, 15, 22, 33, tzinfo=EASTERN)
    assert t.to_cais_timestamp(aware_eastern) == "20200204T152233.000000000"


@given(st.datetimes(dt.datetime(1000, 1, 2), dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)))
def test_generated_timestamps_are_valid(moment: dt.datetime) -> None:
    stamp = t.to_cais_timestamp(moment)
    assert len(stamp) == 25
    assert t.timestamp(stamp) is None
