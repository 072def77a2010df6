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
from .format import date, fiscal_year, money, percent, short_money
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


def tick_money(values) -> list[str]:
    """Axis labels for a set of ticks that never repeat: '$1.50M $1.55M', '$2.0K $2.5K', never '$2K $2K'.

    One scale (K or M) for the axis, set by its largest tick, and as many decimals as the tick spacing
    needs to tell neighbours apart (a money axis whose labels repeat tells the reader nothing)."""
    values = [float(v) for v in values]
    top = max((abs(v) for v in values), default=0.0)
    scale, suffix = (1e6, "M") if top >= 1e6 else (1e3, "K") if top >= 1e4 else (1.0, "")
    # the fewest decimals that state every tick exactly ($37.5K, not $38K), at most three
    decimals = next((d for d in range(4) if all(abs(v / scale * 10 ** d - round(v / scale * 10 ** d)) < 1e-6
                                                for v in values)), 3)
    if suffix == "M":
        decimals = max(decimals, 1)

    def one(v: float) -> str:
        if abs(v) < 1e-9:
            return "$0"
        sign = "-" if v < -1e-9 else ""
        return f"{sign}${abs(v) / scale:,.{decimals}f}{suffix}"
    return [one(v) for v in values]


class _DistinctMoney(FuncFormatter):
    """A money formatter that labels all the axis's ticks together (see :func:`tick_money`)."""

    def __init__(self):
        super().__init__(lambda v, _p: tick_money([v])[0])

    def format_ticks(self, values):
        return tick_money(values)


def _money_axis(ax, axis: str = "y") -> None:
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(_DistinctMoney())


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "-") + short_money(abs(value))


class NoChart:
    """What a chart function returns when the chart would carry no message (every bar the same, or
    nothing to compare): it displays as nothing, so a notebook's ``display(...)`` shows no empty figure."""

    figure, axes, alt = None, [], ""

    def _repr_html_(self) -> str:
        return ""

    def __repr__(self) -> str:
        return ""

    def __bool__(self) -> bool:
        return False


def cost_by_year(costing: Costing):
    """Each proposal's cost over the status quo in each fiscal year: a difference chart from $0.

    Two bars of total cost side by side look the same whenever a proposal changes a few percent of a
    payroll (Boston's $83.2M against $83.2M), so the chart shows the one thing that differs, the added
    cost, with each year's totals in the title and alt text. With no proposal there is nothing to show."""
    names = proposal_names(costing)
    if not names:
        return NoChart()
    years = costing.years
    fig, ax = plt.subplots(figsize=(WIDTH, 2.6))
    x = np.arange(len(years))
    width = 0.8 / len(names)
    words = [f"{scenario_label(costing, BASELINE)}: "
             + _series_words({fiscal_year(fy): v for fy, v in
                              zip(years, select(costing.measures, "cost", "all_in", BASELINE, term=False)
                                  .reindex(years).to_numpy())})]
    for i, name in enumerate(names):
        values = select(costing.measures, "diff_baseline", "all_in", name, term=False).reindex(years).to_numpy()
        totals = select(costing.measures, "cost", "all_in", name, term=False).reindex(years).to_numpy()
        bars = ax.bar(x + (i - (len(names) - 1) / 2) * width, values, width * 0.9, color=COLORS[(i + 1) % len(COLORS)],
                      label=scenario_label(costing, name), edgecolor=COLORS[(i + 1) % len(COLORS)], linewidth=0.8)
        ax.bar_label(bars, labels=[_signed(v) for v in values], fontsize=7, padding=2)
        words.append(f"{scenario_label(costing, name)}: "
                     + _series_words({fiscal_year(fy): v for fy, v in zip(years, totals)})
                     + " (over the status quo: "
                     + _series_words({fiscal_year(fy): v for fy, v in zip(years, values)}) + ")")
    ax.axhline(0, color="#444", lw=0.7)
    ax.set_xticks(x, [fiscal_year(fy) for fy in years])
    _money_axis(ax)
    ax.set_ylabel("added cost in the fiscal year")
    ax.set_title(plain(_cost_title(costing)))
    if len(names) > 1:
        ax.legend(ncols=min(len(names), 3), loc="best", fontsize=7.5)
    ax.margins(y=0.2)
    ax.grid(axis="x", visible=False)
    return _done(fig, "Bar chart of each proposal's cost over the status quo by fiscal year. "
                 + "; ".join(words) + ".")


def _cost_title(costing: Costing) -> str:
    """A title that says what to conclude: how much more each proposal costs over the term."""
    parts = []
    for name in proposal_names(costing)[:2]:
        extra = float(select(costing.measures, "diff_baseline", "all_in", name)[TERM])
        parts.append(f"{scenario_label(costing, name)} {_signed(extra)}")
    return f"Cost over the status quo by fiscal year ({_term_span(costing)}: " + ", ".join(parts) + ")"


def horizontal_waterfall(ax, parts: list[tuple[str, float]], total_label: str, total: float) -> None:
    """A difference-only waterfall drawn across: each part a bar from where the last one ended, then
    the total from $0. The axis starts at $0 (nothing is zoomed), labels sit on their own rows at the
    left (long names never collide), each value sits past its bar's end (never struck through), and a
    part too small to see still shows as an outlined sliver with its value."""
    rows = [*parts, (total_label, total)]
    level, ends = 0.0, []
    for i, (_, v) in enumerate(parts):
        color = UP if v > 0 else DOWN
        ax.barh(i, v, left=level, color=color, edgecolor=color, linewidth=1.2, height=0.6)
        if i:
            ax.plot([level, level], [i - 1.3, i - 0.3], color="#999", lw=0.6)
        ends.append((i, level + v, v, level))
        level += v
    n = len(parts)
    ax.barh(n, total, color=TOTAL, edgecolor=TOTAL, linewidth=1.2, height=0.6)
    if parts:
        ax.plot([level, level], [n - 1.3, n - 0.3], color="#999", lw=0.6)
    ends.append((n, total, total, 0.0))
    for i, end, v, start in ends:
        right = max(end, start)
        left = min(end, start)
        outside_right = v >= 0
        ax.annotate(_signed(v) if i < n else _signed(total), (right if outside_right else left, i),
                    ha="left" if outside_right else "right", va="center", fontsize=7.5,
                    xytext=(3 if outside_right else -3, 0), textcoords="offset points")
    ax.set_yticks(range(len(rows)), [plain(_wrap(lab, 34)) for lab, _ in rows], fontsize=7.5)
    ax.invert_yaxis()
    ax.axvline(0, color="#444", lw=0.7)
    low = min(0.0, *[min(e, s) for _, e, _, s in ends])
    high = max(0.0, *[max(e, s) for _, e, _, s in ends])
    pad = 0.18 * ((high - low) or 1.0)
    ax.set_xlim(low - (pad if low < 0 else 0), high + pad)
    _money_axis(ax, "x")
    ax.grid(axis="y", visible=False)


def waterfall(costing: Costing, name: str):
    """What the proposal adds to the status quo over the term's years, by component family: a
    difference-only waterfall from $0 (the status quo's total is in the title, never a zoomed axis)."""
    def over_term(measure: str, convention: str, scenario: str = name) -> float:
        return float(select(costing.measures, measure, convention, scenario)[TERM])

    base_total, prop_total = over_term("cost", "all_in", BASELINE), over_term("cost", "all_in")
    steps = [(FAMILY_LABELS[f], over_term("diff_baseline", f)) for f in FAMILIES]
    steps = [(lab, v) for lab, v in steps if abs(v) >= 0.005]
    extra = over_term("diff_baseline", "all_in")
    span = _term_span(costing)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.42 * (len(steps) + 1) + 1.1))
    horizontal_waterfall(ax, steps, "Total over the status quo", extra)
    ax.set_xlabel(f"added cost over {span} combined")
    biggest = max(steps, key=lambda s: abs(s[1]))[0].lower() if steps else "nothing"
    fig.suptitle(plain(f"{scenario_label(costing, name)}: {_signed(extra)} over the status quo "
                       f"({short_money(base_total)}), {span} combined; most of it {biggest}", 80), fontsize=9.5, fontweight="bold")
    alt = (f"Waterfall of what {scenario_label(costing, name)} adds to the status quo over {span} "
           f"(status quo {money(base_total)}, {scenario_label(costing, name)} {money(prop_total)}): "
           + "; ".join(f"{lab} {'+' if v >= 0 else '-'}{money(abs(v))}" for lab, v in steps)
           + f"; total {'+' if extra >= 0 else '-'}{money(abs(extra))}.")
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


def _base_rows(frame: pd.DataFrame) -> pd.DataFrame:
    component = frame["component"]
    if isinstance(component.dtype, pd.CategoricalDtype):
        base = [c for c in component.cat.categories if str(c).split(":")[0] == "base"]
        return frame[component.isin(base)]
    return frame[component.astype(str).str.split(":").str[0] == "base"]


def raise_percents(costing: Costing) -> pd.DataFrame:
    """Each person's raise in base pay over the prior year, for EVERY costed year: the first year is
    compared with the scenario's own year before (``Costing.priors``), as the figures frame does."""
    parts = [_base_rows(prior) for prior in costing.priors.values() if len(prior)]
    frame = pd.concat([*parts, _base_rows(costing.results)], ignore_index=True) if parts else _base_rows(costing.results)
    frame = frame.assign(scenario=frame["scenario"].astype(str), component=frame["component"].astype(str))
    per = employee_raise_pct(frame)
    per = per[per["fiscal_year"].isin(costing.years)].copy()
    per["scenario"] = per["scenario"].astype(str)
    return per


def _series(per: pd.DataFrame, costing: Costing) -> list[tuple[str, list[str]]]:
    """Scenarios grouped by identical raises: a proposal that leaves everyone's base pay raise as under
    the status quo is drawn once with it (two identical bars say nothing), and named in the legend."""
    groups: list[tuple[pd.DataFrame, list[str]]] = []
    for name in costing.contracts:
        mine = per[per["scenario"] == name].sort_values(["fiscal_year", "employee_id"])[
            ["fiscal_year", "employee_id", "raise_pct"]].reset_index(drop=True)
        for rows, names in groups:
            if len(rows) == len(mine) and rows[["fiscal_year", "employee_id"]].equals(mine[["fiscal_year", "employee_id"]]) \
                    and np.allclose(rows["raise_pct"].to_numpy(), mine["raise_pct"].to_numpy(), atol=5e-5):
                names.append(name)
                break
        else:
            groups.append((mine, [name]))
    return [(names[0], names) for _, names in groups]


def raise_distribution(costing: Costing):
    """How many employees get what percentage raise in base pay, in every costed year (the first one
    against the year before). Bars of each scenario stand side by side within a bin; scenarios whose
    raises are the same are one series ("Status quo and Liaisons (the same)")."""
    per = raise_percents(costing)
    years = [fy for fy in costing.years if fy in set(per["fiscal_year"])]
    if not years:
        return NoChart()
    series = _series(per, costing)
    fig, axes = plt.subplots(1, len(years), figsize=(WIDTH, 2.7), sharey=True, squeeze=False)
    clipped = (per["raise_pct"] * 100).clip(-5, 30)   # in percent for the axis (rates are fractions)
    lo, hi = np.floor(clipped.min()), np.ceil(clipped.max())
    bins = np.arange(lo, max(hi, lo + 1) + 1, 1.0 if hi - lo <= 15 else 2.0)
    width = (bins[1] - bins[0]) * 0.9 / len(series)
    words = []
    for ax, fy in zip(axes[0], years):
        for i, (name, names) in enumerate(series):
            label = " and ".join(scenario_label(costing, n) for n in names) + (" (the same)" if len(names) > 1 else "")
            values = clipped[(per["scenario"] == name) & (per["fiscal_year"] == fy)]
            counts, _ = np.histogram(values, bins=bins)
            color = COLORS[list(costing.contracts).index(name) % len(COLORS)]
            ax.bar(bins[:-1] + (i + 0.5) * width + (bins[1] - bins[0]) * 0.05, counts, width, align="center",
                   color=color, label=label)
            if len(values):
                words.append(f"{fiscal_year(fy)}, {label}: median raise "
                             f"{percent(float(np.median(values)) / 100)} for {len(values)} people")
        ax.set_title(f"{fiscal_year(fy)} over {fiscal_year(fy - 1)}", fontsize=8.5)
        ax.set_xlabel("raise in base pay (%)", fontsize=7.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axes[0][0].set_ylabel("employees")
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="outside lower center", fontsize=7,
               ncols=min(len(series), 3))
    missing = [fy for fy in costing.years if fy not in years]
    if missing:   # said on the chart, never a silent gap: the year before has no rates to cost it on
        words.append(f"{', '.join(fiscal_year(fy) for fy in missing)} not shown: the year before cannot be costed")
    same = len(series) == 1 and len(costing.contracts) > 1
    fig.suptitle("How many people get what raise in base pay (same people, both years)"
                 + ("; the same under every scenario" if same else "")
                 + (f"\n{', '.join(fiscal_year(fy) for fy in missing)} not shown: the year before it cannot be costed"
                    " (no rates in force)" if missing else ""), fontsize=9.5, fontweight="bold")
    return _done(fig, "Histograms of each employee's raise in base pay over the prior year. " + "; ".join(words) + ".")


UNIT_WORDS = {"hourly": "an hour", "daily": "a day", "annual": "a year"}


def _rate_axis(ax, unit: str, top: float) -> None:
    if top >= 1000:
        ax.yaxis.set_major_formatter(_DistinctMoney())
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
                        color=plt.cm.Blues(0.35 + 0.65 * (j + 1) / len(dates)), label=date(when))
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
               f"{', '.join(date(w) for w in dates)}: the lowest rate of the first table is "
               f"{money(first.min())}, the highest of the last {money(last.max())}. The rate tables above give "
               f"every cell.")
        figures.append(_done(fig, alt))
    return figures


__all__ = ["use_report_style", "Chart", "NoChart", "tick_money", "horizontal_waterfall", "raise_percents", "cost_by_year", "waterfall", "raise_distribution", "rate_by_step",
           "proposal_names"]
