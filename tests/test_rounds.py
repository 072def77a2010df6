"""Negotiation rounds: the rounds file's validation, a hand-computed three-round case, and the JSON shape.

The constructed negotiation (files written by :func:`negotiation`): one schedule, one lane, one
step (so nobody steps), $50,000 a year from 7/1/2023, two people at FTE 1.0, calendar-day
proration, no roll-up, years FY2025-FY2026, roster date 7/1/2024. Every raise is on July 1, so it
pays the whole fiscal year. Status quo: 2 x 50,000 = 100,000 in each year, 200,000 over both.
Cost of 1% (the status quo's base x 1%, no roll-up): 1,000 a year, 2,000 over both years.

Round 1, union offers 5% (7/1/2024) and 4% (7/1/2025): rates 52,500.00 and 54,600.00;
  cost 105,000.00 and 109,200.00, over both 214,200.00; new money 5,000 / 9,200 / 14,200.
Round 2, committee counters 2% and 2%: rates 51,000.00 and 52,020.00;
  cost 102,000.00 / 104,040.00 / 206,040.00; new money 2,000 / 4,040 / 6,040;
  gap to round 1: -3,000.00 / -5,160.00 / -8,160.00 = -3.0 / -5.16 / -8,160/2,000 = -4.08 points.
Round 3, union moves to 3% and 3%: rates 51,500.00 and 53,045.00;
  cost 103,000.00 / 106,090.00 / 209,090.00; new money 3,000 / 6,090 / 9,090;
  gap to round 2: +1,000.00 / +2,050.00 / +3,050.00 = 1.0 / 2.05 / 1.525 points;
  the union moved from round 1: -2,000.00 / -3,110.00 / -5,110.00 = -2.0 / -3.11 / -2.555 points.
Quoted at the cell (s, L, 1), year-end rates from 50,000.00 (6/30/2024): round 1 5% and 4%, simple sum
  9%, compounded 54,600/50,000 - 1 = 9.2%; round 3 3% and 3%: simple 6%, compounded 53,045/50,000 - 1 = 6.09%.
If round 3 is instead the ratified agreement (side joint) at 3% and 3%: the union moved 209,090 - 214,200 =
  -5,110.00 over both years and the committee 209,090 - 206,040 = +3,050.00; the gap after it is 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from costing.cli import main
from costing.errors import InputError
from costing.inputs.rounds import load_rounds
from costing.negotiate.rounds import cost_rounds, quoted_rates, round_figures, round_summary, standing_offers

CONTRACT = {
    "name": "constructed", "units": ["u"], "fiscal_year_start": "07-01", "proration": "calendar_days",
    "period": {"start": "2023-07-01", "end": "2026-06-30"},
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                   "rounding": {"rate": 0.01, "annual": 0.01, "mode": "half_up"},
                   "tables": [{"effective": "2023-07-01", "rates": {"L": {"1": 50000}}}]}],
}
RAISES = {"union_1": (5, 4), "committee_1": (2, 2), "union_2": (3, 3)}
SOURCE = {"who": "a constructed bulletin", "when": "2024-08-01", "link": "test"}


def negotiation(folder: Path, rounds: list[dict] | None = None, **header) -> Path:
    """Write the constructed negotiation's files into ``folder``; return the rounds file."""
    (folder / "proposals").mkdir(parents=True, exist_ok=True)
    (folder / "contract.yaml").write_text(yaml.safe_dump(CONTRACT))
    (folder / "roster.csv").write_text("employee_id,unit,schedule,lane,step,fte,seniority_date\n"
                                       "E1,u,s,L,1,1.0,2010-09-01\nE2,u,s,L,1,1.0,2015-09-01\n")
    for name, (first, second) in RAISES.items():
        proposal = {"title": name.replace("_", " "), "proposer": name.split("_")[0], "changes": [
            {"op": "raise_percent", "effective": "2024-07-01", "percent": first},
            {"op": "raise_percent", "effective": "2025-07-01", "percent": second}]}
        (folder / "proposals" / f"{name}.yaml").write_text(yaml.safe_dump(proposal))
    if rounds is None:
        rounds = [
            {"date": "2024-03-01", "side": "union", "status": "offered", "proposals": ["proposals/union_1.yaml"],
             "source": SOURCE, "reported": [{"what": "over two years", "percent": 9, "source": SOURCE}]},
            {"date": "2024-04-01", "side": "committee", "status": "countered", "proposals": ["proposals/committee_1.yaml"],
             "source": SOURCE},
            {"date": "2024-05-01", "side": "union", "status": "countered", "proposals": ["proposals/union_2.yaml"],
             "source": SOURCE},
        ]
    spec = {"title": "Constructed negotiation", "roster": "roster.csv", "contract": "contract.yaml",
            "years": "2025-2026", "as_of": "2024-07-01", "quote_cell": {"schedule": "s", "lane": "L", "step": 1},
            "rounds": rounds, **header}
    path = folder / "rounds.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def _row(frame, number: int, period: str = "total"):
    return frame[(frame["round"] == number) & (frame["period"] == period)].iloc[0]


def test_three_rounds_costs_gaps_and_movement(tmp_path: Path) -> None:
    figures = round_figures(cost_rounds(negotiation(tmp_path)))
    expected_cost = {1: (105000.00, 109200.00, 214200.00), 2: (102000.00, 104040.00, 206040.00),
                     3: (103000.00, 106090.00, 209090.00)}
    for number, costs in expected_cost.items():
        for period, cost in zip(("FY2025", "FY2026", "total"), costs):
            row = _row(figures, number, period)
            assert row["cost"] == pytest.approx(cost, abs=0.005)
            assert row["new_money"] == pytest.approx(cost - {"total": 200000.0}.get(period, 100000.0), abs=0.005)
    first = _row(figures, 1)
    assert first["gap"] is None or first["gap"] != first["gap"]  # nothing to be measured against
    second, third = _row(figures, 2), _row(figures, 3)
    assert second["against"] == 1 and second["gap"] == pytest.approx(-8160.00, abs=0.005)
    assert second["gap_points"] == pytest.approx(-4.08, abs=1e-4)
    assert _row(figures, 2, "FY2026")["gap"] == pytest.approx(-5160.00, abs=0.005)
    assert _row(figures, 2, "FY2026")["gap_points"] == pytest.approx(-5.16, abs=1e-4)
    assert third["against"] == 2 and third["gap"] == pytest.approx(3050.00, abs=0.005)
    assert third["gap_points"] == pytest.approx(1.525, abs=1e-4)
    assert third["union_from"] == 1 and third["union_moved"] == pytest.approx(-5110.00, abs=0.005)
    assert third["union_moved_points"] == pytest.approx(-2.555, abs=1e-4)
    assert _row(figures, 3, "FY2026")["union_moved"] == pytest.approx(-3110.00, abs=0.005)
    assert pd_isna(third["committee_moved"])
    assert _row(figures, 1)["cost_of_1pct"] == pytest.approx(2000.00, abs=0.005)


def pd_isna(value) -> bool:
    return value is None or value != value


def test_quoted_rates_simple_and_compounded(tmp_path: Path) -> None:
    rates = quoted_rates(cost_rounds(negotiation(tmp_path))).set_index("round")
    assert rates.at[1, "FY2025_pct"] == pytest.approx(5.0, abs=1e-4)
    assert rates.at[1, "simple_pct"] == pytest.approx(9.0, abs=1e-4)
    assert rates.at[1, "compounded_pct"] == pytest.approx(9.2, abs=1e-4)
    assert rates.at[3, "simple_pct"] == pytest.approx(6.0, abs=1e-4)
    assert rates.at[3, "compounded_pct"] == pytest.approx(6.09, abs=1e-4)
    assert "9% over two years (a constructed bulletin (08/01/2024))" == rates.at[1, "reported"]


def test_an_agreement_moves_both_sides_and_closes_the_gap(tmp_path: Path) -> None:
    rounds = [
        {"date": "2024-03-01", "side": "union", "status": "offered", "proposals": ["proposals/union_1.yaml"], "source": SOURCE},
        {"date": "2024-04-01", "side": "committee", "status": "offered", "proposals": ["proposals/committee_1.yaml"],
         "source": SOURCE},
        {"date": "2024-06-01", "side": "joint", "status": "ratified", "proposals": ["proposals/union_2.yaml"],
         "source": SOURCE},
    ]
    rc = cost_rounds(negotiation(tmp_path, rounds))
    agreed = _row(round_figures(rc), 3)
    assert pd_isna(agreed["gap"])
    assert agreed["union_moved"] == pytest.approx(-5110.00, abs=0.005)
    assert agreed["committee_moved"] == pytest.approx(3050.00, abs=0.005)
    standing = standing_offers(rc).set_index("round")
    assert standing.at[2, "gap"] == pytest.approx(8160.00, abs=0.005)     # union 214,200 less committee 206,040
    assert standing.at[3, "gap"] == pytest.approx(0.0, abs=0.005)
    assert standing.at[3, "union_new_money"] == pytest.approx(9090.00, abs=0.005)


def test_a_withdrawal_ends_the_standing_offer(tmp_path: Path) -> None:
    rounds = [
        {"date": "2024-03-01", "side": "union", "status": "offered", "proposals": ["proposals/union_1.yaml"], "source": SOURCE},
        {"date": "2024-03-15", "side": "union", "status": "withdrawn", "source": SOURCE},
        {"date": "2024-04-01", "side": "committee", "status": "offered", "proposals": ["proposals/committee_1.yaml"],
         "source": SOURCE},
        {"date": "2024-05-01", "side": "union", "status": "offered", "proposals": ["proposals/union_2.yaml"], "source": SOURCE},
    ]
    figures = round_figures(cost_rounds(negotiation(tmp_path, rounds)))
    assert pd_isna(_row(figures, 2)["cost"])
    assert pd_isna(_row(figures, 3)["gap"])                    # the union's offer was withdrawn
    assert _row(figures, 4)["union_moved"] == pytest.approx(-5110.00, abs=0.005)   # from the withdrawn offer


def test_the_same_proposal_offered_again_is_costed_once(tmp_path: Path) -> None:
    rounds = [
        {"date": "2024-03-01", "side": "union", "status": "offered", "proposals": ["proposals/union_1.yaml"], "source": SOURCE},
        {"date": "2024-04-01", "side": "committee", "status": "offered", "proposals": ["proposals/committee_1.yaml"],
         "source": SOURCE},
        {"date": "2024-05-01", "side": "union", "status": "countered", "proposals": ["proposals/union_1.yaml"],
         "source": SOURCE},
    ]
    rc = cost_rounds(negotiation(tmp_path, rounds))
    assert rc.scenarios == ("round_1", "round_2", "round_1")
    assert sorted(rc.costing.contracts) == ["baseline", "round_1", "round_2"]
    assert _row(round_figures(rc), 3)["union_moved"] == pytest.approx(0.0, abs=0.005)


# ---- validation: one line naming the file and the round, exit status 2 -------------------------

def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("change, where, words", [
    ({"side": "mayor"}, "rounds[2].side", "'union', 'committee' or 'joint'"),
    ({"status": "proposed"}, "rounds[2].status", "'offered'"),
    ({"date": "2024-02-01"}, "rounds[2].date", "2024-02-01 is before round 1's 2024-03-01"),
    ({"proposals": ["proposals/nowhere.yaml"]}, "rounds[2].proposals", "proposals/nowhere.yaml: file not found"),
    ({"side": "joint"}, "rounds[2].side", "expected side union or committee"),
    ({"status": "ratified"}, "rounds[2].side", "expected side joint"),
])
def test_a_bad_round_is_one_line_naming_the_file_and_key(tmp_path: Path, change, where, words) -> None:
    path = negotiation(tmp_path)
    spec = yaml.safe_load(path.read_text())
    spec["rounds"][1].update(change)
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    result = _invoke("rounds", str(path))
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: {path}: {where}") and words in lines[0], lines[0]
    assert "Traceback" not in result.output
    with pytest.raises(InputError):
        load_rounds(path)


def test_a_misspelt_switch_is_the_rounds_files_mistake(tmp_path: Path) -> None:
    result = _invoke("rounds", str(negotiation(tmp_path, switches=["no_such_item"])))
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"error: {tmp_path / 'rounds.yaml'}: switches:")


def test_same_day_rounds_are_ordered_by_time(tmp_path: Path) -> None:
    path = negotiation(tmp_path)
    spec = yaml.safe_load(path.read_text())
    spec["rounds"][0].update({"date": "2024-04-01", "time": "11:45"})
    spec["rounds"][1].update({"date": "2024-04-01", "time": "09:00"})
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    result = _invoke("rounds", str(path))
    assert result.exit_code == 2 and "rounds[2].date" in result.output and "09:00" in result.output
    spec["rounds"][1]["time"] = "15:15"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    assert _invoke("rounds", str(path)).exit_code == 0


# ---- the verb's output -----------------------------------------------------------------------

def test_json_shape(tmp_path: Path) -> None:
    result = _invoke("rounds", str(negotiation(tmp_path)), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"title", "district", "years", "status_quo", "cost_of_1pct", "quote_cell", "rounds", "conventions"}
    assert data["years"] == ["FY2025", "FY2026"]
    assert data["status_quo"] == {"FY2025": 100000.0, "FY2026": 100000.0, "total": 200000.0}
    assert data["cost_of_1pct"]["total"] == pytest.approx(2000.0)
    third = data["rounds"][2]
    assert set(third) >= {"round", "date", "side", "status", "label", "proposals", "source", "reported", "note",
                          "against", "union_from", "committee_from", "years", "total", "quoted_rates"}
    assert third["against"] == 2 and third["union_from"] == 1 and third["committee_from"] is None
    assert third["total"]["gap"] == pytest.approx(3050.0) and third["total"]["gap_points"] == pytest.approx(1.525)
    assert third["years"]["FY2025"]["cost"] == pytest.approx(103000.0)
    assert third["quoted_rates"]["compounded_pct"] == pytest.approx(6.09)
    assert data["rounds"][0]["reported"][0]["percent"] == 9.0
    assert data["rounds"][0]["source"] == {"who": "a constructed bulletin", "when": "2024-08-01", "link": "test", "title": ""}


def test_table_and_out_files(tmp_path: Path) -> None:
    path = negotiation(tmp_path)
    result = _invoke("rounds", str(path))
    assert result.exit_code == 0, result.output
    assert "== rounds (over FY2025-FY2026)" in result.stdout and "3,050.00" in result.stdout and "1.52 pts" in result.stdout
    for name in ("out.csv", "out.xlsx", "out.json"):
        result = _invoke("rounds", str(path), "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).exists() and f"wrote {tmp_path / name}" in result.stderr
    assert json.loads((tmp_path / "out.json").read_text())["rounds"][1]["total"]["gap"] == pytest.approx(-8160.0)


def test_summary_names_each_rounds_source(tmp_path: Path) -> None:
    summary = round_summary(cost_rounds(negotiation(tmp_path)))
    assert list(summary["source"]) == ["a constructed bulletin (08/01/2024)"] * 3
    assert list(summary["label"]) == ["union 1", "committee 1", "union 2"]


# ---- the bundled Newton negotiation ---------------------------------------------------------------

NEWTON = Path(__file__).resolve().parent.parent / "data" / "newton"


@pytest.fixture(scope="module")
def newton():
    return cost_rounds(NEWTON / "rounds.yaml")


def test_costing_rounds_prints_every_newton_round_with_its_gap(newton) -> None:
    result = _invoke("rounds", str(NEWTON / "rounds.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["label"] for r in data["rounds"]] == ["NTA 11/2022", "Committee 4/2023", "Committee 10/2023",
                                                    "NTA offer 1/28/2024", "Committee 1/30/2024", "Agreement 2/2/2024",
                                                    "Ratified 2/2024"]
    for record in data["rounds"][1:5]:          # every offer after the first is measured against the other side
        assert record["against"] is not None and record["total"]["gap"] is not None
    assert data["rounds"][4]["against"] == 4    # the 1/30 counter against the NTA's 1/28 offer
    assert data["rounds"][6]["status"] == "ratified" and data["rounds"][6]["side"] == "joint"
    for record in data["rounds"]:
        assert record["source"]["who"] and record["source"]["when"] and record["source"]["link"]


def test_newton_quoted_rates_beside_the_press(newton) -> None:
    # The ratified COLAs at a top-step teacher (MA 14, rounded to the dollar): 2.5, 2.5, 3, 3.25 and 0.75%.
    # Simple sum 12.00%; compounded 1.025 x 1.025 x 1.03 x 1.0325 x 1.0075 - 1 = 12.569% before rounding
    # (12.57% at the dollar), the Boston Globe's "12.6 percent" (2/4/2024). The NTA's 1/28 offer: 3, 3.5, 3.5,
    # 4% = 14% simple, 1.03 x 1.035 x 1.035 x 1.04 - 1 = 14.75% compounded.
    rates = quoted_rates(newton).set_index("label")
    assert rates.at["Ratified 2/2024", "simple_pct"] == pytest.approx(12.0, abs=0.01)
    assert rates.at["Ratified 2/2024", "compounded_pct"] == pytest.approx(12.57, abs=0.01)
    assert "12.6% cost-of-living increase over four years" in rates.at["Ratified 2/2024", "reported"]
    assert rates.at["NTA offer 1/28/2024", "simple_pct"] == pytest.approx(14.0, abs=0.01)
    assert rates.at["NTA offer 1/28/2024", "compounded_pct"] == pytest.approx(14.75, abs=0.01)


def test_the_compare_report_holds_the_three_offers_and_the_rounds() -> None:
    from costing.report import open_report
    from costing.report import rounds as report_rounds
    from costing.report.charts import Chart

    r = open_report(NEWTON / "compare.yaml", "", "2030-01-01")
    assert r.proposals == ["nta_2024-01-28", "sc_2024-01-30", "ratified_2024"]
    assert [r.label(n) for n in r.proposals] == ["NTA offer Jan 28 2024", "Committee Jan 30 2024", "Ratified Feb 2024"]
    rc = report_rounds.scenario_rounds(r.scenario, r.scenario_path)
    section = report_rounds.compare_section(rc)
    assert "The negotiation, round by round" in section[0] and isinstance(section[1], Chart)
    table = section[3].frame.set_index("Offer")
    # one rule, one place: a round's cost is the same figure as the compare report's for the same proposal
    figures = r.costing.figures[r.costing.figures["period"] == "year"]   # each year costed (the term is FY2024-FY2027)
    totals = figures.groupby("scenario")["total"].sum()
    assert table.at["NTA offer 1/28/2024", "Cost"] == pytest.approx(totals["nta_2024-01-28"], abs=0.01)
    assert table.at["Ratified 2/2024", "Cost"] == pytest.approx(totals["ratified_2024"], abs=0.01)
    sources = section[4].frame
    assert len(sources) == 7 and sources["Reported by"].str.len().min() > 10


def test_a_scenario_and_its_rounds_must_share_roster_and_contract(tmp_path: Path) -> None:
    from costing.inputs.scenario import load_scenario
    from costing.report.rounds import scenario_rounds

    path = negotiation(tmp_path)
    scenario = tmp_path / "scenario.yaml"
    (tmp_path / "other.csv").write_text((tmp_path / "roster.csv").read_text())
    scenario.write_text(yaml.safe_dump({"title": "t", "roster": "other.csv", "contract": "contract.yaml",
                                        "years": "2025-2026", "rounds": path.name}))
    with pytest.raises(InputError, match=r"scenario.yaml: rounds: rounds.yaml costs its rounds on roster roster.csv"):
        scenario_rounds(load_scenario(scenario), scenario)
    scenario.write_text(yaml.safe_dump({"title": "t", "roster": "roster.csv", "contract": "contract.yaml",
                                        "years": "2025-2026"}))
    assert scenario_rounds(load_scenario(scenario), scenario) is None
    with pytest.raises(InputError, match="rounds: is not given"):
        scenario_rounds(load_scenario(scenario), scenario, required=True)


def test_validate_knows_a_rounds_file(tmp_path: Path) -> None:
    result = _invoke("validate", str(negotiation(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "ok  rounds" in result.output and "(3 rounds costed 2025-2026)" in result.output
