"""Certification packs meet the onboarding guide's figures (§6.1-§6.2, §7.1-§7.2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.populations.bulk import AccountUnit, FirmSpec, PoolSource
from cais_sim.populations.certification import (
    FirmPopulation,
    even_quotas,
    full_required,
    ltid_required,
    select,
)
from cais_sim.populations.profiles import load_profile

DAY = dt.date(2024, 1, 2)

@pytest.mark.parametrize(("fdids", "required"),
                         [(500, 375), (1000, 750), (1500, 1000), (2500, 1000), (4800, 1000),
                          (3, 3), (1, 1), (0, 0)])
def test_full_required_matches_the_guide_table(fdids: int, required: int) -> None:
    # onboarding guide §7.1 Step 2 table (first five rows); 75 % of 3 rounds up to 3.
    assert full_required(fdids) == required


@pytest.mark.parametrize(("accounts", "required"), [(0, 0), (42, 42), (99, 99), (100, 100),
                                                     (5000, 100)])
def test_ltid_required(accounts: int, required: int) -> None:
    assert ltid_required(accounts) == required


def test_even_quotas() -> None:
    assert even_quotas(1000, [1200] * 4) == [250, 250, 250, 250]
    assert even_quotas(10, [1, 100, 2]) == [1, 7, 2]
    assert even_quotas(5, [0, 10]) == [0, 5]
    assert sum(even_quotas(7, [2, 2, 2])) == 6


def _populations(profile: str, seed: int = 3) -> list[FirmPopulation]:
    loaded = load_profile(profile)
    source = loaded.unit_source(seed, DAY)

    def stream(firm: FirmSpec, count: int) -> FirmPopulation:
        def units() -> Iterable[AccountUnit]:
            return (source(firm, i) for i in range(count))
        return FirmPopulation(firm, units)

    return [stream(firm, count) for firm, count in loaded.firm_sizes()]


def test_agent_with_four_firms_full() -> None:
    # The A/B/C/D example: 4 x 1,200 FDIDs, 1,000 required, any mix [§7.2].
    pack = select(_populations("agent-abcd"), "full")
    doc = pack.to_json()
    assert pack.qualifies, doc["checks"]
    assert pack.required == 1000
    assert doc["population"]["fdids"] == 4800
    assert [f.quota for f in pack.firms] == [250, 250, 250, 250]
    assert [f.fdids for f in pack.firms] == [250, 250, 250, 250]
    assert {f.firm.label for f in pack.firms} == {"A", "B", "C", "D"}
    covered: set[str] = set()
    for firm in pack.firms:
        covered |= set(firm.tid_types())
        assert firm.missing_customers() == 0
    assert covered == {"SSN/ITIN", "EIN", "FOREIGN"}
    assert all(check["citation"].startswith("onboarding guide §7.2") for check in doc["checks"])


def test_agent_may_take_everything_from_one_firm() -> None:
    pack = select(_populations("agent-abcd"), "full", quotas={"A": 1000})
    assert pack.qualifies
    assert pack.firms[0].fdids >= 1000
    assert sum(len(f.units) for f in pack.firms[1:]) <= 3  # only for a missing TID Type


def test_quotas_must_reach_the_requirement() -> None:
    with pytest.raises(InvalidArgument, match="fewer"):
        select(_populations("agent-abcd"), "full", quotas={"A": 10})
    with pytest.raises(InvalidArgument, match="unknown"):
        select(_populations("agent-abcd"), "full", quotas={"Z": 1000})


def test_rare_tid_type_is_swapped_in() -> None:
    # Only account 50 has a FOREIGN Customer; the quota (38 of 50) would miss it.
    base = PoolSource(9, (("individual", 1),), (("SSN/ITIN", 1),), as_of=DAY)
    foreign = PoolSource(9, (("individual", 1),), (("FOREIGN", 1),), as_of=DAY)
    firm = FirmSpec("S", 1)

    def units() -> Iterable[AccountUnit]:
        for i in range(51):
            yield foreign(firm, i) if i == 50 else base(firm, i)

    pack = select([FirmPopulation(firm, units)], "full")
    assert pack.qualifies
    assert pack.required == 39
    assert pack.firms[0].fdids == 39
    assert 50 in [u.index for u in pack.firms[0].units]


def test_self_reporting_firm_cites_7_1() -> None:
    pack = select(_populations("small-firm"), "full")
    assert pack.qualifies
    assert pack.required == 300  # 75 % of 400 entities of one FDID each
    assert pack.to_json()["checks"][0]["citation"] == "onboarding guide §7.1 Step 2"


def test_ltid_firm_sends_at_least_100() -> None:
    pack = select(_populations("ltid-firm"), "ltid")
    assert pack.qualifies
    assert pack.to_json()["population"]["ltidAccounts"] >= 100
    assert pack.firms[0].ltid_accounts == 100
    assert all(u.ltid_accounts() for u in pack.firms[0].units)


def test_ltid_agent_gives_one_account_per_firm() -> None:
    pack = select(_populations("agent-abcd"), "ltid")
    assert pack.qualifies
    assert all(f.ltid_accounts >= 1 for f in pack.firms)
    assert sum(f.ltid_accounts for f in pack.firms) >= min(100, sum(
        f.population_ltid_accounts for f in pack.firms))
    rules = [c["rule"] for c in pack.to_json()["checks"]]
    assert sum("at least one account of firm" in r for r in rules) == 4


def test_small_ltid_population_sends_all() -> None:
    pack = select(_populations("no-fdids"), "ltid")
    total = pack.firms[0].population_ltid_accounts
    assert 0 < total < 100
    assert pack.firms[0].ltid_accounts == total
    assert pack.qualifies


def test_error_rate_check() -> None:
    pack = select(_populations("no-fdids"), "full")
    pack.add_error_rate(20, 100)
    assert not pack.qualifies
    assert pack.checks[-1].citation.startswith("onboarding guide §7.1 Step 3")
