"""Unit-level cost lines (class coverage, tuition pools, substitutes): per year, escalated, capped.

A cost line is ``rate x quantity`` a year, prorated over the part of the fiscal year it is in force.
Two things contracts add, and the costing follows:

- **Escalation.** Stipend-like lines often follow the raise (Newton's coaches and stipends take
  the COLA of Units A/B/E): ``escalate_with`` scales the rate by one cell of a schedule (by default
  its first lane's top step) on each day, over that cell on the line's effective date.
- **A cap per contract year.** Newton caps class-coverage pay at $75,000 a *contract* year
  (Sept-Aug), which straddles two fiscal years. The amount is accrued as every line is, each day
  weighing its share of its fiscal year under the costing's proration (school-year work falls in
  the fiscal year of its school year); a contract year's uncapped amount is the sum of its fiscal
  years' parts, and when it is over the cap each part is scaled by cap / uncapped. A cap that never
  binds changes nothing, and no fiscal year is charged more than the cap (calendar days can put
  slightly more than a contract year's worth in one fiscal year across a leap day). With
  ``cap_per: fiscal_year`` (the default) the cap applies to each fiscal year's amount.
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
from .registry import register
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


def cost_line_amount(contract: Contract, line: CostLine, fy: int, share) -> float:
    """The line's cost in a fiscal year (not rounded). ``share(fy, a, b)`` is the share of fiscal year
    ``fy`` between two dates under the costing's proration convention.

    Per fiscal year (the default), the year's amount, capped. Per contract year, each contract
    year's uncapped amount is worked out as the fiscal years it straddles accrue it (each fiscal
    year's part by that year's own proration), and when it is over the cap every part is scaled
    by cap / uncapped: a cap that never binds changes nothing (a constant pool stays constant, and
    school-year work stays in the fiscal year of its school year), and a binding one splits the cap
    as the work falls. No fiscal year is ever charged more than the cap.
    """
    lo, hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    if line.cap_per == "fiscal_year" or line.cap is None:
        amount = _accrued(contract, line, lo, hi, lambda a, b: share(fy, a, b))
        return min(amount, float(line.cap)) if line.cap is not None else amount
    cap = float(line.cap)
    total = 0.0
    for cy_lo, cy_hi in _contract_years(line, lo, hi):
        parts = {f: _accrued(contract, line, max(f_lo, cy_lo), min(f_hi, cy_hi), lambda a, b, f=f: share(f, a, b))
                 for f, f_lo, f_hi in _fiscal_years(contract, cy_lo, cy_hi)}
        whole = sum(parts.values())
        if whole > 0:
            total += parts.get(fy, 0.0) * min(1.0, cap / whole)
    return min(total, cap)


def _contract_years(line: CostLine, lo: dt.date, hi: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The contract years [start, next start) that overlap [lo, hi)."""
    out = []
    for start_year in range(lo.year - 1, hi.year + 1):
        cy_lo = d.month_day_in_year(line.contract_year_start, start_year)
        cy_hi = d.month_day_in_year(line.contract_year_start, start_year + 1)
        if cy_lo < hi and cy_hi > lo:
            out.append((cy_lo, cy_hi))
    return out


def _fiscal_years(contract: Contract, lo: dt.date, hi: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """(fiscal year, its first day, the next one's first day) of the fiscal years overlapping [lo, hi)."""
    out = []
    fy = d.fiscal_year_of(lo, contract.fiscal_year_start)
    while True:
        f_lo, f_hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
        if f_lo >= hi:
            return out
        out.append((fy, f_lo, f_hi))
        fy += 1


def cost(items: tuple[CostLine, ...], year: CostedYear) -> Iterator[tuple[str, str, float]]:
    """(component, unit, amount) of each line in force this year, to the cent, each followed by the
    roll-ups that apply to lines."""
    contract, fy = year.contract, year.fy
    for line in items:
        amount = cost_line_amount(contract, line, fy, lambda f, a, b: share_of_year(contract, year.proration, f, a, b))
        amount = float(round_array(amount))
        if not amount:
            continue
        yield f"line:{line.name}", line.unit, amount
        for name, value in rollup.on_line(contract.rollup, amount, year):
            yield name, line.unit, value


# Order of operations: last (110): unit-level lines, not per person.
register("cost_lines", CostLine, order=110, unit=cost)
