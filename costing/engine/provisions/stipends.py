"""Stipends and differentials: annual, per hour, per day, percent of base, and hours at the person's rate.

A prorated stipend is an amount per year (or per hour or day worked) paid over the pieces of the
year it is in force, times the person's quantity column if it has one. A non-prorated annual
stipend is paid once a fiscal year on its pay day (docs/method.md, order of operations, 5). Who
receives one is data (:mod:`costing.engine.provisions.eligibility`), read on the day it is paid:
the rules on fixed dates and roster columns once a year, and a service threshold with no date on
the pay day of a non-prorated stipend, or on every piece of the year of a prorated one (so a tier
reached mid-year pays from that day, whether the rule is in ``all_of`` or ``any_of``).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...inputs.dated import in_force_index
from ...inputs.models import Contract, Stipend
from .. import dates as d
from .eligibility import day_rules, fixed_masks, on_the_day
from .registry import register
from .year import PayYear


def who(items: tuple[Stipend, ...], roster: pd.DataFrame, fy: int, contract: Contract) -> dict[str, np.ndarray]:
    """Each stipend's fixed rules ([row, 2], :func:`~costing.engine.provisions.eligibility.fixed_masks`),
    read on the first day of the year; its service thresholds are read on the days it pays."""
    lo, _ = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    return {s.name: fixed_masks(s.eligible, roster, lo, f"stipend {s.name}") for s in items if s.eligible is not None}


def cost(items: tuple[Stipend, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """``stipend:<name>`` per employee, for those eligible."""
    for s in items:
        yield f"stipend:{s.name}", _amount(s, year, _eligibility(s, year))


def _eligibility(s: Stipend, year: PayYear):
    """Who the stipend goes to on a day: ``(employees, days) -> mask``, or None without rules.

    Read on the day paid (docs/method.md): a non-prorated stipend on its pay day, a prorated one
    (and a per-hour, per-day, percent or hours-at-rate one) on each piece of the year, so a service
    tier reached mid-year pays from that day, in ``all_of`` or in ``any_of`` alike.
    """
    if s.eligible is None:
        return None
    fixed, rules = year.eligible.of("stipends", s.name), day_rules(s.eligible)
    people = year.people

    def on(emp: np.ndarray, days: np.ndarray, anniversaries: tuple = ()) -> np.ndarray:
        if rules.none:
            return fixed[emp, 0] & fixed[emp, 1]
        return on_the_day(fixed[emp], rules, people.service_years(emp, days, year.fy, anniversaries))

    return on


def _amount(s: Stipend, year: PayYear, eligible_on=None) -> np.ndarray:
    people, pieces = year.people, year.pieces
    value_days = np.array([d.day_number(v.effective) for v in s.values], dtype=np.int64)
    values = np.array([float(v.amount) for v in s.values])
    quantity_all = people.quantities[s.column] if s.column else np.ones(people.n)
    if s.kind == "annual" and not s.prorated:
        on = pay_days(s, year, value_days, values)
        k = in_force_index(value_days, on)
        amount = np.where(k >= 0, values[np.maximum(k, 0)], 0.0)
        chosen = year.selected(s, on=on, sched=people.sched) & (people.start <= on) & (people.end >= on)
        if eligible_on is not None:
            chosen = chosen & eligible_on(np.arange(people.n), on)
        return amount * quantity_all * chosen * (people.fte if s.fte_scaled else 1.0)
    # only the pieces of people with a quantity: the others' pieces all cost 0
    live = np.flatnonzero((quantity_all != 0)[pieces.emp]) if s.column else slice(None)
    emp, on, weight = pieces.emp[live], pieces.on[live], pieces.weight[live]
    k = in_force_index(value_days, on)
    value = np.where(k >= 0, values[np.maximum(k, 0)], 0.0)
    quantity = quantity_all[emp]
    chosen = year.selected(s, on=on, sched=pieces.sched[live])
    if eligible_on is not None:
        chosen = chosen & eligible_on(emp, on, pieces.anniversaries)
    scale = people.fte[emp] if s.fte_scaled else 1.0
    if s.kind == "percent":
        piece = value / 100.0 * quantity * year.base_piece[live]
    elif s.kind == "hours_at_rate":
        piece = value * quantity * np.nan_to_num(year.rates.hourly[live]) * weight * scale
    else:  # annual (prorated), per_hour and per_day: an amount per year, or per hour/day worked
        piece = value * quantity * weight * scale
    return np.bincount(emp, weights=piece * chosen, minlength=people.n)


def pay_days(s: Stipend, year: PayYear, value_days: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each employee's pay day for a non-prorated stipend this fiscal year.

    The stated pay day, or by default the first day of the employee's work year (the school
    year's first day under school_year and work_days, else July 1). If no value is in force
    that day and one starts later in the year, it is paid on its effective date instead: a
    stipend that starts mid-year pays in its first year.
    """
    people = year.people
    if s.pay_month_day:
        on = np.full(people.n, year.pay_day(s.pay_month_day))
    else:
        rule = people.rule if people.rule is not None else np.zeros(people.n, dtype=np.int64)
        on = year.weights.work_start[rule].astype(np.int64)
    k = in_force_index(value_days, on)
    unpaid = np.where(k >= 0, values[np.maximum(k, 0)], 0.0) == 0
    later = np.searchsorted(value_days, on, side="right")
    starts = value_days[np.minimum(later, len(value_days) - 1)]
    moves = unpaid & (later < len(value_days)) & (starts < year.hi)
    return np.where(moves, starts, on)


# Order of operations: after longevity (40), before one-time payments (docs/method.md).
register("stipends", Stipend, order=40, who=who, pay=cost)
