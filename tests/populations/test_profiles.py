"""Generator profiles: the six shipped ones load, and bad files are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.populations import profiles
from cais_sim.populations.bulk import BULK_ARCHETYPES
from cais_sim.populations.profiles import load_profile, parse_profile, profile_names

SIX = ["agent-abcd", "clearing-firm", "large-firm", "ltid-firm", "no-fdids", "small-firm"]

MINIMAL = """
name = "x"
source = "onboarding guide §7.1"
submitter_id = 1
schema = "2.0.0"
accounts = 10
[[firms]]
label = "A"
crd = 5
share = 1
[archetypes]
individual = 1
[customer_types]
"SSN/ITIN" = 1
"""


def test_the_six_profiles_load() -> None:
    assert set(SIX) <= set(profile_names())
    for name in SIX:
        profile = load_profile(name)
        assert profile.name == name
        assert {a for a, _ in profile.archetypes} <= set(BULK_ARCHETYPES)
        assert profile.customer_types
        assert sum(n for _, n in profile.firm_sizes()) == profile.accounts


def test_profile_specifics() -> None:
    agent = load_profile("agent-abcd")
    assert [(f.label, n) for f, n in agent.firm_sizes()] == [
        ("A", 1200), ("B", 1200), ("C", 1200), ("D", 1200)]
    assert len({f.reporter_crd for f, _ in agent.firm_sizes()}) == 4
    clearing = load_profile("clearing-firm")
    assert sum(f.correspondent_crd is not None for f in clearing.firm_specs()) == 3
    assert load_profile("ltid-firm").schema_version == "1.0.0"
    assert load_profile("no-fdids").mock
    assert {t for t, _ in load_profile("large-firm").customer_types} == {
        "SSN/ITIN", "EIN", "FOREIGN"}


def test_firm_sizes_rescale_and_add_up() -> None:
    clearing = load_profile("clearing-firm")
    for total in (0, 1, 7, 1001):
        assert sum(n for _, n in clearing.firm_sizes(total)) == total
    with pytest.raises(InvalidArgument):
        clearing.firm_sizes(-1)


def test_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(InvalidArgument, match="small-firm"):
        load_profile("no-such-profile")


@pytest.mark.parametrize(("change", "message"), [
    (("accounts = 10", "accounts = -1"), "accounts"),
    (('schema = "2.0.0"', 'schema = "3.0.0"'), "schema"),
    (("individual = 1", "unicorn = 1"), "unknown archetype"),
    (('"SSN/ITIN" = 1', "SSN = 1"), "customer type"),
    (('name = "x"', 'name = "x"\ncolour = "red"'), "unknown key"),
    (('label = "A"', 'label = "A-1"'), "label"),
    (("individual = 1", "individual = 0"), "positive weight"),
    (("[[firms]]", "[[firms]]\nwho = 1"), "unknown key"),
    (("accounts = 10", "accounts = ["), "TOML"),
])
def test_bad_profiles_are_refused(change: tuple[str, str], message: str) -> None:
    assert parse_profile(MINIMAL).accounts == 10
    with pytest.raises(InvalidArgument, match=message):
        parse_profile(MINIMAL.replace(*change))


def test_profiles_are_found_when_installed(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # An installed wheel has no checkout: profiles come from cais_sim/_catalog/generators.
    shipped = tmp_path / "cais_sim" / "_catalog" / "generators"
    shipped.mkdir(parents=True)
    (shipped / "only-here.toml").write_text(MINIMAL.replace('"x"', '"only-here"'),
                                            encoding="utf-8")
    monkeypatch.setattr(profiles, "_checkout_dir", lambda: tmp_path / "missing")
    monkeypatch.setattr(profiles.resources, "files", lambda _: tmp_path / "cais_sim")
    assert profile_names() == ["only-here"]
    assert load_profile("only-here").name == "only-here"
