"""The contract in force: units, period, conventions and every provision, checked as a whole."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..vocabulary import ProrationName
from .base import MAX_ITEMS, Date, Frozen, Label, MonthDay, Sourced
from .benefits import Benefit
from .consistency import check_contract
from .costs import CostLine, Rollup
from .pay import ExtraPay, Longevity, OneTime, PaidDays, Position, Retro, Stipend
from .schedules import Schedule, WorkCalendarSpec


class PayPeriodSpec(Frozen):
    per_year: Literal[26] = 26
    anchor: Date = dt.date(2024, 7, 12)
    lag_days: int = Field(0, ge=0, le=31)  # a pay date pays for work ending this many days before it
    twenty_seventh: Literal["absorbed", "paid"] = "absorbed"  # a year with 27 pay dates: spread, or 27/26


class Period(Frozen):
    start: Date
    end: Date

    @model_validator(mode="after")
    def _in_order(self):
        if self.end <= self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if self.end.year - self.start.year > 50:
            raise ValueError(f"a period of {self.end.year - self.start.year} years is not a contract period (at most 50)")
        return self


class Contract(Sourced):
    """The agreement in force: a ``status: illustrative`` contract is one invented to show the method."""

    name: str
    district: str = ""
    units: tuple[str, ...]
    fiscal_year_start: MonthDay = "07-01"
    period: Period | None = None
    proration: ProrationName = "calendar_days"
    work_calendar: WorkCalendarSpec = WorkCalendarSpec()
    pay_periods: PayPeriodSpec = PayPeriodSpec()
    schedules: tuple[Schedule, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    longevity: tuple[Longevity, ...] = Field((), max_length=MAX_ITEMS)
    stipends: tuple[Stipend, ...] = Field((), max_length=MAX_ITEMS)
    one_time: tuple[OneTime, ...] = Field((), max_length=MAX_ITEMS)
    cost_lines: tuple[CostLine, ...] = Field((), max_length=MAX_ITEMS)
    rollup: tuple[Rollup, ...] = Field((), max_length=MAX_ITEMS)
    positions: tuple[Position, ...] = ()
    retro: tuple[Retro, ...] = ()
    benefits: tuple[Benefit, ...] = ()
    extra_pay: tuple[ExtraPay, ...] = ()
    paid_days: tuple[PaidDays, ...] = ()
    table_folders: tuple[str, ...] = Field((), description="folders besides this file's own (relative to it) where"
                                                           " its rate table files may lie")
    # how a report names a bargaining unit or a switch whose key is not enough: {para: "Paraprofessionals"},
    # {multilingual_early_certification: "early multilingual certification"} (blank: the key in words)
    unit_labels: dict[str, Label] = {}
    switch_labels: dict[str, Label] = {}
    applied: tuple[str, ...] = ()  # titles of the proposals applied, in order

    @model_validator(mode="after")
    def _names_unique(self):
        for label, items in (
            ("schedule", self.schedules), ("longevity", self.longevity), ("stipend", self.stipends),
            ("one-time payment", self.one_time), ("cost line", self.cost_lines), ("roll-up", self.rollup),
            ("benefit", self.benefits), ("extra pay", self.extra_pay), ("paid days", self.paid_days),
        ):
            names = [i.name for i in items]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{label} name {dupes[0]!r} is used twice")
        for schedule in self.schedules:
            if schedule.unit not in self.units:
                raise ValueError(f"schedule {schedule.name!r}: unit {schedule.unit!r} is not in units")
        check_contract(self)
        return self

    def schedule(self, name: str) -> Schedule:
        for schedule in self.schedules:
            if schedule.name == name:
                return schedule
        raise KeyError(name)
