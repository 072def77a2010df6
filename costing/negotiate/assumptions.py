"""Explicit, switchable assumptions: turnover, lane changes, new hires, roll-up rates.

Each assumption is a pure transformation of the inputs (a new roster, or a new contract) before
the projection, so that "no turnover" is exactly the plain projection and every assumption can
be switched on or off, varied for a tornado chart, or drawn at random for a Monte Carlo band.

- Turnover: each year, on ``month_day``, each employee leaves with a probability that depends on
  their years of service; if ``replace`` is set, a new hire starts the next day in the same
  assignment at ``replace_step`` (default the schedule's first step). That is where breakage
  (turnover savings) comes from.
- Lane changes: each year a share of those not yet in their schedule's last lane move one lane
  across on ``month_day``, keeping their step.
- New hires: a number of new positions each year at a stated placement.
- Roll-up rates: override rates by name.

Random draws use numpy's seeded generator: the same seed gives the same roster.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..engine.dates import fiscal_year_bounds, month_day_in_year
from ..engine.provisions.eligibility import completed_years, employed_on
from ..inputs.models import Contract


@dataclass(frozen=True)
class Turnover:
    """Annual leaving rates by completed years of service: ((0, 0.08), (10, 0.04), (30, 0.25))."""

    rates: tuple[tuple[int, float], ...] = ()
    replace: bool = True
    replace_step: str | None = None
    month_day: str = "06-30"

    def rate_for(self, years: np.ndarray) -> np.ndarray:
        if not self.rates:
            return np.zeros(len(years))
        thresholds = np.array([t for t, _ in sorted(self.rates)])
        values = np.array([r for _, r in sorted(self.rates)])
        k = np.searchsorted(thresholds, years, side="right") - 1
        return np.where(k >= 0, values[np.maximum(k, 0)], 0.0)

    def scaled(self, factor: float) -> Turnover:
        return replace(self, rates=tuple((t, min(1.0, r * factor)) for t, r in self.rates))


@dataclass(frozen=True)
class LaneChanges:
    share: float = 0.0
    month_day: str = "09-01"


@dataclass(frozen=True)
class NewHires:
    per_year: int = 0
    schedule: str = ""
    lane: str = ""
    step: str = ""
    unit: str = ""
    fte: float = 1.0
    month_day: str = "09-01"


@dataclass(frozen=True)
class Assumptions:
    turnover: Turnover = field(default_factory=Turnover)
    lane_changes: LaneChanges = field(default_factory=LaneChanges)
    new_hires: NewHires = field(default_factory=NewHires)
    rollup: tuple[tuple[str, float], ...] = ()
    seed: int = 0

    def is_plain(self) -> bool:
        return (not any(r for _, r in self.turnover.rates) and self.lane_changes.share == 0
                and self.new_hires.per_year == 0)


def apply_assumptions(roster: pd.DataFrame, contract: Contract, years: list[int], assumptions: Assumptions,
                      seed: int | None = None) -> pd.DataFrame:
    """A new roster with turnover, lane changes and new hires applied year by year (seeded)."""
    if assumptions.is_plain():
        return roster
    rng = np.random.default_rng(assumptions.seed if seed is None else seed)
    out = roster.copy()
    schedules = {s.name: s for s in contract.schedules}
    for fy in sorted(years):
        lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
        lanes = assumptions.lane_changes
        if lanes.share > 0:
            day = _in_year(lanes.month_day, lo, hi)
            active = employed_on(out, day)
            last_lane = np.array([schedules[s].lanes[-1] for s in out["schedule"]])
            movable = active & (out["lane"].to_numpy() != last_lane)
            moving = movable & (rng.random(len(out)) < lanes.share)
            if moving.any():
                movers = out[moving].copy()
                out.loc[moving, "end_date"] = pd.Timestamp(day - dt.timedelta(days=1))
                movers["lane"] = [schedules[s].lanes[list(schedules[s].lanes).index(lane) + 1]
                                  for s, lane in zip(movers["schedule"], movers["lane"])]
                movers["employee_id"] = movers["employee_id"].astype(str) + f"~L{fy}"
                movers["start_date"] = pd.Timestamp(day)
                out = _append(out, movers)
        turnover = assumptions.turnover
        if any(r for _, r in turnover.rates):
            day = _in_year(turnover.month_day, lo, hi)
            active = employed_on(out, day)
            leaving = active & (rng.random(len(out)) < turnover.rate_for(completed_years(out["seniority_date"], day)))
            if leaving.any():
                leavers = out[leaving].copy()
                out.loc[leaving, "end_date"] = pd.Timestamp(day)
                if turnover.replace:
                    start = pd.Timestamp(day + dt.timedelta(days=1))
                    leavers["employee_id"] = leavers["employee_id"].astype(str) + f"~R{fy}"
                    leavers["step"] = [turnover.replace_step or schedules[s].steps[0] for s in leavers["schedule"]]
                    leavers["seniority_date"] = start
                    leavers["start_date"] = start
                    leavers["end_date"] = pd.NaT
                    if "max_step" in leavers.columns:
                        leavers["max_step"] = pd.Series(pd.NA, index=leavers.index, dtype=out["max_step"].dtype)
                    out = _append(out, leavers)
        hires = assumptions.new_hires
        if hires.per_year > 0:
            day = pd.Timestamp(_in_year(hires.month_day, lo, hi))
            template = {c: (0.0 if pd.api.types.is_float_dtype(out[c]) else pd.NA) for c in out.columns}
            rows = [{**template, "employee_id": f"HIRE-{fy}-{k:04d}", "unit": hires.unit or schedules[hires.schedule].unit,
                     "schedule": hires.schedule, "lane": hires.lane, "step": hires.step, "fte": hires.fte,
                     "seniority_date": day, "start_date": day, "end_date": pd.NaT} for k in range(1, hires.per_year + 1)]
            out = _append(out, pd.DataFrame(rows))
    for column in ("seniority_date", "start_date", "end_date"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[s]")
    return out


def _append(roster: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Append rows with the roster's own dtypes (all-empty columns such as end_date are expected)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # same columns and dtypes: nothing to infer
        return pd.concat([roster, rows], ignore_index=True)


def _in_year(month_day: str, lo: dt.date, hi: dt.date) -> dt.date:
    for year in (lo.year, lo.year + 1):
        day = month_day_in_year(month_day, year)
        if lo <= day < hi:
            return day
    raise AssertionError("a month-day always falls in a fiscal year")  # pragma: no cover


def with_assumed_rollup(contract: Contract, assumptions: Assumptions) -> Contract:
    from ..engine.costing_run import with_rollup_rates

    return with_rollup_rates(contract, dict(assumptions.rollup), "assumptions")
