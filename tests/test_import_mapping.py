"""The import mapping for exports as districts have them (issue 25 item 5): derived columns (join,
split, a value map), row filters, several assignment rows per person, column names quoted safely
(a mistake names its own line), and every bad row listed with every reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main

from .test_bad_input import assert_clear_error

# One annual grid in force from 2024-07-01: BA 50,000 / 52,000 / 54,000; MA 56,000 / 58,000 / 60,000.
# Health: plans HMO and PPO, tiers ind and fam (monthly premiums; 75% employer share).
CONTRACT = """
name: test
units: [teachers, paras]
schedules:
  - name: teachers
    unit: teachers
    rate_unit: annual
    lanes: [BA, MA]
    steps: ["1", "2", "3"]
    tables:
      - effective: 2024-07-01
        rates: {BA: {"1": 50000, "2": 52000, "3": 54000}, MA: {"1": 56000, "2": 58000, "3": 60000}}
benefits:
  - name: health
    column: health
    plans:
      HMO: [{effective: 2023-07-01, rates: {ind: 800, fam: 2000}}]
      PPO: [{effective: 2023-07-01, rates: {ind: 900, fam: 2200}}]
    employer_share: [{effective: 2023-07-01, percent: 75}]
"""
# Emp # is a column name YAML would read as a comment; Position is "LANE-STEP"; Plan + Cov make health;
# BU: T teachers, P paras (left out by the filter); Status A active, T terminated (left out).
EXPORT = """Emp #,BU,Status,Position,FTE,Hire,Plan,Cov,Salary
T1,T,A,BA-2,1.0,2019-08-26,HMO,fam,
T2,T,A,MA-1,0.5,2018-08-26,PPO,IND,
T3,T,A,BA-3,0.5,2015-08-26,,,
T3,T,A,MA-1,0.5,2015-08-26,HMO,ind,
P1,P,A,BA-1,1.0,2020-08-26,HMO,ind,
T4,T,T,BA-1,1.0,2020-08-26,HMO,ind,
T5,T,A,BA-9,1.0,2010-08-26,HMO,family,
T6,T,A,XX-1,2.0,2011-08-26,KAISER,ind,
"""
MAP = """
columns:
  "Emp #": employee_id        # quoted: a bare Emp # would be the key Emp and a comment
  FTE: fte
  Hire: seniority_date
derive:
  lane: {split: Position, sep: "-", part: 1}
  step: {split: Position, sep: "-", part: 2}
  health: {join: [Plan, Cov], sep: ":"}
filter:
  BU: [T]
  Status: {not: [T, R]}
values:
  health: {"PPO:IND": "PPO:ind"}
set: {unit: teachers, schedule: teachers}
assignments: {rule: separate, once_per_person: [health]}
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"contract": tmp_path / "contract.yaml", "export": tmp_path / "export.csv", "map": tmp_path / "map.yaml",
             "out": tmp_path / "roster.csv"}
    paths["contract"].write_text(CONTRACT)
    paths["export"].write_text(EXPORT)
    paths["map"].write_text(MAP)
    return paths


def run_import(files: dict[str, Path], *extra: str):
    return CliRunner().invoke(main, ["import-roster", str(files["export"]), "--map", str(files["map"]),
                                     "--contract", str(files["contract"]), "--out", str(files["out"]), *extra])


def roster(files) -> pd.DataFrame:
    return pd.read_csv(files["out"], comment="#", dtype=str, keep_default_na=False)


def report(files) -> str:
    return (files["out"].parent / "roster_import_report.md").read_text()


def test_derived_filtered_and_separate_assignments(files) -> None:
    result = run_import(files)
    assert result.exit_code == 0, result.output
    got = roster(files)[["employee_id", "lane", "step", "fte", "health"]].values.tolist()
    # T3's two assignment rows are two roster rows; the health enrolment stays on the first only (one premium);
    # the first T3 row has no plan (both parts blank): blank, i.e. waived, not ":"
    assert got == [["T1", "BA", "2", "1", "HMO:fam"], ["T2", "MA", "1", "0.5", "PPO:ind"],
                   ["T3-1", "BA", "3", "0.5", ""], ["T3-2", "MA", "1", "0.5", ""]]
    text = report(files)
    assert '- rows left out by the map\'s filter (not rejected): "BU" 1, "Status" 1' in text
    assert "- rows left out by the filter: 2" in text and "- rows read: 8" in text
    assert "health = 'Plan' + ':' + 'Cov'" in text and "lane = part 1 of 'Position' split on '-'" in text
    assert "T3: 2 assignment rows (4, 5) -> T3-1, T3-2" in text
    # every bad row, with every reason: T5 (step 9, tier 'family'), T6 (lane XX, FTE 2.0, plan KAISER)
    assert "| 8 | T5 | step '9' is not a step of 'teachers' (steps 1, 2, 3); health: 'HMO:family': plan 'HMO' has no" \
           " tier 'family'" in text
    t6 = next(line for line in text.splitlines() if line.startswith("| 9 | T6 |"))
    assert "lane 'XX' is not a lane" in t6 and "fte '2.0' is not a number in (0, 1.5]" in t6 and "unknown plan 'KAISER'" in t6
    assert result.stderr.count("rejected:") == 2
    assert CliRunner().invoke(main, ["validate", str(files["contract"]), str(files["out"])]).exit_code == 0


def test_combined_assignments(files) -> None:
    files["map"].write_text(MAP.replace("{rule: separate, once_per_person: [health]}", "{rule: combine}"))
    assert run_import(files).exit_code == 0
    t3 = roster(files).set_index("employee_id").loc["T3"]
    # equal FTE: the first row gives schedule, lane, step and enrolment; FTE 0.5 + 0.5 = 1
    assert (t3["lane"], t3["step"], t3["fte"], t3["health"]) == ("BA", "3", "1", "")
    assert "T3: 2 assignment rows (4, 5) combined on row 4 (teachers BA step 3), FTE 1" in report(files)


def test_several_rows_without_a_rule_are_rejected_all(files) -> None:
    files["map"].write_text(MAP.replace("assignments: {rule: separate, once_per_person: [health]}\n", ""))
    assert run_import(files).exit_code == 0
    assert "T3" not in set(roster(files)["employee_id"])
    text = report(files)
    assert "| 4 | T3 | employee_id 'T3' is on 2 rows (4, 5)" in text and "| 5 | T3 | employee_id 'T3' is on 2 rows" in text


def test_an_unquoted_hash_in_a_column_name_names_its_line(files) -> None:
    files["map"].write_text(MAP.replace('  "Emp #": employee_id        # quoted: a bare Emp # would be the key Emp'
                                        ' and a comment', "  Emp #: employee_id"))
    result = run_import(files)
    assert_clear_error(result, str(files["map"]), "line 3", "cut at 'Emp'", 'quote it: "Emp #"')
    assert not files["out"].exists()


@pytest.mark.parametrize("change, fragments", [
    (("  Hire: seniority_date", "  Hired: seniority_date"), ["line 5, columns.Hired", "has no column 'Hired'"]),
    (("split: Position, sep", "split: Posn, sep"), ["line 7, derive.lane", "has no column 'Posn'"]),
    (("  BU: [T]", "  Unit: [T]"), ["line 11, filter.Unit", "has no column 'Unit'"]),
    (("{join: [Plan, Cov], sep: \":\"}", "{join: [Plan]}"), ["derive.health", "join needs two or more"]),
    (("  Status: {not: [T, R]}", "  Status: {nope: [T]}"), ["filter.Status", "unknown key"]),
    (("  FTE: fte", "  FTE: FTE"), ["line 4, columns.FTE", "'FTE' is not a roster column name"]),
    (("  FTE: fte", "  FTE: fte\n  FTE: seniority_date"), ["line 5", "key 'FTE' is given twice"]),
    (("  FTE: fte", "  FTE: [fte"), ["line", "must be quoted"]),
])
def test_map_mistakes_name_the_line_and_key(files, change, fragments) -> None:
    old, new = change
    assert old in MAP
    files["map"].write_text(MAP.replace(old, new))
    assert_clear_error(run_import(files), str(files["map"]), *fragments)
    assert not files["out"].exists()


def test_codes_are_read_as_written(files) -> None:
    """YAML would read N as false and 01 as 1; the map keeps every code as the text written."""
    files["export"].write_text(EXPORT.replace("T1,T,A,", "T1,01,N,"))
    files["map"].write_text(MAP.replace("  BU: [T]", "  BU: [T, \"01\"]").replace("{not: [T, R]}", "{not: [T, R, Off]}")
                            .replace("values:\n", "values:\n  step: {\"02\": \"2\"}\n"))
    assert run_import(files).exit_code == 0
    assert "T1" in set(roster(files)["employee_id"])


def test_when_every_row_is_rejected_the_export_is_named_not_the_roster(files) -> None:
    """Issue 21 item 10: the error is about the export's rows, not an empty *output* roster."""
    files["export"].write_text(EXPORT.splitlines()[0] + "\nT9,T,A,ZZ-1,1.0,2019-08-26,,,\nT8,T,A,BA-7,1.0,2019-08-26,,,\n")
    result = run_import(files)
    assert result.exit_code == 2 and "Traceback" not in result.output
    *rows, last = result.stderr.strip().splitlines()
    assert rows == ["rejected: export row 2 (T9): lane 'ZZ' is not a lane of 'teachers' and the mapping has no alias for it",
                    "rejected: export row 3 (T8): step '7' is not a step of 'teachers' (steps 1, 2, 3)"]
    assert last.startswith(f"error: {files['export']}: no row could be imported: all 2 rows the map keeps were rejected")
    assert "has no employees" not in result.output and not files["out"].exists()


def test_validate_lists_every_bad_enrolment(tmp_path: Path) -> None:
    """A roster's benefit enrolments are checked like its other columns: every bad row, one line each."""
    (tmp_path / "contract.yaml").write_text(CONTRACT)
    rows = ["employee_id,unit,schedule,lane,step,fte,seniority_date,health",
            "A1,teachers,teachers,BA,1,1,2020-08-26,HMO:fam", "A2,teachers,teachers,BA,1,1,2020-08-26,HMO:couple",
            "A3,teachers,teachers,BA,1,1,2020-08-26,KAISER:ind", "A4,teachers,teachers,BA,1,1,2020-08-26,",
            "A5,teachers,teachers,BA,1,1,2020-08-26,HMO:couple"]
    (tmp_path / "roster.csv").write_text("\n".join(rows) + "\n")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "contract.yaml"), str(tmp_path / "roster.csv")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 3, result.stderr
    assert "row 3" in lines[0] and "no tier 'couple'" in lines[0]
    assert "row 4" in lines[1] and "unknown plan 'KAISER'" in lines[1]
    assert "row 6" in lines[2] and "no tier 'couple'" in lines[2]


def test_a_preset_column_is_replaced_by_the_maps_own(tmp_path: Path) -> None:
    """A district whose Munis export names the employee column "Emp Number" maps it; the preset's
    "Employee" is then not looked for, and the rest of the preset still applies."""
    from costing.inputs.import_map import load_map

    (tmp_path / "map.yaml").write_text('preset: munis\ncolumns:\n  "Emp Number": employee_id\n'
                                       "derive:\n  step: {split: Grade Step, sep: /, part: 2}\n")
    columns = load_map(tmp_path / "map.yaml").mapping.columns
    assert columns["Emp Number"] == "employee_id" and "Employee" not in columns and "Step" not in columns
    assert columns["Group/BU"] == "unit" and columns["Effective Date"] == "effective"
