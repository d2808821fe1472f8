"""What CAIS produces on its own clock or on request, rather than per submitted file.

* :mod:`.inconsistencies` - the once-daily Material Inconsistency scan (30002-30004,
  40002-40004), which opens and resolves rows of the ``inconsistencies`` table;
* :mod:`.outstanding` - the daily Outstanding Rejections and Outstanding Material
  Inconsistencies files, and the set layout (metadata, bzip2 data, sentinel) they share
  with the refresh report;
* :mod:`.refresh` - the monthly FDID Refresh Report;
* :mod:`.daily` - :func:`~.daily.run_due`, which delivers all of these as the simulated
  clock passes 17:00 ET on each CAT Trading Day;
* :mod:`.reconciliation` - the on-demand FDID Reconciliation Report (CSV);
* :mod:`.report_card` - the monthly compliance error rate of the CAIS Report Card.
"""

from cais_sim.backend.reports.daily import Output, run_due, stored_outputs
from cais_sim.backend.reports.inconsistencies import MaterialInconsistency, ScanResult, scan
from cais_sim.backend.reports.outstanding import (
    ReportFile,
    SetKey,
    outstanding_inconsistency_files,
    outstanding_rejection_files,
)
from cais_sim.backend.reports.reconciliation import ReconciliationReport, reconciliation_report
from cais_sim.backend.reports.refresh import refresh_report_files
from cais_sim.backend.reports.report_card import DailyRate, ReportCard, report_card

__all__ = [
    "DailyRate",
    "MaterialInconsistency",
    "Output",
    "ReconciliationReport",
    "ReportCard",
    "ReportFile",
    "ScanResult",
    "SetKey",
    "outstanding_inconsistency_files",
    "outstanding_rejection_files",
    "reconciliation_report",
    "refresh_report_files",
    "report_card",
    "run_due",
    "scan",
    "stored_outputs",
]
