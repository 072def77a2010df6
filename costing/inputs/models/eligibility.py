"""Who receives an item: eligibility rules as data (docs/total_compensation.md)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from .base import Date, Frozen


class ServiceRule(Frozen):
    """Completed years of service (from the seniority date) on a day: at least ``at_least``."""

    at_least: int = Field(ge=0, le=80)
    on: Date | None = None  # default: the day the item is paid


class EndedBetween(Frozen):
    """Left between two dates (inclusive), optionally for a stated reason (roster column end_reason)."""

    start: Date
    end: Date
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

    employed_on: Date | None = None
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

    @model_validator(mode="after")
    def _possible(self):
        """Rules that can never hold together match nobody: a mistake, not an item that costs nothing."""
        for i, a in enumerate(self.all_of):
            for b in self.all_of[i + 1:]:
                why = _conflict(a, b)
                if why:
                    raise ValueError(f"all_of can never hold: {why}, so nobody is eligible")
        for k, option in enumerate(self.any_of, start=1):
            for rule in self.all_of:
                why = _conflict(rule, option)
                if why:
                    raise ValueError(f"any_of[{k}] can never hold together with all_of: {why}")
        return self


def _same(x: str, y: str) -> bool:
    """Roster values compare as numbers when both are numbers ('1' is '1.0'), else as text."""
    try:
        return float(x) == float(y)
    except ValueError:
        return x == y


def _conflict(a: EligibilityRule, b: EligibilityRule) -> str | None:
    """Why two rules can never both hold for one person, or None when they can."""
    if a.column and b.column and a.column.column == b.column.column and not any(
            _same(x, y) for x in a.column.values for y in b.column.values):
        return (f"column {a.column.column} must be one of {', '.join(a.column.values)}"
                f" and one of {', '.join(b.column.values)} at once")
    for x, y in ((a, b), (b, a)):
        if x.employed_on and y.ended_between and y.ended_between.end < x.employed_on:
            return f"someone who left by {y.ended_between.end} is not employed on {x.employed_on}"
    if a.ended_between and b.ended_between:
        p, q = a.ended_between, b.ended_between
        if p.end < q.start or q.end < p.start:
            return f"nobody leaves both between {p.start} and {p.end} and between {q.start} and {q.end}"
        if p.reasons and q.reasons and not set(p.reasons) & set(q.reasons):
            return f"nobody leaves both for {' or '.join(p.reasons)} and for {' or '.join(q.reasons)}"
    return None
