"""Checks that need the whole file pair, registered here and run by the intake pipeline.

Their logic lives in :mod:`cais_sim.backend.intake.validation` because it works on the
pair's index of records; registering them here puts them in the coverage table and lets
the registry switch them by date like any other rule.
"""

from __future__ import annotations

from cais_sim.rules.registry import cross_record

_ENTRIES = (
    (22002, "duplicate-fdid", "S1 T28", "a firmDesignatedID appears once per file"),
    (22004, "duplicate-fdid-record-id", "S1 T28", "an fdidRecordID appears once per file"),
    (22502, "duplicate-customer-record-id", "S1 T28",
     "a customerRecordID appears once in the Natural Person and Legal Entity lists"),
    (22041, "association-customer-missing", "S1 T28",
     "each fdidCustomerList entry names a Customer Record of the file"),
    (22523, "customer-cascade", "S1 §5.1.3.2 r2, r4; §6.3",
     "a Customer needs an FDID of the file, and falls with any FDID that lists it"),
    (22048, "fdid-cascade", "S1 §5.1.3.1 r3; §6.3",
     "an FDID falls when one of its Customer Records is rejected"),
    (22529, "customer-twin-cascade", "S1 §6.3",
     "a Customer rejected for its own error rejects its other versions in the file"),
    (22526, "customer-without-tid", "S1 §5.1.3.2 r1; T31",
     "each Customer Record has a valid TID Record in the paired file"),
    (22900, "tid-malformed", "S1 T31", "a TID Record with a format warning rejects its Customer"),
    (22914, "tid-invalid", "S1 T31",
     "a TID Record with a replacement or linkage warning rejects its Customer"),
    (22533, "customer-versions-disagree", "S1 §5.1.3.2 r11",
     "versions of one Customer in a file agree on yearOfBirth, ein and record type"),
    (23004, "replacing-fdid-unknown", "S1 §5.1.3.1 r15-16; T29",
     "replacedByFDID is accepted in the file or before"),
    (23005, "replacement-end-before-start", "S1 T29",
     "a REPLACED FDID ends no earlier than its replacement starts"),
    (24914, "tid-without-customer", "S1 §5.1.4 r3; T31",
     "each TID Record's customerRecordID is in the paired Data File"),
    (24915, "duplicate-tid-customer-record-id", "S1 T31",
     "a customerRecordID appears once in the TIDS file"),
)

for _code, _name, _source, _summary in _ENTRIES:
    cross_record(_code, source=_source, name=_name, summary=_summary)
