"""The op registry: each proposal op registered once, with its check, its apply and its description.

A proposal op is one unit of code: its model (in :mod:`costing.inputs.models.changes`, because
loading and the JSON Schema need it and the inputs stage may not import the engine) and, here in
the engine, the three things done with it: ``check`` (can it apply to the contract as it stands?
a ValueError says why not, in words the user wrote), ``apply`` (the new contract) and
``describe`` (the change in plain English, with every figure it carries, for the report's
assumptions). :func:`costing.engine.apply.apply_proposal` is a loop over this registry and
:func:`costing.report.assumptions.describe_change` a lookup in it; a test holds the registry, the
op union, the JSON Schema and docs/formats.md to the same set of ops.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ...inputs import models as m
from ...inputs.dated import in_force
from ...inputs.labels import readable, schedule_label, switch_label, unit_label
from ...inputs.models import changes as ch
from ...inputs.words import date, listed
from .. import dates as d
from ..proration import work_calendar


@dataclass(frozen=True)
class Applying:
    """One change's turn: the contract as it stands, the one before the whole proposal, the schedules picked."""

    contract: m.Contract
    baseline: m.Contract
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Op:
    model: type[ch.ChangeBase]
    check: Callable[[ch.ChangeBase, Applying], None]
    apply: Callable[[ch.ChangeBase, Applying], m.Contract]
    describe: Callable[[ch.ChangeBase, m.Contract | None], str]
    needs_schedules: bool  # the change must select at least one schedule on its date


OPS: dict[str, Op] = {}


def _no_check(change: ch.ChangeBase, at: Applying) -> None:
    return None


def register(model: type[ch.ChangeBase], *, apply, describe, check=_no_check, needs_schedules: bool = False) -> None:
    """Register an op once; a second registration of the same op is a programming error."""
    name = m.op_name(model)
    if name in OPS:
        raise AssertionError(f"op {name!r} is registered twice")
    OPS[name] = Op(model, check, apply, describe, needs_schedules)


# ------------------------------------------------------------------ selection, shared by checks and applies


def unit_on(schedule: m.Schedule, day: dt.date) -> str:
    """The bargaining unit a schedule belongs to on ``day``."""
    change = in_force(schedule.unit_changes, day)
    return schedule.unit if change is None else change.unit


def selected_schedules(contract: m.Contract, change: m.Selector, day: dt.date) -> list[str]:
    """Names of the schedules a selector picks on ``day`` (all, when it names none)."""
    if change.schedules is None and change.units is None:
        return [s.name for s in contract.schedules]
    names = []
    for schedule in contract.schedules:
        if change.schedules is not None and schedule.name in change.schedules:
            names.append(schedule.name)
        elif change.units is not None and unit_on(schedule, day) in change.units:
            names.append(schedule.name)
    return names


def replace_schedules(contract: m.Contract, names, fn) -> m.Contract:
    """The contract with ``fn(schedule)`` in place of each named schedule."""
    names = set(names)
    return contract.model_copy(update={"schedules": tuple(fn(s) if s.name in names else s for s in contract.schedules)})


def shared(change: ch.ChangeBase, fields: type[m.Frozen]) -> dict:
    """The values of the fields a change shares with the contract item it makes (its ``...Fields`` model)."""
    return {name: getattr(change, name) for name in fields.model_fields}


def sourced(change: ch.ChangeBase) -> dict:
    """Reference, note and status: what a contract item made by a change keeps of where it came from."""
    return {"reference": change.reference, "note": change.note, "status": change.status}


# ------------------------------------------------------------------ dates given as the Nth work day of a school year


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 92nd, 101st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def change_calendars(contract: m.Contract, change: ch.ChangeBase) -> dict[str, d.WorkCalendar]:
    """The work calendars a change's work days are counted on: each schedule it names (by name, or
    by a unit it belongs to at any time) keeps its own; a change on schedules that names none, every
    schedule's; any other change (a cost line, a premium), the contract's."""
    if change.schedules is None and change.units is None:
        if OPS[change.op].needs_schedules:
            return {s.name: work_calendar(contract, s) for s in contract.schedules}
        return {"the contract": work_calendar(contract)}
    units = set(change.units or ())
    return {s.name: work_calendar(contract, s) for s in contract.schedules
            if s.name in (change.schedules or ()) or units & {s.unit, *(u.unit for u in s.unit_changes)}}


def work_day_dates(contract: m.Contract, change: m.Selector, start_year: int, n: int) -> dict[str, dt.date]:
    """Where the ``n``-th work day of the school year starting in ``start_year`` falls, per calendar."""
    return {name: d.nth_work_day(start_year, n, cal) for name, cal in change_calendars(contract, change).items()}


def effective_date(change: ch.ChangeBase, contract: m.Contract) -> dt.date:
    """The date a change takes effect: ``effective``, or its ``effective_work_day`` resolved on the work
    calendar of the schedules it selects (ValueError when their calendars put it on different days)."""
    when = change.effective_work_day
    if when is None:
        return change.effective
    found = work_day_dates(contract, change, when.start_year, when.day)
    if len(set(found.values())) > 1:
        on = ", ".join(f"{date(day)} on {name}'s" for name, day in found.items())
        raise ValueError(f"the {ordinal(when.day)} work day of {when.school_year} falls on different days ({on} work"
                         " calendar): write one change per schedule")
    if not found:
        raise ValueError("selects no schedule whose work calendar could place effective_work_day")
    return next(iter(found.values()))


def resolved(change: ch.ChangeBase, contract: m.Contract) -> ch.ChangeBase:
    """The change with ``effective`` set to the date it takes effect (its work day resolved, if given so)."""
    if change.effective_work_day is None:
        return change
    return change.model_copy(update={"effective": effective_date(change, contract)})


def when(change: ch.ChangeBase, contract: m.Contract | None) -> str:
    """'07/01/2024', or '01/19/2016 (the 92nd work day of 2015-16)'; without a contract to resolve it
    on, 'the 92nd work day of 2015-16'."""
    work_day = change.effective_work_day
    if work_day is None:
        return date(change.effective)
    words = f"the {ordinal(work_day.day)} work day of {work_day.school_year}"
    if contract is None:
        return words
    try:
        return f"{date(effective_date(change, contract))} ({words})"
    except ValueError:
        return words


def work_day_notes(proposal: ch.Proposal, contract: m.Contract) -> list[str]:
    """'changes[2]: the 92nd work day of 2015-16 is 01/19/2016', for each change dated by work day
    (what ``costing validate`` prints beside a proposal it checked)."""
    notes = []
    for index, change in enumerate(proposal.changes):
        if change.effective_work_day is not None:
            work_day = change.effective_work_day
            notes.append(f"changes[{index + 1}]: the {ordinal(work_day.day)} work day of {work_day.school_year} is"
                         f" {date(effective_date(change, contract))}")
        if getattr(change, "work_day", None) is not None:
            notes.append(f"changes[{index + 1}]: {OPS[change.op].describe(change, contract)}")
    return notes


# ------------------------------------------------------------------ describing


def describe(change: ch.ChangeBase, contract: m.Contract | None = None) -> str:
    """One change in words: '3% raise on every step (para), from 07/01/2024 (contingent: x)'.

    ``contract`` (the one the proposal makes) tells what the change itself does not, such as an
    existing stipend's unit (a year, an hour, hours).
    """
    out = OPS[change.op].describe(change, contract)
    where = [*(schedule_label(contract, s) for s in change.schedules or ()),
             *(unit_label(contract, u) for u in change.units or ())]
    if where:
        out += f" ({', '.join(where)})"
    out += f", from {when(change, contract)}"
    if change.contingent:
        out += f" (only with the switch: {switch_label(contract, change.contingent)})"
    if change.status != "stated":
        out += f" ({'ILLUSTRATIVE' if change.status == 'illustrative' else 'assumed'})"
    return out


def cells(lanes, steps) -> str:
    """Which cells of a table a change touches, in words: 'every step', 'lanes P and TAI, steps 1 and 2'."""
    if not lanes and not steps:
        return "every step"
    parts = []
    if lanes:
        parts.append(("lane " if len(lanes) == 1 else "lanes ") + listed(lanes))
    if steps:
        parts.append(("step " if len(steps) == 1 else "steps ") + listed(steps))
    return ", ".join(parts)


def month_day_words(month_day: str) -> str:
    """A file's month-day in words: '12-20' -> 'December 20' (a public report never prints '12-20')."""
    month, _, day = str(month_day).partition("-")
    return f"{calendar.month_name[int(month)]} {int(day)}"


def words(name: str) -> str:
    """A name as words: 'interpreter_pay' -> 'interpreter pay', 'asd_trv_diff' -> 'ASD trv diff'
    (:func:`costing.inputs.labels.readable`, where an item has no ``label``)."""
    return readable(name)
