"""Parsing the small text forms users type: dates, amounts of money, month-days ("09-01") and
fiscal-year ranges ("2025-2027").

A finance office types in Excel and reads what Excel writes back, so a date is accepted as
2026-07-01 or as the US 7/1/2026, and money as 1000000, 1,000,000 or $2,000,000.50, wherever a
date or an amount is typed: a YAML file, a command-line option, a roster or moves cell, a proposal
sheet, an import mapping. :func:`parse_date` and :func:`parse_money` are the one reading of each,
so every input accepts and refuses the same things and says the same thing when it refuses;
what costing writes back is ISO (2026-07-01) and plain numbers.

They live with the inputs because the models validate them as they load; the engine's date
arithmetic (:mod:`costing.engine.dates`) builds on them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
"""Every date lies in these years: a typo such as 0202-07-01 or 9999-12-31 is caught where it is typed."""

DATE_FORMS = "7/1/2026 (month/day/year) or 2026-07-01"
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_US = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})")
_TIME = re.compile(r"(?P<date>.*?)(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?))$")
_MIDNIGHT = re.compile(r"0{1,2}:00(:00(\.0+)?)?|12:00(:00)?\s*[Aa][Mm]")


def parse_date(value) -> dt.date:
    """A date as people type it and spreadsheets write it; ValueError saying what would be right.

    Accepted: a date (or a datetime at midnight, as Excel cells and pandas give them), ISO text
    2026-07-01, and US text 7/1/2026 or 07/01/2026 (month first, the year in four digits),
    either followed by a midnight time (``2026-07-01 00:00:00``, ``7/1/2026 0:00``) as Excel writes a
    date cell. Refused, each with its reason: a two-digit year (1/2/26: which century?), a month or
    day that does not exist (13/1/2026, 2026-13-01, 2/30/2026), a time of day other than midnight,
    a date outside the years 1900 to 2199, and anything else.
    """
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValueError(f"{value} has a time of day; give the date alone, as {DATE_FORMS}")
        return plausible(value.date(), str(value.date()))
    if isinstance(value, dt.date):
        return plausible(value, value.isoformat())
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date: write it as {DATE_FORMS}")
    text = value.strip()
    timed = _TIME.fullmatch(text)
    if timed:
        if not _MIDNIGHT.fullmatch(timed["time"].strip()):
            raise ValueError(f"{text!r} has a time of day; give the date alone, as {DATE_FORMS}")
        text = timed["date"].strip()
    match = _ISO.fullmatch(text) or _US.fullmatch(text)
    if match is None:
        raise ValueError(f"{value.strip()!r} is not a date: {_hint(text)}")
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if len(match["y"]) == 2:
        raise ValueError(f"{text!r} is not a date: write the year in four digits ({month}/{day}/20{match['y']}"
                         f" or {month}/{day}/19{match['y']}); a two-digit year is ambiguous")
    if not 1 <= month <= 12:
        us = match.re is _US
        swapped = f" (for {calendar.month_name[day]} {month}, write {day}/{month}/{year} or {year}-{day:02d}-{month:02d})" \
            if us and 1 <= day <= 12 and month <= 31 else f"; write it as {DATE_FORMS}"
        order = "dates with slashes are month/day/year, and " if us else ""
        raise ValueError(f"{text!r} is not a date: {order}there is no month {month}{swapped}")
    last = calendar.monthrange(year, month)[1] if 1 <= year else 31
    if not 1 <= day <= last:
        raise ValueError(f"{text!r} is not a date: {calendar.month_name[month]} {year} has {last} days")
    return plausible(dt.date(year, month, day), text)


def plausible(day: dt.date, typed: str) -> dt.date:
    """``day`` if it lies in the years 1900 to 2199, else ValueError (a typo such as 0202-07-01)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{typed} is not a plausible date (years {FIRST_DAY.year} to {LAST_DAY.year})")
    return day


def _hint(text: str) -> str:
    if text.isdigit() and 5 <= len(text) <= 6:
        return f"it looks like a spreadsheet's day number; format the cell as a date, or type {DATE_FORMS}"
    return f"write it as {DATE_FORMS}"


_AMOUNT = re.compile(r"(?P<minus>-)?\s*\$?\s*(?P<minus2>-)?\s*(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)")
MONEY_FORMS = "1000000, 1,000,000 or $2,000,000.50"


def parse_money(text: str) -> Decimal | None:
    """An amount of money as typed: 2000000, 2,000,000, $2,000,000.50, -$500 or (500) for minus 500;
    None for a blank cell; ValueError otherwise.

    Commas must group thousands (1,000,000): "1,5" or "52,48" is refused rather than read as 15
    or 5248, and so is anything that is not plain digits (5e6, "2 million")."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        return None
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    inner = cleaned[1:-1].strip() if negative else cleaned
    match = _AMOUNT.fullmatch(inner)
    if match is None or (match["minus"] and match["minus2"]) or (negative and (match["minus"] or match["minus2"])):
        raise ValueError(f"{cleaned!r} is not an amount of money such as {MONEY_FORMS}")
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"{cleaned!r} is not an amount of money such as {MONEY_FORMS}") from None
    return -number if negative or match["minus"] or match["minus2"] else number


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
