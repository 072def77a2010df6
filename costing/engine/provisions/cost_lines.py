"""Unit-level cost lines (class coverage, tuition pools, substitutes): per year, escalated, capped.

A cost line is ``rate x quantity`` a year, prorated over the part of the fiscal year it is in force.
Two things contracts add, and the costing follows:

- **Escalation.** Stipend-like lines often follow the raise (Newton's coaches and stipends take
  the COLA of Units A/B/E): ``escalate_with`` scales the rate by one cell of a schedule (by default
  its first lane's top step) on each day, over that cell on the line's effective date.
- **A cap per contract year.** Newton caps class-coverage pay at $75,000 a *contract* year
  (Sept-Aug), which straddles two fiscal years. The uncapped amount of each contract year is
  capped, and what remains is charged to each fiscal year in proportion to the uncapped amount
  that falls in it (calendar days). With ``cap_per: fiscal_year`` the cap applies to each fiscal
  year's amount, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...errors import InputError
from ...inputs.models import Contract, CostLine
from .. import dates as d
from ..money import round_array
from ..proration import share_of_year
from ..rate_tables import rate_in_force
from . import rollup
from .year import CostedYear


def _escalation(contract: Contract, line: CostLine, day: dt.date) -> float:
    """The line's rate multiplier on ``day`` (1 without escalation)."""
    spec = line.escalate_with
    if spec is None:
        return 1.0
    where = f"cost line {line.name}, escalate_with"
    try:
        schedule = contract.schedule(spec.schedule)
    except KeyError:
        raise InputError(None, where, f"unknown schedule {spec.schedule!r}") from None
    lane = spec.lane or schedule.lanes[0]
    step = spec.step or schedule.steps[-1]
    try:
        base = rate_in_force(schedule, lane, step, line.effective)
        now = rate_in_force(schedule, lane, step, day)
    except (ValueError, LookupError) as exc:
        raise InputError(None, where, f"cannot read lane {lane} step {step} of {spec.schedule}: {exc}") from None
    if not base:
        raise InputError(None, where, f"lane {lane} step {step} of {spec.schedule} is 0 on {line.effective}; name another cell")
    return float(now) / float(base)


def _breaks(contract: Contract, line: CostLine, lo: dt.date, hi: dt.date) -> list[dt.date]:
    cuts = {lo, hi}
    if line.effective and lo < line.effective < hi:
        cuts.add(line.effective)
    if line.until and lo < line.until < hi:
        cuts.add(line.until)
    if line.escalate_with is not None:
        for table in contract.schedule(line.escalate_with.schedule).tables:
            if lo < table.effective < hi:
                cuts.add(table.effective)
    return sorted(cuts)


def _accrued(contract: Contract, line: CostLine, lo: dt.date, hi: dt.date, share) -> float:
    """Uncapped amount of [lo, hi): rate x quantity x escalation x the share of the year of each piece."""
    total = 0.0
    bounds = _breaks(contract, line, lo, hi)
    for a, b in zip(bounds[:-1], bounds[1:]):
        if (line.effective and a < line.effective) or (line.until and a >= line.until):
            continue
        total += float(line.rate) * float(line.quantity) * _escalation(contract, line, a) * share(a, b)
    return total


def cost_line_amount(contract: Contract, line: CostLine, fy: int, fy_share) -> float:
    """The line's cost in a fiscal year (not rounded). ``fy_share(a, b)`` is the share of the fiscal
    year between two dates under the costing's proration convention."""
    lo, hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    if line.cap_per == "fiscal_year" or line.cap is None:
        amount = _accrued(contract, line, lo, hi, fy_share)
        return min(amount, float(line.cap)) if line.cap is not None else amount
    total = 0.0
    for start_year in (lo.year - 1, lo.year, hi.year):
        cy_lo = d.month_day_in_year(line.contract_year_start, start_year)
        cy_hi = d.month_day_in_year(line.contract_year_start, start_year + 1)
        if cy_hi <= lo or cy_lo >= hi:
            continue
        days = (cy_hi - cy_lo).days

        def cy_share(a: dt.date, b: dt.date, days=days) -> float:
            return (b - a).days / days

        whole = _accrued(contract, line, cy_lo, cy_hi, cy_share)
        if whole <= 0:
            continue
        inside = _accrued(contract, line, max(lo, cy_lo), min(hi, cy_hi), cy_share)
        total += min(whole, float(line.cap)) * inside / whole
    return total


def cost(items: tuple[CostLine, ...], year: CostedYear) -> Iterator[tuple[str, str, float]]:
    """(component, unit, amount) of each line in force this year, to the cent, each followed by the
    roll-ups that apply to lines."""
    contract, fy = year.contract, year.fy
    for line in items:
        amount = cost_line_amount(contract, line, fy, lambda a, b: share_of_year(contract, year.proration, fy, a, b))
        amount = float(round_array(amount))
        if not amount:
            continue
        yield f"line:{line.name}", line.unit, amount
        for name, value in rollup.on_line(contract.rollup, amount, year):
            yield name, line.unit, value
