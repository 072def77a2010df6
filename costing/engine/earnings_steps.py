"""A step found from a calendar year's regular pay, only when one step held all year explains it.

An earnings report gives what a person was paid from January 1 to December 31. Over that year the
rate tables change (a July 1 table for the new fiscal year, any other dated table), so the pay of
one step held all year is each table's annual figure for that cell times the share of the year's
calendar days it was in force (pay accruing evenly over the year), times FTE, rounded to cents once
at the end. A person whose REGULAR pay equals that (within a stated tolerance) for exactly one cell
is placed on it. Anything else (no cell: a part year, leave, a step move in the year, pay off the
grid; two cells paying the same) is listed with the reason and never guessed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ..inputs.grid_import import money
from ..inputs.models import Schedule
from .money import round_decimal
from .rate_tables import table_in_force, units_per_year


def year_pieces(schedule: Schedule, year: int) -> list[tuple[dt.date, int]]:
    """(first day, days) of each stretch of a calendar year with one table in force."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    starts = [first] + sorted({t.effective for t in schedule.tables if first < t.effective <= last})
    ends = [*starts[1:], last + dt.timedelta(days=1)]
    return [(start, (end - start).days) for start, end in zip(starts, ends)]


def calendar_year_pay(schedule: Schedule, lane: str, step: str, year: int, fte: Decimal) -> Decimal | None:
    """What one cell held all calendar year pays (None when a table in force has no such cell)."""
    pieces = year_pieces(schedule, year)
    days_in_year = sum(days for _, days in pieces)
    total = Decimal(0)
    for start, days in pieces:
        rate = table_in_force(schedule, start).rates.get(lane, {}).get(step)
        if rate is None:
            return None
        annual = round_decimal(rate * units_per_year(schedule, start), schedule.rounding.annual, schedule.rounding.mode)
        total += annual * days / days_in_year
    return (total * fte).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def full_year_step(schedule: Schedule, lanes: list[str], regular: Decimal, year: int, fte: Decimal,
                   tolerance: Decimal) -> tuple[tuple[str, str] | None, str]:
    """((lane, step), what was found) when exactly one cell explains the pay; (None, why not) otherwise."""
    try:
        table_in_force(schedule, dt.date(year, 1, 1))
    except ValueError:
        return None, f"schedule {schedule.name!r} has no table in force on {year}-01-01"
    pays = {}
    for lane in lanes:
        for step in schedule.steps:
            pay = calendar_year_pay(schedule, lane, step, year, fte)
            if pay is not None:
                pays[(lane, step)] = pay
    hits = [cell for cell, pay in pays.items() if abs(pay - regular) <= tolerance]
    def cell(c: tuple[str, str]) -> str:
        return f"lane {c[0]} step {c[1]}" if len(lanes) > 1 else f"step {c[1]}"
    if len(hits) == 1:
        return hits[0], f"{cell(hits[0])}: {money(pays[hits[0]])} for {year} held all year"
    if hits:
        return None, (f"ambiguous: {', '.join(cell(c) for c in hits)} all pay {money(pays[hits[0]])} for {year};"
                      " give the step")
    if not pays:
        return None, f"no cell of {', '.join(lanes)} is in force all of {year}"
    nearest = min(pays, key=lambda c: abs(pays[c] - regular))
    return None, (f"ambiguous: {money(regular)} is not what one step held all {year} pays (nearest {cell(nearest)},"
                  f" {money(pays[nearest])}): a part year, leave, a step move in the year or pay off the grid;"
                  " give the step")
