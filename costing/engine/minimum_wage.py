"""Rates below the Massachusetts minimum wage: what ``costing validate`` warns about.

The minimum wage in force on each date is a dated table in the package (``minimum_wage.yaml``,
with the session law behind each rate). Municipal employees are excluded from the state minimum
wage law, so a school district may lawfully pay less (New Bedford's non-instructional paras
started at $11.11 an hour in 2020-21, when the minimum was $13.50); a rate below it is worth a
warning, never an error. Each rate table is checked on its effective date and on every later
increase of the minimum while it is in force (until the schedule's next table, and no later than
the contract's period): an hourly rate directly, a daily rate divided by the hours a day of the
work year in force, an annual rate by hours a day times days a year; a schedule whose work year
does not state the hours cannot be compared and is not checked. One warning a cell, naming the
file, schedule, table, cell and the date the rate falls below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

import yaml

from ..inputs.models import Contract, RateTable, Schedule
from ..inputs.words import date, money
from .rate_tables import units_per_year, work_year_in_force


@dataclass(frozen=True)
class MinimumWage:
    effective: dt.date
    hourly: Decimal
    source: str


@cache
def minimum_wages() -> tuple[MinimumWage, ...]:
    """The package's table of the Massachusetts minimum wage, in date order."""
    data = yaml.safe_load(files("costing.engine").joinpath("minimum_wage.yaml").read_text(encoding="utf-8"))
    rates = tuple(MinimumWage(r["effective"], Decimal(str(r["hourly"])), r["source"]) for r in data["rates"])
    return tuple(sorted(rates, key=lambda r: r.effective))


def minimum_on(day: dt.date) -> MinimumWage | None:
    """The minimum wage in force on a day (None before the table's first rate)."""
    found = None
    for rate in minimum_wages():
        if rate.effective <= day:
            found = rate
    return found


def _hourly(schedule: Schedule, rate: Decimal, day: dt.date) -> tuple[Decimal, str] | None:
    """A rate as an hourly wage on a day, with how it was read; None when the work year cannot say."""
    if schedule.rate_unit == "hourly":
        return rate, f"{money(rate)} an hour"
    basis = work_year_in_force(schedule, day)
    if basis.hours_per_day is None or (schedule.rate_unit == "annual" and basis.days_per_year is None):
        return None
    hours = basis.hours_per_day * (units_per_year(schedule, day) if schedule.rate_unit == "annual" else 1)
    unit = "a day" if schedule.rate_unit == "daily" else "a year"
    return rate / hours, f"{money(rate)} {unit} ({money(rate / hours)} an hour over {hours:g} hours)"


def _dates(table: RateTable, until: dt.date | None) -> list[dt.date]:
    """The table's effective date and each increase of the minimum while it is in force."""
    return [table.effective] + [m.effective for m in minimum_wages()
                                if table.effective < m.effective and (until is None or m.effective < until)]


def below_minimum(contract: Contract, source: str, since: Contract | None = None) -> list[str]:
    """One warning per cell of a rate table below the minimum wage in force while the table is.

    ``since``: the contract a proposal was applied to; only the tables the proposal made or
    changed are checked (the contract's own are warned about as the contract's).
    """
    end = contract.period.end if contract.period else None
    warnings = []
    for schedule in contract.schedules:
        if schedule.below_minimum_wage:   # the contract says why its cells are below the minimum: no warning
            continue
        before = {t.effective: t.rates for t in since.schedule(schedule.name).tables} \
            if since is not None and schedule.name in {s.name for s in since.schedules} else {}
        for k, table in enumerate(schedule.tables):
            if before.get(table.effective) == table.rates:
                continue
            following = schedule.tables[k + 1].effective if k + 1 < len(schedule.tables) else None
            until = min((d for d in (following, end and end + dt.timedelta(days=1)) if d), default=None)
            for lane, cells in table.rates.items():
                for step, rate in cells.items():
                    warning = _cell_warning(schedule, table, lane, step, rate, _dates(table, until))
                    if warning:
                        warnings.append(f"{source}: {warning}")
    return warnings


def _cell_warning(schedule: Schedule, table: RateTable, lane: str, step: str, rate: Decimal,
                  days: list[dt.date]) -> str | None:
    for day in days:
        minimum = minimum_on(day)
        hourly = _hourly(schedule, rate, day)
        if minimum is None or hourly is None or hourly[0] >= minimum.hourly:
            continue
        return (f"schedule {schedule.name}, table effective {date(table.effective)}, lane {lane} step {step}:"
                f" {hourly[1]} is below the Massachusetts minimum wage of {money(minimum.hourly)} an hour in force"
                f" on {date(day)} (M.G.L. c.151 §1, {minimum.source}; municipal employees are exempt, so a warning)")
    return None
