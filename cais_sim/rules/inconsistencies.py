"""Material-inconsistency checks, run by the once-daily scan rather than per file.

The comparisons live in :mod:`cais_sim.backend.reports.inconsistencies`, because they look
across every accepted version of a Customer, at every firm; registering them here puts
them in the coverage table and lets the registry switch them by date like any other rule.
All six hang on the spec pack's ``material-inconsistency-scan`` rule. The EIN codes also
stop being raised once ``ein-hash-check-22544`` is in force; the scan applies that
inverse switch itself, as a registry gate can only turn a rule on.
"""

from __future__ import annotations

from cais_sim.rules.registry import cross_record

_SCAN = "material-inconsistency-scan"

_ENTRIES = (
    (30002, "intrafirm-year-of-birth", "S1 T32; §6.4.1 r1-r2",
     "one firm reports one Natural Person with two yearOfBirth values since its last "
     "updateNotification"),
    (30003, "intrafirm-ein", "S1 T32; §6.4.1 r1-r2; §6.6.4",
     "one firm reports one Legal Entity with two ein values since its last "
     "updateNotification (none new once 22544 is live)"),
    (30004, "intrafirm-foreign-person-entity", "S1 T32; §6.4.1 r1-r2",
     "one firm reports a NATIONALID/OTHGOVT foreign TID as a Natural Person in one file and "
     "a Legal Entity in another"),
    (40002, "interfirm-year-of-birth", "S1 T32; §6.4.1 r3; §3.14",
     "the latest versions at two firms, or at two correspondents of one clearing firm, "
     "give one Natural Person different yearOfBirth values"),
    (40003, "interfirm-ein", "S1 T32; §6.4.1 r3; §3.14",
     "the latest versions at two firms, or at two correspondents of one clearing firm, "
     "give one Legal Entity different ein values (none new once 22544 is live)"),
    (40004, "interfirm-foreign-person-entity", "S1 T32; §6.4.1 r3; §3.14",
     "one NATIONALID/OTHGOVT foreign TID is a Natural Person at one firm or correspondent "
     "and a Legal Entity at another"),
)

for _code, _name, _source, _summary in _ENTRIES:
    cross_record(_code, source=_source, name=_name, summary=_summary, pack_rule=_SCAN)
