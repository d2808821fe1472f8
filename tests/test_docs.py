"""Generated documents match the data they are rendered from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cais_sim.internal.docgen import DOCUMENTS, ROOT, check


@pytest.mark.parametrize(("rel", "render"), list(DOCUMENTS.items()), ids=list(DOCUMENTS))
def test_checked_in_document_is_current(rel: str, render: Callable[[], str]) -> None:
    path = ROOT / rel
    assert path.is_file(), f"{rel} is missing: run `make docs`"
    assert path.read_text(encoding="utf-8") == render(), f"{rel} is stale: run `make docs`"


def test_rendering_is_deterministic() -> None:
    for render in DOCUMENTS.values():
        assert render() == render()


def test_check_names_missing_and_stale_documents(tmp_path: Path) -> None:
    assert check(tmp_path) == list(DOCUMENTS)
    for rel, render in DOCUMENTS.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(), encoding="utf-8")
    assert check(tmp_path) == []
    first = next(iter(DOCUMENTS))
    (tmp_path / first).write_text("edited by hand\n", encoding="utf-8")
    assert check(tmp_path) == [first]


def test_codes_page_covers_every_code() -> None:
    from cais_sim.spec.codes import catalog

    text = DOCUMENTS["docs/codes.md"]()
    assert "make docs" in text
    assert "cais_sim/spec/data/codes.toml" in text
    for code in catalog():
        assert f"\n| {code.code} |" in text, code.code
    assert "| 24915 | tid | warning | active |" in text
    assert "→ 22526 or 22502" in text
