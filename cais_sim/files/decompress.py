"""Bounded, background bzip2 decompression.

Decompression is the slowest step of reading a CAIS file (about 70 MB/s on one core,
shared/reference/perf-baselines.md "bz2"), and CPython's bz2 module releases the GIL while
it works, so a second thread decompresses the next chunks while the main thread parses the
current one. Each call produces at most ``chunk_size`` bytes, so a decompression bomb can
never allocate more than a few chunks, and a total-size limit stops it early.

Concatenated bzip2 streams are read as one file, as the ``bzip2`` tool does.
"""

from __future__ import annotations

import bz2
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK_SIZE = 1 << 20
_QUEUE_DEPTH = 8
BZ2_MAGIC = b"BZh"


class DecompressionError(Exception):
    """The compressed input is not a complete, valid bzip2 file."""


class SizeLimitExceeded(Exception):
    """The uncompressed content is larger than the reader was allowed to produce."""


def _decompress(raw: BinaryIO, chunk_size: int, limit: int | None) -> Iterator[bytes]:
    """Yield decompressed chunks of at most ``chunk_size`` bytes from ``raw``."""
    decomp = bz2.BZ2Decompressor()
    produced = 0
    data = b""
    started = False
    streams = 0
    while True:
        if decomp.eof:
            data = decomp.unused_data + data
            decomp = bz2.BZ2Decompressor()
            started = False
            streams += 1
        if not data and (decomp.needs_input or not started):
            data = raw.read(chunk_size)
            if not data:
                if started:
                    raise DecompressionError(
                        "compressed data ends before the end-of-stream marker"
                    )
                if streams == 0:
                    raise DecompressionError("the file is empty")
                return
        started = True
        try:
            out = decomp.decompress(data, max_length=chunk_size)
        except (OSError, ValueError) as exc:
            raise DecompressionError(str(exc)) from None
        data = b""
        if out:
            produced += len(out)
            if limit is not None and produced > limit:
                raise SizeLimitExceeded(f"uncompressed content exceeds {limit:,} bytes")
            yield out


def iter_decompressed(
    path: Path, *, chunk_size: int = CHUNK_SIZE, limit: int | None = None
) -> Iterator[bytes]:
    """Yield the decompressed content of ``path`` in chunks, decompressing in a thread.

    Raises :class:`DecompressionError` or :class:`SizeLimitExceeded` from the consuming
    thread when the input is bad. Closing the generator stops the worker.
    """
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(_QUEUE_DEPTH)
    stop = threading.Event()

    def work() -> None:
        try:
            with path.open("rb") as raw:
                for chunk in _decompress(raw, chunk_size, limit):
                    while not stop.is_set():
                        try:
                            chunks.put(chunk, timeout=0.1)
                            break
                        except queue.Full:
                            continue
                    if stop.is_set():
                        return
            chunks.put(None)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            chunks.put(exc)

    worker = threading.Thread(target=work, name="cais-bz2", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            try:
                chunks.get_nowait()
            except queue.Empty:
                worker.join(0.05)


def iter_plain(path: Path, *, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Yield an uncompressed file in chunks (used for ``.json`` files when inspecting)."""
    with path.open("rb") as raw:
        while chunk := raw.read(chunk_size):
            yield chunk


def looks_like_bz2(path: Path) -> bool:
    """True when the file starts with the bzip2 signature."""
    with path.open("rb") as raw:
        return raw.read(3) == BZ2_MAGIC


__all__ = [
    "CHUNK_SIZE",
    "DecompressionError",
    "SizeLimitExceeded",
    "iter_decompressed",
    "iter_plain",
    "looks_like_bz2",
]
