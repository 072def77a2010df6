"""Writing one file so that a reader never sees half of it and no user file is ever lost.

A file is built in a private temporary folder beside its target (``.<name>.<8 characters>/``,
mode 0700, carrying costing's marker while it lives) and moved into place in one rename, relative
to the open parent folder, so nothing but the finished file ever appears at the target, and a
folder swapped for a link meanwhile cannot redirect it (:mod:`.links`). The target is refused
before anything is written when it is:

* a **link** (costing never writes through or over one), a folder or anything but a regular file;
* one of the **command's inputs** (``costing project --roster r.csv --out r.csv``), unless the
  command's purpose is to edit that input;
* an **existing file costing did not write**: costing keeps a record (path and sha256) of the
  files it writes and replaces a file only when the record says it wrote exactly what is there,
  unless the user says ``costing --replace ...``.

What a command may write over is a :class:`WriteGuard` value the command line makes once and
passes to every write: no module keeps it in a global. Operating-system failures (a full disk, a
file size limit, a read-only folder) become one-line :class:`~costing.errors.InputError`
messages naming the user's path, never the temporary one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from . import links
from .folders import MARKER, mark_ours, remove_leftovers
from .links import umask, write_failed
from .record import costing_wrote, remember_written


@dataclass(frozen=True)
class WriteGuard:
    """What one command may write over: made once by the command, passed to each write.

    ``inputs``: the files the command reads (resolved), never written over. ``replace``: the
    user said ``costing --replace``, so an existing file costing did not write may be replaced
    (never an input, never through a link)."""

    inputs: frozenset[Path] = frozenset()
    replace: bool = False

    def reading(self, paths: Iterable[str | Path | None]) -> WriteGuard:
        """The same guard, also protecting ``paths`` (None entries are skipped)."""
        more = set()
        for path in paths:
            if path is None:
                continue
            try:
                more.add(Path(path).resolve())
            except OSError:  # pragma: no cover - an unresolvable path cannot be an output either
                continue
        return WriteGuard(self.inputs | more, self.replace)

    def protects(self, path: str | Path) -> bool:
        return Path(path).resolve() in self.inputs


def check_target(path: Path, guard: WriteGuard, *, editing_input: bool = False) -> bool:
    """Refuse (InputError) a target costing may not write; True when a file is there to replace."""
    kind = links.kind_of(path)
    if kind == "link":
        raise links.link_refused(path)
    if kind == "folder":
        raise InputError(str(path), None, "is a folder; name a file to write")
    if kind == "other":
        raise InputError(str(path), None, "is not a regular file; name a file to write")
    if guard.protects(path) and not editing_input:
        raise InputError(str(path), None, "is one of this run's inputs; it is never overwritten: name another file")
    if kind == "file" and not editing_input and not guard.replace and not costing_wrote(path):
        raise InputError(str(path), None, "exists and costing did not write it (or it was changed since): name another"
                         " file, remove it yourself, or run `costing --replace ...` to replace it")
    return kind == "file"


def atomic_write(path: Path, writer: Callable[[Path], None], guard: WriteGuard = WriteGuard(), *,
                 editing_input: bool = False, follow_parent: bool = True) -> None:
    """Call ``writer(tmp_path)`` then move the result into place; on failure nothing appears.

    ``editing_input``: the command's purpose is to edit this input (``import-schedule --contract``
    replacing only the stand-in block that ``costing init`` wrote, after checking it is untouched).
    ``follow_parent=False``: the file's own folder must not be a link (a folder costing made inside
    a shared output, such as a batch's dated folder), checked when it is opened for the write."""
    path = Path(path)
    check_target(path, guard, editing_input=editing_input)
    with _staged(path, follow_parent) as (folder, stage, tmp):
        _run_writer(path, writer, tmp)
        _settle(path, stage)
        check_target(path, guard, editing_input=editing_input)   # nothing was put there meanwhile
        try:
            os.replace(path.name, path.name, src_dir_fd=stage, dst_dir_fd=folder)
        except OSError as exc:
            raise write_failed(path, exc) from None
    remember_written(path)


def atomic_write_text(path: Path, text: str, guard: WriteGuard = WriteGuard(), *, editing_input: bool = False,
                      follow_parent: bool = True) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), guard, editing_input=editing_input,
                 follow_parent=follow_parent)


def write_new_file(path: Path, text: str | bytes | Callable[[Path], None]) -> Path:
    """Write a file that must not exist yet: never over anything, not even a dangling link.

    For files a command creates beside the user's own (``costing init``'s starter files, a
    proposal saved from the what-if page): the finished file appears in one step, or an
    InputError says the name is taken and nothing was written. ``text``: the content, or a
    writer called with a temporary path."""
    path = Path(path)
    if links.kind_of(path) is not None:
        raise _taken(path)
    if callable(text):
        writer = text
    elif isinstance(text, bytes):
        def writer(tmp: Path) -> None:
            tmp.write_bytes(text)
    else:
        def writer(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8")
    with _staged(path) as (folder, stage, tmp):
        _run_writer(path, writer, tmp)
        _settle(path, stage)
        try:
            links.move_without_replacing(stage, path.name, folder, path.name)
        except FileExistsError:
            raise _taken(path) from None
        except OSError as exc:
            raise write_failed(path, exc) from None
    remember_written(path)
    return path


class NameTaken(InputError):
    """:func:`write_new_file` found something at the name (a caller may try the next free name)."""


def _taken(path: Path) -> InputError:
    return NameTaken(str(path), None, "already exists (costing writes this file only where nothing is); nothing was"
                      " written: move it away or choose another name")


@contextlib.contextmanager
def _staged(path: Path, follow_parent: bool = True) -> Iterator[tuple[int, int, Path]]:
    """(parent folder fd, private staging folder fd, path the writer writes); the stage is removed after."""
    try:
        folder = links.make_folders(path.parent, follow=follow_parent)
    except OSError as exc:
        raise write_failed(path, exc) from None
    stage_name = None
    stage = -1
    try:
        remove_leftovers(path)
        stage_name = links.fresh_folder(folder, f".{path.name}.")
        stage = os.open(stage_name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
        mark_ours(path.parent / stage_name, [], building_pid=os.getpid(), host=_host(), folder_fd=stage)
        yield folder, stage, links.through(stage, path.name, path.parent / stage_name / path.name)
    except OSError as exc:
        raise write_failed(path, exc) from None
    finally:
        if stage >= 0:
            os.close(stage)
        if stage_name:
            with contextlib.suppress(OSError):
                links.remove_tree(folder, stage_name, keep_last=MARKER)
        os.close(folder)


def _run_writer(path: Path, writer: Callable[[Path], None], tmp: Path) -> None:
    try:
        writer(tmp)
    except OSError as exc:
        raise write_failed(path, exc) from None


def _settle(path: Path, stage: int) -> None:
    """The written file is a regular file; give it the usual permissions (0644 less the umask)."""
    try:
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=stage)
    except FileNotFoundError:
        raise InputError(str(path), None, "cannot write: the writer produced no file") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(str(path), None, "cannot write: the writer produced something other than a file")
        os.fchmod(fd, 0o666 & ~umask())
    finally:
        os.close(fd)


def _host() -> str:
    import socket

    return socket.gethostname()
