"""The reference renderer: a firm's books on a given day → CAIS submission files.

A rendering is the *full state* of every account as of ``as_of``: each FDID Record carries
all its fields and every association (ended ones with their end dates), each Customer
Record its complete current data, because a record in a file replaces what CAIS holds
[S1 §5.1.3 r15, §5.1.3.1 r2, §5.1.3.2 r3]. Schema 2.0.0 gives a Data File and a TIDS file
per (reporter, correspondent) pair; LTID-phase firms get the 1.0.0 Data File, which holds
only accounts with Large Trader IDs and no customers [S1 T1; digest b.2].

Every reporting rule lives in one place below, with its source. The main ones:

* FDIDs are masked (never the account number), one generation per FDID replacement
  [S1 §2.2.1, §3.1; FAQ M2, M10] — :mod:`.masking`.
* The Input Identifier follows the U.S.-first, then foreign-hierarchy order, per record kind
  [S1 §2.2.5; FAQ Q57]; identifier changes follow the three TID-replacement cases [S1 §3.2].
* Customers sharing one TID on one FDID are collapsed: disregarded entity and parent with
  one EIN → one TRDHOLDER (FAQ Q69); trusts or sole proprietorships sharing a person's SSN →
  the person, TRDHOLDER, with ``doingBusinessAs`` (FAQ on trusts sharing an SSN).
* Foreign trusts and estates without any identifier get no Customer Record and the other
  Customers are typed ``TRUST`` (FAQ Q63); minors and incapacitated holders with a
  government-employee guardian are ``TRDHOLDER`` with ``PUBLIC ADMINISTRATOR`` and the
  guardian goes in ``authTraderNamesList`` (FAQ Q68); traders without full data also go
  there (S1 §3.13; FAQ Q65); an entity trader's employees are left out unless designated in
  their own right (FAQ Q56).
* The firm itself is a Customer on its proprietary accounts and when it has discretion
  (``AUTHREP``), with its Form BD addresses (FAQ on the firm as Customer); clearing firms
  reporting for correspondents fill ``correspondentCRD`` and may keep the correspondent's
  ``AUTHREP``/``EMPLOYEE`` (FAQ Q62).
* Lifecycle: closure, ACATS-style transfer (``ENDED``, FAQ citing B53), mass transfer
  (``TRANSFER`` + prior reporter fields, S1 §3.3), inactivity (``INACTIVE``, S1 §3.8),
  reopening (new ``fdidDate``, S1 §5.1.3.1 r37), FDID replacement (``REPLACED``, S1 §3.1).

Streaming: :class:`Renderer` renders one :class:`~.books.Fragment` at a time and yields
:class:`RenderedEntity` batches, so a bulk generator never holds a population in memory.
A fragment's records must go to one file: its FDIDs share Customer Records (S1 §3.9,
option 1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from cais_sim.errors import CaisSimError
from cais_sim.files.writer import data_file_writer, write_pair
from cais_sim.populations.books import (
    Account,
    AccountAddressChanged,
    AccountClosed,
    AccountInactivated,
    AccountKind,
    AccountReactivated,
    AccountReopened,
    AccountTransferredOut,
    Books,
    Capacity,
    CustodianKind,
    EndCause,
    FdidReplaced,
    Firm,
    Fragment,
    IdentifierChange,
    IdentifierReplaced,
    IdKind,
    LargeTraderLink,
    LegalEntity,
    LifecycleEvent,
    MassTransferOut,
    NaturalPerson,
    Party,
    PartyAddressChanged,
    PostalAddress,
    Role,
    RoleChanged,
)
from cais_sim.populations.masking import FdidMasker, RecordIds
from cais_sim.spec.datatypes import to_cais_date
from cais_sim.spec.enums import (
    AccountType,
    AddrType,
    EndReason,
    FdidType,
    FileKind,
    ForeignTidType,
    LegalEntityCustomerType,
    NameSuffix,
    NaturalPersonCustomerType,
    TidType,
)
from cais_sim.spec.enums import Role as CaisRole
from cais_sim.spec.naming import format_submission_name
from cais_sim.spec.records import (
    Address,
    AuthTraderName,
    DataFile,
    DataFileHeader,
    FdidCustomer,
    FdidRecord,
    LargeTrader,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
    TidsFile,
)
from cais_sim.spec.records_v1 import DataFileHeaderV1, FdidRecordV1, LargeTraderV1
from cais_sim.spec.tid import tid_value


class RenderError(CaisSimError, ValueError):
    """The books hold something no CAIS record can express (names the account or party)."""


# --- Options and results -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Choices the specification leaves to the firm.

    ``replicate_correspondent_roles``: when reporting for a correspondent, keep its
    ``AUTHREP`` role and ``EMPLOYEE`` type for its own staff rather than flipping them to
    ``AUTH3RD``/``OTHBKR`` (FAQ Q62 allows either). ``include_ended``: render accounts and
    associations that had already ended by ``as_of`` (full history) or leave them out.
    """

    replicate_correspondent_roles: bool = True
    include_ended: bool = True


class RenderedEntity(msgspec.Struct, frozen=True):
    """The records one fragment contributes to the file of one correspondent pairing.

    A struct (built in C): bulk generation makes one per entity.
    """

    correspondent_crd: int | None
    fdid_records: tuple[FdidRecord, ...]
    natural_persons: tuple[NaturalPersonCustomer, ...]
    legal_entities: tuple[LegalEntityCustomer, ...]
    tid_records: tuple[TidRecord, ...]

    @property
    def record_count(self) -> int:
        """Data File plus TIDS records in this batch."""
        return (len(self.fdid_records) + len(self.natural_persons) + len(self.legal_entities)
                + len(self.tid_records))


@dataclass(frozen=True, slots=True)
class RenderedPair:
    """One schema 2.0.0 submission pair held in memory."""

    data: DataFile
    tids: TidsFile

    def write(self, directory: str | Path, *, generation_date: dt.date, file_number: int = 1,
              group: str | None = None, compresslevel: int = 9) -> tuple[Path, Path]:
        """Write the pair under its CAIS names in ``directory``; returns both paths."""
        header = self.data.header
        name = format_submission_name(submitter_id=header.cat_submitter_id,
                                      reporter_crd=header.cat_reporter_crd,
                                      generation_date=generation_date, kind=FileKind.CAIS,
                                      file_number=file_number, group=group)
        return write_pair(directory, name, self.data, self.tids, compresslevel=compresslevel)


@dataclass(frozen=True, slots=True)
class RenderedSubmission:
    """A firm's rendering: one pair per correspondent pairing, the firm's own first."""

    pairs: tuple[RenderedPair, ...]

    @property
    def data(self) -> DataFile:
        """The Data File, when the rendering has exactly one pair."""
        return self._only().data

    @property
    def tids(self) -> TidsFile:
        """The TIDS file, when the rendering has exactly one pair."""
        return self._only().tids

    def _only(self) -> RenderedPair:
        if len(self.pairs) != 1:
            raise RenderError(f"the rendering has {len(self.pairs)} pairs; use .pairs")
        return self.pairs[0]

    def write(self, directory: str | Path, *, generation_date: dt.date, first_file_number: int = 1,
              group: str | None = None, compresslevel: int = 9) -> list[tuple[Path, Path]]:
        """Write every pair, numbering files from ``first_file_number``."""
        return [pair.write(directory, generation_date=generation_date,
                           file_number=first_file_number + i, group=group,
                           compresslevel=compresslevel)
                for i, pair in enumerate(self.pairs)]


@dataclass(frozen=True, slots=True)
class RenderedLtidFile:
    """An LTID-phase (schema 1.0.0) Data File held in memory; that phase had no TIDS file."""

    header: DataFileHeaderV1
    fdid_records: tuple[FdidRecordV1, ...]

    def write(self, directory: str | Path, *, generation_date: dt.date, file_number: int = 1,
              group: str | None = None, compresslevel: int = 9) -> Path:
        """Write the Data File under its CAIS name in ``directory``."""
        name = format_submission_name(submitter_id=self.header.cat_submitter_id,
                                      reporter_crd=self.header.cat_reporter_crd,
                                      generation_date=generation_date, kind=FileKind.CAIS,
                                      file_number=file_number, group=group)
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name.file_name
        with data_file_writer(path, reporter_crd=self.header.cat_reporter_crd,
                              submitter_id=self.header.cat_submitter_id, version="1.0.0",
                              compresslevel=compresslevel) as writer:
            writer.add_all(self.fdid_records)
        return path


# --- Identifier choice [S1 §2.2.5; FAQ Q57] ---------------------------------------------------

_FOREIGN_RANK: Mapping[IdKind, ForeignTidType] = {
    IdKind.NATIONALID: ForeignTidType.NATIONALID,
    IdKind.LEI: ForeignTidType.LEI,
    IdKind.PASSPORT: ForeignTidType.PASSPORT,
    IdKind.PERMANENT: ForeignTidType.PERMANENT,
    IdKind.DRIVERLICENSE: ForeignTidType.DRIVERLICENSE,
    IdKind.OTHGOVT: ForeignTidType.OTHGOVT,
}
# Which identifiers each record kind may carry: SSN/ITIN only for natural persons, EIN only
# for legal entities [S1 §5.1.4 r7; 22541/22542]; LEI only for entities, passport, permanent
# resident and driver's licence only for persons [S1 §2.2.5.2; 22534/22535]. GIIN is never an
# Input Identifier (FAQ on foreign legal entities). The tuple order is the hierarchy.
_NP_ORDER = (IdKind.SSN, IdKind.ITIN, IdKind.NATIONALID, IdKind.PASSPORT, IdKind.PERMANENT,
             IdKind.DRIVERLICENSE, IdKind.OTHGOVT)
_LE_ORDER = (IdKind.EIN, IdKind.NATIONALID, IdKind.LEI, IdKind.OTHGOVT)


class InputIdentifier(msgspec.Struct, frozen=True, gc=False):
    """The Input Identifier chosen for a party: what goes into its TID Record.

    ``tid`` is its SHA-256 tidValue; ``plain`` the EIN or LEI text CAIS takes in clear
    [S1 §2.2.5.1]; ``country`` the ``foreignTIDCountryCd`` (never set for an LEI). A
    struct rather than a dataclass because one is made per party of every rendering and
    structs are built in C; it holds no containers, so the garbage collector can skip it.
    """

    kind: IdKind
    tid: str
    tid_type: TidType
    foreign_type: ForeignTidType | None
    country: str | None
    plain: str | None


#: One phase of a party's identity: since when (None = from the start), which identifier,
#: and why it replaced the previous one.
_Phase = tuple[dt.date | None, InputIdentifier, IdentifierChange | None]
#: A Natural Person Customer Record's content without its number: first, middle and last
#: name, suffix, doingBusinessAs, year of birth, addresses, customer types.
_PersonContent = tuple[str, str | None, str, NameSuffix | None, str | None, int,
                       tuple[Address, ...], tuple[NaturalPersonCustomerType, ...]]
#: A Legal Entity Customer Record's content without its number: legal name, addresses,
#: EIN, customer types, LEI.
_EntityContent = tuple[str, tuple[Address, ...], str | None, tuple[LegalEntityCustomerType, ...],
                       str | None]


def _make_ident(kind: IdKind, value: str, country: str | None) -> InputIdentifier:
    if kind is IdKind.SSN:
        return InputIdentifier(kind, tid_value("ssn", value), TidType.SSN_ITIN, None, None, None)
    if kind is IdKind.ITIN:
        return InputIdentifier(kind, tid_value("itin", value), TidType.SSN_ITIN, None, None, None)
    if kind is IdKind.EIN:
        return InputIdentifier(kind, tid_value("ein", value), TidType.EIN, None, None, value)
    foreign = _FOREIGN_RANK[kind]
    # The country travels in foreignTIDCountryCd, except for an LEI [S1 T9; 24904].
    return InputIdentifier(kind, tid_value("foreign", value), TidType.FOREIGN, foreign,
                  None if kind is IdKind.LEI else country,
                  value if kind is IdKind.LEI else None)


def choose_identifier(
    party: Party, replaced: frozenset[int] = frozenset(),
    extra: Sequence[tuple[IdKind, str, str | None]] = (),
) -> InputIdentifier | None:
    """The Input Identifier CAIS expects for ``party``, or None when it has none usable.

    A U.S. number wins over any foreign one; among foreign ones the hierarchy decides; among
    several current values of one kind the primary one, then the one from the country of
    residence or incorporation (the party's first address) [S1 §2.2.5; FAQ Q57].
    ``replaced`` holds positions of ``party.identifiers`` no longer in force and ``extra``
    identifiers added since (:class:`~.books.IdentifierReplaced`).
    """
    order = _NP_ORDER if isinstance(party, NaturalPerson) else _LE_ORDER
    identifiers = party.identifiers
    if len(identifiers) == 1 and not replaced and not extra:
        # One identifier on file, the usual case: nothing to rank.
        only = identifiers[0]
        if only.current and only.kind in order:
            return _make_ident(only.kind, only.value, only.country)
        return None
    home = party.addresses[0].country if party.addresses else None
    candidates = [(i.kind, i.value, i.country, i.primary)
                  for pos, i in enumerate(party.identifiers)
                  if i.current and pos not in replaced]
    candidates.extend((k, v, c, True) for k, v, c in extra)
    best: tuple[int, int, int, int] | None = None
    chosen: tuple[IdKind, str, str | None] | None = None
    for pos, (kind, value, country, primary) in enumerate(candidates):
        if kind not in order:
            continue
        rank = (order.index(kind), 0 if primary else 1,
                0 if country is not None and country == home else 1, pos)
        if best is None or rank < best:
            best, chosen = rank, (kind, value, country)
    if chosen is None:
        return None
    return _make_ident(*chosen)


# --- Small mappings ----------------------------------------------------------------------------

_END_OF_CAUSE: Mapping[EndCause, EndReason] = {
    EndCause.REMOVED: EndReason.ENDED,
    EndCause.ERRONEOUS: EndReason.CORRECTION,
    EndCause.REPLACED: EndReason.REPLACED,
    EndCause.UNKNOWN: EndReason.OTHER,  # reason not reasonably ascertainable (FAQ Q12)
}
_FDID_TYPE: Mapping[AccountKind, FdidType] = {
    AccountKind.ACCOUNT: FdidType.ACCOUNT,
    AccountKind.RELATIONSHIP: FdidType.RELATIONSHIP,
    AccountKind.ENTITY_ID: FdidType.ENTITYID,
}
# The LTID-phase spelling of entity IDs [S1 T2; digest b.2].
_FDID_TYPE_V1: Mapping[AccountKind, FdidType] = {
    AccountKind.ACCOUNT: FdidType.ACCOUNT,
    AccountKind.RELATIONSHIP: FdidType.RELATIONSHIP,
    AccountKind.ENTITY_ID: FdidType.ENTITY,
}
_ACCOUNT_TYPE_ORDER = {t: i for i, t in enumerate(AccountType)}
#: Capacity.is_holder as a set: a property call costs more than the lookup.
_HOLDERS = frozenset(c for c in Capacity if c.is_holder)
_KIND_ACCOUNT_TYPE: Mapping[AccountKind, AccountType] = {
    AccountKind.RELATIONSHIP: AccountType.RELATIONSHIP,
    AccountKind.ENTITY_ID: AccountType.ENTITYID,
}
_ADDR_TYPES = (AddrType.ADDRESS1, AddrType.ADDRESS2, AddrType.ADDRESS3, AddrType.ADDRESS4)
_REGION_COUNTRIES = frozenset({"US", "CA"})
_LTID = re.compile(r"[0-9]{8}-[0-9]{4}|ULT[0-9A-Z]{5}-[0-9A-Z]{4}")
_FDID_TEXT = re.compile(r'[\x20-\x7E]{1,40}')
_FDID_FORBIDDEN = frozenset('|"@,\\')
_PUBLIC_ADMINISTRATOR = "PUBLIC ADMINISTRATOR"
#: Events by account or party when a fragment has none (never written to).
_NO_EVENTS: Mapping[str, Sequence[LifecycleEvent]] = {}
_SINGLE_NAME = "NNVE"
_MAX_CUSTOMERS_PER_FDID = 2000
_CustomerType = TypeVar("_CustomerType", NaturalPersonCustomerType, LegalEntityCustomerType)


def _type_table(flags: Sequence[_CustomerType],
                empty: _CustomerType) -> tuple[tuple[_CustomerType, ...], ...]:
    """``customerType`` for every set of ``flags`` (bit i set = ``flags[i]`` applies), in
    the order of the enumeration, ``empty`` when none applies: built once, so rendering a
    customer costs one index instead of a set and a sort."""
    rank = {t: i for i, t in enumerate(type(empty))}
    return tuple(
        tuple(sorted((f for i, f in enumerate(flags) if mask >> i & 1), key=rank.__getitem__))
        or (empty,)
        for mask in range(1 << len(flags)))


_NP_FOREIGN, _NP_EMPLOYEE, _NP_OTHBKR, _NP_ACCREDITED, _NP_ADVISER, _NP_CP, _NP_TRUST = (
    1 << i for i in range(7))
_NP_TYPES = _type_table(
    (NaturalPersonCustomerType.FOREIGN, NaturalPersonCustomerType.EMPLOYEE,
     NaturalPersonCustomerType.OTHBKR, NaturalPersonCustomerType.ACCREDITED,
     NaturalPersonCustomerType.ADVISER, NaturalPersonCustomerType.CP,
     NaturalPersonCustomerType.TRUST),
    NaturalPersonCustomerType.NOTAPPLICABLE)  # nothing applies: NOTAPPLICABLE [S1 §5.1.3.2 r13]
_LE_ACCREDITED, _LE_ADVISER, _LE_BD, _LE_FOREIGN, _LE_RIC, _LE_TRUST = (
    1 << i for i in range(6))
_LE_TYPES = _type_table(
    (LegalEntityCustomerType.ACCREDITED, LegalEntityCustomerType.ADVISER,
     LegalEntityCustomerType.BD, LegalEntityCustomerType.FOREIGN,
     LegalEntityCustomerType.RIC, LegalEntityCustomerType.TRUST),
    LegalEntityCustomerType.NOTAPPLICABLE)  # nothing applies: NOTAPPLICABLE [S1 §5.1.3.2 r13]


def _cais_date(d: dt.date) -> int:
    return d.year * 10_000 + d.month * 100 + d.day


def render_address(address: PostalAddress, addr_type: AddrType) -> Address:
    """An Address Record from a books address.

    Lines are kept as in the books, with no standardisation [S1 §5.1.3.1 r28]; U.S. and
    Canadian regions take the ISO 3166-2 ``AA-XX`` form (digest d.1), which also turns the
    military regions AA/AE/AP into ``US-AA``/``US-AE``/``US-AP`` [S1 §5.1.3.1 r36].
    """
    lines = address.lines
    count = len(lines)
    if not 1 <= count <= 4:
        raise RenderError("an address needs one to four lines")
    country = address.country
    region = address.region
    if region is not None and country in _REGION_COUNTRIES and "-" not in region:
        region = f"{country}-{region}"
    if count == 1:
        return Address(addr_type=addr_type, addr_line1=lines[0], city=address.city,
                       region_code=region, country_code=country,
                       postal_code=address.postal_code)
    line2, line3, line4 = (*lines[1:], None, None)[:3]
    return Address(addr_type=addr_type, addr_line1=lines[0], addr_line2=line2,
                   addr_line3=line3, addr_line4=line4, city=address.city, region_code=region,
                   country_code=country, postal_code=address.postal_code)


def render_addresses(addresses: Sequence[PostalAddress]) -> tuple[Address, ...]:
    """Up to four Address Records numbered contiguously from ADDRESS1 [S1 §5.1.3.1 r26,
    §5.1.3.2 r8]; further addresses in the books are not reported."""
    if len(addresses) == 1:
        return (render_address(addresses[0], AddrType.ADDRESS1),)
    return tuple(render_address(a, t) for a, t in zip(addresses, _ADDR_TYPES, strict=False))


def check_fdid(fdid: str) -> None:
    """Raise :class:`RenderError` unless ``fdid`` obeys the FDID character rules [S1 §3.11;
    schema ``firmDesignatedIdType``]."""
    if (_FDID_TEXT.fullmatch(fdid) is None or any(c in _FDID_FORBIDDEN for c in fdid)
            or fdid != fdid.strip() or fdid.upper() == "PENDING"):
        raise RenderError("an FDID must be 1-40 printable ASCII characters without | \" @ , "
                          "or backslash, without surrounding spaces, and not PENDING")


# --- Account state on a day ------------------------------------------------------------------


class _Segment(msgspec.Struct, gc=False):
    """One FDID value of an account over its life (a replacement starts a new one)."""

    fdid: str
    fdid_date: dt.date
    end: dt.date | None = None
    reason: EndReason | None = None
    replaced_by: str | None = None
    prior_crd: int | None = None
    prior_fdid: str | None = None
    starts_at: dt.date | None = None  # roles and links before this day stay with the old FDID


class _AccountState(msgspec.Struct):
    segments: list[_Segment]
    addresses: tuple[PostalAddress, ...]
    roles: list[Role]
    links: list[LargeTraderLink]


def _roles_as_of(roles: Iterable[Role], as_of: dt.date) -> list[Role]:
    """The roles begun by ``as_of``; those ending later are still open that day."""
    return [role if role.end is None or role.end <= as_of else
            Role(role.party_id, role.capacity, role.start, None, None, role.discretion,
                 role.via_party_id, role.independently_designated)
            for role in roles if role.start <= as_of]


def _links_as_of(links: Iterable[LargeTraderLink], as_of: dt.date) -> list[LargeTraderLink]:
    """The Large Trader links effective by ``as_of``; those ending later are still open."""
    return [link if link.end is None or link.end <= as_of else
            LargeTraderLink(link.ltid, link.effective)
            for link in links if link.effective <= as_of]


# --- The renderer --------------------------------------------------------------------------------


class _CustomerOut(msgspec.Struct):
    people: list[NaturalPersonCustomer] = msgspec.field(default_factory=list)
    entities: list[LegalEntityCustomer] = msgspec.field(default_factory=list)
    tids: list[TidRecord] = msgspec.field(default_factory=list)
    fdids: list[FdidRecord] = msgspec.field(default_factory=list)


class _Assoc(msgspec.Struct, frozen=True, gc=False):
    """One association to render: who, as which identity, in which CAIS role, when.

    A struct (built in C) rather than a dataclass: several are made per account.
    """

    party: Party
    ident: InputIdentifier
    role: CaisRole
    discretion: bool | None
    start: dt.date
    end: dt.date | None
    reason: EndReason | None
    dba: str | None
    trust: bool
    replaced_by: InputIdentifier | None


class Renderer:
    """Renders fragments of one firm's books as of one day, keeping file-unique record IDs.

    Create one per output file set; call :meth:`render_fragment` for each fragment in
    order. ``ids`` may be shared with the caller (for example to continue numbering across
    files); otherwise numbering starts at 1 per correspondent pairing.
    """

    def __init__(self, firm: Firm, *, as_of: dt.date, masker: FdidMasker | None = None,
                 options: RenderOptions | None = None,
                 ids: Mapping[int | None, RecordIds] | None = None) -> None:
        self.firm = firm
        self.as_of = as_of
        self.masker = masker if masker is not None else FdidMasker(seed=firm.crd)
        self.options = options if options is not None else RenderOptions()
        self._ids: dict[int | None, RecordIds] = dict(ids) if ids is not None else {}
        self._firm_party = firm.as_party()
        self._firm_party_id = firm.party_id
        self._default_clearing = tuple(
            n for n in (firm.clearing_number or firm.clearing_firm_number,) if n)
        # Derived once and reused; bulk generation renders millions of accounts with one
        # renderer, so whatever repeats is kept rather than recomputed.
        #: The firm's identity timeline while no event changes it (the firm is a Customer
        #: on many accounts); filled on first use, so a firm that never is one needs no
        #: usable identifier.
        self._firm_timeline: list[_Phase] | None = None
        #: accountType by (kind, characteristics, has custodians).
        self._account_types_of: dict[
            tuple[AccountKind, tuple[AccountType, ...], bool], tuple[AccountType, ...]] = {}
        #: Rendered address lists of the fragment being rendered, by the id() of the books
        #: tuple (kept in the value, so the id cannot be reused while the entry lives): a
        #: holder's addresses usually serve the account too.
        self._addresses: dict[int, tuple[Sequence[PostalAddress], tuple[Address, ...]]] = {}

    def ids_for(self, correspondent_crd: int | None) -> RecordIds:
        """The record numbering of one correspondent pairing's file."""
        ids = self._ids.get(correspondent_crd)
        if ids is None:
            ids = self._ids[correspondent_crd] = RecordIds()
        return ids

    # -- public entry points ----------------------------------------------------------------

    def render_fragment(self, fragment: Fragment) -> Iterator[RenderedEntity]:
        """Yield the records of ``fragment``, one batch per correspondent pairing."""
        yield from self.render_batches(fragment)

    def render_batches(self, fragment: Fragment) -> list[RenderedEntity]:
        """The records of ``fragment``, one batch per correspondent pairing, at once."""
        by_account: Mapping[str, Sequence[LifecycleEvent]] = _NO_EVENTS
        by_party: Mapping[str, Sequence[LifecycleEvent]] = _NO_EVENTS
        if fragment.events:
            by_account, by_party = _index_events(fragment.events, self.as_of)
        if by_party:
            parties = {p.party_id: _party_addresses(p, by_party.get(p.party_id, ()))
                       for p in fragment.parties}
        else:
            parties = {p.party_id: p for p in fragment.parties}
        parties[self._firm_party_id] = self._firm_party
        groups: dict[int | None, _CustomerOut] = {}
        caches: dict[int | None, dict[object, int] | None] = {}
        # One account without events renders one FDID, whose Customers all differ (one per
        # TID, 22042): nothing to share, so no content keys to build and hash.
        shared = len(fragment.accounts) > 1 or bool(fragment.events)
        as_of = self.as_of
        for account in fragment.accounts:
            if account.opened > as_of:
                continue
            key = account.correspondent_crd
            out = groups.get(key)
            if out is None:
                out = groups[key] = _CustomerOut()
                caches[key] = {} if shared else None
            self._render_account(account, parties, by_account.get(account.account_number, ()),
                                 by_party, out, caches[key],
                                 self._ids.get(key) or self.ids_for(key))
        self._addresses.clear()
        return [RenderedEntity(key, tuple(out.fdids), tuple(out.people), tuple(out.entities),
                               tuple(out.tids))
                for key, out in groups.items() if out.fdids]

    def render_fragment_v1(self, fragment: Fragment) -> Iterator[FdidRecordV1]:
        """Yield LTID-phase FDID Records: only accounts with a Large Trader link by ``as_of``
        were reported in that phase [S1 T1; digest b.2]."""
        by_account, _ = _index_events(fragment.events, self.as_of)
        ids = self.ids_for(None)
        for account in fragment.accounts:
            if account.opened > self.as_of:
                continue
            state = self._state(account, by_account.get(account.account_number, ()))
            if not state.links:
                continue
            for segment in self._visible(state.segments):
                links = self._segment_links(state.links, segment)
                yield FdidRecordV1(
                    fdid_record_id=ids.fdid(), firm_designated_id=segment.fdid,
                    fdid_type=_FDID_TYPE_V1[account.kind],
                    fdid_date=_cais_date(segment.fdid_date),
                    fdid_end_date=_cais_date(segment.end) if segment.end else None,
                    fdid_end_reason=segment.reason, replaced_by_fdid=segment.replaced_by,
                    prior_cat_reporter_crd=segment.prior_crd,
                    prior_cat_reporter_fdid=segment.prior_fdid,
                    large_trader_list=tuple(
                        LargeTraderV1(large_trader_record_id=n,
                                      large_trader_id=lt.large_trader_id,
                                      ltid_effective_date=lt.ltid_effective_date,
                                      ltid_end_date=lt.ltid_end_date,
                                      ltid_end_reason=lt.ltid_end_reason)
                        for n, lt in enumerate(links, 1)))

    # -- account state ------------------------------------------------------------------------

    def _fdid_for(self, account: Account, generation: int, explicit: str | None) -> str:
        if explicit is not None:
            fdid = explicit
        elif generation == 0 and account.fdid is not None:
            fdid = account.fdid
            # The account number itself is only allowed for the firm's own proprietary
            # accounts [S1 §2.2.1; FAQ M2; FAQ on masking proprietary account numbers].
            if fdid == account.account_number and not account.proprietary:
                raise RenderError(f"account {account.account_number!r}: a customer account "
                                  "number cannot be its FDID")
        else:
            # Masked values are spelled from a safe alphabet; no need to check them.
            return self.masker.mask(account.account_number, generation)
        check_fdid(fdid)
        return fdid

    def _state(self, account: Account, events: Sequence[LifecycleEvent]) -> _AccountState:
        first = _Segment(self._fdid_for(account, 0, None), account.opened)
        if account.acquired is not None:
            # Mass transfer, acquiring side: the transferor's CRD and FDID [S1 §3.3; k.1].
            first.prior_crd = account.acquired.prior_crd
            first.prior_fdid = account.acquired.prior_fdid
        state = _AccountState([first], account.addresses,
                              _roles_as_of(account.roles, self.as_of),
                              _links_as_of(account.large_traders, self.as_of)
                              if account.large_traders else [])
        closed_on: dt.date | None = None
        for event in events:
            current = state.segments[-1]
            if isinstance(event, AccountAddressChanged):
                # The old addresses become historical in CAIS [S1 §5.1.3.1 r27].
                state.addresses = event.addresses
            elif isinstance(event, RoleChanged):
                _change_role(state, event)
            elif isinstance(event, AccountClosed):
                current.end, current.reason, closed_on = event.on, EndReason.ENDED, event.on
            elif isinstance(event, AccountTransferredOut):
                # ACATS-style transfers are not mass transfers: plain ENDED everywhere
                # (FAQ on account transfers, citing FAQ B53).
                current.end, current.reason, closed_on = event.on, EndReason.ENDED, event.on
            elif isinstance(event, MassTransferOut):
                # Mass transfer, transferring side [S1 §3.3; k.1].
                current.end, current.reason, closed_on = event.on, EndReason.TRANSFER, event.on
            elif isinstance(event, AccountInactivated):
                # Six months without reportable activity [S1 §3.8, §5.1.3.1 r22].
                current.end, current.reason = event.on, EndReason.INACTIVE
            elif isinstance(event, AccountReactivated):
                # Reactivation = the full FDID without end date and reason [S1 §3.8].
                if current.reason is EndReason.INACTIVE:
                    current.end = current.reason = None
            elif isinstance(event, AccountReopened):
                # A reopened account is resubmitted with the reopening date as its fdidDate
                # [S1 §5.1.3.1 r37]; the people and links it had at closure start again.
                current.end = current.reason = None
                current.fdid_date = event.on
                if closed_on is not None:
                    _restart(state, closed_on, event.on)
                closed_on = None
            elif isinstance(event, FdidReplaced):
                # One FDID ends REPLACED pointing at its successor, whose fdidDate is not
                # after the old end date (23005) [S1 §3.1, §5.1.3.1 r15].
                generation = len(state.segments)
                new = self._fdid_for(account, generation, event.new_fdid)
                current.end, current.reason, current.replaced_by = (
                    event.on, EndReason.REPLACED, new)
                state.segments.append(_Segment(new, event.on, starts_at=event.on))
        return state

    def _visible(self, segments: list[_Segment]) -> list[_Segment]:
        if self.options.include_ended:
            return segments
        return [s for s in segments if s.end is None]

    def _segment_links(self, links: list[LargeTraderLink], seg: _Segment) -> list[LargeTrader]:
        out: list[LargeTrader] = []
        for link in links:
            if seg.starts_at is not None and link.end is not None and link.end < seg.starts_at:
                continue
            if seg.replaced_by is not None and seg.end is not None and link.effective > seg.end:
                continue
            if _LTID.fullmatch(link.ltid) is None:
                raise RenderError(f"{link.ltid!r} is neither an LTID nor a ULTID")
            effective, end, reason = link.effective, link.end, None
            if end is not None:
                reason = _END_OF_CAUSE[link.end_cause or EndCause.REMOVED]
            if seg.end is not None:
                # Links end with the FDID, never after it, and never start after it
                # [S1 §5.1.3.1 r7, r8, r13].
                effective = min(effective, seg.end)
                if end is None or end > seg.end:
                    end, reason = seg.end, seg.reason
            elif not self.options.include_ended and end is not None:
                continue
            out.append(LargeTrader(large_trader_record_id=len(out) + 1,
                                   large_trader_id=link.ltid,
                                   ltid_effective_date=_cais_date(effective),
                                   ltid_end_date=_cais_date(end) if end else None,
                                   ltid_end_reason=reason))
        return out

    # -- one account ------------------------------------------------------------------------

    def _render_account(self, account: Account, parties: Mapping[str, Party],
                        events: Sequence[LifecycleEvent],
                        by_party: Mapping[str, Sequence[LifecycleEvent]], out: _CustomerOut,
                        cache: dict[object, int] | None, ids: RecordIds) -> None:
        state = self._state(account, events)
        account_types = self._account_types(account)
        dvp = self._dvp(account, account_types)
        correspondent = account.correspondent_crd
        for_correspondent = correspondent is not None and correspondent != self.firm.crd
        clearing = account.clearing_broker_ids or self._default_clearing
        segments = state.segments
        for segment in segments if self.options.include_ended else self._visible(segments):
            assocs, names, trust_without_id = self._associations(
                account, state, segment, parties, by_party)
            links = self._segment_links(state.links, segment) if state.links else ()
            fdid_customers = [
                FdidCustomer(
                    customer_record_id=self._customer(assoc, account, trust_without_id, out,
                                                      cache, ids),
                    role=assoc.role, has_discretion=assoc.discretion,
                    role_start_date=_cais_date(assoc.start),
                    role_end_date=_cais_date(assoc.end) if assoc.end else None,
                    role_end_reason=assoc.reason)
                for assoc in assocs]
            if len(fdid_customers) > _MAX_CUSTOMERS_PER_FDID:
                # At most 2,000 Customers per FDID [S1 §5.1.3.1 r1].
                raise RenderError(f"account {account.account_number!r} has more than 2,000 "
                                  "Customers")
            record = FdidRecord(
                fdid_record_id=ids.fdid(),
                firm_designated_id=segment.fdid,
                fdid_type=_FDID_TYPE[account.kind],
                account_type=account_types,
                account_name=account.name,
                dvp_custodian_id=dvp,
                clearing_broker_id=clearing,
                # Clearing firms need not send branch and representative CRDs for their
                # correspondents' accounts [S1 §5.1.3.1 r31].
                branch_office_crd=None if for_correspondent else account.branch_office_crd,
                registered_rep_crd=() if for_correspondent else account.registered_rep_crds,
                fdid_date=_cais_date(segment.fdid_date),
                address_list=self._fdid_addresses(account, state, assocs),
                large_trader_list=tuple(links),
                fdid_customer_list=tuple(fdid_customers),
                auth_trader_names_list=tuple(
                    AuthTraderName(auth_trader_name_id=n, auth_trader_name=name)
                    for n, name in enumerate(names, 1)) if names else (),
            )
            if (segment.end is not None or segment.reason is not None
                    or segment.replaced_by is not None or segment.prior_crd is not None
                    or segment.prior_fdid is not None):
                # The end, replacement and transfer fields go in a second step: a call with
                # more than 15 keyword arguments makes CPython build a dict for it, which
                # costs more than this whole step for the few FDIDs that need it.
                record = msgspec.structs.replace(
                    record,
                    fdid_end_date=_cais_date(segment.end) if segment.end else None,
                    fdid_end_reason=segment.reason,
                    replaced_by_fdid=segment.replaced_by,
                    prior_cat_reporter_crd=segment.prior_crd,
                    prior_cat_reporter_fdid=segment.prior_fdid)
            out.fdids.append(record)

    def _account_types(self, account: Account) -> tuple[AccountType, ...]:
        key = (account.kind, account.types, bool(account.custodians))
        found = self._account_types_of.get(key)
        if found is None:
            found = self._account_types_of[key] = self._derive_account_types(account)
        return found

    @staticmethod
    def _derive_account_types(account: Account) -> tuple[AccountType, ...]:
        kind_type = _KIND_ACCOUNT_TYPE.get(account.kind)
        # RELATIONSHIP and ENTITYID only with the matching fdidType, never with ACCOUNT
        # [S1 §5.1.3.1 r5; 22069]; every applicable value otherwise. A correspondent's
        # account keeps the characteristics its books record, which may be those seen from
        # the introducing firm (FAQ on correspondent-owned accounts: ERROR, else FIRM).
        types: set[AccountType] = {t for t in account.types
                                   if t not in (AccountType.RELATIONSHIP, AccountType.ENTITYID)}
        if kind_type is not None:
            types.add(kind_type)
        if account.custodians:
            types.add(AccountType.DVP_RVP)
        if not types:
            types.add(AccountType.OTHER)
        return tuple(sorted(types, key=_ACCOUNT_TYPE_ORDER.__getitem__))

    @staticmethod
    def _dvp(account: Account, types: tuple[AccountType, ...]) -> tuple[str, ...]:
        if AccountType.DVP_RVP not in types:
            return ()
        values: list[str] = []
        for custodian in account.custodians:
            if custodian.kind is CustodianKind.FOREIGN:
                value = "FOR"  # custodian with neither clearing nor DTC number [S1 r30]
            elif custodian.kind is CustodianKind.UNASSIGNED or not custodian.number:
                value = "DTCRM"  # number not yet assigned or removed from ALERT (FAQ Q66)
            else:
                value = custodian.number  # clearing number or DTC number [S1 T8]
            if value not in values:
                values.append(value)
        # A DVP/RVP account must name a custodian (22075); with none on file the number is
        # by definition not yet available (FAQ Q66).
        return tuple(values) or ("DTCRM",)

    def _fdid_addresses(self, account: Account, state: _AccountState,
                        assocs: Sequence[_Assoc]) -> tuple[Address, ...]:
        if state.addresses:
            # ADDRESS1 is where account correspondence goes; the others follow (FAQ Q44).
            return self._rendered_addresses(state.addresses)
        # No account-level address: one holder's mailing address (FAQ on accounts without an
        # address, with Q44/Q45); for the firm's own accounts its Form BD address.
        for assoc in assocs:
            if assoc.party.addresses:
                return render_addresses(assoc.party.addresses[:1])
        if account.proprietary or not assocs:
            return render_addresses(self._firm_party.addresses[:1])
        raise RenderError(f"account {account.account_number!r} has no address to report")

    def _rendered_addresses(self, addresses: Sequence[PostalAddress]) -> tuple[Address, ...]:
        """:func:`render_addresses`, once per books tuple and fragment."""
        found = self._addresses.get(id(addresses))
        if found is not None:
            return found[1]
        rendered = render_addresses(addresses)
        self._addresses[id(addresses)] = (addresses, rendered)
        return rendered

    # -- associations -------------------------------------------------------------------------

    def _associations(
        self, account: Account, state: _AccountState, seg: _Segment,
        parties: Mapping[str, Party], by_party: Mapping[str, Sequence[LifecycleEvent]],
    ) -> tuple[list[_Assoc], list[str], bool]:
        fdid_type = _FDID_TYPE[account.kind]
        roles: list[Role] = state.roles
        if seg.starts_at is not None or seg.replaced_by is not None:
            roles = []
            for role in state.roles:
                # A replacement FDID takes the roles still open when it starts; the old one
                # keeps only roles that began before it ended [S1 §3.1].
                if (seg.starts_at is not None and role.end is not None
                        and role.end < seg.starts_at):
                    continue
                if seg.replaced_by is not None and seg.end is not None and role.start > seg.end:
                    continue
                roles.append(role)
        names: list[str] = []
        trust_without_id = False
        guardian_admin = False
        raw: list[_Assoc] = []
        for role in roles:
            party = parties.get(role.party_id)
            if party is None:
                raise RenderError(f"account {account.account_number!r}: unknown party "
                                  f"{role.party_id!r}")
            active = role.end is None
            if role.capacity is Capacity.ENTITY_TRADER_EMPLOYEE and not (
                    role.independently_designated):
                # Employees of an entity trader are the entity, not separate Customers,
                # unless the holder names them in their own right (FAQ Q56).
                continue
            timeline = self._timeline(party, by_party)
            if timeline is None:
                if isinstance(party, LegalEntity) and party.is_trust_like and (
                        role.capacity.is_holder):
                    # Foreign trust or estate with no identifier anywhere: FDID without its
                    # Customer Record; everyone else on it is typed TRUST (FAQ Q63).
                    trust_without_id = True
                    continue
                if isinstance(party, NaturalPerson) and not role.capacity.is_holder:
                    # A trader the firm lacks full data for goes in the names-only list
                    # [S1 §3.13; FAQ Q65]; a government guardian of a minor or incapacitated
                    # holder triggers the public-administrator reporting (FAQ Q68).
                    if active:
                        names.append(party.display_name)
                        if party.government_official and role.capacity is Capacity.GUARDIAN:
                            guardian_admin = True
                    continue
                raise RenderError(f"party {party.party_id!r} has no Input Identifier CAIS "
                                  "accepts")
            if isinstance(party, NaturalPerson) and party.year_of_birth is None:
                if role.capacity.is_holder:
                    raise RenderError(f"party {party.party_id!r} has no year of birth")
                if active:
                    names.append(party.display_name)  # [S1 §3.13; FAQ Q65]
                    if party.government_official and role.capacity is Capacity.GUARDIAN:
                        guardian_admin = True
                continue
            raw.extend(self._pieces(role, party, timeline, account, fdid_type, parties))
        if guardian_admin:
            # Minor or incapacitated holder with a government-employee guardian: the holder
            # is TRDHOLDER with doingBusinessAs PUBLIC ADMINISTRATOR (FAQ Q68).
            raw = [_with(a, role=CaisRole.TRDHOLDER, discretion=None, dba=_PUBLIC_ADMINISTRATOR)
                   if a.role is CaisRole.NTHOLDER else a for a in raw]
        assocs = self._collapse(raw)
        if seg.end is not None:
            assocs = [self._clip(a, seg) for a in assocs]
        elif not self.options.include_ended:
            assocs = [a for a in assocs if a.end is None]
        return assocs, names, trust_without_id

    def _timeline(self, party: Party, by_party: Mapping[str, Sequence[LifecycleEvent]],
                  ) -> list[_Phase] | None:
        """:func:`_identities` of ``party``; the firm's is worked out once while no event
        changes it."""
        events = by_party.get(party.party_id, ()) if by_party else ()
        if party is not self._firm_party or events:
            return _identities(party, events)
        if self._firm_timeline is None:
            self._firm_timeline = _identities(party, ())
        return self._firm_timeline

    def _pieces(self, role: Role, party: Party, timeline: list[_Phase], account: Account,
                fdid_type: FdidType, parties: Mapping[str, Party]) -> list[_Assoc]:
        cais_role, discretion = self._cais_role(role, party, account, fdid_type)
        dba: str | None = None
        trust = False
        shown: Party = party
        if isinstance(party, LegalEntity) and timeline[0][1].kind in (IdKind.SSN, IdKind.ITIN):
            # A grantor trust or sole proprietorship using its owner's SSN is reported as
            # the owner with the entity's name in doingBusinessAs (FAQ on trusts sharing an
            # SSN; c.1 doingBusinessAs).
            owner = parties.get(party.owner_party_id or "")
            if not isinstance(owner, NaturalPerson):
                raise RenderError(f"party {party.party_id!r} uses an SSN but its owner is "
                                  "not in the books")
            shown, dba, trust = owner, party.legal_name, party.is_trust_like
            cais_role, discretion = CaisRole.TRDHOLDER, None
        elif isinstance(party, NaturalPerson) and party.trade_names:
            dba = party.trade_names[0]
        if len(timeline) == 1:
            # One identity all along (the usual case): the role as the books hold it.
            ended = role.end
            return [_Assoc(shown, timeline[0][1], cais_role, discretion, role.start, ended,
                           _END_OF_CAUSE[role.end_cause or EndCause.REMOVED] if ended else None,
                           dba, trust, None)]
        pieces: list[_Assoc] = []
        for n, (since, ident, _cause) in enumerate(timeline):
            until = timeline[n + 1][0] if n + 1 < len(timeline) else None
            next_cause = timeline[n + 1][2] if n + 1 < len(timeline) else None
            start = role.start
            end: dt.date | None
            reason: EndReason | None
            replaced_by: InputIdentifier | None
            if since is not None and since > role.start:
                cause_in = timeline[n][2]
                if role.end is not None and role.end <= since:
                    break
                # The new identity keeps the original start date, except when the firm
                # cannot tell why the number changed [S1 §3.2 cases 1-3].
                if cause_in is IdentifierChange.UNKNOWN:
                    start = since
            if until is not None and until > role.start and (role.end is None
                                                              or role.end > until):
                # TID replacement: the old identity's association ends explicitly
                # [S1 §3.2]: REPLACED (legal change, with replacedByTID), CORRECTION
                # dated at its start (wrong number), or OTHER (cannot tell).
                if next_cause is IdentifierChange.ERRONEOUS:
                    end, reason, replaced_by = start, EndReason.CORRECTION, None
                elif next_cause is IdentifierChange.UNKNOWN:
                    end, reason, replaced_by = until, EndReason.OTHER, None
                else:
                    end, reason, replaced_by = until, EndReason.REPLACED, timeline[n + 1][1]
            elif until is not None and until <= role.start:
                continue
            else:
                end = role.end
                reason = _END_OF_CAUSE[role.end_cause or EndCause.REMOVED] if end else None
                replaced_by = None
            pieces.append(_Assoc(shown, ident, cais_role, discretion, start, end, reason, dba,
                                 trust, replaced_by))
        return pieces

    def _cais_role(self, role: Role, party: Party, account: Account,
                   fdid_type: FdidType) -> tuple[CaisRole, bool | None]:
        if fdid_type is not FdidType.ACCOUNT:
            # Relationship and entity IDs carry only TRDHOLDER [S1 §5.1.3.1 r6].
            return CaisRole.TRDHOLDER, None
        if role.capacity is Capacity.NON_TRADING_HOLDER:
            return CaisRole.NTHOLDER, None
        if role.capacity in _HOLDERS:
            return CaisRole.TRDHOLDER, None
        # Authorized traders carry hasDiscretion; holders never do (22061).
        if self._is_firm_side(role, party, account):
            return CaisRole.AUTHREP, role.discretion
        return CaisRole.AUTH3RD, role.discretion

    def _is_firm_side(self, role: Role, party: Party, account: Account) -> bool:
        """AUTHREP: the firm itself, or its employee designated by the holder [S1 T8]; an IM
        with discretion must be AUTHREP since 2023-01-16 [S4 item 4]. Reporting for a
        correspondent, the correspondent's AUTHREP may be kept (FAQ Q62)."""
        if role.capacity is Capacity.FIRM:
            return True
        if isinstance(party, LegalEntity):
            return party.crd is not None and party.crd == self.firm.crd
        if party.employer_crd is None:
            return role.capacity is Capacity.FIRM_EMPLOYEE
        if party.employer_crd == self.firm.crd:
            return True
        return (self.options.replicate_correspondent_roles
                and party.employer_crd == account.correspondent_crd)

    @staticmethod
    def _collapse(raw: list[_Assoc]) -> list[_Assoc]:
        """One association per TID on an FDID (one active role per Customer, 22042)."""
        if len(raw) < 2 or len({assoc.ident.tid for assoc in raw}) == len(raw):
            return raw
        by_tid: dict[str, list[_Assoc]] = {}
        for assoc in raw:
            by_tid.setdefault(assoc.ident.tid, []).append(assoc)
        if len(by_tid) == len(raw):
            return raw
        result: list[_Assoc] = []
        for group in by_tid.values():
            distinct = {id(a.party) for a in group}
            if len(group) == 1 or (len(distinct) == 1 and not any(a.dba for a in group[1:])):
                result.extend(group)
                continue
            # Several parties with one TID on one FDID: report one of them as TRDHOLDER.
            # A person sharing an SSN with trusts or sole proprietorships is kept, with one
            # of their names in doingBusinessAs (FAQ on trusts sharing an SSN); of a
            # disregarded entity and its parent sharing an EIN, the first in the books
            # (FAQ Q69). The choice is the same every time, as both FAQs require.
            people = [a for a in group if isinstance(a.party, NaturalPerson)]
            keep = people[0] if people else group[0]
            dba = next((a.dba for a in group if a.dba), keep.dba)
            trust = any(a.trust for a in group)
            start = min(a.start for a in group)
            active = any(a.end is None for a in group)
            end = None if active else max(a.end for a in group if a.end is not None)
            reason = None if active else next(a.reason for a in group if a.end == end)
            replaced_by = next((a.replaced_by for a in group if a.replaced_by), None)
            result.append(_Assoc(keep.party, keep.ident, CaisRole.TRDHOLDER, None, start, end,
                                 reason, dba, trust, replaced_by))
        return result

    @staticmethod
    def _clip(assoc: _Assoc, seg: _Segment) -> _Assoc:
        """An ended FDID ends its open roles with its own date and reason, pulls later
        ends back to its end date and later starts back too [S1 §5.1.3.1 r8, r21, r24;
        22067]."""
        assert seg.end is not None
        start = min(assoc.start, seg.end)
        if assoc.end is None or assoc.end > seg.end:
            reason = seg.reason if assoc.end is None else assoc.reason
            return _with(assoc, start=start, end=seg.end, reason=reason)
        return _with(assoc, start=start) if start != assoc.start else assoc

    # -- customers --------------------------------------------------------------------------

    def _customer(self, assoc: _Assoc, account: Account, trust_without_id: bool,
                  out: _CustomerOut, cache: dict[object, int] | None, ids: RecordIds) -> int:
        party = assoc.party
        trust = assoc.trust or trust_without_id
        ident = assoc.ident
        # Same content, same customerRecordID across FDIDs in the file (S1 §3.9 option 1).
        # The key is the record's content, so the record itself is built only once, with
        # its number, when the content is new. Without a cache every Customer is new.
        if isinstance(party, NaturalPerson):
            person = self._person(party, assoc, account, trust)
            crid, new = _number(person, assoc, cache, ids)
            if not new:
                return crid
            first, middle, last, suffix, dba, year, addresses, types = person
            out.people.append(NaturalPersonCustomer(
                customer_record_id=crid, first_name=first, middle_name=middle, last_name=last,
                name_suffix=suffix, doing_business_as=dba, year_of_birth=year,
                address_list=addresses, customer_type=types))
        else:
            entity = self._entity(party, assoc, trust)
            crid, new = _number(entity, assoc, cache, ids)
            if not new:
                return crid
            name, addresses, ein, entity_types, lei = entity
            out.entities.append(LegalEntityCustomer(
                customer_record_id=crid, legal_name=name, address_list=addresses, ein=ein,
                customer_type=entity_types, lei=lei))
        out.tids.append(_tid_record(crid, ident, assoc.replaced_by))
        return crid

    def _person(self, party: NaturalPerson, assoc: _Assoc, account: Account,
                trust: bool) -> _PersonContent:
        """The content of the person's Natural Person Customer Record, in field order."""
        types = 0
        if assoc.ident.tid_type is TidType.FOREIGN:
            # FOREIGN only for Customers without a U.S. tax number (FAQ on FOREIGN).
            types |= _NP_FOREIGN
        employer = party.employer_crd
        if employer is not None:
            if employer == self.firm.crd or (self.options.replicate_correspondent_roles
                                             and employer == account.correspondent_crd):
                # The firm's own staff, or the correspondent's when its value is kept
                # (FAQ Q62).
                types |= _NP_EMPLOYEE
            else:
                types |= _NP_OTHBKR
        if party.accredited:
            types |= _NP_ACCREDITED
        if party.adviser_associated:
            types |= _NP_ADVISER
        if party.control_person:
            types |= _NP_CP
        if trust:
            types |= _NP_TRUST
        assert party.year_of_birth is not None
        return (
            # A person with one legal name: NNVE as first name [S1 §3.12, §5.1.3.2 r14].
            party.first_name if party.first_name else _SINGLE_NAME,
            party.middle_name,
            party.last_name,
            party.suffix,
            assoc.dba,
            party.year_of_birth,
            self._rendered_addresses(party.addresses),
            _NP_TYPES[types],  # NOTAPPLICABLE when none applies [S1 §5.1.3.2 r13]
        )

    def _entity(self, party: LegalEntity, assoc: _Assoc, trust: bool) -> _EntityContent:
        """The content of the entity's Legal Entity Customer Record, in field order."""
        types = 0
        if party.accredited:
            types |= _LE_ACCREDITED
        if party.registered_adviser:
            types |= _LE_ADVISER
        if party.crd is not None:
            # Every U.S. registered broker-dealer is typed BD (since 2023-07-11) [S1 T8].
            types |= _LE_BD
        ident = assoc.ident
        if ident.tid_type is TidType.FOREIGN:
            types |= _LE_FOREIGN
        if party.registered_fund:
            types |= _LE_RIC
        if trust or party.is_trust_like:
            types |= _LE_TRUST
        lei: str | None = None
        if ident.kind is IdKind.LEI:
            lei = ident.plain
        else:
            for known in party.identifiers:
                if known.kind is IdKind.LEI and known.current:
                    lei = known.value
                    break
        return (
            party.legal_name,
            self._rendered_addresses(party.addresses),
            # ein only when the TID is that EIN (22543/22544); LEI whenever known [S1 T8].
            ident.plain if ident.tid_type is TidType.EIN else None,
            _LE_TYPES[types],  # NOTAPPLICABLE when none applies [S1 §5.1.3.2 r13]
            lei,
        )


def _number(content: object, assoc: _Assoc, cache: dict[object, int] | None,
            ids: RecordIds) -> tuple[int, bool]:
    """The customerRecordID of a Customer Record with ``content`` as ``assoc``'s identity,
    and whether it is new (the record still has to be written). With no cache every
    Customer is new."""
    if cache is None:
        return ids.customer(), True
    key = (content, assoc.ident.tid, assoc.replaced_by)
    known = cache.get(key)
    if known is not None:
        return known, False
    crid = cache[key] = ids.customer()
    return crid, True


def _with(assoc: _Assoc, **changes: Any) -> _Assoc:
    return msgspec.structs.replace(assoc, **changes)


def _tid_record(crid: int, ident: InputIdentifier,
                replaced_by: InputIdentifier | None) -> TidRecord:
    """The TID Record of a Customer Record [S1 T9]; with ``replaced_by`` the links of a
    legally changed identifier [S1 §3.2 case 1]."""
    if replaced_by is None:
        return TidRecord(customer_record_id=crid, tid_type=ident.tid_type,
                         foreign_tid_type=ident.foreign_type,
                         foreign_tid_country_cd=ident.country, tid_value=ident.tid)
    return TidRecord(customer_record_id=crid, tid_type=ident.tid_type,
                     foreign_tid_type=ident.foreign_type, foreign_tid_country_cd=ident.country,
                     tid_value=ident.tid, replaced_by_tid_type=replaced_by.tid_type,
                     replacing_foreign_tid_type=replaced_by.foreign_type,
                     replacing_foreign_tid_country_cd=replaced_by.country,
                     replaced_by_tid=replaced_by.tid)


def _index_events(events: Iterable[LifecycleEvent], as_of: dt.date,
                  ) -> tuple[dict[str, list[LifecycleEvent]], dict[str, list[LifecycleEvent]]]:
    by_account: dict[str, list[LifecycleEvent]] = {}
    by_party: dict[str, list[LifecycleEvent]] = {}
    if not events:
        return by_account, by_party
    for event in sorted((e for e in events if e.on <= as_of), key=lambda e: e.on):
        if isinstance(event, PartyAddressChanged | IdentifierReplaced):
            by_party.setdefault(event.party_id, []).append(event)
        else:
            by_account.setdefault(event.account_number, []).append(event)
    return by_account, by_party


def _identities(party: Party, events: Sequence[LifecycleEvent],
                ) -> list[tuple[dt.date | None, InputIdentifier, IdentifierChange | None]] | None:
    """The party's chosen identity over time: (since, identity, why it changed)."""
    first = choose_identifier(party)
    if first is None and isinstance(party, LegalEntity) and party.owner_party_id is not None:
        ssn = next((i for i in party.identifiers
                    if i.kind in (IdKind.SSN, IdKind.ITIN) and i.current), None)
        if ssn is not None:
            first = _make_ident(ssn.kind, ssn.value, None)
    if first is None:
        return None
    timeline: list[tuple[dt.date | None, InputIdentifier, IdentifierChange | None]] = [
        (None, first, None)]
    if not events:
        return timeline
    replaced: set[int] = set()
    extra: list[tuple[IdKind, str, str | None]] = []
    for event in events:
        if not isinstance(event, IdentifierReplaced):
            continue
        for pos, ident in enumerate(party.identifiers):
            if ident == event.old:
                replaced.add(pos)
        extra = [x for x in extra if x != (event.old.kind, event.old.value, event.old.country)]
        extra.append((event.new.kind, event.new.value, event.new.country))
        chosen = choose_identifier(party, frozenset(replaced), extra)
        if chosen is not None and chosen.tid != timeline[-1][1].tid:
            timeline.append((event.on, chosen, event.cause))
    return timeline


def _party_addresses(party: Party, events: Sequence[LifecycleEvent]) -> Party:
    addresses = party.addresses
    for event in events:
        if isinstance(event, PartyAddressChanged):
            addresses = event.addresses
    if addresses is party.addresses:
        return party
    if isinstance(party, NaturalPerson):
        return NaturalPerson(party.party_id, party.last_name, party.first_name,
                             party.middle_name, party.suffix, party.year_of_birth, addresses,
                             party.identifiers, party.employer_crd, party.trade_names,
                             party.accredited, party.adviser_associated, party.control_person,
                             party.government_official)
    return LegalEntity(party.party_id, party.legal_name, party.form, addresses,
                       party.identifiers, party.crd, party.registered_adviser,
                       party.registered_fund, party.accredited, party.parent_party_id,
                       party.disregarded, party.owner_party_id)


def _change_role(state: _AccountState, event: RoleChanged) -> None:
    for i, role in enumerate(state.roles):
        if role.party_id == event.party_id and role.end is None:
            # End the old role and start the new one the same day: an overlap of one day is
            # allowed (22042) [S1 §5.1.3.1 r33].
            state.roles[i] = Role(role.party_id, role.capacity, role.start, event.on,
                                  EndCause.REMOVED, role.discretion, role.via_party_id,
                                  role.independently_designated)
    state.roles.append(Role(event.party_id, event.capacity, event.on,
                            discretion=event.discretion))


def _restart(state: _AccountState, closed_on: dt.date, reopened_on: dt.date) -> None:
    state.roles = [
        Role(r.party_id, r.capacity, reopened_on, None, None, r.discretion, r.via_party_id,
             r.independently_designated)
        if r.start <= closed_on and r.end is None else r for r in state.roles]
    state.links = [LargeTraderLink(x.ltid, reopened_on) if x.effective <= closed_on
                   and x.end is None else x for x in state.links]


# --- Whole-books convenience -----------------------------------------------------------------


def iter_render(books: Books, *, as_of: dt.date, masker: FdidMasker | None = None,
                options: RenderOptions | None = None) -> Iterator[RenderedEntity]:
    """Stream the rendering of ``books`` account by account."""
    renderer = Renderer(books.firm, as_of=as_of, masker=masker, options=options)
    fragment = books.fragment()
    by_account, by_party_events = _index_events(fragment.events, as_of)
    parties = {p.party_id: p for p in fragment.parties}
    for account in fragment.accounts:
        related: list[LifecycleEvent] = list(by_account.get(account.account_number, ()))
        party_ids = {r.party_id for r in account.roles}
        involved: dict[str, Party] = {}
        for pid in party_ids:
            party = parties.get(pid)
            if party is not None:
                involved[pid] = party
                related.extend(by_party_events.get(pid, ()))
                if isinstance(party, LegalEntity) and party.owner_party_id in parties:
                    owner = party.owner_party_id
                    assert owner is not None
                    involved[owner] = parties[owner]
        yield from renderer.render_fragment(
            Fragment(tuple(involved.values()), (account,), tuple(related)))


def render(books: Books, *, as_of: dt.date, masker: FdidMasker | None = None,
           options: RenderOptions | None = None) -> RenderedSubmission:
    """Render ``books`` as of ``as_of`` into schema 2.0.0 submission pairs.

    One pair per correspondent pairing [S1 §4.1 T8 ``correspondentCRD``; a.6]: the firm's
    own accounts first, then each correspondent in order of first appearance. Customers
    linked to several FDIDs appear once with one ``customerRecordID`` (S1 §3.9 option 1).
    """
    renderer = Renderer(books.firm, as_of=as_of, masker=masker, options=options)
    groups: dict[int | None, _CustomerOut] = {}
    for entity in renderer.render_fragment(books.fragment()):
        out = groups.setdefault(entity.correspondent_crd, _CustomerOut())
        out.fdids.extend(entity.fdid_records)
        out.people.extend(entity.natural_persons)
        out.entities.extend(entity.legal_entities)
        out.tids.extend(entity.tid_records)
    if not groups:
        groups[None] = _CustomerOut()  # a header-only pair is a valid submission [S1 §5.1]
    ordered = sorted(groups.items(), key=lambda kv: kv[0] is not None)
    pairs = []
    for correspondent, out in ordered:
        header = DataFileHeader(cat_reporter_crd=books.firm.crd,
                                cat_submitter_id=books.firm.submitter_id,
                                correspondent_crd=correspondent)
        pairs.append(RenderedPair(
            DataFile(header=header, fdid_records=tuple(out.fdids),
                     natural_persons=tuple(out.people), legal_entities=tuple(out.entities)),
            TidsFile(tid_records=tuple(out.tids))))
    return RenderedSubmission(tuple(pairs))


def render_ltid(books: Books, *, as_of: dt.date,
                masker: FdidMasker | None = None) -> RenderedLtidFile:
    """Render ``books`` as an LTID-phase (schema 1.0.0) Data File [S2; digest a.8, b.2]."""
    renderer = Renderer(books.firm, as_of=as_of, masker=masker)
    records = tuple(renderer.render_fragment_v1(books.fragment()))
    header = DataFileHeaderV1(cat_reporter_crd=books.firm.crd,
                              cat_submitter_id=books.firm.submitter_id)
    return RenderedLtidFile(header, records)


__all__ = [
    "InputIdentifier",
    "RenderError",
    "RenderOptions",
    "RenderedEntity",
    "RenderedLtidFile",
    "RenderedPair",
    "RenderedSubmission",
    "Renderer",
    "check_fdid",
    "choose_identifier",
    "iter_render",
    "render",
    "render_address",
    "render_addresses",
    "render_ltid",
    "to_cais_date",
]
