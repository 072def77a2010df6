"""Positions as a yardstick: a difference in dollars as the positions it would pay for.

Committees weigh raises against people: Newton's said accepting the NTA's offer "would have required a
reduction in force of more than 70"; Chelsea's weighed its offer against the 239 positions added since
2020. This module says any difference in those terms: new money over the status quo, and the gap between
two offers, each divided by what one position costs.

**Convention** (:data:`CONVENTION`): a position costs the status quo's **salary and benefits** in the fiscal
year (every pay component and the roll-up and premiums; not unit-level lines such as tuition pools)
divided by the status quo's **FTE employed on the year's last day**: the unit's average cost per FTE,
over the units the scenario costs. Over the term, dollars are divided by the sum of the term's years'
costs (the positions that, kept in every year, cost the same), as points of the cost of 1% are. The
three figures come from the costing's figures frame (:func:`costing.engine.measures.select`), never
recomputed from the roster.
"""

from __future__ import annotations

import pandas as pd

from ..engine.measures import TERM, YEAR, select, term_years_of
from ..engine.periods import STATUS_QUO

CONVENTION = "salary_and_benefits_per_fte"
CONVENTION_WORDS = ("a position costs the status quo's salary and benefits in the year divided by its FTE employed"
                    " on the year's last day (the average over the units costed); over the term, the sum of"
                    " the term's years' costs")
PLACES = 1
COLUMNS = ["scenario", "label", "against", "against_label", "fiscal_year", "period", "in_term", "difference",
           "position_cost", "positions"]


def position_cost(figures: pd.DataFrame, scenario: str = STATUS_QUO) -> pd.Series:
    """The cost of one position in each fiscal year costed (:data:`CONVENTION`) and ``"term"``, the sum over
    the term's years costed (a year beyond the term is never in it, as in every figure over the term);
    NaN in a year with nobody employed at its end. Indexed as :func:`~costing.engine.measures.select`."""
    salary = select(figures, "cost", "salary", scenario, term=False)
    benefits = select(figures, "cost", "benefits", scenario, term=False)
    fte = select(figures, "fte", "year_end", scenario, term=False)
    per_year = ((salary + benefits) / fte.where(fte > 0)).round(2)
    inside = per_year.reindex(term_years_of(figures, scenario))
    term = round(float(inside.sum()), 2) if len(inside) and inside.notna().all() else float("nan")
    out = pd.concat([per_year.astype(object), pd.Series({TERM: term}, dtype=object)])
    out.index.name = "fiscal_year"
    return out.astype(float)


def in_positions(dollars: float, cost: float) -> float:
    """``dollars`` as positions at ``cost`` each, to 0.1 (NaN when a position's cost is unknown)."""
    if cost != cost or cost <= 0:
        return float("nan")
    return round(dollars / cost, PLACES) + 0.0


def positions_table(figures: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """Every gap of ``gaps`` (:func:`costing.negotiate.compare.gaps`: long, one row per pair A - B and fiscal
    year, then over the term) in positions, in the same shape: the pair and their labels, ``fiscal_year``
    (missing over the term), ``period``, ``in_term``, then the dollars, the cost of a position in that
    period and the positions. A gap against the status quo is new money."""
    cost = position_cost(figures)
    rows = []
    for gap in gaps.itertuples(index=False):
        period = TERM if gap.period == TERM else int(gap.fiscal_year)
        each = float(cost.get(period, float("nan")))
        rows.append({"scenario": gap.scenario, "label": gap.label, "against": gap.against,
                     "against_label": gap.against_label, "fiscal_year": pd.NA if period == TERM else period,
                     "period": TERM if period == TERM else YEAR, "in_term": bool(gap.in_term),
                     "difference": float(gap.gap), "position_cost": each,
                     "positions": in_positions(float(gap.gap), each)})
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    return out


__all__ = ["CONVENTION", "CONVENTION_WORDS", "COLUMNS", "position_cost", "in_positions", "positions_table"]
