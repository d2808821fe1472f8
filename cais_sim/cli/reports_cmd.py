"""``cais-sim reports``: daily and monthly outputs, the reconciliation report, the report card."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from cais_sim.backend.reports.daily import stored_outputs
from cais_sim.backend.reports.reconciliation import read_fdid_list, reconciliation_report
from cais_sim.backend.reports.report_card import report_card
from cais_sim.cli.exitcodes import OK
from cais_sim.cli.state import env_option, json_option, open_simulator, state_option
from cais_sim.spec.effective import Environment


@click.group("reports")
def reports() -> None:
    """Outputs CAIS produces on its own schedule or on request."""


@reports.command("list")
@env_option
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]), help="Only outputs of this day.")
@click.option("--submitter-id", type=click.IntRange(min=1), help="Only this submitter's files.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the files under DIR/<submitter>/cat/cais/….")
@state_option
def list_outputs(env: str, day: dt.datetime | None, submitter_id: int | None,
                 out: Path | None, state_path: Path) -> int:
    """List the outstanding-rejection, inconsistency and refresh files produced so far.

    They appear when the clock passes 5:00 p.m. ET on a CAT Trading Day (`cais-sim advance`).
    """
    sim = open_simulator(state_path)
    try:
        outputs = stored_outputs(sim.store, Environment(env),
                                 day=day.date() if day else None, submitter_id=submitter_id)
    finally:
        sim.close()
    for output in outputs:
        click.echo(f"{output.day}  {output.sftp_path}  ({len(output.body):,} bytes)")
        if out is not None:
            target = out / output.sftp_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(output.body)
    if not outputs:
        click.echo("no outputs yet")
    return OK


@reports.command("reconciliation")
@click.argument("crd", type=click.IntRange(min=1))
@click.argument("fdid_list", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@env_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write the CSV into DIR under its CAIS name instead of printing it.")
@state_option
def reconciliation(crd: int, fdid_list: Path, env: str, out: Path | None,
                   state_path: Path) -> int:
    """The FDID Reconciliation Report for up to 1,000 FDIDs (one per line in FDID_LIST)."""
    sim = open_simulator(state_path)
    try:
        report = reconciliation_report(sim.store, Environment(env), crd,
                                       read_fdid_list(fdid_list.read_text(encoding="utf-8")),
                                       sim.now())
    finally:
        sim.close()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / report.name).write_bytes(report.body)
        click.echo(str(out / report.name))
    else:
        click.echo(report.body.decode("utf-8"), nl=False)
    return OK


@reports.command("card")
@click.argument("crd", type=click.IntRange(min=1))
@click.argument("month", type=click.DateTime(["%Y-%m"]))
@env_option
@json_option
@state_option
def card(crd: int, month: dt.datetime, env: str, json_output: bool, state_path: Path) -> int:
    """The CAIS Report Card compliance error rate of CRD for MONTH (YYYY-MM)."""
    sim = open_simulator(state_path)
    try:
        figures = report_card(sim.store, Environment(env), crd, month.year, month.month)
    finally:
        sim.close()
    doc = {"crd": crd, "month": f"{month:%Y-%m}", "errorCount": figures.error_count,
           "processedCount": figures.processed_count, "errorRate": figures.error_rate,
           "fdidLateRepaired": figures.fdid_late_repaired,
           "fdidOutstanding": figures.fdid_outstanding,
           "customerLateRepaired": figures.customer_late_repaired,
           "customerOutstanding": figures.customer_outstanding,
           "daysExceeding5Percent": figures.days_exceeding,
           "daily": [{"date": d.day.isoformat(), "errorCount": d.error_count,
                      "processedCount": d.processed_count, "errorRate": d.error_rate}
                     for d in figures.daily]}
    if json_output:
        click.echo(json.dumps(doc, indent=2))
    else:
        rate = figures.error_rate
        shown = "n/a (no records processed)" if rate is None else f"{rate:.2%}"
        click.echo(f"CRD {crd}, {month:%Y-%m}: compliance error rate {shown} "
                   f"({figures.error_count} of {figures.processed_count} records); "
                   f"days exceeding 5%: {figures.days_exceeding}")
        for day in figures.daily:
            flag = "  over 5%" if day.exceeds else ""
            click.echo(f"  {day.day.isoformat()}: {day.error_rate:.2%} ({day.error_count} of "
                       f"{day.processed_count}){flag}")
    return OK
