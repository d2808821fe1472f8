"""Typed records of the Full CAIS submission schema, version 2.0.0.

Each record is an immutable :class:`msgspec.Struct` whose attributes are the snake_case form
of the wire field names and whose declaration order is the order of the specification's
Table 8 (Data File) and Table 9 (TIDS file) [S1 §4.1-§4.2]. That order is also the order in
which the writer emits keys, so the same records always give the same bytes.

Conditional and optional fields default to ``None`` (or an empty tuple for lists) and are
left out of the JSON when unset: CAIS treats an absent field and an explicit ``null`` alike
[S1 §5.1.3 r17], and absent fields keep files small.

Dates are ``int`` in ``YYYYMMDD`` form and years are ``int``, exactly as on the wire; use
:func:`cais_sim.spec.datatypes.to_cais_date` to convert from :class:`datetime.date`.

These types describe *well-formed* records. Validation of arbitrary input (wrong types,
missing fields) works on the raw decoded JSON and lives in the rules layer, because CAIS
answers a malformed record with a record-level error code, not an exception.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

import msgspec

from cais_sim.spec.enums import (
    AccountType,
    AddrType,
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

SCHEMA_VERSION = "2.0.0"


class Record(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    omit_defaults=True,
    forbid_unknown_fields=True,
):
    """Base of every CAIS record: immutable, keyword-only, compact on the wire."""

    #: Wire name of the list this record lives in (``None`` for nested sub-records).
    LIST_KEY: ClassVar[str | None] = None

    def to_wire(self) -> dict[str, Any]:
        """The record as the JSON object CAIS receives (absent fields omitted)."""
        result: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return result

    @classmethod
    def from_wire(cls: type[_R], obj: object) -> _R:
        """Build a record from decoded JSON; raises :class:`msgspec.ValidationError`."""
        return msgspec.convert(obj, cls)


_R = TypeVar("_R", bound=Record)


def wire_field(name: str, default: Any = msgspec.NODEFAULT) -> Any:
    """A struct field with its CAIS wire name (and default, for conditional fields)."""
    return msgspec.field(name=name, default=default)


# --- Sub-records ------------------------------------------------------------------------------


class Address(Record, kw_only=True, frozen=True):
    """Address Record inside ``addressList`` of FDID and Customer records [S1 T8; d.1]."""

    addr_type: AddrType = wire_field("addrType")
    addr_line1: str = wire_field("addrLine1")
    addr_line2: str | None = wire_field("addrLine2", None)
    addr_line3: str | None = wire_field("addrLine3", None)
    addr_line4: str | None = wire_field("addrLine4", None)
    city: str = wire_field("city")
    region_code: str | None = wire_field("regionCode", None)
    country_code: str = wire_field("countryCode")
    postal_code: str | None = wire_field("postalCode", None)


class LargeTrader(Record, kw_only=True, frozen=True):
    """Large Trader Record inside an FDID's ``largeTraderList`` [S1 T8; d.2]."""

    large_trader_record_id: int = wire_field("largeTraderRecordID")
    large_trader_id: str = wire_field("largeTraderID")
    ltid_effective_date: int = wire_field("ltidEffectiveDate")
    ltid_end_date: int | None = wire_field("ltidEndDate", None)
    ltid_end_reason: EndReason | None = wire_field("ltidEndReason", None)


class FdidCustomer(Record, kw_only=True, frozen=True):
    """FDID-Customer association inside ``fdidCustomerList`` [S1 T8; d.3]."""

    customer_record_id: int = wire_field("customerRecordID")
    role: Role = wire_field("role")
    has_discretion: bool | None = wire_field("hasDiscretion", None)
    role_start_date: int = wire_field("roleStartDate")
    role_end_date: int | None = wire_field("roleEndDate", None)
    role_end_reason: EndReason | None = wire_field("roleEndReason", None)


class AuthTraderName(Record, kw_only=True, frozen=True):
    """Names-only Authorized Trader inside ``authTraderNamesList`` [S1 T8, §3.13; d.4]."""

    auth_trader_name_id: int = wire_field("authTraderNameID")
    auth_trader_name: str = wire_field("authTraderName")


# --- Top-level list records -----------------------------------------------------------------


class FdidRecord(Record, kw_only=True, frozen=True):
    """FDID Record: an account, relationship or entity ID with its links [S1 T8; b.1]."""

    LIST_KEY: ClassVar[str | None] = "fdidRecordList"

    fdid_record_id: int = wire_field("fdidRecordID")
    firm_designated_id: str = wire_field("firmDesignatedID")
    fdid_type: FdidType = wire_field("fdidType")
    account_type: tuple[AccountType, ...] = wire_field("accountType")
    account_name: str = wire_field("accountName")
    dvp_custodian_id: tuple[str, ...] = wire_field("DVPCustodianID", ())
    clearing_broker_id: tuple[str, ...] = wire_field("clearingBrokerID", ())
    branch_office_crd: int | None = wire_field("branchOfficeCRD", None)
    registered_rep_crd: tuple[int, ...] = wire_field("registeredRepCRD", ())
    fdid_date: int = wire_field("fdidDate")
    fdid_end_date: int | None = wire_field("fdidEndDate", None)
    fdid_end_reason: EndReason | None = wire_field("fdidEndReason", None)
    replaced_by_fdid: str | None = wire_field("replacedByFDID", None)
    prior_cat_reporter_crd: int | None = wire_field("priorCATReporterCRD", None)
    prior_cat_reporter_fdid: str | None = wire_field("priorCATReporterFDID", None)
    address_list: tuple[Address, ...] = wire_field("addressList")
    large_trader_list: tuple[LargeTrader, ...] = wire_field("largeTraderList", ())
    fdid_customer_list: tuple[FdidCustomer, ...] = wire_field("fdidCustomerList", ())
    auth_trader_names_list: tuple[AuthTraderName, ...] = wire_field("authTraderNamesList", ())


class NaturalPersonCustomer(Record, kw_only=True, frozen=True):
    """Natural Person Customer Record [S1 T8; c.1]."""

    LIST_KEY: ClassVar[str | None] = "naturalPersonCustomerList"

    customer_record_id: int = wire_field("customerRecordID")
    first_name: str = wire_field("firstName")
    middle_name: str | None = wire_field("middleName", None)
    last_name: str = wire_field("lastName")
    name_suffix: NameSuffix | None = wire_field("nameSuffix", None)
    doing_business_as: str | None = wire_field("doingBusinessAs", None)
    year_of_birth: int = wire_field("yearOfBirth")
    address_list: tuple[Address, ...] = wire_field("addressList", ())
    customer_type: tuple[NaturalPersonCustomerType, ...] = wire_field("customerType")
    update_notification: bool = wire_field("updateNotification", False)


class LegalEntityCustomer(Record, kw_only=True, frozen=True):
    """Legal Entity Customer Record [S1 T8; c.2]."""

    LIST_KEY: ClassVar[str | None] = "legalEntityCustomerList"

    customer_record_id: int = wire_field("customerRecordID")
    legal_name: str = wire_field("legalName")
    address_list: tuple[Address, ...] = wire_field("addressList", ())
    ein: str | None = wire_field("ein", None)
    customer_type: tuple[LegalEntityCustomerType, ...] = wire_field("customerType")
    lei: str | None = wire_field("lei", None)
    update_notification: bool = wire_field("updateNotification", False)


class CorrectionActionRecord(Record, kw_only=True, frozen=True):
    """Correction Action Record in the top-level ``correctionList`` [S1 T8; d.5]."""

    LIST_KEY: ClassVar[str | None] = "correctionList"

    rejection_id: int = wire_field("rejectionID")
    correction_action: CorrectionAction = wire_field("correctionAction")
    correcting_firm_designated_id: str | None = wire_field("correctingFirmDesignatedID", None)
    correcting_customer_record_id: int | None = wire_field("correctingCustomerRecordID", None)


class TidRecord(Record, kw_only=True, frozen=True):
    """TID Record in the Transformed Identifiers File's ``tidRecordList`` [S1 T9; c.3]."""

    LIST_KEY: ClassVar[str | None] = "tidRecordList"

    customer_record_id: int = wire_field("customerRecordID")
    tid_type: TidType = wire_field("tidType")
    foreign_tid_type: ForeignTidType | None = wire_field("foreignTIDType", None)
    foreign_tid_country_cd: str | None = wire_field("foreignTIDCountryCd", None)
    tid_value: str = wire_field("tidValue")
    replaced_by_tid_type: TidType | None = wire_field("replacedByTIDType", None)
    replacing_foreign_tid_type: ForeignTidType | None = wire_field("replacingForeignTIDType", None)
    replacing_foreign_tid_country_cd: str | None = wire_field("replacingForeignTIDCountryCd", None)
    replaced_by_tid: str | None = wire_field("replacedByTID", None)


# --- Whole files (for small, in-memory use) --------------------------------------------------


class DataFileHeader(Record, kw_only=True, frozen=True):
    """The scalar keys of a CAIS Data File [S1 T8 "Main" level; a.6].

    The record counts are not part of the header object: writers compute them from the
    records, so they can never disagree with the lists.
    """

    version: str = SCHEMA_VERSION
    cat_reporter_crd: int = wire_field("catReporterCRD")
    cat_submitter_id: int = wire_field("catSubmitterID")
    correspondent_crd: int | None = wire_field("correspondentCRD", None)


class DataFile(Record, kw_only=True, frozen=True):
    """A whole CAIS Data File held in memory; use the streaming writer for large files."""

    header: DataFileHeader
    fdid_records: tuple[FdidRecord, ...] = ()
    natural_persons: tuple[NaturalPersonCustomer, ...] = ()
    legal_entities: tuple[LegalEntityCustomer, ...] = ()
    corrections: tuple[CorrectionActionRecord, ...] = ()


class TidsFile(Record, kw_only=True, frozen=True):
    """A whole Transformed Identifiers File held in memory."""

    version: str = SCHEMA_VERSION
    tid_records: tuple[TidRecord, ...] = ()


DATA_RECORD_TYPES: tuple[type[Record], ...] = (
    FdidRecord,
    NaturalPersonCustomer,
    LegalEntityCustomer,
    CorrectionActionRecord,
)

__all__ = [
    "DATA_RECORD_TYPES",
    "SCHEMA_VERSION",
    "Address",
    "AuthTraderName",
    "CorrectionActionRecord",
    "DataFile",
    "DataFileHeader",
    "FdidCustomer",
    "FdidRecord",
    "LargeTrader",
    "LegalEntityCustomer",
    "NaturalPersonCustomer",
    "Record",
    "TidRecord",
    "TidsFile",
    "wire_field",
]
