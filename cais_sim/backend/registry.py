"""Registration: firms, submitters, correspondents and CAIS reporting relationships.

A CAT Reporter (identified by its CRD) may submit its own files, using its own CAT
Submitter ID, or have a CAT Reporting Agent submit them. An agent needs a CAIS reporting
relationship with the firm, separate from any transaction-reporting relationship, in force
on the day of submission [S1 §2.1.1, §6.2 r10; FAQ Q33 (digest S12)]. Relationships are
kept per environment, as CAT keeps them per environment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cais_sim.backend.store import Store
from cais_sim.errors import InvalidArgument
from cais_sim.spec.effective import Environment


@dataclass(frozen=True, slots=True)
class Firm:
    """A registered CAT Reporter."""

    env: Environment
    crd: int
    name: str
    submitter_id: int | None
    reset_in_progress: bool
    registered_on: dt.date


@dataclass(frozen=True, slots=True)
class Relationship:
    """A CAIS reporting relationship: ``submitter_id`` may submit for ``crd``."""

    env: Environment
    submitter_id: int
    crd: int
    start: dt.date
    end: dt.date | None

    def in_force(self, day: dt.date) -> bool:
        """Whether the relationship covers ``day`` (the end day is excluded)."""
        return self.start <= day and (self.end is None or day < self.end)


def _unsigned(value: int, what: str) -> None:
    if value.__class__ is not int or value <= 0:
        raise InvalidArgument(f"{what} must be a positive whole number, not {value!r}")


class Registry:
    """Registration data of every environment, kept in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add_submitter(self, env: Environment, submitter_id: int, name: str,
                      username: str | None = None) -> None:
        """Register a CAT Submitter ID (a firm's own or an agent's)."""
        _unsigned(submitter_id, "submitter ID")
        self.store.conn.execute(
            "INSERT OR REPLACE INTO submitters VALUES (?, ?, ?, ?)",
            (env.value, submitter_id, name, username or f"user{submitter_id}"))

    def add_firm(self, env: Environment, crd: int, name: str, *, submitter_id: int | None,
                 registered_on: dt.date) -> Firm:
        """Register a CAT Reporter; ``submitter_id`` is its own ID when it self-submits."""
        _unsigned(crd, "CRD")
        if submitter_id is not None:
            _unsigned(submitter_id, "submitter ID")
            if self.submitter_name(env, submitter_id) is None:
                self.add_submitter(env, submitter_id, name)
        self.store.conn.execute(
            "INSERT OR REPLACE INTO firms VALUES (?, ?, ?, ?, 0, ?)",
            (env.value, crd, name, submitter_id, registered_on.isoformat()))
        firm = self.firm(env, crd)
        assert firm is not None
        return firm

    def firm(self, env: Environment, crd: int) -> Firm | None:
        """The registered firm with that CRD, or None."""
        row = self.store.conn.execute(
            "SELECT crd, name, submitter_id, reset_in_progress, registered_on FROM firms "
            "WHERE env = ? AND crd = ?", (env.value, crd)).fetchone()
        if row is None:
            return None
        return Firm(env, row[0], row[1], row[2], bool(row[3]),
                    dt.date.fromisoformat(row[4]))

    def firms(self, env: Environment) -> list[Firm]:
        """Every registered firm of the environment, by CRD."""
        rows = self.store.conn.execute(
            "SELECT crd FROM firms WHERE env = ? ORDER BY crd", (env.value,)).fetchall()
        return [f for (crd,) in rows if (f := self.firm(env, crd)) is not None]

    def submitter_name(self, env: Environment, submitter_id: int) -> str | None:
        """The username behind a submitter ID (feedback's ``submitterUsername``)."""
        row = self.store.conn.execute(
            "SELECT username FROM submitters WHERE env = ? AND submitter_id = ?",
            (env.value, submitter_id)).fetchone()
        return None if row is None else str(row[0])

    def set_reset(self, env: Environment, crd: int, in_progress: bool) -> None:
        """Mark a firm-requested data reset as running or finished (code 21021)."""
        self.store.conn.execute("UPDATE firms SET reset_in_progress = ? WHERE env = ? AND crd = ?",
                                (int(in_progress), env.value, crd))

    def add_relationship(self, env: Environment, submitter_id: int, crd: int,
                         start: dt.date, end: dt.date | None = None) -> Relationship:
        """Authorize ``submitter_id`` to submit CAIS data for ``crd`` from ``start``."""
        _unsigned(submitter_id, "submitter ID")
        _unsigned(crd, "CRD")
        if end is not None and end <= start:
            raise InvalidArgument("a relationship must end after it starts")
        if self.submitter_name(env, submitter_id) is None:
            self.add_submitter(env, submitter_id, f"Submitter {submitter_id}")
        self.store.conn.execute(
            "INSERT OR REPLACE INTO relationships VALUES (?, ?, ?, ?, ?)",
            (env.value, submitter_id, crd, start.isoformat(),
             end.isoformat() if end else None))
        return Relationship(env, submitter_id, crd, start, end)

    def relationships(self, env: Environment, crd: int | None = None) -> list[Relationship]:
        """Reporting relationships of the environment (of one firm if ``crd`` is given)."""
        query = "SELECT submitter_id, crd, start_date, end_date FROM relationships WHERE env = ?"
        args: tuple[object, ...] = (env.value,)
        if crd is not None:
            query += " AND crd = ?"
            args += (crd,)
        rows = self.store.conn.execute(query + " ORDER BY crd, submitter_id, start_date", args)
        return [Relationship(env, s, c, dt.date.fromisoformat(a),
                             dt.date.fromisoformat(b) if b else None) for s, c, a, b in rows]

    def add_correspondent(self, env: Environment, clearing_crd: int,
                          correspondent_crd: int) -> None:
        """Record that a clearing firm reports accounts it holds for a correspondent."""
        _unsigned(clearing_crd, "clearing CRD")
        _unsigned(correspondent_crd, "correspondent CRD")
        self.store.conn.execute("INSERT OR REPLACE INTO correspondents VALUES (?, ?, ?)",
                                (env.value, clearing_crd, correspondent_crd))

    def may_submit(self, env: Environment, submitter_id: int, crd: int, day: dt.date) -> bool:
        """Whether ``submitter_id`` may send files for ``crd`` on ``day`` [S1 §6.2 r10]."""
        firm = self.firm(env, crd)
        if firm is not None and firm.submitter_id == submitter_id:
            return True
        return any(r.submitter_id == submitter_id and r.in_force(day)
                   for r in self.relationships(env, crd))
