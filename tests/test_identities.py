"""Identities that must hold for any roster and any proposal (checked with hypothesis).

- an empty proposal costs exactly the baseline, to the cent;
- components add up to totals to the cent;
- a larger percent never costs less;
- applying a proposal never changes the baseline object.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.engine.apply import apply_proposal
from costing.engine.figures import component_table
from costing.engine.projection import project
from costing.inputs.loading import load_contract
from costing.inputs.models import Proposal
from costing.inputs.roster import check_roster

from .conftest import DATA, make_proposal

CONTRACT = load_contract(DATA / "chelsea/contract.yaml")
YEARS = [2025, 2026, 2027]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def rosters(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 25))
    rows = []
    for i in range(n):
        start = draw(st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2027, 6, 1))))
        end = draw(st.one_of(st.none(), st.dates(dt.date(2024, 7, 1), dt.date(2027, 12, 31))))
        if start and end and end < start:
            start, end = end, start
        rows.append({
            "employee_id": f"E{i}", "unit": "para", "schedule": "para",
            "lane": draw(st.sampled_from(["P", "TAI", "TAII"])), "step": draw(st.sampled_from(["1", "2", "3", "4", "5"])),
            "fte": str(draw(st.sampled_from([1.0, 0.5, 0.8]))),
            "seniority_date": draw(st.dates(dt.date(1985, 1, 1), dt.date(2024, 6, 30))).isoformat(),
            "start_date": start.isoformat() if start else "", "end_date": end.isoformat() if end else "",
            "lead": str(draw(st.integers(0, 1))), "multilingual": str(draw(st.integers(0, 1))),
            "prep_eligible": str(draw(st.integers(0, 1))), "sub_separate": str(draw(st.integers(0, 1))),
            "interpreter_hours": str(draw(st.sampled_from([0, 40]))),
        })
    return check_roster(pd.DataFrame(rows), CONTRACT, "generated")


effective_dates = st.dates(dt.date(2024, 7, 1), dt.date(2027, 6, 1))


def _totals(results: pd.DataFrame) -> pd.Series:
    return results.groupby("fiscal_year")["amount"].sum().round(2)


@SETTINGS
@given(rosters())
def test_empty_proposal_equals_baseline(roster: pd.DataFrame) -> None:
    empty = apply_proposal(CONTRACT, Proposal(title="nothing"))
    a = project(roster, CONTRACT, YEARS).drop(columns="scenario")
    b = project(roster, empty, YEARS).drop(columns="scenario")
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@SETTINGS
@given(rosters(), st.decimals(0, 15, places=2), effective_dates)
def test_components_sum_to_totals(roster: pd.DataFrame, pct, day: dt.date) -> None:
    proposal = make_proposal({"title": "p", "changes": [{"op": "raise_percent", "effective": day, "percent": str(pct) + "%"}]})
    results = project(roster, apply_proposal(CONTRACT, proposal), YEARS, "p")
    wide = component_table(results)
    components = wide.drop(columns=["scenario", "fiscal_year", "total"])
    # to the cent: totals are sums of cent amounts
    assert np.allclose(components.sum(axis=1).round(2), wide["total"], atol=0.0049)
    assert np.allclose(wide.set_index("fiscal_year")["total"], _totals(results), atol=0.0049)
    cents = results["amount"] * 100
    assert np.allclose(cents, cents.round(), atol=1e-6)


@SETTINGS
@given(rosters(), st.decimals(0, 10, places=2), st.decimals(0, 5, places=2), effective_dates)
def test_larger_percent_never_costs_less(roster: pd.DataFrame, pct, extra, day: dt.date) -> None:
    def cost(p) -> pd.Series:
        proposal = make_proposal({"title": "p", "changes": [{"op": "raise_percent", "effective": day, "percent": f"{p}%"}]})
        return _totals(project(roster, apply_proposal(CONTRACT, proposal), YEARS))

    assert (cost(pct + extra) >= cost(pct) - 1e-9).all()


@SETTINGS
@given(st.decimals(1, 10, places=2), effective_dates)
def test_applying_never_changes_baseline(pct, day: dt.date) -> None:
    before = CONTRACT.model_dump()
    proposal = make_proposal({"title": "p", "changes": [
        {"op": "raise_percent", "effective": day, "percent": f"{pct}%"},
        {"op": "rebuild", "effective": day, "ratio": "1.05", "from_step": "1"},
        {"op": "set_anniversary", "effective": day, "month_day": "09-01"},
        {"op": "set_stipend", "effective": day, "name": "lead", "amount": 1234},
    ]})
    changed = apply_proposal(CONTRACT, proposal)
    assert CONTRACT.model_dump() == before
    assert changed.model_dump() != before
