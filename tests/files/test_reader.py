"""The streaming reader: records, header, and every file-level condition it reports."""

from __future__ import annotations

import bz2
from collections.abc import Callable
from pathlib import Path

import pytest

from cais_sim.files.reader import IntegrityIssue, SubmissionReader, read_summary
from tests.files.conftest import HEADER, TIDS_NAME

MakeFile = Callable[..., Path]


def _codes(path: Path, **kwargs: object) -> list[int]:
    return [issue.code for issue in read_summary(path, **kwargs).issues]  # type: ignore[arg-type]


def test_header_only_file_is_valid(bz_file: MakeFile) -> None:
    summary = read_summary(bz_file(b"{" + HEADER + b"}"))
    assert summary.ok
    assert summary.header["catReporterCRD"] == 123
    assert summary.version == "2.0.0"


def test_records_stream_in_order_with_positions(bz_file: MakeFile) -> None:
    body = (b'{"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,'
            b'"fdidRecordCount":2,"naturalPersonCustomerRecordCount":1,'
            b'"legalEntityCustomerRecordCount":0,'
            b'"fdidRecordList":[{"fdidRecordID":1},{"fdidRecordID":2,"x":{"a":[{"b":1}]}}],'
            b'"naturalPersonCustomerList":[{"customerRecordID":7}]}')
    reader = SubmissionReader(bz_file(body))
    records = list(reader)
    assert [(r.list_key, r.index, r.data) for r in records] == [
        ("fdidRecordList", 1, {"fdidRecordID": 1}),
        ("fdidRecordList", 2, {"fdidRecordID": 2, "x": {"a": [{"b": 1}]}}),
        ("naturalPersonCustomerList", 1, {"customerRecordID": 7}),
    ]
    assert body[records[1].offset:records[1].offset + 1] == b"{"
    assert reader.summary.ok


def test_any_key_order_and_whitespace(bz_file: MakeFile) -> None:
    body = (b'\n { "fdidRecordList" : [ \n {"fdidRecordID" : 1 } \n ] ,\n'
            b' "version":"2.0.0", "catReporterCRD": 123, "catSubmitterID" :99,\r\n'
            b'"fdidRecordCount": 1 ,"naturalPersonCustomerRecordCount":0,'
            b'"legalEntityCustomerRecordCount":0 }\n')
    reader = SubmissionReader(bz_file(body))
    assert [r.data for r in reader] == [{"fdidRecordID": 1}]
    assert reader.summary.ok


def test_braces_and_quotes_inside_strings(bz_file: MakeFile) -> None:
    tricky = '{"accountName":"a } b { \\" }}\\\\","n":{"s":"]["}}'
    body = (b'{"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,'
            b'"fdidRecordCount":2,"naturalPersonCustomerRecordCount":0,'
            b'"legalEntityCustomerRecordCount":0,"fdidRecordList":[' + tricky.encode()
            + b',{"accountName":"{{{"}]}')
    reader = SubmissionReader(bz_file(body))
    assert [r.data["accountName"] for r in reader] == ['a } b { " }}\\', "{{{"]
    assert reader.summary.ok


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,"fdidRecordCount":1,'
         b'"naturalPersonCustomerRecordCount":0,"legalEntityCustomerRecordCount":0}', 21007),
        (b'{"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,"fdidRecordCount":0,'
         b'"naturalPersonCustomerRecordCount":-1,"legalEntityCustomerRecordCount":0}', 21016),
        (b'{"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,"fdidRecordCount":0,'
         b'"naturalPersonCustomerRecordCount":0}', 21017),
        (b'{"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,"fdidRecordCount":0,'
         b'"naturalPersonCustomerRecordCount":0,"legalEntityCustomerRecordCount":0,'
         b'"legalEntityCustomerList":[{"customerRecordID":1}]}', 21017),
        (b'{"catReporterCRD":123,"catSubmitterID":99,"fdidRecordCount":0}', 21008),
        (b'{"version":"9.9.9"}', 21008),
        (b'{' + HEADER + b',"extra":1}', 21012),
        (b'{' + HEADER + b',"extra":{"deep":[1,2,{"x":"}"}]}}', 21012),
        (b'{' + HEADER.replace(b'"catReporterCRD":123', b'"catReporterCRD":"123"') + b'}', 21003),
        (b'{' + HEADER.replace(b'"catSubmitterID":99,', b"") + b"}", 21002),
        (b'{' + HEADER + b',"correspondentCRD":-5}', 21018),
        (b'{' + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":99999999999999999999')
         + b'}', 21007),
        (b'{' + HEADER + b',"version":"2.0.0"}', 21019),
    ],
    ids=["fdid-count", "np-count-negative", "le-count-missing", "le-count-mismatch",
         "version-missing", "version-unknown", "unknown-key", "unknown-nested-key",
         "crd-string", "submitter-missing", "correspondent-negative", "count-beyond-2^63",
         "duplicate-top-level-key"],
)
def test_file_level_conditions(bz_file: MakeFile, body: bytes, code: int) -> None:
    assert code in _codes(bz_file(body))


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b'{"version":"2.0.0"',
        b'{"version":"2.0.0",}',
        b'{' + HEADER + b'} trailing',
        b'{' + HEADER.replace(b'"catReporterCRD":123', b'"catReporterCRD":0123') + b'}',
        b'{' + HEADER + b',"fdidRecordList":[{"fdidRecordID":01}]}',
        b'{' + HEADER + b',"fdidRecordList":[{"accountName":"\xff\xfe"}]}',
        b'{' + HEADER + b',"fdidRecordList":[1,2]}',
        b'{' + HEADER + b',"fdidRecordList":{"a":1}}',
        b'{' + HEADER + b',"fdidRecordList":[{"a":1}',
        b'{' + HEADER + b',"fdidRecordList":[{"a":1} {"b":2}]}',
        b'{' + HEADER + b',"fdidRecordList":[{"a":"unterminated}]}',
    ],
    ids=["empty", "array", "truncated-header", "trailing-comma", "trailing-content",
         "leading-zero-header", "leading-zero-record", "non-utf8", "non-object-items",
         "list-not-array", "truncated-list", "missing-comma", "unterminated-string"],
)
def test_unreadable_json_is_21011(bz_file: MakeFile, body: bytes) -> None:
    assert _codes(bz_file(body)) == [21011]


def test_deep_nesting_is_unreadable_not_a_crash(bz_file: MakeFile) -> None:
    deep = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
    body = b'{' + HEADER + b',"fdidRecordList":[' + deep + b"]}"
    assert _codes(bz_file(body)) == [21011]


def test_duplicate_key_inside_a_record_names_the_record(bz_file: MakeFile) -> None:
    body = (b'{' + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":2')
            + b',"fdidRecordList":[{"a":1},{"addressList":[{"city":"X","city":"Y"}]}]}')
    issues = read_summary(bz_file(body)).issues
    assert [(i.code, i.list_key, i.index) for i in issues] == [(21019, "fdidRecordList", 2)]
    assert "city" in issues[0].message


def test_colon_inside_string_is_not_a_duplicate(bz_file: MakeFile) -> None:
    body = (b'{' + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":1')
            + b',"fdidRecordList":[{"accountName":"a\\":b", "city" : "x"}]}')
    assert read_summary(bz_file(body)).ok


def test_huge_number_in_a_record_is_left_to_record_validation(bz_file: MakeFile) -> None:
    body = (b'{' + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":1')
            + b',"fdidRecordList":[{"fdidRecordID":123456789012345678901234567890}]}')
    reader = SubmissionReader(bz_file(body))
    (record,) = list(reader)
    assert not isinstance(record.data["fdidRecordID"], int)
    assert reader.summary.ok


def test_record_size_limit(bz_file: MakeFile) -> None:
    big = b'{"accountName":"' + b"x" * 5000 + b'"}'
    body = (b'{' + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":1')
            + b',"fdidRecordList":[' + big + b"]}")
    path = bz_file(body)
    assert read_summary(path).ok
    issues = SubmissionReader(path, max_record_bytes=1000).read().issues
    assert [i.code for i in issues] == [21011]
    assert "larger than" in issues[0].message


def test_not_bzip2_is_21013(bz_file: MakeFile) -> None:
    path = bz_file(b"{" + HEADER + b"}", compress=False)
    assert _codes(path) == [21013]


def test_truncated_bzip2_is_21013(bz_file: MakeFile, tmp_path: Path) -> None:
    path = bz_file(b"{" + HEADER + b"}" + b" " * 100_000)
    path.write_bytes(path.read_bytes()[:-20])
    assert _codes(path) == [21013]


def test_concatenated_streams_read_as_one_file(tmp_path: Path) -> None:
    content = b"{" + HEADER + b"}"
    path = tmp_path / "99_123_20240102_CAIS_000001.json.bz2"
    path.write_bytes(bz2.compress(content[:10]) + bz2.compress(content[10:]))
    assert read_summary(path).ok


def test_decompression_bomb_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "99_123_20240102_CAIS_000001.json.bz2"
    comp = bz2.BZ2Compressor(9)
    parts = [comp.compress(b"{" + HEADER + b',"pad":"')]
    block = b"a" * (1 << 24)
    parts.extend(comp.compress(block) for _ in range(16))
    parts.append(comp.compress(b'"}') + comp.flush())
    path.write_bytes(b"".join(parts))
    assert path.stat().st_size < 100_000
    summary = SubmissionReader(path, max_uncompressed_bytes=50 << 20).read()
    assert [i.code for i in summary.issues] == [21011]
    assert summary.uncompressed_bytes <= 60 << 20


def test_tids_file_codes(bz_file: MakeFile) -> None:
    good = b'{"version":"2.0.0","tidRecordCount":1,"tidRecordList":[{"customerRecordID":1}]}'
    assert read_summary(bz_file(good, TIDS_NAME)).ok
    assert _codes(bz_file(b'{"version":"2.0.0","tidRecordCount":2,"tidRecordList":[{}]}',
                          TIDS_NAME)) == [21507]
    assert _codes(bz_file(b'{"version":"2.0.0","tidRecordCount":0,"catReporterCRD":1}',
                          TIDS_NAME)) == [21512]
    assert _codes(bz_file(b'{"version":"2.0.0"', TIDS_NAME)) == [21511]
    assert _codes(bz_file(b'{"tidRecordCount":0}', TIDS_NAME)) == [21508]
    assert _codes(bz_file(b"not bz2", TIDS_NAME, compress=False)) == [21513]
    dup = b'{"version":"2.0.0","tidRecordCount":1,"tidRecordList":[{"a":1,"a":1}]}'
    assert _codes(bz_file(dup, TIDS_NAME)) == [21516]


def test_ltid_phase_file_has_no_customer_lists(bz_file: MakeFile) -> None:
    ok = b'{"version":"1.0.0","catReporterCRD":1,"catSubmitterID":2,"fdidRecordCount":0}'
    assert read_summary(bz_file(ok)).ok
    with_customers = ok[:-1] + b',"naturalPersonCustomerList":[]}'
    assert _codes(bz_file(with_customers)) == [21012]


def test_issue_text_names_file_record_and_position(bz_file: MakeFile) -> None:
    body = b'{' + HEADER + b',"fdidRecordList":[{"a":1},{"b":01}]}'
    (issue,) = read_summary(bz_file(body)).issues
    assert isinstance(issue, IntegrityIssue)
    text = str(issue)
    assert text.startswith("99_123_20240102_CAIS_000001.json.bz2: 21011:")
    assert "fdidRecordList[2]" in text
    assert "byte" in text


def test_reader_iterates_once(bz_file: MakeFile) -> None:
    reader = SubmissionReader(bz_file(b"{" + HEADER + b"}"))
    list(reader)
    with pytest.raises(RuntimeError):
        list(reader)
