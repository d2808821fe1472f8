"""Record-level rules of the FDID Record and of the entries nested in it.

The field-rule table already covers presence and data types (:mod:`cais_sim.rules.fieldrules`,
including the FDID character rules of S1 §3.11: ``PENDING``, all-space and control-character
FDIDs fail the FDID data type). What is left here are conditions between fields of one
record, between a nested entry and its FDID (``ctx.parent``), between the entries of one
list, and against what CAIS stored before (``ctx.state``) [S1 §5.1.3.1; T28].

Every check acts only on values that pass their own field rule: a malformed value already
has its code, and judging it again would add a second, different code for one mistake.

The Address Record checks at the end are shared with Customer Records
(:mod:`cais_sim.rules.customer`): the conditions are the same, only the codes differ.

Choices where the public material names a condition but no code:

* ``fdidEndReason`` ``CORRECTION`` with an ``fdidEndDate`` other than the ``fdidDate``
  [S1 §5.1.3.1 r38] is reported as an invalid ``fdidEndDate`` (22008).
* A role other than ``TRDHOLDER`` on a ``RELATIONSHIP`` or ``ENTITYID`` FDID
  [S1 §5.1.3.1 r6] is reported as an invalid ``role`` (22043).
* ``replacedByFDID`` sent with an end reason other than ``REPLACED`` (digest b.1) is
  reported as an invalid ``replacedByFDID`` (22011).
* An association counts as active for 22071 when it has no ``roleEndDate`` or, on an FDID
  being ended, lasts at least until the ``fdidEndDate``: ending an FDID with its roles
  ended explicitly on the same day is what S1 §5.1.3.1 r23 recommends.
* An LTID link that ends on the day it starts breaks 22028: S1 §5.1.3.1 r35 asks for an
  effective date strictly earlier than the end date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cais_sim.rules.model import Finding, JsonObject, RecordContext
from cais_sim.rules.registry import rule
from cais_sim.rules.wellformed import well_formed
from cais_sim.spec import geography
from cais_sim.spec.datatypes import from_cais_date, normalize_fdid
from cais_sim.spec.enums import MILITARY_CITIES, MILITARY_REGIONS, EndReason, Role
from cais_sim.spec.fields import RecordKind

_FDID = RecordKind.FDID
_LTID = RecordKind.LARGE_TRADER
_ASSOC = RecordKind.ASSOCIATION
_ATN = RecordKind.AUTH_TRADER_NAME
_ADDR = RecordKind.FDID_ADDRESS

_AUTHORIZED = frozenset({Role.AUTH3RD.value, Role.AUTHREP.value})
_HOLDERS = frozenset({Role.NTHOLDER.value, Role.TRDHOLDER.value})
_INACTIVE = EndReason.INACTIVE.value
_END_CORRECTION = EndReason.CORRECTION.value
_REPLACED = EndReason.REPLACED.value
_TRDHOLDER = Role.TRDHOLDER.value


# --- Reading well-formed values ---------------------------------------------------------------


def present(record: JsonObject, name: str) -> bool:
    """Whether ``name`` carries a value (``null`` counts as absent [S1 §5.1.3 r17])."""
    return record.get(name) is not None


def malformed(kind: RecordKind, record: JsonObject, name: str) -> bool:
    """Whether ``name`` is present but breaks its data type (its field rule reports it)."""
    return present(record, name) and well_formed(kind, record, name) is None


def entries(record: JsonObject, name: str) -> list[Mapping[str, Any]]:
    """The object entries of a nested list; anything else is the field rules' concern."""
    value = record.get(name)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _days_between(first: int, second: int) -> int:
    return (from_cais_date(second) - from_cais_date(first)).days


# --- FDID Record: end, replacement and transfer fields ----------------------------------------


@rule(22008, _FDID, source="S1 T28; §5.1.3.1 r4")
def fdid_end_date_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """fdidEndDate is present whenever fdidEndReason is."""
    reason = well_formed(_FDID, record, "fdidEndReason")
    if reason is not None and not present(record, "fdidEndDate"):
        yield Finding(22008, f"fdidEndReason {reason} needs an fdidEndDate", "fdidEndDate")


@rule(22008, _FDID, source="S1 §5.1.3.1 r38; T28")
def fdid_correction_end_on_open_date(record: JsonObject, ctx: RecordContext
                                     ) -> Iterator[Finding]:
    """An FDID ended as CORRECTION ends on its own fdidDate."""
    if well_formed(_FDID, record, "fdidEndReason") != _END_CORRECTION:
        return
    start = well_formed(_FDID, record, "fdidDate")
    end = well_formed(_FDID, record, "fdidEndDate")
    if start is not None and end is not None and start != end:
        yield Finding(22008, f"an FDID ended as CORRECTION must end on its fdidDate {start}, "
                             f"not {end}", "fdidEndDate")


@rule(22009, _FDID, source="S1 T28; digest b.3")
def fdid_end_before_start(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """fdidEndDate is not earlier than fdidDate."""
    start = well_formed(_FDID, record, "fdidDate")
    end = well_formed(_FDID, record, "fdidEndDate")
    if start is not None and end is not None and end < start:
        yield Finding(22009, f"fdidEndDate {end} is before fdidDate {start}", "fdidEndDate")


@rule(22010, _FDID, source="S1 T28; §5.1.3.1 r4")
def fdid_end_reason_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """fdidEndReason is present whenever fdidEndDate is."""
    end = well_formed(_FDID, record, "fdidEndDate")
    if end is not None and not present(record, "fdidEndReason"):
        yield Finding(22010, f"fdidEndDate {end} needs an fdidEndReason", "fdidEndReason")


@rule(22011, _FDID, source="S1 T8, T28; §3.1")
def replaced_by_fdid_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID ended as REPLACED names its replacedByFDID."""
    if (well_formed(_FDID, record, "fdidEndReason") == _REPLACED
            and not present(record, "replacedByFDID")):
        yield Finding(22011, "fdidEndReason REPLACED needs a replacedByFDID", "replacedByFDID")


@rule(22011, _FDID, source="S1 T8; digest b.1")
def replaced_by_fdid_without_replacement(record: JsonObject, ctx: RecordContext
                                         ) -> Iterator[Finding]:
    """replacedByFDID is sent only with fdidEndReason REPLACED."""
    if well_formed(_FDID, record, "replacedByFDID") is None:
        return
    if malformed(_FDID, record, "fdidEndReason"):
        return
    reason = record.get("fdidEndReason")
    if reason != _REPLACED:
        why = f"fdidEndReason {reason}" if reason is not None else "no fdidEndReason"
        yield Finding(22011, f"replacedByFDID is only allowed with fdidEndReason REPLACED, "
                             f"not with {why}", "replacedByFDID")


@rule(22024, _FDID, source="S1 T28")
def replaced_by_itself(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """replacedByFDID differs from the record's own firmDesignatedID."""
    own = well_formed(_FDID, record, "firmDesignatedID")
    other = well_formed(_FDID, record, "replacedByFDID")
    if own is not None and other is not None and normalize_fdid(own) == normalize_fdid(other):
        yield Finding(22024, "replacedByFDID names the FDID itself", "replacedByFDID")


@rule(22054, _FDID, source="S1 T28; §3.3")
def prior_reporter_crd_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A mass-transfer priorCATReporterFDID comes with the prior firm's CRD."""
    if (well_formed(_FDID, record, "priorCATReporterFDID") is not None
            and not present(record, "priorCATReporterCRD")):
        yield Finding(22054, "priorCATReporterFDID needs a priorCATReporterCRD",
                      "priorCATReporterCRD")


@rule(22058, _FDID, source="S1 T28; §3.3")
def prior_reporter_fdid_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A mass-transfer priorCATReporterCRD comes with the FDID the prior firm used."""
    if (well_formed(_FDID, record, "priorCATReporterCRD") is not None
            and not present(record, "priorCATReporterFDID")):
        yield Finding(22058, "priorCATReporterCRD needs a priorCATReporterFDID",
                      "priorCATReporterFDID")


# --- FDID Record: account types ------------------------------------------------------------


@rule(22069, _FDID, source="S1 §5.1.3.1 r5; T28")
def account_type_matches_fdid_type(record: JsonObject, ctx: RecordContext
                                   ) -> Iterator[Finding]:
    """accountType ENTITYID and RELATIONSHIP appear only on an FDID of that same fdidType."""
    fdid_type = well_formed(_FDID, record, "fdidType")
    account_types = well_formed(_FDID, record, "accountType")
    if fdid_type is None or account_types is None:
        return
    for exclusive in ("ENTITYID", "RELATIONSHIP"):
        if exclusive in account_types and fdid_type != exclusive:
            yield Finding(22069, f"accountType {exclusive} needs fdidType {exclusive}, "
                                 f"not {fdid_type}", "accountType")


@rule(22075, _FDID, source="S1 §5.1.3.1 r29-30; T28; FAQ Q66")
def dvp_custodian_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A DVP/RVP account names its custodian (a number, FOR or DTCRM) in DVPCustodianID."""
    account_types = well_formed(_FDID, record, "accountType")
    if account_types is not None and "DVP/RVP" in account_types and not present(
            record, "DVPCustodianID"):
        yield Finding(22075, "accountType DVP/RVP needs a DVPCustodianID (FOR or DTCRM when "
                             "the custodian has no number)", "DVPCustodianID")


# --- FDID Record: Customer associations --------------------------------------------------------


def _being_ended(record: JsonObject) -> bool:
    return (well_formed(_FDID, record, "fdidEndDate") is not None
            or well_formed(_FDID, record, "fdidEndReason") is not None)


@rule(22040, _FDID, source="S1 T8, T28; §5.1.3.1 r1; §5.1.5")
def customer_list_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID lists its Customers, unless it ends an FDID accepted earlier with Customers."""
    value = record.get("fdidCustomerList")
    if value is not None and (not isinstance(value, list) or value):
        return  # present (a malformed list is the field rule's)
    fdid = well_formed(_FDID, record, "firmDesignatedID")
    if fdid is None:
        return  # 22001 stops the record
    if _being_ended(record):
        stored = ctx.state.accepted_fdid(normalize_fdid(fdid))
        if stored is not None and stored.has_customers:
            return
    yield Finding(22040, "fdidCustomerList is required unless an FDID accepted earlier with "
                         "Customers is being ended", "fdidCustomerList")


def _association_dates(entry: Mapping[str, Any]) -> tuple[int, int | None] | None:
    """(roleStartDate, roleEndDate) of a well-formed entry, or None."""
    start = well_formed(_ASSOC, entry, "roleStartDate")
    if start is None or malformed(_ASSOC, entry, "roleEndDate"):
        return None
    return start, well_formed(_ASSOC, entry, "roleEndDate")


def _customer_key(entry: Mapping[str, Any], ctx: RecordContext) -> str | None:
    """Who an association is about: the Customer's tidValue, else its customerRecordID."""
    crid = well_formed(_ASSOC, entry, "customerRecordID")
    if crid is None:
        return None
    tid = ctx.tid_values.get(crid)
    return f"tid:{tid.lower()}" if isinstance(tid, str) else f"crid:{crid}"


def _overlap_days(a: tuple[int, int | None], b: tuple[int, int | None]) -> int | None:
    """Calendar days two role periods share (None: both open, so without end)."""
    start = max(a[0], b[0])
    ends = [end for end in (a[1], b[1]) if end is not None]
    if not ends:
        return None
    end = min(ends)
    return _days_between(start, end) + 1 if end >= start else 0


@rule(22042, _FDID, source="S1 §5.1.3.1 r33; T28")
def one_role_per_customer(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A Customer (by tidValue) has one role at a time on an FDID; hand-overs share <= 1 day."""
    seen: dict[str, list[tuple[int, int | None]]] = {}
    for entry in entries(record, "fdidCustomerList"):
        key = _customer_key(entry, ctx)
        period = _association_dates(entry)
        if key is None or period is None:
            continue
        crid = entry["customerRecordID"]
        for earlier in seen.get(key, []):
            shared = _overlap_days(earlier, period)
            if shared is None:
                yield Finding(22042, f"Customer {crid} has more than one active role on this "
                                     "FDID", "fdidCustomerList", customer_record_id=crid)
                break
            if shared > 1:
                yield Finding(22042, f"roles of Customer {crid} overlap by {shared} days; at "
                                     "most one day is allowed", "fdidCustomerList",
                              customer_record_id=crid)
                break
        seen.setdefault(key, []).append(period)


def _lasting(record: JsonObject) -> list[Mapping[str, Any]] | None:
    """The associations still running (no roleEndDate, or not before fdidEndDate).

    None when an entry cannot be judged because one of its fields is malformed.
    """
    fdid_end = well_formed(_FDID, record, "fdidEndDate")
    lasting = []
    for entry in entries(record, "fdidCustomerList"):
        period = _association_dates(entry)
        if period is None:
            return None
        end = period[1]
        if end is None or (fdid_end is not None and end >= fdid_end):
            lasting.append(entry)
    return lasting


def _can_trade(entry: Mapping[str, Any]) -> bool | None:
    role = well_formed(_ASSOC, entry, "role")
    if role is None or malformed(_ASSOC, entry, "hasDiscretion"):
        return None
    return role == _TRDHOLDER or (role in _AUTHORIZED and entry.get("hasDiscretion") is True)


@rule(22071, _FDID, source="S1 §5.1.3.1 r34; §3.13; T28")
def trading_customer_present(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID has an active Customer that can trade (TRDHOLDER, or authorized with discretion)."""
    if not entries(record, "fdidCustomerList"):
        return  # 22040 covers a missing or empty list
    lasting = _lasting(record)
    if lasting is None:
        return
    if not lasting and _being_ended(record):
        return  # 22068: nothing lasts to the end of the FDID at all
    verdicts = [_can_trade(entry) for entry in lasting]
    if any(verdicts) or None in verdicts:
        return
    yield Finding(22071, "no active Customer can trade: a TRDHOLDER, or an AUTH3RD/AUTHREP with "
                         "hasDiscretion true, is required", "fdidCustomerList")


@rule(22068, _FDID, source="S1 T28; digest b.3")
def customer_lasting_to_fdid_end(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An ended FDID keeps at least one Customer association until its fdidEndDate."""
    fdid_end = well_formed(_FDID, record, "fdidEndDate")
    if fdid_end is None or not entries(record, "fdidCustomerList"):
        return
    lasting = _lasting(record)
    if lasting is not None and not lasting:
        yield Finding(22068, f"every Customer association ends before fdidEndDate {fdid_end}",
                      "fdidCustomerList")


# --- FDID Record: uniqueness inside nested lists ----------------------------------------------


def _repeats(values: Sequence[object]) -> Iterator[int]:
    """Positions of values already seen earlier in ``values`` (None is never a repeat)."""
    seen: set[object] = set()
    for position, value in enumerate(values):
        if value is None:
            continue
        if value in seen:
            yield position
        seen.add(value)


@rule(22006, _FDID, source="S1 T2 (1.1.1), T28")
def large_trader_id_repeated(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID lists each largeTraderID once."""
    traders = entries(record, "largeTraderList")
    ids = [well_formed(_LTID, t, "largeTraderID") for t in traders]
    for position in _repeats(ids):
        trader = traders[position]
        yield Finding(22006, f"largeTraderID {ids[position]} is listed twice on this FDID",
                      "largeTraderID",
                      large_trader_record_id=well_formed(_LTID, trader, "largeTraderRecordID"))


@rule(22014, _FDID, source="S1 T28")
def large_trader_record_id_repeated(record: JsonObject, ctx: RecordContext
                                    ) -> Iterator[Finding]:
    """An FDID uses each largeTraderRecordID once."""
    ids = [well_formed(_LTID, t, "largeTraderRecordID")
           for t in entries(record, "largeTraderList")]
    for position in _repeats(ids):
        yield Finding(22014, f"largeTraderRecordID {ids[position]} is used twice on this FDID",
                      "largeTraderRecordID", large_trader_record_id=ids[position])


@rule(22073, _FDID, source="S1 T28; §3.13")
def auth_trader_name_id_repeated(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID uses each authTraderNameID once."""
    ids = [well_formed(_ATN, n, "authTraderNameID")
           for n in entries(record, "authTraderNamesList")]
    for position in _repeats(ids):
        yield Finding(22073, f"authTraderNameID {ids[position]} is used twice on this FDID",
                      "authTraderNameID", auth_trader_name_id=ids[position])


# --- Large Trader Records -------------------------------------------------------------------


def _parent_end_reason(ctx: RecordContext) -> tuple[bool, str | None]:
    """(judgeable, fdidEndReason) of the enclosing FDID."""
    parent = ctx.parent
    if parent is None or malformed(_FDID, parent, "fdidEndReason"):
        return False, None
    return True, parent.get("fdidEndReason")


@rule(22016, _LTID, source="S1 T28; §5.1.3.1 r9")
def ltid_end_date_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """ltidEndDate is present whenever ltidEndReason is."""
    reason = well_formed(_LTID, record, "ltidEndReason")
    if reason is not None and not present(record, "ltidEndDate"):
        yield Finding(22016, f"ltidEndReason {reason} needs an ltidEndDate", "ltidEndDate")


@rule(22017, _LTID, source="S1 T28; §5.1.3.1 r9")
def ltid_end_reason_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """ltidEndReason is present whenever ltidEndDate is."""
    end = well_formed(_LTID, record, "ltidEndDate")
    if end is not None and not present(record, "ltidEndReason"):
        yield Finding(22017, f"ltidEndDate {end} needs an ltidEndReason", "ltidEndReason")


@rule(22028, _LTID, source="S1 §5.1.3.1 r35; T28")
def ltid_end_not_after_start(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """ltidEffectiveDate is earlier than ltidEndDate."""
    start = well_formed(_LTID, record, "ltidEffectiveDate")
    end = well_formed(_LTID, record, "ltidEndDate")
    if start is not None and end is not None and end <= start:
        yield Finding(22028, f"ltidEndDate {end} is not after ltidEffectiveDate {start}",
                      "ltidEndDate")


@rule(22076, _LTID, source="S1 T28; §3.8")
def ltid_inactive_without_fdid(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An LTID link ends INACTIVE only when its FDID ends INACTIVE."""
    if well_formed(_LTID, record, "ltidEndReason") != _INACTIVE:
        return
    judgeable, fdid_reason = _parent_end_reason(ctx)
    if judgeable and fdid_reason != _INACTIVE:
        yield Finding(22076, "ltidEndReason INACTIVE needs fdidEndReason INACTIVE",
                      "ltidEndReason")


# --- fdidCustomerList entries --------------------------------------------------------------


@rule(22045, _ASSOC, source="S1 T28; §5.1.3.1 r23")
def role_end_date_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """roleEndDate is present whenever roleEndReason is."""
    reason = well_formed(_ASSOC, record, "roleEndReason")
    if reason is not None and not present(record, "roleEndDate"):
        yield Finding(22045, f"roleEndReason {reason} needs a roleEndDate", "roleEndDate")


@rule(22047, _ASSOC, source="S1 T28; §5.1.3.1 r23")
def role_end_reason_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """roleEndReason is present whenever roleEndDate is."""
    end = well_formed(_ASSOC, record, "roleEndDate")
    if end is not None and not present(record, "roleEndReason"):
        yield Finding(22047, f"roleEndDate {end} needs a roleEndReason", "roleEndReason")


@rule(22046, _ASSOC, source="S1 T28; digest b.3")
def role_end_before_start(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """roleEndDate is not earlier than roleStartDate."""
    start = well_formed(_ASSOC, record, "roleStartDate")
    end = well_formed(_ASSOC, record, "roleEndDate")
    if start is not None and end is not None and end < start:
        yield Finding(22046, f"roleEndDate {end} is before roleStartDate {start}", "roleEndDate")


@rule(22061, _ASSOC, source="S1 T8, T28")
def has_discretion_fits_role(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """hasDiscretion is given for AUTH3RD/AUTHREP and is not true for NTHOLDER/TRDHOLDER."""
    role = well_formed(_ASSOC, record, "role")
    if role is None or malformed(_ASSOC, record, "hasDiscretion"):
        return
    discretion = record.get("hasDiscretion")
    if role in _AUTHORIZED and discretion is None:
        yield Finding(22061, f"role {role} needs hasDiscretion", "hasDiscretion")
    elif role in _HOLDERS and discretion is True:
        yield Finding(22061, f"role {role} cannot have hasDiscretion true", "hasDiscretion")


@rule(22043, _ASSOC, source="S1 §5.1.3.1 r6; T28")
def holder_only_fdid_types(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """RELATIONSHIP and ENTITYID FDIDs associate their Customers as TRDHOLDER only."""
    role = well_formed(_ASSOC, record, "role")
    parent = ctx.parent
    if role is None or parent is None:
        return
    fdid_type = well_formed(_FDID, parent, "fdidType")
    if fdid_type in ("RELATIONSHIP", "ENTITYID") and role != _TRDHOLDER:
        yield Finding(22043, f"an fdidType {fdid_type} FDID allows only role TRDHOLDER, "
                             f"not {role}", "role")


@rule(22067, _ASSOC, source="S1 T28; §5.1.3.1 r24")
def role_ends_after_fdid(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """No role ends after the FDID's fdidEndDate."""
    end = well_formed(_ASSOC, record, "roleEndDate")
    if end is None or ctx.parent is None:
        return
    fdid_end = well_formed(_FDID, ctx.parent, "fdidEndDate")
    if fdid_end is not None and end > fdid_end:
        yield Finding(22067, f"roleEndDate {end} is after fdidEndDate {fdid_end}", "roleEndDate")


@rule(22077, _ASSOC, source="S1 T28; §3.8")
def role_inactive_without_fdid(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A role ends INACTIVE only when its FDID ends INACTIVE."""
    if well_formed(_ASSOC, record, "roleEndReason") != _INACTIVE:
        return
    judgeable, fdid_reason = _parent_end_reason(ctx)
    if judgeable and fdid_reason != _INACTIVE:
        yield Finding(22077, "roleEndReason INACTIVE needs fdidEndReason INACTIVE",
                      "roleEndReason")


# --- Address Records (shared with Customer Records) -------------------------------------------

_LINES = ("addrLine1", "addrLine2", "addrLine3", "addrLine4")
_ADDRESS_TYPES = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "ADDRESS4")


def line_gap(address: JsonObject) -> tuple[str, str] | None:
    """(line, reason) for an address line used while an earlier one is empty, or None.

    A missing ``addrLine1`` is its own Required-field code (22056/22515), so only the gaps
    among lines 2-4 are reported here [S1 T8; digest d.1].
    """
    for later in (2, 3):
        if present(address, _LINES[later]):
            missing = [_LINES[i] for i in range(1, later) if not present(address, _LINES[i])]
            if missing:
                return _LINES[later], f"{_LINES[later]} is used while {', '.join(missing)} is empty"
    return None


def _country(kind: RecordKind, address: JsonObject) -> str | None:
    country = well_formed(kind, address, "countryCode")
    return country if country is not None and geography.is_country(country) else None


def region_problem(kind: RecordKind, address: JsonObject) -> str | None:
    """Why ``regionCode`` does not fit ``countryCode`` (S1 App. E, T2; digest d.1)."""
    country = _country(kind, address)
    if country is None or malformed(kind, address, "regionCode"):
        return None
    region = address.get("regionCode")
    if region is None:
        if geography.region_required(country):
            return f"regionCode is required for {country} addresses"
        return None
    if not geography.is_valid_region(country, region):
        return f"regionCode is not a region of {country} (ISO 3166-2, e.g. {country}-XX)"
    return None


def postal_problem(kind: RecordKind, address: JsonObject) -> str | None:
    """Why ``postalCode`` does not fit ``countryCode`` (S1 App. E; digest d.1)."""
    country = _country(kind, address)
    if country is None or malformed(kind, address, "postalCode"):
        return None
    region = well_formed(kind, address, "regionCode")
    return geography.postal_code_problem(country, address.get("postalCode"), region)


def military_city_problem(kind: RecordKind, address: JsonObject) -> str | None:
    """Why a U.S. military region's address has no APO/DPO/FPO city [S1 §5.1.3.1 r36]."""
    if _country(kind, address) != "US":
        return None
    region = well_formed(kind, address, "regionCode")
    city = well_formed(kind, address, "city")
    if region in MILITARY_REGIONS and city is not None and city not in MILITARY_CITIES:
        return f"a {region} military or diplomatic address uses city APO, DPO or FPO"
    return None


def military_region_problem(kind: RecordKind, address: JsonObject) -> str | None:
    """Why a U.S. APO/DPO/FPO address has no military regionCode [S1 §5.1.3.1 r36]."""
    if _country(kind, address) != "US":
        return None
    region = well_formed(kind, address, "regionCode")
    city = well_formed(kind, address, "city")
    if (city in MILITARY_CITIES and region is not None
            and geography.is_valid_region("US", region) and region not in MILITARY_REGIONS):
        return f"a {city} address uses regionCode US-AA, US-AE or US-AP"
    return None


def address_types(kind: RecordKind, owner: JsonObject) -> list[str] | None:
    """The ``addrType`` of every Address Record of ``owner``; None if one cannot be judged."""
    value = owner.get("addressList")
    if not isinstance(value, list):
        return None
    types = []
    for address in value:
        if not isinstance(address, dict):
            return None
        addr_type = well_formed(kind, address, "addrType")
        if addr_type is None:
            return None
        types.append(addr_type)
    return types


def address_type_problems(types: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(addrType, reason) for each repeated type and each type whose predecessors are missing.

    Types are numbered from ADDRESS1 without gaps: ADDRESS2 needs ADDRESS1, ADDRESS3 needs
    ADDRESS1 and ADDRESS2, ADDRESS4 needs the other three [S1 T28; §5.1.3.1 r26].
    """
    counts = Counter(types)
    for addr_type, count in counts.items():
        if count > 1:
            yield addr_type, f"addrType {addr_type} is used {count} times"
    for addr_type in counts:
        if addr_type not in _ADDRESS_TYPES:
            continue
        before = _ADDRESS_TYPES[:_ADDRESS_TYPES.index(addr_type)]
        missing = [t for t in before if t not in counts]
        if missing:
            yield addr_type, f"addrType {addr_type} needs {', '.join(missing)}"


@rule(22055, _FDID, source="S1 T8, T28; §5.1.3.1 r26")
def fdid_mailing_address_missing(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID has an ADDRESS1 (mailing) Address Record."""
    types = address_types(_ADDR, record)
    if types is not None and "ADDRESS1" not in types:
        yield Finding(22055, "the FDID needs an ADDRESS1 (mailing) address", "addressList")


@rule(22059, _FDID, source="S1 T28; §5.1.3.1 r26")
def fdid_address_types_contiguous(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """FDID addrType values are not repeated and run from ADDRESS1 without gaps."""
    types = address_types(_ADDR, record)
    for addr_type, reason in address_type_problems(types or []):
        yield Finding(22059, reason, "addrType", addr_type=addr_type)


@rule(22035, _ADDR, source="S1 T8, T28; §5.1.3.1 r28")
def fdid_address_lines_in_order(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """FDID address lines are filled from the top."""
    gap = line_gap(record)
    if gap is not None:
        yield Finding(22035, gap[1], gap[0])


@rule(22037, _ADDR, source="S1 T8, T28; App. E")
def fdid_region_fits_country(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """FDID regionCode is present and listed for US and CA addresses."""
    problem = region_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22037, problem, "regionCode")


@rule(22039, _ADDR, source="S1 T8, T28; App. E")
def fdid_postal_code_fits_country(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """FDID postalCode is present and well-formed where the country has a postal format."""
    problem = postal_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22039, problem, "postalCode")


@rule(22036, _ADDR, source="S1 §5.1.3.1 r36; T28")
def fdid_military_city(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """An FDID address in US-AA, US-AE or US-AP has city APO, DPO or FPO."""
    problem = military_city_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22036, problem, "city")


@rule(22037, _ADDR, source="S1 §5.1.3.1 r36; T28")
def fdid_military_region(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """A U.S. FDID address in APO, DPO or FPO has regionCode US-AA, US-AE or US-AP."""
    problem = military_region_problem(_ADDR, record)
    if problem is not None:
        yield Finding(22037, problem, "regionCode")


__all__ = [
    "address_type_problems",
    "address_types",
    "entries",
    "line_gap",
    "malformed",
    "military_city_problem",
    "military_region_problem",
    "postal_problem",
    "present",
    "region_problem",
    "well_formed",
]
