"""Fiscal years, month-days and the day weights behind each proration convention.

Finance offices count by fiscal year (named by the year it ends) while contracts change on
arbitrary dates. Every proration convention is expressed the same way: a weight for each day of
the fiscal year. A piece of the year from day ``a`` to day ``b`` (exclusive) is worth
``(W[b] - W[a]) / D``, where ``W`` is the running sum of the weights and ``D`` the year's
denominator (normally ``W[end]``). The conventions:

- ``calendar_days``: every day weighs 1 (twelve-month staff).
- ``school_year``: the school year (the work calendar's start to end) is charged to the fiscal
  year that contains it, as M.G.L. c.71 §40 accrual requires: its days weigh by work day
  (weekdays less holidays) or by school month (each month of the school year weighs the same,
  spread over its days); July and August weigh nothing, whatever the pay dates.
- ``work_days``: weekdays inside the work calendar less holidays (staff paid per day worked).
- ``pay_periods``: 1 on the last day of the work each pay date pays for (the pay date less
  ``lag_days``). A fiscal year holding 27 of them either spreads the year's pay over 27
  (``absorbed``) or pays 27/26 of it (``paid``): :func:`pay_dates_in` lets reports show which
  years have 27.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..inputs.parsing import parse_month_day, parse_years  # noqa: F401  (re-exported: callers name them here)
from ..inputs.vocabulary import ProrationName

DAY = np.timedelta64(1, "D")


def day_number(value: dt.date) -> int:
    """A date as a day number (days since 1970-01-01): the engine's arrays hold dates this way."""
    return int(np.datetime64(value, "D").astype(np.int64))


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


def month_day_in_fiscal_year(month_day: str, fiscal_year: int, start_month_day: str = "07-01") -> dt.date:
    """The date of a month-day inside a fiscal year (12-01 of FY2025 is 2024-12-01; 06-30 is 2025-06-30).

    One rule for every yearly pay day (longevity paid in a lump, a stipend's pay day, extra pay):
    a fiscal year spans a whole year, so the month-day falls in it exactly once.
    """
    lo, hi = fiscal_year_bounds(fiscal_year, start_month_day)
    for year in (lo.year, hi.year):
        day = month_day_in_year(month_day, year)
        if lo <= day < hi:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


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
    weigh_by: str = "work_days"  # school_year only: "work_days" or "months"


@dataclass(frozen=True)
class PayCalendar:
    """Pay dates every ``14`` days from an anchor (26 or 27 a year)."""

    anchor: dt.date = dt.date(2024, 7, 12)
    interval_days: int = 14
    lag_days: int = 0             # a pay date pays for work ending this many days earlier
    per_year: int = 26
    twenty_seventh: str = "absorbed"  # or "paid": a year with 27 pay dates costs 27/26


def _in_window(days: np.ndarray, cal: WorkCalendar) -> np.ndarray:
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    dom = (days - days.astype("datetime64[M]")).astype(int) + 1
    md = months * 100 + dom
    s_m, s_d = parse_month_day(cal.start)
    e_m, e_d = parse_month_day(cal.end)
    lo, hi = s_m * 100 + s_d, e_m * 100 + e_d
    return (md >= lo) & (md <= hi) if lo <= hi else (md >= lo) | (md <= hi)


def _work_days(days: np.ndarray, cal: WorkCalendar) -> np.ndarray:
    holiday = np.isin(days, np.array([to_day(h) for h in cal.holidays], dtype="datetime64[D]"))
    return (np.is_busday(days) & _in_window(days, cal) & ~holiday).astype(float)


def school_year_in(fiscal_year: int, cal: WorkCalendar, fiscal_year_start: str = "07-01") -> tuple[dt.date, dt.date]:
    """(first day, last day) of the school year charged to a fiscal year; ValueError if it straddles two.

    The school year is the one that starts in the fiscal year; under the school-year convention
    it must also end in it, or its salary could not be charged to one fiscal year.
    """
    lo, hi = fiscal_year_bounds(fiscal_year, fiscal_year_start)
    first = month_day_in_year(cal.start, lo.year)
    if first < lo:
        first = month_day_in_year(cal.start, lo.year + 1)
    last = month_day_in_year(cal.end, first.year)
    if last < first:
        last = month_day_in_year(cal.end, first.year + 1)
    if first >= hi or last >= hi:
        raise ValueError(f"the school year {cal.start} to {cal.end} does not fall inside fiscal year {fiscal_year}"
                         f" ({lo} to {hi - dt.timedelta(days=1)}); school_year needs it inside one fiscal year")
    return first, last


def nth_work_day(start_year: int, n: int, cal: WorkCalendar) -> dt.date:
    """The ``n``-th work day of the school year that starts in ``start_year`` (Milton's "92nd day").

    A work day is a weekday inside the work calendar (its start to its end month-day) that is not
    one of its holidays: the same days the ``work_days`` convention weighs. Day 1 is the first
    work day on or after the calendar's start. A school year with fewer than ``n`` work days is a
    ValueError saying how many it has.
    """
    first = month_day_in_year(cal.start, start_year)
    last = month_day_in_year(cal.end, start_year)
    if last < first:
        last = month_day_in_year(cal.end, start_year + 1)
    days = np.arange(to_day(first), to_day(last) + DAY, DAY)
    work = days[_work_days(days, cal) > 0]
    if n > len(work):
        raise ValueError(f"the {start_year}-{(start_year + 1) % 100:02d} school year ({cal.start} to {cal.end},"
                         f" less its holidays) has {len(work)} work days: there is no work day {n}")
    return work[n - 1].astype(dt.date)


def work_year_start(fiscal_year: int, proration: str, cal: WorkCalendar, fiscal_year_start: str = "07-01") -> dt.date:
    """The first day of the work year in a fiscal year: the school year's first day, or July 1."""
    lo, hi = fiscal_year_bounds(fiscal_year, fiscal_year_start)
    if proration not in ("school_year", "work_days"):
        return lo
    first = month_day_in_year(cal.start, lo.year)
    if first < lo:
        first = month_day_in_year(cal.start, lo.year + 1)
    return first if first < hi else lo


def pay_dates_in(start: dt.date, stop: dt.date, pay_calendar: PayCalendar) -> list[dt.date]:
    """The pay dates whose work ends in [start, stop): 26 or 27 of them in a year."""
    days = np.arange(to_day(start), to_day(stop), DAY)
    weights = day_weights(start, stop, "pay_periods", pay_calendar=pay_calendar)
    lag = np.timedelta64(pay_calendar.lag_days, "D")
    return [d.astype(dt.date) for d in (days[weights > 0] + lag)]


def year_denominator(weights: np.ndarray, proration: str, pay_calendar: PayCalendar | None = None) -> float:
    """What a whole year weighs: the sum of its weights, or 26 pay dates when a 27th is paid extra."""
    if proration == "pay_periods" and pay_calendar is not None and pay_calendar.twenty_seventh == "paid":
        return float(pay_calendar.per_year)
    return float(weights.sum())


def day_weights(
    start: dt.date,
    stop: dt.date,
    proration: ProrationName,
    work_calendar: WorkCalendar | None = None,
    pay_calendar: PayCalendar | None = None,
) -> np.ndarray:
    """Weight of each day in [start, stop) under a proration convention."""
    days = np.arange(to_day(start), to_day(stop), DAY)
    if proration == "calendar_days":
        return np.ones(len(days))
    if proration == "work_days":
        return _work_days(days, work_calendar or WorkCalendar())
    if proration == "school_year":
        cal = work_calendar or WorkCalendar()
        if cal.weigh_by == "months":
            month_start = days.astype("datetime64[M]")
            length = ((month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(int)
            return _in_window(days, cal) / length
        return _work_days(days, cal)
    if proration == "pay_periods":
        cal = pay_calendar or PayCalendar()
        offset = (days - (to_day(cal.anchor) - np.timedelta64(cal.lag_days, "D"))).astype(int)
        return (offset % cal.interval_days == 0).astype(float)
    raise ValueError(f"unknown proration convention {proration!r}")


def cumulative_weights(weights: np.ndarray) -> np.ndarray:
    """W with W[i] = sum of weights of days before day i; length len(weights) + 1."""
    return np.concatenate([[0.0], np.cumsum(weights)])


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(year, month*100+day) of day numbers, vectorized."""
    as_dates = days.astype("datetime64[D]")
    years = as_dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = as_dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dom = (as_dates - as_dates.astype("datetime64[M]")).astype(np.int64) + 1
    return years, months * 100 + dom


def years_of_service(seniority: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years between two day-number arrays (negative before the seniority date).

    One rule for longevity, step eligibility and eligibility rules: a year is complete on the
    anniversary's month-day, so a Feb 29 seniority date completes its years on Mar 1 in common years.
    """
    sy, smd = _ymd(seniority)
    oy, omd = _ymd(on)
    return oy - sy - (omd < smd)
