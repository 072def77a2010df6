"""The public-report rule, checked on the finished files rather than trusted.

A public report must not contain any employee's ID or name, nor a local file path, anywhere:
HTML, PDF text, workbook, executed notebook or manifest. Tables are built without them, and this
module scans the outputs as a last line of defence before the folder is published.

What counts as a match, so that the check neither blocks every report nor misses a planted name:

* **IDs** match as whole tokens, exactly (``CH00002`` but not ``CH000020``). An ID of fewer than
  five digits only (``17``) cannot be told from a number, so it matches only where it is labelled
  (``ID 17``, ``#17``, ``employee 17``).
* **Names** match whole: every word of a person's name, in order (``Jordan Lane``), or surname
  first (``Lane, Jordan``), each word capitalised as names are written. A surname alone matches
  only after a title (``Ms. Lane``), so a surname that is also an ordinary word (Lane, Step, Rate)
  does not block every report, while the person's name in a note is still caught.
* **Local paths**: absolute paths of this machine (``/home/...``, ``/work/...``, ``C:\\...``,
  ``file://...``) say where a district keeps its files and are no business of a public reader.

When a public report is blocked, what is published (a batch's index, its ``batch.json``) carries
only :data:`PUBLIC_REASON`; the full reason, which quotes the matched value, goes to a private log
(:func:`public_reason` gives the text to publish for any failure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError

PUBLIC_REASON = "blocked by the privacy check: an employee identifier appears in the report"
"""What a published index says about a report the privacy check blocked (never the value found)."""
PUBLIC_REASON_PATH = "blocked by the privacy check: a local file path appears in the report"
INTERNAL_REASON = "failed with an unexpected error; the details are in the batch's private log"

TOKEN = re.compile(r"[\w'’-]+")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}
NAME_COLUMNS = ("name", "first_name", "middle_name", "last_name", "full_name")
_SHORT_ID = 5
_PATH = re.compile(
    r"(?<![\w.~:/+=-])/(?:home|root|work|tmp|Users|mnt|media|srv|opt|var|private|scratch|usr|etc|nfs|net)/[^\s\"'<>),;]*"
    r"|(?<![\w])[A-Za-z]:(?:\\\\|\\|/)[\w$. -]+(?:(?:\\\\|\\|/)[^\s\"'<>,;]*)?"
    r"|(?<![\w\\])\\\\(?:\\\\)?[A-Za-z][\w.-]*(?:\\\\|\\)[^\s\"'<>]*"
    r"|file:/{2,3}[^\s\"'<>]+"
)


class PrivacyError(InputError):
    """A public report the privacy check refused to publish.

    ``str()`` is the full reason for the operator's log (it quotes what was found);
    :meth:`public_text` is the generic reason that may be published."""

    def __init__(self, source: str | None, message: str, found: list[str], reason: str = PUBLIC_REASON):
        self.reason = reason
        super().__init__(source, None, message, tuple(found))

    def public_text(self) -> str:
        return self.reason


def public_reason(exc: BaseException) -> str:
    """The text a published index may show for a failed report: never a roster value.

    A blocked public report gets the generic :data:`PUBLIC_REASON`; an input error its message
    with any employee ID it quotes replaced; anything else a generic line (the traceback belongs
    in a private log)."""
    if isinstance(exc, InputError):
        return exc.public_text()
    return INTERNAL_REASON


@dataclass(frozen=True)
class Identifiers:
    """What a roster would give away: IDs, whole names (as word tuples) and surnames."""

    ids: frozenset[str] = frozenset()
    names: frozenset[tuple[str, ...]] = frozenset()
    surnames: frozenset[str] = field(default_factory=frozenset)


def _words(value) -> tuple[str, ...]:
    return tuple(w.lower() for w in TOKEN.findall(str(value)))


def identifiers(roster: pd.DataFrame) -> Identifiers:
    """The IDs, whole names and surnames found in a roster."""
    ids = frozenset(str(v).strip() for v in roster.get("employee_id", pd.Series(dtype=str)).dropna() if str(v).strip())
    names: set[tuple[str, ...]] = set()
    surnames: set[str] = set()
    present = [c for c in NAME_COLUMNS if c in roster.columns]
    for _, row in roster[present].iterrows() if present else ():
        whole = _words(row["name"]) if "name" in present and pd.notna(row["name"]) else ()
        whole = whole or (_words(row["full_name"]) if "full_name" in present and pd.notna(row["full_name"]) else ())
        first = _words(row["first_name"]) if "first_name" in present and pd.notna(row["first_name"]) else ()
        last = _words(row["last_name"]) if "last_name" in present and pd.notna(row["last_name"]) else ()
        middle = _words(row["middle_name"]) if "middle_name" in present and pd.notna(row["middle_name"]) else ()
        for parts in (whole, first + middle + last, first + last):
            if len(parts) >= 2:
                names.add(parts)
                names.add((parts[-1], *parts[:-1]))  # "Lane, Jordan" as payroll writes it
        if last or whole:
            surnames.add(" ".join(last) if last else whole[-1])
    return Identifiers(ids, frozenset(names), frozenset(surnames))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def find_identifiers(text: str, found_ids: Identifiers) -> list[str]:
    """IDs and names of ``found_ids`` that occur in ``text`` as whole IDs and whole names (first few)."""
    tokens = TOKEN.findall(text)
    found: set[str] = set()
    short = {i for i in found_ids.ids if i.isdigit() and len(i) < _SHORT_ID}
    for i, token in enumerate(tokens):
        if token in found_ids.ids:
            if token not in short:
                found.add(token)
            elif i and tokens[i - 1].lower() in ("id", "employee", "emp", "no"):
                found.add(token)
    for match in re.finditer(r"#\s?(\d{1,4})\b", text):
        if match.group(1) in short:
            found.add(match.group(1))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in found_ids.names:
        by_first.setdefault(name[0], []).append(name)
    lower = [t.lower() for t in tokens]
    for i, word in enumerate(lower):
        for name in by_first.get(word, ()):
            size = len(name)
            if tuple(lower[i:i + size]) == name and all(_capitalised(t) for t in tokens[i:i + size]):
                found.add(" ".join(name))
        if word.rstrip(".") in TITLES and i + 1 < len(tokens) and _capitalised(tokens[i + 1]):
            if lower[i + 1] in found_ids.surnames:
                found.add(f"{tokens[i]} {tokens[i + 1]}")
    return sorted(found)[:5]


def find_local_paths(text: str) -> list[str]:
    """Absolute paths of the machine that built the report (first few found)."""
    return sorted({m.group(0)[:80] for m in _PATH.finditer(text)})[:5]
