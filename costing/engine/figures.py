"""Figures a finance office reads, computed from long projection results.

Every function here takes DataFrames and returns DataFrames; nothing is recomputed from the
contract, so each figure traces back to the long table of per-employee amounts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FAMILIES = ["base", "longevity", "stipend", "extra_pay", "one_time", "retro", "line", "rollup", "benefit"]
FAMILY_LABELS = {
    "base": "Base pay", "longevity": "Longevity", "stipend": "Stipends and differentials",
    "extra_pay": "Extra pay and paid days", "one_time": "One-time payments", "retro": "Retro pay",
    "line": "Unit-level lines", "rollup": "Roll-up (fringe)", "benefit": "Benefits (employer premiums)",
}
# Total compensation is split the way settlement reports split it: pay to people, then what the
# employer pays on top of pay (roll-ups such as Medicare, and per-head premiums), then unit-level
# cost lines (class coverage, tuition pools), which are neither.
SALARY_FAMILIES = ["base", "longevity", "stipend", "extra_pay", "one_time", "retro"]
BENEFIT_FAMILIES = ["rollup", "benefit"]
OTHER_FAMILIES = ["line"]


def family_of(component: pd.Series) -> pd.Series:
    """stipend:lead -> stipend, split once per distinct component rather than once per row (the what-if page re-costs on every move)."""
    codes, uniques = pd.factorize(component)   # uses a categorical's codes directly
    families = np.array([str(u).split(":", 1)[0] for u in uniques], dtype=object)
    return pd.Series(families[codes], index=component.index)


def component_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario and fiscal year: total, then one column per component."""
    wide = results.pivot_table(index=["scenario", "fiscal_year"], columns="component", values="amount",
                               aggfunc="sum", fill_value=0.0, observed=True)
    order = sorted(wide.columns, key=lambda c: (FAMILIES.index(str(c).split(":")[0]) if str(c).split(":")[0] in FAMILIES else 99, str(c)))
    wide = wide[order].round(2)
    wide.insert(0, "total", wide.sum(axis=1).round(2))
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def family_table(results: pd.DataFrame) -> pd.DataFrame:
    """Totals by component family (base, longevity, stipend, ...) per scenario and fiscal year."""
    frame = results.assign(family=family_of(results["component"]))
    wide = frame.pivot_table(index=["scenario", "fiscal_year"], columns="family", values="amount",
                             aggfunc="sum", fill_value=0.0, observed=True)
    for family in FAMILIES:
        if family not in wide.columns:
            wide[family] = 0.0
    return wide[FAMILIES].round(2).reset_index()


def pct(numerator, denominator):
    """A percent, or NaN where the denominator is zero or missing."""
    numerator = np.asarray(numerator, dtype=float)  # arrays, so a zero divides to inf (masked), never raises
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((denominator == 0) | np.isnan(denominator), np.nan, numerator / denominator * 100.0)
    return out


def summary_table(results: pd.DataFrame, prior_totals: dict[str, float] | None = None,
                  baseline: str = "baseline") -> pd.DataFrame:
    """Per scenario and year: total, change over the prior year, difference from the baseline.

    ``prior_totals`` holds the total of the year before the first one costed, per scenario, each
    costed under that scenario's own contract (docs/method.md, "Change over the prior year"), so
    the first year also has a change over the prior year.
    """
    fam = family_table(results)
    fam["total"] = fam[FAMILIES].sum(axis=1).round(2)
    fam["salary"] = fam[SALARY_FAMILIES].sum(axis=1).round(2)
    fam["benefits"] = fam[BENEFIT_FAMILIES].sum(axis=1).round(2)
    fam["other_costs"] = fam[OTHER_FAMILIES].sum(axis=1).round(2)
    fam = fam.sort_values(["scenario", "fiscal_year"]).reset_index(drop=True)
    prior = fam.groupby("scenario", observed=True)["total"].shift(1)
    if prior_totals:
        first = fam.groupby("scenario", observed=True)["fiscal_year"].transform("min") == fam["fiscal_year"]
        prior = prior.where(~first, fam["scenario"].astype(str).map(prior_totals).astype(float))
    fam["prior_year_total"] = prior
    fam["change_prior"] = (fam["total"] - prior).round(2)
    fam["change_prior_pct"] = pct(fam["change_prior"], prior)
    base = fam[fam["scenario"] == baseline].set_index("fiscal_year")["total"]
    fam["baseline_total"] = fam["fiscal_year"].map(base)
    fam["diff_baseline"] = (fam["total"] - fam["baseline_total"]).round(2)
    fam["diff_baseline_pct"] = pct(fam["diff_baseline"], fam["baseline_total"])
    fam["cumulative_diff_baseline"] = fam.groupby("scenario", observed=True)["diff_baseline"].cumsum().round(2)
    return fam


def headcount_by_step(placement: pd.DataFrame) -> pd.DataFrame:
    """Headcount and FTE by schedule, lane and step (for the scattergram)."""
    return (placement.groupby(["schedule", "lane", "step"], observed=True)
            .agg(headcount=("fte", "size"), fte=("fte", "sum")).reset_index())


def employee_raise_pct(results: pd.DataFrame, baseline: str = "baseline", family: str = "base") -> pd.DataFrame:
    """Per employee and year: pay under each scenario relative to the prior year (percent).

    Only employees paid in both years are compared, so hires and leavers do not look like raises.
    """
    frame = results[family_of(results["component"]) == family]
    per = frame.groupby(["scenario", "fiscal_year", "employee_id"], observed=True)["amount"].sum().reset_index()
    per = per[per["employee_id"] != ""]
    per = per.sort_values(["scenario", "employee_id", "fiscal_year"])
    per["prior"] = per.groupby(["scenario", "employee_id"], observed=True)["amount"].shift(1)
    per["raise_pct"] = pct(per["amount"] - per["prior"], per["prior"])
    return per.dropna(subset=["raise_pct"])
