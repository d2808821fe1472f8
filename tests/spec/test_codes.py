"""The code catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cais_sim.spec.codes import CodeStatus, Severity, Stage, _load, catalog
from cais_sim.spec.effective import Environment

EXPECTED_BY_STAGE = {
    Stage.DATA_FILE_INTEGRITY: 20, Stage.TIDS_FILE_INTEGRITY: 15, Stage.DATA_LAYER: 4,
    Stage.CORRECTION_WARNING: 8, Stage.TIDS_WARNING: 17, Stage.INTRAFIRM_INCONSISTENCY: 3,
    Stage.INTERFIRM_INCONSISTENCY: 3, Stage.SYSTEM: 1,
}


def test_counts_by_stage() -> None:
    cat = catalog()
    for stage, count in EXPECTED_BY_STAGE.items():
        assert len(cat.by_stage(stage)) == count, stage
    assert [c.code for c in cat.by_stage(Stage.TIDS_WARNING)] == list(range(24901, 24918))


def test_ranges_are_complete() -> None:
    cat = catalog()
    for code in [*range(21001, 21015), *range(21016, 21022), 21501, 21504, 21505,
                 *range(21507, 21515), *range(21516, 21520), *range(22001, 22019),
                 *range(22034, 22078), *range(22501, 22505), *range(22507, 22511),
                 *range(22514, 22545), 22546, 22900, 22914, 23004, 23005, 23999, 24001,
                 24002, 24003, *range(24005, 24010), 30002, 30003, 30004, 40002, 40003,
                 40004]:
        if code in (22019, 22020, 22021, 22022, 22023, 22029, 22030, 22031, 22032, 22033):
            continue
        assert code in cat, code
    for missing in (21015, 22019, 22505, 22545, 24004):
        assert missing not in cat


def test_entries() -> None:
    cat = catalog()
    assert cat[24906].maps_to == (22900,)
    assert cat[24915].maps_to == (22526, 22502)
    assert cat[22001].repair == "correction-list"
    assert cat[22001].stops
    assert cat[22048].repair == "resubmit"
    assert cat[30002].severity is Severity.MATERIAL
    assert cat[21005].status is CodeStatus.RESERVED
    assert not cat[21005].locally_checkable
    assert not cat[22025].locally_checkable
    assert not cat[23999].locally_checkable
    assert cat[21009].locally_checkable
    assert "decompress" in cat.meaning(21013)


def test_in_force_by_environment_and_date() -> None:
    cat = catalog()
    prod = Environment.PRODUCTION
    assert 22503 in {c.code for c in cat.in_force(prod, dt.date(2023, 6, 1))}
    assert 22503 not in {c.code for c in cat.in_force(prod, dt.date(2024, 3, 1))}
    assert 21005 not in {c.code for c in cat.in_force(prod, dt.date(2020, 1, 1))}
    assert 22025 not in {c.code for c in cat.in_force(Environment.INDUSTRY_TEST,
                                                      dt.date(2024, 1, 1))}
    assert cat[22514].in_force(prod, dt.date(2023, 7, 12))
    assert not cat[22514].in_force(prod, dt.date(2023, 7, 11))


def test_unknown_code() -> None:
    with pytest.raises(KeyError, match="not a CAIS code"):
        catalog()[99999]


@pytest.mark.parametrize(
    ("entry", "message"),
    [('{code=1, stage="nope", record="file", severity="error", status="active", '
      'meaning="m", source="s"}', "code 1"),
     ('{code=2, stage="system", record="file", severity="error", status="active", '
      'meaning="m", source="s", color="red"}', "unknown keys"),
     ('{code=3, stage="system", record="file", severity="error", status="active"}',
      "missing keys")],
)
def test_malformed_catalog(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "codes.toml"
    path.write_text(f"codes = [\n{entry},\n]\n")
    with pytest.raises(ValueError, match=message):
        _load(path)


def test_duplicate_code(tmp_path: Path) -> None:
    row = ('{code=5, stage="system", record="file", severity="error", status="active", '
           'meaning="m", source="s"}')
    path = tmp_path / "codes.toml"
    path.write_text(f"codes = [\n{row},\n{row},\n]\n")
    with pytest.raises(ValueError, match="listed twice"):
        _load(path)
