"""The public-report rule, checked on the finished files rather than trusted.

A public report must not contain any employee's ID or name, nor a local file path, anywhere:
HTML, PDF text, workbook, executed notebook or manifest. Tables are built without them, and this
module scans the outputs as a last line of defence before the folder is published.

What counts as a match, so that the check neither blocks every report nor misses a planted name:

* **IDs** match whole, exactly (``CH00002`` but not ``CH000020``), wherever letters and digits
  stop: ``_``, ``-``, ``.`` and spaces all end a token, so an ID inside a file name
  (``settlement_E919166.yaml``) is found. An all-digit ID is told from a number **by context**:
  where it is part of a number (``$142,191.00``, ``142191.5``, ``142,191``, ``14.2191``) it is
  a figure, not an ID; a short one (fewer than five digits, ``17``) counts only where it is
  labelled (``ID 17``, ``#17``, ``employee 17``).
* **Names** match whole words in any case: every word of a person's name, in order
  (``Jordan Lane``, ``jordan lane``), or surname first (``Lane, Jordan``). A surname alone matches
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

TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
"""A word: letters and digits, with an apostrophe or hyphen inside (O'Brien, Mary-Jane); ``_`` ends it."""
_COMPOUND = re.compile(r"[^\W_]+(?:[_'’.-][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}
NAME_COLUMNS = ("name", "first_name", "middle_name", "last_name", "full_name")
_SHORT_ID = 5
_ID_PARTS = 4   # an ID is at most four runs of letters and digits joined by - _ . ' (CH-2024-0001)
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


def merge(*found: Identifiers) -> Identifiers:
    """Several rosters' identifiers as one (a batch checks what it publishes against every roster it read)."""
    return Identifiers(frozenset().union(*(f.ids for f in found)), frozenset().union(*(f.names for f in found)),
                       frozenset().union(*(f.surnames for f in found)))


def id_tokens(text: str) -> list[tuple[str, int, int]]:
    """Every candidate ID in ``text`` with its span: each run of letters and digits, and each run of
    them joined by ``-``, ``_``, ``.`` or an apostrophe (so ``CH-0001``, ``E_17`` and ``E919166`` inside
    ``settlement_E919166.yaml`` are all candidates)."""
    out = []
    for compound in _COMPOUND.finditer(text):
        parts = list(_PART.finditer(text, compound.start(), compound.end()))
        for i, first in enumerate(parts):
            for last in parts[i:i + _ID_PARTS]:
                out.append((text[first.start():last.end()], first.start(), last.end()))
    return out


def _part_of_a_number(text: str, start: int, end: int) -> bool:
    """Is the digit run text[start:end] part of a figure ($142,191.00, 142191.5, 14.2191, 3,142191)?"""
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    if before.endswith("$") or re.fullmatch(r"\d[.,]", before) or re.fullmatch(r"[.,]\d", after):
        return True
    return after[:1] == "%"


def _labelled(text: str, start: int) -> bool:
    """Is the token at ``start`` labelled as an identifier (``ID 17``, ``#17``, ``employee 17``, ``No. 17``)?"""
    return re.search(r"(?:\b(?:id|employee|emp|no|number)\.?|#)\s*[:#]?\s*$", text[max(0, start - 16):start],
                     re.IGNORECASE) is not None


def find_identifiers(text: str, found_ids: Identifiers) -> list[str]:
    """IDs and names of ``found_ids`` that occur in ``text`` as whole IDs and whole names (first few)."""
    found: set[str] = set()
    for token, start, end in id_tokens(text):
        if token not in found_ids.ids:
            continue
        if token.isdigit():
            if _part_of_a_number(text, start, end):
                continue
            if len(token) < _SHORT_ID and not _labelled(text, start):
                continue
        found.add(token)
    tokens = TOKEN.findall(text)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in found_ids.names:
        by_first.setdefault(name[0], []).append(name)
    lower = [t.lower() for t in tokens]
    for i, word in enumerate(lower):
        for name in by_first.get(word, ()):
            if tuple(lower[i:i + len(name)]) == name:
                found.add(" ".join(name))
        if word.rstrip(".") in TITLES and i + 1 < len(tokens) and lower[i + 1] in found_ids.surnames:
            found.add(f"{tokens[i]} {tokens[i + 1]}")
    return sorted(found)[:5]


def local_paths_as_names(text: str) -> str:
    """``text`` with every absolute local path shown by its last part only (``/srv/x/roster.csv`` -> ``roster.csv``)."""
    def name(match: re.Match) -> str:
        core = match.group(0).rstrip("/\\:.")
        return re.split(r"[\\/]", core)[-1] + match.group(0)[len(core):]

    return _PATH.sub(name, text)


def find_local_paths(text: str) -> list[str]:
    """Absolute paths of the machine that built the report (first few found)."""
    return sorted({m.group(0)[:80] for m in _PATH.finditer(text)})[:5]
