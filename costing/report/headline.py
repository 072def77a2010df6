"""A report's headline figures for its landing page (``headline.json`` beside the report).

The batch index (:mod:`costing.report.batch.index`) shows, per scenario, what a School Committee
member looks for first: each proposal's cost in the term's last year and its new money over the
status quo that year, whether it is an agreement, a proposal or an illustration, and the caveat.
Every figure is SELECTED from the figures frame (:func:`costing.engine.measures.value` in
:func:`costing.engine.measures.headline_year`), never computed here, so the index says what page 1
and the workbook say. The file holds labels and figures only: no employee name or ID, no file path
(it is checked with the report's other public files before publishing).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..engine import measures
from ..engine.costing_run import Costing
from .caveats import Caveats
from .tables import BASELINE, proposal_names, scenario_label

FILE_NAME = "headline.json"


def proposal_status(costing: Costing, name: str) -> str:
    """'illustrative' when the proposal itself is invented (``status: illustrative``); 'agreement' when
    both sides signed it (proposer: joint); else 'proposal' (one side's offer or a mediator's). What
    the figures rest on (an invented grid, a synthetic roster) is the caveat's to say, beside it."""
    proposal = costing.proposals.get(name)
    if proposal is not None and proposal.status == "illustrative":
        return "illustrative"
    if proposal is not None and proposal.proposer == "joint":
        return "agreement"
    return "proposal"


def headline_figures(costing: Costing, caveats: Caveats) -> dict:
    """{"caveat", "scenarios": [{"label", "status", "fiscal_year", "cost", "new_money"}]}: each proposal's
    cost and new money over the status quo in the term's last year (``measures.headline_year``)."""
    frame = costing.measures
    rows = []
    for name in proposal_names(costing):
        year = measures.headline_year(frame, name)
        rows.append({"label": scenario_label(costing, name), "status": proposal_status(costing, name),
                     "fiscal_year": year,
                     "cost": measures.value(frame, name, "cost", "all_in", year),
                     "new_money": measures.value(frame, name, "diff_baseline", "all_in", year),
                     "status_quo_cost": measures.value(frame, BASELINE, "cost", "all_in", year)})
    return {"caveat": caveats.short(), "scenarios": rows}


def write(costing: Costing, caveats: Caveats, target: Path) -> None:
    target.write_text(json.dumps(headline_figures(costing, caveats), indent=2) + "\n", encoding="utf-8")


def read(folder: Path) -> dict | None:
    """A report folder's headline figures, or None (an older report, a numbers-only run, unreadable)."""
    try:
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("scenarios"), list) else None


__all__ = ["FILE_NAME", "headline_figures", "proposal_status", "write", "read"]
