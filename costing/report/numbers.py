"""``costing batch --numbers-only``: a scenario's costing as Parquet, without notebooks.

A state-wide run (a federation costing its locals, an agency costing every district) wants the
figures of thousands of scenarios, not thousands of PDFs. Costing is separable from rendering: this
writes, per scenario folder, ``figures.parquet`` (``costing project``'s columns, the API's
``figures``: one row per scenario and fiscal year and one over the term; rates are fractions) and
``components.parquet`` (long: one row per scenario, fiscal year and component, with its family), each led by ``district`` and ``folder`` columns so that every folder of a run can be
read as one table (``pandas.read_parquet`` on a list of files, or a pyarrow dataset). Only
aggregates are written, never an employee-level row, whatever the scenario's audience.
"""

from __future__ import annotations

from pathlib import Path

from ..output import atomic_directory
from . import manifest as mf

FILES = ("figures.parquet", "components.parquet", "manifest.json")


def write_numbers(scenario_path: Path, target: Path) -> tuple[str, tuple[str, ...]]:
    """Cost the scenario and publish its numbers folder atomically: (title, files)."""
    from ..engine.costing_run import cost_scenario
    from ..inputs.scenario import input_files

    started = mf.now()
    path = Path(scenario_path).resolve()
    scenario, costing = cost_scenario(path)
    inputs = mf.relative_inputs(mf.input_hashes(input_files(scenario, path)), path.parent)
    figures, components = numbers_tables(costing, scenario.district, Path(target).name)

    def builder(tmp: Path) -> None:
        figures.to_parquet(tmp / FILES[0], index=False)
        components.to_parquet(tmp / FILES[1], index=False)
        manifest = mf.build_manifest(kind="numbers", scenario=path.name, title=scenario.title,
                                     audience=scenario.audience, inputs=inputs,
                                     parameters={"years": scenario.years}, notebooks=[], files=list(FILES),
                                     started=started)
        mf.write_manifest(tmp / "manifest.json", manifest)

    atomic_directory(Path(target), builder)
    return scenario.title, FILES


def numbers_tables(costing, district: str, folder: str):
    """(figures, components): the wide per-year summary and the long component table."""
    lead = {"district": district, "folder": folder}
    figures = costing.figures
    components = costing.components   # long already: scenario, fiscal_year, family, component, amount
    return (figures.assign(**lead)[[*lead, *figures.columns]].reset_index(drop=True),
            components.assign(**lead)[[*lead, *components.columns]].reset_index(drop=True))

