"""The facade: three-line use, environments, latency of feedback stages, reset, SFTP tree."""

from __future__ import annotations

import bz2
import datetime as dt
import json
from pathlib import Path

from cais_sim import REALISTIC_LATENCY, SimulatedClock, Simulator
from cais_sim.backend.calendar import ET
from tests.pairs import account, data_doc, link, person, ssn, tids_doc, write_pair

START = dt.datetime(2024, 1, 2, 10, 0, tzinfo=ET)


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    return write_pair(tmp_path, data_doc(7001, 7001, [account(1, "ACC", [link(1)])], [person(1)]),
                      tids_doc([ssn(1, "123-45-6780")]), submitter=7001, crd=7001)


def test_three_lines(tmp_path: Path) -> None:
    data, tids = _pair(tmp_path)
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(7001, submitter_id=7001)
    assert sim.submit(data, tids).status == "COMPLETED_WITHOUT_REJECTIONS"


def test_environments_keep_separate_state(tmp_path: Path) -> None:
    data, tids = _pair(tmp_path)
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(7001, submitter_id=7001)
    sim.submit(data, tids, env="prod")
    assert sim.fdid(7001, "ACC", env="prod") is not None
    assert sim.fdid(7001, "ACC", env="test") is None
    # The same name may be used once per environment.
    assert sim.submit(data, tids, env="test").status == "COMPLETED_WITHOUT_REJECTIONS"


def test_feedback_versions_follow_the_clock(tmp_path: Path) -> None:
    data, tids = _pair(tmp_path)
    sim = Simulator(clock=SimulatedClock(START), latency=REALISTIC_LATENCY,
                    sftp_root=tmp_path / "sftp")
    sim.add_firm(7001, submitter_id=7001)
    result = sim.submit(data, tids)
    assert sim.feedback(result.submission_id) == []
    folder = tmp_path / "sftp" / "test" / "7001" / "cat" / "cais" / "feedback"
    sim.advance(START + dt.timedelta(minutes=10))
    assert [d["submissionStatus"] for _, d in sim.feedback(result.submission_id)] == [
        "FILE_ACKNOWLEDGED"]
    assert [p.name.split(".")[1] for p in sorted(folder.iterdir())] == ["v1"]
    sim.advance(START + dt.timedelta(minutes=30))
    assert len(sim.feedback(result.submission_id)) == 2
    sim.advance(START + dt.timedelta(hours=2))
    docs = sim.feedback(result.submission_id)
    assert [d["submissionStatus"] for _, d in docs][-1] == "COMPLETED_WITHOUT_REJECTIONS"
    assert docs[-1][1]["receiptTimestamp"] == "20240102T101000.000000000"
    assert len(list(folder.iterdir())) == 4
    tids_folder = tmp_path / "sftp" / "test" / "7001" / "cat" / "tid" / "feedback"
    final = sorted(tids_folder.iterdir())[-1]
    assert json.loads(bz2.decompress(final.read_bytes()))["submissionStatus"] == "COMPLETED"


def test_reset_forgets_everything(tmp_path: Path) -> None:
    data, tids = _pair(tmp_path)
    sim = Simulator(clock=SimulatedClock(START))
    sim.add_firm(7001, submitter_id=7001)
    sim.submit(data, tids)
    sim.reset()
    assert sim.firms() == []
    assert sim.fdid(7001, "ACC") is None


def test_same_seed_same_feedback(tmp_path: Path) -> None:
    data, tids = _pair(tmp_path)
    docs = []
    for _ in range(2):
        sim = Simulator(seed=11, clock=SimulatedClock(START))
        sim.add_firm(7001, submitter_id=7001)
        docs.append(sim.submit(data, tids).data_feedback)
    assert docs[0] == docs[1]
    assert docs[0][0]["submissionID"] == 10_011


def test_state_file_survives_the_process(tmp_path: Path) -> None:
    data, tids = _pair(tmp_path)
    state = tmp_path / "state.db"
    sim = Simulator(state=state, clock=SimulatedClock(START))
    sim.add_firm(7001, submitter_id=7001)
    sim.submit(data, tids)
    sim.close()
    again = Simulator(state=state, clock=SimulatedClock(START))
    assert again.fdid(7001, "ACC") is not None
    assert [r.crd for r in again.firms()] == [7001]


def test_agent_feedback_also_reaches_the_firm(tmp_path: Path) -> None:
    data, tids = write_pair(tmp_path, data_doc(7001, 8800, [account(1, "ACC", [link(1)])],
                                               [person(1)]),
                            tids_doc([ssn(1, "123-45-6780")]), submitter=8800, crd=7001)
    sim = Simulator(clock=SimulatedClock(START), sftp_root=tmp_path / "sftp")
    sim.add_firm(7001, submitter_id=7001)
    sim.add_relationship(8800, 7001)
    sim.submit(data, tids)
    agent = tmp_path / "sftp" / "test" / "8800" / "cat" / "cais" / "feedback"
    firm = tmp_path / "sftp" / "test" / "7001" / "cat" / "cais" / "feedback"
    assert len(list(agent.iterdir())) == 4
    assert len(list(firm.iterdir())) == 4
    assert not (tmp_path / "sftp" / "test" / "7001" / "cat" / "tid").exists()
