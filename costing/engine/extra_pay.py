"""Extra pay at each person's own rate: days or weeks by years of service, and added paid days.

Both are priced at the person's daily rate on the day they are paid (the schedule's rate for
their lane and step that day, converted by the work-year basis: hourly x hours per day, a daily
rate, or an annual rate / days per year), times FTE. A paid holiday is therefore a few dollars for
a part-timer and more for a senior para, as payroll would pay it; spreading it as a rate change
over the year would cost only the share of the year after the change (New Bedford's Juneteenth).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..inputs.models import ExtraPay, PaidDays
from . import dates as d
from .eligibility import completed_years


def pay_day_in_year(month_day: str, fy: int, fiscal_year_start: str) -> dt.date:
    """The date of a month-day inside a fiscal year (June 30 of FY2025 is 2025-06-30)."""
    lo, hi = d.fiscal_year_bounds(fy, fiscal_year_start)
    for year in (lo.year, hi.year):
        day = d.month_day_in_year(month_day, year)
        if lo <= day < hi:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


def extra_pay_days(item: ExtraPay, roster: pd.DataFrame, pay_day: dt.date, fiscal_year_start: str = "07-01") -> np.ndarray:
    """Days of pay each roster row earns: the highest tier reached (on the pay day, or on the
    ``service_counted_on`` day of the same fiscal year when the contract counts service then), in days."""
    counted = pay_day
    if item.service_counted_on:
        counted = pay_day_in_year(item.service_counted_on, d.fiscal_year_of(pay_day, fiscal_year_start), fiscal_year_start)
    years = completed_years(roster["seniority_date"], counted)
    thresholds = np.array(sorted(item.tiers), dtype=np.int64)
    amounts = np.array([float(item.tiers[t]) for t in sorted(item.tiers)])
    k = np.searchsorted(thresholds, years, side="right") - 1
    units = np.where(k >= 0, amounts[np.maximum(k, 0)], 0.0)
    return units * (float(item.days_per_week) if item.measure == "weeks" else 1.0)


def extra_pay_due(item: ExtraPay, fy: int, fiscal_year_start: str) -> dt.date | None:
    """The pay day of the item in a fiscal year, or None when it is not in force then."""
    day = pay_day_in_year(item.pay_month_day, fy, fiscal_year_start)
    if (item.effective and day < item.effective) or (item.until and day >= item.until):
        return None
    return day


def paid_days_in_year(item: PaidDays, fy: int, fiscal_year_start: str) -> list[tuple[dt.date, float]]:
    """(day priced on, days paid) for the fiscal year: a date, a yearly holiday, or a share of a period.

    A period is spread by calendar days; the part in this fiscal year is priced on its first day.
    """
    lo, hi = d.fiscal_year_bounds(fy, fiscal_year_start)
    if item.on is not None:
        if item.recurring:
            day = pay_day_in_year(f"{item.on:%m-%d}", fy, fiscal_year_start)
            return [(day, float(item.days))] if day >= item.on else []
        return [(item.on, float(item.days))] if lo <= item.on < hi else []
    a, b = max(lo, item.start), min(hi, item.until)
    if b <= a:
        return []
    return [(a, float(item.days) * (b - a).days / (item.until - item.start).days)]
