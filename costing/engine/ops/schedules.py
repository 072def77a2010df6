"""Ops on a schedule's rules and membership: step dates, freezes, entry steps, the work year, the unit, new positions."""

from __future__ import annotations

import datetime as dt

from ...inputs import models as m
from ...inputs.labels import lane_label, schedule_label, unit_label
from ...inputs.models import changes as ch
from ...inputs.models.consistency import check_unit
from ...inputs.words import date, listed, number, plural
from .. import dates as d
from ..proration import work_calendar
from .registry import Applying, change_calendars, month_day_words, ordinal, register, replace_schedules, shared, sourced


def _step_rules(schedule: m.Schedule, **changes) -> m.Schedule:
    return schedule.model_copy(update={"step_rules": schedule.step_rules.model_copy(update=changes)})


# ------------------------------------------------------------------ set_anniversary


def work_day_anniversaries(change: ch.SetAnniversary, contract: m.Contract, cal: d.WorkCalendar) -> list[dt.date]:
    """The days steps move on under ``work_day: N``: the Nth work day of each school year, from the
    change's date to the end of the contract's period (which the form needs: each year's day differs)."""
    period = contract.period
    if period is None:
        raise ValueError("work_day needs the contract's period: the Nth work day falls on a different date each year")
    days = [d.nth_work_day(year, change.work_day, cal) for year in range(change.effective.year - 1, period.end.year + 1)]
    days = [day for day in days if change.effective <= day <= period.end]
    if not days:
        raise ValueError(f"no school year has its {ordinal(change.work_day)} work day between {date(change.effective)}"
                         f" and the end of the contract's period ({date(period.end)})")
    return days


def _work_day_rules(change: ch.SetAnniversary, contract: m.Contract, schedule: m.Schedule) -> list[m.Anniversary]:
    """One anniversary rule per school year: each year's month-day, in force from the day after the year before's."""
    days = work_day_anniversaries(change, contract, work_calendar(contract, schedule))
    first = days[0]
    a_year_before = d.month_day_in_year(f"{first:%m-%d}", first.year - 1)
    if change.effective <= a_year_before:
        raise ValueError(f"effective {date(change.effective)} is more than a year before the first such work day"
                         f" ({date(first)}): date the change on or after {date(a_year_before + dt.timedelta(days=1))}")
    starts = [change.effective, *(day + dt.timedelta(days=1) for day in days[:-1])]
    return [m.Anniversary(effective=start, month_day=f"{day:%m-%d}", **sourced(change)) for start, day in zip(starts, days)]


def _set_anniversary(change: ch.SetAnniversary, at: Applying) -> m.Contract:
    def moved(s: m.Schedule) -> m.Schedule:
        if change.work_day is None:
            new = [m.Anniversary(effective=change.effective, month_day=change.month_day, **sourced(change))]
        else:
            new = _work_day_rules(change, at.contract, s)
        starts = {a.effective for a in new}
        kept = [a for a in s.step_rules.anniversary if a.effective not in starts]
        return _step_rules(s, anniversary=tuple(sorted((*kept, *new), key=lambda a: a.effective)))

    return replace_schedules(at.contract, at.targets, moved)


def _check_anniversary(change: ch.SetAnniversary, at: Applying) -> None:
    if change.work_day is not None:
        for name in at.targets:
            _work_day_rules(change, at.contract, at.contract.schedule(name))


def _describe_anniversary(change: ch.SetAnniversary, contract: m.Contract | None) -> str:
    if change.work_day is None:
        return f"step movement date set to {month_day_words(change.month_day)}"
    out = f"steps move on the {ordinal(change.work_day)} work day of each school year"
    if contract is not None and change.effective is not None:
        try:
            found = {tuple(work_day_anniversaries(change, contract, cal))
                     for cal in change_calendars(contract, change).values()}
        except ValueError:
            return out
        if len(found) == 1:
            out += f" ({listed(date(day) for day in next(iter(found)))})"
    return out


register(ch.SetAnniversary, check=_check_anniversary, apply=_set_anniversary, describe=_describe_anniversary,
         needs_schedules=True)


# ------------------------------------------------------------------ freeze_steps


def _freeze(change: ch.FreezeSteps, at: Applying) -> m.Contract:
    new = m.StepFreeze(start=change.effective, **shared(change, m.StepFreezeFields), **sourced(change))
    return replace_schedules(at.contract, at.targets, lambda s: _step_rules(s, freezes=(*s.step_rules.freezes, new)))


register(ch.FreezeSteps, apply=_freeze, needs_schedules=True,
         describe=lambda c, _: f"no step movement until {date(c.until)}")


# ------------------------------------------------------------------ drop_entry_step


def _check_drop(change: ch.DropEntryStep, at: Applying) -> None:
    for name in at.targets:
        if change.step not in at.contract.schedule(name).steps:
            raise ValueError(f"schedule {name!r} has no step {change.step!r}")


def _drop(change: ch.DropEntryStep, at: Applying) -> m.Contract:
    new = m.EntryDrop(effective=change.effective, **shared(change, m.EntryDropFields), **sourced(change))
    return replace_schedules(at.contract, at.targets,
                             lambda s: _step_rules(s, entry_drops=(*s.step_rules.entry_drops, new)))


register(ch.DropEntryStep, check=_check_drop, apply=_drop, needs_schedules=True,
         describe=lambda c, _: f"step {c.step} and below removed")


# ------------------------------------------------------------------ set_work_year


def _set_work_year(change: ch.SetWorkYear, at: Applying) -> m.Contract:
    new = m.DatedWorkYear(effective=change.effective, **shared(change, m.WorkYear), **sourced(change))
    return replace_schedules(at.contract, at.targets, lambda s: s.model_copy(
        update={"work_year_changes": (*s.work_year_changes, new)}))


def _describe_work_year(change: ch.SetWorkYear, _) -> str:
    parts = [f"{number(change.hours_per_day)} hours a day" if change.hours_per_day else "",
             f"{number(change.days_per_year)} days a year" if change.days_per_year else ""]
    return "work year set to " + ", ".join(p for p in parts if p)


register(ch.SetWorkYear, apply=_set_work_year, describe=_describe_work_year, needs_schedules=True)


# ------------------------------------------------------------------ set_unit


def _set_unit(change: ch.SetUnit, at: Applying) -> m.Contract:
    new = m.DatedUnit(effective=change.effective, **shared(change, m.UnitChangeFields), **sourced(change))
    contract = at.contract
    if change.unit not in contract.units:
        contract = contract.model_copy(update={"units": (*contract.units, change.unit)})
    return replace_schedules(contract, at.targets, lambda s: s.model_copy(
        update={"unit_changes": (*s.unit_changes, new)}))


register(ch.SetUnit, apply=_set_unit, needs_schedules=True, describe=lambda c, contract: f"moved into {_unit_words(contract, c.unit)}")


def _unit_words(contract, unit: str) -> str:
    """'unit A' (a key in words), or 'the paraprofessionals unit' (a label)."""
    words = unit_label(contract, unit)
    return words if words.lower().startswith("unit") else f"the {words} unit"


# ------------------------------------------------------------------ add_positions


def _check_positions(change: ch.AddPositions, at: Applying) -> None:
    names = {s.name for s in at.contract.schedules}
    if change.schedule not in names:
        raise ValueError(f"unknown schedule {change.schedule!r}")
    schedule = at.contract.schedule(change.schedule)
    if change.lane not in schedule.lanes or change.step not in schedule.steps:
        raise ValueError(f"schedule {change.schedule!r} has no lane {change.lane!r} step {change.step!r}")
    check_unit(at.contract, change.unit, "")


def _add_positions(change: ch.AddPositions, at: Applying) -> m.Contract:
    item = m.Position(effective=change.effective, **shared(change, m.PositionFields), **sourced(change))
    return at.contract.model_copy(update={"positions": (*at.contract.positions, item)})


def _describe_positions(change: ch.AddPositions, contract: m.Contract | None) -> str:
    fte = f" at {number(change.fte)} FTE" if change.fte != 1 else ""
    lane = lane_label(contract, change.schedule, change.lane)
    return (f"{plural(change.count, 'new position')} on {schedule_label(contract, change.schedule)}, "
            f"{lane[:1].lower() + lane[1:] if lane.startswith('Lane ') else lane}, step {change.step}{fte}")


register(ch.AddPositions, check=_check_positions, apply=_add_positions, describe=_describe_positions)
