"""How one scenario-year's figure relates to other years and to the status quo: each rule once.

Every figure a report compares across periods (a change over the prior year, new money over the
status quo, a percent compounded over the window, a total over the window) uses these functions and
no other arithmetic, so a rule a finance office questions ("which year is the first year compared
with?", "is the term's percent added or compounded?") is answered, and changed, in one place.

The values they take are pandas Series indexed by (scenario, fiscal_year), the year before the
window included where it could be costed (:func:`costing.engine.measures.basis`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .figures import pct

STATUS_QUO = "baseline"


def prior(values: pd.Series) -> pd.Series:
    """The prior-year rule: each value's same scenario in the fiscal year before (NaN where there is none).

    For the first year costed that is the scenario's OWN year before the window, costed under its own
    contract (docs/method.md, "Figures"): a proposal that also changes that year (a retroactive COLA) is
    compared with itself, and the status quo's year before is its own figure. Never the previous row
    of a table: with years 2025 and 2027, 2027 has no prior year.
    """
    scenarios = values.index.get_level_values("scenario")
    years = values.index.get_level_values("fiscal_year")
    before = pd.MultiIndex.from_arrays([scenarios, years - 1], names=values.index.names)
    return pd.Series(values.reindex(before).to_numpy(), index=values.index)


def status_quo(values: pd.Series) -> pd.Series:
    """Each value's status-quo counterpart: the baseline's value in the same fiscal year."""
    years = values.index.get_level_values("fiscal_year")
    same = pd.MultiIndex.from_arrays([[STATUS_QUO] * len(values), years], names=values.index.names)
    return pd.Series(values.reindex(same).to_numpy(), index=values.index)


def change_over_prior(values: pd.Series) -> pd.Series:
    """This year's value less the prior year's (:func:`prior`), to the cent."""
    return (values - prior(values)).round(2)


def percent_over_prior(values: pd.Series) -> pd.Series:
    """The change over the prior year as a percent of the prior year (NaN when that is zero or missing)."""
    before = prior(values)
    return pd.Series(pct((values - before).round(2), before), index=values.index)


def compound(percents) -> float:
    """Year-on-year percents chained: 3, 3.5, 3.5 -> 10.3. NaN when any year's percent is missing:
    a percent over years with one unknown is unknown, not the product of the others."""
    values = np.asarray(list(percents), dtype=float)
    if not len(values) or np.isnan(values).any():
        return float("nan")
    return float((np.prod(1 + values / 100.0) - 1) * 100.0)


def compounded_to_date(percents: pd.Series) -> pd.Series:
    """Each year's percent compounded with every earlier year's of the same scenario (:func:`compound`)."""
    out = pd.Series(np.nan, index=percents.index)
    for _, group in percents.groupby(level="scenario", sort=False):
        group = group.sort_index(level="fiscal_year")
        out.loc[group.index] = [compound(group.iloc[:k + 1]) for k in range(len(group))]
    return out


def running_total(values: pd.Series) -> pd.Series:
    """The running sum over the years of each scenario, to the cent (cumulative figures)."""
    ordered = values.sort_index(level=["scenario", "fiscal_year"])
    return ordered.groupby(level="scenario", sort=False).cumsum().round(2).reindex(values.index)


# ---- carrying a year's figure over the window (every year costed): one function per way -------------

def window_sum(values: pd.Series) -> float:
    """Dollars over the window: the sum of the years, to the cent (NaN when a year is missing)."""
    return float("nan") if values.isna().any() or values.empty else round(float(values.sum()), 2)


def window_compound(values: pd.Series) -> float:
    """Year-on-year percents over the window: compounded (:func:`compound`)."""
    return compound(values)


def window_ratio(numerators: pd.Series, denominators: pd.Series) -> float:
    """A percent of another figure over the window: the sum of one over the sum of the other."""
    return float(pct(window_sum(numerators), window_sum(denominators)))


__all__ = ["prior", "status_quo", "change_over_prior", "percent_over_prior", "compound", "compounded_to_date",
           "running_total", "window_sum", "window_compound", "window_ratio", "STATUS_QUO"]
