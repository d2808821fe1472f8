"""The ``cais-sim`` command.

Exit status is part of the interface, so CI jobs can branch on it:
0 success; 1 completed with rejections; 2 integrity error, unreadable or unpaired files;
64 usage error; 70 internal error (a defect in cais-sim; the message says how to report it).
"""

from __future__ import annotations

import sys

import click

from cais_sim.cli.app import cli
from cais_sim.cli.exitcodes import INTERNAL, USAGE
from cais_sim.errors import CaisSimError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns (and, as a script, exits with) the exit status."""
    try:
        result = cli.main(args=argv, prog_name="cais-sim", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return _exit(USAGE, argv)
    except click.UsageError as exc:
        exc.show()
        return _exit(USAGE, argv)
    except click.ClickException as exc:
        exc.show()
        return _exit(exc.exit_code or USAGE, argv)
    except CaisSimError as exc:
        click.echo(f"error: {exc}", err=True)
        return _exit(USAGE, argv)
    except KeyboardInterrupt:
        return _exit(130, argv)
    except Exception as exc:  # the one place a defect is turned into a message
        click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   "This is a defect in cais-sim; please report it with the command you ran.",
                   err=True)
        return _exit(INTERNAL, argv)
    code = result if isinstance(result, int) else 0
    return _exit(code, argv)


def _exit(code: int, argv: list[str] | None) -> int:
    if argv is None:
        sys.exit(code)
    return code


__all__ = ["cli", "main"]
