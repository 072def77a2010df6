"""A scenario file: everything one report is about, in one validated YAML.

It names the inputs (roster, contract, proposals), the years, the stated assumptions (roster
date, proration, roll-up rates, which contingent items are on), the audience and where the
report goes. Paths are relative to the scenario file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..errors import InputError
from .comparables import ComparablesChoice
from .costed_years import FiscalYears, StatesFiscalYears
from .loading import read_yaml, validate_model
from .models import Date, Frozen, RollupPercent
from .vocabulary import DEFAULT_NOTEBOOKS, NotebookName, ProrationName


class Package(Frozen):
    """Several proposal files applied in order and costed as one scenario (e.g. all agreed items)."""

    name: str
    apply: tuple[str, ...] = Field(min_length=1)


class Term(Frozen):
    """The contract term the costing is read against (the agreement's own dates)."""

    start: Date
    end: Date


class Scope(Frozen):
    """Who prepared the costing, when, how final it is, and what it leaves out (page 1 of a report)."""

    prepared_by: str = ""
    prepared_on: Date | None = None
    status: Literal["draft", "final"] = "draft"
    term: Term | None = None
    window: str = Field("", description="why the fiscal years costed are these, against the contract term")
    excluded: tuple[str, ...] = Field((), description="what the costing does not include, one item each")


class Scenario(Frozen, StatesFiscalYears):
    title: str
    district: str = ""
    units: tuple[str, ...] = ()
    roster: str
    contract: str
    proposals: tuple[str | Package, ...] = ()
    years: FiscalYears
    as_of: Date | None = None
    proration: ProrationName | None = None
    rollup: dict[str, RollupPercent] = {}
    switches: tuple[str, ...] = ()
    audience: Literal["public", "confidential"] = "public"
    output: str = "reports"
    notebooks: tuple[NotebookName, ...] = DEFAULT_NOTEBOOKS
    ledger: str | None = None
    rounds: str | None = Field(None, description="a negotiation's rounds file (costing.inputs.rounds), relative to this file")
    moves: str | None = Field(None, description="dated lane/step moves (employee_id, date, lane, step), relative to this file")
    comparables: ComparablesChoice | None = Field(None, description="peer districts' rates and the benchmark cells"
                                                  " the report places among them (costing.inputs.comparables)")
    notes: str = ""
    scope: Scope = Scope()


def load_scenario(path: str | Path) -> Scenario:
    return validate_model(Scenario, read_yaml(Path(path)), str(path))


def resolve(scenario_path: str | Path, relative: str) -> Path:
    """A path named in a scenario file, relative to that file."""
    return (Path(scenario_path).parent / relative).resolve()


# ------------------------------------------------------------------ one reading of a scenario


ProposalEntry = tuple[str, tuple[Path, ...]]
"""A scenario costed for a proposal: its name and the files applied in order (one for a proposal file,
named by its stem; several for a package, named by the package)."""


@dataclass(frozen=True)
class ScenarioInputs:
    """What a costing costs, every path resolved: the one reading of a scenario file.

    Every verb and the API cost a scenario through this value (:func:`read_scenario`, then
    :func:`costing.engine.costing_run.cost_inputs`), so a scenario's moves, roll-up rates,
    proration, switches and roster date mean the same thing everywhere. Options given beside a
    scenario (``--years``, ``--switch``, ``years=`` in the API...) are applied with
    :meth:`with_options`; ``given`` remembers which, so that a mistake is blamed on what the user
    wrote: the scenario file and its key, or the option.
    """

    path: Path | None                   # the scenario file (None: everything came from options)
    roster: Path
    contract: Path
    proposals: tuple[ProposalEntry, ...]
    years: tuple[int, ...]
    switches: tuple[str, ...] = ()      # the scenario's own
    extra_switches: tuple[str, ...] = ()  # turned on by an option, on top of the scenario's
    as_of: dt.date | None = None
    proration: str | None = None
    rollup: tuple[tuple[str, float], ...] = ()
    moves: Path | None = None
    ledger: Path | None = None
    rounds: Path | None = None          # a negotiation's rounds file (costing.inputs.rounds)
    scenario: Scenario | None = None
    given: frozenset[str] = frozenset()   # keys that came from options, not from the scenario file
    options_are: str = "command line"     # or "api": how an option is named in a message

    @property
    def all_switches(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.switches, *self.extra_switches)))

    def blame(self, key: str, option: str | None = None) -> tuple[str | None, str]:
        """(file, where) for a mistake in ``key``: the scenario file and its key, or the option
        that stated it (``option``: the command-line option's name when it differs from the key)."""
        if self.path is None or key in self.given:
            return None, self.option(key, option)
        return str(self.path), key

    def option(self, key: str, option: str | None = None) -> str:
        """An option as the user wrote it: ``--as-of`` on the command line, ``as_of`` in the API."""
        if self.options_are == "command line":
            return f"--{(option or key).replace('_', '-')}"
        return key

    def proposal_files(self) -> list[Path]:
        return [p for _, paths in self.proposals for p in paths]

    def files(self) -> dict[str, Path]:
        """Every input file the costing reads (for manifests, skip-if-unchanged and the write guard)."""
        files = {"scenario": Path(self.path).resolve()} if self.path is not None else {}
        files.update({"roster": self.roster, "contract": self.contract})
        for _, paths in self.proposals:
            for item in paths:
                files[f"proposal:{self._named(item)}"] = item
        if self.ledger:
            files["ledger"] = self.ledger
        if self.moves:
            files["moves"] = self.moves
        if self.scenario is not None and self.scenario.comparables is not None and self.path is not None:
            files["comparables"] = resolve(self.path, self.scenario.comparables.file)
        if self.rounds:  # the rounds file and each round's proposals (costing.inputs.rounds)
            from .rounds import input_files as round_files
            from .rounds import load_rounds

            files.update(round_files(load_rounds(self.rounds), self.rounds))
        files.update(contract_files(self.contract))
        return files

    def _named(self, path: Path) -> str:
        """A proposal file as the scenario names it (its manifest label): relative to the scenario."""
        if self.scenario is not None:
            for entry in self.scenario.proposals:
                for item in ([entry] if isinstance(entry, str) else entry.apply):
                    if resolve(self.path, item) == path:
                        return item
        return str(path)

    def with_options(self, *, roster=None, contract=None, proposals=None, years=None, switches=(), as_of=None,
                     proration=None, rollup=None, moves=None, options_are: str | None = None) -> ScenarioInputs:
        """The same scenario with what options state instead: paths relative to the working folder;
        ``switches`` are added to the scenario's, ``rollup`` rates replace the scenario's by name."""
        changes: dict = {}
        if roster is not None:
            changes["roster"] = Path(roster).resolve()
        if contract is not None:
            changes["contract"] = Path(contract).resolve()
        if proposals:
            changes["proposals"] = proposal_entries(proposals)
        if years is not None:
            changes["years"] = tuple(years)
        if switches:
            changes["extra_switches"] = tuple(switches)
        if as_of is not None:
            changes["as_of"] = as_of
        if proration is not None:
            changes["proration"] = proration
        if rollup:
            changes["rollup"] = tuple({**dict(self.rollup), **{k: float(v) for k, v in rollup.items()}}.items())
        if moves is not None:
            changes["moves"] = Path(moves).resolve()
        given = set(changes) | ({"switches"} if switches else set())
        return replace(self, **changes, given=self.given | given, options_are=options_are or self.options_are)


def proposal_entries(entries) -> tuple[ProposalEntry, ...]:
    """Proposal files as options and the API give them (a path, or ``(name, [paths])``) -> named entries."""
    out = []
    for entry in entries:
        if isinstance(entry, tuple | list) and len(entry) == 2 and not isinstance(entry[1], str | Path):
            name, paths = entry
            out.append((str(name), tuple(Path(p).resolve() for p in paths)))
        else:
            out.append((Path(entry).stem, (Path(entry).resolve(),)))
    return tuple(out)


def read_scenario(path: str | Path) -> ScenarioInputs:
    """Read a scenario file into :class:`ScenarioInputs`; every file it names must exist.

    A missing file is one line naming the scenario, the key and what was written there
    (``d/scenario.yaml: moves: moves_2025.csv: file not found``)."""
    scenario = load_scenario(path)
    named = [("roster", scenario.roster), ("contract", scenario.contract)]
    for i, entry in enumerate(scenario.proposals, start=1):
        named += [(f"proposals[{i}]", item) for item in ([entry] if isinstance(entry, str) else entry.apply)]
    named += [(key, getattr(scenario, key)) for key in ("moves", "ledger", "rounds") if getattr(scenario, key)]
    if scenario.comparables is not None:
        named.append(("comparables.file", scenario.comparables.file))
    for key, value in named:
        if not resolve(path, value).is_file():
            raise InputError(str(path), key, f"{value}: file not found")
    return scenario_inputs(scenario, path)


def scenario_inputs(scenario: Scenario, path: str | Path) -> ScenarioInputs:
    """A loaded scenario's :class:`ScenarioInputs` (its paths resolved, not checked: see :func:`read_scenario`)."""
    entries = tuple((Path(e).stem if isinstance(e, str) else e.name,
                     tuple(resolve(path, item) for item in ([e] if isinstance(e, str) else e.apply)))
                    for e in scenario.proposals)
    return ScenarioInputs(
        path=Path(path), roster=resolve(path, scenario.roster), contract=resolve(path, scenario.contract),
        proposals=entries, years=tuple(scenario.fiscal_years()), switches=scenario.switches,
        as_of=scenario.as_of, proration=scenario.proration,
        rollup=tuple((k, float(v)) for k, v in scenario.rollup.items()),
        moves=resolve(path, scenario.moves) if scenario.moves else None,
        ledger=resolve(path, scenario.ledger) if scenario.ledger else None,
        rounds=resolve(path, scenario.rounds) if scenario.rounds else None, scenario=scenario)


def option_inputs(roster, contract, proposals, years, switches=(), as_of=None, proration=None, rollup=None,
                  moves=None, options_are: str = "command line") -> ScenarioInputs:
    """:class:`ScenarioInputs` from command-line options or API arguments alone (no scenario file)."""
    return ScenarioInputs(
        path=None, roster=Path(roster).resolve(), contract=Path(contract).resolve(),
        proposals=proposal_entries(proposals or ()), years=tuple(years), extra_switches=tuple(switches),
        as_of=as_of, proration=proration, rollup=tuple((k, float(v)) for k, v in (rollup or {}).items()),
        moves=Path(moves).resolve() if moves is not None else None,
        given=frozenset({"roster", "contract", "proposals", "years", "switches", "as_of", "proration", "rollup",
                         "moves"}), options_are=options_are)


def contract_files(contract: Path) -> dict[str, Path]:
    """The rate-table files a contract names (``table:<file>`` -> path), read without validating it."""
    from .loading import read_yaml

    files = {}
    try:
        schedules = read_yaml(contract).get("schedules") or ()
    except InputError:
        return files
    for schedule in schedules if isinstance(schedules, list) else ():
        for table in (schedule or {}).get("tables") or () if isinstance(schedule, dict) else ():
            if isinstance(table, dict) and table.get("file"):
                files[f"table:{table['file']}"] = (contract.parent / table["file"]).resolve()
    return files


def check_scenario(spec: ScenarioInputs, contract, proposals) -> None:
    """What only the scenario (or the option that stated it) can be blamed for, named there: its
    years against the contract's period, its switches against the proposals' contingent items."""
    from .checks import check_switches, check_years

    proposals = list(proposals)
    source, where = spec.blame("years")
    check_years(contract, spec.years, source, where, spec.contract.name)
    own = [item.contingent for item in (*contract.rollup, *contract.benefits) if item.contingent]   # the contract's own
    if spec.switches:
        check_switches(spec.switches, proposals, "switches", str(spec.path), own)
    check_switches(spec.extra_switches, proposals, spec.option("switches", "switch"), None, own)


def input_files(scenario: Scenario, path: str | Path) -> dict[str, Path]:
    """Every input file a scenario reads (for the manifest's sha256 and for skip-if-unchanged).

    Unlike :func:`read_scenario` it does not require the files to exist: a report's manifest check
    compares what is there."""
    return scenario_inputs(scenario, path).files()
