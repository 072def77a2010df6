"""The simple sum beside the compounded rate, and the three meanings of "the cost of the contract": by hand.

Issue 22 item 3. One annual schedule, one lane, one step of $40,000 (no step movement), no roll-up,
one employee E1 throughout; roster dated 7/1/2024; fiscal years FY2025-FY2028 costed, the year before
FY2024; the contract term 7/1/2024-6/30/2027, so FY2025-FY2027 are the term and FY2028 is beyond it.

The deal (three years, like Chelsea's MOA: percents, and a flat amount in the first year):
  7/1/2024: 3% and $1,000: 40,000 x 1.03 = 41,200.00, + 1,000 = 42,200.00
  7/1/2025: 5%: 42,200 x 1.05 = 44,310.00
  7/1/2026: 5%: 44,310 x 1.05 = 46,525.50
  (FY2028: no change, 46,525.50.) The status quo stays at 40,000.00 every year.

The raise as quoted: 3%, 5%, 5%. Simple sum 13% (as the press adds it); compounded
1.03 x 1.05 x 1.05 - 1 = 13.5575%. The across-the-board rate (the grid, the flat amount included):
42,200/40,000 - 1 = 5.5%, then 5%, 5%; compounded 46,525.50/40,000 - 1 = 16.31375%; simple sum 15.5%.
FY2028 (beyond the term): quoted 0%, never in a figure over the term.

The three meanings of the cost of the contract:
  each fiscal year's cost items (new money over the status quo, M.G.L. c.150E §7):
    FY2025 2,200.00; FY2026 4,310.00; FY2027 6,525.50 (FY2028, beyond the term, 6,525.50);
  cumulative new money over the term (the Boston Municipal Research Bureau's $141.7M way):
    2,200.00 + 4,310.00 + 6,525.50 = 13,035.50 (not 19,561.00, which would count FY2028);
  the run rate (BCPSEA: the final year over the base year): FY2027 46,525.50 - FY2024 40,000.00 =
    6,525.50, 16.31375% of the base year.
The headline year is FY2027, the term's last.
"""

from __future__ import annotations

import datetime as dt

import pytest

from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.measures import TERM, headline_year, select, term_years_of
from costing.engine.periods import compound, simple_sum, term_years
from costing.engine.projection import Options

from .conftest import make_contract, make_proposal, make_roster

CONTRACT = {"name": "case", "units": ["u"],
            "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                           "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000}}}]}]}
DEAL = {"title": "Three-year deal", "label": "Deal", "changes": [
    {"op": "raise_percent", "effective": "2024-07-01", "percent": 3},
    {"op": "add_flat", "effective": "2024-07-01", "amount": 1000, "per": "year"},
    {"op": "raise_percent", "effective": "2025-07-01", "percent": 5},
    {"op": "raise_percent", "effective": "2026-07-01", "percent": 5}]}
TERM_DATES = (dt.date(2024, 7, 1), dt.date(2027, 6, 30))


@pytest.fixture(scope="module")
def deal():
    contract = make_contract(CONTRACT)
    text = make_proposal(DEAL)
    roster = make_roster([{"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
                           "seniority_date": "2015-01-01"}], contract)
    return cost_scenarios(roster, contract, {"deal": apply_proposal(contract, text)}, [2025, 2026, 2027, 2028],
                          Options(as_of=dt.date(2024, 7, 1)), proposal_texts={"deal": text}, term=TERM_DATES)


def _values(costing, measure, convention, population=None, scenario="deal") -> dict:
    return select(costing.measures, measure, convention, scenario, population=population).to_dict()


def test_the_term_is_its_years_and_the_headline_its_last(deal):
    assert term_years_of(deal.measures, "deal") == [2025, 2026, 2027]
    assert headline_year(deal.measures, "deal") == 2027
    in_term = deal.figures.set_index(["scenario", "fiscal_year"])["in_term"]
    assert in_term[("deal", 2028)] == False  # noqa: E712 - beyond the term, flagged
    # the term rule: more than half of a fiscal year's days inside the term (Newton's FY2028: 62 of 366)
    assert term_years([2024, 2025, 2026, 2027, 2028], (dt.date(2023, 9, 1), dt.date(2027, 8, 31))) == [2024, 2025, 2026, 2027]
    assert term_years([2023, 2026], (dt.date(2022, 8, 1), dt.date(2025, 7, 31))) == [2023]


def test_simple_sum_beside_the_compounded_rate(deal):
    quoted = _values(deal, "change_prior_pct", "quoted")
    assert [quoted[fy] for fy in (2025, 2026, 2027, 2028)] == pytest.approx([0.03, 0.05, 0.05, 0.0], abs=1e-12)
    assert quoted[TERM] == pytest.approx(0.135575, abs=1e-12)
    assert _values(deal, "simple_sum_pct", "quoted")[TERM] == pytest.approx(0.13, abs=1e-12)
    atb = _values(deal, "change_prior_pct", "atb_rate")
    assert [atb[fy] for fy in (2025, 2026, 2027)] == pytest.approx([0.055, 0.05, 0.05], abs=1e-12)
    assert atb[TERM] == pytest.approx(0.1631375, abs=1e-12)
    assert _values(deal, "simple_sum_pct", "atb_rate")[TERM] == pytest.approx(0.155, abs=1e-12)
    assert compound([0.03, 0.05, 0.05]) == pytest.approx(0.135575) and simple_sum([0.03, 0.05, 0.05]) == pytest.approx(0.13)
    assert compound([0.02] * 3) == pytest.approx(0.061208) and simple_sum([0.02] * 3) == pytest.approx(0.06)   # Boston


def test_three_meanings_of_the_cost_of_the_contract(deal):
    items = _values(deal, "diff_baseline", "all_in")
    assert [items[fy] for fy in (2025, 2026, 2027, 2028)] == pytest.approx([2_200.00, 4_310.00, 6_525.50, 6_525.50])
    assert items[TERM] == pytest.approx(13_035.50, abs=0.005)            # cumulative over the term, FY2028 apart
    assert _values(deal, "diff_baseline", "base")[TERM] == pytest.approx(13_035.50, abs=0.005)   # by component
    run = select(deal.measures, "run_rate", "all_in", "deal")
    assert list(run.index) == [TERM] and run[TERM] == pytest.approx(6_525.50, abs=0.005)
    assert select(deal.measures, "run_rate_pct", "all_in", "deal")[TERM] == pytest.approx(0.1631375, abs=1e-12)
    assert select(deal.measures, "run_rate", "all_in", "baseline")[TERM] == 0.0   # the status quo adds nothing
    cost = _values(deal, "cost", "all_in")
    assert cost[TERM] == pytest.approx(42_200.00 + 44_310.00 + 46_525.50, abs=0.005)   # FY2028 not in it


def test_the_wide_figures_carry_the_three_meanings(deal):
    over = deal.figures[(deal.figures["scenario"] == "deal") & (deal.figures["period"] == "term")].iloc[0]
    assert over["label"] == "Deal"
    assert over["diff_baseline"] == pytest.approx(13_035.50, abs=0.005)
    assert over["run_rate"] == pytest.approx(6_525.50, abs=0.005)
    assert over["quoted_simple_sum_pct"] == pytest.approx(0.13) and over["quoted_pct"] == pytest.approx(0.135575)
