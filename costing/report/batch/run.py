"""Many scenario reports in one unattended run: a batch file, workers, an index a scheduler can trust.

The batch file names an output folder and a list of scenario files (paths relative to the batch
file). Each scenario goes into ``<output>/<date>/<scenario folder name>/``. A run:

1. takes the output folder's lock (:mod:`.batch_lock`): a second batch into the same output
   refuses in one line, or waits with ``--wait``; it never duplicates work;
2. removes what an interrupted run left (hidden temporary folders) and skips every scenario whose
   most recent report, in any earlier dated folder, was made from the same inputs, notebooks and
   package version and still has the files its manifest recorded (:mod:`.batch_skip`); the index
   links that earlier folder. This part imports no pandas, so a night with nothing new costs
   well under a second;
3. builds the rest on the local process pool or, with ``scheduler``, on a Dask cluster through
   its ``concurrent.futures`` executor: the same loop either way (:mod:`.batch_pool`). A failure,
   a dead worker or a timeout fails one scenario, never the run; SIGINT/SIGTERM stop queued work;
4. always writes ``index.html`` and ``batch.json`` (public-safe reasons) and appends the full
   messages to the private log (:mod:`.batch_index`).

``numbers_only`` costs each scenario to Parquet without notebooks (:mod:`.numbers`), into
``<output>/numbers/<date>/``, with the same skipping, lock and index.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from ..errors import InputError
from ..inputs.loading import read_yaml, validate_model
from ..inputs.models import Frozen
from .batch_index import append_private_log, counts, write_index
from .batch_lock import BatchLock
from .batch_pool import Stop, run_dask, run_local
from .batch_skip import current_report, remove_leftovers
from .batch_work import NOT_RUN, Outcome, Task, failed, interrupted

__all__ = ["Batch", "BatchResult", "Outcome", "folder_name", "load_batch", "run_batch"]


class Batch(Frozen):
    output: str = Field(description="folder for the dated report folders, relative to the batch file")
    scenarios: tuple[str, ...] = Field(min_length=1, description="scenario files, relative to the batch file")

    @field_validator("scenarios")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        names = [folder_name(Path(v)) for v in value]
        if len(set(names)) != len(names):
            raise ValueError("two scenarios would write into the same folder; keep one scenario per folder")
        return value


def load_batch(path: str | Path) -> Batch:
    """Validate a batch file; every scenario it names must exist."""
    batch = validate_model(Batch, read_yaml(Path(path)), str(path))
    for i, item in enumerate(batch.scenarios):
        if not (Path(path).parent / item).is_file():
            raise InputError(str(path), f"scenarios[{i + 1}]", f"{item}: file not found")
    return batch


def folder_name(scenario_path: Path) -> str:
    """reports/<date>/chelsea for data/chelsea/scenario.yaml; chelsea_compare for data/chelsea/compare.yaml."""
    if scenario_path.stem == "scenario":
        return scenario_path.parent.name
    return f"{scenario_path.parent.name}_{scenario_path.stem}" if scenario_path.parent.name else scenario_path.stem


@dataclass
class BatchResult:
    index: Path
    outcomes: list[Outcome]
    interrupted: bool = False
    private_log: Path | None = None

    def counts(self) -> dict[str, int]:
        return counts(self.outcomes)


def run_batch(path: Path, force: bool = False, jobs: int = 2, run_date: dt.date | None = None,
              timeout: int = 600, log=None, scheduler: str | None = None, numbers_only: bool = False,
              wait: bool = False) -> BatchResult:
    """Build every scenario of a batch file that needs it; always write the index (see the module docstring)."""
    path = Path(path)
    batch = load_batch(path)
    day = (run_date or dt.date.today()).isoformat()
    base = path.parent.resolve()
    output = (base / batch.output).resolve()
    kind = "numbers" if numbers_only else "report"
    root = output / "numbers" if numbers_only else output
    tasks = [Task(str((base / s).resolve()), s, str(root / day / folder_name(base / s)), day, timeout, kind, str(base))
             for s in batch.scenarios]
    outcomes: dict[str, Outcome] = {}
    say = log or _logger(len(tasks))
    with BatchLock(output, wait=wait), say as progress:
        remove_leftovers(root, [Path(t.target).name for t in tasks])

        def done(outcome: Outcome) -> None:
            outcomes[outcome.scenario] = outcome
            progress.done(outcome)

        stop = Stop(progress.note)
        try:
            with stop:
                todo = []
                for task in tasks:
                    if stop.soft:
                        break
                    if force or not _skipped(task, root, day, done):
                        todo.append(task)
                if todo and not stop.soft:
                    if scheduler:
                        try:
                            run_dask(todo, scheduler, stop, done)
                        except InputError as exc:  # the scheduler cannot be reached: each unbuilt scenario says why
                            for task in todo:
                                if task.display not in outcomes:
                                    done(failed(task, exc))
                            raise
                    else:
                        run_local(todo, jobs, stop, done)
                    remove_leftovers(root, [Path(t.target).name for t in tasks])
        finally:  # whatever happened, the index says what is done and what is not
            ordered = [outcomes.get(t.display) or interrupted(t, NOT_RUN) for t in tasks]
            index = write_index(root / day, day, path.name, kind, ordered, stop.soft)
            private = append_private_log(root / day, path.name, ordered, stop.soft)
    return BatchResult(index, ordered, stop.soft, private)


def _skipped(task: Task, root: Path, day: str, done) -> bool:
    """Record the scenario as skipped (its latest report is current) or as failed (it cannot be read)."""
    started = time.perf_counter()
    try:
        found = current_report(root, day, Path(task.target).name, Path(task.scenario_path), task.kind)
    except InputError as exc:
        done(failed(task, exc, time.perf_counter() - started))
        return True
    if found is None:
        return False
    folder, manifest, title = found
    location = folder.name if folder.parent.name == day else f"../{folder.parent.name}/{folder.name}"
    done(Outcome(task.display, folder.name, "skipped", seconds=time.perf_counter() - started, title=title,
                 files=tuple(manifest.get("files", ())), location=location, built_on=folder.parent.name))
    return True


class _Log:
    """Plain log lines on stderr (cron, systemd, CI), one per scenario."""

    def __init__(self, total: int):
        self.total, self.count = total, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def line(self, outcome: Outcome) -> str:
        where = f" (unchanged since {outcome.built_on})" if outcome.status == "skipped" and outcome.location.startswith("..") else ""
        note = f": {outcome.reason}" if outcome.reason and outcome.status in ("failed", "interrupted") else ""
        if outcome.detail and outcome.detail != outcome.reason and outcome.status == "failed":
            note += " (full message in the private batch log)"
        return f"{outcome.status:<7} {outcome.folder}{where} ({outcome.seconds:.1f} s){note}"

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        self.note(f"[{self.count}/{self.total}] {self.line(outcome)}")

    def note(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)


class _Bar(_Log):
    """A progress bar on a terminal (no colour under NO_COLOR), with the same lines printed above it."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("scenarios"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self.progress.__enter__()
        self.task = self.progress.add_task("scenarios", total=self.total)
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        self.note(self.line(outcome))
        self.progress.advance(self.task)

    def note(self, text: str) -> None:
        self.progress.console.print(text, markup=False, highlight=False)


def _logger(total: int) -> _Log:
    return _Bar(total) if sys.stderr.isatty() else _Log(total)
