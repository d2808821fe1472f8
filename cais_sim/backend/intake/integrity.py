"""File-integrity stage: the conditions that reject a whole file pair [S1 §6.2; T26, T27].

The reader (:mod:`cais_sim.files.reader`) already reports what a file's bytes say about
itself: unreadable or non-bzip2 content, duplicate or unknown keys, wrong counts, a bad
``version`` or header ID. This stage adds what needs the outside world: the names, the
identity of the uploader, registration and reporting relationships, earlier submissions
with the same name, a data reset in progress, the Portal's upload limits, and which schema
version the environment accepted on the day. Any condition on either file fails both: the
partner gets 21014 / 21514 [S1 §6.2 r11].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cais_sim.backend.intake.staging import StagedFile
from cais_sim.backend.registry import Registry
from cais_sim.backend.store import Store
from cais_sim.errors import FileNameError
from cais_sim.spec.effective import Environment
from cais_sim.spec.enums import FileKind
from cais_sim.spec.naming import SubmissionName, parse_submission_name
from cais_sim.spec.packs import PACKS

#: Records a Portal upload may carry per list [S1 §5.1.3 r12, §5.1.4 r9].
PORTAL_RECORD_LIMIT = 100_000
PORTAL = "portal"
SFTP = "sftp"


@dataclass(slots=True)
class IntegrityOutcome:
    """Integrity conditions of each file, as (code, message), in the order found."""

    data: list[tuple[int, str]] = field(default_factory=list)
    tids: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when both files passed."""
        return not self.data and not self.tids


def parse_name(name: str, kind: FileKind, today: dt.date, channel: str,
               problems: list[tuple[int, str]]) -> SubmissionName | None:
    """The parsed name, or None with its problems appended (21010/21510 family)."""
    fallback = 21010 if kind is FileKind.CAIS else 21510
    try:
        parsed = parse_submission_name(name, today=today, portal=channel == PORTAL)
    except FileNameError as exc:
        problems.extend((code or fallback, msg) for code, msg in exc.problems if code or msg)
        return None
    if parsed.kind is not kind:
        problems.append((fallback, f"file kind {parsed.kind} where a {kind} file was expected"))
        return None
    return parsed


def _header_int(staged: StagedFile, key: str) -> int | None:
    value = staged.header.get(key)
    return value if value.__class__ is int else None


def check_pair(
    *,
    store: Store,
    registry: Registry,
    env: Environment,
    day: dt.date,
    uploader: int,
    channel: str,
    data_name: SubmissionName | None,
    tids_name: SubmissionName | None,
    data: StagedFile,
    tids: StagedFile,
    outcome: IntegrityOutcome,
) -> None:
    """Add every pair-level condition to ``outcome`` (names were checked by the caller)."""
    for issue in data.issues:
        outcome.data.append((issue.code, str(issue)))
    for issue in tids.issues:
        outcome.tids.append((issue.code, str(issue)))

    if data_name is not None:
        # The submitter in the name must be the one who sent it [S1 §6.2 r7].
        if data_name.submitter_id != uploader:
            outcome.data.append((21002, f"file name submitter {data_name.submitter_id} is not "
                                        f"the sending submitter {uploader}"))
        header_submitter = _header_int(data, "catSubmitterID")
        if header_submitter is not None and header_submitter != data_name.submitter_id:
            outcome.data.append((21002, f"catSubmitterID {header_submitter} differs from the "
                                        f"file name's {data_name.submitter_id}"))
        header_crd = _header_int(data, "catReporterCRD")
        # The CRD in the name must equal catReporterCRD [S1 §6.2 r8].
        if header_crd is not None and header_crd != data_name.reporter_crd:
            outcome.data.append((21003, f"catReporterCRD {header_crd} differs from the file "
                                        f"name's {data_name.reporter_crd}"))
        crd = data_name.reporter_crd
        firm = registry.firm(env, crd)
        if firm is None:
            outcome.data.append((21003, f"CRD {crd} is not a registered CAT Reporter in "
                                        f"{env.value}"))
        else:
            if not registry.may_submit(env, uploader, crd, day):
                # [S1 §6.2 r10; T26 21006]
                outcome.data.append((21006, f"submitter {uploader} has no CAIS reporting "
                                            f"relationship with CRD {crd} on {day}"))
            if firm.reset_in_progress:
                outcome.data.append((21021, f"a data reset for CRD {crd} is in progress"))
        if _duplicate(store, env, data_name.base_name):
            outcome.data.append((21001, f"{data_name.base_name} was already accepted"))
    if tids_name is not None and _duplicate(store, env, tids_name.base_name):
        outcome.tids.append((21501, f"{tids_name.base_name} was already accepted"))

    if channel == PORTAL:
        data_records = data.counts.get("fdidRecordList", 0)
        customers = (data.counts.get("naturalPersonCustomerList", 0)
                     + data.counts.get("legalEntityCustomerList", 0))
        if data_records > PORTAL_RECORD_LIMIT or customers > PORTAL_RECORD_LIMIT:
            outcome.data.append((21009, "a Portal upload carries at most 100,000 FDID and "
                                        "100,000 Customer Records"))
        if tids.counts.get("tidRecordList", 0) > PORTAL_RECORD_LIMIT:
            outcome.tids.append((21509, "a Portal upload carries at most 100,000 TID Records"))

    _check_versions(env, day, data, tids, outcome)


def _check_versions(env: Environment, day: dt.date, data: StagedFile, tids: StagedFile,
                    outcome: IntegrityOutcome) -> None:
    data_version = data.summary.version
    tids_version = tids.summary.version
    for staged, version, target, code in ((data, data_version, outcome.data, 21008),
                                          (tids, tids_version, outcome.tids, 21508)):
        if version is None or any(c == code for c, _ in target):
            continue
        if not any(p.schema_version == version and p.accepts_schema(env, day) for p in PACKS):
            target.append((code, f"{staged.name}: schema {version} is not accepted in "
                                 f"{env.value} on {day}"))
    if (data_version is not None and tids_version is not None
            and data_version != tids_version):
        # Paired files must carry the same schema version [S1 §5.1.3 r9].
        outcome.data.append((21008, f"version {data_version} differs from the TIDS file's "
                                    f"{tids_version}"))
        outcome.tids.append((21508, f"version {tids_version} differs from the Data File's "
                                    f"{data_version}"))


def _duplicate(store: Store, env: Environment, base_name: str) -> bool:
    """A base name already accepted at integrity [S1 §5.1.1 r4, §6.2 r1]."""
    row = store.conn.execute(
        "SELECT 1 FROM submissions WHERE env = ? AND base_name = ? AND integrity_ok = 1",
        (env.value, base_name.replace("_TIDS_", "_CAIS_"))).fetchone()
    return row is not None


def fail_partners(outcome: IntegrityOutcome) -> None:
    """An integrity failure of one file fails the other [S1 §6.2 r11]."""
    if outcome.data and not outcome.tids:
        outcome.tids.append((21514, "the paired Data File failed file integrity"))
    elif outcome.tids and not outcome.data:
        outcome.data.append((21014, "the paired TIDS file failed file integrity"))
