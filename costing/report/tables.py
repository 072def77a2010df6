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
from ..engine.figures import FAMILIES, FAMILY_LABELS, family_table, headcount_by_step
from ..engine.schedule_listing import rate_table_frame
from ..inputs.models import Contract
from .format import fiscal_year, label
from .glossary import OTHER_FAMILIES, STATUS_QUO, is_benefit, pct_label
from .glossary import label as term
from .table import Table

BASELINE = "baseline"
NEW_SQ = "New money over the status quo"
PCT_SQ = pct_label("Over the status quo", "all_in")


LABEL_LENGTH = 40


def short_title(title: str, limit: int = LABEL_LENGTH) -> str:
    """A title short enough for a column header: up to its first bracket, then cut at a word."""
    text = title.split(" (")[0].strip() or title
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def scenario_label(costing: Costing, name: str) -> str:
    """Status quo for the baseline; a proposal's ``label:``, else its title shortened; a package's name in words."""
    if name == BASELINE:
        return STATUS_QUO
    proposal = costing.proposals.get(name)
    if proposal is not None:
        return proposal.label or short_title(proposal.title)
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def proposal_names(costing: Costing) -> list[str]:
    return [n for n in costing.contracts if n != BASELINE]


def _figures(costing: Costing, name: str) -> pd.DataFrame:
    rows = costing.figures[costing.figures["scenario"].astype(str) == name]
    return rows.sort_values("fiscal_year").set_index("fiscal_year")


def _pct(numerator: float, denominator: float) -> float:
    return float("nan") if not denominator else numerator / denominator * 100.0


def years_range(costing: Costing) -> str:
    return f"{fiscal_year(costing.years[0])}-{fiscal_year(costing.years[-1])}"


def cost_by_year(costing: Costing) -> Table:
    """Total cost in each fiscal year under every scenario, side by side."""
    frame = pd.DataFrame({"Fiscal year": costing.years})
    for name in costing.contracts:
        frame[scenario_label(costing, name)] = _figures(costing, name)["total"].reindex(costing.years).to_numpy()
    total = {c: frame[c].sum().round(2) for c in frame.columns[1:]}
    frame = pd.concat([frame, pd.DataFrame([{"Fiscal year": f"Total {years_range(costing)}", **total}])],
                      ignore_index=True)
    frame["Fiscal year"] = [fiscal_year(v) if isinstance(v, int | float) else v for v in frame["Fiscal year"]]
    return Table(frame, {c: "money" for c in frame.columns[1:]}, caption="Total cost by fiscal year", total_rows=1)


def proposal_summary(costing: Costing, name: str) -> Table:
    """A proposal against the status quo: difference in $ and %, cumulative, annualization."""
    base, prop = _figures(costing, BASELINE), _figures(costing, name)
    mine = scenario_label(costing, name)
    rows = []
    for fy in costing.years:
        b, p = float(base.at[fy, "total"]), float(prop.at[fy, "total"])
        rows.append({"Fiscal year": fiscal_year(fy), STATUS_QUO: b, mine: p, NEW_SQ: float(prop.at[fy, "diff_baseline"]),
                     PCT_SQ: float(prop.at[fy, "diff_baseline_pct"]),
                     term("cumulative_new_money"): float(prop.at[fy, "cumulative_diff_baseline"]),
                     term("annualization"): float(prop.at[fy, "annualization"])})
    frame = pd.DataFrame(rows)
    tb, tp = round(frame[STATUS_QUO].sum(), 2), round(frame[mine].sum(), 2)
    total = {"Fiscal year": f"Total {years_range(costing)}", STATUS_QUO: tb, mine: tp,
             NEW_SQ: round(frame[NEW_SQ].sum(), 2), PCT_SQ: _pct(tp - tb, tb),
             term("cumulative_new_money"): float("nan"), term("annualization"): float("nan")}
    frame.loc[len(frame)] = total
    formats = {c: "money" for c in frame.columns[1:]}
    formats[PCT_SQ] = "percent"
    return Table(frame, formats, caption=f"{mine} against the status quo (total cost)", total_rows=1,
                 missing="",
                 note=f"{term('annualization')}: the year-end annual base pay less the base pay costed in the year, "
                      "i.e. what mid-year changes add to the following year before any new change. Cumulative: the "
                      "running sum of the new money over the status quo.")


def change_over_prior_year(costing: Costing, name: str) -> Table:
    """The cost of each fiscal year over the one before it, under one scenario."""
    fig = _figures(costing, name)
    frame = pd.DataFrame({
        "Fiscal year": [fiscal_year(fy) for fy in costing.years],
        "Prior year": fig["prior_year_total"].reindex(costing.years).to_numpy(),
        "This year": fig["total"].reindex(costing.years).to_numpy(),
        term("new_money_prior"): fig["change_prior"].reindex(costing.years).to_numpy(),
        pct_label("Increase", "all_in"): fig["change_prior_pct"].reindex(costing.years).to_numpy(),
        f"Of which {term('step_in_year').lower()}": fig["step_movement_in_year"].reindex(costing.years).to_numpy(),
    })
    formats = {c: "money" for c in frame.columns[1:]}
    formats[pct_label("Increase", "all_in")] = "percent"
    missing = frame["Prior year"].isna().any()
    return Table(frame, formats, caption=f"{scenario_label(costing, name)}: cost over the prior year (total cost)",
                 note="The prior year of the first fiscal year is the same scenario's year before the window (a "
                      "proposal that also changes that year is compared with itself)"
                      + (" (n/a: the contract has no rates for that year, so it cannot be costed)" if missing else "")
                      + ". Step movement in the year: the part of the year's base-pay increase that rate changes "
                      "alone do not explain (in-year, not cumulative).")


def families(costing: Costing) -> pd.DataFrame:
    """Totals by component family per scenario and year, computed once per costing.

    Summed per component first (the component column is categorical, so that is one fast group-by),
    then per family over a few dozen rows: the same cents as the engine's ``family_table`` on the
    long results, without splitting every row's component name, for every table that asks.
    """
    cached = costing.__dict__.get("_report_families")
    if cached is None:
        per = (costing.results.groupby(["scenario", "fiscal_year", "component"], observed=True)["amount"].sum()
               .reset_index())
        cached = family_table(per)
        costing.__dict__["_report_families"] = cached
    return cached.copy()


def family_by_year(costing: Costing, name: str) -> Table:
    """One scenario's cost by component family (rows) and fiscal year (columns)."""
    fam = families(costing)
    fam = fam[fam["scenario"].astype(str) == name].set_index("fiscal_year")
    return _family_frame(costing, fam, f"{scenario_label(costing, name)}: cost by component")


def family_difference(costing: Costing, name: str) -> Table:
    """What a proposal adds to the status quo, by component family and year, with each share."""
    fam = families(costing)
    prop = fam[fam["scenario"].astype(str) == name].set_index("fiscal_year")[FAMILIES]
    base = fam[fam["scenario"].astype(str) == BASELINE].set_index("fiscal_year")[FAMILIES]
    diff = (prop - base.reindex(prop.index)).round(2)
    table = _family_frame(costing, diff, f"{scenario_label(costing, name)}: difference from the status quo by component")
    total = table.frame.iloc[-1, 1:]
    share = pct_label("Share of the difference", "share")
    table.frame[share] = [_pct(float(v), float(total["Total"])) for v in table.frame["Total"]]
    table.formats[share] = "percent"
    return table


def _family_frame(costing: Costing, fam: pd.DataFrame, caption: str) -> Table:
    """Families as rows, then salary, benefits, other costs (when there are any) and the total in their own rows."""
    present = [f for f in FAMILIES if (fam[f].abs() > 0).any()] or ["base"]
    year_cols = [fiscal_year(fy) for fy in costing.years]
    rows = []
    for family in present:
        name = FAMILY_LABELS[family]
        part = "benefits" if is_benefit(family) else "other" if family in OTHER_FAMILIES else "salary"
        row = {"Component": f"Benefits: {name[:1].lower()}{name[1:]}" if part == "benefits" else name}
        for fy in costing.years:
            row[fiscal_year(fy)] = float(fam.at[fy, family]) if fy in fam.index else 0.0
        row["_part"] = part
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["Total"] = frame[year_cols].sum(axis=1).round(2)
    parts = [("salary", term("salary")), ("benefits", term("benefits"))]
    if (frame["_part"] == "other").any():
        parts.append(("other", term("other_costs")))
    sums = [{"Component": text, **{c: round(frame.loc[frame["_part"] == key, c].sum(), 2) + 0.0
                                   for c in [*year_cols, "Total"]}} for key, text in parts]
    sums.append({"Component": "Total cost", **{c: round(frame[c].sum(), 2) + 0.0 for c in [*year_cols, "Total"]}})
    frame = pd.concat([frame.drop(columns="_part"), pd.DataFrame(sums)], ignore_index=True)
    # five or more years of money, a total and a share do not fit a letter page at the body size
    return Table(frame, {c: "money" for c in [*year_cols, "Total"]}, caption=caption, total_rows=len(sums),
                 css_class="wide" if len(year_cols) >= 5 else "")


def components_detail(costing: Costing, name: str) -> Table:
    """Every component line (each stipend, cost line, roll-up) of one scenario, by year."""
    comp = costing.components[costing.components["scenario"].astype(str) == name].set_index("fiscal_year")
    columns = [c for c in comp.columns if c not in ("scenario", "total") and (comp[c].abs() > 0).any()]
    rows = [{"Component": label(c), **{fiscal_year(fy): float(comp.at[fy, c]) for fy in costing.years}} for c in columns]
    rows.append({"Component": "Total", **{fiscal_year(fy): float(comp.at[fy, "total"]) for fy in costing.years}})
    frame = pd.DataFrame(rows)
    return Table(frame, {fiscal_year(fy): "money" for fy in costing.years},
                 caption=f"{scenario_label(costing, name)}: every component", total_rows=1)


def drivers(costing: Costing, name: str) -> Table:
    """Base pay split into step movement and schedule changes (raises), per year."""
    fig = _figures(costing, name)
    rows = [
        (f"{term('step_in_year')} (in-year)", "step_movement_in_year"),
        (f"{term('step_cumulative')} (cumulative)", "step_movement"),
        (f"{term('rate_changes')} (in-year)", "schedule_changes"),
        (f"{term('cost_of_1pct')} (base pay, with roll-up)", "cost_of_1pct"),
        ("Year-end annual base pay", "year_end_annual_base"),
        (pct_label("Lift", "lift"), "lift_pct"),
        (f"{term('fte')} at year end", "fte_year_end"),
        (f"{term('headcount')} at year end", "headcount_year_end"),
        ("Cost per FTE (salary and benefits)", "cost_per_fte"),
    ]
    frame = pd.DataFrame([{"Figure": text, **{fiscal_year(fy): float(fig.at[fy, key]) for fy in costing.years}}
                          for text, key in rows])
    kinds = {i: {"lift_pct": "percent", "fte_year_end": "fte", "headcount_year_end": "count"}.get(key, "money")
             for i, (_, key) in enumerate(rows)}
    return Table(frame, {fiscal_year(fy): "money" for fy in costing.years}, row_formats=kinds,
                 caption=f"{scenario_label(costing, name)}: what drives base pay",
                 note="n/a: the year before the first has no rates to compare with." if frame.isna().any().any() else "")


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
        caption = f"Schedule {schedule} ({units.get(schedule, '')} rates)"
        refs = "; ".join(dict.fromkeys(r for r in group["reference"] if r))
        note = f"Sources: {refs}" if refs else ""
        if group["effective_date"].nunique() == 1:   # one table: steps down, lanes across
            when = group["effective_date"].iloc[0]
            wide = group.pivot_table(index="step", columns="lane", values="rate", aggfunc="first", sort=False)
            wide = wide.reset_index().rename(columns={"step": "Step"})
            wide.columns = ["Step", *[f"Lane {c}" for c in wide.columns[1:]]]
            for c in wide.columns[1:]:
                wide[c] = wide[c].astype(float)
            out.append(Table(wide, {c: "rate" for c in wide.columns[1:]}, caption=f"{caption}, in force from {when:%m/%d/%Y}",
                             note=note))
            continue
        wide = group.pivot_table(index=["lane", "step"], columns="effective_date", values="rate", aggfunc="first",
                                 sort=False)
        wide.columns = [f"From {c:%m/%d/%Y}" if isinstance(c, dt.date) else str(c) for c in wide.columns]
        wide = wide.reset_index().rename(columns={"lane": "Lane", "step": "Step"})
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
                row[f"Lane {lane}"] = "" if not h else (f"{h}" if abs(f - h) < 0.005 else f"{h} ({f:,.2f})")
            rows.append(row)
        totals = {"Step": "Total"}
        for lane in lanes:
            h = sum(cells.get((s, lane), (0, 0.0))[0] for s in steps)
            f = sum(cells.get((s, lane), (0, 0.0))[1] for s in steps)
            totals[f"Lane {lane}"] = f"{h}" if abs(f - h) < 0.005 else f"{h} ({f:,.2f})"
        rows.append(totals)
        frame = pd.DataFrame(rows)
        h_all, f_all = int(group["headcount"].sum()), float(group["fte"].sum())
        out.append(Table(frame, caption=f"Schedule {schedule}: headcount by step and lane, {when} "
                                        f"({h_all} people, {f_all:,.2f} FTE)",
                         note="Each cell: people (FTE in brackets where some work part time)." if part_time else "",
                         total_rows=1, css_class="counts"))
    return out


def tables_differ(a: Contract, b: Contract) -> bool:
    return not rate_table_frame(a).drop(columns="reference").equals(rate_table_frame(b).drop(columns="reference"))


def summary_sheet(costing: Costing) -> pd.DataFrame:
    """The workbook's summary: one row per scenario and year, totals and every figure (raw numbers)."""
    keep = ["scenario", "fiscal_year", "total", *FAMILIES, "prior_year_total", "change_prior", "change_prior_pct",
            "diff_baseline", "diff_baseline_pct", "cumulative_diff_baseline", "annualization", "step_movement",
            "schedule_changes", "cost_of_1pct", "year_end_annual_base", "lift_pct", "compounded_lift_pct",
            "headcount_year_end", "fte_year_end", "avg_base_per_fte", "cost_per_fte"]
    frame = costing.figures[keep].copy()
    frame["scenario"] = frame["scenario"].astype(str)
    order = {n: i for i, n in enumerate(costing.contracts)}
    return frame.sort_values(["scenario", "fiscal_year"], key=lambda s: s.map(order) if s.name == "scenario" else s
                             ).reset_index(drop=True)


def year_sheet(costing: Costing, fy: int) -> pd.DataFrame:
    """One fiscal year: every component (rows) under every scenario, and each proposal's difference."""
    comp = costing.components[costing.components["fiscal_year"] == fy].copy()
    comp["scenario"] = comp["scenario"].astype(str)
    wide = comp.drop(columns="fiscal_year").set_index("scenario").T
    wide = wide[[n for n in costing.contracts if n in wide.columns]]
    for name in proposal_names(costing):
        wide[f"{name} - baseline"] = (wide[name] - wide[BASELINE]).round(2)
    wide.index.name = "component"
    return wide.reset_index()

