"""What people type on the what-if page, read and checked, with a message a person understands.

Nothing typed is clamped or ignored: a value is taken as typed or refused with a sentence beside
the box saying why and what would be right. Numbers are read as a finance office types them
("4.5", "4.5%", "$2,000", "(500)" for minus 500). The bounds are the proposal file's own: each
value is checked by the model of the change it becomes (a raise by ``raise_percent``, a flat
amount by ``add_flat``, a stipend by the contract's stipend), so the page accepts exactly what a
proposal file accepts and says what the file's loader would say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pydantic import ValidationError

from ..errors import InputError
from ..inputs.grid_import import parse_money
from ..inputs.models import AddFlat, Proposal, RaisePercent, SetStipend, Stipend
from ..inputs.proposal_writer import file_stem

ANY_DAY = dt.date(2000, 1, 1)   # a date for checking a value alone (the value's bounds do not depend on it)
TITLE_LENGTH = 200
"""A saved proposal's title is at most this long (it heads tables and the report's appendix)."""


@dataclass(frozen=True)
class Typed:
    """A value as typed: ``value`` when it is accepted, else ``message`` saying why not."""

    value: Decimal | str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.message


def _number(text: str, unit: str) -> Decimal | None:
    """"4.5", "4.5%", "$2,000", "(500)" -> a Decimal; blank -> None; ValueError otherwise."""
    cleaned = " ".join(str(text).split())
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    cleaned = cleaned.strip("()").strip()
    if unit == "%":
        cleaned = cleaned.removesuffix("%").strip()
    if not cleaned:
        return None
    if "%" in cleaned or (unit == "%" and "$" in cleaned):
        raise ValueError(cleaned)
    value = parse_money(cleaned)
    if value is None:
        raise ValueError(cleaned)
    return -value if negative else value


BOUNDS = {"greater_than_equal": ("too small", "at least"), "greater_than": ("too small", "more than"),
          "less_than_equal": ("too large", "at most"), "less_than": ("too large", "less than")}


def _in_words(value, unit: str) -> str:
    number = Decimal(str(value))
    if unit == "$":
        text = f"{abs(number):,.2f}".removesuffix(".00")
        return f"-${text}" if number < 0 else f"${text}"
    return f"{number.normalize():f}{unit}"


def _checked(model, data: dict, unit: str = "") -> str:
    """The model's own complaint about ``data`` in words ("" when it accepts it): a bound as
    "$20,000,000 is too large: it must be at most $10,000,000", any other rule as the model says it."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] in BOUNDS:
            size, side = BOUNDS[error["type"]]
            limit = next(iter(error["ctx"].values()))
            return f"{_in_words(error['input'], unit)} is {size}: it must be {side} {_in_words(limit, unit)}"
        return error["msg"].removeprefix("Value error, ")
    return ""


def _shown(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 30 else text[:27] + "..."


def _typed(text: str, unit: str, refused: str) -> Typed:
    """The number typed (None when the box is blank), or a message that it is not ``refused``."""
    try:
        return Typed(_number(text, unit))
    except ValueError:
        return Typed(message=f"\u201c{_shown(text)}\u201d is not {refused}")


def read_percent(text: str) -> Typed:
    """A raise in percent: "4.5" and "4.5%" are both 4.5%; the bounds are ``raise_percent``'s."""
    typed = _typed(text, "%", "a percent: type a number such as 4.5 or 4.5%")
    if typed.ok and typed.value is None:
        return Typed(message="type a percent (0 for no raise)")
    problem = typed.message or _checked(RaisePercent, {"op": "raise_percent", "effective": ANY_DAY, "percent": f"{typed.value}%"})
    return Typed(message=problem) if problem else typed


def read_dollars(text: str) -> Typed:
    """A flat amount in dollars a year ("$2,000", "2000"; blank is none); the bounds are ``add_flat``'s."""
    typed = _typed(text, "$", "a dollar amount: type a number such as 1,500 or $1,500")
    value = Decimal(0) if typed.value is None else typed.value
    problem = typed.message or _checked(AddFlat, {"op": "add_flat", "effective": ANY_DAY, "amount": value}, "$")
    return Typed(message=problem) if problem else Typed(value)


def read_stipend(text: str, stipend: Stipend | None) -> Typed:
    """A stipend's amount (dollars, or percent of pay for a percent stipend); the bounds are the stipend's own."""
    unit = "%" if stipend is not None and stipend.kind == "percent" else "$"
    typed = _typed(text, unit, f"a number: type {'a percent such as 2.5' if unit == '%' else 'a dollar amount such as 1,000'}")
    if typed.ok and typed.value is None:
        return Typed(message="type an amount (0 for none)")
    problem = typed.message or _checked(SetStipend, {"op": "set_stipend", "effective": ANY_DAY, "name": "x",
                                                     "amount": typed.value}, unit)
    if not problem and stipend is not None:
        data = stipend.model_dump(mode="python", exclude={"values"})
        problem = _checked(Stipend, {**data, "values": [{"effective": ANY_DAY, "amount": typed.value}]}, unit)
    return Typed(message=problem) if problem else typed


def read_budget(text: str) -> Typed:
    """A budget for new money over the contract: 1500000, 1,500,000 or $1,500,000; blank is none."""
    typed = _typed(text, "$", "a dollar amount: type a number such as 1,500,000")
    if typed.ok and typed.value is not None and typed.value < 0:
        return Typed(message="a budget for new money is 0 or more")
    return typed


def read_file_name(text: str) -> Typed:
    """A saved proposal's file name (lower case, digits and underscores; bounded in length)."""
    try:
        return Typed(file_stem(text))
    except InputError as exc:
        return Typed(message=f"the file name {exc.message}")


def read_title(text: str, fallback: str) -> Typed:
    """A saved proposal's title (``fallback`` when blank), at most :data:`TITLE_LENGTH` characters."""
    title = " ".join(str(text).split()) or fallback
    if len(title) > TITLE_LENGTH:
        return Typed(message=f"the title is {len(title)} characters long; at most {TITLE_LENGTH}")
    problem = _checked(Proposal, {"title": title, "changes": []})
    return Typed(message=problem) if problem else Typed(title)
