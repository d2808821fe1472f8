"""Record-level rules of Natural Person and Legal Entity Customer Records and their addresses.

Many of these compare a Customer Record with its TID Record in the paired TIDS file, which
the context supplies by ``customerRecordID`` (``ctx.tid_types``, ``ctx.foreign_tid_types``,
``ctx.tid_values``): the record kind must fit the identifier the TID was made from
[S1 §5.1.4 r7; T28], and a Legal Entity repeats in plain text the EIN or LEI its TID came
from. A Customer without a TID Record is left alone here: 22526 is decided for the whole
file pair by the intake pipeline.

The ``updateNotification`` checks (22503, 22525) consult what CAIS accepted before
(``ctx.state``) and run only while the spec pack's ``update-notification-checks`` rule is in
force; 22544 waits for the pack's ``ein-hash-check-22544``.

Address conditions are those of FDID addresses (:mod:`cais_sim.rules.fdid`) with the
Customer codes. As there, a check acts only on values that pass their own field rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from cais_sim.rules.fdid import (
    address_type_problems,
    address_types,
    line_gap,
    malformed,
    military_city_problem,
    military_region_problem,
    postal_problem,
    present,
    region_problem,
    well_formed,
)
from cais_sim.rules.model import Finding, JsonObject, RecordContext
from cais_sim.rules.registry import rule
from cais_sim.spec.enums import UNPARSED_NAME, ForeignTidType, TidType
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.tid import is_tid_value, tid_for_ein

_NP = RecordKind.NATURAL_PERSON
_LE = RecordKind.LEGAL_ENTITY
_ADDR = RecordKind.CUSTOMER_ADDRESS
_FOREIGN = TidType.FOREIGN.value
_SSN_ITIN = TidType.SSN_ITIN.value
_EIN = TidType.EIN.value
_LEI = ForeignTidType.LEI.value

#: Foreign identifier kinds that only a natural person holds (S1 §2.2.5.2; T28 22535).
_PERSON_ONLY_FOREIGN = frozenset({ForeignTidType.DRIVERLICENSE.value,
                                  ForeignTidType.PASSPORT.value,
                                  ForeignTidType.PERMANENT.value})


def _tid_type(kind: RecordKind, record: JsonObject, ctx: RecordContext) -> str | None:
    crid = well_formed(kind, record, "customerRecordID")
    return ctx.tid_types.get(crid) if crid is not None else None


def _foreign_type(kind: RecordKind, record: JsonObject, ctx: RecordContext) -> str | None:
    crid = well_formed(kind, record, "customerRecordID")
    if crid is None or ctx.tid_types.get(crid) != _FOREIGN:
        return None
    return ctx.foreign_tid_types.get(crid)


def _tid_value(kind: RecordKind, record: JsonObject, ctx: RecordContext) -> str | None:
    crid = well_formed(kind, record, "customerRecordID")
    value = ctx.tid_values.get(crid) if crid is not None else None
    return value.lower() if isinstance(value, str) and is_tid_value(value) else None


# --- Names -------------------------------------------------------------------------------------


def _unparsed(record: JsonObject, name: str, ctx: RecordContext) -> bool:
    value = well_formed(_NP, record, name)
    return (value is not None and value.strip().upper() == UNPARSED_NAME
            and not ctx.in_force("unparsed-names-allowed"))


@rule(22507, _NP, source="S1 §3.12; T28")
def first_name_unparsed(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """firstName holds the parsed name, not UNPARSED, from 2023-06-13 (NNVE stays allowed)."""
    if _unparsed(record, "firstName", ctx):
        yield Finding(22507, "firstName UNPARSED is no longer accepted; send the parsed first "
                             "name (NNVE for a single-name person)", "firstName")


@rule(22508, _NP, source="S1 §3.12; T28")
def last_name_unparsed(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """lastName holds the parsed name, not UNPARSED, from 2023-06-13."""
    if _unparsed(record, "lastName", ctx):
        yield Finding(22508, "lastName UNPARSED is no longer accepted; send the parsed last "
                             "name", "lastName")


# --- Record kind against the TID ---------------------------------------------------------------


@rule(22541, _LE, source="S1 §5.1.4 r7; T28")
def entity_with_ssn(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Legal Entity's TID is not an SSN/ITIN."""
    if _tid_type(_LE, record, ctx) == _SSN_ITIN:
        yield Finding(22541, "a Legal Entity cannot have an SSN/ITIN TID", "customerRecordID")


@rule(22542, _NP, source="S1 §5.1.4 r7; T28")
def person_with_ein(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Natural Person's TID is not an EIN."""
    if _tid_type(_NP, record, ctx) == _EIN:
        yield Finding(22542, "a Natural Person cannot have an EIN TID", "customerRecordID")


@rule(22534, _NP, source="S1 §2.2.5.2; T28")
def person_with_lei(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Natural Person's foreign TID is not an LEI."""
    if _foreign_type(_NP, record, ctx) == _LEI:
        yield Finding(22534, "a Natural Person cannot have an LEI TID; resubmit as a Legal "
                             "Entity", "customerRecordID")


@rule(22535, _LE, source="S1 §2.2.5.2; T28")
def entity_with_personal_document(record: JsonObject, ctx: RecordContext
                                  ) -> Iterator[Finding]:
    """A Legal Entity's foreign TID is not a driver's licence, passport or residence permit."""
    foreign = _foreign_type(_LE, record, ctx)
    if foreign in _PERSON_ONLY_FOREIGN:
        yield Finding(22535, f"a Legal Entity cannot have a {foreign} TID; resubmit as a "
                             "Natural Person", "customerRecordID")


# --- ein and lei against the TID ---------------------------------------------------------------


@rule(22504, _LE, source="S1 T8, T28")
def ein_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Legal Entity whose TID was made from an EIN reports that ein."""
    if _tid_type(_LE, record, ctx) == _EIN and not present(record, "ein"):
        yield Finding(22504, "the TID was made from an EIN, so ein is required", "ein")


@rule(22543, _LE, source="S1 T28")
def ein_without_ein_tid(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An ein is reported only when the Customer's TID was made from it."""
    tid_type = _tid_type(_LE, record, ctx)
    if (well_formed(_LE, record, "ein") is not None and tid_type is not None
            and tid_type != _EIN):
        yield Finding(22543, f"ein is given but tidType is {tid_type}, not EIN", "ein")


@rule(22544, _LE, source="S1 T28; §6.6.4", pack_rule="ein-hash-check-22544")
def ein_hashes_to_tid(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """The SHA-256 of ein equals the EIN tidValue."""
    ein = well_formed(_LE, record, "ein")
    tid = _tid_value(_LE, record, ctx)
    if (ein is None or tid is None or _tid_type(_LE, record, ctx) != _EIN):
        return
    if tid_for_ein(ein) != tid:
        yield Finding(22544, "the SHA-256 of ein is not the tidValue of the EIN TID", "ein")


@rule(22531, _LE, source="S1 T8, T28")
def lei_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Legal Entity whose TID was made from an LEI reports that lei."""
    if _foreign_type(_LE, record, ctx) == _LEI and not present(
            record, "lei"):
        yield Finding(22531, "the TID was made from an LEI, so lei is required", "lei")


# --- updateNotification ------------------------------------------------------------------------


def _update_flag_unknown_customer(kind: RecordKind, record: JsonObject,
                                  ctx: RecordContext) -> Iterator[Finding]:
    if record.get("updateNotification") is not True:
        return
    tid = _tid_value(kind, record, ctx)
    if tid is not None and not ctx.state.customer_accepted(tid):
        yield Finding(22503, "updateNotification is only for a Customer CAIS accepted before",
                      "updateNotification")


def _open_inconsistency_unflagged(kind: RecordKind, record: JsonObject,
                                  ctx: RecordContext) -> Iterator[Finding]:
    if malformed(kind, record, "updateNotification") or record.get("updateNotification"):
        return
    tid = _tid_value(kind, record, ctx)
    if tid is not None and ctx.state.open_inconsistency(tid):
        yield Finding(22525, "the Customer has an open material inconsistency, so "
                             "updateNotification must be true", "updateNotification")


@rule(22503, _NP, source="S1 T28; S5", pack_rule="update-notification-checks")
def person_update_flag_unknown_customer(record: JsonObject, ctx: RecordContext
                                        ) -> Iterator[Finding]:
    """updateNotification is sent only for a Natural Person CAIS accepted before."""
    return _update_flag_unknown_customer(_NP, record, ctx)


@rule(22503, _LE, source="S1 T28; S5", pack_rule="update-notification-checks")
def entity_update_flag_unknown_customer(record: JsonObject, ctx: RecordContext
                                        ) -> Iterator[Finding]:
    """updateNotification is sent only for a Legal Entity CAIS accepted before."""
    return _update_flag_unknown_customer(_LE, record, ctx)


@rule(22525, _NP, source="S1 T28; §6.6.3; S5", pack_rule="update-notification-checks")
def person_open_inconsistency_unflagged(record: JsonObject, ctx: RecordContext
                                        ) -> Iterator[Finding]:
    """A Natural Person with an open material inconsistency carries updateNotification true."""
    return _open_inconsistency_unflagged(_NP, record, ctx)


@rule(22525, _LE, source="S1 T28; §6.6.3; S5", pack_rule="update-notification-checks")
def entity_open_inconsistency_unflagged(record: JsonObject, ctx: RecordContext
                                        ) -> Iterator[Finding]:
    """A Legal Entity with an open material inconsistency carries updateNotification true."""
    return _open_inconsistency_unflagged(_LE, record, ctx)


# --- Address lists -------------------------------------------------------------------------


def _address1_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    types = address_types(_ADDR, record)
    if types is None or "ADDRESS1" in types:
        return
    if not types and not ctx.in_force("customer-address-required"):
        return  # an empty list was acceptable before addresses became mandatory
    yield Finding(22514, "the Customer needs an ADDRESS1 address", "addressList")


def _address_types_contiguous(record: JsonObject) -> Iterator[Finding]:
    for addr_type, reason in address_type_problems(address_types(_ADDR, record) or []):
        yield Finding(22527, reason, "addrType", addr_type=addr_type)


@rule(22514, _NP, source="S1 §5.1.3.2 r8; T28")
def person_address1_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Natural Person's addresses include ADDRESS1."""
    return _address1_missing(record, ctx)


@rule(22514, _LE, source="S1 §5.1.3.2 r8; T28")
def entity_address1_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Legal Entity's addresses include ADDRESS1."""
    return _address1_missing(record, ctx)


@rule(22527, _NP, source="S1 §5.1.3.2 r8; T28")
def person_address_types_contiguous(record: JsonObject, ctx: RecordContext
                                    ) -> Iterator[Finding]:
    """A Natural Person's addrType values are not repeated and run from ADDRESS1."""
    return _address_types_contiguous(record)


@rule(22527, _LE, source="S1 §5.1.3.2 r8; T28")
def entity_address_types_contiguous(record: JsonObject, ctx: RecordContext
                                    ) -> Iterator[Finding]:
    """A Legal Entity's addrType values are not repeated and run from ADDRESS1."""
    return _address_types_contiguous(record)


# --- Address Records -----------------------------------------------------------------------


@rule(22517, _ADDR, source="S1 T8, T28; §5.1.3.2 r10")
def customer_address_lines_in_order(record: JsonObject, ctx: RecordContext
                                    ) -> Iterator[Finding]:
    """Customer address lines are filled from the top."""
    gap = line_gap(record)
    if gap is not None:
        yield Finding(22517, gap[1], gap[0])


@rule(22519, _ADDR, source="S1 T8, T28; App. E")
def customer_region_fits_country(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """Customer regionCode is present and listed for US and CA addresses."""
    problem = region_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22519, problem, "regionCode")


@rule(22521, _ADDR, source="S1 T8, T28; App. E")
def customer_postal_code_fits_country(record: JsonObject, ctx: RecordContext
                                      ) -> Iterator[Finding]:
    """Customer postalCode is present and well-formed where the country has a postal format."""
    problem = postal_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22521, problem, "postalCode")


@rule(22518, _ADDR, source="S1 §5.1.3.2 r15; T28")
def customer_military_city(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Customer address in US-AA, US-AE or US-AP has city APO, DPO or FPO."""
    problem = military_city_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22518, problem, "city")


@rule(22519, _ADDR, source="S1 §5.1.3.2 r15; T28")
def customer_military_region(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A U.S. Customer address in APO, DPO or FPO has regionCode US-AA, US-AE or US-AP."""
    problem = military_region_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22519, problem, "regionCode")
