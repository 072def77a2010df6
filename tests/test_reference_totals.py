"""The engine against the per-day reference for unit-level lines with caps, paid days on their own
dates, and premiums with plan moves and coverage changes (costing.engine.reference_totals), on random
inputs. The hand cases are tests/cases/cap_per_contract_year_*.yaml, paid_holidays_on_their_dates.yaml
and benefits_tier_change_and_plan_move.yaml."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.engine.apply import apply_proposal
from costing.engine.projection import Options, project
from costing.engine.reference_totals import reference_lines, reference_paid_days, reference_premiums
from costing.inputs.moves import attach_moves

from .conftest import make_contract, make_proposal, make_roster

AS_OF = dt.date(2023, 7, 1)
YEARS = [2024, 2025, 2026, 2027, 2028]


def _agree(fast: pd.DataFrame, slow: pd.DataFrame, keys: list[str]) -> None:
    fast = fast.groupby(keys, observed=True)["amount"].sum().reset_index()
    merged = fast.merge(slow, on=keys, how="outer", suffixes=("_fast", "_slow")).fillna(0.0)
    gap = (merged["amount_fast"] - merged["amount_slow"]).abs()
    assert (gap <= 0.011).all(), merged[gap > 0.011]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["calendar_days", "school_year", "work_days"]), st.integers(10_000, 120_000),
       st.integers(20_000, 90_000), st.sampled_from(["09-01", "07-01", "01-01"]),
       st.dates(dt.date(2023, 7, 1), dt.date(2025, 12, 31)), st.booleans())
def test_cost_lines_and_caps_match_reference(proration, amount, cap, year_start, effective, escalate) -> None:
    contract = make_contract({
        "name": "lines", "units": ["u"], "proration": proration,
        "work_calendar": {"start": "09-01", "end": "06-30", "holidays": ["2024-11-28", "2026-01-19"]},
        "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                       "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 50000}}}]}],
        "cost_lines": [
            {"name": "per_contract_year", "unit": "u", "rate": amount, "quantity": 1, "cap": cap, "cap_per": "contract_year",
             "contract_year_start": year_start, "effective": effective.isoformat(),
             **({"escalate_with": {"schedule": "s"}} if escalate else {})},
            {"name": "per_fiscal_year", "unit": "u", "rate": amount, "quantity": 1, "cap": cap, "effective": effective.isoformat()},
        ]})
    contract = apply_proposal(contract, make_proposal({"title": "raises", "changes": [
        {"op": "raise_percent", "effective": "2024-09-01", "percent": 4},
        {"op": "raise_percent", "effective": "2026-01-01", "percent": 3}]}))
    roster = make_roster([{"employee_id": "E", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                           "seniority_date": "2015-01-01"}], contract)
    fast = project(roster, contract, YEARS, options=Options(as_of=AS_OF))
    fast = fast[fast.component.astype(str).str.startswith("line:")]
    _agree(fast, reference_lines(contract, YEARS), ["fiscal_year", "component"])


HOLIDAYS = {
    "name": "paid", "units": ["u", "v"], "proration": "calendar_days",
    "schedules": [
        {"name": "s", "unit": "u", "rate_unit": "hourly", "work_year": {"hours_per_day": 6, "days_per_year": 180},
         "lanes": ["L"], "steps": ["1", "2"], "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 20, "2": 22}}}],
         "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "01-01"}]}},
        {"name": "t", "unit": "v", "rate_unit": "annual", "work_year": {"days_per_year": 200},
         "lanes": ["L"], "steps": ["1"], "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 52000}}}]}],
    "paid_days": [{"name": "holidays", "days": 1, "on": "2023-10-09", "recurring": True, "units": ["u"],
                   "also_on": ["2023-11-23", "2024-01-15", "2024-06-19"]},
                  {"name": "once", "days": 2, "on": "2024-12-24", "also_on": ["2025-03-03"]}],
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["s", "t"]), st.sampled_from(["1", "2"]), st.sampled_from(["1", "0.5"]),
                          st.one_of(st.none(), st.dates(dt.date(2023, 7, 1), dt.date(2026, 6, 1))),
                          st.one_of(st.none(), st.dates(dt.date(2023, 8, 1), dt.date(2027, 6, 1)))), min_size=1, max_size=6))
def test_paid_days_on_their_own_dates_match_reference(people) -> None:
    contract = make_contract(HOLIDAYS)
    rows = []
    for i, (schedule, step, fte, start, end) in enumerate(people):
        if start and end and end < start:
            start, end = end, start
        rows.append({"employee_id": f"P{i}", "unit": "u" if schedule == "s" else "v", "schedule": schedule, "lane": "L",
                     "step": step if schedule == "s" else "1", "fte": fte, "seniority_date": "2015-01-01",
                     "start_date": start.isoformat() if start else "", "end_date": end.isoformat() if end else ""})
    roster = make_roster(rows, contract)
    fast = project(roster, contract, YEARS[:4], options=Options(as_of=AS_OF))
    fast = fast[fast.component.astype(str).str.startswith("extra_pay:")]
    _agree(fast, reference_paid_days(roster, contract, YEARS[:4], AS_OF), ["fiscal_year", "employee_id", "component"])


BENEFITS = {
    "name": "premiums", "units": ["u"], "proration": "calendar_days",
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 50000}}}]}],
    "benefits": [{"name": "health", "column": "health",
                  "plans": {"HMO": [{"effective": "2023-07-01", "rates": {"individual": 800, "family": 2000}},
                                    {"effective": "2025-01-01", "rates": {"individual": 850, "family": 2150}}],
                            "PPO": [{"effective": "2023-07-01", "rates": {"individual": 1000, "family": 2500}}]},
                  "employer_share": [{"effective": "2023-07-01", "percent": 75, "plans": ["HMO"]},
                                     {"effective": "2023-07-01", "percent": 50, "plans": ["PPO"]},
                                     {"effective": "2025-07-01", "percent": 80, "plans": ["HMO"]}]}],
}
ENROLMENTS = ["HMO:individual", "HMO:family", "PPO:individual", "PPO:family", "", "waived"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ENROLMENTS), st.one_of(st.none(), st.tuples(
           st.dates(dt.date(2023, 7, 1), dt.date(2026, 6, 30)), st.sampled_from(ENROLMENTS))),
           st.one_of(st.none(), st.dates(dt.date(2023, 8, 1), dt.date(2026, 6, 1)))), min_size=1, max_size=6),
       st.booleans())
def test_premiums_with_plan_moves_and_coverage_changes_match_reference(people, move_plan) -> None:
    contract = make_contract(BENEFITS)
    if move_plan:
        contract = apply_proposal(contract, make_proposal({"title": "one plan", "changes": [
            {"op": "move_plan", "effective": "2024-09-01", "name": "health", "from_plan": "PPO", "to_plan": "HMO"}]}))
    rows, moves = [], []
    for i, (enrolled, change, end) in enumerate(people):
        rows.append({"employee_id": f"H{i}", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                     "seniority_date": "2015-01-01", "end_date": end.isoformat() if end else "", "health": enrolled})
        if change:
            moves.append({"employee_id": f"H{i}", "date": pd.Timestamp(change[0]), "lane": "", "step": "",
                          "health": change[1] or "waived"})
    roster = make_roster(rows, contract)
    if moves:
        roster = attach_moves(roster, pd.DataFrame(moves).assign(date=lambda f: f["date"].astype("datetime64[s]")))
    fast = project(roster, contract, YEARS[:3], options=Options(as_of=AS_OF))
    fast = fast[fast.component.astype(str).str.startswith("benefit:")]
    _agree(fast, reference_premiums(roster, contract, YEARS[:3]), ["fiscal_year", "employee_id", "component"])
