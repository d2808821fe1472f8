"""Builders of raw submission pairs for tests of the simulated backend.

The records API (cais_sim.spec.records) only builds well-formed records; intake tests also
need malformed ones, so these builders work on wire dictionaries and write them as real
bzip2 JSON files with the counts CAIS expects.
"""

from __future__ import annotations

import bz2
import json
from pathlib import Path
from typing import Any

import orjson

from cais_sim.spec.tid import tid_for_ein, tid_for_foreign, tid_for_itin, tid_for_ssn

Wire = dict[str, Any]

HOME = {"addrType": "ADDRESS1", "addrLine1": "1 Main Street", "city": "Albany",
        "regionCode": "US-NY", "countryCode": "US", "postalCode": "12207"}


def link(crid: int, role: str = "TRDHOLDER", start: int = 20240102, **extra: Any) -> Wire:
    """One fdidCustomerList entry."""
    entry: Wire = {"customerRecordID": crid, "role": role, "roleStartDate": start}
    if role in ("AUTH3RD", "AUTHREP") and "hasDiscretion" not in extra:
        entry["hasDiscretion"] = True
    entry.update(extra)
    return entry


def account(rid: int, fdid: str, links: list[Wire], *, opened: int = 20240102,
            **extra: Any) -> Wire:
    """An FDID Record of type ACCOUNT."""
    record: Wire = {"fdidRecordID": rid, "firmDesignatedID": fdid, "fdidType": "ACCOUNT",
                    "accountType": ["OTHER"], "accountName": f"Account {fdid}",
                    "fdidDate": opened, "addressList": [dict(HOME)],
                    "fdidCustomerList": links}
    record.update(extra)
    return {k: v for k, v in record.items() if v is not None}


def person(crid: int, first: str = "Avery", last: str = "Stone", yob: int = 1961,
           **extra: Any) -> Wire:
    """A Natural Person Customer Record."""
    record: Wire = {"customerRecordID": crid, "firstName": first, "lastName": last,
                    "yearOfBirth": yob, "addressList": [dict(HOME)],
                    "customerType": ["NOTAPPLICABLE"]}
    record.update(extra)
    return record


def entity(crid: int, name: str = "Stone Holdings LLC", ein: str | None = None,
           **extra: Any) -> Wire:
    """A Legal Entity Customer Record."""
    record: Wire = {"customerRecordID": crid, "legalName": name, "addressList": [dict(HOME)]}
    if ein is not None:
        record["ein"] = ein
    record["customerType"] = ["NOTAPPLICABLE"]
    record.update(extra)
    return record


def ssn(crid: int, value: str) -> Wire:
    """A TID Record for an SSN/ITIN (the value must be synthetic)."""
    return {"customerRecordID": crid, "tidType": "SSN/ITIN", "tidValue": tid_for_ssn(value)}


def itin(crid: int, value: str) -> Wire:
    """A TID Record for an ITIN (synthetic, 9xx-7x-xxxx)."""
    return {"customerRecordID": crid, "tidType": "SSN/ITIN", "tidValue": tid_for_itin(value)}


def ein_tid(crid: int, value: str) -> Wire:
    """A TID Record for an EIN."""
    return {"customerRecordID": crid, "tidType": "EIN", "tidValue": tid_for_ein(value)}


def foreign_tid(crid: int, value: str, kind: str = "NATIONALID", country: str = "GB") -> Wire:
    """A TID Record for a foreign identifier."""
    return {"customerRecordID": crid, "tidType": "FOREIGN", "foreignTIDType": kind,
            "foreignTIDCountryCd": country, "tidValue": tid_for_foreign(value)}


def data_doc(crd: int, submitter: int, fdids: list[Wire], naturals: list[Wire] | None = None,
             legals: list[Wire] | None = None, corrections: list[Wire] | None = None,
             correspondent: int | None = None, version: str = "2.0.0") -> Wire:
    """A whole Data File object with matching counts."""
    naturals = naturals or []
    legals = legals or []
    doc: Wire = {"version": version, "catReporterCRD": crd, "catSubmitterID": submitter}
    if correspondent is not None:
        doc["correspondentCRD"] = correspondent
    doc.update({"fdidRecordCount": len(fdids), "naturalPersonCustomerRecordCount": len(naturals),
                "legalEntityCustomerRecordCount": len(legals), "fdidRecordList": fdids,
                "naturalPersonCustomerList": naturals, "legalEntityCustomerList": legals})
    if corrections:
        doc["correctionList"] = corrections
    return doc


def tids_doc(tids: list[Wire], version: str = "2.0.0") -> Wire:
    """A whole TIDS file object with its count."""
    return {"version": version, "tidRecordCount": len(tids), "tidRecordList": tids}


def names(submitter: int, crd: int, number: int, date: str = "20240102") -> tuple[str, str]:
    """Data and TIDS file names of one pair."""
    stem = f"{submitter}_{crd}_{date}"
    return (f"{stem}_CAIS_{number:06d}.json.bz2", f"{stem}_TIDS_{number:06d}.json.bz2")


def write(directory: Path, name: str, doc: Wire | bytes) -> Path:
    """Write one bzip2 file (``doc`` may be raw JSON bytes for malformed files)."""
    if isinstance(doc, bytes):
        raw = doc
    else:
        try:
            raw = orjson.dumps(doc)
        except TypeError:  # integers beyond 64 bits, which only the stdlib encoder writes
            raw = json.dumps(doc, separators=(",", ":")).encode()
    path = directory / name
    path.write_bytes(bz2.compress(raw))
    return path


def write_pair(directory: Path, data: Wire | bytes, tids: Wire | bytes, *, submitter: int,
               crd: int, number: int = 1, date: str = "20240102") -> tuple[Path, Path]:
    """Write a pair under its real names."""
    data_name, tids_name = names(submitter, crd, number, date)
    return write(directory, data_name, data), write(directory, tids_name, tids)
