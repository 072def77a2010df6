"""What must match someone on the roster does (issue 21, items 3 and 10): one line, exit 2, never a silent cost.

Each case was accepted silently before: an ``ended_between`` reason no roster row carries
(``retird``: New Bedford's retirees lost their retro), moves dated before the person's seniority
or start date, before the roster date (it overrode the roster's step: the Chelsea status quo moved
by $5,941.10), in 1850, twice on one day, or to a step above the person's ``max_step``, and ``solve
--switch nope``. Each is refused by ``validate`` as by the costing verbs, with one line naming the
file, the row or key and what was written. The last cases are messages that blamed the wrong thing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from .cli_support import one_line_error
from .cli_support import run_cli as run
from .conftest import DATA


@pytest.fixture()
def chelsea(tmp_path: Path) -> Path:
    """A copy of Chelsea whose roster also has start_date and max_step columns (CH00002 started
    2024-10-01; CH00003 may not pass step 3), and whose scenario reads moves.csv."""
    folder = tmp_path / "chelsea"
    shutil.copytree(DATA / "chelsea", folder, ignore=shutil.ignore_patterns("README.md"))
    lines = (folder / "roster.csv").read_text().splitlines()
    lines[0] += ",start_date,max_step"
    for i in range(1, len(lines)):
        who = lines[i].split(",")[1]   # after the synthetic column
        lines[i] += {"CH00002": ",2024-10-01,", "CH00003": ",,3"}.get(who, ",,")
    (folder / "roster.csv").write_text("\n".join(lines) + "\n")
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text())
    scenario.update(moves="moves.csv", output="out")
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    (folder / "moves.csv").write_text("employee_id,date,lane,step\nCH00001,2025-09-01,TAII,\n")
    return folder


def test_the_fixture_itself_is_accepted(chelsea: Path) -> None:
    result = run("validate", chelsea / "scenario.yaml")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("row, fragments", [
    ("CH00001,2016-01-01,TAII,", ["2016-01-01 is before the person's seniority date 2017-02-27"]),
    ("CH00002,2024-09-01,,3", ["2024-09-01 is before the person's start date 2024-10-01"]),
    ("CH00004,2024-01-01,,4", ["2024-01-01 is before the roster date 2024-07-01", "the roster already says"]),
    ("CH00004,1850-07-01,TAII,", ["1850-07-01 is not a plausible date (years 1900 to 2199)"]),
    ("CH00003,2025-09-01,,5", ["step '5' is above the person's max_step '3'"]),
])
def test_a_move_that_matches_nobody_is_refused(chelsea: Path, row: str, fragments: list[str]) -> None:
    moves = chelsea / "moves.csv"
    moves.write_text(f"employee_id,date,lane,step\n{row}\n")
    who = row.split(",")[0]
    for result in (run("validate", chelsea / "scenario.yaml"),
                   run("project", "--roster", chelsea / "roster.csv", "--contract", chelsea / "contract.yaml",
                       "--years", "2025-2027", "--as-of", "2024-07-01", "--moves", moves)):
        one_line_error(result, f"{moves}: row 2 ({who})", *fragments)


def test_two_moves_for_one_person_on_one_day(chelsea: Path) -> None:
    moves = chelsea / "moves.csv"
    moves.write_text("employee_id,date,lane,step\nCH00001,2025-09-01,TAII,\nCH00001,2025-09-01,,4\n")
    one_line_error(run("validate", chelsea / "scenario.yaml"), f"{moves}: row 3 (CH00001)",
             "a second move for CH00001 on 2025-09-01; give the lane and the step in one row")


def test_a_move_before_the_roster_date_no_longer_moves_the_status_quo(chelsea: Path) -> None:
    """The reported case: CH00004 (P, step 5 on the roster of 2024-07-01) 'moved' to TAII on 2024-01-01
    was costed at TAII from the first day, changing the status quo; it is now refused."""
    (chelsea / "moves.csv").write_text("employee_id,date,lane,step\nCH00004,2024-01-01,TAII,\n")
    one_line_error(run("report", chelsea / "scenario.yaml"), "before the roster date 2024-07-01")
    assert not (chelsea / "out").exists()


def test_an_end_reason_no_roster_row_carries(tmp_path: Path) -> None:
    folder = tmp_path / "new_bedford"
    shutil.copytree(DATA / "new_bedford", folder, ignore=shutil.ignore_patterns("README.md"))
    proposal = folder / "proposals" / "agreement_2022.yaml"
    proposal.write_text(proposal.read_text().replace("reasons: [retired]", "reasons: [retird]"))
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text())
    (folder / "scenario.yaml").write_text(yaml.safe_dump({**scenario, "output": "out"}))
    line = one_line_error(run("validate", folder / "scenario.yaml"), str(proposal), "'retird' is a reason no roster row carries",
                    "did you mean 'retired'?")
    assert "eligible.any_of[2].ended_between.reasons" in line
    one_line_error(run("validate", folder / "roster.csv", "--contract", folder / "contract.yaml", proposal),
             str(proposal), "'retird'")
    one_line_error(run("project", "--roster", folder / "roster.csv", "--contract", folder / "contract.yaml", "--proposal",
                 proposal, "--years", "2023-2025", "--as-of", "2022-07-01"), "'retird'")


def test_solve_checks_its_switches() -> None:
    chelsea = DATA / "chelsea"
    one_line_error(run("solve", "--roster", chelsea / "roster.csv", "--contract", chelsea / "contract.yaml", "--proposal",
                 chelsea / "proposals/moa_2024.yaml", "--change", "1", "--new-money", "1000000", "--years", "2025-2027",
                 "--switch", "nope"),
             "--switch: 'nope' switches nothing on", "multilingual_early_certification")


def test_two_scenarios_with_one_name_are_blamed_on_the_scenario(chelsea: Path) -> None:
    (chelsea / "other").mkdir()
    shutil.copy(chelsea / "proposals" / "moa_2024.yaml", chelsea / "other" / "moa_2024.yaml")
    scenario = yaml.safe_load((chelsea / "scenario.yaml").read_text())
    scenario["proposals"] = ["proposals/moa_2024.yaml", "other/moa_2024.yaml"]
    (chelsea / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    one_line_error(run("validate", chelsea / "scenario.yaml"), f"{chelsea / 'scenario.yaml'}: proposals:",
             "two scenarios would be named 'moa_2024'")
    one_line_error(run("project", "--roster", chelsea / "roster.csv", "--contract", chelsea / "contract.yaml", "--proposal",
                 chelsea / "proposals/moa_2024.yaml", "--proposal", chelsea / "other/moa_2024.yaml", "--years", "2025"),
             "error: --proposal: two scenarios would be named 'moa_2024'")


def test_the_scenario_file_is_named_once(chelsea: Path) -> None:
    (chelsea / "out").write_text("a file where the report folder would go")
    scenario = chelsea / "scenario.yaml"
    for verb in ("validate", "report"):
        line = one_line_error(run(verb, scenario), f"error: {scenario}: output: {chelsea / 'out'} is a file")
        assert line.count(str(scenario)) == 1
