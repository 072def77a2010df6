"""``costing report`` and ``costing batch``: reports on demand and on a schedule.

Both print one line per problem and exit non-zero on failure; ``report`` never leaves a partial
folder behind, and ``batch`` keeps going past a failed scenario and says so in its index.

Exit status of ``batch`` (:mod:`.common`'s codes): 0 every scenario built or unchanged; 1 some
scenario failed (the index and ``batch.json`` say which); 2 bad input or usage (the batch file, an
option, an unreachable or lost ``--scheduler``, the output folder busy with another batch, a full
disk); 130 interrupted by SIGINT, 143 stopped by SIGTERM, after writing the index of what is done.
Its status lines go to stderr (``-v`` for more, ``--quiet`` for failures only); its stdout is a
summary, or JSON with ``--format json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_TERMINATED,
    user_errors,
)
from .options import DATE, format_option, out_option, scenario_argument, scenario_option
from .progress import working


@click.command()
@click.argument("scenario_path", metavar="SCENARIO.yaml", type=click.Path(), required=False)
@scenario_option("The scenario (the same as SCENARIO.yaml).", dest="scenario_option_path")
@out_option("Folder to write (default: the scenario's `output`).")
@click.option("--timeout", type=int, default=600, show_default=True, help="Seconds a notebook cell may run.")
@user_errors
def report(scenario_path: str | None, scenario_option_path: str | None, out: str | None, timeout: int) -> None:
    """Cost a scenario and write its report folder: executed notebook(s), report.html, report.pdf,
    workbook.xlsx and manifest.json. The folder appears only when everything succeeded."""
    from ..report.build import build_report

    scenario_path = scenario_argument(scenario_path, scenario_option_path)

    with working(f"building the report of {scenario_path}"):
        built = build_report(scenario_path, out, timeout)
    pages = ", ".join(f"{k} {v} pages" for k, v in built.pages.items())
    click.echo(f"wrote {built.folder} ({pages})", err=True)


@click.command()
@click.argument("batch_path", metavar="BATCH.yaml", type=click.Path())
@click.option("--force", is_flag=True, help="Rebuild reports even when their inputs are unchanged.")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Scenarios built at the same time on this machine.")
@click.option("--date", "run_date", type=DATE, help="Date folder to write into (2026-07-01 or 7/1/2026; default today).")
@out_option("Folder for the dated report folders (default: the batch file's `output`).")
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
@format_option("text", "json", default="text", help="The summary on stdout: a line per scenario, or one JSON object for scripts.")
@click.option("-v", "--verbose", is_flag=True, help="Status lines also say what was decided and why (lock, leftovers, skips).")
@click.option("-q", "--quiet", is_flag=True, help="Status lines only for failures and interruptions.")
@user_errors
def batch(batch_path: str, force: bool, jobs: int, run_date, out: str | None, timeout: int, scheduler: str | None,
          numbers_only: bool, wait: bool, fmt: str, verbose: bool, quiet: bool) -> None:
    """Build every scenario of a batch file into <output>/<date>/<scenario folder>/, with an index.html.

    A scenario whose latest report (in this or any earlier dated folder) was made from the same
    inputs, notebooks and package version, and whose files are intact, is not rebuilt: the index
    links it. --force rebuilds. A failed scenario is recorded and the others still run; the full
    messages go to a private log under costing's state folder (its path is printed), never into
    the folder you publish. Exit status: 0 all built or unchanged, 1 some failed, 2 bad input or
    usage (an unreachable --scheduler included), 130 interrupted (Ctrl-C), 143 stopped (SIGTERM).
    """
    from ..report.batch import run_batch

    if verbose and quiet:
        raise click.UsageError("give -v or --quiet, not both")
    result = run_batch(Path(batch_path), force=force, jobs=jobs, run_date=run_date, timeout=timeout,
                       scheduler=scheduler, numbers_only=numbers_only, wait=wait,
                       verbosity=1 if verbose else -1 if quiet else 0, out=Path(out) if out else None)
    status = exit_status(result)
    if fmt == "json":
        click.echo(json.dumps({**result.summary(), "exit_status": status}, indent=2))
    else:
        click.echo(summary_text(result))
    sys.exit(status)


def exit_status(result) -> int:
    """130 after SIGINT, 143 after SIGTERM, 2 when the cluster was lost, 1 when a scenario failed, else 0."""
    import signal

    if result.signal is not None:
        return EXIT_TERMINATED if result.signal == signal.SIGTERM else EXIT_INTERRUPTED
    if result.scheduler_lost:
        return EXIT_INPUT
    return EXIT_SOME_FAILED if result.some_failed else EXIT_OK


def summary_text(result) -> str:
    """The run on stdout: one line per scenario (status, folder, and where its report is when not in
    this date's folder, or the public reason it failed), then the totals, the index and the private log."""
    width = max((len(o.folder) for o in result.outcomes), default=0)
    lines = []
    for o in result.outcomes:
        notes = [f"unchanged since {o.built_on}: {o.location}"] if o.location.startswith("..") else []
        notes += [o.reason] if o.reason else []
        lines.append(f"{o.status:<11} {o.folder:<{width}}  {'; '.join(notes)}".rstrip())
    counts = result.counts()
    lines.append(f"{len(result.outcomes)} scenarios: {', '.join(f'{n} {k}' for k, n in counts.items())}"
                 + (" (interrupted)" if result.interrupted else ""))
    lines.append(f"index: {result.index}")
    if result.private_log is not None:
        lines.append(f"private log (full messages; do not publish): {result.private_log}")
    return "\n".join(lines)


COMMANDS = [report, batch]
