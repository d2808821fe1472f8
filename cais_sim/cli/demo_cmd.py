"""``cais-sim demo``: write a small valid submission pair and inspect it."""

from __future__ import annotations

from pathlib import Path

import click

from cais_sim.cli.exitcodes import INTEGRITY, OK
from cais_sim.cli.inspect_cmd import render_report
from cais_sim.examples import demo_pair
from cais_sim.files.inspect import inspect_files
from cais_sim.files.writer import write_pair


@click.command("demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/demo"), show_default=True,
              help="Directory to write the submission pair into.")
@click.option("--seed", type=int, default=7, show_default=True,
              help="Seed of the synthetic identifiers.")
def demo(out: Path, seed: int) -> int:
    """Write a small valid CAIS submission pair and inspect it.

    The pair holds an individual account, a joint account with a power of attorney, and an
    LLC account, for a self-reporting firm. Identifiers are synthetic and written only as
    their SHA-256 TIDs.
    """
    pair = demo_pair(seed=seed)
    data_path, tids_path = write_pair(out, pair.data_name, pair.data, pair.tids)
    click.echo(f"wrote {data_path}\nwrote {tids_path}\n")
    report = inspect_files([data_path, tids_path])
    click.echo(render_report(report))
    return OK if report.ok else INTEGRITY
