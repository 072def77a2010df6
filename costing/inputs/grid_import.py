"""Reading a salary grid as a finance office keeps it, and writing it as the contract's rate tables.

A district's salary schedule lives in a spreadsheet: steps down the first column, lanes across a
header row, a title above saying when it takes effect, one sheet (or one block of rows) per
effective date, dollar signs and thousands separators, a blank cell where a lane has no such
step, merged cells in the title and header. Typing that into CSV by hand is where errors come
from, so this module reads the sheet as it is, says what it assumed (the effective date of each
block and where it came from, the rate unit guessed from the size of the numbers) and warns about
what looks wrong (a step paid less than the one before it). Every problem names the file, the
sheet and the cell.

Reading is an inputs-stage job: nothing here needs the engine. The output is the project's own
format (``lane,step,rate`` CSVs read by :func:`costing.inputs.loading.read_rate_csv`, and a
``schedules:`` entry for the contract).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from .models import MAX_MONEY
from .parsing import parse_money as parse_money_text
from .parsing import parse_month_day

BLANK_MARKS = {"", "-", "--", "\u2013", "\u2014", "n/a", "na", "none"}
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# Rates above these medians are taken as daily, then annual. A teacher's annual salary is tens of
# thousands of dollars, a daily rate a few hundred, an hourly rate tens: the ranges do not meet.
HOURLY_BELOW = Decimal(200)
DAILY_BELOW = Decimal(1500)


@dataclass(frozen=True)
class Sheet:
    """A rectangle of cell values (text, numbers, dates or None), merged cells filled in."""

    name: str           # the sheet name ("" for a CSV)
    rows: list[list]     # rows[r][c], 0-based
    where: str           # "grid.xlsx, sheet FY2025" or "grid.csv": prefix for messages

    def cell_ref(self, r: int, c: int) -> str:
        return f"cell {column_letter(c)}{r + 1}"


@dataclass(frozen=True)
class GridBlock:
    """One rate table found in a grid: its date, lanes, steps and rates (absent = blank cell)."""

    where: str                                  # file and sheet
    first_cell: str                              # where the block's data starts, for messages
    effective: dt.date
    effective_from: str                          # how the date was found, said in the report
    lanes: tuple[str, ...]
    steps: tuple[str, ...]
    rates: dict[str, dict[str, Decimal]]
    cells: dict[tuple[str, str], str] = field(default_factory=dict)   # (lane, step) -> "cell C7"
    blanks: tuple[str, ...] = ()                 # "lane PhD step 1 (cell E4)"


def column_letter(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ------------------------------------------------------------------------------ reading sheets


MAX_GRID_BYTES = 25 * 1024 * 1024   # a salary grid is a few kilobytes; a whole budget workbook rarely 25 MB
MAX_GRID_ROWS = 5_000               # rows per sheet: a grid has at most MAX_ITEMS steps, a few tables a sheet
MAX_GRID_COLUMNS = 500              # cells per row
MAX_GRID_SECONDS = 60.0             # reading the whole file


@dataclass(frozen=True)
class UnsavedFormula:
    """A formula cell whose value was never saved (the file was written by a program, not Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


class _Limits:
    """The bounds on reading a grid file, each refused with one line naming the file and what to do."""

    def __init__(self, path: Path):
        self.path, self.deadline = path, time.monotonic() + MAX_GRID_SECONDS
        size = path.stat().st_size
        if size > MAX_GRID_BYTES:
            raise InputError(str(path), None, f"is {size / 1024 / 1024:.1f} MB; a salary grid is much smaller (at most"
                             f" {MAX_GRID_BYTES // 1024 // 1024} MB): save the grid's sheet in a workbook of its own")

    def row(self, where: str, r: int, width: int) -> None:
        if r >= MAX_GRID_ROWS:
            raise InputError(where, None, f"has more than {MAX_GRID_ROWS:,} rows; a salary grid is smaller: save the"
                             " grid's sheet in a workbook of its own (nothing was imported)")
        if width > MAX_GRID_COLUMNS:
            raise InputError(where, f"row {r + 1}", f"has {width:,} cells; a salary grid has at most"
                             f" {MAX_GRID_COLUMNS} columns")
        if r % 256 == 0 and time.monotonic() > self.deadline:
            raise InputError(where, None, f"took more than {MAX_GRID_SECONDS:g} s to read; a salary grid is smaller:"
                             " save the grid's sheet in a workbook of its own")


def _trimmed(row) -> list:
    row = list(row)
    while row and (row[-1] is None or row[-1] == ""):
        row.pop()
    return row


def read_sheets(path: Path) -> list[Sheet]:
    """Every visible sheet of an .xlsx (merged ranges filled with their top-left value), or a CSV as one sheet.

    Read-only and streamed, within :class:`_Limits` (file size, rows, columns, time), so a huge
    workbook is refused after a bounded amount of reading instead of being loaded whole. A formula
    cell with no saved value is kept as :class:`UnsavedFormula`, to be named by its cell address.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), None, "file not found")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise InputError(str(path), None, "expected a .xlsx or .csv salary grid")
    limits = _Limits(path)
    if suffix == ".csv":
        rows = []
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for r, row in enumerate(csv.reader(handle)):
                limits.row(str(path), r, len(row))
                rows.append(list(row))
        return [Sheet("", rows, str(path))]
    from openpyxl import load_workbook

    try:
        values = load_workbook(path, data_only=True, read_only=True)
        # the formulas themselves only when the file has any (a second streamed pass)
        formulas = load_workbook(path, data_only=False, read_only=True) if _has_formulas(path) else None
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(str(path), None, f"cannot read workbook: {exc}") from None
    sheets = []
    try:
        for k, ws in enumerate(values.worksheets):
            if ws.sheet_state != "visible" or not hasattr(ws, "iter_rows"):
                continue
            where = f"{path}, sheet {ws.title}"
            ws.reset_dimensions()   # a wrong <dimension> must not pad every row to thousands of cells
            sources = iter(())
            if formulas is not None:
                formulas.worksheets[k].reset_dimensions()
                sources = formulas.worksheets[k].iter_rows(values_only=True)
            rows = []
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                limits.row(where, r, len(row))
                row = _trimmed(row)
                for c, value in enumerate(next(sources, ())):
                    if isinstance(value, str) and value.startswith("=") and (c >= len(row) or row[c] is None):
                        row += [None] * (c + 1 - len(row))
                        row[c] = UnsavedFormula(value)
                rows.append(row)
            _fill_merged(rows, _merged_ranges(ws))
            sheets.append(Sheet(ws.title, rows, where))
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    return sheets


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of an .xlsx holds a formula (an ``<f>`` element), by a streamed byte scan."""
    import zipfile

    pattern, tail = re.compile(rb"<(?:\w+:)?f[ >/]"), b""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as handle:
                    while chunk := handle.read(1 << 20):
                        if pattern.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(str(path), None, f"cannot read workbook: {exc}") from None
    return False


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col), 1-based, of a read-only sheet's merged cells, read from its XML."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    out = []
    with ws._get_source() as source:   # read-only sheets do not parse <mergeCells>; stream the XML for it
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                out.append((min_row, min_col, max_row, max_col))
            element.clear()
    return out


def _fill_merged(rows: list[list], ranges: list[tuple[int, int, int, int]]) -> None:
    """Only the top-left cell of a merged range holds the value: give it to every cell of the range."""
    for min_row, min_col, max_row, max_col in ranges:
        if min_row - 1 >= len(rows) or min_col - 1 >= len(rows[min_row - 1]):
            continue
        value = rows[min_row - 1][min_col - 1]
        for r in range(min_row - 1, min(max_row, len(rows))):
            for c in range(min_col - 1, min(max_col, MAX_GRID_COLUMNS)):
                if c >= len(rows[r]):
                    rows[r] += [None] * (c + 1 - len(rows[r]))
                rows[r][c] = value


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


def parse_money(value) -> Decimal | None:
    """A cell as a grid or export holds it: $52,480.00 / 52480 / 52,480 -> Decimal; a blank or a dash -> None;
    ValueError otherwise (text is read by :func:`costing.inputs.parsing.parse_money`: 52,48 is refused)."""
    if value is None:
        return None
    if isinstance(value, UnsavedFormula):
        raise ValueError(f"a formula ({value.formula[:60]}) with no saved value: open the workbook in Excel and save it"
                         " (so the values are stored), or type the rate")
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise ValueError(f"{value!r} is not a rate")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(round(value, 6)))
    text = str(value).strip()
    if text.lower() in BLANK_MARKS:
        return None
    try:
        return parse_money_text(text)   # the one reading of typed money (costing.inputs.parsing)
    except ValueError:
        raise ValueError(f"{text!r} is not a rate") from None


def _is_number(value) -> bool:
    if isinstance(value, UnsavedFormula):   # a rate whose value was not saved: part of the table, named by cell
        return True
    try:
        return parse_money(value) is not None
    except ValueError:
        return False


def step_label(value) -> str:
    """1, 1.0, 'Step 1', 'STEP 1' -> '1'; 'A' stays 'A'."""
    text = as_text(value)
    text = re.sub(r"^step\s*", "", text, flags=re.IGNORECASE).strip()
    try:
        number = Decimal(text)
        if number == number.to_integral_value():
            return str(int(number))
    except InvalidOperation:
        pass
    return text


# ------------------------------------------------------------------------------ effective dates


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in a title: 2024-07-01, 7/1/2024, July 1, 2024, 1 July 2024."""
    match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        return _date(int(match[1]), int(match[2]), int(match[3]))
    match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        return _date(int(match[3]), int(match[1]), int(match[2]))
    match = re.search(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
    if match and match[1][:3].lower() in MONTHS:
        return _date(int(match[3]), MONTHS[match[1][:3].lower()], int(match[2]))
    match = re.search(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})", text)
    if match and match[2][:3].lower() in MONTHS:
        return _date(int(match[3]), MONTHS[match[2][:3].lower()], int(match[1]))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def fiscal_year_start_date(text: str, fiscal_year_start: str) -> dt.date | None:
    """'FY2025' or 'FY25' (the year it ends) or '2024-25' / '2024-2025' -> the first day of that fiscal year."""
    month, day = parse_month_day(fiscal_year_start)
    match = re.search(r"\bFY\s*'?(\d{4}|\d{2})\b", text, flags=re.IGNORECASE)
    if match:
        year = int(match[1]) + (2000 if len(match[1]) == 2 else 0)
        return _date(year - 1 if (month, day) != (1, 1) else year, month, day)
    match = re.search(r"\b(\d{4})\s*[-/\u2013]\s*(\d{4}|\d{2})\b", text)
    if match:
        first, second = int(match[1]), int(match[2])
        second += first // 100 * 100 if second < 100 else 0
        if second == first + 1:
            return _date(first, month, day)
    return None


def block_date(titles: list, sheet: Sheet, fiscal_year_start: str) -> tuple[dt.date | None, str]:
    """The effective date of a block from its title rows, else from the sheet name; and how it was found."""
    for value in titles:
        if isinstance(value, (dt.date, dt.datetime)):
            day = value.date() if isinstance(value, dt.datetime) else value
            return day, f"the date {day} in the title"
        text = as_text(value)
        day = find_date(text)
        if day:
            return day, f"the title {text!r}"
    for value in titles:
        text = as_text(value)
        day = fiscal_year_start_date(text, fiscal_year_start)
        if day:
            return day, f"the title {text!r}, as the first day of that fiscal year (fiscal years start {fiscal_year_start})"
    if sheet.name:
        day = find_date(sheet.name)
        if day:
            return day, f"the sheet name {sheet.name!r}"
        day = fiscal_year_start_date(sheet.name, fiscal_year_start)
        if day:
            return day, (f"the sheet name {sheet.name!r}, as the first day of that fiscal year"
                         f" (fiscal years start {fiscal_year_start})")
    return None, ""


# ------------------------------------------------------------------------------ finding blocks


def _is_data_row(row: list) -> bool:
    """A step label in the first filled cell and at least one number after it."""
    filled = [i for i, v in enumerate(row) if as_text(v)]
    if not filled:
        return False
    return any(_is_number(row[i]) for i in filled[1:])


def _continues(row: list, step_col: int) -> bool:
    """A row under a data row belongs to the block if it has a step label and something beside it.

    So a mistyped rate ("5O000") is reported by its cell, not silently taken for a footnote.
    """
    if _is_data_row(row):
        return True
    filled = [i for i, v in enumerate(row) if as_text(v)]
    return bool(filled) and filled[0] == step_col and len(filled) > 1 and len({as_text(row[i]) for i in filled}) > 1


def _blank(row: list) -> bool:
    return not any(as_text(v) for v in row)


def blocks_in_sheet(sheet: Sheet, fiscal_year_start: str, effective: dt.date | None) -> list[GridBlock]:
    """Every block of a sheet: a run of data rows under a header row, with title rows above."""
    rows = sheet.rows
    blocks = []
    context: list[int] = []   # non-blank, non-data rows since the last block
    r = 0
    while r < len(rows):
        row = rows[r]
        if _blank(row):
            r += 1
            continue
        if not _is_data_row(row):
            context.append(r)
            r += 1
            continue
        start = r
        step_col = next(i for i, v in enumerate(row) if as_text(v))
        r += 1
        while r < len(rows) and _continues(rows[r], step_col):
            r += 1
        blocks.append(_block(sheet, context, start, r, fiscal_year_start, effective))
        context = []
    return blocks


def _block(sheet: Sheet, context: list[int], start: int, stop: int, fiscal_year_start: str,
           effective: dt.date | None) -> GridBlock:
    rows = sheet.rows
    first_ref = sheet.cell_ref(start, 0)
    if not context:
        raise InputError(sheet.where, first_ref, "rates with no header row above them: the first row of a grid"
                         " names the lanes (e.g. Step, BA, MA, MA+30)")
    width = max(len(rows[i]) for i in [*context, *range(start, stop)])
    step_col = min(next(i for i, v in enumerate(rows[k]) if as_text(v)) for k in range(start, stop))
    header = context[-1]
    lanes: dict[int, str] = {}
    for c in range(step_col + 1, width):
        name = as_text(rows[header][c]) if c < len(rows[header]) else ""
        if name:
            lanes[c] = name
    titles = [rows[k][c] for k in context[:-1] for c in range(len(rows[k])) if as_text(rows[k][c])]
    titles += [rows[header][c] for c in range(0, step_col + 1) if c < len(rows[header])]
    if effective is not None:
        day, how = effective, "given with --effective"
    else:
        day, how = block_date(titles, sheet, fiscal_year_start)
    if day is None:
        raise InputError(sheet.where, first_ref, "cannot tell when this table takes effect: put a date in a title"
                         " row above it (e.g. 'Effective July 1, 2024'), name the sheet by date or fiscal year"
                         " (e.g. FY2025), or give --effective")
    seen_lanes = list(dict.fromkeys(lanes.values()))
    if len(seen_lanes) != len(lanes):
        dupe = next(n for n in seen_lanes if list(lanes.values()).count(n) > 1)
        raise InputError(sheet.where, sheet.cell_ref(header, 0), f"lane {dupe!r} is named twice in the header row")
    rates: dict[str, dict[str, Decimal]] = {}
    cells: dict[tuple[str, str], str] = {}
    blanks: list[str] = []
    steps: list[str] = []
    for k in range(start, stop):
        row = rows[k]
        label = step_label(row[step_col])
        if not label:
            raise InputError(sheet.where, sheet.cell_ref(k, step_col), "rates with no step label in the first column")
        if label in steps:
            raise InputError(sheet.where, sheet.cell_ref(k, step_col), f"step {label!r} is listed twice in this table")
        steps.append(label)
        for c in range(step_col + 1, width):
            value = row[c] if c < len(row) else None
            try:
                rate = parse_money(value)
            except ValueError as exc:
                hint = "" if isinstance(value, UnsavedFormula) else (
                    "; expected a number such as 52,480 or $24.15 (leave the cell blank if the lane has no such step)")
                raise InputError(sheet.where, sheet.cell_ref(k, c), f"{exc}{hint}") from None
            if c not in lanes:
                if rate is not None:
                    raise InputError(sheet.where, sheet.cell_ref(k, c), "a rate under no lane name in the header row")
                continue
            if rate is None:
                blanks.append(f"lane {lanes[c]} step {label} ({sheet.cell_ref(k, c)})")
                continue
            if not 0 < rate <= MAX_MONEY:
                raise InputError(sheet.where, sheet.cell_ref(k, c), f"rate {rate} is not more than $0 and at most"
                                 f" {money(MAX_MONEY)} (the project's bounds for a rate); a blank cell is a step the"
                                 " lane does not have")
            rates.setdefault(lanes[c], {})[label] = rate
            cells[(lanes[c], label)] = sheet.cell_ref(k, c)
    used = [name for name in seen_lanes if name in rates]
    return GridBlock(sheet.where, first_ref, day, how, tuple(used), tuple(steps), rates, cells, tuple(blanks))


def read_grid(path: str | Path, fiscal_year_start: str = "07-01", effective: dt.date | None = None) -> list[GridBlock]:
    """Every rate table in a grid file, in date order; an InputError naming file, sheet and cell otherwise."""
    path = Path(path)
    sheets = read_sheets(path)
    blocks: list[GridBlock] = []
    for sheet in sheets:
        found = blocks_in_sheet(sheet, fiscal_year_start, effective)
        blocks.extend(found)
    if not blocks:
        raise InputError(str(path), None, "no numeric cells found: expected a salary grid with steps as rows,"
                         " lanes as columns and a header row naming the lanes")
    if effective is not None:
        if len(blocks) > 1:
            raise InputError(str(path), None, f"--effective gives one date, but the file has {len(blocks)} tables;"
                             " date each one in its title or sheet name instead")
        blocks = [GridBlock(**{**blocks[0].__dict__, "effective": effective, "effective_from": "given with --effective"})]
    dates: dict[dt.date, GridBlock] = {}
    for block in blocks:
        if block.effective in dates:
            other = dates[block.effective]
            raise InputError(block.where, block.first_cell, f"a second table effective {block.effective}"
                             f" (the first is at {other.where}, {other.first_cell})")
        dates[block.effective] = block
    return sorted(blocks, key=lambda b: b.effective)


# ------------------------------------------------------------------------------ what it assumed


def guess_rate_unit(blocks: list[GridBlock]) -> tuple[str, str]:
    """'hourly' / 'daily' / 'annual' from the median rate, and the sentence that says why."""
    values = sorted(rate for b in blocks for cells in b.rates.values() for rate in cells.values())
    median = statistics.median(values)
    unit = "hourly" if median < HOURLY_BELOW else "daily" if median < DAILY_BELOW else "annual"
    why = (f"rate unit {unit}: guessed from the size of the rates ({money(values[0])} to {money(values[-1])}, median"
           f" {money(median)}; under {money(HOURLY_BELOW)} is taken as hourly, under {money(DAILY_BELOW)} as daily,"
           " else annual)")
    return unit, why


def step_warnings(blocks: list[GridBlock]) -> list[str]:
    """A step paid less than the step before it in the same lane: usually a typo in the grid."""
    out = []
    for block in blocks:
        for lane in block.lanes:
            previous = None
            for step in block.steps:
                rate = block.rates[lane].get(step)
                if rate is None:
                    continue
                if previous is not None and rate < previous[1]:
                    out.append(f"{block.where}, {block.cells[(lane, step)]}: lane {lane} step {step} ({money(rate)}) is"
                               f" paid less than step {previous[0]} ({money(previous[1])}); check the grid")
                previous = (step, rate)
    return out


def money(value: Decimal) -> str:
    """$48,000 or $24.15: how a grid prints a rate."""
    value = Decimal(value)
    return f"${int(value):,}" if value == value.to_integral_value() else f"${value:,.2f}"


def all_lanes(blocks: list[GridBlock]) -> list[str]:
    return list(dict.fromkeys(lane for b in blocks for lane in b.lanes))


def all_steps(blocks: list[GridBlock]) -> list[str]:
    """Steps in the order the grids list them (a step only a later table has goes after its predecessor)."""
    order: list[str] = []
    for block in blocks:
        for i, step in enumerate(block.steps):
            if step not in order:
                before = next((s for s in reversed(block.steps[:i]) if s in order), None)
                order.insert(order.index(before) + 1 if before is not None else 0, step)
    return order


def renamed(blocks: list[GridBlock], names: dict[str, str]) -> list[GridBlock]:
    """The blocks with lanes renamed (``--lane "MA+30=M30"``), so a contract can use short codes."""
    if not names:
        return blocks
    known = set(all_lanes(blocks))
    for old in names:
        if old not in known:
            raise InputError(None, "--lane", f"the grid has no lane {old!r} (it has {', '.join(all_lanes(blocks))})")
    out = []
    for b in blocks:
        out.append(GridBlock(b.where, b.first_cell, b.effective, b.effective_from,
                             tuple(names.get(lane, lane) for lane in b.lanes), b.steps,
                             {names.get(lane, lane): cells for lane, cells in b.rates.items()},
                             {(names.get(lane, lane), step): ref for (lane, step), ref in b.cells.items()}, b.blanks))
    return out


# ------------------------------------------------------------------------------ writing


def rate_csv_text(block: GridBlock) -> str:
    """The block as the contract's ``lane,step,rate`` CSV (lanes in header order, steps in grid order)."""
    lines = ["lane,step,rate"]
    for lane in block.lanes:
        for step in block.steps:
            rate = block.rates[lane].get(step)
            if rate is not None:
                lines.append(f"{_csv_field(lane)},{_csv_field(step)},{_plain(rate)}")
    return "\n".join(lines) + "\n"


def _csv_field(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\n') else text


def _plain(rate: Decimal) -> str:
    """52480 -> '52480', 24.1 -> '24.10' (cents shown when there are cents)."""
    if rate == rate.to_integral_value():
        return str(int(rate))
    return f"{rate.quantize(Decimal('0.01')) if rate == rate.quantize(Decimal('0.01')) else rate}"


def blank_cells(blocks: list[GridBlock]) -> dict[str, list[str]]:
    """Lane -> steps left blank in every block of the grid (the lane does not have them)."""
    out: dict[str, list[str]] = {}
    for lane in all_lanes(blocks):
        for step in all_steps(blocks):
            if all(b.rates.get(lane, {}).get(step) is None for b in blocks):
                out.setdefault(lane, []).append(step)
    return out


def table_file_name(schedule: str, block: GridBlock) -> str:
    return f"{schedule}_{block.effective.isoformat()}.csv"


def schedule_entry(schedule: str, unit: str, rate_unit: str, why_unit: str, blocks: list[GridBlock],
                   table_dir: str, work_year: tuple[Decimal | None, Decimal | None], grid_name: str,
                   fiscal_year_start: str = "07-01") -> str:
    """The contract's ``schedules:`` list item for the imported grid, as commented YAML (indented by 2)."""
    hours, days = work_year
    lines = [
        f"  - name: {json.dumps(schedule)}",
        f"    unit: {json.dumps(unit)}",
        f"    rate_unit: {rate_unit}              # {why_unit}",
    ]
    if rate_unit != "annual" or hours is not None or days is not None:
        parts = []
        if hours is not None:
            parts.append(f"hours_per_day: {hours}")
        if days is not None:
            parts.append(f"days_per_year: {days}")
        lines.append(f"    work_year: {{{', '.join(parts)}}}")
    lines += [
        f"    lanes: {json.dumps(all_lanes(blocks))}",
        f"    steps: {json.dumps(all_steps(blocks))}",
    ]
    blank = blank_cells(blocks)
    if blank:
        lines.append(f"    blank_cells: {json.dumps(blank)}   # the grid's blank cells: steps these lanes do not have")
    lines += [
        "    rounding: {rate: 0.01, annual: 0.01, mode: half_up}   # check the contract's rounding rule",
        "    tables:                       # imported by `costing import-schedule` from " + grid_name,
    ]
    for block in blocks:
        source = block.where.replace(str(Path(block.where.split(",")[0]).parent) + "/", "")
        lines += [
            f"      - effective: {block.effective.isoformat()}   # from {_comment(block.effective_from)}",
            f"        file: {json.dumps(f'{table_dir}/{table_file_name(schedule, block)}')}",
            f"        reference: {json.dumps(f'{source} (imported grid): add the article of the agreement')}",
        ]
    lines += [
        "    step_rules:",
        "      # ASSUMPTION: steps move on the first day of the fiscal year; set the contract's step date.",
        "      anniversary:",
        f"        - {{effective: 2000-01-01, month_day: \"{fiscal_year_start}\"}}",
    ]
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    return " ".join(text.replace("#", "").split())


STAND_IN_BEGIN = "  # >>> stand-in schedule written by `costing init`"
STAND_IN_END = "  # <<< end of stand-in schedule"


def add_schedule_to_contract(text: str, entry: str, schedule: str, source: str) -> str:
    """The contract's text with the schedule entry added; nothing the user wrote is changed.

    The entry replaces ``costing init``'s stand-in schedule when that block is still exactly as
    init wrote it; otherwise it goes first in the ``schedules:`` list. A schedule of the same
    name is never replaced: the user removes it, so that no edit of theirs is lost by surprise.
    """
    if re.search(rf"^\s*-\s*name:\s*[\"']?{re.escape(schedule)}[\"']?\s*$", text, flags=re.MULTILINE):
        raise InputError(source, f"schedules[{schedule}]", f"the contract already has a schedule named {schedule!r};"
                         " choose another --schedule name, or delete that entry first")
    begin, end = text.find(STAND_IN_BEGIN), text.find(STAND_IN_END)
    if begin >= 0 and end > begin:
        stop = text.index("\n", end) + 1 if "\n" in text[end:] else len(text)
        block = text[begin:stop]
        unit = re.search(r"unit: (\"[^\"]*\")", block)
        if not unit or block != stand_in_schedule(json.loads(unit[1])):
            raise InputError(source, "schedules", "the stand-in schedule written by `costing init` has been edited;"
                             " delete it (the lines between its two marker comments) and run again")
        return text[:begin] + entry + text[stop:]
    match = re.search(r"^schedules:[ \t]*(#.*)?\n", text, flags=re.MULTILINE)
    if not match:
        raise InputError(source, "schedules", "no 'schedules:' line at the start of a line to add the schedule under")
    return text[:match.end()] + entry + text[match.end():]


def stand_in_schedule(unit: str) -> str:
    """The one-cell schedule ``costing init`` writes so that a new contract is valid before a grid is imported.

    Its one cell is $1 a year (rates must be positive: a $0 rate is refused as a typo everywhere
    else), no roster row can be placed on it by accident (its lane is ``none``), and it is marked at
    both ends, so that ``costing import-schedule`` can replace it (only while it is exactly as
    written here).
    """
    return "\n".join([
        STAND_IN_BEGIN,
        "  # It only makes this file valid until your grid is imported: `costing import-schedule GRID",
        "  # --contract contract.yaml` replaces everything between the two marker lines.",
        "  - name: stand_in",
        f"    unit: {json.dumps(unit)}",
        "    rate_unit: annual",
        "    lanes: [\"none\"]",
        "    steps: [\"1\"]",
        "    tables:",
        "      - {effective: 2000-01-01, rates: {none: {\"1\": 1}}, reference: \"stand-in: no grid imported yet\"}",
        STAND_IN_END,
    ]) + "\n"
