"""Defect injection: named mutations, the codes they must draw, and the rejection cascade."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.errors import InvalidArgument
from cais_sim.examples import demo_pair
from cais_sim.populations.bulk import AccountUnit, FirmSpec, PoolSource, generate
from cais_sim.populations.defects import (
    DefectKind,
    DefectPlan,
    WireGroup,
    all_kinds,
    inject,
    kinds_in_force,
    parse_defects,
    rejected_records,
    stable_random,
)
from cais_sim.rules.engine import Engine
from cais_sim.rules.model import RecordContext
from cais_sim.rules.registry import implemented_codes
from cais_sim.simulator import Simulator
from cais_sim.spec.codes import Stage, catalog
from cais_sim.spec.effective import Environment
from cais_sim.spec.fields import RecordKind
from cais_sim.spec.packs import pack_for

DAY = dt.date(2024, 1, 2)
SOURCE = PoolSource(5, (("individual", 3), ("joint_with_poa", 2), ("corporate", 2),
                       ("trust_with_trustees", 1), ("large_trader", 1),
                       ("fdid_replacement", 1), ("identifier_replacement", 1),
                       ("names_only_trader", 1), ("sole_proprietorship", 1),
                       ("foreign_individual", 1)),
                    (("SSN/ITIN", 6), ("EIN", 2), ("FOREIGN", 2)), as_of=DAY)
FIRM = FirmSpec("T", 1234)


def _demo_group() -> WireGroup:
    pair = demo_pair()
    return WireGroup(fdids=[r.to_wire() for r in pair.data.fdid_records],
                     natural_persons=[r.to_wire() for r in pair.data.natural_persons],
                     legal_entities=[r.to_wire() for r in pair.data.legal_entities],
                     tids=[r.to_wire() for r in pair.tids.tid_records])


def test_parse_defects_forms() -> None:
    assert parse_defects("0.05") == DefectPlan(0.05)
    assert parse_defects("5%") == DefectPlan(0.05)
    assert parse_defects("0.1:22050, 22507,22050") == DefectPlan(0.1, (22050, 22507))


@pytest.mark.parametrize("text", ["x", "1.5", "-0.1", "0.1:abc", "0.1:"])
def test_parse_defects_refuses(text: str) -> None:
    with pytest.raises(InvalidArgument):
        parse_defects(text)


def test_every_kind_names_a_record_level_locally_checkable_code() -> None:
    kinds = all_kinds()
    assert len(kinds) > 20
    for kind in kinds:
        code = catalog()[kind.code]
        assert code.locally_checkable
        assert code.stage in (Stage.DATA_VALIDATION, Stage.TIDS_WARNING)
        if kind.record is RecordKind.TID:
            assert kind.customer_code in code.maps_to
        assert kind.to_json()["code"] == kind.code


def test_dated_codes_only_when_in_force() -> None:
    # A Customer address is mandatory only from 2023-07-12 (22514, S1 §5.1.3.2 r8).
    before = {k.code for k in kinds_in_force(dt.date(2023, 1, 3))}
    after = {k.code for k in kinds_in_force(DAY)}
    assert 22514 not in before
    assert 22514 in after


def test_schema_1_kinds_touch_only_fdid_and_large_trader() -> None:
    kinds = kinds_in_force(DAY, schema_version="1.0.0")
    assert kinds
    assert {k.record for k in kinds} <= {RecordKind.FDID, RecordKind.LARGE_TRADER}


def test_unknown_code_in_plan_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="22999"):
        DefectPlan(0.1, (22999,)).kinds(DAY)


def _engine_codes(group: WireGroup, list_key: str, index: int) -> set[int]:
    """Codes the rules engine finds on one record of ``group`` (the simulator's own view)."""
    pack = pack_for(Environment.INDUSTRY_TEST, DAY)
    engine = Engine(pack, Environment.INDUSTRY_TEST, DAY)
    lists = group.lists()
    ctx = RecordContext(
        env=Environment.INDUSTRY_TEST, day=DAY, pack=pack,
        tid_types={t["customerRecordID"]: t.get("tidType") for t in group.tids},
        customer_ids=frozenset(c["customerRecordID"] for c in
                               (*group.natural_persons, *group.legal_entities)),
        natural_person_ids=frozenset(c["customerRecordID"] for c in group.natural_persons))
    kind = {"fdidRecordList": RecordKind.FDID, "naturalPersonCustomerList":
            RecordKind.NATURAL_PERSON, "legalEntityCustomerList": RecordKind.LEGAL_ENTITY,
            "tidRecordList": RecordKind.TID}[list_key]
    return {f.code for f in engine.check(kind, lists[list_key][index], ctx)}


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.name)
def test_each_kind_draws_its_code(kind: DefectKind) -> None:
    plan = DefectPlan(1.0)
    for index in range(200):
        unit = SOURCE(FIRM, index)
        group = unit.wire_group({})
        found = inject(group, plan, (kind,), stable_random("t", index))
        if not found:
            continue
        defect = found[0]
        assert defect.kind is kind
        assert defect.rejected.code == (kind.customer_code or kind.code)
        if kind.code in implemented_codes():
            codes = _engine_codes(group, defect.record.list_key, defect.record.index)
            assert kind.code in codes, (kind.name, codes)
        return
    pytest.skip(f"no generated account offers {kind.name}")


def test_cascade_follows_the_digest() -> None:
    # Break the first holder of the joint account (customer 2): its FDID (2) fails with
    # 22048 and the FDID's other Customers (3, 4) with 22523 [digest g.9; S1 §6.3].
    group = _demo_group()
    kind = next(k for k in all_kinds() if k.name == "naturalPerson.firstName.missing")
    found = inject(group, DefectPlan(1.0), (kind,), stable_random(1))
    assert found
    by_customer = {d.record.customer_record_id: d for d in found}
    assert set(by_customer) <= {1, 2, 3, 4}
    defect = found[0]
    assert defect.rejected.code == 22507
    codes = {(r.record.list_key, r.code) for r in defect.cascade}
    assert ("fdidRecordList", 22048) in codes
    for item in defect.cascade:
        assert item.code in (22048, 22523, 22529)
    assert "firstName" not in group.lists()[defect.record.list_key][defect.record.index]


def test_same_tid_value_cascades_with_22529() -> None:
    group = _demo_group()
    # Give customer 4 the same TID as customer 1, then break customer 1 on its own.
    tid1 = next(t for t in group.tids if t["customerRecordID"] == 1)
    next(t for t in group.tids if t["customerRecordID"] == 4)["tidValue"] = tid1["tidValue"]
    kind = next(k for k in all_kinds() if k.name == "naturalPerson.lastName.missing")
    group.fdids = group.fdids[:1]  # only the account of customer 1 draws a defect
    found = inject(group, DefectPlan(1.0), (kind,), stable_random(3))
    assert len(found) == 1
    cascade = {(r.record.customer_record_id, r.code) for r in found[0].cascade}
    assert (4, 22529) in cascade


def test_injection_is_deterministic_and_rate_bounded() -> None:
    kinds = kinds_in_force(DAY)

    def run(seed: int) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for index in range(300):
            group = SOURCE(FIRM, index).wire_group({})
            out.extend(d.to_json() for d in inject(group, DefectPlan(0.2), kinds,
                                                   stable_random(seed, index)))
        return out

    first, again, other = run(1), run(1), run(2)
    assert first == again
    assert first != other
    assert 30 <= len(first) <= 90  # 20 % of 300 accounts, with room for chance
    for entry in first:
        assert isinstance(entry["expectedCode"], int)
        assert entry["expectedCode"] in catalog()


def test_rejected_records_counts_each_record_once() -> None:
    units: list[AccountUnit] = [SOURCE(FIRM, i) for i in range(50)]
    found = []
    offsets = {"fdidRecordList": 0, "naturalPersonCustomerList": 0,
               "legalEntityCustomerList": 0, "tidRecordList": 0}
    for unit in units:
        group = unit.wire_group(offsets)
        found.extend(inject(group, DefectPlan(1.0), kinds_in_force(DAY),
                            stable_random(unit.index)))
        for key, records in group.lists().items():
            offsets[key] += len(records)
    rejected = rejected_records(found)
    assert len(rejected) <= sum(len(d.rejections()) for d in found)
    assert len(rejected) >= len(found)


def _two_fdids_one_customer() -> WireGroup:
    pair = demo_pair()
    fdid = pair.data.fdid_records[0].to_wire()
    crid = fdid["fdidCustomerList"][0]["customerRecordID"]
    fdid["fdidCustomerList"] = fdid["fdidCustomerList"][:1]
    second = dict(fdid, fdidRecordID=fdid["fdidRecordID"] + 100,
                  firmDesignatedID=fdid["firmDesignatedID"] + "B")
    person = next(c.to_wire() for c in pair.data.natural_persons
                  if c.customer_record_id == crid)
    tid = next(t.to_wire() for t in pair.tids.tid_records if t.customer_record_id == crid)
    return WireGroup(fdids=[fdid, second], natural_persons=[person], tids=[tid])


def test_defects_of_one_group_cascade_together() -> None:
    # Two FDIDs sharing one Customer, both broken: the Customer fails once (22523) and,
    # having been brought down by both, brings each FDID down too (22048), as CAIS decides
    # when several records of a group fail at once [digest g.9; S1 §6.3].
    kind = next(k for k in all_kinds() if k.name == "fdid.accountName.missing")
    group = _two_fdids_one_customer()
    found = inject(group, DefectPlan(1.0), (kind,), stable_random(2))
    assert [d.record.list_key for d in found] == ["fdidRecordList", "fdidRecordList"]
    codes = [r.code for d in found for r in d.cascade]
    assert sorted(codes) == [22048, 22048, 22523]
    dragged = {(r.record.list_key, r.record.index) for d in found for r in d.cascade}
    assert dragged == {("fdidRecordList", 0), ("fdidRecordList", 1),
                       ("naturalPersonCustomerList", 0)}


def test_single_defect_cascade_stays_one_way() -> None:
    # One FDID broken: its Customer fails (22523) and drags the other FDID (22048), never
    # the FDID that brought it down.
    kind = next(k for k in all_kinds() if k.name == "fdid.accountName.missing")
    group = _two_fdids_one_customer()
    found = inject(group, DefectPlan(0.5), (kind,), stable_random(0))
    assert len(found) == 1
    broken = found[0].record.index
    assert [(r.record.list_key, r.record.index, r.code) for r in found[0].cascade] == [
        ("naturalPersonCustomerList", 0, 22523), ("fdidRecordList", 1 - broken, 22048)]


def test_shared_customers_are_never_broken() -> None:
    source = PoolSource(4, (("proprietary", 1),), as_of=DAY)
    kinds = tuple(k for k in kinds_in_force(DAY)
                  if k.record in (RecordKind.LEGAL_ENTITY, RecordKind.CUSTOMER_ADDRESS,
                                  RecordKind.TID))
    for index in range(5):
        unit = source(FIRM, index)
        assert unit.shared  # the firm itself, a Customer of every proprietary account
        found = inject(unit.wire_group({}), DefectPlan(1.0), kinds, stable_random(index))
        assert found == []


def test_tid_type_of_an_ein_customer_only_goes_missing() -> None:
    # Turning an EIN TID's tidType into another value would draw 22543 as well (the ein
    # no longer matches its TID type), so only the "missing" mutation is offered there.
    source = PoolSource(6, (("corporate", 1),), (("EIN", 1),), as_of=DAY)
    kinds = tuple(k for k in all_kinds() if k.record is RecordKind.TID
                  and k.field == "tidType")
    names = set()
    for index in range(30):
        group = source(FIRM, index).wire_group({})
        for defect in inject(group, DefectPlan(1.0), kinds, stable_random(index)):
            names.add(defect.kind.name)
            cid = defect.rejected.record.customer_record_id
            entity = [c for c in group.legal_entities if c["customerRecordID"] == cid]
            if defect.kind.mutation != "missing":
                assert not entity or "ein" not in entity[0]
    assert "tid.tidType.missing" in names
    assert "tid.tidType.bad-choice" in names  # still offered on the officer's SSN TID


def test_multi_fdid_populations_draw_the_predicted_codes(tmp_path: Path) -> None:
    # Proprietary accounts (four FDIDs, the firm as their one Customer, also a Customer of
    # managed accounts) and FDID replacements, broken at every FDID: the simulator returns
    # exactly the codes the manifest predicts.
    source = PoolSource(7, (("proprietary", 1), ("fdid_replacement", 2),
                            ("firm_discretion", 2), ("joint_with_poa", 1)),
                        (("SSN/ITIN", 3), ("EIN", 1), ("FOREIGN", 1)), as_of=DAY)
    firm = FirmSpec("M", 77001)
    result = generate(firms=[(firm, 60)], source=source, out_dir=tmp_path,
                      submitter_id=77001, generation_date=DAY, seed=7,
                      defects=DefectPlan(1.0), processes=1)
    sim = Simulator(seed=1, clock=SimulatedClock(dt.datetime(2024, 1, 2, 9, tzinfo=ET)))
    sim.add_firm(77001)
    sim.add_relationship(77001, 77001)
    found: Counter[int] = Counter()
    for entry in result.results:
        assert entry.tids_file is not None
        outcome = sim.submit(tmp_path / entry.data_file, tmp_path / entry.tids_file)
        found.update(int(i["errorCode"]) for i in outcome.feedback.get("rejectionItems", []))
        found.update(int(i["errorCode"])
                     for i in outcome.tids_feedback[-1].get("rejectionItems", []))
    expected = Counter({int(code): n for code, n in
                        result.manifest.expected_rejections()["codes"].items()})
    assert expected[22048] > 0
    assert found == expected
