"""``costing.cost(...)``: cost a scenario in one call from a notebook, results as DataFrames.

The command line and the reports take files; an analyst in JupyterLab wants the same numbers in
three lines. :func:`cost` accepts what an analyst has at hand (a scenario file, or a roster, a
contract and one proposal or several), years written as people write them ("2025-2027", 2026, a
list), and returns a :class:`CostResult` whose ``.figures``, ``.measures``, ``.results`` and
``.components`` are DataFrames and which prints as a short summary (``repr`` and Jupyter's HTML display).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..inputs.loading import detect_kind
from ..inputs.parsing import parse_date, parse_years
from ..inputs.scenario import Scenario
from .costing_run import Costing, cost_files, cost_scenario
from .display import differences_table, summary_html, summary_text, totals_table

PathLike = str | Path


@dataclass(frozen=True, repr=False)
class CostResult:
    """One costing: the baseline and each proposal over the years asked, as DataFrames."""

    costing: Costing
    title: str
    scenario: Scenario | None = None

    @property
    def figures(self) -> pd.DataFrame:
        """``costing project``'s table: one row per scenario and fiscal year and one over the term (scenario,
        label, fiscal_year, period, in_term), total, every component family and the derived figures;
        rates are fractions (docs/api.md, "One table shape")."""
        return self.costing.figures

    @property
    def measures(self) -> pd.DataFrame:
        """The figures frame: every figure, long (scenario, fiscal_year, period, in_term, measure, convention,
        population, unit, value); ``figures`` is a selection of it. Select with
        :func:`costing.engine.measures.select`."""
        return self.costing.measures

    @property
    def results(self) -> pd.DataFrame:
        """The long table: scenario, fiscal year, employee, component, amount."""
        return self.costing.results

    @property
    def components(self) -> pd.DataFrame:
        """Long: scenario, fiscal_year, family, component, amount (every component of every year costed)."""
        return self.costing.components

    @property
    def years(self) -> list[int]:
        return self.costing.years

    @property
    def totals(self) -> pd.DataFrame:
        """Total cost per scenario and fiscal year, and over the term (the figures' key columns and ``total``)."""
        return totals_table(self.figures)

    @property
    def differences(self) -> pd.DataFrame:
        """Each proposal's total less the status quo's, per fiscal year and over the term, in dollars and
        as a fraction of the status quo's."""
        return differences_table(self.figures)

    def __repr__(self) -> str:
        return summary_text(self.costing, self.title)

    def _repr_html_(self) -> str:
        return summary_html(self.costing, self.title)


def as_years(years) -> list[int]:
    """'2025-2027', 'FY2026', 2026, [2025, 2026] or range(2025, 2028) -> a sorted list of fiscal years."""
    if isinstance(years, bool):
        raise InputError(None, "years", f"{years!r} is not a fiscal year")
    if isinstance(years, int):
        years = str(years)
    try:
        if isinstance(years, str):
            return parse_years(years)
        return sorted({parse_years(str(int(y)))[0] for y in years})
    except (ValueError, TypeError) as exc:
        raise InputError(None, "years", f"{years!r}: {exc}; expected e.g. \"2025-2027\", 2026 or [2025, 2026]") from None


def as_proposal_entries(proposals) -> list:
    """One path, a list of paths, or {name: path or [paths]} -> cost_files' entries (a folder: its *.yaml)."""
    if proposals is None:
        return []
    if isinstance(proposals, PathLike):
        path = Path(proposals)
        if path.is_dir():
            return [str(p) for p in sorted(path.glob("*.yaml"))]
        return [str(path)]
    if isinstance(proposals, Mapping):
        return [(str(name), [str(p) for p in ([paths] if isinstance(paths, PathLike) else paths)])
                for name, paths in proposals.items()]
    if isinstance(proposals, Iterable):
        out: list = []
        for item in proposals:
            out += as_proposal_entries(item) if isinstance(item, PathLike) else [item]
        return out
    raise InputError(None, "proposals", f"{proposals!r}: expected a path, a list of paths or a mapping of name to paths")


def cost(scenario: PathLike | Mapping | None = None, years=None, *, roster: PathLike | None = None,
         contract: PathLike | None = None, proposals=None, switches: Iterable[str] = (),
         as_of: dt.date | str | None = None, proration: str | None = None,
         rollup: Mapping[str, float] | None = None) -> CostResult:
    """Cost a scenario file, or a roster and contract with proposals, over fiscal years.

    ``cost("data/chelsea/scenario.yaml")`` takes everything from the scenario (``years`` overrides
    its years). ``cost(roster=..., contract=..., proposals=..., years="2025-2027")`` takes the files
    directly; the first argument may also be a mapping with those keys. ``proposals`` is one path,
    a list of paths (each its own scenario, named by file stem), or ``{name: [paths]}`` (applied in
    order as one scenario). Paths are relative to the working directory; a scenario's own paths are
    relative to the scenario file. A mistake in an input raises :class:`costing.InputError`.
    """
    if isinstance(scenario, Mapping):
        unknown = set(scenario) - {"roster", "contract", "proposals"}
        if unknown:
            raise InputError(None, None, f"unknown key(s) {sorted(unknown)}: expected roster, contract, proposals")
        roster, contract = scenario.get("roster", roster), scenario.get("contract", contract)
        proposals = scenario.get("proposals", proposals)
        scenario = None
    if isinstance(as_of, str):
        try:
            as_of = parse_date(as_of)   # 2024-07-01 or 7/1/2024, as every input reads a date
        except ValueError as exc:
            raise InputError(None, "as_of", str(exc)) from None
    if scenario is not None:
        return _cost_scenario(Path(scenario), years, switches, as_of, proration, rollup)
    if roster is None or contract is None:
        raise InputError(None, None, "give a scenario file, or roster= and contract= (and proposals=)")
    if years is None:
        raise InputError(None, "years", "give the fiscal years to cost, e.g. years=\"2025-2027\"")
    costing = cost_files(roster, contract, as_proposal_entries(proposals), as_years(years), tuple(switches),
                         as_of, proration, dict(rollup or {}))
    title = f"{Path(contract).name} with {Path(roster).name}"
    return CostResult(costing, title)


def _cost_scenario(path: Path, years, switches, as_of, proration, rollup) -> CostResult:
    if detect_kind(path) != "scenario":
        raise InputError(str(path), None, "is not a scenario file (it needs roster: and contract:); for a proposal,"
                         " use cost(roster=..., contract=..., proposals=...)")
    spec, costing = cost_scenario(path, years=as_years(years) if years is not None else None, switches=tuple(switches),
                                  as_of=as_of, proration=proration, rollup=rollup, options_are="api")
    return CostResult(costing, spec.title, spec)


__all__ = ["cost", "CostResult", "as_years"]
