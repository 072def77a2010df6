"""One batch at a time per output root: an advisory lock that the operating system releases itself.

Two runs writing the same dated folders would race on the same report folders and index. The lock
is ``fcntl.flock`` on a small file in the output root, so a batch that is killed (SIGKILL, a power
cut) never leaves a stale lock behind: the kernel drops it with the process. The file holds who
holds the lock (pid, host, start time) so the refusal can say so in one line. The lock file is
left in place between runs: removing it would let a third run lock a different file.

The output root may be shared with people who are not the account running the batch, so the
lock file is opened without following a link and must be a regular file with one link, owned by
this account, holding nothing but a lock line (:func:`costing.output.links.open_own_file`): a
link planted there to someone's file makes the batch refuse, never truncate that file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import socket
import time
from collections.abc import Callable
from pathlib import Path

from ...errors import InputError
from ...output import links

LOCK_NAME = ".costing-batch.lock"
HOLDER = re.compile(r"pid \d+ on \S+ since \S+\n?")


class BatchLock:
    """``with BatchLock(root, wait=False):`` holds the output root for the whole run."""

    def __init__(self, root: Path, wait: bool = False, say: Callable[[str], None] | None = None):
        self.path = Path(root) / LOCK_NAME
        self.wait = wait
        self.say = say or (lambda text: None)
        self.handle = None

    def __enter__(self) -> BatchLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = links.open_own_file(self.path, os.O_RDWR, 0o644)
        except OSError as exc:
            from ...output import write_failed

            raise write_failed(self.path, exc) from None
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            self._take(handle)
            handle.seek(0)
            if not HOLDER.fullmatch(handle.read() or "pid 0 on - since -"):
                raise InputError(str(self.path), None, "holds something other than costing's lock line; costing never"
                                 " writes over it: remove it (costing makes a new one)")
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} on {socket.gethostname()} since "
                         f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')}\n")
            handle.flush()
        except OSError as exc:
            handle.close()
            from ...output import write_failed

            raise write_failed(self.path, exc) from None
        except BaseException:
            handle.close()
            raise
        self.handle = handle
        return self

    def _take(self, handle) -> None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = holder_text(self.path)
        if not self.wait:
            raise InputError(str(self.path.parent), None,
                             f"another costing batch is writing into this output folder ({holder}); "
                             "run again when it has finished, or add --wait")
        self.say(f"waiting for the batch already writing into {self.path.parent} ({holder})")
        started = time.monotonic()
        fcntl.flock(handle, fcntl.LOCK_EX)
        self.say(f"lock acquired after {time.monotonic() - started:.0f} s")

    def __exit__(self, *exc) -> bool:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
        return False


def holder_text(path: Path) -> str:
    """Who holds the lock, as its file says (read without following a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, encoding="utf-8") as handle:
            text = handle.read(200).strip()
    except (OSError, ValueError):
        text = ""
    return text if HOLDER.fullmatch(text) else "holder unknown"
