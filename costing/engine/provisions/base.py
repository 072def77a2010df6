"""Base pay: each schedule's rate for the step and lane of each piece, as a share of a year's pay.

The rates themselves are :mod:`costing.engine.base_pay`'s (they are needed before any provision:
percent stipends, hours at the person's rate and retro all read them); this is base pay as a
component: the pieces' annual pay x FTE x weight, summed per person. Retro keeps its difference
out of it (:func:`costing.engine.provisions.retro.kept_out_of_base`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...inputs.models import Schedule
from .registry import register
from .year import PayYear


def cost(items: tuple[Schedule, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """``base`` per employee."""
    yield "base", year.total(year.base_piece)


# Order of operations: base pay (20) comes before every other pay provision (percent stipends, hours
# at the person's rate and retro read its rates); it shapes base pay, so the held-steps base runs it.
register("schedules", Schedule, order=20, pay=cost, shapes_base=True)
