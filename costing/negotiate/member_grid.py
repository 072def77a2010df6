"""Every member at once: each cell of each schedule, each length of service and each common FTE, followed
through the years of every scenario by the engine (:func:`costing.negotiate.member.members_pay`).

The member page (:mod:`costing.report.member_page`) only looks figures up, so everything a member can
pick is costed here first: a person on every lane and step of every schedule on the roster date, with
0 to :func:`service_cap` completed years of service and an FTE of :data:`FTE_CHOICES`. The people are
synthetic (made from the contract alone, never the roster), so the page is public by construction.

Years of service are counted on the roster date: ``n`` years means a seniority (and start) date ``n``
years before it; "less than one year" (``0``) means :data:`NEW_HIRE_MONTHS` months before it (hired
during the year before the roster date, late enough to be still on the step the roster shows). Past
the last threshold any contract or proposal reads (longevity, extra pay by service, a service rule),
more service changes nothing, so the cap is that threshold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel

from ..engine.rate_tables import rate_in_force
from ..inputs.models import Contract
from ..inputs.models.eligibility import ServiceRule
from ..inputs.models.pay import ExtraPay, LongevityTable
from .member import Member, members_pay

FTE_CHOICES: tuple[float, ...] = (1.0, 0.8, 0.6, 0.5)
"""The FTEs a member can pick: full time and the part-time shares school rosters commonly hold."""
NEW_HIRE_MONTHS = 6
MAX_SERVICE = 45


@dataclass(frozen=True)
class MemberGrid:
    """The pay of every member the page offers: :func:`members_pay`'s rows (``member`` numbers the people)
    with, for each, the cell held
    on the roster date (``schedule``, ``start_lane``, ``start_step``), ``service`` (completed years on the
    roster date, the last one meaning "that many or more") and ``fte``."""

    frame: pd.DataFrame
    years: tuple[int, ...]            # the fiscal years costed (the frame also holds the year before)
    as_of: dt.date                    # the roster date: where each member stands
    service_cap: int
    ftes: tuple[float, ...]


def start_date(as_of: dt.date, years: int) -> dt.date:
    """The seniority date of someone with ``years`` completed years on ``as_of`` (0: hired during the
    year before, :data:`NEW_HIRE_MONTHS` months before it)."""
    if years == 0:
        month = as_of.month - NEW_HIRE_MONTHS
        year, month = (as_of.year, month) if month > 0 else (as_of.year - 1, month + 12)
        return _same_day(as_of, year, month)
    return _same_day(as_of, as_of.year - years, as_of.month)


def _same_day(day: dt.date, year: int, month: int) -> dt.date:
    """The same day of the month in another month, or that month's last day (Feb 29 -> Feb 28)."""
    for d in range(day.day, 27, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def service_cap(contracts: Mapping[str, Contract]) -> int:
    """The most years of service any contract or proposal reads (longevity, extra pay, a service rule);
    at least 1, at most :data:`MAX_SERVICE`."""
    found = [1]
    for contract in contracts.values():
        for item in _models(contract):
            if isinstance(item, LongevityTable):
                found += [int(k) for k in item.amounts]
            elif isinstance(item, ExtraPay):
                found += [int(k) for k in item.tiers]
            elif isinstance(item, ServiceRule):
                found.append(item.at_least)
    return min(max(found), MAX_SERVICE)


def _models(model: BaseModel):
    """Every model inside ``model`` (its fields, tuples and dicts of models), depth first."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        values = value if isinstance(value, tuple) else tuple(value.values()) if isinstance(value, dict) else (value,)
        for item in values:
            if isinstance(item, BaseModel):
                yield item
                yield from _models(item)


def cells_on(contract: Contract, day: dt.date) -> list[tuple[str, str, str]]:
    """(schedule, lane, step) of every cell with a rate on ``day``, in the schedules' own order."""
    out = []
    for schedule in contract.schedules:
        for lane in schedule.lanes:
            for step in schedule.steps:
                try:
                    rate_in_force(schedule, lane, step, day)
                except ValueError:      # a blank cell, or a step not yet (or no longer) on the grid
                    continue
                out.append((schedule.name, lane, step))
    return out


def member_grid(contracts: Mapping[str, Contract], years: list[int], as_of: dt.date,
                ftes: tuple[float, ...] = FTE_CHOICES) -> MemberGrid:
    """Cost every member the page offers under every scenario (``contracts``: name -> contract, with
    ``baseline``): one projection per scenario for them all."""
    cap = service_cap(contracts)
    keys, members = [], []
    for schedule, lane, step in cells_on(contracts["baseline"], as_of):
        for service in range(cap + 1):
            start = start_date(as_of, service)
            for fte in ftes:
                keys.append((schedule, lane, step, service, fte))
                members.append(Member(schedule, lane, step, start, fte=fte))
    pay = members_pay(contracts, members, sorted(years), as_of)
    who = pd.DataFrame(keys, columns=["schedule", "start_lane", "start_step", "service", "fte"])
    frame = pay.join(who, on="member")
    return MemberGrid(frame, tuple(sorted(years)), as_of, cap, tuple(ftes))


__all__ = ["MemberGrid", "member_grid", "service_cap", "start_date", "cells_on", "FTE_CHOICES"]
