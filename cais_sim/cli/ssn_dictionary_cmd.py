"""``cais-sim ssn-dictionary``: build the hashes of every out-of-range SSN/ITIN once."""

from __future__ import annotations

import time
from pathlib import Path

import click

from cais_sim.cli.exitcodes import OK
from cais_sim.spec import ssn_dictionary


@click.command("ssn-dictionary")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def ssn_dictionary_cmd(path: Path) -> int:
    """Write the dictionary of invalid SSN/ITIN hashes to PATH (about 92 MiB).

    CAT recognises TIDs of numbers outside the valid ranges (area 000 or 666, group 00,
    serial 0000) only by their hashes. Set CAIS_SIM_SSN_DICTIONARY=PATH and every intake
    (submit, validate, the Python API) flags them with 24906/24912, as CAT does; without
    it only the named junk numbers are recognised. Building takes about 15 CPU-seconds,
    on every core.
    """
    started = time.perf_counter()
    ssn_dictionary.build(path)
    size = path.stat().st_size / 2**20
    count = len(ssn_dictionary.SsnDictionary(path))
    click.echo(f"{path}: {count:,} hashes, {size:.0f} MiB, built in "
               f"{time.perf_counter() - started:.1f} s; set {ssn_dictionary.ENV_VAR}={path}")
    return OK
