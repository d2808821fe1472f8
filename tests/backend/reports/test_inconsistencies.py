"""The daily Material Inconsistency scan (S1 §6.4.1, §6.6.3-6.6.4; digest h.7, j.3 items 8-9)."""

from __future__ import annotations

import datetime as dt

import pytest

from cais_sim.backend.reports.inconsistencies import (
    MI_CODES,
    RESOLVED,
    Snapshot,
    open_inconsistencies,
    scan,
)
from cais_sim.rules.registry import all_rules
from cais_sim.spec.effective import Effective
from cais_sim.spec.packs import LATEST
from tests.backend.reports.conftest import ENV, World, et

MON, TUE, WED, THU, FRI = (dt.date(2024, 4, d) for d in range(1, 6))
NEXT_MON = dt.date(2024, 4, 8)
A, B, CLEARING = 1001, 2002, 3003


def test_every_inconsistency_code_is_registered_behind_the_scan_rule() -> None:
    registered = {r.code: r for r in all_rules() if r.code in MI_CODES}
    assert set(registered) == set(MI_CODES)
    assert {r.pack_rule for r in registered.values()} == {"material-inconsistency-scan"}
    assert all(r.record is None and r.source.startswith("S1 T32") for r in registered.values())


@pytest.mark.triggers(30002)
def test_intrafirm_year_of_birth_change_raises_30002(world: World) -> None:
    # digest j.3 item 8: 1980 accepted, later 1908 accepted -> 30002 on the second
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 2, 7))
    world.person(2, "C1", 1908)
    assert scan(world.store, ENV, MON).opened == ()
    result = scan(world.store, ENV, TUE)
    [mi] = result.opened
    assert (mi.crd, mi.ccid, mi.code, mi.status) == (A, "C1", 30002, "open")
    assert mi.identified_at == et(2024, 4, 2, 8)  # the day's 08:00 ET cut-off
    assert mi.deadline == et(2024, 4, 4, 17)  # 17:00 ET on the third trading day
    assert world.inconsistencies() == [(A, "C1", 30002, "open")]


@pytest.mark.triggers(40002)
def test_interfirm_year_of_birth_raises_40002_at_both_firms(world: World) -> None:
    # digest j.3 item 8: IM A 1980, IM B 1970 -> both get 40002
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, B, et(2024, 4, 1, 7, 30))
    world.person(2, "C1", 1970, fdid="B-ACC")
    opened = scan(world.store, ENV, MON).opened
    assert [(m.crd, m.code) for m in opened] == [(A, 40002), (B, 40002)]
    assert opened[0].event_id != opened[1].event_id
    assert opened[0].event_id.split("#")[1:3] == [str(A), "NULL"]


def test_update_notification_avoids_the_intrafirm_inconsistency(world: World) -> None:
    # digest j.3 item 9: a knowing correction sent with updateNotification true
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 2, 7))
    world.person(2, "C1", 1908, flag=True)
    assert scan(world.store, ENV, TUE).opened == ()
    world.submission(3, A, et(2024, 4, 3, 7))
    world.person(3, "C1", 1908)
    assert scan(world.store, ENV, WED).opened == ()


def test_equal_values_and_single_versions_raise_nothing(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.person(1, "C2", 1955, fdid="ACC2", crid=2)
    world.submission(2, B, et(2024, 4, 1, 7))
    world.person(2, "C1", 1980, fdid="B-ACC")
    assert scan(world.store, ENV, MON).opened == ()


def test_data_after_the_cutoff_waits_for_the_next_scan(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 2, 8, 1))  # one minute after Tuesday's cut-off
    world.person(2, "C1", 1908)
    assert scan(world.store, ENV, TUE).opened == ()
    [mi] = scan(world.store, ENV, WED).opened
    assert mi.identified_at == et(2024, 4, 3, 8)


@pytest.mark.triggers(30002)
def test_flagged_resubmission_resolves_on_time_at_the_next_scan(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.person(2, "C1", 1908)
    [mi] = scan(world.store, ENV, MON).opened
    world.submission(3, A, et(2024, 4, 1, 10))
    world.person(3, "C1", 1980, flag=True)
    [done] = scan(world.store, ENV, TUE).resolved
    assert done.event_id == mi.event_id
    assert done.status == RESOLVED
    assert done.resolved_at == et(2024, 4, 1, 10)
    assert done.resolved_late is False
    assert open_inconsistencies(world.store, ENV) == []
    assert scan(world.store, ENV, WED).opened == ()


def test_resolution_after_the_deadline_is_late(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.person(2, "C1", 1908)
    scan(world.store, ENV, MON)  # deadline Wed 17:00
    world.submission(3, A, et(2024, 4, 3, 17, 30))
    world.person(3, "C1", 1908, flag=True)
    assert scan(world.store, ENV, WED).resolved == ()  # received after Wednesday's cut-off
    [done] = scan(world.store, ENV, THU).resolved
    assert done.resolved_at == et(2024, 4, 3, 17, 30)
    assert done.resolved_late is True
    assert world.sql("SELECT resolved_late FROM inconsistencies") == [(1,)]


def test_unflagged_resubmission_does_not_resolve_and_an_open_mi_holds_back_new_ones(
        world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.person(2, "C1", 1908)
    scan(world.store, ENV, MON)
    world.submission(3, A, et(2024, 4, 1, 12))
    world.person(3, "C1", 1950)
    world.submission(4, B, et(2024, 4, 1, 12))
    world.person(4, "C1", 1921, fdid="B-ACC")
    result = scan(world.store, ENV, TUE)
    assert result.resolved == ()
    # A keeps its one open event [S1 §6.4.1 r8]; only B gets a new one.
    assert [(m.crd, m.code) for m in result.opened] == [(B, 40002)]
    assert world.inconsistencies() == [(A, "C1", 30002, "open"), (B, "C1", 40002, "open")]


def test_resolving_then_conflicting_again_opens_a_new_event(world: World) -> None:
    # [S1 §6.6.3 r5]: resolved and re-created before the next scan
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.person(2, "C1", 1908)
    [first] = scan(world.store, ENV, MON).opened
    world.submission(3, A, et(2024, 4, 1, 9))
    world.person(3, "C1", 1908, flag=True)
    world.submission(4, A, et(2024, 4, 1, 10))
    world.person(4, "C1", 1950)
    result = scan(world.store, ENV, TUE)
    assert [m.event_id for m in result.resolved] == [first.event_id]
    [second] = result.opened
    assert second.code == 30002
    assert second.event_id != first.event_id
    # the part naming the Customer at the firm stays the same across its events
    assert second.event_id.split("$")[0] == first.event_id.split("$")[0]


@pytest.mark.triggers(30003, 40003)
def test_ein_conflicts_until_22544_is_in_force(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.customer(1, "E1", 1, kind="LE", ein="12-3456789")
    world.fdid(1, "ENT1", [(1, "E1")])
    world.submission(2, A, et(2024, 4, 1, 7, 15))
    world.customer(2, "E1", 1, kind="LE", ein="12-3456780")
    world.fdid(2, "ENT1", [(1, "E1")])
    world.submission(3, B, et(2024, 4, 1, 7, 30))
    world.customer(3, "E1", 1, kind="LE", ein="98-7654321")
    world.fdid(3, "B-ENT", [(1, "E1")])
    live = LATEST.with_effective("ein-hash-check-22544", Effective())
    assert scan(world.store, ENV, MON, pack=live).opened == ()
    opened = scan(world.store, ENV, MON).opened
    assert [(m.crd, m.code) for m in opened] == [(A, 30003), (A, 40003), (B, 40003)]
    # one inconsistencyEventID per Customer at a firm, carrying all its codes
    assert opened[0].event_id == opened[1].event_id


@pytest.mark.triggers(30004, 40004)
def test_foreign_national_id_as_person_and_entity(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.customer(1, "F1", 1, yob=1970, foreign="NATIONALID")
    world.fdid(1, "ACC1", [(1, "F1")])
    world.submission(2, A, et(2024, 4, 1, 7, 15))
    world.customer(2, "F1", 1, kind="LE", foreign="NATIONALID")
    world.fdid(2, "ACC1", [(1, "F1")])
    world.submission(3, B, et(2024, 4, 1, 7, 30))
    world.customer(3, "F1", 1, yob=1970, foreign="NATIONALID")
    world.fdid(3, "B-ACC", [(1, "F1")])
    opened = scan(world.store, ENV, MON).opened
    assert [(m.crd, m.code) for m in opened] == [(A, 30004), (A, 40004), (B, 40004)]


def test_one_number_of_two_countries_as_person_and_entity_is_no_inconsistency(
        world: World) -> None:
    # A TID hashes the number only: two countries' NATIONALIDs can share a CCID and still
    # be two Customers [S1 §6.4.1; digest h.7].
    for sid, (kind, country) in enumerate([("NP", "GB"), ("LE", "FR")], start=1):
        world.submission(sid, A, et(2024, 4, 1, 7, sid))
        world.customer(sid, "F1", 1, kind=kind, yob=1970 if kind == "NP" else None,
                       foreign="NATIONALID", country=country)
        world.fdid(sid, "ACC1", [(1, "F1")])
    assert scan(world.store, ENV, MON).opened == ()


def test_person_entity_switch_of_other_identifiers_is_no_inconsistency(world: World) -> None:
    for sid, (kind, foreign) in enumerate([("NP", "PASSPORT"), ("LE", "PASSPORT")], start=1):
        world.submission(sid, A, et(2024, 4, 1, 7, sid))
        world.customer(sid, "F1", 1, kind=kind, yob=1970 if kind == "NP" else None,
                       foreign=foreign)
        world.fdid(sid, "ACC1", [(1, "F1")])
    assert scan(world.store, ENV, MON).opened == ()


@pytest.mark.triggers(40002)
def test_clearing_firm_correspondents_disagreeing_get_40002(world: World) -> None:
    # digest c.7: across a clearing firm's correspondents the 4000x codes apply
    world.submission(1, CLEARING, et(2024, 4, 1, 7), correspondent=111)
    world.person(1, "C1", 1980, fdid="X-ACC")
    world.submission(2, CLEARING, et(2024, 4, 1, 7, 30), correspondent=222)
    world.person(2, "C1", 1970, fdid="Y-ACC")
    [mi] = scan(world.store, ENV, MON).opened
    assert (mi.crd, mi.code) == (CLEARING, 40002)
    assert mi.event_id.split("#")[1:3] == [str(CLEARING), "222"]


def test_firm_reporting_for_itself_with_its_own_crd_is_one_party(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30), correspondent=A)
    world.person(2, "C1", 1908)
    assert [m.code for m in scan(world.store, ENV, MON).opened] == [30002]


@pytest.mark.parametrize("scope", ["fdid-ended", "inactive", "role-ended", "unlinked"])
def test_only_customers_linked_to_active_fdids_are_scanned(world: World, scope: str) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.customer(2, "C1", 1, yob=1908)
    if scope == "fdid-ended":
        world.fdid(2, "ACC1", [(1, "C1")], ended=(20240401, "ENDED"))
    elif scope == "inactive":
        world.fdid(2, "ACC1", [(1, "C1")], ended=(20240329, "INACTIVE"))
    elif scope == "role-ended":
        world.fdid(2, "ACC1", [(1, "C1")], role_end={1: 20240401})
    else:
        world.fdid(2, "ACC1", [])
    assert scan(world.store, ENV, MON).opened == ()


def test_future_end_dates_keep_the_customer_in_scope(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.customer(2, "C1", 1, yob=1908)
    world.fdid(2, "ACC1", [(1, "C1")], ended=(20240402, "ENDED"), role_end={1: 20240402})
    assert [m.code for m in scan(world.store, ENV, MON).opened] == [30002]


def test_a_firm_out_of_scope_neither_gets_nor_causes_interfirm_mis(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, B, et(2024, 4, 1, 7))
    world.customer(2, "C1", 1, yob=1970)
    world.fdid(2, "B-ACC", [(1, "C1")], ended=(20240301, "ENDED"))
    assert scan(world.store, ENV, MON).opened == ()


def test_scope_is_judged_from_the_data_received_by_the_cutoff(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, A, et(2024, 4, 1, 7, 30))
    world.person(2, "C1", 1908)
    world.submission(3, A, et(2024, 4, 1, 9))  # ends the FDID after the cut-off
    world.customer(3, "C1", 1, yob=1908)
    world.fdid(3, "ACC1", [(1, "C1")], ended=(20240401, "ENDED"))
    assert [m.code for m in scan(world.store, ENV, MON).opened] == [30002]
    assert Snapshot(world.store, ENV, TUE).active_fdids(A, "C1") == ()
    assert Snapshot(world.store, ENV, MON).active_fdids(A, "C1") == ("ACC1",)


def test_answering_an_interfirm_mi_is_a_one_time_attestation(world: World) -> None:
    # [S1 §6.4.1 r5, r10; §6.6.3 r3]
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, B, et(2024, 4, 1, 7))
    world.person(2, "C1", 1970, fdid="B-ACC")
    scan(world.store, ENV, MON)
    world.submission(3, A, et(2024, 4, 1, 12))
    world.person(3, "C1", 1980, flag=True)  # A confirms its value
    result = scan(world.store, ENV, TUE)
    assert [(m.crd, m.code) for m in result.resolved] == [(A, 40002)]
    assert result.opened == ()
    world.submission(4, B, et(2024, 4, 2, 12))
    world.person(4, "C1", 1970, flag=True)  # B confirms too
    assert [(m.crd, m.code) for m in scan(world.store, ENV, WED).resolved] == [(B, 40002)]
    assert scan(world.store, ENV, THU).opened == ()
    # a new intrafirm conflict at A lifts A's attestation
    world.submission(5, A, et(2024, 4, 4, 12))
    world.person(5, "C1", 1981)
    opened = scan(world.store, ENV, FRI).opened
    assert [(m.crd, m.code) for m in opened] == [(A, 30002), (A, 40002)]


def test_scanning_a_day_twice_changes_nothing(world: World) -> None:
    world.submission(1, A, et(2024, 4, 1, 7))
    world.person(1, "C1", 1980)
    world.submission(2, B, et(2024, 4, 1, 7))
    world.person(2, "C1", 1970, fdid="B-ACC")
    first = scan(world.store, ENV, MON)
    before = world.sql("SELECT * FROM inconsistencies ORDER BY event_id, code")
    again = scan(world.store, ENV, MON)
    assert len(first.opened) == 2
    assert again.opened == again.resolved == ()
    assert world.sql("SELECT * FROM inconsistencies ORDER BY event_id, code") == before


def test_event_ids_are_deterministic(world: World) -> None:
    other = World()
    for w in (world, other):
        w.submission(1, A, et(2024, 4, 1, 7))
        w.person(1, "C1", 1980)
        w.submission(2, A, et(2024, 4, 1, 7, 30))
        w.person(2, "C1", 1908)
        scan(w.store, ENV, MON)
    assert world.sql("SELECT * FROM inconsistencies") == other.sql(
        "SELECT * FROM inconsistencies")
    other.store.close()


def test_scan_runs_only_on_trading_days(world: World) -> None:
    from cais_sim.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="not a CAT Trading Day"):
        scan(world.store, ENV, dt.date(2024, 4, 6))
    assert NEXT_MON.weekday() == 0
