"""Who receives an item, as data: employment on a date, leaving for a reason, service, FTE, a column.

Contracts say who is owed a payment in words such as "in the unit on 5/8/2023 or retired between
7/1/2022 and 5/8/2023" or "after ten years of service". Static roster flags for these drift from
the roster itself (New Bedford's bundled roster had 84 of 88 people flagged for the 20-year pay
without 20 years), so the rules are evaluated from the roster's dates every time: one boolean per
roster row, shared by stipends, one-time payments, retro pay and extra pay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...errors import InputError
from ...inputs.models import Eligibility, EligibilityRule
from ..dates import years_of_service


def completed_years(seniority: pd.Series, on: dt.date) -> np.ndarray:
    """Completed years of service on ``on``, by the projection's own rule
    (:func:`costing.engine.dates.years_of_service`); -1 where there is no seniority date."""
    sen = pd.to_datetime(seniority).to_numpy(dtype="datetime64[D]")
    missing = np.isnat(sen)
    days = np.where(missing, np.datetime64(on, "D"), sen).astype(np.int64)
    years = years_of_service(days, np.full(len(days), np.datetime64(on, "D").astype(np.int64)))
    return np.where(missing, -1, years)


def employed_on(roster: pd.DataFrame, day: dt.date) -> np.ndarray:
    """In service on ``day``: started on or before it (or no start date) and not yet left."""
    stamp = pd.Timestamp(day)
    start, end = roster["start_date"], roster["end_date"]
    return ((start.isna() | (start <= stamp)) & (end.isna() | (end >= stamp))).to_numpy()


def _rule(rule: EligibilityRule, roster: pd.DataFrame, pay_day: dt.date, where: str) -> np.ndarray:
    if rule.employed_on is not None:
        return employed_on(roster, rule.employed_on)
    if rule.ended_between is not None:
        span = rule.ended_between
        end = roster["end_date"]
        left = (end >= pd.Timestamp(span.start)) & (end <= pd.Timestamp(span.end))
        if span.reasons:
            if "end_reason" not in roster.columns:
                raise InputError(None, where, "an ended_between rule with reasons needs the roster column end_reason")
            wanted = {r.strip().lower() for r in span.reasons}
            left &= roster["end_reason"].astype("string").str.strip().str.lower().isin(wanted).fillna(False)
        return left.fillna(False).to_numpy(dtype=bool)
    if rule.years_of_service is not None:
        service = rule.years_of_service
        return completed_years(roster["seniority_date"], service.on or pay_day) >= service.at_least
    if rule.min_fte is not None:
        return roster["fte"].to_numpy(dtype=float) >= float(rule.min_fte) - 1e-9
    column = rule.column
    if column.column not in roster.columns:
        raise InputError(None, where, f"the eligibility rule reads roster column {column.column!r}, which the roster does not have")
    values = roster[column.column]
    if pd.api.types.is_numeric_dtype(values):
        try:
            wanted = [float(v) for v in column.values]
        except ValueError:
            raise InputError(None, where, f"column {column.column!r} holds numbers; {list(column.values)} are not all numbers") from None
        return values.isin(wanted).to_numpy(dtype=bool)
    return values.astype("string").str.strip().isin(list(column.values)).fillna(False).to_numpy(dtype=bool)


def eligible(rules: Eligibility | None, roster: pd.DataFrame, pay_day: dt.date, where: str,
             employed_on_days: tuple[dt.date, ...] = (), default_on_pay_day: bool = True) -> np.ndarray:
    """One boolean per roster row: every ``all_of`` rule (and ``employed_on_days``) and any ``any_of`` rule.

    With no rules at all, those employed on the pay day are eligible (a payment goes to staff in
    service when it is paid), unless ``default_on_pay_day`` is off (retro pay is owed for work
    done, and a prorated stipend for the days worked). ``where`` names the provision in errors.
    """
    mask = np.ones(len(roster), dtype=bool)
    given = bool(employed_on_days) or (rules is not None and (rules.all_of or rules.any_of))
    for day in employed_on_days:
        mask &= employed_on(roster, day)
    if rules is not None:
        for rule in rules.all_of:
            mask &= _rule(rule, roster, pay_day, where)
        if rules.any_of:
            mask &= np.logical_or.reduce([_rule(r, roster, pay_day, where) for r in rules.any_of])
    if not given and default_on_pay_day:
        mask &= employed_on(roster, pay_day)
    return mask


@dataclass(frozen=True)
class DayRules:
    """The part of an ``eligible:`` block that depends on the day it is read: completed years of
    service with no ``on`` date, read on the day an item is paid. Every other rule reads fixed dates
    or roster columns and is read once (:func:`fixed_masks`)."""

    all_of: tuple[int, ...]   # service thresholds every one of which must be met
    any_of: tuple[int, ...]   # service thresholds of which one (or a fixed any_of rule) must be met

    @property
    def none(self) -> bool:
        return not self.all_of and not self.any_of


def _on_the_day(rule: EligibilityRule) -> bool:
    return rule.years_of_service is not None and rule.years_of_service.on is None


def day_rules(rules: Eligibility) -> DayRules:
    """The service thresholds of ``rules`` read on the day paid, wherever they are combined."""
    return DayRules(tuple(r.years_of_service.at_least for r in rules.all_of if _on_the_day(r)),
                    tuple(r.years_of_service.at_least for r in rules.any_of if _on_the_day(r)))


def fixed_masks(rules: Eligibility, roster: pd.DataFrame, day: dt.date, where: str) -> np.ndarray:
    """[row, 2]: every fixed ``all_of`` rule holds; and a fixed ``any_of`` rule holds (True with no
    ``any_of`` at all). Combined with :class:`DayRules` by :func:`on_the_day`."""
    fixed_all = [r for r in rules.all_of if not _on_the_day(r)]
    fixed_any = [r for r in rules.any_of if not _on_the_day(r)]
    every = eligible(Eligibility(all_of=tuple(fixed_all)), roster, day, where, default_on_pay_day=False)
    if not rules.any_of:
        some = np.ones(len(roster), dtype=bool)
    else:
        some = np.logical_or.reduce([_rule(r, roster, day, where) for r in fixed_any] or [np.zeros(len(roster), dtype=bool)])
    return np.column_stack([every, some])


def on_the_day(fixed: np.ndarray, rules: DayRules, years: np.ndarray) -> np.ndarray:
    """Eligible on the days read: ``fixed`` (:func:`fixed_masks`, one row per day read) and the
    service thresholds in completed ``years`` of service that day, combined as the rules say."""
    every = fixed[:, 0] & np.logical_and.reduce([years >= t for t in rules.all_of] or [np.ones(len(years), dtype=bool)])
    some = fixed[:, 1] | np.logical_or.reduce([years >= t for t in rules.any_of] or [np.zeros(len(years), dtype=bool)])
    return every & some
