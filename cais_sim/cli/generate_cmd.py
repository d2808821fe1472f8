"""``cais-sim generate``: write a synthetic population as CAIS submission pairs + manifest."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from cais_sim.cli.exitcodes import OK, USAGE
from cais_sim.errors import CaisSimError
from cais_sim.populations.bulk import SplitPolicy, parse_shard
from cais_sim.populations.bulk import generate as generate_population
from cais_sim.populations.certification import REQUIREMENTS, Requirement
from cais_sim.populations.defects import DefectPlan, parse_defects
from cais_sim.populations.profiles import Profile, load_profile, profile_names

#: Profile used when only ``--fdids`` is given.
DEFAULT_PROFILE = "large-firm"


class _UsageError(click.UsageError):
    """A usage error that exits with 64 (EX_USAGE), as every cais-sim command does, even
    when click runs the command on its own (standalone mode exits with ``exit_code``)."""

    exit_code = USAGE


class _UsageCommand(click.Command):
    """A command whose own argument-parsing errors exit with 64 too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _UsageError:
            raise
        except click.UsageError as exc:
            raise _UsageError(exc.format_message(), exc.ctx) from None


def _usage(message: str) -> click.UsageError:
    return _UsageError(message)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _usage(f"--date {text!r} is not a day written YYYY-MM-DD") from None


def _profile_help() -> str:
    names = ", ".join(profile_names())
    return (f"Generator profile: {names}. Sets the firms, schema and the mixes of account "
            "structures and TID Types.")


@click.command("generate", cls=_UsageCommand)
@click.option("--profile", "profile_name", metavar="NAME", help=_profile_help())
@click.option("--fdids", type=click.IntRange(min=0), metavar="N",
              help=f"Number of accounts (FDIDs) in the population, one archetype instance "
                   f"each (an FDID replacement adds a second FDID, the firm's proprietary "
                   f"accounts are four). With --profile it rescales the profile; alone it "
                   f"uses the {DEFAULT_PROFILE} profile.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of every generated value; the same seed and date give "
                   "byte-identical files.")
@click.option("--date", "date_text", required=True, metavar="YYYY-MM-DD",
              help="File Generation Date in the file names and the day the books are "
                   "rendered on (accounts open and change before it); also decides which "
                   "codes are in force for --defects.")
@click.option("--certification", type=click.Choice(REQUIREMENTS), default=None,
              help="Write only the certification pack: full = Full CAIS (onboarding guide "
                   "§7.1/§7.2), ltid = LTID phase (§6.1/§6.2).")
@click.option("--defects", "defects_text", metavar="RATE[:CODES]",
              help="Break this share of accounts (0.05 or 5%), optionally only with defects "
                   "drawing the given comma-separated error codes; the manifest lists each "
                   "defect with the code CAIS must return.")
@click.option("--shard", "shard_text", metavar="i/n",
              help="Write only shard i of n (every n-th file); the shards together are the "
                   "whole population.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for the submission pairs and the manifest.")
@click.option("--accounts-per-file", type=click.IntRange(min=1),
              default=SplitPolicy().accounts_per_file, show_default=True,
              help="Accounts per submission pair; files are cut at fixed positions (so shards "
                   "and larger populations keep the same files) and checked against the Portal "
                   "limits (100,000 records of each kind, 1 GB).")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Worker processes, each writing whole files while its threads compress "
                   "(default: one more than the cores, at most one per file).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on standard error (default: only on a terminal).")
def generate(profile_name: str | None, fdids: int | None, seed: int, date_text: str,
                 certification: str | None, defects_text: str | None, shard_text: str | None,
                 out: Path, accounts_per_file: int, processes: int | None,
                 progress: bool | None) -> int:
    """Generate a synthetic population as CAIS submission pairs plus a manifest.

    Give --profile, --fdids or both. Every account is drawn as one of the profile's
    archetypes from the seed and its own position, and rendered by the reference renderer,
    so a population of N accounts is a prefix of one of 2N, and shards
    (--shard) are byte-identical to the same files of an unsharded run. Identifiers are
    synthetic and written only as SHA-256 TIDs; the manifest (manifest.json) says what
    was written, why a certification pack qualifies, and which code each defect must draw.
    """
    if profile_name is None and fdids is None:
        raise _usage("give --profile NAME, --fdids N, or both")
    day = _parse_date(date_text)
    try:
        profile = load_profile(profile_name or DEFAULT_PROFILE)
        plan: DefectPlan | None = parse_defects(defects_text) if defects_text else None
        shard_of = parse_shard(shard_text) if shard_text else None
        if plan is not None:
            plan.kinds(day, schema_version=profile.schema_version)
    except CaisSimError as exc:
        raise _usage(str(exc)) from None
    if certification == "ltid" and profile.schema_version != "1.0.0":
        click.echo("note: LTID certification of a schema 2.0.0 population counts its accounts "
                   "with Large Trader IDs", err=True)
    firms = profile.firm_sizes(fdids)
    show = progress if progress is not None else sys.stderr.isatty()
    total = sum(count for _, count in firms)
    parameters: dict[str, Any] = {"profile": profile.to_json(), "accounts": total}
    with _progress_bar(show, total) as advance:
        result = generate_population(
            firms=firms, source=profile.unit_source(seed, day), out_dir=out,
            submitter_id=profile.submitter_id, generation_date=day, seed=seed,
            certification=_requirement(certification), defects=plan, shard_of=shard_of,
            policy=SplitPolicy(accounts_per_file=accounts_per_file), processes=processes,
            parameters=parameters, progress=advance)
    _report(profile, result.manifest.to_json(), result.manifest_path)
    return OK


def _requirement(text: str | None) -> Requirement | None:
    if text == "full":
        return "full"
    if text == "ltid":
        return "ltid"
    return None


class _progress_bar:  # noqa: N801 - used like a function in a with statement
    """A click progress bar on standard error, or nothing when it is not wanted."""

    def __init__(self, show: bool, total: int) -> None:
        self._bar: Any = None
        if show:
            self._bar = click.progressbar(length=max(total, 1), label="accounts",
                                          file=sys.stderr, show_pos=True)

    def __enter__(self) -> Callable[[int], None]:
        if self._bar is None:
            return lambda n: None
        bar = self._bar.__enter__()
        update: Callable[[int], None] = bar.update
        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _report(profile: Profile, document: dict[str, Any], manifest_path: Path) -> None:
    files: Sequence[dict[str, Any]] = document["files"]
    totals = document["totals"]
    click.echo(f"profile {profile.name}: wrote {len(files)} submission "
               f"{'pair' if len(files) == 1 else 'pairs'} into {manifest_path.parent}")
    click.echo("records: " + ", ".join(f"{k} {v:,}" for k, v in totals.items()))
    rejections = document["expectedRejections"]
    if rejections["defects"]:
        click.echo(f"defects: {rejections['defects']:,} injected; CAIS must reject "
                   f"{rejections['rejectedDirectly']:,} records directly and "
                   f"{rejections['rejectedByCascade']:,} by cascade "
                   f"(error rate {rejections['errorRate']:.2%})")
    cert = document.get("certification")
    if cert is not None:
        verdict = "qualifies" if cert["qualifies"] else "does NOT qualify"
        click.echo(f"certification ({cert['requirement']}, {cert['environment']}): {verdict}; "
                   f"{cert['selected']['fdids']:,} of {cert['population']['fdids']:,} FDIDs, "
                   f"{cert['required']:,} required")
        for check in cert["checks"]:
            mark = "ok " if check["met"] else "NO "
            click.echo(f"  {mark}{check['rule']}: {check['actual']} [{check['citation']}]")
    click.echo(f"manifest: {manifest_path}")


__all__ = ["generate"]
