"""Running a batch's scenarios on an executor: the local process pool, or a Dask cluster.

Both are ``concurrent.futures`` executors (a Dask ``Client``'s :meth:`get_executor`), so one loop
drives them. What the loop adds to ``as_completed``:

- **A dead worker costs one scenario.** When a local worker dies (killed, out of memory, a
  notebook that exits the process) the pool is broken and every unfinished scenario in it fails
  with ``BrokenProcessPool``. Those that had not started are simply run again in a new pool;
  those that were running are suspects, and each is run again alone: the one that dies alone is
  recorded as failed, the innocent ones are built. On Dask a dead worker fails only its task
  (``KilledWorker``), which is recorded the same way.
- **Interruptions.** The first SIGINT or SIGTERM stops queued work (it is recorded as not run)
  and lets running scenarios finish; a second one stops those too: the local workers are sent
  SIGTERM, which unwinds their build (removing its temporary folder), then SIGKILL if they linger.
  On a Dask cluster, work not yet finished is cancelled. :class:`Stop` remembers the signal, so
  the command exits 130 after SIGINT and 143 after SIGTERM.
- **A lost cluster is not a scenario's failure.** The scheduler is reached before the batch does
  anything (:func:`connect`); if it goes away later, each unfinished scenario is recorded as not
  built because of it (``scheduler``), and the batch links its last report instead.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .work import NOT_RUN, STOPPED, Outcome, Task, interrupted, run_task, scheduler_lost, worker_died, worker_init

POLL_SECONDS = 0.25
GRACE_SECONDS = 10.0


class Stop:
    """The batch's answer to SIGINT/SIGTERM: first stop starting work, then stop running work."""

    def __init__(self, say: Callable[[str], None]):
        self.say = say
        self.requests = 0
        self.signal: int | None = None     # the first signal received (SIGINT or SIGTERM)
        self._saved: dict[int, object] = {}

    @property
    def soft(self) -> bool:
        return self.requests >= 1

    @property
    def hard(self) -> bool:
        return self.requests >= 2

    def __enter__(self) -> Stop:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> bool:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)
        return False

    def _handle(self, signum, frame) -> None:
        self.requests += 1
        self.signal = self.signal or signum
        if self.requests == 1:
            self.say("interrupted: no new scenario will start; the running ones finish "
                     "(interrupt again to stop them too); the index is written on the way out")
        elif self.requests == 2:
            self.say("interrupted again: stopping the running scenarios")


def local_pool(width: int) -> ProcessPoolExecutor:
    """Worker processes started fresh (spawn), in their own session, tied to this process's life."""
    return ProcessPoolExecutor(max_workers=width, mp_context=multiprocessing.get_context("spawn"),
                               initializer=worker_init, initargs=(os.getpid(),))


def run_local(tasks: list[Task], jobs: int, stop: Stop, done: Callable[[Outcome], None]) -> None:
    """Run ``tasks`` on local pools, replacing a pool a dead worker broke (see the module docstring)."""
    queue, alone = list(tasks), []
    while queue or alone:
        if stop.soft:
            for task in alone + queue:
                done(interrupted(task, NOT_RUN))
            return
        if alone:
            _one_pool([alone.pop(0)], 1, stop, done)
        else:
            suspects, queue = _one_pool(queue, min(jobs, len(queue)), stop, done)
            alone += suspects


def _one_pool(tasks: list[Task], width: int, stop: Stop,
              done: Callable[[Outcome], None]) -> tuple[list[Task], list[Task]]:
    """Run tasks on one pool, at most ``width`` at a time; return (suspects, not started) if it broke.

    Only ``width`` tasks are ever handed to the pool, so a task the batch has not handed over can
    be withheld on SIGINT, and the casualties of a broken pool are exactly the tasks that were
    running. A lone casualty is the culprit and is recorded as failed; several are suspects.
    """
    pool = local_pool(width)
    waiting = list(tasks)
    running: dict[Future, Task] = {}
    casualties: list[Task] = []
    broken = killed = False
    try:
        while running or (waiting and not broken and not stop.soft):
            while waiting and len(running) < width and not broken and not stop.soft:
                task = waiting.pop(0)
                try:
                    running[pool.submit(run_task, task)] = task
                except BrokenProcessPool:
                    waiting.insert(0, task)
                    broken = True
            if not running:
                break
            finished, _ = wait(running, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    done(future.result())
                except CancelledError:
                    done(interrupted(task, NOT_RUN))
                except BrokenProcessPool:
                    broken = True
                    if stop.soft:
                        done(interrupted(task, STOPPED))
                    else:
                        casualties.append(task)
            if stop.hard and not killed:
                _stop_workers(pool)
                killed = True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if stop.soft:
        for task in waiting:
            done(interrupted(task, NOT_RUN))
        waiting = []
    if len(casualties) == 1:
        done(worker_died(casualties[0]))
        casualties = []
    return casualties, waiting


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM each worker (a clean unwind), then SIGKILL whoever is still there after a grace period."""
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()


def run_dask(tasks: list[Task], client, stop: Stop, done: Callable[[Outcome], None]) -> bool:
    """Run ``tasks`` on a Dask cluster (``client``: :func:`connect`) through its concurrent.futures executor.

    Returns False when the cluster was lost (the unfinished scenarios were recorded as such)."""
    executor = client.get_executor(pure=False)
    futures: dict[Future, Task] = {executor.submit(run_task, task): task for task in tasks}
    pending = set(futures)
    cancelled, lost = False, False
    while pending:
        finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        for future in finished:
            task = futures[future]
            try:
                done(future.result())
            except CancelledError:
                done(interrupted(task, NOT_RUN))
            except Exception as exc:  # noqa: BLE001 - run_task never raises: this is the cluster, not the scenario
                if type(exc).__name__ == "KilledWorker":
                    done(worker_died(task))
                else:
                    lost = True
                    done(scheduler_lost(task, exc))
        if stop.soft and not cancelled:
            for future in pending:
                future.cancel()
            cancelled = True
    return not lost


def connect(address: str):
    """A Dask client for ``address``, or a one-line error naming the option (checked before anything is done)."""
    from ...errors import InputError

    try:
        from distributed import Client
    except ImportError:
        raise InputError(None, "--scheduler", "Dask distributed is not installed (pip install 'dask[distributed]')") from None
    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(None, "--scheduler", f"cannot reach the Dask scheduler at {address}: {message}; nothing was"
                         " built and no index was written") from None
