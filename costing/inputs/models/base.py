"""The building blocks every input model shares: the frozen base, dated values, selectors, bounds.

Pydantic models with ``extra="forbid"`` so that a misspelt key is an error naming the key, and
``frozen=True`` so that applying a proposal can never edit the baseline in place. Every number
has a stated range (docs/formats.md, "Bounds"), defined here once.

Everything a contract or proposal states can say where it comes from (:class:`Sourced`:
``reference``, ``note`` and ``status``), and everything that changes on a date is a
:class:`Dated` value: one base, so that the in-force lookup, the walk over a contract's dated
values, the caveats (``status: illustrative``) and provenance treat a rate table, a premium and a
proposal's change alike.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from ..parsing import FIRST_DAY, LAST_DAY, parse_date, parse_month_day  # noqa: F401  (FIRST_DAY, LAST_DAY re-exported)


def _parse_percent(value):
    """3 or "3%" -> Decimal('3'); a bare 0 < x < 0.5 looks like a fraction typed by mistake.

    A Decimal is a value already read (a model made by applying a proposal, or from Python) and is
    taken as it is, so that validating a contract again never refuses what was accepted once.
    """
    if isinstance(value, bool):
        raise ValueError("a percent must be a number such as 3 or \"3%\"")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"-?\d+(\.\d+)?\s*%?", text):
            raise ValueError(f"{value!r} is not a percent such as 3 or \"3%\"")
        number = Decimal(text.rstrip("%").strip())
        if not text.endswith("%"):
            _check_not_a_fraction(number, value)  # a number in quotes is read as the same number unquoted
        return number
    if isinstance(value, Decimal):
        return value  # already a percent: YAML gives int, float or text, never Decimal
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
        _check_not_a_fraction(number, value)
        return number
    raise ValueError(f"{value!r} is not a percent such as 3 or \"3%\"")


def _check_not_a_fraction(number: Decimal, typed) -> None:
    """A bare 0 < x < 0.5 looks like a fraction typed by mistake (0.03 for 3%)."""
    if 0 < abs(number) < Decimal("0.5"):
        raise ValueError(f"{typed} would mean {typed}%; write percents in percent (3 means 3%),"
                         f" or write \"{typed}%\" if you really mean it")


def _parse_share(value):
    """A share of a premium in percent: 0.85 or 1 is ambiguous (85%? 1%?), so it must be written out."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1:
        whole = f"{float(value) * 100:g}"
        raise ValueError(f"{value} is ambiguous as a share: write {whole} for {whole}%"
                         f" (or \"{value}%\" if you mean {value} percent)")
    return _parse_percent(value)


def _check_percent_range(value: Decimal) -> Decimal:
    if not Decimal(-100) < value <= Decimal(100):
        raise ValueError(f"{value}% is outside -100% to 100%")
    return value


Percent = Annotated[Decimal, BeforeValidator(_parse_percent)]
SharePercent = Annotated[Decimal, BeforeValidator(_parse_share)]
"""A share in percent (an employer's share of premiums): 80 means 80%; a bare 0 < x <= 1 is refused."""

# ------------------------------------------------------------------ bounds (docs/formats.md, "Bounds")
# Every number is finite (pydantic's Decimal refuses inf and nan) and inside a stated range, so
# that ``validate`` and every verb refuse the same nonsense before anything is costed.

MAX_MONEY = Decimal(10_000_000)     # the largest rate or amount any single cell or payment may be
MAX_ITEMS = 1_000                   # schedules, lanes, steps, tables, provisions, changes per file

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


Date = Annotated[dt.date, BeforeValidator(parse_date), WithJsonSchema({
    "type": "string", "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$",
    "description": "a date: 2026-07-01, or 7/1/2026 (month/day/year, as Excel shows it)"})]
"""The one date type of every input model: a date written 2026-07-01 (YAML reads it as a date) or
7/1/2026 (text to YAML), read by :func:`costing.inputs.parsing.parse_date`, so a YAML file, a
proposal sheet and an import mapping accept the same dates and refuse the same ones (13/1/2026,
1/2/26, 2026-02-30, a year outside 1900-2199) with the same words. Written back as ISO."""


def _month_day(value):
    parse_month_day(value)
    return str(value)


MonthDay = Annotated[str, BeforeValidator(_month_day)]


def _step_label(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


StepLabel = Annotated[str, BeforeValidator(_step_label)]

Label = Annotated[str, Field(max_length=80)]
"""A human label for a key (``label:`` on a schedule, a stipend, a cost line, a roll-up ...): how a public
report names it. Blank: a readable form of the key (:func:`costing.inputs.labels.readable`)."""


class Frozen(BaseModel):
    """Every input model: immutable, a misspelt key an error; every date field is a :data:`Date`
    (``tests/test_dates.py`` checks it, so a new field cannot skip the one date rule)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Selector(Frozen):
    """Which schedules (directly, or through their bargaining unit) a provision applies to."""

    schedules: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None


Status = Literal["stated", "assumed", "illustrative"]
"""How much a value may be relied on: stated by a document, assumed (a reading or a figure the
documents do not fix, said so), or illustrative (invented to show the method). Reports mark every
figure that rests on an illustrative value."""
STATUSES: tuple[str, ...] = get_args(Status)


def weakest(*statuses: str) -> str:
    """The status of a value made from others: illustrative if any is, else assumed if any is."""
    return max(statuses, key=STATUSES.index, default="stated")


class Sourced(Frozen):
    """Where a value comes from: a reference (document, article, section), a note, and a status."""

    reference: str = ""
    note: str = ""
    status: Status = "stated"


class _Effective(Frozen):
    effective: Date


class Dated(Sourced, _Effective):
    """A value in force from ``effective`` until the next one: the one base of every dated value.

    Each kind keeps its own name for the value (a rate table's ``rates``, a stipend's ``amount``,
    a roll-up's ``rate`` ...), named by ``VALUE`` so that generic code can read it as ``value``.
    """

    VALUE: ClassVar[str] = ""

    @property
    def value(self):
        """The value this entry dates (the entry itself when it carries several, like a work year)."""
        return getattr(self, self.VALUE) if self.VALUE else self
