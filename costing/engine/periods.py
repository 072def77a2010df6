"""How one scenario-year's figure relates to other years, to the status quo and to the term: each rule once.

Every figure a report compares across periods (a change over the prior year, new money over the
status quo, a percent compounded over the term, a total over the term, the run rate from the base
year) uses these functions and no other arithmetic, so a rule a finance office questions ("which
year is the first year compared with?", "is the term's percent added or compounded?", "is FY2028
in the term?") is answered, and changed, in one place.

The values are arrays aligned with the rows of a :class:`Basis`: per scenario and fiscal year, the
year before the window included where it could be costed (:func:`costing.engine.measures.basis`).
Percents are fractions (0.025 is 2.5%), as pandas' and Excel's percent formats expect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import dates as d
from .figures import pct

STATUS_QUO = "baseline"


def term_years(years, term: tuple[dt.date, dt.date] | None, fiscal_year_start: str = "07-01") -> list[int]:
    """The fiscal years of ``years`` that are in the contract term.

    **The term rule**: a fiscal year is in the term when more than half of its days fall between
    the term's first and last day. Newton's term 9/1/2023-8/31/2027 holds FY2024-FY2027 (FY2028
    has only July and August 2027 in it, 62 of 366 days); New Bedford's 8/1/2022-7/31/2025 holds
    FY2023-FY2025. With no term stated, every year costed is in the term.
    """
    if term is None:
        return sorted(years)
    first, last = term
    out = []
    for fy in sorted(years):
        lo, hi = d.fiscal_year_bounds(fy, fiscal_year_start)
        inside = (min(hi, last + dt.timedelta(days=1)) - max(lo, first)).days
        if inside * 2 > (hi - lo).days:
            out.append(fy)
    return out


@dataclass(frozen=True)
class Basis:
    """The sums every figure is a function of (``sums``: one row per scenario and fiscal year), and
    where each row's comparisons are: the rules below, worked out once per costing."""

    sums: pd.DataFrame            # indexed by (scenario, fiscal_year); ``in_window`` marks the years costed
    prior_row: np.ndarray         # the row of the same scenario's fiscal year before (-1: none)
    status_quo_row: np.ndarray    # the row of the status quo's same fiscal year (-1: none)
    window_rows: dict[str, np.ndarray]   # scenario -> its rows of the years costed, in year order
    term_rows: dict[str, np.ndarray]     # scenario -> its rows of the years costed that are in the term
    in_term: np.ndarray                  # per row: a year costed, in the term
    columns: dict[str, np.ndarray]       # each column of ``sums`` as an array (read once)
    groups: dict[tuple[str, str], dict[str, np.ndarray]] = field(default_factory=dict)
    """(population, "this" or "prior") -> the same columns summed over one population of each row's
    year-on-year comparison (:mod:`costing.engine.groups`): its people in the row's year, or in the
    year before."""

    @classmethod
    def of(cls, sums: pd.DataFrame, term: dict[str, list[int]] | None = None,
           groups: dict | None = None) -> Basis:
        """The rules applied to the rows of ``sums`` (``term``: scenario -> its fiscal years in the term).

        **The prior-year rule**: a year is compared with the same scenario's fiscal year before it,
        never with the previous row of a table (with years 2025 and 2027, 2027 has no prior year).
        For the first year costed that is the scenario's OWN year before the window, costed under its
        own contract (docs/method.md, "Figures"): a proposal that also changes that year (a retroactive
        COLA) is compared with itself, and the status quo's year before is its own figure.
        """
        order = sums.index
        scenarios = order.get_level_values("scenario")
        years = order.get_level_values("fiscal_year")
        row = {key: i for i, key in enumerate(order)}
        prior = np.array([row.get((s, y - 1), -1) for s, y in order], dtype=np.int64)
        status_quo = np.array([row.get((STATUS_QUO, y), -1) for y in years], dtype=np.int64)
        in_window = sums["in_window"].to_numpy(dtype=bool)
        window = {s: np.flatnonzero(in_window & (scenarios == s)) for s in dict.fromkeys(scenarios)}
        window = {s: rows for s, rows in window.items() if len(rows)}
        if term is None:
            in_term = in_window.copy()
        else:
            in_term = np.array([w and fy in term.get(s, ()) for w, s, fy in zip(in_window, scenarios, years)])
        term_rows = {s: rows[in_term[rows]] for s, rows in window.items()}
        columns = {c: sums[c].to_numpy(dtype=float) for c in sums.columns if c != "in_window"}
        return cls(sums, prior, status_quo, window, term_rows, in_term, columns, dict(groups or {}))

    def __getitem__(self, column: str) -> np.ndarray:
        return self.columns[column]

    def group(self, population: str, when: str) -> GroupView:
        """One population's sums, in each row's year (``when="this"``) or the year before (``"prior"``)."""
        return GroupView(self, self.groups[(population, when)])


@dataclass(frozen=True)
class GroupView:
    """A population's sums with a basis's rows and rules, read like the basis itself (``view["total"]``)."""

    basis: Basis
    columns: dict[str, np.ndarray]

    def __getitem__(self, column: str) -> np.ndarray:
        return self.columns[column]

    def __getattr__(self, name: str):
        return getattr(self.basis, name)


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
    """The change over the prior year as a fraction of the prior year (NaN when that is zero or missing)."""
    before = prior(values, b)
    return pct(np.round(values - before, 2), before)


def change_within(this: np.ndarray, before: np.ndarray) -> np.ndarray:
    """A population's sum this year less its sum the year before, to the cent (the same people twice)."""
    return np.round(np.asarray(this, dtype=float) - np.asarray(before, dtype=float), 2)


def percent_within(this: np.ndarray, before: np.ndarray) -> np.ndarray:
    """That change as a fraction of the year before (NaN when that is zero or missing)."""
    return pct(change_within(this, before), before)


def compound(rates) -> float:
    """Year-on-year rates (fractions) chained: 0.03, 0.035, 0.035 -> 0.1034. NaN when any year's is
    missing: a rate over years with one unknown is unknown, not the product of the others."""
    values = np.asarray(list(rates), dtype=float)
    if not len(values) or np.isnan(values).any():
        return float("nan")
    return float(np.prod(1 + values) - 1)


def simple_sum(rates) -> float:
    """Year-on-year rates added, as the press quotes a settlement ("3% + 5% + 5% = 13%"); NaN when any
    year's is missing. Never a substitute for :func:`compound`: it is shown beside it."""
    values = np.asarray(list(rates), dtype=float)
    if not len(values) or np.isnan(values).any():
        return float("nan")
    return float(values.sum())


def compounded_to_date(rates: np.ndarray, b: Basis) -> np.ndarray:
    """Each year's rate compounded with every earlier year's of the same scenario (:func:`compound`)."""
    out = np.full(len(rates), np.nan)
    for rows in b.window_rows.values():
        out[rows] = [compound(rates[rows[:k + 1]]) for k in range(len(rows))]
    return out


def running_total(values: np.ndarray, b: Basis) -> np.ndarray:
    """The running sum over the years costed of each scenario, to the cent (cumulative figures)."""
    out = np.full(len(values), np.nan)
    for rows in b.window_rows.values():
        out[rows] = np.round(np.cumsum(values[rows]), 2)
    return out


def base_year_row(b: Basis, scenario: str) -> int:
    """The row of the scenario's base year: the fiscal year before the term's first (-1: not costed)."""
    rows = b.term_rows.get(scenario, np.zeros(0, dtype=np.int64))
    return int(b.prior_row[rows[0]]) if len(rows) else -1


# ---- carrying a year's figure over the term (its years costed): one function per way -----------------

def term_sum(values: np.ndarray) -> float:
    """Dollars over the term: the sum of the years, to the cent (NaN when a year is missing)."""
    values = np.asarray(values, dtype=float)
    return float("nan") if not len(values) or np.isnan(values).any() else round(float(values.sum()), 2)


def term_compound(values: np.ndarray) -> float:
    """Year-on-year rates over the term: compounded (:func:`compound`)."""
    return compound(values)


def term_ratio(numerators: np.ndarray, denominators: np.ndarray) -> float:
    """A rate of another figure over the term: the sum of one over the sum of the other."""
    return float(pct(term_sum(numerators), term_sum(denominators)))


__all__ = ["Basis", "GroupView", "prior", "status_quo", "change_over_prior", "percent_over_prior", "change_within",
           "percent_within", "compound", "simple_sum", "compounded_to_date", "running_total", "base_year_row",
           "term_years", "term_sum", "term_compound", "term_ratio", "STATUS_QUO"]
