"""Side by side: every proposal against the baseline and against each other, per year and over the
term, with the settlement rate under each common convention (each labelled).

Negotiators quote "the size of the settlement" in different ways; the two sides' numbers rarely
reconcile because they use different conventions without saying so. Here every convention is
selected from the same costing's figures frame and printed with its label and its population:
every rate measures the same group (people employed through both years), the budget line's
change is its own column, and the percents the proposal quotes sit beside the measured ones.

Every table has one shape (docs/api.md): ``scenario`` (the key), ``label`` (what a reader calls
it), ``fiscal_year`` (an integer, missing on the row over the term), ``period`` (``year`` or
``term``) and ``in_term``; rates are fractions.
"""

from __future__ import annotations

import itertools

import pandas as pd

from ..engine.costing_run import Costing
from ..engine.labels import scenario_label
from ..engine.measures import TERM, YEAR, select

CONVENTIONS = {
    "all_in_pct": "All-in: every cost, incl. steps, longevity, stipends, one-time and roll-up (same group)",
    "recurring_pct": "Recurring: all-in less one-time and retro payments (same group)",
    "base_with_steps_pct": "Base wages, including step movement (same group)",
    "base_atb_pct": "Across-the-board cost: the year's base wages at fixed placement, no steps or longevity (same group)",
    "atb_rate_pct": "Across-the-board rate: change in year-end rates at fixed placement (same group: the raise as set)",
    "quoted_pct": "As quoted: the percent raises the proposal states (no population)",
    "budget_line_pct": "Budget line: all-in change of everyone costed, leavers, hires and new positions included",
}
# each column above: the figures frame's change over the prior year under that convention and population
FRAME_CONVENTIONS = {"all_in_pct": ("all_in", "same_group"), "recurring_pct": ("recurring", "same_group"),
                     "base_with_steps_pct": ("base_with_steps", "same_group"),
                     "base_atb_pct": ("base_fixed", "same_group"), "atb_rate_pct": ("atb_rate", "same_group"),
                     "quoted_pct": ("quoted", "stated"), "budget_line_pct": ("all_in", "budget_line")}
SIMPLE_SUMS = {"quoted_simple_sum_pct": ("quoted", "stated"), "atb_rate_simple_sum_pct": ("atb_rate", "same_group")}
"""Over the term only: the yearly rates added, as the press adds them, beside the compounded rate."""
KEYS = ["scenario", "label", "fiscal_year", "period", "in_term"]


def _keyed(figures: pd.DataFrame, columns: dict[str, pd.Series], labels: dict[str, str]) -> pd.DataFrame:
    """Selections keyed (scenario, fiscal year or "term") as one table with the shared key columns."""
    table = pd.concat(columns, axis=1, sort=False)   # years and "term" side by side: no order between them
    table.index.names = ["scenario", "fiscal_year"]
    table = table.reset_index()
    term = table["fiscal_year"] == TERM
    in_term = figures[figures["period"] == YEAR].drop_duplicates(["scenario", "fiscal_year"]).set_index(
        ["scenario", "fiscal_year"])["in_term"]
    table.insert(1, "label", [labels.get(s, s) for s in table["scenario"]])
    table.insert(3, "period", [TERM if t else YEAR for t in term])
    table.insert(4, "in_term", [True if t else bool(in_term.get((s, int(y)), False))
                                for s, y, t in zip(table["scenario"], table["fiscal_year"], term)])
    table["fiscal_year"] = pd.array([pd.NA if t else int(y) for y, t in zip(table["fiscal_year"], term)], dtype="Int64")
    return table


def _labels(costing: Costing) -> dict[str, str]:
    return {name: scenario_label(name, costing.proposals) for name in costing.contracts}


def settlement_table(costing: Costing) -> pd.DataFrame:
    """Per scenario and year, then over the term (compounded; and the simple sums): the increase over
    the prior year under each convention, a fraction, selected from the costing's figures frame."""
    return settlement_rows(costing.measures, _labels(costing))


def settlement_rows(figures: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """:func:`settlement_table` from a figures frame itself (``Costing.measures``): for a page that costs
    one edited proposal alone and shows it beside the filed ones."""
    columns = {key: select(figures, "change_prior_pct", convention, population=population)
               for key, (convention, population) in FRAME_CONVENTIONS.items()}
    for key, (convention, population) in SIMPLE_SUMS.items():
        sums = select(figures, "simple_sum_pct", convention, population=population)
        columns[key] = sums
    table = _keyed(figures, columns, labels or {})
    return _years_then_term(table, ["scenario", "fiscal_year"])


def side_by_side(costing: Costing) -> pd.DataFrame:
    """Per year and over the term: each scenario's total, new money over the baseline (and its
    fraction of the baseline's cost), the budget line's increase over the prior year, the same
    group's, and the lift."""
    figures = costing.measures
    columns = {"total": select(figures, "cost", "all_in"), "new_money": select(figures, "diff_baseline", "all_in"),
               "new_money_pct": select(figures, "diff_baseline_pct", "all_in"),
               "cost_pct": select(figures, "change_prior_pct", "all_in", population="budget_line"),
               "same_group_pct": select(figures, "change_prior_pct", "all_in", population="same_group"),
               "lift_pct": select(figures, "change_prior_pct", "lift", population="same_group")}
    table = _keyed(figures, columns, _labels(costing))
    return _years_then_term(table, ["fiscal_year", "scenario"])


def _years_then_term(table: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Each year's rows sorted by ``order``, then the rows over the term by scenario."""
    over = table["period"] == TERM
    years = table[~over].sort_values(order, kind="stable")
    return pd.concat([years, table[over].sort_values("scenario", kind="stable")], ignore_index=True)


def gaps(costing: Costing) -> pd.DataFrame:
    """Every pair of scenarios: how far apart they are each year and over the term (A - B), long:
    scenario, against, their labels, fiscal_year (missing over the term), period, in_term, gap."""
    totals = select(costing.measures, "cost", "all_in")
    labels = _labels(costing)
    frame = _keyed(costing.measures, {"total": totals}, labels)
    wide = frame.pivot(index=["fiscal_year", "period", "in_term"], columns="scenario", values="total")
    rows = []
    for a, b in itertools.permutations(list(costing.contracts), 2):
        if a == "baseline":
            continue
        for (fy, period, in_term), gap in (wide[a] - wide[b]).round(2).items():
            rows.append({"scenario": a, "label": labels[a], "against": b, "against_label": labels[b],
                         "fiscal_year": fy, "period": period, "in_term": in_term, "gap": float(gap)})
    out = pd.DataFrame(rows)
    if len(out):
        out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    return out


__all__ = ["CONVENTIONS", "FRAME_CONVENTIONS", "SIMPLE_SUMS", "KEYS", "settlement_table", "settlement_rows",
           "side_by_side", "gaps"]
