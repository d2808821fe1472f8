"""Typed whole-file loading: errors name the file and record, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cais_sim.files.typed import IntegrityFailure, RecordShapeError, read_data_file
from tests.files.conftest import HEADER

MakeFile = Callable[..., Path]


def test_integrity_failure_lists_the_conditions(bz_file: MakeFile) -> None:
    path = bz_file(b"{" + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":4') + b"}")
    with pytest.raises(IntegrityFailure) as info:
        read_data_file(path)
    assert [i.code for i in info.value.issues] == [21007]
    assert path.name in str(info.value)


def test_shape_error_names_file_list_and_position(bz_file: MakeFile) -> None:
    body = (b"{" + HEADER.replace(b'"fdidRecordCount":0', b'"fdidRecordCount":1')
            + b',"fdidRecordList":[{"fdidRecordID":1,"fdidType":"NOPE"}]}')
    path = bz_file(body)
    with pytest.raises(RecordShapeError, match=r"fdidRecordList\[1\]") as info:
        read_data_file(path)
    assert str(info.value).startswith(path.name)


def test_header_only_file_loads(bz_file: MakeFile) -> None:
    data = read_data_file(bz_file(b"{" + HEADER + b"}"))
    assert data.header.cat_reporter_crd == 123
    assert data.fdid_records == ()
