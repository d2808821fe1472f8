"""FDID masking and record numbering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.populations.masking import FdidMasker, RecordIds, shares_run
from cais_sim.populations.render import check_fdid


def test_mask_is_deterministic_per_seed_and_generation() -> None:
    masker = FdidMasker(seed=42)
    assert masker.mask("1234567890") == FdidMasker(seed=42).mask("1234567890")
    assert masker.mask("1234567890") != FdidMasker(seed=43).mask("1234567890")
    assert masker.mask("1234567890") != masker.mask("1234567890", generation=1)
    assert FdidMasker(seed="42").mask("1") != FdidMasker(seed=42).mask("1")
    assert FdidMasker(seed=b"42").mask("1") != FdidMasker(seed="42").mask("1")


def test_prefix_and_length() -> None:
    value = FdidMasker(seed=1, prefix="AC", length=10).mask("987")
    assert value.startswith("AC")
    assert len(value) == 12


@pytest.mark.parametrize("kwargs", [{"length": 7}, {"length": 33}, {"prefix": "A-B"},
                                    {"prefix": "X" * 30, "length": 16}])
def test_bad_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        FdidMasker(seed=1, **kwargs)  # type: ignore[arg-type]


def test_seed_must_be_int_str_or_bytes() -> None:
    with pytest.raises(InvalidArgument):
        FdidMasker(seed=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        FdidMasker(seed=1).mask("")


def test_shares_run() -> None:
    assert shares_run("AB1234CD", "99991234")
    assert not shares_run("AB123XCD", "99991234")
    assert shares_run("xab", "AB")  # short numbers: the whole number counts
    assert not shares_run("XYZ", "")


@given(number=st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=1, max_size=30),
       seed=st.integers(0, 10**6), generation=st.integers(0, 5))
def test_masked_fdid_never_shows_the_account_number(number: str, seed: int,
                                                    generation: int) -> None:
    value = FdidMasker(seed=seed).mask(number, generation)
    assert value != number
    assert not shares_run(value, number)  # FAQ M2: not even in part
    check_fdid(value)  # FDID character rules [S1 §3.11]


def test_record_ids_count_from_one_independently() -> None:
    ids = RecordIds()
    assert [ids.fdid(), ids.fdid(), ids.customer(), ids.fdid(), ids.customer()] == [1, 2, 1,
                                                                                    3, 2]
    later = RecordIds(next_fdid=100, next_customer=500)
    assert (later.fdid(), later.customer()) == (100, 500)
