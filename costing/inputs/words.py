"""Figures in words, as a finance office writes them: money, percents, dates, lists.

A proposal's change is described in the report's assumptions (by the op registry, in the engine)
and its figures are printed in the report's tables (by :mod:`costing.report.format`): both say
$3,500.00 the same way because both use this module, the lowest stage that either may import.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import pandas as pd


def missing(value) -> bool:
    """None, NaN and pandas' NA: a figure that is not there (printed blank, never as 0)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def money(value) -> str:
    """$1,234,567.89, or ($1,234.50) when negative; blank when missing."""
    if missing(value):
        return ""
    value = round(float(value), 2)
    if value == 0:
        return "$0.00"
    return f"(${-value:,.2f})" if value < 0 else f"${value:,.2f}"


def pct(value) -> str:
    """A stated percent as written: 3 -> '3%', 1.45 -> '1.45%'."""
    return f"{float(value):g}%"


def number(value) -> str:
    """A count or quantity without trailing zeros: 8 -> '8', 97.5 -> '97.5'."""
    return f"{float(value):g}"


def date(day: dt.date) -> str:
    """7/1/2024: the one way a public report writes a date, as a finance office does (no leading zeros,
    four-digit year; fiscal years are FY2025, :func:`costing.report.format.fiscal_year`)."""
    return f"{day.month}/{day.day}/{day.year}"


def listed(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def plural(count, word: str, many: str | None = None) -> str:
    """'1 day', '8 days', '0.5 days' ('week'/'weeks', or a stated plural)."""
    return f"{number(count)} {word if float(count) == 1 else (many or word + 's')}"
