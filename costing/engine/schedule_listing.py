"""Every rate table in force at each effective date, as one long DataFrame.

This is what ``costing schedules`` prints and what reports show as "the rate tables in force": a
row per (effective date, schedule, lane, step) with the rate, the annual figure (rate x work-year
basis, rounded by the schedule's annual rule) and the change from the same cell of the previous
table.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..inputs.models import Contract
from .money import round_decimal
from .rate_tables import units_per_year

COLUMNS = ["effective_date", "schedule", "lane", "step", "rate", "annual", "change_pct", "reference"]


def rate_table_frame(contract: Contract) -> pd.DataFrame:
    """All tables of all schedules in date order; ``change_pct`` is in percent, unrounded."""
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
                    change = (rate / prior - 1) * 100 if prior else None
                    rows.append({
                        "effective_date": table.effective, "schedule": schedule.name, "lane": lane,
                        "step": step, "rate": rate, "annual": annual,
                        "change_pct": None if change is None else float(round(change, 6)),
                        "reference": table.reference,
                    })
                    previous[(lane, step)] = rate
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame


def format_money(value: Decimal | float | None) -> str:
    """'28,746.90' style, for tables printed to a terminal."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{Decimal(str(value)):,.2f}"
