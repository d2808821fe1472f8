"""Record-level rules of ``correctionList`` entries (Correction Action Records) [S1 T30].

A correction entry repairs an earlier rejection without resubmitting it the ordinary way:
``CORRECTION`` points at the corrected record of this file (an FDID for an FDID-level
rejection, a Customer for a Customer-level one), ``DELETE`` clears the rejection with no
replacement [S1 §6.6.2.1; §5.1.3.2 r6, r16]. Each problem here is a warning on the entry
(``failedCorrectionItems``); the rejection simply stays open.

What the rejection was about comes from ``ctx.state``; which records this file carries
comes from the context (``ctx.fdid_values``, ``ctx.customer_ids``). Whether the correcting
record passes its own validation is only known once the whole file is checked, so the
intake pipeline decides that part.

Which rejections a correction entry may clear is not published (digest gap 11; the code
catalog notes S5's open issue on 24005). The reading used here:

* ``CORRECTION`` is proper only for a code the catalog says is repaired through the
  ``correctionList`` (``repair == "correction-list"``: 22001, 22501, 22526, 22900, 22914,
  S1 §6.6.2.1), and it must point at the kind of record the rejection is about.
* ``DELETE`` is proper for those codes too [S1 §6.6.2.1], and for any Customer-level
  rejection, which a firm may have no way to repair [S1 §5.1.3.2 r16].

Everything else is an improper correction attempt (24005).
"""

from __future__ import annotations

from collections.abc import Iterator

from cais_sim.rules.fdid import present, well_formed
from cais_sim.rules.model import Finding, JsonObject, RecordContext, StoredRejection
from cais_sim.rules.registry import rule
from cais_sim.spec.codes import Code, catalog
from cais_sim.spec.codes import RecordKind as CodeRecord
from cais_sim.spec.datatypes import normalize_fdid
from cais_sim.spec.enums import CorrectionAction
from cais_sim.spec.fields import RecordKind

_CORRECTION = RecordKind.CORRECTION
_REPAIR_BY_LIST = "correction-list"
_DELETE = CorrectionAction.DELETE.value
_CORRECT = CorrectionAction.CORRECTION.value

#: Code subjects whose rejections are Customer-level (the rest are FDID-level).
_CUSTOMER_LEVEL = frozenset({CodeRecord.CUSTOMER, CodeRecord.NATURAL_PERSON,
                             CodeRecord.LEGAL_ENTITY, CodeRecord.CUSTOMER_ADDRESS,
                             CodeRecord.TID_LINK})


def _rejection(record: JsonObject, ctx: RecordContext) -> StoredRejection | None:
    rejection_id = well_formed(_CORRECTION, record, "rejectionID")
    return ctx.state.rejection(rejection_id) if rejection_id is not None else None


def _code(rejection: StoredRejection) -> Code | None:
    try:
        return catalog()[rejection.error_code]
    except KeyError:
        return None


@rule(24001, _CORRECTION, source="S1 T30")
def rejection_unknown(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """rejectionID names a rejection CAIS raised for this CAT Reporter."""
    rejection_id = well_formed(_CORRECTION, record, "rejectionID")
    if rejection_id is not None and ctx.state.rejection(rejection_id) is None:
        yield Finding(24001, f"no rejection {rejection_id} is known for this CAT Reporter",
                      "rejectionID")


@rule(24009, _CORRECTION, source="S1 T30")
def rejection_closed(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """The rejection named is still open."""
    rejection = _rejection(record, ctx)
    if rejection is not None and not rejection.open:
        yield Finding(24009, f"rejection {rejection.rejection_id} has already been repaired",
                      "rejectionID")


@rule(24003, _CORRECTION, source="S1 §5.1.3.1 r17-18; T30")
def correcting_fdid_unknown(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """correctingFirmDesignatedID is an FDID of this file or one CAIS accepted before."""
    fdid = well_formed(_CORRECTION, record, "correctingFirmDesignatedID")
    if fdid is None:
        return
    value = normalize_fdid(fdid)
    in_file = any(normalize_fdid(v) == value for v in ctx.fdid_values)
    if not in_file and ctx.state.accepted_fdid(value) is None:
        yield Finding(24003, f"correctingFirmDesignatedID {value} is neither in this file nor "
                             "accepted earlier", "correctingFirmDesignatedID")


@rule(24007, _CORRECTION, source="S1 §5.1.3.2 r6; T30")
def correcting_customer_unknown(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """correctingCustomerRecordID is a customerRecordID of this file."""
    crid = well_formed(_CORRECTION, record, "correctingCustomerRecordID")
    if crid is not None and crid not in ctx.customer_ids:
        yield Finding(24007, f"correctingCustomerRecordID {crid} is not a Customer Record of "
                             "this file", "correctingCustomerRecordID")


@rule(24005, _CORRECTION, source="S1 T30; §6.6.2.1; §5.1.3.2 r16")
def action_cannot_clear_code(record: JsonObject, ctx: RecordContext) -> Iterator[Finding]:
    """The rejection's error code is one that this correctionAction may clear."""
    action = well_formed(_CORRECTION, record, "correctionAction")
    rejection = _rejection(record, ctx)
    if action is None or rejection is None or not rejection.open:
        return
    code = _code(rejection)
    if code is None or code.repair == _REPAIR_BY_LIST:
        return
    if action == _DELETE and code.record in _CUSTOMER_LEVEL:
        return
    yield Finding(24005, f"a {action} entry cannot clear a {code.code} rejection; resubmit the "
                         "record instead", "correctionAction")


@rule(24005, _CORRECTION, source="S1 T8, T30; §6.6.2.1")
def correction_points_at_rejected_kind(record: JsonObject, ctx: RecordContext
                                       ) -> Iterator[Finding]:
    """A CORRECTION names one corrected record of the kind the rejection is about."""
    if well_formed(_CORRECTION, record, "correctionAction") != _CORRECT:
        return
    rejection = _rejection(record, ctx)
    if rejection is None or not rejection.open:
        return
    code = _code(rejection)
    if code is None or code.repair != _REPAIR_BY_LIST:
        return  # an unknown, closed or unrepairable rejection has its own warning
    customer_level = code.record in _CUSTOMER_LEVEL
    wanted, other = (("correctingCustomerRecordID", "correctingFirmDesignatedID")
                     if customer_level else
                     ("correctingFirmDesignatedID", "correctingCustomerRecordID"))
    level = "Customer" if customer_level else "FDID"
    if present(record, other):
        yield Finding(24005, f"rejection {rejection.rejection_id} is "
                             f"{level}-level: correct it with {wanted}, not {other}", other)
    elif not present(record, wanted):
        yield Finding(24005, f"a CORRECTION of a {level}-level rejection needs {wanted}", wanted)
