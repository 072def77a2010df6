"""Comparables: peer districts' pay for the cells a committee benchmarks, as one validated YAML file.

Committees set their grid beside the neighbours' (Newton's step 1 and top step against nine districts;
a named cell charted across peers). A comparables file lists peer rates, each as the peer's own grid
names it (district, schedule, lane, step), for a fiscal year, in a unit (hourly, daily, annual), with
its source, and says which of the scenario's **benchmark cells** it compares with. The scenario names
the file and chooses the benchmark cells (``comparables:`` with ``file:`` and ``benchmarks:``: entry, a
middle step, the top of each main lane), and the report places each benchmark, before and after the
proposal, among the peers with its rank (:mod:`costing.negotiate.comparables`).

A rate is only as good as its source: every rate names one, and its ``status`` says whether it is
``stated`` by a published grid or report (cite it), ``assumed`` (a reading the source does not fix, such
as the fiscal year of a reported figure) or ``illustrative`` (invented to show the method, said so on
every table). Format: docs/reports.md, "Comparables".
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from ..errors import InputError
from .loading import read_yaml, validate_model
from .models import Contract, Frozen, Rate, StepLabel
from .models.base import Status

RATE_UNITS = ("hourly", "daily", "annual")
RateUnit = Literal["hourly", "daily", "annual"]
UNIT_WORDS = {"hourly": "an hour", "daily": "a day", "annual": "a year"}


class PeerRate(Frozen):
    """One peer district's rate for one cell of its own grid, in one fiscal year."""

    district: str = Field(min_length=1, description="the peer district, e.g. Lynn")
    schedule: str = Field(min_length=1, description="the peer's schedule or unit, as the peer names it")
    lane: str = Field(min_length=1, description="the peer's lane or column, as the peer names it")
    step: StepLabel = Field(description="the peer's step, as the peer names it ('top' for the top step)")
    fiscal_year: int = Field(ge=1990, le=2100, description="the fiscal year the rate is paid in (FY2025 = 2024-25)")
    rate: Rate
    unit: RateUnit
    compares_with: str = Field(min_length=1, description="the name of the scenario's benchmark cell it stands beside")
    source: str = Field(description="where the rate is published: a grid or a report, by title and date or link")
    status: Status = "stated"
    note: str = ""

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value):
        if value not in RATE_UNITS:
            raise ValueError(f"unknown unit {value!r}: use {', '.join(RATE_UNITS)}")
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a rate needs its source: the published grid or report it comes from (title, date, link);"
                             " an invented rate says status: illustrative and why")
        return value


class Comparables(Frozen):
    """Peer rates for a district's benchmark cells."""

    title: str = Field(min_length=1)
    district: str = Field("", description="the district the peers are compared with")
    note: str = ""
    peers: tuple[PeerRate, ...] = Field(min_length=1, max_length=2000)


class Benchmark(Frozen):
    """A cell of the district's grid that the report places among the peers (chosen in the scenario)."""

    name: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$",
                      description="what the comparables file's compares_with names, e.g. entry, top_ma")
    label: str = Field(min_length=1, max_length=60, description="a human label for tables: 'Entry (BA step 1)'")
    schedule: str
    lane: str
    step: StepLabel


class ComparablesChoice(Frozen):
    """A scenario's ``comparables:`` block: the file and the benchmark cells."""

    file: str = Field(min_length=1, description="the comparables file, relative to the scenario")
    benchmarks: tuple[Benchmark, ...] = Field(min_length=1, max_length=40)


def scenario_comparables(scenario_path: str | Path, choice: ComparablesChoice | None, contract: Contract,
                         years: list[int]) -> Comparables | None:
    """The scenario's comparables file, loaded and checked against its benchmarks and contract (None: none named)."""
    if choice is None:
        return None
    path = (Path(scenario_path).parent / choice.file).resolve()
    comparables = load_comparables(path)
    check_comparables(comparables, choice, contract, years, str(path), str(scenario_path))
    return comparables


def load_comparables(path: str | Path) -> Comparables:
    """A validated comparables file (one line naming the file, the row and what is wrong otherwise)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), None, "file not found")
    return validate_model(Comparables, read_yaml(path), str(path))


def check_comparables(comparables: Comparables, choice: ComparablesChoice, contract: Contract, years: list[int],
                      source: str, scenario: str) -> None:
    """What only the scenario and its contract can say: each benchmark is a cell of the contract, named once,
    and each peer rate compares with a benchmark, in a unit the benchmark's schedule can be stated in, in a
    fiscal year the scenario shows (the years costed and the year before)."""
    names: dict[str, Benchmark] = {}
    for i, bench in enumerate(choice.benchmarks, start=1):
        where = f"comparables.benchmarks[{i}]"
        if bench.name in names:
            raise InputError(scenario, where, f"{bench.name!r} names two benchmark cells; give each its own name")
        try:
            schedule = contract.schedule(bench.schedule)
        except KeyError:
            raise InputError(scenario, where, f"{bench.schedule!r} is not a schedule of the contract (it has"
                             f" {', '.join(s.name for s in contract.schedules)})") from None
        unknown = schedule.unknown_cell({bench.lane: (bench.step,)})
        if unknown:
            raise InputError(scenario, where, f"schedule {bench.schedule}: {unknown}")
        names[bench.name] = bench
    for i, peer in enumerate(comparables.peers, start=1):
        where = f"peers[{i}] ({peer.district})"
        bench = names.get(peer.compares_with)
        if bench is None:
            raise InputError(source, where, f"compares_with {peer.compares_with!r} is not a benchmark cell of the scenario"
                             f" (it has {', '.join(names)})")
        first, last = min(years) - 1, max(years)
        if not first <= peer.fiscal_year <= last:
            raise InputError(source, where, f"fiscal_year {peer.fiscal_year} is outside the years the scenario shows"
                             f" (FY{first}-FY{last}: the years costed and the year before)")
        rate_unit = contract.schedule(bench.schedule).rate_unit
        if peer.unit != rate_unit and peer.unit != "annual":
            raise InputError(source, where, f"unit {peer.unit}: benchmark {bench.name} is on a {rate_unit} schedule;"
                             f" give the peer's rate {UNIT_WORDS[rate_unit]}, or its annual pay (unit: annual)")


__all__ = ["PeerRate", "Comparables", "Benchmark", "ComparablesChoice", "load_comparables", "check_comparables",
           "scenario_comparables",
           "RATE_UNITS", "UNIT_WORDS"]
