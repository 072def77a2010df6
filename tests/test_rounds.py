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

A scenario naming the rounds costs them with ITS options. With a Medicare roll-up of 1.45% on base pay in the
contract (the rounds file alone: round 1's FY2025 105,000 x 1.0145 = 106,522.50) and a scenario of FY2025 only
with `rollup: {medicare: 2.5}`: round 1 costs 105,000 x 1.025 = 107,625.00 and round 3 (the scenario's own
proposal union_2) 103,000 x 1.025 = 105,575.00, in the rounds table as in the scenario's costing; the cost of 1%
is 100,000 x 1% x 1.025 = 1,025.00, so round 2's gap to round 1, (102,000 - 105,000) x 1.025 = -3,075.00, is
-3.00 points.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from costing.cli import main
from costing.errors import InputError
from costing.inputs.rounds import Rounds, load_rounds
from costing.inputs.scenario import Scenario, load_scenario
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
    assert rates.at[1, "FY2025_pct"] == pytest.approx(0.05, abs=1e-06)
    assert rates.at[1, "simple_pct"] == pytest.approx(0.09, abs=1e-06)
    assert rates.at[1, "compounded_pct"] == pytest.approx(0.092, abs=1e-06)
    assert rates.at[3, "simple_pct"] == pytest.approx(0.06, abs=1e-06)
    assert rates.at[3, "compounded_pct"] == pytest.approx(0.0609, abs=1e-06)
    assert "9% over two years (a constructed bulletin (8/1/2024))" == rates.at[1, "reported"]


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
    assert third["quoted_rates"]["compounded_pct"] == pytest.approx(0.0609)
    assert data["rounds"][0]["reported"][0]["percent"] == 9.0
    assert data["rounds"][0]["source"] == {"who": "a constructed bulletin", "when": "2024-08-01", "link": "test", "title": ""}


def test_table_and_out_files(tmp_path: Path) -> None:
    path = negotiation(tmp_path)
    result = _invoke("rounds", str(path))
    assert result.exit_code == 0, result.output
    assert "== rounds (over FY2025-FY2026)" in result.stdout and "3,050.00" in result.stdout and "1.52 pts" in result.stdout
    # the quoted rates are fractions like every rate, so the table prints round 1's 5% and 4% as such
    # (it printed 500.00% while the rounds kept percent numbers and the table read every _pct as a fraction)
    quoted = result.stdout.split("== quoted rates")[1].splitlines()[2]
    assert "5.00%" in quoted and "9.00%" in quoted and "9.20%" in quoted and "500.00%" not in quoted
    for name in ("out.csv", "out.xlsx", "out.json"):
        result = _invoke("rounds", str(path), "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).exists() and f"wrote {tmp_path / name}" in result.stderr
    assert json.loads((tmp_path / "out.json").read_text())["rounds"][1]["total"]["gap"] == pytest.approx(-8160.0)


def test_summary_names_each_rounds_source(tmp_path: Path) -> None:
    summary = round_summary(cost_rounds(negotiation(tmp_path)))
    assert list(summary["source"]) == ["a constructed bulletin (8/1/2024)"] * 3
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
    assert rates.at["Ratified 2/2024", "simple_pct"] == pytest.approx(0.12, abs=0.0001)
    assert rates.at["Ratified 2/2024", "compounded_pct"] == pytest.approx(0.1257, abs=0.0001)
    assert "12.6% cost-of-living increase over four years" in rates.at["Ratified 2/2024", "reported"]
    assert rates.at["NTA offer 1/28/2024", "simple_pct"] == pytest.approx(0.14, abs=0.0001)
    assert rates.at["NTA offer 1/28/2024", "compounded_pct"] == pytest.approx(0.1475, abs=0.0001)


def test_the_globes_7_4_percent_stands_beside_the_committees_round(newton) -> None:
    # Boston Globe 2/4/2024: the School Committee "offered 7.4 percent" (no date). No costed round gives it at the
    # top step: 10/25/2023's 2, 2, 3% is 7.00% added up and 1.02 x 1.02 x 1.03 - 1 = 7.16% compounded.
    rates = quoted_rates(newton).set_index("label")
    assert rates.at["Committee 10/2023", "simple_pct"] == pytest.approx(0.07, abs=0.0001)
    assert rates.at["Committee 10/2023", "compounded_pct"] == pytest.approx(0.0716, abs=0.0001)
    assert rates.at["Committee 10/2023", "reported"].startswith("7.4% offered by the School Committee")
    assert "(Boston Globe, \u201cNewton teachers ratify new contract" in rates.at["Committee 10/2023", "reported"]
    assert "7.4% (2/4/2024) names no offer" in newton.spec.rounds[2].note


def test_the_newton_record_calls_no_offer_an_agreement_or_a_continuation() -> None:
    from costing.inputs.loading import load_contract

    contract = load_contract(NEWTON / "contract.yaml")
    assert contract.reference.startswith("Newton NTA/School Committee CBAs 2020-2023")
    assert "MOU" not in contract.reference and "continu" not in contract.reference
    assert "pre-MOU" not in contract.longevity[0].tables[0].reference
    readme = (NEWTON / "README.md").read_text()
    assert "two agreements:" not in readme and "The agreements cover" not in readme
    assert "to one contract over four years, 9/1/2023-8/31/2027" in readme
    rounds = load_rounds(NEWTON / "rounds.yaml")
    assert "one four-year contract" in rounds.rounds[-1].note
    assert "the year-by-year split" in rounds.rounds[4].assumed   # the 1/30/2024 counter's split is assumed


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
    assert "Terms assumed, by round" in section[2] and "the year-by-year split" in section[2]  # beside the timeline
    table = _table(section, "The negotiation round by round").frame.set_index("Offer")
    # one rule, one place: a round's cost is the same figure as the compare report's for the same proposal
    figures = r.costing.figures[r.costing.figures["period"] == "year"]   # each year costed (the term is FY2024-FY2027)
    totals = figures.groupby("scenario")["total"].sum()
    assert table.at["NTA offer 1/28/2024", "Cost"] == pytest.approx(totals["nta_2024-01-28"], abs=0.01)
    assert table.at["Ratified 2/2024", "Cost"] == pytest.approx(totals["ratified_2024"], abs=0.01)
    assert "Terms assumed" not in table.columns          # said once, under the timeline; the table's note points there
    assert "Every round's cost rests on terms the sources do not give" in _table(section, "The negotiation round").note
    sources = _table(section, "Sources").frame
    assert len(sources) == 7 and sources["Reported by"].str.len().min() > 10


def _table(section: list, caption: str):
    return next(item for item in section if getattr(item, "caption", "").startswith(caption))


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


def _with_medicare(folder: Path) -> None:
    contract = {**CONTRACT, "rollup": [{"name": "medicare", "rate": 1.45, "applies_to": ["base"], "reference": "test"}]}
    (folder / "contract.yaml").write_text(yaml.safe_dump(contract))


def test_a_scenario_costs_its_rounds_with_its_own_options(tmp_path: Path) -> None:
    from costing.engine.costing_run import cost_scenario
    from costing.report.rounds import rounds_table, scenario_rounds

    path = negotiation(tmp_path)
    _with_medicare(tmp_path)
    assert _row(round_figures(cost_rounds(path)), 1, "FY2025")["cost"] == pytest.approx(106522.50, abs=0.005)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump({"title": "t", "roster": "roster.csv", "contract": "contract.yaml",
                                        "proposals": ["proposals/union_2.yaml"], "years": "2025",
                                        "rollup": {"medicare": 2.5}, "rounds": path.name}))
    rc = scenario_rounds(load_scenario(scenario), scenario)
    assert rc.years == [2025]                               # the scenario's years, not the rounds file's 2025-2026
    assert rc.scenarios == ("round_1", "round_2", "union_2")  # the scenario's own proposal is that round, costed once
    figures = round_figures(rc)
    assert _row(figures, 1)["cost"] == pytest.approx(107625.00, abs=0.005)
    assert _row(figures, 3)["cost"] == pytest.approx(105575.00, abs=0.005)
    assert _row(figures, 2)["gap"] == pytest.approx(-3075.00, abs=0.005)
    assert _row(figures, 2)["gap_points"] == pytest.approx(-3.0, abs=1e-4)
    _, costing = cost_scenario(scenario)
    years = costing.figures[costing.figures["period"] == "year"]   # the year rows (the term row apart)
    total = float(years.set_index("scenario").at["union_2", "total"])
    assert total == pytest.approx(105575.00, abs=0.005)
    assert rounds_table(rc).frame.set_index("Offer").at["union 2", "Cost"] == pytest.approx(total, abs=0.005)


def test_newton_one_proposal_one_cost_in_the_compare_report_with_a_rollup_override(tmp_path: Path) -> None:
    # The review's case: data/newton/compare.yaml with `rollup: {medicare: 2.5}`. Before, "Ratified Feb 2024" was
    # $1,099,155,512.49 in the compare section and $1,089,419,718.17 (the rounds file's own 1.45%) in the
    # negotiation table of the same report.
    from costing.report import open_report
    from costing.report import rounds as report_rounds

    spec = yaml.safe_load((NEWTON / "compare.yaml").read_text())
    for key in ("roster", "contract", "rounds"):
        spec[key] = str(NEWTON / spec[key])
    spec["proposals"] = [str(NEWTON / p) for p in spec["proposals"]]
    spec.update(rollup={"medicare": 2.5}, output=str(tmp_path / "out"))
    path = tmp_path / "compare.yaml"
    path.write_text(yaml.safe_dump(spec))
    r = open_report(path, "", "2030-01-01")
    table = _table(report_rounds.compare_section(report_rounds.scenario_rounds(r.scenario, r.scenario_path)),
                   "The negotiation round by round").frame.set_index("Offer")
    years = r.costing.figures[r.costing.figures["period"] == "year"]   # the rounds add every year costed
    totals = years.assign(scenario=years["scenario"].astype(str)).groupby("scenario")["total"].sum()
    for offer, name in (("NTA offer 1/28/2024", "nta_2024-01-28"), ("Committee 1/30/2024", "sc_2024-01-30"),
                        ("Ratified 2/2024", "ratified_2024")):
        assert table.at[offer, "Cost"] == pytest.approx(totals[name], abs=0.005), offer
    assert table.at["Ratified 2/2024", "Cost"] > 1_089_419_718.17 + 1_000_000    # the override counts in the rounds


def test_years_are_read_by_one_rule_in_a_scenario_and_a_rounds_file(tmp_path: Path) -> None:
    assert Rounds.fiscal_years is Scenario.fiscal_years
    path = negotiation(tmp_path, years="2025-20x6")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump({"title": "t", "roster": "roster.csv", "contract": "contract.yaml",
                                        "years": "2025-20x6"}))
    with pytest.raises(InputError) as in_rounds:
        load_rounds(path)
    with pytest.raises(InputError) as in_scenario:
        load_scenario(scenario)
    assert str(in_rounds.value).split(": years", 1)[1] == str(in_scenario.value).split(": years", 1)[1]


def test_years_outside_the_contract_name_the_rounds_file(tmp_path: Path) -> None:
    path = negotiation(tmp_path, years="2025-2027")          # the contract's period ends 6/30/2026
    for verb in ("rounds", "validate"):
        result = _invoke(verb, str(path))
        assert result.exit_code == 2, result.output
        assert result.output.strip().startswith(f"error: {path}: years: fiscal year 2027"), result.output


def test_validate_finds_a_quote_cell_the_contract_has_not(tmp_path: Path) -> None:
    path = negotiation(tmp_path, quote_cell={"schedule": "s", "lane": "L", "step": "99"})
    for verb in ("validate", "rounds"):
        result = _invoke(verb, str(path))
        assert result.exit_code == 2, result.output
        assert result.output.strip().startswith(f"error: {path}: quote_cell: schedule 's' has no rate for lane 'L'"
                                                " step '99'"), result.output
    scenario = tmp_path / "scenario.yaml"                     # a scenario naming the rounds: validated as reported
    scenario.write_text(yaml.safe_dump({"title": "t", "roster": "roster.csv", "contract": "contract.yaml",
                                        "years": "2025-2026", "rounds": path.name, "output": "out"}))
    result = _invoke("validate", str(scenario))
    assert result.exit_code == 2 and f"error: {path}: quote_cell: schedule 's' has no rate" in result.output
    path = negotiation(tmp_path, quote_cell={"schedule": "t", "lane": "L", "step": "1"})
    result = _invoke("validate", str(path))
    assert result.exit_code == 2 and "quote_cell.schedule: the contract has no schedule 't' (it has s)" in result.output


def test_assumed_terms_are_marked_in_the_proposal_and_said_in_the_round(tmp_path: Path) -> None:
    path = negotiation(tmp_path)
    proposal = tmp_path / "proposals" / "committee_1.yaml"
    text = yaml.safe_load(proposal.read_text())
    text["changes"][1]["status"] = "assumed"
    proposal.write_text(yaml.safe_dump(text))
    result = _invoke("rounds", str(path))
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: {path}: rounds[2].assumed: proposals/committee_1.yaml marks terms assumed:"
                                     " say which in a phrase (it is printed beside the round's figures)")
    spec = yaml.safe_load(path.read_text())
    spec["rounds"][1]["assumed"] = "the second year's 2%"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    rc = cost_rounds(path)
    assert round_summary(rc)["assumed"].tolist() == ["", "the second year's 2%", ""]
    from costing.report.rounds import assumed_terms, rounds_table

    assert "Round 2's cost rests on terms the sources do not give" in rounds_table(rc).note
    assert "2. committee 1: the second year's 2%." in html.unescape(assumed_terms(rc))
    spec["rounds"][0]["assumed"] = "nothing"                 # round 1's proposal marks nothing assumed
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    with pytest.raises(InputError, match=r"rounds\[1\]\.assumed: says terms were assumed, but"):
        cost_rounds(path)


def test_the_timeline_is_spaced_by_date(tmp_path: Path) -> None:
    import matplotlib.dates as mdates

    from costing.report.rounds import timeline_chart

    rounds = [
        {"date": "2024-01-02", "side": "union", "status": "offered", "proposals": ["proposals/union_1.yaml"],
         "source": SOURCE},
        {"date": "2024-04-01", "time": "11:45", "side": "committee", "status": "offered",
         "proposals": ["proposals/committee_1.yaml"], "source": SOURCE},
        {"date": "2024-04-01", "time": "15:15", "side": "union", "status": "countered",
         "proposals": ["proposals/union_2.yaml"], "source": SOURCE},
        {"date": "2024-04-02", "side": "joint", "status": "tentatively_agreed", "proposals": ["proposals/union_2.yaml"],
         "source": SOURCE},
    ]
    chart = timeline_chart(cost_rounds(negotiation(tmp_path, rounds)))
    main, enlarged = chart.axes
    dots = [line for line in main.lines if line.get_marker() == "o"]
    union = mdates.num2date(dots[0].get_xdata()[0]).replace(tzinfo=None)
    committee = mdates.num2date(dots[1].get_xdata()[0]).replace(tzinfo=None)
    assert (union.isoformat(), committee.isoformat()) == ("2024-01-02T12:00:00", "2024-04-01T11:45:00")
    chart.figure.canvas.draw()
    labels = [t.get_text() for t in main.get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", t) for t in labels), labels   # 7/1/2024 style
    # the three rounds of 4/1-4/2 are enlarged beside, with their numbers apart
    low, high = enlarged.get_xlim()
    assert high - low < 3 and "rounds 2-4" in enlarged.get_title()
    boxes = [t.get_window_extent() for t in enlarged.texts if t.get_text() in ("2", "3", "4")]
    assert len(boxes) == 3 and not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_validate_knows_a_rounds_file(tmp_path: Path) -> None:
    result = _invoke("validate", str(negotiation(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "ok  rounds" in result.output and "(3 rounds costed 2025-2026)" in result.output


def test_the_scenario_schema_on_disk_knows_a_scenarios_rounds() -> None:
    # an editor validating compare.yaml against schemas/scenario.schema.json must accept `rounds:` and the
    # negotiation notebook (`costing schema` writes the file from the model)
    schema = json.loads((NEWTON.parent.parent / "schemas" / "scenario.schema.json").read_text())
    assert "rounds" in schema["properties"]
    assert "negotiation" in json.dumps(schema["properties"]["notebooks"])
