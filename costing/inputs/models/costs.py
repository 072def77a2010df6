"""Costs that are not one person's pay rate: unit-level cost lines and roll-ups (fringe)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import model_validator

from ..dated import in_force
from ..vocabulary import FAMILIES, FAMILY_PARTS
from .base import (
    Amount,
    Date,
    Dated,
    Frozen,
    Label,
    MonthDay,
    Quantity,
    Rate,
    RollupPercent,
    Selector,
    Sourced,
    StepLabel,
)


class Escalation(Frozen):
    """A cost line's rate moves with a schedule: scaled by one cell's rate on the day over its rate
    on the line's effective date (by default the first lane's top step)."""

    schedule: str
    lane: str | None = None
    step: StepLabel | None = None


class CostLineFields(Frozen):
    name: str
    label: Label = ""
    unit: str
    rate: Rate
    quantity: Quantity
    cap: Amount | None = None
    until: Date | None = None
    cap_per: Literal["fiscal_year", "contract_year"] = "fiscal_year"
    contract_year_start: MonthDay = "09-01"
    escalate_with: Escalation | None = None
    assumption: str = ""


class CostLine(CostLineFields, Sourced):
    """A unit-level cost not tied to one employee: rate x quantity a fiscal year, optionally capped."""

    effective: Date | None = None

    @model_validator(mode="after")
    def _escalation_base(self):
        if self.escalate_with is not None and self.effective is None:
            raise ValueError("escalate_with needs effective: the date on which rate is stated")
        if self.effective and self.until and self.until <= self.effective:
            raise ValueError(f"until {self.until} is not after effective {self.effective}")
        return self


RollupTarget = Literal[tuple(f for f in FAMILIES if FAMILY_PARTS[f] != "benefits")]  # type: ignore[valid-type]
"""What a roll-up may be charged on: every family of pay, and unit-level lines (never on benefits)."""
RollupTargets = tuple[RollupTarget, ...]


class DatedRateFields(Frozen):
    rate: RollupPercent
    # what the rate is charged on from this date (None: the roll-up's own applies_to): a proposal
    # that widens a roll-up to extra pay from 7/1/2025 changes nothing before that date
    applies_to: RollupTargets | None = None


class DatedRate(DatedRateFields, Dated):
    """A roll-up rate (percent of pay) from a date, and what it is charged on from then."""

    VALUE: ClassVar[str] = "rate"


class Rollup(Selector, Sourced):
    """A percent of pay the employer pays on top of it (Medicare 1.45%, a retirement assessment).

    ``schedules`` or ``units`` limit it to some staff: a municipal or county retirement assessment
    falls on the pay of staff outside the teachers' retirement system (which the Commonwealth
    funds). ``contingent`` names a switch: the roll-up is costed only when the scenario switches it
    on, so an assessment whose rate is an assumption can be shown with and without it."""

    name: str
    label: Label = ""
    rate: RollupPercent | None = None
    values: tuple[DatedRate, ...] = ()
    applies_to: RollupTargets = ("base", "longevity", "stipend", "one_time", "retro", "extra_pay")
    contingent: str | None = None

    @model_validator(mode="after")
    def _one_rate(self):
        if (self.rate is None) == (not self.values):
            raise ValueError("give either rate or values")
        return self

    def dated(self) -> tuple[DatedRate, ...]:
        if self.values:
            return self.values
        return (DatedRate(effective=dt.date(1900, 1, 1), rate=self.rate, reference=self.reference, status=self.status),)

    def rate_on(self, day: dt.date) -> float:
        """The rate in force on ``day``, in percent (0 before the first dated value)."""
        value = in_force(self.dated(), day)
        return 0.0 if value is None else float(value.rate)

    def applies_to_on(self, day: dt.date) -> RollupTargets:
        """What the rate in force on ``day`` is charged on: its own targets, else the roll-up's."""
        value = in_force(self.dated(), day)
        return value.applies_to if value is not None and value.applies_to is not None else self.applies_to
