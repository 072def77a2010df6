"""Salary schedules: rate tables by lane and step, the work year, rounding and step movement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from ..vocabulary import ProrationName, RoundingMode
from .base import (
    MAX_ITEMS,
    Amount,
    Date,
    Dated,
    DaysPerYear,
    Frozen,
    HoursPerDay,
    Label,
    MonthDay,
    Rate,
    Sourced,
    StepLabel,
)


class WorkCalendarSpec(Frozen):
    start: MonthDay = "09-01"
    end: MonthDay = "06-30"
    holidays: tuple[Date, ...] = ()
    weigh_by: Literal["work_days", "months"] = "work_days"  # how school_year weighs its pieces


class Rounding(Frozen):
    rate: Decimal = Decimal("0.01")
    annual: Decimal = Decimal("0.01")
    mode: RoundingMode = "half_up"

    @field_validator("rate", "annual")
    @classmethod
    def _divides_a_dollar(cls, quantum: Decimal) -> Decimal:
        """A quantum must split a dollar evenly (1, 0.5, 0.25, 0.05, 0.01 ...), or amounts drift."""
        if quantum <= 0 or quantum > 1 or (Decimal(1) / quantum) % 1 != 0:
            raise ValueError(f"rounding quantum {quantum} does not divide a dollar; use e.g. 1, 0.05 or 0.01")
        return quantum


class WorkYear(Frozen):
    """The work-year basis: hours a day and days a year (what an hourly or daily rate is a year of)."""

    hours_per_day: HoursPerDay | None = None
    days_per_year: DaysPerYear | None = None


class DatedWorkYear(WorkYear, Dated):
    """A new work-year basis from a date (what is not given stays as it was)."""


class RateTableFields(Frozen):
    """A table's rates by lane and step, inline or from a CSV file (lane,step,rate) beside the YAML."""

    file: str | None = None
    rates: dict[str, dict[StepLabel, Rate]]


class RateTable(RateTableFields, Dated):
    """A schedule's rates from ``effective`` on.

    ``reference`` is where the table as stated comes from; ``sources`` are the references of the
    proposal changes that made or changed it since, in the order applied, so that every cell can
    be traced: "5% raise, then $2,000 differential, then 6% step rebuild".
    """

    sources: tuple[str, ...] = ()
    VALUE: ClassVar[str] = "rates"

    @property
    def provenance(self) -> str:
        """The table's reference and every change since, in order: 'A, then B, then C'."""
        return ", then ".join(dict.fromkeys(s for s in (self.reference, *self.sources) if s))


class AnniversaryFields(Frozen):
    month_day: MonthDay


class Anniversary(AnniversaryFields, Dated):
    """The month-day of step movement from a date."""

    VALUE: ClassVar[str] = "month_day"


class StepFreezeFields(Frozen):
    until: Date


class StepFreeze(StepFreezeFields, Sourced):
    """No step movement on anniversaries in [start, until)."""

    start: Date


class EntryDropFields(Frozen):
    step: StepLabel


class EntryDrop(EntryDropFields, Dated):
    """From a date, ``step`` and every step before it stop existing."""

    VALUE: ClassVar[str] = "step"


class StepRules(Frozen):
    """How people move down a schedule: on each anniversary, ``advance_by`` steps, or one step once the
    years on a step reach its dwell (``dwell_years`` for every step, or ``dwell`` step by step: Boston's
    paraprofessionals reach step 2 "after 3 years", step 3 after 6, step 4 after 9: ``dwell_years: 3``)."""

    anniversary: tuple[Anniversary, ...] = (Anniversary(effective=dt.date(1900, 1, 1), month_day="07-01"),)
    min_service_days: int = Field(0, ge=0, le=3660)
    advance_by: int = Field(1, ge=0, le=100)
    freezes: tuple[StepFreeze, ...] = ()
    entry_drops: tuple[EntryDrop, ...] = ()
    min_fte: Decimal | None = Field(None, gt=0, le=Decimal("1.5"))  # only people at this FTE or more move a step
    # on a day with both an entry-step drop and a step anniversary: the step first, then the new
    # entry step as a floor (after_steps), or the drop first and then the step (before_steps)
    drop_order: Literal["after_steps", "before_steps"] = "after_steps"
    dwell_years: int = Field(1, ge=1, le=50)            # years on every step before the next
    dwell: tuple[Annotated[int, Field(ge=1, le=50)], ...] = ()   # years on each step before the next, in step order

    def dwells(self, steps: int) -> tuple[int, ...] | None:
        """Years on each step position before the next (the top step's is never used), or None when
        every step is held one year: movement is then ``advance_by`` steps an anniversary."""
        if self.dwell:
            return (*self.dwell, 1)
        return None if self.dwell_years == 1 else (self.dwell_years,) * steps


class UnitChangeFields(Frozen):
    unit: str


class DatedUnit(UnitChangeFields, Dated):
    """From a date, the schedule belongs to another bargaining unit."""

    VALUE: ClassVar[str] = "unit"


class RaiseFloorFields(Frozen):
    """What a per-person floor under a raise states: the amount (per year, hour or day, converted by the
    person's own work year), whether a part-timer's is prorated by FTE, and the cells it covers."""

    amount: Amount
    per: Literal["year", "hour", "day"] = "year"
    fte_scaled: bool = True
    lanes: tuple[str, ...] | None = None
    steps: tuple[StepLabel, ...] | None = None


class RaiseFloor(RaiseFloorFields, Dated):
    """A per-person floor under a percent raise ("2.25% or $900, whichever is greater", for each person).

    From ``effective``, each person on the schedule that day, on a covered cell, is paid at least
    their pay that day before the raise (at ``rates``, the table the raise was applied to, with their
    own placement and work year; an earlier floor counts) plus ``amount``. The floor is that fixed
    yearly pay: later raises go to the cells, and a person returns to the grid once their cell pays
    more (a step, a later raise). ``percent`` is the raise's, kept to describe it.
    """

    percent: Decimal
    rates: dict[str, dict[StepLabel, Rate]]
    VALUE: ClassVar[str] = "amount"


def _time_worked(value) -> str:
    """'6:10': a time worked a day, hours and minutes."""
    text = str(value).strip()
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2 or int(parts[1]) > 59 \
            or not 0 < int(parts[0]) * 60 + int(parts[1]) <= 24 * 60:
        raise ValueError(f"{value!r} is not a time worked a day such as \"6:10\" (hours:minutes, quoted)")
    return text


TimeWorked = Annotated[str, BeforeValidator(_time_worked)]


class Schedule(Frozen):
    name: str
    label: Label = ""                      # how a report names it: "Paraprofessionals" (blank: the name in words)
    lane_labels: dict[str, Label] = {}     # a lane's words where its key is not enough: {TAI: "Teacher assistant I"}
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
    # the hours a day a time worked is paid, as the contract states them (Boston's paras: 6 h 10 min
    # "times 6.17", 7 h 15 min "times 7.27"): {"6:10": 6.17, "7:15": 7.27}. A work year's or a roster
    # row's hours_per_day equal to a listed time (to the minute: 7.25 is 7:15) is paid the stated hours.
    paid_hours: dict[TimeWorked, HoursPerDay] = {}
    raise_floors: tuple[RaiseFloor, ...] = ()            # per-person floors under raises (raise_greater_of)
    # why cells below the Massachusetts minimum wage are meant (municipal employees are exempt, M.G.L.
    # c.151 §2, and some contracts pay less): stated, with its source, `costing validate` does not warn
    # about this schedule's cells; blank, every such cell is a warning (costing.engine.minimum_wage)
    below_minimum_wage: str = Field("", max_length=500)
    proration: ProrationName | None = None             # None: the contract's
    work_calendar: WorkCalendarSpec | None = None       # None: the contract's
    # a red-circled person's own rate (roster column own_rate, paid while above their cell): frozen, or
    # raised by the same percent as their roster-date cell (cell_raises), until the grid passes it
    red_circle: Literal["frozen", "cell_raises"] = "frozen"

    def unknown_cell(self, cells) -> str | None:
        """The first lane, or step of a lane, in ``{lane: steps}`` that the schedule does not have, in words."""
        for lane, steps in cells.items():
            if lane not in self.lanes:
                return f"unknown lane {lane!r} (lanes: {', '.join(self.lanes)})"
            for step in steps:
                if step not in self.steps:
                    return f"lane {lane} has step {step!r}, which is not in the schedule's steps ({', '.join(self.steps)})"
        return None

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
        rules = self.step_rules
        if rules.dwell and len(rules.dwell) != len(self.steps) - 1:
            raise ValueError(f"step_rules.dwell gives {len(rules.dwell)} years; give one for each step but the top"
                             f" ({len(self.steps) - 1}: steps {', '.join(self.steps[:-1])})")
        if rules.dwell and rules.dwell_years != 1:
            raise ValueError("give step_rules.dwell_years or step_rules.dwell, not both")
        if rules.dwells(len(self.steps)) is not None and rules.advance_by not in (0, 1):
            raise ValueError("a dwell moves one step at a time: leave step_rules.advance_by at 1")
        dates = [t.effective for t in self.tables]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("tables must be in date order with one table per effective date")
        for table in self.tables:
            unknown = self.unknown_cell(table.rates)
            if unknown:
                raise ValueError(f"table effective {table.effective}: {unknown}")
        unknown = self.unknown_cell(self.blank_cells)
        if unknown:
            raise ValueError(f"blank_cells: {unknown}")
        blank = {(lane, step) for lane, steps in self.blank_cells.items() for step in steps}
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
