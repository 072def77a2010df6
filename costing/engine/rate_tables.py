"""Rate-table arithmetic: raise, add a flat amount, rebuild by a step ratio, replace.

Each function takes a schedule and returns a new one; nothing is edited in place. A change dated
``D`` works on the table in force on ``D``: if no table starts on ``D``, a copy of the one in
force is inserted first. Percent, flat and rebuild changes then carry into every later table
(they are base-building), while a replacement sets only the table on ``D``.

Every table a change touches keeps the change's reference (appended to ``sources``) and the
weaker of the two statuses, so a cell can be traced to every source that made it and a table
made from an illustrative figure is illustrative too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from ..inputs.dated import in_force
from ..inputs.models import RateTable, Schedule, WorkYear, weakest
from .money import round_decimal

Rates = dict[str, dict[str, Decimal]]


def table_in_force(schedule: Schedule, day: dt.date) -> RateTable:
    """The table with the latest effective date on or before ``day``; ValueError if none."""
    current = in_force(schedule.tables, day)
    if current is None:
        raise ValueError(f"schedule {schedule.name!r} has no table in force on {day}")
    return current


def rate_in_force(schedule: Schedule, lane: str, step: str, day: dt.date) -> Decimal:
    """The rate of one cell on one day: the lookup a negotiator does by hand on the printed grid."""
    table = table_in_force(schedule, day)
    try:
        return table.rates[lane][step]
    except KeyError:
        raise ValueError(f"schedule {schedule.name!r} has no rate for lane {lane!r} step {step!r} on {day}") from None


def work_year_in_force(schedule: Schedule, day: dt.date) -> WorkYear:
    """The work-year basis in force on ``day`` (the contract's, or a later dated change), its hours a
    day as paid (:func:`paid_hours`)."""
    current: WorkYear = schedule.work_year
    for change in sorted(schedule.work_year_changes, key=lambda c: c.effective):
        if change.effective > day:
            break
        current = WorkYear(  # a change names what it changes; the rest stays as it was
            hours_per_day=change.hours_per_day if change.hours_per_day is not None else current.hours_per_day,
            days_per_year=change.days_per_year if change.days_per_year is not None else current.days_per_year,
        )
    if current.hours_per_day is None or not schedule.paid_hours:
        return current
    return current.model_copy(update={"hours_per_day": Decimal(str(paid_hours(schedule, float(current.hours_per_day))))})


def paid_hours(schedule: Schedule, hours):
    """Hours a day as the schedule pays them: a time worked it states a factor for, to the nearest
    minute (Boston's paras: 6 h 10 min, 6.1667 hours, is paid "times 6.17"; 7 h 15 min, 7.25, "times
    7.27"), else the hours as given. The factor is the contract's, not minutes / 60. Works on a
    number or an array (a roster's own hours; NaN stays NaN)."""
    if not schedule.paid_hours:
        return hours
    out = np.array(hours, dtype=float)
    minutes = np.round(out * 60)
    for time, factor in schedule.paid_hours.items():
        hour, minute = time.split(":")
        out = np.where(minutes == int(hour) * 60 + int(minute), float(factor), out)
    return out if out.ndim else float(out)


def units_per_year(schedule: Schedule, day: dt.date) -> Decimal:
    """How many of the schedule's rate units make a year (1,365 hours for 6.5 h x 210 days)."""
    basis = work_year_in_force(schedule, day)
    if schedule.rate_unit == "hourly":
        return basis.hours_per_day * basis.days_per_year
    if schedule.rate_unit == "daily":
        return basis.days_per_year
    return Decimal(1)


def flat_in_rate_unit(schedule: Schedule, day: dt.date, amount: Decimal, per: str) -> Decimal:
    """A flat amount stated per year, hour or day, expressed in the schedule's rate unit."""
    basis = work_year_in_force(schedule, day)
    per_year = {
        "year": amount,
        "hour": amount * (basis.hours_per_day or 0) * (basis.days_per_year or 0),
        "day": amount * (basis.days_per_year or 0),
    }[per]
    if per in ("hour", "day") and per_year == 0:
        raise ValueError(f"schedule {schedule.name!r} has no work-year basis to convert a per-{per} amount")
    return per_year / units_per_year(schedule, day)


def _with_version_on(schedule: Schedule, day: dt.date) -> Schedule:
    """The schedule with a table starting exactly on ``day``: a copy of the one in force, whose
    status it keeps; its sources start with the change about to make it."""
    if any(t.effective == day for t in schedule.tables):
        return schedule
    base = table_in_force(schedule, day)
    copy = RateTable(effective=day, status=base.status, rates={lane: dict(cells) for lane, cells in base.rates.items()})
    tables = sorted((*schedule.tables, copy), key=lambda t: t.effective)
    return schedule.model_copy(update={"tables": tuple(tables)})


def _changed(table: RateTable, rates: Rates, reference: str, status: str) -> RateTable:
    """The table with new rates, the change's reference appended to its sources and the weaker status."""
    sources = (*table.sources, reference) if reference else table.sources
    return table.model_copy(update={"rates": rates, "sources": sources, "status": weakest(table.status, status)})


def _map_tables(schedule: Schedule, day: dt.date, reference: str, status: str, fn,
                only_that_day: bool = False) -> Schedule:
    """Apply ``fn(rates) -> rates`` to the table on ``day`` and (unless told) every later one."""
    schedule = _with_version_on(schedule, day)
    tables = tuple(_changed(t, fn(t.rates), reference, status)
                   if (t.effective == day if only_that_day else t.effective >= day) else t
                   for t in schedule.tables)
    for table in tables:
        _check_positive(schedule, table)
    return schedule.model_copy(update={"tables": tables})


def _check_positive(schedule: Schedule, table: RateTable) -> None:
    """A change that leaves a rate at zero or below is refused where it is written, naming the cell."""
    for lane, cells in table.rates.items():
        for step, rate in cells.items():
            if rate <= 0:
                raise ValueError(f"leaves schedule {schedule.name!r} lane {lane} step {step} at {rate} in the table of"
                                 f" {table.effective}; a rate must be above 0")


def _selected(lane: str, step: str, lanes, steps) -> bool:
    return (lanes is None or lane in lanes) and (steps is None or step in steps)


def raise_percent(schedule: Schedule, day: dt.date, percent: Decimal, reference: str = "",
                  lanes=None, steps=None, status: str = "stated") -> Schedule:
    """Every selected cell x (1 + percent/100), rounded by the schedule's rate rule."""
    factor = 1 + Decimal(percent) / 100
    rule = schedule.rounding

    def fn(rates: Rates) -> Rates:
        return {
            lane: {
                step: round_decimal(rate * factor, rule.rate, rule.mode) if _selected(lane, step, lanes, steps) else rate
                for step, rate in cells.items()
            }
            for lane, cells in rates.items()
        }

    return _map_tables(schedule, day, reference, status, fn)


def add_flat(schedule: Schedule, day: dt.date, amount: Decimal, per: str, reference: str = "",
             lanes=None, steps=None, status: str = "stated") -> Schedule:
    """Every selected cell + a flat amount converted to the rate unit, rounded once after adding."""
    addition = flat_in_rate_unit(schedule, day, Decimal(amount), per)
    rule = schedule.rounding

    def fn(rates: Rates) -> Rates:
        return {
            lane: {
                step: round_decimal(rate + addition, rule.rate, rule.mode) if _selected(lane, step, lanes, steps) else rate
                for step, rate in cells.items()
            }
            for lane, cells in rates.items()
        }

    return _map_tables(schedule, day, reference, status, fn)


def raise_greater_of(schedule: Schedule, day: dt.date, percent: Decimal, amount: Decimal, per: str,
                     reference: str = "", lanes=None, steps=None, status: str = "stated") -> Schedule:
    """Every selected cell raised by the greater of a percent and an amount ("2.25% or $900, whichever
    is greater", per cell): the greater of the cell x (1 + percent/100) and the cell + the amount
    converted to the rate unit through the work year, each rounded by the schedule's rate rule."""
    factor = 1 + Decimal(percent) / 100
    addition = flat_in_rate_unit(schedule, day, Decimal(amount), per)
    rule = schedule.rounding

    def raised(rate: Decimal) -> Decimal:
        return max(round_decimal(rate * factor, rule.rate, rule.mode), round_decimal(rate + addition, rule.rate, rule.mode))

    def fn(rates: Rates) -> Rates:
        return {lane: {step: raised(rate) if _selected(lane, step, lanes, steps) else rate for step, rate in cells.items()}
                for lane, cells in rates.items()}

    return _map_tables(schedule, day, reference, status, fn)


def rebuild(schedule: Schedule, day: dt.date, ratio: Decimal, from_step: str | None = None,
            reference: str = "", status: str = "stated") -> Schedule:
    """Recompute each lane's steps after ``from_step`` as previous step x ratio, rounding each.

    This is how Chelsea's sheet is made: only step 1 is raised; the other steps follow from it
    with a fixed 6 % step differential.
    """
    order = list(schedule.steps)
    start = order.index(from_step) if from_step is not None else 0
    rule = schedule.rounding

    def fn(rates: Rates) -> Rates:
        out: Rates = {}
        for lane, cells in rates.items():
            new = dict(cells)
            previous = None
            for step in order[start:]:
                if step not in cells:
                    continue
                if previous is not None:
                    new[step] = round_decimal(new[previous] * Decimal(ratio), rule.rate, rule.mode)
                previous = step
            out[lane] = new
        return out

    return _map_tables(schedule, day, reference, status, fn)


def rebuild_by_differences(schedule: Schedule, day: dt.date, differences, per: str = "year",
                           from_step: str | None = None, reference: str = "", status: str = "stated") -> Schedule:
    """Recompute each lane's steps after ``from_step`` as the step before plus a stated difference,
    rounding each: an equal amount between steps (Nashoba's FY2019 grid, $3,209 apart) or one amount
    for each step after ``from_step``, in the schedule's steps' order. Each lane starts from its own
    first step at or after ``from_step``; a step a lane does not have (a blank cell) still counts its
    difference, so the step after it is the one before plus both differences. Amounts are per
    ``per`` (year, hour, day), converted to the rate unit through the work year on ``day``.
    """
    order = list(schedule.steps)
    start = order.index(from_step) if from_step is not None else 0
    gaps = [flat_in_rate_unit(schedule, day, Decimal(x), per) for x in differences]
    if len(gaps) != len(order) - start - 1:
        raise ValueError(f"differences gives {len(gaps)} amounts; schedule {schedule.name!r} has"
                         f" {len(order) - start - 1} steps after {order[start]}")
    rule = schedule.rounding

    def fn(rates: Rates) -> Rates:
        out: Rates = {}
        for lane, cells in rates.items():
            new, previous, owed = dict(cells), None, Decimal(0)
            for k, step in enumerate(order[start:]):
                if previous is not None:
                    owed += gaps[k - 1]
                if step not in cells:
                    continue
                if previous is not None:
                    new[step] = round_decimal(new[previous] + owed, rule.rate, rule.mode)
                previous, owed = step, Decimal(0)
            out[lane] = new
        return out

    return _map_tables(schedule, day, reference, status, fn)


def replace_table(schedule: Schedule, day: dt.date, rates: Rates, partial: bool, reference: str = "",
                  status: str = "stated") -> Schedule:
    """An agreed table on ``day`` (or only the listed cells when ``partial``).

    A whole table replaced is stated by the change alone: its reference is the change's, with no
    earlier sources; agreed cells (``partial``) are one more source of the table they change.
    """
    if not partial:
        table = RateTable(effective=day, reference=reference, status=status, rates=rates)
        kept = [t for t in schedule.tables if t.effective != day]
        return schedule.model_copy(update={"tables": tuple(sorted((*kept, table), key=lambda t: t.effective))})

    def fn(current: Rates) -> Rates:
        merged = {lane: dict(cells) for lane, cells in current.items()}
        for lane, cells in rates.items():
            merged.setdefault(lane, {}).update(cells)
        return merged

    return _map_tables(schedule, day, reference, status, fn, only_that_day=True)
