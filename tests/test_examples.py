"""The worked examples build, write and read back field for field."""

from __future__ import annotations

from pathlib import Path

from cais_sim.examples import demo_pair, spec_5_1_5_example
from cais_sim.files.reader import read_summary
from cais_sim.files.typed import read_data_file, read_tids_file
from cais_sim.files.writer import write_pair
from cais_sim.spec.enums import EndReason, FdidType, Role
from cais_sim.spec.tid import known_invalid_tid, tid_for_ssn


def test_spec_5_1_5_round_trip(tmp_path: Path) -> None:
    pair = spec_5_1_5_example()
    data_path, tids_path = write_pair(tmp_path, pair.data_name, pair.data, pair.tids)
    assert data_path.name == "99999_123456_20200101_CAIS_000123.json.bz2"
    assert tids_path.name == "99999_123456_20200101_TIDS_000123.json.bz2"
    assert read_data_file(data_path) == pair.data
    assert read_tids_file(tids_path) == pair.tids
    summary = read_summary(data_path)
    assert summary.ok
    assert summary.header == {
        "version": "2.0.0", "catReporterCRD": 123456, "catSubmitterID": 99999,
        "correspondentCRD": 3210, "fdidRecordCount": 3, "naturalPersonCustomerRecordCount": 3,
        "legalEntityCustomerRecordCount": 1,
    }
    assert summary.counts["correctionList"] == 2


def test_spec_5_1_5_structure_matches_the_digest() -> None:
    data = spec_5_1_5_example().data
    ez, entity, rel = data.fdid_records
    assert (ez.firm_designated_id, ez.fdid_type) == ("EZAccount123", FdidType.ACCOUNT)
    assert [(c.customer_record_id, c.role, c.has_discretion) for c in ez.fdid_customer_list] \
        == [(1, Role.TRDHOLDER, None), (4, Role.TRDHOLDER, None), (15, Role.AUTHREP, True)]
    assert len(ez.address_list) == 2
    assert len(ez.large_trader_list) == 2
    assert (entity.fdid_end_reason, entity.fdid_end_date) == (EndReason.ENDED, 20191201)
    assert entity.fdid_customer_list == ()
    assert rel.fdid_type is FdidType.RELATIONSHIP
    assert len(rel.large_trader_list) == 3
    assert rel.address_list[2].region_code == "SURREY"
    assert [c.rejection_id for c in data.corrections] == [1127, 821]


def test_spec_example_tids_are_the_published_out_of_range_vectors() -> None:
    tids = {t.customer_record_id: t for t in spec_5_1_5_example().tids.tid_records}
    assert tids[4].tid_value == tid_for_ssn("111-11-1111")
    assert known_invalid_tid(tids[4].tid_value)


def test_demo_pair_is_valid_and_deterministic(tmp_path: Path) -> None:
    one = demo_pair(seed=3)
    assert one == demo_pair(seed=3)
    assert one.tids != demo_pair(seed=4).tids
    data_path, tids_path = write_pair(tmp_path, one.data_name, one.data, one.tids)
    assert read_summary(data_path).ok
    assert read_summary(tids_path).ok
    assert not any(known_invalid_tid(t.tid_value) for t in one.tids.tid_records)
