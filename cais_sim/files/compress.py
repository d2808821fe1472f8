"""bzip2 compression on several cores, producing one standard bzip2 stream.

Compression is the slowest step of writing CAIS files (about 7 MB/s per core,
shared/reference/perf-baselines.md "bz2"). bzip2 compresses independent blocks, so the
input is cut into pieces small enough to become exactly one block each, the pieces are
compressed in threads (CPython's bz2 releases the GIL while it works), and the blocks are
joined bit-exactly into a single stream with the combined CRC recomputed, as lbzip2 does.

Why one stream and not simply concatenated streams (which ``bzip2 -d`` also reads): some
widely used decoders stop after the first stream unless told otherwise, and a firm's file
must decode the same everywhere.

The output depends only on the input bytes and the level, never on the number of threads.
"""

from __future__ import annotations

import bz2
import hashlib
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO

_BLOCK_MAGIC = 0x314159265359
#: The bzip2 end-of-stream marker and the 32-bit mask of its combined CRC.
EOS_MAGIC = 0x177245385090
MASK32 = 0xFFFFFFFF


def piece_size(level: int) -> int:
    """Largest input piece guaranteed to compress into a single block at ``level``.

    A block holds ``100_000 * level - 19`` bytes after bzip2's first run-length stage,
    which can grow the input by at most a quarter (a run of four equal bytes gains a count
    byte), so four fifths of that is always safe.
    """
    return (100_000 * level - 19) * 4 // 5


class Block:
    """One compressed bzip2 block: its bits (without stream header or trailer) and CRC.

    Public so that other writers (``files.stream``) can stitch blocks compressed elsewhere
    into one standard stream.
    """

    __slots__ = ("bits", "crc", "nbits")

    def __init__(self, bits: int, nbits: int, crc: int) -> None:
        self.bits = bits
        self.nbits = nbits
        self.crc = crc


def compress_piece(piece: bytes, level: int) -> Block:
    """Compress one piece and return its single block as a bit string."""
    stream = bz2.compress(piece, level)
    total = len(stream) * 8
    value = int.from_bytes(stream, "big")
    for pad in range(8):
        eos_at = total - pad - 80
        if (value >> (total - eos_at - 48)) & ((1 << 48) - 1) != EOS_MAGIC:
            continue
        stream_crc = (value >> pad) & MASK32
        header_shift = total - 32 - 48
        if (value >> header_shift) & ((1 << 48) - 1) != _BLOCK_MAGIC:
            break
        block_crc = (value >> (header_shift - 32)) & MASK32
        if block_crc != stream_crc or value & ((1 << pad) - 1):
            continue
        nbits = eos_at - 32
        bits = (value >> (total - eos_at)) & ((1 << nbits) - 1)
        return Block(bits, nbits, block_crc)
    raise AssertionError("bzip2 produced a stream that is not a single block")  # pragma: no cover


class BlockStream:
    """Writes one bzip2 stream from whole compressed blocks.

    Blocks do not end on byte boundaries, so their bits are joined in an accumulator; the
    stream CRC combines the block CRCs (rotate left one bit, then xor). ``finish`` writes
    the end-of-stream marker and pads to a whole byte. With ``hashed`` the SHA-256 of the
    written bytes is kept in :attr:`digest`.
    """

    def __init__(self, raw: BinaryIO, level: int, *, hashed: bool = False) -> None:
        self._raw = raw
        self._acc = 0
        self._acc_bits = 0
        self._crc = 0
        self.digest = hashlib.sha256() if hashed else None
        self.written = 0
        self._emit(int.from_bytes(b"BZh" + str(level).encode(), "big"), 32)

    def block(self, block: Block) -> None:
        """Append one block."""
        self._crc = (((self._crc << 1) | (self._crc >> 31)) & MASK32) ^ block.crc
        self._emit(block.bits, block.nbits)
        self._flush()

    def finish(self) -> None:
        """Write the end-of-stream marker and the combined CRC."""
        self._emit(EOS_MAGIC, 48)
        self._emit(self._crc, 32)
        if self._acc_bits % 8:
            self._emit(0, 8 - self._acc_bits % 8)
        self._flush()

    def _emit(self, bits: int, nbits: int) -> None:
        self._acc = (self._acc << nbits) | bits
        self._acc_bits += nbits

    def _flush(self) -> None:
        whole = self._acc_bits // 8
        if not whole:
            return
        rest = self._acc_bits - whole * 8
        chunk = (self._acc >> rest).to_bytes(whole, "big")
        self._acc &= (1 << rest) - 1
        self._acc_bits = rest
        self._raw.write(chunk)
        if self.digest is not None:
            self.digest.update(chunk)
        self.written += len(chunk)


class ParallelBz2Writer:
    """A write-only file object that bzip2-compresses into ``raw`` using ``workers`` threads."""

    def __init__(self, raw: BinaryIO, *, level: int = 9, workers: int | None = None) -> None:
        if not 1 <= level <= 9:
            raise ValueError("bzip2 level must be 1 to 9")
        self._raw = raw
        self._level = level
        self._piece = piece_size(level)
        self._workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="cais-bz2")
        self._pending: deque[Future[Block]] = deque()
        self._buffer = bytearray()
        self._stream = BlockStream(raw, level)
        self._closed = False

    @property
    def compressed_bytes(self) -> int:
        """Bytes written to ``raw`` so far."""
        return self._stream.written

    def write(self, data: bytes) -> int:
        """Queue ``data`` for compression."""
        if self._closed:
            raise ValueError("write to a closed ParallelBz2Writer")
        self._buffer += data
        while len(self._buffer) >= self._piece:
            piece = bytes(self._buffer[: self._piece])
            del self._buffer[: self._piece]
            self._submit(piece)
        return len(data)

    def close(self) -> None:
        """Compress what is left, write the end-of-stream marker, and stop the threads."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._buffer:
                self._submit(bytes(self._buffer))
                self._buffer.clear()
            while self._pending:
                self._stream.block(self._pending.popleft().result())
            self._stream.finish()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, piece: bytes) -> None:
        self._pending.append(self._pool.submit(compress_piece, piece, self._level))
        while len(self._pending) > 2 * self._workers:
            self._stream.block(self._pending.popleft().result())


__all__ = ["EOS_MAGIC", "MASK32", "Block", "BlockStream", "ParallelBz2Writer", "compress_piece",
           "piece_size"]
