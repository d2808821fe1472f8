"""Submission, feedback and report file names (S1 §5.1.1, §6.1.2, §6.4.2, §6.5, §3.8.1, §6.7)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import FileNameError, InvalidArgument
from cais_sim.spec.enums import FileKind
from cais_sim.spec.naming import (
    REPORT_KINDS,
    FeedbackName,
    ReportName,
    SubmissionName,
    format_submission_name,
    name_advice,
    parse_feedback_name,
    parse_report_name,
    parse_report_sentinel,
    parse_submission_name,
    reconciliation_report_name,
    report_file_names,
)

MAX_UNSIGNED = 2**63 - 1


def codes(name: str, **kwargs: object) -> set[int | None]:
    with pytest.raises(FileNameError) as info:
        parse_submission_name(name, **kwargs)  # type: ignore[arg-type]
    assert info.value.name == name.replace("\\", "/").rpartition("/")[2]
    return {code for code, _ in info.value.problems}


# --- submission names: the specification's examples ---------------------------------------


def test_spec_example_data_file() -> None:
    name = parse_submission_name("123_999_20200101_CAIS_000123.json.bz2")
    assert name == SubmissionName(123, 999, dt.date(2020, 1, 1), None, FileKind.CAIS, 123)
    assert name.base_name == "123_999_20200101_CAIS_000123"
    assert name.file_name == str(name) == "123_999_20200101_CAIS_000123.json.bz2"
    assert name.partner().file_name == "123_999_20200101_TIDS_000123.json.bz2"


def test_spec_example_with_group() -> None:
    name = parse_submission_name("123_456_20231201_Group11_CAIS_000129.json.bz2")
    assert name == SubmissionName(123, 456, dt.date(2023, 12, 1), "Group11", FileKind.CAIS, 129)
    assert name.file_name == "123_456_20231201_Group11_CAIS_000129.json.bz2"
    tids = name.partner()
    assert tids.kind is FileKind.TIDS
    assert tids.file_name == "123_456_20231201_Group11_TIDS_000129.json.bz2"
    assert tids.partner() == name
    assert name.pair_key == tids.pair_key == (123, 456, dt.date(2023, 12, 1), "Group11", 129)


def test_directory_prefixes_are_ignored() -> None:
    expected = parse_submission_name("123_999_20200101_TIDS_000123.json.bz2")
    assert parse_submission_name("/sub/cat/tid/upload/123_999_20200101_TIDS_000123.json.bz2") \
        == expected
    assert parse_submission_name("C:\\out\\123_999_20200101_TIDS_000123.json.bz2") == expected


def test_group_takes_part_in_the_pair_key() -> None:
    plain = parse_submission_name("1_2_20240102_CAIS_000001.json.bz2")
    grouped = parse_submission_name("1_2_20240102_G1_TIDS_000001.json.bz2")
    assert plain.pair_key != grouped.pair_key


# --- round trips ----------------------------------------------------------------------------

groups = st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9]{1,20}", fullmatch=True))


@given(st.integers(0, MAX_UNSIGNED), st.integers(0, MAX_UNSIGNED),
       st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)), groups,
       st.sampled_from(FileKind), st.integers(0, 999_999))
def test_format_parse_round_trip(sub: int, crd: int, day: dt.date, group: str | None,
                                 kind: FileKind, number: int) -> None:
    portal = group is not None and group.lower() == "caisweb"
    name = format_submission_name(submitter_id=sub, reporter_crd=crd, generation_date=day,
                                  kind=kind, file_number=number, group=group, portal=portal)
    assert parse_submission_name(name.file_name, portal=portal) == name
    assert parse_submission_name(str(name.partner()), portal=portal) == name.partner()
    assert re.fullmatch(r"[0-9]+_[0-9]+_[0-9]{8}_([A-Za-z0-9]+_)?(CAIS|TIDS)_[0-9]{6}\.json\.bz2",
                        name.file_name)


@given(st.integers(0, 999_999), groups, st.integers(1, 4), st.integers(0, 1000))
def test_feedback_round_trip(number: int, group: str | None, version: int, resub: int) -> None:
    name = SubmissionName(7, 8, dt.date(2024, 1, 2), group, FileKind.TIDS, number)
    parsed = parse_feedback_name(name.feedback_name(version, resub))
    assert parsed == FeedbackName(name.base_name, version, resub)
    assert parsed.file_name == name.feedback_name(version, resub)


# --- submission names: problems -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Extensions.
        ("1_2_20240102_CAIS_000001.json", {21010}),
        ("1_2_20240102_CAIS_000001", {21010}),
        ("1_2_20240102_CAIS_000001.JSON.BZ2", {21010}),
        ("1_2_20240102_TIDS_000001.json.gz", {21510}),
        # Parts.
        ("1_2_CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_a_b_CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_DATA_000001.json.bz2", {21010}),
        ("1_2_20240102_cais_000001.json.bz2", {21010}),
        # File number.
        ("1_2_20240102_CAIS_1.json.bz2", {21010}),
        ("1_2_20240102_CAIS_0000001.json.bz2", {21010}),
        ("1_2_20240102_TIDS_00000a.json.bz2", {21510}),
        # Group.
        ("1_2_20240102__CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_G-1_CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_" + "G" * 21 + "_CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_caisweb_CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_CaisWeb_CAIS_000001.json.bz2", {21010}),
        ("1_2_20240102_caisweb_TIDS_000001.json.bz2", {21510}),
        # Generation date.
        ("1_2_20241302_CAIS_000001.json.bz2", {21004}),
        ("1_2_20230229_CAIS_000001.json.bz2", {21004}),
        ("1_2_2024010_CAIS_000001.json.bz2", {21004}),
        ("1_2_20241302_TIDS_000001.json.bz2", {21504}),
        # Submitter ID and Reporter CRD.
        ("x_2_20240102_CAIS_000001.json.bz2", {21002}),
        ("_2_20240102_CAIS_000001.json.bz2", {21002}),
        ("01_2_20240102_CAIS_000001.json.bz2", {21002}),
        (f"{2**63}_2_20240102_CAIS_000001.json.bz2", {21002}),
        ("1_y_20240102_CAIS_000001.json.bz2", {21003}),
        ("1_02_20240102_CAIS_000001.json.bz2", {21003}),
        ("x_y_20240102_TIDS_000001.json.bz2", {21510}),
    ],
)
def test_bad_names(name: str, expected: set[int]) -> None:
    assert codes(name) == expected


def test_every_problem_is_listed() -> None:
    found = codes("x_y_20241302_G-1_CAIS_12.json")
    assert found == {21002, 21003, 21004, 21010}
    with pytest.raises(FileNameError) as info:
        parse_submission_name("x_y_20241302_G-1_CAIS_12.json")
    assert len(info.value.problems) == 6
    assert str(info.value).startswith("x_y_20241302_G-1_CAIS_12.json: ")


def test_future_generation_date() -> None:
    today = dt.date(2024, 1, 2)
    assert codes("1_2_20240103_CAIS_000001.json.bz2", today=today) == {21004}
    assert codes("1_2_20240103_TIDS_000001.json.bz2", today=today) == {21504}
    assert parse_submission_name("1_2_20240102_CAIS_000001.json.bz2", today=today)
    assert parse_submission_name("1_2_20240103_CAIS_000001.json.bz2")  # no today, no check


def test_portal_may_use_the_reserved_group() -> None:
    parsed = parse_submission_name("1_2_20240102_caisweb_CAIS_000001.json.bz2", portal=True)
    assert parsed.group == "caisweb"


def test_name_advice() -> None:
    assert name_advice(parse_submission_name("1_2_20240102_cais_CAIS_000001.json.bz2"))
    assert name_advice(parse_submission_name("1_2_20240102_CAIS_TIDS_000001.json.bz2"))
    assert name_advice(parse_submission_name("1_2_20240102_Group11_CAIS_000001.json.bz2")) == []
    assert name_advice(parse_submission_name("1_2_20240102_CAIS_000001.json.bz2")) == []


@pytest.mark.parametrize(
    "changes",
    [{"file_number": 1_000_000}, {"file_number": -1}, {"file_number": True},
     {"submitter_id": -1}, {"submitter_id": 2**63}, {"submitter_id": True},
     {"reporter_crd": 1.0}, {"group": ""}, {"group": "a-b"}, {"group": "g" * 21},
     {"group": "CAISWEB"}, {"kind": "DATA"},
     {"generation_date": dt.datetime(2024, 1, 2, 3, 4)}, {"generation_date": 20240102}],
)
def test_format_refuses_bad_values(changes: dict[str, object]) -> None:
    arguments: dict[str, object] = {"submitter_id": 1, "reporter_crd": 2,
                                    "generation_date": dt.date(2024, 1, 2),
                                    "kind": FileKind.CAIS, "file_number": 1}
    arguments.update(changes)
    with pytest.raises(InvalidArgument):
        format_submission_name(**arguments)  # type: ignore[arg-type]


def test_format_accepts_kind_text_and_portal_group() -> None:
    name = format_submission_name(submitter_id=1, reporter_crd=2,
                                  generation_date=dt.date(2024, 1, 2), kind="TIDS",
                                  file_number=999_999, group="caisweb", portal=True)
    assert name.file_name == "1_2_20240102_caisweb_TIDS_999999.json.bz2"
    assert name.kind is FileKind.TIDS


# --- feedback names -------------------------------------------------------------------------


def test_feedback_names() -> None:
    name = SubmissionName(1, 2, dt.date(2020, 1, 1), None, FileKind.CAIS, 123)
    assert name.feedback_name(1) == "1_2_20200101_CAIS_000123.v1.feedback.json.bz2"
    assert name.feedback_name(4, 2) == "1_2_20200101_CAIS_000123_2.v4.feedback.json.bz2"
    assert str(FeedbackName(name.base_name, 3)) == "1_2_20200101_CAIS_000123.v3.feedback.json.bz2"
    assert parse_feedback_name(name.feedback_name(2)).submission() == name
    for version, resub in ((0, 0), (5, 0), (1, -1)):
        with pytest.raises(InvalidArgument):
            name.feedback_name(version, resub)


def test_spec_feedback_example_parses() -> None:
    # S1 §6.1.2 uses placeholders instead of numbers (digest g.4).
    parsed = parse_feedback_name("SUBID_MYID_20200101_CAIS_000123.v1.feedback.json.bz2")
    assert parsed == FeedbackName("SUBID_MYID_20200101_CAIS_000123", 1, 0)
    with pytest.raises(FileNameError):
        parsed.submission()
    tids = parse_feedback_name("/x/SUBID_MYID_20200101_TIDS_000123.v4.feedback.json.bz2")
    assert (tids.base_name, tids.version) == ("SUBID_MYID_20200101_TIDS_000123", 4)


@pytest.mark.parametrize(
    "bad",
    ["1_2_20200101_CAIS_000123.v5.feedback.json.bz2",
     "1_2_20200101_CAIS_000123.v0.feedback.json.bz2",
     "1_2_20200101_CAIS_000123.v1.feedback.json",
     "1_2_20200101_CAIS_000123_0.v1.feedback.json.bz2",
     "1_2_20200101_CAIS_000123.json.bz2",
     "1_2_20200101_DATA_000123.v1.feedback.json.bz2"],
)
def test_bad_feedback_names(bad: str) -> None:
    with pytest.raises(FileNameError):
        parse_feedback_name(bad)


# --- report names ---------------------------------------------------------------------------


def test_outstanding_inconsistencies_names_match_the_spec() -> None:
    names = report_file_names("OUTSTANDINGINCONSISTENCIES", 123, 456, 2, dt.date(2024, 4, 1), 1)
    assert names.meta == "123_456_2_20240401_OUTSTANDINGINCONSISTENCIES_000001_meta.json"
    assert names.data == "123_456_2_20240401_OUTSTANDINGINCONSISTENCIES_000001_data.json.bz2"
    assert names.sentinel == "20240401_OUTSTANDINGINCONSISTENCIES_processed"


def test_outstanding_rejections_names_match_the_spec() -> None:
    names = report_file_names("OUTSTANDINGREJECTIONS", 99999999, 555, 2, dt.date(2024, 4, 1))
    assert names.meta == "99999999_555_2_20240401_OUTSTANDINGREJECTIONS_000001_meta.json"
    assert names.data == "99999999_555_2_20240401_OUTSTANDINGREJECTIONS_000001_data.json.bz2"
    next_day = report_file_names("OUTSTANDINGREJECTIONS", 99999999, 555, 2, dt.date(2024, 4, 2))
    assert next_day.sentinel == "20240402_OUTSTANDINGREJECTIONS_processed"


def test_fdid_refresh_report_names_match_the_spec() -> None:
    names = report_file_names("FDIDREFRESHREPORT", 123, 456, 2, dt.date(2025, 4, 3), 1)
    assert names.meta == "123_456_2_20250403_FDIDREFRESHREPORT_000001_meta.json"
    assert names.data == "123_456_2_20250403_FDIDREFRESHREPORT_000001_data.json.bz2"
    assert names.sentinel == "20250403_FDIDREFRESHREPORT_processed"


def test_missing_correspondent_is_written_as_the_reporter() -> None:
    names = report_file_names("FDIDREFRESHREPORT", 123, 456, None, dt.date(2025, 4, 3), 2)
    assert names.meta == "123_456_456_20250403_FDIDREFRESHREPORT_000002_meta.json"
    assert parse_report_name(names.meta).correspondent_crd == 456


@pytest.mark.parametrize(
    "changes",
    [{"kind": "REFRESH"}, {"sequence": 0}, {"sequence": 1_000_000}, {"submitter_id": -1},
     {"correspondent_crd": -2}, {"reporter_crd": True}],
)
def test_report_names_refuse_bad_values(changes: dict[str, object]) -> None:
    arguments: dict[str, object] = {"kind": "OUTSTANDINGREJECTIONS", "submitter_id": 1,
                                    "reporter_crd": 2, "correspondent_crd": None,
                                    "generation_date": dt.date(2024, 4, 1), "sequence": 1}
    arguments.update(changes)
    with pytest.raises(InvalidArgument):
        report_file_names(**arguments)  # type: ignore[arg-type]


@given(st.sampled_from(REPORT_KINDS), st.integers(0, MAX_UNSIGNED),
       st.integers(0, MAX_UNSIGNED), st.integers(0, MAX_UNSIGNED),
       st.dates(dt.date(1000, 1, 1)), st.integers(1, 999_999))
def test_report_name_round_trip(kind: str, sub: int, crd: int, corr: int, day: dt.date,
                                seq: int) -> None:
    names = report_file_names(kind, sub, crd, corr, day, seq)  # type: ignore[arg-type]
    meta = parse_report_name(names.meta)
    data = parse_report_name("/sub/cat/cais/feedback/" + names.data)
    assert meta == ReportName(sub, crd, corr, day, kind, seq, "meta")  # type: ignore[arg-type]
    assert data == ReportName(sub, crd, corr, day, kind, seq, "data")  # type: ignore[arg-type]
    assert meta.names() == names
    assert parse_report_sentinel(names.sentinel) == (day, kind)


@pytest.mark.parametrize(
    "bad",
    ["123_456_2_20240401_OUTSTANDINGINCONSISTENCIES_000001_meta.json.bz2",
     "123_456_2_20240401_OUTSTANDINGINCONSISTENCIES_000001_data.json",
     "123_456_2_20241301_OUTSTANDINGINCONSISTENCIES_000001_meta.json",
     "123_456_2_20240401_OUTSTANDING_000001_meta.json",
     "123_456_2_20240401_FDIDREFRESHREPORT_000000_meta.json",
     "123_456_20240401_FDIDREFRESHREPORT_000001_meta.json",
     "123_456_20231201_CAIS_000129.json.bz2"],
)
def test_bad_report_names(bad: str) -> None:
    with pytest.raises(FileNameError):
        parse_report_name(bad)


def test_bad_sentinels() -> None:
    for bad in ("20240401_OUTSTANDINGINCONSISTENCIES", "20241301_FDIDREFRESHREPORT_processed",
                "20240401_CAIS_processed"):
        with pytest.raises(FileNameError):
            parse_report_sentinel(bad)


# --- FDID Reconciliation Report -------------------------------------------------------------


def test_reconciliation_report_name_shape() -> None:
    # The spec's example is FDID_reconciliation_report_20220101_150948_EDT.csv; 1 January is
    # never EDT, so the shape is reproduced with a summer date.
    name = reconciliation_report_name(dt.datetime(2022, 7, 1, 15, 9, 48))
    assert name == "FDID_reconciliation_report_20220701_150948_EDT.csv"
    winter = reconciliation_report_name(dt.datetime(2022, 1, 1, 15, 9, 48))
    assert winter == "FDID_reconciliation_report_20220101_150948_EST.csv"


def test_reconciliation_report_name_converts_aware_times() -> None:
    utc = dt.datetime(2022, 1, 1, 20, 9, 48, tzinfo=dt.UTC)
    assert reconciliation_report_name(utc) == "FDID_reconciliation_report_20220101_150948_EST.csv"
    utc_summer = dt.datetime(2022, 7, 1, 19, 9, 48, tzinfo=dt.UTC)
    assert reconciliation_report_name(utc_summer).endswith("_20220701_150948_EDT.csv")


def test_reconciliation_report_name_in_the_repeated_hour() -> None:
    first = dt.datetime(2022, 11, 6, 1, 30, 0)
    assert reconciliation_report_name(first).endswith("_013000_EDT.csv")
    assert reconciliation_report_name(first.replace(fold=1)).endswith("_013000_EST.csv")
