"""Checks that need more than one file: years against the contract's period, switches against the proposals.

A single file can be valid and still be wrong for the run it is used in: fiscal years outside the
contract's period would be costed at rates nobody agreed, and a misspelt switch would silently
leave a contingent item off. Every path that costs (``cost_files``, ``validate`` of a scenario)
calls these, so ``validate`` and the costing agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..errors import InputError, did_you_mean
from .models import Contract, Proposal
from .parsing import parse_month_day


def fiscal_year_span(fiscal_year: int, start_month_day: str = "07-01") -> tuple[dt.date, dt.date]:
    """(first day, last day) of a fiscal year named by the year it ends (a 01-01 start: the calendar year)."""
    month, day = parse_month_day(start_month_day)
    first_year = fiscal_year if (month, day) == (1, 1) else fiscal_year - 1
    day = 28 if (month, day) == (2, 29) else day
    first = dt.date(first_year, month, day)
    return first, dt.date(first_year + 1, month, day) - dt.timedelta(days=1)


def check_years(contract: Contract, years: Iterable[int], source: str | None, where: str = "period",
                contract_name: str = "") -> None:
    """Every fiscal year costed lies inside the contract's period (when it states one)."""
    period = contract.period
    if period is None:
        return
    of = f" of {contract_name}" if contract_name else ""
    for year in sorted(years):
        first, last = fiscal_year_span(year, contract.fiscal_year_start)
        if first < period.start or last > period.end:
            raise InputError(source, where, f"fiscal year {year} ({first} to {last}) is outside the contract period"
                             f" {period.start} to {period.end}{of}; cost years inside it, or extend the period")


def check_switches(switches: Iterable[str], proposals: Iterable[Proposal], label: str = "switches",
                   source: str | None = None, contract_switches: Iterable[str] = ()) -> None:
    """Every switch names a contingent item of one of the proposals costed, or of the contract itself (a
    roll-up or benefit stated as a switchable assumption): a typo is not ignored."""
    known = sorted({c.contingent for p in proposals for c in p.changes if c.contingent} | set(contract_switches))
    for name in switches:
        if name not in known:
            has = f"the proposals' contingent items are {', '.join(known)}" if known else "no proposal has contingent items"
            raise InputError(source, label, f"{name!r} switches nothing on{did_you_mean(name, known)}; {has}")
