"""Who one scenario costs, person by person: what the same-group figures are made of.

A rate a finance office quotes ("the raise is 2.5%", "steps and COLA cost 4.1%") measures the
*same people* in two years, never a budget line that leavers, hires and new positions move
(docs/method.md, "Same group and budget line"). The long results say what each person is paid
in each year; this value adds what they do not: when each person is employed (to tell who
continues from one year to the next, who leaves, who is hired), which rows are positions a
contract creates, and each person's figures with nobody moving a step (the held-steps
counterfactual, whose totals the projections keep). :func:`people_of` takes them from a
projection's setup and its costed years, without pricing anything again except each year-end's
held rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from . import dates as d
from .money import round_array
from .placement import rates_on
from .projection_setup import ProjectionSetup


@dataclass(frozen=True)
class People:
    """One scenario's people, one entry per roster row or new position (the setup's order)."""

    ids: np.ndarray                          # employee ID (text)
    start: np.ndarray                        # first day employed (day number)
    end: np.ndarray                          # last day employed, inclusive (day number)
    fte: np.ndarray
    new_position: np.ndarray                 # a position the contract creates (not on the roster)
    base_held: dict[int, np.ndarray]         # fiscal year -> base pay at roster-date steps (years costed)
    year_end_held: dict[int, np.ndarray]     # fiscal year -> annual pay at year-end rates, roster-date steps


def people_of(setup: ProjectionSetup, roster_rows: int, costs, years: list[int]) -> People:
    """The people of one scenario's projection.

    ``roster_rows``: how many rows the roster itself has (the setup's rows after them are new
    positions); ``costs``: the years costed with held steps (:func:`costing.engine.year_cost.cost_year`);
    ``years``: every fiscal year with a year-end (the year before the window included). A year costed
    has its year-end held rates already (each person's last piece priced at held steps,
    :attr:`~costing.engine.year_cost.YearCost.end_rates`, the same rates as pricing the last day again:
    tests/test_year_pieces.py); any other year is priced for its last day."""
    people = setup.people
    held_end = {}
    costed = {c.fy: c.end_rates[1] for c in costs if c.end_rates is not None}
    for fy in years:
        _, hi = d.fiscal_year_bounds(fy, setup.contract.fiscal_year_start)
        last = d.day_number(hi - dt.timedelta(days=1))
        try:
            annual = costed[fy] if fy in costed else rates_on(setup, last, freeze=True).annual
        except InputError:  # no rates on that day: no year-end, as in the projections
            continue
        with np.errstate(invalid="ignore"):  # NaN: no piece (not employed on the day), made 0.00 below
            held_end[fy] = np.where(people.employed(last), round_array(annual * people.fte), 0.0)
    return People(ids=people.ids, start=people.start, end=people.end, fte=people.fte,
                  new_position=np.arange(people.n) >= roster_rows,
                  base_held={c.fy: c.base_held_steps for c in costs if c.base_held_steps is not None},
                  year_end_held=held_end)


__all__ = ["People", "people_of"]
