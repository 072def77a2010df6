"""The negotiator toolkit: bridge, goal-seek, assumptions, Monte Carlo, who gets what.

Expected numbers are computed by hand (arithmetic in the comments), or checked against an
independent brute-force scan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main
from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.projection import Options, project
from costing.inputs.loading import load_contract, load_proposal
from costing.inputs.roster import load_roster
from costing.negotiate.assumptions import Assumptions, Turnover, apply_assumptions
from costing.negotiate.bridge import Side, bridge
from costing.negotiate.distribution import paid_less_than_status_quo, raise_distribution, raises
from costing.negotiate.sensitivity import monte_carlo, tornado
from costing.negotiate.solve import Target, solve

from .conftest import DATA, make_contract, make_proposal, make_roster

CASE = {
    "name": "bridge case", "units": ["u"],
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000, "2": 42000}}}],
                   "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "01-01"}]}}],
    "rollup": [{"name": "medicare", "rate": 1.45}],
}
YEAR = [2025]
AS_OF = Options(as_of=dt.date(2024, 7, 1))


def test_bridge_parts_are_right_and_add_up() -> None:
    # One employee at step 1 on 7/1/2024, stepping to 2 on 1/1/2025. Side A: 3% on 1/1/2025 and a $500
    # stipend; side B: the status quo. FY2025 by hand:
    #   B base = (40,000 x 184 + 42,000 x 181)/365 = 40,991.78; A base = (40,000 x 184 + 43,260 x 181)/365 = 41,616.60
    #   steps frozen: B 40,000.00; A (40,000 x 184 + 41,200 x 181)/365 = 40,595.07; tables at 7/1: A 41,200, B 40,000
    #   schedule raises = 41,200 - 40,000 = 1,200.00; timing = (40,595.07 - 41,200) - 0 = -604.93
    #   step movement = (41,616.60 - 40,595.07) - (40,991.78 - 40,000) = 29.75; stipend 500.00
    #   roll-up = 1.45% x (41,616.60 + 500) - 1.45% x 40,991.78 = 610.69 - 594.38 = 16.31; total 1,141.13
    contract = make_contract(CASE)
    proposal = apply_proposal(contract, make_proposal({"title": "A", "changes": [
        {"op": "raise_percent", "effective": "2025-01-01", "percent": 3},
        {"op": "set_stipend", "effective": "2024-07-01", "name": "extra", "kind": "annual", "amount": 500},
    ]}))
    roster = make_roster([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": 1,
                           "seniority_date": "2020-01-01"}], contract)
    table = bridge(Side("A", roster, proposal, AS_OF), Side("B", roster, contract, AS_OF), YEAR).set_index("part")
    expected = {"schedule_raises": 1200.00, "timing": -604.93, "step_movement": 29.75, "stipend": 500.00,
                "rollup": 16.31, "roster": 0, "turnover": 0, "longevity": 0, "one_time": 0, "difference": 1141.13}
    for part, value in expected.items():
        assert table.at[part, "FY2025"] == pytest.approx(value, abs=0.001), part
    parts = table.drop(index="difference")["FY2025"]
    assert round(parts.sum(), 2) == table.at["difference", "FY2025"]


def test_bridge_on_two_rosters_and_turnover_adds_up() -> None:
    contract = load_contract(DATA / "chelsea/contract.yaml")
    moa = apply_proposal(contract, load_proposal(DATA / "chelsea/proposals/moa_2024.yaml"))
    roster = load_roster(DATA / "chelsea/roster.csv", contract)
    other = roster.iloc[: len(roster) - 20].copy()  # the other side's snapshot is missing 20 people
    a = Side("MOA, full roster, turnover", roster, moa, AS_OF, Assumptions(turnover=Turnover(((0, 0.1),)), seed=4))
    b = Side("status quo, old snapshot", other, contract, AS_OF)
    table = bridge(a, b, [2025, 2026, 2027]).set_index("part")
    columns = ["FY2025", "FY2026", "FY2027", "total"]
    assert (table.drop(index="difference")[columns].sum().round(2) == table.loc["difference", columns]).all()
    assert table.at["roster", "total"] > 0 and table.at["turnover", "total"] < 0


CHELSEA = load_contract(DATA / "chelsea/contract.yaml")
MOA_TEXT = load_proposal(DATA / "chelsea/proposals/moa_2024.yaml")
ROSTER = load_roster(DATA / "chelsea/roster.csv", CHELSEA)
YEARS = [2025, 2026, 2027]


def _new_money(percent: Decimal, index: int = 3) -> float:
    changes = list(MOA_TEXT.changes)
    changes[index] = changes[index].model_copy(update={"percent": percent})
    contract = apply_proposal(CHELSEA, MOA_TEXT.model_copy(update={"changes": tuple(changes)}))
    a = project(ROSTER, contract, YEARS, options=AS_OF)["amount"].sum()
    b = project(ROSTER, CHELSEA, YEARS, options=AS_OF)["amount"].sum()
    return round(float(a - b), 2)


def test_goal_seek_hits_target_and_agrees_with_brute_force() -> None:
    target = 5_000_000.0
    solution = solve(ROSTER, CHELSEA, MOA_TEXT, 3, Target("new_money", target), YEARS, AS_OF)
    assert solution.cost <= target < solution.cost_next
    assert solution.value % Decimal("0.05") == 0
    scan = [Decimal("0.05") * k for k in range(0, 101)]
    best = max(p for p in scan if _new_money(p) <= target)
    assert solution.value == best
    assert solution.cost == _new_money(best)


def test_goal_seek_budget_for_one_year_and_a_date() -> None:
    budget = solve(ROSTER, CHELSEA, MOA_TEXT, 0, Target("budget", 800_000, 2025), YEARS, AS_OF)
    assert budget.cost <= 800_000 < budget.cost_next
    dated = solve(ROSTER, CHELSEA, MOA_TEXT, 0, Target("budget", 800_000, 2025), YEARS, AS_OF, field="effective")
    assert isinstance(dated.value, dt.date)
    assert dated.cost <= 800_000 < dated.cost_next  # one day earlier costs more than the budget


def test_goal_seek_matches_another_proposal() -> None:
    other = apply_proposal(CHELSEA, MOA_TEXT)
    solution = solve(ROSTER, CHELSEA, MOA_TEXT, 3, Target("match", other=other), YEARS, AS_OF)
    assert solution.value == Decimal("5.00")  # the MOA's own 5% for 2025-26 reproduces the MOA's cost


def test_zero_turnover_equals_plain_projection() -> None:
    zero = Assumptions(turnover=Turnover(((0, 0.0), (10, 0.0))))
    changed = apply_assumptions(ROSTER, CHELSEA, YEARS, zero)
    pd.testing.assert_frame_equal(project(changed, CHELSEA, YEARS, options=AS_OF), project(ROSTER, CHELSEA, YEARS, options=AS_OF))


def test_turnover_replaces_leavers_at_entry_step() -> None:
    everyone = Assumptions(turnover=Turnover(((0, 1.0),)), seed=1)
    changed = apply_assumptions(ROSTER, CHELSEA, [2025], everyone)
    assert len(changed) == 2 * len(ROSTER)
    new = changed[changed["employee_id"].str.endswith("~R2025")]
    assert (new["step"] == "1").all() and (new["start_date"] == pd.Timestamp("2025-07-01")).all()


def test_monte_carlo_is_reproducible() -> None:
    contracts = {"baseline": CHELSEA, "moa": apply_proposal(CHELSEA, MOA_TEXT)}
    a = monte_carlo(ROSTER, contracts, YEARS, AS_OF, draws=5, seed=11)
    b = monte_carlo(ROSTER, contracts, YEARS, AS_OF, draws=5, seed=11)
    c = monte_carlo(ROSTER, contracts, YEARS, AS_OF, draws=5, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["p50"].equals(c["p50"])
    assert (a["p5"] <= a["p95"]).all()


def test_tornado_has_each_assumption() -> None:
    contracts = {"baseline": CHELSEA, "moa": apply_proposal(CHELSEA, MOA_TEXT)}
    table = tornado(ROSTER, contracts, YEARS, AS_OF)
    assert set(table["assumption"]) == {"Turnover", "Lane changes", "New hires", "Roll-up rates"}
    turnover = table[(table.assumption == "Turnover") & (table.scenario == "moa")].iloc[0]
    assert turnover.cost_high < turnover.cost_low  # more turnover, more breakage


def test_hold_harmless_violation_is_detected() -> None:
    # An agreed table lowers step 2 from 42,000 to 41,000 from 7/1/2024. E1 (step 2 all year) is paid 1,000
    # less than under the status quo in FY2025; E2 steps onto step 2 on 1/1/2025 and is paid
    # 1,000 x 181/365 = 495.89 less. Roll-up is not pay. A raise-only proposal finds nobody.
    contract = make_contract({**CASE, "rollup": []})
    lower = apply_proposal(contract, make_proposal({"title": "lower", "changes": [
        {"op": "replace_table", "effective": "2024-07-01", "rates": {"L": {"2": 41000}}, "partial": True}]}))
    roster = make_roster([
        {"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "2", "fte": 1, "seniority_date": "2010-01-01"},
        {"employee_id": "E2", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": 1, "seniority_date": "2024-07-01"},
    ], contract)
    costing = cost_scenarios(roster, contract, {"lower": lower}, [2025], AS_OF)
    found = paid_less_than_status_quo(costing)
    assert dict(zip(found["employee_id"], found["shortfall"])) == {"E1": 1000.00, "E2": 495.89}
    higher = apply_proposal(contract, make_proposal({"title": "up", "changes": [
        {"op": "raise_percent", "effective": "2024-07-01", "percent": 1}]}))
    assert paid_less_than_status_quo(cost_scenarios(roster, contract, {"up": higher}, [2025], AS_OF)).empty


def test_who_gets_what_groups_top_step_and_stepping() -> None:
    contracts = {"moa": apply_proposal(CHELSEA, MOA_TEXT)}
    costing = cost_scenarios(ROSTER, CHELSEA, contracts, YEARS, AS_OF)
    table = raise_distribution(raises(costing))
    assert set(table["group"].dropna()) == {"top step", "still stepping"}
    row = table[(table.scenario == "moa") & (table.fiscal_year == 2026) & (table.group == "top step")].iloc[0]
    assert row["min"] <= row["median"] <= row["max"]


def test_cli_compare_and_solve() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["compare", "--scenario", str(DATA / "chelsea/scenario.yaml")])
    assert result.exit_code == 0, result.output
    assert "base_atb_pct" in result.output and "Across-the-board" in result.output
    result = runner.invoke(main, ["solve", "--roster", str(DATA / "chelsea/roster.csv"), "--contract", str(DATA / "chelsea/contract.yaml"),
                                  "--proposal", str(DATA / "chelsea/proposals/moa_2024.yaml"), "--change", "4",
                                  "--new-money", "5000000", "--years", "2025-2027", "--as-of", "2024-07-01"])
    assert result.exit_code == 0, result.output
    assert "solved percent =" in result.output
    result = runner.invoke(main, ["solve", "--roster", str(DATA / "chelsea/roster.csv"), "--contract", str(DATA / "chelsea/contract.yaml"),
                                  "--proposal", str(DATA / "chelsea/proposals/moa_2024.yaml"), "--change", "99",
                                  "--new-money", "1", "--years", "2025-2027"])
    assert result.exit_code == 2 and "changes 1 to" in result.stderr


def test_settlement_conventions_on_a_mid_year_raise() -> None:
    # 3% on 1/1/2025 for one employee held on step 1 (no anniversary reached: hired 7/1/2024, step date 1/1
    # needs no service, so use a one-step schedule). FY2025: the rate as quoted is 3.00%; the year's base cost
    # at fixed placement rises (40,000 x 184 + 41,200 x 181)/365 = 40,595.07, i.e. 1.49% over 40,000.
    from costing.negotiate.compare import settlement_table

    one_step = {**CASE, "schedules": [{**CASE["schedules"][0], "steps": ["1"],
                                       "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000}}}]}]}
    contract = make_contract(one_step)
    text = make_proposal({"title": "A", "changes": [{"op": "raise_percent", "effective": "2025-01-01", "percent": 3}]})
    raised = apply_proposal(contract, text)
    roster = make_roster([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": 1,
                           "seniority_date": "2020-01-01"}], contract)
    table = settlement_table(cost_scenarios(roster, contract, {"A": raised}, [2025], AS_OF, proposal_texts={"A": text}))
    row = table[(table.scenario == "A") & (table.fiscal_year == 2025)].iloc[0]
    assert row["atb_rate_pct"] == pytest.approx(0.03, abs=1e-11)
    assert row["base_atb_pct"] == pytest.approx(40595.07 / 40000 - 1, abs=1e-8)
    assert row["quoted_pct"] == pytest.approx(0.03, abs=1e-11)
