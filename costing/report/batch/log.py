"""What a batch says while it runs, through the standard :mod:`logging` module.

Two loggers, each with its own audience:

* ``costing.batch``: status lines on stderr for the operator (cron, systemd's journal, a
  terminal): one line per scenario, failures as warnings. ``--quiet`` keeps only warnings and
  errors, ``-v`` adds what the batch decided and why (the lock, leftovers removed, skips). On a
  terminal the lines print above a progress bar (no colour under ``NO_COLOR``). Every line is a
  public reason: it never quotes a roster value.
* ``costing.batch.private``: the full messages (which may quote employee IDs and names), appended
  to an owner-only file under costing's state folder, **outside** the folder an operator
  publishes (:func:`private_log_path`); each failure line on stderr names that file.

Nothing here writes to stdout: a batch's stdout is its summary (``costing batch`` prints it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ...output import links, state_subfolder, write_failed
from .work import Outcome

LOGGER = "costing.batch"
PRIVATE = "costing.batch.private"
LEVELS = {-1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}


def private_log_path(output: Path, day: str) -> Path:
    """``<state>/batch/<output folder>-<8 hex of its path>/<day>.private.log``: one file per output and day."""
    digest = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:8]
    return state_subfolder("batch", f"{Path(output).name or 'output'}-{digest}") / f"{day}.private.log"


class PrivateLog(logging.Handler):
    """Appends records to an owner-only file opened without following a link; a write that fails
    (a full disk) is kept, so the run can end with one line naming the file (:meth:`check`)."""

    def __init__(self, path: Path):
        super().__init__(logging.DEBUG)
        self.path = Path(path)
        self.failure: OSError | None = None
        self.setFormatter(logging.Formatter("%(message)s"))
        try:
            fd = links.open_own_file(self.path, os.O_WRONLY | os.O_APPEND, 0o600)
        except OSError as exc:
            raise write_failed(self.path, exc) from None
        self.stream = os.fdopen(fd, "a", encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        if self.failure is not None:
            return
        try:
            self.stream.write(self.format(record) + "\n")
            self.stream.flush()
        except OSError as exc:
            self.failure = exc

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        super().close()

    def check(self) -> None:
        if self.failure is not None:
            raise write_failed(self.path, self.failure)


class Lines(logging.StreamHandler):
    """Plain status lines on stderr (cron, systemd, CI)."""

    def __init__(self, level: int):
        super().__init__(sys.stderr)
        self.setLevel(level)
        self.setFormatter(logging.Formatter("%(message)s"))

    def advance(self) -> None:
        pass


class Bar(logging.Handler):
    """On a terminal: the same lines printed above a progress bar of the scenarios done."""

    def __init__(self, level: int, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        super().__init__(level)
        self.setFormatter(logging.Formatter("%(message)s"))
        self.progress = Progress(TextColumn("scenarios"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task = self.progress.add_task("scenarios", total=total)

    def emit(self, record: logging.LogRecord) -> None:
        self.progress.console.print(self.format(record), markup=False, highlight=False)

    def advance(self) -> None:
        self.progress.advance(self.task)

    def close(self) -> None:
        self.progress.stop()
        super().close()


class Reporter:
    """The batch's voice: one line per scenario on stderr, the full messages in the private log."""

    def __init__(self, total: int, private: PrivateLog, screen: logging.Handler):
        self.total, self.count = total, 0
        self.private, self.screen = private, screen
        self.log = logging.getLogger(LOGGER)
        self.private_log = logging.getLogger(PRIVATE)

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        level = logging.WARNING if outcome.status in ("failed", "interrupted") else logging.INFO
        self.log.log(level, f"[{self.count}/{self.total}] {self.line(outcome)}")
        self.screen.advance()
        if outcome.status in ("failed", "interrupted"):
            self.private_log.info(f"{outcome.status} {outcome.folder} [{outcome.failure}]: {outcome.detail}")

    def line(self, outcome: Outcome) -> str:
        where = f" (unchanged since {outcome.built_on})" if outcome.status == "skipped" and outcome.location.startswith("..") else ""
        note = f": {outcome.reason}" if outcome.reason and outcome.status in ("failed", "interrupted") else ""
        if outcome.detail and outcome.detail != outcome.reason and outcome.status == "failed":
            note += f" (full message in {self.private.path})"
        return f"{outcome.status:<7} {outcome.folder}{where} ({outcome.seconds:.1f} s){note}"

    def note(self, text: str) -> None:
        self.log.info(text)

    def warn(self, text: str) -> None:
        self.log.warning(text)

    def debug(self, text: str) -> None:
        self.log.debug(text)

    def record(self, text: str) -> None:
        """A line for the private log only (what the operator needs and a reader must not see)."""
        self.private_log.info(text)


@contextlib.contextmanager
def reporting(total: int, private_path: Path, verbosity: int = 0) -> Iterator[Reporter]:
    """Attach the handlers for one run (stderr lines or a bar; the private log), detach them after."""
    level = LEVELS[max(-1, min(1, verbosity))]
    private = PrivateLog(private_path)
    screen: logging.Handler = Bar(level, total) if sys.stderr.isatty() and level <= logging.INFO else Lines(level)
    log, private_log = logging.getLogger(LOGGER), logging.getLogger(PRIVATE)
    saved = (log.level, log.propagate, private_log.level, private_log.propagate)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    private_log.setLevel(logging.DEBUG)
    private_log.propagate = False
    log.addHandler(screen)
    private_log.addHandler(private)
    try:
        private_log.info(f"== {dt.datetime.now().astimezone().isoformat(timespec='seconds')} pid {os.getpid()}")
        yield Reporter(total, private, screen)
    finally:
        log.removeHandler(screen)
        private_log.removeHandler(private)
        screen.close()
        private.close()
        log.setLevel(saved[0])
        log.propagate = saved[1]
        private_log.setLevel(saved[2])
        private_log.propagate = saved[3]
