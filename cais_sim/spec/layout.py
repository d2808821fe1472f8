"""The top-level shape of each kind of submission file, per schema version.

A layout says which scalar keys and which record lists a file may carry, which count key
must equal each list's length, and which integrity code CAIS returns for each file-level
condition. Readers and writers take everything from here, so the two file kinds and two
schema versions share one implementation [S1 T8, T9, T26, T27; S2].
"""

from __future__ import annotations

from dataclasses import dataclass

from cais_sim.spec import records, records_v1
from cais_sim.spec.enums import FileKind
from cais_sim.spec.records import Record


@dataclass(frozen=True, slots=True)
class ListSpec:
    """One record list of a file: its key, record type and the count key that guards it."""

    key: str
    record_type: type[Record]
    count_key: str | None
    count_code: int | None


@dataclass(frozen=True, slots=True)
class IntegrityCodes:
    """The integrity code of each file-level condition, for one file kind."""

    unreadable: int
    uncompress: int
    duplicate_key: int
    unknown_key: int
    version: int
    file_name: int
    generation_date: int
    duplicate_file: int
    partner_missing: int
    submitter: int | None
    reporter_crd: int | None
    correspondent_crd: int | None


DATA_CODES = IntegrityCodes(
    unreadable=21011, uncompress=21013, duplicate_key=21019, unknown_key=21012,
    version=21008, file_name=21010, generation_date=21004, duplicate_file=21001,
    partner_missing=21014, submitter=21002, reporter_crd=21003, correspondent_crd=21018,
)
TIDS_CODES = IntegrityCodes(
    unreadable=21511, uncompress=21513, duplicate_key=21516, unknown_key=21512,
    version=21508, file_name=21510, generation_date=21504, duplicate_file=21501,
    partner_missing=21514, submitter=None, reporter_crd=None, correspondent_crd=None,
)


@dataclass(frozen=True, slots=True)
class FileLayout:
    """Everything file-level about one (file kind, schema version) combination."""

    kind: FileKind
    version: str
    scalar_keys: tuple[str, ...]
    required_keys: tuple[str, ...]
    lists: tuple[ListSpec, ...]
    codes: IntegrityCodes

    @property
    def top_level_keys(self) -> frozenset[str]:
        """Every key allowed at the top level of the file."""
        return frozenset(self.scalar_keys) | {spec.key for spec in self.lists}

    def list_spec(self, key: str) -> ListSpec | None:
        """The list with wire name ``key``, if this layout has one."""
        for spec in self.lists:
            if spec.key == key:
                return spec
        return None


DATA_2_0_0 = FileLayout(
    kind=FileKind.CAIS,
    version="2.0.0",
    scalar_keys=(
        "version", "catReporterCRD", "catSubmitterID", "correspondentCRD",
        "fdidRecordCount", "naturalPersonCustomerRecordCount", "legalEntityCustomerRecordCount",
    ),
    required_keys=(
        "version", "catReporterCRD", "catSubmitterID",
        "fdidRecordCount", "naturalPersonCustomerRecordCount", "legalEntityCustomerRecordCount",
    ),
    lists=(
        ListSpec("fdidRecordList", records.FdidRecord, "fdidRecordCount", 21007),
        ListSpec("naturalPersonCustomerList", records.NaturalPersonCustomer,
                 "naturalPersonCustomerRecordCount", 21016),
        ListSpec("legalEntityCustomerList", records.LegalEntityCustomer,
                 "legalEntityCustomerRecordCount", 21017),
        ListSpec("correctionList", records.CorrectionActionRecord, None, None),
    ),
    codes=DATA_CODES,
)

DATA_1_0_0 = FileLayout(
    kind=FileKind.CAIS,
    version="1.0.0",
    scalar_keys=("version", "catReporterCRD", "catSubmitterID", "fdidRecordCount"),
    required_keys=("version", "catReporterCRD", "catSubmitterID", "fdidRecordCount"),
    lists=(
        ListSpec("fdidRecordList", records_v1.FdidRecordV1, "fdidRecordCount", 21007),
        ListSpec("correctionList", records_v1.CorrectionActionRecordV1, None, None),
    ),
    codes=DATA_CODES,
)

TIDS_2_0_0 = FileLayout(
    kind=FileKind.TIDS,
    version="2.0.0",
    scalar_keys=("version", "tidRecordCount"),
    required_keys=("version", "tidRecordCount"),
    lists=(ListSpec("tidRecordList", records.TidRecord, "tidRecordCount", 21507),),
    codes=TIDS_CODES,
)

LAYOUTS: dict[tuple[FileKind, str], FileLayout] = {
    (layout.kind, layout.version): layout for layout in (DATA_2_0_0, DATA_1_0_0, TIDS_2_0_0)
}


def layout_for(kind: FileKind, version: str) -> FileLayout | None:
    """The layout of ``kind`` files of schema ``version``, or None when CAIS has none."""
    return LAYOUTS.get((kind, version))


def default_layout(kind: FileKind) -> FileLayout:
    """The layout assumed before a file's ``version`` key has been read: the current schema."""
    return DATA_2_0_0 if kind is FileKind.CAIS else TIDS_2_0_0


__all__ = [
    "DATA_1_0_0",
    "DATA_2_0_0",
    "DATA_CODES",
    "LAYOUTS",
    "TIDS_2_0_0",
    "TIDS_CODES",
    "FileLayout",
    "IntegrityCodes",
    "ListSpec",
    "default_layout",
    "layout_for",
]
