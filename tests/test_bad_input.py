"""Bad input gets one clear line naming the file and the key or row, exit status 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from costing.cli import main

from .conftest import DATA

CONTRACT = DATA / "chelsea/contract.yaml"
ROSTER_HEADER = "employee_id,unit,schedule,lane,step,fte,seniority_date,lead,multilingual,prep_eligible,sub_separate,interpreter_hours\n"  # the last column is left blank (0) in every row
GOOD_ROW = "E1,para,para,P,1,1.0,2020-01-01,0,0,0,0\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_clear_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def project_with(roster: Path, *extra: str):
    return run("project", "--roster", str(roster), "--contract", str(CONTRACT), "--years", "2025-2027", *extra)


@pytest.mark.parametrize("row, fragments", [
    ("E2,para,para,Q,1,1.0,2020-01-01,0,0,0,0\n", ["row 3", "unknown lane 'Q'"]),
    ("E2,para,para,P,9,1.0,2020-01-01,0,0,0,0\n", ["row 3", "step '9' is not on schedule 'para'"]),
    ("E1,para,para,P,2,1.0,2020-01-01,0,0,0,0\n", ["row 3", "duplicate employee_id 'E1'"]),
    ("E2,para,para,P,2,one,2020-01-01,0,0,0,0\n", ["row 3", "column fte", "'one' is not a number"]),
    ("E2,para,para,P,2,1.0,2020-13-01,0,0,0,0\n", ["row 3", "column seniority_date"]),
    ("E2,para,para,P,2,1.0,2020-01-01,maybe,0,0,0\n", ["row 3", "column lead"]),
])
def test_bad_roster_rows(tmp_path: Path, row: str, fragments: list[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW + row)
    assert_clear_error(project_with(roster), str(roster), *fragments)


def test_missing_roster_column(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,unit,schedule,lane,step,seniority_date\nE1,para,para,P,1,2020-01-01\n")
    assert_clear_error(project_with(roster), str(roster), "missing column(s): fte")


def _proposal(tmp_path: Path, change: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(f"title: bad\nchanges:\n  - {change}\n")
    return path


@pytest.mark.parametrize("change, fragments", [
    ('{op: raise_percent, effective: 2024-07-01, percent: "3,5%"}', ["changes[1]", "percent", "is not a percent"]),
    ("{op: raise_percent, effective: 2024-07-01, percent: 0.03}", ["changes[1]", "percent", "write percents in percent"]),
    ("{op: raise_percent, effective: 2031-07-01, percent: 3}", ["changes[1] (raise_percent)", "outside the contract period"]),
    ("{op: raise_percent, effective: 2024-07-01, percent: 3, lanes: [Z]}", ["changes[1] (raise_percent)", "no lane 'Z'"]),
    ("{op: raise_percent, effective: 2024-07-01, percent: 3, schedules: [nope]}", ["unknown schedule 'nope'"]),
    ("{op: raise_pct, effective: 2024-07-01, percent: 3}", ["changes[1]", "unknown op"]),
    ("{op: raise_percent, effective: 2024-07-01, percnt: 3}", ["changes[1]", "percnt", "unknown key"]),
])
def test_bad_proposals(tmp_path: Path, change: str, fragments: list[str]) -> None:
    path = _proposal(tmp_path, change)
    assert_clear_error(run("schedules", str(CONTRACT), "--proposal", str(path)), str(path), *fragments)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("title: x\nchanges: [\n  - op: 1\n")
    assert_clear_error(run("validate", str(path)), str(path), "line")


def test_missing_file() -> None:
    assert_clear_error(run("validate", "no/such/file.yaml"), "no/such/file.yaml", "file not found")


def test_contract_missing_rate_table_file(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_text(CONTRACT.read_text().replace("schedules/para_fy2024.csv", "schedules/nope.csv"))
    assert_clear_error(run("validate", str(path)), str(path), "nope.csv", "not found")


def test_bad_years_option(tmp_path: Path) -> None:
    assert_clear_error(project_with(DATA / "chelsea/roster.csv", "--years", "2025-20x"), "--years")


def test_failed_output_leaves_nothing(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW + "E1,para,para,P,1,1.0,2020-01-01,0,0,0,0\n")
    out = tmp_path / "out.csv"
    assert_clear_error(project_with(roster, "--out", str(out), "--format", "csv"), "duplicate")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_xlsx_roster_and_headcount(tmp_path: Path) -> None:
    import pandas as pd

    from .conftest import DATA as data

    roster = pd.read_csv(data / "chelsea/roster.csv", comment="#", dtype=str)
    path = tmp_path / "roster.xlsx"
    roster.to_excel(path, index=False)
    result = run("project", "--roster", str(path), "--contract", str(CONTRACT), "--years", "2025", "--headcount", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "scenario,fiscal_year,schedule,lane,step,headcount,fte"
    assert sum(int(line.split(",")[5]) for line in lines[1:]) == len(roster)


def test_proposal_stipend_column_missing_from_roster(tmp_path: Path) -> None:
    proposal = tmp_path / "coach.yaml"
    proposal.write_text("title: coach\nchanges:\n  - {op: set_stipend, effective: 2025-07-01, name: coach, kind: annual,"
                        " column: coachh, amount: 800}\n")
    roster = str(Path(CONTRACT).parent / "roster.csv")
    assert_clear_error(project_with(Path(roster), "--proposal", str(proposal)), str(proposal), "stipend coach",
                       "needs roster column 'coachh'")
    assert_clear_error(run("validate", "--contract", str(CONTRACT), roster, str(proposal)), "coachh")


def test_excel_date_cells_are_dates(tmp_path: Path) -> None:
    import pandas as pd

    roster = pd.read_csv(Path(CONTRACT).parent / "roster.csv", comment="#")
    roster["seniority_date"] = pd.to_datetime(roster["seniority_date"])  # real Excel date cells
    path = tmp_path / "export.xlsx"
    roster.to_excel(path, index=False)
    result = run("validate", "--contract", str(CONTRACT), str(path))
    assert result.exit_code == 0, result.output


def test_row_numbers_match_the_spreadsheet(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("# exported 2024-07-01\n" + ROSTER_HEADER + GOOD_ROW + "E2,para,para,Q,1,1.0,2020-01-01,0,0,0,0\n")
    assert_clear_error(project_with(roster), "row 4 (E2)", "unknown lane 'Q'")


def test_out_extension_picks_the_format(tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    result = project_with(Path(CONTRACT).parent / "roster.csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"  # a zip: a real workbook, not text


@pytest.mark.parametrize("target, fragment", [
    (["--change", "4", "--budget", "2025=5000"], "no percent meets it"),       # other changes already cost more
    (["--change", "4", "--budget", "2025=1000000"], "does not bind"),          # a 2025-26 raise cannot move FY2025
])
def test_solve_refuses_targets_it_cannot_meet(target: list[str], fragment: str) -> None:
    base = Path(CONTRACT).parent
    result = run("solve", "--roster", str(base / "roster.csv"), "--contract", str(CONTRACT), "--proposal",
                 str(base / "proposals/moa_2024.yaml"), "--years", "2025-2027", "--as-of", "2024-07-01", *target)
    assert_clear_error(result, fragment)


# ---------------------------------------------------------------------------------- the corpus
# tests/bad_inputs/: one small file per case and cases.csv with the verbs that read it and the
# fragments its one-line error must contain. Every case, through every verb that reads that kind
# of file: exit 2, one line, the file and key or row named, no traceback, nothing written.

CORPUS = Path(__file__).parent / "bad_inputs"
CONTRACTS = {"": DATA / "chelsea/contract.yaml", "newton": DATA / "newton/contract.yaml"}
YEARS = {"": "2025-2027", "newton": "2025-2028"}


def _corpus_cases() -> list:
    import csv

    with open(CORPUS / "cases.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [pytest.param(row["file"], verb, row["contract"], [f.strip() for f in row["expected"].split("|")],
                         id=f"{row['file']}-{verb}")
            for row in rows for verb in row["verbs"].split()]


def _command(verb: str, path: Path, contract_key: str, out: Path) -> list[str]:
    kind = path.name.split("_")[0]
    contract, years, roster = str(CONTRACTS[contract_key]), YEARS[contract_key], str(DATA / "chelsea/roster.csv")
    if verb == "validate":
        return ["validate", str(path)] + (["--contract", contract] if kind in ("proposal", "roster") else [])
    if verb == "schedules":
        return (["schedules", str(path)] if kind == "contract" else ["schedules", contract, "--proposal", str(path)]) + \
            ["--out", str(out / "rates.csv")]
    if verb == "project":
        files = {"contract": ["--roster", roster, "--contract", str(path)],
                 "proposal": ["--roster", roster, "--contract", contract, "--proposal", str(path)],
                 "roster": ["--roster", str(path), "--contract", contract]}[kind]
        return ["project", *files, "--years", years, "--out", str(out / "summary.csv")]
    return [verb, str(path)]  # report, batch: their output folders are named in the files


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("name, verb, contract_key, fragments", _corpus_cases())
def test_bad_input_corpus(tmp_path: Path, name: str, verb: str, contract_key: str, fragments: list[str]) -> None:
    path = CORPUS / name
    before = _snapshot(CORPUS), _snapshot(DATA / "chelsea")
    result = run(*_command(verb, path, contract_key, tmp_path))
    assert_clear_error(result, *fragments)
    assert name in result.stderr or any(f.endswith((".csv", ".yaml")) and f in result.stderr for f in fragments)
    assert list(tmp_path.iterdir()) == []                                  # nothing written
    assert (_snapshot(CORPUS), _snapshot(DATA / "chelsea")) == before      # no input touched
    assert not (CORPUS.parent.parent / "reports/never-written").exists()


def test_every_corpus_file_has_a_case() -> None:
    import csv

    with open(CORPUS / "cases.csv", newline="") as handle:
        listed = {row["file"] for row in csv.DictReader(handle)}
    helpers = {"cases.csv", "missing_cell.csv", "zero_rate.csv"}
    assert {p.name for p in CORPUS.iterdir()} - helpers == listed


# ---------------------------------------------------------------------------------- collected roster errors

def test_several_bad_rows_one_line_each(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    bad = "".join(f"E{n},para,para,Q,1,1.0,2020-01-01,0,0,0,0\n" for n in range(2, 27))   # 25 rows, unknown lane
    roster.write_text(ROSTER_HEADER + GOOD_ROW + "E1,para,para,P,9,0,2020-01-01,0,0,0,0\n" + bad)
    result = project_with(roster)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 21, result.stderr                       # 20 rows, then "and N more"
    assert all(line.startswith(f"error: {roster}: row ") for line in lines[:20])
    # every problem of a row on its one line: the duplicate ID, the step and the FTE of row 3
    assert "row 3 (E1)" in lines[0] and "duplicate employee_id" in lines[0] and "step '9'" in lines[0] \
        and "column fte" in lines[0]
    assert "row 4 (E2)" in lines[1] and "unknown lane 'Q'" in lines[1]
    assert lines[20] == f"error: {roster}: and 6 more"


def test_one_bad_row_stays_one_line(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW + "E2,para,para,Q,1,1.0,2020-01-01,0,0,0,0\n")
    assert_clear_error(project_with(roster), "row 3 (E2)", "unknown lane 'Q'")


def test_roster_error_public_text_names_nobody(tmp_path: Path) -> None:
    from costing.errors import InputError
    from costing.inputs.loading import load_contract
    from costing.inputs.roster import load_roster

    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_HEADER + GOOD_ROW + "CH77777,para,para,Q,1,1.0,2020-01-01,0,0,0,0\n")
    with pytest.raises(InputError) as info:
        load_roster(roster, load_contract(CONTRACT))
    assert "CH77777" in str(info.value)
    assert "CH77777" not in info.value.public_text() and "row 3" in info.value.public_text()


# ---------------------------------------------------------------------------------- exit codes and streams

def test_exit_0_data_on_stdout_status_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "summary.csv"
    result = project_with(DATA / "chelsea/roster.csv", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr.strip() == f"wrote {out}"
    result = project_with(DATA / "chelsea/roster.csv", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("scenario,label,fiscal_year,") and result.stderr == ""


def test_exit_3_for_a_bug_with_the_traceback_in_a_log(tmp_path: Path, monkeypatch) -> None:
    from costing.engine import costing_run

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug, not the user's input")

    monkeypatch.setattr(costing_run, "cost_inputs", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = project_with(DATA / "chelsea/roster.csv")
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error") and "ZeroDivisionError" in lines[0]
    logs = list((tmp_path / "state/costing").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert "Traceback" in logs[0].read_text() and "Traceback" not in result.output


@pytest.mark.parametrize("args, fragment", [
    (["project", "--bogus"], "No such option"),
    (["nosuchverb"], "No such command"),
    (["project", "--contract", "c.yaml"], "missing --roster, --years (or give --scenario)"),
    (["batch", "data/batch.yaml", "--jobs", "two"], "'two' is not a valid integer"),
])
def test_usage_errors_are_one_line_exit_2(args: list[str], fragment: str) -> None:
    assert_clear_error(run(*args), fragment)


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "contract.yaml"
    folder.mkdir()  # a folder where a file is expected: unreadable as a file, even for root
    assert_clear_error(run("validate", str(folder)), str(folder), "is a folder")
    assert_clear_error(run("schedules", str(folder)), str(folder), "is a folder")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert_clear_error(run("validate", str(binary)), str(binary), "not a text file")


def test_validate_names_the_file_of_every_error(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("title: a\nproposer: union\n")  # no changes at all: a mistake, not the status quo
    b.write_text("title: b\nchanges:\n  - {op: raise_percent, effective: 2025-02-30, percent: 3}\n")
    result = run("validate", "--contract", str(CONTRACT), str(a), str(b), str(DATA / "chelsea/proposals/moa_2024.yaml"))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and str(a) in errors[0] and str(b) in errors[1]
    assert "ok  proposal" in result.stdout and "moa_2024.yaml" in result.stdout


def test_validate_checks_a_scenario_as_its_report_would() -> None:
    result = run("validate", str(DATA / "chelsea/scenario.yaml"), str(DATA / "batch.yaml"))
    assert result.exit_code == 0, result.output
    assert "ok  scenario" in result.stdout and "ok  batch" in result.stdout and "8 scenarios checked" in result.stdout


def test_a_yaml_error_names_the_line_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("title: x\nchanges:\n  - op: raise_percent\n    effective: 2025-07-01\n    percent: -300\n")
    assert_clear_error(run("validate", str(path)), "changes[1] (raise_percent).percent (line 5)", "-300")
