"""File-integrity conditions, registered for the coverage table.

The reader (:mod:`cais_sim.files.reader`) and the integrity stage
(:mod:`cais_sim.backend.intake.integrity`) implement them; the entries here give each code
its place in the registry, its source and a one-line statement of the condition.
"""

from __future__ import annotations

from cais_sim.rules.registry import cross_record

_ENTRIES = (
    (21001, "S1 §5.1.1 r4; §6.2 r1", "a base name already accepted is not processed again"),
    (21002, "S1 §6.2 r7; T26", "the Submitter ID is present, valid and the sender's own"),
    (21003, "S1 §6.2 r8; T26", "catReporterCRD is a registered reporter and matches the name"),
    (21004, "S1 T10, T26", "the File Generation Date is a real day, not in the future"),
    (21006, "S1 §6.2 r10; T26", "the submitter has a CAIS reporting relationship"),
    (21007, "S1 §6.2 r4; T26", "fdidRecordCount matches the FDID Records"),
    (21008, "S1 §5.1.3 r9; T26", "version is a schema the environment accepts that day"),
    (21009, "S1 §5.1.3 r12; T26", "a Portal upload holds at most 100,000 records per kind"),
    (21010, "S1 §5.1.1; T26", "the Data File name follows the naming rules"),
    (21011, "S1 §6.2 r2; T26", "the Data File is readable JSON of the schema's shape"),
    (21012, "S1 T26", "no unknown top-level keys"),
    (21013, "S1 §5.1.3 r3; T26", "the Data File is bzip2-compressed"),
    (21014, "S1 §6.2 r3, r11; T26", "the paired TIDS file arrived in time and passed"),
    (21016, "S1 T26", "naturalPersonCustomerRecordCount matches its list"),
    (21017, "S1 T26", "legalEntityCustomerRecordCount matches its list"),
    (21018, "S1 T26", "correspondentCRD, when present, is a valid CRD"),
    (21019, "S1 T26", "no key appears twice in one JSON object"),
    (21021, "S1 T26; §3.7", "no data reset of the reporter is in progress"),
    (21501, "S1 T27", "a TIDS base name already accepted is not processed again"),
    (21504, "S1 T27", "the TIDS File Generation Date is a real day, not in the future"),
    (21507, "S1 §6.2 r5; T27", "tidRecordCount matches the TID Records"),
    (21508, "S1 T27", "the TIDS version is a schema the environment accepts"),
    (21509, "S1 §5.1.4 r9; T27", "a Portal TIDS upload holds at most 100,000 TID Records"),
    (21510, "S1 T27", "the TIDS file name follows the naming rules"),
    (21511, "S1 T27", "the TIDS file is readable JSON of the schema's shape"),
    (21512, "S1 T27", "no unknown top-level keys in the TIDS file"),
    (21513, "S1 T27", "the TIDS file is bzip2-compressed"),
    (21514, "S1 §6.2 r3, r11; T27", "the paired Data File arrived in time and passed"),
    (21516, "S1 T27", "no key appears twice in one JSON object of the TIDS file"),
)

for _code, _source, _summary in _ENTRIES:
    cross_record(_code, source=_source, name=f"integrity-{_code}", summary=_summary)
