"""The compare report's positions table: each proposal's new money, and the gap between each pair of
proposals, in positions at the unit's average cost (:mod:`costing.negotiate.positions`).

A selection: the gaps are :func:`costing.negotiate.compare.gaps`'s, the cost of a position
:func:`~costing.negotiate.positions.position_cost`'s; this module only lays them out.
"""

from __future__ import annotations

import pandas as pd

from ..engine.costing_run import Costing
from ..engine.measures import TERM
from ..negotiate.compare import gaps
from ..negotiate.positions import CONVENTION_WORDS, positions_table
from .format import money
from .table import Table
from .tables import BASELINE, scenario_label, term_heading, year_heading


def positions_frame(costing: Costing) -> pd.DataFrame:
    """Rows: the cost of a position, then each proposal over the status quo, then each pair of proposals
    once (the later one over the earlier); columns: each fiscal year costed, then over the term."""
    table = positions_table(costing.measures, gaps(costing))
    names = [n for n in costing.contracts if n != BASELINE]
    pairs = [(n, BASELINE) for n in names] + [(b, a) for i, a in enumerate(names) for b in names[i + 1:]]
    periods = [*costing.years, TERM]
    columns = [year_heading(costing, fy) for fy in costing.years] + [term_heading(costing)]
    period = [TERM if p == TERM else int(y) for p, y in zip(table["period"], table["fiscal_year"])]
    table = table.assign(_period=pd.Series(period, index=table.index, dtype=object))
    first = table.drop_duplicates("_period").set_index("_period")["position_cost"]
    rows = [{"": "Cost of a position (status quo)",
             **{c: money(first.get(p)) if pd.notna(first.get(p)) else "" for c, p in zip(columns, periods)}}]
    for a, b in pairs:
        mine = table[(table["scenario"] == a) & (table["against"] == b)].set_index("_period")
        said = f"{scenario_label(costing, a)} over " + ("the status quo" if b == BASELINE else scenario_label(costing, b))
        rows.append({"": said, **{c: _positions(mine.loc[p]) for c, p in zip(columns, periods)}})
    return pd.DataFrame(rows)


def _positions(row) -> str:
    """The positions over the dollars, one under the other (a negative difference in parentheses as money is
    written everywhere; beside the positions, in parentheses of their own, it read '-16.7 (($1,599,623.73))')."""
    if pd.isna(row["positions"]):
        return f"no position cost\n{money(row['difference'])}"
    return f"{row['positions']:,.1f}\n{money(row['difference'])}"


def positions_section(costing: Costing) -> Table | None:
    """The table (None when the scenario has no proposal)."""
    if len(costing.contracts) < 2:
        return None
    frame = positions_frame(costing)
    return Table(frame, {c: "stacked" for c in frame.columns[1:]},
                 caption="Differences in positions at the unit's average cost",
                 note=f"Each cell: the positions, and under them the dollars; positions are each difference divided by"
                      f" the cost of a position; {CONVENTION_WORDS}. A negative number is a difference the other way.",
                 css_class="wide")


__all__ = ["positions_frame", "positions_section"]
