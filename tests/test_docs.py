"""Generated documents are current."""

from __future__ import annotations

from cais_sim.internal.docgen import DOCUMENTS, ROOT, stale


def test_generated_documents_are_current() -> None:
    assert stale() == [], "run `make docs` and commit the result"


def test_documents_live_in_the_repository() -> None:
    for rel in DOCUMENTS:
        assert (ROOT / rel).is_file(), rel
