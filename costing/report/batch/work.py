"""What one batch worker does with one scenario, and what it reports back.

A worker is a process of the local pool or a thread of a Dask worker; either way it receives a
:class:`Task` (plain paths and strings, cheap to pickle) and returns an :class:`Outcome`. It never
raises for a scenario's failure: the failure is classified (an input error, a timeout, a dead
kernel, a privacy block) and reported with two messages: ``detail``, the full one for the
operator's private log, and ``reason``, the one that may appear in a published index, which never
carries a roster value (an employee ID or name) or an absolute local path.

The worker also looks after itself: :func:`worker_init` (local pool only) puts it in its own
session so a Ctrl-C on the terminal reaches only the batch, which decides what to stop; makes it
exit when the batch process dies (even by SIGKILL); and turns SIGTERM into a clean stop, so the
hidden temporary folder of the report it was building is removed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...errors import InputError

PRIVACY_REASON = "blocked by the privacy check: an employee identifier appears in the report"
ROSTER_REASON = "the roster has errors that name employees; the private batch log lists them"
MOVES_REASON = "the moves file has errors that name employees; the private batch log lists them"
NAMED_REASON = "the error message names an employee; the private batch log has it"
SCHEDULER_LOST = "not built: the Dask scheduler was lost before this scenario finished"
WORKER_DIED = ("the worker process building this scenario died (killed, or out of memory); "
               "the other scenarios were not affected")
NOT_RUN = "not run: the batch was interrupted before this scenario started"
STOPPED = "stopped: the batch was interrupted while this scenario was being built"

_terminating = False


@dataclass(frozen=True)
class Task:
    """One scenario to build: absolute paths, so a worker on another machine (shared storage) finds them."""

    scenario_path: str      # absolute
    display: str            # as the batch file names it (relative), for the index
    target: str             # absolute report folder to write
    run_date: str
    timeout: int
    kind: str = "report"    # report | numbers
    base: str = ""          # the batch file's folder: stripped from messages meant for the index


@dataclass
class Outcome:
    scenario: str                   # as the batch file names it
    folder: str                     # the report folder's name
    status: str                     # built | skipped | failed | interrupted
    reason: str = ""                # public: safe for index.html and batch.json
    seconds: float = 0.0
    title: str = ""
    files: tuple[str, ...] = ()
    location: str = ""              # link from the dated folder to the report folder
    built_on: str = ""              # the date folder the report lives in
    failure: str = ""               # error | timeout | kernel died | worker died | privacy | interrupted | scheduler
    audiences: tuple[tuple[str, str], ...] = ()   # (file, public | confidential): the member page is public
    detail: str = field(default="", repr=False)   # private: the full message, for the private log only

    def public(self) -> dict:
        """What batch.json may carry: everything but the private detail."""
        out = asdict(self)
        out.pop("detail")
        out["files"] = list(self.files)
        out["audiences"] = dict(self.audiences)
        return out


def run_task(task: Task) -> Outcome:
    """Build (or cost) one scenario; never raises for the scenario's own failure."""
    started = time.perf_counter()
    try:
        if _terminating:
            return interrupted(task, NOT_RUN)
        if task.kind == "numbers":
            from ..numbers import write_numbers

            title, files = write_numbers(Path(task.scenario_path), Path(task.target))
            audiences: tuple[tuple[str, str], ...] = ()
        else:
            from ..build import build_report

            built = build_report(task.scenario_path, task.target, task.timeout, task.run_date)
            title, files, audiences = _title(task), tuple(built.files), tuple(built.audiences.items())
        return Outcome(task.display, Path(task.target).name, "built", seconds=time.perf_counter() - started,
                       title=title, files=tuple(files), location=Path(task.target).name, built_on=task.run_date,
                       audiences=audiences)
    except SystemExit:
        if _terminating:
            return interrupted(task, STOPPED, time.perf_counter() - started)
        raise
    except Exception as exc:  # noqa: BLE001 - recorded for this scenario, and the batch goes on
        return failed(task, exc, time.perf_counter() - started)
    finally:
        if _terminating:  # the temporary folder is gone (the exception unwound it): leave now
            os._exit(143)


def audiences_of(manifest: dict) -> tuple[tuple[str, str], ...]:
    """(file, audience) of a report's files as its manifest records them (none before the member page)."""
    recorded = manifest.get("audiences")
    return tuple((str(k), str(v)) for k, v in recorded.items()) if isinstance(recorded, dict) else ()


def _title(task: Task) -> str:
    from ...inputs.scenario import load_scenario

    try:
        return load_scenario(task.scenario_path).title
    except InputError:
        return ""


def interrupted(task: Task, reason: str, seconds: float = 0.0) -> Outcome:
    return Outcome(task.display, Path(task.target).name, "interrupted", reason, seconds, failure="interrupted",
                   detail=reason)


def failed(task: Task, exc: BaseException, seconds: float = 0.0) -> Outcome:
    detail = str(exc) if isinstance(exc, InputError) else " ".join(f"{type(exc).__name__}: {exc}".split())
    failure = classify(exc, detail)
    return Outcome(task.display, Path(task.target).name, "failed", public_reason(task, exc, detail, failure),
                   seconds, failure=failure, detail=detail)


def scheduler_lost(task: Task, exc: BaseException) -> Outcome:
    """Not a failure of the scenario: the cluster went away (the batch links its last report, if any)."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    return Outcome(task.display, Path(task.target).name, "interrupted", SCHEDULER_LOST, failure="scheduler",
                   detail=f"{SCHEDULER_LOST} ({detail})")


def worker_died(task: Task) -> Outcome:
    return Outcome(task.display, Path(task.target).name, "failed", WORKER_DIED, failure="worker died",
                   detail=WORKER_DIED)


def classify(exc: BaseException, detail: str) -> str:
    if is_privacy_block(exc):
        return "privacy"
    if "timeout" in detail and isinstance(exc, InputError) and str(exc.source or "").startswith("notebook"):
        return "timeout"
    if "kernel died" in detail:
        return "kernel died"
    name = type(exc).__name__
    if name in ("KilledWorker", "BrokenProcessPool"):
        return "worker died"
    return "error"


def is_privacy_block(exc: BaseException) -> bool:
    """The public-report check refused to publish (matched by its type, or by its message today)."""
    return "Privacy" in type(exc).__name__ or "public report would show" in str(exc)


def public_reason(task: Task, exc: BaseException, detail: str, failure: str) -> str:
    """The failure in words that may be published: no roster value, no absolute local path.

    A first pass, in the worker: an error in the roster or the moves file names employees, so it
    is published only as "the roster (or moves file) has errors"; any other input error without
    the roster values it lists. The batch then checks what is left against every roster and moves
    file it reads before publishing (:func:`costing.report.batch.index.publishable`)."""
    if failure == "privacy":
        return PRIVACY_REASON
    if failure == "worker died":
        return WORKER_DIED
    if isinstance(exc, InputError) and exc.source:
        for label, path in people_files(task).items():
            if _same_file(exc.source, path):
                return ROSTER_REASON if label == "roster" else MOVES_REASON
    text = exc.public_text() if isinstance(exc, InputError) else detail
    return without_local_paths(" ".join(text.split()), task.base, str(Path(task.target).parent))


def without_local_paths(text: str, base: str, day: str = "") -> str:
    """Paths under the batch file's folder shown relative to it (as the batch file names them), and
    paths in the dated output folder relative to it (as the index links them)."""
    for folder in (day, base):
        if folder:
            text = text.replace(folder.rstrip(os.sep) + os.sep, "")
    return text


def people_files(task: Task) -> dict[str, Path]:
    """The scenario's roster and moves file: the files whose errors quote employees."""
    from ...inputs.scenario import load_scenario, scenario_inputs

    try:
        spec = scenario_inputs(load_scenario(task.scenario_path), task.scenario_path)
    except Exception:  # noqa: BLE001 - the scenario itself is what failed; it names no roster value
        return {}
    return {"roster": spec.roster, **({"moves": spec.moves} if spec.moves else {})}


def _same_file(source: str, path: Path) -> bool:
    first = str(source).split(":")[0].strip()
    try:
        return Path(first).resolve() == path or Path(first).name == path.name
    except (OSError, ValueError):
        return False


def worker_init(parent_pid: int) -> None:
    """Run in each local pool process before its first scenario (see the module docstring)."""
    try:
        os.setsid()          # Ctrl-C on the terminal goes to the batch, not to its workers and kernels
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_now)
    _die_with_parent(parent_pid)


def _stop_now(signum, frame) -> None:
    """SIGTERM from the batch: unwind the build in hand (its temporary folder is removed), then exit."""
    global _terminating
    _terminating = True
    raise SystemExit(143)


def _die_with_parent(parent_pid: int) -> None:
    """Exit when the batch process is gone: PR_SET_PDEATHSIG on Linux, and a watchdog everywhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, name="costing-batch-parent-watch", daemon=True).start()
