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
from ..engine.measures import WINDOW, select

CONVENTIONS = {
    "all_in_pct": "All-in: every cost, incl. steps, longevity, stipends, one-time and roll-up",
    "recurring_pct": "Recurring: all-in less one-time and retro payments",
    "base_with_steps_pct": "Base wages, including step movement",
    "base_atb_pct": "Across-the-board cost: the year's base wages at fixed placement (no steps, no longevity)",
    "atb_rate_pct": "Across-the-board rate: change in year-end rates at fixed placement (the raise as quoted)",
}
# each column above: the figures frame's change over the prior year (%) under that glossary convention
FRAME_CONVENTIONS = {"all_in_pct": "all_in", "recurring_pct": "recurring", "base_with_steps_pct": "base_with_steps",
                     "base_atb_pct": "base_fixed", "atb_rate_pct": "atb_rate"}
CONTRACT = "contract"   # the row over every year costed (the frame's window)


def _by_scenario_year(series) -> pd.Series:
    """A frame selection keyed (scenario, fiscal year), the window row as 'contract'."""
    return series.rename(index={WINDOW: CONTRACT}, level="fiscal_year")


def settlement_table(costing: Costing) -> pd.DataFrame:
    """Per scenario and year, then over the contract (compounded): the increase over the prior year
    under each convention, in percent, selected from the costing's figures frame."""
    return settlement_rows(costing.measures)


def settlement_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """:func:`settlement_table` from a figures frame itself (``Costing.measures``): for a page that costs
    one edited proposal alone and shows it beside the filed ones."""
    columns = {key: _by_scenario_year(select(figures, "change_prior_pct", convention))
               for key, convention in FRAME_CONVENTIONS.items()}
    table = pd.DataFrame(columns)
    table.index.names = ["scenario", "fiscal_year"]
    return _years_then_contract(table.reset_index(), ["scenario", "fiscal_year"])


def side_by_side(costing: Costing) -> pd.DataFrame:
    """Per year and over the contract: each scenario's total, new money over the baseline (and its
    percent of the baseline's cost), the increase in cost over the prior year and the lift."""
    figures = costing.measures
    columns = {"total": select(figures, "cost", "all_in"), "new_money": select(figures, "diff_baseline", "all_in"),
               "new_money_pct": select(figures, "diff_baseline_pct", "all_in"),
               "cost_pct": select(figures, "change_prior_pct", "all_in"),
               "lift_pct": select(figures, "change_prior_pct", "lift")}
    table = pd.DataFrame({k: _by_scenario_year(v) for k, v in columns.items()})
    table.index.names = ["scenario", "fiscal_year"]
    return _years_then_contract(table.reset_index()[["fiscal_year", "scenario", *columns]], ["fiscal_year", "scenario"])


def _years_then_contract(table: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Each year's rows sorted by ``order``, then the rows over the contract by scenario."""
    over = table["fiscal_year"] == CONTRACT
    years = table[~over].astype({"fiscal_year": "int64"}).sort_values(order, kind="stable")
    return pd.concat([years, table[over].sort_values("scenario", kind="stable")], ignore_index=True)


def gaps(costing: Costing) -> pd.DataFrame:
    """Every pair of scenarios: how far apart they are each year and over the contract (A - B)."""
    totals = select(costing.measures, "cost", "all_in", window=False).unstack("scenario")
    names = list(totals.columns)
    rows = []
    for a, b in itertools.permutations(names, 2):
        if a == "baseline":
            continue
        gap = (totals[a] - totals[b]).round(2)
        rows.append({"scenario": a, "against": b, **{f"FY{fy}": v for fy, v in gap.items()},
                     "contract": round(float(gap.sum()), 2)})
    return pd.DataFrame(rows)
