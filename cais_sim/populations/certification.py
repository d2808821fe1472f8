"""Certification packs: the part of a population a firm submits to certify for production.

Before a firm (or the clearing firm or CAT Reporting Agent reporting for it) may send data to
CAIS Production, it submits production-like data to a test environment at a required level
(onboarding guide §6-§7). This module picks that submission out of a generated population
and says, figure by figure, why it qualifies:

* Full CAIS (§7.1 self-reporting, §7.2 clearing firms and agents; Industry Test): at least
  75 % of the FDIDs or 1,000, whichever is fewer, counted over every firm the submitter
  reports for; *all* Customer Records of the chosen FDIDs; and at least one Customer of
  each TID Type (SSN/ITIN, EIN, FOREIGN) that occurs among the firms' Customers. An agent
  may take the FDIDs from its firms in any mix (§7.2 A/B/C/D example); here the default mix
  spreads them evenly, and callers may fix the split themselves.
* LTID phase (§6.1, §6.2; Production Mirror): all accounts with Large Trader associations
  when there are fewer than 100, otherwise at least 100, counted over all firms, with at
  least one account of each firm for clearing firms and agents.

Selection streams each firm's accounts twice (once to count, once to choose) and keeps only
the chosen accounts, so it works on populations of any size. Firms with no FDIDs certify
with mock data under the same figures (§6.4, §7.4), which is what a generated population is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cais_sim.errors import InvalidArgument

if TYPE_CHECKING:
    from cais_sim.populations.bulk import AccountUnit, FirmSpec

Requirement = Literal["full", "ltid"]
REQUIREMENTS: tuple[Requirement, ...] = ("full", "ltid")

#: Full CAIS: share of the FDID population and the cap [onboarding guide §7.1 Step 2; §7.2
#: Step 3].
FULL_SHARE_NUMERATOR, FULL_SHARE_DENOMINATOR, FULL_CAP = 3, 4, 1_000
#: LTID phase: below this many accounts with LTIDs all are sent, otherwise at least this many
#: [onboarding guide §6.1 Step 2; §6.2 Step 3].
LTID_LEVEL = 100
#: Highest error rates accepted for certification: below 15 % for Full CAIS [§7.1 Step 3;
#: §7.2 Step 4], below 10 % for the LTID phase [§6.1 Step 3; §6.2 Step 4].
ERROR_RATE_LIMIT: dict[Requirement, float] = {"full": 0.15, "ltid": 0.10}
ENVIRONMENT: dict[Requirement, str] = {"full": "Industry Test", "ltid": "Production Mirror"}
TID_TYPES = ("SSN/ITIN", "EIN", "FOREIGN")


def full_required(total_fdids: int) -> int:
    """FDIDs a Full CAIS certification needs: min(75 %, 1,000), rounded up because the
    share is a floor ("at least 75 %") [onboarding guide §7.1 Step 2]."""
    share = -(-total_fdids * FULL_SHARE_NUMERATOR // FULL_SHARE_DENOMINATOR)
    return min(share, FULL_CAP)


def ltid_required(total_ltid_accounts: int) -> int:
    """Accounts with LTIDs an LTID certification needs [onboarding guide §6.1 Step 2]."""
    return total_ltid_accounts if total_ltid_accounts < LTID_LEVEL else LTID_LEVEL


@dataclass(frozen=True, slots=True)
class FirmPopulation:
    """One firm's whole population as certification reads it: ``units`` returns a fresh
    iterator over its accounts each time it is called."""

    firm: FirmSpec
    units: Callable[[], Iterable[AccountUnit]]


@dataclass(frozen=True, slots=True)
class Check:
    """One requirement, the figure it asks for, the figure reached, and where it is written."""

    rule: str
    citation: str
    required: Any
    actual: Any
    met: bool

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "citation": self.citation, "required": self.required,
                "actual": self.actual, "met": self.met}


@dataclass(slots=True)
class FirmSelection:
    """The accounts chosen from one firm, with the figures the manifest reports."""

    firm: FirmSpec
    population_fdids: int = 0
    population_ltid_accounts: int = 0
    population_tid_types: dict[str, int] = field(default_factory=dict)
    quota: int = 0
    units: list[AccountUnit] = field(default_factory=list)

    @property
    def fdids(self) -> int:
        return sum(len(u.fdids) for u in self.units)

    @property
    def ltid_accounts(self) -> int:
        return sum(u.ltid_accounts() for u in self.units)

    def tid_types(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        seen: set[int] = set()
        for unit in self.units:
            for tid in unit.tids:
                if tid.customer_record_id not in seen:
                    seen.add(tid.customer_record_id)
                    counts[tid.tid_type.value] = counts.get(tid.tid_type.value, 0) + 1
        return {t: counts[t] for t in TID_TYPES if t in counts}

    def customers(self) -> tuple[int, int]:
        """Distinct Natural Person and Legal Entity Customers of the chosen accounts."""
        people = {c.customer_record_id for u in self.units for c in u.natural_persons}
        entities = {c.customer_record_id for u in self.units for c in u.legal_entities}
        return len(people), len(entities)

    def missing_customers(self) -> int:
        """Customers linked from a chosen FDID but absent from the selection (must be 0:
        every Customer of a submitted FDID is required [§7.1 "Required CAT Customer
        Records"])."""
        present = {c.customer_record_id for u in self.units for c in u.natural_persons}
        present |= {c.customer_record_id for u in self.units for c in u.legal_entities}
        linked = {a.customer_record_id for u in self.units for f in u.fdids
                  for a in getattr(f, "fdid_customer_list", ())}
        return len(linked - present)

    def to_json(self) -> dict[str, Any]:
        people, entities = self.customers()
        result: dict[str, Any] = {
            "label": self.firm.label,
            "reporterCRD": self.firm.reporter_crd,
        }
        if self.firm.correspondent_crd is not None:
            result["correspondentCRD"] = self.firm.correspondent_crd
        result.update({
            "populationFdids": self.population_fdids,
            "populationLtidAccounts": self.population_ltid_accounts,
            "populationTidTypes": self.population_tid_types,
            "quota": self.quota,
            "selectedFdids": self.fdids,
            "selectedLtidAccounts": self.ltid_accounts,
            "naturalPersonCustomers": people,
            "legalEntityCustomers": entities,
            "tidTypes": self.tid_types(),
        })
        return result


@dataclass(slots=True)
class CertificationPack:
    """The accounts to submit and the case that they meet the requirement."""

    requirement: Requirement
    firms: list[FirmSelection]
    required: int
    checks: list[Check]

    @property
    def qualifies(self) -> bool:
        return all(c.met for c in self.checks)

    def add_error_rate(self, rejected: int, submitted: int) -> None:
        """Record the expected error rate of the files (after injected defects) against the
        certification limit [§7.1 Step 3; §6.1 Step 3]."""
        limit = ERROR_RATE_LIMIT[self.requirement]
        rate = rejected / submitted if submitted else 0.0
        citation = ("onboarding guide §7.1 Step 3; §7.2 Step 4" if self.requirement == "full"
                    else "onboarding guide §6.1 Step 3; §6.2 Step 4")
        self.checks.append(Check(f"error rate below {limit:.0%}", citation, limit,
                                 round(rate, 6), rate < limit))

    def to_json(self) -> dict[str, Any]:
        total = sum(f.population_fdids for f in self.firms)
        ltid_total = sum(f.population_ltid_accounts for f in self.firms)
        return {
            "requirement": self.requirement,
            "environment": ENVIRONMENT[self.requirement],
            "qualifies": self.qualifies,
            "population": {"fdids": total, "ltidAccounts": ltid_total,
                           "firms": len(self.firms)},
            "required": self.required,
            "selected": {"fdids": sum(f.fdids for f in self.firms),
                         "ltidAccounts": sum(f.ltid_accounts for f in self.firms)},
            "checks": [c.to_json() for c in self.checks],
            "firms": [f.to_json() for f in self.firms],
        }


def even_quotas(required: int, capacities: Sequence[int]) -> list[int]:
    """Spread ``required`` over firms as evenly as their sizes allow (the "250 each from A,
    B, C and D" mix of onboarding guide §7.2), earlier firms taking any remainder."""
    quotas = [0] * len(capacities)
    left = min(required, sum(capacities))
    open_firms = [i for i, c in enumerate(capacities) if c > 0]
    while left > 0 and open_firms:
        share, extra = divmod(left, len(open_firms))
        still_open: list[int] = []
        for rank, i in enumerate(open_firms):
            want = share + (1 if rank < extra else 0)
            take = min(want, capacities[i] - quotas[i])
            quotas[i] += take
            left -= take
            if quotas[i] < capacities[i]:
                still_open.append(i)
        if still_open == open_firms and share == 0 and extra == 0:
            break  # pragma: no cover - left > 0 always gives someone a share
        open_firms = still_open
    return quotas


def select(populations: Sequence[FirmPopulation], requirement: Requirement, *,
           quotas: Mapping[str, int] | None = None) -> CertificationPack:
    """Choose the certification submission from ``populations`` (one per firm).

    ``quotas`` fixes how many FDIDs (Full) or LTID accounts (LTID) each firm label gives; by
    default the required number is spread evenly. A firm whose quota leaves a TID Type
    uncovered gives one more account than its quota, because the TID Type rule is absolute
    while the FDID count is a floor [§7.1, §7.2].
    """
    if requirement not in REQUIREMENTS:
        raise InvalidArgument(f"certification must be one of {', '.join(REQUIREMENTS)}")
    if not populations:
        raise InvalidArgument("certification needs at least one firm")
    firms = [_count(p) for p in populations]
    if requirement == "full":
        required = full_required(sum(f.population_fdids for f in firms))
        capacities = [f.population_fdids for f in firms]
    else:
        required = ltid_required(sum(f.population_ltid_accounts for f in firms))
        capacities = [f.population_ltid_accounts for f in firms]
    chosen = _quotas(firms, required, capacities, requirement, quotas)
    for firm, quota in zip(firms, chosen, strict=True):
        firm.quota = quota
    applicable = {t for f in firms for t in f.population_tid_types}
    covered: dict[str, int] = {}
    for firm, population in zip(firms, populations, strict=True):
        if requirement == "full":
            _choose_full(firm, population, applicable, covered)
        else:
            _choose_ltid(firm, population)
    checks = _full_checks(firms, required, applicable) if requirement == "full" \
        else _ltid_checks(firms, required)
    return CertificationPack(requirement, firms, required, checks)


def _count(population: FirmPopulation) -> FirmSelection:
    firm = FirmSelection(population.firm)
    seen: set[int] = set()
    for unit in population.units():
        firm.population_fdids += len(unit.fdids)
        firm.population_ltid_accounts += unit.ltid_accounts()
        for tid in unit.tids:
            if tid.customer_record_id in seen:
                continue
            seen.add(tid.customer_record_id)
            key = tid.tid_type.value
            firm.population_tid_types[key] = firm.population_tid_types.get(key, 0) + 1
    firm.population_tid_types = {t: firm.population_tid_types[t] for t in TID_TYPES
                                 if t in firm.population_tid_types}
    return firm


def _quotas(firms: Sequence[FirmSelection], required: int, capacities: Sequence[int],
            requirement: Requirement, fixed: Mapping[str, int] | None) -> list[int]:
    if fixed is not None:
        labels = {f.firm.label for f in firms}
        unknown = sorted(set(fixed) - labels)
        if unknown:
            raise InvalidArgument(f"quotas name unknown firms: {', '.join(unknown)}")
        result = [min(max(0, fixed.get(f.firm.label, 0)), cap)
                  for f, cap in zip(firms, capacities, strict=True)]
        if sum(result) < required:
            raise InvalidArgument(f"the quotas give {sum(result)}, fewer than the {required} "
                                  "the requirement asks for")
        return result
    if requirement == "ltid" and len(firms) > 1:
        # At least one account from each firm reported for [onboarding guide §6.2 Step 3].
        base = [1 if cap > 0 else 0 for cap in capacities]
        rest = even_quotas(max(0, required - sum(base)),
                           [cap - b for cap, b in zip(capacities, base, strict=True)])
        return [b + r for b, r in zip(base, rest, strict=True)]
    return even_quotas(required, capacities)


def _choose_full(firm: FirmSelection, population: FirmPopulation, applicable: set[str],
                 covered: dict[str, int]) -> None:
    """Take the firm's first accounts up to its quota, then trade or add accounts until every
    TID Type the population has is covered [§7.1 "Required TID Types"]."""
    chosen: list[AccountUnit] = []
    count = 0
    mine = set(firm.population_tid_types)
    for unit in population.units():
        types = unit.tid_types()
        if count < firm.quota:
            chosen.append(unit)
            count += len(unit.fdids)
            _cover(covered, types, +1)
            continue
        if applicable <= covered.keys() or mine <= covered.keys():
            break
        if not types - covered.keys():
            continue
        victim = _removable(chosen, covered)
        if victim is not None:
            removed = chosen.pop(victim)
            count -= len(removed.fdids)
            _cover(covered, removed.tid_types(), -1)
        chosen.append(unit)
        count += len(unit.fdids)
        _cover(covered, types, +1)
    firm.units = sorted(chosen, key=lambda u: u.index)


def _cover(covered: dict[str, int], types: frozenset[str], step: int) -> None:
    for t in types:
        covered[t] = covered.get(t, 0) + step
        if covered[t] == 0:
            del covered[t]


def _removable(chosen: Sequence[AccountUnit], covered: Mapping[str, int]) -> int | None:
    """The latest chosen account whose TID Types are all covered by another account too."""
    for i in range(len(chosen) - 1, -1, -1):
        if all(covered.get(t, 0) > 1 for t in chosen[i].tid_types()):
            return i
    return None


def _choose_ltid(firm: FirmSelection, population: FirmPopulation) -> None:
    chosen: list[AccountUnit] = []
    count = 0
    for unit in population.units():
        if count >= firm.quota:
            break
        accounts = unit.ltid_accounts()
        if accounts:
            chosen.append(unit)
            count += accounts
    firm.units = chosen


def _full_checks(firms: Sequence[FirmSelection], required: int,
                 applicable: set[str]) -> list[Check]:
    total = sum(f.population_fdids for f in firms)
    selected = sum(f.fdids for f in firms)
    several = len(firms) > 1
    where = "onboarding guide §7.2 Step 3" if several else "onboarding guide §7.1 Step 2"
    checks = [Check(f"FDIDs at least min(75% of {total}, 1,000)"
                    + (" aggregated over all firms reported for" if several else ""),
                    where, required, selected, selected >= required)]
    missing = sum(f.missing_customers() for f in firms)
    checks.append(Check("every Customer Record of the submitted FDIDs included",
                        f"{where} (Required CAT Customer Records)", 0, missing, missing == 0))
    present: dict[str, int] = {}
    for firm in firms:
        for t, n in firm.tid_types().items():
            present[t] = present.get(t, 0) + n
    for tid_type in TID_TYPES:
        if tid_type in applicable:
            got = present.get(tid_type, 0)
            checks.append(Check(f"at least one {tid_type} TID (the population has them)",
                                f"{where} (Required TID Types)", 1, got, got >= 1))
    return checks


def _ltid_checks(firms: Sequence[FirmSelection], required: int) -> list[Check]:
    total = sum(f.population_ltid_accounts for f in firms)
    selected = sum(f.ltid_accounts for f in firms)
    several = len(firms) > 1
    rule = (f"all {total} accounts with LTIDs (fewer than {LTID_LEVEL})"
            if total < LTID_LEVEL else f"at least {LTID_LEVEL} accounts with LTIDs")
    checks = [Check(rule + (", aggregated over all firms reported for" if several else ""),
                    "onboarding guide §6.2 Step 3" if several else "onboarding guide §6.1 "
                    "Step 2", required, selected, selected >= required)]
    if several:
        for firm in firms:
            if firm.population_ltid_accounts:
                got = firm.ltid_accounts
                checks.append(Check(f"at least one account of firm {firm.firm.label}",
                                    "onboarding guide §6.2 Step 3", 1, got, got >= 1))
    return checks


__all__ = [
    "ERROR_RATE_LIMIT",
    "REQUIREMENTS",
    "CertificationPack",
    "Check",
    "FirmPopulation",
    "FirmSelection",
    "Requirement",
    "even_quotas",
    "full_required",
    "ltid_required",
    "select",
]
