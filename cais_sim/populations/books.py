"""A broker-dealer's books and records, as the firm itself keeps them.

CAIS files are a *rendering* of what a firm knows about its accounts and customers; the
firm's own view is organised differently (account numbers rather than FDIDs, identifiers
rather than TIDs, capacities such as "power of attorney" rather than CAIS roles, and a
history of dated events rather than full-state records). Keeping that view separate is what
lets one set of books be rendered by the reference renderer (:mod:`.render`), by a vendor's
renderer under test, or on any day of its history, and lets a test say *what happened*
(a joint account gained a power of attorney) instead of spelling out wire records.

Everything here is an immutable value. Dates are :class:`datetime.date`. Identifiers are
held in clear text because the books are the firm's private records; they only ever leave
as SHA-256 TIDs, and :class:`Identifier` keeps the value out of every ``repr``.

The vocabulary of CAIS choice lists (:class:`~cais_sim.spec.enums.AccountType`) is reused
where the firm's own characteristics are the same thing under the same name; everything that
CAIS derives (roles, customer types, end reasons, FDID types) is modelled in the firm's terms
and mapped by the renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

import msgspec

from cais_sim.errors import InvalidArgument
from cais_sim.spec.enums import AccountType, NameSuffix

# --- Addresses and identifiers ---------------------------------------------------------------


class PostalAddress(msgspec.Struct, frozen=True):
    """A postal address exactly as the books hold it.

    ``lines`` are the street lines in order (one to four; CAIS takes four lines of up to 40
    characters and expects no standardisation). ``country`` is the ISO 3166-1 alpha-2 code.
    ``region`` is the state or province: for the US and Canada either the ISO 3166-2 code
    (``US-NY``) or the bare subdivision (``NY``); elsewhere free text, or ``None`` when
    unknown. A U.S. military or diplomatic address has city ``APO``/``DPO``/``FPO`` and
    region ``AA``/``AE``/``AP``.
    """

    lines: tuple[str, ...]
    city: str
    country: str
    region: str | None = None
    postal_code: str | None = None


class IdKind(StrEnum):
    """Kinds of real-world identifier a firm may hold for a customer.

    The U.S. kinds are the taxpayer numbers; the foreign kinds are those CAIS knows
    (declared in its hierarchy order), plus ``GIIN``, which firms do hold for foreign
    financial institutions but which CAIS never accepts as an Input Identifier (FAQ on
    foreign legal entity identifiers).
    """

    SSN = "ssn"
    ITIN = "itin"
    EIN = "ein"
    NATIONALID = "nationalid"
    LEI = "lei"
    PASSPORT = "passport"
    PERMANENT = "permanent"
    DRIVERLICENSE = "driverlicense"
    OTHGOVT = "othgovt"
    GIIN = "giin"

    @property
    def is_us(self) -> bool:
        """True for U.S. taxpayer identification numbers (SSN, ITIN, EIN)."""
        return self in _US_KINDS


_US_KINDS = frozenset({IdKind.SSN, IdKind.ITIN, IdKind.EIN})


class Identifier(msgspec.Struct, frozen=True):
    """One identifier on file for a party.

    ``value`` is the identifier as written on the document (never shown in a ``repr``).
    ``country`` is the issuing country (ISO alpha-2) of a foreign identifier other than an
    LEI, ``None`` otherwise. ``current`` is False for an expired or superseded document still
    kept on file; ``primary`` marks the value the customer or firm designated as primary
    when several of one kind are current (FAQ Q57).
    """

    kind: IdKind
    value: str
    country: str | None = None
    current: bool = True
    primary: bool = False

    def __repr__(self) -> str:
        # The value is personal data: it never appears in a repr, a log or a test report.
        return (f"Identifier(kind={self.kind!r}, country={self.country!r}, "
                f"current={self.current!r}, primary={self.primary!r})")


# --- Parties ---------------------------------------------------------------------------------


class NaturalPerson(msgspec.Struct, frozen=True):
    """A human being the firm knows as an account holder or trader.

    ``party_id`` is the firm's own stable customer key. ``first_name`` is ``None`` for a
    person who legally has a single name (held in ``last_name``). ``year_of_birth`` may be
    ``None`` when the firm never collected it (for example a government employee acting as
    guardian who claims the CIP exemption). ``employer_crd`` is the CRD of the broker-dealer
    the person works for, if any: it decides between the "employee" and "other
    broker-dealer" characteristics depending on who reports. ``trade_names`` are names the
    person does business under (a sole proprietorship without its own EIN). ``accredited``,
    ``adviser_associated`` (associated with a U.S. registered investment adviser) and
    ``control_person`` (officer, director or 10 % owner of a public company) are the KYC
    flags the firm records. ``government_official`` marks a state, county or municipal
    employee acting in an official capacity (public administrator).
    """

    party_id: str
    last_name: str
    first_name: str | None = None
    middle_name: str | None = None
    suffix: NameSuffix | None = None
    year_of_birth: int | None = None
    addresses: tuple[PostalAddress, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    employer_crd: int | None = None
    trade_names: tuple[str, ...] = ()
    accredited: bool = False
    adviser_associated: bool = False
    control_person: bool = False
    government_official: bool = False

    @property
    def display_name(self) -> str:
        """The name as one string, parts joined by single spaces."""
        parts = [self.first_name, self.middle_name, self.last_name,
                 _SUFFIX_WORDS[self.suffix] if self.suffix is not None else None]
        return " ".join(p for p in parts if p)


_SUFFIX_WORDS: Mapping[NameSuffix, str] = MappingProxyType({
    NameSuffix.JUNIOR: "Jr", NameSuffix.SENIOR: "Sr", NameSuffix.THIRD: "III",
    NameSuffix.FOURTH: "IV", NameSuffix.FIFTH: "V",
})


class EntityForm(StrEnum):
    """The legal form of an entity, as recorded at onboarding."""

    CORPORATION = "corporation"
    LLC = "llc"
    PARTNERSHIP = "partnership"
    TRUST = "trust"
    ESTATE = "estate"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    FUND = "fund"
    GOVERNMENT = "government"


class LegalEntity(msgspec.Struct, frozen=True):
    """A legal entity (company, fund, trust, estate, sole proprietorship, the firm itself).

    ``crd`` is set for a registered broker-dealer (including the reporting firm itself).
    ``registered_adviser`` and ``registered_fund`` (a registered investment company) and
    ``accredited`` are KYC flags. ``parent_party_id`` names the owner of a subsidiary and
    ``disregarded`` says the entity is disregarded for U.S. tax purposes (it may then use its
    parent's EIN). ``owner_party_id`` names the natural person whose SSN a grantor trust or a
    sole proprietorship uses as its taxpayer number.
    """

    party_id: str
    legal_name: str
    form: EntityForm = EntityForm.CORPORATION
    addresses: tuple[PostalAddress, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    crd: int | None = None
    registered_adviser: bool = False
    registered_fund: bool = False
    accredited: bool = False
    parent_party_id: str | None = None
    disregarded: bool = False
    owner_party_id: str | None = None

    @property
    def is_trust_like(self) -> bool:
        """True for trusts and estates (CAIS files both under the "trust" customer type)."""
        return self.form in (EntityForm.TRUST, EntityForm.ESTATE)


Party = NaturalPerson | LegalEntity


# --- Firm --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Firm:
    """The reporting broker-dealer (the CAT Reporter).

    ``crd`` is its CRD; ``submitter_id`` the CAT Submitter ID that transmits its files (its
    own, or a CAT Reporting Agent's). ``form_bd_address`` is the principal business address
    on its Form BD and ``form_bd_mailing_address`` the separate mailing address listed there,
    if any. ``ein``/``lei`` are its own identifiers (needed when it is a Customer on its own
    accounts). ``clearing_number`` is its NSCC clearing number when it clears;
    ``clearing_firm_crd``/``clearing_firm_number`` describe the firm that clears for it when
    it does not. ``correspondents`` are the CRDs of introducing firms whose accounts it
    reports as their clearing firm. ``ltid_phase`` says the firm reports under the
    LTID-phase schema (1.0.0), where only accounts with Large Trader IDs are reported.
    """

    crd: int
    name: str
    submitter_id: int
    form_bd_address: PostalAddress
    ein: str = field(repr=False)
    form_bd_mailing_address: PostalAddress | None = None
    lei: str | None = None
    clearing_number: str | None = None
    clearing_firm_crd: int | None = None
    clearing_firm_number: str | None = None
    correspondents: tuple[int, ...] = ()
    ltid_phase: bool = False

    @property
    def party_id(self) -> str:
        """The key under which accounts refer to the firm as a party."""
        return f"firm:{self.crd}"

    def as_party(self) -> LegalEntity:
        """The firm as a Customer of its own books (proprietary accounts, discretion)."""
        addresses = (self.form_bd_address,) + (
            (self.form_bd_mailing_address,) if self.form_bd_mailing_address else ())
        ids = (Identifier(IdKind.EIN, self.ein),) + (
            (Identifier(IdKind.LEI, self.lei),) if self.lei else ())
        return LegalEntity(party_id=self.party_id, legal_name=self.name,
                           form=EntityForm.CORPORATION, addresses=addresses,
                           identifiers=ids, crd=self.crd)


# --- Accounts and roles ----------------------------------------------------------------------


class Capacity(StrEnum):
    """In what capacity a party is on an account, in the firm's terms.

    Holders: ``HOLDER`` (owner with trading authority), ``JOINT_HOLDER`` (co-owner with
    trading authority) and ``NON_TRADING_HOLDER`` (owner without authority to trade: a minor,
    an incapacitated person, a beneficiary). Everyone else trades for the holders:
    ``POWER_OF_ATTORNEY``, ``TRUSTEE``, ``GUARDIAN`` (guardian or conservator),
    ``CUSTODIAN`` (UGMA/UTMA custodian), ``ADVISER`` (third-party investment manager, a
    person or an entity), ``ENTITY_TRADER_EMPLOYEE`` (a person employed by an entity that
    trades for the account), ``FIRM_EMPLOYEE`` (an employee of the firm designated by the
    holder) and ``FIRM`` (the firm itself with authority over the account).
    """

    HOLDER = "holder"
    JOINT_HOLDER = "joint_holder"
    NON_TRADING_HOLDER = "non_trading_holder"
    POWER_OF_ATTORNEY = "power_of_attorney"
    TRUSTEE = "trustee"
    GUARDIAN = "guardian"
    CUSTODIAN = "custodian"
    ADVISER = "adviser"
    ENTITY_TRADER_EMPLOYEE = "entity_trader_employee"
    FIRM_EMPLOYEE = "firm_employee"
    FIRM = "firm"

    @property
    def is_holder(self) -> bool:
        """True for the capacities of an account owner."""
        return self in _HOLDER_CAPACITIES


_HOLDER_CAPACITIES = frozenset({Capacity.HOLDER, Capacity.JOINT_HOLDER,
                                Capacity.NON_TRADING_HOLDER})


class EndCause(StrEnum):
    """Why the firm ended a role or a Large Trader link, in its own terms.

    ``REMOVED``: the role or link ended in the ordinary way. ``ERRONEOUS``: it should never
    have been recorded. ``REPLACED``: it was superseded (a new LTID). ``UNKNOWN``: the firm
    cannot tell.
    """

    REMOVED = "removed"
    ERRONEOUS = "erroneous"
    REPLACED = "replaced"
    UNKNOWN = "unknown"


class Role(msgspec.Struct, frozen=True):
    """A party's capacity on an account over a period.

    ``start`` is the day the party took the capacity, per the books; ``end``/``end_cause``
    close it. ``discretion`` is set for a trader who may place orders without the holders'
    prior approval. ``via_party_id`` names the entity a ``ENTITY_TRADER_EMPLOYEE`` works for;
    ``independently_designated`` says the holder named that employee in their own right.
    """

    party_id: str
    capacity: Capacity
    start: dt.date
    end: dt.date | None = None
    end_cause: EndCause | None = None
    discretion: bool = False
    via_party_id: str | None = None
    independently_designated: bool = False


class AccountKind(StrEnum):
    """What an account number in the books stands for.

    ``ACCOUNT``: a trading account. ``RELATIONSHIP``: a relationship identifier used when
    orders arrive before the allocation accounts are known. ``ENTITY_ID``: the firm's ID for
    an employee who aggregates orders across several customer accounts.
    """

    ACCOUNT = "account"
    RELATIONSHIP = "relationship"
    ENTITY_ID = "entity_id"


class CustodianKind(StrEnum):
    """Who settles a delivery-versus-payment account.

    ``BROKER_DEALER`` (identified by its clearing number), ``BANK`` (by its DTC number),
    ``FOREIGN`` (a custodian with neither), ``UNASSIGNED`` (new account, or the number was
    removed from DTCC's ALERT service and none is available yet).
    """

    BROKER_DEALER = "broker_dealer"
    BANK = "bank"
    FOREIGN = "foreign"
    UNASSIGNED = "unassigned"


class Custodian(msgspec.Struct, frozen=True):
    """A DVP/RVP settlement custodian; ``number`` is its clearing or DTC number, if any."""

    kind: CustodianKind
    name: str
    number: str | None = None


class LargeTraderLink(msgspec.Struct, frozen=True):
    """A Large Trader ID (``99999999-9999``) or unidentified LTID (``ULTXXXXX-XXXX``) on an
    account, from ``effective`` until ``end``."""

    ltid: str
    effective: dt.date
    end: dt.date | None = None
    end_cause: EndCause | None = None


class Acquisition(msgspec.Struct, frozen=True):
    """How an account came to the firm in a merger, acquisition or divestiture.

    ``prior_crd`` is the transferring firm and ``prior_fdid`` the FDID it reported.
    """

    prior_crd: int
    prior_fdid: str
    on: dt.date


class Account(msgspec.Struct, frozen=True):
    """An account (or relationship or entity ID) as opened in the books.

    ``account_number`` is the firm's real number; it is never reported (the renderer
    masks it) unless ``fdid`` is set explicitly (allowed for the firm's own proprietary
    accounts). ``opened`` is the open or effective date. ``types`` lists the account's
    characteristics. ``addresses`` are the account-level addresses in books order, the first
    being where correspondence goes. ``roles`` is the full history of who is on the account.
    ``clearing_broker_ids`` are the NSCC numbers of the clearing firm (the firm's own or
    its clearing firm's when empty). ``correspondent_crd`` names the introducing firm that
    owns the customer relationship when the books belong to its clearing firm.
    ``acquired`` is set for an account received in a mass transfer.
    """

    account_number: str
    name: str
    opened: dt.date
    kind: AccountKind = AccountKind.ACCOUNT
    types: tuple[AccountType, ...] = ()
    addresses: tuple[PostalAddress, ...] = ()
    roles: tuple[Role, ...] = ()
    large_traders: tuple[LargeTraderLink, ...] = ()
    custodians: tuple[Custodian, ...] = ()
    clearing_broker_ids: tuple[str, ...] = ()
    branch_office_crd: int | None = None
    registered_rep_crds: tuple[int, ...] = ()
    correspondent_crd: int | None = None
    acquired: Acquisition | None = None
    fdid: str | None = None

    @property
    def proprietary(self) -> bool:
        """True for the firm's own accounts (inventory, error, average price, market making)."""
        return any(t in _PROPRIETARY_TYPES for t in self.types)


_PROPRIETARY_TYPES = frozenset({AccountType.FIRM, AccountType.ERROR, AccountType.AVERAGE,
                                AccountType.MARKET})


# --- Lifecycle events ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountAddressChanged:
    """From ``on``, the account's addresses are ``addresses`` (replacing the old ones)."""

    on: dt.date
    account_number: str
    addresses: tuple[PostalAddress, ...]


@dataclass(frozen=True, slots=True)
class PartyAddressChanged:
    """From ``on``, the party's addresses are ``addresses``."""

    on: dt.date
    party_id: str
    addresses: tuple[PostalAddress, ...]


@dataclass(frozen=True, slots=True)
class RoleChanged:
    """On ``on`` the party's current role on the account ends and a new one begins."""

    on: dt.date
    account_number: str
    party_id: str
    capacity: Capacity
    discretion: bool = False


@dataclass(frozen=True, slots=True)
class AccountClosed:
    """The account was closed on ``on``."""

    on: dt.date
    account_number: str


@dataclass(frozen=True, slots=True)
class AccountInactivated:
    """The firm marked the account inactive on ``on`` (no reportable activity for six
    months)."""

    on: dt.date
    account_number: str


@dataclass(frozen=True, slots=True)
class AccountReactivated:
    """An inactive account traded again on ``on``."""

    on: dt.date
    account_number: str


@dataclass(frozen=True, slots=True)
class AccountReopened:
    """A closed account was reopened on ``on``."""

    on: dt.date
    account_number: str


@dataclass(frozen=True, slots=True)
class FdidReplaced:
    """On ``on`` the firm changed the FDID it uses for the account (system migration,
    vendor or clearing-firm change, new masking). ``new_fdid`` is the new value when the
    books fix it; otherwise the next masked value is used."""

    on: dt.date
    account_number: str
    new_fdid: str | None = None


class IdentifierChange(StrEnum):
    """Why a party's identifier changed.

    ``LEGAL_CHANGE``: a new number legally replaced the old (ITIN to SSN, new passport, EIN
    after a merger). ``ERRONEOUS``: the old number never belonged to the party. ``UNKNOWN``:
    the firm cannot tell which.
    """

    LEGAL_CHANGE = "legal_change"
    ERRONEOUS = "erroneous"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class IdentifierReplaced:
    """On ``on`` the party's identifier ``old`` was replaced by ``new``."""

    on: dt.date
    party_id: str
    old: Identifier
    new: Identifier
    cause: IdentifierChange = IdentifierChange.LEGAL_CHANGE


@dataclass(frozen=True, slots=True)
class MassTransferOut:
    """The account left for firm ``to_crd`` on ``on`` in a merger, acquisition or
    divestiture."""

    on: dt.date
    account_number: str
    to_crd: int


@dataclass(frozen=True, slots=True)
class AccountTransferredOut:
    """The customer moved the account to firm ``to_crd`` on ``on`` (an ACATS-style transfer,
    an adviser's book of business, a correspondent changing clearing firm)."""

    on: dt.date
    account_number: str
    to_crd: int


AccountEvent = (AccountAddressChanged | RoleChanged | AccountClosed | AccountInactivated
                | AccountReactivated | AccountReopened | FdidReplaced | MassTransferOut
                | AccountTransferredOut)
PartyEvent = PartyAddressChanged | IdentifierReplaced
LifecycleEvent = AccountEvent | PartyEvent


# --- Containers ------------------------------------------------------------------------------


class Fragment(msgspec.Struct, frozen=True):
    """Parties, accounts and events that belong together (one archetype instance).

    Fragments compose: a population is the concatenation of fragments under one firm. An
    account may refer to parties of its own fragment and to the firm (``Firm.party_id``).
    """

    parties: tuple[Party, ...] = ()
    accounts: tuple[Account, ...] = ()
    events: tuple[LifecycleEvent, ...] = ()

    def __add__(self, other: Fragment) -> Fragment:
        return Fragment(self.parties + other.parties, self.accounts + other.accounts,
                        self.events + other.events)


@dataclass(frozen=True, slots=True)
class Books:
    """A firm's complete books: the firm, its parties, accounts and lifecycle events."""

    firm: Firm
    parties: tuple[Party, ...] = ()
    accounts: tuple[Account, ...] = ()
    events: tuple[LifecycleEvent, ...] = ()
    _index: Mapping[str, Party] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, Party] = {self.firm.party_id: self.firm.as_party()}
        for party in self.parties:
            index[party.party_id] = party
        object.__setattr__(self, "_index", MappingProxyType(index))

    @classmethod
    def of(cls, firm: Firm, fragments: Iterable[Fragment]) -> Books:
        """The books of ``firm`` made of ``fragments`` in order."""
        parties: list[Party] = []
        accounts: list[Account] = []
        events: list[LifecycleEvent] = []
        for fragment in fragments:
            parties.extend(fragment.parties)
            accounts.extend(fragment.accounts)
            events.extend(fragment.events)
        return cls(firm, tuple(parties), tuple(accounts), tuple(events))

    def party(self, party_id: str) -> Party:
        """The party with ``party_id`` (the firm itself under ``firm.party_id``)."""
        try:
            return self._index[party_id]
        except KeyError:
            raise InvalidArgument(f"no party {party_id!r} in the books") from None

    def fragment(self) -> Fragment:
        """The books without the firm, for composing with other fragments."""
        return Fragment(self.parties, self.accounts, self.events)

    def problems(self) -> list[str]:
        """Inconsistencies in the books themselves (not CAIS rules): dangling references,
        duplicate keys, dates in the wrong order."""
        found: list[str] = []
        seen_parties: set[str] = set()
        for party in self.parties:
            if party.party_id in seen_parties or party.party_id == self.firm.party_id:
                found.append(f"party {party.party_id!r} is defined twice")
            seen_parties.add(party.party_id)
        seen_accounts: set[str] = set()
        for account in self.accounts:
            if account.account_number in seen_accounts:
                found.append(f"account {account.account_number!r} is defined twice")
            seen_accounts.add(account.account_number)
            for role in account.roles:
                if role.party_id not in self._index:
                    found.append(f"account {account.account_number!r}: unknown party "
                                 f"{role.party_id!r}")
                if role.end is not None and role.end < role.start:
                    found.append(f"account {account.account_number!r}: a role of "
                                 f"{role.party_id!r} ends before it starts")
            if (account.correspondent_crd is not None
                    and account.correspondent_crd != self.firm.crd
                    and account.correspondent_crd not in self.firm.correspondents):
                found.append(f"account {account.account_number!r}: correspondent "
                             f"{account.correspondent_crd} is not one of the firm's")
        for event in self.events:
            if isinstance(event, PartyAddressChanged | IdentifierReplaced):
                if event.party_id not in self._index:
                    found.append(f"event on unknown party {event.party_id!r}")
            elif event.account_number not in seen_accounts:
                found.append(f"event on unknown account {event.account_number!r}")
        return found


__all__ = [
    "Account",
    "AccountAddressChanged",
    "AccountClosed",
    "AccountEvent",
    "AccountInactivated",
    "AccountKind",
    "AccountReactivated",
    "AccountReopened",
    "AccountTransferredOut",
    "Acquisition",
    "Books",
    "Capacity",
    "Custodian",
    "CustodianKind",
    "EndCause",
    "EntityForm",
    "FdidReplaced",
    "Firm",
    "Fragment",
    "IdKind",
    "Identifier",
    "IdentifierChange",
    "IdentifierReplaced",
    "LargeTraderLink",
    "LegalEntity",
    "LifecycleEvent",
    "MassTransferOut",
    "NaturalPerson",
    "Party",
    "PartyAddressChanged",
    "PartyEvent",
    "PostalAddress",
    "Role",
    "RoleChanged",
]
