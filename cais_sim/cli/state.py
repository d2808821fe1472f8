"""Opening the simulator a command works on: its state file and its persisted clock.

Commands run in separate processes, so the simulated time lives in the state database
(``clock`` setting) and each command starts where the previous one left the clock. Until a
command sets it (``submit`` or ``advance``), the clock reads the current time, so the first
``--at`` may name any moment.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from cais_sim.backend.clock import SimulatedClock, parse_moment
from cais_sim.errors import InvalidArgument
from cais_sim.simulator import Simulator

DEFAULT_STATE = "cais-sim.db"

state_option = click.option(
    "--state", "state_path", type=click.Path(dir_okay=False, path_type=Path),
    default=lambda: os.environ.get("CAIS_SIM_STATE", DEFAULT_STATE), show_default=DEFAULT_STATE,
    help="SQLite file holding the simulated CAIS (also $CAIS_SIM_STATE).")

env_option = click.option(
    "--env", "env", type=click.Choice(["test", "prod-mirror", "prod"]), default="test",
    show_default=True, help="Environment: Industry Test, Production Mirror or Production.")

json_option = click.option("--json", "json_output", is_flag=True,
                           help="Print JSON for machines instead of a summary.")


def moment(text: str | None) -> dt.datetime | None:
    """A command-line time (ISO-8601; without an offset it is Eastern Time)."""
    if text is None:
        return None
    try:
        return parse_moment(text)
    except (InvalidArgument, ValueError) as exc:
        raise click.BadParameter(str(exc)) from None


def open_simulator(path: Path, *, seed: int = 0) -> Simulator:
    """The simulator stored at ``path``, with its clock restored."""
    sim = Simulator(state=path, seed=seed)
    stored_seed = sim.store.get("seed")
    if stored_seed is not None:
        sim.seed = int(stored_seed)
    stored = sim.store.get("clock")
    start = dt.datetime.fromisoformat(stored) if stored else dt.datetime.now(dt.UTC)
    sim.clock = SimulatedClock(start)
    if sim.store.get("seed") is None:
        sim.store.put("seed", str(seed))
    return sim


def save_clock(sim: Simulator) -> None:
    """Persist the simulated time for the next command."""
    sim.store.put("clock", sim.now().isoformat())
