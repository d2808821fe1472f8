"""Field rules of every record kind, as data.

One row per field: its wire name, data type, whether it is Required, Conditional or
Optional, and the error code CAIS returns when the value is missing (for Required fields)
or breaks its data type. The rules layer turns each row into a check; the Hypothesis
strategies use the same rows to build valid records and single-field violations, so the
two can never disagree.

Codes come from S1 Appendix B (T28 for Data File records, T30 for correction records, T31
for TID records); types and presence from S1 T8/T9 (digest b.1, c.1-c.3, d.1-d.5).
Cross-field conditions (a value required *because* another is set) are not expressed here:
they are rules of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from cais_sim.spec import datatypes as dt
from cais_sim.spec.enums import (
    ENUM_HISTORY,
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

Check = Callable[[object], "str | None"]


class Presence(StrEnum):
    """The R/C/O column of the specification's tables [S1 §2.5.2 T4]."""

    REQUIRED = "R"
    CONDITIONAL = "C"
    OPTIONAL = "O"


class RecordKind(StrEnum):
    """Every kind of record and sub-record, named as the rules refer to them."""

    FDID = "fdid"
    LARGE_TRADER = "largeTrader"
    FDID_ADDRESS = "fdidAddress"
    ASSOCIATION = "association"
    AUTH_TRADER_NAME = "authTraderName"
    NATURAL_PERSON = "naturalPerson"
    LEGAL_ENTITY = "legalEntity"
    CUSTOMER_ADDRESS = "customerAddress"
    CORRECTION = "correction"
    TID = "tid"


@dataclass(frozen=True, slots=True)
class FieldType:
    """A data type with its parameters, and the check that enforces it.

    ``base`` names the family (``unsigned``, ``text``, ``extended_text``, ``alphanumeric``,
    ``date``, ``year``, ``hex``, ``choice``, ``boolean``, ``records`` for nested record lists,
    or a field-specific pattern: ``fdid``, ``ltid``, ``ein``, ``lei``, ``country``);
    ``item`` is the element type of arrays.
    """

    base: str
    check: Check
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    item: FieldType | None = None
    nested: RecordKind | None = None

    @property
    def is_array(self) -> bool:
        return self.item is not None or self.nested is not None

    def describe(self) -> str:
        """The type as the specification writes it, e.g. ``Text (40)``."""
        names = {"unsigned": "Unsigned", "text": "Text", "extended_text": "Extended Text",
                 "alphanumeric": "Alphanumeric", "date": "Date", "year": "Year",
                 "hex": "Hexadecimal", "choice": "Choice", "boolean": "Boolean",
                 "fdid": "Text", "ltid": "Text", "ein": "Text", "lei": "Alphanumeric",
                 "country": "Choice", "records": "Multi-Dimensional Array"}
        if self.item is not None:
            return f"Array [{self.item.describe()}]"
        name = names.get(self.base, self.base)
        return f"{name} ({self.max_length})" if self.max_length else name


@dataclass(frozen=True, slots=True)
class FieldRule:
    """One field of one record kind."""

    record: RecordKind
    name: str
    type: FieldType
    presence: Presence
    code: int
    source: str = "S1 T8; T28"
    notes: str = field(default="")

    def check(self, value: object) -> str | None:
        """Reason the value breaks the field's data type, or None."""
        return self.type.check(value)


# --- Types ------------------------------------------------------------------------------------

def _current_values(enum: type[StrEnum], wire_field: str) -> tuple[str, ...]:
    """Values of ``wire_field`` not removed by the current specification revision."""
    values = [i.value for i in ENUM_HISTORY
              if i.enum is enum and i.field == wire_field and i.removed is None]
    return tuple(dict.fromkeys(values))


def _choice(enum: type[StrEnum], wire_field: str) -> FieldType:
    values = _current_values(enum, wire_field)
    return FieldType("choice", dt.choice(values), choices=values)


def _array(item: FieldType, min_items: int = 1) -> FieldType:
    return FieldType("array", dt.array_of(item.check, min_items=min_items), item=item)


def _records(kind: RecordKind) -> FieldType:
    return FieldType("records", _object_list, nested=kind)


def _object_list(value: object) -> str | None:
    if not isinstance(value, list):
        return "must be an array"
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            return f"item {position} must be an object"
    return None


UNSIGNED = FieldType("unsigned", dt.unsigned)
BOOLEAN = FieldType("boolean", dt.boolean)
DATE = FieldType("date", dt.date)
YEAR = FieldType("year", dt.year)
HEX64 = FieldType("hex", dt.hexadecimal(64), max_length=64)
FDID = FieldType("fdid", dt.firm_designated_id, max_length=40)
LTID = FieldType("ltid", dt.large_trader_id, max_length=13)
EIN = FieldType("ein", dt.ein_format, max_length=10)
LEI = FieldType("lei", dt.lei, max_length=20)
COUNTRY = FieldType("country", dt.country_code_shape, max_length=2)


def text(n: int) -> FieldType:
    return FieldType("text", dt.text(n), max_length=n)


def extended_text(n: int) -> FieldType:
    return FieldType("extended_text", dt.extended_text(n), max_length=n)


def alphanumeric(n: int, *, exact: bool = False) -> FieldType:
    return FieldType("alphanumeric", dt.alphanumeric(n, exact=exact), max_length=n)


R = Presence.REQUIRED
C = Presence.CONDITIONAL
O = Presence.OPTIONAL  # noqa: E741


def _rows(record: RecordKind, source: str,
          rows: list[tuple[str, FieldType, Presence, int]]) -> tuple[FieldRule, ...]:
    return tuple(FieldRule(record, name, ftype, presence, code, source)
                 for name, ftype, presence, code in rows)


def _address_rows(record: RecordKind, codes: dict[str, int]) -> tuple[FieldRule, ...]:
    return _rows(record, "S1 T8; T28", [
        ("addrType", _choice(AddrType, "addrType"), R, codes["addrType"]),
        ("addrLine1", extended_text(40), R, codes["addrLine1"]),
        ("addrLine2", extended_text(40), O, codes["line"]),
        ("addrLine3", extended_text(40), O, codes["line"]),
        ("addrLine4", extended_text(40), O, codes["line"]),
        ("city", extended_text(100), R, codes["city"]),
        ("regionCode", extended_text(40), C, codes["regionCode"]),
        ("countryCode", COUNTRY, R, codes["countryCode"]),
        ("postalCode", text(15), C, codes["postalCode"]),
    ])


_END_REASON = "fdidEndReason"


@cache
def field_rules() -> dict[RecordKind, tuple[FieldRule, ...]]:
    """Every field rule, by record kind, in specification order."""
    return {
        RecordKind.FDID: _rows(RecordKind.FDID, "S1 T8; T28", [
            ("fdidRecordID", UNSIGNED, R, 22003),
            ("firmDesignatedID", FDID, R, 22001),
            ("fdidType", FieldType("choice", dt.choice(("ACCOUNT", "RELATIONSHIP", "ENTITYID")),
                                   choices=("ACCOUNT", "RELATIONSHIP", "ENTITYID")), R, 22005),
            ("accountType", _array(_choice(AccountType, "accountType")), R, 22049),
            ("accountName", extended_text(200), R, 22050),
            ("DVPCustodianID", _array(alphanumeric(5)), C, 22075),
            ("clearingBrokerID", _array(alphanumeric(4, exact=True)), C, 22064),
            ("branchOfficeCRD", UNSIGNED, C, 22052),
            ("registeredRepCRD", _array(UNSIGNED), O, 22065),
            ("fdidDate", DATE, R, 22007),
            ("fdidEndDate", DATE, C, 22008),
            ("fdidEndReason", _choice(EndReason, _END_REASON), C, 22010),
            ("replacedByFDID", FDID, C, 22011),
            ("priorCATReporterCRD", UNSIGNED, C, 22054),
            ("priorCATReporterFDID", FDID, C, 22058),
            ("addressList", _records(RecordKind.FDID_ADDRESS), R, 22055),
            ("largeTraderList", _records(RecordKind.LARGE_TRADER), C, 22034),
            ("fdidCustomerList", _records(RecordKind.ASSOCIATION), C, 22040),
            ("authTraderNamesList", _records(RecordKind.AUTH_TRADER_NAME), C, 22034),
        ]),
        RecordKind.LARGE_TRADER: _rows(RecordKind.LARGE_TRADER, "S1 T8; T28", [
            ("largeTraderRecordID", UNSIGNED, R, 22013),
            ("largeTraderID", LTID, R, 22012),
            ("ltidEffectiveDate", DATE, R, 22015),
            ("ltidEndDate", DATE, C, 22016),
            ("ltidEndReason", _choice(EndReason, "ltidEndReason"), C, 22017),
        ]),
        RecordKind.FDID_ADDRESS: _address_rows(RecordKind.FDID_ADDRESS, {
            "addrType": 22057, "addrLine1": 22056, "line": 22060, "city": 22036,
            "regionCode": 22037, "countryCode": 22038, "postalCode": 22039}),
        RecordKind.ASSOCIATION: _rows(RecordKind.ASSOCIATION, "S1 T8; T28", [
            ("customerRecordID", UNSIGNED, R, 22041),
            ("role", _choice(Role, "role"), R, 22043),
            ("hasDiscretion", BOOLEAN, C, 22061),
            ("roleStartDate", DATE, R, 22044),
            ("roleEndDate", DATE, C, 22045),
            ("roleEndReason", _choice(EndReason, "roleEndReason"), C, 22047),
        ]),
        RecordKind.AUTH_TRADER_NAME: _rows(RecordKind.AUTH_TRADER_NAME, "S1 T8; T28", [
            ("authTraderNameID", UNSIGNED, R, 22072),
            ("authTraderName", extended_text(200), R, 22074),
        ]),
        RecordKind.NATURAL_PERSON: _rows(RecordKind.NATURAL_PERSON, "S1 T8; T28", [
            ("customerRecordID", UNSIGNED, R, 22501),
            ("firstName", extended_text(200), R, 22507),
            ("middleName", extended_text(200), O, 22540),
            ("lastName", extended_text(200), R, 22508),
            ("nameSuffix", _choice(NameSuffix, "nameSuffix"), O, 22509),
            ("doingBusinessAs", extended_text(200), C, 22532),
            ("yearOfBirth", YEAR, R, 22510),
            ("addressList", _records(RecordKind.CUSTOMER_ADDRESS), R, 22514),
            ("customerType", _array(_choice(NaturalPersonCustomerType,
                                            "naturalPersonCustomerType")), R, 22524),
            ("updateNotification", BOOLEAN, C, 22522),
        ]),
        RecordKind.LEGAL_ENTITY: _rows(RecordKind.LEGAL_ENTITY, "S1 T8; T28", [
            ("customerRecordID", UNSIGNED, R, 22501),
            ("legalName", extended_text(200), R, 22530),
            ("addressList", _records(RecordKind.CUSTOMER_ADDRESS), R, 22514),
            ("ein", EIN, C, 22504),
            ("customerType", _array(_choice(LegalEntityCustomerType,
                                            "legalEntityCustomerType")), R, 22524),
            ("lei", LEI, C, 22531),
            ("updateNotification", BOOLEAN, C, 22522),
        ]),
        RecordKind.CUSTOMER_ADDRESS: _address_rows(RecordKind.CUSTOMER_ADDRESS, {
            "addrType": 22516, "addrLine1": 22515, "line": 22528, "city": 22518,
            "regionCode": 22519, "countryCode": 22520, "postalCode": 22521}),
        RecordKind.CORRECTION: _rows(RecordKind.CORRECTION, "S1 T8; T30", [
            ("rejectionID", UNSIGNED, R, 24001),
            ("correctionAction", _choice(CorrectionAction, "correctionAction"), R, 24002),
            ("correctingFirmDesignatedID", FDID, C, 24008),
            ("correctingCustomerRecordID", UNSIGNED, C, 24008),
        ]),
        RecordKind.TID: _rows(RecordKind.TID, "S1 T9; T31", [
            ("customerRecordID", UNSIGNED, R, 24901),
            ("tidType", _choice(TidType, "tidType"), R, 24902),
            ("foreignTIDType", _choice(ForeignTidType, "foreignTIDType"), C, 24903),
            ("foreignTIDCountryCd", COUNTRY, C, 24904),
            ("tidValue", HEX64, R, 24905),
            ("replacedByTIDType", _choice(TidType, "tidType"), C, 24908),
            ("replacingForeignTIDType", _choice(ForeignTidType, "foreignTIDType"), C, 24909),
            ("replacingForeignTIDCountryCd", COUNTRY, C, 24910),
            ("replacedByTID", HEX64, C, 24911),
        ]),
    }


def rules_for(record: RecordKind) -> tuple[FieldRule, ...]:
    """The field rules of one record kind."""
    return field_rules()[record]


def rule(record: RecordKind, name: str) -> FieldRule:
    """The rule of one field; raises KeyError naming the record kind for unknown fields."""
    for candidate in field_rules()[record]:
        if candidate.name == name:
            return candidate
    raise KeyError(f"{record.value} records have no field {name!r}")


#: Fields whose JSON type would make the record unusable as a whole: a bad value there is
#: reported with the record's data-type code rather than the field's own code (S1 T28
#: 22034/22522; T31 24916).
DATA_TYPE_CODES: dict[RecordKind, int] = {
    RecordKind.FDID: 22034, RecordKind.LARGE_TRADER: 22034, RecordKind.FDID_ADDRESS: 22034,
    RecordKind.ASSOCIATION: 22034, RecordKind.AUTH_TRADER_NAME: 22034,
    RecordKind.NATURAL_PERSON: 22522, RecordKind.LEGAL_ENTITY: 22522,
    RecordKind.CUSTOMER_ADDRESS: 22522, RecordKind.CORRECTION: 24008, RecordKind.TID: 24916,
}

#: Code for an unknown field, per record kind (22018 FDID, 22546 Customer, 24006 correction,
#: 24917 TID) [S1 T28, T30, T31].
UNKNOWN_FIELD_CODES: dict[RecordKind, int] = {
    RecordKind.FDID: 22018, RecordKind.LARGE_TRADER: 22018, RecordKind.FDID_ADDRESS: 22018,
    RecordKind.ASSOCIATION: 22018, RecordKind.AUTH_TRADER_NAME: 22018,
    RecordKind.NATURAL_PERSON: 22546, RecordKind.LEGAL_ENTITY: 22546,
    RecordKind.CUSTOMER_ADDRESS: 22546, RecordKind.CORRECTION: 24006, RecordKind.TID: 24917,
}

@cache
def field_rules_v1() -> dict[RecordKind, tuple[FieldRule, ...]]:
    """Field rules of the LTID-phase schema 1.0.0 (FDID and Large Trader Records only).

    Only the fields the public material names are known (digest a.8, b.2; records_v1); each
    shares its 2.0.0 code. The ``…NULL`` flags are Booleans that clear their partner field,
    so a malformed flag is a data-type violation of the record (22034) [S1 §3.6, T2].
    """
    fdid_types = ("ACCOUNT", "RELATIONSHIP", "ENTITY")
    v2 = {r.name: r for r in field_rules()[RecordKind.FDID]}
    v2_ltid = {r.name: r for r in field_rules()[RecordKind.LARGE_TRADER]}
    source = "S2; S1 §3.6, T2; digest a.8, b.2"

    def same(rows: dict[str, FieldRule], name: str) -> tuple[str, FieldType, Presence, int]:
        row = rows[name]
        return (name, row.type, row.presence, row.code)

    return {
        RecordKind.FDID: _rows(RecordKind.FDID, source, [
            same(v2, "fdidRecordID"), same(v2, "firmDesignatedID"),
            ("fdidType", FieldType("choice", dt.choice(fdid_types), choices=fdid_types), R,
             22005),
            same(v2, "fdidDate"), same(v2, "fdidEndDate"), ("fdidEndDateNULL", BOOLEAN, O, 22034),
            same(v2, "fdidEndReason"), ("fdidEndReasonNULL", BOOLEAN, O, 22034),
            same(v2, "replacedByFDID"), ("replacedByFDIDNULL", BOOLEAN, O, 22034),
            same(v2, "priorCATReporterCRD"), same(v2, "priorCATReporterFDID"),
            same(v2, "largeTraderList"),
        ]),
        RecordKind.LARGE_TRADER: _rows(RecordKind.LARGE_TRADER, source, [
            same(v2_ltid, "largeTraderRecordID"), same(v2_ltid, "largeTraderID"),
            same(v2_ltid, "ltidEffectiveDate"), same(v2_ltid, "ltidEndDate"),
            ("ltidEndDateNULL", BOOLEAN, O, 22034), same(v2_ltid, "ltidEndReason"),
            ("ltidEndReasonNULL", BOOLEAN, O, 22034),
        ]),
    }


#: FdidType of schema 2.0.0; ``ENTITY`` is the LTID-phase spelling only.
FDID_TYPES_2_0_0 = tuple(t.value for t in FdidType if t is not FdidType.ENTITY)

__all__ = [
    "DATA_TYPE_CODES",
    "FDID_TYPES_2_0_0",
    "UNKNOWN_FIELD_CODES",
    "FieldRule",
    "FieldType",
    "Presence",
    "RecordKind",
    "field_rules",
    "field_rules_v1",
    "rule",
    "rules_for",
]
