"""What must match something else in the same contract: units, schedules and lanes named, dates in the period.

A contract can be valid key by key and still name things it does not have: a cost line charged to
a unit the contract lacks (costed under nobody), an escalation cell no schedule has (a KeyError
when costed), an eligibility rule on a lane no schedule has or a date outside the period (matches
nobody), extra pay on an annual schedule with no work-year days (no daily rate). Each check here
raises a ValueError naming the item and what its writer wrote; the contract model runs them all
when a contract is loaded, and the proposal ops (:mod:`costing.engine.ops`) run the same ones on
the item a change adds, so `validate` and every verb find the same mistakes. (``contract`` is a
:class:`costing.inputs.models.Contract`, not imported here: the contract model imports this module.)
"""

from __future__ import annotations

import datetime as dt

from ...errors import did_you_mean
from .base import Selector
from .costs import CostLine, Escalation
from .eligibility import Eligibility


def _said(who: str, text: str) -> str:
    """'cost line 'x': ...' in a contract; in a proposal the change is named by its position instead."""
    return f"{who}: {text}" if who else text


def _known(value: str, known, what: str) -> str:
    return f"{what} {value!r}{did_you_mean(value, known)} (the contract has {', '.join(known) or 'none'})"


def all_units(contract) -> list[str]:
    """The contract's units and any a dated unit change moves a schedule into."""
    return list(dict.fromkeys([*contract.units, *(u.unit for s in contract.schedules for u in s.unit_changes)]))


def check_unit(contract, unit: str, who: str) -> None:
    if unit not in all_units(contract):
        units = all_units(contract)
        raise ValueError(_said(who, f"unit {unit!r}{did_you_mean(unit, units)} is not one of the contract's units"
                                    f" ({', '.join(units)}): its cost would be charged to nobody"))


def check_escalation(contract, escalation: Escalation | None, who: str) -> None:
    """The schedule, lane and step a cost line follows exist."""
    if escalation is None:
        return
    names = [s.name for s in contract.schedules]
    if escalation.schedule not in names:
        raise ValueError(_said(who, f"escalate_with names {_known(escalation.schedule, names, 'schedule')}"))
    schedule = contract.schedule(escalation.schedule)
    if escalation.lane is not None and escalation.lane not in schedule.lanes:
        raise ValueError(_said(who, f"escalate_with: schedule {schedule.name!r} has no lane {escalation.lane!r}"
                         f"{did_you_mean(escalation.lane, schedule.lanes)} (lanes: {', '.join(schedule.lanes)})"))
    if escalation.step is not None and escalation.step not in schedule.steps:
        raise ValueError(_said(who, f"escalate_with: schedule {schedule.name!r} has no step {escalation.step!r}"
                         f" (steps: {', '.join(schedule.steps)})"))


def check_cost_line(contract, line: CostLine, who: str) -> None:
    check_unit(contract, line.unit, who)
    check_escalation(contract, line.escalate_with, who)


def picked(contract, selector: Selector) -> list:
    """The schedules a selector can pick on some day (by name, or by any unit the schedule ever has)."""
    if selector.schedules is None and selector.units is None:
        return list(contract.schedules)
    return [s for s in contract.schedules
            if s.name in (selector.schedules or ())
            or {s.unit, *(u.unit for u in s.unit_changes)} & set(selector.units or ())]


def check_daily_rate(contract, selector: Selector, who: str) -> None:
    """Extra pay and paid days are priced at a daily rate: an annual schedule must state its days a year."""
    for schedule in picked(contract, selector):
        days = schedule.work_year.days_per_year or any(c.days_per_year for c in schedule.work_year_changes)
        if schedule.rate_unit == "annual" and not days:
            raise ValueError(_said(who, f"paid at each person's daily rate, but schedule {schedule.name!r} is annual"
                             " with no work_year.days_per_year to divide it by; give the schedule's days a year"))


def _in_period(contract, day: dt.date, who: str, what: str) -> None:
    period = contract.period
    if period is not None and not period.start <= day <= period.end:
        raise ValueError(_said(who, f"{what} {day} is outside the contract period {period.start} to {period.end},"
                         " so it matches nobody the costing sees"))


def check_eligibility(contract, eligible: Eligibility | None, employed_on: tuple[dt.date, ...],
                      who: str) -> None:
    """Eligibility dates inside the contract period; lanes, schedules and units named by rules exist."""
    for day in employed_on:
        _in_period(contract, day, who, "employed_on")
    rules = (*eligible.all_of, *eligible.any_of) if eligible else ()
    for rule in rules:
        if rule.employed_on is not None:
            _in_period(contract, rule.employed_on, who, "eligible: employed_on")
        if rule.ended_between is not None:
            _in_period(contract, rule.ended_between.start, who, "eligible: ended_between start")
            _in_period(contract, rule.ended_between.end, who, "eligible: ended_between end")
        if rule.years_of_service is not None and rule.years_of_service.on is not None:
            _in_period(contract, rule.years_of_service.on, who, "eligible: years_of_service on")
        if rule.column is not None:
            _check_column_values(contract, rule.column.column, rule.column.values, who)


def _check_column_values(contract, column: str, values, who: str) -> None:
    known = {"lane": list(dict.fromkeys(lane for s in contract.schedules for lane in s.lanes)),
             "schedule": [s.name for s in contract.schedules], "unit": all_units(contract)}.get(column)
    if known is None:
        return
    for value in values:
        if value not in known:
            raise ValueError(_said(who, f"eligible: a {column} rule names {_known(value, known, column)};"
                             " no one can match it"))


def check_contract(contract) -> None:
    """Every cross-check above, over every item of a contract."""
    for line in contract.cost_lines:
        check_cost_line(contract, line, f"cost line {line.name!r}")
    for item in contract.extra_pay:
        check_daily_rate(contract, item, f"extra pay {item.name!r}")
        check_eligibility(contract, item.eligible, (), f"extra pay {item.name!r}")
    for item in contract.paid_days:
        check_daily_rate(contract, item, f"paid days {item.name!r}")
        check_eligibility(contract, item.eligible, (), f"paid days {item.name!r}")
    for item in contract.stipends:
        check_eligibility(contract, item.eligible, (), f"stipend {item.name!r}")
    for item in contract.one_time:
        check_eligibility(contract, item.eligible, item.employed_on, f"one-time payment {item.name!r}")
    for item in contract.retro:
        check_eligibility(contract, item.eligible, item.employed_on, f"retro {item.name!r}")
    for position in contract.positions:
        check_unit(contract, position.unit, f"new positions {position.id_prefix!r}")
