"""The one look of every workbook costing writes: number formats and the header style.

The report's workbook (:mod:`costing.report.xlsx`) and a table written with ``--out FILE.xlsx``
(:mod:`costing.inputs.excel`) use these, so a figure is formatted the same way wherever a finance
analyst opens it: dollars with cents and negatives in brackets, Excel percents (the cell holds a
fraction, 0.0333 for 3.33%), counts and FTE with separators.
"""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill

MONEY = '"$"#,##0.00;("$"#,##0.00)'
RATE = '"$"#,##0.00'
PERCENT = "0.0%;(0.0%)"
COUNT = "#,##0"
FTE = "#,##0.00"
YEAR = "0"
FORMATS = {"money": MONEY, "rate": RATE, "percent": PERCENT, "count": COUNT, "fte": FTE, "year": YEAR}
"""kind -> Excel number format (a kind not listed is text)."""

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=13, color="1F4E79")
CAVEAT_FONT = Font(bold=True, color="AA3333")
