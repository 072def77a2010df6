"""A contract's own switchable, dated assumptions (issue 22 item 4): a retirement assessment on some units.

The case: two annual schedules, teachers (unit T, $60,000) and paras (unit P, $30,000), one person on
each, FY2025 only, roster dated 7/1/2024, no raise. Roll-ups: Medicare 1.45% on everyone; a county
retirement assessment of 9.5% from 7/1/2023 (an ASSUMED rate; the year before the window needs it
too) on unit P only (teachers' pensions are the Commonwealth's), costed only when the scenario switches ``retirement_assessment`` on.

  switched off: Medicare 1.45% x (60,000 + 30,000) = 1,305.00; no retirement line; "Not included" names it.
  switched on:  the same Medicare, and retirement 9.5% x 30,000 = 2,850.00 on the para alone (0 on the
                teacher); benefits 4,155.00; total 90,000 + 4,155.00 = 94,155.00.
  a switch nobody declares is an input error that names the contract's own switches.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

import costing
from costing.engine.measures import value
from costing.report import coverage

CONTRACT = {
    "name": "two units", "units": ["T", "P"],
    "schedules": [{"name": "teachers", "unit": "T", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 60000}}}]},
                  {"name": "paras", "unit": "P", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 30000}}}]}],
    "rollup": [{"name": "medicare", "rate": 1.45},
               {"name": "retirement", "units": ["P"], "contingent": "retirement_assessment",
                "values": [{"effective": "2023-07-01", "rate": "9.5%", "status": "assumed",
                            "reference": "county retirement assessment, ASSUMED rate"}]}],
}


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "contract.yaml").write_text(yaml.safe_dump(CONTRACT, sort_keys=False))
    pd.DataFrame([{"employee_id": "T1", "unit": "T", "schedule": "teachers", "lane": "L", "step": "1", "fte": 1,
                   "seniority_date": "2015-01-01"},
                  {"employee_id": "P1", "unit": "P", "schedule": "paras", "lane": "L", "step": "1", "fte": 1,
                   "seniority_date": "2015-01-01"}]).to_csv(tmp_path / "roster.csv", index=False)
    return {"roster": tmp_path / "roster.csv", "contract": tmp_path / "contract.yaml"}


def _by_person(result) -> dict:
    r = result.results
    return r.groupby(["employee_id", "component"], observed=True)["amount"].sum().round(2).to_dict()


def test_switched_off_it_is_not_costed_and_said_so(files):
    result = costing.cost(**files, years=2025, as_of="2024-07-01")
    amounts = _by_person(result)
    assert amounts[("T1", "rollup:medicare")] + amounts[("P1", "rollup:medicare")] == pytest.approx(1_305.00)
    assert not any(component == "rollup:retirement" for _, component in amounts)
    assert "Roll-up retirement: an assumption of the contract, not switched on" in coverage.not_included(result.costing)
    assert "retirement" not in coverage.benefits_sentence(result.costing).split("not costed")[0]


def test_switched_on_it_falls_on_the_units_it_names(files):
    result = costing.cost(**files, years=2025, as_of="2024-07-01", switches=["retirement_assessment"])
    amounts = _by_person(result)
    assert amounts[("P1", "rollup:retirement")] == pytest.approx(2_850.00)
    assert amounts.get(("T1", "rollup:retirement"), 0.0) == 0.0
    assert value(result.measures, "baseline", "cost", "benefits", 2025) == pytest.approx(4_155.00)
    assert value(result.measures, "baseline", "cost", "all_in", 2025) == pytest.approx(94_155.00)
    assert "retirement 9.5%" not in coverage.benefits_sentence(result.costing)   # a dated rate: said as such
    assert "retirement rates dated in the contract" in coverage.benefits_sentence(result.costing)


def test_a_switch_nobody_declares_is_an_input_error(files):
    with pytest.raises(costing.InputError, match="retirement_assessment"):
        costing.cost(**files, years=2025, switches=["retirement"])
