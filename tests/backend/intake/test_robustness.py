"""Bad input never crashes the simulator and never changes stored state."""

from __future__ import annotations

import bz2
import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.simulator import Simulator
from tests.pairs import account, data_doc, link, names, person, ssn, tids_doc, write, write_pair

CRD = SUB = 7001
START = dt.datetime(2024, 1, 2, 10, 0, tzinfo=ET)
_STATE_TABLES = ("fdids", "fdid_history", "fdid_addresses", "fdid_ltids", "associations",
                 "ccids", "customers", "customer_versions", "rejections", "inconsistencies")


def snapshot(sim: Simulator) -> dict[str, list[tuple[object, ...]]]:
    conn = sim.store.conn
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in _STATE_TABLES}


@pytest.fixture
def sim(tmp_path: Path) -> Simulator:
    simulator = Simulator(seed=3, clock=SimulatedClock(START))
    simulator.add_firm(CRD, submitter_id=SUB)
    folder = tmp_path / "base"
    folder.mkdir()
    data, tids = write_pair(folder, data_doc(CRD, SUB, [account(1, "ACC", [link(1)])],
                                             [person(1)]),
                            tids_doc([ssn(1, "123-45-6780")]), submitter=SUB, crd=CRD,
                            number=999)
    assert simulator.submit(data, tids).codes == []
    return simulator


def _submit_raw(sim: Simulator, tmp_path: Path, data: bytes | None = None,
                tids: bytes | None = None, *, raw_data: bytes | None = None):  # type: ignore[no-untyped-def]
    data_name, tids_name = names(SUB, CRD, 1)
    good_data = data_doc(CRD, SUB, [account(2, "NEW", [link(2)])], [person(2)])
    good_tids = tids_doc([ssn(2, "234-56-7891")])
    data_path = tmp_path / data_name
    if raw_data is not None:
        data_path.write_bytes(raw_data)
    else:
        write(tmp_path, data_name, data if data is not None else good_data)
    tids_path = write(tmp_path, tids_name, tids if tids is not None else good_tids)
    return sim.submit(data_path, tids_path)


@pytest.mark.triggers(21013)
def test_truncated_bz2(sim: Simulator, tmp_path: Path) -> None:
    before = snapshot(sim)
    whole = bz2.compress(b'{"version":"2.0.0"}' * 1000)
    result = _submit_raw(sim, tmp_path, raw_data=whole[: len(whole) // 2])
    assert result.status == "COMPLETED_INTEGRITY_ERROR"
    assert [c for c, _ in result.integrity_errors] == [21013]
    assert [c for c, _ in result.tids_integrity_errors] == [21514]
    assert snapshot(sim) == before


@pytest.mark.triggers(21011)
def test_non_utf8_bytes(sim: Simulator, tmp_path: Path) -> None:
    before = snapshot(sim)
    result = _submit_raw(sim, tmp_path, b'{"version":"2.0.0","catReporterCRD":7001,'
                                        b'"catSubmitterID":7001,"x":"\xff\xfe"}')
    assert result.exit_code == 2
    assert 21011 in [c for c, _ in result.integrity_errors]
    assert snapshot(sim) == before


def test_deep_nesting(sim: Simulator, tmp_path: Path) -> None:
    before = snapshot(sim)
    deep = b'{"version":"2.0.0","fdidRecordList":[' + b"[" * 10_000 + b"]" * 10_000 + b"]}"
    result = _submit_raw(sim, tmp_path, deep)
    assert result.exit_code == 2
    assert next(c for c, _ in result.integrity_errors) in (21011, 21012)
    assert snapshot(sim) == before


def test_decompression_bomb_of_two_gigabytes(sim: Simulator, tmp_path: Path) -> None:
    """2 GiB of zero bytes in 32 concatenated bzip2 streams: refused at the first byte."""
    before = snapshot(sim)
    stream = bz2.compress(bytes(64 << 20), 9)
    result = _submit_raw(sim, tmp_path, raw_data=stream * 32)
    assert result.exit_code == 2
    assert [c for c, _ in result.integrity_errors] == [21011]
    assert snapshot(sim) == before


@pytest.mark.triggers(21007)
def test_numbers_beyond_two_to_the_63(sim: Simulator, tmp_path: Path) -> None:
    before = snapshot(sim)
    doc = data_doc(CRD, SUB, [account(2, "NEW", [link(2)])], [person(2)])
    doc["fdidRecordCount"] = 2**64
    result = _submit_raw(sim, tmp_path, doc)
    assert [c for c, _ in result.integrity_errors] == [21007]
    assert snapshot(sim) == before


@pytest.mark.triggers(22003)
def test_big_number_inside_a_record_is_a_record_error(sim: Simulator, tmp_path: Path) -> None:
    doc = data_doc(CRD, SUB, [account(2**64, "NEW", [link(2)])], [person(2)])
    result = _submit_raw(sim, tmp_path, doc)
    assert result.status == "COMPLETED_WITH_REJECTIONS"
    assert 22003 in result.codes


def test_huge_string(sim: Simulator, tmp_path: Path) -> None:
    before = snapshot(sim)
    doc = data_doc(CRD, SUB, [account(2, "NEW", [link(2)], accountName="x" * (20 << 20))],
                   [person(2)])
    result = _submit_raw(sim, tmp_path, doc)
    assert result.exit_code == 2
    assert [c for c, _ in result.integrity_errors] == [21011]
    assert snapshot(sim) == before


def test_a_crash_mid_intake_leaves_the_previous_state(tmp_path: Path) -> None:
    """Kill the process while it loads the 6th of 20 FDIDs: nothing of the file remains."""
    state = tmp_path / "state.db"
    folder = tmp_path / "files"
    folder.mkdir()
    fdids = [account(i, f"ACC{i}", [link(i)]) for i in range(1, 21)]
    people = [person(i) for i in range(1, 21)]
    tids = [ssn(i, f"123-45-{6700 + i:04d}") for i in range(1, 21)]
    data, tids_path = write_pair(folder, data_doc(CRD, SUB, fdids, people), tids_doc(tids),
                                 submitter=SUB, crd=CRD)
    script = textwrap.dedent(f"""
        import datetime as dt, os
        from cais_sim.backend.calendar import ET
        from cais_sim.backend.clock import SimulatedClock
        from cais_sim.backend.intake import load
        from cais_sim.simulator import Simulator
        sim = Simulator(state={str(state)!r}, clock=SimulatedClock(
            dt.datetime(2024, 1, 2, 10, tzinfo=ET)))
        sim.add_firm({CRD}, submitter_id={SUB})
        original = load.Loader._load_fdid
        count = 0
        def crashing(self, record):
            global count
            count += 1
            if count == 6:
                os._exit(9)
            original(self, record)
        load.Loader._load_fdid = crashing
        sim.submit({str(data)!r}, {str(tids_path)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True)
    assert proc.returncode == 9, proc.stderr.decode()
    sim = Simulator(state=state)
    try:
        assert [f.crd for f in sim.firms()] == [CRD]
        for table in _STATE_TABLES:
            count = sim.store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            assert count == 0, table
        assert sim.store.conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0
    finally:
        sim.close()
