"""``cais-sim tid``: the tidValue CAIS expects for an Input Identifier."""

from __future__ import annotations

import json
import sys

import click

from cais_sim.cli.exitcodes import OK, USAGE
from cais_sim.errors import IdentifierError
from cais_sim.spec.tid import ssn_range_problem, tid_value

_TID_TYPES = {"ssn": "SSN/ITIN", "itin": "SSN/ITIN", "ein": "EIN", "foreign": "FOREIGN"}


@click.command("tid")
@click.option("--type", "kind", required=True, type=click.Choice(sorted(_TID_TYPES)),
              help="Kind of Input Identifier.")
@click.argument("value")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object for machines.")
def tid(kind: str, value: str, as_json: bool) -> int:
    """Print the tidValue for VALUE as the CAIS specification prescribes (S1 §3.4).

    SSNs and ITINs are hashed in 999-99-9999 form and EINs in 99-9999999 form, whichever
    form you give; foreign identifiers are hashed with spaces and punctuation removed.
    Give VALUE as - to read it from standard input, so it stays out of shell history.
    The identifier itself is never printed.
    """
    if value == "-":
        value = sys.stdin.readline().rstrip("\r\n")
    try:
        digest = tid_value(kind, value)  # type: ignore[arg-type]
    except IdentifierError as exc:
        click.echo(f"error: {exc}", err=True)
        return USAGE
    problem = ssn_range_problem(value) if kind in ("ssn", "itin") else None
    if as_json:
        click.echo(json.dumps({"tidType": _TID_TYPES[kind], "tidValue": digest,
                               "inValidRange": problem is None, "rangeProblem": problem}))
    else:
        click.echo(digest)
        if problem:
            click.echo(f"warning: {problem}; CAIS rejects a TID made from it (24906 on the "
                       "TID Record, 22900 on its Customer)", err=True)
    return OK
