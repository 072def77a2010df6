"""Mistakes found where inputs are checked: by `costing validate` exactly as by the costing verbs.

Each case is a file a user could write that matches nobody or nothing (issue 21, item 3), or a
message that blamed the wrong thing (item 10), or a rate table outside the contract's folder
(item 6): one line naming the file and what the user wrote, exit 2, through validate and project.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from costing.cli import main

from .conftest import DATA

CHELSEA = DATA / "chelsea"
ROSTER_HEADER = ("employee_id,unit,schedule,lane,step,fte,seniority_date,lead,multilingual,prep_eligible,sub_separate,"
                 "interpreter_hours")


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_clear_line(result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def validate_and_project(roster: Path | None = None, contract: Path = CHELSEA / "contract.yaml",
                         proposal: Path | None = None, years: str = "2025-2027") -> list:
    """The same files through `validate` and through `project`."""
    files = [p for p in (roster, proposal) if p is not None] or [contract]
    checked = run("validate", *files, "--contract", contract) if files != [contract] else run("validate", contract)
    projected = run("project", "--roster", roster or CHELSEA / "roster.csv", "--contract", contract,
                    *(["--proposal", proposal] if proposal else []), "--years", years)
    return [checked, projected]


# ---------------------------------------------------------------------------------- the roster


def test_a_misspelt_proration_is_found_by_validate_as_by_project(tmp_path: Path) -> None:
    """Issue 20: validate accepted `schol_year` and project then refused it."""
    roster = tmp_path / "roster.csv"
    roster.write_text(f"{ROSTER_HEADER},proration\nE1,para,para,P,1,1.0,2020-01-01,0,0,0,0,,schol_year\n")
    for result in validate_and_project(roster):
        one_clear_line(result, str(roster), "row 2 (E1)", "column proration: 'schol_year' is not a proration convention",
                       "did you mean 'school_year'?")


def test_a_flag_that_is_not_a_number_is_quoted_as_written(tmp_path: Path) -> None:
    """Issue 21: `column multilingual: np.float64(nan) is not a number or yes/no` for the value `maybe`."""
    roster = tmp_path / "roster.csv"
    roster.write_text(f"{ROSTER_HEADER}\nE1,para,para,P,1,1.0,2020-01-01,0,maybe,0,0,\n")
    for result in validate_and_project(roster, proposal=CHELSEA / "proposals/moa_2024.yaml"):
        line = one_clear_line(result, "row 2 (E1)", "column multilingual: 'maybe' is not a number or yes/no")
        assert "nan" not in line
