"""A year's pieces as a value: cut from a fiscal year at every break, or built for one day.

Hand computation for the constructed case (calendar days; FY2025 = 2024-07-01 to 2025-06-30, 365
days): a person hired 2024-10-01 (seniority the same day), under a contract whose second rate
table starts 2025-01-01 and whose stipend's first value starts 2025-03-15, works Oct 1 - Dec 31
(92 days), Jan 1 - Mar 14 (31 + 28 + 14 = 73 days) and Mar 15 - Jun 30 (17 + 30 + 31 + 30 = 108
days); the service anniversary 2025-10-01 is after the year. So three pieces, 92/365, 73/365 and
108/365, together 273/365. On 6/30/2025 the second table pays step 1 $41,000 and step 2 $43,000
(x 0.5 FTE = $21,500).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from costing.engine.dates import day_number
from costing.engine.options import Options
from costing.engine.placement import placement
from costing.engine.projection import projection_setup
from costing.engine.proration import year_weights
from costing.engine.provisions import price_year
from costing.engine.schedule_arrays import shared_breaks
from costing.engine.year_pieces import cut_year, one_day
from costing.inputs.dated import walk_dated

from .conftest import make_contract, make_roster

CONTRACT = make_contract({
    "name": "pieces", "units": ["u"],
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000, "2": 42000}}},
                              {"effective": "2025-01-01", "rates": {"L": {"1": 41000, "2": 43000}}}]}],
    "stipends": [{"name": "coach", "kind": "annual", "values": [{"effective": "2025-03-15", "amount": 1000}]}],
})
ROSTER = make_roster([
    {"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1",
     "seniority_date": dt.date(2024, 10, 1), "start_date": dt.date(2024, 10, 1)},
    {"employee_id": "E2", "unit": "u", "schedule": "s", "lane": "L", "step": "2", "fte": "0.5",
     "seniority_date": dt.date(2010, 7, 1)},
], CONTRACT)
SETUP = projection_setup(ROSTER, CONTRACT, [2025], Options(as_of=dt.date(2024, 7, 1)))


def test_a_year_is_cut_at_the_start_date_and_every_break():
    pieces = cut_year(SETUP.people, year_weights(CONTRACT, SETUP.rules, 2025), SETUP.breaks)
    mine = pieces.emp == 0
    assert [np.datetime64(int(d), "D").item() for d in pieces.on[mine]] == [
        dt.date(2024, 10, 1), dt.date(2025, 1, 1), dt.date(2025, 3, 15)]
    assert pieces.weight[mine] == pytest.approx([92 / 365, 73 / 365, 108 / 365])
    assert pieces.total(pieces.weight)[0] == pytest.approx(273 / 365)
    assert pieces.total(pieces.weight)[1] == pytest.approx(1.0)  # employed all year, whatever the cuts


def test_every_dated_value_of_the_contract_is_a_break():
    breaks = set(shared_breaks(CONTRACT, SETUP.schedules).tolist())
    dated = {day_number(value.effective) for _, value in walk_dated(CONTRACT)}
    assert dated <= breaks
    assert day_number(dt.date(2025, 3, 15)) in breaks  # the stipend's value: listed nowhere by hand


def test_one_day_prices_everyone_once_at_that_days_rates():
    day = day_number(dt.date(2025, 6, 30))
    pieces = one_day(SETUP.people, day)
    assert list(pieces.emp) == [0, 1] and list(pieces.weight) == [1.0, 1.0] and set(pieces.on) == {day}
    placed = placement(SETUP, day)
    assert placed["annual_rate"].tolist() == [41000.0, 43000.0]
    assert placed["annual_pay"].tolist() == [41000.0, 21500.0]


def test_the_values_are_frozen():
    year = price_year(SETUP, 2025)
    with pytest.raises(dataclasses.FrozenInstanceError):
        year.pieces.weight = np.zeros(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        year.people.fte = np.zeros(1)


def test_the_year_end_placement_read_from_the_last_pieces_is_the_one_priced_for_the_last_day():
    """The costing reads where everyone stands on a year's last day from the year's last pieces
    (costing.engine.projected._year_end); pricing one piece per person for that day must agree to the
    bit: E2 on the second table ($43,000, not the first's $42,000; $21,500 at 0.5 FTE), E1 hired mid-year."""
    from costing.engine.projected import _year_end
    from costing.engine.year_cost import cost_year, prepare

    cost = cost_year(SETUP, prepare(SETUP), 2025, held_steps=True)
    placed, pay, fte, held = _year_end(SETUP, 2025, cost)
    placed = placed.table()
    assert placed["annual_rate"].tolist() == [41000.0, 43000.0] and pay == 41000.0 + 21500.0 and fte == 1.5
    priced, *figures = _year_end(SETUP, 2025)
    assert placed.equals(priced.table()) and [pay, fte, held] == figures


@pytest.mark.parametrize("district", ["chelsea", "newton", "belmont", "boston", "new_bedford"])
def test_year_end_placements_from_the_pieces_agree_for_the_bundled_districts(district):
    """Every bundled contract and proposal (mid-year tables, step dates, moves, new positions): the
    year-end placement, annual pay and held-steps pay read from the last pieces are those priced
    again for the last day, for each year costed and the year before."""
    from pathlib import Path

    from costing.engine.costing_run import load_inputs
    from costing.engine.projected import _year_end, costing_options
    from costing.engine.projection import encode_roster
    from costing.engine.year_cost import cost_year, prepare
    from costing.inputs.scenario import read_scenario

    spec = read_scenario(Path(__file__).parent.parent / "data" / district / "scenario.yaml")
    roster, baseline, proposals, _ = load_inputs(spec)
    years = sorted(spec.years)
    options = costing_options(baseline, years, Options(as_of=spec.as_of, proration=spec.proration))
    codes = encode_roster(roster)
    compared = 0
    for contract in [baseline, *proposals.values()]:
        setup = projection_setup(roster, contract, [years[0] - 1, *years], options, None, codes)
        for fy in years:
            cost = cost_year(setup, prepare(setup), fy, held_steps=True)
            placed, *figures = _year_end(setup, fy, cost)
            priced, *again = _year_end(setup, fy)
            assert placed.table().equals(priced.table()) and figures == again, (district, contract.name, fy)
            compared += len(placed.table())
    assert compared > 0
