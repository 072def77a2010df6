"""Where everyone stands on one day: schedule, lane, step, FTE and a year's pay at that day's rates.

Used for lift (the change in the year-end rate), annualization and headcount by step and lane.
It prices one piece per employee (:func:`costing.engine.year_pieces.one_day`) with the same
schedules, roster encoding and step rule as the years costed; a costing reads its year ends from
each year's last pieces instead (:func:`placed_at`: the same table from rates already priced).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

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
        "fte": people.fte[employed], "annual_rate": annual[employed], "annual_pay": annual_pay(setup, day, annual),
    }, copy=False)


def annual_pay(setup: ProjectionSetup, day: int, annual: np.ndarray) -> np.ndarray:
    """Each person employed on ``day``, in roster order: the annual rate at full FTE times their FTE, to the cent
    (the placement's ``annual_pay``, summed for the year-end figures)."""
    employed = setup.people.employed(day)
    return round_array(annual[employed] * setup.people.fte[employed])


@dataclass(frozen=True)
class Placed:
    """Where everyone stands on one day as codes (lane code, step position, annual rate at full FTE per
    employee): :func:`placed_at`'s table when asked for (:meth:`table`). Its IDs, schedules, lanes and
    steps as text are a million objects each for a million people; the figures need only the pay."""

    setup: ProjectionSetup
    day: int
    lane: np.ndarray
    step: np.ndarray
    annual: np.ndarray

    @classmethod
    def priced(cls, setup: ProjectionSetup, day: int) -> Placed:
        """Priced for the day (:func:`placement`'s rates)."""
        rates = rates_on(setup, day, setup.options.freeze_steps)
        return cls(setup, day, rates.lane, rates.step, rates.annual)

    def employed(self) -> np.ndarray:
        return self.setup.people.employed(self.day)

    def pay(self) -> np.ndarray:
        """The table's ``annual_pay`` (:func:`annual_pay`)."""
        return annual_pay(self.setup, self.day, self.annual)

    def table(self) -> pd.DataFrame:
        return placed_at(self.setup, self.day, self.lane, self.step, self.annual)


class Placements(Mapping):
    """(scenario, fiscal year) -> the year-end placement table (:func:`placed_at`), each built when first
    read (``costing project --headcount``, the report) from its :class:`Placed` (:meth:`placed`)."""

    def __init__(self, placed: Mapping[tuple[str, int], Placed]):
        self._placed, self._tables = dict(placed), {}

    def __getitem__(self, key: tuple[str, int]) -> pd.DataFrame:
        if key not in self._tables:
            self._tables[key] = self._placed[key].table()
        return self._tables[key]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._placed)

    def __len__(self) -> int:
        return len(self._placed)

    def placed(self, key: tuple[str, int]) -> Placed | None:
        return self._placed.get(key)


def annual_pay_total(setup: ProjectionSetup, day: int, freeze: bool, annual: np.ndarray | None = None) -> float:
    """``placement(...)["annual_pay"].sum()`` without building the table (IDs, lanes and steps as text);
    ``annual``: each employee's annual rate on ``day`` when already known (else priced for the day)."""
    annual = rates_on(setup, day, freeze).annual if annual is None else annual
    return float(pd.Series(annual_pay(setup, day, annual)).sum())
