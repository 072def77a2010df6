"""Page 1 of every report: the settlement summary a board member reads and a negotiator quotes.

For one proposal, per fiscal year and over the term: the cost (salary, benefits and other costs shown apart),
the new money over the prior year and over the status quo in dollars and percent, each percent
under a named convention (:mod:`.glossary`), the compounded percent, the cost of 1%, headcount and
FTE. The numbers are a plain long frame (:func:`summary_frame`), so tests check them by hand and
the workbook writes the same figures; :func:`summary_table` only formats them.
"""

from __future__ import annotations

import math

import pandas as pd

from ..engine.costing_run import Costing
from ..engine.figures import BENEFIT_FAMILIES, OTHER_FAMILIES, SALARY_FAMILIES, family_table
from ..negotiate.compare import settlement_table
from . import glossary as g
from .format import fiscal_year
from .table import Table
from .tables import BASELINE, families, scenario_label, years_range

TERM = "term"
NAN = float("nan")


def _split(fam: pd.DataFrame) -> pd.DataFrame:
    """salary / benefits / other costs / total from a family table, split as ``costing project`` splits
    them (:data:`costing.engine.figures.SALARY_FAMILIES`, ``BENEFIT_FAMILIES``, ``OTHER_FAMILIES``)."""
    families = [c for c in fam.columns if c not in ("scenario", "fiscal_year")]
    out = fam[["scenario", "fiscal_year"]].copy()
    out["scenario"] = out["scenario"].astype(str)
    for name, members in (("salary", SALARY_FAMILIES), ("benefits", BENEFIT_FAMILIES), ("other", OTHER_FAMILIES)):
        present = [f for f in families if f in members]
        out[name] = fam[present].sum(axis=1).round(2) if present else 0.0
    unknown = [f for f in families if f not in (*SALARY_FAMILIES, *BENEFIT_FAMILIES, *OTHER_FAMILIES)]
    if unknown:  # a family the split does not know is counted with salary rather than dropped
        out["salary"] = (out["salary"] + fam[unknown].sum(axis=1)).round(2)
    out["total"] = (out["salary"] + out["benefits"] + out["other"]).round(2)
    return out


def _pct(numerator: float, denominator: float) -> float:
    if denominator is None or not denominator or math.isnan(denominator) or math.isnan(numerator):
        return NAN
    return numerator / denominator * 100.0


def _compound(values: list[float]) -> float:
    if not values or any(math.isnan(v) for v in values):
        return NAN
    out = 1.0
    for v in values:
        out *= 1 + v / 100.0
    return (out - 1) * 100.0


def summary_frame(costing: Costing, name: str) -> pd.DataFrame:
    """One row per measure: section, measure, kind, convention, one column per fiscal year, and 'term'.

    Over the term: dollars are summed; year-on-year percents are compounded; percents of the status
    quo are of the status quo's total over the term; cost of 1%, headcount and FTE have no term figure.
    """
    years = list(costing.years)
    split = _split(families(costing))
    mine = split[split["scenario"] == name].set_index("fiscal_year").reindex(years)
    base = split[split["scenario"] == BASELINE].set_index("fiscal_year").reindex(years)
    # the first year's prior is the scenario's own year before (docs/method.md, "first-year comparisons")
    own = (costing.priors or {}).get(name, costing.prior if name == BASELINE else None)
    if own is not None and len(own):
        before = _split(family_table(own)).iloc[0]
        prior0 = {k: float(before[k]) for k in ("salary", "benefits", "total")}
    else:
        prior0 = {k: NAN for k in ("salary", "benefits", "total")}
    conv = settlement_table(costing)
    conv = conv[conv["scenario"].astype(str) == name].set_index("fiscal_year")
    fig = costing.figures[costing.figures["scenario"].astype(str) == name].set_index("fiscal_year").reindex(years)

    prior = {k: [prior0[k], *[float(mine.at[fy, k]) for fy in years[:-1]]] for k in ("salary", "benefits", "total")}
    rows: list[dict] = []

    def add(section: str, measure: str, kind: str, values: list[float], term: float, convention: str = "") -> None:
        rows.append({"section": section, "measure": measure, "kind": kind, "convention": convention,
                     **{fiscal_year(fy): v for fy, v in zip(years, values)}, TERM: term})

    cost = f"Cost under {scenario_label(costing, name)}"
    keys = [("salary", g.label("salary")), ("benefits", g.label("benefits"))]
    if (split["other"] != 0).any():
        keys.append(("other", g.label("other_costs")))
    for key, text in (*keys, ("total", "Total cost")):
        values = [float(mine.at[fy, key]) for fy in years]
        add(cost, text, "money", values, round(sum(values), 2))
    sq = [float(base.at[fy, "total"]) for fy in years]
    add(cost, f"{g.STATUS_QUO}: total cost", "money", sq, round(sum(sq), 2))

    section = g.label("new_money_prior")
    change = [round(float(mine.at[fy, "total"]) - p, 2) if not math.isnan(p) else NAN
              for fy, p in zip(years, prior["total"])]
    add(section, "Total cost, $", "money", change,
        round(sum(change), 2) if not any(math.isnan(v) for v in change) else NAN)
    all_in = [_pct(c, p) for c, p in zip(change, prior["total"])]
    add(section, g.pct_label("Increase", "all_in"), "percent", all_in, _compound(all_in), "all_in")
    salary_change = [float(mine.at[fy, "salary"]) - p for fy, p in zip(years, prior["salary"])]
    salary_pct = [_pct(c, p) for c, p in zip(salary_change, prior["salary"])]
    add(section, g.pct_label("Increase", "salary"), "percent", salary_pct, _compound(salary_pct), "salary")
    fixed = [float(conv.at[fy, "base_atb_pct"]) for fy in years]
    add(section, g.pct_label("Increase", "base_fixed"), "percent", fixed, _compound(fixed), "base_fixed")
    rate = [float(conv.at[fy, "atb_rate_pct"]) for fy in years]
    add(section, g.pct_label("Increase", "atb_rate"), "percent", rate, _compound(rate), "atb_rate")

    section = g.label("new_money_status_quo")
    for key, text in (("salary", "Salary, $"), ("benefits", "Benefits, $"),
                      *((("other", "Other costs, $"),) if (split["other"] != 0).any() else ()), ("total", "Total cost, $")):
        values = [round(float(mine.at[fy, key]) - float(base.at[fy, key]), 2) for fy in years]
        add(section, text, "money", values, round(sum(values), 2))
    diff = [round(float(mine.at[fy, "total"]) - float(base.at[fy, "total"]), 2) for fy in years]
    add(section, g.pct_label("Over the status quo", "all_in"), "percent",
        [_pct(d, b) for d, b in zip(diff, sq)], _pct(sum(diff), sum(sq)), "all_in")
    sal = [round(float(mine.at[fy, "salary"]) - float(base.at[fy, "salary"]), 2) for fy in years]
    sq_sal = [float(base.at[fy, "salary"]) for fy in years]
    add(section, g.pct_label("Over the status quo", "salary"), "percent",
        [_pct(d, b) for d, b in zip(sal, sq_sal)], _pct(sum(sal), sum(sq_sal)), "salary")

    section = "Yardsticks"
    add(section, f"{g.label('cost_of_1pct')} (base pay, with roll-up)", "money",
        [float(fig.at[fy, "cost_of_1pct"]) for fy in years], NAN)
    add(section, f"{g.label('headcount')} at year end", "count",
        [float(fig.at[fy, "headcount_year_end"]) for fy in years], NAN)
    add(section, f"{g.label('fte')} at year end", "fte", [float(fig.at[fy, "fte_year_end"]) for fy in years], NAN)
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
