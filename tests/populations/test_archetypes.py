"""The archetype catalogue and the seeded population builder."""

from __future__ import annotations

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.populations import archetypes as a
from cais_sim.populations.factories import ArchetypeFactory, FirmFactory, seeded


def _firm(clearing: bool = True):  # type: ignore[no-untyped-def]
    with seeded(1):
        return FirmFactory(clearing=clearing)


def test_catalogue_names_are_stable_identifiers() -> None:
    names = a.archetype_names()
    assert len(names) == len(set(names)) >= 30
    for name in names:
        assert name == name.lower()
        assert " " not in name
        info = a.describe(name)
        assert issubclass(info.factory, ArchetypeFactory)
        assert info.summary


def test_unknown_archetype() -> None:
    with pytest.raises(InvalidArgument, match="unknown archetype"):
        a.describe("nope")
    with pytest.raises(InvalidArgument, match="unknown archetype"):
        a.build_archetype("nope", _firm())


def test_needs_correspondents() -> None:
    with pytest.raises(InvalidArgument, match="correspondents"):
        a.build_archetype("correspondent_account", _firm(clearing=False))
    fragment = a.build_archetype("correspondent_account", _firm())
    assert fragment.accounts[0].correspondent_crd in _firm().correspondents


def test_population_is_a_pure_function_of_seed_and_mix() -> None:
    firm = _firm()
    mix = {"individual": 3, "joint_with_poa": 2, "proprietary": 1}
    assert a.build_population(firm, mix, seed=4) == a.build_population(firm, mix, seed=4)
    assert a.build_population(firm, mix, seed=4) != a.build_population(firm, mix, seed=5)
    books = a.build_population(firm, list(mix.items()), seed=4)
    assert len(books.accounts) == 3 + 2 + 4
    assert books.problems() == []


def test_population_is_prefix_stable() -> None:
    firm = _firm()
    small = a.build_population(firm, {"individual": 5}, seed=7)
    large = a.build_population(firm, {"individual": 10}, seed=7)
    assert large.accounts[:5] == small.accounts
    assert large.parties[:5] == small.parties


def test_entity_depends_only_on_seed_and_index() -> None:
    firm = _firm()
    first = a.build_entity("trust_with_trustees", firm, seed=3, index=42)
    a.build_entity("individual", firm, seed=3, index=41)
    assert a.build_entity("trust_with_trustees", firm, seed=3, index=42) == first


def test_negative_count_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="negative"):
        a.build_population(_firm(), {"individual": -1}, seed=1)


def test_correspondent_account_rep_works_for_the_requested_correspondent() -> None:
    """A rep employed by the correspondent keeps EMPLOYEE/AUTHREP (FAQ Q62)."""
    import datetime as dt

    from cais_sim.populations import Books, FirmFactory, build_entity, render

    firm = FirmFactory(clearing=True)
    target = firm.correspondents[-1]
    fragment = build_entity("correspondent_account", firm, seed=3, index=0,
                            correspondent_crd=target)
    pair = render(Books.of(firm, [fragment]), as_of=dt.date(2024, 1, 2)).pairs[0]
    assert pair.data.header.correspondent_crd == target
    roles = [a.role.value for f in pair.data.fdid_records for a in f.fdid_customer_list]
    assert roles == ["TRDHOLDER", "AUTHREP"]
    assert ("EMPLOYEE",) in [tuple(t.value for t in c.customer_type)
                             for c in pair.data.natural_persons]
