"""costing's own state: a private folder for the record of files it wrote, crash logs and batch logs.

The folder is ``$XDG_STATE_HOME/costing`` (default ``~/.local/state/costing``), else
``<temp>/costing-<uid>``; either is used only when it is a real folder (not a link) owned by this
account and writable by nobody else, so what is kept there (tracebacks, the full messages of a
batch, which quote employee IDs) stays private. Files in it are opened with the same no-link
rules as every other write (:mod:`.links`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

from ..errors import InputError
from . import links


def state_dir() -> Path:
    """costing's private state folder (see the module docstring); InputError when none can be had."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    tried = []
    for folder in (Path(base) / "costing", Path(tempfile.gettempdir()) / f"costing-{os.getuid()}"):
        tried.append(str(folder))
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                pass
            if _private(folder):
                return folder
        except OSError:
            continue
    raise InputError(None, None, f"no private folder for costing's state ({' or '.join(tried)}): set XDG_STATE_HOME"
                     " to a folder of your own")


def _private(folder: Path) -> bool:
    """A real folder (not a link) owned by this account; its group and other permissions are removed."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)
    return os.access(folder, os.W_OK)


def state_subfolder(*parts: str) -> Path:
    """A private folder under the state folder (made if missing; no part may be a link)."""
    folder = state_dir()
    for part in parts:
        folder = folder / part
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        if links.kind_of(folder) != "folder":
            raise InputError(str(folder), None, "is not a folder of costing's: remove it")
    return folder


def write_private_new(path: Path, text: str) -> Path:
    """A new owner-only file (a crash log): created with O_EXCL, never through a link."""
    path = Path(path)
    parent = links.open_folder(path.parent)
    try:
        fd = links.create_new(parent, path.name, 0o600)
    finally:
        os.close(parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def append_private(path: Path, text: str) -> Path:
    """Append to an owner-only log (made if missing); a link, a hard link or another's file is refused."""
    fd = links.open_own_file(Path(path), os.O_WRONLY | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(text)
    return Path(path)


def sha256_file(path: Path) -> str:
    """A file's sha256, read in 1 MiB blocks (manifests, skip checks, the record of files written)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------ the record of files costing wrote


def _record_path() -> Path:
    return state_dir() / "written.json"


def _read_record() -> dict[str, str]:
    try:
        fd = os.open(_record_path(), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError, InputError):
        return {}
    return record if isinstance(record, dict) else {}


def remember_written(path: Path) -> None:
    """Record that costing wrote ``path`` with its present content (so a later run may replace it)."""
    import fcntl

    try:
        record_path = _record_path()
        lock = links.open_own_file(record_path.with_suffix(".lock"), os.O_WRONLY, 0o600)
        with os.fdopen(lock, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            record = _read_record()
            record[str(Path(path).resolve())] = sha256_file(Path(path))
            folder = links.open_folder(record_path.parent)
            try:
                if links.kind_of(record_path) not in (None, "file"):
                    # a link (or anything but our file) where the record goes is left as it is: replacing
                    # it would replace what the user made; the file just written is simply not recorded
                    warn_once(f"warning: {record_path} is not a plain file (a link?); it was left as it is,"
                              " so costing will not replace the file it just wrote without --replace")
                    return
                name = f".{record_path.name}.{os.getpid()}.{dt.datetime.now().timestamp():.0f}"
                fd = links.create_new(folder, name)
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(json.dumps(record, indent=0))
                os.replace(name, record_path.name, src_dir_fd=folder, dst_dir_fd=folder)
            finally:
                os.close(folder)
    except (OSError, InputError):  # no record: a later run will ask before replacing the file, which is safe
        pass


@functools.cache
def warn_once(text: str) -> None:
    """A warning through the standard logging module, once per process (a batch records many files)."""
    logging.getLogger("costing").warning(text)


def costing_wrote(path: Path) -> bool:
    """True when the record says costing wrote ``path`` and the file is unchanged since."""
    key = str(Path(path).resolve())
    record = _read_record()
    try:
        return key in record and record[key] == sha256_file(Path(path))
    except OSError:
        return False
