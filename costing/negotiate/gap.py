"""The gap between two offers, per year and over the term, in dollars and in points of the cost of 1%.

Negotiators quote the distance between the sides in dollars and in "points": how many percent of
raise the dollars would buy. A year's gap is the difference of the two offers' total cost (all-in,
the budget line: :func:`costing.negotiate.compare.gaps`); its points are that gap over the status
quo's cost of 1% in the same year (base pay with the roll-up on base pay: the figures frame's
``cost_of_1pct``), the yardstick both sides share whatever they offer. Over the term the points are
the term's gap over the sum of the term years' cost of 1%: the raise, held in every year of the term,
that would cost the gap. Computed once here; the compare report's page 1 and the tests select from it.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..engine.costing_run import Costing
from ..engine.labels import scenario_label
from ..engine.measures import TERM, select, term_years_of
from .compare import gaps

BASELINE = "baseline"
COLUMNS = ["scenario", "label", "against", "against_label", "fiscal_year", "period", "in_term", "gap", "points"]


def offer_pairs(costing: Costing) -> list[tuple[str, str]]:
    """Every pair of proposals (never the status quo), the one that costs more over the term first."""
    names = [n for n in costing.contracts if n != BASELINE]
    total = select(costing.measures, "cost", "all_in")
    out = []
    for a, b in itertools.combinations(names, 2):
        out.append((a, b) if total[(a, TERM)] >= total[(b, TERM)] else (b, a))
    return out


def offer_gaps(costing: Costing) -> pd.DataFrame:
    """Each pair of :func:`offer_pairs`, per fiscal year and over the term: the gap (A - B, all-in cost,
    to the cent) and its points of the status quo's cost of 1% (columns :data:`COLUMNS`)."""
    pairs = offer_pairs(costing)
    if not pairs:
        return pd.DataFrame(columns=COLUMNS)
    one = select(costing.measures, "cost_of_1pct", "base_with_rollup", BASELINE, term=False)
    inside = term_years_of(costing.measures, BASELINE) or list(costing.years)
    per_term = float(one.reindex(inside).sum())
    table = gaps(costing)
    rows = []
    for a, b in pairs:
        mine = table[(table["scenario"] == a) & (table["against"] == b)]
        for r in mine.to_dict("records"):
            over = per_term if r["period"] == "term" else float(one.get(int(r["fiscal_year"]), np.nan))
            points = round(r["gap"] / over, 4) if over else np.nan
            rows.append({**{k: r[k] for k in COLUMNS[:-1]}, "points": points})
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    return out


def pair_label(costing: Costing, a: str, b: str) -> str:
    return f"{scenario_label(a, costing.proposals)} over {scenario_label(b, costing.proposals)}"


__all__ = ["offer_pairs", "offer_gaps", "pair_label", "COLUMNS"]
