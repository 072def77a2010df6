"""Retro pay: pay for [start, until) stays at the old rates, and the difference is paid later as one line.

In every year of the retro period, the difference between the new and the old rates (at the same
placement: only the rates differ) is kept out of base pay; the whole difference owed, for those
eligible to receive it, is paid as ``retro:<name>`` in the fiscal year of the pay date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np

from ...inputs.models import Retro, Schedule
from .. import dates as d
from ..money import round_array
from ..projection_setup import ProjectionSetup
from ..schedule_arrays import with_old_rates
from .eligibility import eligible
from .registry import register
from .year import CostedYear, PayYear, price_year


def kept_out_of_base(items: tuple[Retro, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """Base pay less each retro item's difference in this year (it is paid as the retro line)."""
    for retro in items:
        yield "base", -difference(retro, year)


def difference(retro: Retro, year: PayYear) -> np.ndarray:
    """Pay in [start, until) above the old rates, per employee, for this year's pieces."""
    pieces = year.pieces
    inside = (pieces.on >= d.day_number(retro.start)) & (pieces.on < d.day_number(retro.until))
    if not inside.any():
        return np.zeros(year.people.n)
    old: dict[str, Schedule] = {}
    for schedule in retro.old_schedules:
        old.setdefault(schedule.name, schedule)  # the first of a name, as listed
    schedules = tuple(with_old_rates(a, old[a.schedule.name]) if a.schedule.name in old else a for a in year.schedules)
    diff = (year.rates.annual - year.repriced(schedules).annual) * year.people.fte[pieces.emp] * pieces.weight * inside
    return year.total(diff)


def owed(items: tuple[Retro, ...], setup: ProjectionSetup) -> dict[str, np.ndarray]:
    """For each retro item: the whole difference owed over its period, for those eligible, to the cent.

    Worked out once per projection (whichever years are costed), over every fiscal year the
    period touches.
    """
    contract, people = setup.contract, setup.people
    totals = {}
    for retro in items:
        total = np.zeros(people.n)
        first = d.fiscal_year_of(retro.start, contract.fiscal_year_start)
        last = d.fiscal_year_of(retro.until - dt.timedelta(days=1), contract.fiscal_year_start)
        for fy in range(first, last + 1):
            total += difference(retro, price_year(setup, fy))
        if retro.eligible is not None:
            who = eligible(retro.eligible, setup.roster, retro.pay_date, f"retro {retro.name}",
                           employed_on_days=retro.employed_on, default_on_pay_day=False)
        else:
            who = np.ones(people.n, dtype=bool)
            for day in retro.employed_on:
                who &= people.employed(d.day_number(day))
        totals[retro.name] = round_array(total * who)
    return totals


def retro_lines(items: tuple[Retro, ...], year: CostedYear) -> Iterator[tuple[str, np.ndarray]]:
    """``retro:<name>``: what is owed, in the fiscal year of the pay date (0 in the others)."""
    lo, hi = year.bounds
    totals = year.prepared["retro"]
    for retro in items:
        yield f"retro:{retro.name}", totals[retro.name] if lo <= retro.pay_date < hi else np.zeros(year.people.n)


# Order of operations: the last pay provision (80): it keeps its difference out of base pay (so it
# shapes base pay) and, once pay is rounded, adds the retro line that roll-up then charges.
register("retro", Retro, order=80, prepare=owed, pay=kept_out_of_base, shapes_base=True, owed=retro_lines)
