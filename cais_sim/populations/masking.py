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

import base64
import hashlib
from dataclasses import dataclass, field

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


_B32_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET)


def _spell(digest: bytes, length: int) -> str:
    """The first ``length`` base-32 characters of ``digest`` in Crockford's alphabet."""
    # Base 32 spells each 5-byte group as 8 characters, so the groups that cover ``length``
    # characters give the same prefix as the whole digest at a fraction of the cost.
    covering = digest[: -(-length // 8) * 5]
    return base64.b32encode(covering).decode("ascii")[:length].translate(_B32_TO_CROCKFORD)


def shares_run(fdid: str, account_number: str, run: int = _RUN) -> bool:
    """True when ``fdid`` contains ``run`` consecutive characters of ``account_number``
    (compared without case), or the whole number when it is shorter than ``run``."""
    folded = fdid.upper()
    number = account_number.upper()
    if len(number) < run:
        return bool(number) and number in folded
    return any(number[i:i + run] in folded for i in range(len(number) - run + 1))


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

    def __post_init__(self) -> None:
        if not 8 <= self.length <= 32:
            raise InvalidArgument("length must be 8 to 32 characters")
        if not self.prefix.isascii() or (self.prefix and not self.prefix.isalnum()):
            raise InvalidArgument("prefix must be ASCII letters and digits")
        if len(self.prefix) + self.length > _MAX_FDID:
            raise InvalidArgument("prefix and length together exceed the 40-character FDID")
        object.__setattr__(self, "_key", _seed_key(self.seed))

    def mask(self, account_number: str, generation: int = 0) -> str:
        """The FDID of ``account_number``; ``generation`` > 0 gives its replacements."""
        if not account_number:
            raise InvalidArgument("account number must not be empty")
        message = f"{generation}\x00{account_number}".encode()
        attempt = 0
        while True:
            digest = hashlib.blake2b(message + attempt.to_bytes(2, "big"), key=self._key,
                                     digest_size=20).digest()
            value = self.prefix + _spell(digest, self.length)
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
