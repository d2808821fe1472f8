"""Environments and effective-date windows.

CAIS rolled changes out to the Industry Test environment first and to Production (and the
Production Mirror used for certification) some days later, so every dated fact of the data
contract carries one window per environment. A window is half-open: in force from ``start``
(inclusive) until ``end`` (exclusive); ``None`` means unbounded on that side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Environment(StrEnum):
    """The three CAIS environments a firm reports to (S1 §7; onboarding guide §3)."""

    INDUSTRY_TEST = "test"
    PRODUCTION_MIRROR = "prod-mirror"
    PRODUCTION = "prod"

    @property
    def is_production_like(self) -> bool:
        """Production Mirror follows Production's release dates (it mirrors Production)."""
        return self is not Environment.INDUSTRY_TEST


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open date interval ``[start, end)``."""

    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` falls inside the window."""
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day >= self.end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start} – {end}"


ALWAYS = Window()


@dataclass(frozen=True, slots=True)
class Effective:
    """When something is in force: one window for Industry Test, one for Production.

    Production Mirror uses the Production window. ``note`` says where the dates come from
    (or that they are a documented choice where the public material gives none).
    """

    test: Window = ALWAYS
    prod: Window = ALWAYS
    note: str = ""
    extra: tuple[Window, ...] = field(default=())

    def window(self, env: Environment) -> Window:
        """The window that applies in ``env``."""
        return self.prod if env.is_production_like else self.test

    def in_force(self, env: Environment, day: dt.date) -> bool:
        """True when in force in ``env`` on ``day``."""
        return self.window(env).contains(day)

    @classmethod
    def everywhere(cls, start: dt.date | None = None, end: dt.date | None = None,
                   note: str = "") -> Effective:
        """The same window in every environment."""
        w = Window(start, end)
        return cls(test=w, prod=w, note=note)


ALWAYS_IN_FORCE = Effective()

__all__ = ["ALWAYS", "ALWAYS_IN_FORCE", "Effective", "Environment", "Window"]
