"""Roll-up: a percent of the pay components it applies to (Medicare 1.45%, a retirement assessment).

Computed on each person's rounded yearly amounts and rounded again (docs/method.md, rounding 4),
at the rate in force on the first day of the fiscal year. A unit-level cost line takes the
roll-ups that apply to ``line`` (:func:`on_line`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ...inputs.models import Rollup
from ...inputs.vocabulary import family_of
from ..money import round_array
from .year import CostedYear


def cost(items: tuple[Rollup, ...], year: CostedYear) -> Iterator[tuple[str, np.ndarray]]:
    """``rollup:<name>`` per employee: the rate x the sum of the components it applies to that year."""
    lo, _ = year.bounds
    for rollup in items:
        targets = rollup.applies_to_on(lo)
        covered = sum((v for k, v in year.components.items() if family_of(k) in targets), np.zeros(year.people.n))
        yield f"rollup:{rollup.name}", round_array(covered * rollup.rate_on(lo) / 100.0)


def on_line(items: tuple[Rollup, ...], amount: float, year: CostedYear) -> Iterator[tuple[str, float]]:
    """The roll-ups a unit-level line of ``amount`` takes (those that apply to ``line``), to the cent."""
    lo, _ = year.bounds
    for rollup in items:
        if "line" in rollup.applies_to_on(lo):
            yield f"rollup:{rollup.name}", float(round_array(np.array([amount * rollup.rate_on(lo) / 100]))[0])
