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
from ..engine.figures import FAMILIES, FAMILY_LABELS, family_table
from ..engine.schedule_listing import rate_table_frame
from ..inputs.models import Contract
from .format import fiscal_year, label
from .table import Table

BASELINE = "baseline"


def scenario_label(costing: Costing, name: str) -> str:
    """Status quo for the baseline; a proposal's title when short, else its file name in words."""
    if name == BASELINE:
        return "Status quo"
    proposal = costing.proposals.get(name)
    if proposal is not None and len(proposal.title) <= 32:
        return proposal.title
    return name.replace("_", " ")


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
    rows = []
    for fy in costing.years:
        b, p = float(base.at[fy, "total"]), float(prop.at[fy, "total"])
        rows.append({"Fiscal year": fiscal_year(fy), "Status quo": b, "Proposal": p,
                     "Difference": float(prop.at[fy, "diff_baseline"]), "Difference %": float(prop.at[fy, "diff_baseline_pct"]),
                     "Cumulative difference": float(prop.at[fy, "cumulative_diff_baseline"]),
                     "Annualization into next year": float(prop.at[fy, "annualization"])})
    frame = pd.DataFrame(rows)
    tb, tp = round(frame["Status quo"].sum(), 2), round(frame["Proposal"].sum(), 2)
    total = {"Fiscal year": f"Total {years_range(costing)}", "Status quo": tb, "Proposal": tp,
             "Difference": round(frame["Difference"].sum(), 2), "Difference %": _pct(tp - tb, tb),
             "Cumulative difference": float("nan"), "Annualization into next year": float("nan")}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    formats = {c: "money" for c in frame.columns[1:]}
    formats["Difference %"] = "percent"
    return Table(frame, formats, caption=f"{scenario_label(costing, name)} against the status quo", total_rows=1,
                 note="Annualization: the year-end annual base pay less the base pay costed in the year, i.e. what "
                      "mid-year changes add to the following year before any new change.")


def change_over_prior_year(costing: Costing, name: str) -> Table:
    """The cost of each fiscal year over the one before it, under one scenario."""
    fig = _figures(costing, name)
    frame = pd.DataFrame({
        "Fiscal year": [fiscal_year(fy) for fy in costing.years],
        "Prior year": fig["prior_year_total"].reindex(costing.years).to_numpy(),
        "This year": fig["total"].reindex(costing.years).to_numpy(),
        "Increase": fig["change_prior"].reindex(costing.years).to_numpy(),
        "Increase %": fig["change_prior_pct"].reindex(costing.years).to_numpy(),
        "Of which step movement": fig["step_movement_in_year"].reindex(costing.years).to_numpy(),
    })
    formats = {c: "money" for c in frame.columns[1:]}
    formats["Increase %"] = "percent"
    return Table(frame, formats, caption=f"{scenario_label(costing, name)}: cost over the prior year",
                 note="The prior year of the first fiscal year is the year before it costed under the status quo. "
                      "Step movement: the part of the year's base-pay increase that rate changes alone do not explain "
                      "(the base-pay increase less the increase with everyone held on their roster-date steps).")


def families(costing: Costing) -> pd.DataFrame:
    return family_table(costing.results)


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
    table.frame["Share of total difference"] = [_pct(float(v), float(total["Total"])) for v in table.frame["Total"]]
    table.formats["Share of total difference"] = "percent"
    return table


def _family_frame(costing: Costing, fam: pd.DataFrame, caption: str) -> Table:
    present = [f for f in FAMILIES if (fam[f].abs() > 0).any()] or ["base"]
    rows = []
    for family in present:
        row = {"Component": FAMILY_LABELS[family]}
        for fy in costing.years:
            row[fiscal_year(fy)] = float(fam.at[fy, family]) if fy in fam.index else 0.0
        rows.append(row)
    frame = pd.DataFrame(rows)
    year_cols = [fiscal_year(fy) for fy in costing.years]
    frame["Total"] = frame[year_cols].sum(axis=1).round(2)
    totals = {"Component": "Total", **{c: round(frame[c].sum(), 2) for c in [*year_cols, "Total"]}}
    frame = pd.concat([frame, pd.DataFrame([totals])], ignore_index=True)
    return Table(frame, {c: "money" for c in [*year_cols, "Total"]}, caption=caption, total_rows=1)


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
        ("Step movement in the year", "step_movement_in_year"),
        ("Step movement since the roster date (cumulative)", "step_movement"),
        ("Schedule changes against the status quo (raises, rebuilt steps)", "schedule_changes"),
        ("Cost of a 1% raise on base pay, with roll-up", "cost_of_1pct"),
        ("Year-end annual base pay", "year_end_annual_base"),
        ("Lift: change in year-end annual base", "lift_pct"),
        ("FTE at year end", "fte_year_end"),
        ("Headcount at year end", "headcount_year_end"),
        ("Cost per FTE", "cost_per_fte"),
    ]
    frame = pd.DataFrame([{"Figure": text, **{fiscal_year(fy): float(fig.at[fy, key]) for fy in costing.years}}
                          for text, key in rows])
    table = Table(frame, {fiscal_year(fy): "money" for fy in costing.years},
                  caption=f"{scenario_label(costing, name)}: what drives base pay")
    # the mixed rows keep money columns; percent/FTE/count rows are pre-formatted as text
    shown = table.formatted()
    for i, (_, key) in enumerate(rows):
        for fy in costing.years:
            v = frame.at[i, fiscal_year(fy)]
            if key == "lift_pct":
                shown.at[i, fiscal_year(fy)] = f"{v:.2f}%"
            elif key == "fte_year_end":
                shown.at[i, fiscal_year(fy)] = f"{v:,.2f}"
            elif key == "headcount_year_end":
                shown.at[i, fiscal_year(fy)] = f"{v:,.0f}"
    return Table(shown, {}, caption=table.caption)


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


def short_label(costing: Costing, name: str, longest: int = 32) -> str:
    """A scenario's name as a negotiator says it, short enough for a column heading: Status quo, the
    proposal's title, else its title without the parenthesis ("Chelsea para MOA"), else its file name in words."""
    title = costing.proposals.get(name).title if name in costing.proposals else ""
    shorter = title.split(" (")[0].strip()
    if name != BASELINE and len(title) > longest and 0 < len(shorter) <= longest:
        return shorter
    return scenario_label(costing, name)


def what_if_table(what_if, proposal=None, caption: str = "", recosted=None) -> Table:
    """The what-if's figures (:meth:`costing.negotiate.what_if.WhatIf.recost`) as a labelled money table.

    The what-if computes; this only names the columns as a negotiator reads them. Pass ``recosted``
    when the figures are already computed (the page costs each edit once). The "Change from as
    filed" column appears once the proposal has been moved.
    """
    frame = (recosted or what_if.recost(proposal)).frame
    mine, theirs = short_label(what_if.costing, what_if.name), short_label(what_if.costing, what_if.other)
    columns = {"Fiscal year": [fiscal_year(v) if v != "total" else "Total" for v in frame["fiscal_year"]],
               "Status quo": frame["status_quo"], mine: frame["proposal"], "New money over the status quo": frame["new_money"]}
    if frame["change"].abs().max() >= 0.005:
        columns["Change from as filed"] = frame["change"]
    if what_if.other != BASELINE:   # against the status quo, the gap is the new money: shown once
        columns.update({theirs: frame["other"], f"Gap to {theirs}": frame["gap"]})
    out = pd.DataFrame(columns)
    return Table(out, {c: "money" for c in out.columns[1:]}, total_rows=1,
                 caption=caption or f"{mine}: cost, new money over the status quo and the gap to {theirs}")


def what_if_settlement_table(what_if, recosted, places: int = 2) -> Table:
    """The settlement percent of the (edited) proposal under each named convention, year by year and over
    the contract, with the other side's over the contract beside it (conventions: costing.negotiate.compare)."""
    from ..negotiate.compare import CONVENTIONS
    from .format import percent

    table = recosted.settlement
    mine, theirs = short_label(what_if.costing, what_if.name), short_label(what_if.costing, what_if.other)
    rows = []
    for key, text in CONVENTIONS.items():
        row = {"Convention": text}
        for r in table[table["scenario"] == what_if.name].itertuples():
            name = "Over the contract" if r.fiscal_year == "contract" else fiscal_year(r.fiscal_year)
            row[name] = percent(getattr(r, key), places)
        other = table[(table["scenario"] == what_if.other) & (table["fiscal_year"] == "contract")]
        row[f"{theirs}, over the contract"] = percent(other[key].iloc[0], places) if len(other) else ""
        rows.append(row)
    return Table(pd.DataFrame(rows), caption=f"{mine}: settlement percent, year over year, by convention",
                 note="Each convention as defined in docs/negotiating.md; the first year is measured from the "
                      "status quo year before it.")
