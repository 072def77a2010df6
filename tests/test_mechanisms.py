"""Issue 26: contracts as they are written. Each mechanism's hand-computed case (tests/cases/) is
also costed by the per-day reference (costing.engine.reference), which must agree with the
projection to the cent; and each says in words the date or figure it resolves to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.engine.apply import apply_proposal
from costing.engine.ops import describe
from costing.engine.projection import Options, project
from costing.engine.reference import reference_project

from .conftest import make_contract, make_proposal, make_roster

CASES = Path(__file__).parent / "cases"
MECHANISM_CASES = ["work_day_raise", "steps_on_work_day", "steps_every_three_years", "stated_hours_factor", "rebuild_equal_dollars", "raise_greater_of", "end_of_term_bump", "september_march_split", "step_differentiated_raise", "one_time_funding_source"]


def _case(name: str) -> dict:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text())


def _scenarios(case: dict) -> dict:
    contract = make_contract(case["contract"])
    out = {"baseline": contract}
    if "proposal" in case:
        out["proposal"] = apply_proposal(contract, make_proposal(case["proposal"]))
    for name, proposal in case.get("proposals", {}).items():
        out[name] = apply_proposal(contract, make_proposal(proposal))
    return out


def _costed(name: str):
    """A case costed as a report costs it (the figures frame included), its proposals against its baseline."""
    from costing.engine.costing_run import cost_scenarios

    case = _case(name)
    scenarios = _scenarios(case)
    roster = make_roster(case["roster"], scenarios["baseline"])
    proposals = {k: v for k, v in scenarios.items() if k != "baseline"}
    return cost_scenarios(roster, scenarios["baseline"], proposals, case["years"],
                          Options(as_of=dt.date.fromisoformat(str(case["as_of"]))))


def _agree(roster: pd.DataFrame, contract, years, as_of: dt.date) -> None:
    fast = project(roster, contract, years, options=Options(as_of=as_of))
    fast = fast[fast.component.astype(str).isin(["base", "longevity"]) | fast.component.astype(str).str.startswith("stipend:")]
    fast = fast.groupby(["fiscal_year", "employee_id", "component"], observed=True)["amount"].sum().reset_index()
    fast = fast.astype({"employee_id": str, "component": str})
    slow = reference_project(roster, contract, years, as_of)
    merged = fast.merge(slow, on=["fiscal_year", "employee_id", "component"], how="outer", suffixes=("_fast", "_slow"))
    gap = (merged["amount_fast"].astype(float).fillna(0.0) - merged["amount_slow"].astype(float).fillna(0.0)).abs()
    assert (gap <= 0.011).all(), merged[gap > 0.011]   # the reference adds up its days in floats, as in test_reference


@pytest.mark.parametrize("name", MECHANISM_CASES)
def test_the_reference_agrees_on_each_mechanism_case(name: str) -> None:
    case = _case(name)
    for contract in _scenarios(case).values():
        roster = make_roster(case["roster"], contract)
        _agree(roster, contract, case["years"], dt.date.fromisoformat(str(case["as_of"])))


def test_a_work_day_is_said_as_the_date_it_resolves_to() -> None:
    case = _case("work_day_raise")
    contract = make_contract(case["contract"])
    change = make_proposal(case["proposal"]).changes[1]
    made = apply_proposal(contract, make_proposal(case["proposal"]))
    assert describe(change, made) == "1% raise on every step, from 1/19/2016 (the 92nd work day of 2015-16)"
    assert describe(change) == "1% raise on every step, from the 92nd work day of 2015-16"
    # the rate table the raise makes starts on the day it resolves to (what `costing schedules` lists)
    assert [t.effective for t in made.schedule("teachers").tables][-1] == dt.date(2016, 1, 19)


def test_steps_on_a_work_day_say_each_year_s_date() -> None:
    case = _case("steps_on_work_day")
    contract = make_contract(case["contract"])
    change = make_proposal(case["proposal"]).changes[0]
    assert describe(change, contract) == ("steps move on the 101st work day of each school year (1/19/2015,"
                                          " 1/19/2016 and 1/19/2017), from 7/1/2014")


def test_a_work_day_the_school_year_does_not_have_is_one_line() -> None:
    from costing.errors import InputError

    case = _case("work_day_raise")
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "raise_percent", "effective_work_day": {"day": 300, "school_year": "2015-16"}, "percent": 1}]})
    with pytest.raises(InputError) as error:
        apply_proposal(make_contract(case["contract"]), proposal, source="offer.yaml")
    assert str(error.value) == ("offer.yaml: changes[1] (raise_percent).effective_work_day: the 2015-16 school year"
                                " (09-01 to 06-30, less its holidays) has 209 work days: there is no work day 300")


def test_a_work_day_on_schedules_with_different_calendars_is_refused() -> None:
    from costing.errors import InputError

    case = _case("work_day_raise")
    data = dict(case["contract"])
    other = {**data["schedules"][0], "name": "aides", "work_calendar": {"start": "08-27", "end": "06-20"}}
    contract = make_contract({**data, "schedules": [*data["schedules"], other]})
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "raise_percent", "effective_work_day": {"day": 92, "school_year": "2015-16"}, "percent": 1}]})
    with pytest.raises(InputError, match="falls on different days .* write one change per schedule"):
        apply_proposal(contract, proposal)
    # one change per schedule: each on its own calendar's day
    per_schedule = make_proposal({"title": "t", "changes": [
        {"op": "raise_percent", "effective_work_day": {"day": 92, "school_year": "2015-16"}, "percent": 1,
         "schedules": [name]} for name in ("teachers", "aides")]})
    made = apply_proposal(contract, per_schedule)
    assert made.schedule("teachers").tables[-1].effective == dt.date(2016, 1, 19)
    assert made.schedule("aides").tables[-1].effective < dt.date(2016, 1, 19)   # it starts on 8/27


def test_a_change_gives_one_date() -> None:
    from costing.errors import InputError

    for fields, words in (({}, "give the change's date"),
                          ({"effective": "2015-09-01", "effective_work_day": {"day": 1, "school_year": "2015-16"}},
                           "not both"),
                          ({"effective_work_day": {"day": 1, "school_year": "2015-17"}}, "not a school year")):
        with pytest.raises(InputError, match=words):
            make_proposal({"title": "t", "changes": [{"op": "raise_percent", "percent": 1, **fields}]})


# --- steps every N years -------------------------------------------------------------------------

def test_dwell_years_is_every_step_s_dwell() -> None:
    case = _case("steps_every_three_years")
    data = case["contract"]
    schedule = {**data["schedules"][0], "step_rules": {**data["schedules"][0]["step_rules"], "dwell_years": 3}}
    del schedule["step_rules"]["dwell"]
    listed = make_contract(data)
    every = make_contract({**data, "schedules": [schedule]})
    roster = make_roster(case["roster"], listed)
    options = Options(as_of=dt.date(2012, 7, 1))
    a, b = (project(roster, c, case["years"], options=options) for c in (listed, every))
    assert a["amount"].tolist() == b["amount"].tolist()


@pytest.mark.parametrize("rules, words", [
    ({"dwell": [3, 3]}, "give one for each step but the top (3: steps 1, 2, 3)"),
    ({"dwell": [3, 3, 3], "dwell_years": 2}, "not both"),
    ({"dwell_years": 3, "advance_by": 2}, "one step at a time"),
    ({"dwell": [3, 0, 3]}, "dwell[2]: 0 is out of bounds: it must be >= 1"),
])
def test_a_dwell_that_cannot_be_meant_is_refused(rules: dict, words: str) -> None:
    from costing.errors import InputError

    data = _case("steps_every_three_years")["contract"]
    schedule = {**data["schedules"][0], "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "09-01"}],
                                                      **rules}}
    with pytest.raises(InputError) as error:
        make_contract({**data, "schedules": [schedule]})
    assert words in str(error.value) and "\n" not in str(error.value)


DWELLING = {
    "name": "dwelling", "units": ["c"], "proration": "calendar_days",
    "schedules": [{
        "name": "c", "unit": "c", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2", "3", "4", "5", "6"],
        "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000, "2": 41000, "3": 42500, "4": 44000,
                                                                  "5": 46000, "6": 48000}}}],
        "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "11-01"}], "min_service_days": 120,
                       "dwell": [1, 2, 3, 2, 4]},
    }],
}
DWELLING_CHANGES = {"title": "dwelling", "changes": [
    {"op": "drop_entry_step", "effective": "2025-09-01", "step": "1"},
    {"op": "set_anniversary", "effective": "2025-09-01", "month_day": "10-01"},
    {"op": "freeze_steps", "effective": "2026-07-01", "until": "2026-12-31"},
]}


@st.composite
def dwelling_rosters(draw) -> pd.DataFrame:
    from costing.inputs.roster import check_roster

    contract = make_contract(DWELLING)
    rows = []
    for i in range(draw(st.integers(1, 6))):
        start = draw(st.one_of(st.none(), st.dates(dt.date(2024, 6, 1), dt.date(2026, 5, 1))))
        seniority = start or draw(st.dates(dt.date(2000, 1, 1), dt.date(2024, 6, 30)))
        rows.append({"employee_id": f"D{i}", "unit": "c", "schedule": "c", "lane": "L",
                     "step": draw(st.sampled_from(["1", "2", "3", "4", "5", "6"])), "fte": "1",
                     "seniority_date": seniority.isoformat(), "start_date": start.isoformat() if start else "",
                     "max_step": draw(st.sampled_from(["", "5"]))})
    return check_roster(pd.DataFrame(rows), contract, "generated")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dwelling_rosters())
def test_dwells_with_drops_freezes_and_hires_match_the_reference(roster: pd.DataFrame) -> None:
    contract = make_contract(DWELLING)
    for which in (contract, apply_proposal(contract, make_proposal(DWELLING_CHANGES))):
        _agree(roster, which, [2025, 2026, 2027], dt.date(2024, 7, 1))


# --- a stated hours-per-day factor --------------------------------------------------------------

def test_the_schedule_s_own_time_worked_is_paid_the_stated_factor() -> None:
    from costing.engine.schedule_listing import rate_table_frame

    data = _case("stated_hours_factor")["contract"]
    schedule = {**data["schedules"][0], "work_year": {"hours_per_day": 7.25, "days_per_year": 180}}
    contract = make_contract({**data, "schedules": [schedule]})
    # costing schedules' annual figure: 16.11 x 7.27 x 180 = 21,081.55 (not 21,023.55 at 7.25 hours)
    assert float(rate_table_frame(contract)["annual"].iloc[0]) == 21081.55


def test_a_time_worked_that_is_not_one_is_one_line() -> None:
    from costing.errors import InputError

    data = _case("stated_hours_factor")["contract"]
    schedule = {**data["schedules"][0], "paid_hours": {"6.10": 6.17}}
    with pytest.raises(InputError) as error:
        make_contract({**data, "schedules": [schedule]})
    assert "is not a time worked a day such as \"6:10\"" in str(error.value) and "\n" not in str(error.value)


# --- rebuild by equal dollars or listed differences ---------------------------------------------

REBUILT = {"name": "c", "units": ["u"], "schedules": [{
    "name": "s", "unit": "u", "rate_unit": "hourly", "work_year": {"hours_per_day": 6.5, "days_per_year": 210},
    "lanes": ["P", "Q"], "steps": ["1", "2", "3", "4"], "blank_cells": {"Q": ["1", "3"]},
    "tables": [{"effective": "2024-07-01", "rates": {"P": {"1": 20, "2": 21, "3": 22, "4": 23}, "Q": {"2": 25, "4": 27}}}]}]}


def test_differences_count_a_blank_cell_s_gap_and_convert_through_the_work_year() -> None:
    # $1,365 a year between steps is $1.00 an hour on 6.5 h x 210 days = 1,365 hours. Lane P from its
    # step 1: 20, 21, 22, 23 (unchanged, as it happens) ... with differences 1365, 2730, 4095 a year
    # ($1, $2, $3 an hour): 20, 21, 23, 26. Lane Q has no step 1 or 3: it starts from its step 2 (25);
    # step 4 is step 2 plus the differences of steps 3 and 4: 25 + 2 + 3 = 30.
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "rebuild", "effective": "2025-07-01", "differences": [1365, 2730, 4095], "from_step": "1"}]})
    table = apply_proposal(make_contract(REBUILT), proposal).schedule("s").tables[-1]
    assert {lane: {k: float(v) for k, v in cells.items()} for lane, cells in table.rates.items()} == {
        "P": {"1": 20.0, "2": 21.0, "3": 23.0, "4": 26.0}, "Q": {"2": 25.0, "4": 30.0}}
    assert describe(proposal.changes[0]) == ("steps rebuilt from step 1 with differences of $1,365.00, $2,730.00 and"
                                             " $4,095.00 per year, from 7/1/2025")


def test_differences_that_do_not_fit_the_steps_are_one_line() -> None:
    from costing.errors import InputError

    proposal = make_proposal({"title": "t", "changes": [
        {"op": "rebuild", "effective": "2025-07-01", "differences": [1, 2], "per": "hour", "from_step": "1"}]})
    with pytest.raises(InputError) as error:
        apply_proposal(make_contract(REBUILT), proposal, source="offer.yaml")
    assert str(error.value) == ("offer.yaml: changes[1] (rebuild): differences gives 2 amounts; schedule 's' has"
                                " 3 steps after 1")
    with pytest.raises(InputError, match="give one of ratio .* not ratio and difference"):
        make_proposal({"title": "t", "changes": [{"op": "rebuild", "effective": "2025-07-01", "ratio": 1.06,
                                                  "difference": 500}]})


# --- the greater of a percent and an amount -------------------------------------------------------

FLOORED = {
    "name": "floored", "units": ["p"], "proration": "school_year",
    "schedules": [{
        "name": "p", "unit": "p", "rate_unit": "hourly", "work_year": {"hours_per_day": 6.5, "days_per_year": 180},
        "paid_hours": {"7:15": 7.27}, "lanes": ["A", "B"], "steps": ["1", "2", "3", "4"],
        "tables": [{"effective": "2020-07-01", "rates": {"A": {"1": 18, "2": 21, "3": 27, "4": 41},
                                                          "B": {"1": 19.5, "2": 23, "3": 30, "4": 45}}}],
        "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "09-01"}], "min_service_days": 90},
    }],
}
FLOOR_CHANGES = {"title": "floors", "changes": [
    {"op": "raise_greater_of", "effective": "2024-09-01", "percent": 2.25, "amount": 900, "each": "person"},
    {"op": "raise_greater_of", "effective": "2025-02-01", "percent": 1, "amount": 0.25, "per": "hour",
     "each": "person", "fte_scaled": False, "lanes": ["A"]},
    {"op": "raise_percent", "effective": "2025-09-01", "percent": 3},
    {"op": "raise_greater_of", "effective": "2026-09-01", "percent": 2, "amount": 5, "per": "day", "steps": ["1", "2"]},
]}


@st.composite
def floored_rosters(draw) -> pd.DataFrame:
    from costing.inputs.roster import check_roster

    contract = make_contract(FLOORED)
    rows = []
    for i in range(draw(st.integers(1, 6))):
        start = draw(st.one_of(st.none(), st.dates(dt.date(2024, 6, 1), dt.date(2026, 5, 1))))
        end = draw(st.one_of(st.none(), st.dates(dt.date(2024, 10, 1), dt.date(2027, 6, 1))))
        if start and end and end < start:
            start, end = end, start
        rows.append({"employee_id": f"F{i}", "unit": "p", "schedule": "p", "lane": draw(st.sampled_from(["A", "B"])),
                     "step": draw(st.sampled_from(["1", "2", "3", "4"])), "fte": str(draw(st.sampled_from([1.0, 0.6]))),
                     "seniority_date": (start or draw(st.dates(dt.date(2000, 1, 1), dt.date(2024, 6, 30)))).isoformat(),
                     "start_date": start.isoformat() if start else "", "end_date": end.isoformat() if end else "",
                     "hours_per_day": draw(st.sampled_from(["", "3", "7.25"]))})
    return check_roster(pd.DataFrame(rows), contract, "generated")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(floored_rosters())
def test_floors_with_steps_hires_own_hours_and_later_raises_match_the_reference(roster: pd.DataFrame) -> None:
    contract = make_contract(FLOORED)
    _agree(roster, apply_proposal(contract, make_proposal(FLOOR_CHANGES)), [2025, 2026, 2027], dt.date(2024, 7, 1))


def test_a_raise_of_nothing_is_refused() -> None:
    from costing.errors import InputError

    for fields, words in (({"percent": 0, "amount": 900}, "is not a raise"),
                          ({"percent": 2, "amount": 0}, "amount: 0 is out of bounds: it must be > 0")):
        with pytest.raises(InputError, match=words):
            make_proposal({"title": "t", "changes": [{"op": "raise_greater_of", "effective": "2025-07-01", **fields}]})


# --- end-of-term bumps: lift much greater than cost -----------------------------------------------

def test_an_end_of_term_bump_lifts_far_more_than_it_costs() -> None:
    # tests/cases/end_of_term_bump.yaml: 82,001.13 / 82,000.00 - 1 = 0.001378% over the prior year,
    # against a 0.5% lift of the year-end base: the figures frame says both (as fractions, 0.0000138 and
    # 0.005), the lift 363 times the cost.
    from costing.engine.measures import value

    costing = _costed("end_of_term_bump")
    cost = value(costing.measures, "proposal", "change_prior_pct", "all_in", 2023)
    lift = value(costing.measures, "proposal", "change_prior_pct", "lift", 2023)
    assert cost == pytest.approx(82001.13 / 82000.00 - 1, abs=1e-11)
    assert lift == pytest.approx(0.005, abs=1e-11)
    assert lift > 300 * cost


# --- one-time money by funding source --------------------------------------------------------------

def test_one_time_costs_group_by_funding_source() -> None:
    # tests/cases/one_time_funding_source.yaml: the bonus from free cash 2 x 500.00 = 1,000.00 and the
    # retention payment, naming no source, 2 x 375.00 = 750.00, both in FY2025; nothing in FY2026.
    from costing.engine.funding import one_time_by_source

    costing = _costed("one_time_funding_source")
    case = _case("one_time_funding_source")
    table = one_time_by_source(costing.results, costing.contracts)
    assert table.to_dict("records") == [
        {"scenario": "proposal", "fiscal_year": 2025, "funding_source": "free cash", "component": "one_time:bonus",
         "amount": 1000.00},
        {"scenario": "proposal", "fiscal_year": 2025, "funding_source": "not stated",
         "component": "one_time:retention", "amount": 750.00}]
    change = make_proposal(case["proposal"]).changes[0]
    assert describe(change).startswith("one-time payment bonus of $500.00 paid 10/15/2024 to those employed on"
                                       " 10/1/2024, funded from free cash")
