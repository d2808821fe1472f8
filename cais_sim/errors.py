"""Exceptions raised by cais-sim.

Every error a user can cause carries enough context (file, record position, field) to be
printed as one clear line; the CLI prints ``str(error)`` and never a traceback.
"""

from __future__ import annotations


class CaisSimError(Exception):
    """Base class of every error cais-sim raises on purpose."""


class InvalidArgument(CaisSimError, ValueError):
    """A caller passed a value the API cannot work with."""


class FileNameError(CaisSimError, ValueError):
    """A file name does not follow the CAIS naming rules.

    ``problems`` lists every rule the name breaks, each as ``(code, message)`` where code is
    the integrity code CAIS would return (e.g. 21010), or ``None`` for advice only.
    """

    def __init__(self, name: str, problems: list[tuple[int | None, str]]) -> None:
        self.name = name
        self.problems = problems
        detail = "; ".join(msg for _, msg in problems)
        super().__init__(f"{name}: {detail}")


class IdentifierError(CaisSimError, ValueError):
    """An Input Identifier cannot be normalised for hashing. Never echoes the value."""
