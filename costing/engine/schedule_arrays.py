"""A schedule as numpy arrays, and the dates on which something changes for everybody.

The projection looks up rates for millions of pieces of a year at once: each schedule's dated
tables become one ``[table, lane, position]`` array, its step anniversaries, entry-step drops,
work-year changes and unit changes become sorted day numbers, and the in-force lookup
(:func:`costing.inputs.dated.in_force_index`) picks the one in force on each piece's day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from ..inputs.dated import in_force_index, walk_dated
from ..inputs.models import Contract, Schedule, Selector
from . import dates as d
from .money import round_array
from .rate_tables import work_year_in_force


@dataclass(frozen=True)
class ScheduleArrays:
    """One schedule's tables and step rules as numpy arrays (dates as day numbers)."""

    schedule: Schedule
    steps: tuple[str, ...]
    table_days: np.ndarray          # effective day of each table
    rates: np.ndarray               # [table, lane, position] (NaN = no such cell)
    anniversaries: np.ndarray       # days of step movement (freezes removed)
    past_anniversaries: np.ndarray  # the same, the first step date taken back to the first year (steps held before the roster date)
    drops: tuple[tuple[int, int], ...]  # (day, lowest position allowed from then on)
    basis_days: np.ndarray          # work-year change days (the first is the contract's basis, always in force)
    hours: np.ndarray               # hours per day of each work-year basis
    days: np.ndarray                # days per year of each work-year basis
    unit_days: np.ndarray           # unit change days
    units: tuple[str, ...]          # the unit before the first change, then after each
    annual: np.ndarray              # [basis, table, lane, position]: a year's pay, rounded by the schedule's rule
    hourly: np.ndarray              # [basis, table, lane, position]: the hourly-equivalent rate


def schedule_arrays(schedule: Schedule, first_year: int, last_year: int) -> ScheduleArrays:
    """The schedule's arrays, with its anniversaries in calendar years ``first_year``-``last_year``."""
    steps = tuple(schedule.steps)
    lanes = list(schedule.lanes)
    rates = np.full((len(schedule.tables), len(lanes), len(steps)), np.nan)
    for t, table in enumerate(schedule.tables):
        for lane, cells in table.rates.items():
            for step, rate in cells.items():
                rates[t, lanes.index(lane), steps.index(step)] = float(rate)
    changes = sorted(schedule.work_year_changes, key=lambda c: c.effective)
    basis_dates = [dt.date(1800, 1, 1)] + [c.effective for c in changes]
    bases = [work_year_in_force(schedule, day) for day in basis_dates]
    unit_changes = sorted(schedule.unit_changes, key=lambda c: c.effective)
    hours = np.array([float(b.hours_per_day or 0) for b in bases])
    days = np.array([float(b.days_per_year or 0) for b in bases])
    annual, hourly = pay_of_rates(schedule, rates[None], hours[:, None, None, None], days[:, None, None, None])
    return ScheduleArrays(
        schedule=schedule, steps=steps, rates=rates, annual=annual, hourly=hourly,
        table_days=np.array([d.day_number(t.effective) for t in schedule.tables], dtype=np.int64),
        anniversaries=_anniversary_days(schedule, first_year, last_year),
        past_anniversaries=_anniversary_days(schedule, first_year, last_year, back=True),
        drops=tuple((d.day_number(x.effective), steps.index(x.step) + 1) for x in schedule.step_rules.entry_drops),
        basis_days=np.array([d.day_number(x) for x in basis_dates], dtype=np.int64),
        hours=hours, days=days,
        unit_days=np.array([d.day_number(c.effective) for c in unit_changes], dtype=np.int64),
        units=(schedule.unit, *(c.unit for c in unit_changes)),
    )


def pay_of_rates(schedule: Schedule, rate: np.ndarray, hours: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a year's pay, the hourly-equivalent rate) of rates on a work-year basis of ``hours`` per day
    and ``days`` per year: the rate x the basis (hours x days, days, or 1), rounded by the
    schedule's rule (docs/method.md, rounding 2)."""
    unit = schedule.rate_unit
    units = hours * days if unit == "hourly" else days if unit == "daily" else np.ones_like(hours)
    rounding = schedule.rounding
    annual = round_array(rate * units, float(rounding.annual), rounding.mode)
    if unit == "hourly":
        return annual, rate if rate.shape == annual.shape else np.broadcast_to(rate, annual.shape)
    return annual, annual / np.where(hours * days > 0, hours * days, np.nan)


def _anniversary_days(schedule: Schedule, first_year: int, last_year: int, back: bool = False) -> np.ndarray:
    """Every step-movement day in the years: each anniversary rule from its effective date until
    the next rule's, less the days inside a freeze. With ``back``, the first rule also before its
    effective date (a contract states its step date from some day on; people moved on it before,
    and the steps held before the roster date count those moves: docs/method.md)."""
    rules = sorted(schedule.step_rules.anniversary, key=lambda a: a.effective)
    out = []
    for k, rule in enumerate(rules):
        stop = rules[k + 1].effective if k + 1 < len(rules) else dt.date(9999, 1, 1)
        since = dt.date(1, 1, 1) if back and k == 0 else rule.effective
        for year in range(first_year, last_year + 1):
            day = d.month_day_in_year(rule.month_day, year)
            if since <= day < stop and not any(f.start <= day < f.until for f in schedule.step_rules.freezes):
                out.append(d.day_number(day))
    return np.array(sorted(set(out)), dtype=np.int64)


def with_old_rates(new: ScheduleArrays, old: Schedule) -> ScheduleArrays:
    """A schedule's old rates (a retro item's ``old_schedules``) under the new step movement.

    Retro pay is the difference between the new and the old rates at the same placement, so
    the anniversaries and entry-step drops stay the new schedule's: only the rates differ.
    """
    return replace(schedule_arrays(old, 1900, 1899), anniversaries=new.anniversaries,
                   past_anniversaries=new.past_anniversaries, drops=new.drops)


def shared_breaks(contract: Contract, schedules: tuple[ScheduleArrays, ...]) -> np.ndarray:
    """Every day on which something changes for everybody: a piece of a year never straddles one.

    Every dated value of the contract (:func:`costing.inputs.dated.walk_dated`: rate tables,
    work years, units, entry-step drops, longevity tables, stipend amounts ...), so a dated value
    added to the models is a break without being listed here; plus what the contract implies
    rather than dates: each step anniversary, and each retro period's bounds.
    """
    days = {d.day_number(value.effective) for _, value in walk_dated(contract)}
    for a in schedules:
        days.update(a.anniversaries.tolist())
    for retro in contract.retro:
        days.update((d.day_number(retro.start), d.day_number(retro.until)))
    return np.array(sorted(days), dtype=np.int64)


def unit_index(a: ScheduleArrays, on: np.ndarray) -> np.ndarray:
    """Index into ``a.units`` of the unit the schedule belongs to on each day."""
    return in_force_index(a.unit_days, on) + 1


def selected(selector: Selector, schedules: tuple[ScheduleArrays, ...], sched: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Which pieces a provision applies to: by schedule, or by the schedule's unit on the piece's day."""
    if selector.schedules is None and selector.units is None:
        return np.ones(len(sched), dtype=bool)
    mask = np.zeros(len(sched), dtype=bool)
    for code, a in enumerate(schedules):
        in_sched = sched == code
        if selector.schedules is not None and a.schedule.name in selector.schedules:
            mask |= in_sched
        elif selector.units is not None:
            wanted = np.array([unit in selector.units for unit in a.units])
            mask |= in_sched & wanted[unit_index(a, on)]
    return mask


def name_table(names: list[tuple[str, ...]]) -> np.ndarray:
    """Names per schedule as one 2-D object array (rows padded with None), for vectorized lookup."""
    table = np.full((len(names), max((len(x) for x in names), default=0)), None, dtype=object)
    for k, row in enumerate(names):
        table[k, :len(row)] = row
    return table
