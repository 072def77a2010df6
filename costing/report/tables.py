"""The report's tables, built from a :class:`~costing.costing_run.Costing` and nothing else.

Each function answers one question a reader asks (what does each year cost, what does the
agreement add, which components drive it, what are the rates) and returns a :class:`Table`, so
the notebook only chooses which ones to show and the workbook writes the same numbers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..engine import dates as d
from ..engine.costing_run import Costing
from ..engine.figures import components_wide, headcount_by_step
from ..engine.labels import scenario_label as engine_label
from ..engine.labels import short_title  # noqa: F401 - member_data imports it from here
from ..engine.measures import TERM, YEAR, select, term_years_of
from ..engine.schedule_listing import rate_table_frame
from ..inputs.labels import component_label, lane_label, schedule_label
from ..inputs.models import Contract
from ..inputs.vocabulary import FAMILIES, FAMILY_LABELS, FAMILY_PARTS
from .format import count, date, fiscal_year, fte
from .glossary import STATUS_QUO, pct_label, population_label
from .glossary import TERM as TERM_MEANINGS
from .glossary import label as term
from .table import Table

BASELINE = "baseline"
NEW_SQ = "New money over the status quo"
PCT_SQ = pct_label("Over the status quo", "all_in")


def scenario_label(costing: Costing, name: str) -> str:
    """Status quo for the baseline; a proposal's ``label:``, else its title shortened; a package's name in
    words (the engine's one rule: :func:`costing.engine.labels.scenario_label`)."""
    return engine_label(name, costing.proposals)


def proposal_names(costing: Costing) -> list[str]:
    return [n for n in costing.contracts if n != BASELINE]


def _figures(costing: Costing, name: str) -> pd.DataFrame:
    """One scenario's wide figures, one row per fiscal year (the row over the term left out)."""
    rows = costing.figures[(costing.figures["scenario"].astype(str) == name) & (costing.figures["period"] == YEAR)]
    return rows.assign(fiscal_year=rows["fiscal_year"].astype("int64")).sort_values("fiscal_year").set_index("fiscal_year")


def term_years(costing: Costing) -> list[int]:
    """The fiscal years costed inside the contract term (all of them when the scenario states no term)."""
    return term_years_of(costing.measures, BASELINE) or list(costing.years)


def years_range(costing: Costing) -> str:
    """'FY2024-FY2027': the term's fiscal years costed (what "over the term" adds up)."""
    years = term_years(costing)
    return f"{fiscal_year(years[0])}-{fiscal_year(years[-1])}" if len(years) > 1 else fiscal_year(years[0])


def year_heading(costing: Costing, fy: int) -> str:
    """A fiscal year's column heading; a year costed outside the term says so: 'FY2028 (beyond the term)'."""
    if fy in term_years(costing):
        return fiscal_year(fy)
    return f"{fiscal_year(fy)} ({'beyond' if fy > max(term_years(costing)) else 'before'} the term)"


def term_heading(costing: Costing) -> str:
    return f"Over the term {years_range(costing)}"


def cost_by_year(costing: Costing) -> Table:
    """Total cost in each fiscal year under every scenario, side by side, then over the term."""
    rows = [year_heading(costing, fy) for fy in costing.years] + [term_heading(costing)]
    frame = pd.DataFrame({"Fiscal year": rows})
    for name in costing.contracts:
        cost = select(costing.measures, "cost", "all_in", name)
        frame[scenario_label(costing, name)] = [float(cost[fy]) for fy in [*costing.years, TERM]]
    return Table(frame, {c: "money" for c in frame.columns[1:]}, caption="Total cost by fiscal year", total_rows=1)


def proposal_summary(costing: Costing, name: str) -> Table:
    """A proposal against the status quo: difference in $ and %, cumulative, annualization."""
    base, prop = _figures(costing, BASELINE), _figures(costing, name)
    mine = scenario_label(costing, name)
    rows = []
    for fy in costing.years:
        b, p = float(base.at[fy, "total"]), float(prop.at[fy, "total"])
        rows.append({"Fiscal year": year_heading(costing, fy), STATUS_QUO: b, mine: p,
                     NEW_SQ: float(prop.at[fy, "diff_baseline"]), PCT_SQ: float(prop.at[fy, "diff_baseline_pct"]),
                     term("cumulative_new_money"): float(prop.at[fy, "cumulative_diff_baseline"]),
                     ANNUALIZATION: float(prop.at[fy, "annualization"])})
    frame = pd.DataFrame(rows)
    over = {key: select(costing.measures, measure, "all_in", scenario)[TERM] for key, measure, scenario in (
        (STATUS_QUO, "cost", BASELINE), (mine, "cost", name), (NEW_SQ, "diff_baseline", name),
        (PCT_SQ, "diff_baseline_pct", name))}
    frame.loc[len(frame)] = {"Fiscal year": term_heading(costing), **over,
                             term("cumulative_new_money"): float("nan"), ANNUALIZATION: float("nan")}
    formats = {c: "money" for c in frame.columns[1:]}
    formats[PCT_SQ] = "percent"
    return Table(frame, formats, caption=f"{mine} against the status quo (total cost)", total_rows=1,
                 missing="",
                 note=f"{ANNUALIZATION}: for people employed all year, the year-end annual base pay less the base pay "
                      "earned in the year (costed, plus retro paid in the year), i.e. what mid-year changes add to the "
                      "following year before any new change; a raise already paid as retro is not counted again. "
                      "Cumulative: the running sum of the new money over the status quo.")


ANNUALIZATION = f"{term('annualization')} (employed all year)"
LINE_ROWS = ("leavers", "hires", "new_positions", "fte_changes", "unit_lines")


def change_over_prior_year(costing: Costing, name: str) -> Table:
    """The cost of each fiscal year over the one before it, under one scenario: the budget line's change
    and what makes it (the same group's change, leavers, hires, new positions...), then the rates."""
    fig = _figures(costing, name)
    years = costing.years

    def line(population: str) -> list[float]:
        return select(costing.measures, "change_prior", "all_in", name, term=False, population=population
                      ).reindex(years).tolist()

    columns = {"Fiscal year": [year_heading(costing, fy) for fy in years],
               "Prior year": fig["prior_year_total"].reindex(years).to_numpy(),
               "This year": fig["total"].reindex(years).to_numpy(),
               f"{term('new_money_prior')} (budget line)": fig["change_prior"].reindex(years).to_numpy(),
               f"Of which {population_label('same_group').lower()}": line("same_group")}
    shown = [p for p in LINE_ROWS if any(abs(v) >= 0.005 for v in line(p) if v == v)]
    for population in shown:
        columns[f"Of which {population_label(population).lower()}"] = line(population)
    budget_pct = pct_label("Increase", "all_in", "budget_line")
    same_pct = pct_label("Increase", "all_in", "same_group")
    columns[budget_pct] = fig["change_prior_pct"].reindex(years).to_numpy()
    columns[same_pct] = fig["same_group_pct"].reindex(years).to_numpy()
    columns[f"{term('step_in_year')} (in-year)"] = fig["step_movement_in_year"].reindex(years).to_numpy()
    frame = pd.DataFrame(columns)
    formats = {c: "money" for c in frame.columns[1:]}
    formats[budget_pct] = formats[same_pct] = "percent"
    missing = frame["Prior year"].isna().any()
    lines = ", ".join(population_label(p).lower() for p in shown)
    return Table(frame, formats, caption=f"{scenario_label(costing, name)}: cost over the prior year (total cost)",
                 css_class="wide wrap",
                 note="The prior year of the first fiscal year is the same scenario's year before the window (a "
                      "proposal that also changes that year is compared with itself)"
                      + (" (n/a: the contract has no rates for that year, so it cannot be costed)" if missing else "")
                      + ". The budget line's change is the same group's (people employed through both years, at equal "
                      "FTE)" + (f" plus what {lines} add" if lines else "; nobody left, was hired or was added") +
                      f". {term('step_in_year')}: {TERM_MEANINGS['step_in_year'].meaning}")


def families(costing: Costing) -> pd.DataFrame:
    """Cost by component family per scenario (rows) and fiscal year, selected from the figures frame."""
    out = pd.DataFrame({f: select(costing.measures, "cost", f, term=False) for f in FAMILIES})
    return out.rename_axis(["scenario", "fiscal_year"]).reset_index()


def family_by_year(costing: Costing, name: str) -> Table:
    """One scenario's cost by component family (rows) and fiscal year (columns)."""
    return _family_frame(costing, name, "cost", f"{scenario_label(costing, name)}: cost by component")[0]


def family_difference(costing: Costing, name: str) -> Table:
    """What a proposal adds to the status quo, by component family and year, with each share."""
    table, conventions = _family_frame(costing, name, "diff_baseline",
                                       f"{scenario_label(costing, name)}: difference from the status quo by component")
    share = pct_label("Share of the difference", "share")
    table.frame[share] = [select(costing.measures, "diff_baseline_share", c, name)[TERM] for c in conventions]
    table.formats[share] = "percent"
    return table


PART_ROWS = (("salary", "salary"), ("benefits", "benefits"), ("other", "other_costs"))   # part -> frame convention


def _family_frame(costing: Costing, name: str, measure: str, caption: str) -> tuple[Table, list[str]]:
    """Families as rows, then salary, benefits, other costs (when there are any) and the total in their own
    rows: one scenario's ``measure`` from the figures frame, each year and over the term. Also each
    row's convention in the frame."""
    year_cols = [year_heading(costing, fy) for fy in costing.years]
    total = term_heading(costing)

    def row(text: str, convention: str) -> dict:
        values = select(costing.measures, measure, convention, name)
        return {"Component": text, **{year_heading(costing, fy): float(values[fy]) + 0.0 for fy in costing.years},
                total: float(values[TERM]) + 0.0, "_convention": convention}

    present = [f for f in FAMILIES if (select(costing.measures, measure, f, name, term=False).abs() > 0).any()]
    rows = []
    # other costs have one family (the cost lines): their part's row below says it once, under one name
    for family in [f for f in present if FAMILY_PARTS[f] != "other"] or ["base"]:
        text = FAMILY_LABELS[family]
        rows.append(row(f"Benefits: {text[:1].lower()}{text[1:]}" if FAMILY_PARTS[family] == "benefits" else text,
                        family))
    parts = [(p, c) for p, c in PART_ROWS if p != "other" or any(FAMILY_PARTS[f] == "other" for f in present)]
    sums = [row(term(convention), convention) for _, convention in parts] + [row("Total cost", "all_in")]
    frame = pd.DataFrame(rows + sums)
    # five or more years of money, a total and a share do not fit a letter page at the body size
    table = Table(frame.drop(columns="_convention"), {c: "money" for c in [*year_cols, total]}, caption=caption,
                  total_rows=len(sums), css_class="wide" if len(year_cols) >= 5 else "")
    return table, list(frame["_convention"])


def components_detail(costing: Costing, name: str) -> Table:
    """Every component line (each stipend, cost line, roll-up) of one scenario, by year."""
    wide = components_wide(costing.components)
    comp = wide[wide["scenario"] == name].set_index("fiscal_year")
    columns = [c for c in comp.columns if c not in ("scenario", "total") and (comp[c].abs() > 0).any()]
    heads = {fy: year_heading(costing, fy) for fy in costing.years}
    contracts = (costing.contracts[name], costing.contracts[BASELINE])
    rows = [{"Component": component_label(contracts, c), **{heads[fy]: float(comp.at[fy, c]) for fy in costing.years}}
            for c in columns]
    rows.append({"Component": "Total", **{heads[fy]: float(comp.at[fy, "total"]) for fy in costing.years}})
    frame = pd.DataFrame(rows)
    return Table(frame, {h: "money" for h in heads.values()},
                 caption=f"{scenario_label(costing, name)}: every component", total_rows=1)


def drivers(costing: Costing, name: str) -> Table:
    """Base pay split into step movement and schedule changes (raises), per year; the yardsticks."""
    fig = _figures(costing, name)
    rows = DRIVER_ROWS
    heads = [year_heading(costing, fy) for fy in costing.years]
    frame = pd.DataFrame([{"Figure": text, **{h: float(fig.at[fy, key]) for h, fy in zip(heads, costing.years)}}
                          for text, key in rows])
    kinds = {i: {"lift_pct": "percent", "fte_year_end": "fte", "headcount_year_end": "count"}.get(key, "money")
             for i, (_, key) in enumerate(rows)}
    return Table(frame, {h: "money" for h in heads}, row_formats=kinds,
                 caption=f"{scenario_label(costing, name)}: what drives base pay",
                 note="n/a: the year before the first has no rates to compare with." if frame.isna().any().any() else "")


DRIVER_ROWS = (
    (f"{term('step_in_year')} (in-year)", "step_movement_in_year"),
    (f"{term('step_cumulative')} (cumulative)", "step_movement"),
    (f"{term('rate_changes')} (in-year)", "schedule_changes"),
    (f"{term('cost_of_1pct')} (base pay, with roll-up)", "cost_of_1pct"),
    ("Year-end annual base pay", "year_end_annual_base"),
    (pct_label("Lift", "lift", "same_group"), "lift_pct"),
    (f"{term('fte')} at year end", "fte_year_end"),
    (f"{term('headcount')} at year end", "headcount_year_end"),
    ("All-in cost per FTE (salary, benefits and other costs ÷ FTE at year end)", "all_in_per_fte"),
    ("Salary per FTE (pay to people ÷ FTE at year end)", "salary_per_fte"),
)
"""The drivers table's rows: (label, figures column). Each cost per FTE is named for what it divides."""


def tables_in_force(contract: Contract, years: list[int]) -> pd.DataFrame:
    """Rate table rows in force at some point of the costed years (long: one row per cell)."""
    frame = rate_table_frame(contract)
    lo, _ = d.fiscal_year_bounds(years[0], contract.fiscal_year_start)
    _, hi = d.fiscal_year_bounds(years[-1], contract.fiscal_year_start)
    keep = []
    for _, group in frame.groupby("schedule", sort=False):
        dates = sorted(set(group["effective_date"]))
        start = max([x for x in dates if x <= lo], default=dates[0])
        keep.append(group[(group["effective_date"] >= start) & (group["effective_date"] < hi)])
    return pd.concat(keep, ignore_index=True) if keep else frame


def rate_tables(contract: Contract, years: list[int]) -> list[Table]:
    """One table per schedule: lane and step down, each table in force across."""
    long = tables_in_force(contract, years)
    units = {s.name: s.rate_unit for s in contract.schedules}
    out = []
    for schedule, group in long.groupby("schedule", sort=False):
        caption = f"{schedule_label(contract, schedule)}: {units.get(schedule, '')} rates"
        refs = "; ".join(dict.fromkeys(r for r in group["reference"] if r))
        note = f"Sources: {refs}" if refs else ""
        if group["effective_date"].nunique() == 1:   # one table: steps down, lanes across
            when = group["effective_date"].iloc[0]
            wide = group.pivot_table(index="step", columns="lane", values="rate", aggfunc="first", sort=False)
            wide = wide.reset_index().rename(columns={"step": "Step"})
            wide.columns = ["Step", *[lane_label(contract, schedule, c) for c in wide.columns[1:]]]
            for c in wide.columns[1:]:
                wide[c] = wide[c].astype(float)
            out.append(Table(wide, {c: "rate" for c in wide.columns[1:]}, caption=f"{caption}, in force from {date(when)}",
                             note=note))
            continue
        wide = group.pivot_table(index=["lane", "step"], columns="effective_date", values="rate", aggfunc="first",
                                 sort=False)
        wide.columns = [f"From {date(c)}" if isinstance(c, dt.date) else str(c) for c in wide.columns]
        wide = wide.reset_index().rename(columns={"lane": "Lane", "step": "Step"})
        wide["Lane"] = [lane_label(contract, schedule, x).removeprefix("Lane ") for x in wide["Lane"]]
        for c in wide.columns[2:]:
            wide[c] = wide[c].astype(float)
        out.append(Table(wide, {c: "rate" for c in wide.columns[2:]}, caption=caption, note=note))
    return out


def _step_key(step) -> tuple:
    try:
        return (0, float(step), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(step))


def headcount_tables(placement: pd.DataFrame, when: str, contract: Contract | None = None) -> list[Table]:
    """Headcount (and FTE where different) by step (rows) and lane (columns), one table per schedule.

    A table, not a bubble chart: a cell's count is read, not guessed from a bubble's size, and labels
    never print over each other.
    """
    counts = headcount_by_step(placement)
    known = {s.name: s for s in contract.schedules} if contract is not None else {}
    out = []
    for schedule, group in counts.groupby("schedule", sort=False, observed=True):
        group = group.assign(step=group["step"].astype(str), lane=group["lane"].astype(str))
        if schedule in known:
            steps = [str(s) for s in known[schedule].steps if str(s) in set(group["step"])]
            lanes = [str(x) for x in known[schedule].lanes if str(x) in set(group["lane"])]
        else:
            steps = sorted(dict.fromkeys(group["step"]), key=_step_key)
            lanes = list(dict.fromkeys(group["lane"]))
        cells = {(r.step, r.lane): (int(r.headcount), float(r.fte)) for r in group.itertuples()}
        part_time = any(abs(f - h) >= 0.005 for h, f in cells.values())
        rows = []
        for step in steps:
            row = {"Step": step}
            for lane in lanes:
                h, f = cells.get((step, lane), (0, 0.0))
                row[lane_label(contract, schedule, lane)] = "" if not h else _people(h, f)
            rows.append(row)
        totals = {"Step": "Total"}
        for lane in lanes:
            h = sum(cells.get((s, lane), (0, 0.0))[0] for s in steps)
            f = sum(cells.get((s, lane), (0, 0.0))[1] for s in steps)
            totals[lane_label(contract, schedule, lane)] = _people(h, f)
        rows.append(totals)
        frame = pd.DataFrame(rows)
        h_all, f_all = int(group["headcount"].sum()), float(group["fte"].sum())
        out.append(Table(frame, caption=f"{schedule_label(contract, schedule)}: headcount by step and lane, {when} "
                                        f"({count(h_all)} people, {fte(f_all)} FTE)",
                         note="Each cell: people (FTE in brackets where some work part time)." if part_time else "",
                         total_rows=1, css_class="counts"))
    return out


def _people(headcount: int, fte_sum: float) -> str:
    """A headcount cell: 1,132, or 1,132 (1,104.00) where some work part time (FTE in brackets)."""
    return count(headcount) if abs(fte_sum - headcount) < 0.005 else f"{count(headcount)} ({fte(fte_sum)})"


def tables_differ(a: Contract, b: Contract) -> bool:
    return not rate_table_frame(a).drop(columns="reference").equals(rate_table_frame(b).drop(columns="reference"))


