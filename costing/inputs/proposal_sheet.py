"""A proposal as a spreadsheet: one row per change, in the proposal file's own vocabulary.

A finance director who lives in Excel can write a proposal as a sheet (``.xlsx``, or ``.csv``
saved from it) and costing reads it wherever it reads a proposal (``load_proposal`` hands such a
file here). The layout (docs/formats.md, "A proposal as a spreadsheet")::

    title     | Committee offer, March 3
    proposer  | committee
    date      | 3/3/2026
                                                     (a blank row)
    op            | effective | schedules | percent | amount | per  | ...
    raise_percent | 7/1/2026  | teachers  | 2.5%    |        |      |
    add_flat      | 7/1/2026  | teachers  |         | $1,000 | year |

The rows above the table give the proposal's own fields (one ``key | value`` a row); the table's
first heading is ``op``, the others are the ops' field names (any order; a column no op uses is
an error, as is a value in a column the row's op does not have). Each cell is read by the syntax
of :mod:`.proposal_cells`. Every problem is one line naming the file, the row and the column.

:func:`write_proposal_sheet` writes any proposal this way (dates as real Excel dates, percents as
percent cells, a second sheet listing every op and its columns), and reading it back gives the
same proposal. Nothing here imports the YAML loader: the loader passes its validation in, so the
two can call each other without a circle.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from openpyxl.utils.exceptions import InvalidFileException
from pydantic import BaseModel

from ..errors import InputError, did_you_mean
from ..output import WriteGuard, atomic_write
from .models import MAX_ITEMS, Proposal
from .proposal_cells import CellError, from_cell, to_cell
from .proposal_fields import change_models, field_order, header_fields, header_written, written
from .reading import reading

SUFFIXES = (".xlsx", ".csv")
SHEET = "proposal"
HELP_SHEET = "ops and columns"
MAX_BYTES = 5_000_000
"""A proposal sheet is a few kilobytes; a larger file is refused before it is opened."""
MAX_COLUMNS = 200
LOOK_FOR_TABLE = 50
"""The change table's heading row (``op`` first) must be within this many rows of the top."""
DATE_FORMAT, PERCENT_FORMAT = "m/d/yyyy", "0.00##%"

Validate = Callable[[type[BaseModel], dict, str], BaseModel]


def _heading(value) -> str:
    """A heading as typed ("From step", " percent ") -> the field name (from_step, percent)."""
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ------------------------------------------------------------------------------------------ reading


def _csv_rows(path: Path) -> Iterator[tuple[int, list, list[bool]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")     # Excel's "CSV (Comma delimited)" on Windows
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield number, row, [False] * len(row)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list, list[bool]]]:
    """(row number, values, is a percent cell) for the proposal sheet; a formula with no saved value is an error."""
    from openpyxl import load_workbook

    values = load_workbook(path, read_only=True, data_only=True)
    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        name = SHEET if SHEET in values.sheetnames else values.sheetnames[0]
        for number, (cells, written) in enumerate(zip(values[name].iter_rows(), formulas[name].iter_rows(),
                                                      strict=False), start=1):
            row = [c.value for c in cells]
            for k, (cell, formula) in enumerate(zip(cells, written, strict=False)):
                if cell.value is None and isinstance(formula.value, str) and formula.value.startswith("="):
                    raise InputError(str(path), f"row {number}, column {_letter(k)}",
                                     "a formula with no saved value: open the file in Excel and save it")
            yield number, row, ["%" in re.sub(r'"[^"]*"', "", str(c.number_format or "")) for c in cells]
    finally:
        values.close()
        formulas.close()


def _rows(path: Path) -> Iterator[tuple[int, list, list[bool]]]:
    try:
        with reading(path, MAX_BYTES, "a proposal sheet"):
            yield from (_xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path))
    except (ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:   # not a workbook, or a damaged one
        raise InputError(str(path), None, f"is not an Excel workbook that can be read ({exc})") from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_proposal_sheet(path: str | Path) -> bool:
    """Whether a .csv or .xlsx file is a proposal sheet (a row headed ``op`` near the top), not a roster."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        return False
    try:
        for number, row, _ in _rows(path):
            if number > LOOK_FOR_TABLE:
                return False
            if row and _heading(row[0]) == "op":
                return True
    except InputError:
        return False
    return False


class _Reader:
    """One sheet's rows into a proposal, each problem named by row and column."""

    def __init__(self, path: Path, validate: Validate):
        self.path, self.source, self.validate = path, str(path), validate
        self.models = change_models()
        self.fields = set(field_order(self.models.values()))

    def error(self, number: int, column: int | None, heading: str, message: str) -> InputError:
        where = f"row {number}" + (f", column {_letter(column)} ({heading})" if column is not None else "")
        return InputError(self.source, where, message)

    def header(self, rows: list[tuple[int, list, list[bool]]]) -> dict:
        known, data = header_fields(), {}
        for number, row, percent in rows:
            key = _heading(row[0]) if row else ""
            values = [v for v in row[1:] if not _blank(v)]
            if not key and not values:
                continue
            if key not in known:
                raise self.error(number, 0, key, f"{key or 'a blank key'!r} is not a proposal field (above the change "
                                 f"table come {', '.join(known)}){did_you_mean(key, known)}")
            if key in data:
                raise self.error(number, 0, key, f"{key} is given twice")
            if len(values) > 1:
                raise self.error(number, 2, key, f"{key} takes one value, in column B")
            if values:
                data[key] = self.cell(Proposal, key, row[1], bool(percent[1:2] and percent[1]), number, 1)
        return data

    def cell(self, model: type[BaseModel], name: str, raw, percent: bool, number: int, column: int):
        try:
            return from_cell(model, name, raw, percent)
        except CellError as exc:
            raise self.error(number, column, name, str(exc)) from None

    def headings(self, number: int, row: list) -> list[str]:
        headings = [_heading(v) for v in row]
        for k, heading in enumerate(headings):
            if heading and heading not in self.fields:
                raise self.error(number, k, heading, f"{heading!r} is not a field of any change"
                                 f"{did_you_mean(heading, self.fields)}")
            if heading and heading in headings[:k]:
                raise self.error(number, k, heading, f"column {heading} is given twice")
        if len(headings) > MAX_COLUMNS:
            raise self.error(number, None, "", f"has {len(headings)} columns; at most {MAX_COLUMNS}")
        return headings

    def change(self, headings: list[str], number: int, row: list, percent: list[bool]) -> BaseModel:
        op = str(row[0]).strip() if not _blank(row[0]) else ""
        model = self.models.get(op)
        if model is None:
            raise self.error(number, 0, "op", f"{op or 'a blank op'!r} is not an op{did_you_mean(op, self.models)}"
                             f" (the ops: see the sheet {HELP_SHEET!r} of a sheet costing wrote, or docs/formats.md)")
        data = {"op": op}
        for k, (heading, raw) in enumerate(zip(headings, row, strict=False)):
            if k == 0 or _blank(raw):
                continue
            if not heading:
                raise self.error(number, k, "", "a value under no heading: give the column a field name")
            if heading not in model.model_fields:
                raise self.error(number, k, heading, f"{op} has no {heading} (it has: "
                                 f"{', '.join(n for n in model.model_fields if n != 'op')})")
            data[heading] = self.cell(model, heading, raw, k < len(percent) and percent[k], number, k)
        try:
            return self.validate(model, data, self.source)
        except InputError as exc:
            field = re.split(r"[.\[ ]", exc.where or "", maxsplit=1)[0]
            column = headings.index(field) if field in headings else None
            raise self.error(number, column, field, exc.message) from None

    def read(self) -> Proposal:
        rows = list(self._bounded())
        table = next((i for i, (_, row, _) in enumerate(rows) if row and _heading(row[0]) == "op"), None)
        if table is None:
            raise InputError(self.source, None, "has no change table: a row whose first cell is op heads the changes"
                             " (see docs/formats.md, \"A proposal as a spreadsheet\")")
        header = self.header(rows[:table])
        number, heading_row, _ = rows[table]
        headings = self.headings(number, heading_row)
        changes = [self.change(headings, n, row, percent) for n, row, percent in rows[table + 1:]
                   if any(not _blank(v) for v in row)]
        try:
            return self.validate(Proposal, {**header, "changes": changes}, self.source)
        except InputError as exc:
            raise InputError(self.source, exc.where, exc.message) from None

    def _bounded(self) -> Iterator[tuple[int, list, list[bool]]]:
        for number, row, percent in _rows(self.path):
            if number > MAX_ITEMS + LOOK_FOR_TABLE:
                raise InputError(self.source, None, f"has more than {MAX_ITEMS} changes; at most {MAX_ITEMS} in one file")
            yield number, row, percent


def read_proposal_sheet(path: str | Path, validate: Validate) -> Proposal:
    """A validated proposal from a proposal sheet (``validate`` is the loader's: it words the model's errors)."""
    return _Reader(Path(path), validate).read()


# ------------------------------------------------------------------------------------------ writing


def sheet_rows(proposal: Proposal, excel: bool) -> tuple[list[list], list[list[bool]]]:
    """The proposal as the sheet's rows (header block, a blank row, the change table) and which cells are percents."""
    rows, percents = [], []
    for key, value in header_written(proposal).items():
        cell, percent = to_cell(Proposal, key, value, excel)
        rows.append([key, cell])
        percents.append([False, percent])
    rows.append([])
    percents.append([])
    changes = [written(c) for c in proposal.changes]
    used = {k for data in changes for k in data}
    columns = [c for c in field_order(type(c) for c in proposal.changes) if c in used] or ["op", "effective"]
    rows.append(columns)
    percents.append([False] * len(columns))
    for change, data in zip(proposal.changes, changes, strict=True):
        row, percent = [], []
        for column in columns:
            if column not in data:
                row.append(None)
                percent.append(False)
                continue
            cell, is_percent = to_cell(type(change), column, data[column], excel)
            row.append(cell)
            percent.append(is_percent)
        rows.append(row)
        percents.append(percent)
    return rows, percents


def _help_rows() -> list[list[str]]:
    rows = [["op", "columns it takes (besides op and effective)"]]
    for op, model in change_models().items():
        rows.append([op, ", ".join(n for n in field_order([model]) if n not in ("op", "effective"))])
    rows += [[], ["cells", "dates 7/1/2026; numbers 1,250.50 or $2,000; percents 4.5% ; lists a, b; "
                           "mappings 10: 750; 15: 1,000; anything nested as one line of the proposal file's YAML"]]
    return rows


def _write_xlsx(rows: list[list], percents: list[list[bool]], tmp: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .excel import HEADER_FILL, HEADER_FONT

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    table = next(i for i, row in enumerate(rows) if row and row[0] == "op")
    widths: dict[int, int] = {}
    for r, (row, percent) in enumerate(zip(rows, percents, strict=True), start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif percent[c - 1]:
                cell.number_format = PERCENT_FORMAT
            if r - 1 == table:
                cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            elif r - 1 < table and c == 1:
                cell.font = Font(bold=True)
            widths[c] = max(widths.get(c, 8), min(len(str(value if value is not None else "")) + 2, 60))
    for c, width in widths.items():
        sheet.column_dimensions[_letter(c - 1)].width = width
    sheet.freeze_panes = sheet.cell(row=table + 2, column=2)
    guide = book.create_sheet(HELP_SHEET)
    for row in _help_rows():
        guide.append(row)
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 22, 120
    book.save(tmp)


def _write_csv(rows: list[list], tmp: Path) -> None:
    with open(tmp, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows([["" if v is None else v for v in row] for row in rows])


def write_proposal_sheet(proposal: Proposal, path: str | Path, check: Validate | None = None,
                         guard: WriteGuard | None = None) -> None:
    """Write the proposal as a sheet (.xlsx or .csv, by the extension), atomically, never over a user's file.

    With ``check`` (the loader's validation), the written file is read back first, in its temporary
    place, and must give the same proposal: nothing that would read as anything else is ever put in place."""
    path = Path(path)
    excel = path.suffix.lower() == ".xlsx"
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(str(path), None, f"a proposal sheet is .xlsx or .csv, not {path.suffix or 'no extension'!r}")
    rows, percents = sheet_rows(proposal, excel)

    def writer(tmp: Path) -> None:
        _write_xlsx(rows, percents, tmp) if excel else _write_csv(rows, tmp)
        if check is not None and read_proposal_sheet(tmp, check) != proposal:
            raise AssertionError("the proposal sheet would not read back as the proposal")  # pragma: no cover - a bug

    atomic_write(path, writer, guard or WriteGuard())
