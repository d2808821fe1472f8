"""Commands that work on a stored simulator: firms, relationships, submissions, time, outputs."""

from __future__ import annotations

import bz2
import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from cais_sim.backend.clock import SimulatedClock
from cais_sim.cli.exitcodes import OK
from cais_sim.cli.state import (
    env_option,
    json_option,
    moment,
    open_simulator,
    save_clock,
    state_option,
)
from cais_sim.cli.summary import as_json, render
from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Environment

_ENVS = [e.value for e in Environment]


def _envs(values: tuple[str, ...]) -> list[Environment]:
    return [Environment(v) for v in values] if values else list(Environment)


@click.group("firm")
def firm() -> None:
    """Register CAT Reporters (firms) and list them."""


@firm.command("add")
@click.argument("crd", type=click.IntRange(min=1))
@click.option("--name", help="Firm name (default: 'Firm <CRD>').")
@click.option("--submitter-id", type=click.IntRange(min=1),
              help="The firm's own CAT Submitter ID, if it submits for itself.")
@click.option("--env", "envs", type=click.Choice(_ENVS), multiple=True,
              help="Environment(s) to register in (default: all three).")
@state_option
def firm_add(crd: int, name: str | None, submitter_id: int | None, envs: tuple[str, ...],
             state_path: Path) -> int:
    """Register firm CRD (and its own submitter ID) in the simulated CAIS."""
    sim = open_simulator(state_path)
    try:
        sim.add_firm(crd, name, submitter_id=submitter_id, envs=_envs(envs))
    finally:
        sim.close()
    click.echo(f"registered CRD {crd} in {', '.join(e.value for e in _envs(envs))}")
    return OK


@firm.command("list")
@env_option
@json_option
@state_option
def firm_list(env: str, json_output: bool, state_path: Path) -> int:
    """List registered firms and their reporting relationships."""
    sim = open_simulator(state_path)
    try:
        firms = sim.firms(env)
        rels = sim.registry.relationships(Environment(env))
    finally:
        sim.close()
    rows: list[dict[str, Any]] = [
        {"crd": f.crd, "name": f.name, "submitterID": f.submitter_id,
         "agents": [r.submitter_id for r in rels if r.crd == f.crd]} for f in firms]
    if json_output:
        click.echo(json.dumps(rows, indent=2))
    else:
        for row in rows:
            agents = ", ".join(map(str, row["agents"])) or "none"
            click.echo(f"{row['crd']}\t{row['name']}\tsubmitter {row['submitterID'] or '-'}"
                       f"\tagents {agents}")
    return OK


@click.group("relationship")
def relationship() -> None:
    """CAIS reporting relationships that let an agent submit for a firm."""


@relationship.command("add")
@click.argument("submitter_id", type=click.IntRange(min=1))
@click.argument("crd", type=click.IntRange(min=1))
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day (default: always).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Day it ends (exclusive).")
@click.option("--env", "envs", type=click.Choice(_ENVS), multiple=True,
              help="Environment(s) (default: all three).")
@state_option
def relationship_add(submitter_id: int, crd: int, start: dt.datetime | None,
                     end: dt.datetime | None, envs: tuple[str, ...], state_path: Path) -> int:
    """Authorize SUBMITTER_ID to submit CAIS data for firm CRD."""
    sim = open_simulator(state_path)
    try:
        sim.add_relationship(submitter_id, crd, envs=_envs(envs),
                             start=start.date() if start else None,
                             end=end.date() if end else None)
    finally:
        sim.close()
    click.echo(f"submitter {submitter_id} may submit for CRD {crd}")
    return OK


@click.command("submit")
@click.argument("data", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("tids", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                required=False)
@env_option
@click.option("--at", "at", help="Submission time, ISO-8601 (no offset: Eastern Time). "
                                 "Default: the simulated clock.")
@click.option("--submitter-id", type=click.IntRange(min=1),
              help="Who sends the files (default: the submitter in the file name).")
@click.option("--portal", is_flag=True, help="Upload through the Portal (its size limits).")
@click.option("--sftp-root", type=click.Path(file_okay=False, path_type=Path),
              help="Also write feedback files under DIR/<env>/<submitter>/cat/….")
@json_option
@state_option
def submit(data: Path, tids: Path | None, env: str, at: str | None, submitter_id: int | None,
           portal: bool, sftp_root: Path | None, json_output: bool, state_path: Path) -> int:
    """Submit a Data File and its TIDS file to the stored simulator.

    An LTID-phase (schema 1.0.0) Data File is sent without a TIDS file.

    Exit status: 0 completed without rejections, 1 with rejections, 2 integrity error.
    """
    sim = open_simulator(state_path)
    sim.sftp_root = sftp_root
    try:
        when = moment(at)
        if when is not None and (sim.store.get("clock") is None or when > sim.now()):
            sim.clock = SimulatedClock(when)
        result = sim.submit(data, tids, env=env, submitter_id=submitter_id, at=when,
                            channel="portal" if portal else "sftp")
        save_clock(sim)
    finally:
        sim.close()
    click.echo(json.dumps(as_json(result), indent=2) if json_output else render(result))
    return result.exit_code


@click.command("advance")
@click.option("--to", "to", required=True,
              help="New simulated time, ISO-8601 (no offset: Eastern Time).")
@state_option
def advance(to: str, state_path: Path) -> int:
    """Move the simulated clock forward (daily and monthly outputs fall due on the way)."""
    target = moment(to)
    assert target is not None
    sim = open_simulator(state_path)
    try:
        if sim.store.get("clock") is None:
            sim.clock = SimulatedClock(min(target, sim.now()))
        if target < sim.now():
            raise InvalidArgument(f"the clock is at {sim.now().isoformat()}; it cannot go back")
        outputs = sim.advance(target)
        save_clock(sim)
    finally:
        sim.close()
    click.echo(f"clock at {target.isoformat()}; {len(outputs)} output file(s) produced")
    return OK


@click.command("feedback")
@click.argument("submission_id", type=click.IntRange(min=1))
@env_option
@click.option("--kind", type=click.Choice(["data", "tids"]), default="data", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write the feedback files (.json.bz2) into DIR instead of printing.")
@state_option
def feedback(submission_id: int, env: str, kind: str, out: Path | None,
             state_path: Path) -> int:
    """Print (or write) every feedback version of a submission."""
    sim = open_simulator(state_path)
    try:
        docs = sim.feedback(submission_id, env=env, kind=kind)
    finally:
        sim.close()
    if not docs:
        raise InvalidArgument(f"no submission {submission_id} in {env}")
    for name, doc in docs:
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(bz2.compress(json.dumps(doc).encode(), 9))
            click.echo(str(out / name))
        else:
            click.echo(f"{name}\n{json.dumps(doc, indent=2)}")
    return OK
