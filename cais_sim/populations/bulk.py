"""Streaming generation of populations of any size, as real submission pairs.

Three properties make a generated population usable for load tests and reproducible at any
scale, and each is built in rather than checked afterwards:

* **Entity N never changes.** Every account is built from a generator seeded with a stable
  hash of ``(seed, firm, N)`` (BLAKE2b, never the per-process ``hash()``), so account N is
  the same whether the population holds 10 accounts or 10 million, and whichever process
  builds it. Record identifiers derive from N as well. A population of N accounts is
  therefore a prefix of one of 2N accounts.
* **Files are cut at fixed account positions.** File *k* of a firm holds accounts
  ``[k·F, (k+1)·F)``. The boundaries depend on nothing but ``F``, so shards can be written
  independently (``shard i/n`` takes every n-th file) and their union is byte for byte the
  unsharded output. ``F`` defaults to a value that keeps each file far inside the Portal's
  upload limits (100,000 FDID, Customer and TID Records, 1 GB uncompressed; digest a.4,
  S1 §5.1.3 r12, §5.1.4 r9), which are stricter than SFTP's 7 GB (S1 §5.1.3 r10); every
  file is checked against the limits as it is written.
* **Memory does not grow with N.** Accounts are built, encoded and spooled one at a time by
  :class:`~cais_sim.files.writer.SubmissionWriter`; nothing keeps a list of accounts.

Both cores are used by writing files in separate processes (each with its own bzip2
threads, :class:`~cais_sim.files.compress.ParallelBz2Writer`), because building records is
Python code that holds the GIL while bzip2 releases it.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from faker import Faker

from cais_sim.errors import InvalidArgument
from cais_sim.files.writer import SubmissionWriter, data_file_writer, tids_file_writer
from cais_sim.populations import manifest as manifest_io
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
from cais_sim.spec.effective import Environment
from cais_sim.spec.enums import (
    AccountType,
    AddrType,
    FdidType,
    FileKind,
    ForeignTidType,
    LegalEntityCustomerType,
    NaturalPersonCustomerType,
    Role,
    TidType,
)
from cais_sim.spec.naming import format_submission_name
from cais_sim.spec.records import (
    Address,
    FdidCustomer,
    FdidRecord,
    LargeTrader,
    LegalEntityCustomer,
    NaturalPersonCustomer,
    Record,
    TidRecord,
)
from cais_sim.spec.records_v1 import FdidRecordV1, LargeTraderV1
from cais_sim.spec.tid import is_valid_ssn, tid_for_ein, tid_for_foreign, tid_for_ssn

if TYPE_CHECKING:
    import datetime as dt
    from multiprocessing.sharedctypes import Synchronized

    from cais_sim.populations.defects import DefectKind


# --- what one account renders to -----------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class AccountUnit:
    """What one account of the books renders to: its FDID Record(s) (an FDID replacement
    gives two) with every Customer and TID Record they link to.

    Customers are never shared between units, so a rejection cascade (digest g.9) never
    leaves a unit and each unit can be checked, broken and written on its own.
    """

    index: int
    fdids: tuple[FdidRecord | FdidRecordV1, ...]
    natural_persons: tuple[NaturalPersonCustomer, ...] = ()
    legal_entities: tuple[LegalEntityCustomer, ...] = ()
    tids: tuple[TidRecord, ...] = ()

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
                         tids=[r.to_wire() for r in self.tids], offsets=dict(offsets))


class UnitSource(Protocol):
    """Builds account ``index`` of ``firm``; must be a pure function of its arguments and
    picklable, so worker processes rebuild exactly the same accounts."""

    def __call__(self, firm: FirmSpec, index: int) -> AccountUnit: ...


def entity_seed(seed: int, *parts: object) -> int:
    """A 64-bit seed for one entity, stable across processes, runs and Python versions."""
    text = "\x1f".join((str(seed), *(str(p) for p in parts))).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def entity_random(seed: int, *parts: object) -> random.Random:
    """A generator for one entity (see :func:`entity_seed`)."""
    return random.Random(entity_seed(seed, *parts))


# --- seeded pools and the account builders ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pools:
    """Names, streets and places drawn once per seed, then picked from per account.

    Drawing a name through Faker costs tens of microseconds (perf-baselines §1); picking
    from a prepared list costs well under one, which is what makes millions of accounts
    affordable while the values still look real.
    """

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    places: tuple[tuple[str, str, str], ...]        # city, regionCode, postalCode (US)
    companies: tuple[str, ...]
    foreign_places: tuple[tuple[str, str, str, str], ...]  # city, region, country, postal


_FOREIGN_COUNTRIES = ("GB", "DE", "FR", "JP", "CH", "NL", "SG", "IE", "IT", "ES")
_POOL_SIZE = 512
_POOLS: dict[int, Pools] = {}


def pools_for(seed: int) -> Pools:
    """The pools of ``seed`` (built on first use in each process, then shared)."""
    found = _POOLS.get(seed)
    if found is None:
        found = _POOLS[seed] = _build_pools(seed)
    return found


def _build_pools(seed: int) -> Pools:
    fake = Faker("en_US", use_weighting=False)
    fake.seed_instance(entity_seed(seed, "pools"))
    places = tuple((fake.city(), f"US-{abbr}", fake.zipcode_in_state(abbr))
                   for abbr in (fake.state_abbr(include_territories=False,
                                                    include_freely_associated_states=False)
                                for _ in range(_POOL_SIZE)))
    rng = entity_random(seed, "foreign-pools")
    foreign = tuple((fake.city(), fake.city_suffix().upper(), rng.choice(_FOREIGN_COUNTRIES),
                     f"{rng.randint(1000, 99999)}") for _ in range(_POOL_SIZE // 4))
    return Pools(
        first_names=tuple(fake.first_name() for _ in range(_POOL_SIZE)),
        last_names=tuple(fake.last_name() for _ in range(_POOL_SIZE)),
        streets=tuple(fake.street_name() for _ in range(_POOL_SIZE)),
        places=places,
        companies=tuple(fake.company() for _ in range(_POOL_SIZE)),
        foreign_places=foreign,
    )


#: Largest number of Customers one account of any builder has; customer record IDs are
#: ``index * STRIDE + k`` so they are unique in a file and never depend on other accounts.
CUSTOMER_STRIDE = 8


@dataclass(slots=True)
class _Account:
    """Records of one account while it is being built."""

    rng: random.Random
    pools: Pools
    firm: FirmSpec
    index: int
    opened: int
    customer_mix: tuple[tuple[str, ...], tuple[int, ...]]
    people: list[NaturalPersonCustomer] = field(default_factory=list)
    entities: list[LegalEntityCustomer] = field(default_factory=list)
    tids: list[TidRecord] = field(default_factory=list)
    links: list[FdidCustomer] = field(default_factory=list)

    def _id(self) -> int:
        return self.index * CUSTOMER_STRIDE + len(self.people) + len(self.entities) + 1

    def us_address(self) -> Address:
        city, region, postal = self.rng.choice(self.pools.places)
        street = self.rng.choice(self.pools.streets)
        return Address(addr_type=AddrType.ADDRESS1,
                       addr_line1=f"{self.rng.randint(1, 9999)} {street}",
                       city=city, region_code=region, country_code="US", postal_code=postal)

    def foreign_address(self) -> Address:
        city, region, country, postal = self.rng.choice(self.pools.foreign_places)
        street = self.rng.choice(self.pools.streets)
        return Address(addr_type=AddrType.ADDRESS1,
                       addr_line1=f"{self.rng.randint(1, 400)} {street}",
                       city=city, region_code=region, country_code=country, postal_code=postal)

    def tid_kind(self, allowed: tuple[str, ...]) -> str:
        names, weights = self.customer_mix
        pairs = [(n, w) for n, w in zip(names, weights, strict=True) if n in allowed]
        if not pairs:
            return allowed[0]
        return self.rng.choices([n for n, _ in pairs], [w for _, w in pairs])[0]

    def person(self, role: Role, *, last: str | None = None, kind: str | None = None,
               discretion: bool | None = None) -> NaturalPersonCustomer:
        kind = kind or self.tid_kind(("SSN/ITIN", "FOREIGN"))
        cid = self._id()
        foreign = kind == "FOREIGN"
        record = NaturalPersonCustomer(
            customer_record_id=cid, first_name=self.rng.choice(self.pools.first_names),
            last_name=last or self.rng.choice(self.pools.last_names),
            year_of_birth=self.rng.randint(1935, 2004),
            address_list=(self.foreign_address() if foreign else self.us_address(),),
            customer_type=(NaturalPersonCustomerType.FOREIGN if foreign
                           else NaturalPersonCustomerType.NOTAPPLICABLE,))
        self.people.append(record)
        if foreign:
            country = record.address_list[0].country_code
            passport = f"{country}{self.rng.randint(10**7, 10**9 - 1)}"
            self.tids.append(TidRecord(customer_record_id=cid, tid_type=TidType.FOREIGN,
                                       foreign_tid_type=ForeignTidType.PASSPORT,
                                       foreign_tid_country_cd=country,
                                       tid_value=tid_for_foreign(passport)))
        else:
            self.tids.append(TidRecord(customer_record_id=cid, tid_type=TidType.SSN_ITIN,
                                       tid_value=tid_for_ssn(_ssn(self.rng))))
        self.links.append(FdidCustomer(customer_record_id=cid, role=role,
                                       has_discretion=discretion, role_start_date=self.opened))
        return record

    def entity(self, role: Role) -> LegalEntityCustomer:
        kind = self.tid_kind(("EIN", "FOREIGN"))
        cid = self._id()
        foreign = kind == "FOREIGN"
        ein = None if foreign else f"{self.rng.randint(10, 99)}-{self.rng.randint(0, 9999999):07d}"
        record = LegalEntityCustomer(
            customer_record_id=cid, legal_name=self.rng.choice(self.pools.companies),
            address_list=(self.foreign_address() if foreign else self.us_address(),),
            ein=ein, customer_type=(LegalEntityCustomerType.FOREIGN if foreign
                                    else LegalEntityCustomerType.NOTAPPLICABLE,))
        self.entities.append(record)
        if ein is None:
            country = record.address_list[0].country_code
            national = f"{country}{self.rng.randint(10**8, 10**10 - 1)}"
            self.tids.append(TidRecord(customer_record_id=cid, tid_type=TidType.FOREIGN,
                                       foreign_tid_type=ForeignTidType.NATIONALID,
                                       foreign_tid_country_cd=country,
                                       tid_value=tid_for_foreign(national)))
        else:
            self.tids.append(TidRecord(customer_record_id=cid, tid_type=TidType.EIN,
                                       tid_value=tid_for_ein(ein)))
        self.links.append(FdidCustomer(customer_record_id=cid, role=role,
                                       role_start_date=self.opened))
        return record

    def ltid(self) -> str:
        return f"{self.rng.randint(10**7, 10**8 - 1)}-{self.rng.randint(0, 9999):04d}"

    def unit(self, name: str, account_type: AccountType, address: Address,
             large_trader: bool = False) -> AccountUnit:
        fdid_value = f"{self.firm.label}{self.index:010d}"
        traders = (LargeTrader(large_trader_record_id=1, large_trader_id=self.ltid(),
                               ltid_effective_date=self.opened),) if large_trader else ()
        fdid = FdidRecord(
            fdid_record_id=self.index + 1, firm_designated_id=fdid_value,
            fdid_type=FdidType.ACCOUNT, account_type=(account_type,), account_name=name,
            fdid_date=self.opened, address_list=(address,), large_trader_list=traders,
            fdid_customer_list=tuple(self.links))
        return AccountUnit(self.index, (fdid,), tuple(self.people), tuple(self.entities),
                           tuple(self.tids))


def _ssn(rng: random.Random) -> str:
    """A synthetic SSN inside the ranges CAT accepts (S1 §3.4); hashed at once, never kept."""
    while True:
        text = f"{rng.randint(1, 899):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if is_valid_ssn(text):
            return text


def _individual(a: _Account) -> AccountUnit:
    holder = a.person(Role.TRDHOLDER)
    account_type = a.rng.choice((AccountType.MARGIN, AccountType.OPTION, AccountType.OTHER))
    return a.unit(f"{holder.first_name} {holder.last_name}", account_type,
                  holder.address_list[0])


def _joint(a: _Account) -> AccountUnit:
    first = a.person(Role.TRDHOLDER)
    a.person(Role.TRDHOLDER, last=first.last_name)
    if a.rng.random() < 0.3:
        # A power of attorney trades for the holders [FAQ joint accounts with POA].
        a.person(Role.AUTH3RD, discretion=True)
    return a.unit(f"{first.last_name} Joint Account", AccountType.MARGIN,
                  first.address_list[0])


def _retirement(a: _Account) -> AccountUnit:
    holder = a.person(Role.TRDHOLDER, kind="SSN/ITIN")
    return a.unit(f"{holder.last_name} IRA", AccountType.RETIREMENT, holder.address_list[0])


def _entity(a: _Account) -> AccountUnit:
    # The entity holds the account; a natural person trades for it with discretion
    # [S1 §5.1.3.1 r34: someone active must be able to trade].
    holder = a.entity(Role.NTHOLDER)
    a.person(Role.AUTH3RD, discretion=True)
    return a.unit(holder.legal_name, AccountType.INSTITUTION, holder.address_list[0])


def _large_trader(a: _Account) -> AccountUnit:
    if a.rng.random() < 0.5:
        holder_name = a.entity(Role.NTHOLDER).legal_name
        a.person(Role.AUTH3RD, discretion=True)
    else:
        person = a.person(Role.TRDHOLDER)
        holder_name = f"{person.first_name} {person.last_name}"
    first = (a.people or a.entities)[0].address_list[0] if a.people or a.entities else \
        a.us_address()
    return a.unit(holder_name, AccountType.MARGIN, first, large_trader=True)


#: The account structures the streaming builder draws, by archetype name.
BULK_ARCHETYPES: dict[str, Callable[[_Account], AccountUnit]] = {
    "individual": _individual,
    "joint": _joint,
    "retirement": _retirement,
    "entity": _entity,
    "large-trader": _large_trader,
}


@dataclass(frozen=True, slots=True)
class PoolSource:
    """Builds account N of a firm from the seeded pools: the streaming unit source.

    The archetype and every value of account N come from a generator seeded with
    ``(seed, firm label, N)`` alone (see :func:`entity_seed`).
    """

    seed: int
    archetypes: tuple[tuple[str, int], ...]
    customer_types: tuple[tuple[str, int], ...] = (("SSN/ITIN", 1),)
    opened: int = 20220103

    def __post_init__(self) -> None:
        unknown = [name for name, _ in self.archetypes if name not in BULK_ARCHETYPES]
        if unknown:
            raise InvalidArgument(f"unknown archetype {unknown[0]!r}; known: "
                                  f"{', '.join(BULK_ARCHETYPES)}")

    def __call__(self, firm: FirmSpec, index: int) -> AccountUnit:
        rng = entity_random(self.seed, firm.label, index)
        names = [n for n, _ in self.archetypes]
        weights = [w for _, w in self.archetypes]
        name = rng.choices(names, weights)[0]
        account = _Account(rng, pools_for(self.seed), firm, index, self.opened,
                           (tuple(n for n, _ in self.customer_types),
                            tuple(w for _, w in self.customer_types)))
        unit = BULK_ARCHETYPES[name](account)
        if firm.version == "1.0.0":
            return _as_ltid_phase(unit)
        return unit


def _as_ltid_phase(unit: AccountUnit) -> AccountUnit:
    """The account as an LTID-phase firm reports it: the FDID and its Large Trader links,
    no Customers and no TIDS file (digest a.8, b.2)."""
    fdids = tuple(FdidRecordV1(
        fdid_record_id=f.fdid_record_id, firm_designated_id=f.firm_designated_id,
        fdid_type=f.fdid_type, fdid_date=f.fdid_date,
        large_trader_list=tuple(LargeTraderV1(
            large_trader_record_id=t.large_trader_record_id, large_trader_id=t.large_trader_id,
            ltid_effective_date=t.ltid_effective_date) for t in f.large_trader_list))
        for f in unit.fdids if isinstance(f, FdidRecord))
    return AccountUnit(unit.index, fdids)


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
    """One submission pair to write: which firm, which file number, which accounts."""

    firm: FirmSpec
    file_number: int
    indices: range | tuple[int, ...]


def plan_files(firms: Sequence[tuple[FirmSpec, int]], policy: SplitPolicy) -> list[FileJob]:
    """Every file of a population: per firm, ``ceil(accounts / F)`` files of F accounts.

    A firm with no accounts still gets one (header-only) pair: that is how a firm says it
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


def write_job(job: FileJob, ctx: WriteContext,
              on_account: Callable[[int], None] | None = None) -> FileResult:
    """Write one submission pair (only the Data File for schema 1.0.0, which has no TIDS
    file, digest a.8) and return what it holds."""
    firm = job.firm
    data_name = format_submission_name(
        submitter_id=ctx.submitter_id, reporter_crd=firm.reporter_crd,
        generation_date=ctx.generation_date, kind=FileKind.CAIS,
        file_number=job.file_number, group=firm.group)
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    data_path = ctx.out_dir / data_name.file_name
    with_tids = firm.version != "1.0.0"
    tids_path = ctx.out_dir / data_name.partner().file_name if with_tids else None
    data = data_file_writer(data_path, reporter_crd=firm.reporter_crd,
                            submitter_id=ctx.submitter_id,
                            correspondent_crd=firm.correspondent_crd, version=firm.version,
                            compresslevel=ctx.compresslevel, workers=ctx.compress_workers)
    tids = (tids_file_writer(tids_path, version=firm.version, compresslevel=ctx.compresslevel,
                             workers=ctx.compress_workers) if tids_path is not None else None)
    found: list[InjectedDefect] = []
    counts = dict.fromkeys(_LISTS, 0)
    pending = 0
    try:
        for index in job.indices:
            unit = ctx.source(firm, index)
            broken = _maybe_break(unit, firm, data, tids, ctx, counts)
            if broken is None:
                data.add_all(unit.records())
                if tids is not None:
                    tids.add_all(unit.tids)
            else:
                found.extend(broken)
            counts["fdidRecordList"] += len(unit.fdids)
            counts["naturalPersonCustomerList"] += len(unit.natural_persons)
            counts["legalEntityCustomerList"] += len(unit.legal_entities)
            counts["tidRecordList"] += len(unit.tids)
            _check_limits(counts, ctx.policy, data_name.file_name)
            pending += 1
            if pending == _PROGRESS_STEP:
                _tick(pending)
                if on_account is not None:
                    on_account(pending)
                pending = 0
        data_summary = data.close()
        tids_summary = tids.close() if tids is not None else None
    except BaseException:
        data.abort()
        if tids is not None:
            tids.abort()
        raise
    _tick(pending)
    if on_account is not None and pending:
        on_account(pending)
    counts = {k: v for k, v in data_summary.counts.items() if k != "correctionList"}
    sizes = data_summary.uncompressed_bytes
    packed = data_summary.compressed_bytes
    digests = {data_name.file_name: _sha256(data_path)}
    tids_name = None
    if tids_summary is not None and tids_path is not None:
        counts["tidRecordList"] = tids_summary.counts.get("tidRecordList", 0)
        sizes += tids_summary.uncompressed_bytes
        packed += tids_summary.compressed_bytes
        tids_name = tids_path.name
        digests[tids_name] = _sha256(tids_path)
    if sizes and max(data_summary.uncompressed_bytes,
                     tids_summary.uncompressed_bytes if tids_summary else 0) > \
            ctx.policy.max_bytes:
        raise InvalidArgument(f"{data_name.file_name}: more than {ctx.policy.max_bytes:,} "
                              "bytes uncompressed; write fewer accounts per file")
    named = tuple(with_files(found, data_name.file_name, tids_name or ""))
    return FileResult(firm, data_name.file_name, tids_name, counts, sizes, packed, digests,
                      named, len(job.indices))


def _maybe_break(unit: AccountUnit, firm: FirmSpec, data: SubmissionWriter,
                 tids: SubmissionWriter | None, ctx: WriteContext,
                 counts: dict[str, int]) -> list[InjectedDefect] | None:
    """Inject this unit's defects, if the seed gives it any, and write it as JSON objects.

    The draw happens first on a throw-away generator, so the (slower) conversion to JSON
    objects is paid only by the accounts that get a defect; :func:`inject` then repeats the
    same draws from a generator seeded identically.
    """
    plan = ctx.defects
    if plan is None or plan.rate <= 0 or not ctx.defect_kinds:
        return None
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


_LISTS = ("fdidRecordList", "naturalPersonCustomerList", "legalEntityCustomerList",
          "tidRecordList")


def _check_limits(counts: dict[str, int], policy: SplitPolicy, name: str) -> None:
    customers = counts["naturalPersonCustomerList"] + counts["legalEntityCustomerList"]
    if counts["fdidRecordList"] > policy.max_fdids or customers > policy.max_customers or \
            counts["tidRecordList"] > policy.max_tids:
        raise InvalidArgument(
            f"{name}: more than {policy.max_fdids:,} FDID, {policy.max_customers:,} Customer "
            f"or {policy.max_tids:,} TID Records (S1 §5.1.3 r12, §5.1.4 r9); write fewer "
            "accounts per file")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def run_jobs(jobs: Sequence[FileJob], ctx: WriteContext, *, processes: int | None = None,
             progress: Callable[[int], None] | None = None) -> list[FileResult]:
    """Write every job, in ``processes`` worker processes (default: one per core, at most
    one per job); results come back in job order whatever order they finish in.

    ``progress`` is called from this process with the number of accounts written since the
    last call.
    """
    if processes is None:
        processes = min(len(jobs), os.cpu_count() or 1)
    if processes <= 1 or len(jobs) <= 1:
        return [write_job(job, ctx, progress) for job in jobs]
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
    """The accounts ``indices`` of ``firm``, built one at a time."""
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
    """The files of a certification pack: each firm's chosen accounts, in population order,
    cut every ``policy.accounts_per_file`` accounts. Firms that give no accounts (the
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

    ``firms`` gives each firm with its number of accounts; ``source`` builds account N of
    a firm. With ``certification``, only the accounts the requirement needs are written
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
    """Accounts the jobs will write (for a progress bar)."""
    return sum(len(job.indices) for job in jobs)


__all__ = [
    "BULK_ARCHETYPES",
    "CUSTOMER_STRIDE",
    "AccountUnit",
    "FileJob",
    "FileResult",
    "FirmSpec",
    "GenerateResult",
    "PoolSource",
    "Pools",
    "SplitPolicy",
    "UnitSource",
    "WriteContext",
    "accounts_in",
    "certification_jobs",
    "entity_random",
    "entity_seed",
    "generate",
    "parse_shard",
    "plan_files",
    "pools_for",
    "run_jobs",
    "shard",
    "units",
    "write_job",
]
