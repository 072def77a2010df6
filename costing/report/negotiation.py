"""The compare-proposals report: proposals side by side, the gaps between them, settlement percent
under each convention, reconciliation bridges, sensitivity, and who gets what.

Every table and chart here is built from a :class:`~costing.costing_run.Costing` by calling the
negotiator's toolkit (:mod:`costing.compare`, :mod:`costing.bridge`, :mod:`costing.sensitivity`,
:mod:`costing.distribution`); nothing is recomputed differently, so the report and the command
line agree. The notebook only arranges what these functions return.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..engine.costing_run import Costing
from ..engine.measures import TERM, select
from ..negotiate import compare
from ..negotiate.assumptions import Assumptions
from ..negotiate.bridge import bridge_scenarios, prior_year_bridge
from ..negotiate.distribution import paid_less_than_status_quo, raise_distribution, raises
from ..negotiate.sensitivity import DEFAULT_TURNOVER, default_variations, monte_carlo, tornado
from .charts import COLORS, WIDTH, _done, _money_axis, _wrap, horizontal_waterfall, plain
from .format import fiscal_year, money, short_money
from .glossary import CONVENTIONS, POPULATIONS, pct_label
from .glossary import label as term
from .table import Table
from .tables import BASELINE, proposal_names, scenario_label, term_heading, year_heading, years_range

CONTRACT = "contract"   # the sensitivity band's row over every year costed
NEW_PCT = pct_label("New money", "all_in")
COST_PCT = pct_label("Increase over the prior year", "all_in", "budget_line")
SAME_PCT = pct_label("Increase over the prior year", "all_in", "same_group")
LIFT_PCT = pct_label("Lift", "lift", "same_group")
# the bridge's parts under the glossary's names (in-year rate changes split into full-year size and timing)
PART_NAMES = {"schedule_raises": term("rate_changes_full_year"), "timing": term("timing"),
              "step_movement": "Step movement (difference in step movement since the roster date)"}


def _year_label(costing: Costing, fy, period: str = "year") -> str:
    """A row's year in words: 'FY2026', 'FY2028 (beyond the term)', 'Over the term FY2024-FY2027'."""
    if period == TERM or fy == CONTRACT:
        return term_heading(costing)
    return year_heading(costing, int(fy))


def _labels(costing: Costing, names) -> list[str]:
    return [scenario_label(costing, str(n)) for n in names]


# ---- side by side ------------------------------------------------------------------------------

def side_by_side(costing: Costing) -> Table:
    """Each scenario's cost and new money per year and over the term, with the budget line's and the same
    group's increase next to the lift."""
    frame = compare.side_by_side(costing)   # over the term: rates compounded (the figures frame)
    out = pd.DataFrame({
        "Fiscal year": [_year_label(costing, fy, p) for fy, p in zip(frame["fiscal_year"], frame["period"])],
        "Scenario": frame["label"].to_numpy(),
        "Total cost": frame["total"], "New money over the status quo": frame["new_money"],
        NEW_PCT: frame["new_money_pct"], COST_PCT: frame["cost_pct"], SAME_PCT: frame["same_group_pct"],
        LIFT_PCT: frame["lift_pct"],
    })
    formats = {"Total cost": "money", "New money over the status quo": "money", NEW_PCT: "percent",
               COST_PCT: "percent", SAME_PCT: "percent", LIFT_PCT: "percent"}
    return Table(out, formats, caption="Side by side: cost and new money per fiscal year and over the term",
                 total_rows=len(costing.contracts), css_class="wide wrap",
                 note="New money: the scenario's cost less the status quo's in the same year. Increase: spending over "
                      "the year before, for the budget line (everyone costed) and for the same group (people employed "
                      "in both years). Lift: increase in year-end annual base pay of the same group (what the next "
                      "year starts from). Over the term, rates are compounded; new money % is of the status quo's "
                      "total.")


def gaps(costing: Costing) -> Table:
    """How far apart every pair of scenarios is, each year and over the term (later minus earlier)."""
    long = compare.gaps(costing)
    order = {name: i for i, name in enumerate(costing.contracts)}
    long = long[[order[a] > order[b] for a, b in zip(long["scenario"], long["against"])]]
    long = long.assign(column=[_year_label(costing, fy, p) for fy, p in zip(long["fiscal_year"], long["period"])])
    columns = [_year_label(costing, fy) for fy in costing.years] + [term_heading(costing)]
    frame = long.pivot_table(index=["scenario", "against"], columns="column", values="gap", aggfunc="sum",
                             sort=False).reset_index()
    frame = frame.sort_values(["against", "scenario"], key=lambda s: s.map(order)).reset_index(drop=True)
    out = pd.DataFrame({"Scenario": _labels(costing, frame["scenario"]), "Minus": _labels(costing, frame["against"]),
                        **{c: frame[c].to_numpy() for c in columns}})
    return Table(out, {c: "money" for c in out.columns[2:]}, css_class="wide wrap",
                 caption="The gap between every pair of scenarios (cost of the first less the cost of the second)")


# ---- settlement percent -------------------------------------------------------------------------

def settlement(costing: Costing, name: str) -> Table:
    """One scenario's settlement rate under each convention (labelled with its population), each year and
    compounded, then the simple sums; conventions that give the same rates are shown once."""
    frame = compare.settlement_table(costing)
    frame = frame[frame["scenario"].astype(str) == name]
    years = frame[frame["period"] == "year"].set_index("fiscal_year")
    over = frame[frame["period"] == TERM].iloc[0]
    heads = [_year_label(costing, fy) for fy in costing.years]
    compounded = f"Compounded, {years_range(costing)}"
    rows, seen = [], {}
    for key in compare.CONVENTIONS:
        convention, population = compare.FRAME_CONVENTIONS[key]
        values = [float(years.at[fy, key]) for fy in costing.years] + [float(over[key])]
        same = next((k for k, v in seen.items() if np.allclose(v, values, atol=5e-7, equal_nan=True)), None)
        words = f"{pct_label('', convention, population).strip()}: {CONVENTIONS[convention].meaning}"
        if same is not None:
            rows[same]["Convention"] += f" The same rates as {CONVENTIONS[convention].short} ({POPULATIONS[population].short})."
            continue
        seen[len(rows)] = values
        rows.append({"Convention": words, **dict(zip([*heads, compounded], values))})
    for key, (convention, _) in compare.SIMPLE_SUMS.items():
        rows.append({"Convention": f"Simple sum of the yearly rates ({CONVENTIONS[convention].short}), as the press "
                                   "adds them", **{h: float("nan") for h in heads}, compounded: float(over[key])})
    out = pd.DataFrame(rows)
    return Table(out, {c: "percent" for c in out.columns[1:]}, css_class="wrap", missing="",
                 caption=f"{scenario_label(costing, name)}: settlement percent by convention (increase over the year before)",
                 note="Every rate measures the same group (people employed in both years, at equal FTE) except the "
                      "budget line (everyone costed) and the raise as quoted (what the proposal states). The last "
                      "rows add the yearly rates, as the press reports a settlement, beside the compounded rate.")


# ---- reconciliation bridges ---------------------------------------------------------------------

def bridge_pairs(costing: Costing) -> list[tuple[str, str]]:
    """Each proposal against the status quo; and, with two or more, the second against the first."""
    names = proposal_names(costing)
    pairs = [(name, BASELINE) for name in names]
    if len(names) >= 2:
        pairs.append((names[1], names[0]))
    return pairs


def bridge_frame(costing: Costing, a: str, b: str) -> pd.DataFrame:
    """cost(a) - cost(b) in named parts (costing.negotiate.bridge), selected from the costing's figures frame."""
    return bridge_scenarios(costing, a, b, (scenario_label(costing, a), scenario_label(costing, b)))


def prior_year_bridge_frame(costing: Costing, name: str) -> pd.DataFrame:
    """A scenario's change over the prior year: the same group, leavers, hires, new positions (costing.negotiate.bridge)."""
    return prior_year_bridge(costing, name, scenario_label(costing, name))


RATE_HALVES = ("schedule_raises", "timing")   # shown together: the note adds them up to the rate changes


def bridge_table(costing: Costing, frame: pd.DataFrame, zero_parts: bool = True) -> Table:
    """Every part per year and over the years costed; the difference is the last row. Without ``zero_parts`` (the
    report's page) a part that is $0.00 in every column is named in the note instead of filling a row of zeros
    (Newton's reconciliations were 15 such rows of 21, pushing each table off its chart's page); the workbook keeps
    every part."""
    years = [f"FY{fy}" for fy in costing.years]
    label = frame["label"].iloc[-1]
    parts = frame.iloc[:-1]
    names = [PART_NAMES.get(part, lab) for part, lab in zip(parts["part"], parts["label"])]
    nonzero = (parts[[*years, "total"]].abs() >= 0.005).any(axis=1).to_numpy()
    halves = parts["part"].isin(RATE_HALVES).to_numpy()
    shown = nonzero | (halves & nonzero[halves].any()) | zero_parts
    rows = pd.concat([parts[shown], frame.iloc[-1:]])
    out = pd.DataFrame({"Part": [*(n for n, keep in zip(names, shown) if keep), f"Difference: {label}"],
                        **{_year_label(costing, int(y[2:])): rows[y].to_numpy() for y in years},
                        f"Total {fiscal_year(costing.years[0])}-{fiscal_year(costing.years[-1])}": rows["total"].to_numpy()})
    zero = [n for n, keep in zip(names, shown) if not keep]
    return Table(out, {c: "money" for c in out.columns[1:]}, css_class="wrap", total_rows=1,
                 caption=f"Reconciliation: {label}, in parts that add up to the cent",
                 note="Parts come from changing one input at a time, in a fixed order, from the second scenario to "
                      f"the first; they add up exactly to the difference. {term('rate_changes_full_year')} and "
                      f"{term('timing').lower()} together make the {term('rate_changes').lower()}."
                      + (f" $0.00 in every year (no row above): {'; '.join(zero)}." if zero else ""))


def bridge_chart(costing: Costing, frame: pd.DataFrame):
    """Waterfall over the term, drawn across (:func:`charts.horizontal_waterfall`): each non-zero part of
    the bridge on its own row, then the difference from $0; long part names never collide."""
    parts = [(PART_NAMES.get(part, lab), float(v)) for lab, v, part in zip(frame["label"], frame["total"], frame["part"])
             if part != "difference" and abs(float(v)) >= 0.005]
    difference = float(frame["total"].iloc[-1])
    fig, ax = plt.subplots(figsize=(WIDTH, 0.42 * (len(parts) + 1) + 1.1))
    horizontal_waterfall(ax, parts, "Difference", difference)
    ax.set_xlabel(f"difference over {years_range(costing)}")
    sign = "+" if difference >= 0 else "-"
    fig.suptitle(plain(f"{frame['label'].iloc[-1]}: {sign}{short_money(abs(difference))} over {years_range(costing)}, "
                       "by part", 80), fontsize=9.5, fontweight="bold")
    alt = (f"Waterfall of {frame['label'].iloc[-1]} over {years_range(costing)}: "
           + "; ".join(f"{lab} {'+' if v >= 0 else '-'}{money(abs(v))}" for lab, v in parts)
           + f"; difference {money(difference)}.")
    return _done(fig, alt)


# ---- sensitivity --------------------------------------------------------------------------------

def sensitivity(costing: Costing, central: Assumptions = Assumptions()) -> pd.DataFrame:
    """The tornado table (costing.sensitivity.tornado) for every scenario of the costing."""
    return tornado(costing.roster, costing.contracts, costing.years, costing.options, central)


def sensitivity_settings(costing: Costing, central: Assumptions = Assumptions()) -> Table:
    """Each assumption's low and high setting, in words."""
    variations = default_variations(central, costing.contracts["baseline"], costing.roster)
    frame = pd.DataFrame([{"Assumption": v.name, "Low setting": v.low_label, "High setting": v.high_label}
                          for v in variations])
    return Table(frame, caption="Assumptions varied (one at a time; the others at the central setting: none)",
                 css_class="wrap")


def sensitivity_table(costing: Costing, frame: pd.DataFrame) -> Table:
    """Cost over the contract at each assumption's low, central and high setting, per scenario."""
    order = {n: i for i, n in enumerate(costing.contracts)}
    frame = frame.sort_values(["scenario", "swing"], key=lambda s: s.map(order) if s.name == "scenario" else -s)
    out = pd.DataFrame({
        "Scenario": _labels(costing, frame["scenario"]), "Assumption": frame["assumption"].to_numpy(),
        "Cost, low": frame["cost_low"].to_numpy(), "Cost, central": frame["cost_central"].to_numpy(),
        "Cost, high": frame["cost_high"].to_numpy(), "New money, low": frame["new_money_low"].to_numpy(),
        "New money, high": frame["new_money_high"].to_numpy(), "Swing": frame["swing"].to_numpy()})
    return Table(out, {c: "money" for c in out.columns[2:]}, css_class="wide wrap", group_column="Scenario",
                 caption=f"Cost over {years_range(costing)} when one assumption moves")


def tornado_chart(costing: Costing, frame: pd.DataFrame):
    """One panel per scenario: how far each assumption's low and high settings move the contract's cost."""
    names = list(costing.contracts)
    assumptions = list(dict.fromkeys(frame.sort_values("swing")["assumption"]))
    fig, axes = plt.subplots(len(names), 1, figsize=(WIDTH, 1.05 * len(names) + 0.7), sharex=True, squeeze=False)
    for ax, name in zip(axes[:, 0], names):
        rows = frame[frame["scenario"] == name].set_index("assumption").reindex(assumptions)
        y = np.arange(len(assumptions))
        low = (rows["cost_low"] - rows["cost_central"]).to_numpy()
        high = (rows["cost_high"] - rows["cost_central"]).to_numpy()
        ax.barh(y, low, color=COLORS[3], height=0.6, label="low setting")
        ax.barh(y, high, color=COLORS[2], height=0.6, label="high setting")
        ax.set_yticks(y, assumptions, fontsize=7.5)
        ax.axvline(0, color="#444", lw=0.7)
        ax.grid(axis="y", visible=False)
        central = float(rows["cost_central"].iloc[0])
        ax.set_title(plain(f"{scenario_label(costing, name)} (central: {short_money(central)})"), fontsize=8.5, loc="left")
    _money_axis(axes[-1, 0], "x")
    axes[-1, 0].set_xlabel(f"change in cost over {years_range(costing)} from the central assumptions")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", fontsize=7, ncols=2)
    fig.suptitle("Sensitivity of each scenario's cost to one assumption at a time", fontsize=9.5, fontweight="bold")
    words = []
    for name in names:
        rows = frame[frame["scenario"] == name]
        if len(rows):
            top = rows.sort_values("swing", ascending=False).iloc[0]
            words.append(f"{scenario_label(costing, name)}: central {money(float(top['cost_central']))}, widest swing "
                         f"{top['assumption']} ({money(float(top['cost_low']))} to {money(float(top['cost_high']))})")
    return _done(fig, "Tornado chart of cost over the window when one assumption moves. " + "; ".join(words)
                 + ". The table below gives every figure.")


def turnover_band(costing: Costing, draws: int = 40, seed: int = 0,
                  assumptions: Assumptions = Assumptions(turnover=DEFAULT_TURNOVER)) -> pd.DataFrame:
    """Percentiles of each scenario's cost over seeded random turnover draws (costing.sensitivity)."""
    return monte_carlo(costing.roster, costing.contracts, costing.years, costing.options, assumptions, draws, seed)


def _rates_text(assumptions: Assumptions) -> str:
    return ", ".join(f"{r:.0%} a year from {t} years of service" for t, r in assumptions.turnover.rates)


def band_table(costing: Costing, band: pd.DataFrame,
               assumptions: Assumptions = Assumptions(turnover=DEFAULT_TURNOVER)) -> Table:
    """The Monte Carlo percentiles, with each scenario's cost with no turnover beside them."""
    plain = {(name, fy): float(v) for (name, fy), v in select(costing.measures, "cost", "all_in", term=False).items()}
    plain.update({(name, CONTRACT): round(sum(v for (n, _), v in list(plain.items()) if n == name), 2)
                  for name in costing.contracts})
    order = {n: i for i, n in enumerate(costing.contracts)}
    band = band.assign(_o=band["scenario"].map(order)).sort_values("_o", kind="stable")
    out = pd.DataFrame({
        "Scenario": _labels(costing, band["scenario"]),
        "Fiscal year": ["All years" if fy == CONTRACT else fiscal_year(fy) for fy in band["fiscal_year"]],
        "No turnover": [plain[(s, fy)] for s, fy in zip(band["scenario"], band["fiscal_year"])],
        "5th": band["p5"].to_numpy(), "25th": band["p25"].to_numpy(), "Median": band["p50"].to_numpy(),
        "75th": band["p75"].to_numpy(), "95th": band["p95"].to_numpy()})
    draws, seed = int(band["draws"].iloc[0]), int(band["seed"].iloc[0])
    return Table(out, {c: "dollars" for c in out.columns[2:]}, css_class="wide wrap", group_column="Scenario",
                 caption="Cost with random turnover: percentiles over the draws, in whole dollars",
                 note=f"{draws} draws, seed {seed} (the same seed gives the same band). Turnover: "
                      f"{_rates_text(assumptions)}, each leaver replaced the next day at the entry step. Whole "
                      "dollars: a percentile of random draws is an estimate, not a cost to the cent; each year's cost "
                      "with no turnover is in the side-by-side table and the workbook to the cent.")


def band_chart(costing: Costing, band: pd.DataFrame):
    """One panel per scenario: cost with random turnover less cost with none, by year (5th-95th, 25th-75th, median)."""
    names = list(costing.contracts)
    fig, axes = plt.subplots(1, len(names), figsize=(WIDTH, 2.5), sharey=True, squeeze=False)
    x = np.arange(len(costing.years))
    for i, (ax, name) in enumerate(zip(axes[0], names)):
        rows = band[(band["scenario"] == name) & (band["fiscal_year"] != CONTRACT)].set_index("fiscal_year")
        rows = rows.reindex(costing.years)
        plain = select(costing.measures, "cost", "all_in", name, term=False).reindex(costing.years).to_numpy()
        color = COLORS[i % len(COLORS)]
        ax.fill_between(x, rows["p5"] - plain, rows["p95"] - plain, color=color, alpha=0.2, lw=0, label="5th-95th")
        ax.fill_between(x, rows["p25"] - plain, rows["p75"] - plain, color=color, alpha=0.4, lw=0, label="25th-75th")
        ax.plot(x, rows["p50"] - plain, color=color, lw=1.4, marker="o", ms=3, label="median")
        ax.axhline(0, color="#333", lw=0.9, ls="--", label="no turnover")
        crowded = len(names) * len(x) > 9   # Newton's 4 panels x 5 years ran "FY2024FY2025..." together
        ax.set_xticks(x, [fiscal_year(fy) for fy in costing.years], fontsize=7,
                      **({"rotation": 45, "ha": "right", "rotation_mode": "anchor"} if crowded else {}))
        ax.set_xlim(-0.25, len(x) - 0.75)
        ax.set_title(_wrap(scenario_label(costing, name), 30), fontsize=8.5)
        _money_axis(ax)
        ax.tick_params(axis="y", labelsize=7)
    axes[0][0].set_ylabel("cost less cost with no turnover", fontsize=7.5)
    axes[0][0].legend(fontsize=6.5, loc="lower left")
    fig.suptitle("Random turnover: what it saves against no turnover, by fiscal year", fontsize=9.5, fontweight="bold")
    words = []
    for name in names:
        rows = band[(band["scenario"] == name) & (band["fiscal_year"] == CONTRACT)]
        if len(rows):
            words.append(f"{scenario_label(costing, name)} over the window: median {money(float(rows['p50'].iloc[0]))}, "
                         f"5th to 95th percentile {money(float(rows['p5'].iloc[0]))} to {money(float(rows['p95'].iloc[0]))}")
    return _done(fig, "Band chart of cost with random turnover less cost with none, by fiscal year. " + "; ".join(words)
                 + ". The table below gives every figure.")


# ---- who gets what ------------------------------------------------------------------------------

def raise_frame(costing: Costing) -> pd.DataFrame:
    """Distribution of each employee's percent increase in pay by group (costing.distribution)."""
    return raise_distribution(raises(costing))


def raise_table(costing: Costing, frame: pd.DataFrame, name: str, note: bool = True) -> Table:
    """One scenario: percent increase in pay, top step vs still stepping, per year and over the contract."""
    rows = frame[frame["scenario"] == name]
    out = pd.DataFrame({
        "Fiscal year": [_year_label(costing, fy, p) for fy, p in zip(rows["fiscal_year"], rows["period"])],
        "Group": rows["group"].to_numpy(), "People": rows["people"].to_numpy(),
        **{f"{text} %": rows[key].to_numpy() for text, key in (   # the convention once, in the caption
            ("Minimum", "min"), ("10th percentile", "p10"), ("Median", "median"), ("Mean", "mean"),
            ("90th percentile", "p90"), ("Maximum", "max"))}})
    formats = {c: "percent" for c in out.columns[3:]}
    formats["People"] = "count"
    text = ("Pay: base, longevity, stipends, one-time and retro payments (not roll-up). Only people on the roster for "
            "the whole period are counted; group is placement at the end of the contract.")
    with_premiums = any(c.benefits for c in costing.contracts.values()) and "premium_change_median" in rows
    if with_premiums and not _premium_columns_repeat(rows):
        premium, after = "Median change in the premium share, $ a year", pct_label("Median", "take_home")
        out[premium], out[after] = rows["premium_change_median"].to_numpy(), rows["take_home_median"].to_numpy()
        formats.update({premium: "money", after: "percent"})
        text += (" The premium share is what the employee pays: the premium less the employer's share (a lower share"
                 " paid by the employee is a negative change); the last column is the increase in pay less that share.")
    elif with_premiums:
        text += (" The median change in the employee's premium share is $0.00 in every year and group, and the median"
                 " increase in pay less that share is the median increase: those two columns are left out.")
    # every percent column measures one convention: said once in the caption (in each heading it made them seven lines)
    return Table(out, formats, caption=f"{scenario_label(costing, name)}: each employee's increase in pay, % of "
                                       f"{CONVENTIONS['personal_pay'].short}",
                 css_class="wide wrap", note=text if note else "", group_column="Fiscal year")


def _premium_columns_repeat(rows: pd.DataFrame) -> bool:
    """The premium columns say nothing the table does not: a $0.00 median change everywhere and the take-home median
    the median (Newton's offers change no premium: a column of $0.00 and a copy of the median)."""
    return bool(rows["premium_change_median"].fillna(0).eq(0).all()
                and np.allclose(rows["take_home_median"], rows["median"], equal_nan=True, rtol=0, atol=1e-12))


def paid_less(costing: Costing) -> pd.DataFrame:
    """Everyone paid less under a proposal than under the status quo in some year (employee level)."""
    return paid_less_than_status_quo(costing)


def paid_less_summary(costing: Costing, frame: pd.DataFrame) -> Table:
    """How many people each proposal pays less than the status quo, per year and in any year (no names)."""
    rows = []
    for name in proposal_names(costing):
        mine = frame[frame["scenario"] == name]
        row = {"Scenario": scenario_label(costing, name)}
        for fy in costing.years:
            row[fiscal_year(fy)] = int(mine.loc[mine["fiscal_year"] == fy, "employee_id"].nunique())
        row["In any year"] = int(mine["employee_id"].nunique())
        row["Total shortfall"] = round(float(mine["shortfall"].sum()), 2)
        rows.append(row)
    out = pd.DataFrame(rows)
    formats = {c: "count" for c in out.columns[1:-1]}
    formats["Total shortfall"] = "money"
    return Table(out, formats, css_class="wrap",
                 caption="People paid less than the status quo would pay them (what a hold-harmless clause prevents)")


def paid_less_list(costing: Costing, frame: pd.DataFrame, roster: pd.DataFrame | None = None) -> Table:
    """The people paid less than the status quo, by name or ID: for confidential reports only."""
    out = frame.copy()
    columns = {"employee_id": "ID"}
    if roster is not None and "name" in roster.columns:
        names = dict(zip(roster["employee_id"].astype(str), roster["name"]))
        out.insert(1, "name", out["employee_id"].map(names))
        columns["name"] = "Name"
    out["scenario"] = _labels(costing, out["scenario"])
    out["fiscal_year"] = [fiscal_year(fy) for fy in out["fiscal_year"]]
    columns.update({"scenario": "Scenario", "fiscal_year": "Fiscal year", "amount": "Pay", "status_quo": "Status quo pay",
                    "shortfall": "Shortfall"})
    out = out[list(columns)].rename(columns=columns)
    return Table(out, {"Pay": "money", "Status quo pay": "money", "Shortfall": "money"}, css_class="wrap",
                 caption="People paid less than under the status quo (confidential)")


__all__ = ["side_by_side", "gaps", "settlement", "bridge_pairs", "bridge_frame", "bridge_table", "prior_year_bridge_frame",
           "bridge_chart", "sensitivity", "sensitivity_settings", "sensitivity_table", "tornado_chart",
           "turnover_band", "band_table", "band_chart", "raise_frame", "raise_table", "paid_less",
           "paid_less_summary", "paid_less_list"]
