"""The SQLite store: its layout version and its all-or-nothing transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cais_sim.backend.store import SCHEMA_VERSION, Store
from cais_sim.errors import InvalidArgument


def test_a_new_state_file_records_its_layout(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    assert store.get("schema") == str(SCHEMA_VERSION)
    store.close()
    # Reopening a file of the same layout is fine, and keeps what it holds.
    again = Store(tmp_path / "state.db")
    again.put("clock", "2024-01-02T10:00:00+00:00")
    again.close()
    assert Store(tmp_path / "state.db").get("clock") == "2024-01-02T10:00:00+00:00"


def test_a_state_file_of_another_layout_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('schema', '1')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(InvalidArgument, match=r"old\.db: state written with store layout 1"):
        Store(path)
    assert path.read_bytes() == before


def test_a_failed_transaction_leaves_nothing_behind() -> None:
    store = Store()

    def apply_then_fail() -> None:
        with store.transaction():
            store.put("k", "v")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        apply_then_fail()
    assert store.get("k") is None
