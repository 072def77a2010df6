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


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stepping_rosters(), st.sampled_from(["after_steps", "before_steps"]))
def test_steps_held_before_the_roster_date_and_drop_order_match_reference(roster: pd.DataFrame, order: str) -> None:
    """The year before the roster date on the steps held then (FY2024, before 7/1/2024), and an
    entry-step drop on a step day (9/1/2026) in either stated order: the two implementations agree."""
    from .conftest import make_contract, make_proposal
    schedule = STEPPING["schedules"][0]
    tables = [{**schedule["tables"][0], "effective": "2020-07-01"}]
    spec = {**STEPPING, "schedules": [{**schedule, "tables": tables,
                                       "step_rules": {**schedule["step_rules"], "drop_order": order}}]}
    contract = make_contract(spec)
    # the second drop falls on the 11/1/2024 step day, where people moved to 1.5 on 9/1/2024 step again
    changes = {**CHANGES, "changes": [c for c in CHANGES["changes"] if c.get("step") != "1.5"]
               + [{"op": "drop_entry_step", "effective": "2024-11-01", "step": "1.5"}]}
    _compare(roster, apply_proposal(contract, make_proposal(changes)), [2023, 2024, 2025])
    _compare(roster, contract, [2024, 2025])


ELIGIBLE_STIPENDS = [
    {"name": "ten_years", "kind": "annual", "prorated": False, "pay_month_day": "12-01",
     "values": [{"effective": "2020-07-01", "amount": 500}],
     "eligible": {"all_of": [{"years_of_service": {"at_least": 10}}]}},
    {"name": "senior_or_master", "kind": "annual", "values": [{"effective": "2020-07-01", "amount": 1000}],
     "eligible": {"any_of": [{"years_of_service": {"at_least": 15}}, {"column": {"column": "lane", "values": ["MA"]}}]}},
    {"name": "five_and_fall", "kind": "annual", "values": [{"effective": "2020-07-01", "amount": 800}],
     "eligible": {"all_of": [{"years_of_service": {"at_least": 5}}, {"employed_on": "2025-10-01"}]}},
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_rosters(), st.lists(st.dates(dt.date(2009, 7, 1), dt.date(2021, 6, 30)), min_size=6, max_size=6))
def test_stipend_eligibility_read_on_the_day_paid_matches_reference(roster: pd.DataFrame, seniority) -> None:
    """Service tiers with no date of their own, in all_of and any_of, on a pay day and on every day
    of a prorated stipend, beside fixed rules (a date, a column): the two implementations agree.
    Seniority dates are drawn so that the 5, 10 and 15-year tiers are crossed in the years costed."""
    from .conftest import make_contract
    contract = make_contract({**MIXED, "stipends": [*MIXED["stipends"], *ELIGIBLE_STIPENDS]})
    roster = roster.assign(seniority_date=pd.to_datetime(seniority[:len(roster)]).astype("datetime64[s]"))
    as_of = dt.date(2024, 7, 1)
    fast = project(roster, contract, [2025, 2026], options=Options(as_of=as_of))
    fast = fast[fast.component.astype(str).str.startswith("stipend:")]
    slow = reference_project(roster, contract, [2025, 2026], as_of)
    slow = slow[slow.component.str.startswith("stipend:")]
    merged = fast.groupby(["fiscal_year", "employee_id", "component"], observed=True)["amount"].sum().reset_index().merge(
        slow, on=["fiscal_year", "employee_id", "component"], how="outer", suffixes=("_fast", "_slow")).fillna(0.0)
    gap = (merged["amount_fast"] - merged["amount_slow"]).abs()
    assert (gap <= 0.011).all(), merged[gap > 0.011]


LUMP_LONGEVITY = [{"name": "longevity", "payment": "lump", "pay_month_day": "12-01",
                   "tables": [{"effective": "2020-07-01", "amounts": {"10": 600, "20": 1000}}],
                   "leavers_pro_rata": {"reasons": ["retired", "resigned"]}}]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_rosters(), st.lists(st.sampled_from(["retired", "resigned", "dismissed", ""]), min_size=6, max_size=6),
       st.lists(st.one_of(st.none(), st.dates(dt.date(2024, 7, 2), dt.date(2024, 11, 30)),
                          st.dates(dt.date(2025, 7, 2), dt.date(2026, 3, 1))), min_size=6, max_size=6))
def test_lump_longevity_and_pro_rata_for_leavers_match_reference(roster: pd.DataFrame, reasons, ends) -> None:
    """A lump longevity paid 12/1 to those employed then, and its pro-rata share for those who
    retire or resign before it (New Bedford Art. 14 §K.3), on every proration: the two agree.
    Everyone has 10+ years, and most leave before or after a pay day in the years costed."""
    from .conftest import make_contract
    contract = make_contract({**MIXED, "longevity": LUMP_LONGEVITY})
    roster = roster.assign(end_reason=reasons[:len(roster)], start_date=pd.NaT,
                           end_date=pd.to_datetime(ends[:len(roster)]).astype("datetime64[s]"),
                           seniority_date=roster["seniority_date"].clip(upper=pd.Timestamp("2014-06-30")))
    as_of = dt.date(2024, 7, 1)
    fast = project(roster, contract, [2025, 2026], options=Options(as_of=as_of))
    fast = fast[fast.component.astype(str).eq("longevity")]
    slow = reference_project(roster, contract, [2025, 2026], as_of)
    slow = slow[slow.component.eq("longevity")]
    merged = fast.groupby(["fiscal_year", "employee_id", "component"], observed=True)["amount"].sum().reset_index().merge(
        slow, on=["fiscal_year", "employee_id", "component"], how="outer", suffixes=("_fast", "_slow")).fillna(0.0)
    gap = (merged["amount_fast"] - merged["amount_slow"]).abs()
    assert (gap <= 0.011).all(), merged[gap > 0.011]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_rosters(), st.lists(st.one_of(st.none(), st.floats(0.97, 1.15)), min_size=6, max_size=6))
def test_red_circled_own_rates_match_reference(roster: pd.DataFrame, above) -> None:
    """Own rates (frozen on two schedules, raised with the roster cell on the teachers') near and
    above their cells, through raises, steps and every proration: the two implementations agree."""
    from .conftest import make_contract, make_proposal
    spec = {**MIXED, "schedules": [{**MIXED["schedules"][0], "red_circle": "cell_raises"}, *MIXED["schedules"][1:]]}
    contract = make_contract(spec)
    top = {"teachers": 62764.0, "months": 167.1, "office": 42436.0}   # each schedule's highest cell
    roster = roster.assign(own_rate=[None if f is None else round(top[s] * f, 2)
                                     for s, f in zip(roster["schedule"], above[:len(roster)])])
    roster["own_rate"] = roster["own_rate"].astype(float)
    as_of = dt.date(2024, 7, 1)
    for which in (contract, apply_proposal(contract, make_proposal(MIXED_CHANGES))):
        fast = project(roster, which, [2024, 2025, 2026], options=Options(as_of=as_of))
        fast = fast[fast.component.astype(str).eq("base")]
        slow = reference_project(roster, which, [2024, 2025, 2026], as_of)
        slow = slow[slow.component.eq("base")]
        merged = fast.groupby(["fiscal_year", "employee_id", "component"], observed=True)["amount"].sum().reset_index().merge(
            slow, on=["fiscal_year", "employee_id", "component"], how="outer", suffixes=("_fast", "_slow")).fillna(0.0)
        gap = (merged["amount_fast"] - merged["amount_slow"]).abs()
        assert (gap <= 0.011).all(), merged[gap > 0.011]


# --- steps every N years, before the roster date (issue 20's engine leftovers, item 1) ------------

DWELL_SCHEDULE = {
    "name": "c", "unit": "c", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2", "3", "4", "5", "6"],
    "tables": [{"effective": "2000-07-01", "rates": {"L": {"1": 40000, "2": 41000, "3": 42500, "4": 44000,
                                                            "5": 46000, "6": 48000}}}],
    "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "11-01"}], "min_service_days": 120},
}


@st.composite
def dwell_rosters(draw) -> tuple[dict, pd.DataFrame]:
    """A dwell schedule (steps every 3 years, or a dwell per step) and a roster on it whose service
    puts people anywhere on their step, hires in the year before the roster date included."""
    from costing.inputs.roster import check_roster

    from .conftest import make_contract
    dwell = draw(st.sampled_from([{"dwell_years": 3}, {"dwell": [1, 2, 3, 2, 4]}, {"dwell": [3, 1, 1, 2, 2]}]))
    spec = {"name": "dwelling", "units": ["c"], "proration": "calendar_days",
            "schedules": [{**DWELL_SCHEDULE, "step_rules": {**DWELL_SCHEDULE["step_rules"], **dwell}}]}
    rows = []
    for i in range(draw(st.integers(1, 6))):
        start = draw(st.one_of(st.none(), st.dates(dt.date(2022, 6, 1), dt.date(2024, 6, 30))))
        seniority = start or draw(st.dates(dt.date(2000, 1, 1), dt.date(2024, 6, 30)))
        rows.append({"employee_id": f"D{i}", "unit": "c", "schedule": "c", "lane": "L",
                     "step": draw(st.sampled_from(DWELL_SCHEDULE["steps"])), "fte": "1",
                     "seniority_date": seniority.isoformat(), "start_date": start.isoformat() if start else "",
                     "max_step": draw(st.sampled_from(["", "", "4"]))})
    return spec, check_roster(pd.DataFrame(rows), make_contract(spec), "generated")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dwell_rosters())
def test_dwell_steps_held_before_the_roster_date_match_reference(drawn) -> None:
    """Two years before the roster date (FY2023, FY2024) and the first after it, on dwell schedules:
    years of progress taken back, the top-step rule, own max steps and recent hires agree."""
    from .conftest import make_contract
    spec, roster = drawn
    _compare(roster, make_contract(spec), [2023, 2024, 2025])


def test_the_dwell_case_before_the_roster_date_is_the_reference_s_too() -> None:
    """tests/cases/dwell_steps_before_roster_date.yaml, by hand, costed by the per-day reference."""
    from pathlib import Path

    import yaml

    from .conftest import make_contract, make_roster
    case = yaml.safe_load((Path(__file__).parent / "cases/dwell_steps_before_roster_date.yaml").read_text())
    contract = make_contract(case["contract"])
    slow = reference_project(make_roster(case["roster"], contract), contract, [2024, 2025], case["as_of"])
    got = slow.set_index(["fiscal_year", "employee_id", "component"])["amount"]
    for e in case["expect"]["baseline"]:
        assert round(float(got[(e["fiscal_year"], e["employee_id"], e["component"])]), 2) == e["amount"], e
