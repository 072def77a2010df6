"""`costing import-earnings`: a calendar-year earnings report (Boston's layout) to a roster, a step
found only when one step held all year explains REGULAR pay, names never read (issue 26 item 3).

Hand arithmetic (data/tutorial/boston_earnings: illustrative grid, FY2022 table from 7/1/2021, FY2023
= FY2022 x 1.02 from 7/1/2022). Calendar 2022 = 181 days of FY2022 + 184 days of FY2023 (365):
  one step held all year pays FY2022 rate x (181 + 1.02 x 184) / 365 = rate x 368.68 / 365
  BA 3: 54,000 x 368.68 / 365 = 19,908,720 / 365 = 54,544.438 -> $54,544.44 (row 2: placed)
  BA 4 = BA 5: 56,000 x 368.68 / 365 = 56,564.60 (row 3: ambiguous, never guessed)
  MA 4: 59,000 x 368.68 / 365 = 59,594.849 -> $59,594.85 (row 4)
  MA 5: 61,000 x 368.68 / 365 = 61,615.013 -> $61,615.01 (row 10)
  BA 2: 52,000 x 368.68 / 365 = 52,524.27 (row 11 exactly; row 12 is 63 cents off, within $1.00)
  a step move on 7/1/2022: 50,000 x 181/365 + 53,040 x 184/365 = 18,809,360 / 365 = $51,532.49 (row 6:
  matches no one step; nearest BA 2 $52,524.27, 991.78 away, against BA 1 $50,504.11, 1,028.38 away)
FY2023 base of the five placed rows at FY2023 rates: 55,080 + 60,180 + 62,220 + 2 x 53,040 = $283,560.00.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main
from costing.inputs.earnings_import import header_name

from .conftest import DATA
from .test_bad_input import assert_clear_error

EXAMPLE = DATA / "tutorial/boston_earnings"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "ex")
    return tmp_path / "ex"


def run_import(work: Path, export: str = "earnings_cy2022.csv"):
    return CliRunner().invoke(main, ["import-earnings", str(work / export), "--map", str(work / "titles.yaml"),
                                     "--contract", str(work / "contract.yaml"), "--out", str(work / "out/roster.csv")])


def test_the_extract_places_only_what_one_step_explains(work: Path) -> None:
    result = run_import(work)
    assert result.exit_code == 0, result.output
    roster = pd.read_csv(work / "out/roster.csv", comment="#", dtype=str)
    assert roster.values.tolist() == [
        ["BPS2022-00002", "teachers", "teachers", "BA", "3", "1", "2015-09-01"],
        ["BPS2022-00004", "teachers", "teachers", "MA", "4", "1", "2015-09-01"],
        ["BPS2022-00010", "teachers", "teachers", "MA", "5", "1", "2015-09-01"],
        ["BPS2022-00011", "teachers", "teachers", "BA", "2", "1", "2015-09-01"],
        ["BPS2022-00012", "teachers", "teachers", "BA", "2", "1", "2015-09-01"],
    ]
    report = (work / "out/roster_import_report.md").read_text()
    assert "calendar-year pay is not a fiscal-year salary" in result.output
    assert "**Calendar-year pay is not a fiscal-year salary" in report
    assert "| 3 | Teacher | $56,564.60 | ambiguous: lane BA step 4, lane BA step 5 all pay $56,564.60" in report
    assert "| 6 | Teacher | $51,532.49 | ambiguous: $51,532.49 is not what one step held all 2022 pays (nearest lane BA" \
           " step 2, $52,524.27)" in report
    assert "| 5 | Teacher | $30,112.50 | ambiguous:" in report and "| 9 | Teacher |  | no regular pay in 2022 |" in report
    assert "| title Paraprofessional | 1 |" in report and "| title Substitute Teacher | 1 |" in report
    assert "ASSUMED for every row (the report does not say): FTE 1, seniority date 2015-09-01" in report
    assert result.stderr.count("not placed:") == 4


def test_the_roster_is_costed(work: Path) -> None:
    assert run_import(work).exit_code == 0
    result = CliRunner().invoke(main, ["project", "--roster", str(work / "out/roster.csv"), "--contract",
                                       str(work / "contract.yaml"), "--years", "2023", "--as-of", "2022-12-31",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"base":283560.0' in result.stdout.replace(" ", "")


@pytest.mark.parametrize("spellings", [
    {"TOTAL_ GROSS": "TOTAL EARNINGS", "DETAIL": "DETAILS", "QUINN_EDUCATION": "QUINN / EDUCATION INCENTIVE"},
    {"TITLE": "title", "REGULAR": "regular", "TOTAL_ GROSS": "total_earnings"},
])
def test_every_years_header_spelling_reads_the_same(work: Path, spellings: dict) -> None:
    text = (work / "earnings_cy2022.csv").read_text()
    header, rest = text.split("\n", 1)
    for old, new in spellings.items():
        header = header.replace(old, new)
    (work / "other_year.csv").write_text(f"NAME,DEPARTMENT NAME,{header.removeprefix('ID,')},POSTAL\n" + "".join(
        f"\"Doe,Jane\",BPS Example School,{line.split(',', 1)[1]},02100\n" for line in rest.splitlines()))
    assert run_import(work, "other_year.csv").exit_code == 0
    roster = (work / "out/roster.csv").read_text()
    report = (work / "out/roster_import_report.md").read_text()
    assert roster.count("\n") == 6 and "Doe" not in roster + report and "Jane" not in roster + report   # header + 5 rows
    assert "BPS Example School" not in roster


def test_header_names() -> None:
    assert {header_name(h) for h in ("TOTAL_ GROSS", "TOTAL EARNINGS", "total_earnings", "Total Gross")} == {"TOTAL_GROSS"}
    assert header_name("QUINN / EDUCATION INCENTIVE") == "QUINN_EDUCATION" and header_name("DETAILS") == "DETAIL"
    assert header_name("DEPARTMENT NAME") == "DEPARTMENT_NAME"


def test_a_title_on_a_schedule_the_contract_lacks_is_one_line(work: Path) -> None:
    (work / "titles.yaml").write_text((work / "titles.yaml").read_text().replace("schedule: teachers}", "schedule: teacher}"))
    assert_clear_error(run_import(work), "titles.yaml", "titles.Teacher.schedule", "'teacher' is not a schedule")


def test_a_report_without_regular_pay_is_refused(work: Path) -> None:
    (work / "bad.csv").write_text("NAME,TITLE,TOTAL_GROSS\nA,Teacher,$1\n")
    assert_clear_error(run_import(work, "bad.csv"), "bad.csv", "has no REGULAR column")
