"""Recognising TIDs hashed from SSN/ITINs outside CAT's valid ranges: the full dictionary.

CAT never sees an Input Identifier, only its SHA-256 [S1 §3.4, §5.1.4 r6], so its range
checks can only work by recognising hashes. The junk numbers S1 §3.4 names are few and
always recognised (:func:`cais_sim.spec.tid.known_invalid_tid`); the area, group and serial
rules (area 000 or 666, group 00, serial 0000) cover 12,078,811 hyphenated numbers, which
is what this dictionary holds (digest h.3, the simulator's inference of how CAT does it).

The dictionary is built once into a file: the first eight bytes of each hash as sorted
64-bit integers (about 92 MiB). Lookups are binary searches over a memory map, so every
process of an intake (the forked helper included) shares one copy through the page cache.
A valid number's hash shares its first eight bytes with one of the 12 million by chance
with probability about 7e-13 per lookup; that is the price of a file a tenth the size of
full hashes.

Building takes about 15 CPU-seconds, so the dictionary is opt-in: point
``CAIS_SIM_SSN_DICTIONARY`` at a file path (built on first use when missing), call
:func:`use`, or build it ahead with ``cais-sim ssn-dictionary PATH``. Without it, only the
named junk numbers are recognised, which is what the rules did before. numpy is imported
only where a dictionary is built or opened: every intake consults :func:`recognises`, and
most never use a dictionary.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cais_sim.errors import InvalidArgument

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: Environment variable naming the dictionary file.
ENV_VAR = "CAIS_SIM_SSN_DICTIONARY"
_MAGIC = b"CAISSSN1"
_HEADER = 16  # magic + little-endian count
_AREAS = range(1000)
#: Junk numbers S1 §3.4 lists that the area/group/serial rules do not already cover.
_NAMED_EXTRA = (*(f"{d * 3}-{d * 2}-{d * 4}" for d in "12345789"), "123-45-6789")


def _invalid_in_area(area: int) -> Iterator[str]:
    """Every invalid hyphenated number of one area, each once, in numeric order."""
    prefix = f"{area:03d}-"
    if area in (0, 666):
        for group in range(100):
            for serial in range(10_000):
                yield f"{prefix}{group:02d}-{serial:04d}"
        return
    named = {n for n in _NAMED_EXTRA if n.startswith(prefix)}
    for group in range(100):
        if group == 0:
            for serial in range(10_000):
                yield f"{prefix}00-{serial:04d}"
            continue
        yield f"{prefix}{group:02d}-0000"
        yield from sorted(n for n in named if n[4:6] == f"{group:02d}")


def _checked(areas: Iterable[int]) -> list[int]:
    chosen = list(areas)
    bad = [area for area in chosen if not 0 <= area <= 999]
    if bad:
        raise InvalidArgument(f"area {bad[0]} is not a three-digit number")
    return chosen


def invalid_numbers(areas: Iterable[int] = _AREAS) -> Iterator[str]:
    """The hyphenated SSN/ITINs of ``areas`` that CAT refuses [S1 §3.4]."""
    for area in _checked(areas):
        yield from _invalid_in_area(area)


def invalid_count() -> int:
    """How many numbers the full dictionary holds, by arithmetic rather than enumeration."""
    whole_areas = 2 * 100 * 10_000            # areas 000 and 666
    other_areas = 998 * (10_000 + 99)         # group 00, then serial 0000 in groups 01-99
    return whole_areas + other_areas + len(_NAMED_EXTRA)


def _prefixes(area: int) -> bytes:
    """The sorted-later 8-byte hash prefixes of one area, as native uint64 bytes."""
    import numpy as np  # noqa: PLC0415 - only when a dictionary is used

    sha = hashlib.sha256
    values = [int.from_bytes(sha(text.encode()).digest()[:8], "big")
              for text in _invalid_in_area(area)]
    return np.array(values, dtype=np.uint64).tobytes()


def build(path: str | os.PathLike[str], *, areas: Sequence[int] = _AREAS,
          processes: int | None = None) -> Path:
    """Write the dictionary of ``areas`` (all by default) to ``path``, atomically."""
    import numpy as np  # noqa: PLC0415 - only when a dictionary is used

    target = Path(path)
    areas = _checked(areas)
    workers = processes or os.cpu_count() or 1
    if workers > 1 and len(areas) > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_prefixes, areas, chunksize=8)
    else:
        parts = [_prefixes(area) for area in areas]
    values = np.frombuffer(b"".join(parts), dtype=np.uint64).copy()
    values.sort()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as out:
        out.write(_MAGIC + len(values).to_bytes(8, "little"))
        out.write(values.astype("<u8").tobytes())
    os.replace(partial, target)
    return target


class SsnDictionary:
    """A built dictionary, opened read-only for lookups."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            with self.path.open("rb") as handle:
                header = handle.read(_HEADER)
        except OSError as exc:
            raise InvalidArgument(f"{self.path}: cannot read the SSN dictionary ({exc})") \
                from None
        count = int.from_bytes(header[8:], "little") if len(header) == _HEADER else -1
        size = self.path.stat().st_size
        if header[:8] != _MAGIC or size != _HEADER + 8 * count:
            raise InvalidArgument(f"{self.path}: not an SSN dictionary written by cais-sim "
                                  "(rebuild it with `cais-sim ssn-dictionary`)")
        import numpy as np  # noqa: PLC0415 - only when a dictionary is used

        self._values: npt.NDArray[np.uint64] = (
            np.memmap(self.path, dtype="<u8", mode="r", offset=_HEADER, shape=(count,))
            if count else np.zeros(0, dtype=np.uint64))
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __contains__(self, tid_value: object) -> bool:
        """Whether ``tid_value`` (64 hex digits, either case) hashes an invalid number."""
        if not isinstance(tid_value, str) or len(tid_value) != 64:
            return False
        try:
            prefix = int(tid_value[:16], 16)
        except ValueError:
            return False
        at = int(self._values.searchsorted(self._values.dtype.type(prefix)))
        return at < self._count and int(self._values[at]) == prefix


_ACTIVE: SsnDictionary | None = None
_LOADED_FROM_ENV = False


def use(path: str | os.PathLike[str] | None, *, build_missing: bool = True) -> None:
    """Make the range checks consult the dictionary at ``path`` (None: named numbers only).

    A missing file is built first (about 15 CPU-seconds) unless ``build_missing`` is false.
    """
    global _ACTIVE, _LOADED_FROM_ENV  # noqa: PLW0603 - one dictionary per process, by design
    _LOADED_FROM_ENV = True  # an explicit choice overrides the environment variable
    if path is None:
        _ACTIVE = None
        return
    if not Path(path).exists():
        if not build_missing:
            raise InvalidArgument(f"{path}: no SSN dictionary there")
        build(path)
    _ACTIVE = SsnDictionary(path)


def active() -> SsnDictionary | None:
    """The dictionary the range checks consult, opened from ``CAIS_SIM_SSN_DICTIONARY`` on
    first use when :func:`use` was not called."""
    global _LOADED_FROM_ENV  # noqa: PLW0603
    if not _LOADED_FROM_ENV:
        _LOADED_FROM_ENV = True
        configured = os.environ.get(ENV_VAR)
        if configured:
            use(configured)
    return _ACTIVE


def recognises(tid_value: str) -> bool:
    """Whether the active dictionary (if any) holds ``tid_value``."""
    dictionary = active()
    return dictionary is not None and tid_value in dictionary


__all__ = ["ENV_VAR", "SsnDictionary", "active", "build", "invalid_count", "invalid_numbers",
           "recognises", "use"]
