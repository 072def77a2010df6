"""The plain per-day reference, continued: unit-level lines with caps, paid days, and premiums.

Like :mod:`costing.engine.reference`, it shares nothing with the engine but the models and the
calendar helpers: it walks days (or months) with ordinary Python and is the tests' oracle for
:mod:`costing.engine.provisions.cost_lines` (contract-year caps as the work falls),
:mod:`costing.engine.provisions.extra_pay` (each paid holiday on its own date) and
:mod:`costing.engine.provisions.benefits` (months, plan moves with the new plan's share, coverage
changes from a moves file). Never use it for real work.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..inputs.models import Contract, CostLine, Schedule
from .dates import fiscal_year_bounds, fiscal_year_of, month_day_in_fiscal_year, month_day_in_year
from .reference import _day_weight, _eligible, _in_force, _round, _start, _step_position


def _cents(amount: float) -> float:
    return float(Decimal(repr(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _days(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(days=k) for k in range((hi - lo).days)]


def _line_day(contract: Contract, line: CostLine, day: dt.date, proration: str, schedule: Schedule) -> float:
    """The line's accrual on one day: rate x quantity x escalation x the day's share of its fiscal year."""
    if (line.effective and day < line.effective) or (line.until and day >= line.until):
        return 0.0
    lo, hi = fiscal_year_bounds(fiscal_year_of(day, contract.fiscal_year_start), contract.fiscal_year_start)
    denominator = sum(_day_weight(x, proration, contract, schedule) for x in _days(lo, hi))
    if proration == "pay_periods" and contract.pay_periods.twenty_seventh == "paid":
        denominator = float(contract.pay_periods.per_year)
    escalation = 1.0
    if line.escalate_with is not None:
        cell = contract.schedule(line.escalate_with.schedule)
        lane = line.escalate_with.lane or cell.lanes[0]
        step = line.escalate_with.step or cell.steps[-1]
        escalation = (float(_in_force(cell.tables, day).rates[lane][step])
                      / float(_in_force(cell.tables, line.effective).rates[lane][step]))
    return float(line.rate) * float(line.quantity) * escalation * _day_weight(day, proration, contract, schedule) / denominator


def reference_lines(contract: Contract, fiscal_years: list[int], proration: str | None = None) -> pd.DataFrame:
    """Per fiscal year, each cost line (before roll-up): accrued day by day; a fiscal-year cap on the
    year; a contract-year cap scaling each fiscal year's part by cap / the contract year's amount
    when over it, and no fiscal year above the cap."""
    proration = proration or contract.proration
    calendar = contract.schedules[0].model_copy(update={"work_calendar": None})  # the contract's calendar
    rows = []
    for line in contract.cost_lines:
        for fy in fiscal_years:
            lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
            if line.cap is None or line.cap_per == "fiscal_year":
                amount = sum(_line_day(contract, line, x, proration, calendar) for x in _days(lo, hi))
                amount = min(amount, float(line.cap)) if line.cap is not None else amount
            else:
                amount = 0.0
                for year in range(lo.year - 1, hi.year + 1):
                    cy_lo = month_day_in_year(line.contract_year_start, year)
                    cy_hi = month_day_in_year(line.contract_year_start, year + 1)
                    accrued = [(x, _line_day(contract, line, x, proration, calendar)) for x in _days(cy_lo, cy_hi)]
                    whole = sum(v for _, v in accrued)
                    mine = sum(v for x, v in accrued if lo <= x < hi)
                    if whole > 0:
                        amount += mine * min(1.0, float(line.cap) / whole)
                amount = min(amount, float(line.cap))
            rows.append({"fiscal_year": fy, "component": f"line:{line.name}", "amount": _cents(amount)})
    return pd.DataFrame(rows, columns=["fiscal_year", "component", "amount"])


def _unit_on(schedule: Schedule, day: dt.date) -> str:
    unit = schedule.unit
    for change in sorted(schedule.unit_changes, key=lambda c: c.effective):
        if change.effective <= day:
            unit = change.unit
    return unit


def _daily_rate(schedule: Schedule, row, day: dt.date, as_of: dt.date) -> float:
    """A year's pay at the person's cell on the day, over the days of the work year."""
    pos = _step_position(schedule, row, day, as_of)
    rate = float(_in_force(schedule.tables, day).rates[row.lane][schedule.steps[pos]])
    basis = schedule.work_year
    for change in sorted(schedule.work_year_changes, key=lambda c: c.effective):
        if change.effective <= day:
            basis = change
    units = {"hourly": float(basis.hours_per_day or 0) * float(basis.days_per_year or 0),
             "daily": float(basis.days_per_year or 0), "annual": 1.0}[schedule.rate_unit]
    return _round(rate * units, schedule.rounding.annual, schedule.rounding.mode) / float(basis.days_per_year)


def reference_paid_days(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], as_of: dt.date) -> pd.DataFrame:
    """Per employee and year, each paid-days item on a date: every date (``on`` and ``also_on``, the
    same month-day each later year when recurring) priced on itself, for those employed and eligible."""
    rows = []
    for row in roster.itertuples(index=False):
        schedule = contract.schedule(row.schedule)
        start = _start(row)
        end = row.end_date.date() if pd.notna(row.end_date) else dt.date.max
        for item in contract.paid_days:
            if item.on is None:
                continue
            for fy in fiscal_years:
                lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
                total = 0.0
                for first in (item.on, *item.also_on):
                    day = month_day_in_fiscal_year(f"{first:%m-%d}", fy, contract.fiscal_year_start) if item.recurring else first
                    chosen = ((item.schedules is None and item.units is None)
                              or (item.schedules is not None and row.schedule in item.schedules)
                              or (item.units is not None and _unit_on(schedule, day) in item.units))
                    if lo <= day < hi and day >= first and start <= day <= end and chosen and _eligible(item.eligible, row, day):
                        total += float(item.days) * _daily_rate(schedule, row, day, as_of) * row.fte
                if total:
                    rows.append({"fiscal_year": fy, "employee_id": row.employee_id, "component": f"extra_pay:{item.name}",
                                 "amount": _cents(total)})
    return pd.DataFrame(rows, columns=["fiscal_year", "employee_id", "component", "amount"])


def _enrolment(benefit, row, day: dt.date) -> str:
    """The person's PLAN:TIER on a day: the roster's, or the latest coverage change on or before it."""
    text, k = str(getattr(row, benefit.column) or ""), 1
    while hasattr(row, f"move_{k}_date"):
        when, value = getattr(row, f"move_{k}_date"), getattr(row, f"move_{k}_{benefit.column}", None)
        if pd.notna(when) and when.date() <= day and isinstance(value, str) and value.strip():
            text = value
        k += 1
    return text.strip()


def reference_premiums(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int]) -> pd.DataFrame:
    """Per employee and year, each benefit under ``proration: months``: month by month, the employer's
    share of the premium of the plan the person is in that month (after plan moves, at that plan's
    share) for the tier they hold on its first day, when employed on it."""
    rows = []
    for row in roster.itertuples(index=False):
        start = _start(row)
        end = row.end_date.date() if pd.notna(row.end_date) else dt.date.max
        for benefit in contract.benefits:
            for fy in fiscal_years:
                lo, _ = fiscal_year_bounds(fy, contract.fiscal_year_start)
                total = 0.0
                for k in range(12):
                    month = dt.date(lo.year + (lo.month - 1 + k) // 12, (lo.month - 1 + k) % 12 + 1, 1)
                    text = _enrolment(benefit, row, month)
                    if not start <= month <= end or text.lower() in ("", "waived", "none", "nan"):
                        continue
                    plan, tier = benefit.split_enrolment(text)
                    for move in sorted(benefit.plan_moves, key=lambda m: m.effective):
                        if move.effective <= month and move.from_plan == plan:
                            plan = move.to_plan
                    premium = float(_in_force([v for v in benefit.plans[plan] if tier in v.rates], month).rates[tier])
                    share = _in_force([s for s in benefit.employer_share if s.plans is None or plan in s.plans], month)
                    total += (premium if benefit.basis == "monthly" else premium / 12) * float(share.percent) / 100
                rows.append({"fiscal_year": fy, "employee_id": row.employee_id, "component": f"benefit:{benefit.name}",
                             "amount": _cents(total)})
    return pd.DataFrame(rows, columns=["fiscal_year", "employee_id", "component", "amount"])


__all__ = ["reference_lines", "reference_paid_days", "reference_premiums"]
