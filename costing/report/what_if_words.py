"""The what-if page's words and tables: figures as a negotiator reads them out, never a developer's text.

A gap is said with its direction ("$453,642 below the MOA"), not as an accounting negative; a
proposal is named by its ``label`` (else its title), never by its file name; a message about an
input names the file by its name alone and never shows a folder of this computer. The figures
come from :class:`costing.negotiate.what_if.Recosted`: nothing here computes a figure.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .format import fiscal_year, money, percent
from .table import Table
from .tables import BASELINE, scenario_label

ABSOLUTE_PATH = re.compile(r"(?<![\w.~])(?:[A-Za-z]:)?[/\\](?:[^\s/\\'\"]+[/\\])+(?=[^\s/\\'\"]*)")
"""A folder part of an absolute path in a message (``/home/x/data/`` in ``/home/x/data/file.yaml``)."""


def label(what_if, name: str) -> str:
    """A scenario as the page names it: Status quo, the proposal's label, else its title shortened."""
    return scenario_label(what_if.costing, name)


def dollars(value) -> str:
    """Whole dollars, rounded half up: $453,642 (no sign: the words around it give the direction)."""
    whole = Decimal(str(abs(float(value)))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"${whole:,}"


def compared(amount, other: str, more: str = "above", less: str = "below") -> str:
    """"$453,642 below the MOA", "$1,200 above the MOA" or "the same as the MOA" (to the whole dollar)."""
    if abs(float(amount)) < 0.5:
        return f"the same as {other}"
    return f"{dollars(amount)} {more if float(amount) > 0 else less} {other}"


def cents_compared(amount, more: str = "above", less: str = "below") -> str:
    """A gap to the cent with its direction, for a table: "$151,214.09 below"; "none" when equal."""
    value = round(float(amount), 2)
    if value == 0:
        return "none"
    return f"{money(abs(value))} {more if value > 0 else less}"


def budget_words(gap: float) -> tuple[str, str]:
    """(heading, words) for new money against a budget: over it, within it, or exactly on it."""
    if abs(gap) < 0.5:
        return "Budget", "exactly the budget"
    if gap > 0:
        return "Over the budget", f"{dollars(gap)} over"
    return "Within the budget", f"{dollars(gap)} to spare"


def plain_message(error: BaseException) -> str:
    """An error as the page shows it: the file by its name, never a folder of this computer."""
    if isinstance(error, InputError):
        source = Path(error.source).name if error.source else None
        text = str(InputError(source, error.where, error.message))
    elif isinstance(error, OSError):
        name = Path(error.filename).name if error.filename else ""
        text = f"{name}: {error.strerror}" if name and error.strerror else (error.strerror or "the file cannot be written")
    else:
        text = str(error)
    return without_folders(text)


def without_folders(text: str) -> str:
    """``/home/x/data/file.yaml`` -> ``file.yaml``, wherever a message quotes an absolute path."""
    return ABSOLUTE_PATH.sub("", text)


def figures_table(what_if, recosted, caption: str = "") -> Table:
    """The page's figures by fiscal year and over the contract, named as a negotiator reads them.

    The "Change from as filed" column appears once the proposal has been moved; against another
    offer, the gap to it is said in words with its direction ("$151,214.09 below").
    """
    frame = recosted.frame
    mine, theirs = label(what_if, what_if.name), label(what_if, what_if.other)
    columns = {"Fiscal year": [fiscal_year(v) if v != "total" else "Total" for v in frame["fiscal_year"]],
               "Status quo": frame["status_quo"], mine: frame["proposal"], "New money over the status quo": frame["new_money"]}
    formats = dict.fromkeys(list(columns)[1:], "money")
    if frame["change"].abs().max() >= 0.005:
        columns["Change from as filed"] = frame["change"]
        formats["Change from as filed"] = "money"
    if what_if.other != BASELINE:   # against the status quo, the gap is the new money: shown once
        columns[theirs] = frame["other"]
        formats[theirs] = "money"
        columns[f"Against {theirs}"] = [cents_compared(v) for v in frame["gap"]]
    out = pd.DataFrame(columns)
    return Table(out, formats, total_rows=1,
                 caption=caption or f"{mine}: cost, new money over the status quo and the gap to {theirs}")


def settlement_table(what_if, recosted, places: int = 2) -> Table:
    """The settlement percent of the (edited) proposal under each named convention, year by year and over
    the contract, with the other side's over the contract beside it (conventions: costing.negotiate.compare)."""
    from ..negotiate.compare import CONVENTIONS

    table = recosted.settlement
    mine, theirs = label(what_if, what_if.name), label(what_if, what_if.other)
    rows = []
    for key, text in CONVENTIONS.items():
        row = {"Convention": text}
        for r in table[table["scenario"] == what_if.name].itertuples():
            name = "Over the contract" if r.period == "term" else fiscal_year(r.fiscal_year)
            row[name] = percent(getattr(r, key), places)
        other = table[(table["scenario"] == what_if.other) & (table["period"] == "term")]
        row[f"{theirs}, over the contract"] = percent(other[key].iloc[0], places) if len(other) else ""
        rows.append(row)
    return Table(pd.DataFrame(rows), caption=f"{mine}: settlement percent, year over year, by convention",
                 note="Each convention counts different costs, so quote the convention with the number. The first "
                      "year is measured from the status quo year before it; over the contract, the years compound.")


def who_gets_what_table(what_if, distribution: pd.DataFrame) -> Table:
    """Who gets what over the contract under the proposal as shown: each group's median increase in pay
    and, where the contract has premiums, the median change in the employee's share and in take-home pay."""
    from .glossary import pct_label

    mine = label(what_if, what_if.name)
    rows = distribution.sort_values("group", ascending=False)
    out = pd.DataFrame({"Group": [str(g).capitalize() for g in rows["group"]], "People": rows["people"].to_numpy(),
                        pct_label("Median increase", "personal_pay"): rows["median"].to_numpy(),
                        pct_label("Lowest", "personal_pay"): rows["min"].to_numpy(),
                        pct_label("Highest", "personal_pay"): rows["max"].to_numpy()})
    formats = {"People": "count", **{c: "percent" for c in out.columns[2:]}}
    premiums = any(c.benefits for c in what_if.costing.contracts.values()) and "premium_change_median" in rows
    if premiums:
        out["Employee's premium share, median change $ a year"] = rows["premium_change_median"].to_numpy()
        out[pct_label("Median take-home increase", "take_home")] = rows["take_home_median"].to_numpy()
        formats.update({out.columns[-2]: "money", out.columns[-1]: "percent"})
    return Table(out, formats, caption=f"{mine}: who gets what over the contract",
                 note="Each person's increase from the year before the first to the last year: pay is base, longevity, "
                      "stipends, one-time and retro payments; only people on the roster for the whole period; group is "
                      "placement at the end of the contract." + (" The premium share is what the employee pays of "
                                                                  "health and other premiums." if premiums else ""))
