"""Excel workbooks a finance office can open and use: formats set, columns sized, header frozen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ..output import atomic_write
from .excel_style import COUNT, FORMATS, FTE, HEADER_FILL, HEADER_FONT, MONEY, PERCENT

# values are stored as fractions (3.33% is 0.0333), so spreadsheet formulas work
KINDS = {**FORMATS, "text": None}


def _format(column: str, series: pd.Series) -> str | None:
    name = column.lower()
    if name.endswith("_pct") or name.endswith("%"):
        return PERCENT
    if name in ("fiscal_year", "year"):
        return "0"
    if "fte" in name:
        return FTE
    if name.startswith("headcount") or name == "count":
        return COUNT
    if pd.api.types.is_float_dtype(series):
        return MONEY
    return None


def write_sheets(writer: pd.ExcelWriter, sheets: dict[str, pd.DataFrame],
                 kinds: dict[str, dict[str, str]] | None = None) -> None:
    """Write each frame to a sheet: header frozen and filterable, number formats set, columns sized.

    ``kinds`` optionally names a column's kind per sheet (``money``, ``percent``, ``count``,
    ``fte``, ``rate``, ``year``, ``text``), overriding the guess made from its name and dtype.
    """
    kinds = kinds or {}
    for name, frame in sheets.items():
        sheet_name = name[:31]
        given = kinds.get(name, {})
        percent = [c for c in frame.columns
                   if (given.get(str(c)) or ("percent" if _format(str(c), frame[c]) == PERCENT else None)) == "percent"]
        if percent:  # our frames hold percents as 3.33; Excel's percent format wants 0.0333
            frame = frame.assign(**{str(c): pd.to_numeric(frame[c], errors="coerce") / 100 for c in percent})
        frame.to_excel(writer, sheet_name=sheet_name, index=False)
        ws = writer.sheets[sheet_name]
        ws.freeze_panes = "A2"
        if len(frame.columns):
            ws.auto_filter.ref = ws.dimensions
        for cell in ws[1]:
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for k, column in enumerate(frame.columns, start=1):
            kind = given.get(str(column))
            fmt = KINDS.get(kind) if kind else _format(str(column), frame[column])
            letter = get_column_letter(k)
            values = frame[column].head(500)
            width = max([min(len(str(column)), 24)] + [len(f"{v:,.2f}") + 1 if isinstance(v, float) else len(str(v))
                                                        for v in values])
            ws.column_dimensions[letter].width = min(max(10, width + 2), 60)
            if fmt:
                for cell in ws[letter][1:]:
                    cell.number_format = fmt


def write_workbook(path: Path, sheets: dict[str, pd.DataFrame],
                   kinds: dict[str, dict[str, str]] | None = None) -> None:
    """Write sheets to an .xlsx atomically."""

    def writer_fn(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            write_sheets(writer, sheets, kinds)

    atomic_write(Path(path), writer_fn)
