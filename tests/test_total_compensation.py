"""Total compensation and eligibility as data (issue 11): bad input, identities, the command line.

The costed amounts are pinned by the hand-computed cases in tests/cases/ (benefits_*,
service_tiers, retro_any_of_retiree, part_timer_no_step, paid_day, cost_line_escalation_and_cap,
lane_change); this file checks what surrounds them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from costing.cli import main
from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.projection import project
from costing.errors import InputError
from costing.inputs.loading import validate_model
from costing.inputs.models import Contract
from costing.inputs.moves import read_moves
from costing.inputs.roster import check_roster
from costing.inputs.vocabulary import BENEFIT_FAMILIES, FAMILIES, SALARY_FAMILIES

from .conftest import make_contract, make_proposal, make_roster

CASES = Path(__file__).parent / "cases"


def case(name: str) -> dict:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text())


def test_unknown_plan_in_the_roster_names_the_row() -> None:
    data = case("benefits_premium_and_share")
    contract = make_contract(data["contract"])
    rows = [data["roster"][0], dict(data["roster"][1], health="PPO:family")]
    raw = pd.DataFrame([{k: str(v) for k, v in r.items()} for r in rows])
    with pytest.raises(InputError) as err:
        check_roster(raw, contract, "roster.csv")  # validate and every verb check rosters this way
    message = str(err.value)
    assert "roster.csv" in message and "row 3" in message and "PPO" in message and "HMO" in message
    raw.loc[1, "health"] = "HMO:couple"
    with pytest.raises(InputError, match="no tier 'couple'"):
        check_roster(raw, contract, "roster.csv")
    with pytest.raises(InputError, match="needs roster column 'health'"):
        check_roster(raw.drop(columns="health"), contract, "roster.csv")


def test_employer_share_over_100_is_refused() -> None:
    data = case("benefits_premium_and_share")
    data["contract"]["benefits"][0]["employer_share"] = [{"effective": "2024-07-01", "percent": 120}]
    with pytest.raises(InputError) as err:
        validate_model(Contract, data["contract"], "contract.yaml")
    assert "contract.yaml" in str(err.value) and "120" in str(err.value) and "100%" in str(err.value)


def test_proposal_naming_an_unknown_plan_is_refused() -> None:
    data = case("benefits_premium_and_share")
    contract = make_contract(data["contract"])
    proposal = make_proposal({"title": "x", "changes": [
        {"op": "set_premium", "effective": "2025-01-01", "name": "health", "plan": "PPO", "rates": {"family": 1}}]})
    with pytest.raises(InputError) as err:
        apply_proposal(contract, proposal, source="p.yaml")
    assert "p.yaml" in str(err.value) and "changes[1]" in str(err.value) and "PPO" in str(err.value)


def test_eligibility_rule_naming_an_unknown_column() -> None:
    data = case("service_tiers")
    contract = make_contract(data["contract"])
    proposal = make_proposal({"title": "x", "changes": [
        {"op": "set_stipend", "effective": "2024-07-01", "name": "st", "kind": "annual", "amount": 100,
         "eligible": {"all_of": [{"column": {"column": "certified", "values": ["1"]}}]}}]})
    roster = make_roster(data["roster"], contract)
    with pytest.raises(InputError) as err:
        project(roster, apply_proposal(contract, proposal), [2025], source="roster.csv")
    assert "certified" in str(err.value) and "stipend st" in str(err.value) and "roster.csv" in str(err.value)


def test_moves_file_naming_an_unknown_employee(tmp_path: Path) -> None:
    data = case("lane_change")
    contract = make_contract(data["contract"])
    roster = make_roster(data["roster"], contract)
    moves = tmp_path / "moves.csv"
    moves.write_text("employee_id,date,lane\nE1,2025-02-01,MA\nX9,2025-03-01,MA\n")
    with pytest.raises(InputError) as err:
        read_moves(moves, roster, contract)
    assert str(moves) in str(err.value) and "row 3" in str(err.value) and "X9" in str(err.value)
    moves.write_text("employee_id,date,lane\nE1,2025-02-01,PhD\n")
    with pytest.raises(InputError, match="PhD"):
        read_moves(moves, roster, contract)


def test_eligibility_rule_needs_exactly_one_condition() -> None:
    data = case("service_tiers")
    with pytest.raises(InputError, match="exactly one"):
        make_proposal({"title": "x", "changes": [
            {"op": "set_stipend", "effective": "2024-07-01", "name": "st", "kind": "annual", "amount": 100,
             "eligible": {"all_of": [{"min_fte": 1, "employed_on": "2024-07-01"}]}}]})
    assert data  # the case file itself still loads


def test_identities_hold_with_benefits_and_extra_pay() -> None:
    """An empty proposal costs exactly the baseline; families add up to the total; salary + benefits +
    other costs = total."""
    data = case("benefits_new_positions")
    contract = make_contract(data["contract"])
    roster = make_roster(data["roster"] * 1, contract)
    empty = apply_proposal(contract, make_proposal({"title": "nothing"}))
    a = project(roster, contract, [2025, 2026], "baseline")
    b = project(roster, empty, [2025, 2026], "baseline")
    pd.testing.assert_frame_equal(a, b)
    withpos = apply_proposal(contract, make_proposal(data["proposal"]))
    table = cost_scenarios(roster, contract, {"proposal": withpos}, [2025, 2026]).figures
    assert (table[list(FAMILIES)].sum(axis=1).round(2) == table["total"]).all()
    assert ((table["salary"] + table["benefits"] + table["other_costs"]).round(2) == table["total"]).all()
    proposal_2025 = table[(table.scenario == "proposal") & (table.fiscal_year == 2025)].iloc[0]
    assert proposal_2025["benefit"] == pytest.approx(2 * 11400.00)
    assert set(SALARY_FAMILIES).isdisjoint(BENEFIT_FAMILIES)


def test_project_shows_salary_and_benefits(tmp_path: Path) -> None:
    data = case("benefits_premium_and_share")
    contract_path = tmp_path / "contract.yaml"
    contract_path.write_text(yaml.safe_dump(data["contract"], sort_keys=False, default_flow_style=False))
    proposal_path = tmp_path / "premiums.yaml"
    proposal_path.write_text(yaml.safe_dump(data["proposal"], sort_keys=False))
    roster_path = tmp_path / "roster.csv"
    pd.DataFrame(data["roster"]).to_csv(roster_path, index=False)
    result = CliRunner().invoke(main, ["project", "--roster", str(roster_path), "--contract", str(contract_path),
                                       "--proposal", str(proposal_path), "--years", "2025", "--as-of", "2024-07-01",
                                       "--out", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    out = pd.read_csv(tmp_path / "out.csv")
    out = out[out["period"] == "year"].set_index("scenario")   # one year costed; the term row is the same sums
    # E1 18,000 + E3 5,400 in the status quo; 19,560 + 5,640 under the proposal (tests/cases file)
    assert out.loc["baseline", "benefits"] == pytest.approx(23400.00)
    assert out.loc["premiums", "benefits"] == pytest.approx(25200.00)
    assert out.loc["premiums", "salary"] == out.loc["baseline", "salary"]
    assert out.loc["premiums", "total"] == pytest.approx(out.loc["premiums", "salary"] + 25200.00)
