"""Multi-core bzip2: one standard stream, the same bytes whatever the thread count."""

from __future__ import annotations

import bz2
import io
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cais_sim.files.compress import ParallelBz2Writer, piece_size


def _compress(data: bytes, workers: int, level: int = 9, step: int = 65_536) -> bytes:
    out = io.BytesIO()
    writer = ParallelBz2Writer(out, level=level, workers=workers)
    for i in range(0, len(data), step):
        writer.write(data[i:i + step])
    writer.close()
    return out.getvalue()


def _single_stream(blob: bytes) -> bytes:
    dec = bz2.BZ2Decompressor()
    content = dec.decompress(blob)
    assert dec.eof
    assert dec.unused_data == b""
    return content


@pytest.mark.parametrize(
    "data",
    [b"", b"x", b"aaaa" * 300_000, random.Random(5).randbytes(2 * piece_size(9) + 17)],
    ids=["empty", "one-byte", "worst-case-runs", "several-blocks"],
)
def test_one_stream_and_thread_count_independent(data: bytes) -> None:
    one = _compress(data, workers=1)
    assert one == _compress(data, workers=2) == _compress(data, workers=3)
    assert _single_stream(one) == data


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=5000), st.integers(min_value=1, max_value=9))
def test_round_trip_any_bytes_any_level(data: bytes, level: int) -> None:
    assert _single_stream(_compress(data, workers=2, level=level, step=997)) == data


@pytest.mark.skipif(shutil.which("bzip2") is None, reason="bzip2 tool not installed")
def test_the_bzip2_tool_accepts_the_output(tmp_path: Path) -> None:
    path = tmp_path / "x.bz2"
    path.write_bytes(_compress(random.Random(1).randbytes(1_500_000), workers=2))
    subprocess.run(["bzip2", "-t", str(path)], check=True)


def test_invalid_level() -> None:
    with pytest.raises(ValueError, match="level"):
        ParallelBz2Writer(io.BytesIO(), level=0)
