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

# ------------------------------------------------------------------ bounds (docs/formats.md, "Bounds")
# Every number is finite (pydantic's Decimal refuses inf and nan) and inside a stated range, so
# that ``validate`` and every verb refuse the same nonsense before anything is costed.

MAX_MONEY = Decimal(10_000_000)     # the largest rate or amount any single cell or payment may be
MAX_ITEMS = 1_000                   # schedules, lanes, steps, tables, provisions, changes per file
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)

RollupPercent = Annotated[Decimal, BeforeValidator(_parse_percent), Field(ge=0, le=100)]
"""A roll-up or share percent: 0 to 100."""
Rate = Annotated[Decimal, Field(gt=0, le=MAX_MONEY)]
"""A pay rate or unit cost: more than 0."""
Amount = Annotated[Decimal, Field(ge=0, le=MAX_MONEY)]
"""A payment: 0 or more (a reduction is stated by an op such as a negative raise_percent)."""
Delta = Annotated[Decimal, Field(ge=-MAX_MONEY, le=MAX_MONEY)]
"""A change to an amount, which may be a stated reduction."""
Quantity = Annotated[Decimal, Field(ge=0, le=MAX_MONEY)]
HoursPerDay = Annotated[Decimal, Field(gt=0, le=24)]
DaysPerYear = Annotated[Decimal, Field(gt=0, le=366)]
Fte = Annotated[Decimal, Field(gt=0, le=Decimal("1.5"))]
YearsOfService = Annotated[int, Field(ge=0, le=80)]
Count = Annotated[int, Field(ge=1, le=10_000)]


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

    @model_validator(mode="after")
    def _dates_plausible(self):
        """Every date between 1900 and 2199: a typo such as 0202-07-01 or 9999-12-31 is caught here."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            for day in (value if isinstance(value, tuple) else (value,)):
                if isinstance(day, dt.date) and not FIRST_DAY <= day <= LAST_DAY:
                    raise ValueError(f"{name}: {day} is not a plausible date (years 1900 to 2199)")
        return self


class Selector(Frozen):
    """Which schedules (directly, or through their bargaining unit) a provision applies to."""

    schedules: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None


# ------------------------------------------------------------------ eligibility and total compensation


class ServiceRule(Frozen):
    """Completed years of service (from the seniority date) on a day: at least ``at_least``."""

    at_least: int = Field(ge=0, le=80)
    on: dt.date | None = None  # default: the day the item is paid


class EndedBetween(Frozen):
    """Left between two dates (inclusive), optionally for a stated reason (roster column end_reason)."""

    start: dt.date
    end: dt.date
    reasons: tuple[str, ...] = ()  # e.g. ("retired",); empty = any reason

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class ColumnRule(Frozen):
    """A roster column's value is one of ``values`` (unit, lane, schedule, a flag, any text column)."""

    column: str = Field(min_length=1)
    values: tuple[str, ...] = Field(min_length=1)


class EligibilityRule(Frozen):
    """One condition; exactly one key is given."""

    employed_on: dt.date | None = None
    ended_between: EndedBetween | None = None
    years_of_service: ServiceRule | None = None
    min_fte: Decimal | None = Field(None, gt=0, le=Decimal("1.5"))
    column: ColumnRule | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of employed_on, ended_between, years_of_service, min_fte, column (got {', '.join(given) or 'none'})")
        return self


class Eligibility(Frozen):
    """Who receives an item: every rule of ``all_of`` and, when given, at least one of ``any_of``.

    New Bedford's retro, for example, is owed to those in the unit on 5/8/2023 *or* retired between
    7/1/2022 and 5/8/2023: ``any_of: [{employed_on: 2023-05-08}, {ended_between: {start:
    2022-07-01, end: 2023-05-08, reasons: [retired]}}]``.
    """

    all_of: tuple[EligibilityRule, ...] = ()
    any_of: tuple[EligibilityRule, ...] = ()

    def columns(self) -> set[str]:
        """Roster columns the rules read (checked against the roster before costing)."""
        rules = (*self.all_of, *self.any_of)
        out = {r.column.column for r in rules if r.column}
        if any(r.ended_between and r.ended_between.reasons for r in rules):
            out.add("end_reason")
        return out


class PremiumRates(Frozen):
    """A plan's premium for each tier from a date (monthly or annual, as the benefit's ``basis``)."""

    effective: dt.date
    rates: dict[str, Decimal]  # tier -> premium
    reference: str = ""

    @field_validator("rates")
    @classmethod
    def _positive(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        if not value:
            raise ValueError("give at least one tier's premium")
        for tier, amount in value.items():
            if not (amount >= 0 and amount.is_finite()):
                raise ValueError(f"tier {tier!r}: premium {amount} must be a finite amount >= 0")
        return value


class EmployerShare(Frozen):
    """The employer's share of the premium from a date, for every plan or for the plans named."""

    effective: dt.date
    percent: Percent
    plans: tuple[str, ...] | None = None
    reference: str = ""

    @field_validator("percent")
    @classmethod
    def _range(cls, value: Decimal) -> Decimal:
        if not Decimal(0) <= value <= Decimal(100):
            raise ValueError(f"{value}% is not a share between 0% and 100%")
        return value


class PlanMove(Frozen):
    """From a date, members of one plan are costed at another plan's premiums (tiers kept)."""

    effective: dt.date
    from_plan: str
    to_plan: str
    reference: str = ""


class Benefit(Selector):
    """Per-head employer cost of a benefit (health, dental) by plan and tier (M.G.L. c.32B).

    The roster column ``column`` holds each person's enrolment as ``PLAN:TIER`` (or ``TIER`` when
    there is one plan); blank, ``waived`` or ``none`` means not enrolled. Positions a proposal
    creates take ``new_position_mix``: the share of new hires in each ``PLAN:TIER`` (the rest
    waive), stated as an assumption. Premiums are charged by month (a month counts when the
    person is employed on its first day) or by calendar day, whatever the schedule's pay basis:
    10-month staff carry twelve months of coverage.
    """

    name: str
    column: str
    basis: Literal["monthly", "annual"] = "monthly"
    proration: Literal["months", "days"] = "months"
    plans: dict[str, tuple[PremiumRates, ...]]
    employer_share: tuple[EmployerShare, ...] = Field(min_length=1)
    plan_moves: tuple[PlanMove, ...] = ()
    new_position_mix: dict[str, Decimal] = {}
    assumption: str = ""
    reference: str = ""

    @model_validator(mode="after")
    def _consistent(self):
        if not self.plans:
            raise ValueError("give at least one plan")
        for plan, dated in self.plans.items():
            if not dated:
                raise ValueError(f"plan {plan!r} has no premiums")
            dates = [d.effective for d in dated]
            if dates != sorted(dates) or len(set(dates)) != len(dates):
                raise ValueError(f"plan {plan!r}: premiums must be in date order, one per date")
        for share in self.employer_share:
            for plan in share.plans or ():
                if plan not in self.plans:
                    raise ValueError(f"employer_share names plan {plan!r}, which is not in plans ({', '.join(self.plans)})")
        for move in self.plan_moves:
            for plan in (move.from_plan, move.to_plan):
                if plan not in self.plans:
                    raise ValueError(f"plan_moves names plan {plan!r}, which is not in plans ({', '.join(self.plans)})")
        total = Decimal(0)
        for key, share in self.new_position_mix.items():
            self.split_enrolment(key)
            if not Decimal(0) <= share <= Decimal(1):
                raise ValueError(f"new_position_mix {key!r}: {share} is not a share between 0 and 1")
            total += share
        if total > 1:
            raise ValueError(f"new_position_mix adds up to {total}, more than 1 (all new hires)")
        return self

    def split_enrolment(self, text: str) -> tuple[str, str]:
        """'HMO:family' -> ('HMO', 'family'); 'family' alone when there is one plan."""
        plan, sep, tier = str(text).partition(":")
        if not sep:
            if len(self.plans) != 1:
                raise ValueError(f"{text!r} names no plan; write PLAN:TIER (plans: {', '.join(self.plans)})")
            plan, tier = next(iter(self.plans)), plan
        plan, tier = plan.strip(), tier.strip()
        if plan not in self.plans:
            raise ValueError(f"{text!r}: unknown plan {plan!r} (plans: {', '.join(self.plans)})")
        tiers = {t for dated in self.plans[plan] for t in dated.rates}
        if tier not in tiers:
            raise ValueError(f"{text!r}: plan {plan!r} has no tier {tier!r} (tiers: {', '.join(sorted(tiers))})")
        return plan, tier


class ExtraPay(Selector):
    """Days or weeks of each person's own pay, by years of service on the pay day.

    New Bedford's para CBA pays one week at 10+ years and two weeks at 20+ at the end of the school
    year, and five extra days at the Christmas recess after four consecutive years: ``tiers`` maps
    the completed years of service to the days or weeks paid. A week is ``days_per_week`` days;
    a day is the person's daily rate (hourly rate x hours per day, a daily rate, or an annual rate
    / days per year) on the pay day, times FTE.
    """

    name: str
    measure: Literal["days", "weeks"]
    tiers: dict[int, Decimal]
    pay_month_day: MonthDay
    service_counted_on: MonthDay | None = None  # count years of service on this day of the year (default: the pay day)
    days_per_week: Decimal = Field(Decimal(5), gt=0, le=7)
    effective: dt.date | None = None
    until: dt.date | None = None
    eligible: Eligibility | None = None
    assumption: str = ""
    reference: str = ""

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


class PaidDays(Selector):
    """Extra paid days at each person's own daily rate: on a date, or spread over a period.

    A paid holiday added to the calendar (New Bedford's Juneteenth) is N days paid to those
    employed on the day; it is not a change of the work-year basis, which would scale every rate.
    """

    name: str
    days: Decimal = Field(gt=0, le=366)
    on: dt.date | None = None
    start: dt.date | None = None
    until: dt.date | None = None
    recurring: bool = False  # the same month-day every year from ``on`` (a new holiday)
    eligible: Eligibility | None = None
    assumption: str = ""
    reference: str = ""

    @model_validator(mode="after")
    def _when(self):
        if (self.on is None) == (self.start is None):
            raise ValueError("give either on (a date) or start and until (a period)")
        if self.start is not None and (self.until is None or self.until <= self.start):
            raise ValueError("a period needs until after start")
        if self.recurring and self.on is None:
            raise ValueError("recurring needs on (the first date)")
        return self


class Escalation(Frozen):
    """A cost line's rate moves with a schedule: scaled by one cell's rate on the day over its rate
    on the line's effective date (by default the first lane's top step)."""

    schedule: str
    lane: str | None = None
    step: StepLabel | None = None


# ---------------------------------------------------------------------------------- contract


ROUNDING_MODES = ("half_up", "half_even", "half_down", "down", "up")
PRORATIONS = ("calendar_days", "school_year", "work_days", "pay_periods")
ProrationName = Literal["calendar_days", "school_year", "work_days", "pay_periods"]


class Rounding(Frozen):
    rate: Decimal = Decimal("0.01")
    annual: Decimal = Decimal("0.01")
    mode: Literal["half_up", "half_even", "half_down", "down", "up"] = "half_up"

    @field_validator("rate", "annual")
    @classmethod
    def _divides_a_dollar(cls, quantum: Decimal) -> Decimal:
        """A quantum must split a dollar evenly (1, 0.5, 0.25, 0.05, 0.01 ...), or amounts drift."""
        if quantum <= 0 or quantum > 1 or (Decimal(1) / quantum) % 1 != 0:
            raise ValueError(f"rounding quantum {quantum} does not divide a dollar; use e.g. 1, 0.05 or 0.01")
        return quantum


class WorkYear(Frozen):
    hours_per_day: HoursPerDay | None = None
    days_per_year: DaysPerYear | None = None


class DatedWorkYear(WorkYear):
    effective: dt.date
    reference: str = ""


class RateTable(Frozen):
    effective: dt.date
    reference: str = ""
    file: str | None = None
    rates: dict[str, dict[StepLabel, Rate]]


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
    min_service_days: int = Field(0, ge=0, le=3660)
    advance_by: int = Field(1, ge=0, le=100)
    freezes: tuple[StepFreeze, ...] = ()
    entry_drops: tuple[EntryDrop, ...] = ()
    min_fte: Decimal | None = Field(None, gt=0, le=Decimal("1.5"))  # only people at this FTE or more move a step


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
    lanes: tuple[str, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    steps: tuple[StepLabel, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    rounding: Rounding = Rounding()
    tables: tuple[RateTable, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    step_rules: StepRules = StepRules()
    # steps a lane does not have in any table (a grid's blank cells), stated so that a missing rate
    # elsewhere is an error rather than a guess: {PhD: ["1", "2"]}
    blank_cells: dict[str, tuple[StepLabel, ...]] = {}
    proration: ProrationName | None = None             # None: the contract's
    work_calendar: WorkCalendarSpec | None = None       # None: the contract's

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
        blank = set()
        for lane, steps in self.blank_cells.items():
            if lane not in self.lanes:
                raise ValueError(f"blank_cells: unknown lane {lane!r}")
            for step in steps:
                if step not in self.steps:
                    raise ValueError(f"blank_cells: lane {lane} has step {step!r}, which is not in the schedule's steps")
                blank.add((lane, step))
        for table in self.tables:
            where = f" ({table.file})" if table.file else ""
            missing = [(lane, step) for lane in self.lanes for step in self.steps
                       if step not in table.rates.get(lane, {}) and (lane, step) not in blank]
            if missing:
                shown = ", ".join(f"lane {lane} step {step}" for lane, step in missing[:3])
                more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
                raise ValueError(f"table effective {table.effective}{where} has no rate for {shown}{more};"
                                 " give every rate, or list a step the lane does not have under blank_cells")
            stated = [(lane, step) for lane, step in sorted(blank) if step in table.rates.get(lane, {})]
            if stated:
                lane, step = stated[0]
                raise ValueError(f"table effective {table.effective}{where} has a rate for lane {lane} step {step},"
                                 " which blank_cells says the lane does not have")
        if len(blank) == len(self.lanes) * len(self.steps):
            raise ValueError("the schedule's tables have no rates")
        return self


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


class LongevityTable(Frozen):
    effective: dt.date
    amounts: dict[YearsOfService, Amount]
    hold_harmless: HoldHarmless = False
    reference: str = ""


class Longevity(Selector):
    name: str = "longevity"
    payment: Literal["prorated", "lump"] = "prorated"
    pay_month_day: MonthDay = "12-01"
    fte_scaled: bool = False
    tables: tuple[LongevityTable, ...] = Field(min_length=1, max_length=MAX_ITEMS)


class DatedAmount(Frozen):
    effective: dt.date
    amount: Amount
    reference: str = ""


class Stipend(Selector):
    name: str
    kind: Literal["annual", "per_hour", "per_day", "percent", "hours_at_rate"]
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


class OneTime(Selector):
    name: str
    amount: Amount
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    fte_scaled: bool = False
    eligible: Eligibility | None = None
    reference: str = ""


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


class Position(Frozen):
    """New positions created by a proposal (e.g. five social workers)."""

    effective: dt.date
    count: Count
    unit: str
    schedule: str
    lane: str
    step: StepLabel
    fte: Fte = Decimal(1)
    id_prefix: str = "NEW"
    flags: dict[str, Quantity] = {}
    reference: str = ""


class Retro(Frozen):
    """Pay for [start, until) stays at the old rates; the difference is paid later as one line."""

    name: str
    start: dt.date
    until: dt.date
    pay_date: dt.date
    employed_on: tuple[dt.date, ...] = ()
    eligible: Eligibility | None = None
    old_schedules: tuple[Schedule, ...] = ()
    reference: str = ""

    @model_validator(mode="after")
    def _in_order(self):
        if self.until <= self.start:
            raise ValueError(f"until {self.until} is not after the start {self.start}")
        return self


class WorkCalendarSpec(Frozen):
    start: MonthDay = "09-01"
    end: MonthDay = "06-30"
    holidays: tuple[dt.date, ...] = ()
    weigh_by: Literal["work_days", "months"] = "work_days"  # how school_year weighs its pieces


class PayPeriodSpec(Frozen):
    per_year: Literal[26] = 26
    anchor: dt.date = dt.date(2024, 7, 12)
    lag_days: int = Field(0, ge=0, le=31)  # a pay date pays for work ending this many days before it
    twenty_seventh: Literal["absorbed", "paid"] = "absorbed"  # a year with 27 pay dates: spread, or 27/26


class Period(Frozen):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _in_order(self):
        if self.end <= self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if self.end.year - self.start.year > 50:
            raise ValueError(f"a period of {self.end.year - self.start.year} years is not a contract period (at most 50)")
        return self


class Contract(Frozen):
    name: str
    district: str = ""
    units: tuple[str, ...]
    reference: str = ""
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
