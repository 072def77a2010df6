"""Projecting every scenario of a costing: what the figures are derived from.

One costing projects the status quo and each proposal on one roster: each scenario's years, its
own year before the first (the first year's change is against it), the held-steps counterfactual
(base pay with nobody moving a step, which separates step movement from raises) and where
everyone stands at each year's end (lift, annualization, headcount). :func:`project_scenarios`
does all of it and returns one frozen :class:`Projections`; :func:`costing.engine.measures.frame`
derives every figure from that value alone, so how the projections are made can change without
touching how a figure is defined.

Each scenario is set up once (:mod:`costing.engine.projection_setup`) for the year before and the
years costed, and each of those years is cut and priced once: the held-steps base pay is priced
on the same pieces at the roster-date steps, and the year-end values are read from each person's
last piece of the year (:func:`costing.engine.year_cost.last_cells`), not priced again; only a
year that could not be costed (no rates on its first days) is priced for its last day alone.

What is kept is what the figures are summed from: each year's rows as arrays (the long per-employee
table, :attr:`Projections.results`, is built from them only when asked for) and each year-end as codes
(:class:`~costing.engine.placement.Placements` builds a placement table when it is read). A large
roster's scenarios are projected on threads, one per core (:func:`each_scenario`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd

from ..inputs.models import Contract
from . import dates as d
from .needed_values import NoRateTable
from .options import DEFAULT_OPTIONS, Options
from .people import People, people_of
from .placement import Placed, Placements, annual_pay_total
from .projection import encode_roster, projection_setup
from .projection_setup import ProjectionSetup
from .results import Part, results_frame, year_rows
from .year_cost import YearCost, cost_year, prepare

Key = tuple[str, int]
"""(scenario, fiscal year)"""


@dataclass(frozen=True)
class Projections:
    """Everything projected for one costing, by scenario and fiscal year."""

    years: list[int]
    contracts: dict[str, Contract]            # scenario -> contract in force ("baseline" first)
    options: Options
    parts: tuple[Part, ...]                   # each scenario's years' rows, the long table's parts (:attr:`results`)
    prior_parts: dict[str, Part]              # scenario -> its own year before the first (when costable)
    base_without_steps: dict[Key, float]      # base pay with everyone on their roster-date steps (the prior year too)
    placements: Placements                    # year-end placement (the prior year included), built when read
    year_end_pay: dict[Key, float]            # sum of annual pay at year-end rates
    year_end_fte: dict[Key, float]
    year_end_headcount: dict[Key, int]        # people employed on the year's last day (the placement's rows)
    year_end_pay_held: dict[Key, float]       # the same with everyone on their roster-date steps
    people: dict[str, People] = field(default_factory=dict)  # scenario -> each person's dates and held-steps pay

    @functools.cached_property
    def results(self) -> pd.DataFrame:
        """The long per-employee table, every scenario and year (:func:`costing.engine.results.results_frame`),
        built when first asked for: the figures are summed from :attr:`parts` (a million people's table is
        17.7 million rows, about 3 of the command's 16 seconds), so ``costing project`` never builds it."""
        return results_frame(self.parts)

    @property
    def result_rows(self) -> int:
        """How many rows :attr:`results` has (without building it)."""
        return sum(rows.size for _, years, _ in self.parts for rows in years)

    @functools.cached_property
    def priors(self) -> dict[str, pd.DataFrame]:
        """Scenario -> the long table of its own year before the first (when costable), built when asked for."""
        return {name: results_frame([part]) for name, part in self.prior_parts.items()}


def project_scenarios(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                      options: Options = DEFAULT_OPTIONS, source: str | None = None) -> Projections:
    """Project the baseline and every proposal: the years, each one's prior year, held steps, year ends."""
    years = sorted(years)
    contracts = {"baseline": baseline, **proposals}
    options = costing_options(baseline, years, options)
    codes = encode_roster(roster)  # once for every scenario, year and placement below
    prior_year = years[0] - 1
    setups = {name: projection_setup(roster, c, [prior_year, *years], options, source, codes)
              for name, c in contracts.items()}
    prepared = {name: prepare(setup) for name, setup in setups.items()}
    parts, base_held, people, ends = [], {}, {}, {}
    for one in each_scenario(lambda name: _years_of(name, setups[name], prepared[name], years, codes.n), setups, codes.n):
        name = one.part[2]
        parts.append(one.part)
        ends.update(one.ends)
        base_held.update(one.base_held)
        people[name] = one.people
    # the first year's change over the prior year is against the scenario's OWN prior year: a
    # proposal that also changes the year before (a retroactive COLA) is compared with itself, and
    # the status quo's prior year is kept as its own figure
    priors: dict[str, Part] = {}
    for name, (part, end, held) in zip(setups, each_scenario(
            lambda name: _prior_of(name, setups[name], prepared[name], prior_year), setups, codes.n)):
        ends[(name, prior_year)] = end
        base_held.update(held)
        if part is not None:
            priors[name] = part
    ends = {(name, fy): ends[(name, fy)] for name in setups for fy in [prior_year, *years]
            if ends[(name, fy)] is not None}
    return Projections(years=years, contracts=contracts, options=options, parts=tuple(parts), prior_parts=priors,
                       base_without_steps=base_held, placements=Placements({k: e[0] for k, e in ends.items()}),
                       year_end_pay={k: e[1] for k, e in ends.items()}, year_end_fte={k: e[2] for k, e in ends.items()},
                       year_end_headcount={k: int(e[0].employed().sum()) for k, e in ends.items()},
                       year_end_pay_held={k: e[3] for k, e in ends.items()}, people=people)


@dataclass(frozen=True)
class _Scenario:
    """One scenario's years costed: what :class:`Projections` keeps of them."""

    part: Part
    ends: dict[Key, tuple | None]
    base_held: dict[Key, float]
    people: People


def _years_of(name: str, setup: ProjectionSetup, prepared: dict, years: list[int], roster_rows: int) -> _Scenario:
    """Cost the scenario's years (steps moving and held), and read each year's end from its last pieces."""
    costs = [cost_year(setup, prepared, fy, held_steps=True) for fy in years]
    return _Scenario(part=(setup, [year_rows(setup, cost) for cost in costs], name),   # a year's components are
                     ends={(name, cost.fy): _year_end(setup, cost.fy, cost) for cost in costs},  # large: not kept
                     base_held=_held_base(name, setup, costs),
                     people=people_of(setup, roster_rows, costs, [years[0] - 1, *years]))


def _prior_of(name: str, setup: ProjectionSetup, prepared: dict, prior_year: int
              ) -> tuple[Part | None, tuple | None, dict[Key, float]]:
    """The scenario's own year before the first: (its rows, its year end, its held-steps base pay);
    no rows when it has no rates (then no prior-year figure; any other missing value is an error)."""
    try:
        cost = cost_year(setup, prepared, prior_year, held_steps=True)
    except NoRateTable:
        return None, _year_end(setup, prior_year), {}
    return (setup, [year_rows(setup, cost)], name), _year_end(setup, prior_year, cost), _held_base(name, setup, [cost])


PARALLEL_ROWS = 20_000
"""From this many roster rows up, the scenarios are projected on threads. Measured on two cores (baseline
and the Chelsea MOA, three years and the year before): 5,000 people 0.042 s on threads against 0.033 s in
a loop (the interpreter lock and the threads cost more than they save), 20,000 0.093 against 0.106,
100,000 0.35 against 0.53."""


def each_scenario(work, names, rows: int | None = None) -> list:
    """``[work(name) for name in names]``, the scenarios on as many threads as the machine has cores (at
    most one each) when the roster has at least :data:`PARALLEL_ROWS` rows: numpy releases the interpreter
    lock on large arrays, and the scenarios share nothing they write (the roster's encodings are caches of
    values). The results come back in order and the first scenario's error is the one raised, as in a loop,
    so the figures and errors are the same however many cores there are; as in a loop, once a scenario has
    failed no later one is started (a million people's scenario is seconds before the one-line error)."""
    names = list(names)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(names) < 2 or cores < 2 or (rows is not None and rows < PARALLEL_ROWS):
        return [work(name) for name in names]
    failed = threading.Event()

    def guarded(name):
        if failed.is_set():   # a scenario failed: this one would never have run in a loop (it comes later)
            return _NOT_RUN
        try:
            return work(name)
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=min(cores, len(names)), thread_name_prefix="costing-scenario") as pool:
        return list(pool.map(guarded, names))


_NOT_RUN = object()
"""What a scenario left unstarted after another's error returns: never seen, as that error is raised first
(the pool starts the scenarios in order, so one left unstarted comes after the one that failed)."""


def costing_options(baseline: Contract, years: list[int], options: Options) -> Options:
    """The options every projection of one costing shares: the roster date stated (by default the
    first day of the first year), and steps moving (the held-steps figures are asked for separately)."""
    first_lo, _ = d.fiscal_year_bounds(min(years), baseline.fiscal_year_start)
    return Options(as_of=options.as_of or first_lo, proration=options.proration, freeze_steps=False)


def _held_base(name: str, setup: ProjectionSetup, costs) -> dict[Key, float]:
    """Base pay with nobody moving a step, per year, summed over the people the year's table lists."""
    out = {}
    for cost in costs:
        lo, hi = d.fiscal_year_bounds(cost.fy, setup.contract.fiscal_year_start)
        people = setup.people
        active = (people.start < d.day_number(hi)) & (people.end >= d.day_number(lo))
        keep = active | (cost.base_held_steps != 0)  # the rows a base component of its own would have
        if keep.any():
            out[(name, cost.fy)] = float(pd.Series(cost.base_held_steps[keep]).sum())
    return out


def _year_end(setup: ProjectionSetup, fy: int, cost: YearCost | None = None
              ) -> tuple[Placed, float, float, float] | None:
    """(placement, annual pay, FTE, annual pay at held steps) on the last day of ``fy``; None if not costable.

    Read from the year's last pieces when the year was costed (``cost``: everyone employed on the
    last day has a piece starting at the last break before it, priced at that day's rates, steps
    moving and held); else priced for the day (the year before, when its first days had no rates).
    The sums are the placement table's columns' (``annual_pay``, ``fte``), the table itself not built."""
    _, hi = d.fiscal_year_bounds(fy, setup.contract.fiscal_year_start)
    last = d.day_number(hi - dt.timedelta(days=1))
    if cost is not None and cost.end_rates is not None:
        annual, annual_held = cost.end_rates
        placed = Placed(setup, last, *cost.cells, annual)
        held = annual_pay_total(setup, last, freeze=True, annual=annual_held)
    else:
        try:
            placed = Placed.priced(setup, last)
        except NoRateTable:
            return None
        held = annual_pay_total(setup, last, freeze=True)
    fte = setup.people.fte[placed.employed()]
    return placed, float(pd.Series(placed.pay()).sum()), float(pd.Series(fte).sum()), held
