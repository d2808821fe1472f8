"""Benchmark of ``cais-sim generate``: FDIDs/s, customers/s, peak memory, and the ratio of
generation time to the time bzip2 alone needs for the same bytes on both cores.

On a 2-core machine bzip2 (about 7-10 MB/s per core) is the physical bound of writing CAIS
files, so the figure that matters is measured in the same run: generation wall time divided
by the time to compress the generated JSON with :class:`ParallelBz2Writer` on both cores.
The target is a ratio of at most 1.5, with peak memory flat in the number of FDIDs.

Generation runs in its own process (with its workers), so its peak-memory figure
(``ru_maxrss`` of the largest process) is not mixed with this script's. ``gen CPU s`` is the
CPU time of generation (every process and thread); with ``bz2 CPU s`` (compression alone,
all threads) it shows how much of the work is building and rendering records: the ratio
cannot go below ``gen CPU / bz2 CPU`` when both cores are busy all the time.

    .venv/bin/python benchmarks/bench_generate.py --fdids 100000
    .venv/bin/python benchmarks/bench_generate.py --fdids 100000 --fdids 1000000 --repeat 1

Shared and virtual machines change speed from one minute to the next (the same compression
can take a fifth longer, for stretches of several seconds), so each size is measured
``--repeat`` times and the summary gives the median of the per-run ratios. Each generation
is timed between two compressions of the same bytes (a first, untimed generation provides
them; every run must produce them byte for byte), and its ratio uses the mean of the two, so
a drift of the machine's speed during the measurement weighs on both sides alike.
"""

from __future__ import annotations

import argparse
import bz2
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from cais_sim.files.compress import ParallelBz2Writer

_CHUNK = 1 << 20


class _Sink:
    """A binary file that only counts what is written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _generate(fdids: int, out: Path, seed: int,
              extra: list[str]) -> tuple[float, int, float]:
    """Run the command in a child process; returns (wall seconds, peak RSS in KiB, CPU
    seconds of the child and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c",
                    "import sys; from cais_sim.cli.generate_cmd import generate; "
                    "generate.main(sys.argv[1:], prog_name='cais-sim generate')",
                    "--fdids", str(fdids), "--seed", str(seed),
                    "--date", "2024-01-02", "--no-progress", "--out", str(out), *extra],
                   check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, max(after.ru_maxrss, before.ru_maxrss), _cpu(after) - _cpu(before)


def _decompress(out: Path, scratch: Path) -> list[Path]:
    """The generated JSON, decompressed once, to be compressed for each measurement."""
    scratch.mkdir()
    raws: list[Path] = []
    for path in sorted(out.glob("*.json.bz2")):
        raw = scratch / path.name.removesuffix(".bz2")
        with bz2.open(path, "rb") as src, raw.open("wb") as dst:
            shutil.copyfileobj(src, dst, _CHUNK)
        raws.append(raw)
    return raws


def _compress_time(raws: list[Path]) -> tuple[float, int, float]:
    """Seconds to bzip2 ``raws`` on every core, bytes compressed, and the CPU seconds it
    took."""
    total = 0
    cpu_before = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    start = time.perf_counter()
    for raw in raws:
        sink = _Sink()
        writer = ParallelBz2Writer(sink, level=9, workers=os.cpu_count())  # type: ignore[arg-type]
        with raw.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                writer.write(chunk)
                total += len(chunk)
        writer.close()
    elapsed = time.perf_counter() - start
    return elapsed, total, _cpu(resource.getrusage(resource.RUSAGE_SELF)) - cpu_before


def _digests(out: Path) -> dict[str, str]:
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    return {name: digest for entry in files for name, digest in entry["sha256"].items()}


def measure(fdids: int, seed: int, repeat: int, keep: Path | None,
            extra: list[str]) -> Iterator[dict[str, float]]:
    """``repeat`` measured generations of ``fdids``, each between two compressions."""
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        first = keep or Path(tmp) / "first"
        _generate(fdids, first, seed, extra)
        expected = _digests(first)
        totals = json.loads((first / "manifest.json").read_text(encoding="utf-8"))["totals"]
        customers = totals.get("naturalPersonCustomerList", 0) + totals.get(
            "legalEntityCustomerList", 0)
        raws = _decompress(first, Path(tmp) / "raw")
        before, raw_bytes, before_cpu = _compress_time(raws)
        for n in range(repeat):
            out = Path(tmp) / f"run-{n}"
            gen_seconds, peak_kib, gen_cpu = _generate(fdids, out, seed, extra)
            if _digests(out) != expected:
                raise SystemExit("two runs with the same seed wrote different files")
            shutil.rmtree(out)
            after, _, after_cpu = _compress_time(raws)
            bz2_seconds, bz2_cpu = (before + after) / 2, (before_cpu + after_cpu) / 2
            yield {
                "fdids": totals["fdidRecordList"], "customers": customers,
                "generate_s": gen_seconds, "fdids_per_s": totals["fdidRecordList"] / gen_seconds,
                "customers_per_s": customers / gen_seconds, "peak_mib": peak_kib / 1024,
                "json_mb": raw_bytes / 1e6, "gen_cpu_s": gen_cpu,
                "bz2_both_cores_s": bz2_seconds, "bz2_cpu_s": bz2_cpu,
                "ratio": gen_seconds / bz2_seconds}
            before, before_cpu = after, after_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fdids", type=int, action="append",
                        help="population size; repeat for several (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--processes", type=int, help="worker processes for generation")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per size; the summary is the median ratio (default 3)")
    args = parser.parse_args()
    sizes = args.fdids or [100_000]
    extra = ["--processes", str(args.processes)] if args.processes else []
    print(f"{'FDIDs':>10} {'customers':>10} {'gen s':>7} {'FDIDs/s':>8} {'cust/s':>8} "
          f"{'peak MiB':>8} {'JSON MB':>8} {'gen CPU s':>9} {'bz2 s':>6} {'bz2 CPU s':>9} "
          f"{'ratio':>6}")
    for size in sizes:
        ratios = []
        floors = []
        for r in measure(size, args.seed, max(1, args.repeat), args.keep, extra):
            ratios.append(r["ratio"])
            floors.append(r["gen_cpu_s"] / r["bz2_cpu_s"])
            print(f"{r['fdids']:>10,.0f} {r['customers']:>10,.0f} {r['generate_s']:>7.1f} "
                  f"{r['fdids_per_s']:>8,.0f} {r['customers_per_s']:>8,.0f} "
                  f"{r['peak_mib']:>8.0f} {r['json_mb']:>8.1f} {r['gen_cpu_s']:>9.1f} "
                  f"{r['bz2_both_cores_s']:>6.1f} {r['bz2_cpu_s']:>9.1f} {r['ratio']:>6.2f}",
                  flush=True)
        print(f"{size:>10,} FDIDs: median ratio {statistics.median(ratios):.2f} over "
              f"{len(ratios)} run(s) (target <= 1.5); CPU floor (gen CPU / bz2 CPU) "
              f"{statistics.median(floors):.2f}", flush=True)


if __name__ == "__main__":
    main()
