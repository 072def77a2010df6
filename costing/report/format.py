"""Numbers as a finance office writes them, in one place so every table, chart and test agrees.

Money always carries thousands separators and cents (a School Committee compares figures to the
cent with the budget book); negatives are shown in parentheses, the accounting convention.
"""

from __future__ import annotations

from ..inputs.words import (
    date,  # one way to write a date: 7/1/2024
    money,  # one way to write money, shared with the op descriptions
)
from ..inputs.words import missing as _missing

__all__ = ["count", "date", "fiscal_year", "fte", "label", "money", "percent", "rate", "short_money"]


def rate(value) -> str:
    """A pay rate: $19.21 or $52,345.00 (same as money; named for what it shows)."""
    return money(value)


def percent(value, places: int = 1) -> str:
    """3.3% from 0.033 (rates are fractions everywhere: docs/api.md); negatives in parentheses."""
    if _missing(value):
        return ""
    value = float(value) * 100.0
    if round(value, places) == 0:
        return f"{0:.{places}f}%"
    return f"({-value:.{places}f}%)" if value < 0 else f"{value:.{places}f}%"


def count(value) -> str:
    return "" if _missing(value) else f"{float(value):,.0f}"


def fte(value) -> str:
    return "" if _missing(value) else f"{float(value):,.2f}"


def short_money(value, _pos=None) -> str:
    """Axis labels: $5.4M, $250K, $900."""
    value = float(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e6:
        return f"{sign}${value / 1e6:,.1f}M"
    if value >= 1e3:
        return f"{sign}${value / 1e3:,.0f}K"
    return f"{sign}${value:,.0f}"


def fiscal_year(fy: int) -> str:
    """FY2025 (fiscal years are named by the year they end)."""
    return f"FY{int(fy)}"


def label(name: str) -> str:
    """A column or component name as a heading: stipend:multilingual -> Stipend: multilingual."""
    text = str(name).replace("_", " ")
    if ":" in text:
        family, rest = text.split(":", 1)
        return f"{family.capitalize()}: {rest}"
    return text[:1].upper() + text[1:]
