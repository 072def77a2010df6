"""A report table: the numbers (for the workbook and tests) plus how each column is shown.

Notebooks display a :class:`Table` directly (it has ``_repr_html_``), so the HTML, the PDF and
the executed notebook all show the same formatted figures, while the workbook writes the raw
numbers with Excel number formats. Plain HTML is written by hand rather than with a pandas
Styler: it is small, has no per-cell CSS, and prints predictably.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

import pandas as pd

from . import format as fmt


def _dollars(value) -> str:
    """$1,234,568 or ($1,235): whole dollars, half away from zero, for page 1 (the cents are in the detail and
    the workbook)."""
    if not fmt.money(value):
        return ""
    whole = Decimal(str(round(float(value), 2))).quantize(Decimal(1), ROUND_HALF_UP)
    return fmt.money(float(whole)).replace(".00", "")


FORMATTERS = {
    "money": fmt.money, "dollars": _dollars, "rate": fmt.rate, "percent": fmt.percent, "count": fmt.count, "fte": fmt.fte,
    "year": fmt.fiscal_year, "text": lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v),
}
FORMATTERS["stacked"] = FORMATTERS["text"]   # figures already written, one per line (report.css td.stacked)
KEEP_WHOLE_ROWS = 30   # tables this short are never split across pages
PAGE_WIDTH_PT = 7.2 * 72      # a report page's content width (report.css: letter, 0.65 in side margins)
LABEL_ROOM_PT = 1.5 * 72      # narrower than this, a row's label wraps over four lines and more
TABLE_PT, CELL_PADDING_PT = 9.0, 3.0   # the table type's floor and a figure's padding each side (report.css)
# advance widths in em of what money is written with (Liberation Sans, Arial's metrics: every digit the same)
GLYPH_EM = {**dict.fromkeys("0123456789$", 0.556), ",": 0.278, ".": 0.278, "(": 0.333, ")": 0.333}
WHOLE_DOLLARS_NOTE = "Whole dollars in this table (to the cent, the figures would leave its labels no room); the workbook has the cents."


# a span of fiscal years (FY2025-FY2027, FY2025-27) is one label: a narrow column must not split it at its hyphen
YEAR_RANGE = re.compile(r"\bFY\d{4}-(?:FY)?\d{2,4}\b")


def label_html(text: str) -> str:
    """A heading or row label as HTML: escaped, each span of fiscal years kept on one line (report.css ``.years``),
    so 'Over the term FY2025-FY2027' wraps before the span, never inside it."""
    return YEAR_RANGE.sub(lambda m: f'<span class="years">{m.group(0)}</span>', html.escape(text))


def printed_width_pt(text: str) -> float:
    """How wide a figure prints at the table type, in points (a character not listed counts as a digit)."""
    return sum(GLYPH_EM.get(ch, 0.556) for ch in text) * TABLE_PT


@dataclass
class Table:
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)   # column -> a FORMATTERS key; default text
    caption: str = ""
    note: str = ""
    total_rows: int = 0        # the last n rows are totals (shown bold)
    css_class: str = ""        # extra classes: "wide" (small type), "inputs" (monospace hashes)
    row_formats: dict[int, str] = field(default_factory=dict)  # row -> kind for its formatted columns
    section_rows: tuple[int, ...] = ()   # rows that only head a group (their first cell spans the table)
    missing: str = "n/a"       # what a missing number shows (never "nan")
    group_column: str = ""     # shown as a heading row over its rows (once, not on each row); the frame keeps it
    dollars_to_fit: bool = False   # money in whole dollars when cents would crowd the labels out (cents_crowd_labels)

    def __post_init__(self):
        if self.group_column and self.section_rows:
            raise ValueError("a table is grouped by a column or by section rows, not both")

    def kind(self, column: str) -> str:
        return self.formats.get(column, "text")

    def cell_kind(self, row: int, column: str) -> str:
        """A row's own format (a percent row in a money table) applies to the columns that are formatted; money is
        whole dollars where the table chose them (``dollars_to_fit``)."""
        kind = self._kind_at(row, column)
        return "dollars" if kind == "money" and self._whole_dollars else kind

    def _kind_at(self, row: int, column: str) -> str:
        kind = self.kind(column)
        return self.row_formats[row] if kind != "text" and row in self.row_formats else kind

    @cached_property
    def _whole_dollars(self) -> bool:
        return self.dollars_to_fit and self.cents_crowd_labels()

    def cents_crowd_labels(self) -> bool:
        """Whether the figures to the cent leave the first column (the labels) under :data:`LABEL_ROOM_PT`: a figure
        never wraps, so each number column takes its widest figure and the labels get what is left of the page.
        Newton's settlement summary (five years and the term of $200 million and $1 billion to the cent) left
        its labels about 70 pt, six lines for one label; in whole dollars they get about 145 pt. Print widths
        are reckoned from the font's metrics (:func:`printed_width_pt`), not by laying the page out."""
        columns = [c for c in self.frame.columns[1:] if c != self.group_column and self.kind(c) != "text"]
        if not columns:
            return False
        widest = [max((printed_width_pt(self._show(self._kind_at(i, c), v))
                       for i, v in enumerate(self.frame[c])), default=0.0) for c in columns]
        return PAGE_WIDTH_PT - sum(w + 2 * CELL_PADDING_PT for w in widest) < LABEL_ROOM_PT

    def _show(self, kind: str, value) -> str:
        if kind == "blank":
            return ""
        text = FORMATTERS[kind](value)
        return self.missing if text == "" and kind != "text" else text

    def formatted(self) -> pd.DataFrame:
        """The frame as the strings a reader sees."""
        return pd.DataFrame({c: [self._show(self.cell_kind(i, c), v) for i, v in enumerate(self.frame[c])]
                             for c in self.frame.columns}, index=range(len(self.frame)))

    def _grouped(self) -> tuple[pd.DataFrame, tuple[int, ...], list[int]]:
        """The rows as shown, which of them head a section, and the frame's row behind each shown row. With
        ``group_column``, that column is dropped and a heading row stands wherever its value changes (a scenario's
        name once over its rows rather than wrapped on every one: the width goes to the figures)."""
        shown = self.formatted()
        if not self.group_column:
            return shown, self.section_rows, list(range(len(shown)))
        rows, sections, sources, previous = [], [], [], None
        for i, value in enumerate(shown.pop(self.group_column)):
            if value != previous:
                sections.append(len(rows))
                rows.append([value] + [""] * (len(shown.columns) - 1))
                sources.append(i)
                previous = value
            rows.append(list(shown.iloc[i]))
            sources.append(i)
        return pd.DataFrame(rows, columns=shown.columns), tuple(sections), sources

    def _row_html(self, row: tuple, kinds: list[str], total: bool) -> str:
        (first, *rest), (first_kind, *rest_kinds) = row, kinds
        cells = f'<th scope="row" class="{first_kind}">{label_html(first)}</th>'
        cells += "".join(f'<td class="{k}">{html.escape(v)}</td>' for k, v in zip(rest_kinds, rest))
        css = ' class="total"' if total else ""
        return f"<tr{css}>{cells}</tr>"

    def to_html(self) -> str:
        shown, sections, sources = self._grouped()
        keep = len(shown) <= KEEP_WHOLE_ROWS
        classes = ["fin"] + (["keep"] if keep else []) + (["grouped"] if self.group_column else []) + self.css_class.split()
        head = "".join(f'<th scope="col" class="{self.kind(c)}">{label_html(str(c))}</th>' for c in shown.columns)
        body, n = [], len(shown)
        for i, (row, source) in enumerate(zip(shown.itertuples(index=False), sources)):
            if i in sections:   # each section its own row group, kept whole: never a heading row ending a page
                body.append(f'{"</tbody>" if body else ""}<tbody class="group"><tr class="section">'
                            f'<th scope="rowgroup" colspan="{len(shown.columns)}">{html.escape(row[0])}</th></tr>')
            else:
                kinds = [self.cell_kind(source, c) for c in shown.columns]
                body.append(self._row_html(row, kinds, i >= n - self.total_rows))
        # a short table, its caption and its note are one block: never a note orphaned at the top of a page
        parts = [f'<div class="table-block{" keep" if keep else ""}">']
        if self.caption:
            parts.append(f'<p class="caption">{html.escape(self.caption)}</p>')
        parts.append(f'<table class="{" ".join(classes)}"><thead><tr>{head}</tr></thead>{"" if sections and sections[0] == 0 else "<tbody>"}{"".join(body)}</tbody></table>')
        note = " ".join(n for n in (self.note, WHOLE_DOLLARS_NOTE if self._whole_dollars else "") if n)
        if note:
            parts.append(f'<p class="note">{html.escape(note)}</p>')
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()
