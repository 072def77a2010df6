"""Single-employee cases, one YAML file per mechanism, with hand-computed expectations.

Each file in tests/cases/ says in its header how its numbers were computed by hand; the test
projects the case and compares to the cent. A case may cost several proposals (``proposals:``)
and may pin report figures (``figures:``, through the costing run that reports use): money to the
cent, a rate (a column ending ``_pct``) as a fraction to six places (0.005 is 0.5%).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.dates import PayCalendar, pay_dates_in
from costing.engine.money import round_array, round_decimal
from costing.engine.projection import Options, project
from costing.errors import InputError
from costing.inputs.loading import load_contract
from costing.inputs.moves import attach_moves
from costing.inputs.roster import check_roster

from .conftest import make_contract, make_proposal, make_roster

# district_*.yaml are the district audits (tests/test_district_audit.py: bundled files, not inline contracts)
CASES = sorted(p for p in (Path(__file__).parent / "cases").glob("*.yaml") if not p.name.startswith("district_"))


def _scenarios(case: dict) -> dict:
    contract = make_contract(case["contract"])
    scenarios = {"baseline": contract}
    if "proposal" in case:
        scenarios["proposal"] = apply_proposal(contract, make_proposal(case["proposal"]))
    for name, proposal in case.get("proposals", {}).items():
        scenarios[name] = apply_proposal(contract, make_proposal(proposal))
    return scenarios


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    scenarios = _scenarios(case)
    roster = make_roster(case["roster"], scenarios["baseline"])
    if "moves" in case:
        roster = attach_moves(roster, pd.DataFrame(case["moves"]).assign(
            date=lambda f: pd.to_datetime(f["date"]).astype("datetime64[s]"),
            **{c: (lambda f, c=c: f[c] if c in f else "") for c in ("lane", "step")}))
    options = Options(as_of=case.get("as_of"))
    for scenario, expectations in case["expect"].items():
        years = sorted(set(case["years"]) | {e["fiscal_year"] for e in expectations})
        result = project(roster, scenarios[scenario], years, scenario, options)
        for e in expectations:
            got = result[(result.fiscal_year == e["fiscal_year"]) & (result.employee_id == e["employee_id"])
                         & (result.component == e["component"])]["amount"].sum()
            assert round(got, 2) == pytest.approx(e["amount"], abs=0.001), (scenario, e)
    if "figures" in case:
        proposals = {k: v for k, v in scenarios.items() if k != "baseline"}
        figures = cost_scenarios(roster, scenarios["baseline"], proposals, case["years"], options).figures
        for e in case["figures"]:
            row = figures[(figures.scenario == e["scenario"]) & (figures.fiscal_year == e["fiscal_year"])]
            places = 6 if e["column"].endswith("_pct") else 2     # a rate is a fraction
            assert round(float(row[e["column"]].iloc[0]), places) == pytest.approx(e["amount"], abs=10.0 ** -(places + 1)), e


def test_cases_exist_for_every_mechanism() -> None:
    names = {p.stem for p in CASES}
    assert {"mid_year_raise", "anniversary_moved", "longevity_threshold", "hold_harmless", "entry_step_drop",
            "prorated_stipend", "one_time_payment", "hourly_differential", "retro_pay",
            "school_year_cola_and_step", "school_year_work_days", "first_year_prior", "hire_on_anniversary",
            "new_position", "midyear_nonprorated_stipend", "rate_rounded_up", "hold_harmless_readings"} <= names


# --- rounding and pay dates, by hand ----------------------------------------------------------

@pytest.mark.parametrize("value, quantum, mode, expected", [
    ("46251.075", "1", "up", "46252"), ("46251.000", "1", "up", "46251"),
    ("20.66", "0.05", "half_up", "20.65"), ("20.675", "0.05", "half_up", "20.70"), ("20.625", "0.05", "half_down", "20.60"),
    ("40800.255", "0.01", "half_down", "40800.25"), ("40800.255", "0.01", "half_up", "40800.26"),
    ("2.5", "1", "half_down", "2"), ("2.5", "1", "half_even", "2"), ("3.5", "1", "half_even", "4"),
])
def test_rounding_rules(value, quantum, mode, expected) -> None:
    from decimal import Decimal
    assert round_decimal(value, quantum, mode) == Decimal(expected)
    assert float(round_array(float(value), float(quantum), mode)) == pytest.approx(float(expected), abs=1e-9)


def test_27_pay_dates_are_visible() -> None:
    # Fridays every 14 days from 7/12/2024: FY2025 holds 7/12/2024 ... 6/27/2025 = 26 dates; a
    # 7/5/2024 anchor gives 7/5/2024 ... 6/20/2025 = 26 as well; anchor 7/1/2024 (a Monday)
    # gives 7/1/2024 + 14k for k = 0..26: 6/30/2025 is 364 days later, so 27 dates.
    assert len(pay_dates_in(dt.date(2024, 7, 1), dt.date(2025, 7, 1), PayCalendar(dt.date(2024, 7, 12)))) == 26
    assert len(pay_dates_in(dt.date(2024, 7, 1), dt.date(2025, 7, 1), PayCalendar(dt.date(2024, 7, 1)))) == 27


def test_27th_pay_date_paid_costs_27_26ths() -> None:
    # $52,000 paid in checks of 52,000/26 = 2,000: a fiscal year with 27 pay dates costs 54,000.00
    # when the 27th is paid; absorbed, the year costs 52,000.00.
    base = {"name": "c", "units": ["u"], "proration": "pay_periods",
            "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                           "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 52000}}}]}]}
    roster_rows = [{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                    "seniority_date": "2015-01-01"}]
    for rule, expected in (("paid", 54000.00), ("absorbed", 52000.00)):
        contract = make_contract({**base, "pay_periods": {"anchor": "2024-07-01", "twenty_seventh": rule}})
        result = project(make_roster(roster_rows, contract), contract, [2025])
        assert round(float(result["amount"].sum()), 2) == expected


# --- a roster with nobody in the prior year (issue 14) ---------------------------------------

def test_roster_of_mid_year_starters_costs() -> None:
    # Everyone starts 10/1/2024 (a new program): FY2024 has nobody. $40,000 from 10/1/2024:
    # FY2025 = 40,000 x 273/365 = 10,920,000/365 = 29,917.81 each; prior year total 0.00.
    contract = make_contract({"name": "c", "units": ["u"], "schedules": [
        {"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
         "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000}}}]}]})
    roster = make_roster([{"employee_id": f"N{i}", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                           "seniority_date": "2024-10-01", "start_date": "2024-10-01"} for i in range(3)], contract)
    costing = cost_scenarios(roster, contract, {}, [2025, 2026])
    first = costing.figures[costing.figures.fiscal_year == 2025].iloc[0]
    assert first["total"] == pytest.approx(3 * 29917.81, abs=0.001)
    assert first["prior_year_total"] == 0.0
    assert first["status_quo_prior_year_total"] == 0.0


# --- bad input: one line, naming the place ----------------------------------------------------

def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contract.yaml"
    path.write_text(text)
    return path


CONTRACT_TEXT = """
name: c
units: [u]
proration: {proration}
work_calendar: {calendar}
schedules:
  - name: s
    unit: u
    rate_unit: annual
    rounding: {{rate: {quantum}, annual: 0.01, mode: half_up}}
    lanes: [L]
    steps: ["1"]
    tables: [{{effective: 2020-07-01, rates: {{L: {{"1": 40000}}}}}}]
"""


def _contract_text(proration="school_year", calendar='{start: "09-01", end: "06-30"}', quantum="0.01") -> str:
    return CONTRACT_TEXT.format(proration=proration, calendar=calendar, quantum=quantum)


def test_unknown_proration_name_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        load_contract(_write(tmp_path, _contract_text(proration="school_days")))
    text = str(error.value)
    assert "\n" not in text and "contract.yaml" in text and "proration" in text and "school_year" in text


def test_unknown_proration_in_a_roster_row_is_one_line() -> None:
    contract = make_contract({"name": "c", "units": ["u"], "schedules": [
        {"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
         "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000}}}]}]})
    raw = pd.DataFrame([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                         "seniority_date": "2015-01-01", "proration": "ten_month"}])
    with pytest.raises(InputError) as error:  # found where the roster is checked, by validate as by every verb
        check_roster(raw, contract, "roster.csv")
    text = str(error.value)
    assert text.startswith("roster.csv: row 2 (E1): column proration: 'ten_month'") and "\n" not in text


def test_school_year_without_work_days_is_one_line(tmp_path: Path) -> None:
    # 9/6/2025 and 9/7/2025 are a Saturday and a Sunday: FY2026's school year has no work day
    contract = load_contract(_write(tmp_path, _contract_text(calendar='{start: "09-06", end: "09-07"}')))
    roster = make_roster([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                           "seniority_date": "2015-01-01"}], contract)
    with pytest.raises(InputError) as error:
        project(roster, contract, [2026])
    text = str(error.value)
    assert "work_calendar" in text and "no work days" in text and "FY2026" in text and "\n" not in text


def test_school_year_across_two_fiscal_years_is_one_line(tmp_path: Path) -> None:
    text = _contract_text().replace("name: c\n", 'name: c\nfiscal_year_start: "01-01"\n')
    contract = load_contract(_write(tmp_path, text))
    roster = make_roster([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                           "seniority_date": "2015-01-01"}], contract)
    with pytest.raises(InputError, match="inside one fiscal year"):
        project(roster, contract, [2025])


def test_rounding_quantum_that_does_not_divide_a_dollar_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        load_contract(_write(tmp_path, _contract_text(quantum="0.03")))
    text = str(error.value)
    assert "\n" not in text and "rounding" in text and "does not divide a dollar" in text


def test_bad_input_exits_2_on_the_command_line(tmp_path: Path) -> None:
    from costing.cli import main
    result = CliRunner().invoke(main, ["validate", str(_write(tmp_path, _contract_text(quantum="0.03")))])
    assert result.exit_code == 2
    assert "does not divide a dollar" in result.output and "Traceback" not in result.output


def test_proration_column_is_read_from_a_roster_file(tmp_path: Path) -> None:
    # the same as school_year_cola_and_step's T2, through a roster read from CSV
    contract = make_contract({"name": "c", "units": ["u"], "proration": "school_year", "schedules": [
        {"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
         "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 36500}}}]}]})
    path = tmp_path / "roster.csv"
    path.write_text("employee_id,unit,schedule,lane,step,fte,seniority_date,start_date,proration\n"
                    "E1,u,s,L,1,1,2015-01-01,2024-09-01,\nE2,u,s,L,1,1,2015-01-01,2024-09-01,calendar_days\n")
    from costing.inputs.roster import load_roster
    result = project(load_roster(path, contract), contract, [2025])
    by = result.groupby("employee_id", observed=True)["amount"].sum()
    # E1 on the school year: all of it (36,500.00); E2 on calendar days: 303 of 365 days = 30,300.00
    assert by["E1"] == 36500.00 and by["E2"] == 30300.00
