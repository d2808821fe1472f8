"""Record-level rules of the TID Record (Transformed Identifiers File) [S1 §5.1.4; T31].

A TID Record's warnings never reject the TIDS file: they drop the TID entry, and the linked
Customer then fails in the Data File with the code each warning maps to (22900, 22914,
22526), which the intake pipeline applies. The checks here are the conditions between the
fields of one TID Record: foreign type and country only for ``FOREIGN`` TIDs, a country
only when the identifier is not an LEI and never ``US`` [S1 §5.1.3.2 r17], and the same
pattern for the replacing identifier.

Range validity (24906, 24907, 24912, 24913) can only be judged on the hash, because CAT
never sees the identifier itself [S1 §3.4; §5.1.4 r6]. A full dictionary of the hashes of
invalid SSN/ITINs (area 000 or 666, group 00, serial 0000: about twelve million values,
digest h.3) is opt-in (:mod:`cais_sim.spec.ssn_dictionary`); without it only the junk
numbers S1 §3.4 names are recognised, through :func:`cais_sim.spec.tid.known_invalid_tid`.
All of them are written ``NNN-NN-NNNN``, which is not the ``NN-NNNNNNN`` form an EIN is
hashed in [S1 §5.1.4 r4], so the same hashes under ``tidType`` ``EIN`` are improperly
formatted EINs (24907, 24913). Unhyphenated inputs pass unnoticed: CAT's own dictionary
could only hold the forms it expects.

Whether ``replacedByTID`` has a valid TID Record of its own (part of 24911) needs the whole
file and is left to the intake pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator

from cais_sim.rules.fdid import malformed, present, well_formed
from cais_sim.rules.model import Finding, JsonObject, RecordContext
from cais_sim.rules.registry import rule
from cais_sim.spec import geography, ssn_dictionary
from cais_sim.spec.enums import ForeignTidType, TidType
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.tid import known_invalid_tid

_TID = RecordKind.TID
_FOREIGN = TidType.FOREIGN.value
_LEI = ForeignTidType.LEI.value


def _foreign_type_problem(record: JsonObject, type_field: str, foreign_field: str
                          ) -> str | None:
    tid_type = well_formed(_TID, record, type_field)
    if tid_type is None:
        return None
    if tid_type == _FOREIGN and not present(record, foreign_field):
        return f"{type_field} FOREIGN needs a {foreign_field}"
    if tid_type != _FOREIGN and present(record, foreign_field):
        return f"{foreign_field} is only for {type_field} FOREIGN, not {tid_type}"
    return None


def _country_problem(record: JsonObject, type_field: str, foreign_field: str,
                     country_field: str) -> str | None:
    """Why the country of a (replacing) identifier is missing, misplaced or not allowed."""
    tid_type = well_formed(_TID, record, type_field)
    if tid_type is None or malformed(_TID, record, country_field):
        return None
    country = record.get(country_field)
    if tid_type != _FOREIGN:
        if country is not None:
            return f"{country_field} is only for {type_field} FOREIGN, not {tid_type}"
        return None
    foreign = well_formed(_TID, record, foreign_field)
    if foreign is None:
        return None  # the foreign type is missing or invalid: its own code says so
    if foreign == _LEI:
        if country is not None:
            return f"{country_field} is not given for an LEI"
        return None
    if country is None:
        return f"{country_field} is required for a {foreign} identifier"
    if country == "US":
        return f"{country_field} cannot be US: a U.S. identifier is an SSN/ITIN or EIN"
    if not geography.is_country(country):
        return f"{country_field} is not an ISO 3166-1 country code"
    return None


@rule(24903, _TID, source="S1 T9, T31")
def foreign_tid_type_fits(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """foreignTIDType is given exactly for tidType FOREIGN."""
    problem = _foreign_type_problem(record, "tidType", "foreignTIDType")
    if problem is not None:
        yield Finding(24903, problem, "foreignTIDType")


@rule(24904, _TID, source="S1 T9, T31; §5.1.3.2 r17")
def foreign_tid_country_fits(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """foreignTIDCountryCd is a non-US country for a FOREIGN non-LEI TID, and absent otherwise."""
    problem = _country_problem(record, "tidType", "foreignTIDType", "foreignTIDCountryCd")
    if problem is not None:
        yield Finding(24904, problem, "foreignTIDCountryCd")


def _known_invalid(record: JsonObject, type_field: str, value_field: str,
                   tid_type: TidType) -> bool:
    value = well_formed(_TID, record, value_field)
    return (value is not None and well_formed(_TID, record, type_field) == tid_type.value
            and (known_invalid_tid(value) or ssn_dictionary.recognises(value)))


@rule(24906, _TID, source="S1 §3.4; §5.1.4 r6; T31")
def tid_from_invalid_ssn(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An SSN/ITIN tidValue is not the hash of a listed invalid number."""
    if _known_invalid(record, "tidType", "tidValue", TidType.SSN_ITIN):
        yield Finding(24906, "tidValue is the hash of an SSN/ITIN outside the valid ranges",
                      "tidValue")


@rule(24907, _TID, source="S1 §5.1.4 r4; T31")
def tid_from_malformed_ein(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An EIN tidValue is not the hash of a value written in SSN form."""
    if _known_invalid(record, "tidType", "tidValue", TidType.EIN):
        yield Finding(24907, "tidValue is the hash of a value that is not written 99-9999999",
                      "tidValue")


@rule(24908, _TID, source="S1 T9, T31; §3.2")
def replaced_by_tid_type_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """replacedByTIDType is given whenever replacedByTID is."""
    if well_formed(_TID, record, "replacedByTID") is not None and not present(
            record, "replacedByTIDType"):
        yield Finding(24908, "replacedByTID needs a replacedByTIDType", "replacedByTIDType")


@rule(24909, _TID, source="S1 T9, T31; §3.2")
def replacing_foreign_type_fits(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """replacingForeignTIDType is given exactly for replacedByTIDType FOREIGN."""
    problem = _foreign_type_problem(record, "replacedByTIDType", "replacingForeignTIDType")
    if problem is not None:
        yield Finding(24909, problem, "replacingForeignTIDType")


@rule(24910, _TID, source="S1 T9, T31; §5.1.3.2 r17")
def replacing_country_fits(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """replacingForeignTIDCountryCd is a non-US country for a FOREIGN non-LEI replacement."""
    problem = _country_problem(record, "replacedByTIDType", "replacingForeignTIDType",
                               "replacingForeignTIDCountryCd")
    if problem is not None:
        yield Finding(24910, problem, "replacingForeignTIDCountryCd")


@rule(24911, _TID, source="S1 T9, T31; §3.2")
def replaced_by_tid_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """replacedByTID is given whenever replacedByTIDType is."""
    if well_formed(_TID, record, "replacedByTIDType") is not None and not present(
            record, "replacedByTID"):
        yield Finding(24911, "replacedByTIDType needs a replacedByTID", "replacedByTID")


@rule(24912, _TID, source="S1 §3.4; §5.1.4 r6; T31")
def replacement_from_invalid_ssn(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An SSN/ITIN replacedByTID is not the hash of a listed invalid number."""
    if _known_invalid(record, "replacedByTIDType", "replacedByTID", TidType.SSN_ITIN):
        yield Finding(24912, "replacedByTID is the hash of an SSN/ITIN outside the valid "
                             "ranges", "replacedByTID")


@rule(24913, _TID, source="S1 §5.1.4 r4; T31")
def replacement_from_malformed_ein(record: JsonObject, ctx: RecordContext
                                   ) -> Iterator[Finding]:
    """An EIN replacedByTID is not the hash of a value written in SSN form."""
    if _known_invalid(record, "replacedByTIDType", "replacedByTID", TidType.EIN):
        yield Finding(24913, "replacedByTID is the hash of a value that is not written "
                             "99-9999999", "replacedByTID")
