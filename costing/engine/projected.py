"""Projecting every scenario of a costing: what the figures are derived from.

One costing projects the status quo and each proposal on one roster: each scenario's years, its
own year before the first (the first year's change is against it), the held-steps counterfactual
(base pay with nobody moving a step, which separates step movement from raises) and where
everyone stands at each year's end (lift, annualization, headcount). :func:`project_scenarios`
does all of it and returns one frozen :class:`Projections`; :func:`costing.engine.measures.frame`
derives every figure from that value alone, so how the projections are made can change without
touching how a figure is defined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..errors import InputError
from ..inputs.models import Contract
from . import dates as d
from .projection import Options, annual_pay_on, encode_roster, placement_on, project

Key = tuple[str, int]
"""(scenario, fiscal year)"""


@dataclass(frozen=True)
class Projections:
    """Everything projected for one costing, by scenario and fiscal year."""

    years: list[int]
    contracts: dict[str, Contract]            # scenario -> contract in force ("baseline" first)
    options: Options
    results: pd.DataFrame                     # long per-employee table, every scenario and year
    priors: dict[str, pd.DataFrame]           # scenario -> its own year before the first (when costable)
    base_without_steps: dict[Key, float]      # base pay with nobody moving a step
    placements: dict[Key, pd.DataFrame]       # year-end placement (the prior year included)
    year_end_pay: dict[Key, float]            # sum of annual pay at year-end rates
    year_end_fte: dict[Key, float]
    year_end_pay_held: dict[Key, float]       # the same with everyone on their roster-date steps


def project_scenarios(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                      options: Options = Options(), source: str | None = None) -> Projections:
    """Project the baseline and every proposal: the years, each one's prior year, held steps, year ends."""
    years = sorted(years)
    contracts = {"baseline": baseline, **proposals}
    first_lo, _ = d.fiscal_year_bounds(years[0], baseline.fiscal_year_start)
    options = Options(as_of=options.as_of or first_lo, proration=options.proration, freeze_steps=False)
    frozen = Options(as_of=options.as_of, proration=options.proration, freeze_steps=True)
    codes = encode_roster(roster)  # once for every scenario, year and placement below
    results = concat_results([project(roster, c, years, name, options, source, codes=codes)
                              for name, c in contracts.items()])
    # the first year's change over the prior year is against the scenario's OWN prior year: a
    # proposal that also changes the year before (a retroactive COLA) is compared with itself, and
    # the status quo's prior year is kept as its own figure
    prior_year = years[0] - 1
    priors: dict[str, pd.DataFrame] = {}
    for name, contract in contracts.items():
        try:
            priors[name] = project(roster, contract, [prior_year], name, options, source, codes=codes)
        except InputError:
            continue  # no rates for the year before: no prior-year figure for this scenario
    base_frozen: dict[Key, float] = {}
    for name, c in contracts.items():  # only base pay is needed: no table of every scenario at once
        no_steps = project(roster, c, years, name, frozen, source, codes=codes)
        for fy, amount in no_steps[no_steps["component"] == "base"].groupby("fiscal_year")["amount"].sum().items():
            base_frozen[(name, fy)] = amount
    placements: dict[Key, pd.DataFrame] = {}
    year_end: dict[Key, float] = {}
    fte_end: dict[Key, float] = {}
    year_end_held: dict[Key, float] = {}
    for name, contract in contracts.items():
        for fy in [prior_year, *years]:
            _, hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
            last = hi - dt.timedelta(days=1)
            try:
                placed = placement_on(roster, contract, last, fy, options, source, codes=codes)
            except InputError:
                continue
            placements[(name, fy)] = placed
            year_end[(name, fy)] = float(placed["annual_pay"].sum())
            fte_end[(name, fy)] = float(placed["fte"].sum())
            year_end_held[(name, fy)] = annual_pay_on(roster, contract, last, fy, frozen, source, codes=codes)
    return Projections(years=years, contracts=contracts, options=options, results=results, priors=priors,
                       base_without_steps=base_frozen, placements=placements, year_end_pay=year_end,
                       year_end_fte=fte_end, year_end_pay_held=year_end_held)


def concat_results(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Long results of several projections as one table, the text columns staying categorical.

    ``pd.concat`` turns categoricals with different categories into strings (a pass over every
    row, then another to make categories again); uniting the categories keeps the codes. The
    categories of scenario, unit, schedule and component come out sorted, as they always were.
    """
    out = {}
    for column in frames[0].columns:
        values = [f[column].array for f in frames]
        if all(isinstance(v.dtype, pd.CategoricalDtype) for v in values):
            same = all(v.categories.equals(values[0].categories) for v in values)
            out[column] = union_categoricals(values, sort_categories=not same and column != "employee_id")
        else:
            out[column] = np.concatenate([np.asarray(v) for v in values])
            if column in ("scenario", "unit", "schedule", "component"):
                out[column] = pd.Categorical(out[column])
    return pd.DataFrame(out)
