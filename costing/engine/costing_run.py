"""Costing one or more proposals against the status quo on one roster: the figures of a report.

This is the one place that strings the core together (apply each proposal, project every
scenario, take the counterfactuals that separate step movement from raises, snapshot year-end
rates) so that the command line and every notebook get the same numbers. Its loading functions
(:func:`cost_inputs`, :func:`cost_scenario`, :func:`cost_files`, :func:`load_inputs`) are the
engine's only reading of files: what a scenario or the options name, read through
:mod:`costing.inputs` (one reading of a scenario, :class:`~costing.inputs.scenario.ScenarioInputs`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..inputs.cross_checks import check_end_reasons, check_moves
from ..inputs.loading import load_contract, load_proposal
from ..inputs.models import Contract, Proposal
from ..inputs.moves import attach_moves, read_moves
from ..inputs.roster import load_roster
from ..inputs.scenario import Scenario, ScenarioInputs, check_scenario, option_inputs, read_scenario
from . import dates as d
from . import measures
from .apply import apply_proposal
from .display import summary_html, summary_text
from .figures import component_totals
from .labels import scenario_label
from .projected import Projections, costing_options, project_scenarios
from .projection import Options, encode_roster, project_each_year
from .quoted import quoted_rates, scenario_texts
from .switched import switched_contract, switched_off


@dataclass(frozen=True)
class Costing:
    """Everything a report shows, for one roster, baseline and set of proposals."""

    years: list[int]
    projections: Projections        # what was projected (the long tables are built from it when asked for)
    measures: pd.DataFrame          # the figures frame: every figure, long (costing.engine.measures)
    contracts: dict[str, Contract]  # scenario -> contract in force (after applying)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    placements: Mapping[tuple[str, int], pd.DataFrame] = field(default_factory=dict)  # (scenario, FY) -> year-end
                                                                    # placement (each built when first read)
    options: Options = Options()
    roster: pd.DataFrame | None = None
    term: tuple[dt.date, dt.date] | None = None   # the contract term's first and last day, if stated
    switches: tuple[str, ...] = ()                # the contingent items switched on
    switched_off: tuple[str, ...] = ()            # the contract's own contingent items left out, in words

    @property
    def results(self) -> pd.DataFrame:
        """The long per-employee table, all scenarios (``costing project --detail``, the report), built
        when first asked for (:attr:`Projections.results <costing.engine.projected.Projections.results>`):
        the figures never need it."""
        return self.projections.results

    @property
    def priors(self) -> dict[str, pd.DataFrame]:
        """Scenario -> the long table of its own year before the first (when it could be costed)."""
        return self.projections.priors

    @functools.cached_property
    def components(self) -> pd.DataFrame:
        """Long: scenario, fiscal_year, family, component, amount (:func:`costing.engine.figures.component_totals`),
        summed when first asked for: ``costing project`` prints the figures alone, which never need it
        (it was 0.1 of the command's 2.2 CPU-seconds at 100,000 people)."""
        return component_totals(self.results, list(self.contracts))

    @functools.cached_property
    def figures(self) -> pd.DataFrame:
        """One row per scenario and fiscal year, then one over the term, one column per figure: selected
        from :attr:`measures` (:func:`costing.engine.measures.wide`), the columns ``costing project`` prints."""
        return measures.wide(self.measures, self.labels)

    @property
    def labels(self) -> dict[str, str]:
        """Scenario -> the name a reader sees ("Status quo", a proposal's label)."""
        return {name: scenario_label(name, self.proposals) for name in self.contracts}

    def __repr__(self) -> str:  # a short summary, not every DataFrame in full (see engine/display.py)
        return summary_text(self, "Costing")

    def _repr_html_(self) -> str:
        return summary_html(self, "Costing")


def cost_scenarios(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                   options: Options = Options(), source: str | None = None,
                   proposal_texts: dict[str, Proposal] | None = None, term: tuple[dt.date, dt.date] | None = None,
                   switches: tuple[str, ...] = (), switched_off: tuple[str, ...] = ()) -> Costing:
    """Project the baseline and every proposal (:func:`project_scenarios`) and derive every figure
    from what was projected, once, as the figures frame (:func:`costing.engine.measures.frame`).

    ``term``: the contract term's first and last day (figures "over the term" add its years only);
    ``switches``: the contingent items switched on (the quoted raises count only those; a text keyed
    "baseline" is the one a contract costed alone was made from, as the what-if page costs an edit);
    ``switched_off``: the contract's own contingent items left out (:mod:`costing.engine.switched`)."""
    projected = project_scenarios(roster, baseline, proposals, years, options, source)
    texts = proposal_texts or {}
    quoted = {(name, fy): rate for name in ("baseline", *proposals)
              for fy, rate in quoted_rates(scenario_texts(texts, name), switches, baseline.fiscal_year_start,
                                           [projected.years[0] - 1, *projected.years]).items()
              if scenario_texts(texts, name)}
    return Costing(years=projected.years, projections=projected,
                   measures=measures.frame(projected, term, quoted), contracts=projected.contracts, proposals=texts,
                   placements=projected.placements, options=projected.options, roster=roster,
                   term=term, switches=tuple(switches), switched_off=tuple(switched_off))


def cost_inputs(spec: ScenarioInputs) -> Costing:
    """Load, check and cost what a scenario (or a command's options) names: the one path from files.

    Every verb, the API and the notebooks reach here, through :func:`cost_scenario` (a scenario
    file, with options on top) or :func:`cost_files` (options alone), so a scenario's moves,
    roll-up rates, proration, switches and roster date count the same everywhere. Reading files
    is this module's only impure step (the engine's other modules compute from values)."""
    roster, baseline, proposals, texts = load_inputs(spec)
    term = spec.scenario.scope.term if spec.scenario is not None else None
    off = tuple(switched_off(load_contract(spec.contract), spec.all_switches))
    try:
        return cost_scenarios(roster, baseline, proposals, list(spec.years),
                              Options(as_of=spec.as_of, proration=spec.proration), source=str(spec.roster),
                              proposal_texts=texts, term=(term.start, term.end) if term is not None else None,
                              switches=spec.all_switches, switched_off=off)
    except InputError as exc:
        raise located(exc, spec) from None


def located(exc: InputError, spec: ScenarioInputs | None = None, contract: str | None = None,
            roster: str | None = None) -> InputError:
    """An error the engine raised without its file (it costs values, not files): a contract key
    (a missing premium, rate table, roll-up rate on a day) named with the contract file, a roster
    row with the roster file (those of ``spec``, or as given)."""
    contract = contract or (str(spec.contract) if spec is not None else None)
    roster = roster or (str(spec.roster) if spec is not None else None)
    if exc.source is None and contract and (exc.where or "").startswith("contract"):
        return exc.located(contract)
    if exc.source is None and roster and (exc.where or "").startswith("roster"):
        return exc.located(roster)
    return exc


def cost_scenario(path: str | Path, **options) -> tuple[Scenario, Costing]:
    """Read a scenario file and cost it: (scenario, Costing).

    ``options`` (``years``, ``switches``, ``as_of``, ``proration``, ``rollup``, ``roster``,
    ``contract``, ``proposals``, ``moves``) state something instead of the scenario, as the
    command line's options and :func:`costing.cost`'s arguments do
    (:meth:`~costing.inputs.scenario.ScenarioInputs.with_options`)."""
    spec = read_scenario(path).with_options(**options)
    return spec.scenario, cost_inputs(spec)


def cost_files(roster_path: str | Path, contract_path: str | Path, proposal_paths: list, years: list[int],
               switches: tuple[str, ...] = (), as_of: dt.date | None = None, proration: str | None = None,
               rollup: dict[str, float] | None = None, moves_path: str | Path | None = None) -> Costing:
    """Load, validate and cost files named one by one (the public API's and the options' path).

    Each entry of ``proposal_paths`` is a file (the scenario is named by its stem) or a
    ``(name, [files])`` pair applied in order as one scenario. ``rollup`` overrides roll-up
    rates by name (percent), in the baseline and every proposal alike. ``moves_path`` names a
    file of dated lane and step moves applied to every scenario (:mod:`costing.inputs.moves`).
    """
    return cost_inputs(option_inputs(roster_path, contract_path, proposal_paths, years, switches, as_of, proration,
                                     rollup, moves_path, options_are="api"))


def load_inputs(spec: ScenarioInputs) -> tuple[pd.DataFrame, Contract, dict[str, Contract], dict[str, Proposal]]:
    """Load and check what :func:`cost_inputs` costs: (roster, baseline, scenario -> contract, proposal texts).

    The years are checked against the contract's period and the switches against the proposals
    (each blamed on the scenario key or the option that stated it); moves are read, checked
    against the roster (:mod:`costing.inputs.cross_checks`) and carried on it."""
    baseline, proposals, texts = load_contracts(spec)
    roster = load_roster(spec.roster, baseline, needed_by={str(paths[-1]): proposals[name]
                                                           for name, paths in spec.proposals})
    check_end_reasons(roster, {str(spec.contract): baseline,
                               **{str(paths[-1]): proposals[name] for name, paths in spec.proposals}})
    if spec.moves is not None:
        moves = read_moves(spec.moves, roster, baseline)
        check_moves(moves, roster, str(spec.moves), roster_date(spec, baseline),
                    {s.name: tuple(s.steps) for s in baseline.schedules})
        roster = attach_moves(roster, moves)
    return roster, baseline, proposals, texts


def load_contracts(spec: ScenarioInputs) -> tuple[Contract, dict[str, Contract], dict[str, Proposal]]:
    """The contracts a scenario costs, without its roster: (baseline, scenario -> contract, proposal texts).

    The years and switches are checked (blamed on the scenario key or the option that stated them),
    the roll-up rates stated, each proposal (or package) applied in order. What a page built from the
    contract alone needs (the member page), and the first half of :func:`load_inputs`."""
    contract = load_contract(spec.contract)
    texts = {(name if len(paths) == 1 else f"{name}/{path.stem}"): load_proposal(path)
             for name, paths in spec.proposals for path in paths}
    check_scenario(spec, contract, texts.values())
    source, where = spec.blame("rollup")
    baseline = with_rollup_rates(contract, dict(spec.rollup), source or str(spec.contract), where)
    baseline = switched_contract(baseline, spec.all_switches)   # the contract's own assumptions switched on
    proposals: dict[str, Contract] = {}
    for name, paths in spec.proposals:
        if name in proposals or name == "baseline":
            blamed, key = spec.blame("proposals", "proposal")
            raise InputError(blamed, key, f"two scenarios would be named {name!r} ({', '.join(p.name for p in paths)});"
                             " rename a file or name the package differently")
        contract = baseline
        for path in paths:
            proposal = texts[name if len(paths) == 1 else f"{name}/{path.stem}"]
            contract = apply_proposal(contract, proposal, spec.all_switches, source=str(path))
        proposals[name] = contract
    return baseline, proposals, texts


def roster_date(spec: ScenarioInputs, baseline: Contract) -> dt.date:
    """The day the roster's steps are as of: the stated ``as_of``, else the first day of the first year."""
    return spec.as_of or d.fiscal_year_bounds(min(spec.years), baseline.fiscal_year_start)[0]


def detail_frames(roster: pd.DataFrame, baseline: Contract, proposals: dict[str, Contract], years: list[int],
                  options: Options = Options(), source: str | None = None,
                  contract_source: str | None = None) -> Iterator[pd.DataFrame]:
    """The long per-employee table of :func:`cost_scenarios` (``Costing.results``), one scenario
    and fiscal year at a time, in the same order.

    For writing a large roster's detail to a file without holding every scenario and year in
    memory at once (and without the summary's counterfactual projections and placements). The
    roster is encoded once for all of them.
    """
    years = sorted(years)
    options = costing_options(baseline, years, options)
    codes = encode_roster(roster)
    try:
        for name, contract in {"baseline": baseline, **proposals}.items():
            yield from project_each_year(roster, contract, years, name, options, source, codes=codes)
    except InputError as exc:  # ``contract_source``: the contract's file, for a missing value's error
        raise located(exc, contract=contract_source, roster=source) from None


def with_rollup_rates(contract: Contract, rates: dict[str, float], source: str, where: str = "rollup") -> Contract:
    """The contract with roll-up rates replaced by stated assumptions (a scenario's ``rollup:``, an option).

    ``source`` and ``where`` locate the rates for an error (the scenario file and its key)."""
    if not rates:
        return contract
    known = {r.name for r in contract.rollup}
    for name in rates:
        if name not in known:
            raise InputError(source, f"{where} {name}", f"the contract has no roll-up named {name!r}"
                             f" (it has {', '.join(sorted(known)) or 'none'})")
    from decimal import Decimal

    from ..inputs.models import DatedRate

    def fixed(rate: float) -> tuple[DatedRate, ...]:
        # written "x%" so that a small rate (0.45%) is taken as meant, not as a typo for 45%
        return (DatedRate(effective=dt.date(1900, 1, 1), rate=f"{Decimal(str(round(rate, 6)))}%", reference="assumption"),)

    items = tuple(r.model_copy(update={"rate": None, "values": fixed(rates[r.name])}) if r.name in rates else r
                  for r in contract.rollup)
    return contract.model_copy(update={"rollup": items})


__all__ = ["Costing", "cost_scenarios", "cost_inputs", "cost_scenario", "cost_files", "load_inputs", "load_contracts",
           "detail_frames"]
