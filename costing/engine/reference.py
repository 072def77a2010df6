"""A plain, slow, per-employee and per-day reference implementation: the tests' oracle.

It shares nothing with :mod:`costing.engine.projection` but the models: it walks every day of
every fiscal year for every employee with ordinary Python, works out the step, the rate, the
longevity and the prorated stipends in force that day, and adds up each day's share of the year
under the employee's proration convention (calendar days, school year by work days or months,
work days, pay periods; the roster's ``proration`` column, the schedule's or the contract's). It
supports base pay with the schedule's rounding rule and each person's own work year (a stated
hours-a-day factor included), per-person floors under a raise, step eligibility from the start
date, steps every N years,
prorated longevity (both hold-harmless readings), prorated annual / per-hour / per-day stipends
and non-prorated annual stipends on their pay day, each stipend's eligibility rules read on the day
it pays; lump longevity and its pro-rata share for leavers; red-circled own rates; steps held before the roster date and
the stated drop order — enough to check the vectorized engine on
random inputs. Never use it for real work: it is thousands of times slower.

Being the oracle, it decides everything again in its own way, rules of precedence included: which
proration convention applies to a person (:func:`_proration`: the scenario's override, the roster
row's, the schedule's, the contract's) is written here apart from the engine's one place
(:func:`costing.engine.proration.schedule_convention`) on purpose, so that a mistake in either shows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pandas as pd

from ..inputs.models import Contract, Schedule
from .dates import fiscal_year_bounds, month_day_in_year

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "half_down": ROUND_HALF_DOWN,
          "down": ROUND_DOWN, "up": ROUND_CEILING}


def _round(value: float, quantum, mode: str) -> float:
    q = Decimal(str(quantum))
    return float((Decimal(repr(value)).quantize(Decimal("1e-6"), ROUND_HALF_UP) / q).to_integral_value(_MODES[mode]) * q)


def _in_calendar(day: dt.date, cal) -> bool:
    start, end = (tuple(int(x) for x in cal.start.split("-")), tuple(int(x) for x in cal.end.split("-")))
    md = (day.month, day.day)
    return start <= md <= end if start <= end else (md >= start or md <= end)


def _day_weight(day: dt.date, proration: str, contract: Contract, schedule: Schedule) -> float:
    """One day's weight under a convention, worked out for that day alone."""
    cal = schedule.work_calendar or contract.work_calendar
    if proration == "calendar_days":
        return 1.0
    if proration == "pay_periods":
        pay = contract.pay_periods
        work_end = pay.anchor - dt.timedelta(days=pay.lag_days)
        return 1.0 if (day - work_end).days % 14 == 0 else 0.0
    if not _in_calendar(day, cal):
        return 0.0
    if proration == "school_year" and cal.weigh_by == "months":
        return 1.0 / calendar.monthrange(day.year, day.month)[1]
    return 1.0 if day.weekday() < 5 and day not in cal.holidays else 0.0


def _proration(row, contract: Contract, schedule: Schedule, override: str | None) -> str:
    given = getattr(row, "proration", None)
    if override:
        return override
    if isinstance(given, str) and given.strip():
        return given.strip()
    return schedule.proration or contract.proration


def _in_force(items, day, key=lambda x: x.effective):
    current = None
    for item in sorted(items, key=key):
        if key(item) <= day:
            current = item
    return current


def _anniversaries(schedule: Schedule, lo: dt.date, hi: dt.date, back: bool = False) -> list[dt.date]:
    """Step days in (lo, hi]; with ``back``, the first rule's month-day also before its effective date."""
    rules = sorted(schedule.step_rules.anniversary, key=lambda a: a.effective)
    days = []
    for k, rule in enumerate(rules):
        stop = rules[k + 1].effective if k + 1 < len(rules) else dt.date(9999, 1, 1)
        since = dt.date(1, 1, 1) if back and k == 0 else rule.effective
        for year in range(lo.year - 1, hi.year + 2):
            day = month_day_in_year(rule.month_day, year)
            if since <= day < stop and lo < day <= hi:
                if not any(f.start <= day < f.until for f in schedule.step_rules.freezes):
                    days.append(day)
    return sorted(set(days))


def _start(row) -> dt.date:
    return row.start_date.date() if pd.notna(row.start_date) else dt.date.min


_ALL: dict[int, tuple[Schedule, dt.date, list[dt.date]]] = {}


def _all_anniversaries(schedule: Schedule, as_of: dt.date) -> list[dt.date]:
    """Every step day from 1900 to the roster date, the first rule taken back (kept per schedule: asked for daily)."""
    kept = _ALL.get(id(schedule))
    if kept is None or kept[0] is not schedule or kept[1] != as_of:
        kept = _ALL[id(schedule)] = (schedule, as_of, _anniversaries(schedule, dt.date(1900, 1, 2), as_of, back=True))
    return kept[2]


def _moved_on(schedule: Schedule, row, anniversary: dt.date) -> bool:
    """Whether the person moves a step on this anniversary: after their start day, the service rule met."""
    served_from = max(row.seniority_date.date(), _start(row))
    return anniversary > _start(row) and (anniversary - served_from).days >= schedule.step_rules.min_service_days


def _held_before(schedule: Schedule, row, day: dt.date, as_of: dt.date, pos: int, cap: int,
                 dwell: list[int], held: int) -> int:
    """The step position on a day before the roster date, walked back one anniversary at a time over
    the anniversaries moved on in (day, as_of]: each first takes a year off the years on the step
    (``held`` on the roster date), then, with none left, puts the person on the step below with its
    dwell less one year on it (``advance_by`` steps below, where a step takes one year); never below
    the first step. Someone on their top step was there already if they moved on more anniversaries
    than the years from the first step to it: those spare ones are the years on it, used up first
    (on a dwell schedule counted as :func:`_years_on_step` counts them)."""
    adv = schedule.step_rules.advance_by
    if not adv:
        return pos
    moved = [a for a in _all_anniversaries(schedule, as_of) if _moved_on(schedule, row, a)]
    if pos >= cap and max(dwell) > 1:  # on a dwell schedule, the years on it from service
        held = _years_on_step(schedule, row, pos, as_of, dwell, top=True)
    elif pos >= cap:  # one step a year: the anniversaries moved on beyond those that climb to it
        held = max(0, len(moved) - -(-pos // adv))
    for _ in (a for a in reversed(moved) if a > day):
        if held > 0:
            held -= 1
        elif pos > 0:
            pos = max(pos - (adv if max(dwell) == 1 else 1), 0)
            held = dwell[pos] - 1
    return pos


def _years_on_step(schedule: Schedule, row, pos: int, as_of: dt.date, dwell: list[int], top: bool = False) -> int:
    """Years a person has held their roster step on the roster date, read from service: the eligible
    anniversaries from the seniority date to the roster date less the dwells of the steps below, at
    most the step's dwell less one (on their top step, no most)."""
    if max(dwell) == 1:
        return 0
    served_from = max(row.seniority_date.date(), _start(row))
    lo = min(row.seniority_date.date(), max(_start(row), dt.date(1900, 1, 2))) - dt.timedelta(days=1)
    served = sum(1 for a in _anniversaries(schedule, lo, as_of)
                 if a > served_from and (a - served_from).days >= schedule.step_rules.min_service_days)
    on_it = max(served - sum(dwell[:pos]), 0)
    return on_it if top else min(on_it, dwell[pos] - 1)


def _step_position(schedule: Schedule, row, day: dt.date, as_of: dt.date) -> int:
    steps = list(schedule.steps)
    pos = steps.index(row.step)
    cap = steps.index(row.max_step) if isinstance(getattr(row, "max_step", None), str) and row.max_step else len(steps) - 1
    cap = max(cap, pos)
    rules = schedule.step_rules
    dwell = list(rules.dwell) + [1] if rules.dwell else [rules.dwell_years] * len(steps)
    held = _years_on_step(schedule, row, pos, as_of, dwell)
    if day < as_of:
        pos, held = _held_before(schedule, row, day, as_of, pos, cap, dwell, held), 0
    events = [(a, "step") for a in _anniversaries(schedule, as_of, day)]
    events += [(x.effective, "drop", steps.index(x.step) + 1) for x in rules.entry_drops if x.effective <= day]
    drops_first = rules.drop_order == "before_steps"
    for event in sorted(events, key=lambda e: (e[0], (e[1] == "drop") != drops_first)):  # the stated order on a day
        if event[1] == "drop":
            if pos < event[2]:
                pos, held = event[2], 0
        elif _moved_on(schedule, row, event[0]) and event[0] > as_of:
            held += 1
            if held >= dwell[pos] and pos < cap:  # a year on the step for each anniversary; a step per dwell
                pos, held = min(pos + (rules.advance_by if dwell[pos] == 1 else 1), cap), 0
    return min(pos, cap)


def _years(seniority: dt.date, day: dt.date) -> int:
    return day.year - seniority.year - ((day.month, day.day) < (seniority.month, seniority.day))


def _longevity(lg, seniority: dt.date, day: dt.date, start: dt.date) -> float:
    tables = sorted(lg.tables, key=lambda t: t.effective)
    table = _in_force(tables, day)
    if table is None:
        return 0.0

    def amount(t, years):
        return float(max([v for k, v in t.amounts.items() if years >= k], default=0))

    value = amount(table, _years(seniority, day))
    k = tables.index(table)
    if table.hold_harmless and k > 0 and start <= table.effective:
        as_of = day if table.hold_harmless == "continuing" else table.effective
        value = max(value, amount(tables[k - 1], _years(seniority, as_of)))
    return value


def _rule_holds(rule, row, day: dt.date) -> bool:
    """One eligibility rule for one person, read on ``day`` (a service rule with no date of its own)."""
    start = _start(row)
    end = row.end_date.date() if pd.notna(row.end_date) else dt.date.max
    if rule.employed_on is not None:
        return start <= rule.employed_on <= end
    if rule.ended_between is not None:
        span, reason = rule.ended_between, str(getattr(row, "end_reason", "") or "").strip().lower()
        return (span.start <= end <= span.end) and (not span.reasons or reason in {r.lower() for r in span.reasons})
    if rule.years_of_service is not None:
        return _years(row.seniority_date.date(), rule.years_of_service.on or day) >= rule.years_of_service.at_least
    if rule.min_fte is not None:
        return row.fte >= float(rule.min_fte) - 1e-9
    value = getattr(row, rule.column.column)
    try:
        return any(float(value) == float(v) for v in rule.column.values)
    except (TypeError, ValueError):
        return str(value).strip() in rule.column.values


def _eligible(rules, row, day: dt.date) -> bool:
    """Every ``all_of`` rule and one ``any_of`` rule (when given), all read on ``day``."""
    if rules is None:
        return True
    return (all(_rule_holds(r, row, day) for r in rules.all_of)
            and (not rules.any_of or any(_rule_holds(r, row, day) for r in rules.any_of)))


def _pay_day(s, row, fy: int, contract: Contract, schedule: Schedule, proration: str) -> dt.date:
    """A non-prorated stipend's pay day: stated, else the work year's first day; moved to a value's start."""
    lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
    if s.pay_month_day:
        pay = month_day_in_year(s.pay_month_day, lo.year)
        if not lo <= pay < hi:
            pay = month_day_in_year(s.pay_month_day, lo.year + 1)
    else:
        pay = lo
        if proration in ("school_year", "work_days"):
            cal = schedule.work_calendar or contract.work_calendar
            day = lo
            while day < hi and not (day.month, day.day) == tuple(int(x) for x in cal.start.split("-")):
                day += dt.timedelta(days=1)
            pay = day if day < hi else lo
    value = _in_force(s.values, pay)
    if value is None or value.amount == 0:
        later = [v for v in sorted(s.values, key=lambda v: v.effective) if pay < v.effective < hi]
        if later:
            pay = later[0].effective
    return pay


def _lump_longevity(lg, row, fy: int, contract: Contract, rule: str, schedule: Schedule, length: float) -> float:
    """A lump longevity payment: the amount on the pay day to those employed then; with
    ``leavers_pro_rata``, a leaver before the pay day for a stated reason gets the amount on their
    last day x the share of the year they served (the days' weights from the year's start)."""
    lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
    pay = month_day_in_year(lg.pay_month_day, lo.year)
    if not lo <= pay < hi:
        pay = month_day_in_year(lg.pay_month_day, lo.year + 1)
    start = _start(row)
    end = row.end_date.date() if pd.notna(row.end_date) else dt.date.max
    scale = row.fte if lg.fte_scaled else 1.0
    if start <= pay <= end:
        return _longevity(lg, row.seniority_date.date(), pay, start) * scale
    leavers = lg.leavers_pro_rata
    reason = str(getattr(row, "end_reason", "") or "").strip().lower()
    if leavers is None or not lo <= end < pay or (leavers.reasons and reason not in {r.lower() for r in leavers.reasons}):
        return 0.0
    served = sum(_day_weight(lo + dt.timedelta(days=k), rule, contract, schedule)
                 for k in range((end - lo).days + 1) if lo + dt.timedelta(days=k) >= start) / length
    return _longevity(lg, row.seniority_date.date(), end, start) * served * scale


def _own_pay(schedule: Schedule, row, table, as_of: dt.date, units: float) -> float:
    """A red-circled person's own rate as a year's pay (0 without one): frozen, or raised by the
    percent their roster-date cell rose since the roster date (``cell_raises``)."""
    own = getattr(row, "own_rate", None)
    if own is None or pd.isna(own):
        return 0.0
    rate = float(own)
    if schedule.red_circle == "cell_raises":
        then = _in_force(schedule.tables, as_of) or schedule.tables[0]
        ratio = float(table.rates[row.lane][row.step]) / float(then.rates[row.lane][row.step])
        rate = _round(rate * ratio, schedule.rounding.rate, schedule.rounding.mode)
    return _round(rate * units, schedule.rounding.annual, schedule.rounding.mode)


def _own(row, column: str) -> float | None:
    value = getattr(row, column, None)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def _basis(schedule: Schedule, row, day: dt.date) -> tuple[float, float]:
    """(hours a day as paid, days a year) for one person on one day: their own, else the schedule's in force
    (each dated change naming what it changes); a time worked the schedule states a factor for is paid it."""
    hours, days = schedule.work_year.hours_per_day, schedule.work_year.days_per_year
    for change in sorted(schedule.work_year_changes, key=lambda c: c.effective):
        if change.effective <= day:
            hours = change.hours_per_day if change.hours_per_day is not None else hours
            days = change.days_per_year if change.days_per_year is not None else days
    hours = _own(row, "hours_per_day") if _own(row, "hours_per_day") is not None else float(hours or 0)
    days = _own(row, "days_per_year") if _own(row, "days_per_year") is not None else float(days or 0)
    for time, factor in schedule.paid_hours.items():
        hour, minute = (int(x) for x in time.split(":"))
        if round(hours * 60) == hour * 60 + minute:
            hours = float(factor)
    return hours, days


def _floors(schedule: Schedule, row, as_of: dt.date, start: dt.date, end: dt.date) -> list[tuple[dt.date, float]]:
    """(date, a year's pay at full FTE) of each per-person floor under a raise this person has: their pay
    on the raise's date before it (or an earlier floor) plus the amount, by their own work year and FTE."""
    out: list[tuple[dt.date, float]] = []
    before = float("-inf")
    for floor in sorted(schedule.raise_floors, key=lambda f: f.effective):
        day = floor.effective
        step = schedule.steps[_step_position(schedule, row, day, as_of)]
        rate = floor.rates.get(row.lane, {}).get(step)
        covered = (floor.lanes is None or row.lane in floor.lanes) and (floor.steps is None or step in floor.steps)
        if not (start <= day <= end and covered and rate is not None):
            continue
        hours, days = _basis(schedule, row, day)
        units = {"hourly": hours * days, "daily": days, "annual": 1.0}[schedule.rate_unit]
        old = _round(float(rate) * units, schedule.rounding.annual, schedule.rounding.mode)
        amount = float(floor.amount) * {"year": 1.0, "hour": hours * days, "day": days}[floor.per]
        before = max(before, _round(max(old, before) + amount / (1.0 if floor.fte_scaled else row.fte),
                                    schedule.rounding.annual, schedule.rounding.mode))
        out.append((day, before))
    return out


def reference_project(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], as_of: dt.date,
                      proration: str | None = None) -> pd.DataFrame:
    """Per employee and year: base, longevity and each stipend, by walking every day."""
    rows = []
    for row in roster.itertuples(index=False):
        schedule = contract.schedule(row.schedule)
        rule = _proration(row, contract, schedule, proration)
        start = _start(row)
        end = row.end_date.date() if pd.notna(row.end_date) else dt.date.max
        floors = _floors(schedule, row, as_of, start, end)
        for fy in fiscal_years:
            lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
            year_days = [lo + dt.timedelta(days=k) for k in range((hi - lo).days)]
            length = sum(_day_weight(x, rule, contract, schedule) for x in year_days)
            if rule == "pay_periods" and contract.pay_periods.twenty_seventh == "paid":
                length = float(contract.pay_periods.per_year)
            sums: dict[str, float] = {}
            for s in contract.stipends:
                if s.kind == "annual" and not s.prorated and (s.schedules is None or row.schedule in s.schedules):
                    pay = _pay_day(s, row, fy, contract, schedule, rule)
                    value = _in_force(s.values, pay)
                    if value is not None and start <= pay <= end and _eligible(s.eligible, row, pay):
                        q = float(getattr(row, s.column)) if s.column else 1.0
                        scale = row.fte if s.fte_scaled else 1.0
                        sums[f"stipend:{s.name}"] = float(value.amount) * q * scale
            for day in year_days:
                weight = _day_weight(day, rule, contract, schedule) / length
                if start <= day <= end and weight:
                    table = _in_force(schedule.tables, day)
                    pos = _step_position(schedule, row, day, as_of)
                    rate = float(table.rates[row.lane][schedule.steps[pos]])
                    hours, days = _basis(schedule, row, day)
                    units = {"hourly": hours * days, "daily": days, "annual": 1.0}[schedule.rate_unit]
                    annual = _round(rate * units, schedule.rounding.annual, schedule.rounding.mode)
                    annual = max([annual, _own_pay(schedule, row, table, as_of, units),
                                  *(value for since, value in floors if since <= day)])
                    sums["base"] = sums.get("base", 0.0) + annual * row.fte * weight
                    for lg in contract.longevity:
                        if lg.payment == "prorated" and (lg.schedules is None or row.schedule in lg.schedules):
                            amount = _longevity(lg, row.seniority_date.date(), day, start)
                            scale = row.fte if lg.fte_scaled else 1.0
                            sums["longevity"] = sums.get("longevity", 0.0) + amount * weight * scale
                    for s in contract.stipends:
                        if s.kind in ("annual", "per_hour", "per_day") and s.prorated and (s.schedules is None or row.schedule in s.schedules):
                            value = _in_force(s.values, day)
                            q = float(getattr(row, s.column)) if s.column else 1.0
                            if value is not None and _eligible(s.eligible, row, day):
                                key = f"stipend:{s.name}"
                                sums[key] = sums.get(key, 0.0) + float(value.amount) * q * weight
            for lg in contract.longevity:
                if lg.payment == "lump" and (lg.schedules is None or row.schedule in lg.schedules):
                    amount = _lump_longevity(lg, row, fy, contract, rule, schedule, length)
                    if amount:
                        sums["longevity"] = sums.get("longevity", 0.0) + amount
            for component, amount in sums.items():
                rows.append({"fiscal_year": fy, "employee_id": row.employee_id, "component": component,
                             "amount": float(Decimal(repr(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP))})
    return pd.DataFrame(rows, columns=["fiscal_year", "employee_id", "component", "amount"])
