"""A span of fiscal years in a table's label is never split at its hyphen (costing.report.table.label_html).

The case is the shape of every report's "against the status quo" table at 5,000 people: a row label and
six columns of figures, five of them to the cent in the hundreds of millions, so the label column is left narrow. Before, its total
row printed over four lines, "Over the / term / FY2025- / FY2027"; the span of years is now one unit,
so the label wraps before it: "Over the term" / "FY2025-FY2027". Laid out with WeasyPrint and the
report's stylesheet, the years must come out as one piece of text on one line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from costing.report import pdf
from costing.report.html import CSS
from costing.report.table import Table, label_html

pytestmark = pytest.mark.report   # lays a PDF out: left out of the fast loop (pytest -m "not report")


def test_label_html_keeps_year_spans_whole_and_escapes():
    assert label_html("Over the term FY2025-FY2027") == 'Over the term <span class="years">FY2025-FY2027</span>'
    assert label_html("FY2025-27 & after") == '<span class="years">FY2025-27</span> &amp; after'
    assert label_html("FY2026") == "FY2026"
    assert label_html("<b>") == "&lt;b&gt;"


def _texts(html: str) -> list[str]:
    from weasyprint.formatting_structure import boxes

    document = pdf.render(f"<html><head><style>{CSS.read_text(encoding='utf-8')}</style></head>"
                          f"<body>{html}</body></html>", Path("."))
    return [box.text for page in document.pages for box in pdf._descendants(page._page_box)
            if isinstance(box, boxes.TextBox)]


def test_a_narrow_label_column_wraps_before_the_years():
    big = 493_849_049.29   # the status quo over the term of a 5,000-person Chelsea roster
    formats = {"Status quo": "money", "Proposal": "money", "New money over the status quo": "money",
               "Over the status quo % (all-in cost)": "percent", "Cumulative new money over the status quo": "money",
               "Annualization into the next year (employed all year)": "money"}
    frame = pd.DataFrame({"Fiscal year": ["FY2025", "FY2026", "FY2027", "Over the term FY2025-FY2027"],
                          **{c: [0.302 if f == "percent" else big] * 4 for c, f in formats.items()}})
    texts = _texts(Table(frame, formats, caption="Against the status quo", total_rows=1).to_html())
    assert "FY2025-FY2027" in texts
    assert "FY2025-" not in texts
