"""Matplotlib charts sized for a letter page (7 in of text width), one function per chart.

Each returns a Figure so a notebook shows it and a test can inspect it. ``use_report_style``
makes charts SVG with real text in the document's font, so they stay crisp in the PDF and small.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ..engine.costing_run import Costing
from ..engine.figures import FAMILIES, FAMILY_LABELS, employee_raise_pct, headcount_by_step
from ..inputs.models import Contract
from .format import fiscal_year, short_money
from .tables import BASELINE, families, proposal_names, scenario_label, tables_in_force

WIDTH = 7.0
COLORS = ["#7f7f7f", "#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000"]
UP, DOWN, TOTAL = "#c55a11", "#548235", "#1f4e79"

STYLE = {
    "figure.figsize": (WIDTH, 3.0), "figure.dpi": 110, "savefig.dpi": 150, "svg.fonttype": "none",
    "font.family": "sans-serif", "font.sans-serif": ["Liberation Sans", "Arial", "DejaVu Sans"], "font.size": 8.5,
    "axes.titlesize": 9.5, "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "grid.alpha": 0.3, "axes.axisbelow": True, "legend.frameon": False,
    "figure.constrained_layout.use": True,
}


def use_report_style(chart_format: str = "svg") -> None:
    """Report look for every chart that follows; SVG keeps chart text as text."""
    plt.rcParams.update(STYLE)
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats(chart_format)
    except Exception:  # noqa: BLE001 - outside a kernel there is nothing to configure
        pass


def _done(fig):
    """Close the figure so the inline backend does not show it again at the end of the cell."""
    plt.close(fig)
    return fig


def _money_axis(ax, axis: str = "y") -> None:
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(short_money))


def cost_by_year(costing: Costing):
    """Grouped bars: total cost of each fiscal year under each scenario."""
    names = list(costing.contracts)
    fig, ax = plt.subplots(figsize=(WIDTH, 2.9))
    x = np.arange(len(costing.years))
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        rows = costing.figures[costing.figures["scenario"].astype(str) == name].set_index("fiscal_year")
        values = rows["total"].reindex(costing.years).to_numpy()
        bars = ax.bar(x + (i - (len(names) - 1) / 2) * width, values, width * 0.95, color=COLORS[i % len(COLORS)],
                      label=scenario_label(costing, name))
        ax.bar_label(bars, labels=[short_money(v) for v in values], fontsize=7, padding=2)
    ax.set_xticks(x, [fiscal_year(fy) for fy in costing.years])
    _money_axis(ax)
    ax.set_title("Total cost by fiscal year")
    ax.legend(ncols=min(len(names), 3), loc="upper left", fontsize=7.5)
    ax.margins(y=0.18)
    ax.grid(axis="x", visible=False)
    return _done(fig)


def waterfall(costing: Costing, name: str):
    """From the status quo to the proposal, over all years costed, by component family."""
    fam = families(costing)
    total = fam.groupby(fam["scenario"].astype(str))[FAMILIES].sum()
    base_total, prop_total = float(total.loc[BASELINE].sum()), float(total.loc[name].sum())
    steps = [(FAMILY_LABELS[f], float(total.at[name, f] - total.at[BASELINE, f])) for f in FAMILIES]
    steps = [(lab, v) for lab, v in steps if abs(v) >= 0.005]
    labels = ["Status quo", *[lab for lab, _ in steps], scenario_label(costing, name)]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.1))
    ax.bar(0, base_total, color=TOTAL)
    level = base_total
    for i, (_, v) in enumerate(steps, start=1):
        ax.bar(i, v, bottom=level, color=UP if v > 0 else DOWN)
        ax.annotate(("+" if v > 0 else "-") + short_money(abs(v)), (i, level + max(v, 0)), ha="center",
                    va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")
        level += v
    ax.bar(len(labels) - 1, prop_total, color=TOTAL)
    for i, v in ((0, base_total), (len(labels) - 1, prop_total)):
        ax.annotate(short_money(v), (i, v), ha="center", va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")
    levels = np.cumsum([base_total, *[v for _, v in steps]])
    spread = max(levels.max(), prop_total) - min(levels.min(), prop_total)
    if spread < 0.15 * max(base_total, prop_total):   # small changes: zoom in, and say so
        low = min(levels.min(), prop_total) - 1.5 * max(spread, 1.0)
        ax.set_ylim(bottom=max(0.0, low), top=max(levels.max(), prop_total) + 0.6 * max(spread, 1.0))
        ax.text(0.99, 0.02, "the vertical axis does not start at zero", transform=ax.transAxes, ha="right",
                fontsize=6.5, color="#666")
    else:
        ax.set_ylim(bottom=0)
        ax.margins(y=0.12)
    ax.set_xticks(range(len(labels)), [_wrap(lab) for lab in labels])
    _money_axis(ax)
    ax.grid(axis="x", visible=False)
    ax.set_title(f"From the status quo to {scenario_label(costing, name)}, "
                 f"{fiscal_year(costing.years[0])}-{fiscal_year(costing.years[-1])} combined")
    return _done(fig)


def _wrap(text: str, width: int = 14) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join([*lines, line])


def raise_distribution(costing: Costing):
    """How many employees get what percentage raise in base pay, each year after the first."""
    per = employee_raise_pct(costing.results)
    per["scenario"] = per["scenario"].astype(str)
    years = [fy for fy in costing.years if fy in set(per["fiscal_year"])]
    if not years:
        return None
    fig, axes = plt.subplots(1, len(years), figsize=(WIDTH, 2.6), sharey=True, squeeze=False)
    clipped = per["raise_pct"].clip(-5, 30)
    lo, hi = np.floor(clipped.min()), np.ceil(clipped.max())
    bins = np.arange(lo, max(hi, lo + 1) + 1, 1.0 if hi - lo <= 30 else 2.0)
    for ax, fy in zip(axes[0], years):
        for i, name in enumerate(costing.contracts):
            values = clipped[(per["scenario"] == name) & (per["fiscal_year"] == fy)]
            ax.hist(values, bins=bins, alpha=0.65, color=COLORS[i % len(COLORS)], label=scenario_label(costing, name))
        ax.set_title(f"{fiscal_year(fy)} over {fiscal_year(fy - 1)}")
        ax.set_xlabel("raise in base pay (%)")
    axes[0][0].set_ylabel("employees")
    axes[0][-1].legend(fontsize=7)
    fig.suptitle("Distribution of employees' raises (same people, both years)", fontsize=9.5, fontweight="bold")
    return _done(fig)


def rate_by_step(contract: Contract, years: list[int], max_lanes: int = 4):
    """Rate by step for each lane, one line per table in force over the years; one figure per schedule."""
    long = tables_in_force(contract, years)
    figures = []
    for schedule, group in long.groupby("schedule", sort=False):
        steps = list(dict.fromkeys(group["step"]))
        lanes = list(dict.fromkeys(group["lane"]))[:max_lanes * 2]
        ncols = min(len(lanes), max_lanes)
        nrows = int(np.ceil(len(lanes) / ncols))
        fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, 2.0 * nrows + 0.4), sharey=True, squeeze=False)
        dates = sorted(set(group["effective_date"]))
        for k, lane in enumerate(lanes):
            ax = axes[k // ncols][k % ncols]
            for j, when in enumerate(dates):
                cells = group[(group["lane"] == lane) & (group["effective_date"] == when)].set_index("step")["rate"]
                values = [float(cells[s]) if s in cells.index else np.nan for s in steps]
                ax.plot(range(len(steps)), values, marker="o", ms=2.5, lw=1.2,
                        color=plt.cm.Blues(0.35 + 0.65 * (j + 1) / len(dates)), label=f"{when:%m/%d/%Y}")
            ax.set_title(f"Lane {lane}", fontsize=8.5)
            ax.set_xticks(range(len(steps)), steps, fontsize=7)
            ax.set_xlabel("step", fontsize=7.5)
            _money_axis(ax) if group["rate"].astype(float).max() >= 1000 else None
        for k in range(len(lanes), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
        axes[0][0].legend(title="in force from", fontsize=6.5, title_fontsize=7)
        fig.suptitle(f"Rate by step, schedule {schedule}", fontsize=9.5, fontweight="bold")
        figures.append(_done(fig))
    return figures


def headcount_scatter(placement: pd.DataFrame, title: str, contract: Contract | None = None):
    """Headcount (bubble size) and FTE (label) at each lane and step, one panel per schedule."""
    counts = headcount_by_step(placement)
    schedules = list(dict.fromkeys(counts["schedule"]))
    ncols = min(2, len(schedules))
    nrows = int(np.ceil(len(schedules) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, 2.2 * nrows + 0.5), squeeze=False)
    biggest = max(float(counts["headcount"].max()), 1.0)
    for k, schedule in enumerate(schedules):
        ax = axes[k // ncols][k % ncols]
        group = counts[counts["schedule"] == schedule]
        known = {sch.name: sch for sch in contract.schedules} if contract is not None else {}
        if schedule in known:
            steps = [s for s in known[schedule].steps if s in set(group["step"])]
            lanes = [x for x in known[schedule].lanes if x in set(group["lane"])]
        else:
            steps = list(dict.fromkeys(sorted(group["step"], key=_step_key)))
            lanes = list(dict.fromkeys(group["lane"]))
        x = [steps.index(s) for s in group["step"]]
        y = [lanes.index(lane) for lane in group["lane"]]
        ax.scatter(x, y, s=group["headcount"] / biggest * 500 + 8, color=COLORS[1], alpha=0.55, edgecolors="none")
        for xi, yi, h, f in zip(x, y, group["headcount"], group["fte"]):
            ax.annotate(f"{h}" if abs(f - h) < 0.005 else f"{h} ({f:g})", (xi, yi), ha="center", va="center", fontsize=6.5)
        ax.set_xticks(range(len(steps)), steps, fontsize=7)
        ax.set_yticks(range(len(lanes)), lanes, fontsize=7)
        ax.set_xlim(-0.7, len(steps) - 0.3)
        ax.set_ylim(-0.7, len(lanes) - 0.3)
        ax.set_xlabel("step", fontsize=7.5)
        ax.set_title(schedule, fontsize=8.5)
    for k in range(len(schedules), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    fig.suptitle(title, fontsize=9.5, fontweight="bold")
    return _done(fig)


def _step_key(step: str):
    try:
        return (0, float(step), "")
    except ValueError:
        return (1, 0.0, str(step))


__all__ = ["use_report_style", "cost_by_year", "waterfall", "raise_distribution", "rate_by_step",
           "headcount_scatter", "proposal_names"]
