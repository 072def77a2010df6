"""The long results table carries family, lane, step and FTE (issue 25 item 7, the engine's part), so
a pivot by any of them needs no join with the roster.

Lane and step are where the person stands on the last day of the fiscal year they are employed in
it (the year's last day, or the day they leave); FTE is the roster's; a unit-level line has none.
Steps 1, 2, 3 (40,000 / 42,000 / 44,000), lanes L and M, step date January 1, calendar days:
  E1 (L step 1) steps to 2 on 1/1/2025: FY2025's rows say L, 2.
  E2 (L step 1) leaves 10/31/2024, before the step: L, 1.
  E3 (M step 2, FTE 0.5) steps to 3 on 1/1/2025: M, 3, FTE 0.5.
  The pool line ($1,000): family line, no lane, step or FTE.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from costing.engine.projection import OUTPUT_COLUMNS, Options, project

from .conftest import make_contract, make_roster

CONTRACT = {
    "name": "columns", "units": ["u"], "proration": "calendar_days",
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L", "M"], "steps": ["1", "2", "3"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 40000, "2": 42000, "3": 44000},
                                                                    "M": {"1": 41000, "2": 43000, "3": 45000}}}],
                   "step_rules": {"anniversary": [{"effective": "2000-01-01", "month_day": "01-01"}]}}],
    "stipends": [{"name": "lead", "kind": "annual", "column": "lead", "values": [{"effective": "2020-07-01", "amount": 500}]}],
    "cost_lines": [{"name": "pool", "unit": "u", "rate": 1000, "quantity": 1}],
    "rollup": [{"name": "medicare", "rate": 1.45}],
}
ROSTER = [
    {"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1", "seniority_date": "2015-01-01", "end_date": "", "lead": "1"},
    {"employee_id": "E2", "unit": "u", "schedule": "s", "lane": "L", "step": "1", "fte": "1", "seniority_date": "2015-01-01", "end_date": "2024-10-31", "lead": "0"},
    {"employee_id": "E3", "unit": "u", "schedule": "s", "lane": "M", "step": "2", "fte": "0.5", "seniority_date": "2015-01-01", "end_date": "", "lead": "0"},
]


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    contract = make_contract(CONTRACT)
    return project(make_roster(ROSTER, contract), contract, [2025], options=Options(as_of=dt.date(2024, 7, 1)))


def test_columns_and_types(results) -> None:
    assert list(results.columns) == OUTPUT_COLUMNS
    assert OUTPUT_COLUMNS[-1] == "amount" and {"family", "lane", "step", "fte"} <= set(OUTPUT_COLUMNS)
    for column in ("family", "lane", "step", "component"):
        assert isinstance(results[column].dtype, pd.CategoricalDtype), column


def test_each_row_says_where_its_person_stands_at_the_years_end(results) -> None:
    people = results[results.employee_id != ""].drop_duplicates("employee_id").set_index("employee_id")
    assert people.loc["E1", ["lane", "step", "fte"]].tolist() == ["L", "2", 1.0]
    assert people.loc["E2", ["lane", "step", "fte"]].tolist() == ["L", "1", 1.0]
    assert people.loc["E3", ["lane", "step", "fte"]].tolist() == ["M", "3", 0.5]
    e1 = results[results.employee_id == "E1"].set_index("component")
    assert e1.loc["stipend:lead", "family"] == "stipend" and e1.loc["rollup:medicare", "family"] == "rollup"
    assert (e1["step"] == "2").all()   # every row of a person-year says the same cell


def test_a_unit_level_line_has_no_cell_and_no_fte(results) -> None:
    line = results[results.component == "line:pool"].iloc[0]
    assert line["family"] == "line" and pd.isna(line["lane"]) and pd.isna(line["step"]) and pd.isna(line["fte"])
    assert line["amount"] == pytest.approx(1000.00)


def test_a_pivot_by_family_and_step_needs_no_roster(results) -> None:
    pivot = results.pivot_table(index="step", columns="family", values="amount", aggfunc="sum", observed=True)
    # base: E1 (40,000 x 184 + 42,000 x 181)/365 = 14,962,000/365 = 40,991.78;
    # E3 (43,000 x 184 + 45,000 x 181)/365 x 0.5 = 16,057,000/365 x 0.5 = 43,991.78 x 0.5 = 21,995.89
    assert pivot.loc["2", "base"] == pytest.approx(40991.78, abs=0.01)
    assert pivot.loc["3", "base"] == pytest.approx(21995.89, abs=0.01)
