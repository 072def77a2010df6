"""One-time payments: an amount paid once, in the fiscal year of its pay date, to those eligible.

Eligible means employed on every ``employed_on`` day (by default the pay date), or the item's
own rules (:mod:`costing.engine.provisions.eligibility`), evaluated on the pay date.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...inputs.models import Contract, OneTime
from .. import dates as d
from .eligibility import eligible
from .registry import register
from .year import PayYear


def who(items: tuple[OneTime, ...], roster: pd.DataFrame, fy: int, contract: Contract) -> dict[str, np.ndarray]:
    """Each payment's eligibility by its own rules, on its pay date."""
    return {o.name: eligible(o.eligible, roster, o.pay_date, f"one-time payment {o.name}", employed_on_days=o.employed_on)
            for o in items if o.eligible is not None}


def cost(items: tuple[OneTime, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """``one_time:<name>`` per employee (0 outside the year of the pay date)."""
    for o in items:
        yield f"one_time:{o.name}", _payment(o, year)


def _payment(o: OneTime, year: PayYear) -> np.ndarray:
    people = year.people
    pay = d.day_number(o.pay_date)
    if not year.lo <= pay < year.hi:
        return np.zeros(people.n)
    if o.eligible is not None:
        chosen = year.eligible.of("one_time", o.name)
    else:
        chosen = np.ones(people.n, dtype=bool)
        for day in o.employed_on or (o.pay_date,):
            chosen &= people.employed(d.day_number(day))
    selected = year.selected(o, np.full(people.n, pay))
    return float(o.amount) * chosen * selected * (people.fte if o.fte_scaled else 1.0)


# Order of operations: after stipends (50), before extra pay (docs/method.md).
register("one_time", OneTime, order=50, who=who, pay=cost)
