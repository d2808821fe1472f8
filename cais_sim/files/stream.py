"""Writing a CAIS file while its records are still being produced, compressing as they come.

A CAIS file opens with its header, and the header carries the record counts, which a
producer only knows once the last record is made. :class:`~cais_sim.files.writer.
SubmissionWriter` therefore spools the records and compresses everything at close, so
producing records and compressing them (the slowest step, about 7-10 MB/s per core) never
overlap. This writer removes the wait without knowing the counts in advance:

* bzip2 compresses independent blocks, so every record list is treated as its own run of
  bytes, cut into pieces that each become exactly one block, and each piece is compressed by
  a worker thread (CPython's bz2 releases the GIL) as soon as it fills, while the producer
  goes on building records;
* at close only the header (a few hundred bytes, counts now known) is compressed, and the
  blocks are joined bit-exactly behind it into one standard bzip2 stream with the combined
  CRC, as :mod:`cais_sim.files.compress` does for a single run.

The uncompressed bytes are exactly those :class:`SubmissionWriter` writes for the same
records. The compressed bytes depend only on them and the level: pieces are cut at fixed
positions of each list, never where a thread happens to be, so the number of threads changes
nothing. Compressed blocks (about a seventh of the raw size) are held until close; raw bytes
are held only while a piece waits for a thread, so memory is bounded by the file, not by the
population it belongs to.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import msgspec
import orjson

from cais_sim.errors import InvalidArgument

# The block surgery lives in compress.py; one implementation serves both writers.
from cais_sim.files.compress import Block, BlockStream, compress_piece, piece_size
from cais_sim.files.writer import WriterBase, WriteSummary, data_file_header, file_layout
from cais_sim.spec.enums import FileKind
from cais_sim.spec.records import Record

_ENCODER = msgspec.json.Encoder()
_SEPARATOR = b",\n"


class _Run:
    """The bytes of one record list, cut into pieces that are compressed as they fill."""

    __slots__ = ("blocks", "buffer", "count", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        self.count = 0
        # The list opens exactly as SubmissionWriter writes it.
        self.buffer = bytearray(b',\n"' + key.encode() + b'":[\n')
        self.blocks: list[Future[Block]] = []


class StreamingSubmissionWriter(WriterBase):
    """Write one CAIS Data File or TIDS file, compressing while records are added.

    The interface is that of :class:`~cais_sim.files.writer.SubmissionWriter`: ``header``
    holds the scalar keys other than the counts; :meth:`add` takes typed records and
    :meth:`add_raw` plain JSON objects (for files that break the rules on purpose).
    ``executor`` lets several writers share one pool of compression threads; without it
    the writer runs ``workers`` threads of its own (default: one per core).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        kind: FileKind,
        header: Mapping[str, Any],
        version: str | None = None,
        compresslevel: int = 9,
        workers: int | None = None,
        executor: ThreadPoolExecutor | None = None,
    ) -> None:
        self.layout, self._header = file_layout(kind, header, version)
        layout = self.layout
        if not 1 <= compresslevel <= 9:
            raise InvalidArgument("bzip2 level must be 1 to 9")
        self.path = Path(path)
        self.compresslevel = compresslevel
        self._workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._own_pool = executor is None
        self._pool = executor if executor is not None else ThreadPoolExecutor(
            self._workers, thread_name_prefix="cais-bz2")
        self._piece = piece_size(compresslevel)
        self._runs: dict[str, _Run] = {}
        self._types = {spec.record_type: spec.key for spec in layout.lists}
        self._list_types = {spec.key: spec.record_type for spec in layout.lists}
        self._outstanding: deque[Future[Block]] = deque()
        self._raw_bytes = 0
        self._closed = False
        self.summary: WriteSummary | None = None
        self.sha256: str | None = None

    # -- adding records --------------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        """Records added so far, per list (every list of the layout, empty ones as 0)."""
        result = {spec.key: 0 for spec in self.layout.lists}
        result.update((key, run.count) for key, run in self._runs.items())
        return result

    @property
    def raw_bytes(self) -> int:
        """Uncompressed bytes of the lists so far (the header's few bytes not included)."""
        return self._raw_bytes

    def extend(self, list_key: str, records: Sequence[Record]) -> None:
        """Append ``records``, all of the type ``list_key`` holds, in one step (the fast
        path for a producer that already has its records sorted by list).

        Records are encoded straight into the list's buffer, with no bytes object per
        record to make and join: bulk generation calls this several times per entity.
        """
        if not records:
            return
        wanted = self._list_types.get(list_key)
        for record in records:
            if type(record) is not wanted:
                raise InvalidArgument(f"{type(record).__name__} records do not belong in "
                                      f"{list_key!r} of a {self.layout.kind.value} file")
        run = self._run(list_key)
        buffer = run.buffer
        before = len(buffer)
        encode_into = _ENCODER.encode_into
        count = run.count
        for record in records:
            if count:
                buffer += _SEPARATOR
            encode_into(record, buffer, -1)
            count += 1
        run.count = count
        self._raw_bytes += len(buffer) - before
        if len(buffer) >= self._piece:
            self._cut(run, final=False)

    def add_raw(self, list_key: str, obj: Mapping[str, Any]) -> None:
        """Append a JSON object as-is (key order kept) to ``list_key``."""
        self._append(list_key, orjson.dumps(obj))

    def _append(self, key: str, encoded: bytes) -> None:
        """Append one encoded record to list ``key``."""
        run = self._run(key)
        if run.count:
            run.buffer += _SEPARATOR
            self._raw_bytes += 2
        run.buffer += encoded
        run.count += 1
        self._raw_bytes += len(encoded)
        if len(run.buffer) >= self._piece:
            self._cut(run, final=False)

    def _run(self, key: str) -> _Run:
        """The open run of list ``key``, started (and its opening counted) on first use."""
        if self._closed:
            raise InvalidArgument("the writer is closed")
        run = self._runs.get(key)
        if run is None:
            run = self._runs[key] = _Run(key)
            self._raw_bytes += len(run.buffer)
        return run

    def _cut(self, run: _Run, *, final: bool) -> None:
        """Send the run's full pieces to the threads (and the rest too when ``final``)."""
        buffer = run.buffer
        size = self._piece
        start = 0
        with memoryview(buffer) as view:
            while len(buffer) - start >= size or (final and start < len(buffer)):
                self._submit(run, bytes(view[start:start + size]))
                start += size
        del buffer[:start]

    def _submit(self, run: _Run, piece: bytes) -> None:
        future = self._pool.submit(compress_piece, piece, self.compresslevel)
        run.blocks.append(future)
        self._outstanding.append(future)
        # Bound the raw bytes waiting for a thread; the producer waits here while the
        # threads are busy, which is when waiting costs nothing.
        while len(self._outstanding) > 2 * self._workers:
            self._outstanding.popleft().result()

    # -- finishing -------------------------------------------------------------------------

    def _list_counts(self) -> Mapping[str, int]:
        return self.counts

    def _order(self) -> list[_Run]:
        known = [self._runs[spec.key] for spec in self.layout.lists if spec.key in self._runs]
        extra = [self._runs[k] for k in sorted(self._runs)
                 if self.layout.list_spec(k) is None]
        return known + extra

    def close(self) -> WriteSummary:
        """Compress what is left, put the header first and write ``path`` atomically."""
        if self._closed:
            if self.summary is None:
                raise InvalidArgument("the writer was aborted")
            return self.summary
        self._closed = True
        tmp = self.path.with_name(self.path.name + ".partial")
        try:
            head = b"{" + self.header_bytes()
            runs = self._order()
            for run in runs:
                run.buffer += b"\n]"
                self._raw_bytes += 2
            # The closing brace ends the last piece of the last list (or the header).
            if runs:
                runs[-1].buffer += b"}\n"
            else:
                head += b"}\n"
            for run in runs:
                self._cut(run, final=True)
            first = compress_piece(head, self.compresslevel)
            with tmp.open("wb") as out:
                sink = BlockStream(out, self.compresslevel, hashed=True)
                sink.block(first)
                for run in runs:
                    for future in run.blocks:
                        sink.block(future.result())
                sink.finish()
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            self._release()
            raise
        self._release()
        assert sink.digest is not None
        self.sha256 = sink.digest.hexdigest()
        self.summary = WriteSummary(
            path=self.path,
            counts={k: v for k, v in self.counts.items() if v or self.layout.list_spec(k)},
            uncompressed_bytes=len(head) + self._raw_bytes + (2 if runs else 0),
            compressed_bytes=sink.written,
        )
        return self.summary

    def abort(self) -> None:
        """Discard everything written so far; ``path`` is left untouched."""
        self._closed = True
        for run in self._runs.values():
            for future in run.blocks:
                future.cancel()
        self._release()

    def _release(self) -> None:
        """Drop the pending blocks and stop the threads this writer started."""
        self._outstanding.clear()
        for run in self._runs.values():
            run.blocks.clear()
            run.buffer.clear()
        if self._own_pool:
            self._pool.shutdown(wait=True, cancel_futures=True)


def streaming_data_file_writer(
    path: str | Path,
    *,
    reporter_crd: int,
    submitter_id: int,
    correspondent_crd: int | None = None,
    version: str = "2.0.0",
    compresslevel: int = 9,
    workers: int | None = None,
    executor: ThreadPoolExecutor | None = None,
) -> StreamingSubmissionWriter:
    """A streaming writer for a CAIS Data File with the given header."""
    header = data_file_header(reporter_crd, submitter_id, correspondent_crd)
    return StreamingSubmissionWriter(path, kind=FileKind.CAIS, header=header, version=version,
                                     compresslevel=compresslevel, workers=workers,
                                     executor=executor)


def streaming_tids_file_writer(
    path: str | Path, *, version: str = "2.0.0", compresslevel: int = 9,
    workers: int | None = None, executor: ThreadPoolExecutor | None = None,
) -> StreamingSubmissionWriter:
    """A streaming writer for a Transformed Identifiers File."""
    return StreamingSubmissionWriter(path, kind=FileKind.TIDS, header={}, version=version,
                                     compresslevel=compresslevel, workers=workers,
                                     executor=executor)


__all__ = [
    "StreamingSubmissionWriter",
    "streaming_data_file_writer",
    "streaming_tids_file_writer",
]
