"""The books-and-records model: lookups, composition and self-consistency."""

from __future__ import annotations

import datetime as dt

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.populations.books import (
    Account,
    AccountClosed,
    Books,
    Capacity,
    EntityForm,
    Firm,
    Fragment,
    Identifier,
    IdKind,
    LegalEntity,
    NaturalPerson,
    PartyAddressChanged,
    PostalAddress,
    Role,
)
from cais_sim.spec.enums import AccountType, NameSuffix

HOME = PostalAddress(("1 Main Street",), "Albany", "US", "US-NY", "12207")
MAIL = PostalAddress(("PO Box 9",), "Albany", "US", "US-NY", "12201")
DAY = dt.date(2021, 3, 1)


def _firm(**extra: object) -> Firm:
    return Firm(crd=12345, name="Example Securities LLC", submitter_id=999,
                form_bd_address=HOME, ein="12-3456789", **extra)  # type: ignore[arg-type]


def test_firm_as_party_carries_form_bd_addresses_and_identifiers() -> None:
    party = _firm(form_bd_mailing_address=MAIL, lei="5493001KJTIIGC8Y1R12").as_party()
    assert party.addresses == (HOME, MAIL)
    assert [i.kind for i in party.identifiers] == [IdKind.EIN, IdKind.LEI]
    assert party.crd == 12345
    assert party.party_id == "firm:12345"


def test_identifier_value_never_in_repr() -> None:
    ident = Identifier(IdKind.SSN, "123-45-6780")
    assert "6780" not in repr(ident)
    assert "12-3456789" not in repr(_firm())


def test_display_name_joins_parts_and_suffix() -> None:
    person = NaturalPerson("p", "Doe", "John", "William", NameSuffix.JUNIOR)
    assert person.display_name == "John William Doe Jr"
    assert NaturalPerson("q", "Madonna").display_name == "Madonna"


def test_capacities_and_proprietary_accounts() -> None:
    assert Capacity.NON_TRADING_HOLDER.is_holder
    assert not Capacity.TRUSTEE.is_holder
    assert Account("1", "Error", DAY, types=(AccountType.ERROR,)).proprietary
    assert not Account("2", "Retail", DAY, types=(AccountType.MARGIN,)).proprietary
    assert LegalEntity("t", "T Trust", EntityForm.ESTATE).is_trust_like


def test_books_index_parties_and_the_firm() -> None:
    person = NaturalPerson("p1", "Doe", "Jane", year_of_birth=1970)
    books = Books(_firm(), (person,))
    assert books.party("p1") is person
    assert books.party("firm:12345").legal_name == "Example Securities LLC"  # type: ignore[union-attr]
    with pytest.raises(InvalidArgument, match="no party"):
        books.party("nobody")


def test_fragments_compose_into_books() -> None:
    a = Fragment((NaturalPerson("p1", "Doe"),), (Account("1", "A", DAY),))
    b = Fragment((NaturalPerson("p2", "Roe"),), (Account("2", "B", DAY),),
                 (AccountClosed(DAY, "2"),))
    books = Books.of(_firm(), [a, b])
    assert [p.party_id for p in books.parties] == ["p1", "p2"]
    assert books.fragment() == a + b
    assert books.problems() == []


def test_problems_name_every_inconsistency() -> None:
    person = NaturalPerson("p1", "Doe")
    account = Account("1", "A", DAY, roles=(
        Role("p1", Capacity.HOLDER, DAY, end=DAY - dt.timedelta(days=1)),
        Role("ghost", Capacity.HOLDER, DAY)), correspondent_crd=777)
    books = Books(_firm(), (person, person), (account, account),
                  (AccountClosed(DAY, "9"), PartyAddressChanged(DAY, "ghost", (HOME,))))
    problems = books.problems()
    assert any("defined twice" in p and "p1" in p for p in problems)
    assert any("account '1' is defined twice" in p for p in problems)
    assert any("unknown party 'ghost'" in p for p in problems)
    assert any("ends before it starts" in p for p in problems)
    assert any("correspondent 777" in p for p in problems)
    assert any("unknown account '9'" in p for p in problems)
    assert any("event on unknown party 'ghost'" in p for p in problems)
