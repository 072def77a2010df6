"""Red-circled salaries (issue 25 item 4): an own rate on the roster, proposed by import-roster.

The costing of an own rate is worked by hand in tests/cases/red_circle.yaml (frozen, raised with
the cell, passed by the grid) and agrees with the per-day reference (tests/test_reference.py).
Here the import: every row whose export gives a step and a salary is priced at its cell; a salary
above it gets ``own_rate`` proposed and is listed, a salary below it is a warning, and the roster
written is costed at the own rate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from costing.engine.projection import Options, project
from costing.inputs.loading import load_contract
from costing.inputs.roster import load_roster

from .cli_support import run_cli
from .test_import_roster import CONTRACT, MAP

# Lane BA: 50,000 / 52,000 / 54,000 / 54,000; M30: 58,000 / 60,000 / 62,000 / 64,000 (annual, from
# 7/1/2024). Salaries are annual pay, already multiplied by FTE (the map's salary: {per: year, fte_scaled: true}).
#   T1 BA step 2, $52,000: its cell: nothing to say.
#   R1 BA step 4, $99,500, the cell pays $54,000: own_rate 99500.00 proposed (the case:
#      $99,500 off the grid whose cell pays less).
#   R2 M30 step 3 at FTE 0.5, $35,000 = $70,000 full time against 0.5 x 62,000 = $31,000: own_rate 70000.00.
#   L1 M30 step 2, $59,000, the cell pays $60,000: a warning, no own rate (costed at the cell).
EXPORT = """Emp No,Last Name,Bargaining Unit,Ed Lane,Step,FTE,Hire Dt,Salary,Coach Y/N
T1,Smith,T,BA,2,1.0,8/26/2019,"$52,000.00",Y
R1,Jones,T,BA,4,1.0,2001-08-20,"$99,500.00",N
R2,Brown,T,MA+30,3,0.5,2016-08-20,"35,000.00",N
L1,Green,T,MA+30,2,1.0,2020-08-20,"$59,000.00",N
"""


@pytest.fixture
def imported(tmp_path: Path):
    (tmp_path / "contract.yaml").write_text(CONTRACT)
    (tmp_path / "export.csv").write_text(EXPORT)
    (tmp_path / "map.yaml").write_text(MAP)
    result = run_cli("import-roster", tmp_path / "export.csv", "--map", tmp_path / "map.yaml",
                     "--contract", tmp_path / "contract.yaml", "--out", tmp_path / "roster.csv")
    assert result.exit_code == 0, result.output
    return tmp_path, result


def test_import_proposes_own_rates_and_warns_of_salaries_below_the_cell(imported) -> None:
    folder, result = imported
    roster = pd.read_csv(folder / "roster.csv", comment="#", dtype=str).fillna("")
    assert roster.set_index("employee_id")["own_rate"].to_dict() == {"T1": "", "R1": "99500.00", "R2": "70000.00", "L1": ""}
    report = (folder / "roster_import_report.md").read_text()
    assert "- salaries above their step's cell (own_rate proposed, red-circled): 2" in report
    assert "- salaries below their step's cell (warnings): 1" in report
    assert ("| 3 | R1 | salary $99,500 is above step 4 of lane BA ($54,000 in the table effective 2024-07-01):"
            " own_rate 99500.00 proposed") in report
    assert "| 4 | R2 | salary $35,000 is above step 3 of lane M30 ($31,000" in report
    assert "| 5 | L1 | salary $59,000 is below step 2 of lane M30 ($60,000" in report
    assert result.stderr.count("red circle: export row") == 2 and result.stderr.count("warning: export row 5 (L1)") == 1


def test_the_imported_red_circle_is_costed_at_its_own_rate(imported) -> None:
    folder, _ = imported
    contract = load_contract(folder / "contract.yaml")
    roster = load_roster(folder / "roster.csv", contract)
    result = project(roster, contract, [2025], options=Options(as_of=dt.date(2024, 7, 1)))
    base = result[result.component == "base"].set_index("employee_id")["amount"]
    assert base["R1"] == pytest.approx(99500.00)               # not the cell's 54,000
    assert base["R2"] == pytest.approx(35000.00)               # 70,000 x FTE 0.5
    assert base["L1"] == pytest.approx(60000.00)               # below its cell: the cell


def test_an_own_rate_must_be_a_positive_amount(tmp_path: Path) -> None:
    (tmp_path / "contract.yaml").write_text(CONTRACT)
    (tmp_path / "roster.csv").write_text("employee_id,unit,schedule,lane,step,fte,seniority_date,own_rate\n"
                                         "R1,teachers,teachers,BA,4,1,2001-08-20,-5\nR2,teachers,teachers,BA,4,1,2001-08-20,lots\n")
    result = run_cli("validate", tmp_path / "contract.yaml", tmp_path / "roster.csv")
    assert result.exit_code == 2
    assert "row 2 (R1)" in result.stderr and "own_rate" in result.stderr and "row 3 (R2)" in result.stderr
