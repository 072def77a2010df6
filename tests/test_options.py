"""The same options on every verb that needs them (issue 25, item 7), checked on the command group itself.

The verbs are read from ``costing.cli.main`` (a verb added later is checked with no change here):
every verb takes ``--scenario``, writes where ``--out`` says and offers ``--format`` from one
vocabulary, unless it is listed below with the reason it does not; the options saying what to
cost are declared once (``costing.cli.options.costing_inputs``) and so are the same on every verb
that has them; dates and money in options are read by the inputs' own parsers. Then each costing
verb is run both ways (a scenario file, the same files as options) and must give the same output,
and money typed 1,000,000 or $1,000,000 must be the same target.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest

from costing.cli import main
from costing.cli.options import FORMATS, DateType, FormatType, MoneyType

from .batch_support import batch_args, batch_env, batch_file, scenario_folder
from .batch_support import run as run_process
from .cli_support import one_line_error
from .cli_support import run_cli as run
from .conftest import DATA

NO_SCENARIO = {
    "validate": "checks files of every kind; a scenario is one of its FILES",
    "roster": "makes a roster from a spec; nothing to cost",
    "schema": "writes the schemas of the file formats; reads no input",
    "init": "writes a new district folder, its scenario included",
    "import-schedule": "turns a salary grid into rate tables: before there is a scenario",
    "import-roster": "turns a payroll export into a roster: before there is a scenario",
    "import-earnings": "turns an earnings report into a roster: before there is a scenario",
    "proposal-sheet": "converts one proposal file; costs nothing",
    "batch": "its batch file names the scenarios",
}
NO_OUT = {
    "validate": "writes nothing",
    "init": "FOLDER, its argument, is what it writes",
    "serve": "writes only the proposals its page saves, beside the scenario's proposals",
}
NO_FORMAT = {
    "validate": "prints one status line per file",
    "roster": "writes a roster CSV, the one roster format",
    "schema": "writes JSON Schema files",
    "report": "writes a report folder (HTML, PDF, workbook)",
    "init": "writes YAML starter files",
    "import-schedule": "writes rate CSVs and a contract entry",
    "import-roster": "writes a roster CSV and its import report",
    "import-earnings": "writes a roster CSV and its import report",
    "proposal-sheet": "the form follows --out's extension (.xlsx, .csv, .yaml)",
    "serve": "serves a web page",
}
COSTING_INPUTS = ("--scenario", "--roster", "--contract", "--years", "--switch", "--as-of", "--proration", "--moves")
DATE_OPTIONS = ("--as-of", "--on", "--date", "--effective")
MONEY_OPTIONS = ("--new-money",)

VERBS = sorted(main.commands)


def options(verb: str) -> dict[str, click.Option]:
    return {name: p for p in main.commands[verb].params if isinstance(p, click.Option) for name in p.opts}


def visible(verb: str) -> dict[str, click.Option]:
    return {name: p for name, p in options(verb).items() if not p.hidden}


def test_the_exemptions_name_verbs_that_exist() -> None:
    assert len(VERBS) >= 19   # the group was read
    for listed in (NO_SCENARIO, NO_OUT, NO_FORMAT):
        assert set(listed) <= set(VERBS), set(listed) - set(VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_takes_the_shared_options(verb: str) -> None:
    mine = visible(verb)
    assert ("--scenario" in mine) != (verb in NO_SCENARIO), f"{verb}: --scenario ({NO_SCENARIO.get(verb)})"
    assert ("--out" in mine) != (verb in NO_OUT), f"{verb}: --out ({NO_OUT.get(verb)})"
    assert ("--format" in mine) != (verb in NO_FORMAT), f"{verb}: --format ({NO_FORMAT.get(verb)})"
    assert not [name for name in mine if name.startswith("--out") and name != "--out"], \
        f"{verb}: where a verb writes is spelled --out (an old spelling may stay as a hidden alias)"
    if "--format" in mine:
        kind = mine["--format"].type
        assert isinstance(kind, FormatType) and set(kind.choices) <= set(FORMATS) and "text" in kind.choices
    for name in DATE_OPTIONS:
        if name in mine:
            assert isinstance(mine[name].type, DateType), f"{verb} {name}: read by the one date parser"
    for name in MONEY_OPTIONS:
        if name in mine:
            assert isinstance(mine[name].type, MoneyType), f"{verb} {name}: read by the one money parser"


def _declaration(option: click.Option) -> tuple:
    return type(option.type).__name__, option.multiple, option.required, option.help


@pytest.mark.parametrize("name", COSTING_INPUTS[1:])
def test_what_to_cost_is_declared_once(name: str) -> None:
    # every verb that takes a roster takes every input option, declared the same (one declaration)
    costing_verbs = [v for v in VERBS if "--roster" in visible(v)]
    assert {"project", "compare", "bridge", "solve", "sensitivity", "ledger"} <= set(costing_verbs)
    declared = {v: _declaration(visible(v)[name]) for v in costing_verbs}
    assert len(set(declared.values())) == 1, declared


def test_format_text_and_its_old_name_table_are_the_same() -> None:
    args = ["schedules", str(DATA / "chelsea/contract.yaml"), "--format"]
    text, table = run(*args, "text"), run(*args, "table")
    assert text.exit_code == 0 and text.stdout == table.stdout and "rate" in text.stdout
    one_line_error(run(*args, "yaml"), "'yaml' is not one of 'text', 'csv', 'xlsx', 'json'")


# ------------------------------------------------------------------------------ the same answer both ways

CHELSEA = DATA / "chelsea"
AS_OPTIONS = ["--roster", CHELSEA / "roster.csv", "--contract", CHELSEA / "contract.yaml", "--years", "2025-2027",
              "--as-of", "2024-07-01"]


def _json(*args) -> object:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("verb, extra", [
    ("project", []),
    ("bridge", ["--proposal", CHELSEA / "proposals/moa_2024.yaml"]),
    ("solve", ["--change", "4", "--new-money", "5,000,000"]),
])
def test_a_scenario_and_its_files_as_options_give_the_same_answer(verb: str, extra: list) -> None:
    proposal = [] if verb in ("bridge",) else ["--proposal", CHELSEA / "proposals/moa_2024.yaml"]
    from_scenario = _json(verb, "--scenario", CHELSEA / "scenario.yaml", *extra)
    assert from_scenario == _json(verb, *AS_OPTIONS, *proposal, *extra)


def test_options_beside_a_scenario_state_something_instead(tmp_path: Path) -> None:
    years = _json("project", "--scenario", CHELSEA / "scenario.yaml", "--years", "2025")
    assert {row["fiscal_year"] for row in years if row["period"] == "year"} == {2025}   # and the term's row
    other = _json("project", "--scenario", CHELSEA / "scenario.yaml", "--proposal", CHELSEA / "proposals/union_counter.yaml")
    assert {row["scenario"] for row in other} == {"baseline", "union_counter"}


def test_schedules_and_rounds_take_a_scenario() -> None:
    listed = run("schedules", "--scenario", CHELSEA / "scenario.yaml", "--format", "csv")
    same = run("schedules", CHELSEA / "contract.yaml", "--proposal", CHELSEA / "proposals/moa_2024.yaml", "--format", "csv")
    assert listed.exit_code == 0 and listed.stdout == same.stdout
    one_line_error(run("schedules", "--scenario", CHELSEA / "compare.yaml"), "costs 2 proposals",
                   "name the one to list with --proposal FILE")
    one_line_error(run("rounds", "--scenario", CHELSEA / "scenario.yaml"), f"{CHELSEA / 'scenario.yaml'}: rounds:",
                   "names no rounds file")
    one_line_error(run("rounds", DATA / "newton/rounds.yaml", "--scenario", CHELSEA / "scenario.yaml"),
                   "give ROUNDS.yaml, or --scenario FILE naming one (its `rounds:`), not both")
    one_line_error(run("report", "--scenario", CHELSEA / "scenario.yaml", CHELSEA / "compare.yaml"),
                   "give the scenario as SCENARIO.yaml or --scenario, not both")
    from costing.cli.rounds_verbs import _rounds_of

    assert Path(_rounds_of(str(DATA / "newton/compare.yaml"))) == (DATA / "newton/rounds.yaml").resolve()


# ------------------------------------------------------------------------------ money in options

def test_money_options_take_dollars_and_commas() -> None:
    base = ["solve", "--scenario", CHELSEA / "scenario.yaml", "--change", "4"]
    plain = _json(*base, "--new-money", "5000000")
    assert _json(*base, "--new-money", "5,000,000") == _json(*base, "--new-money", "$5,000,000") == plain
    budget = _json(*base, "--budget", "2026=2000000")
    assert _json(*base, "--budget", "FY2026=$2,000,000") == budget != plain
    one_line_error(run(*base, "--new-money", "5,00,000"), "--new-money", "'5,00,000' is not an amount of money")
    one_line_error(run(*base, "--new-money", ",000,000"), "did the shell take a $ and a digit?")
    one_line_error(run(*base, "--budget", "2026=1,2"), "--budget", "'2026=1,2' is not YEAR=AMOUNT",
                   "'1,2' is not an amount of money")


def test_solve_writes_where_out_says(tmp_path: Path) -> None:
    out = tmp_path / "answer.json"
    result = run("solve", "--scenario", CHELSEA / "scenario.yaml", "--change", "4", "--new-money", "5,000,000",
                 "--out", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["target_kind"] == "new_money"   # the form follows the extension


# ------------------------------------------------------------------------------ --out everywhere

def test_import_schedule_writes_where_out_says_and_keeps_out_dir(tmp_path: Path) -> None:
    grid = tmp_path / "grid.csv"
    grid.write_text("Effective 7/1/2024\nStep,A,B\nStep 1,50000,52000\nStep 2,51000,53000\n")
    for option, folder in (("--out", "new"), ("--out-dir", "old")):
        result = run("import-schedule", grid, "--schedule", "t", option, tmp_path / folder)
        assert result.exit_code == 0, result.output
        assert (tmp_path / folder / "t_2024-07-01.csv").is_file()   # the grid's 7/1/2024 read as a date
    one_line_error(run("import-schedule", grid, "--schedule", "t", "--out", tmp_path / "a", "--out-dir", tmp_path / "b"),
                   "give --out or --out-dir (its old name), not both")


def test_batch_writes_where_out_says(tmp_path: Path) -> None:
    data = tmp_path / "data"
    scenario_folder(data / "chelsea")
    batch = batch_file(data, ["chelsea"], output="../configured")
    result = run_process(batch_args(batch, "--numbers-only", "--date", "6/1/2030", "--out", str(tmp_path / "elsewhere"),
                                    "--format", "json"), batch_env(tmp_path / "notebooks"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere/numbers/2030-06-01/chelsea/figures.parquet").is_file()
    assert not (tmp_path / "configured").exists()
    assert json.loads(result.stdout)["exit_status"] == 0


def test_load_roster_needs_no_contract(tmp_path: Path) -> None:
    import costing

    roster = costing.load_roster(CHELSEA / "roster.csv")
    assert len(roster) == 180 and str(roster["seniority_date"].dtype) == "datetime64[s]"
    bad = tmp_path / "roster.csv"
    shutil.copy(CHELSEA / "roster.csv", bad)
    bad.write_text(bad.read_text().replace(",1.0,2017-02-27,", ",one,2/30/2017,", 1))
    with pytest.raises(costing.InputError) as error:
        costing.load_roster(bad)
    assert "row 2 (CH00001): column fte: 'one' is not a number; column seniority_date: '2/30/2017' is not a date:" \
           " February 2017 has 28 days" in str(error.value)


def test_validate_checks_a_roster_alone(tmp_path: Path) -> None:
    alone = run("validate", CHELSEA / "roster.csv")
    assert alone.exit_code == 0 and "checked alone" in alone.stdout
    bad = tmp_path / "roster.csv"
    bad.write_text("employee_id,unit,schedule,lane,step,fte,seniority_date\nE1,u,s,l,1,1.0,13/1/2020\n")
    one_line_error(run("validate", bad), f"{bad}: row 2 (E1): column seniority_date: '13/1/2020' is not a date")
