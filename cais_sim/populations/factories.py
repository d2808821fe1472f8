"""Seeded factories for books-and-records fixtures, one per documented structure.

Built on factory-boy and Faker so they read and compose the way ORM fixtures do::

    factory.random.reseed_random(7)
    firm = FirmFactory()
    joint = JointWithPoaFactory(firm=firm)           # a Fragment
    books = Books.of(firm, [joint, TrustWithTrusteesFactory(firm=firm)])

Every value comes from factory-boy's random generator, which also drives Faker, so
``factory.random.reseed_random(seed)`` (or :func:`seeded`) before building makes the books
a pure function of the seed. No factory uses ``factory.Sequence`` (its counters are global
and survive reseeding), so the same seed gives the same books in any order of tests.
Identifiers are synthetic: SSNs and ITINs lie in the ranges CAT accepts
(:func:`cais_sim.spec.tid.is_valid_ssn`) and LEIs carry valid ISO 17442 check digits.

Archetype factories build a :class:`~.books.Fragment` (parties, accounts and events) for
one structure; their ingredients (``holder``, ``trustees``, ``opened`` ...) are ordinary
declarations, so a test can override any of them. ``firm`` is the firm whose books the
fragment belongs to, and ``correspondent_crd`` puts its accounts under a correspondent
of a clearing firm.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import string
from collections.abc import Iterator
from typing import Any

import factory as _factory
import factory.random as _factory_random

from cais_sim.errors import InvalidArgument
from cais_sim.populations.books import (
    Account,
    AccountAddressChanged,
    AccountClosed,
    AccountInactivated,
    AccountKind,
    AccountReactivated,
    AccountReopened,
    AccountTransferredOut,
    Acquisition,
    Capacity,
    Custodian,
    CustodianKind,
    EntityForm,
    FdidReplaced,
    Firm,
    Fragment,
    Identifier,
    IdentifierChange,
    IdentifierReplaced,
    IdKind,
    LargeTraderLink,
    LegalEntity,
    MassTransferOut,
    NaturalPerson,
    Party,
    PartyAddressChanged,
    PostalAddress,
    Role,
    RoleChanged,
)
from cais_sim.spec.enums import AccountType, NameSuffix
from cais_sim.spec.tid import is_valid_ssn

# factory-boy's declarations are untyped; the factories below are checked through their
# models (the frozen dataclasses of .books), so the library is used as a dynamic module.
factory: Any = _factory
_random: Any = _factory_random

#: Accounts open between these days; lifecycle events happen before :data:`HORIZON`, so a
#: rendering as of ``HORIZON`` or later shows every event.
EARLIEST_OPEN = dt.date(2012, 1, 3)
LATEST_OPEN = dt.date(2023, 6, 30)
HORIZON = dt.date(2024, 6, 28)


def rng() -> Any:
    """factory-boy's shared generator (also Faker's after a reseed)."""
    return _random.randgen


@contextlib.contextmanager
def seeded(seed: int | str) -> Iterator[None]:
    """Build under ``seed``: everything built inside is a pure function of it."""
    material = seed if isinstance(seed, int) else int.from_bytes(
        hashlib.sha256(seed.encode()).digest()[:8], "big")
    _random.reseed_random(material)
    yield


def entity_seed(seed: int, index: int) -> int:
    """A seed for entity ``index`` of a population, independent of population size."""
    digest = hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


# --- Synthetic identifiers ---------------------------------------------------------------------


def fake_ssn() -> str:
    """An SSN inside the ranges CAT accepts [S1 §3.4]; area 001-899 without 666."""
    r = rng()
    while True:
        value = f"{r.randint(1, 899):03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        if is_valid_ssn(value) and not value.startswith("666"):
            return value


def fake_itin() -> str:
    """An ITIN: leading 9, group 70-88 (IRS numbering)."""
    r = rng()
    return f"9{r.randint(0, 99):02d}-{r.randint(70, 88):02d}-{r.randint(1, 9999):04d}"


def fake_ein() -> str:
    """An EIN ``NN-NNNNNNN`` with a campus prefix 10-98."""
    r = rng()
    return f"{r.randint(10, 98):02d}-{r.randint(1, 9_999_999):07d}"


_ALNUM = string.digits + string.ascii_uppercase


def _alnum(n: int, alphabet: str = _ALNUM) -> str:
    r = rng()
    return "".join(r.choice(alphabet) for _ in range(n))


def fake_lei() -> str:
    """A 20-character LEI with valid ISO 17442 (ISO 7064 mod 97-10) check digits."""
    body = _alnum(4) + "00" + _alnum(12)
    number = int("".join(str(int(c, 36)) for c in body + "00"))
    return f"{body}{98 - number % 97:02d}"


def fake_ltid() -> str:
    """A Large Trader ID ``99999999-9999`` [S1 T8]."""
    return f"{_alnum(8, string.digits)}-{_alnum(4, string.digits)}"


def fake_ultid() -> str:
    """An unidentified Large Trader ID ``ULTXXXXX-XXXX`` [S1 T8]."""
    return f"ULT{_alnum(5)}-{_alnum(4)}"


def fake_account_number() -> str:
    """A ten-digit account number (the firm's real number, never reported)."""
    return _alnum(10, string.digits)


def fake_party_id() -> str:
    """A firm-internal customer key."""
    return "C" + _alnum(12)


def fake_date(start: dt.date = EARLIEST_OPEN, end: dt.date = LATEST_OPEN) -> dt.date:
    """A day between ``start`` and ``end`` inclusive."""
    return start + dt.timedelta(days=rng().randint(0, max(0, (end - start).days)))


def fake_crd() -> int:
    """A CRD number (six digits)."""
    return int(rng().randint(100_000, 999_999))


def _faker(locale: str = "en_US") -> Any:
    return factory.Faker._get_faker(locale)


def _year_of_birth(minor: bool = False) -> int:
    return int(rng().randint(2010, 2018) if minor else rng().randint(1930, 2000))


# --- Addresses ----------------------------------------------------------------------------------


def _us_address() -> PostalAddress:
    f = _faker()
    state = f.state_abbr(include_territories=False, include_freely_associated_states=False)
    return PostalAddress(lines=(f.street_address(),), city=f.city(), country="US",
                         region=f"US-{state}", postal_code=f.zipcode())


def _foreign_address(locale: str = "en_GB", country: str = "GB") -> PostalAddress:
    f = _faker(locale)
    lines = tuple(part for part in f.street_address().split("\n") if part)[:4]
    if country == "CA":
        # Canadian addresses need an ISO 3166-2 province (digest d.1).
        region: str | None = "CA-" + f.province_abbr()
    else:
        region = f.county() if locale == "en_GB" else None
    return PostalAddress(lines=lines, city=f.city(), country=country, region=region,
                         postal_code=f.postcode())


_FOREIGN_PLACES = (("en_GB", "GB"), ("de_DE", "DE"), ("en_CA", "CA"))


def _military_address() -> PostalAddress:
    """A U.S. military or diplomatic address: APO/DPO/FPO with region AA/AE/AP
    [S1 §5.1.3.1 r36]."""
    r = rng()
    city = r.choice(("APO", "DPO", "FPO"))
    region = r.choice(("AA", "AE", "AP"))
    prefix = {"AA": "340", "AE": "09", "AP": "962"}[region]
    zipcode = prefix + _alnum(5 - len(prefix), string.digits)
    unit = f"Unit {_alnum(4, string.digits)} Box {_alnum(3, string.digits)}"
    return PostalAddress(lines=(unit,), city=city, country="US", region=region,
                         postal_code=zipcode)


class PostalAddressFactory(factory.Factory):  # type: ignore[misc]
    """A U.S. street address."""

    class Meta:
        model = PostalAddress

    lines = factory.LazyFunction(lambda: (_faker().street_address(),))
    city = factory.Faker("city")
    country = "US"
    region = factory.LazyFunction(lambda: "US-" + _faker().state_abbr(
        include_territories=False, include_freely_associated_states=False))
    postal_code = factory.Faker("zipcode")


# --- Parties -----------------------------------------------------------------------------------


def _person_ids(o: Any) -> tuple[Identifier, ...]:
    if o.names_only:
        return ()
    if o.foreign:
        country = o.addresses[0].country if o.addresses else "GB"
        if country == "US":
            country = "GB"
        # Both on file: the national ID outranks the passport (FAQ Q57).
        return (Identifier(IdKind.PASSPORT, _alnum(9), country),
                Identifier(IdKind.NATIONALID, _alnum(10), country))
    if o.itin:
        return (Identifier(IdKind.ITIN, fake_itin()),)
    return (Identifier(IdKind.SSN, fake_ssn()),)


def _entity_ids(o: Any) -> tuple[Identifier, ...]:
    if o.no_identifier:
        return ()
    if o.foreign:
        country = o.addresses[0].country if o.addresses else "GB"
        if country == "US":
            country = "GB"
        ids = [Identifier(IdKind.GIIN, _alnum(6) + "." + _alnum(5) + ".LE." + _alnum(3))]
        if rng().random() < 0.5:
            ids.append(Identifier(IdKind.LEI, fake_lei()))
        ids.append(Identifier(IdKind.NATIONALID, _alnum(11), country))
        return tuple(ids)
    ids = [Identifier(IdKind.EIN, fake_ein())]
    if rng().random() < 0.4:
        ids.append(Identifier(IdKind.LEI, fake_lei()))
    return tuple(ids)


class NaturalPersonFactory(factory.Factory):  # type: ignore[misc]
    """A person with an SSN and a U.S. address.

    Traits: ``itin`` (an ITIN instead), ``foreign`` (no U.S. number: a national ID and a
    passport, foreign address), ``single_name`` (one legal name), ``minor``,
    ``names_only`` (neither identifier nor year of birth on file).
    """

    class Meta:
        model = NaturalPerson

    class Params:
        itin = False
        foreign = False
        single_name = False
        minor = False
        names_only = False

    party_id = factory.LazyFunction(fake_party_id)
    last_name = factory.Faker("last_name")
    first_name = factory.Maybe("single_name", yes_declaration=None,
                               no_declaration=factory.Faker("first_name"))
    middle_name = factory.LazyFunction(
        lambda: _faker().first_name() if rng().random() < 0.3 else None)
    suffix = factory.LazyFunction(
        lambda: rng().choice(list(NameSuffix)) if rng().random() < 0.05 else None)
    year_of_birth = factory.LazyAttribute(
        lambda o: None if o.names_only else _year_of_birth(o.minor))
    addresses = factory.LazyAttribute(
        lambda o: (_foreign_address(*rng().choice(_FOREIGN_PLACES)),) if o.foreign
        else (_us_address(),))
    identifiers = factory.LazyAttribute(_person_ids)
    accredited = factory.LazyFunction(lambda: rng().random() < 0.1)


class LegalEntityFactory(factory.Factory):  # type: ignore[misc]
    """A U.S. company with an EIN and often an LEI.

    Traits: ``foreign`` (no U.S. number: an LEI or a national registration number, and a
    GIIN CAIS must ignore), ``trust``, ``no_identifier`` (nothing usable on file).
    """

    class Meta:
        model = LegalEntity

    class Params:
        foreign = False
        trust = False
        no_identifier = False

    party_id = factory.LazyFunction(fake_party_id)
    legal_name = factory.LazyAttribute(
        lambda o: f"{_faker().last_name()} Family Trust" if o.trust else _faker().company())
    form = factory.LazyAttribute(lambda o: EntityForm.TRUST if o.trust
                                 else rng().choice((EntityForm.CORPORATION, EntityForm.LLC,
                                                    EntityForm.PARTNERSHIP)))
    addresses = factory.LazyAttribute(
        lambda o: (_foreign_address(*rng().choice(_FOREIGN_PLACES)),) if o.foreign
        else (_us_address(),))
    identifiers = factory.LazyAttribute(_entity_ids)
    accredited = factory.LazyFunction(lambda: rng().random() < 0.2)


class FirmFactory(factory.Factory):  # type: ignore[misc]
    """A self-clearing broker-dealer reporting for itself.

    Traits: ``clearing`` (clears for two or three correspondents and reports their
    accounts), ``introducing`` (cleared by another firm), ``ltid_phase``.
    """

    class Meta:
        model = Firm

    class Params:
        clearing = False
        introducing = False

    crd = factory.LazyFunction(fake_crd)
    name = factory.LazyFunction(lambda: _faker().last_name() + " Securities LLC")
    submitter_id = factory.LazyAttribute(lambda o: o.crd)
    form_bd_address = factory.LazyFunction(_us_address)
    ein = factory.LazyFunction(fake_ein)
    form_bd_mailing_address = factory.LazyFunction(
        lambda: _us_address() if rng().random() < 0.3 else None)
    lei = factory.LazyFunction(fake_lei)
    clearing_number = factory.LazyAttribute(
        lambda o: None if o.introducing else _alnum(4, string.digits))
    clearing_firm_crd = factory.LazyAttribute(lambda o: fake_crd() if o.introducing else None)
    clearing_firm_number = factory.LazyAttribute(
        lambda o: _alnum(4, string.digits) if o.introducing else None)
    correspondents = factory.LazyAttribute(
        lambda o: tuple(fake_crd() for _ in range(rng().randint(2, 3))) if o.clearing else ())
    ltid_phase = False


# --- Archetype factories -----------------------------------------------------------------------


def _role(party: Party | str, capacity: Capacity, start: dt.date, **extra: Any) -> Role:
    party_id = party if isinstance(party, str) else party.party_id
    return Role(party_id, capacity, start, **extra)


def _later(start: dt.date, days: int = 30) -> dt.date:
    """A day at least ``days`` after ``start`` and before :data:`HORIZON`."""
    low = min(start + dt.timedelta(days=days), HORIZON - dt.timedelta(days=2))
    return fake_date(low, HORIZON - dt.timedelta(days=1))


def _retail_types() -> tuple[AccountType, ...]:
    r = rng()
    types = [t for t, p in ((AccountType.MARGIN, 0.4), (AccountType.OPTION, 0.3))
             if r.random() < p]
    return tuple(types) or (AccountType.OTHER,)


class ArchetypeFactory(factory.Factory):  # type: ignore[misc]
    """Base of the archetype factories: builds a :class:`~.books.Fragment`.

    Subclasses declare their ingredients and implement :meth:`assemble`; ``firm``,
    ``opened`` and ``correspondent_crd`` are common to all.
    """

    class Meta:
        model = Fragment
        abstract = True

    firm = factory.SubFactory(FirmFactory)
    opened = factory.LazyFunction(fake_date)
    correspondent_crd = None

    @classmethod
    def _build(cls, model_class: type[Fragment], *args: Any, **kwargs: Any) -> Fragment:
        return cls._create(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: type[Fragment], *args: Any, **kwargs: Any) -> Fragment:
        correspondent = kwargs.pop("correspondent_crd", None)
        # Archetypes whose parties depend on the correspondent (its employees) see it too.
        fragment: Fragment = cls.assemble(correspondent_crd=correspondent, **kwargs)
        if correspondent is None:
            return fragment
        accounts = tuple(_with_correspondent(a, correspondent) for a in fragment.accounts)
        return Fragment(fragment.parties, accounts, fragment.events)

    @classmethod
    def assemble(cls, **kwargs: Any) -> Fragment:
        """The fragment from the resolved declarations."""
        raise NotImplementedError


def _with_correspondent(account: Account, correspondent: int) -> Account:
    return Account(account.account_number, account.name, account.opened, account.kind,
                   account.types, account.addresses, account.roles, account.large_traders,
                   account.custodians, account.clearing_broker_ids, account.branch_office_crd,
                   account.registered_rep_crds, correspondent, account.acquired, account.fdid)


def _account(name: str, opened: dt.date, roles: tuple[Role, ...], *,
             addresses: tuple[PostalAddress, ...] = (), **extra: Any) -> Account:
    extra.setdefault("types", _retail_types())
    if rng().random() < 0.3:
        extra.setdefault("branch_office_crd", fake_crd())
        extra.setdefault("registered_rep_crds", (fake_crd(),))
    return Account(fake_account_number(), name, opened, addresses=addresses, roles=roles,
                   **extra)


class IndividualFactory(ArchetypeFactory):
    """One person holding one account with trading authority (TRDHOLDER)."""

    holder = factory.SubFactory(NaturalPersonFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        holder: NaturalPerson = kw["holder"]
        account = _account(f"{holder.display_name} Individual", kw["opened"],
                           (_role(holder, Capacity.HOLDER, kw["opened"]),),
                           addresses=holder.addresses)
        return Fragment((holder,), (account,))


class ItinIndividualFactory(IndividualFactory):
    """A person identified by an ITIN (``SSN/ITIN`` TID)."""

    holder = factory.SubFactory(NaturalPersonFactory, itin=True)


class ForeignIndividualFactory(IndividualFactory):
    """A person without a U.S. number: national ID over passport (FAQ Q57), FOREIGN."""

    holder = factory.SubFactory(NaturalPersonFactory, foreign=True)


class SingleNamePersonFactory(IndividualFactory):
    """A person with one legal name (reported with ``NNVE``) [S1 §3.12]."""

    holder = factory.SubFactory(NaturalPersonFactory, single_name=True)


class MilitaryAddressFactory(IndividualFactory):
    """A service member with an APO/DPO/FPO address [S1 §5.1.3.1 r36]."""

    holder = factory.SubFactory(NaturalPersonFactory, addresses=factory.LazyFunction(
        lambda: (_military_address(),)))


class JointWithPoaFactory(ArchetypeFactory):
    """Joint account of two holders with a power of attorney trading for them."""

    holder = factory.SubFactory(NaturalPersonFactory)
    joint = factory.SubFactory(NaturalPersonFactory)
    attorney = factory.SubFactory(NaturalPersonFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        h, j, a = kw["holder"], kw["joint"], kw["attorney"]
        roles = (_role(h, Capacity.HOLDER, opened), _role(j, Capacity.JOINT_HOLDER, opened),
                 _role(a, Capacity.POWER_OF_ATTORNEY, _later(opened, 10), discretion=True))
        account = _account(f"{h.last_name} and {j.last_name} JTWROS", opened, roles,
                           addresses=h.addresses)
        return Fragment((h, j, a), (account,))


class TrustWithTrusteesFactory(ArchetypeFactory):
    """A trust (with its EIN) holding an account, two trustees trading for it."""

    trust = factory.SubFactory(LegalEntityFactory, trust=True)
    trustees = factory.List([factory.SubFactory(NaturalPersonFactory) for _ in range(2)])

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        trust: LegalEntity = kw["trust"]
        trustees: list[NaturalPerson] = list(kw["trustees"])
        roles = (_role(trust, Capacity.HOLDER, opened),
                 *(_role(t, Capacity.TRUSTEE, opened, discretion=True) for t in trustees))
        account = _account(trust.legal_name, opened, roles, addresses=trust.addresses,
                           types=(AccountType.OTHER,))
        return Fragment((trust, *trustees), (account,))


class ForeignTrustNoIdFactory(TrustWithTrusteesFactory):
    """A foreign trust with no identifier at all: no Customer Record for it, trustees typed
    TRUST (FAQ Q63)."""

    trust = factory.SubFactory(LegalEntityFactory, trust=True, foreign=True,
                               no_identifier=True)


class DisregardedEntitySharedEinFactory(ArchetypeFactory):
    """A parent and its disregarded entity, one EIN, both on the account (FAQ Q69)."""

    parent = factory.SubFactory(LegalEntityFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        parent: LegalEntity = kw["parent"]
        ein = next(i for i in parent.identifiers if i.kind is IdKind.EIN)
        child = LegalEntity(fake_party_id(), _faker().company() + " Holdings LLC",
                            EntityForm.LLC, parent.addresses, (ein,),
                            parent_party_id=parent.party_id, disregarded=True)
        roles = (_role(child, Capacity.HOLDER, opened), _role(parent, Capacity.JOINT_HOLDER,
                                                               opened))
        account = _account(child.legal_name, opened, roles, addresses=child.addresses,
                           types=(AccountType.INSTITUTION,))
        return Fragment((parent, child), (account,))


class DisregardedEntityOwnEinFactory(ArchetypeFactory):
    """A parent and a subsidiary with their own EINs on one account: both reported."""

    parent = factory.SubFactory(LegalEntityFactory)
    child = factory.SubFactory(LegalEntityFactory, form=EntityForm.LLC)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        parent: LegalEntity = kw["parent"]
        c: LegalEntity = kw["child"]
        child = LegalEntity(c.party_id, c.legal_name, c.form, c.addresses, c.identifiers,
                            parent_party_id=parent.party_id, disregarded=True)
        roles = (_role(child, Capacity.HOLDER, opened),
                 _role(parent, Capacity.JOINT_HOLDER, opened))
        account = _account(child.legal_name, opened, roles, addresses=child.addresses,
                           types=(AccountType.INSTITUTION,))
        return Fragment((parent, child), (account,))


class TrustsSharingSsnFactory(ArchetypeFactory):
    """A person and two grantor trusts using the person's SSN, all on one account."""

    grantor = factory.SubFactory(NaturalPersonFactory)
    entity_form = EntityForm.TRUST
    count = 2

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        grantor: NaturalPerson = kw["grantor"]
        ssn = grantor.identifiers[0]
        form: EntityForm = kw["entity_form"]
        suffix = "Revocable Trust" if form is EntityForm.TRUST else "Consulting"
        entities = [LegalEntity(fake_party_id(), f"{grantor.last_name} {suffix} {n}", form,
                                grantor.addresses, (ssn,), owner_party_id=grantor.party_id)
                    for n in range(1, kw["count"] + 1)]
        roles = (_role(grantor, Capacity.HOLDER, opened),
                 *(_role(e, Capacity.JOINT_HOLDER, opened) for e in entities))
        account = _account(entities[0].legal_name, opened, roles, addresses=grantor.addresses)
        return Fragment((grantor, *entities), (account,))


class SoleProprietorshipFactory(TrustsSharingSsnFactory):
    """A sole proprietorship trading under the owner's SSN (``doingBusinessAs``)."""

    entity_form = EntityForm.SOLE_PROPRIETORSHIP
    count = 1


class MinorPublicAdministratorFactory(ArchetypeFactory):
    """A minor holder whose guardian is a government employee without identifier or year
    of birth (FAQ Q68)."""

    minor = factory.SubFactory(NaturalPersonFactory, minor=True)
    guardian = factory.SubFactory(NaturalPersonFactory, names_only=True,
                                  government_official=True)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        minor, guardian = kw["minor"], kw["guardian"]
        roles = (_role(minor, Capacity.NON_TRADING_HOLDER, opened),
                 _role(guardian, Capacity.GUARDIAN, opened, discretion=True))
        account = _account(f"{minor.display_name} Guardianship", opened, roles,
                           addresses=minor.addresses, types=(AccountType.OTHER,))
        return Fragment((minor, guardian), (account,))


class UgmaCustodialFactory(ArchetypeFactory):
    """A UGMA/UTMA account: the minor holds without trading authority, a custodian trades."""

    minor = factory.SubFactory(NaturalPersonFactory, minor=True)
    custodian = factory.SubFactory(NaturalPersonFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        minor, custodian = kw["minor"], kw["custodian"]
        roles = (_role(minor, Capacity.NON_TRADING_HOLDER, opened),
                 _role(custodian, Capacity.CUSTODIAN, opened, discretion=True))
        account = _account(f"{custodian.last_name} Cust for {minor.first_name or 'Minor'}",
                           opened, roles, addresses=custodian.addresses,
                           types=(AccountType.UGMA_UTMA,))
        return Fragment((minor, custodian), (account,))


class NamesOnlyTraderFactory(ArchetypeFactory):
    """A holder plus an authorized trader the firm has only the name of [S1 §3.13]."""

    holder = factory.SubFactory(NaturalPersonFactory)
    trader = factory.SubFactory(NaturalPersonFactory, names_only=True)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder, trader = kw["holder"], kw["trader"]
        roles = (_role(holder, Capacity.HOLDER, opened),
                 _role(trader, Capacity.POWER_OF_ATTORNEY, opened, discretion=False))
        account = _account(f"{holder.display_name} Individual", opened, roles,
                           addresses=holder.addresses)
        return Fragment((holder, trader), (account,))


class EntityAuthorizedTraderFactory(ArchetypeFactory):
    """An adviser firm trades for a holder; of its two traders only one was designated by
    the holder in their own right (FAQ Q56)."""

    holder = factory.SubFactory(NaturalPersonFactory)
    adviser = factory.SubFactory(LegalEntityFactory, registered_adviser=True)
    employees = factory.List([factory.SubFactory(NaturalPersonFactory, adviser_associated=True)
                              for _ in range(2)])

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder, adviser = kw["holder"], kw["adviser"]
        first, second = kw["employees"]
        roles = (_role(holder, Capacity.HOLDER, opened),
                 _role(adviser, Capacity.ADVISER, opened, discretion=True),
                 _role(first, Capacity.ENTITY_TRADER_EMPLOYEE, opened,
                       via_party_id=adviser.party_id),
                 _role(second, Capacity.ENTITY_TRADER_EMPLOYEE, opened, discretion=True,
                       via_party_id=adviser.party_id, independently_designated=True))
        account = _account(f"{holder.display_name} Managed", opened, roles,
                           addresses=holder.addresses)
        return Fragment((holder, adviser, first, second), (account,))


class FirmDiscretionFactory(ArchetypeFactory):
    """A managed account: the firm itself has discretion (AUTHREP), and a firm employee is
    designated as trader too."""

    holder = factory.SubFactory(NaturalPersonFactory)
    employee = factory.SubFactory(NaturalPersonFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened, firm = kw["opened"], kw["firm"]
        holder: NaturalPerson = kw["holder"]
        e: NaturalPerson = kw["employee"]
        employee = NaturalPerson(e.party_id, e.last_name, e.first_name, e.middle_name,
                                 e.suffix, e.year_of_birth, e.addresses, e.identifiers,
                                 employer_crd=firm.crd)
        roles = (_role(holder, Capacity.HOLDER, opened),
                 _role(firm.party_id, Capacity.FIRM, opened, discretion=True),
                 _role(employee, Capacity.FIRM_EMPLOYEE, opened, discretion=False))
        account = _account(f"{holder.display_name} Managed", opened, roles,
                           addresses=holder.addresses)
        return Fragment((holder, employee), (account,))


class ProprietaryFactory(ArchetypeFactory):
    """The firm's own accounts: inventory, error, average price and market making, with the
    firm as holder."""

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened, firm = kw["opened"], kw["firm"]
        accounts = []
        for label, kind in (("Inventory", AccountType.FIRM), ("Error", AccountType.ERROR),
                            ("Average Price", AccountType.AVERAGE),
                            ("Market Making", AccountType.MARKET)):
            number = fake_account_number()
            accounts.append(Account(
                number, f"{firm.name} {label}", opened, types=(kind,),
                addresses=(firm.form_bd_address,),
                roles=(_role(firm.party_id, Capacity.HOLDER, opened),),
                # The firm may report its own account numbers unmasked (FAQ on proprietary
                # account masking); half of these do.
                fdid=number if rng().random() < 0.5 else None))
        return Fragment((), tuple(accounts))


class DvpInstitutionFactory(ArchetypeFactory):
    """An institutional DVP/RVP account settling through custodians of every kind."""

    holder = factory.SubFactory(LegalEntityFactory, registered_fund=True)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder: LegalEntity = kw["holder"]
        r = rng()
        kinds = r.sample(list(CustodianKind), r.randint(1, 3))
        custodians = tuple(
            Custodian(k, _faker().company() + " Custody",
                      None if k in (CustodianKind.FOREIGN, CustodianKind.UNASSIGNED)
                      else _alnum(4, string.digits))
            for k in kinds)
        account = _account(holder.legal_name + " DVP", opened,
                           (_role(holder, Capacity.HOLDER, opened),),
                           addresses=holder.addresses, custodians=custodians,
                           types=(AccountType.INSTITUTION, AccountType.DVP_RVP))
        return Fragment((holder,), (account,))


class CorporateFactory(ArchetypeFactory):
    """A company account with an officer trading for it."""

    holder = factory.SubFactory(LegalEntityFactory)
    officer = factory.SubFactory(NaturalPersonFactory, control_person=True)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder, officer = kw["holder"], kw["officer"]
        roles = (_role(holder, Capacity.HOLDER, opened),
                 _role(officer, Capacity.POWER_OF_ATTORNEY, opened, discretion=True))
        account = _account(holder.legal_name, opened, roles, addresses=holder.addresses)
        return Fragment((holder, officer), (account,))


class ForeignEntityFactory(ArchetypeFactory):
    """A foreign company without a U.S. number (LEI or national registration, FOREIGN)."""

    holder = factory.SubFactory(LegalEntityFactory, foreign=True)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder = kw["holder"]
        account = _account(holder.legal_name, opened,
                           (_role(holder, Capacity.HOLDER, opened),),
                           addresses=holder.addresses, types=(AccountType.INSTITUTION,))
        return Fragment((holder,), (account,))


class LargeTraderFactory(ArchetypeFactory):
    """A large trader's account with an LTID, and a second, ended one."""

    holder = factory.SubFactory(LegalEntityFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder = kw["holder"]
        first_end = _later(opened, 60)
        links = (LargeTraderLink(fake_ltid(), opened, first_end),
                 LargeTraderLink(fake_ltid(), first_end))
        account = _account(holder.legal_name + " Trading", opened,
                           (_role(holder, Capacity.HOLDER, opened),),
                           addresses=holder.addresses, large_traders=links,
                           types=(AccountType.MARGIN, AccountType.OPTION))
        return Fragment((holder,), (account,))


class RelationshipIdFactory(ArchetypeFactory):
    """A relationship ID for an institution whose allocation accounts are not known when
    orders arrive, with a clearing-firm ULTID."""

    holder = factory.SubFactory(LegalEntityFactory, registered_adviser=True)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened = kw["opened"]
        holder = kw["holder"]
        account = Account(fake_account_number(), holder.legal_name + " Relationship", opened,
                          kind=AccountKind.RELATIONSHIP, types=(AccountType.INSTITUTION,),
                          addresses=holder.addresses,
                          roles=(_role(holder, Capacity.HOLDER, opened),),
                          large_traders=(LargeTraderLink(fake_ultid(), opened),))
        return Fragment((holder,), (account,))


class EntityIdFactory(ArchetypeFactory):
    """An entity ID under which a firm employee aggregates orders for several customers."""

    customers = factory.List([factory.SubFactory(NaturalPersonFactory) for _ in range(2)])

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened, firm = kw["opened"], kw["firm"]
        customers: list[NaturalPerson] = list(kw["customers"])
        account = Account(fake_account_number(), "Aggregation Entity", opened,
                          kind=AccountKind.ENTITY_ID, addresses=(firm.form_bd_address,),
                          roles=tuple(_role(c, Capacity.HOLDER, opened) for c in customers))
        return Fragment(tuple(customers), (account,))


class CorrespondentAccountFactory(ArchetypeFactory):
    """An account a clearing firm carries for a correspondent, with a correspondent employee
    designated as trader (FAQ Q62)."""

    holder = factory.SubFactory(NaturalPersonFactory)
    rep = factory.SubFactory(NaturalPersonFactory)

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        opened, firm = kw["opened"], kw["firm"]
        if not firm.correspondents:
            raise InvalidArgument("a correspondent account needs a clearing firm with "
                                  "correspondents")
        # The correspondent asked for, so the rep works where the account is carried and
        # keeps the EMPLOYEE/AUTHREP values (FAQ Q62); otherwise one of the firm's.
        correspondent = kw.get("correspondent_crd") or rng().choice(firm.correspondents)
        holder: NaturalPerson = kw["holder"]
        r: NaturalPerson = kw["rep"]
        rep = NaturalPerson(r.party_id, r.last_name, r.first_name, r.middle_name, r.suffix,
                            r.year_of_birth, r.addresses, r.identifiers,
                            employer_crd=correspondent)
        roles = (_role(holder, Capacity.HOLDER, opened),
                 _role(rep, Capacity.FIRM_EMPLOYEE, opened, discretion=True))
        account = _account(f"{holder.display_name} Individual", opened, roles,
                           addresses=holder.addresses, correspondent_crd=correspondent,
                           branch_office_crd=fake_crd())
        return Fragment((holder, rep), (account,))


# --- Lifecycle archetypes ----------------------------------------------------------------------


class _LifecycleFactory(IndividualFactory):
    """An individual account that goes through one documented lifecycle event."""

    class Meta:
        abstract = True

    @classmethod
    def assemble(cls, **kw: Any) -> Fragment:
        base = IndividualFactory.assemble.__func__(cls, **kw)  # type: ignore[attr-defined]
        account = base.accounts[0]
        holder = base.parties[0]
        return cls.evolve(base, account, holder, kw)

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        """Add the events of this lifecycle to ``base``."""
        raise NotImplementedError


def _plus(base: Fragment, *events: Any, parties: tuple[Party, ...] = (),
          account: Account | None = None) -> Fragment:
    accounts = (account,) if account is not None else base.accounts
    return Fragment(base.parties + parties, accounts, base.events + tuple(events))


class ClosedAccountFactory(_LifecycleFactory):
    """An account closed by the customer (``ENDED``)."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        return _plus(base, AccountClosed(_later(account.opened), account.account_number))


class InactiveAccountFactory(_LifecycleFactory):
    """An account marked inactive after six months without activity (``INACTIVE``)."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        return _plus(base, AccountInactivated(_later(account.opened, 190),
                                              account.account_number))


class ReactivatedAccountFactory(_LifecycleFactory):
    """An inactive account that traded again."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        inactive = _later(account.opened, 190)
        return _plus(base, AccountInactivated(inactive, account.account_number),
                     AccountReactivated(_later(inactive, 5), account.account_number))


class ReopenedAccountFactory(_LifecycleFactory):
    """A closed account reopened later (new ``fdidDate``)."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        closed = _later(account.opened)
        return _plus(base, AccountClosed(closed, account.account_number),
                     AccountReopened(_later(closed, 5), account.account_number))


class FdidReplacementFactory(_LifecycleFactory):
    """An account whose FDID was replaced (system migration or new masking)."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        return _plus(base, FdidReplaced(_later(account.opened), account.account_number))


class AddressChangeFactory(_LifecycleFactory):
    """The holder moved: new account and customer addresses."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        moved = _later(account.opened)
        new = (_us_address(),)
        return _plus(base, AccountAddressChanged(moved, account.account_number, new),
                     PartyAddressChanged(moved, holder.party_id, new))


class RoleChangeFactory(_LifecycleFactory):
    """A second person was added as power of attorney, later made joint holder."""

    second = factory.SubFactory(NaturalPersonFactory)

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        second: NaturalPerson = kw["second"]
        added = _later(account.opened, 10)
        changed = _later(added, 10)
        widened = Account(account.account_number, account.name, account.opened,
                          account.kind, account.types, account.addresses,
                          (*account.roles, _role(second, Capacity.POWER_OF_ATTORNEY, added,
                                                 discretion=True)),
                          branch_office_crd=account.branch_office_crd,
                          registered_rep_crds=account.registered_rep_crds)
        return _plus(base, RoleChanged(changed, account.account_number, second.party_id,
                                       Capacity.JOINT_HOLDER),
                     parties=(second,), account=widened)


class IdentifierReplacementFactory(_LifecycleFactory):
    """The holder's identifier changed: ITIN replaced by an SSN (legal change, with
    ``replacedByTID``); ``cause`` selects the other two cases of S1 §3.2."""

    holder = factory.SubFactory(NaturalPersonFactory, itin=True)
    cause = IdentifierChange.LEGAL_CHANGE

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        old = holder.identifiers[0]
        new = Identifier(IdKind.SSN, fake_ssn())
        return _plus(base, IdentifierReplaced(_later(account.opened), holder.party_id, old,
                                              new, kw["cause"]))


class IdentifierCorrectionFactory(IdentifierReplacementFactory):
    """The holder's number on file was wrong: old association ended ``CORRECTION``."""

    holder = factory.SubFactory(NaturalPersonFactory)
    cause = IdentifierChange.ERRONEOUS


class IdentifierUnknownChangeFactory(IdentifierReplacementFactory):
    """The firm cannot tell why the number changed: old association ended ``OTHER``."""

    holder = factory.SubFactory(NaturalPersonFactory)
    cause = IdentifierChange.UNKNOWN


class AcatsTransferOutFactory(_LifecycleFactory):
    """The customer moved the account to another firm (ACATS): ``ENDED``, not a mass
    transfer."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        return _plus(base, AccountTransferredOut(_later(account.opened),
                                                 account.account_number, fake_crd()))


class MassTransferOutFactory(_LifecycleFactory):
    """The account left in a merger or divestiture (``TRANSFER``)."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        return _plus(base, MassTransferOut(_later(account.opened), account.account_number,
                                           fake_crd()))


class MassTransferInFactory(_LifecycleFactory):
    """An account acquired in a merger: prior reporter's CRD and FDID on the new FDID."""

    @classmethod
    def evolve(cls, base: Fragment, account: Account, holder: Party,
               kw: dict[str, Any]) -> Fragment:
        acquired = Acquisition(fake_crd(), "X" + _alnum(15), account.opened)
        moved = Account(account.account_number, account.name, account.opened, account.kind,
                        account.types, account.addresses, account.roles,
                        branch_office_crd=account.branch_office_crd,
                        registered_rep_crds=account.registered_rep_crds, acquired=acquired)
        return _plus(base, account=moved)


__all__ = [
    "EARLIEST_OPEN",
    "HORIZON",
    "LATEST_OPEN",
    "AcatsTransferOutFactory",
    "AddressChangeFactory",
    "ArchetypeFactory",
    "ClosedAccountFactory",
    "CorporateFactory",
    "CorrespondentAccountFactory",
    "DisregardedEntityOwnEinFactory",
    "DisregardedEntitySharedEinFactory",
    "DvpInstitutionFactory",
    "EntityAuthorizedTraderFactory",
    "EntityIdFactory",
    "FdidReplacementFactory",
    "FirmDiscretionFactory",
    "FirmFactory",
    "ForeignEntityFactory",
    "ForeignIndividualFactory",
    "ForeignTrustNoIdFactory",
    "IdentifierCorrectionFactory",
    "IdentifierReplacementFactory",
    "IdentifierUnknownChangeFactory",
    "InactiveAccountFactory",
    "IndividualFactory",
    "ItinIndividualFactory",
    "JointWithPoaFactory",
    "LargeTraderFactory",
    "LegalEntityFactory",
    "MassTransferInFactory",
    "MassTransferOutFactory",
    "MilitaryAddressFactory",
    "MinorPublicAdministratorFactory",
    "NamesOnlyTraderFactory",
    "NaturalPersonFactory",
    "PostalAddressFactory",
    "ProprietaryFactory",
    "ReactivatedAccountFactory",
    "RelationshipIdFactory",
    "ReopenedAccountFactory",
    "RoleChangeFactory",
    "SingleNamePersonFactory",
    "SoleProprietorshipFactory",
    "TrustWithTrusteesFactory",
    "TrustsSharingSsnFactory",
    "UgmaCustodialFactory",
    "entity_seed",
    "fake_account_number",
    "fake_crd",
    "fake_date",
    "fake_ein",
    "fake_itin",
    "fake_lei",
    "fake_ltid",
    "fake_party_id",
    "fake_ssn",
    "fake_ultid",
    "seeded",
]
