"""cais-sim: a local, deterministic stand-in for FINRA CAT's CAIS.

The names below are the public API; everything else may change between releases.
Sub-packages: :mod:`cais_sim.spec` (the data contract, pure), :mod:`cais_sim.files`
(reading and writing submission files), :mod:`cais_sim.rules` (one registered check per
CAIS code), :mod:`cais_sim.backend` (state, intake, calendar, reports),
:mod:`cais_sim.simulator` (the facade), :mod:`cais_sim.populations` (books, renderer,
factories, generation), :mod:`cais_sim.strategies` (Hypothesis strategies),
:mod:`cais_sim.cli` (the ``cais-sim`` command).
"""

from cais_sim.backend.clock import SimulatedClock, SystemClock
from cais_sim.backend.intake.pipeline import INSTANT as INSTANT_LATENCY
from cais_sim.backend.intake.pipeline import REALISTIC as REALISTIC_LATENCY
from cais_sim.backend.intake.pipeline import Latency
from cais_sim.errors import CaisSimError, FileNameError, IdentifierError, InvalidArgument
from cais_sim.files.inspect import InspectReport, inspect_files
from cais_sim.files.reader import IntegrityIssue, RawRecord, ReadSummary, SubmissionReader
from cais_sim.files.typed import (
    IntegrityFailure,
    RecordShapeError,
    iter_typed,
    read_data_file,
    read_tids_file,
)
from cais_sim.files.writer import (
    SubmissionWriter,
    WriteSummary,
    data_file_writer,
    tids_file_writer,
    write_data_file,
    write_pair,
    write_tids_file,
)
from cais_sim.simulator import Rejection, Simulator, SubmissionResult
from cais_sim.spec.codes import Code, CodeCatalog, catalog
from cais_sim.spec.effective import Effective, Environment, Window
from cais_sim.spec.enums import (
    AccountType,
    AddrType,
    CorrectionAction,
    DataSubmissionStatus,
    EndReason,
    FdidType,
    FileKind,
    ForeignTidType,
    LegalEntityCustomerType,
    NameSuffix,
    NaturalPersonCustomerType,
    Role,
    TidsSubmissionStatus,
    TidType,
)
from cais_sim.spec.naming import SubmissionName, parse_submission_name
from cais_sim.spec.packs import SpecPack, get_pack, pack_for
from cais_sim.spec.records import (
    Address,
    AuthTraderName,
    CorrectionActionRecord,
    DataFile,
    DataFileHeader,
    FdidCustomer,
    FdidRecord,
    LargeTrader,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
    TidsFile,
)
from cais_sim.spec.records_v1 import CorrectionActionRecordV1, FdidRecordV1, LargeTraderV1
from cais_sim.spec.tid import (
    SensitiveIdentifier,
    tid_for_ein,
    tid_for_foreign,
    tid_for_itin,
    tid_for_ssn,
    tid_value,
)

__all__ = [
    "INSTANT_LATENCY",
    "REALISTIC_LATENCY",
    "AccountType",
    "AddrType",
    "Address",
    "AuthTraderName",
    "CaisSimError",
    "Code",
    "CodeCatalog",
    "CorrectionAction",
    "CorrectionActionRecord",
    "CorrectionActionRecordV1",
    "DataFile",
    "DataFileHeader",
    "DataSubmissionStatus",
    "Effective",
    "EndReason",
    "Environment",
    "FdidCustomer",
    "FdidRecord",
    "FdidRecordV1",
    "FdidType",
    "FileKind",
    "FileNameError",
    "ForeignTidType",
    "IdentifierError",
    "InspectReport",
    "IntegrityFailure",
    "IntegrityIssue",
    "InvalidArgument",
    "LargeTrader",
    "LargeTraderV1",
    "Latency",
    "LegalEntityCustomer",
    "LegalEntityCustomerType",
    "NameSuffix",
    "NaturalPersonCustomer",
    "NaturalPersonCustomerType",
    "RawRecord",
    "ReadSummary",
    "RecordShapeError",
    "Rejection",
    "Role",
    "SensitiveIdentifier",
    "SimulatedClock",
    "Simulator",
    "SpecPack",
    "SubmissionName",
    "SubmissionReader",
    "SubmissionResult",
    "SubmissionWriter",
    "SystemClock",
    "TidRecord",
    "TidType",
    "TidsFile",
    "TidsSubmissionStatus",
    "Window",
    "WriteSummary",
    "catalog",
    "data_file_writer",
    "get_pack",
    "inspect_files",
    "iter_typed",
    "pack_for",
    "parse_submission_name",
    "read_data_file",
    "read_tids_file",
    "tid_for_ein",
    "tid_for_foreign",
    "tid_for_itin",
    "tid_for_ssn",
    "tid_value",
    "tids_file_writer",
    "write_data_file",
    "write_pair",
    "write_tids_file",
]
