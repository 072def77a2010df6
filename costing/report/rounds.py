"""The negotiation as it happened, for a report: a timeline of the offers converging, the gap per round,
the rounds with their costs, the raise as quoted beside the press's figures, and the sources.

The figures are :mod:`costing.negotiate.rounds`'s (the same ``costing rounds`` prints); this module
only arranges them into :class:`~costing.report.table.Table` objects and charts, for the
``negotiation`` notebook and the negotiation section of ``compare_proposals``.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ..errors import InputError
from ..inputs.labels import lane_label, schedule_label
from ..inputs.rounds import SIDE_WORDS, STATUS_WORDS
from ..inputs.scenario import read_scenario
from ..negotiate.rounds import TOTAL, RoundsCosting, cost_scenario_rounds, quoted_rates, round_figures, standing_offers
from .charts import COLORS, WIDTH, _done, _money_axis, plain
from .format import fiscal_year, money, short_money
from .table import Table

UNION, COMMITTEE, AGREED = COLORS[2], COLORS[1], COLORS[3]


def scenario_rounds(scenario, scenario_path: str | Path, required: bool = False) -> RoundsCosting | None:
    """The rounds a scenario names (``rounds:``), costed as the scenario is; None if it names none (an
    error if ``required``).

    Read through the one scenario loader, the rounds are costed with the scenario's own years,
    roster date, proration, roll-up rates, moves and switches, beside its own proposals
    (:func:`costing.negotiate.rounds.cost_scenario_rounds`): the same proposal has the same cost in
    the compare section and in the negotiation section. A rounds file on another roster or
    contract is refused (naming the scenario's ``rounds`` key).
    """
    if not getattr(scenario, "rounds", None):
        if required:
            raise InputError(str(scenario_path), "rounds", "is not given: the negotiation report needs a rounds file"
                             " (docs/formats.md, Negotiation rounds)")
        return None
    return cost_scenario_rounds(read_scenario(scenario_path))


def _years(rc: RoundsCosting) -> str:
    return f"{fiscal_year(rc.years[0])} to {fiscal_year(rc.years[-1])}"


def _who(side: str) -> str:
    return SIDE_WORDS[side]


# ---- tables ---------------------------------------------------------------------------------------

def rounds_table(rc: RoundsCosting) -> Table:
    """Every round over the costed years: cost, new money, the gap to the other side, how far each side moved."""
    frame = round_figures(rc)
    frame = frame[frame["period"] == TOTAL].reset_index(drop=True)
    out = pd.DataFrame({
        "Round": [f"{n}. {_date(d)}, {_who(a)}, {STATUS_WORDS[b]}"  # one column for when, who and what kind
                  for n, d, a, b in zip(frame["round"], frame["date"], frame["side"], frame["status"])],
        "Offer": frame["label"],
        "Cost": frame["cost"], "New money": frame["new_money"],
        "Gap to the other side": frame["gap"], "Gap, points": [_points(v) for v in frame["gap_points"]],
        "Union moved": frame["union_moved"], "Committee moved": frame["committee_moved"],
    })
    formats = {c: "money" for c in ("Cost", "New money", "Gap to the other side", "Union moved", "Committee moved")}
    return Table(out, formats, css_class="wide wrap", missing="",
                 caption=f"The negotiation round by round: cost over {_years(rc)} on the same roster and contract",
                 note="New money: the round's cost less the status quo's. Gap: the round's cost less the other side's "
                      "latest standing offer. Moved: a side's offer less its own previous offer (an agreement moves "
                      "both). Points: of the cost of 1%, the dollars divided by the status quo's cost of a 1% raise over the same "
                      f"years ({money(float(frame['cost_of_1pct'].iloc[0]))}). A blank: nothing to measure against."
                      + _assumed_note(rc))


def _assumed_note(rc: RoundsCosting) -> str:
    """Which rounds rest on assumed terms: said once, under the timeline (:func:`assumed_terms`), and pointed to
    from the rounds table (a column of it wrapped each round's phrase over seven lines and pushed the figures
    past the page)."""
    rounds = [str(i + 1) for i, item in enumerate(rc.spec.rounds) if item.assumed]
    if not rounds:
        return ""
    if len(rounds) == len(rc.spec.rounds):
        which = "Every round's cost rests"
    else:
        which = f"Round {rounds[0]}'s cost rests" if len(rounds) == 1 else \
            f"The costs of rounds {', '.join(rounds[:-1])} and {rounds[-1]} rest"
    return (f" {which} on terms the sources do not give: what was assumed is said under the timeline, and each "
            "round's note in the sources says more.")


def rounds_by_year_table(rc: RoundsCosting) -> Table:
    """Each round's new money over the status quo in each fiscal year (what the year's budget must find)."""
    frame = round_figures(rc)
    frame = frame[frame["period"] != TOTAL]
    wide = frame.pivot(index="round", columns="period", values="new_money")
    labels = dict(zip(frame["round"], frame["label"]))
    out = pd.DataFrame({"Round": [f"{n}. {labels[n]}" for n in wide.index],
                        **{fiscal_year(fy): wide[f"FY{fy}"].to_numpy() for fy in rc.years}})
    return Table(out, {c: "money" for c in out.columns[1:]}, css_class="wrap", missing="",
                 caption="New money over the status quo, by fiscal year and round")


def _cell_words(rc: RoundsCosting) -> str:
    """The quoted cell by its labels ('Unit A teachers, lane MA, step 14'), never by the schedule's key."""
    cell, contract = rc.spec.quote_cell, rc.costing.contracts["baseline"]
    return f"{schedule_label(contract, cell.schedule)}, {lane_label(contract, cell.schedule, cell.lane)}, step {cell.step}"


def quoted_rates_table(rc: RoundsCosting) -> Table | None:
    """The raise each round gives at the quoted cell, year by year, added up and compounded, beside the press's figures."""
    rates = quoted_rates(rc)
    if rates.empty:
        return None
    out = pd.DataFrame({"Round": [f"{n}. {lab}" for n, lab in zip(rates["round"], rates["label"])],
                        **{fiscal_year(fy): _pct(rates.get(f"FY{fy}_pct")) for fy in rc.years},
                        "Simple sum": _pct(rates.get("simple_pct")), "Compounded": _pct(rates.get("compounded_pct")),
                        "Reported": rates["reported"]})
    return Table(out, css_class="wide wrap", missing="",
                 caption=f"The raise as quoted: {_cell_words(rc)}, each fiscal year's change in "
                         "the year-end rate",
                 note="Simple sum: the years' percents added (how raises are often announced); compounded: each on "
                      "top of the one before (what the cell's rate rises by). Reported: the figures the press or the "
                      "parties published, with who published them and when; they may measure something else.")


def sources_table(rc: RoundsCosting) -> Table:
    """Who reported each round, when, and what the costing had to assume."""
    rows = []
    for i, item in enumerate(rc.spec.rounds):
        rows.append({"Round": f"{i + 1}. {_date(item.date.isoformat())}", "Offer": rc.label(i),
                     "Reported by": item.source.text(), "Where": item.source.link, "Note": item.note})
    return Table(pd.DataFrame(rows), css_class="wide wrap",
                 caption="Sources: who reported each round, and what had to be assumed")


def _points(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value:,.2f}"


def _pct(values) -> list[str]:
    """Rates (fractions) as percents to two places (12.57%, not 12.6%: the press's rounding is set beside it)."""
    if values is None:
        return []
    return ["" if pd.isna(v) else f"{v:.2%}" for v in values]


def _date(day: str | dt.date) -> str:
    """A date as the reports write it: 7/1/2024."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.month}/{day.day}/{day.year}"


# ---- charts ---------------------------------------------------------------------------------------

def timeline_chart(rc: RoundsCosting):
    """Each side's standing offer as new money over the status quo, on a time axis: months between rounds
    look like months. Rounds crowded together (days apart, or on one day) are drawn again, enlarged, in a
    panel beside, so that every round's number stays readable."""
    frame = standing_offers(rc)
    x = mdates.date2num(round_moments(rc))
    crowd = crowded_rounds(x)
    if crowd is None:
        fig, ax = plt.subplots(figsize=(WIDTH, 3.3))
        panels = [(ax, list(range(len(x))))]
    else:
        fig, (ax, zoom) = plt.subplots(1, 2, figsize=(WIDTH, 3.4), sharey=True, gridspec_kw={"width_ratios": [2.3, 1]})
        inside = list(range(crowd[0], crowd[1] + 1))
        panels = [(ax, [i for i in range(len(x)) if i not in inside]), (zoom, inside)]
    for axis, _ in panels:
        _draw_offers(axis, frame, x)
    _date_axis(ax, x)
    _money_axis(ax)
    ax.margins(y=0.18)
    ax.set_ylabel(f"new money, {_years(rc)}", fontsize=8)
    if crowd is not None:
        low, high = _padded(x[crowd[0]: crowd[1] + 1])
        ax.axvspan(low, high, color="#999", alpha=0.18, lw=0)
        _date_axis(zoom, x[crowd[0]: crowd[1] + 1], most=3)
        zoom.set_title(f"rounds {crowd[0] + 1}-{crowd[1] + 1} enlarged (the shaded days)", fontsize=7.5, fontweight="normal")
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=7, loc="outside lower center", ncol=3, frameon=False)
    fig.suptitle(plain("Each side's standing offer over time: new money over the status quo (numbers: the rounds)"),
                 fontsize=9.5, fontweight="bold")
    fig.draw_without_rendering()  # lay the figure out, so the numbers are placed where they will print
    made = _made_values(frame)
    for axis, indexes in panels:
        _number_rounds(axis, x, made, frame, indexes)
    words = []
    for _, row in frame.iterrows():
        side = _who(row["side"])
        value = row["union_new_money"] if row["side"] in ("union", "joint") else row["committee_new_money"]
        words.append(f"round {row['round']} ({_date(row['date'])}, {side} {STATUS_WORDS[row['status']]}): "
                     + ("withdrawn" if pd.isna(value) else f"{money(float(value))} new money"))
    return _done(fig, "Timeline of the negotiation, by date: new money over the status quo of each side's standing "
                      "offer after each round. " + "; ".join(words) + ". The table below gives every figure.")


def round_moments(rc: RoundsCosting) -> list[dt.datetime]:
    """When each round happened, for a time axis: its date at its time (noon when none is given)."""
    out = []
    for item in rc.spec.rounds:
        hour, minute = (int(part) for part in item.time.split(":")) if item.time else (12, 0)
        out.append(dt.datetime.combine(item.date, dt.time(hour, minute)))
    return out


def crowded_rounds(x: np.ndarray, share: float = 1 / 30) -> tuple[int, int] | None:
    """(first, last) round index of the largest run of rounds each closer to the next than ``share`` of the
    whole negotiation's span (the latest such run on a tie), or None if no two rounds are that close."""
    if len(x) < 3:
        return None
    close = np.diff(x) < (float(x.max() - x.min()) or 1.0) * share
    best, start = None, None
    for i, near in enumerate([*close, False]):
        if near and start is None:
            start = i
        elif not near and start is not None:
            if best is None or i - start >= best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or (best[0] == 0 and best[1] == len(x) - 1):
        return None  # every round is in the run: the whole axis is already the enlargement
    return best


def _padded(x: np.ndarray) -> tuple[float, float]:
    span = max(float(x.max() - x.min()), 1.0)
    return float(x.min()) - span * 0.08, float(x.max()) + span * 0.08


def _draw_offers(ax, frame: pd.DataFrame, x: np.ndarray) -> None:
    """Each side's standing offer as a step line, a dot where the side made an offer, a star at an agreement."""
    for side, color in (("union", UNION), ("committee", COMMITTEE)):
        values = frame[f"{side}_new_money"].to_numpy(dtype=float)
        ax.step(x, values, where="post", color=color, lw=1.6, label=f"{_who(side)}'s standing offer")
        made = (frame["side"] == side).to_numpy()
        ax.plot(x[made], values[made], "o", color=color, ms=5)
    agreed = frame["side"].to_numpy() == "joint"
    if agreed.any():
        ax.plot(x[agreed], frame["union_new_money"].to_numpy(dtype=float)[agreed], "*", color=AGREED, ms=13,
                label="agreement", zorder=5)
    ax.axhline(0, color="#444", lw=0.8, ls="--")


def _date_axis(ax, x: np.ndarray, most: int = 7) -> None:
    """A time axis labelled as the report writes dates (7/1/2024; with the hour when the axis spans hours),
    with at most ``most`` ticks."""
    low, high = _padded(x) if len(x) > 1 else (float(x[0]) - 1, float(x[0]) + 1)
    ax.set_xlim(low, high)
    locator = mdates.AutoDateLocator(minticks=2, maxticks=most)
    locator.intervald[mdates.HOURLY] = [1, 2, 3, 4, 6, 12, 24]  # a day or two of rounds: few ticks, no warning
    ax.xaxis.set_major_locator(locator)
    hours = high - low < 3

    def label(value, _pos):
        when = mdates.num2date(value)
        return _date(when.date()) + (f"\n{when:%H:%M}" if hours else "")

    ax.xaxis.set_major_formatter(FuncFormatter(label))
    ax.tick_params(axis="x", labelsize=7)


def _made_values(frame: pd.DataFrame) -> np.ndarray:
    """Each round's own offer (new money) where its marker stands; NaN for a withdrawal."""
    union, committee = frame["union_new_money"].to_numpy(dtype=float), frame["committee_new_money"].to_numpy(dtype=float)
    return np.where(frame["side"].to_numpy() == "committee", committee, union)


def _number_rounds(ax, x: np.ndarray, y: np.ndarray, frame: pd.DataFrame, indexes: list[int]) -> None:
    """Write each round's number by its marker, at the first place (above or below, then to either side) that
    covers no marker, no step it rises or falls by, and no number already written."""
    scale = 72.0 / ax.figure.dpi
    low, high = ax.get_xlim()

    def point(i: int, value: float) -> tuple[float, float]:
        px, py = ax.transData.transform((x[i], value))
        return px * scale, py * scale

    shown = [i for i in range(len(x)) if low <= x[i] <= high and not np.isnan(y[i])]
    taken = []
    for i in shown:
        px, py = point(i, y[i])
        taken.append((px - 4, py - 4, px + 4, py + 4))
        for side in ("union", "committee"):  # the vertical step each side's line makes at this round
            before, after = frame[f"{side}_new_money"].iloc[max(i - 1, 0)], frame[f"{side}_new_money"].iloc[i]
            if i and not pd.isna(before) and not pd.isna(after) and before != after:
                _, top = point(i, max(before, after))
                _, bottom = point(i, min(before, after))
                taken.append((px - 1.5, bottom, px + 1.5, top))
    for i in (i for i in indexes if i in shown):
        px, py = point(i, y[i])
        width = 4.5 * len(str(i + 1)) + 2
        first = [(0, 6), (0, -15)] if frame["side"].iloc[i] != "committee" else [(0, -15), (0, 6)]
        tries = first + [(dx, dy) for dy in (-4, 6, -15, 16, -25) for dx in (10, -10, 20, -20)]
        for dx, dy in tries:
            box = (px + dx - width / 2, py + dy, px + dx + width / 2, py + dy + 9)
            if not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken):
                break
        taken.append(box)
        ax.annotate(str(i + 1), (x[i], y[i]), xytext=(dx, dy), textcoords="offset points", ha="center", va="bottom",
                    fontsize=7, color="#222")


def assumed_terms(rc: RoundsCosting):
    """What the costing had to assume about each round's terms, for beside the timeline (None if nothing was)."""
    from .context import Html

    said = [f"{i + 1}. {html.escape(rc.label(i))}: {html.escape(item.assumed)}"
            for i, item in enumerate(rc.spec.rounds) if item.assumed]
    if not said:
        return None
    return Html('<p class="note">Terms assumed, by round (the sources give less; each round\'s note in the sources '
                "says what they give): " + "; ".join(said) + ".</p>")


def gap_chart(rc: RoundsCosting):
    """The gap between the sides' standing offers after each round (union less committee), in dollars."""
    frame = standing_offers(rc)
    x = np.arange(len(frame))
    gaps = frame["gap"].to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(WIDTH, 2.6))
    shown = np.nan_to_num(gaps)
    ax.bar(x, shown, color=[UNION if g > 0 else COMMITTEE for g in shown], width=0.6)
    for i, (g, pts) in enumerate(zip(gaps, frame["gap_points"])):
        if not np.isnan(g):
            ax.annotate(f"{short_money(g) if g >= 0 else '-' + short_money(-g)}\n{pts:.1f} pts", (i, max(g, 0)),
                        ha="center", va="bottom", fontsize=6.5, xytext=(0, 2), textcoords="offset points")
    ax.axhline(0, color="#444", lw=0.7)
    ax.set_xticks(x, [f"{n}\n{_date(d)}" for n, d in zip(frame["round"], frame["date"])], fontsize=7)
    _money_axis(ax)
    ax.margins(y=0.25)
    ax.set_ylabel(f"gap, {_years(rc)}", fontsize=8)
    ax.set_title(plain("The gap between the two sides' standing offers after each round"))
    words = [f"round {n}: {'no standing offer from both sides' if np.isnan(g) else money(float(g))}"
             for n, g in zip(frame["round"], gaps)]
    return _done(fig, "Bar chart of the gap (the union's standing offer less the committee's) after each round, over "
                      f"{_years(rc)}: " + "; ".join(words) + ".")


def compare_section(rc: RoundsCosting | None) -> list:
    """The compare report's negotiation section, in order: heading, timeline, gap per round, rounds, sources."""
    if rc is None:
        return []
    from .context import Html

    lead = ("Every round of the negotiation, costed in the same costing as the proposals above (the same roster, "
            "contract, years, roster date, roll-up rates and moves), so a proposal offered in a round has the same cost "
            "here as above; the full record, year by year and with the raise as quoted, is the negotiation report.")
    assumed = assumed_terms(rc)
    return [Html(f'<h2 class="new-page">The negotiation, round by round</h2><p>{lead}</p>'), timeline_chart(rc),
            *([assumed] if assumed else []), gap_chart(rc), rounds_table(rc), sources_table(rc)]


__all__ = ["scenario_rounds", "compare_section", "rounds_table", "rounds_by_year_table", "quoted_rates_table", "sources_table",
           "timeline_chart", "gap_chart", "assumed_terms", "round_moments"]
