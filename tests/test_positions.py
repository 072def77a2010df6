"""Positions as a yardstick, and the two solve targets that count in positions (issue 27 item 2).

A constructed unit, costed by hand. Ten people on one annual cell at $50,000, FTE 1, all year; Medicare
roll-up 1.45% on base pay; FY2025 (7/1/2024-6/30/2025), and FY2025-FY2026 for the contract case.

The status quo in FY2025: salary 10 x 50,000 = 500,000.00; benefits 500,000 x 1.45% = 7,250.00; FTE on
6/30/2025 = 10. A position costs (500,000 + 7,250) / 10 = 50,725.00 (salary and benefits per FTE).
Over the term FY2025-FY2026 (no term stated: every year costed is in it; nothing changes in the status quo):
2 x 50,725 = 101,450.00.

A raise of X% on 7/1/2024 costs X% x 500,000 x 1.0145 = 5,072.50 X a year (the roll-up is rounded to the
cent per person: at 10.05% each earns 55,025.00, Medicare 797.8625 -> 797.86, so 10 people 7,978.60).
  * 4%: 20,290.00 of new money = 20,290 / 50,725 = 0.4 positions; over two years 40,580 / 101,450 = 0.4.
  * The raise one position pays for in FY2025: 5,072.50 X <= 50,725 -> X <= 10; on the 0.05% grid 10.00%
    (10.05% would cost 50,250 + 7,978.60 - 7,250 = 50,978.60).
  * Keep 2 positions within a FY2025 budget of 200,000: 5,072.50 X <= 200,000 - 2 x 50,725 = 98,550 ->
    X <= 19.4283; on the grid 19.40% (97,000 + 10 x 865.65 - 7,250 = 98,406.50; 19.45% would cost
    97,250 + 10 x 866.01 - 7,250 = 98,660.10, Medicare on 59,725 being 866.0125 -> 866.01).
  * The raise 3 positions pay for over FY2025-FY2026: 2 x 5,072.50 X <= 3 x 101,450 -> X <= 30.00%.
  * With a term of 7/1/2024-6/30/2025, FY2026 is costed beyond it: over the term a position costs
    50,725.00 (FY2025 alone) and the offer's new money is 20,290.00, 0.4 positions; FY2026 keeps its
    own row (in_term False), 50,725.00 and 0.4.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from click.testing import CliRunner

from costing.cli.main import main
from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.measures import TERM
from costing.engine.projection import Options
from costing.negotiate.compare import gaps
from costing.negotiate.positions import in_positions, position_cost, positions_table
from costing.negotiate.solve import Target, solve

from .conftest import make_contract, make_proposal, make_roster

CONTRACT = {
    "name": "toy", "units": ["u"],
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["A"], "steps": ["1"],
                   "tables": [{"effective": "2023-07-01", "rates": {"A": {"1": 50000}}}]}],
    "rollup": [{"name": "medicare", "rate": "1.45%", "applies_to": ["base"]}],
}
PEOPLE = [{"employee_id": f"T{i}", "unit": "u", "schedule": "s", "lane": "A", "step": "1", "fte": 1,
           "seniority_date": "2010-07-01"} for i in range(10)]
RAISE = {"title": "Toy offer", "changes": [{"op": "raise_percent", "effective": "2024-07-01", "percent": 4}]}
OPTIONS = Options(as_of=dt.date(2024, 7, 1))


@pytest.fixture(scope="module")
def toy():
    contract = make_contract(CONTRACT)
    return contract, make_roster(PEOPLE, contract), make_proposal(RAISE)


def test_a_position_costs_salary_and_benefits_per_fte(toy) -> None:
    contract, roster, proposal = toy
    costing = cost_scenarios(roster, contract, {"offer": apply_proposal(contract, proposal)}, [2025, 2026], OPTIONS)
    cost = position_cost(costing.measures)
    assert (cost[2025], cost[2026], cost[TERM]) == (50725.00, 50725.00, 101450.00)
    table = positions_table(costing.measures, gaps(costing))
    years = table[table["period"] == "year"].set_index(["scenario", "against", "fiscal_year"])
    assert years.loc[("offer", "baseline", 2025), "difference"] == pytest.approx(20290.00, abs=0.001)
    assert years.loc[("offer", "baseline", 2025), "positions"] == 0.4
    term = table[table["period"] == "term"].set_index(["scenario", "against"])
    assert term["fiscal_year"].isna().all() and term["in_term"].all()
    assert term.loc[("offer", "baseline"), "difference"] == pytest.approx(40580.00, abs=0.001)
    assert term.loc[("offer", "baseline"), "positions"] == 0.4
    assert term.loc[("offer", "baseline"), "position_cost"] == 101450.00
    assert in_positions(20290.0, float("nan")) != in_positions(20290.0, float("nan"))     # unknown cost: NaN


def test_over_the_term_leaves_a_year_beyond_it_out(toy) -> None:
    contract, roster, proposal = toy
    costing = cost_scenarios(roster, contract, {"offer": apply_proposal(contract, proposal)}, [2025, 2026], OPTIONS,
                             term=(dt.date(2024, 7, 1), dt.date(2025, 6, 30)))
    cost = position_cost(costing.measures)
    assert (cost[2025], cost[2026], cost[TERM]) == (50725.00, 50725.00, 50725.00)
    table = positions_table(costing.measures, gaps(costing))
    offer = table[(table["scenario"] == "offer") & (table["against"] == "baseline")].set_index("period")
    assert offer.loc["term", "difference"] == pytest.approx(20290.00, abs=0.001)
    assert (offer.loc["term", "position_cost"], offer.loc["term", "positions"]) == (50725.00, 0.4)
    beyond = table[(table["scenario"] == "offer") & (table["fiscal_year"] == 2026)].iloc[0]
    assert (bool(beyond["in_term"]), beyond["positions"]) == (False, 0.4)


def test_the_raise_one_position_pays_for(toy) -> None:
    contract, roster, proposal = toy
    found = solve(roster, contract, proposal, 0, Target("budget", 0.0, 2025, positions=-1), [2025], OPTIONS)
    assert (str(found.value), found.cost, found.cost_next) == ("10.00", 50725.00, 50978.60)
    assert found.position_cost == 50725.00 and found.target == 50725.00


def test_keep_two_positions_within_a_budget(toy) -> None:
    contract, roster, proposal = toy
    found = solve(roster, contract, proposal, 0, Target("budget", 200000.0, 2025, positions=2), [2025], OPTIONS)
    assert (str(found.value), found.cost, found.cost_next) == ("19.40", 98406.50, 98660.10)
    assert found.target == 98550.00


def test_the_raise_three_positions_pay_for_over_the_contract(toy) -> None:
    contract, roster, proposal = toy
    found = solve(roster, contract, proposal, 0, Target("new_money", 0.0, positions=-3), [2025, 2026], OPTIONS)
    assert (str(found.value), found.position_cost, found.target) == ("30.00", 101450.00, 304350.00)


# ---- on the command line ---------------------------------------------------------------------------

@pytest.fixture()
def files(tmp_path):
    (tmp_path / "contract.yaml").write_text(yaml.safe_dump(CONTRACT))
    (tmp_path / "offer.yaml").write_text(yaml.safe_dump(RAISE))
    lines = ["employee_id,unit,schedule,lane,step,fte,seniority_date"]
    lines += [f"{p['employee_id']},u,s,A,1,1,2010-07-01" for p in PEOPLE]
    (tmp_path / "roster.csv").write_text("\n".join(lines) + "\n")
    return ["solve", "--roster", str(tmp_path / "roster.csv"), "--contract", str(tmp_path / "contract.yaml"),
            "--proposal", str(tmp_path / "offer.yaml"), "--change", "1", "--as-of", "2024-07-01"]


def test_solve_answers_both_position_questions(files) -> None:
    pays = CliRunner().invoke(main, [*files, "--years", "2025", "--positions-pay", "2025=1", "--format", "json"])
    assert pays.exit_code == 0, pays.output
    record = json.loads(pays.output)
    assert (record["value"], record["position_cost"], record["positions"]) == ("10.00", 50725.0, -1.0)
    assert record["target"] == "new money in FY2025 at most the cost of 1 positions at 50,725.00 each"
    keep = CliRunner().invoke(main, [*files, "--years", "2025", "--budget", "2025=200000", "--keep-positions", "2"])
    assert keep.exit_code == 0, keep.output
    assert keep.output.splitlines()[:3] == [
        "target: new money in FY2025 at most 200,000.00 less 2 positions kept at 50,725.00 each (98,550.00)",
        "  a position: 50,725.00 (the status quo's salary and benefits over its FTE on the year's last day, in the"
        " budget's year or summed over the years costed)",
        "solved percent = 19.40%"]


@pytest.mark.parametrize("extra, said", [
    (["--keep-positions", "2"], "error: --keep-positions: keeps positions within a budget: give --budget or --new-money too"),
    (["--positions-pay", "many"], "error: --positions-pay: 'many' is not a number of positions"),
    (["--positions-pay", "2025=-3"], "error: --positions-pay: -3 positions is not between 0 and 100,000"),
    (["--positions-pay", "x=3"], "error: --positions-pay: 'x=3' is not N or YEAR=N, e.g. 70 or 2025=70"),
    (["--positions-pay", "3", "--new-money", "5"], "error: give exactly one target: --new-money, --budget, --match or"
                                                    " --positions-pay"),
    (["--budget", "2031=100"], "error: --budget: FY2031 is not a year costed (FY2025-FY2025)"),
])
def test_a_wrong_positions_target_is_one_line(files, extra, said) -> None:
    result = CliRunner().invoke(main, [*files, "--years", "2025", *extra])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == said


def test_compare_shows_every_gap_in_positions(files, tmp_path) -> None:
    args = ["compare", "--roster", str(tmp_path / "roster.csv"), "--contract", str(tmp_path / "contract.yaml"),
            "--proposal", str(tmp_path / "offer.yaml"), "--years", "2025", "--as-of", "2024-07-01", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    rows = {(r["scenario"], r["against"], str(r["fiscal_year"])): r for r in record["positions"]}
    assert rows[("offer", "baseline", "2025")]["positions"] == 0.4
    assert rows[("offer", "baseline", "2025")]["position_cost"] == 50725.0
    assert "salary_and_benefits_per_fte" in record["conventions"]


def test_the_compare_reports_positions_table(toy) -> None:
    from costing.report.positions_section import positions_frame, positions_section

    contract, roster, proposal = toy
    costing = cost_scenarios(roster, contract, {"offer": apply_proposal(contract, proposal)}, [2025, 2026], OPTIONS,
                             proposal_texts={"offer": proposal})
    frame = positions_frame(costing)
    assert list(frame.columns) == ["", "FY2025", "FY2026", "Over the term FY2025-FY2026"]
    assert frame.iloc[0].tolist() == ["Cost of a position (status quo)", "$50,725.00", "$50,725.00", "$101,450.00"]
    assert frame.iloc[1].tolist() == ["Toy offer over the status quo", "0.4\n$20,290.00", "0.4\n$20,290.00",
                                      "0.4\n$40,580.00"]
    assert "salary and benefits" in positions_section(costing).note
