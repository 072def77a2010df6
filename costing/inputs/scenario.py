"""A scenario file: everything one report is about, in one validated YAML.

It names the inputs (roster, contract, proposals), the years, the stated assumptions (roster
date, proration, roll-up rates, which contingent items are on), the audience and where the
report goes. Paths are relative to the scenario file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .loading import read_yaml, validate_model
from .models import Frozen, RollupPercent
from .parsing import parse_years


class Package(Frozen):
    """Several proposal files applied in order and costed as one scenario (e.g. all agreed items)."""

    name: str
    apply: tuple[str, ...] = Field(min_length=1)


class Term(Frozen):
    """The contract term the costing is read against (the agreement's own dates)."""

    start: dt.date
    end: dt.date


class Scope(Frozen):
    """Who prepared the costing, when, how final it is, and what it leaves out (page 1 of a report)."""

    prepared_by: str = ""
    prepared_on: dt.date | None = None
    status: Literal["draft", "final"] = "draft"
    term: Term | None = None
    window: str = Field("", description="why the fiscal years costed are these, against the contract term")
    excluded: tuple[str, ...] = Field((), description="what the costing does not include, one item each")


class Scenario(Frozen):
    title: str
    district: str = ""
    units: tuple[str, ...] = ()
    roster: str
    contract: str
    proposals: tuple[str | Package, ...] = ()
    years: str = Field(description="fiscal years, e.g. 2025-2027")
    as_of: dt.date | None = None
    proration: Literal["calendar_days", "school_year", "work_days", "pay_periods"] | None = None
    rollup: dict[str, RollupPercent] = {}
    switches: tuple[str, ...] = ()
    audience: Literal["public", "confidential"] = "public"
    output: str = "reports"
    notebooks: tuple[Literal["scenario_report", "board_brief", "compare_proposals", "negotiation"], ...] = ("scenario_report",)
    ledger: str | None = None
    rounds: str | None = Field(None, description="a negotiation's rounds file (costing.inputs.rounds), relative to this file")
    moves: str | None = Field(None, description="dated lane/step moves (employee_id, date, lane, step), relative to this file")
    notes: str = ""
    scope: Scope = Scope()

    @field_validator("years")
    @classmethod
    def _years(cls, value: str) -> str:
        parse_years(value)
        return value

    def fiscal_years(self) -> list[int]:
        return parse_years(self.years)

    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60] or "scenario"


def load_scenario(path: str | Path) -> Scenario:
    return validate_model(Scenario, read_yaml(Path(path)), str(path))


def resolve(scenario_path: str | Path, relative: str) -> Path:
    """A path named in a scenario file, relative to that file."""
    return (Path(scenario_path).parent / relative).resolve()


def check_scenario(scenario: Scenario, path: str | Path) -> None:
    """What only the scenario can be blamed for, named in the scenario file: its years against the
    contract's period and its switches against the proposals' contingent items."""
    from .checks import check_switches, check_years
    from .loading import load_contract, load_proposal

    contract_path = resolve(path, scenario.contract)
    check_years(load_contract(contract_path), scenario.fiscal_years(), str(path), "years", contract_path.name)
    proposals = [load_proposal(resolve(path, item)) for entry in scenario.proposals
                 for item in ([entry] if isinstance(entry, str) else entry.apply)]
    check_switches(scenario.switches, proposals, "switches", str(path))


def input_files(scenario: Scenario, path: str | Path) -> dict[str, Path]:
    """Every input file a scenario reads (for the manifest's sha256 and for skip-if-unchanged)."""
    from .loading import read_yaml

    files = {"scenario": Path(path).resolve(), "roster": resolve(path, scenario.roster),
             "contract": resolve(path, scenario.contract)}
    for entry in scenario.proposals:
        for item in ([entry] if isinstance(entry, str) else entry.apply):
            files[f"proposal:{item}"] = resolve(path, item)
    if scenario.ledger:
        files["ledger"] = resolve(path, scenario.ledger)
    if scenario.moves:
        files["moves"] = resolve(path, scenario.moves)
    if scenario.rounds:  # the rounds file and each round's proposals (costing.inputs.rounds)
        from .rounds import input_files as round_files
        from .rounds import load_rounds

        files.update(round_files(load_rounds(resolve(path, scenario.rounds)), resolve(path, scenario.rounds)))
    contract = files["contract"]
    for schedule in read_yaml(contract).get("schedules") or ():
        for table in (schedule or {}).get("tables") or ():
            if isinstance(table, dict) and table.get("file"):
                files[f"table:{table['file']}"] = (contract.parent / table["file"]).resolve()
    return files
