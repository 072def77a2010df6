"""Make the tutorial's two spreadsheets: a fictional district's salary grid and payroll export.

SYNTHETIC: Larkspur Valley is not a real district and nobody in the export exists. The files are
made the way a finance office keeps them, mess included (merged title and header cells, dollar
signs and thousands separators typed as text, a blank cell for a step a lane does not have, one
sheet per school year; an export with its own column names, lane codes, Y/N flags, and a salary
but no step on some rows), so that docs/tutorial.md can show the import commands on them.

Run from the repository root (same seed, same files):

    python data/tutorial/make_tutorial_files.py
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
LANES = {"BA": Decimal("1.00"), "MA": Decimal("1.08"), "MA+30": Decimal("1.14"), "PhD": Decimal("1.20")}
STEPS = list(range(1, 11))
BA_STEP_1 = Decimal(48000)
STEP_RATIO = Decimal("1.035")
RAISE_FY2026 = Decimal("1.03")
LABEL = "SYNTHETIC (fictional district, made by data/tutorial/make_tutorial_files.py)"


def dollars(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def grid(fiscal_year: int) -> dict[str, dict[int, Decimal]]:
    """Annual salaries by lane and step; PhD has no step 1."""
    out = {}
    for lane, factor in LANES.items():
        cells = {}
        for step in STEPS:
            if lane == "PhD" and step == 1:
                continue
            rate = dollars(BA_STEP_1 * factor * STEP_RATIO ** (step - 1))
            if fiscal_year == 2026:
                rate = dollars(rate * RAISE_FY2026)
            cells[step] = rate
        out[lane] = cells
    return out


def write_grid(path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    titles = {2025: "Effective July 1, 2024", 2026: "School year 2025-26 (second year of the agreement)"}
    for fy in (2025, 2026):
        ws = book.create_sheet(f"FY{fy}")
        ws["A1"] = f"Larkspur Valley Public Schools - Teachers' Salary Schedule - {LABEL}"
        ws.merge_cells("A1:E1")
        ws["A2"] = titles[fy]
        ws.merge_cells("A2:E2")
        ws["A4"] = "Step"
        ws.merge_cells("A4:A5")
        ws["B4"], ws["C4"], ws["E4"] = "Bachelor's", "Master's", "Doctorate"
        ws.merge_cells("C4:D4")
        for col, lane in zip("BCDE", LANES):
            ws[f"{col}5"] = lane
        for cell in (*ws[4], *ws[5]):
            cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
        rates = grid(fy)
        for i, step in enumerate(STEPS):
            row = 6 + i
            ws[f"A{row}"] = step
            ws[f"B{row}"] = int(rates["BA"][step])                      # a number shown as currency
            ws[f"B{row}"].number_format = '"$"#,##0'
            ws[f"C{row}"] = f"${rates['MA'][step]:,}"                   # text: "$51,840"
            ws[f"D{row}"] = f"{rates['MA+30'][step]:,}.00"              # text: "54,720.00"
            if step in rates["PhD"]:
                ws[f"E{row}"] = float(rates["PhD"][step])
        ws["A17"] = "Annual salaries for a 185-day work year. Steps advance each July 1."
    about = book.create_sheet("About")
    about["A1"] = LABEL
    book.properties.title = "Larkspur Valley teachers' salary schedule (SYNTHETIC)"
    book.save(path)


FIRST = ["Alex", "Blair", "Casey", "Devon", "Emery", "Finley", "Gray", "Harper", "Indy", "Jordan", "Kai", "Logan"]
LAST = ["Ashby", "Brook", "Calder", "Dunmore", "Ellery", "Fenwick", "Garrow", "Hale", "Ives", "Juniper"]
LANE_CODES = {"BA": ["BA", "B"], "MA": ["MA", "M"], "MA+30": ["MA30", "M+30"], "PhD": ["DOC"]}


def write_export(path: Path) -> None:
    rng = random.Random(2025)
    rates = grid(2026)   # the export is as of 2025-07-01: FY2026 rates
    book = Workbook()
    ws = book.active
    ws.title = "Export"
    ws.append(["Emp No", "Last Name", "First Name", "Position Code", "Degree Lane", "Step", "FTE",
               "Orig Hire Date", "Annual Salary", "Mentor Y/N", "Coach"])
    for k in range(1, 61):
        lane = rng.choices(list(LANES), weights=[35, 30, 25, 10])[0]
        step = rng.choice([s for s in STEPS if s in rates[lane]])
        fte = rng.choices([1.0, 0.8, 0.5], weights=[85, 10, 5])[0]
        years = step - 1 + rng.randint(0, 12 if step == 10 else 0)
        hired = dt.date(2025 - years - 1, rng.choice([8, 9]), rng.randint(1, 28))
        salary = (rates[lane][step] * Decimal(str(fte))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        step_cell = step if rng.random() < 0.7 else None     # about 30% of rows: salary but no step
        if k == 17:          # a red-circled salary that is on no step of the grid
            step_cell, salary = None, salary + 850
        ws.append([f"LV{k:04d}", rng.choice(LAST), rng.choice(FIRST), "TCH", rng.choice(LANE_CODES[lane]),
                   step_cell, fte, dt.datetime(hired.year, hired.month, hired.day), float(salary),
                   "Y" if rng.random() < 0.15 else "N", "Y" if rng.random() < 0.2 else "N"])
    for cell in ws["H"][1:]:
        cell.number_format = "mm/dd/yyyy"
    about = book.create_sheet("About")
    about["A1"] = LABEL + ": no real people; names are made up."
    book.properties.title = "Larkspur Valley payroll export (SYNTHETIC)"
    book.save(path)


def main() -> None:
    write_grid(HERE / "salary_grid.xlsx")
    write_export(HERE / "payroll_export.xlsx")
    print("wrote", HERE / "salary_grid.xlsx", "and", HERE / "payroll_export.xlsx")


if __name__ == "__main__":
    main()
