"""Longevity: an annual amount by completed years of service, prorated over the year or paid in a lump.

Hold-harmless protects those employed on a new table's changeover day, under one of two named
readings (docs/method.md): ``changeover`` keeps the amount the old table paid each person that
day until the new table pays more; ``continuing`` keeps whatever the old table would pay on each
day (thresholds crossed later included) while it pays more than the new one.

A lump payment goes to those employed on its pay day. With ``leavers_pro_rata`` (New Bedford's
Art. 14 §K.3), those who leave earlier in the fiscal year for a stated reason are paid the amount
they have on their last day x the share of the year's work year they served, on that day.
Part-timers get the full amount unless ``fte_scaled`` says otherwise (stated in each README).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...errors import InputError
from ...inputs.dated import in_force_index
from ...inputs.models import Contract, Longevity
from .. import dates as d
from ..dates import years_of_service
from .registry import register
from .year import PayYear


def cost(items: tuple[Longevity, ...], year: PayYear) -> Iterator[tuple[str, np.ndarray]]:
    """``longevity`` (or ``longevity:<name>`` for a second table set) per employee."""
    for lg in items:
        yield ("longevity" if lg.name == "longevity" else f"longevity:{lg.name}"), _longevity(lg, year)


def who(items: tuple[Longevity, ...], roster: pd.DataFrame, fy: int, contract: Contract) -> dict[str, np.ndarray]:
    """For a lump payment with ``leavers_pro_rata``: the rows whose ``end_reason`` qualifies."""
    out = {}
    for lg in items:
        rule = lg.leavers_pro_rata
        if rule is not None:
            if not rule.reasons:
                out[lg.name] = np.ones(len(roster), dtype=bool)
                continue
            if "end_reason" not in roster.columns:
                raise InputError(None, f"longevity {lg.name}, leavers_pro_rata",
                                 "reasons need the roster column end_reason")
            reason = roster["end_reason"].astype("string").str.strip().str.lower()
            out[lg.name] = reason.isin([r.strip().lower() for r in rule.reasons]).fillna(False).to_numpy(dtype=bool)
    return out


def _longevity(lg: Longevity, year: PayYear) -> np.ndarray:
    people, pieces = year.people, year.pieces
    if lg.payment == "lump":
        day = year.pay_day(lg.pay_month_day)
        on = np.full(people.n, day)
        amount = amount_on(lg, people.seniority, on, years_of_service(people.seniority, on), people.start)
        chosen = year.selected(lg, on) & people.employed(day)
        paid = amount * chosen
        if lg.leavers_pro_rata is not None:
            paid = paid + _leavers_share(lg, year, day)
        return paid * (people.fte if lg.fte_scaled else 1.0)
    amount = amount_on(lg, people.seniority[pieces.emp], pieces.on,
                       people.service_years(pieces.emp, pieces.on, year.fy, pieces.anniversaries), people.start[pieces.emp])
    scale = people.fte[pieces.emp] if lg.fte_scaled else 1.0
    return year.total(amount * year.selected(lg) * scale * pieces.weight)


def _leavers_share(lg: Longevity, year: PayYear, pay_day: int) -> np.ndarray:
    """Those leaving this fiscal year before the pay day, for a qualifying reason: the amount on
    their last day x the share of the year's work year they served (their pieces' weights)."""
    people = year.people
    leaving = np.flatnonzero((people.end >= year.lo) & (people.end < pay_day)
                             & year.eligible.of("longevity", lg.name))
    out = np.zeros(people.n)
    if not len(leaving):
        return out
    last = people.end[leaving]
    amount = amount_on(lg, people.seniority[leaving], last, years_of_service(people.seniority[leaving], last),
                       people.start[leaving])
    served = year.total(year.pieces.weight)[leaving]
    out[leaving] = amount * served * year.selected(lg, last, people.sched[leaving])
    return out


def _table_amount(table_amounts: dict, years: np.ndarray) -> np.ndarray:
    thresholds = np.array(sorted(table_amounts), dtype=np.int64)
    amounts = np.array([float(table_amounts[t]) for t in sorted(table_amounts)])
    k = np.searchsorted(thresholds, years, side="right") - 1
    return np.where(k >= 0, amounts[np.maximum(k, 0)], 0.0)


def amount_on(lg: Longevity, seniority: np.ndarray, on: np.ndarray, years: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Annual longevity amount on each day (0 before the first table), with hold-harmless where a table asks for it."""
    tables = sorted(lg.tables, key=lambda t: t.effective)
    table_days = np.array([d.day_number(t.effective) for t in tables], dtype=np.int64)
    which = in_force_index(table_days, on)
    out = np.zeros(len(on))
    for k, table in enumerate(tables):
        hit = which == k
        if not hit.any():
            continue
        amount = _table_amount(table.amounts, years[hit])
        if table.hold_harmless and k > 0:
            if table.hold_harmless == "continuing":
                held = _table_amount(tables[k - 1].amounts, years[hit])
            else:  # changeover: the old amount each person had on the changeover day
                held = _table_amount(tables[k - 1].amounts,
                                     years_of_service(seniority[hit], np.full(hit.sum(), table_days[k])))
            protected = start[hit] <= table_days[k]
            amount = np.where(protected, np.maximum(amount, held), amount)
        out[hit] = amount
    return out


# Order of operations: after base pay (30), before stipends (docs/method.md).
register("longevity", Longevity, order=30, who=who, pay=cost)
