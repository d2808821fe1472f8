"""Typed records of the LTID-phase submission schema, version 1.0.0.

What is known of 1.0.0 (shared digest §a.8, §b.2): a Data File only, with no Customer
Records, no ``correspondentCRD`` and no TIDS file; FDID Records carry the FDID, its open
date and its Large Trader links. Because omitted fields were *not* cleared in that phase,
clearing a value needed a paired Boolean ``…NULL`` flag (added in LTID spec 1.1) [S1 §3.6,
T2]. The exact required/optional flags of the final 1.0.0 schema are not public in our
material; fields beyond those the digest names are therefore left out rather than guessed,
and ``fdidType`` uses the LTID spelling ``ENTITY`` [S1 T2] alongside ``ACCOUNT`` and
``RELATIONSHIP``.
"""

from __future__ import annotations

from typing import ClassVar

from cais_sim.spec.enums import CorrectionAction, EndReason, FdidType
from cais_sim.spec.records import Record, wire_field

SCHEMA_VERSION = "1.0.0"


class LargeTraderV1(Record, kw_only=True, frozen=True):
    """LTID-phase Large Trader Record, with the paired ``…NULL`` clearing flags."""

    large_trader_record_id: int = wire_field("largeTraderRecordID")
    large_trader_id: str = wire_field("largeTraderID")
    ltid_effective_date: int = wire_field("ltidEffectiveDate")
    ltid_end_date: int | None = wire_field("ltidEndDate", None)
    ltid_end_date_null: bool = wire_field("ltidEndDateNULL", False)
    ltid_end_reason: EndReason | None = wire_field("ltidEndReason", None)
    ltid_end_reason_null: bool = wire_field("ltidEndReasonNULL", False)


class FdidRecordV1(Record, kw_only=True, frozen=True):
    """LTID-phase FDID Record [S2; S1 T1, T2; digest b.2]."""

    LIST_KEY: ClassVar[str | None] = "fdidRecordList"

    fdid_record_id: int = wire_field("fdidRecordID")
    firm_designated_id: str = wire_field("firmDesignatedID")
    fdid_type: FdidType = wire_field("fdidType")
    fdid_date: int = wire_field("fdidDate")
    fdid_end_date: int | None = wire_field("fdidEndDate", None)
    fdid_end_date_null: bool = wire_field("fdidEndDateNULL", False)
    fdid_end_reason: EndReason | None = wire_field("fdidEndReason", None)
    fdid_end_reason_null: bool = wire_field("fdidEndReasonNULL", False)
    replaced_by_fdid: str | None = wire_field("replacedByFDID", None)
    replaced_by_fdid_null: bool = wire_field("replacedByFDIDNULL", False)
    prior_cat_reporter_crd: int | None = wire_field("priorCATReporterCRD", None)
    prior_cat_reporter_fdid: str | None = wire_field("priorCATReporterFDID", None)
    large_trader_list: tuple[LargeTraderV1, ...] = wire_field("largeTraderList", ())


class CorrectionActionRecordV1(Record, kw_only=True, frozen=True):
    """LTID-phase Correction Action Record (FDID-level repairs only)."""

    LIST_KEY: ClassVar[str | None] = "correctionList"

    rejection_id: int = wire_field("rejectionID")
    correction_action: CorrectionAction = wire_field("correctionAction")
    correcting_firm_designated_id: str | None = wire_field("correctingFirmDesignatedID", None)


class DataFileHeaderV1(Record, kw_only=True, frozen=True):
    """The scalar keys of an LTID-phase Data File [S2]."""

    version: str = SCHEMA_VERSION
    cat_reporter_crd: int = wire_field("catReporterCRD")
    cat_submitter_id: int = wire_field("catSubmitterID")


__all__ = [
    "SCHEMA_VERSION",
    "CorrectionActionRecordV1",
    "DataFileHeaderV1",
    "FdidRecordV1",
    "LargeTraderV1",
]
