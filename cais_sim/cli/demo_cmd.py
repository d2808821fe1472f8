"""``cais-sim demo``: the main job end to end, on a small scale.

A CAT Reporting Agent prepares the Full CAIS certification submission for the four firms
it reports for (the onboarding guide's A/B/C/D example), submits it to an embedded
Industry Test environment, reads the feedback, and gets a verdict.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from cais_sim.backend.calendar import ET
from cais_sim.backend.clock import SimulatedClock
from cais_sim.cli.exitcodes import OK, REJECTIONS
from cais_sim.cli.generate_cmd import generate
from cais_sim.cli.summary import render
from cais_sim.simulator import Simulator

#: The Industry Test day the demo replays (a Tuesday, well inside Full CAIS).
DEMO_DAY = dt.date(2024, 1, 2)


@click.command("demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/demo"), show_default=True,
              help="Directory for the submission pairs, manifest, feedback and state.")
@click.option("--seed", type=int, default=7, show_default=True,
              help="Seed of the synthetic population.")
def demo(out: Path, seed: int) -> int:
    """Generate a certification pack for an agent's four firms, submit it, print the verdict.

    Everything is synthetic and deterministic: the same seed writes the same files and gets
    the same feedback. The state of the simulated CAIS is kept in OUT/state.db, the feedback
    files under OUT/sftp/ as CAIS would deliver them over SFTP.
    """
    out.mkdir(parents=True, exist_ok=True)
    pack_dir = out / "pack"
    click.echo("== 1. Generate the Full CAIS certification pack (agent for firms A, B, C, D)")
    # Through the command's own interface, exactly as a user would run it.
    generate.main(["--profile", "agent-abcd", "--certification", "full", "--seed", str(seed),
                   "--date", DEMO_DAY.isoformat(), "--out", str(pack_dir), "--no-progress"],
                  standalone_mode=False)
    manifest: dict[str, Any] = json.loads((pack_dir / "manifest.json").read_text())

    click.echo("\n== 2. Submit every pair to the embedded Industry Test environment")
    state = out / "state.db"
    state.unlink(missing_ok=True)
    moment = dt.datetime.combine(DEMO_DAY, dt.time(9, 0), ET)
    sim = Simulator(state=state, seed=seed, clock=SimulatedClock(moment),
                    sftp_root=out / "sftp")
    agent = int(manifest["parameters"]["submitterID"])
    for firm in manifest["firms"]:
        sim.add_firm(int(firm["reporterCRD"]), f"Firm {firm['label']}")
        sim.add_relationship(agent, int(firm["reporterCRD"]), start=DEMO_DAY)
    results = []
    try:
        for number, pair in enumerate(manifest["files"]):
            at = moment + dt.timedelta(minutes=5 * number)
            results.append(sim.submit(pack_dir / pair["dataFile"], pack_dir / pair["tidsFile"],
                                      at=at))
    finally:
        sim.close()

    click.echo("\n== 3. Feedback")
    for result in results:
        click.echo(render(result))
    submitted = rejected = 0
    for result in results:
        final = result.feedback
        for kind in ("FDID", "Natural", "LegalEntity"):
            received = int(final.get(f"received{kind}RecordCount", 0))
            submitted += received
            rejected += received - int(final.get(f"successful{kind}RecordCount", 0))
    rate = rejected / submitted if submitted else 0.0

    click.echo("\n== 4. Certification verdict (Full CAIS, onboarding guide §7.1/§7.2)")
    cert = manifest["certification"]
    for check in cert["checks"]:
        if check["rule"].startswith("error rate"):
            continue
        click.echo(f"  {'met ' if check['met'] else 'NOT met'}  {check['rule']}: "
                   f"{check['actual']} [{check['citation']}]")
    rate_ok = rate < 0.15
    click.echo(f"  {'met ' if rate_ok else 'NOT met'}  error rate below 15%: "
               f"{rejected} of {submitted} records rejected ({rate:.2%}) "
               "[onboarding guide §7.1 Step 3; §7.2 Step 4]")
    passed = bool(cert["qualifies"]) and rate_ok and all(
        r.status in ("COMPLETED_WITHOUT_REJECTIONS", "COMPLETED_WITH_REJECTIONS")
        for r in results)
    click.echo(f"\nverdict: {'READY' if passed else 'NOT READY'} for production "
               f"({len(results)} pairs, {submitted:,} records; feedback in {out / 'sftp'})")
    return OK if passed else REJECTIONS
