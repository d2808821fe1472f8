"""Hypothesis strategies for CAIS records, submission pairs and single-field violations.

Use them in your own tests to feed a CAIS pipeline valid input, or input with exactly one
known defect and the code CAIS answers it with::

    from hypothesis import given
    from cais_sim.strategies import field_violations, submission_pairs

    @given(submission_pairs())
    def test_my_pipeline_accepts_valid_pairs(pair): ...

    @given(field_violations())
    def test_my_validator_names_the_code(violation):
        assert violation.code in my_validator(violation.record, violation.wire)

Every SSN, ITIN and foreign identifier is synthetic and appears only as its SHA-256 TID;
EINs and LEIs also appear in plain text where the specification puts them.
"""

from cais_sim.strategies._internal.records import (
    CorrectionTarget,
    CustomerKind,
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
    foreign_identifiers,
    itins,
    large_trader_ids,
    leis,
    ssns,
)
from cais_sim.strategies._internal.violations import (
    MISSING,
    FieldViolation,
    Missing,
    ViolationKind,
    field_violations,
    valid_wire_records,
)

__all__ = [
    "MISSING",
    "CorrectionTarget",
    "CustomerKind",
    "FieldViolation",
    "Missing",
    "ViolationKind",
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
    "foreign_identifiers",
    "itins",
    "large_trader_ids",
    "large_traders",
    "legal_entity_customers",
    "leis",
    "natural_person_customers",
    "ssns",
    "submission_pairs",
    "tid_records",
    "valid_wire_records",
]
