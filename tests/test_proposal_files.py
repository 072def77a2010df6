"""Writing a proposal back out is the inverse of loading it: as YAML and as a spreadsheet.

A proposal sheet (one row per change, the YAML's own words) is read wherever a proposal is: each
mistake in one is one line naming the row and the column, and Excel's own cells (dates, percent
cells, a month-day Excel turned into a date) read as the user meant them.

Every bundled proposal (every file under data/ that is a proposal, so a district's new proposal is
covered without listing it here) is loaded, written and loaded again, and must be equal to the
first load: ``load(write(load(f))) == load(f)``. Constructed cases pin the written text where it
matters: small percents keep their sign, Decimals keep their digits, dates are ISO.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from costing.errors import InputError
from costing.inputs.loading import detect_kind, load_proposal, validate_model
from costing.inputs.proposal_fields import change_models, field_order, is_percent, shape
from costing.inputs.proposal_sheet import is_proposal_sheet, write_proposal_sheet
from costing.inputs.proposal_writer import MAX_STEM, file_stem, proposal_yaml, read_back, save_new_proposal

from .conftest import DATA, make_proposal


def bundled_proposals() -> list[Path]:
    found = []
    for path in sorted(DATA.rglob("*.yaml")):
        try:
            if detect_kind(path) == "proposal":
                found.append(path)
        except InputError:
            continue   # an import map or another file that is not one of costing's inputs
    return found


BUNDLED = bundled_proposals()


def test_every_district_has_proposals_to_round_trip():
    districts = {p.relative_to(DATA).parts[0] for p in BUNDLED}
    assert {"chelsea", "new_bedford", "newton", "boston", "belmont"} <= districts


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(DATA)))
def test_yaml_round_trip_of_every_bundled_proposal(path, tmp_path):
    loaded = load_proposal(path)
    written = tmp_path / "again.yaml"
    written.write_text(proposal_yaml(loaded), encoding="utf-8")
    assert load_proposal(written) == loaded


def test_the_writer_knows_every_op_from_the_models_alone():
    ops = change_models()
    assert {"raise_percent", "add_flat", "replace_table", "set_employer_share", "set_extra_pay"} <= set(ops)
    # the percents are found by their validators, not listed: raise_percent.percent, set_rollup.rate, set_employer_share.percent
    assert is_percent(ops["raise_percent"], "percent") and is_percent(ops["set_rollup"], "rate")
    assert is_percent(ops["set_employer_share"], "percent")
    assert not is_percent(ops["add_flat"], "amount") and not is_percent(ops["raise_percent"], "note")
    assert shape(ops["raise_percent"], "schedules") == "list" and shape(ops["replace_longevity"], "amounts") == "mapping"
    assert shape(ops["add_cost_line"], "escalate_with") == "mapping" and shape(ops["add_flat"], "amount") == "value"
    order = field_order(ops.values())
    assert order[:2] == ["op", "effective"] and order[-3:] == ["contingent", "reference", "note"]


def test_small_percents_keep_their_sign_decimals_their_digits_dates_iso():
    proposal = make_proposal({"title": "Constructed", "date": "2026-01-15", "changes": [
        {"op": "raise_percent", "effective": "2026-07-01", "percent": "0.25%", "schedules": ["s"]},
        {"op": "set_rollup", "effective": "2026-07-01", "name": "medicare", "rate": "0.45%"},
        {"op": "add_flat", "effective": "2027-01-01", "amount": "1234.567891", "per": "hour"},
        {"op": "rebuild", "effective": "2027-07-01", "ratio": "1.0625"},
        {"op": "replace_longevity", "effective": "2027-07-01", "amounts": {10: 750, 15: "1000.50"}, "hold_harmless": True},
    ]})
    text = proposal_yaml(proposal, header="Constructed for the test", first_line="# schema line")
    assert text.startswith("# schema line\n# Constructed for the test\ntitle: Constructed\ndate: 2026-01-15\n")
    assert "percent: 0.25%" in text and "rate: 0.45%" in text
    assert "amount: 1234.567891" in text and "ratio: 1.0625" in text and "effective: 2027-01-01" in text
    assert "{op: replace_longevity, effective: 2027-07-01, amounts: {10: 750, 15: 1000.5}, hold_harmless: changeover}" in text
    again = read_back(text)
    assert again == proposal and again.changes[2].amount == Decimal("1234.567891")


def test_an_empty_proposal_says_so():
    proposal = make_proposal({"title": "Nothing", "changes": []})
    assert "changes: []" in proposal_yaml(proposal) and read_back(proposal_yaml(proposal)) == proposal


def test_saving_never_overwrites_and_never_leaves_the_folder(tmp_path):
    proposal = make_proposal({"title": "T", "changes": [{"op": "raise_percent", "effective": "2026-07-01", "percent": 3}]})
    (tmp_path / "mine.yaml").write_text("a user's own file\n")
    first = save_new_proposal(proposal, tmp_path, "Mine")
    second = save_new_proposal(proposal, tmp_path, "../../mine")
    assert (first.name, second.name) == ("mine_2.yaml", "mine_3.yaml")          # "../../" is not a way out
    assert (tmp_path / "mine.yaml").read_text() == "a user's own file\n"
    assert load_proposal(first) == proposal == load_proposal(second)


def test_a_long_name_is_refused_in_one_line_naming_no_folder(tmp_path):
    assert file_stem("x" * MAX_STEM) == "x" * MAX_STEM
    with pytest.raises(InputError) as error:
        save_new_proposal(make_proposal({"title": "T", "changes": []}), tmp_path, "x" * 300)
    assert "300 characters" in str(error.value) and str(tmp_path) not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_write_failure_names_the_file_not_the_folder_and_leaves_nothing(tmp_path, monkeypatch):
    proposal = make_proposal({"title": "T", "changes": []})
    with pytest.raises(InputError) as error:          # the folder is gone: the operating system refuses
        save_new_proposal(proposal, tmp_path / "gone", "at the table")
    assert "at_the_table.yaml" in str(error.value) and str(tmp_path) not in str(error.value)

    def full_disk(path, text):
        raise InputError(str(path), None, "cannot write: the disk is full (no space left on device)")

    monkeypatch.setattr("costing.inputs.proposal_writer.write_new_file", full_disk)
    with pytest.raises(InputError) as error:
        save_new_proposal(proposal, tmp_path, "at the table")
    assert str(error.value) == "at_the_table.yaml: cannot write: the disk is full (no space left on device)"
    assert list(tmp_path.iterdir()) == []             # the name claimed for the write is given back


# ---- a proposal as a spreadsheet ---------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(DATA)))
def test_sheet_round_trip_of_every_bundled_proposal(path, suffix, tmp_path):
    loaded = load_proposal(path)
    sheet = tmp_path / f"proposal{suffix}"
    write_proposal_sheet(loaded, sheet, check=validate_model)
    assert detect_kind(sheet) == "proposal"
    assert load_proposal(sheet) == loaded


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = [["title", "Committee offer, typed in Excel"], ["proposer", "committee"], ["date", "3/3/2026"], []]


def test_a_sheet_typed_as_excel_users_type_reads_as_the_yaml_would(tmp_path):
    sheet = write_csv(tmp_path / "offer.csv", [*HEADER,
        ["Op", "Effective", "Schedules", "Percent", "Amount", "Per", "Amounts", "Hold harmless", "Employed on"],
        ["raise_percent", "7/1/2026", "teachers, aides", "2.5%", "", "", "", "", ""],
        ["add_flat", "2026-07-01", "teachers", "", "$1,000", "year", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["replace_longevity", "7/1/2027", "", "", "", "", "10: $750; 15: $1,000.50", "no", ""],
        ["one_time", "10/1/2026", "", "", "$500", "", "", "", "9/1/2026, 10/1/2026"],
    ])
    # one_time also needs a name and a pay date: the sheet names the row and what is missing
    with pytest.raises(InputError) as error:
        load_proposal(sheet)
    assert str(error.value).startswith(f"{sheet}: row 10: ") and "required" in str(error.value)
    rows = list(csv.reader(sheet.open(encoding="utf-8")))
    rows[4] += ["Name", "Pay date"]
    rows[9] += ["ratification", "10/15/2026"]
    write_csv(sheet, rows)
    assert load_proposal(sheet) == make_proposal({
        "title": "Committee offer, typed in Excel", "proposer": "committee", "date": "2026-03-03", "changes": [
            {"op": "raise_percent", "effective": "2026-07-01", "schedules": ["teachers", "aides"], "percent": 2.5},
            {"op": "add_flat", "effective": "2026-07-01", "schedules": ["teachers"], "amount": 1000, "per": "year"},
            {"op": "replace_longevity", "effective": "2027-07-01", "amounts": {10: 750, 15: "1000.50"}, "hold_harmless": False},
            {"op": "one_time", "effective": "2026-10-01", "amount": 500, "employed_on": ["2026-09-01", "2026-10-01"],
             "name": "ratification", "pay_date": "2026-10-15"}]})


@pytest.mark.parametrize(("row", "heading", "said"), [
    (["raise_precent", "7/1/2026", "3"], "D",
     "row 6, column A (op): 'raise_precent' is not an op (did you mean 'raise_percent'?)"),
    (["raise_percent", "13/45/2026", "3"], "D",
     "row 6, column B (effective): '13/45/2026' is not a date: dates with slashes are month/day/year, and there is no"
         " month 13; write it as 7/1/2026 (month/day/year) or 2026-07-01"),
    (["raise_percent", "7/1/2026", "150"], "D", "row 6, column C (percent): 150% is outside -100% to 100%"),
    (["raise_percent", "7/1/2026", "0.25"], "D", "row 6, column C (percent): 0.25 would mean 0.25%"),
    (["raise_percent", "7/1/2026", "three"], "D", "row 6, column C (percent): 'three' is not a percent such as 4.5 or 4.5%"),
    (["add_flat", "7/1/2026", "3"], "D", "row 6, column C (percent): add_flat has no percent (it has: "),
])
def test_each_mistake_in_a_sheet_is_one_line_naming_row_and_column(tmp_path, row, heading, said):
    sheet = write_csv(tmp_path / "offer.csv", [["title", "T"], [], [], ["op", "effective", "percent"], [], row])
    with pytest.raises(InputError) as error:
        load_proposal(sheet)
    assert str(error.value).startswith(f"{sheet}: {said}"), str(error.value)


def test_mistakes_in_the_sheets_shape_are_named(tmp_path):
    def said(rows):
        with pytest.raises(InputError) as error:
            load_proposal(write_csv(tmp_path / "offer.csv", rows))
        return str(error.value).split(": ", 1)[1]

    assert said([["titel", "T"], ["op", "effective"]]).startswith(
        "row 1, column A (titel): 'titel' is not a proposal field")
    assert "did you mean 'title'?" in said([["titel", "T"], ["op", "effective"]])
    assert said([["title", "T"], ["op", "effective", "percnt"]]).startswith(
        "row 2, column C (percnt): 'percnt' is not a field of any change (did you mean 'percent'?)")
    assert said([["title", "T"]]).startswith("has no change table")
    assert said([["title", "T"], ["op", "effective", "amounts"], ["replace_longevity", "7/1/2026", "10 750"]]).startswith(
        "row 3, column C (amounts): '10 750' is not a key: value pair")
    # a sheet with the table and no change rows is a proposal with no changes, said on purpose
    assert load_proposal(write_csv(tmp_path / "empty.csv", [["title", "T"], ["op", "effective"]])).changes == ()


def test_excel_cells_percent_cells_dates_formulas_and_month_days(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["title", "Typed in Excel"])
    sheet.append([])
    sheet.append(["op", "effective", "percent", "name", "measure", "tiers", "pay_month_day"])
    sheet.append(["raise_percent", dt.datetime(2026, 7, 1), 0.045])
    sheet["C4"].number_format = "0.0%"                       # the user typed 4.5% into the cell
    sheet.append(["set_extra_pay", dt.datetime(2026, 7, 1), None, "winter", "days", "4: 5", dt.datetime(2026, 12, 20)])
    path = tmp_path / "offer.xlsx"
    book.save(path)
    proposal = load_proposal(path)
    assert proposal.changes[0].percent == Decimal("4.5") and proposal.changes[0].effective == dt.date(2026, 7, 1)
    assert proposal.changes[1].pay_month_day == "12-20"       # Excel turned 12-20 into a date: read back as typed
    sheet["C4"] = "=1+2"                                      # a formula openpyxl wrote has no saved value
    book.save(path)
    with pytest.raises(InputError) as error:
        load_proposal(path)
    assert str(error.value) == f"{path}: row 4, column C: a formula with no saved value: open the file in Excel and save it"


def test_a_sheet_is_bounded_and_a_roster_is_still_a_roster(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("title,T\nop,effective\n" + "x" * 5_100_000)
    with pytest.raises(InputError, match="at most 5 MB"):
        load_proposal(big)
    rows = [["title", "T"], ["op", "effective", "percent"]] + [["raise_percent", "7/1/2026", "1"]] * 1100
    with pytest.raises(InputError, match="more than 1000 changes"):
        load_proposal(write_csv(tmp_path / "long.csv", rows))
    assert detect_kind(DATA / "chelsea" / "roster.csv") == "roster"
    assert not is_proposal_sheet(DATA / "tutorial" / "payroll_export.xlsx")


def test_a_proposal_sheet_costs_as_its_yaml(tmp_path):
    chelsea = DATA / "chelsea"
    sheet = tmp_path / "moa_2024.xlsx"
    write_proposal_sheet(load_proposal(chelsea / "proposals" / "moa_2024.yaml"), sheet)
    from costing.engine.costing_run import cost_files

    def totals(proposal):
        costing = cost_files(chelsea / "roster.csv", chelsea / "contract.yaml", [str(proposal)], [2025, 2026, 2027],
                             as_of=dt.date(2024, 7, 1))
        figures = costing.figures[costing.figures["scenario"] == "moa_2024"]
        return figures.set_index("fiscal_year")["total"].to_dict()

    assert totals(sheet) == totals(chelsea / "proposals" / "moa_2024.yaml")


def test_the_proposal_sheet_verb_writes_and_reads_back_and_never_overwrites(tmp_path):
    from click.testing import CliRunner

    from costing.cli.main import main

    runner = CliRunner()
    source = DATA / "newton" / "proposals" / "nta_2024-01-28.yaml"
    sheet, again = tmp_path / "mou.xlsx", tmp_path / "mou.yaml"
    result = runner.invoke(main, ["proposal-sheet", str(source), "--out", str(sheet)])
    assert result.exit_code == 0 and f"wrote {sheet}" in result.output
    result = runner.invoke(main, ["proposal-sheet", str(sheet), "--out", str(again)])
    assert result.exit_code == 0 and load_proposal(again) == load_proposal(source)
    assert again.read_text().startswith("# Written by costing proposal-sheet from mou.xlsx on ")
    mine = tmp_path / "mine.csv"
    mine.write_text("a user's own file\n")
    result = runner.invoke(main, ["proposal-sheet", str(source), "--out", str(mine)])
    assert result.exit_code == 2 and "costing did not write it" in result.output and mine.read_text() == "a user's own file\n"
    result = runner.invoke(main, ["proposal-sheet", str(source), "--out", str(tmp_path / "p.txt")])
    assert result.exit_code == 2 and "--out" in result.output
    result = runner.invoke(main, ["proposal-sheet", str(tmp_path / "missing.xlsx")])
    assert result.exit_code == 2 and "missing.xlsx: file not found" in result.output
    default = tmp_path / "copy.yaml"
    default.write_text((DATA / "chelsea" / "proposals" / "moa_2024.yaml").read_text())
    result = runner.invoke(main, ["proposal-sheet", str(default)])
    assert result.exit_code == 0 and (tmp_path / "copy.xlsx").is_file()
