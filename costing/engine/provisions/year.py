"""What a provision's cost function reads: one fiscal year, as typed, frozen values.

A pay provision (base pay, longevity, stipends, one-time payments, extra pay, paid days, and what
retro keeps out of base pay) is costed per piece of the year for a set of people
(:class:`PayYear`): their pieces, each piece's rates, and who each rule-based item goes to
(:class:`Eligible`). What comes after pay is rounded (the retro line, roll-up, premiums,
unit-level lines) reads :class:`CostedYear`: the whole roster and the components costed so far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...inputs.models import Contract, Selector
from .. import dates as d
from ..base_pay import PieceRates, daily_rates, piece_rates
from ..projection_setup import ProjectionSetup
from ..proration import YearWeights, year_weights
from ..roster_codes import EncodedRoster
from ..schedule_arrays import ScheduleArrays, selected
from ..year_pieces import YearPieces, cut_year


@dataclass(frozen=True)
class Eligible:
    """Who each rule-based item of one fiscal year goes to, one entry per roster row.

    Keyed by (contract field, item name): a mask, or the days an item pays (0 = nothing). Each
    provision fills and reads only its own entries (its ``who`` function), evaluated from the
    roster's own dates on the day the item is paid, so it never drifts from the roster.
    """

    by_item: Mapping[tuple[str, str], np.ndarray] = field(default_factory=dict)

    def of(self, field_name: str, item: str) -> np.ndarray:
        return self.by_item[(field_name, item)]

    def take(self, index: np.ndarray | slice) -> Eligible:
        return Eligible({key: value[index] for key, value in self.by_item.items()})


@dataclass(frozen=True)
class PayYear:
    """One fiscal year of a set of people, cut into pieces and priced at base rates."""

    weights: YearWeights
    people: EncodedRoster
    schedules: tuple[ScheduleArrays, ...]
    pieces: YearPieces
    rates: PieceRates
    base_piece: np.ndarray        # each piece's base pay: annual rate x FTE x weight
    eligible: Eligible
    as_of: int
    freeze: bool                  # nobody moves a step (the held-steps counterfactual)
    fiscal_year_start: str

    @property
    def fy(self) -> int:
        return self.weights.fy

    @property
    def lo(self) -> int:
        return self.weights.lo

    @property
    def hi(self) -> int:
        return self.weights.hi

    def total(self, per_piece: np.ndarray) -> np.ndarray:
        return self.pieces.total(per_piece)

    def pay_day(self, month_day: str) -> int:
        """A yearly pay day (a month-day) inside this fiscal year, as a day number."""
        return d.day_number(d.month_day_in_fiscal_year(month_day, self.fy, self.fiscal_year_start))

    def selected(self, selector: Selector, on: np.ndarray | None = None, sched: np.ndarray | None = None) -> np.ndarray:
        """Which of the year's pieces a provision applies to; or, given days ``on`` (and the schedule
        codes of whose days they are, by default everyone's), which of those."""
        if on is None:
            return selected(selector, self.schedules, self.pieces.sched, self.pieces.on)
        return selected(selector, self.schedules, self.people.sched if sched is None else sched, on)

    def daily_rates(self, day: int, among: np.ndarray) -> np.ndarray:
        return daily_rates(self.people, self.schedules, day, self.as_of, self.freeze, among)

    def repriced(self, schedules: tuple[ScheduleArrays, ...]) -> PieceRates:
        """The same pieces at other schedules' rates (retro: the old rates)."""
        return piece_rates(self.pieces, self.people, schedules, self.as_of, self.freeze)


def price_year(setup: ProjectionSetup, fy: int, index: np.ndarray | slice | None = None, eligible: Eligible = Eligible(),
               freeze: bool | None = None, weights: YearWeights | None = None) -> PayYear:
    """Cut fiscal year ``fy`` for the people at ``index`` (everyone by default; a slice is a chunk of
    views) and price the pieces."""
    people = setup.people if index is None else setup.people.take(index)
    weights = weights or year_weights(setup.contract, setup.rules, fy)
    pieces = cut_year(people, weights, setup.breaks)
    freeze = setup.options.freeze_steps if freeze is None else freeze
    return priced(weights, people, pieces, setup, eligible, freeze)


def priced(weights: YearWeights, people: EncodedRoster, pieces: YearPieces, setup: ProjectionSetup,
           eligible: Eligible, freeze: bool) -> PayYear:
    rates = piece_rates(pieces, people, setup.schedules, setup.as_of, freeze)
    return PayYear(weights=weights, people=people, schedules=setup.schedules, pieces=pieces, rates=rates,
                   base_piece=rates.annual * people.fte[pieces.emp] * pieces.weight, eligible=eligible,
                   as_of=setup.as_of, freeze=freeze, fiscal_year_start=setup.contract.fiscal_year_start)


@dataclass(frozen=True)
class CostedYear:
    """One fiscal year after pay is costed and rounded: what retro lines, roll-up, premiums and
    unit-level lines read."""

    fy: int
    contract: Contract
    roster: pd.DataFrame                      # the checked roster, new positions included
    people: EncodedRoster
    components: Mapping[str, np.ndarray]      # component -> per employee, rounded, in the order costed
    prepared: Mapping[str, object]            # contract field -> what its provision prepared for the projection
    proration: str                            # the contract's (or the scenario's) convention, for unit-level lines
    source: str | None

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return d.fiscal_year_bounds(self.fy, self.contract.fiscal_year_start)
