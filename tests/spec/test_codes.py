"""The code catalog: completeness against the specification, entry facts, dates, loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cais_sim.spec.codes import (
    Code,
    CodeStatus,
    RecordKind,
    Severity,
    Stage,
    _load,
    catalog,
)
from cais_sim.spec.effective import Environment, Window

DATA_FILE_INTEGRITY = {*range(21001, 21015), *range(21016, 21022)}
TIDS_FILE_INTEGRITY = {21501, 21504, 21505, *range(21507, 21515), *range(21516, 21520)}
FDID_SIDE = {*range(22001, 22019), *range(22024, 22029), *range(22034, 22078)}
CUSTOMER_SIDE = {*range(22501, 22505), *range(22507, 22511), *range(22514, 22545), 22546,
                 22900, 22914}
DATA_LAYER = {23002, 23003, 23004, 23005}
CORRECTION_WARNINGS = {24001, 24002, 24003, *range(24005, 24010)}
TIDS_WARNINGS = set(range(24901, 24918))
INTRAFIRM = {30002, 30003, 30004}
INTERFIRM = {40002, 40003, 40004}

EXPECTED = {
    Stage.DATA_FILE_INTEGRITY: DATA_FILE_INTEGRITY,
    Stage.TIDS_FILE_INTEGRITY: TIDS_FILE_INTEGRITY,
    Stage.DATA_VALIDATION: FDID_SIDE | CUSTOMER_SIDE,
    Stage.DATA_LAYER: DATA_LAYER,
    Stage.SYSTEM: {23999},
    Stage.CORRECTION_WARNING: CORRECTION_WARNINGS,
    Stage.TIDS_WARNING: TIDS_WARNINGS,
    Stage.INTRAFIRM_INCONSISTENCY: INTRAFIRM,
    Stage.INTERFIRM_INCONSISTENCY: INTERFIRM,
}
RESERVED = {21005, 21020, 21505, 21517, 21518, 21519, 22053, 22066, 22070, 22536, 22537,
            22538, 22539}
RETIRED = {22025, 22026, 22027, 22051, 22062, 22063, 23002, 23003}

PROD = Environment.PRODUCTION
TEST = Environment.INDUSTRY_TEST


def codes_in_force(env: Environment, day: dt.date) -> set[int]:
    return {c.code for c in catalog().in_force(env, day)}


def test_catalog_is_loaded_once() -> None:
    assert catalog() is catalog()


def test_every_code_of_the_specification_is_present_and_nothing_else() -> None:
    expected = set().union(*EXPECTED.values())
    assert {c.code for c in catalog()} == expected
    assert len(catalog()) == len(expected) == 180


@pytest.mark.parametrize("stage", list(Stage), ids=str)
def test_codes_sit_in_their_stage(stage: Stage) -> None:
    assert {c.code for c in catalog().by_stage(stage)} == EXPECTED[stage]


def test_numbers_that_do_not_exist_are_absent() -> None:
    cat = catalog()
    for number in (21015, 21502, 21503, 21506, 21515, 22019, 22023, 22029, 22033, 22505,
                   22506, 22511, 22513, 22545, 23001, 24004, 30001, 40001):
        assert number not in cat, number
        assert cat.get(number) is None


def test_iteration_is_in_numeric_order() -> None:
    numbers = [c.code for c in catalog()]
    assert numbers == sorted(numbers)
    assert [c.code for c in catalog().by_stage(Stage.TIDS_WARNING)] == list(range(24901, 24918))


@pytest.mark.parametrize(
    ("number", "stage", "record", "severity"),
    [
        (21007, Stage.DATA_FILE_INTEGRITY, RecordKind.FILE, Severity.ERROR),
        (21513, Stage.TIDS_FILE_INTEGRITY, RecordKind.FILE, Severity.ERROR),
        (22006, Stage.DATA_VALIDATION, RecordKind.LTID, Severity.ERROR),
        (22037, Stage.DATA_VALIDATION, RecordKind.FDID_ADDRESS, Severity.ERROR),
        (22042, Stage.DATA_VALIDATION, RecordKind.ASSOCIATION, Severity.ERROR),
        (22073, Stage.DATA_VALIDATION, RecordKind.AUTH_TRADER_NAME, Severity.ERROR),
        (22504, Stage.DATA_VALIDATION, RecordKind.LEGAL_ENTITY, Severity.ERROR),
        (22510, Stage.DATA_VALIDATION, RecordKind.NATURAL_PERSON, Severity.ERROR),
        (22527, Stage.DATA_VALIDATION, RecordKind.CUSTOMER_ADDRESS, Severity.ERROR),
        (22526, Stage.DATA_VALIDATION, RecordKind.TID_LINK, Severity.ERROR),
        (23004, Stage.DATA_LAYER, RecordKind.FDID, Severity.ERROR),
        (23999, Stage.SYSTEM, RecordKind.ANY, Severity.ERROR),
        (24007, Stage.CORRECTION_WARNING, RecordKind.CORRECTION, Severity.WARNING),
        (24905, Stage.TIDS_WARNING, RecordKind.TID, Severity.WARNING),
        (30002, Stage.INTRAFIRM_INCONSISTENCY, RecordKind.NATURAL_PERSON, Severity.MATERIAL),
        (40003, Stage.INTERFIRM_INCONSISTENCY, RecordKind.LEGAL_ENTITY, Severity.MATERIAL),
    ],
)
def test_entry_classification(number: int, stage: Stage, record: RecordKind,
                              severity: Severity) -> None:
    code = catalog()[number]
    assert (code.stage, code.record, code.severity) == (stage, record, severity)


@pytest.mark.parametrize(
    ("number", "words"),
    [(21013, "bzip2"), (21021, "reset"), (22024, "own firmDesignatedID"),
     (22071, "TRDHOLDER"), (24906, "SSN/ITIN"), (30004, "foreign TID")],
)
def test_meaning(number: int, words: str) -> None:
    assert words in catalog().meaning(number)


def test_meanings_are_short_single_lines() -> None:
    for code in catalog():
        assert code.meaning.strip(), code.code
        assert "\n" not in code.meaning, code.code
        assert len(code.meaning) <= 120, code.code


def test_tids_warnings_name_the_error_their_customer_gets() -> None:
    cat = catalog()
    assert cat[24901].maps_to == (22526,)
    assert cat[24906].maps_to == (22900,)
    assert cat[24911].maps_to == (22914,)
    assert cat[24915].maps_to == (22526, 22502)
    assert cat[24916].maps_to == (22526, 22900, 22914)
    for code in cat:
        assert bool(code.maps_to) is (code.stage is Stage.TIDS_WARNING), code.code
        for target in code.maps_to:
            assert cat[target].stage is Stage.DATA_VALIDATION


def test_repair_routes() -> None:
    cat = catalog()
    assert {c.code for c in cat if c.repair == "correction-list"} == {
        22001, 22501, 22526, 22900, 22914}
    assert cat[22048].repair == "resubmit"
    assert cat[23004].repair == "resubmit"
    assert cat[30003].repair == "resubmit"
    for number in (21001, 21507, 24002, 24915, 22053):
        assert cat[number].repair == "none", number


def test_codes_that_stop_further_checks() -> None:
    stopping = {c.code for c in catalog() if c.stops}
    assert {22001, 22002, 22003, 22004, 22007, 22012, 22013, 22041, 22073, 22501, 22502,
            24914, 24915} <= stopping
    assert 22005 not in stopping
    assert 24901 not in stopping


def test_reserved_and_retired_numbers() -> None:
    cat = catalog()
    assert {c.code for c in cat if c.status is CodeStatus.RESERVED} == RESERVED
    assert {c.code for c in cat if c.status is CodeStatus.RETIRED} == RETIRED
    for number in RESERVED | RETIRED:
        assert not cat[number].locally_checkable, number
    for day in (dt.date(2020, 6, 1), dt.date(2023, 6, 1), dt.date(2026, 1, 1)):
        assert not (codes_in_force(PROD, day) & (RESERVED | RETIRED))


def test_revisions() -> None:
    cat = catalog()
    assert cat[22006].introduced == "1.1.1"
    assert (cat[21020].introduced, cat[21020].removed) == ("2.0r6", "2.0r10")
    assert cat[21005].removed == cat[21505].removed == "2.0r9.2"
    assert {cat[n].removed for n in (22025, 22026, 22027, 23002, 23003)} == {"2.0r2"}
    assert {cat[n].removed for n in (22051, 22062, 22063)} == {"2.0r7"}
    assert cat[21018].status is CodeStatus.ACTIVE
    assert "2.1.0r3" in cat[21018].notes
    assert "2.2.0r4" in cat[21018].notes


def test_locally_checkable() -> None:
    cat = catalog()
    assert cat[21021].locally_checkable
    assert cat[21009].locally_checkable
    assert cat[21509].locally_checkable
    assert cat[24005].locally_checkable
    assert cat[40002].locally_checkable
    assert not cat[23999].locally_checkable
    assert sum(c.locally_checkable for c in cat) == len(cat) - len(RESERVED | RETIRED) - 1


def test_retirement_of_update_notification_checks() -> None:
    for number in (22503, 22525):
        assert number in codes_in_force(PROD, dt.date(2023, 6, 1))
        assert number in codes_in_force(PROD, dt.date(2024, 2, 25))
        assert number not in codes_in_force(PROD, dt.date(2024, 2, 26))
        assert number not in codes_in_force(PROD, dt.date(2024, 3, 1))
        assert number not in codes_in_force(Environment.PRODUCTION_MIRROR,
                                            dt.date(2024, 3, 1))
        assert number not in codes_in_force(TEST, dt.date(2024, 3, 1))
        assert catalog()[number].effective.note


def test_customer_address_requirement_has_a_start_date() -> None:
    assert 22514 not in codes_in_force(PROD, dt.date(2023, 7, 11))
    assert 22514 in codes_in_force(PROD, dt.date(2023, 7, 12))
    assert 22514 in codes_in_force(TEST, dt.date(2023, 7, 12))


def test_undated_release_rollout_codes_stay_open_and_say_why() -> None:
    for number in (22543, 22544, 22546):
        code = catalog()[number]
        assert code.effective.test == code.effective.prod == Window()
        assert "Release Rollout" in code.effective.note
        assert number in codes_in_force(PROD, dt.date(2022, 1, 1))


def test_unknown_code_raises_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="99999 is not a CAIS code"):
        catalog()[99999]
    with pytest.raises(KeyError, match="99999"):
        catalog().meaning(99999)
    assert 99999 not in catalog()


def test_shipped_file_loads_from_disk_the_same() -> None:
    import cais_sim.spec.codes as module

    on_disk = _load(Path(module.__file__).parent / "data" / "codes.toml")
    assert list(on_disk) == list(catalog())


# --- validation of the data file ---------------------------------------------------------------

GOOD = ('code=22002, stage="data-validation", record="fdid", severity="error", '
        'status="active", stops=false, repair="resubmit", meaning="m", source="s"')


def write(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "codes.toml"
    body = "".join(f"{{{entry}}},\n" for entry in entries)
    path.write_text(f"codes = [\n{body}]\n", encoding="utf-8")
    return path


def test_a_minimal_valid_file_loads(tmp_path: Path) -> None:
    cat = _load(write(tmp_path, GOOD))
    code = cat[22002]
    assert isinstance(code, Code)
    assert code.maps_to == ()
    assert code.introduced is None
    assert code.effective.in_force(PROD, dt.date(2000, 1, 1))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (GOOD.replace('"data-validation"', '"nope"'), "code 22002: key 'stage': 'nope'"),
        (GOOD.replace('record="fdid"', 'record="account"'), "code 22002: key 'record'"),
        (GOOD.replace('status="active"', 'status="gone"'), "code 22002: key 'status'"),
        (GOOD + ', color="red"', "code 22002: key 'color': unknown key"),
        (GOOD.replace(', source="s"', ""), "code 22002: key 'source': missing"),
        (GOOD.replace("stops=false", 'stops="no"'), "code 22002: key 'stops'"),
        (GOOD.replace('"resubmit"', '"pray"'), "code 22002: key 'repair'"),
        (GOOD.replace('severity="error"', 'severity="warning"'), "code 22002: key 'severity'"),
        (GOOD + ", maps_to=[22900]", "code 22002: key 'maps_to'"),
        (GOOD + ', prod_until="2024-02-26"', "code 22002: key 'prod_until'"),
        (GOOD + ", prod_from=2024-02-26, prod_until=2024-01-01", "code 22002: key 'prod_until'"),
        (GOOD + ', introduced="soon"', "code 22002: key 'introduced'"),
        (GOOD + ', removed="2.0r2"', "code 22002: key 'removed'"),
        (GOOD.replace('"active"', '"retired"'), "code 22002: key 'removed'"),
        (GOOD.replace('meaning="m"', 'meaning="a\\nb"'), "code 22002: key 'meaning'"),
        (GOOD.replace("code=22002", 'code="22002"'), "entry 0: key 'code'"),
    ],
)
def test_malformed_entries_are_rejected_naming_code_and_key(
        tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _load(write(tmp_path, entry))


def test_duplicate_codes_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="code 22002: listed more than once"):
        _load(write(tmp_path, GOOD, GOOD))


def test_tids_warning_must_point_at_a_catalogued_error(tmp_path: Path) -> None:
    warning = ('code=24902, stage="tids-warning", record="tid", severity="warning", '
               'status="active", stops=false, repair="none", maps_to=[22900], '
               'meaning="m", source="s"')
    with pytest.raises(ValueError, match="code 24902: key 'maps_to': 22900"):
        _load(write(tmp_path, GOOD, warning))
    assert _load(write(tmp_path, GOOD.replace("22002", "22900"), warning))[24902].maps_to == (
        22900,)


def test_invalid_toml_and_shape(tmp_path: Path) -> None:
    path = tmp_path / "codes.toml"
    path.write_text("codes = [ {code=1,", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        _load(path)
    path.write_text("codes = 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'codes' array"):
        _load(path)
    path.write_text("codez = []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown top-level key 'codez'"):
        _load(path)
