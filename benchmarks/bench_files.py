"""Write and read a large CAIS submission pair and print throughput and peak memory.

Usage::

    .venv/bin/python benchmarks/bench_files.py --fdids 1000000 --customers-per-fdid 1.8

Phases run in separate processes so each peak-memory figure (``ru_maxrss``) belongs to one
phase only:

* ``write``: build typed records and stream them through the writers (Data + TIDS file);
* ``read``: stream both files through :class:`cais_sim.files.reader.SubmissionReader`;
* ``baseline``: the bare pass the reader is measured against: ``bz2.decompress`` of the whole
  file, then ``orjson.loads`` of the whole document, with the cyclic GC off (its fastest form).

The figure that matters is ``read / baseline`` speed; the goal is at least 0.5.
"""

from __future__ import annotations

import argparse
import bz2
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from cais_sim.files.reader import SubmissionReader
from cais_sim.files.writer import data_file_writer, tids_file_writer
from cais_sim.spec.enums import (
    AccountType,
    AddrType,
    FdidType,
    LegalEntityCustomerType,
    NaturalPersonCustomerType,
    Role,
    TidType,
)
from cais_sim.spec.records import (
    Address,
    FdidCustomer,
    FdidRecord,
    LargeTrader,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    TidRecord,
)
from cais_sim.spec.tid import tid_for_ein, tid_for_ssn

DATA_NAME = "99999_123456_20240102_CAIS_000001.json.bz2"
TIDS_NAME = "99999_123456_20240102_TIDS_000001.json.bz2"
_STREETS = ["Main St", "Oak Ave", "Pine Rd", "Maple Dr", "Cedar Ln", "Elm St", "Park Blvd"]
_CITIES = [("Albany", "US-NY", "12207"), ("Austin", "US-TX", "73301"), ("Boise", "US-ID", "83702"),
           ("Denver", "US-CO", "80202"), ("Miami", "US-FL", "33101"), ("Salem", "US-OR", "97301")]
_FIRST = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jae"]
_LAST = ["Abbot", "Baker", "Chen", "Diaz", "Evans", "Fox", "Gray", "Hale", "Ito", "Jones"]


def _address(rng: random.Random) -> Address:
    city, region, postal = rng.choice(_CITIES)
    return Address(addr_type=AddrType.ADDRESS1,
                   addr_line1=f"{rng.randint(1, 9999)} {rng.choice(_STREETS)}",
                   city=city, region_code=region, country_code="US", postal_code=postal)


def write_phase(out: Path, fdids: int, per_fdid: float, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    customer_id = 0
    started = time.perf_counter()
    n_customers = 0
    with data_file_writer(out / DATA_NAME, reporter_crd=123456, submitter_id=99999) as data, \
            tids_file_writer(out / TIDS_NAME) as tids:
        for i in range(1, fdids + 1):
            k = int(per_fdid) + (1 if rng.random() < per_fdid - int(per_fdid) else 0)
            links = []
            for _ in range(max(k, 1)):
                customer_id += 1
                n_customers += 1
                links.append(FdidCustomer(customer_record_id=customer_id, role=Role.TRDHOLDER,
                                          role_start_date=20230104))
                if rng.random() < 0.8:
                    data.add(NaturalPersonCustomer(
                        customer_record_id=customer_id, first_name=rng.choice(_FIRST),
                        last_name=rng.choice(_LAST), year_of_birth=rng.randint(1930, 2005),
                        address_list=(_address(rng),),
                        customer_type=(NaturalPersonCustomerType.NOTAPPLICABLE,)))
                    ssn = f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-" \
                          f"{rng.randint(1, 9999):04d}"
                    tids.add(TidRecord(customer_record_id=customer_id, tid_type=TidType.SSN_ITIN,
                                       tid_value=tid_for_ssn(ssn)))
                else:
                    ein = f"{rng.randint(10, 99)}-{rng.randint(0, 9999999):07d}"
                    data.add(LegalEntityCustomer(
                        customer_record_id=customer_id, legal_name=f"{rng.choice(_LAST)} LLC",
                        address_list=(_address(rng),), ein=ein,
                        customer_type=(LegalEntityCustomerType.NOTAPPLICABLE,)))
                    tids.add(TidRecord(customer_record_id=customer_id, tid_type=TidType.EIN,
                                       tid_value=tid_for_ein(ein)))
            ltids = ()
            if rng.random() < 0.05:
                ltids = (LargeTrader(large_trader_record_id=1,
                                     large_trader_id=f"{rng.randint(0, 99999999):08d}-0001",
                                     ltid_effective_date=20230104),)
            data.add(FdidRecord(
                fdid_record_id=i, firm_designated_id=f"ACCT{i:09d}", fdid_type=FdidType.ACCOUNT,
                account_type=(AccountType.MARGIN, AccountType.OPTION), account_name="Brokerage",
                clearing_broker_id=("0123",), fdid_date=20230104,
                address_list=(_address(rng),), large_trader_list=ltids,
                fdid_customer_list=tuple(links)))
    elapsed = time.perf_counter() - started
    total = fdids + 2 * n_customers
    return {"records": total, "fdids": fdids, "customers": n_customers, "seconds": elapsed}


def read_phase(out: Path) -> dict[str, float]:
    started = time.perf_counter()
    records = 0
    raw_bytes = 0
    for name in (DATA_NAME, TIDS_NAME):
        reader = SubmissionReader(out / name)
        for _ in reader:
            records += 1
        if reader.summary.issues:
            raise SystemExit(f"unexpected integrity issues: {reader.summary.issues}")
        raw_bytes += reader.summary.uncompressed_bytes
    return {"records": records, "seconds": time.perf_counter() - started, "bytes": raw_bytes}


def cpu_seconds() -> float:
    """User and system CPU of this process and of its waited-for children (helpers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def baseline_phase(out: Path) -> dict[str, float]:
    cpu = cpu_seconds()
    started = time.perf_counter()
    records = 0
    for name in (DATA_NAME, TIDS_NAME):
        text = bz2.decompress((out / name).read_bytes())
        gc.disable()
        doc = orjson.loads(text)
        gc.enable()
        records += sum(len(v) for v in doc.values() if isinstance(v, list))
        del doc, text
    return {"records": records, "seconds": time.perf_counter() - started,
            "cpu_seconds": cpu_seconds() - cpu}


def _run_phase(phase: str, args: argparse.Namespace, out: Path) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--phase", phase, "--out", str(out),
           "--fdids", str(args.fdids), "--customers-per-fdid", str(args.customers_per_fdid),
           "--seed", str(args.seed)]
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fdids", type=int, default=100_000)
    parser.add_argument("--customers-per-fdid", type=float, default=1.8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--phase", choices=["write", "read", "baseline"])
    args = parser.parse_args()
    if args.phase:
        fn = {"write": lambda: write_phase(args.out, args.fdids, args.customers_per_fdid,
                                           args.seed),
              "read": lambda: read_phase(args.out),
              "baseline": lambda: baseline_phase(args.out)}[args.phase]
        figures = fn()
        figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(prefix="cais-bench-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        w = _run_phase("write", args, out)
        size = sum((out / n).stat().st_size for n in (DATA_NAME, TIDS_NAME))
        r = _run_phase("read", args, out)
        b = _run_phase("baseline", args, out)
        print(f"population: {w['fdids']:,.0f} FDID Records, {w['customers']:,.0f} Customer "
              f"Records (+ as many TID Records); {r['bytes'] / 1e6:,.0f} MB JSON, "
              f"{size / 1e6:,.1f} MB bz2")
        print(f"write:    {w['records'] / w['seconds']:>10,.0f} records/s  "
              f"{w['seconds']:7.1f} s  peak {w['peak_rss_mib']:,.0f} MiB")
        print(f"read:     {r['records'] / r['seconds']:>10,.0f} records/s  "
              f"{r['seconds']:7.1f} s  peak {r['peak_rss_mib']:,.0f} MiB")
        print(f"baseline: {b['records'] / b['seconds']:>10,.0f} records/s  "
              f"{b['seconds']:7.1f} s  peak {b['peak_rss_mib']:,.0f} MiB  "
              "(bz2.decompress + orjson.loads, GC off)")
        print(f"read speed / baseline speed = {b['seconds'] / r['seconds']:.2f} (goal >= 0.50)")


if __name__ == "__main__":
    main()
