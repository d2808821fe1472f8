"""Generator profiles: the kinds of firm a population can be drawn for, kept as data.

A profile (one TOML file under ``generators/``) says who submits (the submitter and each
CAT Reporter it submits for, with correspondents for a clearing firm), which schema the
files use, how many entities the population has by default, and two mixes:

* the archetypes of account structure, by the names of
  :data:`cais_sim.populations.archetypes.ARCHETYPES` (``individual``, ``joint_with_poa``,
  ``trust_with_trustees``, ``corporate``, ``large_trader`` ...); a firm entry may carry its
  own mix (a clearing firm's correspondents hold ``correspondent_account`` structures);
* the Input Identifier kinds (``SSN/ITIN``, ``EIN``, ``FOREIGN``) of the customers whose
  identifier the archetype leaves open: people draw between SSN and FOREIGN, entities between
  EIN and FOREIGN, while archetypes such as ``individual_itin`` or ``foreign_entity`` fix
  their own. Certification asks for at least one of each TID Type the firm has
  (onboarding guide §7.1).

Profiles ship inside the wheel as ``cais_sim/_catalog/generators`` (pyproject
``force-include``); in a source checkout they are read from the repository's
``generators/``. Both places are searched, the checkout first, so an edited profile is used
at once during development.

File format (all keys but ``description`` and a firm's ``archetypes`` required)::

    name = "small-firm"
    description = "..."
    source = "onboarding guide §7.1"       # the documented situation it models
    submitter_id = 71001
    schema = "2.0.0"                      # "1.0.0" for an LTID-phase firm
    accounts = 400                        # default population size (entities)
    mock = false                          # true: a firm with no production FDIDs (§7.4)
    [[firms]]                             # one per CAT Reporter (or correspondent)
    label = "SELF"
    crd = 71001
    correspondent_crd = 0                 # optional: clearing for this correspondent
    share = 1                             # share of the entities
    [firms.archetypes]                    # optional: this firm's own mix
    correspondent_account = 1
    [archetypes]                          # archetype name = weight
    individual = 70
    [customer_types]                      # TID Type = weight
    "SSN/ITIN" = 90
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from cais_sim.errors import InvalidArgument
from cais_sim.populations.archetypes import ARCHETYPES
from cais_sim.populations.bulk import FirmSpec, Mix, PoolSource, check_mix

TID_TYPES = ("SSN/ITIN", "EIN", "FOREIGN")
SCHEMAS = ("2.0.0", "1.0.0")
_KEYS = frozenset({"name", "description", "source", "submitter_id", "schema", "accounts",
                   "mock", "firms", "archetypes", "customer_types"})
_FIRM_KEYS = frozenset({"label", "crd", "correspondent_crd", "share", "archetypes"})


@dataclass(frozen=True, slots=True)
class FirmProfile:
    """One CAT Reporter (or one correspondent of a clearing firm) of a profile."""

    label: str
    reporter_crd: int
    correspondent_crd: int | None
    share: int
    archetypes: Mix | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A loaded, validated profile."""

    name: str
    description: str
    source: str
    submitter_id: int
    schema_version: str
    accounts: int
    mock: bool
    firms: tuple[FirmProfile, ...]
    archetypes: tuple[tuple[str, int], ...]
    customer_types: tuple[tuple[str, int], ...]

    def firm_specs(self) -> tuple[FirmSpec, ...]:
        return tuple(FirmSpec(f.label, f.reporter_crd, f.correspondent_crd,
                              self.schema_version) for f in self.firms)

    def firm_sizes(self, accounts: int | None = None) -> list[tuple[FirmSpec, int]]:
        """Accounts per firm for a population of ``accounts`` (default: the profile's),
        split by share with the largest-remainder method so the sizes always add up."""
        total = self.accounts if accounts is None else accounts
        if total < 0:
            raise InvalidArgument("the number of accounts cannot be negative")
        shares = sum(f.share for f in self.firms)
        exact = [total * f.share / shares for f in self.firms]
        sizes = [math.floor(x) for x in exact]
        order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - sizes[i]), i))
        for i in order[: total - sum(sizes)]:
            sizes[i] += 1
        return list(zip(self.firm_specs(), sizes, strict=True))

    def unit_source(self, seed: int, as_of: dt.date) -> PoolSource:
        """The streaming entity builder for this profile's mixes, rendering the books as
        they stand on ``as_of`` (the File Generation Date)."""
        return PoolSource(seed, self.archetypes, self.customer_types, as_of=as_of,
                          submitter_id=self.submitter_id,
                          firm_archetypes=tuple((f.label, f.archetypes) for f in self.firms
                                                if f.archetypes is not None))

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "name": self.name, "source": self.source, "schema": self.schema_version,
            "mock": self.mock, "archetypes": dict(self.archetypes),
            "customerTypes": dict(self.customer_types)}
        own = {f.label: dict(f.archetypes) for f in self.firms if f.archetypes is not None}
        if own:
            result["firmArchetypes"] = own
        return result


# --- locating profiles ----------------------------------------------------------------------------


def _checkout_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "generators"


def _profile_dirs() -> Iterator[Traversable]:
    checkout = _checkout_dir()
    if checkout.is_dir():
        yield checkout
    shipped = resources.files("cais_sim").joinpath("_catalog", "generators")
    if shipped.is_dir():
        yield shipped


def profile_names() -> list[str]:
    """Names of every profile found, sorted."""
    names: set[str] = set()
    for folder in _profile_dirs():
        names.update(entry.name[:-5] for entry in folder.iterdir()
                     if entry.name.endswith(".toml"))
    return sorted(names)


def load_profile(name: str) -> Profile:
    """The profile called ``name``; raises :class:`InvalidArgument` listing the known ones."""
    for folder in _profile_dirs():
        entry = folder.joinpath(f"{name}.toml")
        if entry.is_file():
            return parse_profile(entry.read_text(encoding="utf-8"), origin=f"{name}.toml")
    known = ", ".join(profile_names()) or "none found"
    raise InvalidArgument(f"no generator profile {name!r}; profiles: {known}")


# --- parsing --------------------------------------------------------------------------------------


def _positive_int(doc: Mapping[str, Any], key: str, origin: str, *, minimum: int = 1) -> int:
    value = doc.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidArgument(f"{origin}: {key!r} must be a whole number of at least {minimum}")
    return value


def _weights(doc: Mapping[str, Any], key: str, origin: str) -> tuple[tuple[str, int], ...]:
    table = doc.get(key)
    if not isinstance(table, dict) or not table:
        raise InvalidArgument(f"{origin}: [{key}] must be a table of name = weight")
    result: list[tuple[str, int]] = []
    for name, weight in table.items():
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise InvalidArgument(f"{origin}: [{key}] {name!r} needs a whole-number weight")
        if weight:
            result.append((name, weight))
    if not result:
        raise InvalidArgument(f"{origin}: [{key}] needs at least one positive weight")
    return tuple(result)


def parse_profile(text: str, origin: str = "<profile>") -> Profile:
    """Build a profile from TOML text, checking every key and every archetype name."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidArgument(f"{origin}: not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - _KEYS)
    if unknown:
        raise InvalidArgument(f"{origin}: unknown key {unknown[0]!r}")
    for key in ("name", "source", "schema"):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            raise InvalidArgument(f"{origin}: {key!r} must be a non-empty string")
    schema = doc["schema"]
    if schema not in SCHEMAS:
        raise InvalidArgument(f"{origin}: schema must be one of {', '.join(SCHEMAS)}")
    mock = doc.get("mock", False)
    if not isinstance(mock, bool):
        raise InvalidArgument(f"{origin}: 'mock' must be true or false")
    firms_raw = doc.get("firms")
    if not isinstance(firms_raw, list) or not firms_raw:
        raise InvalidArgument(f"{origin}: at least one [[firms]] entry is required")
    firms: list[FirmProfile] = []
    for n, raw in enumerate(firms_raw, start=1):
        where = f"{origin}: firm {n}"
        if not isinstance(raw, dict):
            raise InvalidArgument(f"{where}: must be a table")
        extra = sorted(set(raw) - _FIRM_KEYS)
        if extra:
            raise InvalidArgument(f"{where}: unknown key {extra[0]!r}")
        label = raw.get("label")
        if not isinstance(label, str) or not label.isalnum():
            raise InvalidArgument(f"{where}: 'label' must be letters and digits")
        correspondent = raw.get("correspondent_crd")
        if correspondent is not None:
            correspondent = _positive_int(raw, "correspondent_crd", where)
        own = _weights(raw, "archetypes", where) if "archetypes" in raw else None
        firms.append(FirmProfile(label, _positive_int(raw, "crd", where), correspondent,
                                 _positive_int(raw, "share", where), own))
    labels = [f.label for f in firms]
    if len(set(labels)) != len(labels):
        raise InvalidArgument(f"{origin}: firm labels must be unique")
    archetypes = _weights(doc, "archetypes", origin)
    unknown_names = [name for name, _ in archetypes if name not in ARCHETYPES]
    if unknown_names:
        raise InvalidArgument(f"{origin}: unknown archetype {unknown_names[0]!r}; known: "
                              f"{', '.join(ARCHETYPES)}")
    for firm in firms:
        check_mix(firm.archetypes if firm.archetypes is not None else archetypes,
                  correspondent=firm.correspondent_crd is not None, version=schema,
                  where=f"{origin}: firm {firm.label}")
    customer_types = _weights(doc, "customer_types", origin)
    for name, _ in customer_types:
        if name not in TID_TYPES:
            raise InvalidArgument(f"{origin}: customer type {name!r} is not one of "
                                  f"{', '.join(TID_TYPES)}")
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise InvalidArgument(f"{origin}: 'description' must be a string")
    return Profile(
        name=doc["name"], description=description.strip(), source=doc["source"],
        submitter_id=_positive_int(doc, "submitter_id", origin), schema_version=schema,
        accounts=_positive_int(doc, "accounts", origin, minimum=0), mock=mock,
        firms=tuple(firms), archetypes=archetypes, customer_types=customer_types)


__all__ = ["SCHEMAS", "TID_TYPES", "FirmProfile", "Profile", "load_profile", "parse_profile",
           "profile_names"]
