"""A payroll export through a mapping file: renamed columns, lane aliases, steps found from salaries."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main

from .test_bad_input import assert_clear_error

# Lane BA pays 50,000 / 52,000 / 54,000 / 54,000 (steps 3 and 4 equal: a frozen top step), lane M30
# pays 58,000 / 60,000 / 62,000 / 64,000; hourly-free annual grid in force from 2024-07-01.
CONTRACT = """
name: test
units: [teachers]
schedules:
  - name: teachers
    unit: teachers
    rate_unit: annual
    lanes: [BA, M30]
    steps: ["1", "2", "3", "4"]
    tables:
      - effective: 2024-07-01
        rates: {BA: {"1": 50000, "2": 52000, "3": 54000, "4": 54000}, M30: {"1": 58000, "2": 60000, "3": 62000, "4": 64000}}
"""
EXPORT = """Emp No,Last Name,Bargaining Unit,Ed Lane,Step,FTE,Hire Dt,Salary,Coach Y/N
T1,Smith,T,BA,2,1.0,8/26/2019,"$52,000.00",Y
T2,Jones,T,MA+30,,1.0,2015-08-20,"$62,000.00",N
T3,Brown,T,MA+30,,0.5,2016-08-20,"30,000.00",N
T4,Green,T,BA,,1.0,2010-08-20,"$54,000.00",N
T5,White,T,BA,,1.0,2012-08-20,"$53,000.00",y
T6,Black,T,MA+60,1,1.0,2020-08-20,"$58,000.00",N
"""
MAP = """
columns:
  Emp No: employee_id
  Last Name: name
  Bargaining Unit: unit
  Ed Lane: lane
  Step: step
  FTE: fte
  Hire Dt: seniority_date
  Salary: salary
  Coach Y/N: coach
values:
  unit: {T: teachers}
  lane: {"MA+30": M30}
flags: [coach]
set: {schedule: teachers}
salary: {per: year, fte_scaled: true}
as_of: 2024-07-01
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"contract": tmp_path / "contract.yaml", "export": tmp_path / "export.csv", "map": tmp_path / "map.yaml"}
    paths["contract"].write_text(CONTRACT)
    paths["export"].write_text(EXPORT)
    paths["map"].write_text(MAP)
    paths["out"] = tmp_path / "roster.csv"
    return paths


def run_import(files: dict[str, Path], *extra: str):
    return CliRunner().invoke(main, ["import-roster", str(files["export"]), "--map", str(files["map"]),
                                     "--contract", str(files["contract"]), "--out", str(files["out"]), *extra])


def test_export_to_roster(files) -> None:
    result = run_import(files)
    assert result.exit_code == 0, result.output
    roster = pd.read_csv(files["out"], comment="#", dtype=str)
    # T1 keeps its step; T2: 62,000 is M30 step 3; T3: 0.5 x 60,000 = 30,000 is M30 step 2
    assert roster[["employee_id", "lane", "step", "fte", "seniority_date", "coach"]].values.tolist() == [
        ["T1", "BA", "2", "1", "2019-08-26", "1"],
        ["T2", "M30", "3", "1", "2015-08-20", "0"],
        ["T3", "M30", "2", "0.5", "2016-08-20", "0"],
    ]
    assert "name" not in roster.columns and "salary" not in roster.columns
    report = (files["out"].parent / "roster_import_report.md").read_text()
    for line in ["- rows read: 6", "- rows mapped: 5", "- steps found from the salary: 2", "- rows rejected: 3",
                 "- rows in the roster: 3"]:
        assert line in report
    # T4: 54,000 is both BA step 3 and step 4 (ambiguous); T5: 53,000 is on no BA step; T6: lane MA+60 has no alias
    assert "| 5 | T4 | salary $54,000 is ambiguous: steps 3, 4 of lane BA" in report
    assert "| 6 | T5 | salary $53,000 matches no step of lane BA" in report and "nearest: step 2, $52,000" in report
    assert "| 7 | T6 | lane 'MA+60' is not a lane of 'teachers' and the mapping has no alias for it |" in report
    assert "Smith" not in files["out"].read_text() and "Smith" not in report
    assert result.stderr.count("rejected:") == 3
    # the roster it wrote is a valid roster
    check = CliRunner().invoke(main, ["validate", str(files["contract"]), str(files["out"])])
    assert check.exit_code == 0, check.output


def test_names_only_when_asked(files) -> None:
    assert run_import(files, "--keep-names").exit_code == 0
    assert pd.read_csv(files["out"], comment="#", dtype=str)["name"].tolist() == ["Smith", "Jones", "Brown"]


def test_rerun_replaces_its_own_files_but_never_a_users(files) -> None:
    assert run_import(files).exit_code == 0
    assert run_import(files).exit_code == 0          # its own roster and report: replaced
    files["out"].write_text("employee_id,unit\nmine,1\n")
    assert_clear_error(run_import(files), str(files["out"]), "was not written by a costing import")
    assert files["out"].read_text() == "employee_id,unit\nmine,1\n"


@pytest.mark.parametrize("change, fragments", [
    (("  Hire Dt: seniority_date", "  Hire Date: seniority_date"), ["columns.Hire Date", "has no column 'Hire Date'"]),
    (('lane: {"MA+30": M30}', 'lane: {"MA+30": M3O}'), ["values.lane.MA+30", "maps to 'M3O', which is not a lane"]),
    (("set: {schedule: teachers}", "set: {schedule: teacher}"), ["set.schedule", "'teacher' is not a schedule"]),
    (("  Salary: salary\n", ""), []),
])
def test_bad_maps(files, change, fragments) -> None:
    old, new = change
    files["map"].write_text(MAP.replace(old, new))
    result = run_import(files)
    if not fragments:   # no salary column: rows without a step are rejected, not guessed
        assert result.exit_code == 0
        assert "no step and no salary" in (files["out"].parent / "roster_import_report.md").read_text()
        return
    assert_clear_error(result, str(files["map"]), *fragments)
    assert not files["out"].exists()
