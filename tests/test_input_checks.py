"""Mistakes found where inputs are checked: by `costing validate` exactly as by the costing verbs.

Each case is a file a user could write that matches nobody or nothing (issue 21, item 3), or a
message that blamed the wrong thing (item 10), or a rate table outside the contract's folder
(item 6): one line naming the file and what the user wrote, exit 2, through validate and project.
"""

from __future__ import annotations

from decimal import Decimal
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


# ---------------------------------------------------------------------------------- proposals that match nobody

NEWTON = DATA / "newton"


def _proposal(tmp_path: Path, change: str) -> Path:
    path = tmp_path / "proposal.yaml"
    path.write_text(f"title: t\nchanges:\n  - {change}\n")
    return path


def newton(proposal: Path) -> list:
    return validate_and_project(NEWTON / "roster.csv", NEWTON / "contract.yaml", proposal, "2025-2028")


@pytest.mark.parametrize("tier, hint", [("famly", "did you mean 'family'?"), ("couple", "tiers: family, individual")])
def test_a_premium_for_a_tier_nobody_holds_is_refused(tmp_path: Path, tier: str, hint: str) -> None:
    """Issue 21: a set_premium tier typo added a tier nobody holds and the intended raise was lost."""
    proposal = _proposal(tmp_path, f"{{op: set_premium, effective: 2025-07-01, name: health, plan: HMO, rates: {{{tier}: 2500}}}}")
    for result in newton(proposal):
        one_clear_line(result, str(proposal), "changes[1] (set_premium)", f"has no tier {tier!r}", hint)


def test_a_premium_for_a_plan_nobody_has_is_refused(tmp_path: Path) -> None:
    proposal = _proposal(tmp_path, "{op: set_premium, effective: 2025-07-01, name: health, plan: HMOO, rates: {family: 2500}}")
    for result in newton(proposal):
        one_clear_line(result, "changes[1] (set_premium)", "has no plan 'HMOO'", "did you mean 'HMO'?")


@pytest.mark.parametrize("share", ["0.85", "1"])
def test_an_employer_share_of_one_or_less_is_ambiguous(tmp_path: Path, share: str) -> None:
    """Issue 21: an employer share of 0.85 was taken as 0.85%."""
    proposal = _proposal(tmp_path, f"{{op: set_employer_share, effective: 2025-07-01, name: health, percent: {share}}}")
    whole = f"{float(share) * 100:g}"
    for result in newton(proposal):
        one_clear_line(result, "changes[1] (set_employer_share).percent", f"write {whole} for {whole}%")


def test_a_cost_line_charged_to_a_unit_the_contract_lacks_is_refused(tmp_path: Path) -> None:
    proposal = _proposal(tmp_path, "{op: add_cost_line, effective: 2025-09-01, name: pool, unit: Z, rate: 100, quantity: 5}")
    for result in newton(proposal):
        one_clear_line(result, "changes[1] (add_cost_line)", "unit 'Z' is not one of the contract's units (A, B, C, D, E)")


@pytest.mark.parametrize("cell, fragment", [
    ("{schedule: paras}", "escalate_with names schedule 'paras' (did you mean 'para'?)"),
    ("{schedule: para, lane: TA1}", "schedule 'para' has no lane 'TA1' (did you mean 'TAI'?)"),
])
def test_an_escalation_naming_an_unknown_schedule_or_lane_is_refused(tmp_path: Path, cell: str, fragment: str) -> None:
    """Issue 21: `escalate_with: {schedule: paras}` passed validate, then project exited 3 with KeyError: 'paras'."""
    proposal = _proposal(tmp_path, "{op: add_cost_line, effective: 2025-07-01, name: leave, unit: para, rate: 2887.95,"
                                   f" quantity: 4, escalate_with: {cell}}}")
    for result in validate_and_project(proposal=proposal):
        one_clear_line(result, str(proposal), "changes[1] (add_cost_line)", fragment)


def test_paid_days_on_an_annual_schedule_without_days_a_year_are_refused(tmp_path: Path) -> None:
    """Issue 21: an annual schedule's paid days passed validate and failed later without naming the file."""
    proposal = _proposal(tmp_path, "{op: add_paid_days, effective: 2025-11-27, name: holiday, days: 1, units: [A]}")
    for result in newton(proposal):
        one_clear_line(result, str(proposal), "changes[1] (add_paid_days)", "schedule 'unit_a' is annual",
                       "work_year.days_per_year")


def test_eligibility_outside_the_contract_period_is_refused(tmp_path: Path) -> None:
    proposal = _proposal(tmp_path, "{op: one_time, effective: 2025-07-01, name: bonus, amount: 500, pay_date: 2025-10-15,"
                                   " eligible: {all_of: [{employed_on: 2019-09-01}]}}")
    for result in validate_and_project(proposal=proposal):
        one_clear_line(result, "changes[1] (one_time)", "employed_on 2019-09-01 is outside the contract period")


# ---------------------------------------------------------------------------------- contracts that match nobody


def chelsea_with(tmp_path: Path, extra: str = "", replace: tuple[str, str] = ("", "")) -> Path:
    """A copy of the Chelsea contract (with its rate table) with a section added or a line changed."""
    folder = tmp_path / "district"
    (folder / "schedules").mkdir(parents=True)
    (folder / "schedules/para_fy2024.csv").write_bytes((CHELSEA / "schedules/para_fy2024.csv").read_bytes())
    text = (CHELSEA / "contract.yaml").read_text()
    if replace[0]:
        assert replace[0] in text
        text = text.replace(*replace)
    (folder / "contract.yaml").write_text(text + extra)
    return folder / "contract.yaml"


def contract_cases() -> list:
    one_time = "\none_time:\n  - {{name: bonus, amount: 500, pay_date: 2024-10-15, eligible: {rule}}}\n"
    return [
        pytest.param("\ncost_lines:\n  - {name: pool, unit: Z, rate: 100, quantity: 5}\n",
                     ["cost line 'pool'", "unit 'Z' is not one of the contract's units (para)"], id="cost-line-unit"),
        pytest.param("\ncost_lines:\n  - {name: leave, unit: para, rate: 100, quantity: 4, effective: 2024-07-01,"
                     " escalate_with: {schedule: paras}}\n",
                     ["cost line 'leave'", "escalate_with names schedule 'paras'"], id="escalation-schedule"),
        pytest.param(one_time.format(rule="{all_of: [{column: {column: lane, values: [M99]}}]}"),
                     ["one-time payment 'bonus'", "a lane rule names lane 'M99'", "no one can match it"], id="lane-rule"),
        pytest.param(one_time.format(rule="{all_of: [{employed_on: 2030-01-01}]}"),
                     ["one-time payment 'bonus'", "employed_on 2030-01-01 is outside the contract period"],
                     id="date-outside"),
        pytest.param(one_time.format(rule="{all_of: [{column: {column: lane, values: [P]}},"
                                          " {column: {column: lane, values: [TAI]}}]}"),
                     ["one_time[bonus].eligible", "all_of can never hold: column lane must be one of P and one of TAI"],
                     id="contradictory-all-of"),
        pytest.param(one_time.format(rule="{all_of: [{employed_on: 2024-09-01}], any_of: [{ended_between:"
                                          " {start: 2023-07-01, end: 2024-06-30}}]}"),
                     ["one_time[bonus].eligible", "any_of[1] can never hold together with all_of",
                      "left by 2024-06-30 is not employed on 2024-09-01"], id="impossible-any-of"),
        pytest.param("\nextra_pay:\n  - {name: weeks, measure: weeks, tiers: {10: 1}, pay_month_day: '06-30', schedules: [para]}\n",
                     None, id="extra-pay-on-hourly-is-fine"),
    ]


@pytest.mark.parametrize("extra, fragments", contract_cases())
def test_a_contract_that_names_what_it_lacks_is_refused(tmp_path: Path, extra: str, fragments) -> None:
    contract = chelsea_with(tmp_path, extra)
    results = validate_and_project(contract=contract)
    if fragments is None:
        assert [r.exit_code for r in results] == [0, 0], [r.output for r in results]
        return
    for result in results:
        one_clear_line(result, str(contract), *fragments)


def test_an_annual_schedule_with_extra_pay_needs_days_a_year(tmp_path: Path) -> None:
    contract = chelsea_with(tmp_path, "\nextra_pay:\n  - {name: weeks, measure: weeks, tiers: {10: 1}, pay_month_day: '06-30'}\n",
                            ("rate_unit: hourly\n    work_year: {hours_per_day: 6.5, days_per_year: 210}",
                             "rate_unit: annual\n    work_year: {}"))
    for result in validate_and_project(contract=contract):
        one_clear_line(result, str(contract), "extra pay 'weeks'", "schedule 'para' is annual", "days_per_year")


def test_a_contract_employer_share_of_one_or_less_is_ambiguous(tmp_path: Path) -> None:
    folder = tmp_path / "newton"
    folder.mkdir()
    for path in (NEWTON / "schedules").iterdir():
        (folder / "schedules").mkdir(exist_ok=True)
        (folder / "schedules" / path.name).write_bytes(path.read_bytes())
    text = (NEWTON / "contract.yaml").read_text()
    assert "percent: 80," in text
    (folder / "contract.yaml").write_text(text.replace("percent: 80,", "percent: 0.8,"))
    result = run("validate", folder / "contract.yaml")
    one_clear_line(result, "benefits[health].employer_share[1].percent", "write 80 for 80%")


# ---------------------------------------------------------------------------------- rate table files (issue 21 item 6)


@pytest.mark.parametrize("file", ["/etc/passwd", "../../x.csv", "link.csv"])
def test_a_rate_table_file_outside_the_contract_folder_is_refused(tmp_path: Path, file: str) -> None:
    contract = chelsea_with(tmp_path)
    outside = tmp_path / "outside.csv"
    outside.write_text((CHELSEA / "schedules/para_fy2024.csv").read_text())
    (contract.parent / "link.csv").symlink_to(outside)               # a link leading out of the folder
    contract.write_text(contract.read_text().replace("file: schedules/para_fy2024.csv", f"file: {file}"))
    for result in validate_and_project(contract=contract):
        one_clear_line(result, str(contract), "schedules[para].tables[1].file", f"table file {file!r} lies outside")


def test_a_folder_the_contract_names_may_hold_its_tables(tmp_path: Path) -> None:
    contract = chelsea_with(tmp_path)
    shared = tmp_path / "shared_grids"
    shared.mkdir()
    (shared / "para.csv").write_text((CHELSEA / "schedules/para_fy2024.csv").read_text())
    contract.write_text(contract.read_text().replace("file: schedules/para_fy2024.csv", "file: ../shared_grids/para.csv")
                        .replace("fiscal_year_start:", "table_folders: [../shared_grids]\nfiscal_year_start:"))
    assert [r.exit_code for r in validate_and_project(contract=contract)] == [0, 0]


def test_a_proposal_table_may_lie_beside_its_baseline_contract(tmp_path: Path) -> None:
    contract = chelsea_with(tmp_path)
    (contract.parent / "proposals").mkdir()
    proposal = contract.parent / "proposals/table.yaml"
    proposal.write_text("title: t\nbaseline: ../contract.yaml\nchanges:\n  - {op: replace_table, effective: 2024-07-01,"
                        " schedules: [para], file: ../schedules/para_fy2024.csv}\n")
    assert [r.exit_code for r in validate_and_project(contract=contract, proposal=proposal)] == [0, 0]
    proposal.write_text(proposal.read_text().replace("baseline: ../contract.yaml\n", ""))
    for result in validate_and_project(contract=contract, proposal=proposal):
        one_clear_line(result, "changes[1] (replace_table).file", "lies outside")


def test_a_quoted_fraction_is_refused_as_the_bare_one_is():
    """percent: "0.25" (quoted) is as ambiguous as percent: 0.25 (is it 25%?); "0.25%" says what it means."""
    from pydantic import ValidationError

    from costing.inputs.models import RaisePercent

    for typed in (0.25, "0.25"):
        with pytest.raises(ValidationError, match="would mean 0.25%"):
            RaisePercent(op="raise_percent", effective="2025-07-01", percent=typed)
    assert RaisePercent(op="raise_percent", effective="2025-07-01", percent="0.25%").percent == Decimal("0.25")
    assert RaisePercent(op="raise_percent", effective="2025-07-01", percent="3").percent == Decimal("3")
