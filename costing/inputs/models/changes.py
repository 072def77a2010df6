"""A proposal and its changes: the fixed vocabulary of operations on a contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from .base import (
    MAX_ITEMS,
    Amount,
    Count,
    DaysPerYear,
    Delta,
    Frozen,
    Fte,
    HoursPerDay,
    MonthDay,
    Percent,
    Quantity,
    Rate,
    RollupPercent,
    Selector,
    StepLabel,
    YearsOfService,
    _check_percent_range,
)
from .costs import Escalation
from .eligibility import Eligibility
from .pay import HoldHarmless


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
    amount: Delta
    per: Literal["year", "hour", "day"] = "year"
    lanes: tuple[str, ...] | None = None
    steps: tuple[StepLabel, ...] | None = None


class Rebuild(ChangeBase):
    op: Literal["rebuild"]
    ratio: Decimal = Field(gt=0, le=2)
    from_step: StepLabel | None = None


class ReplaceTable(ChangeBase):
    op: Literal["replace_table"]
    file: str | None = None
    rates: dict[str, dict[StepLabel, Rate]]
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
    amounts: dict[YearsOfService, Amount]
    hold_harmless: HoldHarmless = False


class SetStipend(ChangeBase):
    op: Literal["set_stipend"]
    name: str
    amount: Amount
    kind: Literal["annual", "per_hour", "per_day", "percent", "hours_at_rate"] | None = None
    column: str | None = None
    prorated: bool | None = None
    fte_scaled: bool | None = None
    pay_month_day: MonthDay | None = None
    eligible: Eligibility | None = None


class OneTimeChange(ChangeBase):
    op: Literal["one_time"]
    name: str
    amount: Amount
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    fte_scaled: bool = False
    eligible: Eligibility | None = None


class RetroChange(ChangeBase):
    op: Literal["retro"]
    name: str = "retro"
    until: dt.date
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    eligible: Eligibility | None = None


class AddPositions(ChangeBase):
    op: Literal["add_positions"]
    count: Count
    unit: str
    schedule: str
    lane: str
    step: StepLabel
    fte: Fte = Decimal(1)
    id_prefix: str = "NEW"
    flags: dict[str, Quantity] = {}


class SetRollup(ChangeBase):
    op: Literal["set_rollup"]
    name: str
    rate: RollupPercent
    applies_to: tuple[Literal["base", "longevity", "stipend", "one_time", "retro", "line"], ...] | None = None


class SetWorkYear(ChangeBase):
    op: Literal["set_work_year"]
    hours_per_day: HoursPerDay | None = None
    days_per_year: DaysPerYear | None = None


class SetUnit(ChangeBase):
    op: Literal["set_unit"]
    unit: str


class AddCostLine(ChangeBase):
    op: Literal["add_cost_line"]
    name: str
    unit: str
    rate: Rate
    quantity: Quantity
    cap: Amount | None = None
    until: dt.date | None = None
    cap_per: Literal["fiscal_year", "contract_year"] = "fiscal_year"
    contract_year_start: MonthDay = "09-01"
    escalate_with: Escalation | None = None
    assumption: str = ""


class EndCostLine(ChangeBase):
    """A baseline cost line stops on the effective date (an eliminated pool shows as a saving)."""

    op: Literal["end_cost_line"]
    name: str


class SetPremium(ChangeBase):
    """New premiums for a benefit plan's tiers from the effective date (tiers not named keep theirs)."""

    op: Literal["set_premium"]
    name: str
    plan: str
    rates: dict[str, Decimal]


class SetEmployerShare(ChangeBase):
    """A new employer share of premiums from the effective date (e.g. 75/25 to 80/20)."""

    op: Literal["set_employer_share"]
    name: str
    percent: Percent
    plans: tuple[str, ...] | None = None


class MovePlan(ChangeBase):
    """Members of one plan are costed at another plan's premiums from the effective date."""

    op: Literal["move_plan"]
    name: str
    from_plan: str
    to_plan: str


class AddPaidDays(ChangeBase):
    """N more paid days at each person's own daily rate (a new holiday, extra days in a work year)."""

    op: Literal["add_paid_days"]
    name: str
    days: Decimal = Field(gt=0, le=366)
    until: dt.date | None = None  # with until: spread over [effective, until); without: paid on the day
    recurring: bool = False
    eligible: Eligibility | None = None
    assumption: str = ""


class SetExtraPay(ChangeBase):
    """Add or replace days/weeks of pay by years of service (see the contract's ``extra_pay``)."""

    op: Literal["set_extra_pay"]
    name: str
    measure: Literal["days", "weeks"]
    tiers: dict[int, Decimal]
    pay_month_day: MonthDay
    service_counted_on: MonthDay | None = None
    days_per_week: Decimal = Field(Decimal(5), gt=0, le=7)
    until: dt.date | None = None
    eligible: Eligibility | None = None
    assumption: str = ""



Change = Annotated[
    RaisePercent | AddFlat | Rebuild | ReplaceTable | SetAnniversary | FreezeSteps | DropEntryStep | ReplaceLongevity | SetStipend | OneTimeChange | RetroChange | AddPositions | SetRollup | SetWorkYear | SetUnit | AddCostLine
    | EndCostLine | SetPremium | SetEmployerShare | MovePlan | AddPaidDays | SetExtraPay,
    Field(discriminator="op"),
]


class Proposal(Frozen):
    title: str
    label: str = Field("", max_length=40, description="a short name for tables and charts (default: the title)")
    proposer: Literal["committee", "union", "joint", "mediator", "other"] = "other"
    date: dt.date | None = None
    baseline: str = ""
    reference: str = ""
    changes: tuple[Change, ...] = Field((), max_length=MAX_ITEMS,
                                        description="the changes; a proposal file without any is refused")
