"""Generator profiles: the six shipped ones load, and bad files are refused clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cais_sim.errors import InvalidArgument
from cais_sim.populations import profiles
from cais_sim.populations.archetypes import ARCHETYPES, NEEDS_CORRESPONDENTS
from cais_sim.populations.bulk import LTID_ARCHETYPES
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
        assert {a for a, _ in profile.archetypes} <= set(ARCHETYPES)
        for firm in profile.firms:
            own = {a for a, _ in firm.archetypes or profile.archetypes}
            assert own <= set(ARCHETYPES)
            if firm.correspondent_crd is None:
                assert not own & NEEDS_CORRESPONDENTS
        assert profile.customer_types
        assert sum(n for _, n in profile.firm_sizes()) == profile.accounts


def test_profile_specifics() -> None:
    agent = load_profile("agent-abcd")
    assert [(f.label, n) for f, n in agent.firm_sizes()] == [
        ("A", 1200), ("B", 1200), ("C", 1200), ("D", 1200)]
    assert len({f.reporter_crd for f, _ in agent.firm_sizes()}) == 4
    clearing = load_profile("clearing-firm")
    assert sum(f.correspondent_crd is not None for f in clearing.firm_specs()) == 3
    # Correspondents carry their own mix, with the correspondent's employees (FAQ Q62).
    for firm in clearing.firms:
        mix = dict(firm.archetypes or clearing.archetypes)
        assert ("correspondent_account" in mix) == (firm.correspondent_crd is not None)
    source = clearing.unit_source(1, dt.date(2024, 1, 2))
    corr = clearing.firm_specs()[1]
    assert source.mix_for(corr) == clearing.firms[1].archetypes
    assert "firmArchetypes" in clearing.to_json()
    large = {a for a, _ in load_profile("large-firm").archetypes}
    assert large == set(ARCHETYPES) - NEEDS_CORRESPONDENTS
    ltid = load_profile("ltid-firm")
    assert ltid.schema_version == "1.0.0"
    assert {a for a, _ in ltid.archetypes} <= LTID_ARCHETYPES
    assert load_profile("no-fdids").mock
    assert {t for t, _ in load_profile("large-firm").customer_types} == {
        "SSN/ITIN", "EIN", "FOREIGN"}


def test_firm_sizes_rescale_and_add_up() -> None:
    clearing = load_profile("clearing-firm")
    for total in (0, 1, 7, 1001):
        assert sum(n for _, n in clearing.firm_sizes(total)) == total
    with pytest.raises(InvalidArgument):
        clearing.firm_sizes(-1)


def test_firm_mix_in_toml() -> None:
    text = MINIMAL.replace("share = 1", "share = 1\ncorrespondent_crd = 9\n"
                           "[firms.archetypes]\ncorrespondent_account = 3\nindividual = 1")
    profile = parse_profile(text)
    assert profile.firms[0].archetypes == (("correspondent_account", 3), ("individual", 1))
    source = profile.unit_source(2, dt.date(2024, 1, 2))
    assert source.mix_for(profile.firm_specs()[0]) == profile.firms[0].archetypes
    assert source.submitter_id == 1


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
    (("individual = 1", "correspondent_account = 1"), "correspondent"),
    (('schema = "2.0.0"', 'schema = "1.0.0"'), "Large Trader"),
    (("share = 1", "share = 1\n[firms.archetypes]\nunicorn = 2"), "unknown archetype"),
    (("share = 1", "share = 1\n[firms.archetypes]\nindividual = 0"), "positive weight"),
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
