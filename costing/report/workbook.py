"""workbook.xlsx: the report's numbers for people who work with them in Excel, standing on their own.

Sheets, in the report's order: Read me (what this is, status, window, caveats, the sheets),
Settlement (page 1 of the report, per proposal), Summary (one row per scenario and year),
Long (scenario, fiscal year, family, component, amount: to pivot), Components, one sheet per
fiscal year, the compare report's sections when the scenario has one (Side by side, Settlement %,
Reconciliation, Sensitivity, Who gets what), the Ledger when the scenario names one, Rate tables,
Assumptions, Glossary, and in a confidential report the Employee detail. Every sheet carries the
caveat line where the figures rest on illustrative grids or a synthetic roster (:mod:`.caveats`);
headers use the glossary's words; "Status quo", never "baseline".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..engine.figures import components_wide
from ..inputs.vocabulary import FAMILY_LABELS, FAMILY_PARTS
from ..output import atomic_write
from . import assumptions, coverage, glossary, settlement
from .context import ReportContext
from .format import fiscal_year, label
from .glossary import CONVENTIONS, STATUS_QUO, pct_label
from .glossary import label as term
from .ledger_section import ledger_tables
from .table import Table
from .tables import BASELINE, scenario_label, tables_in_force, years_range
from .xlsx import write_sheet


def sheet_name(prefix: str, costing, name: str) -> str:
    """'Settlement union counter': Excel allows 31 characters, so the label is cut at a word, never
    mid-word, and a leading ILLUSTRATIVE (said on every sheet's caveat line anyway) is dropped."""
    words = scenario_label(costing, name).removeprefix("ILLUSTRATIVE").strip(" :-").split()
    out = prefix
    for word in words:
        if len(out) + 1 + len(word) > 31 or word.startswith("("):  # no half bracket
            break
        out = f"{out} {word}"
    return out if out != prefix else f"{prefix} {name}"[:31]


PART_WORDS = {"salary": "Salary", "benefits": "Benefits", "other": "Other costs"}
SUMMARY_COLUMNS = [  # figures column -> (header, kind): a selection of costing project's columns
    ("total", "Total cost", "money"), ("salary", term("salary"), "money"),
    ("benefits", term("benefits"), "money"), ("other_costs", term("other_costs"), "money"),
    ("status_quo_prior_year_total", "Status quo, year before the first", "money"),
    ("prior_year_total", "Prior year cost", "money"),
    ("change_prior", f"{term('new_money_prior')} (budget line)", "money"),
    ("same_group_change", "Of which the same group", "money"), ("leavers_change", "Of which leavers", "money"),
    ("hires_change", "Of which hires", "money"), ("new_positions_change", "Of which new positions", "money"),
    ("fte_changes_change", "Of which changes in FTE", "money"), ("unit_lines_change", "Of which other costs", "money"),
    ("change_prior_pct", pct_label("Increase", "all_in", "budget_line"), "percent"),
    ("same_group_pct", pct_label("Increase", "all_in", "same_group"), "percent"),
    ("base_fixed_pct", pct_label("Increase", "base_fixed", "same_group"), "percent"),
    ("atb_rate_pct", pct_label("Increase", "atb_rate", "same_group"), "percent"),
    ("quoted_pct", pct_label("Raise", "quoted"), "percent"),
    ("quoted_simple_sum_pct", f"{term('simple_sum')} % ({CONVENTIONS['quoted'].short})", "percent"),
    ("diff_baseline", term("new_money_status_quo"), "money"),
    ("diff_baseline_pct", pct_label("Over the status quo", "all_in"), "percent"),
    ("cumulative_diff_baseline", term("cumulative_new_money"), "money"),
    ("run_rate", f"{term('run_rate')} (the term's last year over the base year)", "money"),
    ("run_rate_pct", pct_label(term("run_rate"), "all_in"), "percent"),
    ("annualization", f"{term('annualization')} (employed all year)", "money"),
    ("step_movement_in_year", f"{term('step_in_year')} (in-year)", "money"),
    ("step_movement", f"{term('step_cumulative')} (cumulative)", "money"),
    ("schedule_changes", f"{term('rate_changes')} (in-year)", "money"),
    ("cost_of_1pct", term("cost_of_1pct"), "money"), ("year_end_annual_base", "Year-end annual base pay", "money"),
    ("lift_pct", pct_label("Lift", "lift", "same_group"), "percent"),
    ("headcount_year_end", f"{term('headcount')} at year end", "count"),
    ("same_group_people", "Same group: people employed in the year and the year before", "count"),
    ("fte_year_end", f"{term('fte')} at year end", "fte"),
    ("all_in_per_fte", "All-in cost per FTE (salary, benefits and other costs ÷ FTE at year end)", "money"),
    ("salary_per_fte", "Salary per FTE (pay to people ÷ FTE at year end)", "money"),
]


class Sheets:
    """Sheets collected in order, then written to one workbook."""

    def __init__(self, caveat: str):
        self.caveat = caveat
        self.items: list[dict] = []

    def add(self, name: str, frame: pd.DataFrame, kinds: dict[str, str], title: str, **extra) -> None:
        self.items.append({"sheet": name, "frame": frame.reset_index(drop=True), "kinds": kinds, "title": title,
                           **extra})

    def add_table(self, name: str, table: Table) -> None:
        """A report table as it is shown: its body as the Excel Table, its total rows below it."""
        body = table.frame.iloc[:len(table.frame) - table.total_rows] if table.total_rows else table.frame
        totals = table.frame.iloc[len(table.frame) - table.total_rows:] if table.total_rows else None
        kinds = {c: k for c, k in table.formats.items()}
        self.add(name, body, kinds, table.caption, totals=totals, note=table.note)

    def write(self, path: Path) -> None:
        from openpyxl import Workbook

        def writer(tmp: Path) -> None:
            book = Workbook()
            book.remove(book.active)
            used: set[str] = set()
            for item in self.items:
                write_sheet(book, item["sheet"], item["frame"], item["kinds"], title=item["title"],
                            caveat=self.caveat, totals=item.get("totals"), row_kinds=item.get("row_kinds"),
                            note=item.get("note", ""), used=used)
            book.save(tmp)

        atomic_write(Path(path), writer)


def summary_frame(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """One row per scenario and year with readable headers; below it, each scenario over the term
    (the figures' own row over the term: dollars summed, rates compounded)."""
    costing = ctx.costing
    fig = costing.figures   # costing project's columns: salary, benefits and other costs as page 1 has them
    kinds = {}

    def shaped(rows: pd.DataFrame, years: list) -> pd.DataFrame:
        out = pd.DataFrame({"Scenario": rows["label"].to_numpy(), "Fiscal year": years,
                            "In the term": ["yes" if t else "no" for t in rows["in_term"]]})
        for key, header, kind in SUMMARY_COLUMNS:
            out[header] = rows[key].astype(float).to_numpy()
            kinds[header] = kind
        return out

    body = fig[fig["period"] == "year"]
    heads = [int(fy) for fy in body["fiscal_year"]]
    over = fig[fig["period"] == "term"]
    totals = shaped(over, [years_range(costing)] * len(over))
    totals["Scenario"] = [f"Total: {label}" for label in totals["Scenario"]]
    return shaped(body, heads), totals, kinds


def ctx_years(ctx: ReportContext) -> str:
    return years_range(ctx.costing)


def long_frame(ctx: ReportContext) -> pd.DataFrame:
    """scenario, fiscal year, family, component, amount: every component's total, ready to pivot."""
    comp = ctx.costing.components
    comp = comp[comp["amount"].abs() >= 0.005]
    return pd.DataFrame({
        "Scenario": [scenario_label(ctx.costing, s) for s in comp["scenario"]],
        "Fiscal year": comp["fiscal_year"].astype(int).to_numpy(),
        "Salary or benefits": [PART_WORDS[FAMILY_PARTS.get(str(f), "salary")] for f in comp["family"]],
        "Family": [FAMILY_LABELS.get(f, label(f)) for f in comp["family"]],
        "Component": [label(c) for c in comp["component"]],
        "Amount": comp["amount"].to_numpy()})


def components_frame(ctx: ReportContext) -> pd.DataFrame:
    comp = components_wide(ctx.costing.components)
    comp.insert(0, "Scenario", [scenario_label(ctx.costing, str(s)) for s in comp.pop("scenario")])
    comp.insert(1, "Fiscal year", comp.pop("fiscal_year").astype(int))
    return comp.rename(columns={c: ("Total cost" if c == "total" else label(c)) for c in comp.columns[2:]})


def year_frame(ctx: ReportContext, fy: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One fiscal year: every component under every scenario and each proposal's new money; totals below."""
    costing = ctx.costing
    comp = components_wide(costing.components)
    comp = comp[comp["fiscal_year"] == fy].copy()
    wide = comp.drop(columns="fiscal_year").set_index("scenario").T
    wide = wide[[n for n in costing.contracts if n in wide.columns]]
    for name in ctx.proposals:
        wide[f"{name}__diff"] = (wide[name] - wide[BASELINE]).round(2)
    totals = wide.loc[["total"]]
    wide = wide.drop(index="total")
    names = {n: scenario_label(costing, n) for n in costing.contracts}
    names.update({f"{n}__diff": f"{scenario_label(costing, n)}: new money over the status quo" for n in ctx.proposals})

    def shape(frame: pd.DataFrame, first: list[str]) -> pd.DataFrame:
        out = frame.rename(columns=names).reset_index(drop=True)
        out.insert(0, "Component", first)
        return out

    body = shape(wide, [label(c) for c in wide.index])
    return body, shape(totals, ["Total cost"])


UNIT_NAMES = {"hourly": "hourly", "daily": "daily", "annual": "annual"}
RATE_HEADER = "Rate ($ per unit)"


def _step_value(step):
    """A numeric step as a number (Excel sorts and filters 1, 2, 10 as numbers); a named step ('Max') as text."""
    text = str(step).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def rates_frame(ctx: ReportContext) -> pd.DataFrame:
    """Every rate table cell in force in the years costed, with its unit (hourly, daily, annual: one
    'Rate' column holds all three, so the unit stands beside it), steps as numbers, dates as dates."""
    rows = []
    for name, contract in ctx.costing.contracts.items():
        frame = tables_in_force(contract, ctx.costing.years)
        units = {s.name: s.rate_unit for s in contract.schedules}
        rows.append(pd.DataFrame({
            "Scenario": scenario_label(ctx.costing, name), "Schedule": frame["schedule"].astype(str),
            "Lane": frame["lane"].astype(str), "Step": [_step_value(s) for s in frame["step"]],
            "In force from": list(frame["effective_date"]),
            "Unit": [UNIT_NAMES.get(units.get(str(k), ""), units.get(str(k), "")) for k in frame["schedule"]],
            RATE_HEADER: frame["rate"].astype(float), "Annual": frame["annual"].astype(float),
            pct_label("Change", "atb_rate"): frame["change_pct"].astype(float),
            "Source": frame["reference"].astype(str)}))
    return pd.concat(rows, ignore_index=True)


def _as_date(text: str):
    """The report date as a date cell (shown m/d/yyyy), not the text '2026-12-06'."""
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return text


def sheets(ctx: ReportContext) -> Sheets:
    costing = ctx.costing
    caveat = ctx.caveats.short()
    out = Sheets(caveat)
    s = ctx.scenario
    readme = [("Report", s.title), ("Status", s.scope.status.upper()),
              ("Prepared by", s.scope.prepared_by or "not stated in the scenario"),
              ("Report date", _as_date(ctx.report_date)), ("Costing window", ctx.window_text()),
              ("Roster", ctx.roster_text()), ("Benefits", coverage.benefits_sentence(costing)),
              ("Not included", "; ".join(ctx.not_included()) or "nothing: every item of the proposals is costed"),
              ("Audience", "Public" if ctx.public else "CONFIDENTIAL: employee-level detail"),
              ("Caveat", ctx.caveats.sentence() or "none"),
              ("Money", "US dollars to the cent; negative amounts in brackets"),
              ("Percents", "every rate names its population and convention in its header or row (see Glossary); "
                           "cells hold fractions (0.025) shown with Excel's percent format (2.5%)"),
              ("Fiscal years", f"over the term: {years_range(costing)}; a year costed outside the term is labelled "
                               "and never in a total over the term"),
              ("Totals", "below each table, in bold, outside the Excel Table so that pivots read data rows only")]
    out.add("Read me", pd.DataFrame(readme, columns=["Item", "Value"]), {}, s.title)
    for name in ctx.proposals:
        frame = settlement.summary_frame(costing, name)
        years = settlement.year_columns(costing)
        shown = pd.DataFrame({"Section": frame["section"], "Measure": frame["measure"],
                              **{y: frame[y] for y in years}, "Over the term": frame[settlement.TERM]})
        kinds = {c: "money" for c in [*years, "Over the term"]}
        sheet = "Settlement" if len(ctx.proposals) == 1 else sheet_name("Settlement", costing, name)
        out.add(sheet, shown, kinds, f"Settlement summary: {scenario_label(costing, name)}",
                row_kinds=list(frame["kind"]))
    body, totals, kinds = summary_frame(ctx)
    out.add("Summary", body, kinds, "Every scenario and fiscal year: cost and the figures behind it", totals=totals)
    out.add("Long", long_frame(ctx), {"Amount": "money"},
            "Scenario, fiscal year, family, component, amount: one row each, to pivot")
    comp = components_frame(ctx)
    out.add("Components", comp, {c: "money" for c in comp.columns[2:]}, "Every component line, per scenario and year")
    for fy in costing.years:
        body, totals = year_frame(ctx, fy)
        out.add(fiscal_year(fy), body, {c: "money" for c in body.columns[1:]},
                f"{fiscal_year(fy)}: every component under every scenario", totals=totals)
    if "compare_proposals" in s.notebooks:
        compare_sheets(ctx, out)
    for i, table in enumerate(ledger_tables(ctx)):
        out.add_table("Ledger" if i == 0 else "Ledger items", table)
    rates = rates_frame(ctx)
    out.add("Rate tables", rates, {RATE_HEADER: "rate", "Annual": "money", "In force from": "date",
                                   rates.columns[8]: "percent"},
            "Rate tables in force during the years costed")
    notes = assumptions.general(ctx.scenario, costing)
    for name in ctx.proposals:
        for key, proposal in costing.proposals.items():
            if key == name or key.startswith(f"{name}/"):
                notes += [f"{scenario_label(costing, name)}: {assumptions.describe_change(c, costing.contracts[name])} "
                          f"[{c.reference}]" for c in proposal.changes]
                notes += assumptions.cost_line_assumptions(costing.contracts["baseline"], proposal)
    out.add("Assumptions", pd.DataFrame({"Assumption or source": list(dict.fromkeys(notes))}), {},
            "Assumptions and sources")
    gloss = [(t.label, t.meaning) for t in glossary.TERMS]
    gloss += [(f"% ({c.short})", c.meaning) for c in glossary.CONVENTIONS.values()]
    gloss += [(glossary.population_label(p.key), p.meaning) for p in glossary.POPULATIONS.values()]
    out.add("Glossary", pd.DataFrame(gloss, columns=["Term", "Meaning"]), {}, "Glossary (the same words as the report)")
    if not ctx.public:
        detail = ctx.employee_detail()
        out.add("Employee detail", detail, {**{c: "money" for c in detail.columns if " FY" in c}, "fte": "fte"},
                "Employee-level detail (CONFIDENTIAL)")
    return out


def compare_sheets(ctx: ReportContext, out: Sheets) -> None:
    """The compare report's sections, built by the same functions the notebook calls."""
    from . import negotiation  # (it draws charts too: matplotlib only when there is a compare report)

    costing = ctx.costing
    out.add_table("Side by side", negotiation.side_by_side(costing))
    out.add_table("Gaps", negotiation.gaps(costing))
    for name in costing.contracts:
        table = negotiation.settlement(costing, name)
        out.add_table(sheet_name("Settlement %", costing, name), table)
    for i, (a, b) in enumerate(negotiation.bridge_pairs(costing), start=1):
        out.add_table(f"Reconciliation {i}", negotiation.bridge_table(costing, negotiation.bridge_frame(costing, a, b)))
    out.add_table("Sensitivity", negotiation.sensitivity_table(costing, negotiation.sensitivity(costing)))
    raises = negotiation.raise_frame(costing)
    for name in costing.contracts:
        out.add_table(sheet_name("Who gets what", costing, name),
                      negotiation.raise_table(costing, raises, name))
    out.add_table("Paid less than status quo", negotiation.paid_less_summary(costing, negotiation.paid_less(costing)))


def write(ctx: ReportContext, path: Path) -> None:
    sheets(ctx).write(path)


__all__ = ["write", "sheets", "STATUS_QUO"]
