"""A plain, slow, per-employee and per-day reference implementation: the tests' oracle.

It shares nothing with :mod:`costing.projection` but the models: it walks every day of every
fiscal year for every employee with ordinary Python, works out the step, the rate, the
longevity and the prorated stipends in force that day, and adds up 1/365th (1/366th) shares.
It supports the calendar-days convention and base pay, prorated longevity (with hold-harmless)
and prorated annual / per-hour / per-day stipends — enough to check the vectorized engine on
random inputs. Never use it for real work: it is thousands of times slower.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..inputs.models import Contract, Schedule
from .dates import fiscal_year_bounds, month_day_in_year


def _in_force(items, day, key=lambda x: x.effective):
    current = None
    for item in sorted(items, key=key):
        if key(item) <= day:
            current = item
    return current


def _anniversaries(schedule: Schedule, lo: dt.date, hi: dt.date) -> list[dt.date]:
    rules = sorted(schedule.step_rules.anniversary, key=lambda a: a.effective)
    days = []
    for k, rule in enumerate(rules):
        stop = rules[k + 1].effective if k + 1 < len(rules) else dt.date(9999, 1, 1)
        for year in range(lo.year - 1, hi.year + 2):
            day = month_day_in_year(rule.month_day, year)
            if rule.effective <= day < stop and lo < day <= hi:
                if not any(f.start <= day < f.until for f in schedule.step_rules.freezes):
                    days.append(day)
    return sorted(set(days))


def _step_position(schedule: Schedule, row, day: dt.date, as_of: dt.date) -> int:
    steps = list(schedule.steps)
    pos = steps.index(row.step)
    cap = steps.index(row.max_step) if isinstance(getattr(row, "max_step", None), str) and row.max_step else len(steps) - 1
    cap = max(cap, pos)
    events = [(a, "step") for a in _anniversaries(schedule, as_of, day)]
    events += [(x.effective, "drop", steps.index(x.step) + 1) for x in schedule.step_rules.entry_drops if x.effective <= day]
    seniority = row.seniority_date.date()
    for event in sorted(events, key=lambda e: (e[0], 1 if e[1] == "drop" else 0)):  # step, then floor
        if event[1] == "drop":
            pos = max(pos, event[2])
        elif (event[0] - seniority).days >= schedule.step_rules.min_service_days and event[0] > as_of:
            pos = min(pos + schedule.step_rules.advance_by, cap)
    return min(pos, cap)


def _years(seniority: dt.date, day: dt.date) -> int:
    return day.year - seniority.year - ((day.month, day.day) < (seniority.month, seniority.day))


def _longevity(lg, seniority: dt.date, day: dt.date) -> float:
    tables = sorted(lg.tables, key=lambda t: t.effective)
    table = _in_force(tables, day)
    if table is None:
        return 0.0

    def amount(t, years):
        return float(max([v for k, v in t.amounts.items() if years >= k], default=0))

    value = amount(table, _years(seniority, day))
    k = tables.index(table)
    if table.hold_harmless and k > 0:
        value = max(value, amount(tables[k - 1], _years(seniority, table.effective)))
    return value


def reference_project(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], as_of: dt.date) -> pd.DataFrame:
    """Per employee and year: base, longevity and each stipend, by walking every day."""
    rows = []
    for row in roster.itertuples(index=False):
        schedule = contract.schedule(row.schedule)
        for fy in fiscal_years:
            lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
            length = (hi - lo).days
            sums: dict[str, float] = {}
            day = lo
            while day < hi:
                start = row.start_date.date() if pd.notna(row.start_date) else dt.date.min
                end = row.end_date.date() if pd.notna(row.end_date) else dt.date.max
                if start <= day <= end:
                    table = _in_force(schedule.tables, day)
                    pos = _step_position(schedule, row, day, as_of)
                    rate = float(table.rates[row.lane][schedule.steps[pos]])
                    basis = schedule.work_year
                    for change in sorted(schedule.work_year_changes, key=lambda c: c.effective):
                        if change.effective <= day:
                            basis = change
                    units = {"hourly": float(basis.hours_per_day or 0) * float(basis.days_per_year or 0),
                             "daily": float(basis.days_per_year or 0), "annual": 1.0}[schedule.rate_unit]
                    annual = float(Decimal(repr(rate * units)).quantize(Decimal("0.01"), ROUND_HALF_UP))
                    sums["base"] = sums.get("base", 0.0) + annual * row.fte / length
                    for lg in contract.longevity:
                        if lg.payment == "prorated" and (lg.schedules is None or row.schedule in lg.schedules):
                            sums["longevity"] = sums.get("longevity", 0.0) + _longevity(lg, row.seniority_date.date(), day) / length
                    for s in contract.stipends:
                        if s.kind in ("annual", "per_hour", "per_day") and s.prorated and (s.schedules is None or row.schedule in s.schedules):
                            value = _in_force(s.values, day)
                            q = float(getattr(row, s.column)) if s.column else 1.0
                            if value is not None:
                                key = f"stipend:{s.name}"
                                sums[key] = sums.get(key, 0.0) + float(value.amount) * q / length
                day += dt.timedelta(days=1)
            for component, amount in sums.items():
                rows.append({"fiscal_year": fy, "employee_id": row.employee_id, "component": component,
                             "amount": float(Decimal(repr(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP))})
    return pd.DataFrame(rows, columns=["fiscal_year", "employee_id", "component", "amount"])
