"""Masked FDIDs and record identifiers, derived from a seed.

An FDID must not be the account number, nor contain any part of it or anything else that
identifies the customer or could be used to trade in the account; relationship IDs must be
masked too [S1 §2.2.1; FAQ M2]. CAT prescribes no masking method (FAQ M10), but the same
FDID must be used in transactions and in CAIS (FAQ M1), so the mask has to be a pure
function of what the firm knows: here a keyed BLAKE2b digest of the account number under a
secret seed, spelled in an alphabet that cannot break the FDID character rules (printable
ASCII without ``|``, ``"``, ``@``, ``,``, no backslash, no surrounding spaces, never
``PENDING``) [S1 §3.11; digest b.4]. A ``generation`` number gives the next value when the
firm replaces an account's FDID (new masking, system migration) [S1 §3.1].

Record IDs (``fdidRecordID``, ``customerRecordID``, ``largeTraderRecordID``...) only need
to be unique within one file [S1 T8]; :class:`RecordIds` hands them out in order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cais_sim.errors import InvalidArgument

#: Crockford's base-32 alphabet: digits and upper-case letters without I, L, O, U. Masked
#: values are unambiguous when read to a help desk, and with no ``I`` they can never spell
#: ``PENDING``, which CAIS rejects as an FDID [S1 §3.11].
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_MAX_FDID = 40
#: Shortest run of the account number that may not appear in its FDID [FAQ M2: "in whole
#: or in part"]; four characters is the usual "last four" disclosure.
_RUN = 4


def _seed_key(seed: int | str | bytes) -> bytes:
    if isinstance(seed, bytes):
        material = b"b:" + seed
    elif isinstance(seed, bool) or not isinstance(seed, int | str):
        raise InvalidArgument("seed must be an int, str or bytes")
    elif isinstance(seed, int):
        material = b"i:" + str(seed).encode()
    else:
        material = b"s:" + seed.encode("utf-8")
    return hashlib.blake2b(material, digest_size=32, person=b"cais-fdid-mask").digest()


#: Every pair of base-32 digits (10 bits) as two characters of :data:`_ALPHABET`.
_PAIRS = tuple(a + b for a in _ALPHABET for b in _ALPHABET)
#: Per masked length, the right shifts that bring each pair of digits of the covering
#: groups (see :func:`_spell`) to the low 10 bits, most significant pair first.
_PAIR_SHIFTS = {length: tuple(range(-(-length // 8) * 40 - 10, -1, -10)[: -(-length // 2)])
                for length in range(8, 33)}


def _spell(digest: bytes, length: int) -> str:
    """The first ``length`` base-32 characters of ``digest`` in Crockford's alphabet.

    This is RFC 4648 base 32 (most significant bits first) with the alphabet swapped.
    Base 32 spells each 5-byte group as 8 characters, so only the groups that cover
    ``length`` characters are read, as one integer two digits at a time: the standard
    library's encoder is written in Python and cost more than the hash itself.
    """
    if length == 16:
        # The default length, spelled out: half the cost of the loop below.
        n = int.from_bytes(digest[:10], "big")
        return "".join((_PAIRS[n >> 70], _PAIRS[n >> 60 & 0x3FF], _PAIRS[n >> 50 & 0x3FF],
                        _PAIRS[n >> 40 & 0x3FF], _PAIRS[n >> 30 & 0x3FF],
                        _PAIRS[n >> 20 & 0x3FF], _PAIRS[n >> 10 & 0x3FF], _PAIRS[n & 0x3FF]))
    number = int.from_bytes(digest[: -(-length // 8) * 5], "big")
    text = "".join([_PAIRS[(number >> shift) & 0x3FF] for shift in _PAIR_SHIFTS[length]])
    return text[:length] if length & 1 else text


def shares_run(fdid: str, account_number: str, run: int = _RUN) -> bool:
    """True when ``fdid`` contains ``run`` consecutive characters of ``account_number``
    (compared without case), or the whole number when it is shorter than ``run``."""
    folded = fdid.upper()
    number = account_number.upper()
    if len(number) < run:
        return bool(number) and number in folded
    # A plain loop: any() over a generator costs half as much again, once per FDID.
    for i in range(len(number) - run + 1):  # noqa: SIM110
        if number[i:i + run] in folded:
            return True
    return False


@dataclass(frozen=True, slots=True)
class FdidMasker:
    """Deterministic FDIDs for account numbers under one secret ``seed``.

    ``prefix`` (optional, alphanumeric) is put in front of every value so a firm can tell
    FDID families apart; ``length`` is the number of masked characters (8 to 32; 16 gives
    80 bits, so collisions within even a very large firm are negligible).
    """

    seed: int | str | bytes = field(repr=False)
    prefix: str = ""
    length: int = 16
    _key: bytes = field(init=False, repr=False, compare=False)
    #: The keyed hash with the key block already absorbed; each mask continues a copy, which
    #: gives the same digest as hashing from scratch without redoing the key setup.
    _keyed: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 8 <= self.length <= 32:
            raise InvalidArgument("length must be 8 to 32 characters")
        if not self.prefix.isascii() or (self.prefix and not self.prefix.isalnum()):
            raise InvalidArgument("prefix must be ASCII letters and digits")
        if len(self.prefix) + self.length > _MAX_FDID:
            raise InvalidArgument("prefix and length together exceed the 40-character FDID")
        key = _seed_key(self.seed)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_keyed", hashlib.blake2b(key=key, digest_size=20))

    def __reduce__(self) -> tuple[Any, ...]:
        # Hash objects cannot be pickled; the parameters rebuild everything else.
        return (FdidMasker, (self.seed, self.prefix, self.length))

    def mask(self, account_number: str, generation: int = 0) -> str:
        """The FDID of ``account_number``; ``generation`` > 0 gives its replacements."""
        if not account_number:
            raise InvalidArgument("account number must not be empty")
        message = f"{generation}\x00{account_number}".encode()
        attempt = 0
        while True:
            hasher = self._keyed.copy()
            hasher.update(message + attempt.to_bytes(2, "big"))
            value = self.prefix + _spell(hasher.digest(), self.length)
            # FAQ M2: not even part of the account number may show through.
            if not shares_run(value, account_number):
                return value
            attempt += 1


@dataclass(slots=True)
class RecordIds:
    """File-unique record numbers, handed out in order from ``start``.

    ``fdid()`` numbers FDID Records and ``customer()`` Customer Records (which share their
    number with the Customer's TID Record) [S1 §2.2.8]. Large Trader and Authorized Trader
    Name IDs only need to be unique inside their FDID Record and are numbered from 1 there.
    """

    next_fdid: int = 1
    next_customer: int = 1

    def fdid(self) -> int:
        """The next ``fdidRecordID``."""
        value = self.next_fdid
        self.next_fdid = value + 1
        return value

    def customer(self) -> int:
        """The next ``customerRecordID``."""
        value = self.next_customer
        self.next_customer = value + 1
        return value


__all__ = ["FdidMasker", "RecordIds", "shares_run"]
