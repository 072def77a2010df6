"""Opening a user's input file: within a size bound, or one line naming the file and what is wrong.

Every loader of a text input (YAML, an import map, a proposal sheet) reads through here, so a file
that is missing, a folder, far too large, not text, or unreadable gets the same plain message
wherever it is named.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError

MAX_YAML_BYTES = 4_000_000
"""A contract, proposal or scenario is a few kilobytes; a file this large is refused before parsing."""


@contextlib.contextmanager
def reading(path: Path, limit: int, what: str) -> Iterator[Path]:
    """Check ``path``'s size against ``limit`` bytes, then let the caller read it; an OS error while
    it does is one line naming the file (``what``: "an input YAML file", "a mapping file" ...)."""
    try:
        size = Path(path).stat().st_size
        if size > limit:
            raise InputError(str(path), None, f"is {size / 1e6:.1f} MB; {what} may be at most {limit / 1e6:g} MB"
                             " (is this the right file?)")
        yield Path(path)
    except FileNotFoundError:
        raise InputError(str(path), None, "file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), None, "is a folder, not a file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "is not a text file (expected YAML in UTF-8)") from None
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror}") from None


def read_text(path: Path, limit: int, what: str) -> str:
    """The file's text (UTF-8), within ``limit`` bytes: :func:`reading`'s one-line errors otherwise."""
    with reading(path, limit, what) as checked:
        return checked.read_text(encoding="utf-8")
