"""Writing one workbook sheet the way a finance analyst expects to open it.

Each sheet: a title line, the caveat line (ILLUSTRATIVE / SYNTHETIC) when there is one, then the
data as an Excel Table object (filter buttons, banded rows, structured references for pivots),
its totals in their own bold rows *below* the Table (never mixed into the data a pivot reads),
readable headers, ``$`` money and ``%`` formats, frozen headers, and print setup: landscape, fit
to one page wide, header rows repeated on every printed page, the caveat and page number in the
footer. The formats and colours are the one set every workbook uses (:mod:`costing.inputs.excel_style`).
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo

from ..inputs.excel_style import CAVEAT_FONT, FORMATS, HEADER_FILL, HEADER_FONT, TITLE_FONT

DATE_FORMAT = "m/d/yyyy"   # a finance office's date (7/1/2024), the reports' one date format


def _format(cell, kind: str) -> None:
    """A kind's number format; any date cell (a text column's report date included) shown m/d/yyyy."""
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    elif isinstance(cell.value, dt.date):
        cell.number_format = DATE_FORMAT


def _cell_value(value, kind: str):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if kind == "percent":
        return float(value)                  # rates are fractions (docs/api.md), shown with Excel's % format
    if isinstance(value, pd.Timestamp):
        return value.date() if kind == "date" or value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item"):
        value = value.item()
    return value


def _table_name(sheet: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", sheet).strip("_") or "Table"
    if not base[0].isalpha():
        base = f"T_{base}"
    name, i = base, 2
    while name in used:
        name, i = f"{base}_{i}", i + 1
    used.add(name)
    return name


def write_sheet(book, sheet: str, frame: pd.DataFrame, kinds: dict[str, str], *, title: str, caveat: str = "",
                totals: pd.DataFrame | None = None, row_kinds: list[str] | None = None, used: set[str],
                note: str = "") -> None:
    """One sheet: title, caveat, note, the data as an Excel Table, totals below it, print setup.

    ``kinds`` maps a column to money/rate/percent/count/fte (default text); ``row_kinds`` gives a
    per-row kind for every formatted column (a percent row in a table of money).
    """
    ws = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", sheet)[:31])
    ws["A1"] = title
    ws["A1"].font = TITLE_FONT
    row = 2
    for text, font in ((caveat, CAVEAT_FONT), (note, Font(italic=True, color="555555"))):
        if text:
            ws.cell(row=row, column=1, value=text).font = font
            row += 1
    header_row = row + 1
    columns = [str(c) for c in frame.columns]
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=j, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    for i, values in enumerate(frame.itertuples(index=False)):
        r = header_row + 1 + i
        for j, (name, value) in enumerate(zip(frame.columns, values), start=1):
            kind = kinds.get(name, "text")
            if row_kinds is not None and kind != "text":
                kind = row_kinds[i]
            cell = ws.cell(row=r, column=j, value=_cell_value(value, kind))
            _format(cell, kind)
    last = header_row + max(len(frame), 1)
    if len(frame):
        ref = f"A{header_row}:{get_column_letter(len(columns))}{last}"
        table = XlTable(displayName=_table_name(sheet, used), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
    if totals is not None and len(totals):
        for i, values in enumerate(totals.itertuples(index=False)):
            r = last + 1 + i
            for j, (name, value) in enumerate(zip(totals.columns, values), start=1):
                kind = kinds.get(name, "text")
                cell = ws.cell(row=r, column=j, value=_cell_value(value, kind))
                cell.font = Font(bold=True)
                _format(cell, kind)
    for j, name in enumerate(columns, start=1):
        sample = [len(str(name))] + [len(str(v)) for v in frame[frame.columns[j - 1]].head(200)]
        ws.column_dimensions[get_column_letter(j)].width = min(max(12, max(sample) + 2), 60)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2 if len(columns) > 1 else 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.left.text = caveat[:200] if caveat else title[:200]
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddHeader.center.text = sheet[:100]
