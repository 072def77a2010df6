"""Writing outputs so that a reader never sees half of one and no user file is ever lost.

Two rules, both checked before anything is written:

* **A folder is replaced only if costing made it.** Every report folder carries a small marker
  file (:data:`MARKER`) listing the files costing wrote into it. ``--out`` (or a scenario's
  ``output:``) naming a file, a non-empty folder without the marker, a marked folder that has
  since gained files costing did not write, or a folder that holds the run's own inputs is refused
  with one line. A new folder is built beside the old one and swapped in only when complete; the
  old one stays in place until then.
* **A file is written to a temporary name, then renamed into place**, and never over a file the
  same run read as an input (``costing project --roster r.csv --out r.csv`` is refused), nor
  over an existing file costing did not write: costing keeps a record (path and sha256) of the
  files it writes, under ``$XDG_STATE_HOME/costing/``, and replaces an existing file only when
  the record says costing wrote exactly what is there. ``costing --replace VERB ...`` lifts that
  for one command, for a user who means to replace a file of their own.

Operating-system failures (a full disk, a read-only folder) become one-line
:class:`~costing.errors.InputError` messages naming the user's path, never the temporary one.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import InputError
from .version import __version__

MARKER = ".costing-output"
"""The marker file's name: a folder holding it was made by costing and may be replaced by costing."""

_INPUTS: set[Path] = set()
REPLACE_ANY = False
"""Set by ``costing --replace``: ``--out`` may replace an existing file costing did not write."""


# --------------------------------------------------------------------------- inputs of this run


def note_input(path: str | Path) -> None:
    """Remember that this process read ``path`` as an input, so no output may overwrite it."""
    try:
        _INPUTS.add(Path(path).resolve())
    except OSError:  # pragma: no cover - an unresolvable path cannot be an output either
        pass


def inputs_read() -> frozenset[Path]:
    return frozenset(_INPUTS)


# --------------------------------------------------------------------------- the marker


def is_ours(folder: str | Path) -> bool:
    """True when ``folder`` is a folder costing made (it holds the marker, or is an older report)."""
    folder = Path(folder)
    return folder.is_dir() and ((folder / MARKER).is_file() or _older_report_files(folder) is not None)


def mark_ours(folder: str | Path, files: Iterable[str] | None = None, **extra) -> None:
    """Write the marker into ``folder``. ``files``: every file costing put there (None: not listed,
    for a folder such as a batch's dated folder that is added to but never replaced whole)."""
    folder = Path(folder)
    record = {"made_by": "costing", "version": __version__,
              "note": "costing wrote this folder and may replace it; it never writes into a folder without this file",
              "files": sorted(files) if files is not None else None, **extra}
    (folder / MARKER).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def marker(folder: str | Path) -> dict | None:
    try:
        data = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _older_report_files(folder: Path) -> set[str] | None:
    """A report folder written before markers existed: only files its manifest.json lists."""
    try:
        listed = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("files")
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
    if record is None or record.get("files") is None:
        return
    if name not in record["files"]:
        record["files"] = [*record["files"], name]
        (Path(folder) / MARKER).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def foreign_files(folder: str | Path) -> list[str]:
    """Files in a folder that costing did not write there (by its marker's list), first few."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    record = marker(folder)
    if record is None:
        listed = _older_report_files(folder)
        if listed is not None:
            return []
        return sorted(p.name for p in folder.iterdir())
    if record.get("files") is None:
        return []
    allowed = set(record["files"]) | {MARKER}
    return sorted(p.name for p in folder.iterdir() if p.name not in allowed)


def refuse_unless_ours(path: str | Path, inputs: Iterable[str | Path] = (), label: str = "--out") -> None:
    """Raise a one-line InputError unless costing may write (and replace) the folder ``path``.

    Refused: a file; a folder that holds (at any depth) one of ``inputs`` or of the files this run
    read; a non-empty folder without costing's marker; a marked folder holding files costing did
    not write. A missing or empty folder is fine. Call it before anything is written.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(None, label, f"{path} is a file, not a folder; name a new folder for the report")
    resolved = path.resolve()
    for item in [*inputs, *_INPUTS]:
        item = Path(item).resolve()
        if item == resolved or resolved in item.parents:
            raise InputError(None, label, f"{path} holds this run's input {item.name}; reports go in a folder of"
                             " their own (e.g. reports/NAME), never in a folder of inputs")
    if not path.is_dir():
        return
    foreign = foreign_files(path)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        made = "was made by costing but now also holds" if marker(path) else "holds"
        raise InputError(None, label, f"{path} {made} files costing did not write ({shown}); nothing was"
                         " replaced: name a new or empty folder, or move those files out")


# --------------------------------------------------------------------------- writing


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _ordinary_permissions(path: Path, directory: bool = False) -> None:
    """Temporary files are private (0600/0700); a finished output gets the usual 0644/0755 less the umask."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


def _write_failed(path: Path, exc: OSError) -> InputError:
    """A one-line error naming the user's path (not a temporary one) and what went wrong."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full (no space left on device)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = f"cannot write here ({reason}); choose a folder you can write to"
    elif exc.errno == errno.ENOTDIR:
        reason = "a part of this path is a file, not a folder"
    return InputError(str(path), None, f"cannot write: {reason}")


def atomic_write_text(path: Path, text: str, *, editing_input: bool = False) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), editing_input=editing_input)


# --------------------------------------------------------------------------- files costing wrote


def state_dir() -> Path:
    """costing's own state ($XDG_STATE_HOME/costing, default ~/.local/state/costing; else a private temp
    folder): the record of files it wrote and the crash logs."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    for folder in (Path(base) / "costing", Path(tempfile.gettempdir()) / f"costing-{os.getuid()}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    return Path(tempfile.gettempdir())


def sha256_file(path: Path) -> str:
    """A file's sha256, read in 1 MiB blocks (manifests, skip checks, the record of files written)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record_path() -> Path:
    return state_dir() / "written.json"


def _read_record() -> dict[str, str]:
    try:
        return json.loads(_record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def remember_written(path: Path) -> None:
    """Record that costing wrote ``path`` with its present content (so a later run may replace it)."""
    import fcntl

    record_path = _record_path()
    try:
        with open(record_path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            record = _read_record()
            record[str(Path(path).resolve())] = sha256_file(Path(path))
            tmp = record_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(record, indent=0), encoding="utf-8")
            os.replace(tmp, record_path)
    except OSError:  # no record: a later run will ask before replacing the file, which is safe
        pass


def costing_wrote(path: Path) -> bool:
    """True when the record says costing wrote ``path`` and the file is unchanged since."""
    key = str(Path(path).resolve())
    record = _read_record()
    try:
        return key in record and record[key] == sha256_file(Path(path))
    except OSError:
        return False


def atomic_write(path: Path, writer: Callable[[Path], None], *, editing_input: bool = False) -> None:
    """Call ``writer(tmp_path)`` then move the result into place; on failure nothing appears.

    Refuses a folder, and a file this run read as an input, unless the command's purpose is to edit
    that input (``editing_input``: ``import-schedule --contract`` replacing only the stand-in block
    that ``costing init`` wrote, after checking it is untouched)."""
    path = Path(path)
    if path.is_dir():
        raise InputError(str(path), None, "is a folder; name a file to write")
    if path.resolve() in _INPUTS and not editing_input:
        raise InputError(str(path), None, "is one of this run's inputs; it is never overwritten: name another file")
    if path.is_file() and not editing_input and not REPLACE_ANY and not costing_wrote(path):
        raise InputError(str(path), None, "exists and costing did not write it (or it was changed since): name another"
                         " file, remove it yourself, or run `costing --replace ...` to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise _write_failed(path, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        writer(tmp)
        _ordinary_permissions(tmp)
        os.replace(tmp, path)
        remember_written(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_failed(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap_in(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target``; the old folder is removed only afterwards."""
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old folder
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, aside / "old")
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(aside / "old", target)  # put the old folder back
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove temporary folders an interrupted build of ``target`` left beside it.

    Only hidden siblings named after the target, holding costing's marker, whose builder (by its
    recorded process id on this machine) is no longer running. Returns what was removed."""
    target = Path(target)
    removed = []
    if not target.parent.is_dir():
        return removed
    for sibling in target.parent.glob(f".{target.name}.*"):
        record = marker(sibling) if sibling.is_dir() else None
        if not record or record.get("host") != socket.gethostname():
            continue
        pid = record.get("building_pid")
        if isinstance(pid, int) and not _alive(pid):
            shutil.rmtree(sibling, ignore_errors=True)
            removed.append(sibling)
    return removed


def atomic_directory(target: Path, builder: Callable[[Path], None], inputs: Iterable[str | Path] = (),
                     label: str = "--out") -> None:
    """Build a whole folder in a temporary sibling, then swap it into place.

    ``target`` must be missing, empty, or a folder costing made (see :func:`refuse_unless_ours`);
    the check runs before anything is written and again just before the swap. The folder gets
    the marker listing every file built. On any failure the temporary folder is removed and the
    old folder, if any, is untouched."""
    target = Path(target)
    inputs = list(inputs)
    refuse_unless_ours(target, inputs, label)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise _write_failed(target, exc) from None
    try:
        mark_ours(tmp, [], building_pid=os.getpid(), host=socket.gethostname())
        builder(tmp)
        mark_ours(tmp, [p.name for p in tmp.iterdir() if p.name != MARKER])
        for root, dirs, files in os.walk(tmp):
            for name in dirs:
                _ordinary_permissions(Path(root) / name, directory=True)
            for name in files:
                _ordinary_permissions(Path(root) / name)
        _ordinary_permissions(tmp, directory=True)
        refuse_unless_ours(target, inputs, label)  # nothing appeared there while we were building
        _swap_in(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.filename and str(tmp) in str(exc.filename):
            raise _write_failed(target, exc) from None
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
