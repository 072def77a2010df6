"""Writing a whole folder (a report) so that a reader never sees half of it and no user folder is lost.

* **A folder is replaced only if costing made it.** Every report folder carries a small marker
  file (:data:`MARKER`) listing the files costing wrote into it. A target that is a link, a file,
  a non-empty folder without the marker, a marked folder that has since gained files costing did
  not write, or a folder that holds the run's own inputs is refused with one line, before
  anything is written (:func:`refuse_unless_ours`).
* **A new folder is built beside the old one** (a private hidden sibling carrying the marker and
  the builder's process id) and swapped in, relative to the open parent folder, only when
  complete; the old one stays in place until then.
* **Cleanup deletes only what carries costing's marker**: a hidden sibling named like a build in
  progress is removed only when its marker says costing was building it in a process of this
  machine that is no longer running (:func:`remove_leftovers`). A look-alike folder of the user's
  is never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import InputError
from ..version import __version__
from . import links
from .links import umask, write_failed

MARKER = ".costing-output"
"""The marker file's name: a folder holding it was made by costing and may be replaced by costing."""
_RANDOM = "[A-Za-z0-9_]+"   # a temporary name's random part (8 characters from links.fresh_folder, tempfile.mkdtemp)


# --------------------------------------------------------------------------- the marker


def marker(folder: str | Path) -> dict | None:
    """The marker's record, or None (no marker, a marker that is a link, or not costing's)."""
    try:
        fd = os.open(Path(folder) / MARKER, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("made_by") == "costing" else None


def mark_ours(folder: str | Path, files: Iterable[str] | None = None, *, folder_fd: int | None = None,
              **extra) -> None:
    """Write the marker into ``folder``. ``files``: every file costing put there (None: not listed,
    for a folder such as a batch's dated folder that is added to but never replaced whole).
    ``folder_fd``: the folder already open (the marker is written relative to it)."""
    record = {"made_by": "costing", "version": __version__,
              "note": "costing wrote this folder and may replace it; it never writes into a folder without this file",
              "files": sorted(files) if files is not None else None, **extra}
    _write_marker(Path(folder), record, folder_fd)


def _write_marker(folder: Path, record: dict, folder_fd: int | None) -> None:
    fd = folder_fd if folder_fd is not None else links.open_folder(folder)
    try:
        name, out = links.fresh_file(fd, f"{MARKER}.", 0o644)
        with os.fdopen(out, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(record, indent=1) + "\n")
        os.replace(name, MARKER, src_dir_fd=fd, dst_dir_fd=fd)
    finally:
        if folder_fd is None:
            os.close(fd)


def is_ours(folder: str | Path) -> bool:
    """True when ``folder`` is a folder costing made (it holds the marker, or is an older report)."""
    folder = Path(folder)
    return links.kind_of(folder) == "folder" and (marker(folder) is not None or _older_report_files(folder) is not None)


def _older_report_files(folder: Path) -> set[str] | None:
    """A report folder written before markers existed: only files its manifest.json lists."""
    try:
        fd = os.open(folder / "manifest.json", os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, encoding="utf-8") as handle:
            listed = json.load(handle).get("files")
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(listed, list):
        return None
    listed = {str(f) for f in listed} | {"manifest.json"}
    present = {p.name for p in folder.iterdir()}
    return listed if present <= listed else None


def add_to_marker(folder: str | Path, name: str) -> None:
    """Record one more file costing wrote into a folder it made (e.g. a contact sheet beside a report)."""
    record = marker(folder)
    if record is None or record.get("files") is None or links.kind_of(Path(folder)) != "folder":
        return
    if name not in record["files"]:
        _write_marker(Path(folder), {**record, "files": [*record["files"], name]}, None)


def foreign_files(folder: str | Path) -> list[str]:
    """Files in a folder that costing did not write there (by its marker's list), first few."""
    folder = Path(folder)
    if links.kind_of(folder) != "folder":
        return []
    record = marker(folder)
    if record is None:
        if _older_report_files(folder) is not None:
            return []
        return sorted(p.name for p in folder.iterdir())
    if record.get("files") is None:
        return []
    allowed = set(record["files"]) | {MARKER}
    return sorted(p.name for p in folder.iterdir() if p.name not in allowed)


def refuse_unless_ours(path: str | Path, inputs: Iterable[str | Path] = (), label: str | None = "--out",
                       source: str | None = None) -> None:
    """Raise a one-line InputError unless costing may write (and replace) the folder ``path``.

    Refused: a link; a file; a folder that holds (at any depth) one of ``inputs``; a non-empty
    folder without costing's marker; a marked folder holding files costing did not write. A
    missing or empty folder is fine. Call it before anything is written. The error is located by
    ``source`` and ``label`` (``--out``, or the scenario file and its ``output`` key)."""
    path = Path(path)
    kind = links.kind_of(path)
    if kind == "link":
        to = os.readlink(path)
        raise InputError(source, label, f"{path} is a symbolic link (to {to}); costing never writes through or over"
                         " a link: name the folder it points to, or a new folder")
    if kind not in (None, "folder"):
        raise InputError(source, label, f"{path} is a file, not a folder; name a new folder for the report")
    resolved = path.resolve()
    for item in inputs:
        item = Path(item).resolve()
        if item == resolved or resolved in item.parents:
            raise InputError(source, label, f"{path} holds this run's input {item.name}; reports go in a folder of"
                             " their own (e.g. reports/NAME), never in a folder of inputs")
    if kind is None:
        return
    foreign = foreign_files(path)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        made = "was made by costing but now also holds" if marker(path) else "holds"
        raise InputError(source, label, f"{path} {made} files costing did not write ({shown}); nothing was"
                         " replaced: name a new or empty folder, or move those files out")


# --------------------------------------------------------------------------- building a folder


def atomic_directory(target: Path, builder: Callable[[Path], None], inputs: Iterable[str | Path] = (),
                     label: str | None = "--out", source: str | None = None) -> None:
    """Build a whole folder in a temporary sibling, then swap it into place.

    ``target`` must be missing, empty, or a folder costing made (see :func:`refuse_unless_ours`);
    the check runs before anything is written and again just before the swap. The folder gets
    the marker listing every file built. On any failure the temporary folder is removed and the
    old folder, if any, is untouched."""
    target = Path(target)
    inputs = list(inputs)
    refuse_unless_ours(target, inputs, label, source)
    try:
        parent = links.make_folders(target.parent)
    except OSError as exc:
        raise write_failed(target, exc) from None
    name, fd = None, -1
    try:
        remove_leftovers(target)
        name = links.fresh_folder(parent, f".{target.name}.")
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
        made = os.fstat(fd)
        tmp = target.parent / name
        mark_ours(tmp, [], folder_fd=fd, building_pid=os.getpid(), host=socket.gethostname())
        builder(tmp)
        now = os.stat(name, dir_fd=parent, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (made.st_dev, made.st_ino):
            raise InputError(str(target), None, "its temporary folder was replaced while the report was being built;"
                             " nothing was published")
        mark_ours(tmp, [e.name for e in os.scandir(fd) if e.name != MARKER], folder_fd=fd)
        _ordinary_permissions(fd, umask())
        refuse_unless_ours(target, inputs, label, source)  # nothing appeared there while we were building
        _swap_in(parent, name, target)
        name = None
    except OSError as exc:
        if exc.errno in _DISK_FULL or (exc.filename and name and f"/{name}" in str(exc.filename)):
            raise write_failed(target, exc) from None
        raise
    finally:
        if fd >= 0:
            os.close(fd)
        if name is not None:
            with contextlib.suppress(OSError):
                links.remove_tree(parent, name, keep_last=MARKER)
        os.close(parent)


_DISK_FULL = {28, 27, 122}   # ENOSPC, EFBIG, EDQUOT: always the target's problem, whichever file hit it


def _ordinary_permissions(folder_fd: int, mask: int) -> None:
    """The private build folder (0700, files 0600) gets the usual 0755/0644 less the umask once complete."""
    for _, dirs, files, root_fd in os.fwalk(dir_fd=folder_fd):
        for entry in dirs:
            os.chmod(entry, 0o777 & ~mask, dir_fd=root_fd)
        for entry in files:
            if links.kind_of_at(root_fd, entry) == "file":
                os.chmod(entry, 0o666 & ~mask, dir_fd=root_fd)
    os.fchmod(folder_fd, 0o777 & ~mask)


def _swap_in(parent: int, name: str, target: Path) -> None:
    """Put the finished folder ``name`` at ``target``; the old folder is removed only afterwards."""
    if links.kind_of(target) is None:
        try:
            if not links.rename_at(parent, name, parent, target.name, links.RENAME_NOREPLACE):
                os.rename(name, target.name, src_dir_fd=parent, dst_dir_fd=parent)
        except FileExistsError:
            raise InputError(str(target), None, "appeared while the report was being built; nothing was replaced")\
                from None
        return
    if links.rename_at(parent, name, parent, target.name, links.RENAME_EXCHANGE):
        _retire(parent, name)   # ``name`` now holds the old folder
        return
    aside = links.fresh_folder(parent, f".{target.name}.old.")
    aside_fd = os.open(aside, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
    try:
        mark_ours(target.parent / aside, [], folder_fd=aside_fd, building_pid=os.getpid(), host=socket.gethostname())
        os.rename(target.name, "old", src_dir_fd=parent, dst_dir_fd=aside_fd)
        try:
            os.rename(name, target.name, src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            os.rename("old", target.name, src_dir_fd=aside_fd, dst_dir_fd=parent)  # put the old folder back
            raise
    finally:
        os.close(aside_fd)
        with contextlib.suppress(OSError):
            links.remove_tree(parent, aside, keep_last=MARKER)


def _retire(parent: int, name: str) -> None:
    """Remove an old folder swapped out under a temporary name: stamped first, so a removal cut
    short leaves a folder the next run recognises as a leftover of a finished process."""
    with contextlib.suppress(OSError):
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
        try:
            mark_ours(Path(name), [], folder_fd=fd, building_pid=os.getpid(), host=socket.gethostname())
        finally:
            os.close(fd)
        links.remove_tree(parent, name, keep_last=MARKER)


# --------------------------------------------------------------------------- leftovers


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftover_of(entry_name: str, target_name: str) -> re.Match | None:
    """Does a hidden name look like a build of ``target_name`` (``.<name>.<8>``, ``.<name>.old.<8>``)?"""
    return re.fullmatch(rf"\.{re.escape(target_name)}\.(?P<old>old\.)?{_RANDOM}", entry_name)


def is_leftover(folder: Path) -> bool:
    """A temporary folder of costing's whose builder is gone: a real folder (not a link) carrying
    costing's marker with the process id and host of its builder, a process of this machine that
    is no longer running."""
    if links.kind_of(folder) != "folder":
        return False
    record = marker(folder)
    if record is None:
        return False
    pid = record.get("building_pid")
    return isinstance(pid, int) and record.get("host") == socket.gethostname() and not _alive(pid)


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the temporary folders an interrupted build of ``target`` left beside it (see :func:`is_leftover`).

    A replaced folder on its way out (``.<name>.old.<...>/old``) whose new version never arrived is
    put back rather than removed. Returns what was removed."""
    target = Path(target)
    removed: list[Path] = []
    try:
        entries = [e.name for e in os.scandir(target.parent)]
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        match = leftover_of(entry, target.name)
        path = target.parent / entry
        if not match or not is_leftover(path):
            continue
        parent = links.open_folder(target.parent)
        try:
            if match.group("old") and links.kind_of(path / "old") == "folder" and links.kind_of(target) is None:
                os.rename(f"{entry}/old", target.name, src_dir_fd=parent, dst_dir_fd=parent)
            links.remove_tree(parent, entry, keep_last=MARKER)
            removed.append(path)
        except OSError:
            continue
        finally:
            os.close(parent)
    return removed
