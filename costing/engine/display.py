"""A costing's short text and HTML summary, for a terminal and for Jupyter.

An analyst who types a result's name in a notebook should see what it is (the scenarios, the
years, the headcount, the total by year and the difference from the status quo) and where the
full tables are, not 25,000 characters of DataFrame. Both forms are built from the figures table,
so they show the same numbers a report does.
"""

from __future__ import annotations

import html

import pandas as pd


def totals_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Total cost by scenario (rows) and fiscal year (columns FY2025 ...), baseline first."""
    wide = figures.pivot_table(index="scenario", columns="fiscal_year", values="total", aggfunc="sum", observed=True)
    order = ["baseline", *[s for s in wide.index if s != "baseline"]]
    wide = wide.reindex([s for s in order if s in wide.index])
    wide.columns = [f"FY{int(c)}" for c in wide.columns]
    wide.index.name = None
    return wide.round(2)


def differences_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Each proposal's total less the baseline's (new money over the status quo), by fiscal year."""
    wide = figures.pivot_table(index="scenario", columns="fiscal_year", values="diff_baseline", aggfunc="sum",
                               observed=True)
    wide = wide.drop(index=[s for s in wide.index if s == "baseline"])
    wide.columns = [f"FY{int(c)}" for c in wide.columns]
    wide.index.name = None
    return wide.round(2)


def _headline(costing, title: str) -> list[str]:
    scenarios = list(dict.fromkeys(costing.figures["scenario"].astype(str)))
    years = costing.years
    span = f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}-FY{years[-1]}"
    people = f", {len(costing.roster):,} employees on the roster" if costing.roster is not None else ""
    return [title, f"{len(scenarios)} scenario(s) ({', '.join(scenarios)}) x {span}{people}"]


def _money(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else f"{v:,.2f}"))


def _tables_note(costing) -> str:
    return (f".figures ({len(costing.figures)} rows: every figure per scenario and year), "
            f".measures ({len(costing.measures):,} rows: the same figures long, with every convention), "
            f".components ({len(costing.components)} rows: one column per component), "
            f".results ({len(costing.results):,} rows: per employee, year and component)")


def summary_text(costing, title: str) -> str:
    """A few lines: what was costed, total by year, difference from the baseline, where the tables are."""
    lines = _headline(costing, title)
    lines += ["total cost:", _money(totals_table(costing.figures)).to_string()]
    diffs = differences_table(costing.figures)
    if len(diffs):
        lines += ["difference from the baseline:", _money(diffs).to_string()]
    lines.append(_tables_note(costing))
    return "\n".join(lines)


def summary_html(costing, title: str) -> str:
    """The same summary as a small HTML fragment (Jupyter's rich display)."""
    head, sub = (html.escape(t) for t in _headline(costing, title))
    parts = [f"<div><strong>{head}</strong><br><small>{sub}</small>",
             "<p style='margin:0.5em 0 0.2em'>Total cost</p>",
             _money(totals_table(costing.figures)).to_html(classes="costing-summary", border=0)]
    diffs = differences_table(costing.figures)
    if len(diffs):
        parts += ["<p style='margin:0.5em 0 0.2em'>Difference from the baseline</p>",
                  _money(diffs).to_html(classes="costing-summary", border=0)]
    parts.append(f"<small>{html.escape(_tables_note(costing))}</small></div>")
    return "\n".join(parts)
