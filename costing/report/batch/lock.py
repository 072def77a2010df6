"""One batch at a time per output root: an advisory lock that the operating system releases itself.

Two runs writing the same dated folders would race on the same report folders and index. The lock
is ``fcntl.flock`` on a small file in the output root, so a batch that is killed (SIGKILL, a power
cut) never leaves a stale lock behind: the kernel drops it with the process. The file holds who
holds the lock (pid, host, start time) so the refusal can say so in one line. The lock file is
left in place between runs: removing it would let a third run lock a different file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import sys
import time
from pathlib import Path

from ..errors import InputError

LOCK_NAME = ".costing-batch.lock"


class BatchLock:
    """``with BatchLock(root, wait=False):`` holds the output root for the whole run."""

    def __init__(self, root: Path, wait: bool = False, say=None):
        self.path = Path(root) / LOCK_NAME
        self.wait = wait
        self.say = say or (lambda text: print(text, file=sys.stderr, flush=True))
        self.handle = None

    def __enter__(self) -> BatchLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the run
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = holder_text(self.path)
            if not self.wait:
                handle.close()
                raise InputError(str(self.path.parent), None,
                                 f"another costing batch is writing into this output folder ({holder}); "
                                 "run again when it has finished, or add --wait") from None
            self.say(f"waiting for the batch already writing into {self.path.parent} ({holder})")
            started = time.monotonic()
            fcntl.flock(handle, fcntl.LOCK_EX)
            self.say(f"lock acquired after {time.monotonic() - started:.0f} s")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()} since "
                     f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')}\n")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc) -> bool:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
        return False


def holder_text(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "holder unknown"
