"""Contract provisions, one module each, and the registry that says how each kind of item is costed.

Every field of :class:`costing.inputs.models.Contract` that holds items (schedules, longevity,
stipends, one-time payments, cost lines, roll-ups, new positions, retro, benefits, extra pay, paid
days) has one entry in :data:`PROVISIONS`, in the fixed order of operations (docs/method.md). An
entry names the functions that cost its items at each stage of a year:

- ``people``: before anything, the rows the items add to the roster (new positions);
- ``prepare``: once per projection, what does not depend on the year (retro owed, enrolments);
- ``who``: per year, on the whole roster, who each rule-based item goes to (:class:`Eligible`);
- ``pay``: per year, per piece, for a set of people: (component, amount per person) pairs, added
  up by component and rounded to the cent once every person is costed;
- ``owed``: per year, after pay is rounded: the retro line, roll-up on pay, premiums;
- ``unit``: per year, unit-level (component, unit, amount) lines.

Adding a provision is a model in :mod:`costing.inputs.models`, a module here, and its entry
below; ``tests/test_provisions.py`` fails until the entry exists. The projection
(:mod:`costing.engine.year_cost`) is a loop over this registry and knows no provision by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...inputs import models as m
from ..projection_setup import ProjectionSetup
from ..roster_codes import RosterCodes
from . import base, benefits, cost_lines, extra_pay, longevity, one_time, positions, retro, rollup, stipends
from .year import CostedYear, Eligible, PayYear, price_year, priced

__all__ = ["PROVISIONS", "Provision", "CostedYear", "Eligible", "PayYear", "price_year", "priced"]

Items = tuple  # the contract field's items, e.g. tuple[Stipend, ...]
People = Callable[[m.Contract, RosterCodes], RosterCodes]
Prepare = Callable[[Items, ProjectionSetup], object]
Who = Callable[[Items, pd.DataFrame, int, m.Contract], dict[str, np.ndarray]]   # item name -> per roster row
Pay = Callable[[Items, PayYear], Iterable[tuple[str, np.ndarray]]]               # (component, per person)
Owed = Callable[[Items, CostedYear], Iterable[tuple[str, np.ndarray]]]           # (component, per person)
Unit = Callable[[Items, CostedYear], Iterable[tuple[str, str, float]]]           # (component, unit, amount)


@dataclass(frozen=True)
class Provision:
    """How the items of one contract field are costed (each stage optional; see the module docstring)."""

    field: str
    item: type
    people: People | None = None
    prepare: Prepare | None = None
    who: Who | None = None
    pay: Pay | None = None
    shapes_base: bool = False   # its pay changes base pay: the held-steps counterfactual runs it too
    owed: Owed | None = None
    unit: Unit | None = None


PROVISIONS: tuple[Provision, ...] = (
    Provision("positions", m.Position, people=positions.people),
    Provision("schedules", m.Schedule, pay=base.cost, shapes_base=True),
    Provision("longevity", m.Longevity, who=longevity.who, pay=longevity.cost),
    Provision("stipends", m.Stipend, who=stipends.who, pay=stipends.cost),
    Provision("one_time", m.OneTime, who=one_time.who, pay=one_time.cost),
    Provision("extra_pay", m.ExtraPay, who=extra_pay.extra_pay_owed, pay=extra_pay.extra_pay_cost),
    Provision("paid_days", m.PaidDays, who=extra_pay.paid_days_owed, pay=extra_pay.paid_days_cost),
    Provision("retro", m.Retro, prepare=retro.owed, pay=retro.kept_out_of_base, shapes_base=True, owed=retro.retro_lines),
    Provision("rollup", m.Rollup, owed=rollup.cost),
    Provision("benefits", m.Benefit, prepare=benefits.prepare, owed=benefits.cost),
    Provision("cost_lines", m.CostLine, unit=cost_lines.cost),
)
