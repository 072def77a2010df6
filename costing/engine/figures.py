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
    "line": "Unit-level lines", "rollup": "Roll-up (fringe)", "benefit": "Premiums (employer share)",
}
# Total compensation is split the way settlement reports split it: pay to people, then what the
# employer pays on top of pay (roll-ups such as Medicare, and per-head premiums), then unit-level
# cost lines (class coverage, tuition pools), which are neither.
SALARY_FAMILIES = ["base", "longevity", "stipend", "extra_pay", "one_time", "retro"]
BENEFIT_FAMILIES = ["rollup", "benefit"]
OTHER_FAMILIES = ["line"]


def family_of(component: pd.Series) -> pd.Series:
    """The family of each component ("stipend:lead" -> "stipend").

    A categorical column is mapped through its few categories, never row by row (a large
    roster's long table has millions of rows and a dozen components); the result is
    categorical too, so grouping by family stays a grouping by integer codes.
    """
    if isinstance(component.dtype, pd.CategoricalDtype):
        names = [str(c).split(":", 1)[0] for c in component.cat.categories]
        families = list(dict.fromkeys(names))
        lookup = np.array([families.index(f) for f in names] + [-1], dtype=np.int64)
        return pd.Series(pd.Categorical.from_codes(lookup[component.cat.codes.to_numpy()], families),
                         index=component.index, name=component.name)
    return component.astype(str).str.split(":", n=1).str[0]


def _sums_by(results: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Amounts summed per scenario and fiscal year (rows) and per category of ``by`` (columns).

    What ``pivot_table(..., aggfunc="sum", fill_value=0, observed=True)`` gives, computed on the
    integer codes with one ``bincount`` instead of hashing millions of rows; only combinations
    that occur are kept. Sums are of amounts already rounded to the cent, and every caller
    rounds the sums to the cent again, so the order of addition cannot change a figure.
    """
    if (not isinstance(by.dtype, pd.CategoricalDtype) or not isinstance(results["scenario"].dtype, pd.CategoricalDtype)
            or results.empty):
        return results.assign(**{by.name: by}).pivot_table(index=["scenario", "fiscal_year"], columns=by.name, values="amount",
                                                         aggfunc="sum", fill_value=0.0, observed=True)
    scenario = results["scenario"].array
    s_codes = scenario.codes.astype(np.int64)  # codes are int8: widen before multiplying
    years = results["fiscal_year"].to_numpy()
    first = int(years.min())
    n_years = int(years.max()) - first + 1
    c_codes = by.cat.codes.to_numpy()
    n_cats = len(by.cat.categories)
    key = (s_codes * n_years + (years - first)) * n_cats + c_codes
    amounts = results["amount"].to_numpy(dtype=float)
    if s_codes.min() < 0 or c_codes.min() < 0:  # rows without a scenario or category are left out, as pandas does
        valid = (s_codes >= 0) & (c_codes >= 0)
        key, amounts = key[valid], amounts[valid]
    size = len(scenario.categories) * n_years * n_cats
    totals = np.bincount(key, weights=amounts, minlength=size)
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
    order = sorted(wide.columns, key=lambda c: (FAMILIES.index(str(c).split(":")[0]) if str(c).split(":")[0] in FAMILIES else 99, str(c)))
    wide = wide[order].round(2)
    wide.insert(0, "total", wide.sum(axis=1).round(2))
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def family_table(results: pd.DataFrame) -> pd.DataFrame:
    """Totals by component family (base, longevity, stipend, ...) per scenario and fiscal year."""
    wide = _sums_by(results, family_of(results["component"]).rename("family"))
    wide.columns = pd.Index([str(c) for c in wide.columns], name="family")
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


def _rollup_on_base(contract, day) -> float:
    return sum(rollup.rate_on(day) for rollup in contract.rollup if "base" in rollup.applies_to)


def scenario_figures(p) -> pd.DataFrame:
    """The summary per scenario and year, with every derived figure, from one costing's projections.

    ``p`` is a :class:`costing.engine.projected.Projections`: nothing here projects or reads a file.
    """
    from . import dates as d

    prior_totals = {name: round(float(frame["amount"].sum()), 2) for name, frame in p.priors.items()}
    figures = summary_table(p.results, prior_totals)
    figures["status_quo_prior_year_total"] = prior_totals.get("baseline", np.nan)
    figures["base_without_steps"] = [round(p.base_without_steps.get((row.scenario, row.fiscal_year), 0.0), 2)
                                     for row in figures.itertuples()]
    figures["step_movement"] = (figures["base"] - figures["base_without_steps"]).round(2)
    # the year's own step cost: this year's cumulative step movement less last year's (the prior
    # year of the first year has none: the roster's steps are as of its end)
    figures = figures.sort_values(["scenario", "fiscal_year"]).reset_index(drop=True)
    figures["step_movement_in_year"] = (figures["step_movement"] - figures.groupby("scenario", observed=True)
                                        ["step_movement"].shift(1).fillna(0.0)).round(2)
    base_of_baseline = figures[figures["scenario"] == "baseline"].set_index("fiscal_year")["base"]
    figures["schedule_changes"] = (figures["base"] - figures["fiscal_year"].map(base_of_baseline)).round(2)
    year_end, fte_end, year_end_held = p.year_end_pay, p.year_end_fte, p.year_end_pay_held
    rows = []
    for row in figures.itertuples():
        lo, _ = d.fiscal_year_bounds(row.fiscal_year, p.contracts[row.scenario].fiscal_year_start)
        end = year_end.get((row.scenario, row.fiscal_year), np.nan)
        before = year_end.get((row.scenario, row.fiscal_year - 1), year_end.get(("baseline", row.fiscal_year - 1), np.nan))
        fte = fte_end.get((row.scenario, row.fiscal_year), np.nan)
        held = year_end_held.get((row.scenario, row.fiscal_year), np.nan)
        held_before = year_end_held.get((row.scenario, row.fiscal_year - 1),
                                        year_end_held.get(("baseline", row.fiscal_year - 1), np.nan))
        rows.append({
            "cost_of_1pct": round(row.base * 0.01 * (1 + _rollup_on_base(p.contracts[row.scenario], lo) / 100), 2),
            "year_end_annual_base": round(end, 2),
            "lift_pct": float(pct(end - before, before)),
            "schedule_lift_pct": float(pct(held - held_before, held_before)),
            "annualization": round(end - row.base, 2) + 0.0,  # + 0.0: never print -0.00
            "fte_year_end": round(fte, 4),
            "headcount_year_end": int(len(p.placements.get((row.scenario, row.fiscal_year), []))),
            "avg_base_per_fte": round(row.base / fte, 2) if fte else np.nan,
            "cost_per_fte": round(row.total / fte, 2) if fte else np.nan,
        })
    figures = pd.concat([figures, pd.DataFrame(rows, index=figures.index)], axis=1)
    figures["compounded_lift_pct"] = figures.groupby("scenario", observed=True)["lift_pct"].transform(
        lambda s: ((1 + s / 100).cumprod() - 1) * 100)
    return figures
