"""The compress-as-you-go writer: same text as SubmissionWriter, one valid bzip2 stream,
bytes that do not depend on threads, atomic output."""

from __future__ import annotations

import bz2
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.files.reader import read_summary
from cais_sim.files.stream import (
    StreamingSubmissionWriter,
    streaming_data_file_writer,
    streaming_tids_file_writer,
)
from cais_sim.files.writer import data_file_writer, tids_file_writer
from cais_sim.spec.enums import AddrType, FdidType, FileKind, TidType
from cais_sim.spec.records import (
    Address,
    FdidRecord,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
)
from cais_sim.spec.records_v1 import FdidRecordV1

DATA = "9_1_20240102_CAIS_000001.json.bz2"
TIDS = "9_1_20240102_TIDS_000001.json.bz2"
_ADDRESS = Address(addr_type=AddrType.ADDRESS1, addr_line1="1 A St", city="B",
                   country_code="US", region_code="US-NY", postal_code="10001")


def _fdid(i: int) -> FdidRecord:
    return FdidRecord(fdid_record_id=i, firm_designated_id=f"F{i:07d}",
                      fdid_type=FdidType.ACCOUNT, account_type=(), account_name=f"acct {i}",
                      fdid_date=20240102, address_list=(_ADDRESS,))


def _person(i: int) -> NaturalPersonCustomer:
    return NaturalPersonCustomer(customer_record_id=i, first_name=f"F{i % 97}",
                                 last_name=f"L{i % 89}", year_of_birth=1950 + i % 50,
                                 address_list=(_ADDRESS,), customer_type=())


def _entity(i: int) -> LegalEntityCustomer:
    return LegalEntityCustomer(customer_record_id=i, legal_name=f"Co {i}",
                               address_list=(_ADDRESS,), customer_type=())


def _tid(i: int) -> TidRecord:
    return TidRecord(customer_record_id=i, tid_type=TidType.SSN_ITIN, tid_value=f"{i:064x}")


def _fill(writer: object, n: int) -> None:
    # Interleaved the way a generator produces them: account by account.
    for i in range(1, n + 1):
        writer.add(_fdid(i))  # type: ignore[attr-defined]
        writer.add(_person(i))  # type: ignore[attr-defined]
        if i % 5 == 0:
            writer.add(_entity(10_000 + i))  # type: ignore[attr-defined]
    writer.add_raw("fdidRecordList", {"fdidRecordID": "broken on purpose"})  # type: ignore[attr-defined]


def test_same_text_as_the_spooling_writer(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # Level 1 cuts 80 kB pieces, so every list spans several blocks.
    with data_file_writer(tmp_path / "a" / DATA, reporter_crd=1, submitter_id=9,
                          correspondent_crd=7, compresslevel=1) as spooled:
        _fill(spooled, 1500)
    with streaming_data_file_writer(tmp_path / "b" / DATA, reporter_crd=1, submitter_id=9,
                                    correspondent_crd=7, compresslevel=1) as streamed:
        _fill(streamed, 1500)
    expected = bz2.decompress((tmp_path / "a" / DATA).read_bytes())
    packed = (tmp_path / "b" / DATA).read_bytes()
    decompressor = bz2.BZ2Decompressor()
    assert decompressor.decompress(packed) == expected
    assert decompressor.eof  # one stream, nothing after it
    assert not decompressor.unused_data
    assert packed.startswith(b"BZh1")
    summary = streamed.summary
    assert summary is not None
    assert spooled.summary is not None
    assert summary.uncompressed_bytes == len(expected) == spooled.summary.uncompressed_bytes
    assert summary.compressed_bytes == len(packed)
    assert dict(summary.counts) == dict(spooled.summary.counts)
    read = read_summary(tmp_path / "b" / DATA)
    assert read.ok
    assert read.counts["fdidRecordList"] == 1501


@pytest.mark.parametrize("records", [0, 3])
def test_small_and_empty_files(tmp_path: Path, records: int) -> None:
    with streaming_tids_file_writer(tmp_path / TIDS) as writer:
        writer.add_all(_tid(i) for i in range(records))
    (tmp_path / "s").mkdir()
    with tids_file_writer(tmp_path / "s" / TIDS) as spooled:
        spooled.add_all(_tid(i) for i in range(records))
    text = bz2.decompress((tmp_path / TIDS).read_bytes())
    assert text == bz2.decompress((tmp_path / "s" / TIDS).read_bytes())
    assert orjson.loads(text)["tidRecordCount"] == records


def test_bytes_do_not_depend_on_threads(tmp_path: Path) -> None:
    outputs = []
    for workers in (1, 3):
        path = tmp_path / str(workers) / DATA
        path.parent.mkdir()
        with streaming_data_file_writer(path, reporter_crd=1, submitter_id=9, compresslevel=1,
                                        workers=workers) as writer:
            _fill(writer, 1200)
        outputs.append(path.read_bytes())
    with ThreadPoolExecutor(2) as pool:
        path = tmp_path / "shared" / DATA
        path.parent.mkdir()
        with streaming_data_file_writer(path, reporter_crd=1, submitter_id=9, compresslevel=1,
                                        executor=pool) as writer:
            _fill(writer, 1200)
        # A shared pool is the caller's: still usable after the writer closed.
        assert pool.submit(sum, [1, 2]).result() == 3
    outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_progress_figures_and_digest(tmp_path: Path) -> None:
    import hashlib

    writer = streaming_data_file_writer(tmp_path / DATA, reporter_crd=1, submitter_id=9)
    writer.add(_fdid(1))
    writer.add(_person(2))
    assert writer.counts == {"fdidRecordList": 1, "naturalPersonCustomerList": 1,
                             "legalEntityCustomerList": 0, "correctionList": 0}
    assert writer.raw_bytes > 0
    summary = writer.close()
    assert writer.close() is summary
    assert writer.sha256 == hashlib.sha256((tmp_path / DATA).read_bytes()).hexdigest()
    with pytest.raises(InvalidArgument, match="closed"):
        writer.add(_fdid(3))


def test_schema_1_file(tmp_path: Path) -> None:
    with streaming_data_file_writer(tmp_path / DATA, reporter_crd=1, submitter_id=9,
                                    version="1.0.0") as writer:
        writer.add(FdidRecordV1(fdid_record_id=1, firm_designated_id="A1",
                                fdid_type=FdidType.ACCOUNT, fdid_date=20240102))
    doc = orjson.loads(bz2.decompress((tmp_path / DATA).read_bytes()))
    assert doc["version"] == "1.0.0"
    assert doc["fdidRecordCount"] == 1


def _fail_midway(path: Path) -> StreamingSubmissionWriter:
    with streaming_data_file_writer(path, reporter_crd=1, submitter_id=9,
                                    compresslevel=1) as writer:
        _fill(writer, 800)
        raise RuntimeError(writer.path.name)


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="CAIS"):
        _fail_midway(tmp_path / DATA)
    assert list(tmp_path.iterdir()) == []
    writer = streaming_data_file_writer(tmp_path / DATA, reporter_crd=1, submitter_id=9)
    writer.add(_fdid(1))
    writer.abort()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidArgument, match="aborted"):
        writer.close()


def test_refusals(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="not part of schema"):
        StreamingSubmissionWriter(tmp_path / DATA, kind=FileKind.CAIS, header={"bogus": 1})
    with pytest.raises(InvalidArgument, match="layout"):
        StreamingSubmissionWriter(tmp_path / DATA, kind=FileKind.TIDS, header={},
                                  version="1.0.0")
    with pytest.raises(InvalidArgument, match="level"):
        StreamingSubmissionWriter(tmp_path / TIDS, kind=FileKind.TIDS, header={},
                                  compresslevel=0)
    writer = streaming_tids_file_writer(tmp_path / TIDS)
    with pytest.raises(InvalidArgument, match="do not belong"):
        writer.add(_fdid(1))
    writer.abort()


def test_extend_appends_a_whole_list_at_once(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    with streaming_data_file_writer(tmp_path / "one" / DATA, reporter_crd=1,
                                    submitter_id=9) as single:
        for i in range(1, 6):
            single.add(_fdid(i))
    with streaming_data_file_writer(tmp_path / DATA, reporter_crd=1, submitter_id=9) as batch:
        batch.extend("fdidRecordList", [_fdid(1), _fdid(2)])
        batch.extend("fdidRecordList", [])
        batch.extend("fdidRecordList", [_fdid(i) for i in range(3, 6)])
        with pytest.raises(InvalidArgument, match="do not belong"):
            batch.extend("naturalPersonCustomerList", [_fdid(9)])
    assert batch.counts["fdidRecordList"] == 5
    assert bz2.decompress((tmp_path / DATA).read_bytes()) == \
        bz2.decompress((tmp_path / "one" / DATA).read_bytes())
