"""Multi-year projection of a roster under a contract: the costing core's public functions.

``project(roster, contract, fiscal_years)`` is a pure function returning a long DataFrame with
one row per (scenario, fiscal year, employee, component) (:mod:`costing.engine.results`). How a
fiscal year is costed:

1. The year is cut into pieces at every date that matters, for everyone at once
   (:mod:`costing.engine.year_pieces`), from what the projection holds fixed over its years
   (:mod:`costing.engine.projection_setup`: the encoded roster, the schedules as arrays, each
   person's proration rule, the break dates).
2. Each piece is priced at the rates in force on its first day (:mod:`costing.engine.base_pay`)
   and weighted by its share of the fiscal year under the employee's proration convention
   (:mod:`costing.engine.proration`).
3. Every contract provision is costed by the function its registry entry names
   (:mod:`costing.engine.provisions`), in the fixed order of operations: schedule rates, step
   movement, the entry-step floor, longevity and hold-harmless, stipends and differentials,
   one-time payments, extra pay and paid days, retro pay, roll-up, premiums, unit-level lines
   (:mod:`costing.engine.year_cost`).
4. Rounding points (stated): rate tables are rounded when built (:mod:`costing.engine.rate_tables`);
   the annual figure of a rate (rate x work-year basis) is rounded by the schedule's rule; each
   employee's yearly amount of each component is rounded half up to the cent; roll-up is
   computed on those rounded amounts and rounded again. Totals are sums of rounded amounts, so
   components always add up to totals to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd

from ..inputs.models import Contract
from . import dates as d
from .options import DEFAULT_OPTIONS, Options
from .placement import annual_pay_total, placement
from .projection_setup import ProjectionSetup, setup_projection
from .results import OUTPUT_COLUMNS, results_frame, year_rows
from .roster_codes import RosterCodes, encode_roster
from .year_cost import cost_year, prepare, with_people

__all__ = ["OUTPUT_COLUMNS", "Options", "RosterCodes", "encode_roster", "project", "project_each_year", "placement_on", "annual_pay_on",
           "projection_setup"]


def projection_setup(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], options: Options = DEFAULT_OPTIONS,
                     source: str | None = None, codes: RosterCodes | None = None) -> ProjectionSetup:
    """The contract set up on the roster for these years; ``codes`` is the roster already encoded
    (:func:`encode_roster`), else it is encoded now."""
    codes = with_people(contract, codes if codes is not None else encode_roster(roster))
    return setup_projection(codes, contract, fiscal_years, options, source)


def project(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], scenario: str = "baseline",
            options: Options = DEFAULT_OPTIONS, source: str | None = None, *, codes: RosterCodes | None = None) -> pd.DataFrame:
    """Cost a checked roster under a contract for each fiscal year: long format.

    Columns: scenario, fiscal_year, employee_id, unit, schedule, family, component, lane, step,
    fte, amount (the text columns categorical; lane and step where the person stands on the last
    day of the year they are employed, :mod:`costing.engine.results`). Unit-level cost lines have
    an empty employee_id, schedule, lane and step. Inputs are not modified. ``codes`` is the roster already encoded (:func:`encode_roster`).
    """
    setup = projection_setup(roster, contract, fiscal_years, options, source, codes)
    prepared = prepare(setup)
    years = sorted(set(int(y) for y in fiscal_years))
    return results_frame([(setup, [year_rows(setup, cost_year(setup, prepared, fy)) for fy in years], scenario)])


def project_each_year(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], scenario: str = "baseline",
                      options: Options = DEFAULT_OPTIONS, source: str | None = None, *,
                      codes: RosterCodes | None = None) -> Iterator[pd.DataFrame]:
    """``project(..., [fy], ...)`` for each fiscal year in turn, set up once: for writing a large
    roster's detail one year at a time without holding every year in memory."""
    setup = projection_setup(roster, contract, fiscal_years, options, source, codes)
    prepared = prepare(setup)
    for fy in sorted(set(int(y) for y in fiscal_years)):
        yield results_frame([(setup, [year_rows(setup, cost_year(setup, prepared, fy))], scenario)])


def _setup_for_day(roster, contract, day, fiscal_year_of_day, options, source, codes) -> ProjectionSetup:
    fy = fiscal_year_of_day or d.fiscal_year_of(day, contract.fiscal_year_start)
    return projection_setup(roster, contract, [fy], options, source, codes)


def placement_on(roster: pd.DataFrame, contract: Contract, day: dt.date, fiscal_year_of_day: int | None = None,
                 options: Options = DEFAULT_OPTIONS, source: str | None = None, *,
                 codes: RosterCodes | None = None) -> pd.DataFrame:
    """Where everyone stands on one day: schedule, lane, step, FTE and annual pay at that day's rates.

    Used for lift (the change in the year-end rate), annualization, and headcount by step and
    lane. Only employees employed on ``day`` are returned. ``codes`` is the roster already
    encoded (:func:`encode_roster`).
    """
    setup = _setup_for_day(roster, contract, day, fiscal_year_of_day, options, source, codes)
    return placement(setup, d.day_number(day))


def annual_pay_on(roster: pd.DataFrame, contract: Contract, day: dt.date, fiscal_year_of_day: int | None = None,
                  options: Options = DEFAULT_OPTIONS, source: str | None = None, *,
                  codes: RosterCodes | None = None) -> float:
    """``placement_on(...)["annual_pay"].sum()`` without building the table."""
    setup = _setup_for_day(roster, contract, day, fiscal_year_of_day, options, source, codes)
    return annual_pay_total(setup, d.day_number(day), options.freeze_steps)
