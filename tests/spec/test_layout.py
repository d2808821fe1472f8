"""File layouts per kind and schema version."""

from __future__ import annotations

from cais_sim.spec.enums import FileKind
from cais_sim.spec.layout import DATA_1_0_0, DATA_2_0_0, TIDS_2_0_0, layout_for


def test_layouts_by_kind_and_version() -> None:
    assert layout_for(FileKind.CAIS, "2.0.0") is DATA_2_0_0
    assert layout_for(FileKind.CAIS, "1.0.0") is DATA_1_0_0
    assert layout_for(FileKind.TIDS, "2.0.0") is TIDS_2_0_0
    assert layout_for(FileKind.TIDS, "1.0.0") is None


def test_count_codes() -> None:
    codes = {s.key: s.count_code for s in DATA_2_0_0.lists}
    assert codes == {"fdidRecordList": 21007, "naturalPersonCustomerList": 21016,
                     "legalEntityCustomerList": 21017, "correctionList": None}
    assert TIDS_2_0_0.lists[0].count_code == 21507


def test_ltid_phase_has_no_customers_or_correspondent() -> None:
    keys = DATA_1_0_0.top_level_keys
    assert "naturalPersonCustomerList" not in keys
    assert "correspondentCRD" not in keys
    assert "correctionList" in keys


def test_integrity_codes_differ_by_kind() -> None:
    assert (DATA_2_0_0.codes.unreadable, TIDS_2_0_0.codes.unreadable) == (21011, 21511)
    assert (DATA_2_0_0.codes.duplicate_key, TIDS_2_0_0.codes.duplicate_key) == (21019, 21516)
    assert TIDS_2_0_0.codes.submitter is None
