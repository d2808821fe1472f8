"""Streaming generation of populations of any size, as real submission pairs.

Every account is books first and CAIS records second: a fast builder draws one archetype's
books (:class:`~cais_sim.populations.books.Fragment` of parties, accounts and events) and
the reference renderer (:class:`~cais_sim.populations.render.Renderer`) turns it into
records, so bulk files follow exactly the reporting rules the renderer implements and cites.
The builders mirror the factories of :mod:`.factories` archetype by archetype (same names,
same parties, capacities, characteristics and events), but draw values from seeded pools with
a plain :class:`random.Random` instead of factory-boy and Faker, which cost a millisecond
per account (perf-baselines §1) where compression allows about a tenth of that.

Three properties make a generated population usable for load tests and reproducible at any
scale, and each is built in rather than checked afterwards:

* **Entity N never changes.** Entity N of a firm is built from a generator seeded with a
  stable hash of ``(seed, firm label, N)`` (BLAKE2b, never the per-process ``hash()``),
  its identifiers are a keyed permutation of N (so no two customers of a firm share an SSN,
  ITIN or EIN, which CAIS would reject as one customer disagreeing with itself, 22533), and
  its record identifiers are ``N * stride + k``. Entity N is therefore the same whether the
  population holds 10 entities or 10 million, and whichever process builds it; a
  population of N is a prefix of one of 2N.
* **Files are cut at fixed positions.** File *k* of a firm holds entities
  ``[k·F, (k+1)·F)``. The boundaries depend on nothing but ``F``, so shards are written
  independently (``shard i/n`` takes every n-th file) and their union is byte for byte the
  unsharded output. ``F`` defaults to a value that keeps each file far inside the Portal's
  upload limits (100,000 FDID, Customer and TID Records, 1 GB uncompressed; digest a.4,
  S1 §5.1.3 r12, §5.1.4 r9), which are stricter than SFTP's 7 GB (S1 §5.1.3 r10); every
  file is checked against the limits as it is written.
* **Memory does not grow with N, and both cores work.** Entities are built, rendered and
  encoded one at a time and compressed while the next ones are built
  (:class:`~cais_sim.files.stream.StreamingSubmissionWriter`: bzip2 threads release the
  GIL, the builder holds it); files are written by one process per core.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
import multiprocessing
import os
import random
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import msgspec
from faker import Faker

from cais_sim.errors import InvalidArgument
from cais_sim.files.stream import (
    StreamingSubmissionWriter,
    streaming_data_file_writer,
    streaming_tids_file_writer,
)
from cais_sim.populations import manifest as manifest_io
from cais_sim.populations.archetypes import ARCHETYPES, NEEDS_CORRESPONDENTS
from cais_sim.populations.books import (
    Account,
    AccountAddressChanged,
    AccountClosed,
    AccountInactivated,
    AccountKind,
    AccountReactivated,
    AccountReopened,
    AccountTransferredOut,
    Acquisition,
    Capacity,
    Custodian,
    CustodianKind,
    EntityForm,
    FdidReplaced,
    Firm,
    Fragment,
    Identifier,
    IdentifierChange,
    IdentifierReplaced,
    IdKind,
    LargeTraderLink,
    LegalEntity,
    LifecycleEvent,
    MassTransferOut,
    NaturalPerson,
    Party,
    PartyAddressChanged,
    PostalAddress,
    Role,
    RoleChanged,
)
from cais_sim.populations.certification import (
    CertificationPack,
    FirmPopulation,
    Requirement,
    select,
)
from cais_sim.populations.defects import (
    DefectPlan,
    InjectedDefect,
    WireGroup,
    inject,
    stable_random,
    with_files,
)
from cais_sim.populations.masking import FdidMasker
from cais_sim.populations.render import Renderer, RenderError, choose_identifier
from cais_sim.spec.effective import Environment
from cais_sim.spec.enums import AccountType, FileKind, NameSuffix
from cais_sim.spec.naming import format_submission_name
from cais_sim.spec.records import (
    FdidRecord,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    Record,
    TidRecord,
)
from cais_sim.spec.records_v1 import FdidRecordV1

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

    from cais_sim.populations.defects import DefectKind


# --- who a file is for, and what one entity renders to ---------------------------------------


@dataclass(frozen=True, slots=True)
class FirmSpec:
    """Who a file is for: the CAT Reporter, and the correspondent when a clearing firm
    reports accounts it carries for one (one correspondent per file, digest a.6)."""

    label: str
    reporter_crd: int
    correspondent_crd: int | None = None
    version: str = "2.0.0"

    @property
    def group(self) -> str | None:
        """The file-name Group that keeps each correspondent's files apart: files of one
        clearing firm share submitter, CRD and date, and a base name may be used only once
        [S1 §5.1.1 r4, T10]."""
        return None if self.correspondent_crd is None else f"C{self.correspondent_crd}"

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"label": self.label, "reporterCRD": self.reporter_crd}
        if self.correspondent_crd is not None:
            result["correspondentCRD"] = self.correspondent_crd
        result["version"] = self.version
        return result


class AccountUnit(msgspec.Struct, frozen=True):
    """What entity ``index`` of a firm renders to: its FDID Records (an FDID replacement
    gives two, the firm's proprietary accounts four) with every Customer and TID Record
    they link to.

    Customers are not shared between units, except the firm itself as a Customer of its own
    and managed accounts (listed in ``shared``, and never broken), so a rejection cascade
    (digest g.9) never leaves a unit and each unit can be checked, broken and written on its
    own. A struct (built in C) because one is made per entity.
    """

    index: int
    fdids: tuple[FdidRecord | FdidRecordV1, ...]
    natural_persons: tuple[NaturalPersonCustomer, ...] = ()
    legal_entities: tuple[LegalEntityCustomer, ...] = ()
    tids: tuple[TidRecord, ...] = ()
    #: Customers also present in other units under the same tidValue (the firm itself):
    #: defect injection leaves them alone, so no cascade leaves the unit.
    shared: frozenset[int] = frozenset()

    def tid_types(self) -> frozenset[str]:
        return frozenset(t.tid_type.value for t in self.tids)

    def ltid_accounts(self) -> int:
        """FDIDs of this unit with a Large Trader association."""
        return sum(1 for f in self.fdids if f.large_trader_list)

    def records(self) -> Iterator[Record]:
        yield from self.fdids
        yield from self.natural_persons
        yield from self.legal_entities

    def wire_group(self, offsets: dict[str, int]) -> WireGroup:
        """The unit as JSON objects, for defect injection."""
        return WireGroup(fdids=[r.to_wire() for r in self.fdids],
                         natural_persons=[r.to_wire() for r in self.natural_persons],
                         legal_entities=[r.to_wire() for r in self.legal_entities],
                         tids=[r.to_wire() for r in self.tids], offsets=dict(offsets),
                         shared=self.shared)


class UnitSource(Protocol):
    """Builds entity ``index`` of ``firm``; must be a pure function of its arguments and
    picklable, so worker processes rebuild exactly the same entities."""

    def __call__(self, firm: FirmSpec, index: int) -> AccountUnit: ...


def entity_seed(seed: int, *parts: object) -> int:
    """A 64-bit seed for one entity, stable across processes, runs and Python versions."""
    text = "\x1f".join((str(seed), *(str(p) for p in parts))).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def entity_random(seed: int, *parts: object) -> random.Random:
    """A generator for one entity (see :func:`entity_seed`)."""
    return random.Random(entity_seed(seed, *parts))


# --- seeded pools ----------------------------------------------------------------------------

_POOL_BITS = 9
_POOL_SIZE = 1 << _POOL_BITS


@dataclass(frozen=True, slots=True)
class Pools:
    """Names, streets and places drawn once per seed, then picked from per entity.

    Drawing a name through Faker costs tens of microseconds (perf-baselines §1); picking
    from a prepared list costs well under one, which is what makes millions of entities
    affordable while the values still look real. U.S. pools hold :data:`_POOL_SIZE` values
    each; ``foreign_places`` holds (street line, city, region, country, postal code) from
    British, German and Canadian locales.
    """

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    places: tuple[tuple[str, str, str], ...]  # city, ISO 3166-2 region, ZIP code
    companies: tuple[str, ...]
    foreign_places: tuple[tuple[str, str, str | None, str, str], ...]


_POOLS: dict[int, Pools] = {}
_FOREIGN_LOCALES = (("en_GB", "GB"), ("de_DE", "DE"), ("en_CA", "CA"))


def pools_for(seed: int) -> Pools:
    """The pools of ``seed`` (built on first use in each process, then shared)."""
    found = _POOLS.get(seed)
    if found is None:
        found = _POOLS[seed] = _build_pools(seed)
    return found


def _build_pools(seed: int) -> Pools:
    fake = Faker("en_US", use_weighting=False)
    fake.seed_instance(entity_seed(seed, "pools"))
    states = [fake.state_abbr(include_territories=False, include_freely_associated_states=False)
              for _ in range(_POOL_SIZE)]
    places = tuple((fake.city(), f"US-{abbr}", fake.zipcode_in_state(abbr)) for abbr in states)
    foreign: list[tuple[str, str, str | None, str, str]] = []
    for locale, country in _FOREIGN_LOCALES:
        local = Faker(locale, use_weighting=False)
        local.seed_instance(entity_seed(seed, "pools", locale))
        for _ in range(_POOL_SIZE // 8):
            line = local.street_address().split("\n")[0]
            if country == "CA":
                # Canadian regions take the ISO 3166-2 form (digest d.1).
                region: str | None = "CA-" + local.province_abbr()
            elif country == "GB":
                region = local.county()
            else:
                region = None
            foreign.append((line, local.city(), region, country, local.postcode()))
    return Pools(
        first_names=tuple(fake.first_name() for _ in range(_POOL_SIZE)),
        last_names=tuple(fake.last_name() for _ in range(_POOL_SIZE)),
        streets=tuple(fake.street_name() for _ in range(_POOL_SIZE)),
        places=places,
        companies=tuple(fake.company() for _ in range(_POOL_SIZE)),
        foreign_places=tuple(foreign),
    )


# --- synthetic identifiers ---------------------------------------------------------------------

#: Identifier slots per entity and kind: entity N's k-th SSN is permutation slot ``N * 8 + k``.
_ID_SLOTS = 8
#: A prime dividing none of the spaces below, so ``slot * _SPREAD + key`` modulo the space is
#: a permutation that scatters consecutive slots.
_SPREAD = 1_000_003
#: SSNs with area 001-665, group 01-99, serial 0001-9999: inside the ranges CAT accepts
#: (S1 §3.4: never area 000 or 666, group 00 or serial 0000).
_SSN_GROUPS = 99 * 9999
_SSN_SPACE = 665 * _SSN_GROUPS
#: The junk numbers S1 §3.4 names that fall inside that space; each moves to an unused area
#: above 700, so the permutation stays one-to-one.
_SSN_JUNK = frozenset({"111-11-1111", "222-22-2222", "333-33-3333", "444-44-4444",
                       "555-55-5555", "123-45-6789"})
#: ITINs: a leading 9 and the IRS middle digits 70-88, 90-92 and 94-98 (99 left out so
#: 999-99-9999, a junk number of S1 §3.4, cannot occur).
_ITIN_GROUPS = (*range(70, 89), 90, 91, 92, 94, 95, 96, 97, 98)
_ITIN_SPACE = 100 * len(_ITIN_GROUPS) * 9999
#: EINs: campus prefixes 10-98, serials 0000001-9999999.
_EIN_SPACE = 89 * 9_999_999
_ALNUM = string.digits + string.ascii_uppercase


#: Zero-padded spellings of 0-9999 (index n is ``f"{n:04d}"``, and so on): looking a part
#: of a number up costs a tenth of formatting it, once or more per entity.
_PAD2 = tuple(f"{n:02d}" for n in range(100))
_PAD3 = tuple(f"{n:03d}" for n in range(1000))
_PAD4 = tuple(f"{n:04d}" for n in range(10_000))


def synthetic_ssn(slot: int, key: int) -> str:
    """The SSN of identifier slot ``slot`` under ``key``: distinct slots give distinct SSNs
    (below :data:`_SSN_SPACE` slots), every one valid for CAT (:func:`~cais_sim.spec.tid.
    is_valid_ssn`)."""
    area, rest = divmod((slot * _SPREAD + key) % _SSN_SPACE, _SSN_GROUPS)
    group, serial = divmod(rest, 9999)
    text = f"{_PAD3[area + 1]}-{_PAD2[group + 1]}-{_PAD4[serial + 1]}"
    if text in _SSN_JUNK:
        text = f"{700 + (area + 1) % 100:03d}{text[3:]}"
    return text


def synthetic_itin(slot: int, key: int) -> str:
    """The ITIN of identifier slot ``slot`` under ``key`` (distinct slots, distinct ITINs)."""
    area, rest = divmod((slot * _SPREAD + key) % _ITIN_SPACE, len(_ITIN_GROUPS) * 9999)
    group, serial = divmod(rest, 9999)
    return f"9{_PAD2[area]}-{_PAD2[_ITIN_GROUPS[group]]}-{_PAD4[serial + 1]}"


def synthetic_ein(slot: int, key: int) -> str:
    """The EIN of identifier slot ``slot`` under ``key`` (distinct slots, distinct EINs)."""
    prefix, serial = divmod((slot * _SPREAD + key) % _EIN_SPACE, 9_999_999)
    return f"{prefix + 10}-{str(serial + 1).zfill(7)}"  # prefixes are 10-98: two digits


def _alnum(r: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    rnd = r.random
    size = len(alphabet)
    return "".join([alphabet[int(rnd() * size)] for _ in range(n)])


#: Each letter or digit as the decimal digits ISO 7064 mod 97-10 replaces it with (A = 10).
_LEI_DIGITS = {c: str(int(c, 36)) for c in _ALNUM}


def synthetic_lei(r: random.Random) -> str:
    """A 20-character LEI with valid ISO 17442 (ISO 7064 mod 97-10) check digits."""
    body = _alnum(r, 4) + "00" + _alnum(r, 12)
    number = int("".join([_LEI_DIGITS[c] for c in body]) + "00")
    return f"{body}{_PAD2[98 - number % 97]}"


def _ltid(r: random.Random) -> str:
    """A Large Trader ID ``99999999-9999`` [S1 T8]."""
    return f"{r.randint(10_000_000, 99_999_999)}-{r.randint(0, 9999):04d}"


def _ultid(r: random.Random) -> str:
    """An unidentified Large Trader ID ``ULTXXXXX-XXXX`` [S1 T8]."""
    return f"ULT{_alnum(r, 5)}-{_alnum(r, 4)}"


def _crd(r: random.Random) -> int:
    return r.randint(100_000, 999_999)


# --- the fast builders --------------------------------------------------------------------------

#: Entities are opened up to this many days before the rendering day.
_OLDEST = 4200
_SUFFIXES = tuple(NameSuffix)
_MILITARY_ZIP = {"AA": "340", "AE": "09", "AP": "962"}


class EntityContext:
    """Everything one entity is built from: its generator, the pools, the firm, the day.

    Builders draw every value from ``r`` in a fixed order, so the entity is a pure function
    of ``(seed, firm label, index)``. ``foreign_people``/``foreign_entities`` are the shares
    of customers without a U.S. number among people and entities whose identifier the
    archetype leaves open (the profile's customer-type mix). The methods are written for
    speed (positional constructors, draws from ``random()``), because they run once per
    entity of populations of millions.
    """

    __slots__ = ("_day", "_einn", "_itinn", "_keys", "_parties", "_ssnn", "accounts",
                 "as_of", "correspondent_crd", "firm", "foreign_entities", "foreign_people",
                 "index", "pools", "prefix", "r")

    def __init__(self, r: random.Random, pools: Pools, firm: Firm, as_of: dt.date,
                 index: int, prefix: str, correspondent_crd: int | None,
                 foreign_people: float, foreign_entities: float,
                 keys: tuple[int, int, int]) -> None:
        self.r = r
        self.pools = pools
        self.firm = firm
        self.as_of = as_of
        self._day = as_of.toordinal()
        self.index = index
        self.prefix = prefix
        self.correspondent_crd = correspondent_crd
        self.foreign_people = foreign_people
        self.foreign_entities = foreign_entities
        self._keys = keys
        self._parties = 0
        self.accounts = 0
        self._ssnn = self._itinn = self._einn = 0

    def restart(self, index: int) -> None:
        """Make this the context of entity ``index`` of the same firm, as if new: one
        context per firm then serves every entity, which saves building one each time
        (the caller positions the generator)."""
        self.index = index
        self._parties = 0
        self.accounts = 0
        self._ssnn = self._itinn = self._einn = 0

    # -- identifiers ---------------------------------------------------------------------------

    def _slot(self, used: int) -> int:
        if used >= _ID_SLOTS:
            raise InvalidArgument(f"entity {self.index} needs more than {_ID_SLOTS} "
                                  "identifiers of one kind")
        return self.index * _ID_SLOTS + used

    def ssn(self) -> Identifier:
        """A new SSN, unique in this firm's population."""
        slot = self._slot(self._ssnn)
        self._ssnn += 1
        return Identifier(IdKind.SSN, synthetic_ssn(slot, self._keys[0]))

    def itin(self) -> Identifier:
        """A new ITIN, unique in this firm's population."""
        slot = self._slot(self._itinn)
        self._itinn += 1
        return Identifier(IdKind.ITIN, synthetic_itin(slot, self._keys[1]))

    def ein(self) -> Identifier:
        """A new EIN, unique in this firm's population."""
        slot = self._slot(self._einn)
        self._einn += 1
        return Identifier(IdKind.EIN, synthetic_ein(slot, self._keys[2]))

    def party_id(self) -> str:
        self._parties += 1
        return f"{self.prefix}{self.index}P{self._parties}"

    def account_number(self) -> str:
        """The firm's own account number: never reported, masked into the FDID."""
        self.accounts += 1
        return f"{self.prefix}{str(self.index).zfill(9)}{self.accounts}"

    # -- values ----------------------------------------------------------------------------

    def pick(self, pool: Sequence[str]) -> str:
        return pool[self.r.getrandbits(_POOL_BITS)]

    def between(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` inclusive."""
        return low + int(self.r.random() * (high - low + 1))

    def us_address(self) -> PostalAddress:
        r = self.r
        pools = self.pools
        city, region, postal = pools.places[r.getrandbits(_POOL_BITS)]
        line = f"{1 + int(r.random() * 9999)} {pools.streets[r.getrandbits(_POOL_BITS)]}"
        if r.random() < 0.12:
            unit = f"Apt {1 + int(r.random() * 40)}{'ABCD'[r.getrandbits(2)]}"
            return PostalAddress((line, unit), city, "US", region, postal)
        return PostalAddress((line,), city, "US", region, postal)

    def foreign_address(self) -> PostalAddress:
        r = self.r
        places = self.pools.foreign_places
        line, city, region, country, postal = places[int(r.random() * len(places))]
        if r.random() < 0.25:
            # Flats and named buildings above the street, a district below it: up to four
            # lines, kept as the books hold them [S1 §5.1.3.1 r28].
            flat = f"Flat {1 + int(r.random() * 30)}"
            building = f"{self.pick(self.pools.last_names)} House"
            district = f"{self.pick(self.pools.last_names)} Park"
            lines = (flat, building, line, district) if r.random() < 0.4 else \
                (flat, line, district)
            return PostalAddress(lines, city, country, region, postal)
        return PostalAddress((line,), city, country, region, postal)

    def military_address(self) -> PostalAddress:
        """A U.S. military or diplomatic address: APO/DPO/FPO with region AA/AE/AP
        [S1 §5.1.3.1 r36]."""
        city = ("APO", "DPO", "FPO")[self.between(0, 2)]
        region = ("AA", "AE", "AP")[self.between(0, 2)]
        prefix = _MILITARY_ZIP[region]
        postal = prefix + _alnum(self.r, 5 - len(prefix), string.digits)
        unit = f"Unit {self.between(1000, 9999)} Box {self.between(100, 999)}"
        return PostalAddress((unit,), city, "US", region, postal)

    def opened(self, youngest: int = 60) -> dt.date:
        """An opening day between :data:`_OLDEST` and ``youngest`` days before the day."""
        return dt.date.fromordinal(self._day - self.between(youngest, _OLDEST))

    def later(self, start: dt.date, days: int = 30) -> dt.date:
        """A day at least ``days`` after ``start`` and before the rendering day."""
        last = self._day - 1
        low = min(start.toordinal() + days, last)
        return dt.date.fromordinal(self.between(low, last))

    # -- parties ---------------------------------------------------------------------------

    def person(self, kind: str | None = None, *, minor: bool = False,
               single_name: bool = False, names_only: bool = False,
               addresses: tuple[PostalAddress, ...] | None = None,
               employer_crd: int | None = None, adviser_associated: bool = False,
               control_person: bool = False, government_official: bool = False,
               ) -> NaturalPerson:
        """A natural person. ``kind`` is ``ssn``, ``itin``, ``foreign`` (a national ID and a
        passport, the national ID ranking first, FAQ Q57) or None to draw SSN or foreign
        from the profile's mix; ``names_only`` leaves identifier and year of birth out."""
        r = self.r
        if kind is None:
            kind = "foreign" if r.random() < self.foreign_people else "ssn"
        foreign = kind == "foreign" and not names_only
        if addresses is None:
            addresses = (self.foreign_address() if foreign else self.us_address(),)
        identifiers: tuple[Identifier, ...]
        year: int | None
        if names_only:
            identifiers, year = (), None
        else:
            if foreign:
                country = addresses[0].country if addresses[0].country != "US" else "GB"
                identifiers = (Identifier(IdKind.PASSPORT, _alnum(r, 9), country),
                               Identifier(IdKind.NATIONALID, _alnum(r, 10), country))
            elif kind == "itin":
                identifiers = (self.itin(),)
            else:
                identifiers = (self.ssn(),)
            age = 2 + int(r.random() * 15) if minor else 19 + int(r.random() * 70)
            year = self.as_of.year - age
        names = self.pools.first_names
        last = self.pools.last_names[r.getrandbits(_POOL_BITS)]
        first = None if single_name else names[r.getrandbits(_POOL_BITS)]
        middle = names[r.getrandbits(_POOL_BITS)] if r.random() < 0.3 else None
        suffix = _SUFFIXES[int(r.random() * len(_SUFFIXES))] if r.random() < 0.05 else None
        return NaturalPerson(self.party_id(), last, first, middle, suffix, year, addresses,
                             identifiers, employer_crd, (), r.random() < 0.1,
                             adviser_associated, control_person, government_official)

    def entity(self, kind: str | None = None, *, form: EntityForm | None = None,
               name: str | None = None, registered_adviser: bool = False,
               registered_fund: bool = False, no_identifier: bool = False,
               identifiers: tuple[Identifier, ...] | None = None,
               addresses: tuple[PostalAddress, ...] | None = None,
               parent_party_id: str | None = None, disregarded: bool = False,
               owner_party_id: str | None = None) -> LegalEntity:
        """A legal entity. ``kind`` is ``ein`` (often with an LEI), ``foreign`` (a national
        registration number, sometimes an LEI, and a GIIN CAIS must ignore) or None to draw
        from the profile's mix."""
        r = self.r
        if kind is None:
            kind = "foreign" if r.random() < self.foreign_entities else "ein"
        foreign = kind == "foreign"
        if addresses is None:
            addresses = (self.foreign_address() if foreign else self.us_address(),)
        if form is None:
            form = _COMPANY_FORMS[int(r.random() * len(_COMPANY_FORMS))]
        if name is None:
            if form in (EntityForm.TRUST, EntityForm.ESTATE):
                name = f"{self.pick(self.pools.last_names)} Family Trust"
            else:
                name = self.pick(self.pools.companies)
        if identifiers is None:
            if no_identifier:
                identifiers = ()
            elif foreign:
                country = addresses[0].country if addresses[0].country != "US" else "GB"
                found = [Identifier(IdKind.GIIN, f"{_alnum(r, 6)}.{_alnum(r, 5)}.LE."
                                                 f"{_alnum(r, 3)}")]
                if r.random() < 0.5:
                    found.append(Identifier(IdKind.LEI, synthetic_lei(r)))
                found.append(Identifier(IdKind.NATIONALID, _alnum(r, 11), country))
                identifiers = tuple(found)
            else:
                identifiers = (self.ein(),) + (
                    (Identifier(IdKind.LEI, synthetic_lei(r)),) if r.random() < 0.4 else ())
        return LegalEntity(self.party_id(), name, form, addresses, identifiers, None,
                           registered_adviser, registered_fund, r.random() < 0.2,
                           parent_party_id, disregarded, owner_party_id)

    # -- accounts --------------------------------------------------------------------------

    def retail_types(self) -> tuple[AccountType, ...]:
        rnd = self.r.random
        if rnd() < 0.12:
            return _RETIREMENT
        return _RETAIL[(rnd() < 0.4) * 2 + (rnd() < 0.3)]

    def account(self, name: str, opened: dt.date, roles: tuple[Role, ...], *,
                addresses: tuple[PostalAddress, ...],
                types: tuple[AccountType, ...] | None = None,
                kind: AccountKind = AccountKind.ACCOUNT,
                large_traders: tuple[LargeTraderLink, ...] = (),
                custodians: tuple[Custodian, ...] = (),
                correspondent_crd: int | None = None,
                acquired: Acquisition | None = None, fdid: str | None = None,
                number: str | None = None) -> Account:
        """An account of this entity; under a clearing firm's correspondent when the file
        is that correspondent's."""
        r = self.r
        branch: int | None = None
        reps: tuple[int, ...] = ()
        if r.random() < 0.3:
            branch, reps = self.between(100_000, 999_999), (self.between(100_000, 999_999),)
        return Account(
            number if number is not None else self.account_number(), name, opened, kind,
            types if types is not None else self.retail_types(), addresses, roles,
            large_traders, custodians, (), branch, reps,
            correspondent_crd if correspondent_crd is not None else self.correspondent_crd,
            acquired, fdid)


_COMPANY_FORMS = (EntityForm.CORPORATION, EntityForm.LLC, EntityForm.PARTNERSHIP)
_RETIREMENT = (AccountType.RETIREMENT,)
#: Retail characteristics indexed by (margin, option) drawn as two bits.
_RETAIL = ((AccountType.OTHER,), (AccountType.OPTION,), (AccountType.MARGIN,),
           (AccountType.MARGIN, AccountType.OPTION))


def _role(party: Party | str, capacity: Capacity, start: dt.date, *,
          discretion: bool = False, via_party_id: str | None = None,
          independently_designated: bool = False) -> Role:
    party_id = party if isinstance(party, str) else party.party_id
    return Role(party_id, capacity, start, None, None, discretion, via_party_id,
                independently_designated)


# Each builder mirrors the factory of the same archetype name in .factories.

Builder = Callable[[EntityContext], Fragment]


def _individual_with(c: EntityContext, holder: NaturalPerson,
                     opened: dt.date | None = None) -> Fragment:
    opened = opened if opened is not None else c.opened()
    account = c.account(f"{holder.display_name} Individual", opened,
                        (_role(holder, Capacity.HOLDER, opened),), addresses=holder.addresses)
    return Fragment((holder,), (account,))


def _individual(c: EntityContext) -> Fragment:
    return _individual_with(c, c.person())


def _individual_itin(c: EntityContext) -> Fragment:
    return _individual_with(c, c.person(kind="itin"))


def _foreign_individual(c: EntityContext) -> Fragment:
    return _individual_with(c, c.person(kind="foreign"))


def _single_name_person(c: EntityContext) -> Fragment:
    return _individual_with(c, c.person(single_name=True))


def _military_address(c: EntityContext) -> Fragment:
    return _individual_with(c, c.person(kind="ssn", addresses=(c.military_address(),)))


def _joint_with_poa(c: EntityContext) -> Fragment:
    opened = c.opened()
    h, j, a = c.person(), c.person(), c.person()
    roles = (_role(h, Capacity.HOLDER, opened), _role(j, Capacity.JOINT_HOLDER, opened),
             _role(a, Capacity.POWER_OF_ATTORNEY, c.later(opened, 10), discretion=True))
    account = c.account(f"{h.last_name} and {j.last_name} JTWROS", opened, roles,
                        addresses=h.addresses)
    return Fragment((h, j, a), (account,))


def _trust_with(c: EntityContext, trust: LegalEntity) -> Fragment:
    opened = c.opened()
    trustees = (c.person(), c.person())
    roles = (_role(trust, Capacity.HOLDER, opened),
             *(_role(t, Capacity.TRUSTEE, opened, discretion=True) for t in trustees))
    account = c.account(trust.legal_name, opened, roles, addresses=trust.addresses,
                        types=(AccountType.OTHER,))
    return Fragment((trust, *trustees), (account,))


def _trust_with_trustees(c: EntityContext) -> Fragment:
    return _trust_with(c, c.entity(form=EntityForm.TRUST))


def _foreign_trust_no_id(c: EntityContext) -> Fragment:
    return _trust_with(c, c.entity(kind="foreign", form=EntityForm.TRUST, no_identifier=True))


def _disregarded_entity_shared_ein(c: EntityContext) -> Fragment:
    opened = c.opened()
    parent = c.entity(kind="ein")
    ein = next(i for i in parent.identifiers if i.kind is IdKind.EIN)
    child = c.entity(form=EntityForm.LLC,
                     name=f"{c.pick(c.pools.last_names)} Holdings LLC",
                     identifiers=(ein,), addresses=parent.addresses,
                     parent_party_id=parent.party_id, disregarded=True)
    roles = (_role(child, Capacity.HOLDER, opened),
             _role(parent, Capacity.JOINT_HOLDER, opened))
    account = c.account(child.legal_name, opened, roles, addresses=child.addresses,
                        types=(AccountType.INSTITUTION,))
    return Fragment((parent, child), (account,))


def _disregarded_entity_own_ein(c: EntityContext) -> Fragment:
    opened = c.opened()
    parent = c.entity()
    child = c.entity(form=EntityForm.LLC, parent_party_id=parent.party_id, disregarded=True)
    roles = (_role(child, Capacity.HOLDER, opened),
             _role(parent, Capacity.JOINT_HOLDER, opened))
    account = c.account(child.legal_name, opened, roles, addresses=child.addresses,
                        types=(AccountType.INSTITUTION,))
    return Fragment((parent, child), (account,))


def _sharing_ssn(c: EntityContext, form: EntityForm, count: int) -> Fragment:
    opened = c.opened()
    grantor = c.person(kind="ssn")
    ssn = grantor.identifiers[0]
    suffix = "Revocable Trust" if form is EntityForm.TRUST else "Consulting"
    entities = tuple(c.entity(form=form, name=f"{grantor.last_name} {suffix} {n}",
                              identifiers=(ssn,), addresses=grantor.addresses,
                              owner_party_id=grantor.party_id)
                     for n in range(1, count + 1))
    roles = (_role(grantor, Capacity.HOLDER, opened),
             *(_role(e, Capacity.JOINT_HOLDER, opened) for e in entities))
    account = c.account(entities[0].legal_name, opened, roles, addresses=grantor.addresses)
    return Fragment((grantor, *entities), (account,))


def _trusts_sharing_ssn(c: EntityContext) -> Fragment:
    return _sharing_ssn(c, EntityForm.TRUST, 2)


def _sole_proprietorship(c: EntityContext) -> Fragment:
    return _sharing_ssn(c, EntityForm.SOLE_PROPRIETORSHIP, 1)


def _minor_public_administrator(c: EntityContext) -> Fragment:
    opened = c.opened()
    minor = c.person(kind="ssn", minor=True)
    guardian = c.person(names_only=True, government_official=True)
    roles = (_role(minor, Capacity.NON_TRADING_HOLDER, opened),
             _role(guardian, Capacity.GUARDIAN, opened, discretion=True))
    account = c.account(f"{minor.display_name} Guardianship", opened, roles,
                        addresses=minor.addresses, types=(AccountType.OTHER,))
    return Fragment((minor, guardian), (account,))


def _ugma_custodial(c: EntityContext) -> Fragment:
    opened = c.opened()
    minor = c.person(kind="ssn", minor=True)
    custodian = c.person()
    roles = (_role(minor, Capacity.NON_TRADING_HOLDER, opened),
             _role(custodian, Capacity.CUSTODIAN, opened, discretion=True))
    account = c.account(f"{custodian.last_name} Cust for {minor.first_name or 'Minor'}",
                        opened, roles, addresses=custodian.addresses,
                        types=(AccountType.UGMA_UTMA,))
    return Fragment((minor, custodian), (account,))


def _names_only_trader(c: EntityContext) -> Fragment:
    opened = c.opened()
    holder = c.person()
    trader = c.person(names_only=True)
    roles = (_role(holder, Capacity.HOLDER, opened),
             _role(trader, Capacity.POWER_OF_ATTORNEY, opened))
    account = c.account(f"{holder.display_name} Individual", opened, roles,
                        addresses=holder.addresses)
    return Fragment((holder, trader), (account,))


def _entity_authorized_trader(c: EntityContext) -> Fragment:
    opened = c.opened()
    holder = c.person()
    adviser = c.entity(registered_adviser=True)
    first = c.person(adviser_associated=True)
    second = c.person(adviser_associated=True)
    roles = (_role(holder, Capacity.HOLDER, opened),
             _role(adviser, Capacity.ADVISER, opened, discretion=True),
             _role(first, Capacity.ENTITY_TRADER_EMPLOYEE, opened,
                   via_party_id=adviser.party_id),
             _role(second, Capacity.ENTITY_TRADER_EMPLOYEE, opened, discretion=True,
                   via_party_id=adviser.party_id, independently_designated=True))
    account = c.account(f"{holder.display_name} Managed", opened, roles,
                        addresses=holder.addresses)
    return Fragment((holder, adviser, first, second), (account,))


def _firm_discretion(c: EntityContext) -> Fragment:
    opened = c.opened()
    holder = c.person()
    employee = c.person(employer_crd=c.firm.crd)
    roles = (_role(holder, Capacity.HOLDER, opened),
             _role(c.firm.party_id, Capacity.FIRM, opened, discretion=True),
             _role(employee, Capacity.FIRM_EMPLOYEE, opened))
    account = c.account(f"{holder.display_name} Managed", opened, roles,
                        addresses=holder.addresses)
    return Fragment((holder, employee), (account,))


def _proprietary(c: EntityContext) -> Fragment:
    opened = c.opened()
    firm = c.firm
    accounts = []
    for label, kind in (("Inventory", AccountType.FIRM), ("Error", AccountType.ERROR),
                        ("Average Price", AccountType.AVERAGE),
                        ("Market Making", AccountType.MARKET)):
        number = c.account_number()
        # The firm may report its own account numbers unmasked (FAQ on proprietary account
        # masking); half of these do.
        accounts.append(c.account(
            f"{firm.name} {label}", opened, (_role(firm.party_id, Capacity.HOLDER, opened),),
            addresses=(firm.form_bd_address,), types=(kind,), number=number,
            fdid=number if c.r.random() < 0.5 else None))
    return Fragment((), tuple(accounts))


def _dvp_rvp_institution(c: EntityContext) -> Fragment:
    opened = c.opened()
    r = c.r
    holder = c.entity(registered_fund=True)
    kinds = r.sample(list(CustodianKind), r.randint(1, 3))
    custodians = tuple(
        Custodian(k, c.pick(c.pools.companies) + " Custody",
                  None if k in (CustodianKind.FOREIGN, CustodianKind.UNASSIGNED)
                  else f"{r.randint(0, 9999):04d}")
        for k in kinds)
    account = c.account(holder.legal_name + " DVP", opened,
                        (_role(holder, Capacity.HOLDER, opened),), addresses=holder.addresses,
                        custodians=custodians,
                        types=(AccountType.INSTITUTION, AccountType.DVP_RVP))
    return Fragment((holder,), (account,))


def _corporate(c: EntityContext) -> Fragment:
    opened = c.opened()
    holder = c.entity()
    officer = c.person(control_person=True)
    roles = (_role(holder, Capacity.HOLDER, opened),
             _role(officer, Capacity.POWER_OF_ATTORNEY, opened, discretion=True))
    account = c.account(holder.legal_name, opened, roles, addresses=holder.addresses)
    return Fragment((holder, officer), (account,))


def _foreign_entity(c: EntityContext) -> Fragment:
    opened = c.opened()
    holder = c.entity(kind="foreign")
    account = c.account(holder.legal_name, opened, (_role(holder, Capacity.HOLDER, opened),),
                        addresses=holder.addresses, types=(AccountType.INSTITUTION,))
    return Fragment((holder,), (account,))


def _large_trader(c: EntityContext) -> Fragment:
    opened = c.opened(120)
    holder = c.entity()
    first_end = c.later(opened, 60)
    links = (LargeTraderLink(_ltid(c.r), opened, first_end),
             LargeTraderLink(_ltid(c.r), first_end))
    account = c.account(holder.legal_name + " Trading", opened,
                        (_role(holder, Capacity.HOLDER, opened),), addresses=holder.addresses,
                        large_traders=links, types=(AccountType.MARGIN, AccountType.OPTION))
    return Fragment((holder,), (account,))


def _relationship_id(c: EntityContext) -> Fragment:
    opened = c.opened()
    holder = c.entity(registered_adviser=True)
    account = c.account(holder.legal_name + " Relationship", opened,
                        (_role(holder, Capacity.HOLDER, opened),), addresses=holder.addresses,
                        kind=AccountKind.RELATIONSHIP, types=(AccountType.INSTITUTION,),
                        large_traders=(LargeTraderLink(_ultid(c.r), opened),))
    return Fragment((holder,), (account,))


def _entity_id(c: EntityContext) -> Fragment:
    opened = c.opened()
    customers = (c.person(), c.person())
    account = c.account("Aggregation Entity", opened,
                        tuple(_role(p, Capacity.HOLDER, opened) for p in customers),
                        addresses=(c.firm.form_bd_address,), kind=AccountKind.ENTITY_ID,
                        types=())
    return Fragment(customers, (account,))


def _correspondent_account(c: EntityContext) -> Fragment:
    correspondent = c.correspondent_crd
    if correspondent is None:
        if not c.firm.correspondents:
            raise InvalidArgument("a correspondent account needs a clearing firm with "
                                  "correspondents")
        correspondent = c.r.choice(c.firm.correspondents)
    opened = c.opened()
    holder = c.person()
    # The correspondent's own employee designated as trader (FAQ Q62).
    rep = c.person(employer_crd=correspondent)
    roles = (_role(holder, Capacity.HOLDER, opened),
             _role(rep, Capacity.FIRM_EMPLOYEE, opened, discretion=True))
    account = c.account(f"{holder.display_name} Individual", opened, roles,
                        addresses=holder.addresses, correspondent_crd=correspondent)
    return Fragment((holder, rep), (account,))


# -- lifecycle: an individual account and the events of one documented change ---------------


def _lifecycle(c: EntityContext, holder: NaturalPerson | None = None,
               ) -> tuple[Fragment, Account, NaturalPerson]:
    holder = holder if holder is not None else c.person()
    base = _individual_with(c, holder, c.opened(420))
    return base, base.accounts[0], holder


def _plus(base: Fragment, *events: LifecycleEvent, parties: tuple[Party, ...] = (),
          account: Account | None = None) -> Fragment:
    accounts = (account,) if account is not None else base.accounts
    return Fragment(base.parties + parties, accounts, base.events + events)


def _closed_account(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    return _plus(base, AccountClosed(c.later(account.opened), account.account_number))


def _inactive_account(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    # Six months without reportable activity [S1 §3.8].
    return _plus(base, AccountInactivated(c.later(account.opened, 190),
                                          account.account_number))


def _reactivated_account(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    inactive = c.later(account.opened, 190)
    return _plus(base, AccountInactivated(inactive, account.account_number),
                 AccountReactivated(c.later(inactive, 5), account.account_number))


def _reopened_account(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    closed = c.later(account.opened)
    return _plus(base, AccountClosed(closed, account.account_number),
                 AccountReopened(c.later(closed, 5), account.account_number))


def _fdid_replacement(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    return _plus(base, FdidReplaced(c.later(account.opened), account.account_number))


def _address_change(c: EntityContext) -> Fragment:
    base, account, holder = _lifecycle(c)
    moved = c.later(account.opened)
    new = (c.us_address(),)
    return _plus(base, AccountAddressChanged(moved, account.account_number, new),
                 PartyAddressChanged(moved, holder.party_id, new))


def _role_change(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    second = c.person()
    added = c.later(account.opened, 10)
    changed = c.later(added, 10)
    widened = Account(account.account_number, account.name, account.opened, account.kind,
                      account.types, account.addresses,
                      (*account.roles, _role(second, Capacity.POWER_OF_ATTORNEY, added,
                                             discretion=True)),
                      branch_office_crd=account.branch_office_crd,
                      registered_rep_crds=account.registered_rep_crds,
                      correspondent_crd=account.correspondent_crd)
    return _plus(base, RoleChanged(changed, account.account_number, second.party_id,
                                   Capacity.JOINT_HOLDER),
                 parties=(second,), account=widened)


def _identifier_change(c: EntityContext, old_kind: str, cause: IdentifierChange) -> Fragment:
    base, account, holder = _lifecycle(c, c.person(kind=old_kind))
    return _plus(base, IdentifierReplaced(c.later(account.opened), holder.party_id,
                                          holder.identifiers[0], c.ssn(), cause))


def _identifier_replacement(c: EntityContext) -> Fragment:
    # An ITIN legally replaced by an SSN: replacedByTID [S1 §3.2 case 1].
    return _identifier_change(c, "itin", IdentifierChange.LEGAL_CHANGE)


def _identifier_correction(c: EntityContext) -> Fragment:
    return _identifier_change(c, "ssn", IdentifierChange.ERRONEOUS)


def _identifier_unknown_change(c: EntityContext) -> Fragment:
    return _identifier_change(c, "ssn", IdentifierChange.UNKNOWN)


def _acats_transfer_out(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    return _plus(base, AccountTransferredOut(c.later(account.opened), account.account_number,
                                             _crd(c.r)))


def _mass_transfer_out(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    return _plus(base, MassTransferOut(c.later(account.opened), account.account_number,
                                       _crd(c.r)))


def _mass_transfer_in(c: EntityContext) -> Fragment:
    base, account, _ = _lifecycle(c)
    acquired = Acquisition(_crd(c.r), "X" + _alnum(c.r, 15), account.opened)
    moved = Account(account.account_number, account.name, account.opened, account.kind,
                    account.types, account.addresses, account.roles,
                    branch_office_crd=account.branch_office_crd,
                    registered_rep_crds=account.registered_rep_crds,
                    correspondent_crd=account.correspondent_crd, acquired=acquired)
    return _plus(base, account=moved)


#: The fast builder of every archetype of :data:`~.archetypes.ARCHETYPES`, by name.
BUILDERS: Mapping[str, Builder] = MappingProxyType({
    "individual": _individual,
    "individual_itin": _individual_itin,
    "foreign_individual": _foreign_individual,
    "single_name_person": _single_name_person,
    "military_address": _military_address,
    "joint_with_poa": _joint_with_poa,
    "trust_with_trustees": _trust_with_trustees,
    "foreign_trust_no_id": _foreign_trust_no_id,
    "disregarded_entity_shared_ein": _disregarded_entity_shared_ein,
    "disregarded_entity_own_ein": _disregarded_entity_own_ein,
    "trusts_sharing_ssn": _trusts_sharing_ssn,
    "sole_proprietorship": _sole_proprietorship,
    "minor_public_administrator": _minor_public_administrator,
    "ugma_custodial": _ugma_custodial,
    "names_only_trader": _names_only_trader,
    "entity_authorized_trader": _entity_authorized_trader,
    "firm_discretion": _firm_discretion,
    "proprietary": _proprietary,
    "dvp_rvp_institution": _dvp_rvp_institution,
    "corporate": _corporate,
    "foreign_entity": _foreign_entity,
    "large_trader": _large_trader,
    "relationship_id": _relationship_id,
    "entity_id": _entity_id,
    "correspondent_account": _correspondent_account,
    "closed_account": _closed_account,
    "inactive_account": _inactive_account,
    "reactivated_account": _reactivated_account,
    "reopened_account": _reopened_account,
    "fdid_replacement": _fdid_replacement,
    "address_change": _address_change,
    "role_change": _role_change,
    "identifier_replacement": _identifier_replacement,
    "identifier_correction": _identifier_correction,
    "identifier_unknown_change": _identifier_unknown_change,
    "acats_transfer_out": _acats_transfer_out,
    "mass_transfer_out": _mass_transfer_out,
    "mass_transfer_in": _mass_transfer_in,
})

#: Archetypes whose accounts carry Large Trader IDs: the only ones an LTID-phase firm
#: reports (schema 1.0.0; digest b.2).
LTID_ARCHETYPES = frozenset({"large_trader", "relationship_id"})


# --- the unit source ------------------------------------------------------------------------

#: Record identifiers of entity N are ``N * stride + 1`` onwards: unique in a file, and
#: independent of every other entity. No archetype has more than four FDIDs or Customers.
FDID_STRIDE = 8
CUSTOMER_STRIDE = 8

Mix = tuple[tuple[str, int], ...]


def check_mix(mix: Mix, *, correspondent: bool, version: str, where: str) -> None:
    """Raise :class:`InvalidArgument` unless every name of ``mix`` can be built for a file of
    this kind."""
    for name, weight in mix:
        if name not in BUILDERS:
            raise InvalidArgument(f"{where}: unknown archetype {name!r}; known: "
                                  f"{', '.join(ARCHETYPES)}")
        if weight < 0:
            raise InvalidArgument(f"{where}: archetype {name!r} needs a weight of 0 or more")
        if name in NEEDS_CORRESPONDENTS and not correspondent:
            raise InvalidArgument(f"{where}: archetype {name!r} only fits the files of a "
                                  "clearing firm's correspondent")
        if version == "1.0.0" and name not in LTID_ARCHETYPES:
            raise InvalidArgument(
                f"{where}: an LTID-phase firm reports only accounts with Large Trader IDs "
                f"(digest b.2); {name!r} has none; use {', '.join(sorted(LTID_ARCHETYPES))}")
    if not any(weight > 0 for _, weight in mix):
        raise InvalidArgument(f"{where}: the archetype mix needs a positive weight")


#: Consecutive entities that share one seeded generator. Seeding a Mersenne Twister runs
#: through its whole 624-word state (about 3.5 µs, a twelfth of building and rendering an
#: entity), so it is done once per run; entity N replays the draws of the entities before
#: it in its run, which keeps it a pure function of (seed, firm, N) whatever order or
#: subset of entities is asked for, and costs nothing when they come in order.
SEED_RUN = 16


@dataclass(slots=True)
class _FirmState:
    """What a process keeps per firm of a source: its renderer, draws and builders' context.

    ``seed_hash`` has absorbed the constant start of :func:`entity_seed`'s text for this
    firm; each run of :data:`SEED_RUN` entities continues a copy of it with its number.
    ``next_index`` is the entity whose draws ``rng`` is positioned at (-1: none).
    """

    seed_hash: Any
    rng: random.Random
    renderer: Renderer
    names: tuple[str, ...]
    cumulative: tuple[float, ...]
    firm_tid: str | None
    #: The builders' context (holding ``rng``, the pools and the mix), restarted for each
    #: entity.
    context: EntityContext
    next_index: int = -1
    #: The entity last asked for by its archetype or books, so building its unit next does
    #: not replay its run.
    last: tuple[int, str, Fragment] | None = None


@dataclass(frozen=True, slots=True)
class PoolSource:
    """Builds entity N of a firm from the seeded pools and renders it: the unit source of
    bulk generation.

    ``archetypes`` is the mix of :data:`~.archetypes.ARCHETYPES` names with weights, and
    ``firm_archetypes`` replaces it for the firm labels it names. ``customer_types`` weighs
    ``SSN/ITIN``, ``EIN`` and ``FOREIGN`` for the parties whose identifier the archetype
    leaves open (people draw between SSN and FOREIGN, entities between EIN and FOREIGN).
    ``as_of`` is the day the books are rendered on: entities are opened before it and their
    events happen before it. ``submitter_id`` is the submitter of the firms' books.

    A source keeps one renderer and one generator per firm (rebuilt in each worker process,
    never pickled), so one source serves one thread at a time.
    """

    seed: int
    archetypes: Mix
    customer_types: Mix = (("SSN/ITIN", 1),)
    as_of: dt.date = dt.date(2024, 1, 2)
    submitter_id: int | None = None
    firm_archetypes: tuple[tuple[str, Mix], ...] = ()
    _states: dict[FirmSpec, _FirmState] = field(default_factory=dict, init=False, repr=False,
                                                compare=False, hash=False)
    #: The same states by the id() of the spec object last asked with (the spec is kept in
    #: the value, so its id stays unique): hashing a spec costs more than a dict lookup.
    _by_id: dict[int, tuple[FirmSpec, _FirmState]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes get the parameters only and build their own renderers.
        return (PoolSource, (self.seed, self.archetypes, self.customer_types, self.as_of,
                             self.submitter_id, self.firm_archetypes))

    def mix_for(self, firm: FirmSpec) -> Mix:
        """The archetype mix of ``firm``."""
        for label, mix in self.firm_archetypes:
            if label == firm.label:
                return mix
        return self.archetypes

    def books_firm(self, spec: FirmSpec) -> Firm:
        """The reporting firm of ``spec`` as its books know it: a pure function of the seed
        and its CRD (the firm appears as a Customer on its own and managed accounts)."""
        r = entity_random(self.seed, "firm", spec.reporter_crd)
        pools = pools_for(self.seed)
        city, region, postal = pools.places[r.getrandbits(_POOL_BITS)]
        street = pools.streets[r.getrandbits(_POOL_BITS)]
        address = PostalAddress((f"{r.randint(1, 999)} {street}",),
                                city, "US", region, postal)
        return Firm(crd=spec.reporter_crd,
                    name=f"{pools.last_names[r.getrandbits(_POOL_BITS)]} Securities LLC",
                    submitter_id=self.submitter_id or spec.reporter_crd,
                    form_bd_address=address,
                    ein=f"{r.randint(10, 98):02d}-{r.randint(1, 9_999_999):07d}",
                    lei=synthetic_lei(r), clearing_number=f"{r.randint(0, 9999):04d}",
                    correspondents=(spec.correspondent_crd,) if spec.correspondent_crd else (),
                    ltid_phase=spec.version == "1.0.0")

    def _state(self, spec: FirmSpec) -> _FirmState:
        known = self._by_id.get(id(spec))
        if known is not None:
            return known[1]
        state = self._states.get(spec)
        if state is not None:
            self._by_id[id(spec)] = (spec, state)
            return state
        mix = self.mix_for(spec)
        check_mix(mix, correspondent=spec.correspondent_crd is not None,
                  version=spec.version, where=f"firm {spec.label}")
        firm = self.books_firm(spec)
        masker = FdidMasker(seed=entity_seed(self.seed, "fdid-mask", spec.reporter_crd))
        renderer = Renderer(firm, as_of=self.as_of, masker=masker)
        names = tuple(n for n, w in mix if w > 0)
        total = sum(w for _, w in mix if w > 0)
        running, cumulative = 0, []
        for _, weight in ((n, w) for n, w in mix if w > 0):
            running += weight
            cumulative.append(running / total)
        weights = dict(self.customer_types)
        foreign = weights.get("FOREIGN", 0)
        people = foreign + weights.get("SSN/ITIN", 0)
        entities = foreign + weights.get("EIN", 0)
        keys = (entity_seed(self.seed, spec.label, "ssn") % _SSN_SPACE,
                entity_seed(self.seed, spec.label, "itin") % _ITIN_SPACE,
                entity_seed(self.seed, spec.label, "ein") % _EIN_SPACE)
        firm_identifier = choose_identifier(firm.as_party())
        rng = random.Random()
        context = EntityContext(rng, pools_for(self.seed), firm, self.as_of, 0, spec.label,
                                spec.correspondent_crd, foreign / people if people else 0.0,
                                foreign / entities if entities else 0.0, keys)
        state = _FirmState(hashlib.blake2b(f"{self.seed}\x1f{spec.label}\x1f".encode(),
                                           digest_size=8), rng, renderer, names,
                           tuple(cumulative),
                           firm_identifier.tid if firm_identifier is not None else None,
                           context)
        self._states[spec] = state
        self._by_id[id(spec)] = (spec, state)
        return state

    def archetype(self, spec: FirmSpec, index: int) -> str:
        """The archetype name entity ``index`` of ``spec`` is drawn as."""
        return self._remembered(spec, index)[1]

    def fragment(self, spec: FirmSpec, index: int) -> Fragment:
        """The books of entity ``index`` of ``spec`` (before rendering)."""
        return self._remembered(spec, index)[2]

    def _remembered(self, spec: FirmSpec, index: int) -> tuple[int, str, Fragment]:
        state = self._state(spec)
        state.last = (index, *self._entity(state, index))
        return state.last

    def _entity(self, state: _FirmState, index: int) -> tuple[str, Fragment]:
        """Entity ``index``: the generator of its run (:data:`SEED_RUN`), seeded with
        ``entity_seed(seed, label, "run", n)``, after the draws of the entities before it
        in the run."""
        last = state.last
        if last is not None and last[0] == index:
            return last[1], last[2]
        positioned = index == state.next_index and index % SEED_RUN
        state.next_index = -1  # until entity ``index`` is built (stays so if a build raises)
        if not positioned:
            start = index - index % SEED_RUN
            seed_hash = state.seed_hash.copy()
            seed_hash.update(b"run\x1f" + str(start // SEED_RUN).encode())
            state.rng.seed(int.from_bytes(seed_hash.digest(), "big"))
            for earlier in range(start, index):
                self._build(state, earlier)
        built = self._build(state, index)
        state.next_index = index + 1
        return built

    @staticmethod
    def _build(state: _FirmState, index: int) -> tuple[str, Fragment]:
        position = bisect.bisect_right(state.cumulative, state.rng.random())
        name = state.names[min(position, len(state.names) - 1)]
        context = state.context
        context.restart(index)
        return name, BUILDERS[name](context)

    def __call__(self, firm: FirmSpec, index: int) -> AccountUnit:
        state = self._state(firm)
        fragment = self._entity(state, index)[1]
        renderer = state.renderer
        v1 = firm.version == "1.0.0"
        ids = renderer.ids_for(None if v1 else firm.correspondent_crd)
        first_fdid = ids.next_fdid = index * FDID_STRIDE + 1
        first_customer = ids.next_customer = index * CUSTOMER_STRIDE + 1
        if v1:
            # LTID phase: only accounts with Large Trader IDs, no Customers [S1 T1; b.2].
            fdids_v1 = tuple(renderer.render_fragment_v1(fragment))
            _check_stride(index, ids.next_fdid - first_fdid, 0)
            return AccountUnit(index, fdids_v1)
        rendered = renderer.render_batches(fragment)
        _check_stride(index, ids.next_fdid - first_fdid, ids.next_customer - first_customer)
        if not rendered:
            return AccountUnit(index, ())
        if len(rendered) > 1 or rendered[0].correspondent_crd != firm.correspondent_crd:
            raise RenderError(f"entity {index} of {firm.label} renders into another "
                              "correspondent's file")
        entity = rendered[0]
        shared = _NOT_SHARED
        if entity.legal_entities:  # the firm is a Legal Entity Customer
            firm_tid = state.firm_tid
            shared = frozenset(t.customer_record_id for t in entity.tid_records
                               if t.tid_value == firm_tid)
        return AccountUnit(index, entity.fdid_records, entity.natural_persons,
                           entity.legal_entities, entity.tid_records, shared)


_NOT_SHARED: frozenset[int] = frozenset()


def _check_stride(index: int, fdids: int, customers: int) -> None:
    if fdids > FDID_STRIDE or customers > CUSTOMER_STRIDE:
        raise RenderError(f"entity {index} renders {fdids} FDIDs and {customers} Customers; "
                          f"record identifiers leave room for {FDID_STRIDE} of each")


# --- file limits and the file plan ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SplitPolicy:
    """Where files are cut, and the limits every file is checked against.

    The limits default to the Portal's, the stricter channel (digest a.4): a file that meets
    them can be uploaded either way.
    """

    accounts_per_file: int = 40_000
    max_fdids: int = 100_000          # S1 §5.1.3 r12
    max_customers: int = 100_000      # S1 §5.1.3 r12
    max_tids: int = 100_000           # S1 §5.1.4 r9
    max_bytes: int = 1_000_000_000    # 1 GB uncompressed, S1 §5.1.3 r11-r12, §5.1.4 r9

    def __post_init__(self) -> None:
        if self.accounts_per_file < 1:
            raise InvalidArgument("accounts per file must be at least 1")


@dataclass(frozen=True, slots=True)
class FileJob:
    """One submission pair to write: which firm, which file number, which entities."""

    firm: FirmSpec
    file_number: int
    indices: range | tuple[int, ...]


def plan_files(firms: Sequence[tuple[FirmSpec, int]], policy: SplitPolicy) -> list[FileJob]:
    """Every file of a population: per firm, ``ceil(entities / F)`` files of F entities.

    A firm with no entities still gets one (header-only) pair: that is how a firm says it
    has nothing to report (digest a.1).
    """
    jobs: list[FileJob] = []
    per = policy.accounts_per_file
    for firm, count in firms:
        if count < 0:
            raise InvalidArgument("an account count cannot be negative")
        files = max(1, math.ceil(count / per))
        jobs.extend(FileJob(firm, k + 1, range(k * per, min((k + 1) * per, count)))
                    for k in range(files))
    return jobs


def parse_shard(text: str) -> tuple[int, int]:
    """Read ``i/n`` (1 ≤ i ≤ n)."""
    left, sep, right = text.partition("/")
    if not sep or not left.strip().isdigit() or not right.strip().isdigit():
        raise InvalidArgument(f"shard {text!r} must be written i/n, for example 1/4")
    i, n = int(left), int(right)
    if not 1 <= i <= n:
        raise InvalidArgument(f"shard {text!r}: i must be between 1 and n")
    return i, n


def shard(jobs: Sequence[FileJob], i: int, n: int) -> list[FileJob]:
    """The files shard ``i`` of ``n`` writes: every n-th file, starting with the i-th."""
    return list(jobs[i - 1::n])


# --- writing --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WriteContext:
    """Everything a worker needs besides the job: all of it picklable."""

    source: UnitSource
    out_dir: Path
    submitter_id: int
    generation_date: dt.date
    seed: int
    policy: SplitPolicy = field(default_factory=SplitPolicy)
    defects: DefectPlan | None = None
    defect_kinds: tuple[DefectKind, ...] = ()
    #: Compression threads per worker process; None shares the cores among the processes
    #: (see :func:`run_jobs`).
    compress_workers: int | None = None
    compresslevel: int = 9


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one job wrote."""

    firm: FirmSpec
    data_file: str
    tids_file: str | None
    counts: dict[str, int]
    uncompressed_bytes: int
    compressed_bytes: int
    sha256: dict[str, str]
    defects: tuple[InjectedDefect, ...]
    accounts: int

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"dataFile": self.data_file}
        if self.tids_file is not None:
            result["tidsFile"] = self.tids_file
        result.update({"firm": self.firm.label, "reporterCRD": self.firm.reporter_crd})
        if self.firm.correspondent_crd is not None:
            result["correspondentCRD"] = self.firm.correspondent_crd
        result.update({"version": self.firm.version, "accounts": self.accounts,
                       "counts": self.counts, "uncompressedBytes": self.uncompressed_bytes,
                       "compressedBytes": self.compressed_bytes, "sha256": self.sha256})
        return result


_PROGRESS: Synchronized[int] | None = None
_PROGRESS_STEP = 512


def _init_worker(progress: Synchronized[int] | None) -> None:
    global _PROGRESS  # noqa: PLW0603 - one counter per worker process, set once at start
    _PROGRESS = progress


def _tick(n: int) -> None:
    if _PROGRESS is not None:
        with _PROGRESS.get_lock():
            _PROGRESS.value += n


_LISTS = ("fdidRecordList", "naturalPersonCustomerList", "legalEntityCustomerList",
          "tidRecordList")


def write_job(job: FileJob, ctx: WriteContext,
              on_account: Callable[[int], None] | None = None) -> FileResult:
    """Write one submission pair (only the Data File for schema 1.0.0, which has no TIDS
    file, digest a.8) and return what it holds.

    Each entity is built, rendered and handed to the writers, which compress in threads
    while the next entity is built.
    """
    firm = job.firm
    data_name = format_submission_name(
        submitter_id=ctx.submitter_id, reporter_crd=firm.reporter_crd,
        generation_date=ctx.generation_date, kind=FileKind.CAIS,
        file_number=job.file_number, group=firm.group)
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    data_path = ctx.out_dir / data_name.file_name
    with_tids = firm.version != "1.0.0"
    tids_path = ctx.out_dir / data_name.partner().file_name if with_tids else None
    workers = max(1, ctx.compress_workers or os.cpu_count() or 1)
    with ThreadPoolExecutor(workers, thread_name_prefix="cais-bz2") as pool:
        data = streaming_data_file_writer(
            data_path, reporter_crd=firm.reporter_crd, submitter_id=ctx.submitter_id,
            correspondent_crd=firm.correspondent_crd, version=firm.version,
            compresslevel=ctx.compresslevel, workers=workers, executor=pool)
        tids = (streaming_tids_file_writer(tids_path, version=firm.version,
                                           compresslevel=ctx.compresslevel, workers=workers,
                                           executor=pool)
                if tids_path is not None else None)
        try:
            found = _write_units(job, ctx, data, tids, data_name.file_name, on_account)
            data_summary = data.close()
            tids_summary = tids.close() if tids is not None else None
        except BaseException:
            data.abort()
            if tids is not None:
                tids.abort()
            raise
    counts = {k: v for k, v in data_summary.counts.items() if k != "correctionList"}
    sizes = data_summary.uncompressed_bytes
    packed = data_summary.compressed_bytes
    assert data.sha256 is not None
    digests = {data_name.file_name: data.sha256}
    tids_name = None
    if tids_summary is not None and tids is not None and tids_path is not None:
        assert tids.sha256 is not None
        counts["tidRecordList"] = tids_summary.counts.get("tidRecordList", 0)
        sizes += tids_summary.uncompressed_bytes
        packed += tids_summary.compressed_bytes
        tids_name = tids_path.name
        digests[tids_name] = tids.sha256
    named = tuple(with_files(found, data_name.file_name, tids_name or ""))
    return FileResult(firm, data_name.file_name, tids_name, counts, sizes, packed, digests,
                      named, len(job.indices))


def _write_units(job: FileJob, ctx: WriteContext, data: StreamingSubmissionWriter,
                 tids: StreamingSubmissionWriter | None, name: str,
                 on_account: Callable[[int], None] | None) -> list[InjectedDefect]:
    found: list[InjectedDefect] = []
    counts = dict.fromkeys(_LISTS, 0)
    policy = ctx.policy
    pending = 0
    firm = job.firm
    breaking = ctx.defects is not None and ctx.defects.rate > 0 and bool(ctx.defect_kinds)
    for index in job.indices:
        unit = ctx.source(firm, index)
        broken = _maybe_break(unit, firm, data, tids, ctx, counts) if breaking else None
        if broken is None:
            data.extend("fdidRecordList", unit.fdids)
            data.extend("naturalPersonCustomerList", unit.natural_persons)
            data.extend("legalEntityCustomerList", unit.legal_entities)
            if tids is not None:
                tids.extend("tidRecordList", unit.tids)
        else:
            found.extend(broken)
        counts["fdidRecordList"] += len(unit.fdids)
        counts["naturalPersonCustomerList"] += len(unit.natural_persons)
        counts["legalEntityCustomerList"] += len(unit.legal_entities)
        counts["tidRecordList"] += len(unit.tids)
        customers = counts["naturalPersonCustomerList"] + counts["legalEntityCustomerList"]
        if counts["fdidRecordList"] > policy.max_fdids or customers > policy.max_customers \
                or counts["tidRecordList"] > policy.max_tids:
            raise InvalidArgument(
                f"{name}: more than {policy.max_fdids:,} FDID, {policy.max_customers:,} "
                f"Customer or {policy.max_tids:,} TID Records (S1 §5.1.3 r12, §5.1.4 r9); "
                "write fewer accounts per file")
        if data.raw_bytes > policy.max_bytes or (
                tids is not None and tids.raw_bytes > policy.max_bytes):
            raise InvalidArgument(f"{name}: more than {policy.max_bytes:,} bytes uncompressed "
                                  "(S1 §5.1.3 r11-r12); write fewer accounts per file")
        pending += 1
        if pending == _PROGRESS_STEP:
            _tick(pending)
            if on_account is not None:
                on_account(pending)
            pending = 0
    _tick(pending)
    if on_account is not None and pending:
        on_account(pending)
    return found


def _maybe_break(unit: AccountUnit, firm: FirmSpec, data: StreamingSubmissionWriter,
                 tids: StreamingSubmissionWriter | None, ctx: WriteContext,
                 counts: dict[str, int]) -> list[InjectedDefect] | None:
    """Inject this unit's defects, if the seed gives it any, and write it as JSON objects.

    The draw happens first on a throw-away generator, so the (slower) conversion to JSON
    objects is paid only by the units that get a defect; :func:`inject` then repeats the
    same draws from a generator seeded identically.
    """
    plan = ctx.defects
    assert plan is not None
    key = (ctx.seed, firm.label, unit.index, "defects")
    probe = stable_random(*key)
    if all(probe.random() >= plan.rate for _ in unit.fdids):
        return None
    group = unit.wire_group(counts)
    found = inject(group, plan, ctx.defect_kinds, stable_random(*key))
    for key_name, records in group.lists().items():
        writer = tids if key_name == "tidRecordList" else data
        if writer is None:
            continue
        for record in records:
            writer.add_raw(key_name, record)
    return found


def run_jobs(jobs: Sequence[FileJob], ctx: WriteContext, *, processes: int | None = None,
             progress: Callable[[int], None] | None = None) -> list[FileResult]:
    """Write every job, in ``processes`` worker processes (default: one more than the
    cores, at most one per job); results come back in job order whatever order they
    finish in.

    ``progress`` is called from this process with the number of entities written since the
    last call.
    """
    cores = os.cpu_count() or 1
    if processes is None:
        # One process more than the cores: a file's builder and its compression thread
        # cannot keep two cores busy, so a file written alone leaves a core half idle. At
        # 100k FDIDs (files of 40k, 40k and 20k) two processes wrote the last file alone
        # for about 2 s of a 9 s run; three share the cores until the end.
        processes = min(len(jobs), cores + 1)
    if ctx.compress_workers is None:
        # Each process already keeps one core busy building records, so more compression
        # threads than its share of the cores only adds switching and cache misses: on two
        # cores, two processes with one thread each use about 7 % less CPU than with two.
        ctx = replace(ctx, compress_workers=max(1, cores // max(1, min(processes, len(jobs)))))
    if processes <= 1 or len(jobs) <= 1:
        return [write_job(job, ctx, progress) for job in jobs]
    if isinstance(ctx.source, PoolSource):
        # Built once here, the pools reach every worker through fork instead of being
        # drawn again in each of them (a tenth of a second of Faker calls per process).
        pools_for(ctx.source.seed)
    counter: Synchronized[int] = multiprocessing.get_context("fork").Value("q", 0)
    reported = 0
    results: dict[int, FileResult] = {}
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init_worker, initargs=(counter,)) as pool:
        futures: dict[Future[FileResult], int] = {
            pool.submit(write_job, job, ctx): n for n, job in enumerate(jobs)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                results[futures[future]] = future.result()
            if progress is not None:
                now = counter.value
                if now > reported:
                    progress(now - reported)
                    reported = now
    return [results[n] for n in range(len(jobs))]


def units(source: UnitSource, firm: FirmSpec, indices: Iterable[int]) -> Iterator[AccountUnit]:
    """The entities ``indices`` of ``firm``, built one at a time."""
    for index in indices:
        yield source(firm, index)


# --- a whole run ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GenerateResult:
    """What :func:`generate` wrote."""

    manifest: manifest_io.Manifest
    manifest_path: Path
    results: list[FileResult]


def certification_jobs(pack: CertificationPack, policy: SplitPolicy) -> list[FileJob]:
    """The files of a certification pack: each firm's chosen entities, in population order,
    cut every ``policy.accounts_per_file`` entities. Firms that give no accounts (the
    "zero from B, C and D" mixes of onboarding guide §7.2) get no files."""
    jobs: list[FileJob] = []
    per = policy.accounts_per_file
    for firm in pack.firms:
        chosen = tuple(u.index for u in firm.units)
        jobs.extend(FileJob(firm.firm, k // per + 1, chosen[k:k + per])
                    for k in range(0, len(chosen), per))
    return jobs


def generate(*, firms: Sequence[tuple[FirmSpec, int]], source: UnitSource, out_dir: Path,
             submitter_id: int, generation_date: dt.date, seed: int,
             certification: Requirement | None = None, defects: DefectPlan | None = None,
             shard_of: tuple[int, int] | None = None, policy: SplitPolicy | None = None,
             processes: int | None = None, compress_workers: int | None = None,
             parameters: dict[str, Any] | None = None,
             progress: Callable[[int], None] | None = None) -> GenerateResult:
    """Generate a population (or its certification pack), write it as submission pairs
    into ``out_dir`` and write the manifest next to them.

    ``firms`` gives each firm with its number of entities; ``source`` builds entity N of
    a firm. With ``certification``, only the entities the requirement needs are written
    (:func:`cais_sim.populations.certification.select`). With ``shard_of=(i, n)`` only
    every n-th file is written, and the manifest is named after the shard.
    """
    policy = policy or SplitPolicy()
    if not firms:
        raise InvalidArgument("a population needs at least one firm")
    versions = {firm.version for firm, _ in firms}
    if len(versions) != 1:
        raise InvalidArgument("every firm of one run must use the same schema version")
    version = versions.pop()
    pack: CertificationPack | None = None
    if certification is not None:
        pack = select([FirmPopulation(firm, _lazy_units(source, firm, count))
                       for firm, count in firms], certification)
        jobs = certification_jobs(pack, policy)
    else:
        jobs = plan_files(firms, policy)
    if shard_of is not None:
        jobs = shard(jobs, *shard_of)
    env = Environment.PRODUCTION_MIRROR if certification == "ltid" else \
        Environment.INDUSTRY_TEST
    kinds = defects.kinds(generation_date, env, schema_version=version) if defects else ()
    ctx = WriteContext(source=source, out_dir=out_dir, submitter_id=submitter_id,
                       generation_date=generation_date, seed=seed, policy=policy,
                       defects=defects, defect_kinds=kinds,
                       compress_workers=compress_workers)
    results = run_jobs(jobs, ctx, processes=processes, progress=progress)
    params = dict(parameters or {})
    params.update({"seed": seed, "date": generation_date.isoformat(),
                   "submitterID": submitter_id, "accountsPerFile": policy.accounts_per_file,
                   "certification": certification,
                   "defects": defects.to_json() if defects is not None else None,
                   "shard": f"{shard_of[0]}/{shard_of[1]}" if shard_of else None})
    document = manifest_io.Manifest(params, [firm for firm, _ in firms], results, pack)
    if pack is not None:
        pack.add_error_rate(*document.rejected_and_submitted())
    path = manifest_io.write(document, out_dir, shard_of)
    return GenerateResult(document, path, results)


def _lazy_units(source: UnitSource, firm: FirmSpec,
                count: int) -> Callable[[], Iterable[AccountUnit]]:
    return lambda: units(source, firm, range(count))


def accounts_in(jobs: Iterable[FileJob]) -> int:
    """Entities the jobs will write (for a progress bar)."""
    return sum(len(job.indices) for job in jobs)


__all__ = [
    "BUILDERS",
    "CUSTOMER_STRIDE",
    "FDID_STRIDE",
    "LTID_ARCHETYPES",
    "SEED_RUN",
    "AccountUnit",
    "Builder",
    "EntityContext",
    "FileJob",
    "FileResult",
    "FirmSpec",
    "GenerateResult",
    "Mix",
    "PoolSource",
    "Pools",
    "SplitPolicy",
    "UnitSource",
    "WriteContext",
    "accounts_in",
    "certification_jobs",
    "check_mix",
    "entity_random",
    "entity_seed",
    "generate",
    "parse_shard",
    "plan_files",
    "pools_for",
    "run_jobs",
    "shard",
    "synthetic_ein",
    "synthetic_itin",
    "synthetic_lei",
    "synthetic_ssn",
    "units",
    "write_job",
]
