"""Sums of the long projection results: by component, by component family, by placement.

Every function here takes DataFrames and returns DataFrames; nothing is recomputed from the
contract, so each sum traces back to the long table of per-employee amounts. (A costing's figures
frame, :mod:`costing.engine.measures`, adds the same rows from each year's arrays without building
that table, :func:`costing.engine.results.family_sums`; both add whole cents, so they agree exactly.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.vocabulary import FAMILIES
from .money import cent_sums


def family_of(component: pd.Series) -> pd.Series:
    """The family of each component ("stipend:lead" -> "stipend").

    A categorical column is mapped through its few categories, never row by row (a large
    roster's long table has millions of rows and a dozen components); the result is
    categorical too, so grouping by family stays a grouping by integer codes.
    """
    if isinstance(component.dtype, pd.CategoricalDtype):
        names = [str(c).split(":", 1)[0] for c in component.cat.categories]
        families = list(dict.fromkeys(names))
        lookup = np.array([families.index(f) for f in names] + [-1], dtype=np.int8 if len(families) < 127 else np.int64)
        return pd.Series(pd.Categorical.from_codes(lookup[component.cat.codes.to_numpy()], families),
                         index=component.index, name=component.name)
    return component.astype(str).str.split(":", n=1).str[0]


def _sums_by(results: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Amounts summed per scenario and fiscal year (rows) and per category of ``by`` (columns).

    What ``pivot_table(..., aggfunc="sum", fill_value=0, observed=True)`` gives, computed on the
    integer codes with one ``bincount`` instead of hashing millions of rows; only combinations
    that occur are kept. Sums are of amounts already rounded to the cent, added as whole cents
    (:func:`costing.engine.money.cent_sums`), so they are exact and no order of addition changes one.
    """
    if (not isinstance(by.dtype, pd.CategoricalDtype) or not isinstance(results["scenario"].dtype, pd.CategoricalDtype)
            or results.empty):
        return results.assign(**{by.name: by}).pivot_table(index=["scenario", "fiscal_year"], columns=by.name, values="amount",
                                                         aggfunc="sum", fill_value=0.0, observed=True)
    scenario = results["scenario"].array
    s_codes = scenario.codes
    years = results["fiscal_year"].to_numpy()
    first = int(years.min())
    n_years = int(years.max()) - first + 1
    c_codes = by.cat.codes.to_numpy()
    n_cats = len(by.cat.categories)
    key = s_codes.astype(np.int64)  # codes are int8: widened, then added to in place (no temporaries of millions)
    key *= n_years
    key += years
    key -= first
    key *= n_cats
    key += c_codes
    amounts = results["amount"].to_numpy(dtype=float)
    if s_codes.min() < 0 or c_codes.min() < 0:  # rows without a scenario or category are left out, as pandas does
        valid = (s_codes >= 0) & (c_codes >= 0)
        key, amounts = key[valid], amounts[valid]
    size = len(scenario.categories) * n_years * n_cats
    totals = cent_sums(key, amounts, size)
    seen = np.bincount(key, minlength=size) > 0
    totals, seen = totals.reshape(-1, n_cats), seen.reshape(-1, n_cats)
    rows, cols = np.flatnonzero(seen.any(axis=1)), np.flatnonzero(seen.any(axis=0))
    index = pd.MultiIndex.from_arrays([pd.Categorical.from_codes(rows // n_years, dtype=scenario.dtype),
                                       rows % n_years + first], names=["scenario", "fiscal_year"])
    return pd.DataFrame(totals[np.ix_(rows, cols)], index=index,
                        columns=pd.Index(by.cat.categories[cols], name=by.name))


def component_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario and fiscal year: total, then one column per component."""
    wide = _sums_by(results, results["component"])
    order = sorted(wide.columns, key=lambda c: (FAMILIES.index(str(c).split(":")[0]) if str(c).split(":")[0] in FAMILIES else 99,
                                                str(c)))
    wide = wide[order].round(2)
    wide.insert(0, "total", wide.sum(axis=1).round(2))
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


COMPONENT_COLUMNS = ["scenario", "fiscal_year", "family", "component", "amount"]


def component_totals(results: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Long: one row per scenario, fiscal year and component (``Costing.components``, docs/api.md),
    with its family; every component any scenario has, in every scenario and year costed (0.00 where
    a scenario has none of it), so that a pivot is a complete table. ``order``: the scenarios' order."""
    wide = component_table(results).drop(columns="total")
    long = wide.melt(id_vars=["scenario", "fiscal_year"], var_name="component", value_name="amount")
    long["scenario"] = long["scenario"].astype(str)
    long["fiscal_year"] = long["fiscal_year"].astype("int64")
    long.insert(2, "family", [c.split(":", 1)[0] for c in long["component"]])
    columns = list(wide.columns[2:])
    rank = {s: i for i, s in enumerate(order or dict.fromkeys(long["scenario"]))}
    long = long.assign(_s=long["scenario"].map(rank), _c=long["component"].map({c: i for i, c in enumerate(columns)}))
    return long.sort_values(["_s", "fiscal_year", "_c"]).drop(columns=["_s", "_c"]).reset_index(drop=True)


def components_wide(components: pd.DataFrame) -> pd.DataFrame:
    """The long component totals (:func:`component_totals`) as one row per scenario and fiscal year:
    ``total``, then one column per component in the families' order (for a table a reader scans)."""
    wide = components.pivot_table(index=["scenario", "fiscal_year"], columns="component", values="amount",
                                  aggfunc="sum", sort=False).fillna(0.0)
    wide = wide[list(dict.fromkeys(components["component"]))].round(2)
    wide.insert(0, "total", wide.sum(axis=1).round(2))
    wide.columns.name = None
    return wide.reset_index()


def family_table(results: pd.DataFrame) -> pd.DataFrame:
    """Totals by component family (base, longevity, stipend, ...) per scenario and fiscal year."""
    wide = _sums_by(results, family_of(results["component"]).rename("family"))
    wide.columns = pd.Index([str(c) for c in wide.columns], name="family")
    for family in FAMILIES:
        if family not in wide.columns:
            wide[family] = 0.0
    return wide[list(FAMILIES)].round(2).reset_index()


def pct(numerator, denominator):
    """A rate as a fraction (0.025 is 2.5%: the one rule for percents, docs/api.md), or NaN where the
    denominator is zero or missing."""
    numerator = np.asarray(numerator, dtype=float)  # arrays, so a zero divides to inf (masked), never raises
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((denominator == 0) | np.isnan(denominator), np.nan, numerator / denominator)
    return out


def headcount_by_step(placement: pd.DataFrame) -> pd.DataFrame:
    """Headcount and FTE by schedule, lane and step (for the scattergram)."""
    return (placement.groupby(["schedule", "lane", "step"], observed=True)
            .agg(headcount=("fte", "size"), fte=("fte", "sum")).reset_index())


def employee_raise_pct(results: pd.DataFrame, baseline: str = "baseline", family: str = "base") -> pd.DataFrame:
    """Per employee and year: pay under each scenario relative to the prior year (a fraction).

    Only employees paid in both years are compared, so hires and leavers do not look like raises.
    """
    frame = results[family_of(results["component"]) == family]
    per = frame.groupby(["scenario", "fiscal_year", "employee_id"], observed=True)["amount"].sum().reset_index()
    per = per[per["employee_id"] != ""]
    per = per.sort_values(["scenario", "employee_id", "fiscal_year"])
    per["prior"] = per.groupby(["scenario", "employee_id"], observed=True)["amount"].shift(1)
    per["raise_pct"] = pct(per["amount"] - per["prior"], per["prior"])
    return per.dropna(subset=["raise_pct"])
