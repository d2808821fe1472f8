"""The command group; each subcommand lives in its own module, imported when it runs.

A command's module pulls in what the command needs (``submit`` the simulator and its SQLite
store, ``generate`` the populations, ``ssn-dictionary`` numpy), so importing every one of
them at start would make each command pay for all the others. Listing the commands (``--help``)
imports them all, as it needs their help texts. This is the lazy group of click's
documentation ("Lazily Loading Subcommands").
"""

from __future__ import annotations

import importlib
from typing import Any

import click

#: Command name -> "module:attribute" of its click command.
COMMANDS = {
    "advance": "cais_sim.cli.backend_cmds:advance",
    "demo": "cais_sim.cli.demo_cmd:demo",
    "feedback": "cais_sim.cli.backend_cmds:feedback",
    "firm": "cais_sim.cli.backend_cmds:firm",
    "generate": "cais_sim.cli.generate_cmd:generate",
    "inspect": "cais_sim.cli.inspect_cmd:inspect_cmd",
    "relationship": "cais_sim.cli.backend_cmds:relationship",
    "reports": "cais_sim.cli.reports_cmd:reports",
    "ssn-dictionary": "cais_sim.cli.ssn_dictionary_cmd:ssn_dictionary_cmd",
    "submit": "cais_sim.cli.backend_cmds:submit",
    "tid": "cais_sim.cli.tid_cmd:tid",
    "validate": "cais_sim.cli.validate_cmd:validate",
}


class LazyGroup(click.Group):
    """A group whose subcommands are named in :data:`COMMANDS` and imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        module_name, _, attribute = COMMANDS[cmd_name].partition(":")
        command: Any = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong table entry
            raise TypeError(f"{COMMANDS[cmd_name]} is not a click command")
        self.add_command(command, cmd_name)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cais-sim")
def cli() -> None:
    """Simulate FINRA CAT's Customer and Account Information System (CAIS) locally."""
