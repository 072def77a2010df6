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

import datetime as dt
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


def test_paid_days_for_one_unit_do_not_need_a_daily_rate_elsewhere() -> None:
    # Engine fix found by the Belmont audit: paid days selected to Unit D (hourly, 6.5 h a day) must not
    # require a days_per_year on Unit A's annual schedule, which they never price. Aide: 8 days x 6.5 h x
    # $27.06 = 1,407.12; the teacher gets nothing and raises no error.
    from .conftest import make_contract, make_proposal

    contract = make_contract({"name": "c", "units": ["A", "D"], "schedules": [
        {"name": "a", "unit": "A", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
         "tables": [{"effective": "2024-07-01", "rates": {"L": {"1": 100000}}}]},
        {"name": "d", "unit": "D", "rate_unit": "hourly", "work_year": {"hours_per_day": 6.5, "days_per_year": 180},
         "lanes": ["L"], "steps": ["1"], "tables": [{"effective": "2024-07-01", "rates": {"L": {"1": 27.06}}}]}]})
    holidays = make_proposal({"title": "t", "changes": [
        {"op": "add_paid_days", "name": "h", "effective": "2025-11-27", "days": 8, "units": ["D"]}]})
    roster = make_roster([
        {"employee_id": "T", "unit": "A", "schedule": "a", "lane": "L", "step": "1", "fte": "1", "seniority_date": "2010-09-01"},
        {"employee_id": "D", "unit": "D", "schedule": "d", "lane": "L", "step": "1", "fte": "1", "seniority_date": "2010-09-01"},
    ], contract)
    result = project(roster, apply_proposal(contract, holidays), [2026], "p", Options(as_of=dt.date(2025, 7, 1)))
    paid = result[result.component == "extra_pay:h"].set_index("employee_id")["amount"]
    assert round(float(paid.get("D", 0)), 2) == 1407.12
    assert round(float(paid.get("T", 0)), 2) == 0


def test_bridge_counts_extra_pay_and_benefits() -> None:
    # Engine fix found by the Newton audit (its compare report failed): the negotiator's bridge left out the
    # extra_pay and benefit families, so its parts did not add up when a proposal added paid days or
    # premiums. One employee, $40,000 over 200 days (a day = 200.00), enrolled HMO individual at
    # $1,000 a month, employer 100%. Side A adds a paid day on 1/15/2025 (+200.00 extra pay, +2.90
    # Medicare) and raises the premium to $1,100 from 7/1/2024 (+100 x 12 = 1,200.00): 1,402.90 in FY2025.
    from costing.negotiate.bridge import Side, bridge

    from .conftest import make_contract, make_proposal

    contract = make_contract({"name": "c", "units": ["u"], "schedules": [
        {"name": "s", "unit": "u", "rate_unit": "annual", "work_year": {"days_per_year": 200}, "lanes": ["L"],
         "steps": ["1"], "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000}}}]}],
        "benefits": [{"name": "health", "column": "health_plan", "basis": "monthly", "proration": "months",
                      "plans": {"HMO": [{"effective": "2020-07-01", "rates": {"individual": 1000}}]},
                      "employer_share": [{"effective": "2020-07-01", "percent": 100}]}],
        "rollup": [{"name": "medicare", "rate": 1.45, "applies_to": ["base", "extra_pay"]}]})
    side_a = apply_proposal(contract, make_proposal({"title": "A", "changes": [
        {"op": "add_paid_days", "effective": "2025-01-15", "name": "holiday", "days": 1},
        {"op": "set_premium", "effective": "2024-07-01", "name": "health", "plan": "HMO", "rates": {"individual": 1100}}]}))
    roster = make_roster([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                           "seniority_date": "2015-01-01", "health_plan": "HMO:individual"}], contract)
    options = Options(as_of=dt.date(2024, 7, 1))
    table = bridge(Side("A", roster, side_a, options), Side("B", roster, contract, options), [2025]).set_index("part")
    assert table.at["extra_pay", "FY2025"] == pytest.approx(200.00, abs=0.001)
    assert table.at["benefit", "FY2025"] == pytest.approx(1200.00, abs=0.001)
    assert table.at["rollup", "FY2025"] == pytest.approx(2.90, abs=0.001)
    assert table.at["difference", "FY2025"] == pytest.approx(1402.90, abs=0.001)
