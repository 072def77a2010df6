"""Single-employee cases, one YAML file per mechanism, with hand-computed expectations.

Each file in tests/cases/ says in its header how its numbers were computed by hand; the test
projects the case and compares to the cent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from costing.engine.apply import apply_proposal
from costing.engine.projection import Options, project
from costing.inputs.moves import attach_moves

from .conftest import make_contract, make_proposal, make_roster

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    contract = make_contract(case["contract"])
    scenarios = {"baseline": contract}
    if "proposal" in case:
        scenarios["proposal"] = apply_proposal(contract, make_proposal(case["proposal"]))
    roster = make_roster(case["roster"], contract)
    if "moves" in case:
        roster = attach_moves(roster, pd.DataFrame(case["moves"]).assign(
            date=lambda f: pd.to_datetime(f["date"]).astype("datetime64[s]"),
            **{c: (lambda f, c=c: f[c] if c in f else "") for c in ("lane", "step")}))
    options = Options(as_of=case.get("as_of"))
    for scenario, expectations in case["expect"].items():
        result = project(roster, scenarios[scenario], case["years"], scenario, options)
        for e in expectations:
            got = result[(result.fiscal_year == e["fiscal_year"]) & (result.employee_id == e["employee_id"])
                         & (result.component == e["component"])]["amount"].sum()
            assert round(got, 2) == pytest.approx(e["amount"], abs=0.001), (scenario, e)


def test_cases_exist_for_every_mechanism() -> None:
    names = {p.stem for p in CASES}
    assert {"mid_year_raise", "anniversary_moved", "longevity_threshold", "hold_harmless", "entry_step_drop",
            "prorated_stipend", "one_time_payment", "hourly_differential", "retro_pay"} <= names
