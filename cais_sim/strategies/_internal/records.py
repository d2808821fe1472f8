"""Strategies for valid records and whole submission pairs.

"Valid" covers more than the data types. Each strategy also keeps the cross-field rules a
record can break on its own [S1 §5.1.3.1-§5.1.4; T28-T31]:

* address types numbered from ``ADDRESS1`` without gaps, address lines filled from the top;
* unique ``largeTraderRecordID``, ``largeTraderID`` and ``authTraderNameID`` per FDID, one
  association per Customer per FDID, and at least one *active* association that can trade
  (a ``TRDHOLDER``, or an authorized trader with ``hasDiscretion`` true);
* ``hasDiscretion`` only on ``AUTH3RD``/``AUTHREP``; ``RELATIONSHIP``/``ENTITYID`` FDIDs
  carry only ``TRDHOLDER`` roles and the matching ``accountType`` alone, while ``ACCOUNT``
  FDIDs never use those two account types; ``DVPCustodianID`` exactly for ``DVP/RVP``;
* end dates never before start dates (an LTID link ends strictly after it starts, 22028),
  every sub-record date inside the FDID's own lifetime, ``CORRECTION`` ends on the open
  date, ``INACTIVE``/``TRANSFER`` on a sub-record only when the FDID ended that way,
  ``replacedByFDID`` exactly when the FDID ended ``REPLACED``;
* ``customerType`` lists ``NOTAPPLICABLE`` only when nothing else applies and ``FOREIGN``
  exactly when the TID is foreign; a trust reported under a person's identifier has a
  ``doingBusinessAs`` name;
* TID Records fit their Customer kind (no SSN/ITIN for entities, no EIN for persons, foreign
  identifier kinds per :data:`~cais_sim.spec.enums.FOREIGN_TID_RECORD_KINDS`), foreign TIDs
  carry a country other than ``US`` unless they are LEIs, and an entity's ``ein``/``lei``
  hash to its ``tidValue`` when the TID was made from them (22544).

Choice values come from the field-rule table, so a value the current specification retired
(``BROKERAGE``, ``HOLDER``, ...) is never generated.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import Literal, NamedTuple, TypeVar

from hypothesis import strategies as st

from cais_sim.errors import InvalidArgument
from cais_sim.spec.datatypes import (
    MAX_UNSIGNED,
    from_cais_date,
    normalize_fdid,
    to_cais_date,
)
from cais_sim.spec.datatypes import firm_designated_id as firm_designated_id_problem
from cais_sim.spec.enums import (
    FOREIGN_TID_RECORD_KINDS,
    SINGLE_NAME_FIRST_NAME,
    AccountType,
    CorrectionAction,
    EndReason,
    FdidType,
    ForeignTidType,
    LegalEntityCustomerType,
    NameSuffix,
    NaturalPersonCustomerType,
    Role,
    TidType,
)
from cais_sim.spec.fields import FieldType, RecordKind, rule
from cais_sim.spec.records import (
    AuthTraderName,
    CorrectionActionRecord,
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
from cais_sim.spec.tid import (
    TidKind,
    is_valid_ssn,
    tid_for_ein,
    tid_for_foreign,
    tid_for_itin,
    tid_for_ssn,
)
from cais_sim.strategies._internal.values import (
    EARLIEST_DATE,
    FOREIGN_COUNTRIES,
    LATEST_DATE,
    address_lists,
    eins,
    fdids,
    foreign_identifiers,
    itins,
    large_trader_ids,
    lei_from_base,
    leis,
    names,
    ssns,
)

_E = TypeVar("_E", bound=StrEnum)

#: Record IDs span the whole Unsigned range: consumers that squeeze them into 32 bits or
#: JSON doubles should fail here.
_IDS = st.integers(1, MAX_UNSIGNED)
#: CRD numbers of the size FINRA assigns, not the whole Unsigned range.
_CRDS = st.integers(1, 9_999_999)
_DAY = _dt.timedelta(days=1)
#: CAIS refuses an FDID with more Customers than this (S1 §5.1.3.1 r1).
_MAX_CUSTOMERS_PER_FDID = 2000

_TRADING_ROLES = (Role.TRDHOLDER, Role.AUTH3RD, Role.AUTHREP)
_AUTHORIZED = frozenset({Role.AUTH3RD, Role.AUTHREP})
#: End reasons a sub-record may use whatever happened to its FDID. ``REPLACED`` is left out
#: for roles because on a role it also announces a TID replacement (S1 T9 replacedByTID),
#: which a standalone association cannot back up.
_ROLE_END_REASONS = (EndReason.ENDED, EndReason.OTHER, EndReason.CORRECTION)
_LTID_END_REASONS = (EndReason.ENDED, EndReason.OTHER, EndReason.CORRECTION, EndReason.REPLACED)
#: FDID end reasons that need nothing outside the record; ``REPLACED`` needs a replacing FDID.
_FDID_END_REASONS = (EndReason.ENDED, EndReason.OTHER, EndReason.INACTIVE, EndReason.TRANSFER,
                     EndReason.CORRECTION)
#: Reasons that a sub-record may only use when its FDID ended the same way (22076, 22077).
_INHERITED_REASONS = frozenset({EndReason.INACTIVE, EndReason.TRANSFER})

CustomerKind = Literal["naturalPerson", "legalEntity"]
CorrectionTarget = Literal["fdid", "customer"]


def _choices(enum: type[_E], kind: RecordKind, name: str) -> tuple[_E, ...]:
    """The values the field-rule table accepts for ``name``, as members of ``enum``."""
    ftype: FieldType = rule(kind, name).type
    values = ftype.item.choices if ftype.item is not None else ftype.choices
    return tuple(enum(value) for value in values)


_ROLES = _choices(Role, RecordKind.ASSOCIATION, "role")
_ACCOUNT_TYPES = tuple(
    t for t in _choices(AccountType, RecordKind.FDID, "accountType")
    if t not in (AccountType.ENTITYID, AccountType.RELATIONSHIP))
_FDID_TYPES = _choices(FdidType, RecordKind.FDID, "fdidType")
_NP_TYPES = _choices(NaturalPersonCustomerType, RecordKind.NATURAL_PERSON, "customerType")
_LE_TYPES = _choices(LegalEntityCustomerType, RecordKind.LEGAL_ENTITY, "customerType")
_SUFFIXES = _choices(NameSuffix, RecordKind.NATURAL_PERSON, "nameSuffix")
_FOREIGN_TYPES = _choices(ForeignTidType, RecordKind.TID, "foreignTIDType")
_ACTIONS = _choices(CorrectionAction, RecordKind.CORRECTION, "correctionAction")
_TID_KINDS: tuple[TidKind, ...] = ("ssn", "itin", "ein", "foreign")
_KINDS_FOR: dict[CustomerKind, tuple[TidKind, ...]] = {
    "naturalPerson": ("ssn", "itin", "foreign"),
    "legalEntity": ("ein", "foreign"),
}


def _foreign_types_for(customer: CustomerKind | None) -> tuple[ForeignTidType, ...]:
    if customer is None:
        return _FOREIGN_TYPES
    return tuple(t for t in _FOREIGN_TYPES if customer in FOREIGN_TID_RECORD_KINDS[t])


def _dates(low: _dt.date, high: _dt.date) -> st.SearchStrategy[_dt.date]:
    return _days(max(0, (high - low).days)).map(lambda days: low + days * _DAY)


@cache
def _days(most: int) -> st.SearchStrategy[int]:
    # Offsets from a start day, cached by span: records draw many dates, and the spans
    # repeat, while building a fresh date strategy for each draw is the slow part.
    return st.integers(0, most)


@cache
def _unique_ids(min_size: int, max_size: int) -> st.SearchStrategy[list[int]]:
    return st.lists(_IDS, min_size=min_size, max_size=max_size, unique=True)


def _check_id(name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_UNSIGNED:
        raise InvalidArgument(f"{name} must be an Unsigned value (0 to 2**63-1)")


def _check_window(low: _dt.date, high: _dt.date) -> None:
    if low > high:
        raise InvalidArgument("the earliest date must not be after the latest date")


# --- Large Trader links ------------------------------------------------------------------------


@st.composite
def _large_trader(draw: st.DrawFn, record_id: int | None, ltid: str | None, low: _dt.date,
                  high: _dt.date, ended: bool | None,
                  reasons: Sequence[EndReason]) -> LargeTrader:
    # An LTID link must end strictly after it starts (22028), so an ending needs two days.
    can_end = low < high
    end_it = can_end and (draw(st.booleans()) if ended is None else ended)
    start = draw(_dates(low, high - _DAY if end_it else high))
    end = draw(_dates(start + _DAY, high)) if end_it else None
    return LargeTrader(
        large_trader_record_id=record_id if record_id is not None else draw(_IDS),
        large_trader_id=ltid if ltid is not None else draw(large_trader_ids()),
        ltid_effective_date=to_cais_date(start),
        ltid_end_date=to_cais_date(end) if end is not None else None,
        ltid_end_reason=draw(st.sampled_from(reasons)) if end is not None else None)


def large_traders(*, large_trader_record_id: int | None = None,
                  large_trader_id: str | None = None, ended: bool | None = None,
                  earliest: _dt.date = EARLIEST_DATE,
                  latest: _dt.date = LATEST_DATE) -> st.SearchStrategy[LargeTrader]:
    """Large Trader Records, active or ended (``ended`` forces one or the other).

    Dates fall between ``earliest`` and ``latest``; an ended link needs at least two days
    there, so with ``earliest == latest`` it stays active.
    """
    _check_id("large_trader_record_id", large_trader_record_id)
    _check_window(earliest, latest)
    return _large_trader(large_trader_record_id, large_trader_id, earliest, latest, ended,
                         _LTID_END_REASONS)


# --- FDID-Customer associations --------------------------------------------------------------


@st.composite
def _association(draw: st.DrawFn, customer_record_id: int | None, roles: Sequence[Role],
                 low: _dt.date, high: _dt.date, ended: bool | None,
                 reasons: Sequence[EndReason]) -> FdidCustomer:
    role = draw(st.sampled_from(roles))
    discretion = draw(st.booleans()) if role in _AUTHORIZED else None
    end_it = draw(st.booleans()) if ended is None else ended
    start = draw(_dates(low, high))
    end = draw(_dates(start, high)) if end_it else None
    return FdidCustomer(
        customer_record_id=(customer_record_id if customer_record_id is not None
                            else draw(_IDS)),
        role=role, has_discretion=discretion, role_start_date=to_cais_date(start),
        role_end_date=to_cais_date(end) if end is not None else None,
        role_end_reason=draw(st.sampled_from(reasons)) if end is not None else None)


@st.composite
def _trader(draw: st.DrawFn, customer_record_id: int, roles: Sequence[Role], low: _dt.date,
            high: _dt.date) -> FdidCustomer:
    """The active association with trading capability every FDID needs (22071)."""
    role = draw(st.sampled_from([r for r in roles if r in _TRADING_ROLES]))
    return FdidCustomer(
        customer_record_id=customer_record_id, role=role,
        has_discretion=True if role in _AUTHORIZED else None,
        role_start_date=to_cais_date(draw(_dates(low, high))))


def fdid_customers(*, customer_record_id: int | None = None,
                   roles: Sequence[Role] | None = None, ended: bool | None = None,
                   earliest: _dt.date = EARLIEST_DATE,
                   latest: _dt.date = LATEST_DATE) -> st.SearchStrategy[FdidCustomer]:
    """FDID-Customer associations (``fdidCustomerList`` entries).

    ``hasDiscretion`` is set exactly for the authorized-trader roles, as CAIS requires
    (22061). ``roles`` narrows the roles drawn (default: every current role); ``ended``
    forces an ended or an active association.
    """
    _check_id("customer_record_id", customer_record_id)
    _check_window(earliest, latest)
    chosen = tuple(roles) if roles is not None else _ROLES
    if not chosen or any(r not in _ROLES for r in chosen):
        raise InvalidArgument(f"roles must be a non-empty selection of {[*map(str, _ROLES)]}")
    return _association(customer_record_id, chosen, earliest, latest, ended, _ROLE_END_REASONS)


# --- Authorized trader names -------------------------------------------------------------------


def auth_trader_names(*, auth_trader_name_id: int | None = None
                      ) -> st.SearchStrategy[AuthTraderName]:
    """Names-only authorized traders (``authTraderNamesList`` entries, S1 §3.13)."""
    _check_id("auth_trader_name_id", auth_trader_name_id)
    ids = st.just(auth_trader_name_id) if auth_trader_name_id is not None else _IDS
    return st.builds(AuthTraderName, auth_trader_name_id=ids, auth_trader_name=names(60))


# --- FDID Records ------------------------------------------------------------------------------


@st.composite
def _account_types(draw: st.DrawFn, fdid_type: FdidType,
                   need_dvp: bool) -> tuple[AccountType, ...]:
    if fdid_type is not FdidType.ACCOUNT:
        # RELATIONSHIP and ENTITYID account types belong to their own FDID type only (22069).
        return (AccountType(fdid_type.value),)
    picked = draw(st.lists(st.sampled_from(_ACCOUNT_TYPES), min_size=1, max_size=3,
                           unique=True))
    if need_dvp and AccountType.DVP_RVP not in picked:
        picked.append(AccountType.DVP_RVP)
    if AccountType.OTHER in picked and len(picked) > 1:
        picked.remove(AccountType.OTHER)  # OTHER means "none of the others applies"
    return tuple(picked)


@st.composite
def _fdid(draw: st.DrawFn, *, fdid_record_id: int | None, firm_designated_id: str | None,
          customer_record_ids: Sequence[int] | None, fdid_type: FdidType | None,
          max_customers: int, max_large_traders: int, ended: bool | None,
          replaced_by: tuple[str, _dt.date] | None, all_fields: bool) -> FdidRecord:
    kind = fdid_type or (FdidType.ACCOUNT if all_fields else draw(st.sampled_from(
        [FdidType.ACCOUNT, *_FDID_TYPES])))
    account_types = draw(_account_types(kind, all_fields))
    fdid = firm_designated_id if firm_designated_id is not None else draw(fdids())
    opened = draw(_dates(EARLIEST_DATE, LATEST_DATE))

    # How (and whether) the FDID ended decides every other date and end reason.
    reason: EndReason | None = None
    closed: _dt.date | None = None
    replaced_by_fdid: str | None = None
    if replaced_by is not None or all_fields:
        reason = EndReason.REPLACED
        if replaced_by is not None:
            replaced_by_fdid, replacing_opened = replaced_by
        else:
            # Assumed accepted earlier; it must differ from the record's own FDID (22024).
            replaced_by_fdid = draw(fdids().filter(lambda f: f != fdid))
            replacing_opened = opened
        low = max(opened, replacing_opened)  # no earlier than the replacement opened (23005)
        closed = draw(_dates(low, LATEST_DATE))
    elif ended or (ended is None and draw(st.integers(0, 3)) == 0):
        reason = draw(st.sampled_from(_FDID_END_REASONS))
        # A CORRECTION end says "never existed": it ends on the open date (S1 §5.1.3.1 r38).
        closed = opened if reason is EndReason.CORRECTION else draw(_dates(opened, LATEST_DATE))
    last = closed if closed is not None else LATEST_DATE
    inherited = (reason,) if reason in _INHERITED_REASONS else ()
    role_reasons = (*_ROLE_END_REASONS, *inherited)
    ltid_reasons = (*_LTID_END_REASONS, *inherited)

    ids = (list(customer_record_ids) if customer_record_ids is not None else draw(
        _unique_ids(1, max_customers)))
    # RELATIONSHIP and ENTITYID FDIDs may only have trading holders (S1 §5.1.3.1 r6).
    roles = _ROLES if kind is FdidType.ACCOUNT else (Role.TRDHOLDER,)
    links = [draw(_trader(ids[0], roles, opened, last))]
    links += [draw(_association(cid, roles, opened, last, None, role_reasons))
              for cid in ids[1:]]

    n_ltids = draw(st.integers(1, max(max_large_traders, 1)) if all_fields
                   else st.integers(0, max_large_traders))
    ltid_ids = draw(_unique_ids(n_ltids, n_ltids))
    ltid_values = draw(st.lists(large_trader_ids(), min_size=n_ltids, max_size=n_ltids,
                                unique=True))
    ltids = tuple(draw(_large_trader(i, v, opened, last, None, ltid_reasons))
                  for i, v in zip(ltid_ids, ltid_values, strict=True))

    dvp: tuple[str, ...] = ()
    if AccountType.DVP_RVP in account_types:
        custodian = st.one_of(st.sampled_from(("FOR", "DTCRM")),
                              st.text("0123456789", min_size=4, max_size=5))
        dvp = tuple(draw(st.lists(custodian, min_size=1, max_size=2, unique=True)))
    clearing = tuple(draw(st.lists(st.text("0123456789", min_size=4, max_size=4),
                                   min_size=int(all_fields), max_size=2, unique=True)))
    reps = tuple(draw(st.lists(_CRDS, min_size=int(all_fields), max_size=3, unique=True)))
    trader_names: tuple[AuthTraderName, ...] = ()
    if kind is FdidType.ACCOUNT:
        name_ids = draw(_unique_ids(int(all_fields), 2))
        trader_names = tuple(draw(auth_trader_names(auth_trader_name_id=i)) for i in name_ids)

    return FdidRecord(
        fdid_record_id=fdid_record_id if fdid_record_id is not None else draw(_IDS),
        firm_designated_id=fdid,
        fdid_type=kind,
        account_type=account_types,
        account_name=draw(names(60)),
        dvp_custodian_id=dvp,
        clearing_broker_id=clearing,
        branch_office_crd=draw(_CRDS) if all_fields else draw(st.one_of(st.none(), _CRDS)),
        registered_rep_crd=reps,
        fdid_date=to_cais_date(opened),
        fdid_end_date=to_cais_date(closed) if closed is not None else None,
        fdid_end_reason=reason,
        replaced_by_fdid=replaced_by_fdid,
        # A mass-transfer acquisition names both the prior firm and its FDID (22054/22058).
        prior_cat_reporter_crd=draw(_CRDS) if all_fields else None,
        prior_cat_reporter_fdid=draw(fdids()) if all_fields else None,
        address_list=draw(address_lists(complete=all_fields)),
        large_trader_list=ltids,
        fdid_customer_list=tuple(links),
        auth_trader_names_list=trader_names,
    )


def fdid_records(*, fdid_record_id: int | None = None, firm_designated_id: str | None = None,
                 customer_record_ids: Sequence[int] | None = None,
                 fdid_type: FdidType | None = None, max_customers: int = 3,
                 max_large_traders: int = 2, ended: bool | None = None,
                 all_fields: bool = False) -> st.SearchStrategy[FdidRecord]:
    """Internally consistent FDID Records (the rules listed in this module's docstring).

    ``customer_record_ids`` names the Customers to link, first one being the active trader;
    otherwise up to ``max_customers`` IDs are drawn. ``ended`` forces an ended or an open
    FDID. ``all_fields`` fills in every optional and conditional field at once: an
    ``ACCOUNT`` with ``DVP/RVP``, Large Traders, names-only traders, a mass-transfer origin
    and a ``REPLACED`` ending whose ``replacedByFDID`` is taken to be an FDID CAIS accepted
    earlier (that cannot be checked inside one record).
    """
    _check_id("fdid_record_id", fdid_record_id)
    if customer_record_ids is not None:
        if not customer_record_ids or len(set(customer_record_ids)) != len(customer_record_ids):
            raise InvalidArgument("customer_record_ids must be non-empty and unique")
        for cid in customer_record_ids:
            _check_id("customer_record_ids", cid)
    if not 1 <= max_customers <= _MAX_CUSTOMERS_PER_FDID or max_large_traders < 0:
        raise InvalidArgument("fdid_records needs 1 <= max_customers <= 2000 and "
                              "max_large_traders >= 0")
    if firm_designated_id is not None and (
            firm_designated_id_problem(firm_designated_id) is not None
            or firm_designated_id != normalize_fdid(firm_designated_id)):
        raise InvalidArgument("firm_designated_id must be a valid FDID without outer spaces")
    if fdid_type is not None and fdid_type not in _FDID_TYPES:
        raise InvalidArgument(f"fdid_type {fdid_type.value} is not part of schema 2.0.0")
    if all_fields and (ended is False or fdid_type not in (None, FdidType.ACCOUNT)):
        raise InvalidArgument("all_fields needs an ended ACCOUNT FDID")
    return _fdid(fdid_record_id=fdid_record_id, firm_designated_id=firm_designated_id,
                 customer_record_ids=customer_record_ids, fdid_type=fdid_type,
                 max_customers=max_customers, max_large_traders=max_large_traders,
                 ended=ended, replaced_by=None, all_fields=all_fields)


# --- Customer Records --------------------------------------------------------------------------


def _customer_types(draw: st.DrawFn, values: Sequence[_E], foreign: bool) -> tuple[_E, ...]:
    # FOREIGN marks a Customer without a U.S. tax identifier, so it follows the TID; and
    # NOTAPPLICABLE is what a firm sends when nothing else applies (S1 §5.1.3.2 r13).
    specific = [v for v in values if v.value not in ("FOREIGN", "NOTAPPLICABLE")]
    picked = draw(st.lists(st.sampled_from(specific), max_size=3, unique=True))
    picked += [v for v in values if foreign and v.value == "FOREIGN"]
    return tuple(picked) or tuple(v for v in values if v.value == "NOTAPPLICABLE")


@st.composite
def _natural_person(draw: st.DrawFn, customer_record_id: int | None, foreign: bool | None,
                    all_fields: bool) -> NaturalPersonCustomer:
    is_foreign = draw(st.booleans()) if foreign is None else foreign
    types = _customer_types(draw, _NP_TYPES, is_foreign)
    # A trust reported under a person's identifier trades under the trust's name (c.1).
    needs_dba = all_fields or NaturalPersonCustomerType.TRUST in types
    # Now and then a person with a single legal name (S1 §3.12).
    single = draw(st.integers(0, 9)) == 0
    first = SINGLE_NAME_FIRST_NAME if single else draw(names())
    return NaturalPersonCustomer(
        customer_record_id=(customer_record_id if customer_record_id is not None
                            else draw(_IDS)),
        first_name=first,
        middle_name=_str_or_none(draw, names(), all_fields),
        last_name=draw(names()),
        name_suffix=draw(st.sampled_from(_SUFFIXES)) if all_fields else draw(
            st.one_of(st.none(), st.sampled_from(_SUFFIXES))),
        doing_business_as=draw(names(60)) if needs_dba else _str_or_none(
            draw, names(60), False),
        year_of_birth=draw(st.integers(1920, 2010)),
        address_list=draw(address_lists(complete=all_fields)),
        customer_type=types)


def _str_or_none(draw: st.DrawFn, values: st.SearchStrategy[str], present: bool) -> str | None:
    return draw(values) if present else draw(st.one_of(st.none(), values))


def natural_person_customers(*, customer_record_id: int | None = None,
                             foreign: bool | None = None, all_fields: bool = False
                             ) -> st.SearchStrategy[NaturalPersonCustomer]:
    """Natural Person Customer Records.

    ``foreign`` says whether the person lacks a U.S. tax identifier (``customerType``
    ``FOREIGN``); by default either. ``all_fields`` also fills in the optional name fields
    and every optional address field.
    """
    _check_id("customer_record_id", customer_record_id)
    return _natural_person(customer_record_id, foreign, all_fields)


@st.composite
def _legal_entity(draw: st.DrawFn, customer_record_id: int | None, ein: str | None,
                  lei: str | None, foreign: bool, all_fields: bool) -> LegalEntityCustomer:
    return LegalEntityCustomer(
        customer_record_id=(customer_record_id if customer_record_id is not None
                            else draw(_IDS)),
        legal_name=draw(names(60)),
        address_list=draw(address_lists(complete=all_fields)),
        ein=ein,
        customer_type=_customer_types(draw, _LE_TYPES, foreign),
        lei=lei)


@st.composite
def _standalone_entity(draw: st.DrawFn, customer_record_id: int | None, foreign: bool | None,
                       all_fields: bool) -> LegalEntityCustomer:
    is_foreign = False if all_fields else (draw(st.booleans()) if foreign is None else foreign)
    # An entity with a U.S. tax identifier reports its EIN in plain text (22504); a foreign
    # one has none. An LEI is reported whenever the firm knows it.
    ein = None if is_foreign else draw(eins())
    lei = draw(leis()) if all_fields else draw(st.one_of(st.none(), leis()))
    return draw(_legal_entity(customer_record_id, ein, lei, is_foreign, all_fields))


def legal_entity_customers(*, customer_record_id: int | None = None,
                           foreign: bool | None = None, all_fields: bool = False
                           ) -> st.SearchStrategy[LegalEntityCustomer]:
    """Legal Entity Customer Records.

    An entity with a U.S. tax identifier carries its (synthetic) ``ein``; a ``foreign`` one
    has none and lists ``customerType`` ``FOREIGN``. ``all_fields`` gives an EIN entity with
    an LEI and every optional address field. In :func:`submission_pairs` the ``ein`` or
    ``lei`` is the one the TID was hashed from.
    """
    _check_id("customer_record_id", customer_record_id)
    if all_fields and foreign:
        raise InvalidArgument("all_fields needs an entity with an EIN, so foreign must not be set")
    return _standalone_entity(customer_record_id, foreign, all_fields)


# --- TID Records -------------------------------------------------------------------------------


class _Identified(NamedTuple):
    """A TID Record with the plain-text identifier an entity record must repeat, if any."""

    record: TidRecord
    ein: str | None
    lei: str | None


def _base36_successor(value: str) -> str:
    """The next upper-case base-36 string of the same length (wrapping to all zeros)."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    number = (int(value, 36) + 1) % 36 ** len(value)
    out = ""
    for _ in value:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


def _successor(kind: str, clear: str) -> str:
    """The next identifier of the same kind and shape as ``clear``."""
    if kind in ("ssn", "itin"):
        area, group, serial = clear.split("-")
        return f"{area}-{group}-{int(serial) % 9999 + 1:04d}"
    if kind == "ein":
        prefix, serial = clear.split("-")
        return f"{prefix}-{(int(serial) + 1) % 10_000_000:07d}"
    if kind == "lei":
        return lei_from_base(_base36_successor(clear[:18]))
    return _base36_successor(clear)


def _unused(kind: str, clear: str, taken: set[str]) -> tuple[str, str]:
    """``clear`` or the first successor whose TID is not yet ``taken``, with that TID.

    Stepping instead of filtering never rejects a draw, however often Hypothesis offers the
    same simple identifier to several Customers of one pair.
    """
    hasher = {"ssn": tid_for_ssn, "itin": tid_for_itin, "ein": tid_for_ein}.get(
        kind, tid_for_foreign)
    value = hasher(clear)
    while value in taken or (kind in ("ssn", "itin") and not is_valid_ssn(clear)):
        clear = _successor(kind, clear)
        value = hasher(clear)
    return clear, value


@st.composite
def _identifier(draw: st.DrawFn, kind: TidKind, customer: CustomerKind | None,
                foreign_types: Sequence[ForeignTidType] | None, taken: set[str]
                ) -> tuple[TidType, ForeignTidType | None, str | None, str, str]:
    """Draw one identifier: (tidType, foreign type, country, tidValue, clear text)."""
    if kind == "foreign":
        kinds = foreign_types if foreign_types is not None else _foreign_types_for(customer)
        foreign = draw(st.sampled_from(kinds))
        is_lei = foreign is ForeignTidType.LEI
        clear, value = _unused("lei" if is_lei else "foreign",
                               draw(leis() if is_lei else foreign_identifiers()), taken)
        # An LEI is global; every other foreign identifier names its issuing country.
        country = None if is_lei else draw(st.sampled_from(FOREIGN_COUNTRIES))
        return TidType.FOREIGN, foreign, country, value, clear
    values = {"ssn": ssns, "itin": itins, "ein": eins}[kind]
    clear, value = _unused(kind, draw(values()), taken)
    return (TidType.EIN if kind == "ein" else TidType.SSN_ITIN), None, None, value, clear


@st.composite
def _tid(draw: st.DrawFn, customer_record_id: int | None, kind: TidKind | None,
         customer: CustomerKind | None, replaced: bool, replacing_kind: TidKind | None = None,
         foreign_types: Sequence[ForeignTidType] | None = None,
         taken: set[str] | None = None) -> _Identified:
    used = taken if taken is not None else set()
    allowed = _KINDS_FOR[customer] if customer is not None else _TID_KINDS
    chosen = kind if kind is not None else draw(st.sampled_from(allowed))
    tid_type, foreign, country, value, clear = draw(
        _identifier(chosen, customer, foreign_types, used))
    used.add(value)
    record = TidRecord(
        customer_record_id=(customer_record_id if customer_record_id is not None
                            else draw(_IDS)),
        tid_type=tid_type, foreign_tid_type=foreign, foreign_tid_country_cd=country,
        tid_value=value)
    if replaced:
        # A new identifier of a kind the same Customer could hold (S1 §3.2; T9).
        new_kind = (replacing_kind if replacing_kind is not None
                    else draw(st.sampled_from(allowed)))
        new_type, new_foreign, new_country, new_value, _ = draw(
            _identifier(new_kind, customer, foreign_types, used))
        used.add(new_value)
        record = TidRecord(
            customer_record_id=record.customer_record_id, tid_type=tid_type,
            foreign_tid_type=foreign, foreign_tid_country_cd=country, tid_value=value,
            replaced_by_tid_type=new_type, replacing_foreign_tid_type=new_foreign,
            replacing_foreign_tid_country_cd=new_country, replaced_by_tid=new_value)
    ein = clear if tid_type is TidType.EIN else None
    lei = clear if foreign is ForeignTidType.LEI else None
    return _Identified(record, ein, lei)


def _customer_kind(customer: RecordKind | CustomerKind | None) -> CustomerKind | None:
    if customer is None:
        return None
    if customer in ("naturalPerson", "legalEntity"):
        return "naturalPerson" if customer == "naturalPerson" else "legalEntity"
    raise InvalidArgument("customer must be RecordKind.NATURAL_PERSON or LEGAL_ENTITY")


def tid_records(kind: TidKind | None = None, *,
                customer: RecordKind | CustomerKind | None = None,
                customer_record_id: int | None = None,
                replaced: bool = False) -> st.SearchStrategy[TidRecord]:
    """TID Records whose ``tidValue`` is the SHA-256 of a synthetic, in-range identifier.

    ``kind`` picks the Input Identifier (``"ssn"``, ``"itin"``, ``"ein"`` or
    ``"foreign"``); ``customer`` (a natural person or legal entity record kind) limits the
    choice to identifiers that kind of Customer may use (22541, 22542, 22534, 22535).
    Foreign TIDs carry a country other than ``US``, except LEIs, which carry none.
    ``replaced`` adds a replacement identifier (``replacedByTID`` and its type fields), which
    CAIS accepts only alongside an association ending ``REPLACED``.
    """
    _check_id("customer_record_id", customer_record_id)
    who = _customer_kind(customer)
    if kind is not None and kind not in _TID_KINDS:
        raise InvalidArgument(f"kind must be one of {', '.join(_TID_KINDS)}")
    if kind is not None and who is not None and kind not in _KINDS_FOR[who]:
        raise InvalidArgument(f"a {who} Customer cannot have a TID made from an {kind}")
    return _tid(customer_record_id, kind, who, replaced).map(lambda t: t.record)


def complete_tid_records() -> st.SearchStrategy[TidRecord]:
    """TID Records carrying all nine fields: a foreign, non-LEI TID replaced by another one.

    Not public: a replacement is valid only next to an association ending ``REPLACED``, so
    this exists to give conditional fields a record to be broken in.
    """
    non_lei = tuple(t for t in _FOREIGN_TYPES if t is not ForeignTidType.LEI)
    return _tid(None, "foreign", None, True, "foreign", non_lei).map(lambda t: t.record)


# --- Correction Action Records -----------------------------------------------------------------


@st.composite
def _correction(draw: st.DrawFn, action: CorrectionAction | None,
                target: CorrectionTarget | None) -> CorrectionActionRecord:
    chosen = action or draw(st.sampled_from(_ACTIONS))
    if chosen is CorrectionAction.DELETE:
        # DELETE clears a rejection without pointing at any record (S1 §5.1.3.2 r16).
        return CorrectionActionRecord(rejection_id=draw(_IDS), correction_action=chosen)
    # CORRECTION points at exactly one corrected record: an FDID for an FDID-level
    # rejection, a Customer for a Customer-level one.
    points_at = target or draw(st.sampled_from(("fdid", "customer")))
    return CorrectionActionRecord(
        rejection_id=draw(_IDS), correction_action=chosen,
        correcting_firm_designated_id=draw(fdids()) if points_at == "fdid" else None,
        correcting_customer_record_id=draw(_IDS) if points_at == "customer" else None)


def correction_actions(*, action: CorrectionAction | None = None,
                       target: CorrectionTarget | None = None
                       ) -> st.SearchStrategy[CorrectionActionRecord]:
    """Correction Action Records: ``DELETE`` alone, or ``CORRECTION`` naming one record.

    ``target`` (``"fdid"`` or ``"customer"``) fixes what a ``CORRECTION`` points at and
    implies ``CORRECTION``. The ``rejectionID`` is arbitrary, so CAIS would answer with
    warning 24001 unless it issued that rejection.
    """
    if target is not None and target not in ("fdid", "customer"):
        raise InvalidArgument("target must be 'fdid' or 'customer'")
    if target is not None and action is CorrectionAction.DELETE:
        raise InvalidArgument("a DELETE correction points at no record, so it takes no target")
    if target is not None:
        action = CorrectionAction.CORRECTION
    return _correction(action, target)


# --- Submission pairs --------------------------------------------------------------------------


@st.composite
def _customer_with_tid(draw: st.DrawFn, customer_record_id: int, taken: set[str]
                       ) -> tuple[NaturalPersonCustomer | LegalEntityCustomer, TidRecord]:
    # Persons outnumber entities in real files; shrinking goes towards a person.
    who: CustomerKind = draw(st.sampled_from(("naturalPerson", "naturalPerson", "legalEntity")))
    tid = draw(_tid(customer_record_id, None, who, False, taken=taken))
    foreign = tid.record.tid_type is TidType.FOREIGN
    if who == "naturalPerson":
        return draw(_natural_person(customer_record_id, foreign, False)), tid.record
    # The entity repeats the EIN or LEI its TID came from, so the hash check (22544) holds;
    # an entity with an EIN may also report an LEI it knows.
    lei = tid.lei
    if lei is None and not foreign and draw(st.booleans()):
        lei, lei_tid = _unused("lei", draw(leis()), taken)
        taken.add(lei_tid)
    entity = draw(_legal_entity(customer_record_id, tid.ein, lei, foreign, False))
    return entity, tid.record


@st.composite
def _pairs(draw: st.DrawFn, min_fdids: int, max_fdids: int, max_customers: int | None,
           cat_reporter_crd: int | None, cat_submitter_id: int | None
           ) -> tuple[DataFile, TidsFile]:
    n_fdids = draw(st.integers(min_fdids, max_fdids))
    customer_ids = draw(st.lists(_IDS, min_size=1, max_size=max_customers or 2 * n_fdids,
                                 unique=True))
    # Distinct identifiers: two records with one tidValue would have to agree on year of
    # birth, ein and record type (22533), and two entities with one EIN may not share an
    # FDID (S10).
    taken: set[str] = set()
    customers = [draw(_customer_with_tid(cid, taken)) for cid in customer_ids]

    # Every Customer on at least one FDID, every FDID with at least one Customer; some
    # Customers sit on several FDIDs under the same customerRecordID (S1 §3.9 option 1).
    links: list[list[int]] = [[] for _ in range(n_fdids)]
    for cid in customer_ids:
        links[draw(st.integers(0, n_fdids - 1))].append(cid)
    extra = draw(st.lists(st.tuples(st.integers(0, n_fdids - 1), st.sampled_from(customer_ids)),
                          max_size=n_fdids))
    for index, cid in extra:
        if cid not in links[index]:
            links[index].append(cid)
    for linked in links:
        if not linked:
            linked.append(draw(st.sampled_from(customer_ids)))

    fdid_values = draw(st.lists(fdids(), min_size=n_fdids, max_size=n_fdids, unique=True))
    record_ids = draw(st.lists(_IDS, min_size=n_fdids, max_size=n_fdids, unique=True))
    # Sometimes one FDID is replaced by another FDID of the same file, the only place a
    # replacement can point without stored state (S1 §5.1.3.1 r15).
    replaced = replacing = -1
    if n_fdids >= 2 and draw(st.integers(0, 3)) == 0:
        replaced, replacing = draw(st.permutations(range(n_fdids)))[:2]
    built: dict[int, FdidRecord] = {}
    order = [i for i in range(n_fdids) if i != replaced] + ([replaced] if replaced >= 0 else [])
    for i in order:
        target = None
        if i == replaced:
            other = built[replacing]
            target = (other.firm_designated_id, from_cais_date(other.fdid_date))
        built[i] = draw(_fdid(
            fdid_record_id=record_ids[i], firm_designated_id=fdid_values[i],
            customer_record_ids=links[i], fdid_type=None, max_customers=len(links[i]),
            max_large_traders=2, ended=False if i == replacing else None, replaced_by=target,
            all_fields=False))

    header = DataFileHeader(
        cat_reporter_crd=cat_reporter_crd if cat_reporter_crd is not None else draw(_CRDS),
        cat_submitter_id=cat_submitter_id if cat_submitter_id is not None else draw(_CRDS))
    data = DataFile(
        header=header,
        fdid_records=tuple(built[i] for i in range(n_fdids)),
        natural_persons=tuple(c for c, _ in customers if isinstance(c, NaturalPersonCustomer)),
        legal_entities=tuple(c for c, _ in customers if isinstance(c, LegalEntityCustomer)))
    return data, TidsFile(tid_records=tuple(t for _, t in customers))


def submission_pairs(max_fdids: int = 5, *, min_fdids: int = 1,
                     max_customers: int | None = None, cat_reporter_crd: int | None = None,
                     cat_submitter_id: int | None = None
                     ) -> st.SearchStrategy[tuple[DataFile, TidsFile]]:
    """A Data File and its TIDS file that CAIS would accept as a whole.

    Every ``customerRecordID`` is unique, sits in exactly one Customer list, is linked from
    at least one ``fdidCustomerList`` and has exactly one TID Record; FDIDs and record IDs
    are unique, and no two Customers share a ``tidValue``. ``max_customers`` defaults to
    twice the number of FDIDs drawn. No ``correctionList`` is generated: corrections refer
    to rejections CAIS issued earlier.
    """
    if not 1 <= min_fdids <= max_fdids:
        raise InvalidArgument("submission_pairs needs 1 <= min_fdids <= max_fdids")
    if max_customers is not None and not 1 <= max_customers <= _MAX_CUSTOMERS_PER_FDID:
        raise InvalidArgument("max_customers must be between 1 and 2000")
    _check_id("cat_reporter_crd", cat_reporter_crd)
    _check_id("cat_submitter_id", cat_submitter_id)
    return _pairs(min_fdids, max_fdids, max_customers, cat_reporter_crd, cat_submitter_id)


__all__ = [
    "CorrectionTarget",
    "CustomerKind",
    "auth_trader_names",
    "correction_actions",
    "fdid_customers",
    "fdid_records",
    "large_traders",
    "legal_entity_customers",
    "natural_person_customers",
    "submission_pairs",
    "tid_records",
]
