"""Submit a large pair to the embedded simulator and print throughput and peak memory.

Usage::

    .venv/bin/python benchmarks/bench_intake.py --fdids 1000000

The pair is the one ``bench_files.py`` writes (1.8 Customers per FDID, as many TID
Records). Phases run in separate processes so each peak-memory figure (``ru_maxrss``) is its
own:

* ``intake``: ``Simulator.submit`` against a file-backed SQLite state, every stage included
  (integrity, record validation, cascade, load, feedback);
* ``baseline``: ``bz2.decompress`` of each whole file, then ``orjson.loads`` of the whole
  document with the cyclic GC off.

The figure that matters is ``intake time / baseline time``; the target is at most 3. This
machine's speed drifts over stretches of seconds, so each intake runs between two baseline
passes and is compared with their mean; ``--repeat N`` measures N intakes and gives the
median ratio.

Each phase also reports its CPU time (helper process included). Half the intake's CPU over
the baseline's is the ratio the intake would reach if both cores were busy throughout: the
floor this implementation can approach by better overlap alone, and a figure the machine's
drift disturbs much less than wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.simulator import Simulator

_FILES = importlib.util.spec_from_file_location("bench_files", Path(__file__).with_name(
    "bench_files.py"))
assert _FILES is not None
assert _FILES.loader is not None
bench_files = importlib.util.module_from_spec(_FILES)
_FILES.loader.exec_module(bench_files)


def intake_phase(out: Path) -> dict[str, float]:
    state = out / "state.db"
    state.unlink(missing_ok=True)
    sim = Simulator(state=state, clock=SimulatedClock(dt.datetime(2024, 1, 2, 10, tzinfo=ET)))
    sim.add_firm(123456)
    sim.add_relationship(99999, 123456)
    cpu = bench_files.cpu_seconds()
    started = time.perf_counter()
    result = sim.submit(out / bench_files.DATA_NAME, out / bench_files.TIDS_NAME)
    elapsed = time.perf_counter() - started
    cpu = bench_files.cpu_seconds() - cpu
    final = result.feedback
    records = (final.get("receivedFDIDRecordCount", 0) + final.get("receivedNaturalRecordCount", 0)
               + final.get("receivedLegalEntityRecordCount", 0)
               + result.tids_feedback[-1].get("receivedTIDsCount", 0))
    sim.close()
    return {"records": records, "seconds": elapsed, "cpu_seconds": cpu,
            "rejections": len(result.rejections),
            "status": result.status, "state_mib": state.stat().st_size / 2**20}


def _run(phase: str, args: argparse.Namespace, out: Path) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--phase", phase, "--out", str(out), "--fdids",
           str(args.fdids), "--seed", str(args.seed)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fdids", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--phase", choices=["write", "intake", "baseline"])
    parser.add_argument("--repeat", type=int, default=1,
                        help="intakes to measure; the summary is the median ratio")
    args = parser.parse_args()
    if args.phase:
        figures: dict[str, object]
        if args.phase == "write":
            figures = dict(bench_files.write_phase(args.out, args.fdids, 1.8, args.seed))
        elif args.phase == "intake":
            figures = dict(intake_phase(args.out))
        else:
            figures = dict(bench_files.baseline_phase(args.out))
        figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(prefix="cais-intake-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        w = _run("write", args, out)
        print(f"pair: {w['fdids']:,} FDID Records, {w['customers']:,} Customer Records, as many "
              "TID Records", flush=True)
        before = _run("baseline", args, out)
        ratios: list[float] = []
        floors: list[float] = []
        for _ in range(max(1, args.repeat)):
            i = _run("intake", args, out)
            after = _run("baseline", args, out)
            records = float(i["records"])  # type: ignore[arg-type]
            seconds = float(i["seconds"])  # type: ignore[arg-type]
            base = (float(before["seconds"]) + float(after["seconds"])) / 2  # type: ignore[arg-type]
            ratios.append(seconds / base)
            print(f"intake:   {records / seconds:>10,.0f} records/s  {seconds:7.1f} s  "
                  f"peak {i['peak_rss_mib']:,.0f} MiB  (state {i['state_mib']:,.0f} MiB); "
                  f"status {i['status']}, {i['rejections']} rejections")
            print(f"baseline: {float(after['records']) / base:>10,.0f} records/s  "  # type: ignore[arg-type]
                  f"{base:7.1f} s  peak {after['peak_rss_mib']:,.0f} MiB  "
                  "(bz2.decompress + orjson.loads, GC off; mean of the passes before and after)")
            cpu = float(i["cpu_seconds"])  # type: ignore[arg-type]
            base_cpu = (float(before["cpu_seconds"])  # type: ignore[arg-type]
                        + float(after["cpu_seconds"])) / 2  # type: ignore[arg-type]
            floors.append(cpu / 2 / base_cpu)
            print(f"cpu:      intake {cpu:.1f} s, baseline {base_cpu:.1f} s; half the intake's "
                  f"CPU / baseline CPU = {floors[-1]:.2f} (both cores busy throughout)")
            print(f"intake time / baseline time = {seconds / base:.2f}", flush=True)
            before = after
        print(f"median ratio {statistics.median(ratios):.2f} over {len(ratios)} run(s) "
              f"(target <= 3); two-core floor {statistics.median(floors):.2f}")


if __name__ == "__main__":
    main()
