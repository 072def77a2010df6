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

import csv
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


def _cents(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def write_munis_export(path: Path) -> None:
    """A Munis-style Employee Job/Salary export (docs/tutorial.md, "Your own payroll export").

    One row per job record: Group/BU, Job Class, Grade/Rank and Step codes of the district's own,
    an effective date per record, the annual salary (times FTE), and a health plan and coverage in
    two columns. Made by hand, row by row, so that each case the import must handle is there once:
    a record dated the year before, a blank step, a person with two job records, a later-dated
    record, an unknown Grade/Rank code, a paraprofessional and a terminated record the map filters out.
    """
    fy25, fy26 = grid(2025), grid(2026)
    rows = [  # id, Group/BU, Job Class, Grade/Rank, step shown, step, FTE, status, seniority, effective, plan, coverage
        ("100101", "TCHR", "TCH", "BA", "3", "3", "1.00", "A", "2022-08-29", "2025-07-01", "HMO", "FAM"),
        ("100102", "TCHR", "TCH", "MA", "7", "7", "1.00", "A", "2018-08-27", "2025-07-01", "PPO", "IND"),
        ("100103", "TCHR", "TCH", "M30", "", "10", "1.00", "A", "2009-08-31", "2025-07-01", "HMO", "FAM"),
        ("100104", "TCHR", "SPED", "MA", "", "5", "0.80", "L", "2020-08-31", "2024-07-01", "", ""),
        ("100105", "TCHR", "TCH", "BA", "1", "1", "0.50", "A", "2025-08-25", "2025-07-01", "HMO", "IND"),
        ("100105", "TCHR", "SPED", "BA", "1", "1", "0.50", "A", "2025-08-25", "2025-07-01", "HMO", "IND"),
        ("100106", "TCHR", "TCH", "DOC", "4", "4", "1.00", "A", "2021-08-30", "2025-07-01", "PPO", "FAM"),
        ("100107", "TCHR", "TCH", "BA", "2", "2", "1.00", "A", "2023-08-28", "2025-09-02", "HMO", "IND"),
        ("100108", "TCHR", "TCH", "MAX", "6", "6", "1.00", "A", "2019-08-26", "2025-07-01", "HMO", "IND"),
        ("200201", "PARA", "PAR", "P", "3", "3", "1.00", "A", "2021-09-07", "2025-07-01", "HMO", "IND"),
        ("100109", "TCHR", "TCH", "MA", "9", "9", "1.00", "T", "2011-08-29", "2025-07-01", "", ""),
    ]
    lanes = {"BA": "BA", "MA": "MA", "M30": "MA+30", "DOC": "PhD", "MAX": "MA", "P": "BA"}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Employee", "Last Name", "First Name", "Group/BU", "Job Class", "Grade/Rank", "Step", "FTE",
                      "Location", "Status", "Seniority Date", "Effective Date", "Annual Salary", "Health Plan", "Coverage"])
        rng = random.Random(26)
        for emp, bu, job, grade, shown, step, fte, status, seniority, effective, plan, cover in rows:
            table = fy26 if effective >= "2025-07-01" else fy25
            salary = table[lanes[grade]][int(step)] * Decimal(fte)
            out.writerow([emp, rng.choice(LAST), rng.choice(FIRST), bu, job, grade, shown, fte, "0" + str(rng.randint(10, 40)),
                          status, dt.date.fromisoformat(seniority).strftime("%m/%d/%Y"),
                          dt.date.fromisoformat(effective).strftime("%m/%d/%Y"), _cents(salary), plan, cover])


def write_powerschool_export(path: Path) -> None:
    """A PowerSchool eFinancePLUS-style position export: bargaining unit, job class, salary schedule,
    range and step, and a pay method code per row (A annual, H hourly; placeholders, see the preset)."""
    fy26 = grid(2026)
    rows = [  # id, unit, job class, schedule, range, step shown, step, pay method, FTE, seniority
        ("E20417", "01", "TCHR", "T1", "BA", "4", "4", "A", "1.0", "2021-08-30"),
        ("E20418", "01", "TCHR", "T1", "MA30", "", "8", "A", "1.0", "2016-08-29"),
        ("E20419", "01", "TCHR", "T1", "PHD", "", "6", "A", "0.6", "2019-08-26"),
        ("E20420", "01", "TCHR", "T1", "MA", "2", "2", "P", "1.0", "2023-08-28"),
        ("E20421", "01", "TUTR", "HRLY", "T", "", "1", "H", "0.5", "2024-09-09"),
        ("E20422", "05", "CUST", "C2", "C", "3", "3", "A", "1.0", "2017-07-10"),
        ("E20423", "01", "TCHR", "T1", "MA", "", "11", "A", "1.0", "2008-08-25"),
    ]
    lanes = {"BA": "BA", "MA": "MA", "MA30": "MA+30", "PHD": "PhD"}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Employee ID", "Name", "Barg Unit", "Job Class", "Salary Schedule", "Range", "Step", "Pay Method",
                      "FTE", "Seniority Date", "Pay Rate"])
        rng = random.Random(27)
        for emp, unit, job, schedule, rng_lane, shown, step, method, fte, seniority in rows:
            if rng_lane in lanes and int(step) in fy26[lanes[rng_lane]]:
                rate = _cents(fy26[lanes[rng_lane]][int(step)] * Decimal(fte))
            elif rng_lane in lanes:
                rate = _cents(Decimal(88000))          # step 11: a salary above the grid's top step (off-schedule)
            else:
                rate = "42.50" if method == "H" else _cents(Decimal(51000))
            out.writerow([emp, f"{rng.choice(LAST)}, {rng.choice(FIRST)}", unit, job, schedule, rng_lane, shown, method,
                          fte, seniority, rate])


def main() -> None:
    write_grid(HERE / "salary_grid.xlsx")
    write_export(HERE / "payroll_export.xlsx")
    write_munis_export(HERE / "munis_export.csv")
    write_powerschool_export(HERE / "powerschool_export.csv")
    print("wrote", HERE / "salary_grid.xlsx", HERE / "payroll_export.xlsx", HERE / "munis_export.csv", "and",
          HERE / "powerschool_export.csv")


if __name__ == "__main__":
    main()
