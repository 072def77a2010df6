"""Extra pay at each person's own rate: days or weeks by years of service, and added paid days.

Both are priced at the person's daily rate on the day they are paid (the schedule's rate for
their lane and step that day, converted by the work-year basis: hourly x hours per day, a daily
rate, or an annual rate / days per year), times FTE. A paid holiday is therefore a few dollars for
a part-timer and more for a senior para, as payroll would pay it; spreading it as a rate change
over the year would cost only the share of the year after the change (New Bedford's Juneteenth).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...inputs.models import Contract, ExtraPay, PaidDays
from .. import dates as d
from .eligibility import completed_years, eligible
from .registry import register
from .year import PayYear


def extra_pay_days(item: ExtraPay, roster: pd.DataFrame, pay_day: dt.date, fiscal_year_start: str = "07-01") -> np.ndarray:
    """Days of pay each roster row earns: the highest tier reached (on the pay day, or on the
    ``service_counted_on`` day of the same fiscal year when the contract counts service then), in days."""
    counted = pay_day
    if item.service_counted_on:
        counted = d.month_day_in_fiscal_year(item.service_counted_on, d.fiscal_year_of(pay_day, fiscal_year_start),
                                             fiscal_year_start)
    years = completed_years(roster["seniority_date"], counted)
    thresholds = np.array(sorted(item.tiers), dtype=np.int64)
    amounts = np.array([float(item.tiers[t]) for t in sorted(item.tiers)])
    k = np.searchsorted(thresholds, years, side="right") - 1
    units = np.where(k >= 0, amounts[np.maximum(k, 0)], 0.0)
    return units * (float(item.days_per_week) if item.measure == "weeks" else 1.0)


def extra_pay_due(item: ExtraPay, fy: int, fiscal_year_start: str) -> dt.date | None:
    """The pay day of the item in a fiscal year, or None when it is not in force then."""
    day = d.month_day_in_fiscal_year(item.pay_month_day, fy, fiscal_year_start)
    if (item.effective and day < item.effective) or (item.until and day >= item.until):
        return None
    return day


def paid_days_in_year(item: PaidDays, fy: int, fiscal_year_start: str) -> list[tuple[dt.date, float]]:
    """(day priced on, days paid) for the fiscal year: each date (``on`` and ``also_on``, each a
    yearly holiday when ``recurring``), or a share of a period.

    Every date is priced on itself, so a person hired after one holiday is paid for the later ones
    only. A period is spread by calendar days; the part in this fiscal year is priced on its first day.
    """
    lo, hi = d.fiscal_year_bounds(fy, fiscal_year_start)
    if item.on is not None:
        out = []
        for first in (item.on, *item.also_on):
            day = d.month_day_in_fiscal_year(f"{first:%m-%d}", fy, fiscal_year_start) if item.recurring else first
            if lo <= day < hi and day >= first:
                out.append((day, float(item.days)))
        return sorted(out)
    a, b = max(lo, item.start), min(hi, item.until)
    if b <= a:
        return []
    return [(a, float(item.days) * (b - a).days / (item.until - item.start).days)]


def extra_pay_owed(items: tuple[ExtraPay, ...], roster: pd.DataFrame, fy: int, contract: Contract) -> dict[str, np.ndarray]:
    """Days of extra pay each roster row is owed this year, for those eligible on the pay day."""
    out = {}
    for item in items:
        due = extra_pay_due(item, fy, contract.fiscal_year_start)
        if due is not None:
            who = eligible(item.eligible, roster, due, f"extra pay {item.name}")
            out[item.name] = extra_pay_days(item, roster, due, contract.fiscal_year_start) * who
    return out


def paid_days_owed(items: tuple[PaidDays, ...], roster: pd.DataFrame, fy: int, contract: Contract) -> dict[str, np.ndarray]:
    """Days each roster row is paid on each of the item's pay days this year ([row, pay day])."""
    out = {}
    for item in items:
        owed = [days * eligible(item.eligible, roster, day, f"paid days {item.name}")
                for day, days in paid_days_in_year(item, fy, contract.fiscal_year_start)]
        if owed:
            out[item.name] = np.column_stack(owed)
    return out


def extra_pay_cost(items: tuple[ExtraPay, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """``extra_pay:<name>``: the days owed at the daily rate on the pay day (``name#k`` items add up)."""
    for item in items:
        due = extra_pay_due(item, year.fy, year.fiscal_year_start)
        if due is not None:
            owed = year.eligible.of("extra_pay", item.name)
            yield f"extra_pay:{item.name.split('#')[0]}", paid_at_daily_rate(item, year, d.day_number(due), owed)


def paid_days_cost(items: tuple[PaidDays, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """``extra_pay:<name>``: each pay day's days at that day's daily rate."""
    for item in items:
        for k, (day, _) in enumerate(paid_days_in_year(item, year.fy, year.fiscal_year_start)):
            owed = year.eligible.of("paid_days", item.name)[:, k]
            yield f"extra_pay:{item.name}", paid_at_daily_rate(item, year, d.day_number(day), owed)


def paid_at_daily_rate(item: ExtraPay | PaidDays, year: PayYear, day: int, days_owed: np.ndarray) -> np.ndarray:
    """Days owed x the daily rate on ``day`` x FTE, for those employed that day and selected."""
    people = year.people
    if not days_owed.any():
        return np.zeros(people.n)
    chosen = year.selected(item, np.full(people.n, day)) & people.employed(day)
    owed = chosen & (days_owed != 0)
    if not owed.any():
        return np.zeros(people.n)
    return days_owed * year.daily_rates(day, owed) * people.fte * chosen


# Order of operations: extra pay (60) then paid days (70), after one-time payments and before retro.
register("extra_pay", ExtraPay, order=60, who=extra_pay_owed, pay=extra_pay_cost)
register("paid_days", PaidDays, order=70, who=paid_days_owed, pay=paid_days_cost)
