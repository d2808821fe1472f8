"""Seeded factories: synthetic identifiers in valid ranges, reproducible builds."""

from __future__ import annotations

import re

import pytest

from cais_sim.populations import factories as f
from cais_sim.populations.books import Books, Fragment, IdKind, LegalEntity, NaturalPerson
from cais_sim.spec.geography import is_valid_region, postal_code_problem
from cais_sim.spec.tid import is_valid_ssn


def _lei_valid(lei: str) -> bool:
    """ISO 7064 mod 97-10 over the 20 characters (letters as 10-35)."""
    return int("".join(str(int(c, 36)) for c in lei)) % 97 == 1


def test_synthetic_identifiers_have_valid_shapes() -> None:
    with f.seeded(1):
        for _ in range(300):
            ssn = f.fake_ssn()
            assert is_valid_ssn(ssn)
            assert not ssn.startswith("9")
            itin = f.fake_itin()
            assert re.fullmatch(r"9[0-9]{2}-(7[0-9]|8[0-8])-[0-9]{4}", itin)
            assert is_valid_ssn(itin)
            assert re.fullmatch(r"[0-9]{2}-[0-9]{7}", f.fake_ein())
            lei = f.fake_lei()
            assert len(lei) == 20
            assert lei.isalnum()
            assert _lei_valid(lei)
            assert re.fullmatch(r"[0-9]{8}-[0-9]{4}", f.fake_ltid())
            assert re.fullmatch(r"ULT[0-9A-Z]{5}-[0-9A-Z]{4}", f.fake_ultid())


def test_seeded_builds_are_reproducible() -> None:
    def build() -> tuple[object, ...]:
        with f.seeded("same"):
            return (f.FirmFactory(clearing=True), f.JointWithPoaFactory(),
                    f.NaturalPersonFactory(foreign=True))
    assert build() == build()
    with f.seeded("other"):
        assert f.FirmFactory(clearing=True) != build()[0]


def test_entity_seed_is_stable_and_spread() -> None:
    assert f.entity_seed(1, 5) == f.entity_seed(1, 5)
    assert len({f.entity_seed(1, i) for i in range(1000)}) == 1000


def test_person_traits() -> None:
    with f.seeded(2):
        foreign = f.NaturalPersonFactory(foreign=True)
        single = f.NaturalPersonFactory(single_name=True)
        names_only = f.NaturalPersonFactory(names_only=True)
        minor = f.NaturalPersonFactory(minor=True)
    assert {i.kind for i in foreign.identifiers} == {IdKind.PASSPORT, IdKind.NATIONALID}
    assert all(i.country != "US" for i in foreign.identifiers)
    assert single.first_name is None
    assert names_only.identifiers == ()
    assert names_only.year_of_birth is None
    assert minor.year_of_birth is not None
    assert minor.year_of_birth >= 2010


def test_entity_traits() -> None:
    with f.seeded(3):
        trust = f.LegalEntityFactory(trust=True)
        foreign = f.LegalEntityFactory(foreign=True)
        bare = f.LegalEntityFactory(no_identifier=True)
    assert trust.is_trust_like
    assert IdKind.GIIN in {i.kind for i in foreign.identifiers}
    assert IdKind.EIN not in {i.kind for i in foreign.identifiers}
    assert bare.identifiers == ()


def test_addresses_are_valid_for_their_country() -> None:
    with f.seeded(4):
        people = [f.NaturalPersonFactory(foreign=bool(n % 2)) for n in range(60)]
        military = f.MilitaryAddressFactory()
    for person in people:
        address = person.addresses[0]
        assert 1 <= len(address.lines) <= 4
        assert all(len(line) <= 40 for line in address.lines)
        if address.country in ("US", "CA"):
            assert address.region is not None
            assert is_valid_region(address.country, address.region)
            assert postal_code_problem(address.country, address.postal_code,
                                       address.region) is None
    home = military.parties[0].addresses[0]
    assert home.city in ("APO", "DPO", "FPO")


def test_firm_traits() -> None:
    with f.seeded(5):
        clearing = f.FirmFactory(clearing=True)
        introducing = f.FirmFactory(introducing=True)
    assert 2 <= len(clearing.correspondents) <= 3
    assert introducing.clearing_number is None
    assert introducing.clearing_firm_number is not None
    assert introducing.clearing_firm_crd is not None


def test_archetype_ingredients_can_be_overridden() -> None:
    with f.seeded(6):
        firm = f.FirmFactory()
        person = f.NaturalPersonFactory(last_name="Override")
        fragment = f.IndividualFactory(firm=firm, holder=person)
    assert isinstance(fragment, Fragment)
    assert fragment.parties == (person,)
    assert fragment.accounts[0].roles[0].party_id == person.party_id
    assert Books.of(firm, [fragment]).problems() == []


def test_correspondent_crd_applies_to_every_account() -> None:
    with f.seeded(7):
        firm = f.FirmFactory(clearing=True)
        fragment = f.ProprietaryFactory(firm=firm, correspondent_crd=firm.correspondents[0])
    assert {a.correspondent_crd for a in fragment.accounts} == {firm.correspondents[0]}


def test_shared_ssn_entities_point_at_their_owner() -> None:
    with f.seeded(8):
        fragment = f.TrustsSharingSsnFactory()
    owner = fragment.parties[0]
    assert isinstance(owner, NaturalPerson)
    trusts = [p for p in fragment.parties if isinstance(p, LegalEntity)]
    assert len(trusts) == 2
    assert all(t.owner_party_id == owner.party_id for t in trusts)
    assert all(t.identifiers == owner.identifiers for t in trusts)


def test_correspondent_account_needs_correspondents() -> None:
    from cais_sim.errors import InvalidArgument
    with f.seeded(9), pytest.raises(InvalidArgument, match="correspondents"):
        f.CorrespondentAccountFactory(firm=f.FirmFactory())
