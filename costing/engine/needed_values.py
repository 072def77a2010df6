"""Which dated values a costing needs, and which may not exist yet: one table, one lookup each.

Everything in a contract that changes on a date is a list of values with an ``effective`` date
(:mod:`costing.inputs.dated`). Before the first value nothing is in force, and that means one of
two things, decided here for every kind of dated value and nowhere else (docs/formats.md, "Dated
values a costing needs"):

- **needed**: the costing cannot price a person without it. A rate table for someone on the
  schedule, a premium and the employer's share for someone enrolled, a roll-up rate on pay it is
  charged on. Reaching one before its first date is an error naming the file, the key and the day
  (:func:`needed`), in ``costing validate`` (a scenario is costed there) as in every costing verb:
  never a silent zero.
- **not yet in force**: before its first date the item does not exist yet, and pays nothing. A
  stipend or longevity table that starts later, a step date, an entry-step drop, a unit or
  work-year change (the schedule's own applies before it), a plan move, a new position.

``tests/test_needed_values.py`` checks that every dated model is in exactly one of the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..errors import InputError
from ..inputs import models as m
from ..inputs.dated import V, in_force, require_in_force

NEEDED: dict[type, str] = {
    m.RateTable: "a schedule's rates, for everyone on the schedule (a year before the window with no"
                 " table is not costed: its change is shown as unknown)",
    m.PremiumRates: "a plan's premium for a tier, for everyone enrolled in it",
    m.EmployerShare: "the employer's share of a plan's premium, for everyone enrolled in it",
    m.DatedRate: "a roll-up rate, on the pay it is charged on",
}
"""Dated values a costing cannot do without, and why."""

NOT_YET: dict[type, str] = {
    m.LongevityTable: "longevity: none before the first table",
    m.DatedAmount: "a stipend or differential: none before its first amount",
    m.Anniversary: "a step date: no step movement before the first one a schedule states",
    m.EntryDrop: "an entry-step drop: every step exists before it",
    m.DatedUnit: "a unit change: the schedule's own unit before it",
    m.DatedWorkYear: "a work-year change: the schedule's own work year before it",
    m.PlanMove: "a plan move: the plan's own premiums before it",
    m.Position: "new positions: nobody in them before their date",
}
"""Dated values whose absence before the first date means the item does not exist yet, and why."""


def needed(values: Sequence[V], day: dt.date, where: str, source: str | None = None) -> V:
    """The value in force on ``day`` of a kind in :data:`NEEDED`; none is an error naming ``where`` and the day."""
    if values and type(values[0]) not in NEEDED:
        raise TypeError(f"{type(values[0]).__name__} is not a needed dated value (costing.engine.needed_values)")
    return require_in_force(values, day, source, where)


def not_yet(values: Sequence[V], day: dt.date) -> V | None:
    """The value in force on ``day`` of a kind in :data:`NOT_YET`, or None: the item does not exist yet."""
    if values and type(values[0]) not in NOT_YET:
        raise TypeError(f"{type(values[0]).__name__} is a needed dated value: use needed() (costing.engine.needed_values)")
    return in_force(values, day)


class NoRateTable(InputError):
    """No rate table in force on a day a schedule's people are costed: the year cannot be costed.

    The one missing value that leaves a year before the window unknown (n/a) rather than an error:
    a contract that starts its tables with the window says nothing of the year before it."""


__all__ = ["NEEDED", "NOT_YET", "NoRateTable", "needed", "not_yet"]
