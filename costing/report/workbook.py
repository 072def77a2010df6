"""workbook.xlsx: the report's numbers for people who want to work with them in Excel.

Sheets: Summary (one row per scenario and year, every figure), Components (every component
line), one sheet per fiscal year, Rate tables, Assumptions, and in a confidential report the
Employee detail. Raw numbers with number formats, so totals are exact to the cent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..engine.schedule_listing import rate_table_frame
from ..inputs.excel import write_workbook
from . import assumptions
from .context import ReportContext
from .format import fiscal_year
from .tables import summary_sheet, tables_in_force, year_sheet

PERCENT_COLUMNS = ("change_prior_pct", "diff_baseline_pct", "lift_pct", "compounded_lift_pct", "change_pct")


def sheets(ctx: ReportContext) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    costing = ctx.costing
    out: dict[str, pd.DataFrame] = {}
    kinds: dict[str, dict[str, str]] = {}
    summary = summary_sheet(costing)
    out["Summary"] = summary
    kinds["Summary"] = {c: "percent" if c in PERCENT_COLUMNS else "money" for c in summary.columns[2:]}
    kinds["Summary"].update({"headcount_year_end": "count", "fte_year_end": "fte", "fiscal_year": "year",
                             "scenario": "text"})
    comp = costing.components.copy()
    comp["scenario"] = comp["scenario"].astype(str)
    out["Components"] = comp
    kinds["Components"] = {c: "money" for c in comp.columns[2:]}
    for fy in costing.years:
        frame = year_sheet(costing, fy)
        out[fiscal_year(fy)] = frame
        kinds[fiscal_year(fy)] = {c: "money" for c in frame.columns[1:]}
    rates = []
    for name, contract in costing.contracts.items():
        frame = tables_in_force(contract, costing.years) if name != "baseline" else rate_table_frame(contract)
        frame = frame.assign(scenario=name, change_pct=frame["change_pct"].astype(float))
        rates.append(frame[["scenario", *[c for c in frame.columns if c != "scenario"]]])
    rate_frame = pd.concat(rates, ignore_index=True)
    rate_frame["rate"] = rate_frame["rate"].astype(float)
    rate_frame["annual"] = rate_frame["annual"].astype(float)
    out["Rate tables"] = rate_frame
    kinds["Rate tables"] = {"rate": "rate", "annual": "money", "change_pct": "percent"}
    notes = assumptions.general(ctx.scenario, costing)
    for name in ctx.proposals:
        for key, proposal in costing.proposals.items():
            if key == name or key.startswith(f"{name}/"):
                notes += [f"{key}: {assumptions.describe_change(c, costing.contracts[name])} [{c.reference}]" for c in proposal.changes]
                notes += assumptions.cost_line_assumptions(costing.contracts["baseline"], proposal)
    out["Assumptions"] = pd.DataFrame({"assumption or source": list(dict.fromkeys(notes))})
    if not ctx.public:
        detail = ctx.employee_detail()
        out["Employee detail"] = detail
        kinds["Employee detail"] = {c: "money" for c in detail.columns if " FY" in c}
        kinds["Employee detail"]["fte"] = "fte"
    return out, kinds


def write(ctx: ReportContext, path: Path) -> None:
    data, kinds = sheets(ctx)
    write_workbook(path, data, kinds)
