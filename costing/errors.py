"""One error type for every user mistake, printed as a single line.

Users of a costing tool are finance staff, not Python programmers: a traceback tells them
nothing. Every loader raises :class:`InputError` naming the file, the key or row, and what is
wrong; the command line prints ``str(error)`` and exits with status 2. A payroll export with many
bad rows raises :class:`InputErrors`: one line per bad row (up to :data:`SHOWN`), so one run finds
them all.

Some messages quote roster values (an employee ID in ``row 7 (CH00005)``). Such an error lists
them in ``identifiers``, and :meth:`InputError.public_text` gives the message without them, for
anything published (a public batch index).
"""

from __future__ import annotations

SHOWN = 20
"""At most this many bad rows are listed, then "and N more"."""

REDACTED = "[employee]"


class InputError(Exception):
    """A problem with a user's input file, located by file and key/row."""

    def __init__(self, source: str | None, where: str | None, message: str, identifiers: tuple[str, ...] = ()):
        self.source = source
        self.where = where
        self.message = message
        self.identifiers = tuple(str(i) for i in identifiers if str(i))
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.where) if p]
        prefix = ": ".join(parts)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return " ".join(text.split())  # always one line

    def lines(self) -> list[str]:
        """The message as printed: one line (several for :class:`InputErrors`)."""
        return [str(self)]

    def located(self, source: str) -> InputError:
        """The same error, with the file filled in when the raiser did not know it."""
        return InputError(self.source or source, self.where, self.message, self.identifiers)

    def public_text(self) -> str:
        """The message with every roster value it quotes (IDs, names) replaced by a neutral word."""
        return _redact("\n".join(self.lines()), self.identifiers)


class InputErrors(InputError):
    """Several problems found in one pass (e.g. every bad row of a roster), one line each."""

    def __init__(self, errors: list[InputError], shown: int = SHOWN, more: int = 0):
        self.errors = list(errors)
        self.shown = shown
        self.more = more  # problems found but not even formatted (beyond those listed)
        first = self.errors[0]
        ids = tuple(i for e in self.errors for i in e.identifiers)
        super().__init__(first.source, first.where, first.message, ids)

    def lines(self) -> list[str]:
        out = [str(e) for e in self.errors[: self.shown]]
        hidden = len(self.errors) - len(out) + self.more
        if hidden:
            out.append(f"{self.errors[0].source or 'input'}: and {hidden} more")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def located(self, source: str) -> InputError:
        return InputErrors([e.located(source) for e in self.errors], self.shown, self.more)


def raise_collected(errors: list[InputError], more: int = 0) -> None:
    """Raise nothing, the one error, or all of them together (``more``: further problems not listed)."""
    if len(errors) == 1 and not more:
        raise errors[0]
    if errors:
        raise InputErrors(errors, more=more)


def _redact(text: str, identifiers: tuple[str, ...]) -> str:
    for value in sorted(set(identifiers), key=len, reverse=True):
        text = text.replace(value, REDACTED)
    return text


def did_you_mean(word: str, options) -> str:
    """' (did you mean 'x'?)' for the closest known name, or '' when nothing is close."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
