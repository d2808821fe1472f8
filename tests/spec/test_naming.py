"""Submission, feedback and report file names."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import FileNameError, InvalidArgument
from cais_sim.spec.enums import FileKind
from cais_sim.spec.naming import (
    FeedbackName,
    SubmissionName,
    format_submission_name,
    name_advice,
    parse_feedback_name,
    parse_report_name,
    parse_submission_name,
    reconciliation_report_name,
    report_file_names,
)


@pytest.mark.parametrize("name", ["123_999_20200101_CAIS_000123.json.bz2",
                                  "123_999_20200101_TIDS_000123.json.bz2",
                                  "123_456_20231201_Group11_CAIS_000129.json.bz2"])
def test_spec_examples_round_trip(name: str) -> None:
    assert parse_submission_name("/upload/" + name).file_name == name


def test_pairing() -> None:
    data = parse_submission_name("123_456_20231201_Group11_CAIS_000129.json.bz2")
    tids = data.partner()
    assert tids.kind is FileKind.TIDS
    assert tids.file_name == "123_456_20231201_Group11_TIDS_000129.json.bz2"
    assert data.pair_key == tids.pair_key


@given(st.integers(0, 10**12), st.integers(0, 10**9), st.dates(dt.date(2000, 1, 1)),
       st.one_of(st.none(), st.text("abcXYZ019", min_size=1, max_size=20)),
       st.sampled_from(FileKind), st.integers(0, 999_999))
def test_format_parse_round_trip(sub: int, crd: int, day: dt.date, group: str | None,
                                 kind: FileKind, number: int) -> None:
    name = format_submission_name(submitter_id=sub, reporter_crd=crd, generation_date=day,
                                  kind=kind, file_number=number, group=group)
    if group is not None and group.lower() == "caisweb":
        return
    assert parse_submission_name(name.file_name) == name


@pytest.mark.parametrize(
    ("name", "code"),
    [("1_2_20240102_CAIS_000001.json", 21010),
     ("1_2_20240102_CAIS_1.json.bz2", 21010),
     ("1_2_20240102_caisweb_CAIS_000001.json.bz2", 21010),
     ("1_2_20240102_TIDS_1.json.bz2", 21510),
     ("1_2_20241302_CAIS_000001.json.bz2", 21004),
     ("1_2_20241302_TIDS_000001.json.bz2", 21504),
     ("x_2_20240102_CAIS_000001.json.bz2", 21002),
     ("1_2_20240102_DATA_000001.json.bz2", 21010),
     ("1_2_20240102_a_b_CAIS_000001.json.bz2", 21010)],
)
def test_bad_names(name: str, code: int) -> None:
    with pytest.raises(FileNameError) as info:
        parse_submission_name(name)
    assert code in [c for c, _ in info.value.problems]


def test_future_date_and_portal_group() -> None:
    with pytest.raises(FileNameError, match="future"):
        parse_submission_name("1_2_20990101_CAIS_000001.json.bz2", today=dt.date(2024, 1, 1))
    parsed = parse_submission_name("1_2_20240102_caisweb_CAIS_000001.json.bz2", portal=True)
    assert parsed.group == "caisweb"
    assert name_advice(parse_submission_name("1_2_20240102_cais_CAIS_000001.json.bz2"))


def test_format_refuses_bad_values() -> None:
    with pytest.raises(InvalidArgument):
        format_submission_name(submitter_id=1, reporter_crd=2, generation_date=dt.date.today(),
                               kind=FileKind.CAIS, file_number=1_000_000)


def test_feedback_names() -> None:
    name = SubmissionName(1, 2, dt.date(2020, 1, 1), None, FileKind.CAIS, 123456)
    assert name.feedback_name(1) == "1_2_20200101_CAIS_123456.v1.feedback.json.bz2"
    assert parse_feedback_name(name.feedback_name(4)) == FeedbackName(name.base_name, 4)
    assert parse_feedback_name(name.feedback_name(2, 3)) == FeedbackName(name.base_name, 2, 3)
    with pytest.raises(FileNameError):
        parse_feedback_name("x.v5.feedback.json.bz2")


def test_report_names_match_the_specification_examples() -> None:
    names = report_file_names("OUTSTANDINGINCONSISTENCIES", 123, 456, 2, dt.date(2024, 4, 1))
    assert names.meta == "123_456_2_20240401_OUTSTANDINGINCONSISTENCIES_000001_meta.json"
    assert names.data == "123_456_2_20240401_OUTSTANDINGINCONSISTENCIES_000001_data.json.bz2"
    assert names.sentinel == "20240401_OUTSTANDINGINCONSISTENCIES_processed"
    refresh = report_file_names("FDIDREFRESHREPORT", 123, 456, None, dt.date(2025, 4, 3))
    assert refresh.meta == "123_456_456_20250403_FDIDREFRESHREPORT_000001_meta.json"
    parsed = parse_report_name(names.data)
    assert (parsed.correspondent_crd, parsed.file_type) == (2, "data")


def test_reconciliation_report_name_uses_eastern_abbreviation() -> None:
    summer = reconciliation_report_name(dt.datetime(2022, 7, 1, 15, 9, 48))
    assert summer == "FDID_reconciliation_report_20220701_150948_EDT.csv"
    utc = dt.datetime(2022, 1, 1, 20, 9, 48, tzinfo=dt.UTC)
    assert reconciliation_report_name(utc).endswith("20220101_150948_EST.csv")
