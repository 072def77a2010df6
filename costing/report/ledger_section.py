"""The proposal ledger in a report: where the table stands, unit by unit, and what money items cost.

Shown only when the scenario names a ledger. The costs come from :mod:`costing.ledger` on the
report's own roster, baseline and years, so they agree with the rest of the report.
"""

from __future__ import annotations

import pandas as pd

from ..engine.measures import TERM, headline_year, value
from ..engine.quoted import scenario_texts
from ..inputs.loading import load_proposal
from ..inputs.scenario import resolve
from ..negotiate.ledger import ledger_report, read_ledger
from .format import fiscal_year, money
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


def _ledger_result(report):
    scenario, costing = report.scenario, report.costing
    ledger = read_ledger(resolve(report.scenario_path, scenario.ledger))
    result = ledger_report(ledger, costing.contracts["baseline"], costing.roster, costing.years, costing.options,
                           tuple(scenario.switches))
    return ledger, result


def reconciliation(ledger: pd.DataFrame, applied: int) -> str:
    """'71 tracker items (70 agreed, 1 open): 6 agreed items carry money, in 9 proposal files, all 9 costed
    together; 65 carry none.' Short: it sits under page 1's ledger table, which must fit one page."""
    counts = ledger["status"].value_counts()
    statuses = ", ".join(f"{n} {status}" for status, n in counts.items())
    money_items = ledger[ledger["proposal_files"].map(len) > 0]
    agreed = money_items[money_items["status"] == "agreed"]
    files = {f for fs in agreed["proposal_files"] for f in fs}
    return (f"{len(ledger)} tracker items ({statuses}): {len(agreed)} agreed items carry money, in "
            f"{len(files)} proposal files, all {applied} costed together; {len(ledger) - len(money_items)} carry none.")


def _item_title(title: str) -> str:
    """'Belmont Unit A: peer assistant $892.50' -> 'peer assistant $892.50' (the unit has its own column)."""
    head, sep, rest = title.partition(": ")
    return rest if sep and "unit" in head.lower() else title


def ledger_page_one(report) -> list:
    """Page 1's ledger block, when the scenario names a ledger: the agreed money items, each with what is
    costed (its proposal files' titles, so an item whose description holds more than is costed says so) and
    its own cost per year; the items' sum beside the cost of the agreement costed together (selected from the
    figures frame), a rounding note when they differ by cents; and the reconciliation of items and files."""
    scenario = report.scenario
    if not scenario.ledger:
        return []
    costing = report.costing
    ledger, result = _ledger_result(report)
    items = result.items[result.items["costed"] & (result.items["status"] == "agreed")]
    costed_as = {row.id: "; ".join(_item_title(load_proposal(f).title) for f in row.proposal_files)
                 for row in ledger.itertuples(index=False) if row.proposal_files}
    name = report.proposals[0]
    year = headline_year(costing.measures, name)
    shown = fiscal_year(year)
    frame = pd.DataFrame({"Item": items["id"], "Unit": items["unit"], "What is costed": items["id"].map(costed_as),
                          shown: items[f"FY{year}"], "Over the term": items["total"]})
    sums = {y: round(float(frame[y].sum()), 2) for y in (shown, "Over the term")}
    together = {shown: value(costing.measures, name, "diff_baseline", "all_in", year),
                "Over the term": value(costing.measures, name, "diff_baseline", "all_in", TERM)}
    frame.loc[len(frame)] = {"Item": "Items summed", "Unit": "", "What is costed": "", **sums}
    frame.loc[len(frame)] = {"Item": "Costed together", "Unit": "", "What is costed": "the cost of the agreement below",
                             **together}
    note = reconciliation(ledger, len(scenario_texts(costing.proposals, name)))
    if "not_costed" in ledger.columns:   # the ledger's own word on what an item's description holds but is not costed
        said = [f"{row.id}: not costed, {row.not_costed}" for row in ledger.itertuples(index=False)
                if row.not_costed.strip() and row.id in set(items["id"])]
        note += "".join(f" {text}." for text in said)
    off = round(together["Over the term"] - sums["Over the term"], 2)
    if abs(off) >= 0.005:
        note += f" The {money(abs(off))} between the two totals is rounding (each item is rounded to the cent each year)."
    table = Table(frame, {shown: "money", "Over the term": "money"}, total_rows=2, note=note,
                  caption="The agreed money items, each costed on its own", css_class="page-one ledger-items")
    return [table]
