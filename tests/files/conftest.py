"""Helpers for building submission files byte by byte."""

from __future__ import annotations

import bz2
from collections.abc import Callable
from pathlib import Path

import pytest

DATA_NAME = "99_123_20240102_CAIS_000001.json.bz2"
TIDS_NAME = "99_123_20240102_TIDS_000001.json.bz2"

HEADER = (b'"version":"2.0.0","catReporterCRD":123,"catSubmitterID":99,'
          b'"fdidRecordCount":0,"naturalPersonCustomerRecordCount":0,'
          b'"legalEntityCustomerRecordCount":0')


@pytest.fixture
def bz_file(tmp_path: Path) -> Callable[..., Path]:
    """Write ``content`` bzip2-compressed under a Data (or TIDS) file name."""

    def make(content: bytes, name: str = DATA_NAME, *, compress: bool = True) -> Path:
        path = tmp_path / name
        path.write_bytes(bz2.compress(content) if compress else content)
        return path

    return make
