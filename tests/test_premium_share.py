"""Who gets what counts the employee's share of the premiums, not pay alone.

Constructed case, computed by hand. One annual schedule at $50,000; a family plan at $3,000 a
month ($36,000 a year), the employer paying 75%. The proposal raises pay 2% and moves the
employer's share to 80% from 7/1/2025; FY2026 is costed, FY2025 is the year before.

    E1 (family):  FY2025 pay 50,000.00, premium share 25% x 36,000 = 9,000.00, take-home 41,000.00
                  FY2026 pay 51,000.00, premium share 20% x 36,000 = 7,200.00, take-home 43,800.00
                  raise 2.00%; premium change -1,800.00 a year; take-home 43,800 / 41,000 - 1 = 6.8293%
    E2 (waived):  pay 50,000.00 -> 51,000.00; no premium; raise 2.00%, take-home 2.00%
    Status quo:   E1 pays 9,000.00 in both years; no raise: 0.00% either way
"""

from __future__ import annotations

import datetime as dt

import pytest

from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.projection import Options
from costing.negotiate.distribution import employee_premiums, raise_distribution, raises
from costing.report import negotiation

from .conftest import make_contract, make_proposal, make_roster

CONTRACT = {
    "name": "case", "units": ["u"], "proration": "calendar_days",
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 50000}}}]}],
    "benefits": [{"name": "health", "column": "health", "plans": {"HMO": [{"effective": "2020-07-01",
                                                                            "rates": {"individual": 1200, "family": 3000}}]},
                  "employer_share": [{"effective": "2020-07-01", "percent": 75}]}],
}
PROPOSAL = {"title": "Raise and share", "changes": [
    {"op": "raise_percent", "effective": "2025-07-01", "percent": 2},
    {"op": "set_employer_share", "effective": "2025-07-01", "name": "health", "percent": 80}]}
PEOPLE = [{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
           "seniority_date": "2015-01-01", "health": "HMO:family"},
          {"employee_id": "E2", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
           "seniority_date": "2015-01-01", "health": ""}]


@pytest.fixture(scope="module")
def costing():
    contract = make_contract(CONTRACT)
    offer = apply_proposal(contract, make_proposal(PROPOSAL))
    return cost_scenarios(make_roster(PEOPLE, contract), contract, {"offer": offer}, [2026],
                          Options(as_of=dt.date(2025, 7, 1)))


def test_the_employee_premium_share_by_hand(costing):
    shares = employee_premiums(costing, "offer", [2025, 2026]).set_index(["fiscal_year", "employee_id"])["premium_share"]
    assert shares.to_dict() == {(2025, "E1"): 9000.00, (2025, "E2"): 0.0, (2026, "E1"): 7200.00, (2026, "E2"): 0.0}
    status_quo = employee_premiums(costing, "baseline", [2026]).set_index("employee_id")["premium_share"]
    assert status_quo["E1"] == 9000.00


def test_who_gets_what_shows_the_premium_change_and_take_home(costing):
    frame = raises(costing)
    e1 = frame[(frame.scenario == "offer") & (frame.employee_id == "E1") & (frame.fiscal_year == 2026)].iloc[0]
    assert e1["raise_pct"] == pytest.approx(0.02, abs=1e-11)   # rates are fractions (docs/api.md)
    assert e1["premium_change"] == -1800.00
    assert e1["take_home_pct"] == pytest.approx(43800 / 41000 - 1, abs=1e-11)
    e2 = frame[(frame.scenario == "offer") & (frame.employee_id == "E2") & (frame.period == "term")].iloc[0]
    assert e2["premium_change"] == 0 and e2["take_home_pct"] == pytest.approx(0.02, abs=1e-11)
    quo = frame[(frame.scenario == "baseline") & (frame.employee_id == "E1") & (frame.fiscal_year == 2026)].iloc[0]
    assert quo["premium_change"] == 0 and quo["take_home_pct"] == pytest.approx(0.0, abs=1e-11)
    table = raise_distribution(frame, by=())
    row = table[(table.scenario == "offer") & (table.fiscal_year == 2026)].iloc[0]
    # the median of E1's -1,800.00 and E2's 0.00, and of 6.8293% and 2%
    assert row["premium_change_median"] == -900.00
    assert row["take_home_median"] == pytest.approx((43800 / 41000 - 1 + 0.02) / 2, abs=1e-11)


def test_the_report_table_shows_the_premium_share_where_the_contract_has_benefits(costing):
    table = negotiation.raise_table(costing, raise_distribution(raises(costing), by=()).assign(group="all"), "offer")
    premium = "Median change in the premium share, $ a year"
    assert premium in table.frame.columns and "Median % (each person's pay less their premium share)" in table.frame.columns
    assert table.formatted()[premium].tolist()[0] == "($900.00)"
    assert "premium share" in table.note


def test_premium_columns_left_out_only_when_they_repeat(costing):
    """A $0.00 median premium change everywhere with the take-home median equal to the median (Newton's offers)
    leaves both columns out and says so; a median of $0.00 with a different take-home median keeps them."""
    frame = raise_distribution(raises(costing), by=()).assign(group="all")
    repeat = frame.assign(premium_change_median=0.0, take_home_median=frame["median"])
    table = negotiation.raise_table(costing, repeat, "offer")
    assert not any("premium share" in c for c in table.frame.columns)
    assert "those two columns are left out" in table.note
    differs = frame.assign(premium_change_median=0.0, take_home_median=frame["median"] + 0.001)
    kept = negotiation.raise_table(costing, differs, "offer")
    assert "Median change in the premium share, $ a year" in kept.frame.columns
