"""Every rate table in force at each effective date, as one long DataFrame.

This is what ``costing schedules`` prints and what reports show as "the rate tables in force": a
row per (effective date, schedule, lane, step) with the rate, the annual figure (rate x work-year
basis, rounded by the schedule's annual rule), the change from the same cell of the previous
table, and the rules the schedule is costed by (rounding and proration), so that a reader of the
printed grid sees how its numbers were made. A table's ``reference`` lists every source that made
it, in order ("Art. IV §A 5% raise, then $2,000 differential, then 6% step rebuild").
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..inputs.models import Contract, Schedule
from .money import round_decimal
from .proration import schedule_convention
from .rate_tables import units_per_year

COLUMNS = ["effective_date", "schedule", "lane", "step", "rate", "annual", "change_pct", "rounding", "proration",
           "reference"]


def _quantum(value: Decimal) -> str:
    return "$1" if value == 1 else f"${value}"


def rounding_rule(schedule: Schedule) -> str:
    """'rates up to $1, annual up to $0.01': the schedule's rounding in words."""
    rule = schedule.rounding
    mode = rule.mode.replace("_", " ")
    return f"rates {mode} to {_quantum(rule.rate)}, annual {mode} to {_quantum(rule.annual)}"


def proration_rule(contract: Contract, schedule: Schedule, override: str | None = None) -> str:
    """'school_year (work days, 09-01 to 06-30)': the convention a schedule is costed by, and its calendar."""
    name = schedule_convention(contract, schedule, override)
    calendar = schedule.work_calendar or contract.work_calendar
    if name == "school_year":
        return f"school_year ({calendar.weigh_by.replace('_', ' ')}, {calendar.start} to {calendar.end})"
    if name == "work_days":
        return f"work_days ({calendar.start} to {calendar.end})"
    if name == "pay_periods":
        pay = contract.pay_periods
        return (f"pay_periods (every 14 days from {pay.anchor}, work ends {pay.lag_days} days before the pay date,"
                f" 27th pay date {pay.twenty_seventh})")
    return name


def rate_table_frame(contract: Contract) -> pd.DataFrame:
    """All tables of all schedules in date order; ``change_pct`` is a fraction (0.03 is 3%), as every
    rate costing writes (docs/api.md)."""
    rows = []
    for schedule in contract.schedules:
        previous: dict = {}
        for table in schedule.tables:
            basis = units_per_year(schedule, table.effective)
            for lane in schedule.lanes:
                for step in schedule.steps:
                    rate = table.rates.get(lane, {}).get(step)
                    if rate is None:
                        continue
                    annual = round_decimal(rate * basis, schedule.rounding.annual, schedule.rounding.mode)
                    prior = previous.get((lane, step))
                    change = rate / prior - 1 if prior else None
                    rows.append({
                        "effective_date": table.effective, "schedule": schedule.name, "lane": lane,
                        "step": step, "rate": rate, "annual": annual,
                        "change_pct": None if change is None else float(round(change, 8)),
                        "rounding": rounding_rule(schedule), "proration": proration_rule(contract, schedule),
                        "reference": table.provenance,
                    })
                    previous[(lane, step)] = rate
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame

