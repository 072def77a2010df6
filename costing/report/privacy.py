"""The public-report rule, checked on the finished files rather than trusted.

A public report must not contain any employee's ID or name, anywhere: HTML, PDF text, workbook,
executed notebook or manifest. Tables are built without them, and this module scans the outputs
as a last line of defence before the folder is published.
"""

from __future__ import annotations

import re

import pandas as pd

TOKEN = re.compile(r"[\w'’-]+")


def identifiers(roster: pd.DataFrame) -> tuple[set[str], set[tuple[str, ...]]]:
    """(IDs, names as word tuples) found in a roster."""
    ids = {str(v).strip() for v in roster.get("employee_id", pd.Series(dtype=str)).dropna() if str(v).strip()}
    names = set()
    for column in ("name", "first_name", "last_name"):
        if column in roster.columns:
            for value in roster[column].dropna():
                words = tuple(w.lower() for w in TOKEN.findall(str(value)))
                if words and (len(words) > 1 or len(words[0]) > 3):
                    names.add(words)
    return ids, names


def find_identifiers(text: str, ids: set[str], names: set[tuple[str, ...]]) -> list[str]:
    """IDs and names that occur in ``text`` as whole words (first few found)."""
    words = TOKEN.findall(text)
    found = [w for w in set(words) if w in ids]
    if names:
        lower = [w.lower() for w in words]
        sizes = sorted({len(n) for n in names})
        for size in sizes:
            for i in range(len(lower) - size + 1):
                gram = tuple(lower[i:i + size])
                if gram in names:
                    found.append(" ".join(gram))
                    break
    return sorted(set(found))[:5]
