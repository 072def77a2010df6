"""How one scenario-year's figure relates to other years and to the status quo: each rule once.

Every figure a report compares across periods (a change over the prior year, new money over the
status quo, a percent compounded over the window, a total over the window) uses these functions and
no other arithmetic, so a rule a finance office questions ("which year is the first year compared
with?", "is the term's percent added or compounded?") is answered, and changed, in one place.

The values are arrays aligned with the rows of a :class:`Basis`: per scenario and fiscal year, the
year before the window included where it could be costed (:func:`costing.engine.measures.basis`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .figures import pct

STATUS_QUO = "baseline"


@dataclass(frozen=True)
class Basis:
    """The sums every figure is a function of (``sums``: one row per scenario and fiscal year), and
    where each row's comparisons are: the rules below, worked out once per costing."""

    sums: pd.DataFrame            # indexed by (scenario, fiscal_year); ``in_window`` marks the years costed
    prior_row: np.ndarray         # the row of the same scenario's fiscal year before (-1: none)
    status_quo_row: np.ndarray    # the row of the status quo's same fiscal year (-1: none)
    window_rows: dict[str, np.ndarray]   # scenario -> its rows of the years costed, in year order
    columns: dict[str, np.ndarray]       # each column of ``sums`` as an array (read once)

    @classmethod
    def of(cls, sums: pd.DataFrame) -> Basis:
        """The rules applied to the rows of ``sums``.

        **The prior-year rule**: a year is compared with the same scenario's fiscal year before it,
        never with the previous row of a table (with years 2025 and 2027, 2027 has no prior year).
        For the first year costed that is the scenario's OWN year before the window, costed under its
        own contract (docs/method.md, "Figures"): a proposal that also changes that year (a retroactive
        COLA) is compared with itself, and the status quo's year before is its own figure.
        """
        sums = sums.sort_index()
        scenarios = sums.index.get_level_values("scenario")
        years = sums.index.get_level_values("fiscal_year")
        row = {key: i for i, key in enumerate(sums.index)}
        prior = np.array([row.get((s, y - 1), -1) for s, y in sums.index])
        status_quo = np.array([row.get((STATUS_QUO, y), -1) for y in years])
        in_window = sums["in_window"].to_numpy(dtype=bool)
        window = {s: np.flatnonzero(in_window & (scenarios == s)) for s in dict.fromkeys(scenarios)}
        columns = {c: sums[c].to_numpy(dtype=float) for c in sums.columns if c != "in_window"}
        return cls(sums, prior, status_quo, {s: rows for s, rows in window.items() if len(rows)}, columns)

    def __getitem__(self, column: str) -> np.ndarray:
        return self.columns[column]


def _at(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    return np.where(rows >= 0, values[np.maximum(rows, 0)], np.nan)


def prior(values: np.ndarray, b: Basis) -> np.ndarray:
    """Each value's same scenario in the fiscal year before (:meth:`Basis.of`), NaN where there is none."""
    return _at(np.asarray(values, dtype=float), b.prior_row)


def status_quo(values: np.ndarray, b: Basis) -> np.ndarray:
    """Each value's status-quo counterpart: the baseline's value in the same fiscal year."""
    return _at(np.asarray(values, dtype=float), b.status_quo_row)


def change_over_prior(values: np.ndarray, b: Basis) -> np.ndarray:
    """This year's value less the prior year's (:func:`prior`), to the cent."""
    return np.round(values - prior(values, b), 2)


def percent_over_prior(values: np.ndarray, b: Basis) -> np.ndarray:
    """The change over the prior year as a percent of the prior year (NaN when that is zero or missing)."""
    before = prior(values, b)
    return pct(np.round(values - before, 2), before)


def compound(percents) -> float:
    """Year-on-year percents chained: 3, 3.5, 3.5 -> 10.34. NaN when any year's percent is missing:
    a percent over years with one unknown is unknown, not the product of the others."""
    values = np.asarray(list(percents), dtype=float)
    if not len(values) or np.isnan(values).any():
        return float("nan")
    return float((np.prod(1 + values / 100.0) - 1) * 100.0)


def compounded_to_date(percents: np.ndarray, b: Basis) -> np.ndarray:
    """Each year's percent compounded with every earlier year's of the same scenario (:func:`compound`)."""
    out = np.full(len(percents), np.nan)
    for rows in b.window_rows.values():
        out[rows] = [compound(percents[rows[:k + 1]]) for k in range(len(rows))]
    return out


def running_total(values: np.ndarray, b: Basis) -> np.ndarray:
    """The running sum over the years costed of each scenario, to the cent (cumulative figures)."""
    out = np.full(len(values), np.nan)
    for rows in b.window_rows.values():
        out[rows] = np.round(np.cumsum(values[rows]), 2)
    return out


# ---- carrying a year's figure over the window (every year costed): one function per way -------------

def window_sum(values: np.ndarray) -> float:
    """Dollars over the window: the sum of the years, to the cent (NaN when a year is missing)."""
    values = np.asarray(values, dtype=float)
    return float("nan") if not len(values) or np.isnan(values).any() else round(float(values.sum()), 2)


def window_compound(values: np.ndarray) -> float:
    """Year-on-year percents over the window: compounded (:func:`compound`)."""
    return compound(values)


def window_ratio(numerators: np.ndarray, denominators: np.ndarray) -> float:
    """A percent of another figure over the window: the sum of one over the sum of the other."""
    return float(pct(window_sum(numerators), window_sum(denominators)))


__all__ = ["Basis", "prior", "status_quo", "change_over_prior", "percent_over_prior", "compound",
           "compounded_to_date", "running_total", "window_sum", "window_compound", "window_ratio", "STATUS_QUO"]
