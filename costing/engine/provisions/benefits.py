"""Per-head benefits: the employer's share of premiums by plan and tier, month by month.

A settlement's cost is salary plus benefits. Percent roll-ups (Medicare, a retirement assessment)
move with pay and are costed as roll-up; health and dental premiums do not: they are a dollar
amount per enrolled person, by plan and tier, with an employer share set locally (M.G.L. c.32B).
So a new position costs its salary plus the premium share of the tier its holder takes, and a
proposal that moves the share from 75% to 80% costs money with no change in pay.

Conventions (stated in docs/method.md): premiums are charged by month, a month counting when the
person is employed on its first day (``proration: months``), or by calendar day
(``proration: days``); twelve months a year whatever the pay basis, since 10-month staff keep
coverage over the summer; not scaled by FTE (coverage is per head). Each person's yearly amount
is rounded to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...errors import InputError
from ...inputs.dated import in_force
from ...inputs.models import Benefit, Contract
from ...inputs.roster import NEW_POSITION_ENROLMENT as NEW_POSITION
from .. import dates as d
from ..apply import unit_on
from ..money import round_array
from ..projection_setup import ProjectionSetup
from .year import CostedYear


def _months(fy: int, fiscal_year_start: str) -> list[dt.date]:
    lo, _ = d.fiscal_year_bounds(fy, fiscal_year_start)
    return [dt.date(lo.year + (lo.month - 1 + k) // 12, (lo.month - 1 + k) % 12 + 1, 1) for k in range(12)]


def _premium(benefit: Benefit, plan: str, tier: str, day: dt.date) -> float:
    """The plan's premium for a tier in force on ``day``, per month (after any plan moves by then)."""
    for move in sorted(benefit.plan_moves, key=lambda m: m.effective):
        if move.effective <= day and move.from_plan == plan:
            plan = move.to_plan
    dated = in_force([value for value in benefit.plans[plan] if tier in value.rates], day)
    if dated is None:
        return 0.0  # before the plan's first premium, or a tier it does not offer on that day
    amount = float(dated.rates[tier])
    return amount if benefit.basis == "monthly" else amount / 12.0


def _share(benefit: Benefit, plan: str, day: dt.date) -> float:
    """The employer's share (0-1) of a plan's premium on ``day``."""
    share = in_force([item for item in benefit.employer_share if item.plans is None or plan in item.plans], day)
    return float(share.percent) / 100.0 if share is not None else 0.0


def enrolments(benefit: Benefit, roster: pd.DataFrame, source: str | None) -> tuple[np.ndarray, list[list[tuple[str, str, float]]]]:
    """(a code per row, each code's enrolment as [(plan, tier, weight)]): none (waived), one, or the mix."""
    if benefit.column not in roster.columns:
        raise InputError(source, f"benefit {benefit.name}", f"needs roster column {benefit.column!r} (PLAN:TIER, blank = waived)")
    mix = [(*benefit.split_enrolment(k), float(w)) for k, w in benefit.new_position_mix.items()]
    text = roster[benefit.column].astype("string").fillna("").str.strip()
    codes, uniques = pd.factorize(text.str.lower(), sort=False)
    first = roster.attrs.get("first_data_row", 2)
    kinds = []
    for code, key in enumerate(uniques):
        if key in ("", "waived", "none", "nan"):
            kinds.append([])
        elif key == NEW_POSITION.lower():
            kinds.append(mix)
        else:
            i = int(np.argmax(codes == code))
            try:
                kinds.append([(*benefit.split_enrolment(text.iloc[i]), 1.0)])
            except ValueError as exc:
                raise InputError(source, f"row {i + first}, column {benefit.column}", str(exc)) from None
    return codes, kinds


def _covered_weight(roster: pd.DataFrame, contract: Contract, benefit: Benefit, fy: int) -> tuple[list[dt.date], np.ndarray]:
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
    # by calendar day: cut the year at every premium, share and plan-move date
    cuts = {lo, hi}
    for dated in benefit.plans.values():
        cuts.update(x.effective for x in dated)
    cuts.update(x.effective for x in benefit.employer_share)
    cuts.update(x.effective for x in benefit.plan_moves)
    bounds = sorted(c for c in cuts if lo <= c <= hi)
    total = (hi - lo).days
    a = np.array(bounds[:-1], dtype="datetime64[D]")
    b = np.array(bounds[1:], dtype="datetime64[D]")
    first = np.where(no_start, a[0], start)
    last = np.where(no_end, b[-1] - 1, end) + 1  # exclusive
    overlap = np.minimum(last[:, None], b[None, :]) - np.maximum(first[:, None], a[None, :])
    days = overlap.astype("timedelta64[D]").astype(np.int64).clip(min=0)
    return list(bounds[:-1]), days * 12.0 / total  # in months' worth, so a monthly premium applies


def prepare(items: tuple[Benefit, ...], setup: ProjectionSetup) -> dict[str, tuple]:
    """Each benefit's enrolment codes, read from the roster's text column once for every year."""
    return {benefit.name: enrolments(benefit, setup.roster, setup.source) for benefit in items}


def cost(items: tuple[Benefit, ...], year: CostedYear) -> Iterator[tuple[str, np.ndarray]]:
    """``benefit:<name>``: each roster row's employer premium share for the fiscal year, to the cent."""
    for benefit in items:
        amount = employer_premiums(benefit, year.roster, year.contract, year.fy, year.prepared["benefits"][benefit.name])
        yield f"benefit:{benefit.name}", amount


def employer_premiums(benefit: Benefit, roster: pd.DataFrame, contract: Contract, fy: int,
                      enrolled: tuple[np.ndarray, list]) -> np.ndarray:
    """Each roster row's employer share of one benefit's premiums over a fiscal year, to the cent.

    ``enrolled`` is :func:`enrolments` of the roster. The one premium rule: the projection and the
    employee's-share figures of "who gets what" (:mod:`costing.negotiate.distribution`) both price here."""
    schedules = {s.name: s for s in contract.schedules}
    days, weight = _covered_weight(roster, contract, benefit, fy)
    selected = np.ones(weight.shape, dtype=bool)
    if benefit.schedules is not None or benefit.units is not None:
        names = roster["schedule"].astype(str)
        in_sched = names.isin(list(benefit.schedules or ())).to_numpy()
        for k, day in enumerate(days):
            units = names.map({n: unit_on(s, day) for n, s in schedules.items()}).fillna("")
            selected[:, k] = in_sched | units.isin(list(benefit.units or ())).to_numpy()
    codes, kinds = enrolled
    price = np.zeros((max(len(kinds), 1), len(days)))
    for code, enrolment in enumerate(kinds):
        for plan, tier, w in enrolment:
            price[code] += w * np.array([_premium(benefit, plan, tier, day) * _share(benefit, plan, day) for day in days])
    amount = np.einsum("ij,ij->i", weight * selected, price[codes]) if len(roster) else np.zeros(0)
    return round_array(amount)


def benefit_costs(roster: pd.DataFrame, contract: Contract, fy: int, source: str | None = None) -> dict[str, np.ndarray]:
    """``benefit:<name>`` -> each roster row's employer premium share for one fiscal year (outside a projection)."""
    return {f"benefit:{b.name}": employer_premiums(b, roster, contract, fy, enrolments(b, roster, source))
            for b in contract.benefits}
