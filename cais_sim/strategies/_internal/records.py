"""Strategies for valid records and whole submission pairs.

Valid means: every field passes its data-type check, and the cross-field rules a single
record can break hold too (contiguous address types, unique record IDs inside an FDID,
one active role per Customer, a Customer able to trade, ``hasDiscretion`` only on
authorized traders, account types that match the FDID type, a custodian for DVP/RVP,
end dates not before start dates) [S1 §5.1.3.1, §5.1.3.2; T28].
"""

from __future__ import annotations

import datetime as dt

import msgspec
from hypothesis import strategies as st

from cais_sim.spec.datatypes import to_cais_date
from cais_sim.spec.enums import (
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
    Record,
    TidRecord,
    TidsFile,
)
from cais_sim.spec.tid import tid_for_ein, tid_for_foreign, tid_for_ssn
from cais_sim.strategies._internal.values import (
    address_lists,
    eins,
    extended_text,
    fdids,
    large_trader_ids,
    ssns,
)

_IDS = st.integers(1, 10**9)
_PLAIN_ACCOUNT_TYPES: list[AccountType] = [t for t in AccountType if t not in (
    AccountType.ENTITYID, AccountType.RELATIONSHIP, AccountType.BROKERAGE,
    AccountType.ADVISED)]
_NP_TYPES = list(NaturalPersonCustomerType)
_LE_TYPES = [t for t in LegalEntityCustomerType if t not in (
    LegalEntityCustomerType.CP, LegalEntityCustomerType.OTHBKR, LegalEntityCustomerType.OTHER)]
_FOREIGN_COUNTRIES = ("GB", "CA", "DE", "FR", "JP", "MX", "BR", "IN", "CH", "AU")
_NP_FOREIGN = [ForeignTidType.NATIONALID, ForeignTidType.PASSPORT, ForeignTidType.PERMANENT,
               ForeignTidType.DRIVERLICENSE, ForeignTidType.OTHGOVT]
_LE_FOREIGN = [ForeignTidType.NATIONALID, ForeignTidType.LEI, ForeignTidType.OTHGOVT]
_START = dt.date(2005, 1, 1)


def _date_between(draw: st.DrawFn, start: dt.date, end: dt.date) -> dt.date:
    return draw(st.dates(start, max(start, end)))


@st.composite
def large_traders(draw: st.DrawFn, *, record_id: int | None = None,
                  on_or_after: dt.date = _START) -> LargeTrader:
    """An active or ended Large Trader link."""
    start = _date_between(draw, on_or_after, dt.date(2030, 1, 1))
    ended = draw(st.booleans())
    end = _date_between(draw, start, dt.date(2031, 1, 1)) if ended else None
    return LargeTrader(
        large_trader_record_id=record_id if record_id is not None else draw(_IDS),
        large_trader_id=draw(large_trader_ids()),
        ltid_effective_date=to_cais_date(start),
        ltid_end_date=to_cais_date(end) if end else None,
        ltid_end_reason=draw(st.sampled_from([EndReason.ENDED, EndReason.OTHER,
                                              EndReason.CORRECTION])) if end else None)


@st.composite
def fdid_customers(draw: st.DrawFn, *, customer_record_id: int | None = None,
                   roles: tuple[Role, ...] = (Role.TRDHOLDER, Role.NTHOLDER, Role.AUTH3RD,
                                              Role.AUTHREP)) -> FdidCustomer:
    """One active FDID-Customer association."""
    role = draw(st.sampled_from(roles))
    authorized = role in (Role.AUTH3RD, Role.AUTHREP)
    discretion = draw(st.booleans()) if authorized else draw(st.sampled_from([None, False]))
    return FdidCustomer(
        customer_record_id=customer_record_id if customer_record_id is not None
        else draw(_IDS),
        role=role, has_discretion=discretion,
        role_start_date=to_cais_date(draw(st.dates(_START, dt.date(2030, 1, 1)))))


def auth_trader_names(*, name_id: int | None = None) -> st.SearchStrategy[AuthTraderName]:
    """A names-only authorized trader."""
    return st.builds(AuthTraderName,
                     auth_trader_name_id=st.just(name_id) if name_id is not None else _IDS,
                     auth_trader_name=extended_text(200))


@st.composite
def fdid_records(draw: st.DrawFn, *, customer_record_ids: tuple[int, ...] | None = None,
                 record_id: int | None = None, fdid: str | None = None) -> FdidRecord:
    """A valid FDID Record linking ``customer_record_ids`` (drawn when not given)."""
    fdid_type = draw(st.sampled_from([FdidType.ACCOUNT, FdidType.ACCOUNT,
                                      FdidType.RELATIONSHIP, FdidType.ENTITYID]))
    account_types: tuple[AccountType, ...]
    if fdid_type is FdidType.ACCOUNT:
        account_types = tuple(draw(st.lists(st.sampled_from(_PLAIN_ACCOUNT_TYPES), min_size=1,
                                            max_size=4, unique=True)))
    else:
        account_types = (AccountType(fdid_type.value),)
    ids = customer_record_ids or tuple(draw(st.lists(_IDS, min_size=1, max_size=3,
                                                     unique=True)))
    # One active role per Customer; the first is a holder who can trade [S1 §5.1.3.1 r33-34].
    holder_only = fdid_type is not FdidType.ACCOUNT
    links = [draw(fdid_customers(customer_record_id=ids[0], roles=(Role.TRDHOLDER,)))]
    for cid in ids[1:]:
        roles = (Role.TRDHOLDER,) if holder_only else tuple(Role)[:4]
        links.append(draw(fdid_customers(customer_record_id=cid, roles=roles)))
    opened = _date_between(draw, _START, dt.date(2029, 12, 31))
    n_ltids = draw(st.integers(0, 3))
    ltid_values = draw(st.lists(large_trader_ids(), min_size=n_ltids, max_size=n_ltids,
                                unique=True))
    ltids = tuple(
        LargeTrader(large_trader_record_id=i, large_trader_id=value,
                    ltid_effective_date=to_cais_date(opened))
        for i, value in enumerate(ltid_values, start=1))
    dvp = ((draw(st.sampled_from(["FOR", "DTCRM", "0005", "00352"])),)
           if AccountType.DVP_RVP in account_types else ())
    ended = draw(st.integers(0, 4)) == 0
    end_date = _date_between(draw, opened, dt.date(2030, 12, 31)) if ended else None
    names: tuple[AuthTraderName, ...] = ()
    if fdid_type is FdidType.ACCOUNT and draw(st.integers(0, 5)) == 0:
        names = (draw(auth_trader_names(name_id=1)),)
    return FdidRecord(
        fdid_record_id=record_id if record_id is not None else draw(_IDS),
        firm_designated_id=fdid if fdid is not None else draw(fdids()),
        fdid_type=fdid_type, account_type=account_types, account_name=draw(extended_text(200)),
        dvp_custodian_id=dvp,
        clearing_broker_id=draw(st.sampled_from([(), ("0123",), ("0005", "0352")])),
        branch_office_crd=draw(st.one_of(st.none(), st.integers(1, 999_999))),
        registered_rep_crd=tuple(draw(st.lists(st.integers(1, 9_999_999), max_size=2))),
        fdid_date=to_cais_date(opened),
        fdid_end_date=to_cais_date(end_date) if end_date else None,
        fdid_end_reason=(draw(st.sampled_from([EndReason.ENDED, EndReason.OTHER]))
                         if end_date else None),
        address_list=draw(address_lists()),
        large_trader_list=ltids,
        fdid_customer_list=tuple(
            msgspec.structs.replace(link, role_start_date=to_cais_date(opened))
            for link in links),
        auth_trader_names_list=names,
    )


@st.composite
def natural_person_customers(draw: st.DrawFn, *, customer_record_id: int | None = None,
                             foreign: bool = False) -> NaturalPersonCustomer:
    """A valid Natural Person Customer Record."""
    types = draw(st.lists(st.sampled_from(_NP_TYPES), min_size=1, max_size=3, unique=True))
    if foreign and NaturalPersonCustomerType.FOREIGN not in types:
        types.append(NaturalPersonCustomerType.FOREIGN)
    return NaturalPersonCustomer(
        customer_record_id=customer_record_id if customer_record_id is not None
        else draw(_IDS),
        first_name=draw(extended_text(40)),
        middle_name=draw(st.one_of(st.none(), extended_text(20))),
        last_name=draw(extended_text(60)),
        name_suffix=draw(st.one_of(st.none(), st.sampled_from(NameSuffix))),
        doing_business_as=draw(st.one_of(st.none(), extended_text(60))),
        year_of_birth=draw(st.integers(1900, 2020)),
        address_list=draw(address_lists()),
        customer_type=tuple(types))


@st.composite
def legal_entity_customers(draw: st.DrawFn, *, customer_record_id: int | None = None,
                           ein: str | None = None, lei: str | None = None
                           ) -> LegalEntityCustomer:
    """A valid Legal Entity Customer Record."""
    return LegalEntityCustomer(
        customer_record_id=customer_record_id if customer_record_id is not None
        else draw(_IDS),
        legal_name=draw(extended_text(200)),
        address_list=draw(address_lists()),
        ein=ein,
        customer_type=tuple(draw(st.lists(st.sampled_from(_LE_TYPES), min_size=1, max_size=3,
                                          unique=True))),
        lei=lei if lei is not None else draw(st.one_of(
            st.none(), st.from_regex(r"[0-9A-Z]{20}", fullmatch=True))))


@st.composite
def tid_records(draw: st.DrawFn, *, customer_record_id: int | None = None,
                kind: str | None = None) -> TidRecord:
    """A valid TID Record; ``kind`` is ``natural`` or ``legal`` to fit that record type."""
    cid = customer_record_id if customer_record_id is not None else draw(_IDS)
    tid_type = draw(st.sampled_from(
        [TidType.SSN_ITIN, TidType.FOREIGN] if kind == "natural"
        else [TidType.EIN, TidType.FOREIGN] if kind == "legal" else list(TidType)))
    if tid_type is TidType.SSN_ITIN:
        return TidRecord(customer_record_id=cid, tid_type=tid_type,
                         tid_value=tid_for_ssn(draw(ssns())))
    if tid_type is TidType.EIN:
        return TidRecord(customer_record_id=cid, tid_type=tid_type,
                         tid_value=tid_for_ein(draw(eins())))
    foreign = draw(st.sampled_from(_NP_FOREIGN if kind == "natural" else
                                   _LE_FOREIGN if kind == "legal" else list(ForeignTidType)))
    country = None if foreign is ForeignTidType.LEI else draw(st.sampled_from(_FOREIGN_COUNTRIES))
    value = draw(st.from_regex(r"[A-Z0-9]{6,12}", fullmatch=True))
    return TidRecord(customer_record_id=cid, tid_type=tid_type, foreign_tid_type=foreign,
                     foreign_tid_country_cd=country, tid_value=tid_for_foreign(value))


def correction_actions() -> st.SearchStrategy[CorrectionActionRecord]:
    """A well-formed Correction Action Record."""
    correction = st.builds(
        CorrectionActionRecord, rejection_id=_IDS,
        correction_action=st.just(CorrectionAction.CORRECTION),
        correcting_firm_designated_id=st.one_of(st.none(), fdids()),
        correcting_customer_record_id=st.one_of(st.none(), _IDS))
    delete = st.builds(CorrectionActionRecord, rejection_id=_IDS,
                       correction_action=st.just(CorrectionAction.DELETE))
    return st.one_of(correction, delete)


@st.composite
def _customer_with_tid(draw: st.DrawFn, cid: int) -> tuple[Record, TidRecord]:
    if draw(st.integers(0, 4)) > 0:
        tid = draw(tid_records(customer_record_id=cid, kind="natural"))
        person = draw(natural_person_customers(customer_record_id=cid,
                                               foreign=tid.tid_type is TidType.FOREIGN))
        return person, tid
    ein = draw(eins())
    if draw(st.booleans()):
        tid = TidRecord(customer_record_id=cid, tid_type=TidType.EIN, tid_value=tid_for_ein(ein))
        return draw(legal_entity_customers(customer_record_id=cid, ein=ein)), tid
    tid = draw(tid_records(customer_record_id=cid, kind="legal"))
    lei = (draw(st.from_regex(r"[0-9A-Z]{20}", fullmatch=True))
           if tid.foreign_tid_type is ForeignTidType.LEI else None)
    return draw(legal_entity_customers(customer_record_id=cid, lei=lei)), tid


@st.composite
def submission_pairs(draw: st.DrawFn, *, max_fdids: int = 5, reporter_crd: int = 7001,
                     submitter_id: int = 7001) -> tuple[DataFile, TidsFile]:
    """A Data File and its TIDS file where every Customer is linked, listed once and has its
    TID Record, and every record ID and FDID is unique."""
    n_fdids = draw(st.integers(1, max_fdids))
    n_customers = draw(st.integers(1, 2 * n_fdids))
    customers = [draw(_customer_with_tid(cid)) for cid in range(1, n_customers + 1)]
    # Spread Customers over FDIDs so each Customer is linked at least once.
    links: list[list[int]] = [[] for _ in range(n_fdids)]
    for cid in range(1, n_customers + 1):
        links[draw(st.integers(0, n_fdids - 1))].append(cid)
    for i in range(n_fdids):
        if not links[i]:
            links[i].append(draw(st.integers(1, n_customers)))
    names = draw(st.lists(fdids(), min_size=n_fdids, max_size=n_fdids,
                          unique_by=lambda s: s.strip()))
    fdid_list = tuple(
        draw(fdid_records(customer_record_ids=tuple(links[i]), record_id=i + 1, fdid=names[i]))
        for i in range(n_fdids))
    data = DataFile(
        header=DataFileHeader(cat_reporter_crd=reporter_crd, cat_submitter_id=submitter_id),
        fdid_records=fdid_list,
        natural_persons=tuple(c for c, _ in customers if isinstance(c, NaturalPersonCustomer)),
        legal_entities=tuple(c for c, _ in customers if isinstance(c, LegalEntityCustomer)))
    return data, TidsFile(tid_records=tuple(t for _, t in customers))


__all__ = [
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
