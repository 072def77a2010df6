"""A proposal and its changes: the fixed vocabulary of operations on a contract.

Every change is a dated value (``effective``, ``reference``, ``note``, ``status``) with a selector
(``schedules``, ``units``) and an optional switch (``contingent``). A change that adds or dates a
contract item takes that item's fields from the item's own ``...Fields`` model instead of
restating them, so a field added to the item (a new roll-up target, a bound) reaches the op by
construction. What each op checks, does and says is registered once, in :mod:`costing.engine.ops`;
a test holds the union below, that registry, the JSON Schema and docs/formats.md to the same set.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BeforeValidator, Field, field_validator, model_validator

from .base import (
    MAX_ITEMS,
    Amount,
    Date,
    Dated,
    Delta,
    Frozen,
    Label,
    MonthDay,
    Percent,
    Selector,
    Sourced,
    StepLabel,
    _check_percent_range,
)
from .benefits import EmployerShareFields, PlanMoveFields, PremiumRatesFields
from .costs import CostLineFields, DatedRateFields
from .eligibility import Eligibility
from .pay import (
    DatedAmountFields,
    ExtraPayFields,
    LongevityTableFields,
    OneTimeFields,
    PaidDaysFields,
    PositionFields,
    RetroFields,
    StipendKind,
)
from .schedules import (
    AnniversaryFields,
    EntryDropFields,
    RaiseFloorFields,
    RateTableFields,
    StepFreezeFields,
    UnitChangeFields,
    WorkYear,
)


def _school_year(value):
    """'2015-16': a school year by its two calendar years (the second written with two digits)."""
    text = str(value).strip()
    found = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if found is None or (int(found[1]) + 1) % 100 != int(found[2]):
        raise ValueError(f"{value!r} is not a school year such as 2015-16")
    return text


SchoolYear = Annotated[str, BeforeValidator(_school_year)]


class WorkDay(Frozen):
    """The Nth work day of a school year: Milton's 2015-16 raise "effective on the 92nd day".

    Resolved when the change is applied, against the work calendar of the schedules it selects
    (weekdays from the calendar's start, less its holidays), and shown as the date it resolves to.
    """

    day: int = Field(ge=1, le=366)
    school_year: SchoolYear

    @property
    def start_year(self) -> int:
        """The calendar year the school year starts in (2015 for 2015-16)."""
        return int(self.school_year[:4])


class ChangeBase(Dated, Selector):
    """What every change has: a date, a source, a selector, and an optional switch (``contingent``).

    The date is ``effective``, or ``effective_work_day`` (the Nth work day of a school year), which
    :func:`costing.engine.ops.registry.resolved` turns into ``effective`` when the change is applied.
    """

    effective: Date | None = None
    effective_work_day: WorkDay | None = None
    contingent: str | None = None

    @model_validator(mode="after")
    def _one_date(self):
        if self.effective is None and self.effective_work_day is None:
            raise ValueError("give the change's date: effective (2024-07-01), or effective_work_day"
                             " ({day: 92, school_year: 2015-16})")
        if self.effective is not None and self.effective_work_day is not None:
            raise ValueError("give effective or effective_work_day, not both")
        return self


# ------------------------------------------------------------------ rate tables


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


class RaiseGreaterOf(RaiseFloorFields, ChangeBase):
    """The greater of a percent and an amount: "2.25% or $900, whichever is greater".

    ``each: cell`` raises every selected cell by the greater of the percent and the amount converted
    to the schedule's rate unit through its work year. ``each: person`` raises the cells by the percent
    and gives each person a floor: their pay before the raise plus the amount, at their own work year
    (and FTE, unless ``fte_scaled: false``), measured on the effective date (:class:`RaiseFloor`).
    """

    op: Literal["raise_greater_of"]
    percent: Percent
    amount: Amount = Field(gt=0)
    each: Literal["cell", "person"] = "cell"

    @field_validator("percent")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if not Decimal(0) < value <= Decimal(100):
            raise ValueError(f"{value}% is not a raise: give a percent above 0, at most 100")
        return value


class Rebuild(ChangeBase):
    """Each lane's steps after ``from_step`` recomputed from it: by a ratio (Chelsea's 6% between steps),
    an equal dollar amount (Nashoba's FY2019 grid: $3,209 between steps) or a list of differences, one
    for each step after ``from_step`` (amounts per ``per``, converted through the work year)."""

    op: Literal["rebuild"]
    ratio: Decimal | None = Field(None, gt=0, le=2)
    difference: Amount | None = None
    differences: tuple[Amount, ...] | None = Field(None, min_length=1, max_length=MAX_ITEMS)
    per: Literal["year", "hour", "day"] = "year"
    from_step: StepLabel | None = None

    @model_validator(mode="after")
    def _one_rule(self):
        given = [k for k in ("ratio", "difference", "differences") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give one of ratio (1.06), difference (an equal amount between steps) or differences"
                             " (one for each step after from_step)" + (f", not {' and '.join(given)}" if given else ""))
        return self


class ReplaceTable(RateTableFields, ChangeBase):
    op: Literal["replace_table"]
    partial: bool = False


# ------------------------------------------------------------------ step movement and the schedule itself


class SetAnniversary(AnniversaryFields, ChangeBase):
    """The step movement date from ``effective`` on: a month-day, or the Nth work day of each school
    year (``work_day``: Belmont's 2014 steps "more than 100 days into" the year are ``work_day: 101``)."""

    op: Literal["set_anniversary"]
    month_day: MonthDay | None = None
    work_day: int | None = Field(None, ge=1, le=366)

    @model_validator(mode="after")
    def _one_day(self):
        if (self.month_day is None) == (self.work_day is None):
            raise ValueError("give month_day (\"09-01\") or work_day (101: the 101st work day of each school year),"
                             " one of them")
        return self


class FreezeSteps(StepFreezeFields, ChangeBase):
    op: Literal["freeze_steps"]


class DropEntryStep(EntryDropFields, ChangeBase):
    op: Literal["drop_entry_step"]


class SetWorkYear(WorkYear, ChangeBase):
    op: Literal["set_work_year"]


class SetUnit(UnitChangeFields, ChangeBase):
    op: Literal["set_unit"]


class AddPositions(PositionFields, ChangeBase):
    op: Literal["add_positions"]


# ------------------------------------------------------------------ pay items


class ReplaceLongevity(LongevityTableFields, ChangeBase):
    op: Literal["replace_longevity"]
    name: str = "longevity"


class SetStipend(DatedAmountFields, ChangeBase):
    """A new stipend, or a new dated amount for one; the other fields, when given, replace the stipend's."""

    op: Literal["set_stipend"]
    name: str
    label: Label = ""     # how a report names a new stipend (blank: its name in words)
    kind: StipendKind | None = None
    column: str | None = None
    prorated: bool | None = None
    fte_scaled: bool | None = None
    pay_month_day: MonthDay | None = None
    eligible: Eligibility | None = None


class OneTimeChange(OneTimeFields, ChangeBase):
    op: Literal["one_time"]


class RetroChange(RetroFields, ChangeBase):
    op: Literal["retro"]


class AddPaidDays(PaidDaysFields, ChangeBase):
    """N more paid days at each person's own daily rate (a new holiday, extra days in a work year).

    With ``until`` the days are spread over [effective, until); without, paid on the day.
    """

    op: Literal["add_paid_days"]


class SetExtraPay(ExtraPayFields, ChangeBase):
    """Add or replace days/weeks of pay by years of service (see the contract's ``extra_pay``)."""

    op: Literal["set_extra_pay"]


# ------------------------------------------------------------------ roll-up and cost lines


class SetRollup(DatedRateFields, ChangeBase):
    op: Literal["set_rollup"]
    name: str


class AddCostLine(CostLineFields, ChangeBase):
    op: Literal["add_cost_line"]


class EndCostLine(ChangeBase):
    """A baseline cost line stops on the effective date (an eliminated pool shows as a saving)."""

    op: Literal["end_cost_line"]
    name: str


# ------------------------------------------------------------------ benefits


class SetPremium(PremiumRatesFields, ChangeBase):
    """New premiums for a benefit plan's tiers from the effective date (tiers not named keep theirs)."""

    op: Literal["set_premium"]
    name: str
    plan: str


class SetEmployerShare(EmployerShareFields, ChangeBase):
    """A new employer share of premiums from the effective date (e.g. 75/25 to 80/20)."""

    op: Literal["set_employer_share"]
    name: str


class MovePlan(PlanMoveFields, ChangeBase):
    """Members of one plan are costed at another plan's premiums from the effective date."""

    op: Literal["move_plan"]
    name: str


CHANGE_MODELS: tuple[type[ChangeBase], ...] = (
    RaisePercent, AddFlat, RaiseGreaterOf, Rebuild, ReplaceTable, SetAnniversary, FreezeSteps, DropEntryStep, ReplaceLongevity,
    SetStipend, OneTimeChange, RetroChange, AddPositions, SetRollup, SetWorkYear, SetUnit, AddCostLine,
    EndCostLine, SetPremium, SetEmployerShare, MovePlan, AddPaidDays, SetExtraPay,
)
"""Every op's model, in the order docs/formats.md lists them."""

Change = Annotated[Union[CHANGE_MODELS], Field(discriminator="op")]  # noqa: UP007 (a union built from the tuple)


def op_name(model: type[ChangeBase]) -> str:
    """The ``op:`` a change model is written with in YAML ('raise_percent' for RaisePercent)."""
    (name,) = model.model_fields["op"].annotation.__args__
    return name


class Proposal(Sourced):
    """A proposal: a header (who, when, against what, from which document) and its changes.

    ``status: illustrative`` marks a proposal invented to show the method (a made-up counter).
    """

    title: str
    label: str = Field("", max_length=40, description="a short name for tables and charts (default: the title)")
    proposer: Literal["committee", "union", "joint", "mediator", "other"] = "other"
    date: Date | None = None
    baseline: str = ""
    table_folders: tuple[str, ...] = Field((), description="folders besides this file's own (relative to it) where"
                                                           " its rate table files may lie")
    changes: tuple[Change, ...] = Field((), max_length=MAX_ITEMS,
                                        description="the changes; a proposal file without any is refused")
