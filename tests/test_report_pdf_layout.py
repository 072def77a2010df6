"""The page rule applied while WeasyPrint lays out (costing.report.pdf) gives the pages a second layout of the
relaxed HTML gives: the same page count, and every run of text on the same page at the same place.

The rule is written twice on purpose, once as classes swapped in the HTML (``pdf._relax``, the reference: what
report.css says a relaxed element is) and once as computed values changed during the layout
(``pdf.RELAXED_BREAK``, ``pdf.RELAXED_KEEP``, the fast path); these tests fail when the two drift apart, e.g.
when report.css gives ``.new-page`` or ``.keep`` another property.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from costing.report import pdf
from costing.report.html import CSS
from costing.report.table import Table

pytestmark = pytest.mark.report   # builds reports or lays out PDFs: left out of the fast loop (pytest -m "not report")

LINES = "p { margin: 0; line-height: 16px; font-size: 12px; }"


def _page(body: str, css: str) -> str:
    return (f"<html><head><style>@page {{ size: letter; margin: 0.85in 0.65in; }} {css}</style></head>"
            f"<body>{body}</body></html>")


def _relaxed_by_rerendering(html: str, min_fill: float = pdf.MIN_FILL):
    """The reference: lay out, relax the first page that breaks the rule in the HTML, lay the whole out again."""
    html = pdf._marked(html)
    for _ in range(html.count(pdf.MARK) + 1):
        document = pdf.render(html, Path("."))
        found = pdf.to_relax(document.pages, min_fill)
        if found is None:
            return document
        html = pdf._relax(html, found[1])
    return document


def _text_by_page(document) -> list[list[tuple[float, float, str]]]:
    from weasyprint.formatting_structure import boxes

    return [[(round(box.position_x, 3), round(box.position_y, 3), box.text)
             for box in pdf._descendants(page._page_box) if isinstance(box, boxes.TextBox)]
            for page in document.pages]


def _tall_table(rows: int, caption: str) -> str:
    frame = pd.DataFrame({"Row": [f"row {i}" for i in range(rows)], "Value": [float(i) for i in range(rows)]})
    return Table(frame, {"Value": "money"}, caption=caption, note="Its note.").to_html()


def _sources_after_text(lines: int) -> str:
    """Newton's negotiation report, page 5 on: a section heading kept with (a notebook cell before) a table
    kept whole that is taller than a page, whose long cells wrap. Kept whole, WeasyPrint pushes the heading,
    then the caption, each to a page of its own; relaxing the table changes the pages before its first."""
    frame = pd.DataFrame({"Round": [f"{i}. Offer" for i in range(8)],
                          "Reported by": [" ".join(["reported by the union and the committee"] * 20)] * 8})
    table = Table(frame, {}, caption="Sources", css_class="wide wrap").to_html()
    text = "".join(f"<p>line {i} of the text before</p>" for i in range(lines))
    return (f'<h2 class="new-page">Before</h2>{text}'
            '<div class="cell text_cell"><div class="inner_cell"><h2>Sources</h2></div></div>'
            '<div class="cell code_cell"><div class="output_wrapper"><div class="output"><div class="output_area">'
            f'<div class="output_html">{table}</div></div></div></div></div>')


CASES = {
    "a heading kept with a block kept whole that is taller than a page": (
        _sources_after_text(60), CSS.read_text(encoding="utf-8")),
    "a forced break after a short page": (
        '<h2>Short</h2><p>One line.</p><h2 class="new-page">Next</h2>'
        + "".join(f"<p>line {i}</p>" for i in range(30)) + '<h2 class="new-page">Last</h2><p>end</p>',
        ".new-page { break-before: page; } " + LINES),
    "a table kept whole after a short section": (
        "<h2>Short</h2><p>One line.</p>" + _tall_table(28, "Tall"),
        CSS.read_text(encoding="utf-8") + " tr td, tr th { height: 30px; }"),
    # relaxing a kept table here changes the page before the one it began on (its caption's page), and the table
    # of 40 rows is taller than a page
    **{f"breaks and kept tables of {rows} rows": (
        "".join(f'<h2 class="new-page">Part {i}</h2><p>One line.</p>' + _tall_table(n, f"Table {i}")
                for i, n in enumerate(rows)),
        CSS.read_text(encoding="utf-8") + " tr td, tr th { height: 30px; }") for rows in ((3, 28, 2, 26), (3, 40, 2, 12, 30))},
    "more breaks to drop than WeasyPrint makes passes": (
        "".join(f'<h2 class="new-page">Section {i}</h2><p>One line.</p>' for i in range(12)),
        ".new-page { break-before: page; } " + LINES),
}


@pytest.mark.parametrize("name", CASES)
def test_relaxing_while_laying_out_gives_the_pages_of_relaxing_the_html(name):
    html = _page(*CASES[name])
    reference, laid_out = _relaxed_by_rerendering(html), pdf.layout(html, Path("."))
    assert _text_by_page(laid_out) == _text_by_page(reference)
    fills = [pdf.page_fill(page) for page in laid_out.pages]
    assert all(fill >= pdf.MIN_FILL for fill in fills[:-1]), fills


def test_the_cases_do_need_relaxing():
    """Each case above breaks the rule when nothing is relaxed (else the comparison proves nothing)."""
    for name, (body, css) in CASES.items():
        document = pdf.render(pdf._marked(_page(body, css)), Path("."))
        assert pdf.to_relax(document.pages) is not None, name


def test_when_weasyprint_runs_out_of_passes_the_layout_starts_again_from_the_relaxed_html():
    """Twelve breaks to drop, one a pass, are more than WeasyPrint's passes: one layout leaves the rule unmet,
    :func:`pdf.layout` finishes it from the HTML with what was relaxed written in."""
    page = _page(*CASES["more breaks to drop than WeasyPrint makes passes"])
    html = pdf._marked(page)
    _, relaxer = pdf._render_relaxing(html, Path("."), pdf.MIN_FILL)
    assert not relaxer.laid_out and len(relaxer.relaxed) < html.count(pdf.MARK) - 1
    fills = [pdf.page_fill(p) for p in pdf.layout(page, Path(".")).pages]   # layout marks the HTML itself
    assert all(fill >= pdf.MIN_FILL for fill in fills[:-1]), fills


def test_without_the_hook_the_rule_is_still_kept_from_the_html(monkeypatch):
    """If WeasyPrint never calls the page rule during its passes (another version), or its pages are not shaped as
    expected, :func:`pdf.layout` still keeps the rule, relaxing one mark per layout from the HTML; and in the normal
    case one layout does it all (the fast path is used, not the fallback)."""
    body, css = CASES["more breaks to drop than WeasyPrint makes passes"]
    renders = []
    real = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html, base: renders.append(1) or real(html, base))

    def broken(self, context, root_box, pages):
        raise KeyError("page_maker")

    monkeypatch.setattr(pdf._Relaxer, "_relax_first", broken)
    fills = [pdf.page_fill(p) for p in pdf.layout(_page(body, css), Path(".")).pages]
    assert all(fill >= pdf.MIN_FILL for fill in fills[:-1]), fills
    assert len(renders) > 1
    monkeypatch.undo()

    counted = []
    monkeypatch.setattr(pdf, "render", lambda html, base: counted.append(1) or real(html, base))
    name = next(n for n in CASES if n != "more breaks to drop than WeasyPrint makes passes")
    pdf.layout(_page(*CASES[name]), Path("."))
    assert len(counted) == 1, name
