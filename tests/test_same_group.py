"""Same group and budget line, and annualization that never counts retro already paid: by hand.

Issue 22 item 2. A rate convention measures the same people in both years; leavers and hires are
their own lines of the budget line's change; annualization is of full-year staff and subtracts the
retro paid in the year.

Case 1 (leavers and a hire). One annual schedule, one lane, one step: $50,000, raised 2.5% on
7/1/2024 to $51,250 (every cell). No roll-up, calendar-day proration, roster dated 7/1/2024, fiscal
years FY2025 (7/1/2024-6/30/2025, 365 days) with FY2024 the year before. Twenty people; L1 (5% of
them) leaves on 12/31/2024; H1 is hired on 4/1/2025 at the same cell.

  FY2024: 20 x 50,000 = 1,000,000.00 (H1 not yet employed).
  FY2025: the 19 who stay: 19 x 51,250 = 973,750.00;
          L1: 51,250 x 184/365 (7/1-12/31) = 25,835.616... -> 25,835.62;
          H1: 51,250 x 91/365 (4/1-6/30) = 12,777.397... -> 12,777.40;
          budget line 973,750.00 + 25,835.62 + 12,777.40 = 1,012,363.02.
  Change over FY2024, budget line: 12,363.02 (1.236302%);
    same group (the 19): 973,750.00 - 950,000.00 = 23,750.00, exactly 2.5%;
    leavers (L1): 25,835.62 - 50,000.00 = -24,164.38; hires (H1): 12,777.40 - 0 = 12,777.40;
    23,750.00 - 24,164.38 + 12,777.40 = 12,363.02.
  Across-the-board rate of the same group: year-end pay at roster-date steps, 19 x 50,000 = 950,000 on
    6/30/2024 and 19 x 51,250 = 973,750 on 6/30/2025: exactly 2.5% (of everyone: 20 x 50,000 against
    20 x 51,250 with H1 and without L1, 2.5% only by luck of one for one; without the hire, -2.625%).
  Base pay without steps, same group: 950,000 -> 973,750, 2.5%; of the budget line 1.236302%.
  People: same group 19, leavers 1, hires 1.

Case 2 (retro and a mid-year raise). The same schedule at $40,000; E1 employed throughout, E2 leaves
on 3/31/2025. Proposal "retro": 5% from 7/1/2024 ($42,000), paid at the old rate until 1/1/2025
and the difference paid as retro on 3/1/2025 (FY2025). Proposal "midyear": 5% from 1/1/2025, no
retro.

  E1, both proposals, base pay costed in FY2025: 40,000 x 184/365 + 42,000 x 181/365
    = 14,962,000/365 = 40,991.78; year-end annual pay 42,000.00.
  "retro": E1's retro 2,000 x 184/365 = 1,008.22 paid in FY2025. Annualization of full-year staff
    (E1 only: E2 leaves): 42,000.00 - 40,991.78 - 1,008.22 = 0.00: the raise was already paid, nothing
    is carried into FY2026 (before the fix: 1,008.22 counted again).
  "midyear": no retro; annualization 42,000.00 - 40,991.78 = 1,008.22, what the half-year raise
    adds to FY2026. E2's partial year is not in it (year-end pay less everyone's base pay, the old
    rule, is 42,000.00 - 40,991.78 - E2's 30,520.55 = -29,512.33 there: "negative because of attrition").
"""

from __future__ import annotations

import datetime as dt

import pytest

from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.measures import TERM, select
from costing.engine.projection import Options

from .conftest import make_contract, make_proposal, make_roster

AS_OF = Options(as_of=dt.date(2024, 7, 1))


def _contract(rate: int) -> dict:
    return {"name": "case", "units": ["u"],
            "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                           "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": rate}}}]}]}


def _person(key: str, **dates) -> dict:
    return {"employee_id": key, "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
            "seniority_date": "2015-01-01", **dates}


@pytest.fixture(scope="module")
def leavers():
    contract = make_contract(_contract(50000))
    text = make_proposal({"title": "raise", "changes": [{"op": "raise_percent", "effective": "2024-07-01", "percent": 2.5}]})
    people = [_person(f"E{k:02d}", start_date="", end_date="") for k in range(19)]
    people += [_person("L1", start_date="", end_date="2024-12-31"), _person("H1", start_date="2025-04-01", end_date="")]
    return cost_scenarios(make_roster(people, contract), contract, {"raise": apply_proposal(contract, text)}, [2025],
                          AS_OF, proposal_texts={"raise": text})


def _one(costing, measure, convention, population=None, scenario="raise", year=2025) -> float:
    return float(select(costing.measures, measure, convention, scenario, population=population)[year])


def test_budget_line_and_its_lines_by_hand(leavers):
    assert _one(leavers, "cost", "all_in") == pytest.approx(1_012_363.02, abs=0.005)
    assert _one(leavers, "change_prior", "all_in", "budget_line") == pytest.approx(12_363.02, abs=0.005)
    assert _one(leavers, "change_prior", "all_in", "same_group") == pytest.approx(23_750.00, abs=0.005)
    assert _one(leavers, "change_prior", "all_in", "leavers") == pytest.approx(-24_164.38, abs=0.005)
    assert _one(leavers, "change_prior", "all_in", "hires") == pytest.approx(12_777.40, abs=0.005)
    for line in ("new_positions", "fte_changes", "unit_lines"):
        assert _one(leavers, "change_prior", "all_in", line) == 0.0
    assert [_one(leavers, "people", "employed", p) for p in ("same_group", "leavers", "hires")] == [19, 1, 1]


def test_a_year_with_leavers_and_raises_shows_the_raise_on_the_same_people(leavers):
    assert _one(leavers, "change_prior_pct", "atb_rate") == pytest.approx(0.025, abs=1e-12)        # same group
    assert _one(leavers, "change_prior_pct", "base_fixed") == pytest.approx(0.025, abs=1e-12)
    assert _one(leavers, "change_prior_pct", "all_in") == pytest.approx(0.025, abs=1e-12)
    assert _one(leavers, "change_prior_pct", "all_in", "budget_line") == pytest.approx(12_363.02 / 1_000_000, abs=1e-12)
    assert _one(leavers, "change_prior_pct", "quoted") == pytest.approx(0.025, abs=1e-12)
    # the raise of everyone on the roster date is never a rate of the budget line
    with pytest.raises(KeyError, match="population 'budget_line'"):
        select(leavers.measures, "change_prior_pct", "atb_rate", population="budget_line")


def test_the_status_quo_has_no_raise_and_its_budget_line_falls(leavers):
    assert _one(leavers, "change_prior_pct", "atb_rate", scenario="baseline") == 0.0
    # L1 50,000 x 184/365 = 25,205.48, H1 50,000 x 91/365 = 12,465.75: 950,000 + 37,671.23 - 1,000,000
    assert _one(leavers, "change_prior", "all_in", "budget_line", "baseline") == pytest.approx(-12_328.77, abs=0.005)


@pytest.fixture(scope="module")
def retro():
    contract = make_contract(_contract(40000))
    texts = {
        "retro": make_proposal({"title": "retro", "changes": [
            {"op": "raise_percent", "effective": "2024-07-01", "percent": 5},
            {"op": "retro", "name": "back_pay", "effective": "2024-07-01", "until": "2025-01-01",
             "pay_date": "2025-03-01"}]}),
        "midyear": make_proposal({"title": "midyear", "changes": [
            {"op": "raise_percent", "effective": "2025-01-01", "percent": 5}]})}
    roster = make_roster([_person("E1", end_date=""), _person("E2", end_date="2025-03-31")], contract)
    return cost_scenarios(roster, contract, {k: apply_proposal(contract, t) for k, t in texts.items()}, [2025], AS_OF,
                          proposal_texts=texts)


def test_annualization_never_counts_retro_already_paid(retro):
    results = retro.results[(retro.results["employee_id"] == "E1") & (retro.results["fiscal_year"] == 2025)]
    paid = results.groupby(["scenario", "component"], observed=True)["amount"].sum()
    assert paid[("retro", "base")] == pytest.approx(40_991.78, abs=0.005)
    assert paid[("retro", "retro:back_pay")] == pytest.approx(1_008.22, abs=0.005)
    assert _one(retro, "annualization", "year_end_rates", scenario="retro") == 0.0
    assert _one(retro, "annualization", "year_end_rates", scenario="midyear") == pytest.approx(1_008.22, abs=0.005)
    assert _one(retro, "year_end_annual_base", "year_end_rates", scenario="midyear") == pytest.approx(42_000.00)
    assert select(retro.measures, "annualization", "year_end_rates", "midyear").index.tolist() == [2025]   # no term value
    assert TERM not in select(retro.measures, "annualization", "year_end_rates", "retro").index
