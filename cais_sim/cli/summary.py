"""Human and machine renderings of a submission result, shared by ``submit`` and ``validate``."""

from __future__ import annotations

from typing import Any

from cais_sim.simulator import SubmissionResult
from cais_sim.spec.codes import catalog


def _meaning(code: int) -> str:
    codes = catalog()
    return codes[code].meaning if code in codes else "unknown code"


def render(result: SubmissionResult) -> str:
    """A summary a person can act on: status, counts, and each failed record with its code."""
    lines = [f"{result.data_name}: {result.status} (submission {result.submission_id}, "
             f"{result.env.value})"]
    if result.tids_name:
        lines.append(f"{result.tids_name}: {result.tids_status}")
    for code, message in (*result.integrity_errors, *result.tids_integrity_errors):
        lines.append(f"  integrity {code}: {_meaning(code)}")
        lines.append(f"      {message}")
    final = result.feedback
    if "receivedNaturalRecordCount" in final:
        lines.append(
            f"  FDID Records {final['successfulFDIDRecordCount']}/"
            f"{final['receivedFDIDRecordCount']} accepted, Natural Persons "
            f"{final['successfulNaturalRecordCount']}/{final['receivedNaturalRecordCount']}, "
            f"Legal Entities {final['successfulLegalEntityRecordCount']}/"
            f"{final['receivedLegalEntityRecordCount']}, corrections "
            f"{final['successfulCorrectionActionCount']}/"
            f"{final['receivedCorrectionActionCount']}")
    elif "receivedFDIDRecordCount" in final:
        lines.append(f"  FDID Records {final['successfulFDIDRecordCount']}/"
                     f"{final['receivedFDIDRecordCount']} accepted (LTID phase: no Customers)")
    for rejection in result.rejections:
        where = []
        if rejection.firm_designated_id is not None:
            where.append(f"FDID {rejection.firm_designated_id!r} "
                         f"(fdidRecordID {rejection.fdid_record_id})")
        if rejection.customer_record_ids:
            where.append("customerRecordID " + ", ".join(map(str, rejection.customer_record_ids)))
        lines.append(f"  rejected {'; '.join(where) or 'record'}: {rejection.error_code} "
                     f"{rejection.meaning}")
        lines.append(f"      {rejection.detail} [rejectionID {rejection.rejection_id}]")
    for warning in result.tids_warnings:
        ids = warning.get("customerRecordID") or ["?"]
        lines.append(f"  TID warning, customerRecordID {ids[0]}: {warning['errorCode']} "
                     f"{_meaning(int(warning['errorCode']))}")
    for failed in result.failed_corrections:
        lines.append(f"  correction for rejectionID {failed['failedRejectionID']} not applied: "
                     f"{failed['warningCode']} {_meaning(int(failed['warningCode']))}")
    return "\n".join(lines)


def as_json(result: SubmissionResult) -> dict[str, Any]:
    """The result for machines: status, codes, and the final feedback documents."""
    return {
        "environment": result.env.value,
        "submissionID": result.submission_id,
        "dataFile": result.data_name,
        "tidsFile": result.tids_name,
        "status": result.status,
        "tidsStatus": result.tids_status,
        "codes": result.codes,
        "exitCode": result.exit_code,
        "dataFeedback": result.feedback,
        "tidsFeedback": result.tids_feedback[-1] if result.tids_feedback else None,
    }
