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

import pandas as pd

from ..errors import InputError
from ..inputs.checks import check_switches, check_years
from ..inputs.loading import load_contract, load_proposal
from ..inputs.models import Contract, Proposal
from ..inputs.moves import attach_moves, read_moves
from ..inputs.roster import load_roster
from ..inputs.scenario import check_scenario, load_scenario, resolve
from .apply import apply_proposal
from .display import summary_html, summary_text
from .figures import FAMILIES, component_table, scenario_figures
from .projected import costing_options, project_scenarios
from .projection import Options, encode_roster, project_each_year


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


def cost_scenarios(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                   options: Options = Options(), source: str | None = None,
                   proposal_texts: dict[str, Proposal] | None = None) -> Costing:
    """Project the baseline and every proposal (:func:`project_scenarios`) and derive the report's
    figures from what was projected (:func:`costing.engine.figures.scenario_figures`)."""
    projected = project_scenarios(roster, baseline, proposals, years, options, source)
    return Costing(years=projected.years, results=projected.results, components=component_table(projected.results),
                   figures=scenario_figures(projected), contracts=projected.contracts, proposals=proposal_texts or {},
                   placements=projected.placements, options=projected.options, prior=projected.priors.get("baseline"),
                   roster=roster, priors=projected.priors)


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
    options = costing_options(baseline, years, options)
    codes = encode_roster(roster)
    for name, contract in {"baseline": baseline, **proposals}.items():
        yield from project_each_year(roster, contract, years, name, options, source, codes=codes)


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


__all__ = ["Costing", "cost_scenarios", "cost_files", "load_inputs", "detail_frames", "FAMILIES"]


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
