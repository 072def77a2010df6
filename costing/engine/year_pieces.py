"""A year's pieces: who, from which day, at what weight, on which schedule, under which proration rule.

Contracts change on arbitrary dates, so a fiscal year is cut at every date that matters: the
dates on which something changes for everybody (:func:`costing.engine.schedule_arrays.shared_breaks`)
and each employee's own start date, end date, service anniversaries and dated moves. Every
employee gets the same number of cuts (some pieces of zero length, then dropped), so the whole
roster is cut with 2-D numpy arrays and no Python loop over employees. Each piece is costed at
the rates in force on its first day and weighs its share of the year under the employee's
proration rule. The same value, built for one day (one piece per employee, weight 1), prices
where everyone stands on that day, so nothing is faked to get a day's rates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .proration import YearWeights
from .roster_codes import EncodedRoster


@dataclass(frozen=True)
class YearPieces:
    """Pieces of time of a set of employees (arrays with one entry per piece)."""

    emp: np.ndarray     # employee (index into the roster the pieces were cut from)
    on: np.ndarray      # the piece's first day (day number)
    weight: np.ndarray  # its share of the fiscal year
    sched: np.ndarray   # the employee's schedule code
    rule: np.ndarray    # the employee's proration rule
    n: int              # employees in that roster
    anniversaries: tuple[np.ndarray, ...] = ()  # per employee: service anniversaries in calendar years fy - 1, fy

    def total(self, per_piece: np.ndarray) -> np.ndarray:
        """Per-piece amounts summed per employee."""
        return np.bincount(self.emp, weights=per_piece, minlength=self.n)


def _rules(roster: EncodedRoster) -> np.ndarray:
    return roster.rule if roster.rule is not None else np.zeros(roster.n, dtype=np.int64)


def cut_year(roster: EncodedRoster, weights: YearWeights, breaks: np.ndarray) -> YearPieces:
    """The fiscal year of ``weights`` cut into pieces for everyone employed in part of it."""
    n, lo, hi = roster.n, weights.lo, weights.hi
    shared = breaks[(breaks > lo) & (breaks < hi)]
    anniversaries = (roster.anniversary_in(weights.fy - 1), roster.anniversary_in(weights.fy))
    own = [roster.start, roster.end + 1, *anniversaries, *roster.move_day.T]
    # each row: the year's first day, every cut inside the year (sorted), the next year's first day
    bounds = np.empty((n, len(shared) + len(own) + 2), dtype=np.int64)
    bounds[:, 0], bounds[:, 1:1 + len(shared)], bounds[:, -1] = lo, shared, hi
    for k, days in enumerate(own):
        np.clip(days, lo, hi, out=bounds[:, 1 + len(shared) + k])
    bounds[:, 1:-1].sort(axis=1)
    starts, stops = bounds[:, :-1], bounds[:, 1:]
    # a piece of positive length inside the employment (the start date and the day after the end are cuts)
    index = np.flatnonzero((stops > starts) & (starts >= roster.start[:, None]) & (starts <= roster.end[:, None]))
    emp = index // starts.shape[1]
    flat = bounds.ravel()
    # starts[e, c] (index e * width + c) is bounds' flat e * (width + 1) + c: index + e
    on, stop = flat[index + emp], flat[index + emp + 1]
    rule = _rules(roster)[emp]
    width = weights.cums.shape[1]
    cums = weights.cums.ravel()
    weight = (cums[rule * width + (stop - lo)] - cums[rule * width + (on - lo)]) / weights.denoms[rule]
    return YearPieces(emp=emp, on=on, weight=weight, sched=roster.sched[emp], rule=rule, n=n,
                      anniversaries=anniversaries)


def one_day(roster: EncodedRoster, day: int) -> YearPieces:
    """One piece per employee on ``day``, of weight 1: what everyone is paid at that day's rates."""
    n = roster.n
    return YearPieces(emp=np.arange(n), on=np.full(n, day), weight=np.ones(n), sched=roster.sched,
                      rule=_rules(roster), n=n)
