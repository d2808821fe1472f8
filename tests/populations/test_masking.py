"""FDID masking and record numbering."""

from __future__ import annotations

import base64
import copy
import hashlib
import pickle

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


# --- the fast spelling and the reused keyed hash give the straightforward values --------------


def _reference_mask(masker: FdidMasker, number: str, generation: int = 0) -> str:
    """The mask as the module's docstring describes it, computed the plain way: a fresh
    keyed BLAKE2b per attempt, standard base 32, Crockford's alphabet."""
    key = hashlib.blake2b(b"i:" + str(masker.seed).encode(), digest_size=32,
                          person=b"cais-fdid-mask").digest()
    message = f"{generation}\x00{number}".encode()
    attempt = 0
    while True:
        digest = hashlib.blake2b(message + attempt.to_bytes(2, "big"), key=key,
                                 digest_size=20).digest()
        text = base64.b32encode(digest).decode()[:masker.length].translate(_CROCKFORD)
        value = masker.prefix + text
        if not shares_run(value, number):
            return value
        attempt += 1


_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ")


@given(number=st.text(alphabet="0123456789ABCDEFGHJK", min_size=1, max_size=24),
       seed=st.integers(0, 10**9), generation=st.integers(0, 3), length=st.integers(8, 32))
def test_mask_matches_the_plain_computation(number: str, seed: int, generation: int,
                                            length: int) -> None:
    masker = FdidMasker(seed=seed, prefix="QZ", length=length)
    assert masker.mask(number, generation) == _reference_mask(masker, number, generation)


def test_masker_survives_pickling_and_copying() -> None:
    masker = FdidMasker(seed=7, prefix="X", length=12)
    for twin in (pickle.loads(pickle.dumps(masker)), copy.deepcopy(masker), copy.copy(masker)):
        assert twin == masker
        assert twin.mask("55501234") == masker.mask("55501234")


@given(fdid=st.text(alphabet="0123456789ABCDEFabcdef", max_size=20),
       number=st.text(alphabet="0123456789ABCDEFabcdef", max_size=20), run=st.integers(1, 6))
def test_shares_run_is_a_search_for_any_run(fdid: str, number: str, run: int) -> None:
    folded, upper = fdid.upper(), number.upper()
    expected = (bool(upper) and upper in folded) if len(upper) < run else any(
        upper[i:i + run] in folded for i in range(len(upper) - run + 1))
    assert shares_run(fdid, number, run) is expected
