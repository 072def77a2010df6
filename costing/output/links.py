"""Opening files and folders for writing without ever following a symbolic link.

A shared output folder (a nightly batch's, a district's report drive) can be written to by more
people than the account that runs costing. Anyone who can plant a link there could otherwise make
costing truncate, append to or replace a file of their choosing that the account can write (its
lock, its private log, a report). So every file costing writes is opened here:

* **relative to an open folder** (a directory file descriptor), so a folder swapped for a link
  between a check and a write cannot redirect the write;
* **with O_NOFOLLOW** (a link where the file should be is refused, never followed) and, for a new
  file, **O_EXCL** (it must not exist yet, so nothing is ever opened that costing did not create);
* and an existing file costing appends to or rewrites (a lock, a log) must be a **regular file
  with one link**, owned by this account: a hard link to someone's file or a device is refused.

Each refusal is an :class:`~costing.errors.InputError` naming the user's path. The functions
return raw file descriptors; the callers wrap them with :func:`os.fdopen`.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import stat
from pathlib import Path

from ..errors import InputError

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
PROC_FD = Path("/proc/self/fd")
"""On Linux a path through an open folder: a writer given it writes where the descriptor points."""


def write_failed(path: Path, exc: OSError) -> InputError:
    """A one-line error naming the user's path (not a temporary one) and what went wrong."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full (no space left on device)"
    elif exc.errno == errno.EDQUOT:
        reason = "the disk quota is used up"
    elif exc.errno == errno.EFBIG:
        reason = "the file is larger than this process may write (a file size limit, ulimit -f)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = f"cannot write here ({reason}); choose a folder you can write to"
    elif exc.errno == errno.ENOTDIR:
        reason = "a part of this path is a file, not a folder"
    return InputError(str(path), None, f"cannot write: {reason}")


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def link_refused(path: Path, what: str = "file") -> InputError:
    """The one message for a link where costing would write."""
    try:
        shown = f" (to {os.readlink(path)})"
    except OSError:
        shown = ""
    return InputError(str(path), None, f"is a symbolic link{shown}; costing never writes through or over a link:"
                      f" name the {what} itself, or a new one")


def kind_of(path: Path) -> str | None:
    """'link', 'folder', 'file', 'other' for what is at ``path`` (never following a link), or None."""
    try:
        return _kind(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def kind_of_at(folder_fd: int, name: str) -> str | None:
    """:func:`kind_of` for ``name`` inside an open folder."""
    try:
        return _kind(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def open_folder(path: Path, *, follow: bool = True) -> int:
    """A descriptor for the folder ``path``. ``follow=False``: the last part must not be a link.

    A folder the user named (the parent of ``--out``) may be reached through their own links;
    a folder costing made inside a shared output (a batch's dated folder) may not."""
    flags = os.O_RDONLY | _DIRECTORY | _CLOEXEC | (0 if follow else _NOFOLLOW)
    try:
        return os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and kind_of(Path(path)) == "link":
            raise link_refused(Path(path), "folder") from None
        raise


def make_folder(parent_fd: int, name: str, mode: int = 0o755) -> int:
    """Open the folder ``name`` inside ``parent_fd``, making it if missing; a link there is refused."""
    try:
        os.mkdir(name, mode, dir_fd=parent_fd)
    except FileExistsError:
        pass
    return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent_fd)


def make_folders(path: Path, *, follow: bool = True) -> int:
    """``mkdir -p`` then a descriptor for ``path`` (its parts may be the user's links; ``follow=False``:
    not its last part; see :func:`open_folder`)."""
    if follow or kind_of(Path(path)) != "link":
        Path(path).mkdir(parents=True, exist_ok=True)
    return open_folder(path, follow=follow)


def _random_name(prefix: str) -> str:
    """``<prefix><8 characters>``: the shape of :func:`tempfile.mkdtemp`'s names (a-z, 0-9, _)."""
    return prefix + "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(8))


def fresh_folder(parent_fd: int, prefix: str, mode: int = 0o700) -> str:
    """Make a new private folder ``<prefix><8 random characters>`` inside ``parent_fd``; its name.

    Made with ``mkdir``, which never follows a link and fails if anything is already there."""
    for _ in range(100):
        name = _random_name(prefix)
        try:
            os.mkdir(name, mode, dir_fd=parent_fd)
            return name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", prefix)


def fresh_file(parent_fd: int, prefix: str, mode: int = 0o600) -> tuple[str, int]:
    """A new file ``<prefix><8 random characters>`` in ``parent_fd``, open for writing: (name, fd)."""
    for _ in range(100):
        name = _random_name(prefix)
        try:
            return name, create_new(parent_fd, name, mode)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", prefix)


def create_new(parent_fd: int, name: str, mode: int = 0o600) -> int:
    """A new, empty file ``name`` in ``parent_fd``, opened for writing: it must not exist (not even as a link)."""
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode, dir_fd=parent_fd)


def open_own_file(path: Path, flags: int, mode: int = 0o600, *, parent_fd: int | None = None) -> int:
    """Open (creating if missing) a file costing keeps writing to: a lock, a log.

    Refused unless it is a regular file with a single link, owned by this account: a planted
    link (symbolic or hard), a FIFO or a device is never opened for writing. ``flags`` add to
    ``O_CREAT | O_NOFOLLOW`` (e.g. ``os.O_RDWR`` or ``os.O_WRONLY | os.O_APPEND``)."""
    path = Path(path)
    where = {"dir_fd": parent_fd} if parent_fd is not None else {}
    name = path.name if parent_fd is not None else str(path)
    try:
        fd = os.open(name, flags | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _NONBLOCK, mode, **where)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_refused(path) from None
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads
            raise InputError(str(path), None, "is not a regular file; costing writes only files it made: remove it") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(str(path), None, "is not a regular file; costing writes only files it made: remove it")
        if info.st_nlink != 1:
            raise InputError(str(path), None, "has other (hard) links, so it may be someone else's file; costing"
                             " never writes to it: remove it")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise InputError(str(path), None, "belongs to another account; costing never writes to it: remove it")
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def through(folder_fd: int, name: str, fallback: Path) -> Path:
    """A path to ``name`` inside the open folder ``folder_fd`` that a writer can open by name.

    On Linux it goes through ``/proc/self/fd``, so the writer lands in the folder the descriptor
    holds even if the folder's own path was swapped meanwhile; elsewhere it is ``fallback``."""
    pinned = PROC_FD / str(folder_fd)
    return pinned / name if pinned.is_dir() else fallback


def remove_tree(parent_fd: int, name: str, keep_last: str | None = None) -> None:
    """Delete the folder ``name`` in ``parent_fd`` and everything in it, never following a link.

    ``keep_last``: a file removed only after everything else (costing's marker, so that a removal
    cut short still leaves a folder the next run recognises as its own)."""
    try:
        fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent_fd)
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            return  # a link or a file where a folder of costing's was: not costing's to remove
        raise
    try:
        for entry in os.scandir(fd):
            if entry.name == keep_last:
                continue
            if entry.is_dir(follow_symlinks=False):
                remove_tree(fd, entry.name)
            else:
                os.unlink(entry.name, dir_fd=fd)
        if keep_last:
            try:
                os.unlink(keep_last, dir_fd=fd)
            except FileNotFoundError:
                pass
    finally:
        os.close(fd)
    os.rmdir(name, dir_fd=parent_fd)


RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2


def rename_at(src_fd: int, src: str, dst_fd: int, dst: str, flags: int) -> bool:
    """Linux ``renameat2`` (``RENAME_NOREPLACE``, ``RENAME_EXCHANGE``): True when done, False where the
    system or file system does not offer it; OSError (FileExistsError...) when it refused."""
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(src_fd, os.fsencode(src), dst_fd, os.fsencode(dst), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), dst)


def move_without_replacing(src_fd: int, src: str, dst_fd: int, dst: str) -> None:
    """Rename, failing (FileExistsError) if anything is at the target, a dangling link included."""
    if rename_at(src_fd, src, dst_fd, dst, RENAME_NOREPLACE):
        return
    os.link(src, dst, src_dir_fd=src_fd, dst_dir_fd=dst_fd, follow_symlinks=False)
    os.unlink(src, dir_fd=src_fd)
