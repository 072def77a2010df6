"""``costing report`` and ``costing batch``: reports on demand and on a schedule.

Both print one line per problem and exit non-zero on failure; ``report`` never leaves a partial
folder behind, and ``batch`` keeps going past a failed scenario and says so in its index.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import parse_date_option, user_errors


@click.command()
@click.argument("scenario_path", metavar="SCENARIO.yaml", type=click.Path())
@click.option("--out", type=click.Path(), help="Folder to write (default: the scenario's `output`).")
@click.option("--timeout", type=int, default=600, show_default=True, help="Seconds a notebook cell may run.")
@user_errors
def report(scenario_path: str, out: str | None, timeout: int) -> None:
    """Cost a scenario and write its report folder: executed notebook(s), report.html, report.pdf,
    workbook.xlsx and manifest.json. The folder appears only when everything succeeded."""
    from ..report.build import build_report

    built = build_report(scenario_path, out, timeout)
    pages = ", ".join(f"{k} {v} pages" for k, v in built.pages.items())
    click.echo(f"wrote {built.folder} ({pages})", err=True)


@click.command()
@click.argument("batch_path", metavar="BATCH.yaml", type=click.Path())
@click.option("--force", is_flag=True, help="Rebuild reports even when their inputs are unchanged.")
@click.option("--jobs", type=int, default=2, show_default=True, help="Scenarios built at the same time.")
@click.option("--date", "run_date", help="Date folder to write into (YYYY-MM-DD; default today).")
@click.option("--timeout", type=int, default=600, show_default=True, help="Seconds a notebook cell may run.")
@user_errors
def batch(batch_path: str, force: bool, jobs: int, run_date: str | None, timeout: int) -> None:
    """Build every scenario of a batch file into <output>/<date>/<scenario folder>/, with an index.html.

    Unchanged scenarios (same input sha256s as the report already there) are skipped unless
    --force. A failed scenario is recorded and the others still run; the exit status is 1 if any failed.
    """
    from ..report.batch import run_batch

    day = parse_date_option(run_date, "--date")
    result = run_batch(Path(batch_path), force=force, jobs=max(1, jobs), run_date=day, timeout=timeout)
    counts = result.counts()
    click.echo(f"index: {result.index}  ({', '.join(f'{n} {k}' for k, n in counts.items())})")
    if counts.get("failed"):
        sys.exit(1)
COMMANDS = [report, batch]
