"""What a proposal means for one member: the pay of a person on a given cell, followed through the years.

A union tells members "from $17.96 to $29.05 an hour, 62 percent"; the district says "13%". Both
can be right: the first follows one person who also moves up the steps, the second adds the
across-the-board percents. :func:`member_pay` follows one person (a schedule, lane and step on the
roster date, a start date, an FTE and any flags) through each fiscal year under the status quo
and each proposal, on the engine's own rules (step dates, service rules, entry-step drops, work
years, longevity), and splits each year's change in the year-end rate into:

* the **raise**: the rate change of the cell the person held at the end of the year before (what
  a COLA, a differential or a rebuilt schedule gives them where they stood);
* the **step**: the difference between their new cell and the old cell, both at the new rates
  (the step and lane movement);
* the **hours**: a change in the work year (hours or days paid), for annual pay;

and reports what each fiscal year pays them (base, longevity, other pay) from the projection, so
the member's figure and the committee's costing come from the same model. Issue 27's member page
calls :func:`member_pay`; the person is a synthetic one-person roster, never an employee's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ..engine import dates as d
from ..engine.projection import Options, placement_on, project
from ..engine.rate_tables import rate_in_force
from ..errors import InputError
from ..inputs.models import Contract
from ..inputs.roster import check_roster, needed_columns

SALARY = ("base", "longevity", "stipend", "extra_pay", "one_time", "retro")
MEMBER_ID = "MEMBER"


@dataclass(frozen=True)
class Member:
    """One person on a cell: where they stand on the roster date, since when they have served, how much they work.

    ``start`` is the hire (seniority) date: it decides when steps and longevity come (the contract's
    service rules apply). ``flags`` are the roster columns the contract's stipends read (e.g.
    ``{"lead": "1"}``); any not given are 0. ``hours_per_day`` overrides the schedule's work year.
    """

    schedule: str
    lane: str
    step: str
    start: dt.date
    fte: float = 1.0
    unit: str | None = None
    hours_per_day: float | None = None
    flags: Mapping[str, str] = field(default_factory=dict)


def member_roster(member: Member, contracts: Mapping[str, Contract]) -> pd.DataFrame:
    """The one-person roster of ``member``, checked against the status quo and every proposal."""
    baseline = contracts["baseline"]
    try:
        schedule = baseline.schedule(member.schedule)
    except KeyError:
        raise InputError(None, "schedule", f"{member.schedule!r} is not a schedule of the contract"
                         f" (it has {', '.join(s.name for s in baseline.schedules)})") from None
    row = {"employee_id": MEMBER_ID, "unit": member.unit or schedule.unit, "schedule": member.schedule,
           "lane": member.lane, "step": str(member.step), "fte": str(member.fte),
           "seniority_date": member.start.isoformat(), "start_date": member.start.isoformat()}
    if member.hours_per_day is not None:
        row["hours_per_day"] = str(member.hours_per_day)
    others = {k: v for k, v in contracts.items() if k != "baseline"}
    for column in needed_columns(baseline, others):
        row[column] = str(member.flags.get(column, "0"))
    for contract in contracts.values():
        for benefit in contract.benefits:
            row.setdefault(benefit.column, str(member.flags.get(benefit.column, "")))
    for column, value in member.flags.items():
        row.setdefault(column, str(value))
    return check_roster(pd.DataFrame([row]), baseline, "member", needed_by=others)


def _year_end(fy: int, start: str) -> dt.date:
    return d.fiscal_year_bounds(fy, start)[1] - dt.timedelta(days=1)


def _rate(contract: Contract, schedule: str, lane: str, step: str, day: dt.date) -> Decimal | None:
    try:
        return rate_in_force(contract.schedule(schedule), lane, step, day)
    except ValueError:  # the cell no longer exists (an entry step dropped)
        return None


def member_pay(contracts: Mapping[str, Contract], member: Member, years: list[int],
               as_of: dt.date | None = None) -> pd.DataFrame:
    """The member's pay under each scenario (``contracts``: name -> contract, with ``baseline``), year by year.

    One row per scenario and fiscal year, starting with the year before the first (where the person
    stands before anything changes). Columns: scenario, fiscal_year, lane, step (held at the year's
    end), rate (per the schedule's unit), annual_rate (the year-end rate for a year's work at the
    member's FTE and hours), raise, step_change, hours_change (the parts of annual_change, the
    change in annual_rate over the year before), base, longevity, other_pay, pay (what the fiscal
    year pays: the projection's base, longevity and every other pay; not roll-up or benefits).
    """
    years = sorted(years)
    baseline = contracts["baseline"]
    start = baseline.fiscal_year_start
    as_of = as_of or d.fiscal_year_bounds(years[0], start)[0]
    roster = member_roster(member, contracts)
    options = Options(as_of=as_of)
    rows = []
    for name, contract in contracts.items():
        paid = project(roster, contract, years, name, options)
        paid = paid.assign(family=paid["component"].astype(str).str.split(":").str[0])
        previous = None
        for fy in [years[0] - 1, *years]:
            day = _year_end(fy, start)
            placed = placement_on(roster, contract, day, fy, options)
            row: dict = {"scenario": name, "fiscal_year": fy}
            if placed.empty:  # not employed at the year's end
                rows.append(row)
                previous = None
                continue
            lane, step = str(placed.at[0, "lane"]), str(placed.at[0, "step"])
            rate = _rate(contract, member.schedule, lane, step, day)
            annual = float(placed.at[0, "annual_pay"])
            units = annual / float(rate) if rate else 0.0   # hours or days a year at this FTE (1 for annual pay)
            row.update({"lane": lane, "step": step, "rate": float(rate) if rate is not None else None,
                        "annual_rate": round(annual, 2)})
            if previous is not None:
                old = _rate(contract, member.schedule, previous["lane"], previous["step"], day)
                if old is None:  # the old cell is gone: the move to the new entry step is placement, not raise
                    old = Decimal(str(previous["rate"]))
                raise_part = (float(old) - previous["rate"]) * previous["units"]
                step_part = (float(rate) - float(old)) * previous["units"]
                row.update({"raise": _cents(raise_part), "step_change": _cents(step_part),
                            "hours_change": _cents(annual - previous["annual"] - raise_part - step_part),
                            "annual_change": _cents(annual - previous["annual"])})
            if fy in years:
                mine = paid[(paid["fiscal_year"] == fy) & (paid["family"].isin(SALARY))]
                base = float(mine.loc[mine["family"] == "base", "amount"].sum())
                longevity = float(mine.loc[mine["family"] == "longevity", "amount"].sum())
                total = float(mine["amount"].sum())
                row.update({"base": round(base, 2), "longevity": round(longevity, 2),
                            "other_pay": round(total - base - longevity, 2), "pay": round(total, 2)})
            rows.append(row)
            previous = {"lane": lane, "step": step, "rate": float(rate), "annual": annual, "units": units}
    columns = ["scenario", "fiscal_year", "lane", "step", "rate", "annual_rate", "raise", "step_change", "hours_change",
               "annual_change", "base", "longevity", "other_pay", "pay"]
    return pd.DataFrame(rows).reindex(columns=columns)


def _cents(value: float) -> float:
    return round(value, 2) + 0.0  # + 0.0: never -0.00


def member_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, from the year before the first to the last: the rate then and now, the change in
    percent, and the share of the annual change that is raise, step and hours (they add up to it)."""
    rows = []
    for name, group in frame.groupby("scenario", sort=False):
        group = group.dropna(subset=["rate"])
        if group.empty:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        change = float(group["annual_change"].sum())
        rows.append({"scenario": name, "from_year": int(first["fiscal_year"]), "to_year": int(last["fiscal_year"]),
                     "from_cell": f"{first['lane']} {first['step']}", "to_cell": f"{last['lane']} {last['step']}",
                     "from_rate": first["rate"], "to_rate": last["rate"],
                     "rate_change_pct": round((last["rate"] / first["rate"] - 1) * 100, 4),
                     "annual_change": round(change, 2), "raise": round(float(group["raise"].sum()), 2),
                     "step_change": round(float(group["step_change"].sum()), 2),
                     "hours_change": round(float(group["hours_change"].sum()), 2)})
    return pd.DataFrame(rows)


__all__ = ["Member", "member_pay", "member_summary", "member_roster"]
