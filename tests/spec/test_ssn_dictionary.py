"""The dictionary of invalid SSN/ITIN hashes (digest h.3) and the range checks that use it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.errors import InvalidArgument
from cais_sim.simulator import Simulator
from cais_sim.spec import ssn_dictionary
from cais_sim.spec.ssn_dictionary import SsnDictionary, build, invalid_count, invalid_numbers
from cais_sim.spec.tid import _sha256_hex as sha
from cais_sim.spec.tid import ssn_range_problem, tid_for_ein, tid_for_itin
from tests.pairs import account, data_doc, link, person, ssn, tids_doc, write_pair
from tests.rules.test_tids import check, codes, replaced, tid

#: A few areas: an ordinary one, one holding a named junk number, and an ITIN area.
AREAS = (5, 111, 912)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> SsnDictionary:
    return SsnDictionary(build(tmp_path_factory.mktemp("ssn") / "areas.u64", areas=AREAS))


@pytest.fixture
def active(small: SsnDictionary) -> Iterator[SsnDictionary]:
    ssn_dictionary.use(small.path, build_missing=False)
    yield small
    ssn_dictionary.use(None)


def test_counts_add_up_by_area() -> None:
    assert sum(1 for _ in invalid_numbers([0])) == 1_000_000
    assert sum(1 for _ in invalid_numbers([5])) == 10_000 + 99
    assert sum(1 for _ in invalid_numbers([111])) == 10_000 + 99 + 1  # 111-11-1111
    assert invalid_count() == 12_078_811


@settings(max_examples=300)
@given(area=st.sampled_from(AREAS), group=st.integers(0, 99), serial=st.integers(0, 9999))
def test_the_enumeration_is_exactly_the_range_rules(area: int, group: int, serial: int) -> None:
    text = f"{area:03d}-{group:02d}-{serial:04d}"
    listed = set(invalid_numbers([area]))
    assert (text in listed) == (ssn_range_problem(text) is not None)


def test_the_file_holds_each_number_once(small: SsnDictionary) -> None:
    assert len(small) == len(set(invalid_numbers(AREAS)))
    assert small.path.stat().st_size == 16 + 8 * len(small)


@pytest.mark.parametrize("number", ["005-00-1234", "005-12-0000", "111-11-1111",
                                    "912-00-0001"])
def test_invalid_numbers_are_recognised_in_either_case(small: SsnDictionary,
                                                         number: str) -> None:
    assert sha(number) in small
    assert sha(number).upper() in small


@pytest.mark.parametrize("value", [sha("005-12-3456"), tid_for_itin("912-78-1234"),
                                   tid_for_ein("12-3456789"), "not a hash", "f" * 64,
                                   "z" * 64])
def test_other_values_are_not(small: SsnDictionary, value: str) -> None:
    assert value not in small


def test_a_file_that_is_not_a_dictionary_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.u64"
    bogus.write_bytes(b"something else entirely")
    with pytest.raises(InvalidArgument, match=r"bogus\.u64: not an SSN dictionary"):
        SsnDictionary(bogus)
    with pytest.raises(InvalidArgument, match="no SSN dictionary there"):
        ssn_dictionary.use(tmp_path / "missing.u64", build_missing=False)
    ssn_dictionary.use(None)


def test_bad_areas_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="area 1000"):
        build(tmp_path / "x.u64", areas=[1000])


def test_without_a_dictionary_only_named_numbers_are_recognised() -> None:
    ssn_dictionary.use(None)
    assert codes(check(tid(value=sha("005-00-1234")))) == []
    assert codes(check(tid(value=sha("111-11-1111")))) == [24906]


def test_with_a_dictionary_every_out_of_range_number_draws_its_warning(
        active: SsnDictionary) -> None:
    assert codes(check(tid(value=sha("005-00-1234")))) == [24906]
    assert codes(check(tid(value=sha("005-12-3456")))) == []
    # The same hash under tidType EIN is an EIN hashed in SSN form [S1 §5.1.4 r4].
    assert codes(check(tid(tid_type="EIN", value=sha("005-00-1234")))) == [24907]
    assert 24912 in codes(check(replaced(new_value=sha("111-01-0000"))))


def test_the_environment_variable_names_the_file(small: SsnDictionary,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ssn_dictionary.ENV_VAR, str(small.path))
    monkeypatch.setattr(ssn_dictionary, "_LOADED_FROM_ENV", False)
    monkeypatch.setattr(ssn_dictionary, "_ACTIVE", None)
    assert ssn_dictionary.recognises(sha("912-00-0001"))
    assert ssn_dictionary.active() is not None


def test_an_intake_rejects_the_customer_of_an_out_of_range_ssn(active: SsnDictionary,
                                                               tmp_path: Path) -> None:
    sim = Simulator(clock=SimulatedClock(dt.datetime(2024, 1, 2, 10, 0, tzinfo=ET)))
    sim.add_firm(7001, submitter_id=7001)
    out_of_range = {"customerRecordID": 1, "tidType": "SSN/ITIN",
                    "tidValue": sha("005-00-1234")}
    data, tids = write_pair(
        tmp_path, data_doc(7001, 7001, [account(1, "A", [link(1)]), account(2, "B", [link(2)])],
                           [person(1), person(2)]),
        tids_doc([out_of_range, ssn(2, "234-56-7891")]), submitter=7001, crd=7001)
    result = sim.submit(data, tids)
    assert [(w["customerRecordID"], w["errorCode"]) for w in result.tids_warnings] == [
        ([1], 24906)]
    assert sorted((r.error_code, r.customer_record_ids) for r in result.rejections) == [
        (22048, (1,)), (22900, (1,))]
