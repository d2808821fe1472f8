"""``cais-sim validate``: answer a pair like a fresh Industry Test environment would."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import click

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.cli.state import json_option
from cais_sim.cli.summary import as_json, render
from cais_sim.errors import FileNameError
from cais_sim.simulator import Simulator
from cais_sim.spec.naming import parse_submission_name


@click.command("validate")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("tids", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--at", "at", type=click.DateTime(["%Y-%m-%d"]),
              help="Day of submission (default: today); the rules in force that day apply.")
@json_option
def validate(data: Path, tids: Path, at: dt.datetime | None, json_output: bool) -> int:
    """Validate DATA and TIDS without keeping state.

    The firm and submitter named in the Data File's name are registered automatically, so
    only the files themselves can cause rejections. Exit status: 0 completed without
    rejections, 1 with rejections, 2 integrity error.
    """
    day = at.date() if at else dt.datetime.now(ET).date()
    moment = dt.datetime.combine(day, dt.time(9, 0), ET)
    # A throw-away state file rather than an in-memory one: the state of a large pair stays
    # on disk instead of in memory, and a file-backed intake can check records on a second
    # core (cais_sim.backend.intake.parallel).
    with tempfile.TemporaryDirectory(prefix="cais-sim-validate-") as scratch:
        sim = Simulator(state=Path(scratch) / "state.db", clock=SimulatedClock(moment))
        try:
            try:
                name = parse_submission_name(data.name)
            except FileNameError:
                name = None
            if name is not None:
                sim.add_firm(name.reporter_crd, submitter_id=name.submitter_id)
            result = sim.submit(data, tids)
        finally:
            sim.close()
    click.echo(json.dumps(as_json(result), indent=2) if json_output else render(result))
    return result.exit_code
