"""The streaming writer: determinism, atomic output, counts, and round trips."""

from __future__ import annotations

import bz2
from pathlib import Path

import orjson
import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.files.reader import read_summary
from cais_sim.files.writer import SubmissionWriter, data_file_writer, tids_file_writer
from cais_sim.spec.enums import AddrType, EndReason, FdidType, FileKind, TidType
from cais_sim.spec.records import Address, FdidRecord, TidRecord
from cais_sim.spec.records_v1 import FdidRecordV1, LargeTraderV1

NAME = "9_1_20240102_CAIS_000001.json.bz2"


def _fdid(i: int) -> FdidRecord:
    return FdidRecord(
        fdid_record_id=i, firm_designated_id=f"F{i}", fdid_type=FdidType.ACCOUNT,
        account_type=(), account_name="x", fdid_date=20240102,
        address_list=(Address(addr_type=AddrType.ADDRESS1, addr_line1="1 A St", city="B",
                              country_code="US", region_code="US-NY", postal_code="10001"),),
    )


def _write(path: Path, n: int) -> bytes:
    with data_file_writer(path, reporter_crd=1, submitter_id=9) as w:
        for i in range(1, n + 1):
            w.add(_fdid(i))
    return path.read_bytes()


def test_same_records_give_identical_bytes(tmp_path: Path) -> None:
    first = _write(tmp_path / NAME, 50)
    (tmp_path / "b").mkdir()
    second = _write(tmp_path / "b" / NAME, 50)
    assert first == second


def test_header_comes_first_with_computed_counts(tmp_path: Path) -> None:
    content = bz2.decompress(_write(tmp_path / NAME, 3))
    assert content.startswith(b'{"version":"2.0.0","catReporterCRD":1,"catSubmitterID":9,'
                              b'"fdidRecordCount":3,"naturalPersonCustomerRecordCount":0,'
                              b'"legalEntityCustomerRecordCount":0,')
    doc = orjson.loads(content)
    assert [r["fdidRecordID"] for r in doc["fdidRecordList"]] == [1, 2, 3]
    assert "naturalPersonCustomerList" not in doc  # empty lists are conditional: left out


def test_records_in_any_order_are_grouped_by_list(tmp_path: Path) -> None:
    path = tmp_path / "9_1_20240102_TIDS_000001.json.bz2"
    with tids_file_writer(path) as w:
        for i in (3, 1, 2):
            w.add(TidRecord(customer_record_id=i, tid_type=TidType.EIN, tid_value="a" * 64))
    doc = orjson.loads(bz2.decompress(path.read_bytes()))
    assert doc["tidRecordCount"] == 3
    assert [r["customerRecordID"] for r in doc["tidRecordList"]] == [3, 1, 2]
    assert read_summary(path).ok


def test_failure_inside_the_block_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / NAME
    def produce() -> None:
        with data_file_writer(path, reporter_crd=1, submitter_id=9) as w:
            w.add(_fdid(1))
            raise RuntimeError("producer failed")

    with pytest.raises(RuntimeError):
        produce()
    assert list(tmp_path.iterdir()) == []


def test_wrong_record_kind_is_refused(tmp_path: Path) -> None:
    with data_file_writer(tmp_path / NAME, reporter_crd=1, submitter_id=9) as w, \
            pytest.raises(InvalidArgument, match="TidRecord"):
        w.add(TidRecord(customer_record_id=1, tid_type=TidType.EIN, tid_value="a" * 64))


def test_unknown_header_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="tidRecordCount"):
        SubmissionWriter(tmp_path / NAME, kind=FileKind.CAIS,
                         header={"catReporterCRD": 1, "catSubmitterID": 2,
                                 "tidRecordCount": 3})


def test_raw_records_keep_their_key_order(tmp_path: Path) -> None:
    path = tmp_path / NAME
    with data_file_writer(path, reporter_crd=1, submitter_id=9) as w:
        w.add_raw("fdidRecordList", {"zeta": 1, "alpha": "x"})
    content = bz2.decompress(path.read_bytes())
    assert b'{"zeta":1,"alpha":"x"}' in content


def test_ltid_phase_file(tmp_path: Path) -> None:
    path = tmp_path / NAME
    with data_file_writer(path, reporter_crd=1, submitter_id=9, version="1.0.0") as w:
        w.add(FdidRecordV1(
            fdid_record_id=1, firm_designated_id="L1", fdid_type=FdidType.ENTITY,
            fdid_date=20201214, fdid_end_date_null=True,
            large_trader_list=(LargeTraderV1(large_trader_record_id=1,
                                             large_trader_id="12345678-9012",
                                             ltid_effective_date=20201214,
                                             ltid_end_reason=EndReason.ENDED,
                                             ltid_end_date=20210101),),
        ))
        with pytest.raises(InvalidArgument):
            w.add(_fdid(2))
    doc = orjson.loads(bz2.decompress(path.read_bytes()))
    assert set(doc) == {"version", "catReporterCRD", "catSubmitterID", "fdidRecordCount",
                        "fdidRecordList"}
    assert doc["fdidRecordList"][0]["fdidEndDateNULL"] is True
    assert read_summary(path).ok
