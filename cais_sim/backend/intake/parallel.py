"""Record checks on both cores.

Checking records is most of an intake's work, and one record's verdict depends only on
the record, the context (the TIDS file's maps, stored state) and the rules in force, never
on another record: everything that compares records runs afterwards, on the entries. So
for large files on file-backed stores the intake forks one helper process that checks
every other batch of staged records while the intake process checks the rest, and the
entries are put back in file order. The outcome is identical to a run on one core
(``tests/backend/intake/test_parallel.py`` compares them); only the wall time changes.

The helper reads and never writes. It gets its batches through a pipe, already encoded as
they sit in the staging table, and consults stored state through its own read-only
connection (in WAL mode it sees the last committed state; the intake's open transaction
has written nothing rules consult yet). It never touches the intake's connections and
leaves without running finalizers, as ``multiprocessing``'s fork children do. If it fails
or dies, its batches are checked again in the intake process, so a lost helper costs time,
never a verdict.

Fork is a POSIX facility: where it is unavailable every batch is checked in-process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from cais_sim.backend.intake.staging import Staging, decode
from cais_sim.rules.model import Finding

T = TypeVar("T")

#: Records per batch: large enough that a pipe message costs little next to the checks,
#: small enough that both processes stay busy until the end of a list.
BATCH = 1_000
#: Below this many records a helper costs more (fork, pipe) than it saves.
MIN_RECORDS = 20_000
#: Batches waiting for the pipe; bounds the intake process's memory when the helper lags.
_QUEUE_BATCHES = 16


@dataclass(frozen=True, slots=True)
class Job(Generic[T]):
    """One staged list, and how each of its records becomes an entry.

    An entry is the record's fields (``entry``, cheap) plus the findings of the rules in
    force (``rules``, most of the work), which ``attach`` adds to it. Splitting them lets
    the helper run only the rules and send back only the findings, which nearly every
    record has none of, instead of every entry.
    """

    list_key: str
    entry: Callable[[int, dict[str, Any]], T]
    rules: Callable[[dict[str, Any]], list[Finding]]
    attach: Callable[[T, list[Finding]], None]

    def check(self, idx: int, record: dict[str, Any]) -> T:
        """The entry of one record (1-based ``idx`` in its list), findings included."""
        entry = self.entry(idx, record)
        found = self.rules(record)
        if found:
            self.attach(entry, found)
        return entry


def fork_available() -> bool:
    """Whether this platform can fork a helper process."""
    return "fork" in multiprocessing.get_all_start_methods()


def map_staged(staging: Staging, jobs: Sequence[Job[T]], *,
               helper_setup: Callable[[], None] | None) -> list[list[T]]:
    """The entries of every job's records, in file order, one list per job.

    ``helper_setup`` runs first thing in the helper (it reopens whatever the checks read);
    None checks every record in this process.
    """
    if helper_setup is None or not fork_available():
        return [[job.check(idx, decode(body)) for batch in staging.batches(job.list_key, BATCH)
                 for idx, body in batch] for job in jobs]
    return _Split(staging, jobs, helper_setup).run()


class _Split(Generic[T]):
    """Even batches here, odd batches in the helper."""

    def __init__(self, staging: Staging, jobs: Sequence[Job[T]],
                 helper_setup: Callable[[], None]) -> None:
        self.staging = staging
        self.jobs = jobs
        self.helper_setup = helper_setup
        #: (job, batch) -> entries; both processes fill it.
        self.done: dict[tuple[int, int], list[T]] = {}
        #: (job, batch) -> (first idx, last idx) of the batches sent to the helper.
        self.sent: dict[tuple[int, int], tuple[int, int]] = {}
        #: Number of batches of each job.
        self.batches = [0] * len(jobs)
        #: Batches sent to the helper that had to be checked here after all.
        self.redone = 0

    def run(self) -> list[list[T]]:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        helper = context.Process(target=_helper, args=(theirs, self.jobs, self.helper_setup),
                                 daemon=True)
        helper.start()
        theirs.close()
        outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUE_BATCHES)
        sender = threading.Thread(target=_send_all, args=(ours, outbox), daemon=True)
        sender.start()
        try:
            self._dispatch(outbox)
        finally:
            outbox.put(None)
            sender.join()
        self._collect(ours)
        ours.close()
        helper.join()
        return [[entry for batch in range(self.batches[n]) for entry in self.done[(n, batch)]]
                for n in range(len(self.jobs))]

    def _dispatch(self, outbox: queue.Queue[bytes | None]) -> None:
        for n, job in enumerate(self.jobs):
            for number, batch in enumerate(self.staging.batches(job.list_key, BATCH)):
                self.batches[n] = number + 1
                if number % 2:
                    self.sent[(n, number)] = (batch[0][0], batch[-1][0])
                    outbox.put(pickle.dumps((n, number, batch), pickle.HIGHEST_PROTOCOL))
                    # The fields are read here; the findings come back from the helper.
                    self.done[(n, number)] = [job.entry(idx, decode(body))
                                              for idx, body in batch]
                else:
                    self.done[(n, number)] = [job.check(idx, decode(body))
                                              for idx, body in batch]

    def _collect(self, ours: Connection) -> None:
        try:
            reply = pickle.loads(ours.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            reply = None
        returned: set[tuple[int, int]] = set()
        if isinstance(reply, list):
            for n, number, found in reply:
                entries = self.done[(n, number)]
                attach = self.jobs[n].attach
                for position, findings in found:
                    attach(entries[position], findings)
                returned.add((n, number))
        # Whatever the helper did not return is checked here.
        for (n, number), (first, last) in self.sent.items():
            if (n, number) not in returned:
                self.redone += 1
                job = self.jobs[n]
                self.done[(n, number)] = [
                    job.check(idx, decode(body))
                    for idx, body in self.staging.span(job.list_key, first, last)]


def _send_all(ours: Connection, outbox: queue.Queue[bytes | None]) -> None:
    """Feed the helper from a thread, so the intake process never waits on the pipe."""
    broken = False
    while True:
        message = outbox.get()
        if broken:
            if message is None:
                return
            continue  # keep draining so the dispatching thread never blocks
        try:
            ours.send_bytes(message if message is not None else b"")
        except OSError:
            broken = True  # the helper is gone; its batches are redone in _collect
        if message is None:
            return


def _helper(theirs: Connection, jobs: Sequence[Job[Any]],
            setup: Callable[[], None]) -> None:
    """The helper process: run the rules on every batch received, then send back the
    findings of the records that have any, by position in their batch."""
    results: list[tuple[int, int, list[tuple[int, list[Finding]]]]] = []
    # A short-lived process: the collector would only walk (and copy-on-write) the
    # intake's objects it inherited.
    gc.disable()
    gc.freeze()
    try:
        setup()
        while message := theirs.recv_bytes():
            n, number, batch = pickle.loads(message)
            rules = jobs[n].rules
            found = [(position, findings) for position, (_idx, body) in enumerate(batch)
                     if (findings := rules(decode(body)))]
            results.append((n, number, found))
        theirs.send_bytes(pickle.dumps(results, pickle.HIGHEST_PROTOCOL))
    except Exception as error:  # reported; the intake process redoes the batches
        with contextlib.suppress(OSError):
            theirs.send_bytes(pickle.dumps(repr(error)))
    finally:
        theirs.close()
