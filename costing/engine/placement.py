"""Where everyone stands on one day: schedule, lane, step, FTE and a year's pay at that day's rates.

Used for lift (the change in the year-end rate), annualization and headcount by step and lane.
It prices one piece per employee (:func:`costing.engine.year_pieces.one_day`) with the same
schedules, roster encoding and step rule as the years costed.
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
    people, schedules = setup.people, setup.schedules
    rates = rates_on(setup, day, setup.options.freeze_steps)
    employed = people.employed(day)
    sched = people.sched[employed]
    return pd.DataFrame({
        "employee_id": people.ids[employed],
        "schedule": np.array([a.schedule.name for a in schedules], dtype=object)[sched],
        "lane": name_table([tuple(a.schedule.lanes) for a in schedules])[sched, rates.lane[employed]],
        "step": name_table([a.steps for a in schedules])[sched, rates.step[employed]],
        "fte": people.fte[employed], "annual_rate": rates.annual[employed],
        "annual_pay": round_array(rates.annual * people.fte)[employed],
    }, copy=False)


def annual_pay_total(setup: ProjectionSetup, day: int, freeze: bool) -> float:
    """``placement(...)["annual_pay"].sum()`` without building the table (IDs, lanes and steps as text)."""
    pay = round_array(rates_on(setup, day, freeze).annual * setup.people.fte)
    return float(pd.Series(pay[setup.people.employed(day)]).sum())
