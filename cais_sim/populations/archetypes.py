"""The catalogue of archetypes: names used in profile files → the factory that builds each.

A profile says "40 % individual, 10 % joint_with_poa ..."; this module turns such a mix
into books. Names are stable identifiers (lower case, underscores); each maps to an
:class:`~.factories.ArchetypeFactory` whose docstring says which documented structure it
builds. :func:`build_entity` seeds every fragment from ``(seed, index)`` alone, so entity
*N* of a population is the same whatever the population's size or sharding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cais_sim.errors import InvalidArgument
from cais_sim.populations import factories as f
from cais_sim.populations.books import Books, Firm, Fragment

ARCHETYPES: Mapping[str, type[f.ArchetypeFactory]] = MappingProxyType({
    "individual": f.IndividualFactory,
    "individual_itin": f.ItinIndividualFactory,
    "foreign_individual": f.ForeignIndividualFactory,
    "single_name_person": f.SingleNamePersonFactory,
    "military_address": f.MilitaryAddressFactory,
    "joint_with_poa": f.JointWithPoaFactory,
    "trust_with_trustees": f.TrustWithTrusteesFactory,
    "foreign_trust_no_id": f.ForeignTrustNoIdFactory,
    "disregarded_entity_shared_ein": f.DisregardedEntitySharedEinFactory,
    "disregarded_entity_own_ein": f.DisregardedEntityOwnEinFactory,
    "trusts_sharing_ssn": f.TrustsSharingSsnFactory,
    "sole_proprietorship": f.SoleProprietorshipFactory,
    "minor_public_administrator": f.MinorPublicAdministratorFactory,
    "ugma_custodial": f.UgmaCustodialFactory,
    "names_only_trader": f.NamesOnlyTraderFactory,
    "entity_authorized_trader": f.EntityAuthorizedTraderFactory,
    "firm_discretion": f.FirmDiscretionFactory,
    "proprietary": f.ProprietaryFactory,
    "dvp_rvp_institution": f.DvpInstitutionFactory,
    "corporate": f.CorporateFactory,
    "foreign_entity": f.ForeignEntityFactory,
    "large_trader": f.LargeTraderFactory,
    "relationship_id": f.RelationshipIdFactory,
    "entity_id": f.EntityIdFactory,
    "correspondent_account": f.CorrespondentAccountFactory,
    "closed_account": f.ClosedAccountFactory,
    "inactive_account": f.InactiveAccountFactory,
    "reactivated_account": f.ReactivatedAccountFactory,
    "reopened_account": f.ReopenedAccountFactory,
    "fdid_replacement": f.FdidReplacementFactory,
    "address_change": f.AddressChangeFactory,
    "role_change": f.RoleChangeFactory,
    "identifier_replacement": f.IdentifierReplacementFactory,
    "identifier_correction": f.IdentifierCorrectionFactory,
    "identifier_unknown_change": f.IdentifierUnknownChangeFactory,
    "acats_transfer_out": f.AcatsTransferOutFactory,
    "mass_transfer_out": f.MassTransferOutFactory,
    "mass_transfer_in": f.MassTransferInFactory,
})

#: Archetypes that only make sense for a clearing firm with correspondents.
NEEDS_CORRESPONDENTS = frozenset({"correspondent_account"})


@dataclass(frozen=True, slots=True)
class ArchetypeInfo:
    """A catalogue entry: the name, its factory and the first line of its description."""

    name: str
    factory: type[f.ArchetypeFactory]
    summary: str


def archetype_names() -> tuple[str, ...]:
    """Every archetype name, in catalogue order."""
    return tuple(ARCHETYPES)


def describe(name: str) -> ArchetypeInfo:
    """The catalogue entry of ``name``."""
    factory = _factory(name)
    doc = (factory.__doc__ or "").strip().split("\n\n")[0]
    return ArchetypeInfo(name, factory, " ".join(doc.split()))


def _factory(name: str) -> type[f.ArchetypeFactory]:
    try:
        return ARCHETYPES[name]
    except KeyError:
        raise InvalidArgument(f"unknown archetype {name!r}; known: "
                              + ", ".join(ARCHETYPES)) from None


def build_archetype(name: str, firm: Firm, *, correspondent_crd: int | None = None,
                    **overrides: object) -> Fragment:
    """One fragment of archetype ``name`` for ``firm``, from the current random state."""
    if name in NEEDS_CORRESPONDENTS and not firm.correspondents:
        raise InvalidArgument(f"archetype {name!r} needs a clearing firm with correspondents")
    fragment: Fragment = _factory(name)(firm=firm, correspondent_crd=correspondent_crd,
                                        **overrides)
    return fragment


def build_entity(name: str, firm: Firm, *, seed: int, index: int,
                 correspondent_crd: int | None = None) -> Fragment:
    """Entity ``index`` of a population seeded with ``seed``: a pure function of both."""
    with f.seeded(f.entity_seed(seed, index)):
        return build_archetype(name, firm, correspondent_crd=correspondent_crd)


def build_population(firm: Firm, mix: Mapping[str, int] | Iterable[tuple[str, int]], *,
                     seed: int) -> Books:
    """Books of ``firm`` holding ``count`` fragments of each archetype of ``mix``.

    Fragments are built in the order of ``mix``, each seeded from ``(seed, index)``, so the
    same mix and seed always give the same books.
    """
    items = list(mix.items()) if isinstance(mix, Mapping) else list(mix)
    fragments: list[Fragment] = []
    index = 0
    for name, count in items:
        if count < 0:
            raise InvalidArgument(f"archetype {name!r}: count must not be negative")
        for _ in range(count):
            fragments.append(build_entity(name, firm, seed=seed, index=index))
            index += 1
    return Books.of(firm, fragments)


__all__ = [
    "ARCHETYPES",
    "NEEDS_CORRESPONDENTS",
    "ArchetypeInfo",
    "archetype_names",
    "build_archetype",
    "build_entity",
    "build_population",
    "describe",
]
