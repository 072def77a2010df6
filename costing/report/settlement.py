"""Page 1 of every report: the settlement summary a board member reads and a negotiator quotes.

For one proposal, per fiscal year and over the term (the term's years only; a year costed beyond
the term has its own labelled column and is never in a total): the cost (salary, benefits and
other costs shown apart, adding up to the total), the new money over the prior year for the budget
line with the lines that make it (the same group, leavers, hires, new positions), the rates over
the prior year, each naming its population and convention (the same group's, and the raise as
quoted with its simple sum beside the compounded rate), the new money over the status quo (each
year's cost items; over the term, the cumulative new money) and the run rate, the cost of 1%,
headcount and FTE. Two rate conventions that give the same numbers are shown once, with a note.
The numbers are a plain long frame (:func:`summary_frame`), so tests check them by hand and the
workbook writes the same figures; :func:`summary_table` only formats them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..engine.costing_run import Costing
from ..engine.measures import TERM, select
from . import glossary as g
from .table import Table
from .tables import BASELINE, scenario_label, term_heading, term_years, year_heading

NAN = float("nan")
LINE_POPULATIONS = ("leavers", "hires", "new_positions", "fte_changes", "unit_lines")
RATE_ROWS = (("all_in", "same_group"), ("salary", "same_group"), ("base_fixed", "same_group"),
             ("atb_rate", "same_group"), ("quoted", "stated"))
"""Page 1's rates over the prior year: (convention, population), in this order."""


def year_columns(costing: Costing) -> list[str]:
    """The summary's column of each fiscal year costed ('FY2028 (beyond the term)' for one outside it)."""
    return [year_heading(costing, fy) for fy in costing.years]


def _has(costing: Costing, measure: str, convention: str, name: str, population: str) -> bool:
    """Whether a scenario's figure is ever other than zero in a year costed."""
    values = select(costing.measures, measure, convention, name, term=False, population=population)
    return bool((values.abs() >= 0.005).any())


def summary_frame(costing: Costing, name: str) -> pd.DataFrame:
    """One row per measure: section, measure, kind, convention, population, one column per fiscal year
    (:func:`year_columns`), and ``term``.

    Every value is selected from the figures frame (:mod:`costing.engine.measures`): over the term,
    dollars are summed, year-on-year rates compounded (a simple sum is its own row), rates of the
    status quo are of its total over the term; cost of 1%, headcount and FTE have no term figure.
    """
    years, columns = list(costing.years), year_columns(costing)
    rows: list[dict] = []

    def add(section: str, text: str, kind: str, measure: str, convention: str, population: str = "budget_line",
            scenario: str = name, shown: str = "") -> None:
        values = select(costing.measures, measure, convention, scenario, population=population).to_dict()
        rows.append({"section": section, "measure": text, "kind": kind, "convention": shown, "population": population,
                     **{column: float(values.get(fy, NAN)) for column, fy in zip(columns, years)},
                     TERM: float(values.get(TERM, NAN))})

    other = any(_has(costing, "cost", "other_costs", n, "budget_line") for n in costing.contracts)
    cost = f"Cost under {scenario_label(costing, name)}"
    parts = [("salary", g.label("salary")), ("benefits", g.label("benefits")),
             *((("other_costs", g.label("other_costs")),) if other else ()), ("all_in", "Total cost")]
    for convention, text in parts:
        add(cost, text, "money", "cost", convention)
    add(cost, f"{g.STATUS_QUO}: total cost", "money", "cost", "all_in", scenario=BASELINE)

    section = g.label("new_money_prior")
    add(section, f"Total cost, $ ({g.POPULATIONS['budget_line'].short})", "money", "change_prior", "all_in")
    add(section, f"Of which the {g.POPULATIONS['same_group'].short}, $", "money", "change_prior", "all_in", "same_group")
    for population in LINE_POPULATIONS:
        if _has(costing, "change_prior", "all_in", name, population):
            add(section, f"Of which {g.POPULATIONS[population].short}, $", "money", "change_prior", "all_in",
                population)
    add(section, g.pct_label("Increase", "all_in", "budget_line"), "percent", "change_prior_pct", "all_in",
        "budget_line", shown="all_in")

    section = f"Rates over the prior year ({g.POPULATIONS['same_group'].short}; the raise as quoted)"
    for convention, population in RATE_ROWS:
        what = "Raise" if convention == "quoted" else "Increase"
        add(section, g.pct_label(what, convention, population), "percent", "change_prior_pct", convention, population,
            shown=convention)
    _merge_coinciding(rows, section)
    for convention, population in (("quoted", "stated"), ("atb_rate", "same_group")):
        add(section, g.pct_label(f"{g.label('simple_sum')} of the yearly rates", convention, population), "percent",
            "simple_sum_pct", convention, population, shown=convention)

    section = f"{g.label('new_money_status_quo')} (each year's cost items; over the term, cumulative)"
    for convention, text in (("salary", "Salary, $"), ("benefits", "Benefits, $"),
                             *((("other_costs", "Other costs, $"),) if other else ()), ("all_in", "Total cost, $")):
        add(section, text, "money", "diff_baseline", convention)
    if _has(costing, "cost", "all_in", name, "new_positions"):
        add(section, "Of which new positions, $", "money", "diff_baseline", "all_in", "new_positions")
    for convention in ("all_in", "salary"):
        add(section, g.pct_label("Over the status quo", convention), "percent", "diff_baseline_pct", convention,
            shown=convention)
    base, last = _base_and_last(costing)
    add(section, f"{g.label('run_rate')}: {last} cost over {base} (base year), $", "money", "run_rate", "all_in")
    add(section, f"{g.label('run_rate')}: {last} over {base} % ({g.CONVENTIONS['all_in'].short})", "percent",
        "run_rate_pct", "all_in", shown="all_in")

    section = "Yardsticks"
    add(section, f"{g.label('cost_of_1pct')} (base pay, with roll-up)", "money", "cost_of_1pct", "base_with_rollup")
    add(section, f"{g.label('headcount')} at year end", "count", "headcount", "year_end")
    add(section, f"{g.population_label('same_group')}: people employed in the year and the year before", "count",
        "people", "employed", "same_group")
    add(section, f"{g.label('fte')} at year end", "fte", "fte", "year_end")
    add(section, "All-in cost per FTE (salary, benefits and other costs ÷ FTE at year end)", "money", "per_fte",
        "all_in")
    return pd.DataFrame(rows)


def _base_and_last(costing: Costing) -> tuple[str, str]:
    """('FY2023', 'FY2027'): the base year (before the term's first) and the term's last year costed."""
    years = term_years(costing)
    return f"FY{years[0] - 1}", f"FY{years[-1]}"


def _values(row: dict) -> np.ndarray:
    return np.array([v for k, v in row.items() if k not in ("section", "measure", "kind", "convention", "population")],
                    dtype=float)


def _merge_coinciding(rows: list[dict], section: str) -> None:
    """Rate rows of ``section`` whose every value equals an earlier row's are dropped, and that row's
    label says they coincide ('Increase % (same group: across-the-board rate) = base pay without steps')."""
    mine = [r for r in rows if r["section"] == section]
    for i, row in enumerate(mine):
        if row.get("_dropped"):
            continue
        for other in mine[i + 1:]:
            a, b = _values(row), _values(other)
            if not other.get("_dropped") and np.array_equal(np.isnan(a), np.isnan(b)) and \
                    np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=0, atol=5e-7):
                other["_dropped"] = True
                row["measure"] += f" = {g.CONVENTIONS[other['convention']].short}"
    rows[:] = [r for r in rows if not r.pop("_dropped", False)]


def sectioned_rows(frame: pd.DataFrame, columns: dict[str, str]) -> tuple[pd.DataFrame, dict[int, str], list[int]]:
    """A frame of measures (columns section, measure, kind and the values) as a table's rows: a heading row
    before each section, then its measures, each heading taking its value from ``columns[heading]``; with each
    row's format and the section rows' positions."""
    rows, kinds, sections = [], {}, []
    for section, group in frame.groupby("section", sort=False):
        sections.append(len(rows))
        rows.append({"Measure": section, **{heading: NAN for heading in columns}})
        kinds[len(rows) - 1] = "blank"
        for r in group.to_dict("records"):
            rows.append({"Measure": r["measure"], **{heading: r[field] for heading, field in columns.items()}})
            kinds[len(rows) - 1] = r["kind"]
    return pd.DataFrame(rows), kinds, sections


def summary_table(costing: Costing, name: str, caveat: str = "", benefits: str = "") -> Table:
    """The summary as a report table: a section heading row before each group of measures."""
    frame = summary_frame(costing, name)
    years = year_columns(costing)
    term = term_heading(costing)
    out, kinds, sections = sectioned_rows(frame, {**{y: y for y in years}, term: TERM})
    coincide = frame["measure"].str.contains(" = ", regex=False).any()
    note = ("Salary: pay to people; benefits: the roll-up and per-head premiums; other costs: costs not tied to one person (class coverage, tuition pools); "
            "they add up to the total. New money over the prior year compares each year with the one before under "
            "the same scenario (the first year with the same scenario's year before the window): the budget line is "
            "everyone costed, the same group the people employed in both years, and the lines between them what "
            "leavers, hires and new positions add. Every rate names its population and convention (see the "
            "glossary); over the term, dollars are summed and rates compounded, the simple sum given apart. "
            "Over the status quo: the same year's status-quo cost; over the term, of the status quo's total. "
            "The run rate is the term's last year over the year before the term.")
    if coincide:
        note += " Where two conventions give the same rates, they are shown once: \"A = B\"."
    if benefits:
        note = f"{benefits} {note}"
    if caveat:
        note = f"{caveat}. {note}"
    return Table(out, {c: "money" for c in [*years, term]}, row_formats=kinds, section_rows=tuple(sections),
                 caption=f"Settlement summary: {scenario_label(costing, name)}", note=note, css_class="summary",
                 dollars_to_fit=True)


__all__ = ["summary_frame", "summary_table", "year_columns", "RATE_ROWS"]


# ---- page 1: the cost of settlement on one page ------------------------------------------------------

BASE_COLUMN = "base"
PAGE_ONE_NOTE = (
    "Over the prior year, steps + raises (base pay, everyone on their roster-date step, leavers and hires included) "
    "+ everything else (longevity, stipends, one-time and retro pay, benefits, other costs) = the new money; "
    "one-time and retro pay do not recur. Whole dollars; cents in the detail and the workbook.")


def page_one_columns(costing: Costing) -> tuple[str, list[str], str]:
    """(base-year heading, each year's heading, over-the-term heading) of page 1's table."""
    years = term_years(costing)
    return f"FY{years[0] - 1} (base year)", [year_heading(costing, fy) for fy in years], "Over the term"


def page_one_frame(costing: Costing, name: str, yardsticks: bool = True) -> pd.DataFrame:
    """Page 1's settlement table as a plain long frame: section, measure (its words), kind, measure key,
    convention, population, scenario, then ``base`` (the year before the term: each cost in it, selected
    as the first term year's prior-year cost), one column per fiscal year costed (:func:`year_columns`)
    and ``term``. Every value is selected from the figures frame; the rows of new money over the prior
    year add up (steps + raises + everything else = the total), and so do recurring + one-time + retro."""
    years = term_years(costing)   # a year beyond the term is in the detail, never on page 1
    columns, first = [year_heading(costing, fy) for fy in years], years[0]
    label = scenario_label(costing, name)
    rows: list[dict] = []

    def add(section: str, text: str, kind: str, measure: str, convention: str, population: str = "budget_line",
            scenario: str = name, base: str = "", optional: bool = False) -> None:
        values = select(costing.measures, measure, convention, scenario, population=population).to_dict()
        if optional and not any(abs(v) >= 0.005 for k, v in values.items() if k != TERM and not np.isnan(v)):
            return
        before = NAN
        if base:
            before = float(select(costing.measures, base, convention, scenario, population=population).get(first, NAN))
        rows.append({"section": section, "measure": text, "kind": kind, "key": measure, "convention": convention,
                     "population": population, "scenario": scenario, BASE_COLUMN: before,
                     **{column: float(values.get(fy, NAN)) for column, fy in zip(columns, years)},
                     TERM: float(values.get(TERM, NAN))})

    section = "Total cost (salary, benefits and other costs)"
    add(section, f"Under {label}", "dollars", "cost", "all_in", base="prior_year_cost")
    add(section, f"Under the {g.STATUS_QUO.lower()}", "dollars", "cost", "all_in",
        scenario=BASELINE, base="prior_year_cost")
    section = f"{g.label('new_money_status_quo')}: the cost of the agreement"
    add(section, "New money, $", "dollars", "diff_baseline", "all_in")
    add(section, "Of which recurring, $", "dollars", "diff_baseline", "recurring")
    add(section, "Of which one-time payments, $", "dollars", "diff_baseline", "one_time", optional=True)
    add(section, "Of which retro pay, $", "dollars", "diff_baseline", "retro", optional=True)
    add(section, f"Percent ({g.CONVENTIONS['all_in'].short})", "percent", "diff_baseline_pct", "all_in")
    section = f"{g.label('new_money_prior')} ({g.POPULATIONS['budget_line'].short})"
    add(section, "New money, $", "dollars", "change_prior", "all_in")
    add(section, "Of which steps, $", "dollars", "step_movement_in_year", "roster_date_steps")
    add(section, "Of which raises, $", "dollars", "change_prior", "base_fixed")
    add(section, "Of which everything else, $", "dollars", "change_prior", "beyond_base")
    add(section, f"Percent ({g.CONVENTIONS['all_in'].short})", "percent", "change_prior_pct", "all_in", "budget_line")
    _split_only_with_its_total(rows, section, [*columns, TERM])
    if not yardsticks:   # page 1 of a ledger: the items' table takes their place (they are on page 2)
        return pd.DataFrame(rows)
    section = "Yardsticks"
    add(section, f"{g.label('cost_of_1pct')} (base pay with roll-up)", "dollars", "cost_of_1pct", "base_with_rollup")
    add(section, "Salary per FTE at year end", "dollars", "per_fte", "salary")
    return pd.DataFrame(rows)


def _split_only_with_its_total(rows: list[dict], section: str, columns: list) -> None:
    """A year whose new money over the prior year cannot be known (no prior year costed: New Bedford's FY2023)
    shows no split of it either: parts without their whole would read as the whole."""
    mine = [r for r in rows if r["section"] == section]
    total = mine[0]
    for column in columns:
        if np.isnan(total[column]):
            for r in mine[1:]:
                r[column] = NAN


def page_one_table(costing: Costing, name: str, yardsticks: bool = True) -> Table:
    """Page 1's settlement table: the base year, each year and over the term; a heading row per section."""
    frame = page_one_frame(costing, name, yardsticks)
    base, years, term = page_one_columns(costing)
    table, kinds, sections = sectioned_rows(frame, {base: BASE_COLUMN, **{y: y for y in years}, term: TERM})
    return Table(table, {c: "dollars" for c in [base, *years, term]}, row_formats=kinds, section_rows=tuple(sections),
                 caption=f"Cost of settlement: {scenario_label(costing, name)}",
                 note=PAGE_ONE_NOTE + _uncosted_base_note(frame, base, years),
                 css_class="summary page-one", missing="")


def _uncosted_base_note(frame: pd.DataFrame, base: str, years: list[str]) -> str:
    """Why the base-year column is empty, when it is (New Bedford: the document has no rates before the term):
    an empty column with no word would read as a figure left out by mistake."""
    if frame[BASE_COLUMN].notna().any():
        return ""
    year = base.split(" ")[0]
    change = frame[(frame["key"] == "change_prior") & (frame["convention"] == "all_in")]
    known = [y for y in years if not change.empty and change[y].notna().iloc[0]]
    then = f" starts in {known[0]}" if known else " cannot be shown"
    return (f" {year}, the base year, is not costed: the inputs hold no rates in force before the term, so the "
            f"new money over the prior year{then}.")


__all__ += ["page_one_frame", "page_one_table", "page_one_columns", "PAGE_ONE_NOTE", "BASE_COLUMN"]


# ---- a compare report's page 1: the gap between the offers -------------------------------------------

GAP_NOTE = (
    "The gap is the difference of the two offers' total cost (salary, benefits and other costs, everyone "
    "costed) in each year; over the term, summed. Points: the gap over the status quo's cost of 1% of base pay "
    "with roll-up in the same year; over the term, over the sum of the term years' cost of 1% (the raise, held in "
    "every year of the term, that would cost the gap). Whole dollars here; to the cent in the detail.")


def gap_frame(costing: Costing) -> pd.DataFrame:
    """A compare report's page 1 as a long frame (section, measure, kind, one column per year, ``term``):
    each offer's new money over the status quo, then each pair's gap in dollars and in points of the cost
    of 1% (:func:`costing.negotiate.gap.offer_gaps`), all selected, none computed here."""
    from ..negotiate.gap import offer_gaps, offer_pairs, pair_label

    years = term_years(costing)   # a year beyond the term is in the detail, never on page 1
    columns = [year_heading(costing, fy) for fy in years]
    rows: list[dict] = []
    section = f"{g.label('new_money_status_quo')}: each offer's cost"
    for name in [n for n in costing.contracts if n != BASELINE]:
        values = select(costing.measures, "diff_baseline", "all_in", name).to_dict()
        rows.append({"section": section, "measure": f"{scenario_label(costing, name)}, $", "kind": "dollars",
                     **{c: float(values.get(fy, NAN)) for c, fy in zip(columns, years)}, TERM: float(values[TERM])})
    table = offer_gaps(costing)
    for a, b in offer_pairs(costing):
        mine = table[(table["scenario"] == a) & (table["against"] == b)]
        at = {(TERM if r["period"] == "term" else int(r["fiscal_year"])): r for r in mine.to_dict("records")}
        section = f"The gap: {pair_label(costing, a, b)}"
        for field, text, kind in (("gap", "Gap, $", "dollars"), ("points", "Gap in points of the cost of 1%", "fte")):
            rows.append({"section": section, "measure": text, "kind": kind,
                         **{c: float(at[fy][field]) if fy in at else NAN for c, fy in zip(columns, years)},
                         TERM: float(at[TERM][field])})
    return pd.DataFrame(rows)


def gap_table(costing: Costing) -> Table:
    """A compare report's page 1 table: each offer's cost over the status quo, then the gaps."""
    frame = gap_frame(costing)
    years, term = [year_heading(costing, fy) for fy in term_years(costing)], "Over the term"
    out, kinds, sections = sectioned_rows(frame, {**{y: y for y in years}, term: TERM})
    alone = len([n for n in costing.contracts if n != BASELINE]) < 2   # one offer: no gap to show, only its cost
    return Table(out, {c: "dollars" for c in [*years, term]}, row_formats=kinds, section_rows=tuple(sections),
                 caption="What the offer costs over the status quo" if alone else "The gap between the offers",
                 note=ONE_OFFER_NOTE if alone else GAP_NOTE, css_class="summary page-one")


ONE_OFFER_NOTE = ("One offer is compared with the status quo: its new money is its total cost (salary, benefits and other "
                  "costs, everyone costed) less the status quo's in each year; over the term, summed. With a second "
                  "offer in the scenario, this page shows the gap between them. Whole dollars here; to the cent in the "
                  "detail.")


__all__ += ["gap_frame", "gap_table", "GAP_NOTE", "ONE_OFFER_NOTE"]
