"""Positions as a yardstick: a difference in dollars as the positions it would pay for.

Committees weigh raises against people: Newton's said accepting the NTA's offer "would have required a
reduction in force of more than 70"; Chelsea's weighed its offer against the 239 positions added since
2020. This module says any difference in those terms: new money over the status quo, and the gap between
two offers, each divided by what one position costs.

**Convention** (:data:`CONVENTION`): a position costs the status quo's **salary and benefits** in the fiscal
year (every pay component and the roll-up and premiums; not unit-level lines such as tuition pools)
divided by the status quo's **FTE employed on the year's last day**: the unit's average cost per FTE,
over the units the scenario costs. Over the costed years, dollars are divided by the sum of the years'
costs (the positions that, kept in every year, cost the same), as points of the cost of 1% are. The
three figures come from the costing's figures frame (:func:`costing.engine.measures.select`), never
recomputed from the roster.
"""

from __future__ import annotations

import pandas as pd

from ..engine.measures import WINDOW, select
from ..engine.periods import STATUS_QUO

CONVENTION = "salary_and_benefits_per_fte"
CONVENTION_WORDS = ("a position costs the status quo's salary and benefits in the year divided by its FTE employed"
                    " on the year's last day (the average over the units costed); over the costed years, the sum of"
                    " the years' costs")
PLACES = 1


def position_cost(figures: pd.DataFrame, scenario: str = STATUS_QUO) -> pd.Series:
    """The cost of one position in each fiscal year (:data:`CONVENTION`) and ``"window"``, the sum over the
    years costed; NaN in a year with nobody employed at its end."""
    salary = select(figures, "cost", "salary", scenario, window=False)
    benefits = select(figures, "cost", "benefits", scenario, window=False)
    fte = select(figures, "fte", "year_end", scenario, window=False)
    per_year = ((salary + benefits) / fte.where(fte > 0)).round(2)
    window = round(float(per_year.sum(min_count=len(per_year))), 2) if per_year.notna().all() else float("nan")
    out = pd.concat([per_year.astype(object), pd.Series({WINDOW: window}, dtype=object)])
    out.index.name = "fiscal_year"
    return out.astype(float)


def in_positions(dollars: float, cost: float) -> float:
    """``dollars`` as positions at ``cost`` each, to 0.1 (NaN when a position's cost is unknown)."""
    if cost != cost or cost <= 0:
        return float("nan")
    return round(dollars / cost, PLACES) + 0.0


def positions_table(figures: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """Every gap of ``gaps`` (:func:`costing.negotiate.compare.gaps`: one row per pair A - B, a column per
    fiscal year ``FY2025``... and ``contract``) in positions: one row per pair and period with the
    dollars, the cost of a position and the positions. A gap against the status quo is new money."""
    cost = position_cost(figures)
    rows = []
    for _, gap in gaps.iterrows():
        for column in [c for c in gaps.columns if c.startswith("FY") or c == "contract"]:
            period = WINDOW if column == "contract" else int(column[2:])
            each = float(cost.get(period, float("nan")))
            rows.append({"scenario": gap["scenario"], "against": gap["against"],
                         "fiscal_year": "contract" if period == WINDOW else period, "difference": float(gap[column]),
                         "position_cost": each, "positions": in_positions(float(gap[column]), each)})
    return pd.DataFrame(rows, columns=["scenario", "against", "fiscal_year", "difference", "position_cost", "positions"])


__all__ = ["CONVENTION", "CONVENTION_WORDS", "position_cost", "in_positions", "positions_table"]
