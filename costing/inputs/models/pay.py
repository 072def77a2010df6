"""Pay items beside the rate tables: longevity, stipends, one-time and retro pay, extra pay, paid days, new positions."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from .base import (
    MAX_ITEMS,
    Amount,
    Count,
    Date,
    Dated,
    Frozen,
    Fte,
    Label,
    MonthDay,
    Quantity,
    Selector,
    Sourced,
    StepLabel,
    YearsOfService,
)
from .eligibility import Eligibility
from .schedules import Schedule


def _hold_harmless(value):
    """true -> "changeover" (the reading before both were named); false/"none" -> False."""
    if value is True:
        return "changeover"
    if value in (False, None, "none", "no"):
        return False
    if value not in ("changeover", "continuing"):
        raise ValueError(f"{value!r} is not a hold-harmless reading: use changeover, continuing or false")
    return value


HoldHarmless = Annotated[Literal[False, "changeover", "continuing"], BeforeValidator(_hold_harmless)]


class LongevityTableFields(Frozen):
    amounts: dict[YearsOfService, Amount]
    hold_harmless: HoldHarmless = False


class LongevityTable(LongevityTableFields, Dated):
    """Annual longevity amounts by completed years of service, from a date."""

    VALUE: ClassVar[str] = "amounts"


class LeaversProRata(Sourced):
    """A lump longevity payment's share for those who leave before its pay day (New Bedford para CBA
    2022-2025, Art. 14 §K.3: those who "retire or resign prior to the end of the academic year"
    receive their pro-rata payment when they leave): the amount they have on their last day x the
    share of the fiscal year's work year they served, paid on that day. ``reasons`` are the
    roster's ``end_reason`` values that qualify (none: any reason)."""

    reasons: tuple[str, ...] = ()


class Longevity(Selector):
    name: str = "longevity"
    label: Label = ""
    payment: Literal["prorated", "lump"] = "prorated"
    pay_month_day: MonthDay = "12-01"
    # a part-timer's longevity: the full amount (false, the default: longevity rewards service, and
    # no bundled contract scales it) or the amount x FTE (true); stated in every district README
    fte_scaled: bool = False
    tables: tuple[LongevityTable, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    leavers_pro_rata: LeaversProRata | None = None   # lump only

    @model_validator(mode="after")
    def _leavers_need_a_lump(self):
        if self.leavers_pro_rata is not None and self.payment != "lump":
            raise ValueError("leavers_pro_rata is for a lump payment (a prorated one already pays leavers for the days served)")
        return self


class DatedAmountFields(Frozen):
    amount: Amount


class DatedAmount(DatedAmountFields, Dated):
    """A stipend's amount from a date (dollars a year, an hour or a day, a percent, or hours)."""

    VALUE: ClassVar[str] = "amount"


StipendKind = Literal["annual", "per_hour", "per_day", "percent", "hours_at_rate"]


class Stipend(Selector):
    name: str
    label: Label = ""
    kind: StipendKind
    column: str | None = None
    prorated: bool = True
    fte_scaled: bool = False
    pay_month_day: MonthDay | None = None
    values: tuple[DatedAmount, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    eligible: Eligibility | None = None

    @model_validator(mode="after")
    def _percent_in_range(self):
        if self.kind == "percent":
            for value in self.values:
                if value.amount > 100:
                    raise ValueError(f"a percent stipend of {value.amount}% is over 100%")
        return self


class OneTimeFields(Frozen):
    name: str
    label: Label = ""
    amount: Amount
    pay_date: Date
    employed_on: tuple[Date, ...] = ()
    fte_scaled: bool = False
    eligible: Eligibility | None = None
    # where the money comes from (Belmont paid its one-time $500 from free cash): reports group
    # one-time costs by it (costing.engine.funding); blank = not stated
    funding_source: str = Field("", max_length=80)


class OneTime(OneTimeFields, Selector, Sourced):
    """A non-base-building payment on a date, to those employed on every ``employed_on`` date (or eligible)."""


class ExtraPayFields(Frozen):
    name: str
    label: Label = ""
    measure: Literal["days", "weeks"]
    tiers: dict[int, Decimal]
    pay_month_day: MonthDay
    service_counted_on: MonthDay | None = None  # count years of service on this day of the year (default: the pay day)
    days_per_week: Decimal = Field(Decimal(5), gt=0, le=7)
    until: Date | None = None
    eligible: Eligibility | None = None
    assumption: str = ""

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, value: dict[int, Decimal]) -> dict[int, Decimal]:
        if not value:
            raise ValueError("give at least one tier (years of service: days or weeks)")
        for years, amount in value.items():
            if years < 0 or years > 80:
                raise ValueError(f"{years} years of service is outside 0-80")
            if not (amount >= 0 and amount.is_finite()) or amount > 366:
                raise ValueError(f"tier {years}: {amount} days or weeks is not between 0 and 366")
        return value


class ExtraPay(ExtraPayFields, Selector, Sourced):
    """Days or weeks of each person's own pay, by years of service on the pay day.

    New Bedford's para CBA pays one week at 10+ years and two weeks at 20+ at the end of the school
    year, and five extra days at the Christmas recess after four consecutive years: ``tiers`` maps
    the completed years of service to the days or weeks paid. A week is ``days_per_week`` days;
    a day is the person's daily rate (hourly rate x hours per day, a daily rate, or an annual rate
    / days per year) on the pay day, times FTE.
    """

    effective: Date | None = None


class PaidDaysFields(Frozen):
    name: str
    label: Label = ""
    days: Decimal = Field(gt=0, le=366)
    until: Date | None = None
    recurring: bool = False  # the same month-day every year from the first date (a new holiday)
    # more dates on which the same days are paid (several holidays under one name), each priced on
    # its own date: a hire after one of them is not paid for it
    also_on: tuple[Date, ...] = Field((), max_length=366)
    eligible: Eligibility | None = None
    assumption: str = ""


class PaidDays(PaidDaysFields, Selector, Sourced):
    """Extra paid days at each person's own daily rate: on a date, or spread over a period.

    A paid holiday added to the calendar (New Bedford's Juneteenth) is N days paid to those
    employed on the day; it is not a change of the work-year basis, which would scale every rate.
    """

    on: Date | None = None
    start: Date | None = None

    @model_validator(mode="after")
    def _when(self):
        if (self.on is None) == (self.start is None):
            raise ValueError("give either on (a date) or start and until (a period)")
        if self.start is not None and (self.until is None or self.until <= self.start):
            raise ValueError("a period needs until after start")
        if self.recurring and self.on is None:
            raise ValueError("recurring needs on (the first date)")
        if self.also_on and self.on is None:
            raise ValueError("also_on needs on (the first date), not a period")
        if len(set((self.on, *self.also_on))) != 1 + len(self.also_on):
            raise ValueError("also_on lists a date twice (or the first date again)")
        return self


class PositionFields(Frozen):
    count: Count
    unit: str
    schedule: str
    lane: str
    step: StepLabel
    fte: Fte = Decimal(1)
    id_prefix: str = "NEW"
    flags: dict[str, Quantity] = {}


class Position(PositionFields, Dated):
    """New positions created by a proposal (e.g. five social workers), starting on ``effective``."""

    VALUE: ClassVar[str] = "count"


class RetroFields(Frozen):
    name: str = "retro"
    label: Label = ""
    until: Date
    pay_date: Date
    employed_on: tuple[Date, ...] = ()
    eligible: Eligibility | None = None


class Retro(RetroFields, Sourced):
    """Pay for [start, until) stays at the old rates; the difference is paid later as one line."""

    start: Date
    old_schedules: tuple[Schedule, ...] = ()

    @model_validator(mode="after")
    def _in_order(self):
        if self.until <= self.start:
            raise ValueError(f"until {self.until} is not after the start {self.start}")
        return self
