"""Specification revisions: parsing, canonical names, order, and the named revisions."""

from __future__ import annotations

import datetime as dt

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.spec.enums import ENUM_HISTORY
from cais_sim.spec.revisions import (
    KNOWN_REVISIONS,
    Revision,
    known_revision,
    parse_revision,
    published_on,
)

IN_ORDER = [
    "1.1", "1.1.1", "1.1.2", "1.2",
    "2.0-draft", "2.0-draft-r2", "2.0",
    "2.0r1", "2.0r2", "2.0r3", "2.0r4", "2.0r5", "2.0r6", "2.0r7", "2.0r8",
    "2.0r9", "2.0r9.2", "2.0r10",
    "2.1.0r1", "2.1.0r2", "2.1.0r3", "2.2.0r1", "2.2.0r4",
]


@pytest.mark.parametrize("name", IN_ORDER)
def test_canonical_names_round_trip(name: str) -> None:
    assert str(parse_revision(name)) == name


def test_order_follows_supersession_not_spelling() -> None:
    shuffled = sorted(IN_ORDER, reverse=True)  # string order: "2.0r9" > "2.0r10" etc.
    assert [str(r) for r in sorted(parse_revision(n) for n in shuffled)] == IN_ORDER


def test_point_revision_sits_between_its_neighbours() -> None:
    assert parse_revision("2.0r9") < parse_revision("2.0r9.2") < parse_revision("2.0r10")


def test_drafts_precede_the_final_text() -> None:
    assert parse_revision("1.2") < parse_revision("2.0-draft") < parse_revision("2.0-draft-r2")
    assert parse_revision("2.0-draft-r2") < parse_revision("2.0") < parse_revision("2.0r1")


def test_change_log_spellings_are_read_as_the_same_revision() -> None:
    assert parse_revision("2.0 r9.2") == parse_revision("2.0r9.2")
    assert str(parse_revision("2.2.0 r4")) == "2.2.0r4"
    assert str(parse_revision("draft 2.0 r2")) == "2.0-draft-r2"
    assert parse_revision("2.0") == parse_revision("2.0.0")
    assert len({parse_revision("2.0"), parse_revision("2.0.0")}) == 1


@pytest.mark.parametrize(
    "garbage",
    ["", "next", "v2", "2..0", "r7", "2.0r", "2.0-draft-", "02.0", "1.2.3.4", "2.0r1.2.3",
     "draft 2.0-draft", "2.0 beta"],
)
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(InvalidArgument, match="not a specification revision"):
        parse_revision(garbage)


def test_direct_construction_is_checked() -> None:
    assert str(Revision((2, 1, 0), release=(3,))) == "2.1.0r3"
    assert Revision((2, 0), draft=True).major == 2
    with pytest.raises(InvalidArgument):
        Revision(())
    with pytest.raises(InvalidArgument):
        Revision((2, 0), release=(9, 2, 1))


def test_every_enum_history_revision_parses() -> None:
    names = {n for info in ENUM_HISTORY for n in (info.added, info.removed) if n}
    assert {str(parse_revision(n)) for n in names} == names


def test_known_revisions_are_in_order_and_dated_where_the_material_says() -> None:
    revisions = [k.revision for k in KNOWN_REVISIONS]
    assert revisions == sorted(revisions)
    assert len(set(revisions)) == len(revisions)
    assert published_on("1.1") == dt.date(2020, 4, 21)
    assert published_on("1.1.1") == dt.date(2020, 6, 4)
    assert published_on("1.1.2") == dt.date(2020, 12, 2)
    assert published_on("2.0-draft") == dt.date(2020, 6, 30)
    assert published_on("2.0 r2") == dt.date(2021, 5, 7)
    assert published_on("2.0r9.2") == dt.date(2022, 9, 20)
    assert published_on("2.2.0r1") == dt.date(2024, 12, 17)
    assert published_on(parse_revision("2.2.0r4")) == dt.date(2025, 8, 14)
    assert published_on("2.0r7") is None
    assert all(k.source for k in KNOWN_REVISIONS)


def test_unnamed_revision_is_not_known() -> None:
    assert known_revision("2.0r8").revision == parse_revision("2.0r8")
    with pytest.raises(InvalidArgument, match="not named"):
        known_revision("2.0r3")
