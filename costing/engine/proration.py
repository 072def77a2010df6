"""Who is prorated how, and what each day of a fiscal year weighs under each rule in use.

Which convention applies to whom is decided here and nowhere else: the scenario's override if it
states one (a sensitivity: everyone on one convention), else a roster row's ``proration`` column
(one person whose work year differs), else the schedule's, else the contract's. Each schedule
keeps its own work calendar either way. The weights themselves are :mod:`costing.engine.dates`'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.models import Contract, Schedule
from ..inputs.vocabulary import PRORATIONS
from . import dates as d
from .options import Options
from .schedule_arrays import ScheduleArrays


@dataclass(frozen=True)
class ProrationRule:
    """One proration convention with the calendar it reads, and where the calendar is stated."""

    proration: str
    calendar: d.WorkCalendar
    where: str


@dataclass(frozen=True)
class ProrationPlan:
    """Each employee's proration rule: an index into ``rules``."""

    rule: np.ndarray
    rules: tuple[ProrationRule, ...]


@dataclass(frozen=True)
class YearWeights:
    """What each day of one fiscal year weighs under each rule: a piece from day ``a`` to ``b`` is
    worth ``(cums[r, b - lo] - cums[r, a - lo]) / denoms[r]`` of the year (days are day numbers)."""

    fy: int
    lo: int
    hi: int
    cums: np.ndarray        # [rule, day of the year + 1]: running sum of the day weights
    denoms: np.ndarray      # [rule]: what the whole year weighs
    work_start: np.ndarray  # [rule]: the first day of the work year (a non-prorated stipend's default pay day)


def schedule_convention(contract: Contract, schedule: Schedule, override: str | None = None) -> str:
    """The proration convention a schedule's people are costed by (a roster row may still name its
    own): the scenario's override, else the schedule's, else the contract's. The one place this
    precedence is written; the projection, ``costing schedules`` and the report's assumptions read it."""
    return override or schedule.proration or contract.proration


def work_calendar(contract: Contract, schedule: Schedule | None = None) -> d.WorkCalendar:
    spec = (schedule.work_calendar if schedule is not None else None) or contract.work_calendar
    return d.WorkCalendar(spec.start, spec.end, spec.holidays, spec.weigh_by)


def pay_calendar(contract: Contract) -> d.PayCalendar:
    spec = contract.pay_periods
    return d.PayCalendar(spec.anchor, 14, spec.lag_days, spec.per_year, spec.twenty_seventh)


def proration_plan(roster: pd.DataFrame, contract: Contract, schedules: tuple[ScheduleArrays, ...], sched: np.ndarray,
                   options: Options, source: str | None) -> ProrationPlan:
    """Each employee's proration rule, by the order of precedence in this module's docstring."""
    names = _convention_names(roster, contract, schedules, sched, options, source)
    codes = np.zeros(len(roster), dtype=np.int64)
    rules: list[ProrationRule] = []
    keys: dict[tuple, int] = {}
    for code, a in enumerate(schedules):
        mine = sched == code
        calendar = work_calendar(contract, a.schedule)
        where = (f"contract schedule {a.schedule.name} work_calendar" if a.schedule.work_calendar is not None
                 else "contract work_calendar")
        for name in (set(names[mine]) if mine.any() else ()):
            key = (name, calendar)
            if key not in keys:
                keys[key] = len(rules)
                rules.append(ProrationRule(name, calendar, where if name != "pay_periods" else "contract pay_periods"))
            codes[mine & (names == name)] = keys[key]
    return ProrationPlan(codes, tuple(rules))


def _convention_names(roster: pd.DataFrame, contract: Contract, schedules: tuple[ScheduleArrays, ...],
                      sched: np.ndarray, options: Options, source: str | None) -> np.ndarray:
    """The convention's name for each employee (a roster row's own, checked, or its schedule's)."""
    n = len(roster)
    names = np.array([schedule_convention(contract, a.schedule, options.proration) for a in schedules] or [""],
                     dtype=object)[sched] if n else np.array([], dtype=object)
    if options.proration or "proration" not in roster.columns or not n:
        return names
    text = roster["proration"].astype("string").str.strip()
    given = (text.notna() & (text != "")).to_numpy(dtype=bool)
    bad = given & ~text.isin(PRORATIONS).to_numpy(dtype=bool)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(source, f"row {i + 2} ({roster['employee_id'].iloc[i]}), column proration",
                         f"{text.iloc[i]!r} is not a proration convention; use one of {', '.join(PRORATIONS)}"
                         " (or leave it blank for the schedule's)")
    return np.where(given, text.to_numpy(dtype=object), names)


def year_weights(contract: Contract, rules: tuple[ProrationRule, ...], fy: int) -> YearWeights:
    """Running day weights and the year's denominator for each proration rule in use.

    A rule under which the year has nothing to count (a school year with no work days, a pay
    calendar with no pay dates) is an input error naming where the calendar is stated.
    """
    lo, hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    pay = pay_calendar(contract)
    size = max(len(rules), 1)
    cums = np.zeros((size, (hi - lo).days + 1))
    denoms = np.ones(size)
    work_start = np.full(size, d.day_number(lo))
    for k, rule in enumerate(rules):
        if rule.proration == "school_year":
            try:
                d.school_year_in(fy, rule.calendar, contract.fiscal_year_start)
            except ValueError as exc:
                raise InputError(None, rule.where, str(exc)) from None
        weights = d.day_weights(lo, hi, rule.proration, rule.calendar, pay)
        denominator = d.year_denominator(weights, rule.proration, pay)
        if denominator <= 0:
            what = (f"the school year {rule.calendar.start} to {rule.calendar.end}"
                    if rule.proration in ("school_year", "work_days") else "the pay calendar")
            raise InputError(None, rule.where,
                             f"{what} has no {'pay dates' if rule.proration == 'pay_periods' else 'work days'}"
                             f" in FY{fy} under {rule.proration}; check its dates and holidays")
        cums[k] = d.cumulative_weights(weights)
        denoms[k] = denominator
        work_start[k] = d.day_number(d.work_year_start(fy, rule.proration, rule.calendar, contract.fiscal_year_start))
    return YearWeights(fy, d.day_number(lo), d.day_number(hi), cums, denoms, work_start)


def share_of_year(contract: Contract, proration: str, fy: int, lo: dt.date | None, hi: dt.date | None) -> float:
    """The share of a fiscal year between two dates (for unit-level cost lines), by the contract's calendar."""
    start, stop = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    pay = pay_calendar(contract)
    weights = d.day_weights(start, stop, proration, work_calendar(contract), pay)
    cum = d.cumulative_weights(weights)
    denominator = d.year_denominator(weights, proration, pay)
    if denominator <= 0:
        raise InputError(None, "contract work_calendar", f"the {proration} convention gives FY{fy} no days to count")
    a = (max(lo, start) - start).days if lo else 0
    b = (min(hi, stop) - start).days if hi else len(cum) - 1
    return 0.0 if b <= a else float((cum[b] - cum[a]) / denominator)
