"""File-integrity conditions: each rejects the pair and leaves the state alone."""

from __future__ import annotations

import bz2
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.simulator import Simulator
from tests.pairs import account, data_doc, link, names, person, ssn, tids_doc, write

CRD = SUB = 7001
AGENT = 8800
START = dt.datetime(2024, 1, 2, 10, 0, tzinfo=ET)
Doc = dict[str, Any]


def _docs() -> tuple[Doc, Doc]:
    return (data_doc(CRD, SUB, [account(1, "ACC", [link(1)])], [person(1)]),
            tids_doc([ssn(1, "123-45-6780")]))


def _edit_data(edit: Callable[[Doc], None]) -> Callable[[Doc, Doc], None]:
    def apply(data: Doc, tids: Doc) -> None:
        edit(data)
    return apply


def _edit_tids(edit: Callable[[Doc], None]) -> Callable[[Doc, Doc], None]:
    def apply(data: Doc, tids: Doc) -> None:
        edit(tids)
    return apply


def _set(key: str, value: object) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        doc[key] = value
    return edit


def _drop(key: str) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        doc.pop(key)
    return edit


CASES = [
    pytest.param(_edit_data(_set("catSubmitterID", 4242)), {}, [21002], [21514],
                 id="header-submitter-differs", marks=pytest.mark.triggers(21002)),
    pytest.param(_edit_data(_set("catReporterCRD", 4243)), {}, [21003], [21514],
                 id="header-crd-differs", marks=pytest.mark.triggers(21003)),
    # A version the other file does not share fails both files [S1 §5.1.3 r9].
    pytest.param(_edit_data(_set("version", "9.9.9")), {}, [21008], [21508],
                 id="bad-version", marks=pytest.mark.triggers(21008)),
    pytest.param(_edit_data(_set("bogus", 1)), {}, [21012], [21514],
                 id="unknown-data-key", marks=pytest.mark.triggers(21012)),
    pytest.param(_edit_data(_set("naturalPersonCustomerRecordCount", 5)), {}, [21016], [21514],
                 id="np-count", marks=pytest.mark.triggers(21016)),
    pytest.param(_edit_data(_set("legalEntityCustomerRecordCount", 5)), {}, [21017], [21514],
                 id="le-count", marks=pytest.mark.triggers(21017)),
    pytest.param(_edit_data(_set("correspondentCRD", -3)), {}, [21018], [21514],
                 id="bad-correspondent", marks=pytest.mark.triggers(21018)),
    pytest.param(_edit_tids(_set("tidRecordCount", 9)), {}, [21014], [21507],
                 id="tid-count", marks=pytest.mark.triggers(21507)),
    pytest.param(_edit_tids(_set("version", "9.9.9")), {}, [21008], [21508],
                 id="tids-version", marks=pytest.mark.triggers(21508)),
    pytest.param(_edit_tids(_set("extra", True)), {}, [21014], [21512],
                 id="unknown-tids-key", marks=pytest.mark.triggers(21512)),
    pytest.param(_edit_tids(_drop("tidRecordCount")), {}, [21014], [21507],
                 id="tids-count-missing"),
    pytest.param(None, {"data_name": "7001_7001_20240102_CAIS_1.json.bz2"}, [21010], [21514],
                 id="bad-data-name", marks=pytest.mark.triggers(21010)),
    pytest.param(None, {"data_name": "7001_7001_20990102_CAIS_000001.json.bz2",
                        "tids_name": "7001_7001_20990102_TIDS_000001.json.bz2"},
                 [21004], [21504], id="future-date",
                 marks=pytest.mark.triggers(21004, 21504)),
    pytest.param(None, {"tids_name": "7001_7001_20240102_TIDS_1.json.bz2"}, [21014], [21510],
                 id="bad-tids-name", marks=pytest.mark.triggers(21510)),
]


@pytest.mark.parametrize(("edit", "rename", "data_codes", "tids_codes"), CASES)
def test_integrity_condition(tmp_path: Path, edit: Callable[[Doc, Doc], None] | None,
                             rename: dict[str, str], data_codes: list[int],
                             tids_codes: list[int]) -> None:
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    data, tids = _docs()
    if edit is not None:
        edit(data, tids)
    data_name, tids_name = names(SUB, CRD, 1)
    data_path = write(tmp_path, data_name, data)
    tids_path = write(tmp_path, tids_name, tids)
    result = sim.submit(data_path, tids_path, submitter_id=SUB, **rename)
    assert result.status == "COMPLETED_INTEGRITY_ERROR"
    assert result.exit_code == 2
    assert sorted({c for c, _ in result.integrity_errors}) == data_codes
    assert sorted({c for c, _ in result.tids_integrity_errors}) == tids_codes
    assert sim.fdid(CRD, "ACC") is None
    tids_doc_ = result.tids_feedback[-1]
    assert tids_doc_["submissionStatus"] == "COMPLETED_INTEGRITY_ERROR"
    assert all(item["rejectionID"] is None for item in tids_doc_["rejectionItems"])


def _raw_pair(tmp_path: Path, data: bytes, tids: bytes) -> tuple[Path, Path]:
    data_name, tids_name = names(SUB, CRD, 1)
    (tmp_path / data_name).write_bytes(data)
    (tmp_path / tids_name).write_bytes(tids)
    return tmp_path / data_name, tmp_path / tids_name


@pytest.mark.triggers(21019, 21516, 21511, 21513)
def test_unreadable_and_duplicate_keys(tmp_path: Path) -> None:
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    good_tids = bz2.compress(b'{"version":"2.0.0","tidRecordCount":0,"tidRecordList":[]}')
    dup = bz2.compress(b'{"version":"2.0.0","version":"2.0.0","catReporterCRD":7001}')
    data, tids = _raw_pair(tmp_path, dup, good_tids)
    assert 21019 in [c for c, _ in sim.submit(data, tids).integrity_errors]
    header = (b'{"version":"2.0.0","catReporterCRD":7001,"catSubmitterID":7001,'
              b'"fdidRecordCount":0,"naturalPersonCustomerRecordCount":0,'
              b'"legalEntityCustomerRecordCount":0}')
    data, tids = _raw_pair(tmp_path, bz2.compress(header), bz2.compress(
        b'{"version":"2.0.0","tidRecordCount":0,"tidRecordCount":0}'))
    assert [c for c, _ in sim.submit(data, tids).tids_integrity_errors] == [21516]
    data, tids = _raw_pair(tmp_path, bz2.compress(header), bz2.compress(b"{not json"))
    assert [c for c, _ in sim.submit(data, tids).tids_integrity_errors] == [21511]
    data, tids = _raw_pair(tmp_path, bz2.compress(header), b"plain text, not bzip2")
    assert [c for c, _ in sim.submit(data, tids).tids_integrity_errors] == [21513]


@pytest.mark.triggers(21006)
def test_agent_needs_a_reporting_relationship(tmp_path: Path) -> None:
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    data, tids = _docs()
    data["catSubmitterID"] = AGENT
    data_name, tids_name = names(AGENT, CRD, 1)
    data_path, tids_path = write(tmp_path, data_name, data), write(tmp_path, tids_name, tids)
    refused = sim.submit(data_path, tids_path)
    assert [c for c, _ in refused.integrity_errors] == [21006]
    sim.add_relationship(AGENT, CRD, start=dt.date(2024, 1, 1))
    accepted = sim.submit(data_path, tids_path)
    assert accepted.status == "COMPLETED_WITHOUT_REJECTIONS"


def test_relationships_are_per_environment(tmp_path: Path) -> None:
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    sim.add_relationship(AGENT, CRD, envs=["test"])
    data, tids = _docs()
    data["catSubmitterID"] = AGENT
    data_name, tids_name = names(AGENT, CRD, 1)
    data_path, tids_path = write(tmp_path, data_name, data), write(tmp_path, tids_name, tids)
    assert sim.submit(data_path, tids_path, env="prod").integrity_errors[0][0] == 21006
    assert sim.submit(data_path, tids_path, env="test").exit_code == 0


@pytest.mark.triggers(21021)
def test_reset_in_progress(tmp_path: Path) -> None:
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    from cais_sim.spec.effective import Environment

    sim.registry.set_reset(Environment.INDUSTRY_TEST, CRD, True)
    data, tids = _docs()
    data_name, tids_name = names(SUB, CRD, 1)
    result = sim.submit(write(tmp_path, data_name, data), write(tmp_path, tids_name, tids))
    assert [c for c, _ in result.integrity_errors] == [21021]


@pytest.mark.triggers(21009, 21509)
def test_portal_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cais_sim.backend.intake import integrity

    assert integrity.PORTAL_RECORD_LIMIT == 100_000  # [S1 §5.1.3 r12, §5.1.4 r9]
    monkeypatch.setattr(integrity, "PORTAL_RECORD_LIMIT", 10)
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(CRD, submitter_id=SUB)
    count = 11
    fdids = [account(i, f"A{i}", [link(i)]) for i in range(1, count + 1)]
    people = [person(i) for i in range(1, count + 1)]
    tids = [ssn(i, "123-45-6780") for i in range(1, count + 1)]
    data_name, tids_name = names(SUB, CRD, 1)
    data_path = write(tmp_path, data_name, data_doc(CRD, SUB, fdids, people))
    tids_path = write(tmp_path, tids_name, tids_doc(tids))
    result = sim.submit(data_path, tids_path, channel="portal")
    assert [c for c, _ in result.integrity_errors] == [21009]
    assert [c for c, _ in result.tids_integrity_errors] == [21509]
    assert sim.submit(data_path, tids_path, channel="sftp").exit_code == 0


def test_unregistered_reporter(tmp_path: Path) -> None:
    sim = Simulator(clock=SimulatedClock(START))
    data, tids = _docs()
    data_name, tids_name = names(SUB, CRD, 1)
    result = sim.submit(write(tmp_path, data_name, data), write(tmp_path, tids_name, tids))
    assert [c for c, _ in result.integrity_errors] == [21003]
