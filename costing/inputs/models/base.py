"""The building blocks every input model shares: the frozen base, selectors, bounds and value types.

Pydantic models with ``extra="forbid"`` so that a misspelt key is an error naming the key, and
``frozen=True`` so that applying a proposal can never edit the baseline in place. Every number
has a stated range (docs/formats.md, "Bounds"), defined here once.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..parsing import parse_month_day


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
