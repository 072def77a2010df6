"""The proposal ledger in a report: where the table stands, unit by unit, and what money items cost.

Shown only when the scenario names a ledger. The costs come from :mod:`costing.ledger` on the
report's own roster, baseline and years, so they agree with the rest of the report.
"""

from __future__ import annotations

from ..inputs.scenario import resolve
from ..negotiate.ledger import ledger_report, read_ledger
from .format import fiscal_year
from .table import Table


def ledger_tables(report) -> list[Table]:
    """By unit, then the money items with their own cost per year; [] when there is no ledger."""
    scenario = report.scenario
    if not scenario.ledger:
        return []
    costing = report.costing
    ledger = read_ledger(resolve(report.scenario_path, scenario.ledger))
    result = ledger_report(ledger, costing.contracts["baseline"], costing.roster, costing.years, costing.options,
                           tuple(scenario.switches))
    years = ", ".join(fiscal_year(fy) for fy in costing.years)
    by_unit = result.by_unit.rename(columns={
        "unit": "Unit", "agreed": "Agreed", "open": "Open", "withdrawn": "Withdrawn",
        "without_costing": "No costing attached", "agreed_cost": "Cost of agreed items", "open_cost": "Cost of open items"})
    unit_table = Table(by_unit, {"Agreed": "count", "Open": "count", "Withdrawn": "count", "No costing attached": "count",
                                 "Cost of agreed items": "money", "Cost of open items": "money"},
                       caption=f"Proposal ledger by unit (costs are totals over {years})", total_rows=1,
                       note="Agreed items are costed together, open items on top of them; items with no "
                            "proposal file attached are counted but not costed.")
    items = result.items[result.items["costed"]].drop(columns=["costed"])
    items = items.rename(columns={"id": "Item", "unit": "Unit", "status": "Status", "item": "Description", "total": "Total",
                                  **{f"FY{fy}": fiscal_year(fy) for fy in costing.years}})
    item_table = Table(items, {**{fiscal_year(fy): "money" for fy in costing.years}, "Total": "money"},
                       caption="Money items, each costed on its own against the status quo", css_class="wide")
    return [unit_table, item_table]
