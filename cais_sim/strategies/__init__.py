"""Hypothesis strategies for CAIS records, submission pairs and single-field violations.

Use them in your own tests to generate valid input for a CAIS feed, or input with one known
defect and the code CAIS must return for it::

    from hypothesis import given
    from cais_sim.strategies import field_violations, submission_pairs

    @given(submission_pairs())
    def test_my_pipeline_accepts_valid_pairs(pair): ...

Every identifier is synthetic and appears only as its SHA-256 TID.
"""

from cais_sim.strategies._internal.records import (
    auth_trader_names,
    correction_actions,
    fdid_customers,
    fdid_records,
    large_traders,
    legal_entity_customers,
    natural_person_customers,
    submission_pairs,
    tid_records,
)
from cais_sim.strategies._internal.values import (
    address_lists,
    addresses,
    cais_dates,
    eins,
    extended_text,
    fdids,
    large_trader_ids,
    ssns,
)
from cais_sim.strategies._internal.violations import (
    MISSING,
    FieldViolation,
    field_violations,
    valid_wire_records,
)

__all__ = [
    "MISSING",
    "FieldViolation",
    "address_lists",
    "addresses",
    "auth_trader_names",
    "cais_dates",
    "correction_actions",
    "eins",
    "extended_text",
    "fdid_customers",
    "fdid_records",
    "fdids",
    "field_violations",
    "large_trader_ids",
    "large_traders",
    "legal_entity_customers",
    "natural_person_customers",
    "ssns",
    "submission_pairs",
    "tid_records",
    "valid_wire_records",
]
