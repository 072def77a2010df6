"""``costing report`` and ``costing batch``: reports on demand and on a schedule.

Both print one line per problem and exit non-zero on failure; ``report`` never leaves a partial
folder behind, and ``batch`` keeps going past a failed scenario and says so in its index.

Exit status of ``batch``: 0 every scenario built or unchanged; 1 some scenario failed (the index
and ``batch.json`` say which); 2 bad input or usage (the batch file, an option, the output folder
busy with another batch); 130 interrupted (SIGINT/SIGTERM), after writing the index of what is done.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import parse_date_option, user_errors
from .progress import working

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


@click.command()
@click.argument("scenario_path", metavar="SCENARIO.yaml", type=click.Path())
@click.option("--out", type=click.Path(), help="Folder to write (default: the scenario's `output`).")
@click.option("--timeout", type=int, default=600, show_default=True, help="Seconds a notebook cell may run.")
@user_errors
def report(scenario_path: str, out: str | None, timeout: int) -> None:
    """Cost a scenario and write its report folder: executed notebook(s), report.html, report.pdf,
    workbook.xlsx and manifest.json. The folder appears only when everything succeeded."""
    from ..report.build import build_report

    with working(f"building the report of {scenario_path}"):
        built = build_report(scenario_path, out, timeout)
    pages = ", ".join(f"{k} {v} pages" for k, v in built.pages.items())
    click.echo(f"wrote {built.folder} ({pages})", err=True)


@click.command()
@click.argument("batch_path", metavar="BATCH.yaml", type=click.Path())
@click.option("--force", is_flag=True, help="Rebuild reports even when their inputs are unchanged.")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Scenarios built at the same time on this machine.")
@click.option("--date", "run_date", help="Date folder to write into (YYYY-MM-DD; default today).")
@click.option("--timeout", type=click.IntRange(min=1), default=600, show_default=True,
              help="Seconds a notebook cell may run.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run the scenarios on this Dask distributed scheduler (e.g. tcp://10.0.0.5:8786) instead "
                   "of the local pool; inputs and output must be on storage the workers share, at the same paths.")
@click.option("--numbers-only", is_flag=True,
              help="Cost every scenario to Parquet (figures.parquet, components.parquet) under <output>/numbers/<date>/, "
                   "without notebooks.")
@click.option("--wait", is_flag=True, help="If another batch is writing into the same output folder, wait for it "
                                           "instead of refusing.")
@user_errors
def batch(batch_path: str, force: bool, jobs: int, run_date: str | None, timeout: int, scheduler: str | None,
          numbers_only: bool, wait: bool) -> None:
    """Build every scenario of a batch file into <output>/<date>/<scenario folder>/, with an index.html.

    A scenario whose latest report (in this or any earlier dated folder) was made from the same
    inputs, notebooks and package version, and whose files are intact, is not rebuilt: the index
    links it. --force rebuilds. A failed scenario is recorded and the others still run. Exit
    status: 0 all built or unchanged, 1 some failed, 2 bad input or usage, 130 interrupted.
    """
    from ..report.batch import run_batch

    day = parse_date_option(run_date, "--date")
    result = run_batch(Path(batch_path), force=force, jobs=jobs, run_date=day, timeout=timeout,
                       scheduler=scheduler, numbers_only=numbers_only, wait=wait)
    counts = result.counts()
    click.echo(f"index: {result.index}  ({', '.join(f'{n} {k}' for k, n in counts.items())})", err=True)
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if counts.get("failed") or counts.get("interrupted"):
        sys.exit(EXIT_FAILED)


COMMANDS = [report, batch]
