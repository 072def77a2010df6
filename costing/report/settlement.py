"""Page 1 of every report: the settlement summary a board member reads and a negotiator quotes.

For one proposal, per fiscal year and over the term: the cost (salary, benefits and other costs shown apart),
the new money over the prior year and over the status quo in dollars and percent, each percent
under a named convention (:mod:`.glossary`), the compounded percent, the cost of 1%, headcount and
FTE. The numbers are a plain long frame (:func:`summary_frame`), so tests check them by hand and
the workbook writes the same figures; :func:`summary_table` only formats them.
"""

from __future__ import annotations

import pandas as pd

from ..engine.costing_run import Costing
from ..engine.measures import WINDOW, select
from . import glossary as g
from .format import fiscal_year
from .table import Table
from .tables import BASELINE, scenario_label, years_range

TERM = "term"
NAN = float("nan")


def _has_other_costs(costing: Costing) -> bool:
    """Whether any scenario has unit-level cost lines in any year (the row is shown only then)."""
    return bool((select(costing.measures, "cost", "other_costs", window=False) != 0).any())


def summary_frame(costing: Costing, name: str) -> pd.DataFrame:
    """One row per measure: section, measure, kind, convention, one column per fiscal year, and 'term'.

    Every value is selected from the figures frame (:mod:`costing.engine.measures`): over the term,
    dollars are summed, year-on-year percents compounded, percents of the status quo are of its total
    over the term; cost of 1%, headcount and FTE have no term figure.
    """
    years = list(costing.years)
    rows: list[dict] = []

    def add(section: str, text: str, kind: str, measure: str, convention: str, scenario: str = name,
            shown: str = "") -> None:
        values = select(costing.measures, measure, convention, scenario)
        rows.append({"section": section, "measure": text, "kind": kind, "convention": shown,
                     **{fiscal_year(fy): float(values.get(fy, NAN)) for fy in years},
                     TERM: float(values.get(WINDOW, NAN))})

    other = _has_other_costs(costing)
    cost = f"Cost under {scenario_label(costing, name)}"
    parts = [("salary", g.label("salary")), ("benefits", g.label("benefits")),
             *((("other_costs", g.label("other_costs")),) if other else ()), ("all_in", "Total cost")]
    for convention, text in parts:
        add(cost, text, "money", "cost", convention)
    add(cost, f"{g.STATUS_QUO}: total cost", "money", "cost", "all_in", BASELINE)

    section = g.label("new_money_prior")
    add(section, "Total cost, $", "money", "change_prior", "all_in")
    for convention, shown in (("all_in", "all_in"), ("salary", "salary"), ("base_fixed", "base_fixed"),
                              ("atb_rate", "atb_rate")):
        add(section, g.pct_label("Increase", shown), "percent", "change_prior_pct", convention, shown=shown)

    section = g.label("new_money_status_quo")
    for convention, text in (("salary", "Salary, $"), ("benefits", "Benefits, $"),
                             *((("other_costs", "Other costs, $"),) if other else ()), ("all_in", "Total cost, $")):
        add(section, text, "money", "diff_baseline", convention)
    for convention in ("all_in", "salary"):
        add(section, g.pct_label("Over the status quo", convention), "percent", "diff_baseline_pct", convention,
            shown=convention)

    section = "Yardsticks"
    add(section, f"{g.label('cost_of_1pct')} (base pay, with roll-up)", "money", "cost_of_1pct", "base_with_rollup")
    add(section, f"{g.label('headcount')} at year end", "count", "headcount", "year_end")
    add(section, f"{g.label('fte')} at year end", "fte", "fte", "year_end")
    return pd.DataFrame(rows)


def summary_table(costing: Costing, name: str, caveat: str = "") -> Table:
    """The summary as a report table: a section heading row before each group of measures."""
    frame = summary_frame(costing, name)
    years = [fiscal_year(fy) for fy in costing.years]
    term = f"Over the term {years_range(costing)}"
    rows, kinds, sections = [], {}, []
    for section, group in frame.groupby("section", sort=False):
        sections.append(len(rows))
        rows.append({"Measure": section, **{y: NAN for y in years}, term: NAN})
        kinds[len(rows) - 1] = "blank"
        for r in group.itertuples(index=False):
            values = r._asdict()
            rows.append({"Measure": r.measure, **{y: values[y] for y in years}, term: values[TERM]})
            kinds[len(rows) - 1] = r.kind
    out = pd.DataFrame(rows)
    note = ("Salary: pay to people; benefits: the roll-up and per-head premiums; other costs: unit-level cost "
            "lines. New money over the prior year compares each year with the one before under the same "
            "scenario (the first year with the same scenario's year before the window); over the term, dollars "
            "are summed and percents compounded. Over the status quo: the same year's status-quo cost; over the "
            "term, of the status quo's total. Every percent names its convention (see the glossary).")
    if caveat:
        note = f"{caveat}. {note}"
    return Table(out, {c: "money" for c in [*years, term]}, row_formats=kinds, section_rows=tuple(sections),
                 caption=f"Settlement summary: {scenario_label(costing, name)}", note=note, css_class="summary")


__all__ = ["summary_frame", "summary_table", "TERM"]
