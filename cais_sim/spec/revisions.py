"""Specification revisions: parsing, ordering and the revisions our material names.

The CAIS change log (S1 T2) and :data:`cais_sim.spec.enums.ENUM_HISTORY` say when a value or
rule appeared by naming a revision ("2.0r7", "2.0-draft-r2", "2.1.0r2"). Plain string
comparison gets those wrong ("2.0r10" < "2.0r9", "2.0-draft" > "2.0"), so this module turns
the names into a value type whose order is the order in which the texts superseded each
other: version numbers first, then drafts before the final text of the same version, then
the revision number, where a point revision such as ``r9.2`` falls after ``r9`` and before
``r10``.

Version numbers compare with missing trailing parts read as zero, so "2.0" and "2.0.0" are
the same revision (the spec itself writes "2.0 r7" for the 2.0 line and "2.1.0 r2" for the
2.1 line); each keeps its own spelling when printed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cais_sim.errors import InvalidArgument

# A version of one to three numeric parts without leading zeros, an optional draft marker,
# then an optional revision number of one or two parts. Separators as the change log writes
# them ("2.0 r9.2", "draft 2.0 r2") are accepted as well as the compact ENUM_HISTORY form.
_NUMBER = r"(?:0|[1-9]\d*)"
_PATTERN = re.compile(
    rf"""
    (?:(?P<lead_draft>draft)\s+)?
    (?P<version>{_NUMBER}(?:\.{_NUMBER}){{0,2}})
    (?:\s*-?\s*(?P<draft>draft))?
    (?:\s*-?\s*r(?P<release>{_NUMBER}(?:\.{_NUMBER})?))?
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SortKey = tuple[tuple[int, ...], int, tuple[int, ...]]


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True, order=True)
class Revision:
    """One revision of a CAIS technical specification, e.g. ``2.0r9.2`` or ``2.0-draft-r2``.

    ``version`` holds the numbers as written (so ``str()`` gives back "2.0" rather than
    "2.0.0"), ``draft`` marks the pre-publication texts of a version, and ``release`` is the
    revision number (empty for the first text of a version). Equality and order use only the
    normalised sort key, which is why ``version`` and friends are excluded from comparison.
    """

    version: tuple[int, ...] = field(compare=False)
    draft: bool = field(default=False, compare=False)
    release: tuple[int, ...] = field(default=(), compare=False)
    sort_key: _SortKey = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not 1 <= len(self.version) <= 3 or any(n < 0 for n in self.version):
            raise InvalidArgument(f"version {self.version!r} needs 1-3 non-negative numbers")
        if len(self.release) > 2 or any(n < 0 for n in self.release):
            raise InvalidArgument(f"revision {self.release!r} needs 0-2 non-negative numbers")
        padded = self.version + (0,) * (3 - len(self.version))
        # Drafts (0) precede the published text (1) of the same version.
        object.__setattr__(self, "sort_key", (padded, 0 if self.draft else 1, self.release))

    @property
    def major(self) -> int:
        """The major version: 1 for the LTID-phase texts, 2 for Full CAIS."""
        return self.version[0]

    def __str__(self) -> str:
        text = ".".join(map(str, self.version))
        number = ".".join(map(str, self.release))
        if self.draft:
            return f"{text}-draft-r{number}" if number else f"{text}-draft"
        return f"{text}r{number}" if number else text


def parse_revision(text: str) -> Revision:
    """Read a revision name such as "2.2.0r4", "2.0 r9.2", "2.0-draft-r2" or "1.1.1".

    Raises :class:`~cais_sim.errors.InvalidArgument` for anything else, so a typo in a data
    file fails loudly instead of sorting somewhere arbitrary.
    """
    if not isinstance(text, str):
        raise InvalidArgument(f"a revision name must be a string, not {type(text).__name__}")
    match = _PATTERN.fullmatch(text.strip())
    if match is None or (match["lead_draft"] and match["draft"]):
        raise InvalidArgument(
            f"{text!r} is not a specification revision (expected e.g. 1.1.2, 2.0-draft-r2, "
            "2.0r9.2 or 2.2.0r4)"
        )
    release = _numbers(match["release"]) if match["release"] else ()
    draft = bool(match["lead_draft"] or match["draft"])
    return Revision(_numbers(match["version"]), draft, release)


@dataclass(frozen=True, slots=True)
class KnownRevision:
    """A revision named in our source material, with its publication date where one is given.

    ``published`` is ``None`` when the material names the revision but not its date.
    """

    revision: Revision
    published: dt.date | None
    source: str
    note: str = ""


def _known(name: str, published: str | None, source: str, note: str = "") -> KnownRevision:
    day = dt.date.fromisoformat(published) if published else None
    return KnownRevision(parse_revision(name), day, source, note)


#: Every revision the facts digest names, oldest first. Revisions implied only by numbering
#: (for example 2.0r3, 2.0r9, 2.2.0r2) are absent because our material says nothing about them;
#: :func:`parse_revision` still accepts them.
KNOWN_REVISIONS: tuple[KnownRevision, ...] = (
    _known("1.1", "2020-04-21", "S15", "LTID-phase specification"),
    _known("1.1.1", "2020-06-04", "S1 T2", "added fdidType ENTITY"),
    _known("1.1.2", "2020-12-02", "S1 T2", "FDID became Text instead of Alphanumeric"),
    _known("1.2", None, "S22",
           "the last LTID-phase text; S22 dates it only to October 2020, so no day is given"),
    _known("2.0-draft", "2020-06-30", "S17", "first Full CAIS draft"),
    _known("2.0-draft-r2", None, "S1 T2"),
    _known("2.0", None, "S1 T2"),
    _known("2.0r1", None, "S1 T2"),
    _known("2.0r2", "2021-05-07", "S1 T2", "added correspondentCRD"),
    _known("2.0r4", None, "S1 T2"),
    _known("2.0r5", None, "S1 T2"),
    _known("2.0r6", None, "S1 T2"),
    _known("2.0r7", None, "S1 T2"),
    _known("2.0r8", None, "S1 T2"),
    _known("2.0r9.2", "2022-09-20", "S1 T2", "SFTP size limit corrected to 7 GB"),
    _known("2.0r10", None, "S1 T2"),
    _known("2.1.0r1", None, "S1 T2"),
    _known("2.1.0r2", None, "S1 T2"),
    _known("2.1.0r3", None, "S1 T2"),
    _known("2.2.0r1", "2024-12-17", "S1 T2", "correspondentCRD may equal catReporterCRD"),
    _known("2.2.0r4", "2025-08-14", "S1", "the current Full CAIS specification"),
)

_BY_REVISION = {known.revision: known for known in KNOWN_REVISIONS}


def known_revision(revision: Revision | str) -> KnownRevision:
    """The :data:`KNOWN_REVISIONS` entry for ``revision``; InvalidArgument if it is not named."""
    rev = parse_revision(revision) if isinstance(revision, str) else revision
    try:
        return _BY_REVISION[rev]
    except KeyError:
        raise InvalidArgument(
            f"revision {rev} is not named in our source material; known: "
            + ", ".join(str(k.revision) for k in KNOWN_REVISIONS)
        ) from None


def published_on(revision: Revision | str) -> dt.date | None:
    """Publication date of a known revision, or ``None`` where the material gives none."""
    return known_revision(revision).published


__all__ = [
    "KNOWN_REVISIONS",
    "KnownRevision",
    "Revision",
    "known_revision",
    "parse_revision",
    "published_on",
]
