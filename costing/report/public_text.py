"""What public text must not hold, and how full a printed page is: the checks a School Committee packet passes.

A public report is read by people who never open an input file, so its words carry no code: no
snake_case key (``extra_pay``, ``unit_a``, ``multilingual_early_certification``), no file path
(``data/chelsea/README.md``), no ``.yaml``. Its caveat is in every page's running footer and once on
page 1, not under every table; and no page but the last is under a third full. These functions
say what breaks those rules; tests/test_report_publishable.py runs them over every bundled report
(and ``costing review`` may). Each returns what it found, so a failure names the words or the page.
"""

from __future__ import annotations

import re

from .pdf import MIN_FILL

SNAKE = re.compile(r"(?<![\w./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w/])")
"""A key as code writes it: two or more words joined by underscores (``Para_Degree``, ``school_year``)."""
FILE = re.compile(r"(?<![\w-])[\w.-]+\.(?:ya?ml|csv|md|ipynb|py|json|xlsx)\b", re.I)
PATH = re.compile(r"(?<![\w.])(?:[\w.-]+/)+[\w.-]+\.\w{1,5}\b|(?<![\w.])(?:data|docs|tests|costing)/[\w./-]+")
CAVEATS_OUTSIDE_THE_FOOTER = 3   # page 1, the headline and the assumptions may each say it once


def code_words(text: str) -> list[str]:
    """Every snake_case key, file name and path in ``text``, in order, each once."""
    found = [m.group(0) for pattern in (SNAKE, FILE, PATH) for m in pattern.finditer(text)]
    return list(dict.fromkeys(found))


def caveat_count(text: str, caveat: str) -> int:
    """How many times the caveat's words appear (whitespace and line breaks ignored: a PDF wraps them)."""
    if not caveat:
        return 0
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    return squeeze(text).count(squeeze(caveat))


def underfull_pages(fills: list[float], min_fill: float = MIN_FILL) -> list[int]:
    """Page numbers (from 1) under ``min_fill``, the last page excepted."""
    return [i + 1 for i, fill in enumerate(fills[:-1]) if fill < min_fill]


__all__ = ["CAVEATS_OUTSIDE_THE_FOOTER", "MIN_FILL", "caveat_count", "code_words", "underfull_pages"]
