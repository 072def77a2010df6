"""Roll-up: a percent of the pay components it applies to (Medicare 1.45%, a retirement assessment).

Computed on each person's rounded yearly amounts and rounded again (docs/method.md, rounding 4),
at the rate in force on the first day of the fiscal year (a needed value: none then is an error). A unit-level cost line takes the
roll-ups that apply to ``line`` (:func:`on_line`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np

from ...inputs.models import Rollup
from ...inputs.vocabulary import family_of
from ..apply import unit_on
from ..money import round_array
from ..needed_values import needed
from .registry import register
from .year import CostedYear


def rate_on(rollup: Rollup, day: dt.date) -> float:
    """The roll-up's rate in force on ``day``, in percent: a needed value (an error naming the
    roll-up and the day before its first dated value, never a silent zero)."""
    return float(needed(rollup.dated(), day, f"contract rollup {rollup.name}").rate)


def cost(items: tuple[Rollup, ...], year: CostedYear) -> Iterator[tuple[str, np.ndarray]]:
    """``rollup:<name>`` per employee: the rate x the sum of the components it applies to that year,
    for the staff it is charged on (its schedules or units on the year's first day; everyone by
    default). The rate is looked up only when there is pay it applies to."""
    lo, _ = year.bounds
    for rollup in items:
        targets = rollup.applies_to_on(lo)
        covered = sum((v for k, v in year.components.items() if family_of(k) in targets), np.zeros(year.people.n))
        charged = covered * _charged_on(rollup, year, lo)
        rate = rate_on(rollup, lo) if charged.any() else 0.0
        yield f"rollup:{rollup.name}", round_array(charged * rate / 100.0)


def _charged_on(rollup: Rollup, year: CostedYear, day: dt.date) -> np.ndarray:
    """1 for each employee the roll-up is charged on, 0 for the others."""
    if rollup.schedules is None and rollup.units is None:
        return np.ones(year.people.n)
    codes = [i for i, s in enumerate(year.contract.schedules)
             if (rollup.schedules is not None and s.name in rollup.schedules)
             or (rollup.units is not None and unit_on(s, day) in rollup.units)]
    return np.isin(year.people.sched, codes).astype(float)


def on_line(items: tuple[Rollup, ...], amount: float, year: CostedYear) -> Iterator[tuple[str, float]]:
    """The roll-ups a unit-level line of ``amount`` takes (those that apply to ``line``, and are not
    limited to some staff's pay), to the cent."""
    lo, _ = year.bounds
    for rollup in items:
        if "line" in rollup.applies_to_on(lo) and amount and rollup.schedules is None and rollup.units is None:
            yield f"rollup:{rollup.name}", float(round_array(np.array([amount * rate_on(rollup, lo) / 100]))[0])


# Order of operations: after every pay provision and the retro line (90): roll-up on the rounded pay.
register("rollup", Rollup, order=90, owed=cost)
