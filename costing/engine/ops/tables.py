"""Ops on rate tables: raise_percent, add_flat, rebuild, replace_table.

Each works on the table in force on its date (a copy is made for the date when no table starts
on it) and appends its reference to every table it changes (:mod:`costing.engine.rate_tables`).
"""

from __future__ import annotations

from ...inputs import models as m
from ...inputs.models import changes as ch
from ...inputs.models.schedules import RaiseFloor, RaiseFloorFields
from ...inputs.words import listed, money, pct
from .. import rate_tables
from .registry import Applying, cells, register, replace_schedules, shared, sourced


def _check_cells(change, at: Applying) -> None:
    """Lanes and steps named exist on every schedule picked, and a table is in force on the date."""
    for name in at.targets:
        schedule = at.contract.schedule(name)
        for lane in getattr(change, "lanes", None) or ():
            if lane not in schedule.lanes:
                raise ValueError(f"schedule {name!r} has no lane {lane!r}")
        for step in getattr(change, "steps", None) or ():
            if step not in schedule.steps:
                raise ValueError(f"schedule {name!r} has no step {step!r}")
        if not isinstance(change, ch.ReplaceTable):
            rate_tables.table_in_force(schedule, change.effective)


# ------------------------------------------------------------------ raise_percent


def _raise(change: ch.RaisePercent, at: Applying) -> m.Contract:
    return replace_schedules(at.contract, at.targets, lambda s: rate_tables.raise_percent(
        s, change.effective, change.percent, change.reference, change.lanes, change.steps, change.status))


register(ch.RaisePercent, check=_check_cells, apply=_raise, needs_schedules=True,
         describe=lambda c, _: f"{pct(c.percent)} raise on {cells(c.lanes, c.steps)}")


# ------------------------------------------------------------------ add_flat


def _add_flat(change: ch.AddFlat, at: Applying) -> m.Contract:
    return replace_schedules(at.contract, at.targets, lambda s: rate_tables.add_flat(
        s, change.effective, change.amount, change.per, change.reference, change.lanes, change.steps, change.status))


register(ch.AddFlat, check=_check_cells, apply=_add_flat, needs_schedules=True,
         describe=lambda c, _: f"{money(c.amount)} per {c.per} added to {cells(c.lanes, c.steps)}")


# ------------------------------------------------------------------ raise_greater_of


def _check_greater_of(change: ch.RaiseGreaterOf, at: Applying) -> None:
    _check_cells(change, at)
    for name in at.targets:  # an amount an hour or a day needs the work year to convert it
        rate_tables.flat_in_rate_unit(at.contract.schedule(name), change.effective, change.amount, change.per)


def _greater_of(change: ch.RaiseGreaterOf, at: Applying) -> m.Contract:
    def raised(s: m.Schedule) -> m.Schedule:
        if change.each == "cell":
            return rate_tables.raise_greater_of(s, change.effective, change.percent, change.amount, change.per,
                                                change.reference, change.lanes, change.steps, change.status)
        before = rate_tables.table_in_force(s, change.effective).rates
        floor = RaiseFloor(effective=change.effective, **shared(change, RaiseFloorFields), percent=change.percent,
                           rates=before, **sourced(change))
        s = rate_tables.raise_percent(s, change.effective, change.percent, change.reference, change.lanes,
                                      change.steps, change.status)
        return s.model_copy(update={"raise_floors": (*s.raise_floors, floor)})

    return replace_schedules(at.contract, at.targets, raised)


def _describe_greater_of(change: ch.RaiseGreaterOf, _) -> str:
    each = ("for each cell" if change.each == "cell" else
            "for each person, measured on their own pay" + (" (by FTE)" if change.fte_scaled else " (whatever their FTE)"))
    return (f"{pct(change.percent)} or {money(change.amount)} per {change.per}, whichever is greater, {each},"
            f" on {cells(change.lanes, change.steps)}")


register(ch.RaiseGreaterOf, check=_check_greater_of, apply=_greater_of, describe=_describe_greater_of,
         needs_schedules=True)


# ------------------------------------------------------------------ rebuild


def _check_rebuild(change: ch.Rebuild, at: Applying) -> None:
    _check_cells(change, at)
    for name in at.targets:
        schedule = at.contract.schedule(name)
        if change.from_step is not None and change.from_step not in schedule.steps:
            raise ValueError(f"schedule {name!r} has no step {change.from_step!r}")
        if change.ratio is None:
            _rebuild_one(change, schedule)  # the differences fit the steps, the work year converts them


def _rebuild_one(change: ch.Rebuild, s: m.Schedule) -> m.Schedule:
    if change.ratio is not None:
        return rate_tables.rebuild(s, change.effective, change.ratio, change.from_step, change.reference, change.status)
    order = list(s.steps)
    after = len(order) - (order.index(change.from_step) if change.from_step is not None else 0) - 1
    differences = change.differences or (change.difference,) * after
    return rate_tables.rebuild_by_differences(s, change.effective, differences, change.per, change.from_step,
                                              change.reference, change.status)


def _rebuild(change: ch.Rebuild, at: Applying) -> m.Contract:
    return replace_schedules(at.contract, at.targets, lambda s: _rebuild_one(change, s))


def _describe_rebuild(change: ch.Rebuild, _) -> str:
    start = f"step {change.from_step}" if change.from_step is not None else "the first step"
    if change.ratio is not None:
        return f"steps rebuilt {(float(change.ratio) - 1) * 100:g}% apart from {start}"
    if change.difference is not None:
        return f"steps rebuilt {money(change.difference)} per {change.per} apart from {start}"
    return f"steps rebuilt from {start} with differences of {listed(money(x) for x in change.differences)} per {change.per}"


register(ch.Rebuild, check=_check_rebuild, apply=_rebuild, describe=_describe_rebuild, needs_schedules=True)


# ------------------------------------------------------------------ replace_table


def _check_replace(change: ch.ReplaceTable, at: Applying) -> None:
    for name in at.targets:
        unknown = at.contract.schedule(name).unknown_cell(change.rates)
        if unknown:
            raise ValueError(f"schedule {name!r}: {unknown}")


def _replace(change: ch.ReplaceTable, at: Applying) -> m.Contract:
    return replace_schedules(at.contract, at.targets, lambda s: rate_tables.replace_table(
        s, change.effective, change.rates, change.partial, change.reference, change.status))


def _describe_replace(change: ch.ReplaceTable, _) -> str:
    count = sum(len(steps) for steps in change.rates.values())
    lanes = ("lane " if len(change.rates) == 1 else "lanes ") + listed(change.rates)
    # the file a table was read from is provenance (the report's manifest), not words for a reader
    if change.partial:
        return f"new agreed rates for {count} cell(s) of {lanes}"
    return f"a new agreed rate table ({lanes}, {count} rates)"


register(ch.ReplaceTable, check=_check_replace, apply=_replace, describe=_describe_replace, needs_schedules=True)
