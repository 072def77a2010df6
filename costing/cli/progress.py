"""Progress on stderr for verbs that run longer than a couple of seconds.

Only on a terminal: under cron, systemd, CI or a pipe there is no bar and nothing is added to the
output (stdout stays data only). Colour follows the ``NO_COLOR`` convention (rich honours it), and
everything goes to stderr so a bar never mixes with the table on stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def _terminal() -> Iterator[object]:
    """A rich console on a duplicate of stderr: while a notebook runs, the report code points the
    process's stderr at a sink (kernel start-up noise), and the bar must keep drawing meanwhile."""
    from rich.console import Console

    handle = os.fdopen(os.dup(sys.stderr.fileno()), "w", encoding="utf-8", errors="replace")
    try:
        yield Console(file=handle, force_terminal=True)
    finally:
        handle.close()


@contextlib.contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """``with progress_bar("costings", 12) as tick: ... tick()``; ``tick(total=N)`` sets the total later."""
    if not on_terminal():
        yield lambda *args, **kwargs: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with _terminal() as console, Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                          console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)

        def tick(advance: int = 1, total: int | None = None) -> None:
            if total is not None:
                progress.update(task, total=total)
            progress.advance(task, advance)

        yield tick


@contextlib.contextmanager
def working(text: str) -> Iterator[None]:
    """A spinner with elapsed time for work that cannot count its steps (one report)."""
    if not on_terminal():
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with _terminal() as console, Progress(SpinnerColumn(), TextColumn(text), TimeElapsedColumn(), console=console,
                                          transient=True) as progress:
        progress.add_task(text, total=None)
        yield
