"""Per-head benefits: the employer's share of premiums by plan and tier, month by month.

A settlement's cost is salary plus benefits. Percent roll-ups (Medicare, a retirement assessment)
move with pay and are costed as roll-up; health and dental premiums do not: they are a dollar
amount per enrolled person, by plan and tier, with an employer share set locally (M.G.L. c.32B).
So a new position costs its salary plus the premium share of the tier its holder takes, and a
proposal that moves the share from 75% to 80% costs money with no change in pay.

Conventions (stated in docs/method.md): premiums are charged by month, a month counting when the
person is employed on its first day (``proration: months``), or by calendar day
(``proration: days``); twelve months a year whatever the pay basis, since 10-month staff keep
coverage over the summer; not scaled by FTE (coverage is per head). A plan move costs its members
at the new plan's premium and share; a moves file's dated enrolment change (individual -> family)
counts from its date. A premium or share a person enrolled needs and the contract does not have
on the day is an error (:mod:`costing.engine.needed_values`). Each person's yearly amount is
rounded to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...errors import InputError
from ...inputs.models import Benefit, Contract
from ...inputs.moves import move_count
from ...inputs.roster import NEW_POSITION_ENROLMENT as NEW_POSITION
from .. import dates as d
from ..apply import unit_on
from ..money import round_array
from ..needed_values import needed
from ..projection_setup import ProjectionSetup
from .registry import register
from .year import CostedYear

WAIVED = ("", "waived", "none", "nan")


def _months(fy: int, fiscal_year_start: str) -> list[dt.date]:
    lo, _ = d.fiscal_year_bounds(fy, fiscal_year_start)
    return [dt.date(lo.year + (lo.month - 1 + k) // 12, (lo.month - 1 + k) % 12 + 1, 1) for k in range(12)]


def plan_on(benefit: Benefit, plan: str, day: dt.date) -> str:
    """The plan a member of ``plan`` is costed in on ``day``, after the plan moves in force by then."""
    for move in sorted(benefit.plan_moves, key=lambda m: m.effective):
        if move.effective <= day and move.from_plan == plan:
            plan = move.to_plan
    return plan


def _premium(benefit: Benefit, plan: str, tier: str, day: dt.date) -> float:
    """The plan's premium for a tier in force on ``day``, per month: a needed value (an error naming
    the benefit, plan, tier and day when there is none, never a silent zero)."""
    dated = needed([value for value in benefit.plans[plan] if tier in value.rates], day,
                   f"contract benefit {benefit.name}, plans {plan}, tier {tier} (premium)")
    amount = float(dated.rates[tier])
    return amount if benefit.basis == "monthly" else amount / 12.0


def _share(benefit: Benefit, plan: str, day: dt.date) -> float:
    """The employer's share (0-1) of a plan's premium on ``day``: a needed value, as a premium is."""
    share = needed([item for item in benefit.employer_share if item.plans is None or plan in item.plans], day,
                   f"contract benefit {benefit.name}, employer_share (plan {plan})")
    return float(share.percent) / 100.0


def employer_price(benefit: Benefit, plan: str, tier: str, day: dt.date) -> float:
    """The employer's part of a month's premium for a member of ``plan`` and ``tier`` on ``day``.

    A plan move (``move_plan``) costs its members at the new plan's premium *and* the new plan's
    employer share: a share is set per plan (M.G.L. c.32B §7A: a percentage of each plan's
    premium), and those moved are then members of the new plan, as a plan's own members are."""
    now = plan_on(benefit, plan, day)
    return _premium(benefit, now, tier, day) * _share(benefit, now, day)


@dataclass(frozen=True)
class Enrolled:
    """One benefit's enrolments: each roster row's code into ``kinds`` (each [(plan, tier, weight)]:
    empty for waived, one, or a new position's tier mix), and the moves file's dated changes."""

    codes: np.ndarray                                   # per row: its enrolment on the roster
    kinds: list[list[tuple[str, str, float]]]
    changes: tuple[tuple[np.ndarray, np.ndarray], ...]  # per move column: (its day, datetime64[D]; code or -1)

    def codes_on(self, days: list[dt.date]) -> np.ndarray:
        """[row, day]: each row's enrolment code on each day (the latest change on or before it)."""
        out = np.repeat(self.codes[:, None], len(days), axis=1)
        at = np.array(days, dtype="datetime64[D]")
        for when, code in self.changes:
            out = np.where((code >= 0)[:, None] & (when[:, None] <= at[None, :]), code[:, None], out)
        return out


def enrolments(benefit: Benefit, roster: pd.DataFrame, source: str | None) -> Enrolled:
    """Each row's enrolment: the roster's column, and its dated changes in a moves file (a tier
    change such as individual -> family, costed from its date)."""
    if benefit.column not in roster.columns:
        raise InputError(source, f"benefit {benefit.name}", f"needs roster column {benefit.column!r} (PLAN:TIER, blank = waived)")
    first = roster.attrs.get("first_data_row", 2)
    kinds: list[list[tuple[str, str, float]]] = []
    known: dict[str, int] = {}

    def codes_of(text: pd.Series, where: str) -> np.ndarray:
        """Codes of each text (-1 where missing), each distinct text split once (a roster of a
        million rows has a handful of enrolments)."""
        found, uniques = pd.factorize(text.str.lower(), sort=False)
        table = np.full(len(uniques) + 1, -1, dtype=np.int64)  # the last entry: missing (code -1)
        for k, key in enumerate(uniques):
            if key not in known:
                i = int(np.argmax(found == k))
                known[key] = len(kinds)
                kinds.append(_kind(benefit, text.iloc[i], source, where.format(row=i + first)))
            table[k] = known[key]
        return table[found]

    codes = codes_of(roster[benefit.column].astype("string").fillna("").str.strip(), f"row {{row}}, column {benefit.column}")
    changes = []
    for k in range(1, move_count(roster) + 1):
        column = f"move_{k}_{benefit.column}"
        if column in roster.columns:
            code = codes_of(roster[column].astype("string").str.strip(), f"moves for row {{row}}, column {benefit.column}")
            changes.append((roster[f"move_{k}_date"].to_numpy(dtype="datetime64[D]"), code))
    return Enrolled(codes, kinds, tuple(changes))


def _kind(benefit: Benefit, text: str, source: str | None, where: str) -> list[tuple[str, str, float]]:
    """One enrolment as [(plan, tier, weight)]: none (waived), the one named, or a new position's mix."""
    key = str(text).strip().lower()
    if key in WAIVED:
        return []
    if key == NEW_POSITION.lower():
        return [(*benefit.split_enrolment(k), float(w)) for k, w in benefit.new_position_mix.items()]
    try:
        return [(*benefit.split_enrolment(str(text).strip()), 1.0)]
    except ValueError as exc:
        raise InputError(source, where, str(exc)) from None


def _covered_weight(roster: pd.DataFrame, contract: Contract, benefit: Benefit, fy: int,
                    enrolled: Enrolled) -> tuple[list[dt.date], np.ndarray]:
    """(the days each share of the year is priced on, weight of each for each person): months or days."""
    lo, hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    start = roster["start_date"].to_numpy(dtype="datetime64[D]")
    end = roster["end_date"].to_numpy(dtype="datetime64[D]")
    no_start, no_end = np.isnat(start), np.isnat(end)
    if benefit.proration == "months":
        days = _months(fy, contract.fiscal_year_start)
        at = np.array(days, dtype="datetime64[D]")
        weight = ((no_start[:, None] | (start[:, None] <= at[None, :])) & (no_end[:, None] | (end[:, None] >= at[None, :])))
        return days, weight.astype(float)
    # by calendar day: cut the year at every premium, share, plan-move and enrolment-change date
    cuts = {lo, hi}
    for dated in benefit.plans.values():
        cuts.update(x.effective for x in dated)
    cuts.update(x.effective for x in benefit.employer_share)
    cuts.update(x.effective for x in benefit.plan_moves)
    for when, code in enrolled.changes:
        cuts.update(pd.Timestamp(x).date() for x in np.unique(when[(code >= 0) & ~np.isnat(when)]))
    bounds = sorted(c for c in cuts if lo <= c <= hi)
    total = (hi - lo).days
    a = np.array(bounds[:-1], dtype="datetime64[D]")
    b = np.array(bounds[1:], dtype="datetime64[D]")
    first = np.where(no_start, a[0], start)
    last = np.where(no_end, b[-1] - 1, end) + 1  # exclusive
    overlap = np.minimum(last[:, None], b[None, :]) - np.maximum(first[:, None], a[None, :])
    days = overlap.astype("timedelta64[D]").astype(np.int64).clip(min=0)
    return list(bounds[:-1]), days * 12.0 / total  # in months' worth, so a monthly premium applies


def prepare(items: tuple[Benefit, ...], setup: ProjectionSetup) -> dict[str, Enrolled]:
    """Each benefit's enrolments, read from the roster's text columns once for every year."""
    return {benefit.name: enrolments(benefit, setup.roster, setup.source) for benefit in items}


def cost(items: tuple[Benefit, ...], year: CostedYear) -> Iterator[tuple[str, np.ndarray]]:
    """``benefit:<name>``: each roster row's employer premium share for the fiscal year, to the cent."""
    for benefit in items:
        amount = employer_premiums(benefit, year.roster, year.contract, year.fy, year.prepared["benefits"][benefit.name])
        yield f"benefit:{benefit.name}", amount


def _selected(benefit: Benefit, roster: pd.DataFrame, contract: Contract, days: list[dt.date]) -> np.ndarray:
    """[row, day]: whether the benefit's selectors (schedules, or units on the day) take the row."""
    selected = np.ones((len(roster), len(days)), dtype=bool)
    if benefit.schedules is not None or benefit.units is not None:
        schedules = {s.name: s for s in contract.schedules}
        names = roster["schedule"].astype(str)
        in_sched = names.isin(list(benefit.schedules or ())).to_numpy()
        for k, day in enumerate(days):
            units = names.map({n: unit_on(s, day) for n, s in schedules.items()}).fillna("")
            selected[:, k] = in_sched | units.isin(list(benefit.units or ())).to_numpy()
    return selected


def employer_premiums(benefit: Benefit, roster: pd.DataFrame, contract: Contract, fy: int, enrolled: Enrolled) -> np.ndarray:
    """Each roster row's employer share of one benefit's premiums over a fiscal year, to the cent.

    ``enrolled`` is :func:`enrolments` of the roster. The one premium rule: the projection and the
    employee's-share figures of "who gets what" (:mod:`costing.negotiate.distribution`) both price
    here. A premium or share is looked up only where someone enrolled in it is costed that day, so
    a tier nobody holds then is never asked for."""
    days, weight = _covered_weight(roster, contract, benefit, fy, enrolled)
    weight = weight * _selected(benefit, roster, contract, days)
    codes = enrolled.codes_on(days)
    price = np.zeros((max(len(enrolled.kinds), 1), len(days)))
    for j, day in enumerate(days):
        for code in np.unique(codes[weight[:, j] > 0, j]):
            price[code, j] = sum(w * employer_price(benefit, plan, tier, day) for plan, tier, w in enrolled.kinds[code])
    amount = (weight * price[np.maximum(codes, 0), np.arange(len(days))[None, :]]).sum(axis=1) if len(roster) else np.zeros(0)
    return round_array(amount)


def benefit_costs(roster: pd.DataFrame, contract: Contract, fy: int, source: str | None = None) -> dict[str, np.ndarray]:
    """``benefit:<name>`` -> each roster row's employer premium share for one fiscal year (outside a projection)."""
    return {f"benefit:{b.name}": employer_premiums(b, roster, contract, fy, enrolments(b, roster, source))
            for b in contract.benefits}


# Order of operations: after roll-up (100): premiums per person, not on pay.
register("benefits", Benefit, order=100, prepare=prepare, owed=cost)
