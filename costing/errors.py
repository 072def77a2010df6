"""One error type for every user mistake, printed as a single line.

Users of a costing tool are finance staff, not Python programmers: a traceback tells them
nothing. Every loader raises :class:`InputError` naming the file, the key or row, and what is
wrong; the command line prints ``str(error)`` and exits non-zero.
"""

from __future__ import annotations


class InputError(Exception):
    """A problem with a user's input file, located by file and key/row."""

    def __init__(self, source: str | None, where: str | None, message: str):
        self.source = source
        self.where = where
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.where) if p]
        prefix = ": ".join(parts)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return " ".join(text.split())  # always one line

    def located(self, source: str) -> InputError:
        """The same error, with the file filled in when the raiser did not know it."""
        return InputError(self.source or source, self.where, self.message)
