"""The validated, immutable shapes of contracts and proposals.

Pydantic models with ``extra="forbid"`` so that a misspelt key is an error naming the key, and
``frozen=True`` so that applying a proposal can never edit the baseline in place. Loaders in
:mod:`costing.loading` turn YAML files into these models; JSON Schemas for editors are generated
from them by :mod:`costing.schema`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .parsing import parse_month_day


def _parse_percent(value):
    """3 or "3%" -> Decimal('3'); a bare 0 < x < 0.5 looks like a fraction typed by mistake."""
    if isinstance(value, bool):
        raise ValueError("a percent must be a number such as 3 or \"3%\"")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"-?\d+(\.\d+)?\s*%?", text):
            raise ValueError(f"{value!r} is not a percent such as 3 or \"3%\"")
        return Decimal(text.rstrip("%").strip())
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if 0 < abs(number) < Decimal("0.5"):
            raise ValueError(
                f"{value} would mean {value}%; write percents in percent (3 means 3%),"
                f" or write \"{value}%\" if you really mean it"
            )
        return number
    raise ValueError(f"{value!r} is not a percent such as 3 or \"3%\"")


def _check_percent_range(value: Decimal) -> Decimal:
    if not Decimal(-100) < value <= Decimal(100):
        raise ValueError(f"{value}% is outside -100% to 100%")
    return value


Percent = Annotated[Decimal, BeforeValidator(_parse_percent)]


def _month_day(value):
    parse_month_day(value)
    return str(value)


MonthDay = Annotated[str, BeforeValidator(_month_day)]


def _step_label(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


StepLabel = Annotated[str, BeforeValidator(_step_label)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Selector(Frozen):
    """Which schedules (directly, or through their bargaining unit) a provision applies to."""

    schedules: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None


# ---------------------------------------------------------------------------------- contract


class Rounding(Frozen):
    rate: Decimal = Decimal("0.01")
    annual: Decimal = Decimal("0.01")
    mode: Literal["half_up", "half_even", "down"] = "half_up"


class WorkYear(Frozen):
    hours_per_day: Decimal | None = None
    days_per_year: Decimal | None = None


class DatedWorkYear(WorkYear):
    effective: dt.date
    reference: str = ""


class RateTable(Frozen):
    effective: dt.date
    reference: str = ""
    file: str | None = None
    rates: dict[str, dict[StepLabel, Decimal]]

    @field_validator("rates")
    @classmethod
    def _positive(cls, rates):
        for lane, cells in rates.items():
            for step, rate in cells.items():
                if rate < 0:
                    raise ValueError(f"lane {lane} step {step}: negative rate {rate}")
        return rates


class Anniversary(Frozen):
    effective: dt.date
    month_day: MonthDay
    reference: str = ""


class StepFreeze(Frozen):
    start: dt.date
    until: dt.date
    reference: str = ""


class EntryDrop(Frozen):
    effective: dt.date
    step: StepLabel
    reference: str = ""


class StepRules(Frozen):
    anniversary: tuple[Anniversary, ...] = (Anniversary(effective=dt.date(1900, 1, 1), month_day="07-01"),)
    min_service_days: int = Field(0, ge=0)
    advance_by: int = Field(1, ge=0)
    freezes: tuple[StepFreeze, ...] = ()
    entry_drops: tuple[EntryDrop, ...] = ()


class DatedUnit(Frozen):
    effective: dt.date
    unit: str
    reference: str = ""


class Schedule(Frozen):
    name: str
    unit: str
    rate_unit: Literal["hourly", "daily", "annual"]
    work_year: WorkYear = WorkYear()
    work_year_changes: tuple[DatedWorkYear, ...] = ()
    unit_changes: tuple[DatedUnit, ...] = ()
    lanes: tuple[str, ...]
    steps: tuple[StepLabel, ...]
    rounding: Rounding = Rounding()
    tables: tuple[RateTable, ...] = Field(min_length=1)
    step_rules: StepRules = StepRules()

    @model_validator(mode="after")
    def _consistent(self):
        if self.rate_unit == "hourly" and (
            self.work_year.hours_per_day is None or self.work_year.days_per_year is None
        ):
            raise ValueError("an hourly schedule needs work_year.hours_per_day and days_per_year")
        if self.rate_unit == "daily" and self.work_year.days_per_year is None:
            raise ValueError("a daily schedule needs work_year.days_per_year")
        if len(set(self.steps)) != len(self.steps):
            raise ValueError("steps are listed twice")
        dates = [t.effective for t in self.tables]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("tables must be in date order with one table per effective date")
        for table in self.tables:
            for lane, cells in table.rates.items():
                if lane not in self.lanes:
                    raise ValueError(f"table effective {table.effective}: unknown lane {lane!r}")
                for step in cells:
                    if step not in self.steps:
                        raise ValueError(
                            f"table effective {table.effective}: lane {lane} has step {step!r},"
                            " which is not in the schedule's steps"
                        )
        return self


class LongevityTable(Frozen):
    effective: dt.date
    amounts: dict[int, Decimal]
    hold_harmless: bool = False
    reference: str = ""


class Longevity(Selector):
    name: str = "longevity"
    payment: Literal["prorated", "lump"] = "prorated"
    pay_month_day: MonthDay = "12-01"
    fte_scaled: bool = False
    tables: tuple[LongevityTable, ...] = Field(min_length=1)


class DatedAmount(Frozen):
    effective: dt.date
    amount: Decimal
    reference: str = ""


class Stipend(Selector):
    name: str
    kind: Literal["annual", "per_hour", "per_day", "percent", "hours_at_rate"]
    column: str | None = None
    prorated: bool = True
    fte_scaled: bool = False
    pay_month_day: MonthDay | None = None
    values: tuple[DatedAmount, ...] = Field(min_length=1)


class OneTime(Selector):
    name: str
    amount: Decimal
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    fte_scaled: bool = False
    reference: str = ""


class CostLine(Frozen):
    name: str
    unit: str
    rate: Decimal
    quantity: Decimal
    cap: Decimal | None = None
    effective: dt.date | None = None
    until: dt.date | None = None
    assumption: str = ""
    reference: str = ""


class DatedRate(Frozen):
    effective: dt.date
    rate: Percent
    reference: str = ""


class Rollup(Frozen):
    name: str
    rate: Percent | None = None
    values: tuple[DatedRate, ...] = ()
    applies_to: tuple[Literal["base", "longevity", "stipend", "one_time", "retro", "line"], ...] = (
        "base", "longevity", "stipend", "one_time", "retro",
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


class Position(Frozen):
    """New positions created by a proposal (e.g. five social workers)."""

    effective: dt.date
    count: int = Field(ge=1)
    unit: str
    schedule: str
    lane: str
    step: StepLabel
    fte: Decimal = Decimal(1)
    id_prefix: str = "NEW"
    flags: dict[str, Decimal] = {}
    reference: str = ""


class Retro(Frozen):
    """Pay for [start, until) stays at the old rates; the difference is paid later as one line."""

    name: str
    start: dt.date
    until: dt.date
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    old_schedules: tuple[Schedule, ...] = ()
    reference: str = ""


class WorkCalendarSpec(Frozen):
    start: MonthDay = "09-01"
    end: MonthDay = "06-30"
    holidays: tuple[dt.date, ...] = ()


class PayPeriodSpec(Frozen):
    per_year: Literal[26] = 26
    anchor: dt.date = dt.date(2024, 7, 12)


class Period(Frozen):
    start: dt.date
    end: dt.date


class Contract(Frozen):
    name: str
    district: str = ""
    units: tuple[str, ...]
    reference: str = ""
    fiscal_year_start: MonthDay = "07-01"
    period: Period | None = None
    proration: Literal["calendar_days", "work_days", "pay_periods"] = "calendar_days"
    work_calendar: WorkCalendarSpec = WorkCalendarSpec()
    pay_periods: PayPeriodSpec = PayPeriodSpec()
    schedules: tuple[Schedule, ...] = Field(min_length=1)
    longevity: tuple[Longevity, ...] = ()
    stipends: tuple[Stipend, ...] = ()
    one_time: tuple[OneTime, ...] = ()
    cost_lines: tuple[CostLine, ...] = ()
    rollup: tuple[Rollup, ...] = ()
    positions: tuple[Position, ...] = ()
    retro: tuple[Retro, ...] = ()
    applied: tuple[str, ...] = ()  # titles of the proposals applied, in order

    @model_validator(mode="after")
    def _names_unique(self):
        for label, items in (
            ("schedule", self.schedules), ("longevity", self.longevity), ("stipend", self.stipends),
            ("one-time payment", self.one_time), ("cost line", self.cost_lines), ("roll-up", self.rollup),
        ):
            names = [i.name for i in items]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{label} name {dupes[0]!r} is used twice")
        for schedule in self.schedules:
            if schedule.unit not in self.units:
                raise ValueError(f"schedule {schedule.name!r}: unit {schedule.unit!r} is not in units")
        return self

    def schedule(self, name: str) -> Schedule:
        for schedule in self.schedules:
            if schedule.name == name:
                return schedule
        raise KeyError(name)


# ---------------------------------------------------------------------------------- proposal


class ChangeBase(Selector):
    effective: dt.date
    reference: str = ""
    contingent: str | None = None
    note: str = ""


class RaisePercent(ChangeBase):
    op: Literal["raise_percent"]
    percent: Percent
    lanes: tuple[str, ...] | None = None
    steps: tuple[StepLabel, ...] | None = None

    _range = field_validator("percent")(_check_percent_range)


class AddFlat(ChangeBase):
    op: Literal["add_flat"]
    amount: Decimal
    per: Literal["year", "hour", "day"] = "year"
    lanes: tuple[str, ...] | None = None
    steps: tuple[StepLabel, ...] | None = None


class Rebuild(ChangeBase):
    op: Literal["rebuild"]
    ratio: Decimal = Field(gt=0)
    from_step: StepLabel | None = None


class ReplaceTable(ChangeBase):
    op: Literal["replace_table"]
    file: str | None = None
    rates: dict[str, dict[StepLabel, Decimal]]
    partial: bool = False


class SetAnniversary(ChangeBase):
    op: Literal["set_anniversary"]
    month_day: MonthDay


class FreezeSteps(ChangeBase):
    op: Literal["freeze_steps"]
    until: dt.date


class DropEntryStep(ChangeBase):
    op: Literal["drop_entry_step"]
    step: StepLabel


class ReplaceLongevity(ChangeBase):
    op: Literal["replace_longevity"]
    name: str = "longevity"
    amounts: dict[int, Decimal]
    hold_harmless: bool = False


class SetStipend(ChangeBase):
    op: Literal["set_stipend"]
    name: str
    amount: Decimal
    kind: Literal["annual", "per_hour", "per_day", "percent", "hours_at_rate"] | None = None
    column: str | None = None
    prorated: bool | None = None
    fte_scaled: bool | None = None
    pay_month_day: MonthDay | None = None


class OneTimeChange(ChangeBase):
    op: Literal["one_time"]
    name: str
    amount: Decimal
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    fte_scaled: bool = False


class RetroChange(ChangeBase):
    op: Literal["retro"]
    name: str = "retro"
    until: dt.date
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()


class AddPositions(ChangeBase):
    op: Literal["add_positions"]
    count: int = Field(ge=1)
    unit: str
    schedule: str
    lane: str
    step: StepLabel
    fte: Decimal = Decimal(1)
    id_prefix: str = "NEW"
    flags: dict[str, Decimal] = {}


class SetRollup(ChangeBase):
    op: Literal["set_rollup"]
    name: str
    rate: Percent
    applies_to: tuple[Literal["base", "longevity", "stipend", "one_time", "retro", "line"], ...] | None = None


class SetWorkYear(ChangeBase):
    op: Literal["set_work_year"]
    hours_per_day: Decimal | None = None
    days_per_year: Decimal | None = None


class SetUnit(ChangeBase):
    op: Literal["set_unit"]
    unit: str


class AddCostLine(ChangeBase):
    op: Literal["add_cost_line"]
    name: str
    unit: str
    rate: Decimal
    quantity: Decimal
    cap: Decimal | None = None
    until: dt.date | None = None
    assumption: str = ""


Change = Annotated[
    RaisePercent | AddFlat | Rebuild | ReplaceTable | SetAnniversary | FreezeSteps | DropEntryStep | ReplaceLongevity | SetStipend | OneTimeChange | RetroChange | AddPositions | SetRollup | SetWorkYear | SetUnit | AddCostLine,
    Field(discriminator="op"),
]


class Proposal(Frozen):
    title: str
    label: str = Field("", max_length=40, description="a short name for tables and charts (default: the title)")
    proposer: Literal["committee", "union", "joint", "mediator", "other"] = "other"
    date: dt.date | None = None
    baseline: str = ""
    reference: str = ""
    changes: tuple[Change, ...] = ()
