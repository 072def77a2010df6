"""The raise as the parties and the press quote it: the percents a proposal states, by fiscal year.

Chelsea's MOA raises step 1 by 3%, 5% and 5% (each with a flat differential and a rebuilt grid):
it was reported as "13%", the simple sum, while the three percents compound to 13.56% and the
grid's rates rise far more. A finance office must reconcile its table with the newspaper's, so
the figures frame carries the quoted percents (convention ``quoted``) beside the measured ones.

A year's quoted raise is every switched-on ``raise_percent`` change effective in it, chained when
several fall in one year (September and March). When the changes of a year give different
schedules, lanes or steps different percents (Newton's offer: 3% for Units A, B and E, 5% for
C and D), no single percent was quoted for the year: it is unknown (NaN), never an average; so
is a year whose rates change only by tables, flat amounts or rebuilds (New Bedford's agreed
tables): no percent was stated. A year with no change to any rate is 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ..inputs.models import Proposal
from . import dates as d
from .apply import active_changes

RATE_OPS = frozenset({"add_flat", "rebuild", "replace_table"})
"""Ops that change rate tables without stating a percent."""


def _target(change) -> tuple:
    """What a change selects (schedules, units, lanes, steps), as a comparable key."""
    return tuple(tuple(getattr(change, name, None) or ()) for name in ("schedules", "units", "lanes", "steps"))


def quoted_rates(texts: Iterable[Proposal], switches: Iterable[str], fiscal_year_start: str,
                 years: Iterable[int]) -> dict[int, float]:
    """Fiscal year -> the quoted raise (a fraction) of one scenario's proposal texts, applied in order."""
    by_year: dict[int, dict[tuple, float]] = {fy: {} for fy in years}
    unstated: set[int] = set()
    for text in texts:
        for _, change in active_changes(text, switches):
            fy = d.fiscal_year_of(change.effective, fiscal_year_start)
            if fy not in by_year:
                continue
            if change.op in RATE_OPS:
                unstated.add(fy)
            if change.op != "raise_percent":
                continue
            target = by_year[fy]
            key = _target(change)
            target[key] = (1 + target.get(key, 0.0)) * (1 + float(change.percent) / 100) - 1
    out = {}
    for fy, targets in by_year.items():
        values = set(np.round(list(targets.values()), 12))
        if not targets:
            out[fy] = float("nan") if fy in unstated else 0.0
        else:
            out[fy] = float(next(iter(values))) if len(values) == 1 else float("nan")
    return out


def scenario_texts(proposals: Mapping[str, Proposal], scenario: str) -> list[Proposal]:
    """A scenario's proposal texts: its own file, or each file of a package ("name/stem"), in order."""
    return [p for key, p in proposals.items() if key == scenario or key.startswith(f"{scenario}/")]


__all__ = ["quoted_rates", "scenario_texts", "RATE_OPS"]
