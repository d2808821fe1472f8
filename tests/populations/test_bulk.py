"""Streaming generation: fast builders that mirror the archetypes, rendering through the
reference renderer, determinism, prefix stability, sharding, identifiers and file limits."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.files.inspect import inspect_files
from cais_sim.files.typed import iter_typed, read_data_file, read_tids_file
from cais_sim.populations.archetypes import ARCHETYPES, build_entity
from cais_sim.populations.books import Books
from cais_sim.populations.bulk import (
    BUILDERS,
    CUSTOMER_STRIDE,
    FDID_STRIDE,
    SEED_RUN,
    FirmSpec,
    PoolSource,
    SplitPolicy,
    entity_seed,
    generate,
    parse_shard,
    plan_files,
    shard,
    synthetic_ein,
    synthetic_itin,
    synthetic_ssn,
)
from cais_sim.populations.defects import DefectPlan
from cais_sim.populations.masking import FdidMasker
from cais_sim.populations.profiles import load_profile
from cais_sim.populations.render import RenderedEntity, Renderer
from cais_sim.spec.naming import parse_submission_name
from cais_sim.spec.records import FdidRecord, LegalEntityCustomer, NaturalPersonCustomer
from cais_sim.spec.records_v1 import FdidRecordV1
from cais_sim.spec.tid import is_tid_value, is_valid_ssn

DAY = dt.date(2024, 1, 2)
PROFILE = load_profile("large-firm")
FIRM = FirmSpec("T", 1234)
CORRESPONDENT = FirmSpec("C", 1234, correspondent_crd=5678)


def _run(out: Path, accounts: int, *, seed: int = 11, per_file: int = 40,
         processes: int = 1, **kwargs: Any) -> list[Path]:
    generate(firms=PROFILE.firm_sizes(accounts), source=PROFILE.unit_source(seed, DAY),
             out_dir=out, submitter_id=PROFILE.submitter_id, generation_date=DAY, seed=seed,
             policy=SplitPolicy(accounts_per_file=per_file), processes=processes,
             compress_workers=1, **kwargs)
    return sorted(out.iterdir())


def _bytes(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def _only(name: str, **kwargs: Any) -> PoolSource:
    return PoolSource(3, ((name, 1),), (("SSN/ITIN", 6), ("EIN", 2), ("FOREIGN", 2)),
                      as_of=DAY, **kwargs)


def _spec_for(name: str) -> FirmSpec:
    return CORRESPONDENT if name == "correspondent_account" else FIRM


# --- seeding and identifiers ---------------------------------------------------------------


def test_entity_seed_is_stable() -> None:
    # BLAKE2b of the parts: the same on every run and process (never the salted hash()).
    assert entity_seed(1, "A", 7) == entity_seed(1, "A", 7)
    assert entity_seed(1, "A", 7) != entity_seed(1, "A", 8)
    # Pinned: a change here would silently change every generated population.
    assert entity_seed(1, "A", 7) == 0xc6dfd6d12a96905a


def test_synthetic_identifiers_are_distinct_and_valid() -> None:
    slots = range(0, 400_000, 7)
    ssns = [synthetic_ssn(s, 12345) for s in slots]
    assert len(set(ssns)) == len(ssns)
    assert all(is_valid_ssn(v) and not v.startswith("9") for v in ssns)
    itins = [synthetic_itin(s, 999) for s in slots]
    assert len(set(itins)) == len(itins)
    assert all(v.startswith("9") and 70 <= int(v[4:6]) <= 98 for v in itins)
    eins = [synthetic_ein(s, 77) for s in slots]
    assert len(set(eins)) == len(eins)
    assert all(10 <= int(v[:2]) <= 98 and len(v) == 10 for v in eins)


def test_junk_ssns_never_come_out() -> None:
    # The slots that would spell a junk number listed in S1 §3.4 are moved elsewhere.
    space, spread, key = 665 * 99 * 9999, 1_000_003, 4321
    inverse = pow(spread, -1, space)
    moved = set()
    for junk in ("111-11-1111", "555-55-5555", "123-45-6789"):
        area, group, serial = (int(part) for part in junk.split("-"))
        value = (area - 1) * 99 * 9999 + (group - 1) * 9999 + (serial - 1)
        slot = (value - key) * inverse % space
        replaced = synthetic_ssn(slot, key)
        assert replaced != junk
        assert is_valid_ssn(replaced)
        assert replaced[3:] == junk[3:]
        moved.add(replaced)
    assert len(moved) == 3


# --- one builder per archetype, mirroring the factories ------------------------------------


def test_every_archetype_has_a_fast_builder() -> None:
    assert set(BUILDERS) == set(ARCHETYPES)


def _shape(entities: list[RenderedEntity]) -> tuple[object, ...]:
    """What a rendering says about structure, leaving out every drawn value."""
    incidental = {"ACCREDITED", "NOTAPPLICABLE"}
    customers: dict[int, tuple[object, ...]] = {}
    for entity in entities:
        tids = {t.customer_record_id: t for t in entity.tid_records}
        for c in (*entity.natural_persons, *entity.legal_entities):
            tid = tids[c.customer_record_id]
            kinds = {str(t) for t in c.customer_type} - incidental
            dba = getattr(c, "doing_business_as", None)
            customers[c.customer_record_id] = (
                type(c).__name__, tid.tid_type.value, tid.replaced_by_tid is not None,
                dba is not None, tuple(sorted(kinds)))
    fdids = []
    for entity in entities:
        for f in entity.fdid_records:
            links = sorted((a.role.value, bool(a.has_discretion),
                            a.role_end_reason.value if a.role_end_reason else "",
                            customers[a.customer_record_id]) for a in f.fdid_customer_list)
            fdids.append((f.fdid_type.value, f.fdid_end_reason.value if f.fdid_end_reason
                          else "", f.replaced_by_fdid is not None,
                          f.prior_cat_reporter_crd is not None, len(f.large_trader_list),
                          len(f.auth_trader_names_list), bool(f.dvp_custodian_id),
                          str(links)))
    return tuple(sorted(fdids)), tuple(sorted(map(str, customers.values())))


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_fast_builder_renders_like_the_factory(name: str) -> None:
    # Far enough after every event of either kind of books, so all of them show.
    as_of = dt.date(2024, 9, 2)
    source = PoolSource(3, ((name, 1),), (("SSN/ITIN", 1), ("EIN", 1)), as_of=as_of)
    spec = _spec_for(name)
    firm = source.books_firm(spec)
    for index in range(3):
        fast = source.fragment(spec, index)
        slow = build_entity(name, firm, seed=3, index=index,
                            correspondent_crd=spec.correspondent_crd)
        assert Books.of(firm, [fast]).problems() == []
        assert [type(e).__name__ for e in fast.events] == \
            [type(e).__name__ for e in slow.events]
        assert sorted(r.capacity.value for a in fast.accounts for r in a.roles) == \
            sorted(r.capacity.value for a in slow.accounts for r in a.roles)
        rendered_fast = list(Renderer(firm, as_of=as_of).render_fragment(fast))
        rendered_slow = list(Renderer(firm, as_of=as_of).render_fragment(slow))
        assert _shape(rendered_fast) == _shape(rendered_slow), name


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_every_builder_renders_on_any_day(name: str) -> None:
    for day in (DAY, dt.date(2019, 3, 1)):
        source = PoolSource(8, ((name, 1),), (("SSN/ITIN", 6), ("EIN", 2), ("FOREIGN", 2)),
                            as_of=day)
        spec = _spec_for(name)
        for index in range(40):
            fragment = source.fragment(spec, index)
            assert all(a.opened < day for a in fragment.accounts)
            assert all(e.on < day for e in fragment.events)
            unit = source(spec, index)
            assert unit.fdids, (name, index)
            assert all(isinstance(f, FdidRecord) for f in unit.fdids)
            linked = {a.customer_record_id for f in unit.fdids
                      for a in f.fdid_customer_list}  # type: ignore[union-attr]
            present = {c.customer_record_id for c in
                       (*unit.natural_persons, *unit.legal_entities)}
            assert linked == present == {t.customer_record_id for t in unit.tids}


def test_units_are_the_reference_rendering_of_the_books() -> None:
    # One place for CAIS rules: a unit is exactly what Renderer makes of the fragment.
    source = PROFILE.unit_source(5, DAY)
    spec = PROFILE.firm_specs()[0]
    firm = source.books_firm(spec)
    renderer = Renderer(firm, as_of=DAY, masker=FdidMasker(
        seed=entity_seed(5, "fdid-mask", spec.reporter_crd)))
    for index in (0, 17, 400):
        ids = renderer.ids_for(None)
        ids.next_fdid = index * FDID_STRIDE + 1
        ids.next_customer = index * CUSTOMER_STRIDE + 1
        (entity,) = renderer.render_fragment(source.fragment(spec, index))
        unit = source(spec, index)
        assert unit.fdids == entity.fdid_records
        assert unit.natural_persons == entity.natural_persons
        assert unit.legal_entities == entity.legal_entities
        assert unit.tids == entity.tid_records


def test_entity_n_does_not_depend_on_anything_else() -> None:
    source = PROFILE.unit_source(4, DAY)
    firm = PROFILE.firm_specs()[0]
    late = source(firm, 999)
    for i in range(5):
        source(firm, i)
    assert source(firm, 999) == late
    fresh = PoolSource(4, PROFILE.archetypes, PROFILE.customer_types, as_of=DAY,
                       submitter_id=PROFILE.submitter_id)
    assert fresh(firm, 999) == late
    ids = [c.customer_record_id for c in (*late.natural_persons, *late.legal_entities)]
    assert all(999 * CUSTOMER_STRIDE < i <= 1000 * CUSTOMER_STRIDE for i in ids)
    assert all(999 * FDID_STRIDE < f.fdid_record_id <= 1000 * FDID_STRIDE
               for f in late.fdids)
    assert all(is_tid_value(t.tid_value) for t in late.tids)


def test_entities_are_the_same_in_any_order_and_subset() -> None:
    # Entities share a generator per run of SEED_RUN; asking for them out of order, skipping
    # some, or starting mid-run replays the run, so each is still a function of its index.
    firm = PROFILE.firm_specs()[0]
    in_order = PROFILE.unit_source(4, DAY)
    expected = {i: in_order(firm, i) for i in range(3 * SEED_RUN)}
    shuffled = PROFILE.unit_source(4, DAY)
    for i in (SEED_RUN + 5, 3, SEED_RUN + 5, 2 * SEED_RUN - 1, 0, 2 * SEED_RUN, 4, 17):
        assert shuffled(firm, i) == expected[i], i
        assert shuffled.archetype(firm, i) == in_order.archetype(firm, i)
    assert len({expected[i].fdids[0].firm_designated_id for i in expected}) == len(expected)


def test_archetype_mix_and_customer_types_are_followed() -> None:
    source = PoolSource(2, (("individual", 3), ("corporate", 1)),
                        (("SSN/ITIN", 1), ("FOREIGN", 1)), as_of=DAY)
    drawn = Counter(source.archetype(FIRM, i) for i in range(2000))
    assert set(drawn) == {"individual", "corporate"}
    assert 0.70 < drawn["individual"] / 2000 < 0.80
    tid_types = Counter(t.tid_type.value for i in range(400) for t in source(FIRM, i).tids)
    # People draw half foreign; entities (no EIN weight) are all foreign.
    assert tid_types["FOREIGN"] > tid_types["SSN/ITIN"] > 0
    assert "EIN" not in tid_types


def test_one_customer_never_disagrees_with_itself() -> None:
    # Every Customer Record carrying one tidValue in a file has the same content, so CAIS
    # never sees one Customer disagreeing with itself (22533).
    source = PROFILE.unit_source(6, DAY)
    spec = PROFILE.firm_specs()[0]
    seen: dict[str, tuple[object, ...]] = {}
    for index in range(3000):
        unit = source(spec, index)
        tids = {t.customer_record_id: t.tid_value for t in unit.tids}
        customers: list[NaturalPersonCustomer | LegalEntityCustomer] = [
            *unit.natural_persons, *unit.legal_entities]
        for customer in customers:
            key = tids[customer.customer_record_id]
            content = (type(customer).__name__, getattr(customer, "year_of_birth", None),
                       getattr(customer, "ein", None))
            assert seen.setdefault(key, content) == content


def test_mix_checks() -> None:
    with pytest.raises(InvalidArgument, match="unknown archetype"):
        PoolSource(1, (("unicorn", 1),), as_of=DAY)(FIRM, 0)
    with pytest.raises(InvalidArgument, match="correspondent"):
        PoolSource(1, (("correspondent_account", 1),), as_of=DAY)(FIRM, 0)
    with pytest.raises(InvalidArgument, match="Large Trader"):
        PoolSource(1, (("individual", 1),), as_of=DAY)(FirmSpec("L", 1, version="1.0.0"), 0)


def test_firm_mix_overrides_the_default() -> None:
    source = PoolSource(1, (("individual", 1),), as_of=DAY,
                        firm_archetypes=(("C", (("correspondent_account", 1),)),))
    assert source.archetype(CORRESPONDENT, 0) == "correspondent_account"
    assert source.archetype(FIRM, 0) == "individual"
    unit = source(CORRESPONDENT, 0)
    assert any(a.role.value == "AUTHREP" for f in unit.fdids
               for a in f.fdid_customer_list)  # type: ignore[union-attr]


# --- files ------------------------------------------------------------------------------------


def test_same_seed_and_date_give_identical_bytes(tmp_path: Path) -> None:
    first = _run(tmp_path / "a", 90, defects=DefectPlan(0.1))
    second = _run(tmp_path / "b", 90, defects=DefectPlan(0.1))
    assert _bytes(first) == _bytes(second)
    other = _run(tmp_path / "c", 90, seed=12)
    assert _bytes(first) != _bytes(other)


def test_two_processes_write_the_same_bytes(tmp_path: Path) -> None:
    single = _run(tmp_path / "one", 100, per_file=30)
    double = _run(tmp_path / "two", 100, per_file=30, processes=2)
    assert _bytes(single) == _bytes(double)


def test_population_n_is_a_prefix_of_2n(tmp_path: Path) -> None:
    small = _run(tmp_path / "n", 60, per_file=40)
    large = _run(tmp_path / "2n", 120, per_file=40)
    small_files = [p for p in small if p.name.endswith(".bz2")]
    large_by_name = {p.name: p for p in large}
    # Full files are identical; the last, partial file holds a prefix of its counterpart.
    assert small_files[0].read_bytes() == large_by_name[small_files[0].name].read_bytes()
    for path in small_files:
        part = list(iter_typed(path))
        whole = list(iter_typed(large_by_name[path.name]))
        by_type: dict[type, list[Any]] = {}
        for record in whole:
            by_type.setdefault(type(record), []).append(record)
        for kind in {type(r) for r in part}:
            mine = [r for r in part if type(r) is kind]
            assert by_type[kind][:len(mine)] == mine


def test_shards_together_are_the_population(tmp_path: Path) -> None:
    whole = _bytes(_run(tmp_path / "all", 130, per_file=30))
    merged: dict[str, bytes] = {}
    for i in (1, 2, 3):
        files = _run(tmp_path / f"s{i}", 130, per_file=30, shard_of=(i, 3))
        assert f"manifest-shard-{i}-of-3.json" in {p.name for p in files}
        merged.update({k: v for k, v in _bytes(files).items() if k.endswith(".bz2")})
    assert merged == {k: v for k, v in whole.items() if k.endswith(".bz2")}


def test_files_are_valid_pairs_with_real_names(tmp_path: Path) -> None:
    paths = [p for p in _run(tmp_path, 70, per_file=40) if p.name.endswith(".bz2")]
    assert len(paths) == 4
    for path in paths:
        name = parse_submission_name(path.name)
        assert name.reporter_crd == 72001
        assert name.generation_date == DAY
    report = inspect_files(paths)
    assert report.ok
    assert [pair.status for pair in report.pairs] == ["paired", "paired"]
    data = read_data_file(paths[0])
    tids = read_tids_file(paths[2])
    customers = {c.customer_record_id for c in (*data.natural_persons, *data.legal_entities)}
    assert customers == {t.customer_record_id for t in tids.tid_records}


def test_plan_files_cuts_at_fixed_positions() -> None:
    firm = FirmSpec("A", 1)
    jobs = plan_files([(firm, 95), (FirmSpec("B", 2), 0)], SplitPolicy(accounts_per_file=40))
    assert [(j.firm.label, j.file_number, j.indices) for j in jobs] == [
        ("A", 1, range(40)), ("A", 2, range(40, 80)), ("A", 3, range(80, 95)),
        ("B", 1, range(0))]
    assert [j.file_number for j in shard(jobs, 2, 2)] == [2, 1]


@pytest.mark.parametrize("text", ["1", "0/2", "3/2", "a/b", "1/0"])
def test_parse_shard_refuses(text: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_shard(text)


@pytest.mark.parametrize("policy", [SplitPolicy(accounts_per_file=50, max_fdids=20),
                                    SplitPolicy(accounts_per_file=50, max_bytes=20_000)])
def test_file_limits_are_enforced(tmp_path: Path, policy: SplitPolicy) -> None:
    with pytest.raises(InvalidArgument, match="fewer"):
        generate(firms=PROFILE.firm_sizes(30), source=PROFILE.unit_source(1, DAY),
                 out_dir=tmp_path, submitter_id=1, generation_date=DAY, seed=1, policy=policy,
                 processes=1)
    assert not list(tmp_path.iterdir())


def test_ltid_phase_firm_writes_data_files_only(tmp_path: Path) -> None:
    profile = load_profile("ltid-firm")
    generate(firms=profile.firm_sizes(30), source=profile.unit_source(2, DAY),
             out_dir=tmp_path, submitter_id=profile.submitter_id, generation_date=DAY, seed=2,
             processes=1)
    names = sorted(p.name for p in tmp_path.glob("*.bz2"))
    assert names == ["75001_75001_20240102_CAIS_000001.json.bz2"]
    records = list(iter_typed(tmp_path / names[0]))
    assert len(records) == 30
    assert all(isinstance(r, FdidRecordV1) and r.large_trader_list for r in records)


def test_clearing_firm_files_carry_correspondent(tmp_path: Path) -> None:
    profile = load_profile("clearing-firm")
    result = generate(firms=profile.firm_sizes(40), source=profile.unit_source(2, DAY),
                      out_dir=tmp_path, submitter_id=profile.submitter_id,
                      generation_date=DAY, seed=2, processes=1)
    groups = sorted(parse_submission_name(f.data_file).group or "-" for f in result.results)
    assert groups == ["-", "C73101", "C73102", "C73103"]
    paths = sorted(tmp_path.glob("*.bz2"))
    assert inspect_files(paths).ok
    # One CAT Reporter: FDIDs are unique over all its files, correspondents included.
    fdids = [f.firm_designated_id for p in paths if "_CAIS_" in p.name
             for f in read_data_file(p).fdid_records]
    assert len(fdids) == len(set(fdids)) >= 40
    corr = next(p for p in paths if "C73101" in p.name and "_CAIS_" in p.name)
    data = read_data_file(corr)
    assert data.header.correspondent_crd == 73101
    assert any(a.role.value == "AUTHREP" for f in data.fdid_records
               for a in f.fdid_customer_list)
