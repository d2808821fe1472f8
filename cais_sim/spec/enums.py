"""Every choice list of the CAIS data contract, with its history.

The Python enums hold every value that any revision of the specification ever carried, so
that a file from any phase can be represented; whether a value is *accepted* on a given day
is the spec pack's question (:mod:`cais_sim.spec.packs`), answered from
:data:`ENUM_HISTORY` below.

Source: Full CAIS Technical Specification 2.2.0 r4 (S1) Table 8 (Data File), Table 9 (TIDS
file), Tables 18-25 (feedback), and the change log in Table 2, as summarised in the shared
facts digest section (e). Meanings are written in this project's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FdidType(StrEnum):
    """What kind of identifier an FDID Record carries (``fdidType``)."""

    ACCOUNT = "ACCOUNT"
    RELATIONSHIP = "RELATIONSHIP"
    ENTITYID = "ENTITYID"
    #: The LTID-phase spelling (LTID spec 1.1.1) of what Full CAIS calls ``ENTITYID``.
    ENTITY = "ENTITY"


class AccountType(StrEnum):
    """Account characteristics (``accountType``, an array of every value that applies)."""

    AVERAGE = "AVERAGE"
    DVP_RVP = "DVP/RVP"
    EDUCATION = "EDUCATION"
    ENTITYID = "ENTITYID"
    ERROR = "ERROR"
    FIRM = "FIRM"
    INSTITUTION = "INSTITUTION"
    MARKET = "MARKET"
    MARGIN = "MARGIN"
    OPTION = "OPTION"
    OTHER = "OTHER"
    RELATIONSHIP = "RELATIONSHIP"
    RETIREMENT = "RETIREMENT"
    UGMA_UTMA = "UGMA/UTMA"
    #: Removed in 2.0 r7.
    BROKERAGE = "BROKERAGE"
    #: Removed in 2.0 r7.
    ADVISED = "ADVISED"


class EndReason(StrEnum):
    """Why an FDID, an LTID link or a Customer role ended.

    ``fdidEndReason``, ``ltidEndReason`` and ``roleEndReason`` share one value list; what each
    value means differs per field and is recorded in :data:`ENUM_HISTORY`.
    """

    CORRECTION = "CORRECTION"
    ENDED = "ENDED"
    INACTIVE = "INACTIVE"
    REPLACED = "REPLACED"
    OTHER = "OTHER"
    TRANSFER = "TRANSFER"


class Role(StrEnum):
    """The role a Customer holds on an FDID (``role``)."""

    AUTH3RD = "AUTH3RD"
    AUTHREP = "AUTHREP"
    NTHOLDER = "NTHOLDER"
    TRDHOLDER = "TRDHOLDER"
    #: Split into TRDHOLDER/NTHOLDER in draft 2.0 r2.
    HOLDER = "HOLDER"
    #: Split into AUTHREP/AUTH3RD in 2.0.
    AUTHTRADER = "AUTHTRADER"


class NaturalPersonCustomerType(StrEnum):
    """``customerType`` values of a Natural Person Customer Record."""

    ACCREDITED = "ACCREDITED"
    ADVISER = "ADVISER"
    CP = "CP"
    EMPLOYEE = "EMPLOYEE"
    FOREIGN = "FOREIGN"
    NOTAPPLICABLE = "NOTAPPLICABLE"
    OTHBKR = "OTHBKR"
    TRUST = "TRUST"


class LegalEntityCustomerType(StrEnum):
    """``customerType`` values of a Legal Entity Customer Record."""

    ACCREDITED = "ACCREDITED"
    ADVISER = "ADVISER"
    BD = "BD"
    FOREIGN = "FOREIGN"
    NOTAPPLICABLE = "NOTAPPLICABLE"
    RIC = "RIC"
    TRUST = "TRUST"
    #: Removed for Legal Entities in 2.0 r7.
    CP = "CP"
    #: Removed for Legal Entities in 2.0 r7.
    OTHBKR = "OTHBKR"
    #: Replaced by NOTAPPLICABLE in 2.0 r2.
    OTHER = "OTHER"


class NameSuffix(StrEnum):
    """Generational suffix of a natural person's name (``nameSuffix``)."""

    FIFTH = "FIFTH"
    FOURTH = "FOURTH"
    JUNIOR = "JUNIOR"
    SENIOR = "SENIOR"
    THIRD = "THIRD"


class TidType(StrEnum):
    """Which kind of Input Identifier a TID was hashed from (``tidType``, ``replacedByTIDType``)."""

    EIN = "EIN"
    FOREIGN = "FOREIGN"
    SSN_ITIN = "SSN/ITIN"


class ForeignTidType(StrEnum):
    """Kind of foreign identifier, declared in hierarchy order (``foreignTIDType``).

    A firm must use the first kind in this order that it holds for the Customer (S1 §2.2.5.2;
    FAQ Q57). :data:`FOREIGN_TID_RANK` and :data:`FOREIGN_TID_RECORD_KINDS` carry the rank and
    which Customer Record kinds may use each value.
    """

    NATIONALID = "NATIONALID"
    LEI = "LEI"
    PASSPORT = "PASSPORT"
    PERMANENT = "PERMANENT"
    DRIVERLICENSE = "DRIVERLICENSE"
    OTHGOVT = "OTHGOVT"


class AddrType(StrEnum):
    """Position of an Address Record (``addrType``); numbered contiguously from ADDRESS1."""

    ADDRESS1 = "ADDRESS1"
    ADDRESS2 = "ADDRESS2"
    ADDRESS3 = "ADDRESS3"
    ADDRESS4 = "ADDRESS4"


class CorrectionAction(StrEnum):
    """What a Correction Action Record does with a rejection (``correctionAction``)."""

    CORRECTION = "CORRECTION"
    DELETE = "DELETE"


class DataSubmissionStatus(StrEnum):
    """``submissionStatus`` of a CAIS Data Feedback File (S1 T18, T20)."""

    FILE_ACKNOWLEDGED = "FILE_ACKNOWLEDGED"
    FILE_INTEGRITY_PASSED = "FILE_INTEGRITY_PASSED"
    RECORD_SCAN_COMPLETED = "RECORD_SCAN_COMPLETED"
    COMPLETED_WITHOUT_REJECTIONS = "COMPLETED_WITHOUT_REJECTIONS"
    COMPLETED_WITH_REJECTIONS = "COMPLETED_WITH_REJECTIONS"
    COMPLETED_INTEGRITY_ERROR = "COMPLETED_INTEGRITY_ERROR"
    COMPLETED_FILE_TIMEOUT = "COMPLETED_FILE_TIMEOUT"
    INCOMPLETE_PROCESSING_FAILURE = "INCOMPLETE_PROCESSING_FAILURE"
    CANCELLED_BY_SUPPORT = "CANCELLED_BY_SUPPORT"


class TidsSubmissionStatus(StrEnum):
    """``submissionStatus`` of a Transformed Identifiers Feedback File (S1 T19, T21)."""

    FILE_ACKNOWLEDGED = "FILE_ACKNOWLEDGED"
    FILE_INTEGRITY_PASSED = "FILE_INTEGRITY_PASSED"
    RECORD_SCAN_COMPLETED = "RECORD_SCAN_COMPLETED"
    COMPLETED_INTEGRITY_ERROR = "COMPLETED_INTEGRITY_ERROR"
    COMPLETED = "COMPLETED"
    COMPLETED_FILE_TIMEOUT = "COMPLETED_FILE_TIMEOUT"
    INCOMPLETE_PROCESSING_FAILURE = "INCOMPLETE_PROCESSING_FAILURE"
    CANCELLED_BY_SUPPORT = "CANCELLED_BY_SUPPORT"


class OutstandingItemType(StrEnum):
    """``type`` of a record in an outstanding-rejections or outstanding-inconsistencies file."""

    MATERIAL_INCONSISTENCY = "materialInconsistency"
    FDID_REJECTION = "FDIDRejection"
    CUSTOMER_REJECTION = "CustomerRejection"
    #: Spelling before 2.1.0 r2.
    FDID_REJECTION_OLD = "fdidRejection"
    #: Spelling before 2.1.0 r2.
    CUSTOMER_REJECTION_OLD = "customerRejection"


class RefreshStatus(StrEnum):
    """``status`` of an FDID in the FDID Refresh Report (S1 T7)."""

    DUE = "DUE"
    OVERDUE = "OVERDUE"


class FileKind(StrEnum):
    """The File Kind element of a submission file name (S1 §5.1.1 T10)."""

    CAIS = "CAIS"
    TIDS = "TIDS"


# --- Special literal values (S1 §3.11, §3.12, §5.1.3.1 r30/r36, T10; FAQ Q66) -----------------

#: ``DVPCustodianID`` for a custodian with neither a clearing number nor a DTC number.
DVP_CUSTODIAN_FOREIGN = "FOR"
#: ``DVPCustodianID`` while the custodian's number is temporarily unavailable (FAQ Q66).
DVP_CUSTODIAN_REMOVED = "DTCRM"
#: ``firstName`` of a person who legally has a single name (S1 §3.12).
SINGLE_NAME_FIRST_NAME = "NNVE"
#: FDID placeholder valid only on transaction events; CAIS rejects it (S1 §3.11).
PENDING_FDID = "PENDING"
#: Name placeholder allowed until 2023-06-13 (S1 §3.12).
UNPARSED_NAME = "UNPARSED"
#: File-name Group reserved for files the Portal creates from manual entry (S1 T10).
RESERVED_GROUP = "caisweb"
#: Region codes and city names of U.S. military and diplomatic addresses (S1 §5.1.3.1 r36).
MILITARY_REGIONS = frozenset({"US-AA", "US-AE", "US-AP"})
MILITARY_CITIES = frozenset({"APO", "DPO", "FPO"})


# --- History and meanings -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnumValueInfo:
    """One value of one choice field: what it means and which revisions carried it.

    ``added``/``removed`` name specification revisions (:mod:`cais_sim.spec.revisions` orders
    them); ``None`` means "present from the first revision of its schema" or
    "never removed". ``field`` is the wire name of the field the meaning applies to.
    """

    enum: type[StrEnum]
    value: str
    field: str
    meaning: str
    source: str
    added: str | None = None
    removed: str | None = None


def _v(
    enum: type[StrEnum],
    value: str,
    field: str,
    meaning: str,
    source: str = "S1 T8",
    added: str | None = None,
    removed: str | None = None,
) -> EnumValueInfo:
    return EnumValueInfo(enum, value, field, meaning, source, added, removed)


_FDID_END = "fdidEndReason"
_LTID_END = "ltidEndReason"
_ROLE_END = "roleEndReason"
_NP_TYPE = "naturalPersonCustomerType"
_LE_TYPE = "legalEntityCustomerType"

#: Every value of every choice field, with its meaning in our words and its revision history.
ENUM_HISTORY: tuple[EnumValueInfo, ...] = (
    # fdidType
    _v(FdidType, "ACCOUNT", "fdidType", "an account at the firm"),
    _v(FdidType, "RELATIONSHIP", "fdidType",
       "a masked relationship identifier used when no account number exists at order receipt"),
    _v(FdidType, "ENTITYID", "fdidType",
       "the firm's entity ID for an employee who aggregates orders across customer accounts"),
    _v(FdidType, "ENTITY", "fdidType", "LTID-phase name of the entity-ID FDID type",
       source="S1 T2", added="1.1.1", removed="2.0"),
    # accountType
    _v(AccountType, "AVERAGE", "accountType", "average-price account owned by the firm"),
    _v(AccountType, "DVP/RVP", "accountType", "settles delivery/receipt versus payment"),
    _v(AccountType, "EDUCATION", "accountType", "education savings account (529, Coverdell)"),
    _v(AccountType, "ENTITYID", "accountType", "only together with fdidType ENTITYID"),
    _v(AccountType, "ERROR", "accountType", "error account"),
    _v(AccountType, "FIRM", "accountType", "proprietary or inventory account of the reporter"),
    _v(AccountType, "INSTITUTION", "accountType", "institutional account under FINRA Rule 4512(c)"),
    _v(AccountType, "MARKET", "accountType", "market-making account"),
    _v(AccountType, "MARGIN", "accountType", "approved for margin"),
    _v(AccountType, "OPTION", "accountType", "approved for options"),
    _v(AccountType, "OTHER", "accountType", "none of the other values applies"),
    _v(AccountType, "RELATIONSHIP", "accountType", "only together with fdidType RELATIONSHIP"),
    _v(AccountType, "RETIREMENT", "accountType", "IRS-defined retirement plan account"),
    _v(AccountType, "UGMA/UTMA", "accountType", "custodial account for a minor"),
    _v(AccountType, "BROKERAGE", "accountType", "generic brokerage account",
       source="S1 T2", removed="2.0r7"),
    _v(AccountType, "ADVISED", "accountType", "advised account", source="S1 T2", removed="2.0r7"),
    # fdidEndReason
    _v(EndReason, "CORRECTION", _FDID_END,
       "the FDID should never have been reported; end date equals open date"),
    _v(EndReason, "ENDED", _FDID_END, "the account or relationship ended, e.g. closed"),
    _v(EndReason, "INACTIVE", _FDID_END,
       "no CAT-reportable activity in the prior six months", source="S1 T2", added="2.0r7"),
    _v(EndReason, "REPLACED", _FDID_END,
       "replaced by another FDID of the same firm, named in replacedByFDID"),
    _v(EndReason, "OTHER", _FDID_END, "any other reason"),
    _v(EndReason, "TRANSFER", _FDID_END, "moved to another firm in a mass transfer"),
    # ltidEndReason
    _v(EndReason, "CORRECTION", _LTID_END, "the LTID was linked in error"),
    _v(EndReason, "ENDED", _LTID_END, "the LTID link ended"),
    _v(EndReason, "INACTIVE", _LTID_END, "only while the FDID itself is ended INACTIVE",
       source="S1 T2", added="2.0r7"),
    _v(EndReason, "REPLACED", _LTID_END, "the LTID or the FDID was replaced"),
    _v(EndReason, "OTHER", _LTID_END, "any other reason, including one not ascertainable"),
    _v(EndReason, "TRANSFER", _LTID_END, "the FDID was mass-transferred"),
    # roleEndReason
    _v(EndReason, "CORRECTION", _ROLE_END, "the Customer was linked in error"),
    _v(EndReason, "ENDED", _ROLE_END, "the role ended, was the wrong role, or the FDID ended"),
    _v(EndReason, "INACTIVE", _ROLE_END, "only while the FDID itself is ended INACTIVE",
       source="S1 T2", added="2.0r7"),
    _v(EndReason, "REPLACED", _ROLE_END,
       "the FDID was replaced, or the Customer's Input Identifier was replaced"),
    _v(EndReason, "OTHER", _ROLE_END, "any other reason, including one not ascertainable"),
    _v(EndReason, "TRANSFER", _ROLE_END, "the FDID was mass-transferred"),
    # role
    _v(Role, "AUTH3RD", "role",
       "authorized trader who is neither holder nor the firm or its employee"),
    _v(Role, "AUTHREP", "role",
       "authorized trader that is the firm itself or its designated employee or affiliate"),
    _v(Role, "NTHOLDER", "role", "account holder without trading authority"),
    _v(Role, "TRDHOLDER", "role", "account holder with trading authority"),
    _v(Role, "HOLDER", "role", "account holder (before the trading/non-trading split)",
       source="S1 T2", removed="2.0-draft-r2"),
    _v(Role, "AUTHTRADER", "role", "authorized trader (before the AUTHREP/AUTH3RD split)",
       source="S1 T2", removed="2.0"),
    # customerType, natural person
    _v(NaturalPersonCustomerType, "ACCREDITED", _NP_TYPE, "accredited investor under Rule 501(a)"),
    _v(NaturalPersonCustomerType, "ADVISER", _NP_TYPE,
       "associated with a U.S. registered investment adviser"),
    _v(NaturalPersonCustomerType, "CP", _NP_TYPE,
       "officer, director or 10% owner of a public company at account opening"),
    _v(NaturalPersonCustomerType, "EMPLOYEE", _NP_TYPE,
       "employee or associated person of the firm"),
    _v(NaturalPersonCustomerType, "FOREIGN", _NP_TYPE, "person without a U.S. tax identifier"),
    _v(NaturalPersonCustomerType, "NOTAPPLICABLE", _NP_TYPE, "no other value applies"),
    _v(NaturalPersonCustomerType, "OTHBKR", _NP_TYPE, "associated with another U.S. broker-dealer"),
    _v(NaturalPersonCustomerType, "TRUST", _NP_TYPE, "a trust reported under a person's SSN"),
    # customerType, legal entity
    _v(LegalEntityCustomerType, "ACCREDITED", _LE_TYPE, "accredited investor under Rule 501(a)"),
    _v(LegalEntityCustomerType, "ADVISER", _LE_TYPE, "is a U.S. registered investment adviser"),
    _v(LegalEntityCustomerType, "BD", _LE_TYPE,
       "U.S. registered broker-dealer; mandatory for such Customers from 2023-07-11"),
    _v(LegalEntityCustomerType, "FOREIGN", _LE_TYPE, "entity without a U.S. tax identifier"),
    _v(LegalEntityCustomerType, "NOTAPPLICABLE", _LE_TYPE, "no other value applies",
       source="S1 T2", added="2.0r2"),
    _v(LegalEntityCustomerType, "RIC", _LE_TYPE, "registered investment company"),
    _v(LegalEntityCustomerType, "TRUST", _LE_TYPE, "a trust"),
    _v(LegalEntityCustomerType, "CP", _LE_TYPE, "public-company insider (entity)",
       source="S1 T2", removed="2.0r7"),
    _v(LegalEntityCustomerType, "OTHBKR", _LE_TYPE, "associated with another broker-dealer",
       source="S1 T2", removed="2.0r7"),
    _v(LegalEntityCustomerType, "OTHER", _LE_TYPE, "no other value applies (old spelling)",
       source="S1 T2", removed="2.0r2"),
    # nameSuffix
    _v(NameSuffix, "FIFTH", "nameSuffix", "the fifth"),
    _v(NameSuffix, "FOURTH", "nameSuffix", "the fourth"),
    _v(NameSuffix, "JUNIOR", "nameSuffix", "junior"),
    _v(NameSuffix, "SENIOR", "nameSuffix", "senior"),
    _v(NameSuffix, "THIRD", "nameSuffix", "the third"),
    # tidType
    _v(TidType, "EIN", "tidType", "hashed from an Employer Identification Number", "S1 T9"),
    _v(TidType, "FOREIGN", "tidType", "hashed from any identifier other than SSN/ITIN/EIN",
       "S1 T9"),
    _v(TidType, "SSN/ITIN", "tidType", "hashed from a Social Security or Individual Taxpayer ID",
       "S1 T9"),
    # foreignTIDType (hierarchy order)
    _v(ForeignTidType, "NATIONALID", "foreignTIDType",
       "national registration or tax identifier", "S1 T9"),
    _v(ForeignTidType, "LEI", "foreignTIDType", "Legal Entity Identifier", "S1 T9"),
    _v(ForeignTidType, "PASSPORT", "foreignTIDType", "passport number with issuing country",
       "S1 T9"),
    _v(ForeignTidType, "PERMANENT", "foreignTIDType", "permanent resident identifier", "S1 T9"),
    _v(ForeignTidType, "DRIVERLICENSE", "foreignTIDType", "driver's license number",
       "S1 T2", added="2.0r6"),
    _v(ForeignTidType, "OTHGOVT", "foreignTIDType",
       "other government identifier from a sub-national body, when nothing else applies",
       "S1 T2; S4", added="2.0r8"),
    # addrType
    _v(AddrType, "ADDRESS1", "addrType", "first address; for an FDID the mailing address"),
    _v(AddrType, "ADDRESS2", "addrType", "second address, only with ADDRESS1"),
    _v(AddrType, "ADDRESS3", "addrType", "third address, only with ADDRESS1 and ADDRESS2"),
    _v(AddrType, "ADDRESS4", "addrType", "fourth address, only with ADDRESS1 to ADDRESS3"),
    # correctionAction
    _v(CorrectionAction, "CORRECTION", "correctionAction",
       "repair the rejection by pointing at a corrected record"),
    _v(CorrectionAction, "DELETE", "correctionAction",
       "clear a rejection that needs no replacement record"),
    # Data feedback status
    _v(DataSubmissionStatus, "FILE_ACKNOWLEDGED", "submissionStatus", "file received", "S1 T20"),
    _v(DataSubmissionStatus, "FILE_INTEGRITY_PASSED", "submissionStatus",
       "file-level checks passed", "S1 T20"),
    _v(DataSubmissionStatus, "RECORD_SCAN_COMPLETED", "submissionStatus",
       "record validation done; passing records are loading", "S1 T20"),
    _v(DataSubmissionStatus, "COMPLETED_WITHOUT_REJECTIONS", "submissionStatus",
       "final: every record accepted", "S1 T20"),
    _v(DataSubmissionStatus, "COMPLETED_WITH_REJECTIONS", "submissionStatus",
       "final: some records rejected", "S1 T20"),
    _v(DataSubmissionStatus, "COMPLETED_INTEGRITY_ERROR", "submissionStatus",
       "final: the file failed a file-level check", "S1 T20"),
    _v(DataSubmissionStatus, "COMPLETED_FILE_TIMEOUT", "submissionStatus",
       "final: the partner file did not arrive in time or failed", "S1 T20"),
    _v(DataSubmissionStatus, "INCOMPLETE_PROCESSING_FAILURE", "submissionStatus",
       "final: unexpected system failure", "S1 T2", added="2.0r4"),
    _v(DataSubmissionStatus, "CANCELLED_BY_SUPPORT", "submissionStatus",
       "final: cancelled by support at the firm's request", "S1 T2", added="2.0r4"),
    # TIDS feedback status
    _v(TidsSubmissionStatus, "FILE_ACKNOWLEDGED", "submissionStatus", "file received", "S1 T21"),
    _v(TidsSubmissionStatus, "FILE_INTEGRITY_PASSED", "submissionStatus",
       "file-level checks passed", "S1 T21"),
    _v(TidsSubmissionStatus, "RECORD_SCAN_COMPLETED", "submissionStatus",
       "TID records validated", "S1 T21"),
    _v(TidsSubmissionStatus, "COMPLETED_INTEGRITY_ERROR", "submissionStatus",
       "final: the file failed a file-level check", "S1 T21"),
    _v(TidsSubmissionStatus, "COMPLETED", "submissionStatus", "final: the pair was loaded",
       "S1 T21"),
    _v(TidsSubmissionStatus, "COMPLETED_FILE_TIMEOUT", "submissionStatus",
       "final: the partner file did not arrive in time or failed", "S1 T21"),
    _v(TidsSubmissionStatus, "INCOMPLETE_PROCESSING_FAILURE", "submissionStatus",
       "final: unexpected system failure", "S1 T2", added="2.0r4"),
    _v(TidsSubmissionStatus, "CANCELLED_BY_SUPPORT", "submissionStatus",
       "final: cancelled by support at the firm's request", "S1 T2", added="2.0r4"),
    # outstanding item type
    _v(OutstandingItemType, "materialInconsistency", "type",
       "an open material inconsistency", "S1 T23"),
    _v(OutstandingItemType, "FDIDRejection", "type", "an unrepaired FDID rejection",
       "S1 T25", added="2.1.0r2"),
    _v(OutstandingItemType, "CustomerRejection", "type", "an unrepaired Customer rejection",
       "S1 T25", added="2.1.0r2"),
    _v(OutstandingItemType, "fdidRejection", "type", "old spelling of FDIDRejection",
       "S1 T2", removed="2.1.0r2"),
    _v(OutstandingItemType, "customerRejection", "type", "old spelling of CustomerRejection",
       "S1 T2", removed="2.1.0r2"),
    # refresh status
    _v(RefreshStatus, "DUE", "status", "refresh due by the stated date", "S1 T7"),
    _v(RefreshStatus, "OVERDUE", "status", "refresh date has passed", "S1 T7"),
    # file kind
    _v(FileKind, "CAIS", "File Kind", "a CAIS Data File", "S1 T10"),
    _v(FileKind, "TIDS", "File Kind", "a Transformed Identifiers File", "S1 T10"),
)

#: Position of each foreign identifier kind in the selection hierarchy (1 = use first).
FOREIGN_TID_RANK: dict[ForeignTidType, int] = {
    kind: rank for rank, kind in enumerate(ForeignTidType, start=1)
}

#: Which Customer Record kinds may carry each foreign identifier kind (S1 §2.2.5.2; T28
#: codes 22534/22535).
FOREIGN_TID_RECORD_KINDS: dict[ForeignTidType, frozenset[str]] = {
    ForeignTidType.NATIONALID: frozenset({"naturalPerson", "legalEntity"}),
    ForeignTidType.LEI: frozenset({"legalEntity"}),
    ForeignTidType.PASSPORT: frozenset({"naturalPerson"}),
    ForeignTidType.PERMANENT: frozenset({"naturalPerson"}),
    ForeignTidType.DRIVERLICENSE: frozenset({"naturalPerson"}),
    ForeignTidType.OTHGOVT: frozenset({"naturalPerson", "legalEntity"}),
}


def history_of(enum: type[StrEnum], field: str | None = None) -> tuple[EnumValueInfo, ...]:
    """Return the recorded values of ``enum`` (optionally only those documented for ``field``)."""
    return tuple(
        info
        for info in ENUM_HISTORY
        if info.enum is enum and (field is None or info.field == field)
    )


__all__ = [
    "DVP_CUSTODIAN_FOREIGN",
    "DVP_CUSTODIAN_REMOVED",
    "ENUM_HISTORY",
    "FOREIGN_TID_RANK",
    "FOREIGN_TID_RECORD_KINDS",
    "MILITARY_CITIES",
    "MILITARY_REGIONS",
    "PENDING_FDID",
    "RESERVED_GROUP",
    "SINGLE_NAME_FIRST_NAME",
    "UNPARSED_NAME",
    "AccountType",
    "AddrType",
    "CorrectionAction",
    "DataSubmissionStatus",
    "EndReason",
    "EnumValueInfo",
    "FdidType",
    "FileKind",
    "ForeignTidType",
    "LegalEntityCustomerType",
    "NameSuffix",
    "NaturalPersonCustomerType",
    "OutstandingItemType",
    "RefreshStatus",
    "Role",
    "TidType",
    "TidsSubmissionStatus",
    "history_of",
]
