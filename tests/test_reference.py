"""The vectorized projection agrees with the plain per-day reference on random rosters."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.engine.apply import apply_proposal
from costing.engine.projection import Options, project
from costing.engine.reference import reference_project
from costing.inputs.loading import load_contract, load_proposal

from .conftest import DATA
from .test_identities import rosters

CONTRACT = load_contract(DATA / "chelsea/contract.yaml")
MOA = apply_proposal(CONTRACT, load_proposal(DATA / "chelsea/proposals/moa_2024.yaml"))
AS_OF = dt.date(2024, 7, 1)


def _compare(roster: pd.DataFrame, contract, years) -> None:
    fast = project(roster, contract, years, options=Options(as_of=AS_OF))
    fast = fast[fast.component.astype(str).isin(["base", "longevity"]) | fast.component.astype(str).str.startswith("stipend:")]
    fast = fast[~fast.component.astype(str).eq("stipend:prep_time")]
    slow = reference_project(roster, contract, years, AS_OF)
    merged = fast.groupby(["fiscal_year", "employee_id", "component"], observed=True)["amount"].sum().reset_index().merge(
        slow, on=["fiscal_year", "employee_id", "component"], how="outer", suffixes=("_fast", "_slow")
    ).fillna({"amount_fast": 0.0, "amount_slow": 0.0})   # a line only one side has is 0 on the other (keys stay as they are)
    gap = (merged["amount_fast"] - merged["amount_slow"]).abs()
    assert (gap <= 0.011).all(), merged[gap > 0.011]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(), st.sampled_from(["baseline", "moa"]))
def test_projection_matches_reference(roster: pd.DataFrame, which: str) -> None:
    _compare(roster.head(6), CONTRACT if which == "baseline" else MOA, [2025, 2027])


STEPPING = {
    "name": "stepping", "units": ["c"],
    "schedules": [{
        "name": "c", "unit": "c", "rate_unit": "daily", "work_year": {"days_per_year": 185},
        "lanes": ["L1", "L2"], "steps": ["1", "1.5", "2", "2.5", "3", "4"],
        "tables": [
            {"effective": "2023-09-01", "rates": {"L1": {"1": 150, "1.5": 155, "2": 160, "2.5": 166, "3": 171, "4": 180},
                                                   "L2": {"1": 160, "1.5": 165, "2": 171, "2.5": 177, "3": 183, "4": 190}}},
        ],
        "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "12-01"}], "min_service_days": 91},
    }],
    "longevity": [{"name": "longevity", "payment": "prorated",
                   "tables": [{"effective": "2020-07-01", "amounts": {"10": 1200, "20": 2000}}]}],
}
CHANGES = {"title": "stepping", "changes": [
    {"op": "raise_percent", "effective": "2024-09-01", "percent": 5},
    {"op": "drop_entry_step", "effective": "2024-09-01", "step": "1"},
    {"op": "set_anniversary", "effective": "2024-09-01", "month_day": "11-01"},
    {"op": "set_anniversary", "effective": "2025-09-01", "month_day": "10-01"},
    {"op": "set_anniversary", "effective": "2026-09-01", "month_day": "09-01"},
    {"op": "drop_entry_step", "effective": "2026-09-01", "step": "1.5"},
    {"op": "freeze_steps", "effective": "2025-06-01", "until": "2025-06-30"},
    {"op": "replace_longevity", "effective": "2025-09-01", "amounts": {"10": 750, "15": 1000, "20": 1500, "27": 3500},
     "hold_harmless": True},
]}


@st.composite
def stepping_rosters(draw) -> pd.DataFrame:
    from costing.inputs.roster import check_roster

    from .conftest import make_contract
    contract = make_contract(STEPPING)
    rows = []
    for i in range(draw(st.integers(1, 6))):
        rows.append({"employee_id": f"S{i}", "unit": "c", "schedule": "c", "lane": draw(st.sampled_from(["L1", "L2"])),
                     "step": draw(st.sampled_from(["1", "1.5", "2", "2.5", "3", "4"])), "fte": "1",
                     "seniority_date": draw(st.dates(dt.date(1990, 1, 1), dt.date(2025, 6, 1))).isoformat(),
                     "max_step": draw(st.sampled_from(["", "3"]))})
    return check_roster(pd.DataFrame(rows), contract, "generated")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stepping_rosters())
def test_steps_drops_and_moved_anniversaries_match_reference(roster: pd.DataFrame) -> None:
    from .conftest import make_contract, make_proposal
    contract = make_contract(STEPPING)
    _compare(roster, apply_proposal(contract, make_proposal(CHANGES)), [2025, 2026, 2027])
    _compare(roster, contract, [2025, 2026, 2027])


MIXED = {
    "name": "mixed", "units": ["t", "o"], "proration": "calendar_days",
    "work_calendar": {"start": "09-01", "end": "06-30", "holidays": ["2025-11-27", "2026-01-19"]},
    "pay_periods": {"anchor": "2024-07-05", "lag_days": 5, "twenty_seventh": "paid"},
    "schedules": [
        {"name": "teachers", "unit": "t", "rate_unit": "annual", "proration": "school_year",
         "rounding": {"rate": 1, "annual": 1, "mode": "up"},
         "lanes": ["BA", "MA"], "steps": ["1", "2", "3", "4"],
         "tables": [{"effective": "2023-07-01", "rates": {"BA": {"1": 50000, "2": 52250, "3": 54601, "4": 57058},
                                                          "MA": {"1": 55000, "2": 57475, "3": 60061, "4": 62764}}}],
         "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "11-01"}], "min_service_days": 0}},
        {"name": "months", "unit": "t", "rate_unit": "daily", "work_year": {"days_per_year": 185}, "proration": "school_year",
         "work_calendar": {"start": "08-28", "end": "06-20", "weigh_by": "months"},
         "rounding": {"rate": 0.05, "annual": 0.01, "mode": "half_down"},
         "lanes": ["L"], "steps": ["1", "2", "3"],
         "tables": [{"effective": "2023-07-01", "rates": {"L": {"1": 150, "2": 158.35, "3": 167.1}}}],
         "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "09-01"}], "min_service_days": 120}},
        {"name": "office", "unit": "o", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2", "3"],
         "tables": [{"effective": "2023-07-01", "rates": {"L": {"1": 40000, "2": 41200, "3": 42436}}}],
         "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "07-01"}], "min_service_days": 30}},
    ],
    "longevity": [{"name": "longevity", "payment": "prorated", "tables": [
        {"effective": "2020-07-01", "amounts": {"10": 600, "15": 900, "20": 1300, "25": 1800}}]}],
    "stipends": [{"name": "coach", "kind": "annual", "prorated": False, "column": "coach",
                  "values": [{"effective": "2020-07-01", "amount": 0}, {"effective": "2025-01-15", "amount": 1200}]}],
}
MIXED_CHANGES = {"title": "mixed", "changes": [
    {"op": "raise_percent", "effective": "2024-09-01", "percent": 3},
    {"op": "raise_percent", "effective": "2025-09-01", "percent": 2.5},
    {"op": "replace_longevity", "effective": "2025-09-01", "amounts": {"10": 750, "15": 1000, "20": 1500, "27": 3500},
     "hold_harmless": "continuing"},
    {"op": "set_stipend", "effective": "2026-02-01", "name": "mentor", "kind": "annual", "amount": 102, "prorated": False},
]}


@st.composite
def mixed_rosters(draw) -> pd.DataFrame:
    from costing.inputs.roster import check_roster

    from .conftest import make_contract
    contract = make_contract(MIXED)
    rows = []
    for i in range(draw(st.integers(1, 6))):
        schedule = draw(st.sampled_from(["teachers", "months", "office"]))
        steps = {"teachers": ["1", "2", "3", "4"], "months": ["1", "2", "3"], "office": ["1", "2", "3"]}[schedule]
        start = draw(st.one_of(st.none(), st.dates(dt.date(2024, 6, 1), dt.date(2026, 5, 1))))
        end = draw(st.one_of(st.none(), st.dates(dt.date(2024, 8, 1), dt.date(2027, 6, 1))))
        if start and end and end < start:
            start, end = end, start
        seniority = draw(st.dates(dt.date(1995, 1, 1), dt.date(2024, 6, 30)))
        if start and draw(st.booleans()):
            seniority = start  # a new hire: service counts from the start
        rows.append({"employee_id": f"M{i}", "unit": "o" if schedule == "office" else "t", "schedule": schedule,
                     "lane": draw(st.sampled_from(["BA", "MA"])) if schedule == "teachers" else "L",
                     "step": draw(st.sampled_from(steps)), "fte": str(draw(st.sampled_from([1.0, 0.6]))),
                     "seniority_date": seniority.isoformat(),
                     "start_date": start.isoformat() if start else "", "end_date": end.isoformat() if end else "",
                     "coach": str(draw(st.integers(0, 1))),
                     "proration": draw(st.sampled_from(["", "", "calendar_days", "pay_periods", "work_days", "school_year"]))})
    return check_roster(pd.DataFrame(rows), contract, "generated")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_rosters(), st.sampled_from([None, "calendar_days", "school_year"]))
def test_school_year_hires_stipends_and_readings_match_reference(roster: pd.DataFrame, override) -> None:
    """Per-schedule and per-row proration, start-date eligibility, rounding rules, continuing
    hold-harmless and non-prorated stipends starting mid-year: the two implementations agree."""
    from .conftest import make_contract, make_proposal
    contract = make_contract(MIXED)
    as_of = dt.date(2024, 7, 1)
    for which in (contract, apply_proposal(contract, make_proposal(MIXED_CHANGES))):
        fast = project(roster, which, [2025, 2026, 2027], options=Options(as_of=as_of, proration=override))
        fast = fast[~fast.component.astype(str).str.startswith("rollup")]
        slow = reference_project(roster, which, [2025, 2026, 2027], as_of, proration=override)
        merged = fast.groupby(["fiscal_year", "employee_id", "component"], observed=True)["amount"].sum().reset_index().merge(
            slow, on=["fiscal_year", "employee_id", "component"], how="outer", suffixes=("_fast", "_slow")
    ).fillna({"amount_fast": 0.0, "amount_slow": 0.0})   # a line only one side has is 0 on the other (keys stay as they are)
        gap = (merged["amount_fast"] - merged["amount_slow"]).abs()
        assert (gap <= 0.011).all(), merged[gap > 0.011]
