"""A costing's short text and HTML summary, for a terminal and for Jupyter.

An analyst who types a result's name in a notebook should see what it is (the scenarios, the
years, the headcount, the total by year and the difference from the status quo) and where the
full tables are, not 25,000 characters of DataFrame. Both forms are built from the figures table,
so they show the same numbers a report does. :func:`totals_table` and :func:`differences_table`
keep the figures' shape (integer fiscal years, the term its own row); only the printed summary
turns years into columns, for reading.
"""

from __future__ import annotations

import html

import pandas as pd

KEYS = ["scenario", "label", "fiscal_year", "period", "in_term"]


def totals_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Total cost per scenario and fiscal year, then over the term: the key columns of the figures
    (integer fiscal years, the term its own row) and ``total``, the status quo first."""
    return figures[[*KEYS, "total"]].reset_index(drop=True)


def differences_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Each proposal's total less the status quo's (new money over the status quo), per fiscal year and
    over the term, in dollars and as a fraction of the status quo's cost."""
    rows = figures[figures["scenario"].astype(str) != "baseline"]
    return rows[[*KEYS, "diff_baseline", "diff_baseline_pct"]].reset_index(drop=True)


def _by_year(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """For reading on a screen only: scenarios down (by label), FY2025 ... and "Over the term" across."""
    heads = ["Over the term" if p == "term" else f"FY{int(y)}" for y, p in zip(table["fiscal_year"], table["period"])]
    shown = table.assign(_year=heads)
    wide = shown.pivot_table(index="label", columns="_year", values=column, aggfunc="sum", sort=False)
    wide = wide.reindex(list(dict.fromkeys(shown["label"])))[list(dict.fromkeys(heads))]
    wide.index.name, wide.columns.name = None, None
    return wide.round(2)


def _headline(costing, title: str) -> list[str]:
    scenarios = list(dict.fromkeys(costing.figures["label"].astype(str)))
    years = costing.years
    span = f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}-FY{years[-1]}"
    people = f", {len(costing.roster):,} employees on the roster" if costing.roster is not None else ""
    return [title, f"{len(scenarios)} scenario(s) ({', '.join(scenarios)}) x {span}{people}"]


def _money(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else f"{v:,.2f}"))


def _tables_note(costing) -> str:
    return (f".figures ({len(costing.figures)} rows: every figure per scenario and year, and over the term), "
            f".measures ({len(costing.measures):,} rows: the same figures long, every convention and population), "
            f".components (long, per scenario, year and component; summed when first read), "
            f".results ({costing.projections.result_rows:,} rows: per employee, year and component)")


def summary_text(costing, title: str) -> str:
    """A few lines: what was costed, total by year, difference from the baseline, where the tables are."""
    lines = _headline(costing, title)
    lines += ["total cost:", _money(_by_year(totals_table(costing.figures), "total")).to_string()]
    diffs = differences_table(costing.figures)
    if len(diffs):
        lines += ["difference from the status quo:", _money(_by_year(diffs, "diff_baseline")).to_string()]
    lines.append(_tables_note(costing))
    return "\n".join(lines)


def summary_html(costing, title: str) -> str:
    """The same summary as a small HTML fragment (Jupyter's rich display)."""
    head, sub = (html.escape(t) for t in _headline(costing, title))
    parts = [f"<div><strong>{head}</strong><br><small>{sub}</small>",
             "<p style='margin:0.5em 0 0.2em'>Total cost</p>",
             _money(_by_year(totals_table(costing.figures), "total")).to_html(classes="costing-summary", border=0)]
    diffs = differences_table(costing.figures)
    if len(diffs):
        parts += ["<p style='margin:0.5em 0 0.2em'>Difference from the status quo</p>",
                  _money(_by_year(diffs, "diff_baseline")).to_html(classes="costing-summary", border=0)]
    parts.append(f"<small>{html.escape(_tables_note(costing))}</small></div>")
    return "\n".join(parts)
