"""Side by side: every proposal against the baseline and against each other, per year and over
the contract, with the settlement percent under each common convention (each labelled).

Negotiators quote "the size of the settlement" in different ways; the two sides' numbers rarely
reconcile because they use different conventions without saying so. Here every convention is
computed from the same costing and printed with its label.
"""

from __future__ import annotations

import itertools

import pandas as pd

from ..engine.costing_run import Costing
from ..engine.figures import FAMILIES, family_table, pct

CONVENTIONS = {
    "all_in_pct": "All-in: every cost, incl. steps, longevity, stipends, one-time and roll-up",
    "recurring_pct": "Recurring: all-in less one-time and retro payments",
    "base_with_steps_pct": "Base wages, including step movement",
    "base_atb_pct": "Across-the-board cost: the year's base wages at fixed placement (no steps, no longevity)",
    "atb_rate_pct": "Across-the-board rate: change in year-end rates at fixed placement (the raise as quoted)",
}


def _prior_families(costing: Costing, scenario: str) -> dict[str, float]:
    """The scenario's OWN year before the first costed year, by family (docs/method.md): a proposal
    that also changes that year (a retroactive COLA) is compared with itself, not with the status quo."""
    frame = costing.priors.get(scenario) if costing.priors else None
    if frame is None and scenario == "baseline":
        frame = costing.prior
    if frame is None or not len(frame):
        return {}
    row = family_table(frame).iloc[0]
    return {f: float(row[f]) for f in FAMILIES}


def settlement_table(costing: Costing) -> pd.DataFrame:
    """Per scenario and year: the year-over-year increase under each convention, in percent."""
    fig = costing.figures.sort_values(["scenario", "fiscal_year"]).reset_index(drop=True)
    rows = []
    for scenario, group in fig.groupby("scenario", observed=True, sort=False):
        prior = _prior_families(costing, str(scenario))
        previous = None
        for row in group.itertuples():
            if previous is None:
                if not prior:
                    previous = None
                else:
                    total = sum(prior.values())
                    previous = {"total": total, "recurring": total - prior["one_time"] - prior["retro"],
                                "base": prior["base"], "base_without_steps": prior["base"]}
            current = {"total": row.total, "recurring": row.total - row.one_time - row.retro, "base": row.base,
                       "base_without_steps": row.base_without_steps}
            out = {"scenario": scenario, "fiscal_year": row.fiscal_year}
            if previous is None:
                out.update({k: float("nan") for k in CONVENTIONS})
            else:
                out["all_in_pct"] = float(pct(current["total"] - previous["total"], previous["total"]))
                out["recurring_pct"] = float(pct(current["recurring"] - previous["recurring"], previous["recurring"]))
                out["base_with_steps_pct"] = float(pct(current["base"] - previous["base"], previous["base"]))
                out["base_atb_pct"] = float(pct(current["base_without_steps"] - previous["base_without_steps"],
                                                 previous["base_without_steps"]))
            out["atb_rate_pct"] = float(row.schedule_lift_pct)
            rows.append(out)
            previous = current
    table = pd.DataFrame(rows)
    over = []
    for scenario, group in table.groupby("scenario", sort=False):
        compounded = {k: ((1 + group[k] / 100).prod() - 1) * 100 for k in CONVENTIONS}
        over.append({"scenario": scenario, "fiscal_year": "contract", **compounded})
    return pd.concat([table, pd.DataFrame(over)], ignore_index=True)


def side_by_side(costing: Costing) -> pd.DataFrame:
    """Per year and over the contract: each scenario's total, new money over the baseline, lift and cost."""
    fig = costing.figures
    wide = fig.pivot_table(index="fiscal_year", columns="scenario", values="total", observed=True)
    rows = []
    for fy, totals in wide.iterrows():
        for scenario, total in totals.items():
            f = fig[(fig.scenario == scenario) & (fig.fiscal_year == fy)].iloc[0]
            rows.append({"fiscal_year": fy, "scenario": scenario, "total": total,
                         "new_money": f.diff_baseline, "new_money_pct": f.diff_baseline_pct,
                         "cost_pct": f.change_prior_pct, "lift_pct": f.lift_pct})
    table = pd.DataFrame(rows)
    contract = table.groupby("scenario", sort=False).agg(total=("total", "sum"), new_money=("new_money", "sum")).reset_index()
    base_total = contract.loc[contract.scenario == "baseline", "total"].sum()
    contract["new_money_pct"] = pct(contract["new_money"], base_total)
    contract["fiscal_year"] = "contract"
    return pd.concat([table, contract], ignore_index=True).round({"total": 2, "new_money": 2})


def gaps(costing: Costing) -> pd.DataFrame:
    """Every pair of scenarios: how far apart they are each year and over the contract (A - B)."""
    totals = costing.figures.pivot_table(index="fiscal_year", columns="scenario", values="total", observed=True)
    names = [c for c in totals.columns]
    rows = []
    for a, b in itertools.permutations(names, 2):
        if a == "baseline":
            continue
        gap = (totals[a] - totals[b]).round(2)
        rows.append({"scenario": a, "against": b, **{f"FY{fy}": v for fy, v in gap.items()},
                     "contract": round(float(gap.sum()), 2)})
    return pd.DataFrame(rows)
