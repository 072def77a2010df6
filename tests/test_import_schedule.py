"""Salary grids as people keep them round-trip to the same rates; bad grids get one clear line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from costing.cli import main
from costing.inputs.grid_import import read_grid, step_warnings
from costing.inputs.loading import load_contract

from .test_bad_input import assert_clear_error

# two tables, hand-written: FY2025 and FY2026 (= FY2025 + 3%, to the dollar); lane C has no step 1
RATES = {
    dt.date(2024, 7, 1): {"A": {"1": 50000, "2": 51750, "3": 53561}, "B": {"1": 54000, "2": 55890, "3": 57846},
                          "C": {"2": 60000, "3": 62100}},
    dt.date(2025, 7, 1): {"A": {"1": 51500, "2": 53303, "3": 55168}, "B": {"1": 55620, "2": 57567, "3": 59581},
                          "C": {"2": 61800, "3": 63963}},
}
LANES, STEPS = ["A", "B", "C"], ["1", "2", "3"]


def as_read(path: Path) -> dict:
    return {b.effective: {lane: {s: int(r) for s, r in cells.items()} for lane, cells in b.rates.items()}
            for b in read_grid(path)}


def test_csv_one_block_per_date(tmp_path: Path) -> None:
    lines = []
    for day, table in RATES.items():
        lines += [f"Salary schedule effective {day:%m/%d/%Y}", "Step," + ",".join(LANES)]
        lines += [f"{s}," + ",".join(f'"${table[lane][s]:,}"' if s in table[lane] else "" for lane in LANES) for s in STEPS]
        lines.append("")
    path = tmp_path / "grid.csv"
    path.write_text("\n".join(lines))
    assert as_read(path) == RATES


def test_messy_workbook_two_sheets(tmp_path: Path) -> None:
    """Merged title and header cells, $ and commas as text, a blank cell, one sheet per year named FYyyyy."""
    book = Workbook()
    book.remove(book.active)
    for day, table in RATES.items():
        ws = book.create_sheet(f"FY{day.year + 1}")
        ws["A1"] = "Teachers salary schedule"          # no date: the sheet name gives it
        ws.merge_cells("A1:D1")
        ws["A3"] = "Step"
        ws.merge_cells("A3:A4")
        ws["B3"], ws["C3"] = "Bachelor", "Master"
        ws.merge_cells("C3:D3")
        ws["B4"], ws["C4"], ws["D4"] = LANES
        for i, s in enumerate(STEPS, start=5):
            ws[f"A{i}"] = int(s)
            ws[f"B{i}"] = table["A"][s]                   # a number
            ws[f"C{i}"] = f"${table['B'][s]:,}.00"         # text with $ and a comma
            if s in table["C"]:
                ws[f"D{i}"] = f"{table['C'][s]:,}"         # text with a comma; step 1 blank
    path = tmp_path / "grid.xlsx"
    book.save(path)
    assert as_read(path) == RATES


def test_round_trip_through_the_contract(tmp_path: Path) -> None:
    """import-schedule writes CSVs and a schedules: entry that load back as the same tables."""
    path = tmp_path / "grid.csv"
    rows = ["Effective 2024-07-01", "Step,A,B,C"]
    rows += [f"Step {s}," + ",".join(str(RATES[dt.date(2024, 7, 1)][lane].get(s, "")) for lane in LANES) for s in STEPS]
    path.write_text("\n".join(rows) + "\n")
    folder = tmp_path / "district"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(folder), "--district", "Test", "--unit", "staff", "--staff", "twelve-month", "--years", "2025"]).exit_code == 0
    result = runner.invoke(main, ["import-schedule", str(path), "--contract", str(folder / "contract.yaml"),
                                  "--schedule", "staff"])
    assert result.exit_code == 0, result.output
    contract = load_contract(folder / "contract.yaml")
    assert [s.name for s in contract.schedules] == ["staff"]
    schedule = contract.schedule("staff")
    assert schedule.rate_unit == "annual" and list(schedule.lanes) == LANES and list(schedule.steps) == STEPS
    assert {lane: {s: int(r) for s, r in c.items()} for lane, c in schedule.tables[0].rates.items()} == RATES[dt.date(2024, 7, 1)]
    # a second import under the same name is refused, and the contract is unchanged
    before = (folder / "contract.yaml").read_text()
    again = runner.invoke(main, ["import-schedule", str(path), "--contract", str(folder / "contract.yaml"), "--schedule", "staff"])
    assert_clear_error(again, "already has a schedule named 'staff'")
    assert (folder / "contract.yaml").read_text() == before


def test_hourly_guess_needs_a_work_year(tmp_path: Path) -> None:
    path = tmp_path / "para.csv"
    path.write_text("Effective 2024-07-01\nStep,P\n1,$17.96\n2,19.21\n")
    assert_clear_error(CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "para"]),
                       str(path), "guessed to be hourly", "--hours-per-day")
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "para", "--hours-per-day", "6.5",
                                       "--days-per-year", "210", "--out-dir", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "rate_unit: hourly" in result.output and "hours_per_day: 6.5, days_per_year: 210" in result.output
    assert (tmp_path / "s/para_2024-07-01.csv").read_text() == "lane,step,rate\nP,1,17.96\nP,2,19.21\n"


def test_a_step_paid_less_than_the_one_before_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("Effective 2024-07-01\nStep,A\n1,50000\n2,49000\n3,52000\n")
    warnings = step_warnings(read_grid(path))
    assert len(warnings) == 1 and "cell B4" in warnings[0] and "step 2 ($49,000) is paid less than step 1 ($50,000)" in warnings[0]
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert result.exit_code == 0 and "warning:" in result.stderr


def test_existing_rate_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("Effective 2024-07-01\nStep,A\n1,50000\n")
    (tmp_path / "s").mkdir()
    (tmp_path / "s/t_2024-07-01.csv").write_text("lane,step,rate\nA,1,1\n")
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert_clear_error(result, "t_2024-07-01.csv", "already exists")
    assert (tmp_path / "s/t_2024-07-01.csv").read_text() == "lane,step,rate\nA,1,1\n"


@pytest.mark.parametrize("text, fragments", [
    ("Step,A,B\nOne,x,y\n", ["no numeric cells"]),
    ("Step,A\n1,50000\n", ["cell A2", "cannot tell when this table takes effect"]),
    ("Effective 2024-07-01\nStep,A\n1,50000\n2,5O000\n", ["cell B4", "'5O000' is not a rate"]),
    ("Effective 2024-07-01\nStep,A,\n1,50000,51000\n", ["cell C3", "under no lane name"]),
])
def test_bad_grids(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = tmp_path / "grid.csv"
    path.write_text(text)
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert_clear_error(result, str(path), *fragments)
    assert not (tmp_path / "s").exists()


def test_decimal_rates_keep_their_cents(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    path.write_text("FY2025\nStep,P\n1,$17.90\n2,\"1,019.25\"\n")
    (block,) = read_grid(path)
    assert block.effective == dt.date(2024, 7, 1) and block.rates == {"P": {"1": Decimal("17.90"), "2": Decimal("1019.25")}}


def _workbook(path: Path, rows: list[list], *, title: str = "Effective July 1, 2024") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "Grid"
    ws.append([title])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_a_formula_with_no_saved_value_is_named_by_its_cell(tmp_path: Path) -> None:
    """A workbook written by a program keeps formulas but no values: the cell is named, not taken as blank."""
    path = _workbook(tmp_path / "grid.xlsx", [["Step", "BA", "MA"], [1, 50000, "=B3*1.08"], [2, 51750, 55890]])
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert_clear_error(result, "sheet Grid", "cell C3", "a formula (=B3*1.08) with no saved value")
    assert "does not have" not in result.output and not (tmp_path / "s").exists()


def test_a_table_of_formulas_only_is_named_by_its_first_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "grid.xlsx", [["Step", "BA"], [1, "=50000"], [2, "=B3*1.035"]])
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert_clear_error(result, "cell B3", "a formula (=50000) with no saved value")


@pytest.mark.parametrize("rate, shown", [(0, "rate 0 "), (1_000_000_000_000, "rate 1000000000000 "), (-5, "rate -5 ")])
def test_rates_outside_the_projects_bounds_are_errors(tmp_path: Path, rate: int, shown: str) -> None:
    """models.Rate: more than $0 and at most $10,000,000; an import does not write what validate refuses."""
    path = tmp_path / "grid.csv"
    path.write_text(f"Effective 2024-07-01\nStep,A\n1,50000\n2,{rate}\n")
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert_clear_error(result, "cell B4", shown, "at most $10,000,000")
    assert not (tmp_path / "s").exists()


def test_a_sheet_past_the_row_bound_is_refused_while_streaming(tmp_path: Path, monkeypatch) -> None:
    """The rows are streamed (read-only): reading stops at the bound instead of loading the workbook whole."""
    from costing.inputs import grid_import

    book = Workbook(write_only=True)
    ws = book.create_sheet("Grid")
    ws.append(["Effective July 1, 2024"])
    ws.append(["Step", "BA"])
    for k in range(1, grid_import.MAX_GRID_ROWS + 50):
        ws.append([k, 40000 + k])
    path = tmp_path / "big.xlsx"
    book.save(path)
    seen = []
    real = grid_import._Limits.row
    monkeypatch.setattr(grid_import._Limits, "row", lambda self, where, r, width: (seen.append(r), real(self, where, r, width)))
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t", "--out-dir", str(tmp_path / "s")])
    assert_clear_error(result, "sheet Grid", f"more than {grid_import.MAX_GRID_ROWS:,} rows")
    assert max(seen) == grid_import.MAX_GRID_ROWS          # not one row more was read


def test_a_file_past_the_size_bound_is_refused_unread(tmp_path: Path) -> None:
    from costing.inputs import grid_import

    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(grid_import.MAX_GRID_BYTES + 1)      # sparse: nothing is read
    result = CliRunner().invoke(main, ["import-schedule", str(path), "--schedule", "t"])
    assert_clear_error(result, str(path), "MB; a salary grid is much smaller")


def test_a_wrong_dimension_does_not_pad_rows(tmp_path: Path) -> None:
    """A <dimension> claiming 16,384 columns (some exporters write one) is not taken at its word."""
    import zipfile

    path = _workbook(tmp_path / "grid.xlsx", [["Step", "BA"], [1, 50000], [2, 51750]])
    fixed = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'<dimension ref="A1:B4" />', b'<dimension ref="A1:XFD4" />')
                assert b"XFD4" in data
            dst.writestr(item, data)
    (block,) = read_grid(fixed)
    assert block.rates == {"BA": {"1": Decimal(50000), "2": Decimal(51750)}}


def test_effective_dates_an_undated_grid(tmp_path: Path) -> None:
    """A grid with no date in a title or sheet name takes --effective, as the error without it says."""
    grid = tmp_path / "g.csv"
    grid.write_text("Step,BA,MA\n1,50000,52000\n2,51000,53000\n")
    with pytest.raises(Exception, match="cannot tell when this table takes effect"):
        read_grid(grid)
    (block,) = read_grid(grid, effective=dt.date(2025, 7, 1))
    assert block.effective == dt.date(2025, 7, 1)
    result = CliRunner().invoke(main, ["import-schedule", str(grid), "--effective", "2025-07-01", "--schedule", "t",
                                       "--out-dir", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "t_2025-07-01.csv").read_text().startswith("lane,step,rate\nBA,1,50000")
