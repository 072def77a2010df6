"""The figures frame (costing.engine.measures): every measure of a constructed costing, by hand.

The case: one annual schedule, lane L, step 1 $40,000 and step 2 $50,000, steps on January 1; a
roll-up of 10% on base pay; two people placed on 7/1/2024 (the roster date): E1 at step 2 (top),
E2 at step 1 (moves to step 2 on 1/1/2025). Years FY2025-FY2026; the year before is FY2024. The
proposal pays $1,000 one-time to each on 10/15/2024 and raises every cell 10% from 7/1/2025.

FY2024 (both scenarios, roster-date steps): base 50,000 + 40,000 = 90,000; roll-up 9,000; total 99,000.
FY2025: E2 = 40,000 x 184/365 + 50,000 x 181/365 = 16,410,000/365 = 44,958.90 (184 days before 1/1).
  base 94,958.90; roll-up 5,000.00 + 4,495.89 = 9,495.89; status quo total 104,454.79;
  proposal total 104,454.79 + 2,000.00 one-time = 106,454.79 (salary 96,958.90, benefits 9,495.89).
FY2026: status quo base 100,000, roll-up 10,000, total 110,000; proposal base 110,000, roll-up 11,000,
  total 121,000.
Base pay with nobody moving a step (E1 50,000, E2 40,000): status quo 90,000 both years; proposal 90,000,
  then 55,000 + 44,000 = 99,000.
  Step movement since the roster date: status quo 4,958.90 then 10,000.00; proposal 4,958.90 then 11,000.00.
  Step movement in the year: 4,958.90 then 10,000 - 4,958.90 = 5,041.10 (proposal 11,000 - 4,958.90 = 6,041.10).
  Rate changes over the status quo (both on roster-date steps): FY2025 0.00; FY2026 99,000 - 90,000 = 9,000.00
  (the other 1,000.00 of the 10,000.00 base-pay difference is the raise on E2's step: step movement,
  11,000.00 - 10,000.00, as the reconciliation splits it).
Change over the prior year (all-in): status quo 5,454.79 (5,454.79/99,000 = 5.509889%), 5,545.21
  (5.308740%), compounded 110,000/99,000 - 1 = 11.1111%; proposal 7,454.79 (7.530091%), 14,545.21
  (14,545.21/106,454.79 = 13.663264%), compounded 121,000/99,000 - 1 = 22.2222%, summed 22,000.00.
Recurring (all-in less one-time) for the proposal: FY2025 104,454.79 (5.509889%), FY2026 121,000
  (16,545.21/104,454.79 = 15.839586%); compounded 22.2222%.
New money over the status quo: 2,000.00 (2,000/104,454.79 = 1.914704%), 11,000.00 (10%); over the
  window 13,000.00, 13,000/214,454.79 = 6.061958%; cumulative 2,000.00, 13,000.00. Shares of the
  window's new money: base 10,000/13,000 = 76.9231%, roll-up 1,000/13,000 = 7.6923%, one-time 15.3846%.
Year-end annual pay: FY2024 90,000; status quo 100,000, 100,000; proposal 100,000, 110,000. Lift:
  status quo 11.1111%, 0%; proposal 11.1111%, 10%, compounded 110,000/90,000 - 1 = 22.2222%. On
  roster-date steps (across-the-board rate): 90,000 throughout, proposal 99,000 in FY2026: 0%, 10%.
Annualization (both employed all year, no retro): FY2025 100,000 - 94,958.90 = 5,041.10; FY2026 0. Cost of 1%: 94,958.90 x 1% x 1.10 =
  1,044.55; proposal FY2026 110,000 x 1.1% = 1,210.00. Headcount 2, FTE 2; proposal FY2026 cost per
  FTE 121,000/2 = 60,500.00, base per FTE 55,000.00. Rates are fractions in the frame (5.509889% is
0.05509889). Nobody joins or leaves: the same group is everyone, so its figures are the budget line's.
"""

from __future__ import annotations

import pandas as pd
import pytest

from costing.engine import measures
from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.measures import TERM, select, value
from costing.engine.periods import compound
from costing.engine.projection import Options

from .conftest import make_contract, make_proposal, make_roster

CONTRACT = {"name": "case", "units": ["u"],
            "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2"],
                           "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000, "2": 50000}}}],
                           "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "01-01"}]}}],
            "rollup": [{"name": "fringe", "rate": 10, "applies_to": ["base"]}]}
PROPOSAL = {"title": "raise and bonus", "changes": [
    {"op": "one_time", "effective": "2024-10-01", "name": "bonus", "amount": 1000, "pay_date": "2024-10-15",
     "employed_on": ["2024-10-01"]},
    {"op": "raise_percent", "effective": "2025-07-01", "percent": 10}]}
ROSTER = [{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "2", "fte": "1",
           "seniority_date": "2010-01-01"},
          {"employee_id": "E2", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
           "seniority_date": "2020-03-01"}]


@pytest.fixture(scope="module")
def costing():
    contract = make_contract(CONTRACT)
    proposal = apply_proposal(contract, make_proposal(PROPOSAL))
    return cost_scenarios(make_roster(ROSTER, contract), contract, {"proposal": proposal}, [2025, 2026],
                          Options(as_of=pd.Timestamp("2024-07-01").date()))


def _check(frame, scenario, measure, convention, expected: dict, population=None) -> None:
    got = select(frame, measure, convention, scenario, population=population)
    assert set(got.index) == set(expected), (measure, convention, list(got.index))
    rate = measure.endswith("_pct") or measure.endswith("_share")
    for year, amount in expected.items():
        assert got[year] == pytest.approx(amount, abs=5.1e-6 if rate else 0.00051), (scenario, measure, convention, year)


@pytest.mark.parametrize("scenario, measure, convention, expected", [
    ("baseline", "cost", "all_in", {2025: 104454.79, 2026: 110000.00, TERM: 214454.79}),
    ("proposal", "cost", "all_in", {2025: 106454.79, 2026: 121000.00, TERM: 227454.79}),
    ("proposal", "cost", "salary", {2025: 96958.90, 2026: 110000.00, TERM: 206958.90}),
    ("proposal", "cost", "benefits", {2025: 9495.89, 2026: 11000.00, TERM: 20495.89}),
    ("proposal", "cost", "one_time", {2025: 2000.00, 2026: 0.00, TERM: 2000.00}),
    ("proposal", "cost", "base_fixed", {2025: 90000.00, 2026: 99000.00, TERM: 189000.00}),
    ("proposal", "prior_year_cost", "all_in", {2025: 99000.00, 2026: 106454.79}),
    ("baseline", "change_prior", "all_in", {2025: 5454.79, 2026: 5545.21, TERM: 11000.00}),
    ("proposal", "change_prior", "all_in", {2025: 7454.79, 2026: 14545.21, TERM: 22000.00}),
    ("baseline", "change_prior_pct", "all_in", {2025: 0.05509889, 2026: 0.0530874, TERM: 0.11111111}),
    ("proposal", "change_prior_pct", "all_in", {2025: 0.07530091, 2026: 0.13663264, TERM: 0.22222222}),
    ("proposal", "change_prior_pct", "recurring", {2025: 0.05509889, 2026: 0.15839586, TERM: 0.22222222}),
    ("proposal", "change_prior_pct", "base_fixed", {2025: 0.0, 2026: 0.1, TERM: 0.1}),
    ("proposal", "change_prior_pct", "atb_rate", {2025: 0.0, 2026: 0.1, TERM: 0.1}),
    ("proposal", "change_prior_pct", "lift", {2025: 0.11111111, 2026: 0.1, TERM: 0.22222222}),
    ("proposal", "compounded_change_prior_pct", "lift", {2025: 0.11111111, 2026: 0.22222222}),
    ("proposal", "diff_baseline", "all_in", {2025: 2000.00, 2026: 11000.00, TERM: 13000.00}),
    ("proposal", "diff_baseline_pct", "all_in", {2025: 0.01914704, 2026: 0.1, TERM: 0.06061958}),
    ("proposal", "cumulative_diff_baseline", "all_in", {2025: 2000.00, 2026: 13000.00}),
    ("proposal", "diff_baseline_share", "base", {2025: 0.0, 2026: 0.90909091, TERM: 0.76923077}),
    ("proposal", "diff_baseline_share", "one_time", {2025: 1.0, 2026: 0.0, TERM: 0.15384615}),
    ("baseline", "step_movement_since_roster_date", "roster_date_steps", {2025: 4958.90, 2026: 10000.00}),
    ("baseline", "step_movement_in_year", "roster_date_steps", {2025: 4958.90, 2026: 5041.10, TERM: 10000.00}),
    ("proposal", "step_movement_in_year", "roster_date_steps", {2025: 4958.90, 2026: 6041.10, TERM: 11000.00}),
    ("proposal", "rate_changes", "base_fixed", {2025: 0.0, 2026: 9000.00, TERM: 9000.00}),
    ("proposal", "annualization", "year_end_rates", {2025: 5041.10, 2026: 0.0}),
    ("baseline", "cost_of_1pct", "base_with_rollup", {2025: 1044.55, 2026: 1100.00}),
    ("proposal", "cost_of_1pct", "base_with_rollup", {2025: 1044.55, 2026: 1210.00}),
    ("proposal", "year_end_annual_base", "year_end_rates", {2025: 100000.00, 2026: 110000.00}),
    ("proposal", "headcount", "year_end", {2025: 2, 2026: 2}),
    ("proposal", "fte", "year_end", {2025: 2, 2026: 2}),
    ("proposal", "per_fte", "all_in", {2025: 53227.40, 2026: 60500.00}),
    ("proposal", "per_fte", "base", {2025: 47479.45, 2026: 55000.00}),
])
def test_measure_by_hand(costing, scenario, measure, convention, expected):
    _check(costing.measures, scenario, measure, convention, expected)


def test_frame_has_its_columns_and_one_row_per_figure(costing):
    frame = costing.measures
    assert list(frame.columns) == measures.COLUMNS
    keys = frame[["scenario", "fiscal_year", "period", "measure", "convention", "population"]].astype(str)
    assert not keys.duplicated().any()
    assert set(frame["period"]) == {measures.YEAR, measures.TERM}
    assert frame.loc[frame["period"] == TERM, "fiscal_year"].isna().all()
    assert frame["in_term"].all()   # no term stated: every year costed is in the term
    assert set(frame["unit"]) == {"dollars", "percent", "count", "fte"}


def test_wide_figures_are_a_selection_of_the_frame(costing):
    figures = costing.figures
    assert list(figures.columns[:5]) == measures.KEY_COLUMNS
    assert list(figures["label"].unique()) == ["Status quo", "Proposal"]   # no proposal text: the key in words
    years = figures[figures["period"] == measures.YEAR].set_index(["scenario", "fiscal_year"])
    over = figures[figures["period"] == measures.TERM].set_index("scenario")
    assert over["fiscal_year"].isna().all() and list(over.index) == ["baseline", "proposal"]
    for column, measure, convention, population in measures.WIDE:
        if column in ("baseline_total", "status_quo_prior_year_total"):
            continue
        got = select(costing.measures, measure, convention, population=population)
        by_year = {k: v for k, v in got.items() if k[1] != TERM}
        if by_year:   # a measure over the term only (a simple sum, the run rate) has no year rows
            assert years[column].astype(float).to_dict() == pytest.approx(by_year, nan_ok=True), column
        else:
            assert years[column].isna().all(), column
        term_values = {k[0]: v for k, v in got.items() if k[1] == TERM}
        assert over[column].astype(float).reindex(list(term_values)).tolist() == pytest.approx(
            list(term_values.values()), nan_ok=True), column
    assert (years["baseline_total"] == [104454.79, 110000.00] * 2).all()
    assert (years["status_quo_prior_year_total"] == 99000.00).all()
    assert over.at["proposal", "total"] == pytest.approx(227454.79)
    assert over.at["proposal", "change_prior_pct"] == pytest.approx(121000 / 99000 - 1)


def test_select_and_value_name_what_is_missing(costing):
    assert value(costing.measures, "proposal", "change_prior", "all_in") == pytest.approx(22000.00)
    assert value(costing.measures, "proposal", "cost", "all_in", 2026) == pytest.approx(121000.00)
    with pytest.raises(KeyError, match="no measure 'cost' under convention 'nonsense'"):
        select(costing.measures, "cost", "nonsense")
    with pytest.raises(KeyError, match="no scenario 'nobody'"):
        select(costing.measures, "cost", "all_in", "nobody")
    with pytest.raises(KeyError, match="term"):
        value(costing.measures, "proposal", "headcount", "year_end")   # a year-end count has no value over the term
    with pytest.raises(KeyError, match="population 'hires'"):
        select(costing.measures, "change_prior_pct", "atb_rate", population="hires")


def test_years_with_a_gap_have_no_prior_year_across_it():
    """With FY2025 and FY2027 costed, FY2027's prior year (FY2026) is not costed: its change is unknown,
    not the change over two years."""
    contract = make_contract(CONTRACT)
    costing = cost_scenarios(make_roster(ROSTER, contract), contract, {}, [2025, 2027])
    change = select(costing.measures, "change_prior", "all_in", "baseline")
    assert change[2025] == pytest.approx(5454.79) and pd.isna(change[2027]) and pd.isna(change[TERM])


def test_compounding_is_unknown_when_a_year_is():
    assert compound([0.03, 0.035, 0.035]) == pytest.approx(0.10336175)   # 1.03 x 1.035 x 1.035 = 1.10336175
    assert pd.isna(compound([0.03, float("nan")])) and pd.isna(compound([]))
