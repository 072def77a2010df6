"""Costs that are not one person's pay rate: unit-level cost lines and roll-ups (fringe)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from .base import Amount, Frozen, MonthDay, Quantity, Rate, RollupPercent, StepLabel


class Escalation(Frozen):
    """A cost line's rate moves with a schedule: scaled by one cell's rate on the day over its rate
    on the line's effective date (by default the first lane's top step)."""

    schedule: str
    lane: str | None = None
    step: StepLabel | None = None


class CostLine(Frozen):
    name: str
    unit: str
    rate: Rate
    quantity: Quantity
    cap: Amount | None = None
    effective: dt.date | None = None
    until: dt.date | None = None
    cap_per: Literal["fiscal_year", "contract_year"] = "fiscal_year"
    contract_year_start: MonthDay = "09-01"
    escalate_with: Escalation | None = None
    assumption: str = ""
    reference: str = ""

    @model_validator(mode="after")
    def _escalation_base(self):
        if self.escalate_with is not None and self.effective is None:
            raise ValueError("escalate_with needs effective: the date on which rate is stated")
        if self.effective and self.until and self.until <= self.effective:
            raise ValueError(f"until {self.until} is not after effective {self.effective}")
        return self


class DatedRate(Frozen):
    effective: dt.date
    rate: RollupPercent
    reference: str = ""


class Rollup(Frozen):
    name: str
    rate: RollupPercent | None = None
    values: tuple[DatedRate, ...] = ()
    applies_to: tuple[Literal["base", "longevity", "stipend", "one_time", "retro", "extra_pay", "line"], ...] = (
        "base", "longevity", "stipend", "one_time", "retro", "extra_pay",
    )
    reference: str = ""

    @model_validator(mode="after")
    def _one_rate(self):
        if (self.rate is None) == (not self.values):
            raise ValueError("give either rate or values")
        return self

    def dated(self) -> tuple[DatedRate, ...]:
        if self.values:
            return self.values
        return (DatedRate(effective=dt.date(1900, 1, 1), rate=f"{self.rate}%", reference=self.reference),)

    def rate_on(self, day: dt.date) -> float:
        """The rate in force on ``day``, in percent (0 before the first dated value)."""
        rate = 0.0
        for value in sorted(self.dated(), key=lambda v: v.effective):
            if value.effective <= day:
                rate = float(value.rate)
        return rate
