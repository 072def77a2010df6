"""One batch run, start to end (see the package docstring for what each step guarantees)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .file import folder_name, load_batch
from .index import check_index_folder, counts, publishable, write_index
from .lock import BatchLock
from .log import Reporter, private_log_path, reporting
from .pool import Stop, connect, run_dask, run_local
from .skip import current_report, latest_report, remove_leftovers
from .work import NOT_RUN, Outcome, Task, audiences_of, failed, interrupted


@dataclass
class BatchResult:
    index: Path
    outcomes: list[Outcome]
    interrupted: bool = False
    private_log: Path | None = None
    signal: int | None = None           # SIGINT or SIGTERM, when the run was stopped by one
    scheduler_lost: bool = False        # the Dask cluster went away during the run
    date: str = ""

    def counts(self) -> dict[str, int]:
        return counts(self.outcomes)

    @property
    def some_failed(self) -> bool:
        tally = self.counts()
        return bool(tally.get("failed") or tally.get("interrupted"))

    def summary(self) -> dict:
        """What a script reads (``costing batch --format json``): no roster value, only public reasons."""
        return {"date": self.date, "index": str(self.index), "batch_json": str(self.index.with_name("batch.json")),
                "private_log": str(self.private_log) if self.private_log else None, "counts": self.counts(),
                "interrupted": self.interrupted, "scheduler_lost": self.scheduler_lost,
                "outcomes": [o.public() for o in self.outcomes]}


def run_batch(path: Path, force: bool = False, jobs: int = 2, run_date: dt.date | None = None,
              timeout: int = 600, scheduler: str | None = None, numbers_only: bool = False,
              wait: bool = False, verbosity: int = 0, out: Path | None = None) -> BatchResult:
    """Build every scenario of a batch file that needs it, then write the index (see the package docstring).

    ``verbosity``: -1 quiet (warnings only), 0 a line per scenario, 1 also what was decided and why.
    ``out``: the folder for the dated report folders instead of the batch file's ``output`` (``--out``)."""
    path = Path(path)
    batch = load_batch(path)
    client = connect(scheduler) if scheduler else None   # an unreachable cluster: one line, nothing written
    try:
        day = (run_date or dt.date.today()).isoformat()
        base = path.parent.resolve()
        output = Path(out).resolve() if out is not None else (base / batch.output).resolve()
        root = output / "numbers" if numbers_only else output
        kind = "numbers" if numbers_only else "report"
        tasks = [Task(str((base / s).resolve()), s, str(root / day / folder_name(base / s)), day, timeout, kind,
                      str(base)) for s in batch.scenarios]
        with reporting(len(tasks), private_log_path(output, day), verbosity) as say:
            say.record(f"batch {path.name} into {root / day}" + (" (--force)" if force else ""))
            with BatchLock(output, wait=wait, say=say.note):
                result = _run(tasks, path.name, root, day, kind, force, jobs, client, say)
                say.record(f"done: {', '.join(f'{n} {k}' for k, n in result.counts().items())}"
                           + (" (interrupted)" if result.interrupted else ""))
            say.private.check()      # a private log that could not be written (a full disk) is an error naming it
            result.private_log = say.private.path
            return result
    finally:
        if client is not None:
            client.close()


def _run(tasks: list[Task], batch_name: str, root: Path, day: str, kind: str, force: bool, jobs: int, client,
         say: Reporter) -> BatchResult:
    check_index_folder(root / day)
    for leftover in remove_leftovers(root, [Path(t.target).name for t in tasks]):
        say.debug(f"removed {leftover.name}, left by an interrupted run")
    outcomes: dict[str, Outcome] = {}

    def done(outcome: Outcome) -> None:
        outcomes[outcome.scenario] = outcome
        say.done(outcome)

    stop = Stop(say.warn)
    reached = True
    with stop:
        todo = [task for task in tasks if not stop.soft and (force or not _skipped(task, root, day, done, say))]
        if todo and not stop.soft:
            if client is not None:
                reached = run_dask(todo, client, stop, done)
            else:
                run_local(todo, jobs, stop, done)
            remove_leftovers(root, [Path(t.target).name for t in tasks])
    ordered = [_settled(outcomes.get(t.display) or interrupted(t, NOT_RUN), t, root, day) for t in tasks]
    ordered = publishable(ordered, _people_files(tasks))
    index = write_index(root / day, day, batch_name, kind, ordered, stop.soft or not reached)
    if not reached:
        say.warn("error: --scheduler: the Dask scheduler was lost during the run; the scenarios it did not finish"
                 " link their last report")
    return BatchResult(index, ordered, stop.soft, None, stop.signal, not reached, day)


def _skipped(task: Task, root: Path, day: str, done, say: Reporter) -> bool:
    """Record the scenario as skipped (its latest report is current) or as failed (it cannot be read)."""
    started = time.perf_counter()
    try:
        found = current_report(root, day, Path(task.target).name, Path(task.scenario_path), task.kind)
    except InputError as exc:
        done(failed(task, exc, time.perf_counter() - started))
        return True
    if found is None:
        say.debug(f"to build  {Path(task.target).name}: no current, intact report of these inputs")
        return False
    folder, manifest, title = found
    done(Outcome(task.display, folder.name, "skipped", seconds=time.perf_counter() - started, title=title,
                 files=tuple(manifest.get("files", ())), location=_link(folder, day), built_on=folder.parent.name,
                 audiences=audiences_of(manifest)))
    return True


def _settled(outcome: Outcome, task: Task, root: Path, day: str) -> Outcome:
    """A scenario this run did not finish (interrupted, or its cluster lost) keeps a link to its last
    intact report: as unchanged when that report is current, else as interrupted with the link."""
    if outcome.status != "interrupted":
        return outcome
    name = Path(task.target).name
    try:
        current = current_report(root, day, name, Path(task.scenario_path), task.kind)
    except InputError:
        current = None
    if current is not None:
        folder, manifest, title = current
        return Outcome(task.display, name, "skipped", title=title, files=tuple(manifest.get("files", ())),
                       location=_link(folder, day), built_on=folder.parent.name, audiences=audiences_of(manifest))
    latest = latest_report(root, day, name)
    if latest is None or not _intact(*latest):
        return outcome
    folder, manifest = latest
    note = f"{outcome.reason}; linked: its last report, of {folder.parent.name}, made from earlier inputs"
    return Outcome(task.display, name, "interrupted", note, outcome.seconds, manifest.get("title", ""),
                   tuple(manifest.get("files", ())), _link(folder, day), folder.parent.name, outcome.failure,
                   outcome.detail, audiences_of(manifest))


def _intact(folder: Path, manifest: dict | None) -> bool:
    from .. import manifest as mf

    return mf.outputs_intact(folder, manifest)


def _link(folder: Path, day: str) -> str:
    return folder.name if folder.parent.name == day else f"../{folder.parent.name}/{folder.name}"


def _people_files(tasks: list[Task]) -> list[tuple[str, Path]]:
    """Every roster and moves file the batch's scenarios read, as (kind, path): what a published
    reason is checked against."""
    from .work import people_files

    return [item for task in tasks for item in people_files(task).items()]
