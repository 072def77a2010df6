"""Per-person floors under a raise: "2.25% or $900, whichever is greater", for each person.

A raise stated per person needs each person's own pay, which a grid does not hold: the cells rise
by the percent (a :func:`costing.engine.rate_tables.raise_percent`), and each person on the
schedule on the raise's date, on a covered cell, is paid at least a floor from that date: their
pay that day before the raise (their placement and their own work year that day, at the table the
raise was applied to, or an earlier floor if it paid more) plus the amount, converted by their own
work year (an amount an hour times their hours a day and days a year) and, for a part-timer, by
their FTE unless the raise says otherwise. The floor is a fixed yearly pay at full FTE: later
raises go to the cells, and a person returns to the grid once their cell pays more (a step, a
later raise). A piece's pay is the greater of its cell's and the floor, so everything read from
the rates (percent stipends, hours at the person's rate, daily rates, retro) sees the floor too.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import dates as d
from .money import round_array
from .schedule_arrays import ScheduleArrays, pay_of_rates

# where each piece's person stands on one day: (lane code, step position, hours a day, days a year)
Placed = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def floored(a: ScheduleArrays, on: np.ndarray, annual: np.ndarray, hourly: np.ndarray, fte: np.ndarray,
            employed: Callable[[int], np.ndarray], placed: Placed) -> tuple[np.ndarray, np.ndarray]:
    """Each piece's year of pay (and hourly-equivalent rate) raised to its person's floor, where one applies.

    ``employed(day)`` and ``placed(days)`` describe the pieces' people on a day (one entry per piece).
    """
    schedule = a.schedule
    if not schedule.raise_floors:
        return annual, hourly
    before = np.full(len(on), -np.inf)   # each piece's person's floor so far (a year's pay at full FTE)
    out = annual
    for floor in sorted(schedule.raise_floors, key=lambda f: f.effective):
        day = d.day_number(floor.effective)
        lane, pos, hours, days = placed(np.full(len(on), day))
        old_rate = _rates(a, floor.rates)[lane, pos]
        old, _ = pay_of_rates(schedule, old_rate, hours, days)
        amount = float(floor.amount) * {"year": 1.0, "hour": hours * days, "day": days}[floor.per]
        scale = 1.0 if floor.fte_scaled else np.where(fte > 0, fte, 1.0)
        value = round_array(np.maximum(old, before) + amount / scale, float(schedule.rounding.annual),
                            schedule.rounding.mode)
        covered = employed(day) & _covered(a, floor, lane, pos) & ~np.isnan(old_rate)
        before = np.where(covered, np.maximum(before, value), before)
        out = np.where(covered & (on >= day), np.maximum(out, value), out)
    with np.errstate(divide="ignore", invalid="ignore"):
        hourly = np.where(out > annual, hourly * out / np.where(annual > 0, annual, 1.0), hourly)
    return out, hourly


def _rates(a: ScheduleArrays, rates: dict) -> np.ndarray:
    """A table's rates as a [lane, position] array (NaN where a lane has no such step)."""
    out = np.full((len(a.schedule.lanes), len(a.steps)), np.nan)
    for k, lane in enumerate(a.schedule.lanes):
        for step, rate in rates.get(lane, {}).items():
            out[k, a.steps.index(step)] = float(rate)
    return out


def _covered(a: ScheduleArrays, floor, lane: np.ndarray, pos: np.ndarray) -> np.ndarray:
    lanes = np.array([floor.lanes is None or x in floor.lanes for x in a.schedule.lanes])
    steps = np.array([floor.steps is None or x in floor.steps for x in a.steps])
    return lanes[lane] & steps[pos]
