"""Ops on a schedule's rules and membership: step dates, freezes, entry steps, the work year, the unit, new positions."""

from __future__ import annotations

from ...inputs import models as m
from ...inputs.models import changes as ch
from ...inputs.models.consistency import check_unit
from ...inputs.words import date, number, plural
from .registry import Applying, register, replace_schedules, shared, sourced


def _step_rules(schedule: m.Schedule, **changes) -> m.Schedule:
    return schedule.model_copy(update={"step_rules": schedule.step_rules.model_copy(update=changes)})


# ------------------------------------------------------------------ set_anniversary


def _set_anniversary(change: ch.SetAnniversary, at: Applying) -> m.Contract:
    new = m.Anniversary(effective=change.effective, **shared(change, m.AnniversaryFields), **sourced(change))

    def moved(s: m.Schedule) -> m.Schedule:
        kept = [a for a in s.step_rules.anniversary if a.effective != change.effective]
        return _step_rules(s, anniversary=tuple(sorted((*kept, new), key=lambda a: a.effective)))

    return replace_schedules(at.contract, at.targets, moved)


register(ch.SetAnniversary, apply=_set_anniversary, needs_schedules=True,
         describe=lambda c, _: f"step movement date set to {c.month_day}")


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


register(ch.SetUnit, apply=_set_unit, needs_schedules=True, describe=lambda c, _: f"moved into unit {c.unit}")


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


def _describe_positions(change: ch.AddPositions, _) -> str:
    fte = f" at {number(change.fte)} FTE" if change.fte != 1 else ""
    return (f"{plural(change.count, 'new position')} on {change.schedule} lane {change.lane} step {change.step}{fte}")


register(ch.AddPositions, check=_check_positions, apply=_add_positions, describe=_describe_positions)
