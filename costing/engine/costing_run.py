"""Costing one or more proposals against the status quo on one roster: the figures of a report.

This is the one place that strings the core together (apply each proposal, project every
scenario, take the counterfactuals that separate step movement from raises, snapshot year-end
rates) so that the command line and every notebook get the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..errors import InputError
from ..inputs.checks import check_switches, check_years
from ..inputs.loading import load_contract, load_proposal
from ..inputs.models import Contract, Proposal
from ..inputs.moves import attach_moves, read_moves
from ..inputs.roster import load_roster
from ..inputs.scenario import check_scenario, load_scenario, resolve
from . import dates as d
from .apply import apply_proposal
from .display import summary_html, summary_text
from .figures import FAMILIES, component_table, pct, summary_table
from .projection import Options, annual_pay_on, encode_roster, placement_on, project


@dataclass(frozen=True)
class Costing:
    """Everything a report shows, for one roster, baseline and set of proposals."""

    years: list[int]
    results: pd.DataFrame           # long per-employee table, all scenarios
    components: pd.DataFrame        # wide by component
    figures: pd.DataFrame           # summary per scenario and year, with the derived figures
    contracts: dict[str, Contract]  # scenario -> contract in force (after applying)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    placements: dict[tuple[str, int], pd.DataFrame] = field(default_factory=dict)  # (scenario, FY) -> year-end placement
    options: Options = Options()
    prior: pd.DataFrame | None = None  # the baseline's year before the first (the status quo year), if costable
    roster: pd.DataFrame | None = None
    priors: dict[str, pd.DataFrame] = field(default_factory=dict)  # scenario -> its own year before the first

    def __repr__(self) -> str:  # a short summary, not every DataFrame in full (see engine/display.py)
        return summary_text(self, "Costing")

    def _repr_html_(self) -> str:
        return summary_html(self, "Costing")


def _rollup_on_base(contract: Contract, day: dt.date) -> float:
    return sum(rollup.rate_on(day) for rollup in contract.rollup if "base" in rollup.applies_to)


def cost_scenarios(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                   options: Options = Options(), source: str | None = None,
                   proposal_texts: dict[str, Proposal] | None = None) -> Costing:
    """Project the baseline and every proposal and compute the report's figures."""
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
    prior_totals = {name: round(float(frame["amount"].sum()), 2) for name, frame in priors.items()}
    prior = priors.get("baseline")
    figures = summary_table(results, prior_totals)
    figures["status_quo_prior_year_total"] = prior_totals.get("baseline", np.nan)
    base_frozen = {}
    for name, c in contracts.items():  # only base pay is needed: no table of every scenario at once
        no_steps = project(roster, c, years, name, frozen, source, codes=codes)
        for fy, amount in no_steps[no_steps["component"] == "base"].groupby("fiscal_year")["amount"].sum().items():
            base_frozen[(name, fy)] = amount
    figures["base_without_steps"] = [round(base_frozen.get((row.scenario, row.fiscal_year), 0.0), 2)
                                     for row in figures.itertuples()]
    figures["step_movement"] = (figures["base"] - figures["base_without_steps"]).round(2)
    # the year's own step cost: this year's cumulative step movement less last year's (the prior
    # year of the first year has none: the roster's steps are as of its end)
    figures = figures.sort_values(["scenario", "fiscal_year"]).reset_index(drop=True)
    figures["step_movement_in_year"] = (figures["step_movement"] - figures.groupby("scenario", observed=True)
                                        ["step_movement"].shift(1).fillna(0.0)).round(2)
    base_of_baseline = figures[figures["scenario"] == "baseline"].set_index("fiscal_year")["base"]
    figures["schedule_changes"] = (figures["base"] - figures["fiscal_year"].map(base_of_baseline)).round(2)
    placements: dict[tuple[str, int], pd.DataFrame] = {}
    year_end: dict[tuple[str, int], float] = {}
    fte_end: dict[tuple[str, int], float] = {}
    year_end_held: dict[tuple[str, int], float] = {}  # year-end rates with everyone on their roster-date steps
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
    rows = []
    for row in figures.itertuples():
        lo, _ = d.fiscal_year_bounds(row.fiscal_year, contracts[row.scenario].fiscal_year_start)
        end = year_end.get((row.scenario, row.fiscal_year), np.nan)
        before = year_end.get((row.scenario, row.fiscal_year - 1), year_end.get(("baseline", row.fiscal_year - 1), np.nan))
        fte = fte_end.get((row.scenario, row.fiscal_year), np.nan)
        held = year_end_held.get((row.scenario, row.fiscal_year), np.nan)
        held_before = year_end_held.get((row.scenario, row.fiscal_year - 1),
                                        year_end_held.get(("baseline", row.fiscal_year - 1), np.nan))
        rows.append({
            "cost_of_1pct": round(row.base * 0.01 * (1 + _rollup_on_base(contracts[row.scenario], lo) / 100), 2),
            "year_end_annual_base": round(end, 2),
            "lift_pct": float(pct(end - before, before)),
            "schedule_lift_pct": float(pct(held - held_before, held_before)),
            "annualization": round(end - row.base, 2) + 0.0,  # + 0.0: never print -0.00
            "fte_year_end": round(fte, 4),
            "headcount_year_end": int(len(placements.get((row.scenario, row.fiscal_year), []))),
            "avg_base_per_fte": round(row.base / fte, 2) if fte else np.nan,
            "cost_per_fte": round(row.total / fte, 2) if fte else np.nan,
        })
    figures = pd.concat([figures, pd.DataFrame(rows, index=figures.index)], axis=1)
    figures["compounded_lift_pct"] = figures.groupby("scenario", observed=True)["lift_pct"].transform(
        lambda s: ((1 + s / 100).cumprod() - 1) * 100)
    return Costing(years=years, results=results, components=component_table(results), figures=figures,
                   contracts=contracts, proposals=proposal_texts or {}, placements=placements, options=options,
                   prior=prior, roster=roster, priors=priors)


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


def cost_files(roster_path: str | Path, contract_path: str | Path, proposal_paths: list, years: list[int],
               switches: tuple[str, ...] = (), as_of: dt.date | None = None, proration: str | None = None,
               rollup: dict[str, float] | None = None, moves_path: str | Path | None = None, *,
               rollup_source: str | None = None) -> Costing:
    """Load, validate and cost: the path every command and notebook takes from files.

    Each entry of ``proposal_paths`` is a file (the scenario is named by its stem) or a
    ``(name, [files])`` pair applied in order as one scenario. ``rollup`` overrides roll-up
    rates by name (percent), in the baseline and every proposal alike. ``moves_path`` names a
    file of dated lane and step moves applied to every scenario (:mod:`costing.inputs.moves`).
    ``rollup_source`` names the file the overrides come from (a scenario), for error messages.
    """
    roster, baseline, proposals, texts = load_inputs(roster_path, contract_path, proposal_paths, switches, rollup,
                                                     years=years, moves_path=moves_path, rollup_source=rollup_source)
    return cost_scenarios(roster, baseline, proposals, years, Options(as_of=as_of, proration=proration),
                          source=str(roster_path), proposal_texts=texts)


def load_inputs(roster_path: str | Path, contract_path: str | Path, proposal_paths: list,
                switches: tuple[str, ...] = (), rollup: dict[str, float] | None = None, *,
                years: list[int] | None = None, moves_path: str | Path | None = None,
                rollup_source: str | None = None) -> tuple[pd.DataFrame, Contract, dict[str, Contract], dict[str, Proposal]]:
    """Load and check what :func:`cost_files` costs: (roster, baseline, scenario -> contract, proposal texts).

    ``years`` are checked against the contract's period; ``moves_path`` (dated lane and step moves)
    is read and carried on the roster (:func:`costing.inputs.moves.attach_moves`).
    """
    baseline = with_rollup_rates(load_contract(contract_path), rollup or {}, rollup_source or str(contract_path))
    if years is not None:
        check_years(baseline, years, str(contract_path))
    proposals, texts = {}, {}
    for entry in proposal_paths:
        name, paths = (entry if isinstance(entry, tuple) else (Path(entry).stem, [entry]))
        if name in proposals or name == "baseline":
            raise InputError(str(paths[0]), None, f"two scenarios would be named {name!r}; rename one")
        contract = baseline
        for path in paths:
            texts[name if len(paths) == 1 else f"{name}/{Path(path).stem}"] = proposal = load_proposal(path)
            contract = apply_proposal(contract, proposal, switches, source=str(path))
        proposals[name] = contract
    check_switches(switches, texts.values(), "--switch")  # a scenario's switches were checked against its file already
    roster = load_roster(roster_path, baseline, needed_by={
        str(entry if isinstance(entry, str | Path) else entry[1][-1]): contract
        for entry, contract in zip(proposal_paths, proposals.values())})
    if moves_path is not None:
        roster = attach_moves(roster, read_moves(moves_path, roster, baseline))
    return roster, baseline, proposals, texts


def detail_frames(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                  options: Options = Options(), source: str | None = None) -> Iterator[pd.DataFrame]:
    """The long per-employee table of :func:`cost_scenarios` (``Costing.results``), one scenario
    and fiscal year at a time, in the same order.

    For writing a large roster's detail to a file without holding every scenario and year in
    memory at once (and without the summary's counterfactual projections and placements). The
    roster is encoded once for all of them.
    """
    years = sorted(years)
    first_lo, _ = d.fiscal_year_bounds(years[0], baseline.fiscal_year_start)
    options = Options(as_of=options.as_of or first_lo, proration=options.proration, freeze_steps=False)
    codes = encode_roster(roster)
    for name, contract in {"baseline": baseline, **proposals}.items():
        for fy in years:
            yield project(roster, contract, [fy], name, options, source, codes=codes)


def with_rollup_rates(contract: Contract, rates: dict[str, float], source: str) -> Contract:
    """The contract with roll-up rates replaced by a scenario's stated assumptions."""
    if not rates:
        return contract
    known = {r.name for r in contract.rollup}
    for name in rates:
        if name not in known:
            raise InputError(source, f"rollup {name}", f"the contract has no roll-up named {name!r}"
                             f" (it has {', '.join(sorted(known)) or 'none'})")
    from decimal import Decimal

    from ..inputs.models import DatedRate

    def fixed(rate: float) -> tuple[DatedRate, ...]:
        # written "x%" so that a small rate (0.45%) is taken as meant, not as a typo for 45%
        return (DatedRate(effective=dt.date(1900, 1, 1), rate=f"{Decimal(str(round(rate, 6)))}%", reference="assumption"),)

    items = tuple(r.model_copy(update={"rate": None, "values": fixed(rates[r.name])}) if r.name in rates else r
                  for r in contract.rollup)
    return contract.model_copy(update={"rollup": items})


__all__ = ["Costing", "cost_scenarios", "cost_files", "load_inputs", "detail_frames", "concat_results", "FAMILIES"]


def cost_scenario(path: str | Path):
    """Load a scenario file and cost it: (scenario, Costing)."""
    scenario = load_scenario(path)
    check_scenario(scenario, path)
    proposals = [str(resolve(path, e)) if isinstance(e, str) else (e.name, [str(resolve(path, p)) for p in e.apply])
                 for e in scenario.proposals]
    costing = cost_files(resolve(path, scenario.roster), resolve(path, scenario.contract), proposals,
                         scenario.fiscal_years(), scenario.switches, scenario.as_of, scenario.proration,
                         {k: float(v) for k, v in scenario.rollup.items()},
                         resolve(path, scenario.moves) if scenario.moves else None,
                         rollup_source=str(path))  # an unknown roll-up name is the scenario's mistake
    return scenario, costing
