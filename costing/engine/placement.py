"""Where everyone stands on one day: schedule, lane, step, FTE and a year's pay at that day's rates.

Used for lift (the change in the year-end rate), annualization and headcount by step and lane.
It prices one piece per employee (:func:`costing.engine.year_pieces.one_day`) with the same
schedules, roster encoding and step rule as the years costed; a costing reads its year ends from
each year's last pieces instead (:func:`placed_at`: the same table from rates already priced).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base_pay import PieceRates, piece_rates
from .money import round_array
from .projection_setup import ProjectionSetup
from .schedule_arrays import name_table
from .year_pieces import one_day


def rates_on(setup: ProjectionSetup, day: int, freeze: bool) -> PieceRates:
    """Each employee's annual pay at full FTE, step and lane at ``day``'s rates and placement."""
    return piece_rates(one_day(setup.people, day), setup.people, setup.schedules, setup.as_of, freeze)


def placement(setup: ProjectionSetup, day: int) -> pd.DataFrame:
    """Everyone employed on ``day``: employee_id, schedule, lane, step, fte, annual_rate, annual_pay."""
    rates = rates_on(setup, day, setup.options.freeze_steps)
    return placed_at(setup, day, rates.lane, rates.step, rates.annual)


def placed_at(setup: ProjectionSetup, day: int, lane: np.ndarray, step: np.ndarray, annual: np.ndarray) -> pd.DataFrame:
    """:func:`placement`'s table from each employee's lane code, step position and annual rate at full
    FTE on ``day`` (priced for that day, or read from the last pieces of the year it ends)."""
    people, schedules = setup.people, setup.schedules
    employed = people.employed(day)
    sched = people.sched[employed]
    return pd.DataFrame({
        "employee_id": people.ids[employed],
        "schedule": np.array([a.schedule.name for a in schedules], dtype=object)[sched],
        "lane": name_table([tuple(a.schedule.lanes) for a in schedules])[sched, lane[employed]],
        "step": name_table([a.steps for a in schedules])[sched, step[employed]],
        "fte": people.fte[employed], "annual_rate": annual[employed],
        "annual_pay": round_array(annual[employed] * people.fte[employed]),
    }, copy=False)


def annual_pay_total(setup: ProjectionSetup, day: int, freeze: bool, annual: np.ndarray | None = None) -> float:
    """``placement(...)["annual_pay"].sum()`` without building the table (IDs, lanes and steps as text);
    ``annual``: each employee's annual rate on ``day`` when already known (else priced for the day)."""
    annual = rates_on(setup, day, freeze).annual if annual is None else annual
    employed = setup.people.employed(day)
    return float(pd.Series(round_array(annual[employed] * setup.people.fte[employed])).sum())
