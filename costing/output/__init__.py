"""Writing outputs so that a reader never sees half of one and no user file is ever lost.

Below every stage (inputs to the command line may use it), because every stage writes something.
Its rules, each in one module:

* :mod:`.links`: no write of costing's follows a link. Files are opened relative to an open
  folder, with ``O_NOFOLLOW``, new ones with ``O_EXCL``; a file costing keeps writing (a lock, a
  log) must be a regular file with one link, owned by this account.
* :mod:`.files`: one file, built in a private temporary folder and renamed into place; never over
  a link, an input of the command, or a file costing did not write (what a command may write over
  is a :class:`WriteGuard` the command passes explicitly); :func:`write_new_file` for a file that
  must not exist yet.
* :mod:`.folders`: a whole folder (a report), replaced only if costing made it (its marker), built
  beside it and swapped in when complete; cleanup deletes only what carries costing's marker.
* :mod:`.record`: costing's private state folder: the record of files it wrote (path and sha256),
  crash logs, batch logs.

Operating-system failures (a full disk, a file size limit, a read-only folder) become one-line
:class:`~costing.errors.InputError` messages naming the user's path, never the temporary one.
"""

from .files import NameTaken, WriteGuard, atomic_write, atomic_write_text, check_target, write_new_file
from .folders import (
    MARKER,
    add_to_marker,
    atomic_directory,
    foreign_files,
    is_leftover,
    is_ours,
    leftover_of,
    mark_ours,
    marker,
    refuse_unless_ours,
    remove_leftovers,
)
from .links import write_failed
from .record import (
    append_private,
    costing_wrote,
    remember_written,
    sha256_file,
    state_dir,
    state_subfolder,
    write_private_new,
)

__all__ = [
    "MARKER", "WriteGuard", "add_to_marker", "append_private", "atomic_directory", "atomic_write", "atomic_write_text",
    "check_target", "costing_wrote", "foreign_files", "is_leftover", "is_ours", "leftover_of", "mark_ours", "marker",
    "refuse_unless_ours", "remember_written", "remove_leftovers", "sha256_file", "state_dir", "state_subfolder",
    "write_failed", "write_new_file", "write_private_new", "NameTaken",
]
