"""Finding a figure in a figures frame by its key instead of by scanning the frame.

A report selects a few hundred figures from one costing's frame (:func:`costing.engine.measures.select`:
154 selections and 123 "which years are in the term" in the Chelsea report's notebook alone). Scanning
the frame's columns with boolean masks cost about a millisecond each, 0.2 s of the notebook's 1.3 s.
The frame is grouped once here, by measure, convention, population and scenario, into row positions
and plain arrays of its columns; a selection is then a dictionary lookup and a few array reads, and
returns exactly the rows, in the frame's order, that the masks found.

The grouping is kept for the last frame grouped (one costing's frame is selected from many times in a
row). A figures frame is never changed once built (:func:`costing.engine.measures.frame`), so the
frame itself (``is``), not its contents, is the key. One entry, replaced whole, is safe when the report's
threads select at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TERM = "term"


@dataclass(frozen=True)
class FrameIndex:
    """One figures frame grouped: (measure, convention) -> population -> row positions (the populations in
    the order they first appear), scenario -> its rows, and the columns a selection reads, as arrays."""

    frame: pd.DataFrame
    positions: dict[tuple[str, str], dict[str, np.ndarray]]
    scenario: np.ndarray
    period: np.ndarray
    year_or_term: np.ndarray     # an int fiscal year, or "term" on a row over the term
    value: np.ndarray
    term_years: dict[str, list[int]]


def _group(figures: pd.DataFrame) -> FrameIndex:
    groups = figures.groupby(["measure", "convention", "population"], sort=False).indices
    positions: dict[tuple[str, str], dict[str, np.ndarray]] = {}
    for (measure, convention, population), rows in sorted(groups.items(), key=lambda kv: kv[1][0]):
        positions.setdefault((measure, convention), {})[population] = np.sort(rows)
    period = figures["period"].to_numpy()
    years = figures["fiscal_year"].to_numpy(dtype=object)
    year_or_term = np.array([TERM if p == TERM else int(y) for p, y in zip(period, years)], dtype=object)
    in_term = (period != TERM) & figures["in_term"].to_numpy(dtype=bool)
    scenario = figures["scenario"].to_numpy()
    term_years = {s: sorted({int(y) for y in years[in_term & (scenario == s)]}) for s in pd.unique(scenario)}
    return FrameIndex(frame=figures, positions=positions, scenario=scenario, period=period,
                      year_or_term=year_or_term, value=figures["value"].to_numpy(dtype=float), term_years=term_years)


_last: FrameIndex | None = None


def frame_index(figures: pd.DataFrame) -> FrameIndex:
    """The grouping of ``figures``: made once, then reused while the same frame is selected from."""
    global _last
    last = _last
    if last is not None and last.frame is figures:
        return last
    _last = _group(figures)
    return _last
