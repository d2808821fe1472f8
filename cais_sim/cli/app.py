"""The command group; each subcommand lives in its own module."""

from __future__ import annotations

import click

from cais_sim.cli.backend_cmds import advance, feedback, firm, relationship, submit
from cais_sim.cli.demo_cmd import demo
from cais_sim.cli.generate_cmd import generate
from cais_sim.cli.inspect_cmd import inspect_cmd
from cais_sim.cli.reports_cmd import reports
from cais_sim.cli.ssn_dictionary_cmd import ssn_dictionary_cmd
from cais_sim.cli.tid_cmd import tid
from cais_sim.cli.validate_cmd import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cais-sim")
def cli() -> None:
    """Simulate FINRA CAT's Customer and Account Information System (CAIS) locally."""


cli.add_command(inspect_cmd)
cli.add_command(tid)
cli.add_command(demo)
cli.add_command(firm)
cli.add_command(relationship)
cli.add_command(submit)
cli.add_command(validate)
cli.add_command(advance)
cli.add_command(feedback)
cli.add_command(generate)
cli.add_command(reports)
cli.add_command(ssn_dictionary_cmd)
