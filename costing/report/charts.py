"""Matplotlib charts sized for a letter page (7 in of text width), one function per chart.

Each returns a :class:`Chart`: the figure (a test inspects its axes) and a sentence stating its
numbers (the image's alt text in the HTML and the tagged PDF). Charts are shown as 150 dpi PNG
images: crisp in print, and far quicker for WeasyPrint to draw than SVG.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..engine.costing_run import Costing
from ..engine.figures import employee_raise_pct
from ..engine.measures import TERM, select, term_years_of
from ..inputs.models import Contract
from ..inputs.vocabulary import FAMILIES, FAMILY_LABELS
from .format import fiscal_year, money, percent, short_money
from .tables import BASELINE, proposal_names, scenario_label, tables_in_force

WIDTH = 7.0
IMAGE_DPI = 150
COLORS = ["#7f7f7f", "#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000"]
UP, DOWN, TOTAL = "#c55a11", "#548235", "#1f4e79"

STYLE = {
    "figure.figsize": (WIDTH, 3.0), "figure.dpi": 110, "savefig.dpi": 150, "svg.fonttype": "none",
    "font.family": "sans-serif", "font.sans-serif": ["Liberation Sans", "Arial", "DejaVu Sans"], "font.size": 8.5,
    "axes.titlesize": 9.5, "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "grid.alpha": 0.3, "axes.axisbelow": True, "legend.frameon": False,
    "figure.constrained_layout.use": True,
}


def use_report_style(chart_format: str = "png") -> None:
    """Report look for every chart that follows (and the inline backend's format for a bare Figure)."""
    plt.rcParams.update(STYLE)
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats(chart_format)
    except Exception:  # noqa: BLE001 - outside a kernel there is nothing to configure
        pass


class Chart:
    """A figure with the sentence that says what it shows (its alt text), shown as an <img>.

    The HTML and the tagged PDF need alt text on every image; a screen reader, a text search of the
    packet and a reader who cannot see the colours all get the chart's numbers in words.
    """

    def __init__(self, figure, alt: str):
        self.figure = figure
        self.alt = alt
        self.axes = figure.axes

    def image(self) -> tuple[str, bytes]:
        """(mime type, bytes): a 150 dpi PNG. WeasyPrint draws a PNG four times faster than the same SVG,
        and the alt text, not the chart's text, is what a screen reader and a search use."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=IMAGE_DPI)
        return "image/png", buffer.getvalue()

    def _repr_html_(self) -> str:
        mime, data = self.image()
        encoded = base64.b64encode(data).decode("ascii")
        return (f'<figure class="chart"><img src="data:{mime};base64,{encoded}" alt="{html.escape(self.alt)}">'
                f"</figure>")


def _done(fig, alt: str = ""):
    """Close the figure so the inline backend does not show it again; wrap it with its alt text."""
    plt.close(fig)
    return Chart(fig, alt) if alt else fig


def plain(text: str, width: int = 95) -> str:
    """Chart text with its dollar signs kept literal (two '$' would make matplotlib typeset math),
    wrapped so that a long title never runs off the figure."""
    return "\n".join(textwrap.wrap(text, width)).replace("$", r"\$") if len(text) > width else text.replace("$", r"\$")


def _series_words(values: dict[str, float], money_format=money) -> str:
    return ", ".join(f"{k} {money_format(v)}" for k, v in values.items())


def _money_axis(ax, axis: str = "y") -> None:
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(short_money))


def cost_by_year(costing: Costing):
    """Grouped bars: total cost of each fiscal year under each scenario."""
    names = list(costing.contracts)
    fig, ax = plt.subplots(figsize=(WIDTH, 2.9))
    x = np.arange(len(costing.years))
    width = 0.8 / len(names)
    words = []
    for i, name in enumerate(names):
        values = select(costing.measures, "cost", "all_in", name, term=False).reindex(costing.years).to_numpy()
        bars = ax.bar(x + (i - (len(names) - 1) / 2) * width, values, width * 0.95, color=COLORS[i % len(COLORS)],
                      label=scenario_label(costing, name))
        ax.bar_label(bars, labels=[short_money(v) for v in values], fontsize=7, padding=2)
        words.append(f"{scenario_label(costing, name)}: "
                     + _series_words({fiscal_year(fy): v for fy, v in zip(costing.years, values)}))
    ax.set_xticks(x, [fiscal_year(fy) for fy in costing.years])
    _money_axis(ax)
    ax.set_ylabel("cost in the fiscal year")
    ax.set_title(plain(_cost_title(costing)))
    ax.legend(ncols=min(len(names), 3), loc="upper left", fontsize=7.5)
    ax.margins(y=0.18)
    ax.grid(axis="x", visible=False)
    return _done(fig, "Bar chart of total cost by fiscal year. " + "; ".join(words) + ".")


def _cost_title(costing: Costing) -> str:
    """A title that says what to conclude: how much more each proposal costs over the term."""
    parts = []
    for name in proposal_names(costing)[:2]:
        extra = float(select(costing.measures, "diff_baseline", "all_in", name)[TERM])
        parts.append(f"{scenario_label(costing, name)} {'+' if extra >= 0 else '-'}{short_money(abs(extra))}")
    span = _term_span(costing)
    return f"Total cost by fiscal year; over the status quo, {span}: " + ", ".join(parts) if parts else \
        "Total cost by fiscal year"


def waterfall(costing: Costing, name: str):
    """From the status quo to the proposal, over the term's years costed, by component family."""
    def over_term(measure: str, convention: str, scenario: str = name) -> float:
        return float(select(costing.measures, measure, convention, scenario)[TERM])

    base_total, prop_total = over_term("cost", "all_in", BASELINE), over_term("cost", "all_in")
    steps = [(FAMILY_LABELS[f], over_term("diff_baseline", f)) for f in FAMILIES]
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
    span = _term_span(costing)
    if spread < 0.15 * max(base_total, prop_total):   # small changes: zoom in, and say so under the axis
        low = min(levels.min(), prop_total) - 1.5 * max(spread, 1.0)
        ax.set_ylim(bottom=max(0.0, low), top=max(levels.max(), prop_total) + 0.6 * max(spread, 1.0))
        ax.set_ylabel("cost over the term\n(axis does not start at $0)")
    else:
        ax.set_ylim(bottom=0)
        ax.margins(y=0.12)
        ax.set_ylabel("cost over the term")
    ax.set_xticks(range(len(labels)), [plain(_wrap(lab)) for lab in labels])
    _money_axis(ax)
    ax.grid(axis="x", visible=False)
    extra = prop_total - base_total
    biggest = max(steps, key=lambda s: abs(s[1]))[0].lower() if steps else "nothing"
    ax.set_title(plain(f"{scenario_label(costing, name)}: {'+' if extra >= 0 else '-'}{short_money(abs(extra))} over "
                       f"the status quo, {span} combined; most of it {biggest}"))
    alt = (f"Waterfall from the status quo ({money(base_total)} over {span}) to {scenario_label(costing, name)} "
           f"({money(prop_total)}): " + "; ".join(f"{lab} {'+' if v >= 0 else '-'}{money(abs(v))}" for lab, v in steps)
           + ".")
    return _done(fig, alt)


def _term_span(costing: Costing) -> str:
    """'FY2024-FY2027': the term's fiscal years costed (a year beyond the term is never in a total)."""
    years = term_years_of(costing.measures, BASELINE) or costing.years
    return f"{fiscal_year(years[0])}-{fiscal_year(years[-1])}"


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
    """How many employees get what percentage raise in base pay, each year after the first.

    Bars of each scenario stand side by side within a bin (never on top of each other), so the
    status quo's bars stay visible under a proposal's.
    """
    results = costing.results
    base = [c for c in results["component"].cat.categories if str(c).split(":")[0] == "base"] \
        if isinstance(results["component"].dtype, pd.CategoricalDtype) else None
    per = employee_raise_pct(results[results["component"].isin(base)] if base is not None else results)
    per["scenario"] = per["scenario"].astype(str)
    years = [fy for fy in costing.years if fy in set(per["fiscal_year"])]
    if not years:
        return None
    fig, axes = plt.subplots(1, len(years), figsize=(WIDTH, 2.7), sharey=True, squeeze=False)
    clipped = (per["raise_pct"] * 100).clip(-5, 30)   # in percent for the axis (rates are fractions)
    lo, hi = np.floor(clipped.min()), np.ceil(clipped.max())
    bins = np.arange(lo, max(hi, lo + 1) + 1, 1.0 if hi - lo <= 15 else 2.0)
    names = list(costing.contracts)
    width = (bins[1] - bins[0]) * 0.9 / len(names)
    words = []
    for ax, fy in zip(axes[0], years):
        for i, name in enumerate(names):
            values = clipped[(per["scenario"] == name) & (per["fiscal_year"] == fy)]
            counts, _ = np.histogram(values, bins=bins)
            ax.bar(bins[:-1] + (i + 0.5) * width + (bins[1] - bins[0]) * 0.05, counts, width, align="center",
                   color=COLORS[i % len(COLORS)], label=scenario_label(costing, name))
            if len(values):
                words.append(f"{fiscal_year(fy)}, {scenario_label(costing, name)}: median raise "
                             f"{percent(float(np.median(values)) / 100)} for {len(values)} people")
        ax.set_title(f"{fiscal_year(fy)} over {fiscal_year(fy - 1)}")
        ax.set_xlabel("raise in base pay (%), each person")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    axes[0][0].set_ylabel("employees")
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="outside lower center", fontsize=7, ncols=len(names))
    fig.suptitle("How many people get what raise in base pay (same people, both years)", fontsize=9.5,
                 fontweight="bold")
    return _done(fig, "Histograms of each employee's raise in base pay over the prior year. " + "; ".join(words) + ".")


UNIT_WORDS = {"hourly": "an hour", "daily": "a day", "annual": "a year"}


def _rate_axis(ax, unit: str, top: float) -> None:
    if top >= 1000:
        ax.yaxis.set_major_formatter(FuncFormatter(short_money))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"${v:,.2f}"))
    ax.set_ylabel(f"$ {UNIT_WORDS.get(unit, unit)}", fontsize=7.5)


def _thin_ticks(ax, steps: list[str]) -> None:
    """Every step label when they fit, else every second or third: never '1011121314'."""
    every = 1 if len(steps) <= 12 else (2 if len(steps) <= 24 else 3)
    ticks = list(range(0, len(steps), every))
    ax.set_xticks(ticks, [steps[i] for i in ticks], fontsize=7)


def rate_by_step(contract: Contract, years: list[int], max_lanes: int = 4):
    """Rate by step for each lane, one line per table in force over the years; one figure per schedule."""
    long = tables_in_force(contract, years)
    units = {s.name: s.rate_unit for s in contract.schedules}
    figures = []
    for schedule, group in long.groupby("schedule", sort=False):
        steps = [str(s) for s in dict.fromkeys(group["step"])]
        lanes = list(dict.fromkeys(group["lane"]))[:max_lanes * 2]
        ncols = min(len(lanes), max_lanes)
        nrows = int(np.ceil(len(lanes) / ncols))
        fig, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, 2.0 * nrows + 0.5), sharey=True, squeeze=False)
        dates = sorted(set(group["effective_date"]))
        top = float(group["rate"].astype(float).max())
        unit = units.get(schedule, "")
        for k, lane in enumerate(lanes):
            ax = axes[k // ncols][k % ncols]
            for j, when in enumerate(dates):
                cells = group[(group["lane"] == lane) & (group["effective_date"] == when)]
                cells = cells.assign(step=cells["step"].astype(str)).set_index("step")["rate"]
                values = [float(cells[s]) if s in cells.index else np.nan for s in steps]
                ax.plot(range(len(steps)), values, marker="o", ms=2.5, lw=1.2,
                        color=plt.cm.Blues(0.35 + 0.65 * (j + 1) / len(dates)), label=f"{when:%m/%d/%Y}")
            ax.set_title(f"Lane {lane}", fontsize=8.5)
            _thin_ticks(ax, steps)
            ax.set_xlabel("step", fontsize=7.5)
            _rate_axis(ax, unit, top)
        for k in range(len(lanes), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
        axes[0][0].legend(title="in force from", fontsize=6.5, title_fontsize=7)
        first = group[group["effective_date"] == dates[0]]["rate"].astype(float)
        last = group[group["effective_date"] == dates[-1]]["rate"].astype(float)
        fig.suptitle(plain(f"Schedule {schedule}: rate {UNIT_WORDS.get(unit, '')} by step, from "
                           f"{money(first.min())} to {money(last.max())}"), fontsize=9.5, fontweight="bold")
        alt = (f"Line charts of schedule {schedule}'s rate {UNIT_WORDS.get(unit, '')} by step for lanes "
               f"{', '.join(map(str, lanes))}, one line per table in force from "
               f"{', '.join(f'{w:%m/%d/%Y}' for w in dates)}: the lowest rate of the first table is "
               f"{money(first.min())}, the highest of the last {money(last.max())}. The rate tables above give "
               f"every cell.")
        figures.append(_done(fig, alt))
    return figures


__all__ = ["use_report_style", "Chart", "cost_by_year", "waterfall", "raise_distribution", "rate_by_step",
           "proposal_names"]
