"""costing's own state: a private folder for the record of files it wrote, crash logs and batch logs.

The folder is ``$XDG_STATE_HOME/costing`` (default ``~/.local/state/costing``), else
``<temp>/costing-<uid>``; either is used only when it is a real folder (not a link) owned by this
account and writable by nobody else, so what is kept there (tracebacks, the full messages of a
batch, which quote employee IDs) stays private. Files in it are opened with the same no-link
rules as every other write (:mod:`.links`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import stat
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

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
# One small entry per path written, ``written/<2 hex>/<sha256 of the path>.json`` holding the path and the
# content's sha256, so that recording a write and checking a target cost one small file each whatever the
# history. (Until December 2026 the record was one ``written.json`` of every path ever written, read and
# rewritten whole at every write: a machine that had run the test suite a few times held 15,000 entries and
# every write spent 0.035 s on it; a state-wide batch writing thousands of reports a day would have spent
# longer each day. That file is still read, never written, for files written before: see ``costing_wrote``.)


def _place(path: Path) -> tuple[str, str]:
    """(the entry's folder under ``written/``, its file name) for the resolved ``path``: from the path's sha256."""
    key = hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()
    return key[:2], f"{key[2:]}.json"


def _entry(path: Path) -> tuple[Path, str]:
    """(the entry's folder, made if missing, no part of it a link; the entry's file name) for the resolved ``path``."""
    shard, name = _place(path)
    return state_subfolder("written", shard), name


def _read_entry(path: Path) -> str | None:
    """The content sha256 recorded for the resolved ``path``: None when there is no entry, or no entry of
    costing's (a folder on the way that is a link, an entry that is not a plain file, or names another path).
    Reading makes no folder."""
    shard, name = _place(path)
    folder = state_dir() / "written" / shard
    if links.kind_of(folder.parent) != "folder" or links.kind_of(folder) != "folder":
        return None
    try:
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, encoding="utf-8") as handle:
            entry = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("path") != str(path):
        return None
    return entry.get("sha256") if isinstance(entry.get("sha256"), str) else None


def _legacy_record() -> Mapping[str, str]:
    """The single-file record kept before December 2026 (``written.json``), read only: parsed once per
    process while it stays the same file (a batch checks many targets)."""
    try:
        path = state_dir() / "written.json"
        info = os.stat(path, follow_symlinks=False)
    except (OSError, InputError):
        return {}
    if not stat.S_ISREG(info.st_mode):
        return {}
    return _parsed_record(str(path), (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))


@functools.lru_cache(maxsize=1)
def _parsed_record(path: str, identity: tuple) -> Mapping[str, str]:
    """``written.json`` parsed; ``identity`` (device, inode, size, modification time) keys the memo."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        return MappingProxyType({})
    return MappingProxyType(record if isinstance(record, dict) else {})


def remember_written(path: Path) -> None:
    """Record that costing wrote ``path`` with its present content (so a later run may replace it)."""
    try:
        key = Path(path).resolve()
        folder, name = _entry(key)
    except InputError as exc:   # a link (or a file) where the record's folders go: left as it is, and said
        warn_once(f"warning: {exc}; costing will not replace the files it writes without --replace until it is removed")
        return
    except OSError:
        return
    try:
        text = json.dumps({"path": str(key), "sha256": sha256_file(Path(path))})
        fd_folder = links.open_folder(folder, follow=False)
    except (OSError, InputError):  # no record: a later run will ask before replacing the file, which is safe
        return
    staged = None
    try:
        if links.kind_of_at(fd_folder, name) not in (None, "file"):
            # a link (or anything but our file) where the entry goes is left as it is: replacing
            # it would replace what the user made; the file just written is simply not recorded
            warn_once(f"warning: {folder / name} is not a plain file (a link?); it was left as it is,"
                      f" so costing will not replace {key} without --replace")
            return
        candidate = f".{name}.{os.getpid()}.{threading.get_ident()}.{dt.datetime.now().timestamp():.0f}"
        fd = links.create_new(fd_folder, candidate)   # refused if the name is taken: then nothing is ours to remove
        staged = candidate
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(staged, name, src_dir_fd=fd_folder, dst_dir_fd=fd_folder)
        staged = None
    except OSError:  # no record (a full disk, a size limit): safe, as above; the staged entry is not left behind
        pass
    finally:
        if staged is not None:
            with contextlib.suppress(OSError):
                os.unlink(staged, dir_fd=fd_folder)
        os.close(fd_folder)


@functools.cache
def warn_once(text: str) -> None:
    """A warning through the standard logging module, once per process (a batch records many files)."""
    logging.getLogger("costing").warning(text)


def costing_wrote(path: Path) -> bool:
    """True when the record says costing wrote ``path`` and the file is unchanged since (its entry, or for a
    file written before the record had one entry per path, the old single-file record)."""
    key = Path(path).resolve()
    try:
        recorded = _read_entry(key)
        if recorded is None:
            recorded = _legacy_record().get(str(key))
        return recorded is not None and recorded == sha256_file(Path(path))
    except (OSError, InputError):
        return False
