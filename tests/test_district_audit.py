"""District audits: constructed employees costed through the BUNDLED contract and proposal files.

Each ``tests/cases/district_<name>*.yaml`` names a bundled contract (``contract_file``) and the
bundled proposal files of each scenario, relative to the repository root, and lists constructed
employees with amounts computed by hand from the source document (the arithmetic is in each
file's header). The files are read with the same loaders ``costing project`` uses, so an edit to
a bundled file that changes how an item is costed fails here unless the hand figures agree.

A scenario is either a list of proposal files (applied in order, no switches) or
``{apply: [files], switches: [names]}``. Expectations are ``{fiscal_year, employee_id,
component, amount}``; a cost line's component is ``line:<name>`` with employee id ``""``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from costing.engine.apply import apply_proposal
from costing.engine.projection import Options, project
from costing.inputs.loading import load_contract, load_proposal

from .conftest import ROOT, make_roster

CASES = sorted((Path(__file__).parent / "cases").glob("district_*.yaml"))


def _scenario(contract, spec) -> object:
    files, switches = (spec, []) if isinstance(spec, list) else (spec["apply"], spec.get("switches", []))
    for file in files:
        contract = apply_proposal(contract, load_proposal(ROOT / file), switches)
    return contract


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_district_audit(path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    contract = load_contract(ROOT / case["contract_file"])
    scenarios = {"baseline": contract}
    scenarios.update({name: _scenario(contract, spec) for name, spec in case.get("proposals", {}).items()})
    roster = make_roster(case["roster"], contract)
    options = Options(as_of=case["as_of"])
    checked = 0
    for name, expectations in case["expect"].items():
        result = project(roster, scenarios[name], case["years"], name, options)
        for e in expectations:
            hit = result[(result.fiscal_year == e["fiscal_year"]) & (result.component == e["component"])]
            if e.get("employee_id", ""):
                hit = hit[hit.employee_id == e["employee_id"]]
            got = round(float(hit["amount"].sum()), 2)
            assert got == pytest.approx(e["amount"], abs=0.001), (name, e, got)
            checked += 1
    assert checked >= 9


def test_every_district_has_an_audit() -> None:
    names = {p.stem for p in CASES}
    for district in ("chelsea", "new_bedford", "newton", "boston", "belmont"):
        assert any(n.startswith(f"district_{district}") for n in names), district
