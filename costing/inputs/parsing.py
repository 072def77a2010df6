"""Parsing the small text forms users type: month-days ("09-01"), fiscal-year ranges ("2025-2027") and
dates as typed in a spreadsheet ("7/1/2026").

They live with the inputs because the models validate them as they load; the engine's date
arithmetic (:mod:`costing.engine.dates`) builds on them.
"""

from __future__ import annotations

import datetime as dt
import re


def parse_month_day(text: str) -> tuple[int, int]:
    """'09-01' -> (9, 1); raises ValueError with a plain message otherwise."""
    try:
        month, day = (int(p) for p in str(text).split("-"))
        dt.date(2000, month, day)  # leap year: accepts 02-29
    except (ValueError, TypeError):
        raise ValueError(f"{text!r} is not a month-day like \"09-01\"") from None
    return month, day


def parse_years(text: str) -> list[int]:
    """'2025-2027' -> [2025, 2026, 2027]; '2025' -> [2025]; '2025,2027' -> [2025, 2027]."""
    years: list[int] = []

    def year(text: str, after: int | None = None) -> int:
        text = text.strip().upper().removeprefix("FY").strip()
        if not text.isdigit():
            raise ValueError(f"{text!r} is not a fiscal year such as 2026 or FY2026")
        value = int(text)
        if after is not None and value < 100:  # 2025-27 means 2025-2027
            value += after // 100 * 100
        if not 1900 <= value <= 2200:
            raise ValueError(f"{value} is not a plausible fiscal year")
        return value

    for part in str(text).split(","):
        part = part.strip()
        if "-" in part:
            lo_text, hi_text = part.split("-", 1)
            lo = year(lo_text)
            hi = year(hi_text, after=lo)
            if hi < lo:
                raise ValueError(f"year range {part!r} runs backwards")
            years.extend(range(lo, hi + 1))
        elif part:
            years.append(year(part))
    if not years:
        raise ValueError("no fiscal years given")
    return sorted(set(years))


def parse_typed_date(text: str) -> dt.date | None:
    """A date as people type it or spreadsheets write it: 2026-07-01, 2026-07-01 00:00:00 or the US
    7/1/2026 (month first, four-digit year); None for anything else, so the caller can say what it expected."""
    text = str(text).strip().removesuffix(" 00:00:00")
    match = TYPED_DATES[0].fullmatch(text) or TYPED_DATES[1].fullmatch(text)
    if match is None:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items()}
    try:
        return dt.date(parts["y"], parts["m"], parts["d"])
    except ValueError:
        return None


TYPED_DATES = (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"))
