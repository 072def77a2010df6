"""Fiscal years, month-days and the day weights behind each proration convention.

Finance offices count by fiscal year (named by the year it ends) while contracts change on
arbitrary dates. Every proration convention is expressed the same way: a weight for each day of
the fiscal year. A piece of the year from day ``a`` to day ``b`` (exclusive) is worth
``(W[b] - W[a]) / W[end]`` of the year, where ``W`` is the running sum of the weights. Calendar
days weigh 1 each; work days weigh 1 on weekdays inside the work calendar; pay periods weigh 1
on each pay date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..inputs.parsing import parse_month_day, parse_years  # noqa: F401  (re-exported: callers name them here)

Proration = Literal["calendar_days", "work_days", "pay_periods"]

DAY = np.timedelta64(1, "D")


def month_day_in_year(month_day: str, year: int) -> dt.date:
    """The date of a month-day in a year (Feb 29 falls back to Feb 28 in common years)."""
    month, day = parse_month_day(month_day)
    if month == 2 and day == 29:
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def fiscal_year_bounds(fiscal_year: int, start_month_day: str = "07-01") -> tuple[dt.date, dt.date]:
    """(first day, first day of the next year) of a fiscal year named by the year it ends.

    With the default July 1 start, FY2025 runs 2024-07-01 up to (not including) 2025-07-01. A
    January 1 start makes fiscal years calendar years.
    """
    month, _ = parse_month_day(start_month_day)
    start_year = fiscal_year - 1 if (month, _) != (1, 1) else fiscal_year
    return month_day_in_year(start_month_day, start_year), month_day_in_year(
        start_month_day, start_year + 1
    )


def fiscal_year_of(day: dt.date, start_month_day: str = "07-01") -> int:
    """The fiscal year containing a date."""
    for fy in (day.year, day.year + 1):
        lo, hi = fiscal_year_bounds(fy, start_month_day)
        if lo <= day < hi:
            return fy
    raise AssertionError("unreachable")  # pragma: no cover


def to_day(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "D")


@dataclass(frozen=True)
class WorkCalendar:
    """Which days count under the work-days convention."""

    start: str = "09-01"
    end: str = "06-30"
    holidays: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class PayCalendar:
    """Pay dates every ``14`` days from an anchor (26 or 27 a year)."""

    anchor: dt.date = dt.date(2024, 7, 12)
    interval_days: int = 14


def day_weights(
    start: dt.date,
    stop: dt.date,
    proration: Proration,
    work_calendar: WorkCalendar | None = None,
    pay_calendar: PayCalendar | None = None,
) -> np.ndarray:
    """Weight of each day in [start, stop) under a proration convention."""
    days = np.arange(to_day(start), to_day(stop), DAY)
    if proration == "calendar_days":
        return np.ones(len(days))
    if proration == "work_days":
        cal = work_calendar or WorkCalendar()
        weekday = np.is_busday(days)
        months = days.astype("datetime64[M]").astype(int) % 12 + 1
        dom = (days - days.astype("datetime64[M]")).astype(int) + 1
        md = months * 100 + dom
        s_m, s_d = parse_month_day(cal.start)
        e_m, e_d = parse_month_day(cal.end)
        lo, hi = s_m * 100 + s_d, e_m * 100 + e_d
        in_window = (md >= lo) & (md <= hi) if lo <= hi else (md >= lo) | (md <= hi)
        holiday = np.isin(days, np.array([to_day(h) for h in cal.holidays], dtype="datetime64[D]"))
        return (weekday & in_window & ~holiday).astype(float)
    if proration == "pay_periods":
        cal = pay_calendar or PayCalendar()
        offset = (days - to_day(cal.anchor)).astype(int)
        return (offset % cal.interval_days == 0).astype(float)
    raise ValueError(f"unknown proration convention {proration!r}")


def cumulative_weights(weights: np.ndarray) -> np.ndarray:
    """W with W[i] = sum of weights of days before day i; length len(weights) + 1."""
    return np.concatenate([[0.0], np.cumsum(weights)])
