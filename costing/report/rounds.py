"""The negotiation as it happened, for a report: a timeline of the offers converging, the gap per round,
the rounds with their costs, the raise as quoted beside the press's figures, and the sources.

The figures are :mod:`costing.negotiate.rounds`'s (the same ``costing rounds`` prints); this module
only arranges them into :class:`~costing.report.table.Table` objects and charts, for the
``negotiation`` notebook and the negotiation section of ``compare_proposals``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.rounds import SIDE_WORDS, STATUS_WORDS
from ..inputs.scenario import resolve
from ..negotiate.rounds import TOTAL, RoundsCosting, cost_rounds, quoted_rates, round_figures, standing_offers
from .charts import COLORS, WIDTH, _done, _money_axis, plain
from .format import fiscal_year, money, short_money
from .table import Table

UNION, COMMITTEE, AGREED = COLORS[2], COLORS[1], COLORS[3]


def scenario_rounds(scenario, scenario_path: str | Path, required: bool = False) -> RoundsCosting | None:
    """The rounds a scenario names (``rounds:``), costed; None if it names none (an error if ``required``).

    The rounds must be costed on the scenario's own roster and contract: a rounds file that names
    others is refused (naming the scenario's ``rounds`` key), so the report never sets two costings
    of different inputs side by side.
    """
    if not getattr(scenario, "rounds", None):
        if required:
            raise InputError(str(scenario_path), "rounds", "is not given: the negotiation report needs a rounds file"
                             " (docs/formats.md, Negotiation rounds)")
        return None
    path = resolve(scenario_path, scenario.rounds)
    rc = cost_rounds(path)
    for name in ("roster", "contract"):
        mine, theirs = resolve(scenario_path, getattr(scenario, name)), resolve(path, getattr(rc.spec, name))
        if mine != theirs:
            raise InputError(str(scenario_path), "rounds", f"{scenario.rounds} costs its rounds on {name} {theirs.name}"
                             f" ({theirs}), the scenario on {mine.name} ({mine}): name the same {name} in both")
    return rc


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
        "Round": [f"{n}. {d}" for n, d in zip(frame["round"], [_date(x) for x in frame["date"]])],
        "Offer": frame["label"],
        "Side, status": [f"{_who(a)}, {STATUS_WORDS[b]}" for a, b in zip(frame["side"], frame["status"])],
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
                      f"years ({money(float(frame['cost_of_1pct'].iloc[0]))}). A blank: nothing to measure against.")


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


def quoted_rates_table(rc: RoundsCosting) -> Table | None:
    """The raise each round gives at the quoted cell, year by year, added up and compounded, beside the press's figures."""
    rates = quoted_rates(rc)
    if rates.empty:
        return None
    cell = rc.spec.quote_cell
    out = pd.DataFrame({"Round": [f"{n}. {lab}" for n, lab in zip(rates["round"], rates["label"])],
                        **{fiscal_year(fy): _pct(rates.get(f"FY{fy}_pct")) for fy in rc.years},
                        "Simple sum": _pct(rates.get("simple_pct")), "Compounded": _pct(rates.get("compounded_pct")),
                        "Reported": rates["reported"]})
    return Table(out, css_class="wide wrap", missing="",
                 caption=f"The raise as quoted: {cell.schedule} {cell.lane} step {cell.step}, each fiscal year's change in "
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
    """Percents to two places (12.57%, not 12.6%: the press's rounding is set beside it)."""
    if values is None:
        return []
    return ["" if pd.isna(v) else f"{v:.2f}%" for v in values]


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(month)}/{int(day)}/{year}"


# ---- charts ---------------------------------------------------------------------------------------

def timeline_chart(rc: RoundsCosting):
    """Each side's standing offer as new money over the status quo, round by round, converging on the agreement."""
    frame = standing_offers(rc)
    x = np.arange(len(frame))
    fig, ax = plt.subplots(figsize=(WIDTH, 3.1))
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
    ax.set_xticks(x, [f"{n}\n{_date(d)}" for n, d in zip(frame["round"], frame["date"])], fontsize=7)
    _money_axis(ax)
    ax.set_ylabel(f"new money, {_years(rc)}", fontsize=8)
    ax.legend(fontsize=7, loc="upper right")
    ax.set_title(plain("Each side's standing offer, round by round: new money over the status quo"))
    words = []
    for _, row in frame.iterrows():
        side = _who(row["side"])
        value = row["union_new_money"] if row["side"] in ("union", "joint") else row["committee_new_money"]
        words.append(f"round {row['round']} ({_date(row['date'])}, {side} {STATUS_WORDS[row['status']]}): "
                     + ("withdrawn" if pd.isna(value) else f"{money(float(value))} new money"))
    return _done(fig, "Timeline of the negotiation: new money over the status quo of each side's standing offer after "
                      "each round. " + "; ".join(words) + ". The table below gives every figure.")


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

    lead = ("Every round of the negotiation, costed on the same roster and contract as the proposals above; the "
            "full record, year by year and with the raise as quoted, is the negotiation report.")
    return [Html(f'<h2 class="new-page">The negotiation, round by round</h2><p>{lead}</p>'), timeline_chart(rc),
            gap_chart(rc), rounds_table(rc), sources_table(rc)]


__all__ = ["scenario_rounds", "compare_section", "rounds_table", "rounds_by_year_table", "quoted_rates_table", "sources_table",
           "timeline_chart", "gap_chart"]
