"""Streaming reader for CAIS Data Files and Transformed Identifiers Files.

A CAIS file is one JSON object whose record lists can hold millions of records, so the
reader never builds the whole document. It scans the top level itself, finds the end of
each record with C-speed byte searches (``bytes.find``/``bytes.count`` over braces), and
hands each record's bytes to orjson. A brace inside a string can fool the fast search; in
that case orjson refuses the slice and an exact tokenizer takes over for that record, so
speed never costs correctness.

File-level problems are reported as the integrity conditions CAIS defines [S1 T26, T27;
§6.2], each naming the file, the byte offset in the decompressed content and, where there
is one, the record list and 1-based position:

* cannot be decompressed → 21013 / 21513
* not readable JSON or not the file's shape → 21011 / 21511
* a key repeated inside one JSON object → 21019 / 21516
* an unknown top-level key → 21012 / 21512
* a missing, invalid or wrong record count → 21007, 21016, 21017 / 21507
* a missing or unsupported ``version`` → 21008 / 21508
* a missing or invalid ``catSubmitterID``, ``catReporterCRD``, ``correspondentCRD``
  → 21002, 21003, 21018

Checks that need context beyond the file (names, registrations, duplicates of earlier
files, pairing) belong to the simulated backend.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cais_sim.files.decompress import (
    DecompressionError,
    SizeLimitExceeded,
    iter_decompressed,
    iter_plain,
    looks_like_bz2,
)
from cais_sim.spec.enums import FileKind
from cais_sim.spec.layout import LAYOUTS, FileLayout, IntegrityCodes, default_layout, layout_for

#: Largest single record (or top-level value) the reader accepts. The biggest legitimate
#: record is an FDID with 2,000 Customer links [S1 §5.1.3.1 r1], well under 1 MiB.
MAX_RECORD_BYTES = 16 << 20
#: SFTP submissions may be up to 7 GB uncompressed [S1 §5.1.3 r10].
MAX_UNCOMPRESSED_BYTES = 7_000_000_000
_MAX_UNSIGNED = 9_223_372_036_854_775_807
#: After this many bytes without a balanced brace count, switch to the exact tokenizer.
_FAST_SCAN_LIMIT = 256 << 10

_WS = re.compile(rb"[ \t\n\r]*")
_STRING = re.compile(rb'"(?:[^"\\\x00-\x1f]|\\.)*"')
_NUMBER = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = {
    b"t": (re.compile(rb"true"), True),
    b"f": (re.compile(rb"false"), False),
    b"n": (re.compile(rb"null"), None),
}
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|"|[\[\]{}]')


@dataclass(frozen=True, slots=True)
class IntegrityIssue:
    """One file-level condition, with the integrity code CAIS gives it."""

    code: int
    message: str
    file: str
    offset: int | None = None
    list_key: str | None = None
    index: int | None = None
    field: str | None = None

    def location(self) -> str:
        """Where in the file the condition was found, for people."""
        parts = []
        if self.list_key is not None and self.index is not None:
            parts.append(f"{self.list_key}[{self.index}]")
        if self.field is not None:
            parts.append(f"field {self.field}")
        if self.offset is not None:
            parts.append(f"byte {self.offset:,}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{self.file}: {self.code}: {self.message}" + (f" ({where})" if where else "")


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One decoded record: its list, 1-based position, byte offset and JSON object."""

    list_key: str
    index: int
    offset: int
    data: dict[str, Any]


@dataclass(slots=True)
class ReadSummary:
    """What a complete pass over a file found."""

    file: str
    kind: FileKind
    header: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[IntegrityIssue] = field(default_factory=list)
    uncompressed_bytes: int = 0

    @property
    def ok(self) -> bool:
        """True when the file passed every file-level check the reader makes."""
        return not self.issues

    @property
    def version(self) -> str | None:
        """The file's ``version`` value when it is a string."""
        value = self.header.get("version")
        return value if isinstance(value, str) else None


class _Stop(Exception):
    """Ends the scan with an integrity condition (internal control flow)."""

    def __init__(self, code: int, message: str, offset: int | None = None,
                 list_key: str | None = None, index: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset
        self.list_key = list_key
        self.index = index


class _Buffer:
    """A sliding window over the decompressed content."""

    __slots__ = ("base", "buf", "chunks", "eof", "pos")

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buf = b""
        self.pos = 0
        self.base = 0
        self.eof = False

    def fill(self) -> bool:
        """Append the next chunk, dropping what lies before ``pos``; False at the end."""
        if self.eof:
            return False
        chunk = next(self.chunks, None)
        if chunk is None:
            self.eof = True
            return False
        self.base += self.pos
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        return True

    @property
    def offset(self) -> int:
        return self.base + self.pos

    def peek(self) -> int | None:
        """The next non-whitespace byte (not consumed), or None at the end of input."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None

    def match(self, pattern: re.Pattern[bytes]) -> bytes | None:
        """Match ``pattern`` at ``pos``, reading more input while the match touches the end."""
        while True:
            m = pattern.match(self.buf, self.pos)
            if m is not None and (m.end() < len(self.buf) or self.eof):
                self.pos = m.end()
                return m.group()
            if m is None and self.eof:
                return None
            if len(self.buf) - self.pos > MAX_RECORD_BYTES:
                return None
            if not self.fill() and m is None:
                return None


def _exact_end(buf: bytes, start: int) -> int | None:
    """End (exclusive) of the balanced JSON object/array starting at ``start``; None if the
    buffer ends first. Strings are tokenized, so braces inside them are ignored."""
    depth = 0
    for m in _TOKENS.finditer(buf, start):
        tok = m.group()
        first = tok[0]
        if first == 0x22:  # a string, or a lone quote (string not complete in the buffer)
            if len(tok) == 1:
                return None
            continue
        if first in (0x7B, 0x5B):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def _key_count(obj: dict[str, Any]) -> int:
    """Number of keys in ``obj`` and every object nested in it."""
    n = len(obj)
    for value in obj.values():
        cls = value.__class__
        if cls is list:
            for item in value:
                if item.__class__ is dict:
                    n += _key_count(item)
                elif item.__class__ is list:
                    n += _key_count({"": item}) - 1
        elif cls is dict:
            n += _key_count(value)
    return n


class _DuplicateKey(Exception):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _duplicate_key(raw: bytes) -> str | None:
    """The first key repeated inside one object of ``raw``, using the exact stdlib parser."""
    try:
        json.loads(raw, object_pairs_hook=_reject_duplicates)
    except _DuplicateKey as dup:
        return str(dup.args[0])
    return None


def _infer_kind(path: Path) -> FileKind:
    name = path.name.upper()
    return FileKind.TIDS if "_TIDS_" in name or name.startswith("TIDS") else FileKind.CAIS


class SubmissionReader:
    """Stream the records of one submission file.

    Iterate to receive :class:`RawRecord` objects in file order; when iteration ends,
    :attr:`summary` holds the header, the record counts and every integrity condition
    found. A condition that makes the rest of the file unreadable ends the iteration early.

    ``kind`` defaults to what the file name says (``…_TIDS_…`` is a TIDS file).
    Uncompressed ``.json`` files are accepted only when ``allow_plain`` is true (for
    inspecting hand-edited files); CAIS itself requires bzip2 [S1 §5.1.3 r3].
    """

    def __init__(
        self,
        path: str | Path,
        *,
        kind: FileKind | None = None,
        allow_plain: bool = False,
        max_record_bytes: int = MAX_RECORD_BYTES,
        max_uncompressed_bytes: int | None = MAX_UNCOMPRESSED_BYTES,
    ) -> None:
        self.path = Path(path)
        self.kind = kind if kind is not None else _infer_kind(self.path)
        self.allow_plain = allow_plain
        self.max_record_bytes = max_record_bytes
        self.max_uncompressed_bytes = max_uncompressed_bytes
        self.summary = ReadSummary(file=self.path.name, kind=self.kind)
        self._codes: IntegrityCodes = default_layout(self.kind).codes
        self._list_keys = {
            spec.key for lay in LAYOUTS.values() if lay.kind is self.kind for spec in lay.lists
        }
        self._seen_keys: list[str] = []
        self._used = False

    # -- public ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[RawRecord]:
        if self._used:
            raise RuntimeError("a SubmissionReader can be iterated only once")
        self._used = True
        buffer: _Buffer | None = None
        try:
            buffer = _Buffer(self._chunks())
            yield from self._scan(buffer)
        except _Stop as stop:
            self._issue(stop.code, stop.message, stop.offset, stop.list_key, stop.index)
            return
        except DecompressionError as exc:
            self._issue(self._codes.uncompress, f"cannot be decompressed as bzip2: {exc}")
            return
        except SizeLimitExceeded as exc:
            self._issue(self._codes.unreadable, str(exc))
            return
        except OSError as exc:
            self._issue(self._codes.unreadable, f"cannot be read: {exc.strerror or exc}")
            return
        finally:
            if buffer is not None:
                self.summary.uncompressed_bytes = buffer.base + len(buffer.buf)
                close = getattr(buffer.chunks, "close", None)
                if close is not None:
                    close()
        self._check_header()

    def read(self) -> ReadSummary:
        """Consume the whole file, discarding records, and return the summary."""
        for _ in self:
            pass
        return self.summary

    # -- scanning --------------------------------------------------------------------------

    def _chunks(self) -> Iterator[bytes]:
        if looks_like_bz2(self.path):
            return iter_decompressed(self.path, limit=self.max_uncompressed_bytes)
        if self.allow_plain and self.path.suffix == ".json":
            return iter_plain(self.path)
        raise DecompressionError("the file does not start with the bzip2 signature")

    def _issue(self, code: int, message: str, offset: int | None = None,
               list_key: str | None = None, index: int | None = None,
               field_name: str | None = None) -> None:
        self.summary.issues.append(
            IntegrityIssue(code, message, self.summary.file, offset, list_key, index, field_name)
        )

    def _stop(self, b: _Buffer, message: str, list_key: str | None = None,
              index: int | None = None) -> _Stop:
        return _Stop(self._codes.unreadable, message, b.offset, list_key, index)

    def _expect(self, b: _Buffer, char: bytes, what: str) -> None:
        nxt = b.peek()
        if nxt != char[0]:
            found = "the end of the file" if nxt is None else repr(chr(nxt))
            raise self._stop(b, f"expected {what}, found {found}")
        b.pos += 1

    def _scan(self, b: _Buffer) -> Iterator[RawRecord]:
        first = b.peek()
        if first is None:
            raise self._stop(b, "the file is empty")
        if first != 0x7B:
            raise self._stop(b, "the file is not a JSON object")
        b.pos += 1
        if b.peek() == 0x7D:
            b.pos += 1
        else:
            while True:
                key = self._read_key(b)
                if key in self._seen_keys:
                    raise _Stop(self._codes.duplicate_key,
                                f"top-level key {key!r} appears more than once", b.offset)
                self._seen_keys.append(key)
                self._expect(b, b":", "':' after a key")
                if key in self._list_keys:
                    yield from self._read_list(b, key)
                else:
                    self.summary.header[key] = self._read_value(b, key)
                nxt = b.peek()
                if nxt == 0x2C:
                    b.pos += 1
                    continue
                if nxt == 0x7D:
                    b.pos += 1
                    break
                raise self._stop(b, "expected ',' or '}' after a top-level value")
        if b.peek() is not None:
            raise self._stop(b, "content follows the end of the JSON object")

    def _read_key(self, b: _Buffer) -> str:
        if b.peek() != 0x22:
            raise self._stop(b, "expected a quoted key")
        token = b.match(_STRING)
        if token is None:
            raise self._stop(b, "a key is not a valid JSON string")
        return self._loads_token(b, token, "key")  # type: ignore[no-any-return]

    def _loads_token(self, b: _Buffer, token: bytes, what: str) -> Any:
        try:
            return orjson.loads(token)
        except orjson.JSONDecodeError as exc:
            raise self._stop(b, f"{what} is not valid JSON: {exc.msg}") from None

    def _read_value(self, b: _Buffer, key: str) -> Any:
        """A top-level non-list value. Integers are parsed exactly, whatever their size."""
        first = b.peek()
        if first is None:
            raise self._stop(b, f"value of {key!r} is missing")
        if first == 0x22:
            token = b.match(_STRING)
            if token is None:
                raise self._stop(b, f"value of {key!r} is not a valid JSON string")
            return self._loads_token(b, token, f"value of {key!r}")
        if first in (0x7B, 0x5B):
            return self._read_nested(b, key)
        literal = _LITERALS.get(bytes((first,)))
        if literal is not None:
            word, value = literal
            if b.match(word) is None:
                raise self._stop(b, f"value of {key!r} is not valid JSON")
            return value
        token = b.match(_NUMBER)
        if token is None:
            raise self._stop(b, f"value of {key!r} is not valid JSON")
        nxt = b.peek()
        if nxt is not None and nxt in b"0123456789":
            raise self._stop(b, f"number in {key!r} has a leading zero, which JSON forbids")
        if token.isdigit() or (token[:1] == b"-" and token[1:].isdigit()):
            return int(token)
        return float(token)

    def _read_nested(self, b: _Buffer, key: str) -> Any:
        start = b.pos
        while True:
            end = _exact_end(b.buf, b.pos)
            if end is not None:
                break
            if len(b.buf) - b.pos > self.max_record_bytes:
                raise self._stop(b, f"value of {key!r} is larger than "
                                    f"{self.max_record_bytes:,} bytes")
            if not b.fill():
                raise self._stop(b, f"value of {key!r} is not complete")
            start = b.pos
        value = self._loads_token(b, b.buf[start:end], f"value of {key!r}")
        b.pos = end
        return value

    def _read_list(self, b: _Buffer, key: str) -> Iterator[RawRecord]:
        if b.peek() != 0x5B:
            raise self._stop(b, f"{key} must be a JSON array")
        b.pos += 1
        count = 0
        self.summary.counts[key] = 0
        if b.peek() == 0x5D:
            b.pos += 1
            return
        while True:
            count += 1
            if b.peek() != 0x7B:
                raise self._stop(b, f"item {count} of {key} is not a JSON object", key, count)
            offset = b.offset
            data = self._read_record(b, key, count)
            self.summary.counts[key] = count
            yield RawRecord(key, count, offset, data)
            nxt = b.peek()
            if nxt == 0x2C:
                b.pos += 1
                continue
            if nxt == 0x5D:
                b.pos += 1
                return
            raise self._stop(b, f"expected ',' or ']' after item {count} of {key}", key, count)

    def _read_record(self, b: _Buffer, key: str, index: int) -> dict[str, Any]:
        """Decode the object starting at ``b.pos`` and advance past it."""
        scan = b.pos + 1
        opens = 1
        closes = 0
        exact = False
        while True:
            start = b.pos
            end: int | None = None
            if exact:
                end = _exact_end(b.buf, start)
            else:
                buf = b.buf
                while True:
                    j = buf.find(b"}", scan)
                    if j < 0:
                        break
                    opens += buf.count(b"{", scan, j)
                    closes += 1
                    scan = j + 1
                    if opens == closes:
                        end = scan
                        break
                if end is None and scan - start > _FAST_SCAN_LIMIT:
                    exact = True
                    continue
            if end is not None and end - start > self.max_record_bytes:
                raise _Stop(self._codes.unreadable,
                            f"record is larger than {self.max_record_bytes:,} bytes",
                            b.base + start, key, index)
            if end is not None:
                raw = b.buf[start:end]
                try:
                    obj = orjson.loads(raw)
                except orjson.JSONDecodeError as exc:
                    if not exact:
                        exact = True
                        continue
                    raise _Stop(self._codes.unreadable, f"not valid JSON: {exc.msg}",
                                b.base + start + exc.pos, key, index) from None
                if raw.count(b'":') != _key_count(obj):
                    dup = _duplicate_key(raw)
                    if dup is not None:
                        raise _Stop(self._codes.duplicate_key,
                                    f"field {dup!r} appears more than once in one object",
                                    b.base + start, key, index)
                b.pos = end
                result: dict[str, Any] = obj
                return result
            if end is None and len(b.buf) - start > self.max_record_bytes:
                raise _Stop(self._codes.unreadable,
                            f"record is larger than {self.max_record_bytes:,} bytes",
                            b.base + start, key, index)
            rel = scan - start
            if not b.fill():
                if not exact:
                    exact = True  # braces inside strings can hide the end from the fast scan
                    continue
                raise _Stop(self._codes.unreadable, "the file ends inside a record",
                            b.base + start, key, index)
            scan = b.pos + rel

    # -- header checks ---------------------------------------------------------------------

    def _check_header(self) -> None:
        header = self.summary.header
        codes = self._codes
        version = header.get("version")
        if "version" not in header:
            self._issue(codes.version, "the required key 'version' is missing",
                        field_name="version")
            return
        layout = layout_for(self.kind, version) if isinstance(version, str) else None
        if layout is None:
            self._issue(codes.version, f"version {version!r} is not a schema CAIS accepts "
                        f"for {self.kind.value} files", field_name="version")
            return
        self._check_keys(layout)
        self._check_ids(layout)
        self._check_counts(layout)

    def _check_keys(self, layout: FileLayout) -> None:
        allowed = layout.top_level_keys
        for key in self._seen_keys:
            if key not in allowed:
                self._issue(self._codes.unknown_key,
                            f"top-level key {key!r} is not part of schema {layout.version}",
                            field_name=key)

    def _check_ids(self, layout: FileLayout) -> None:
        header = self.summary.header
        codes = self._codes
        checks = (
            ("catSubmitterID", codes.submitter, True),
            ("catReporterCRD", codes.reporter_crd, True),
            ("correspondentCRD", codes.correspondent_crd, False),
        )
        for key, code, required in checks:
            if code is None or key not in layout.scalar_keys:
                continue
            if key not in header:
                if required:
                    self._issue(code, f"the required key {key!r} is missing", field_name=key)
                continue
            value = header[key]
            if value is None and not required:
                continue
            if not _is_unsigned(value):
                self._issue(code, f"{key} must be an unsigned integer", field_name=key)

    def _check_counts(self, layout: FileLayout) -> None:
        header = self.summary.header
        for spec in layout.lists:
            if spec.count_key is None or spec.count_code is None:
                continue
            actual = self.summary.counts.get(spec.key, 0)
            if spec.count_key not in header:
                self._issue(spec.count_code, f"the required key {spec.count_key!r} is missing",
                            field_name=spec.count_key)
                continue
            declared = header[spec.count_key]
            if not _is_unsigned(declared):
                self._issue(spec.count_code, f"{spec.count_key} must be an unsigned integer",
                            field_name=spec.count_key)
            elif declared != actual:
                self._issue(spec.count_code,
                            f"{spec.count_key} is {declared:,} but {spec.key} holds {actual:,} "
                            "records", field_name=spec.count_key)


def _is_unsigned(value: object) -> bool:
    return value.__class__ is int and 0 <= value <= _MAX_UNSIGNED


def read_summary(path: str | Path, *, kind: FileKind | None = None,
                 allow_plain: bool = False) -> ReadSummary:
    """Read a whole file for its header, counts and integrity conditions."""
    return SubmissionReader(path, kind=kind, allow_plain=allow_plain).read()


__all__ = [
    "MAX_RECORD_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "IntegrityIssue",
    "RawRecord",
    "ReadSummary",
    "SubmissionReader",
    "read_summary",
]
