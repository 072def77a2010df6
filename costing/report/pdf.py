"""report.html -> report.pdf with WeasyPrint (US letter; page numbers and breaks come from report.css).

The PDF is tagged (WeasyPrint's PDF/UA-1 variant): a screen reader follows its headings, tables
and reading order, every chart's alt text goes into the tags, and the document's language and
title (from ``<html lang>`` and ``<title>``) are in its catalog and metadata. A public packet is
expected to be accessible, and a tagged PDF also copies and searches as text in the right order.

No page but the last may be under a third full (issue 23): a section that starts on a new page
(``class="new-page"``) after a short one, or a table kept whole (``table-block keep``) that does not
fit below a short section, leaves the page before it nearly blank. So the document is laid out,
every page's fill measured (:func:`page_fill`), and the forced break or the kept block that begins
the page after one under :data:`MIN_FILL` is relaxed (the break dropped, the block let split with
its header repeated) and the document laid out again, until no such page is left.
"""

from __future__ import annotations

import re
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
MIN_FILL = 1 / 3          # no page but the last under a third full
BREAK = re.compile(r'class="[^"]*\bnew-page\b[^"]*"')
KEEP = re.compile(r'class="table-block keep"')
MARK = "data-page-rule"   # marks each forced break and kept-whole block the layout may relax


def render(html: str, base: Path):
    """The laid-out document (its pages and boxes): for the PDF, and for tests of the layout."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(base)).render(pdf_variant=PDF_VARIANT)


def _descendants(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _descendants(child)


def page_fill(page) -> float:
    """How much of a page's content area its content uses, top to bottom (0 to 1): the lowest edge of
    any box in the page's body (the running header and footer left out) over the content height."""
    from weasyprint.formatting_structure import boxes

    page_box = page._page_box
    top, height = page_box.content_box_y(), page_box.height
    bottom = top
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for box in _descendants(child):
            if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)) or (
                    isinstance(box, boxes.BlockBox) and getattr(box, "border_bottom_width", 0)):
                bottom = max(bottom, box.position_y + box.margin_height())
    return max(0.0, min(1.0, (bottom - top) / height)) if height else 1.0


def table_type_sizes(page) -> list[float]:
    """The size in points of every run of text inside a table on a page (issue 23: 9 pt the floor)."""
    from weasyprint.formatting_structure import boxes

    sizes = []
    for box in _descendants(page._page_box):
        if isinstance(box, boxes.TableBox):
            sizes += [text.style["font_size"] * 0.75 for text in _descendants(box) if isinstance(text, boxes.TextBox)]
    return sizes


def _first_blocker(page) -> str | None:
    """The mark of the first forced break or kept-whole block near the top of a page (its top third): what
    pushed that content off the page before."""
    page_box = page._page_box
    limit = page_box.content_box_y() + page_box.height * MIN_FILL
    for box in _descendants(page_box):
        element = getattr(box, "element", None)
        if element is not None and element.get(MARK) is not None and box.position_y <= limit:
            return element.get(MARK)
    return None


def _marked(html: str) -> str:
    """Number every element that starts a new page or keeps a block whole, so a layout can name the one to relax."""
    count = iter(range(1_000_000))
    html = BREAK.sub(lambda m: f'{m.group(0)} {MARK}="{next(count)}"', html)
    return KEEP.sub(lambda m: f'{m.group(0)} {MARK}="{next(count)}"', html)


def _relax(html: str, mark: str) -> str:
    """Drop the forced break, or let the kept block split (its table's header repeats on the next page)."""
    pattern = re.compile(r'class="([^"]*)" ' + MARK + f'="{mark}"')

    def relaxed(m: re.Match) -> str:
        classes = m.group(1).split()
        classes = ["split" if c == "keep" else c for c in classes if c != "new-page"]
        return f'class="{" ".join(classes)}"'   # unmarked: relaxed once, never picked again

    return pattern.sub(relaxed, html)


def layout(html: str, base: Path, min_fill: float = MIN_FILL):
    """The document laid out so that no page but the last is under ``min_fill`` because of a forced break or a
    block kept whole: each such break is dropped, or block let split, one at a time, and the document laid out
    again."""
    html = _marked(html)
    for _ in range(html.count(MARK) + 1):
        document = render(html, base)
        pages = document.pages
        relax = next((mark for before, after in zip(pages, pages[1:])
                      if page_fill(before) < min_fill and (mark := _first_blocker(after)) is not None), None)
        if relax is None:
            return document
        html = _relax(html, relax)
    return document


def render_pdf(html: str, dst: Path) -> int:
    """Write the tagged PDF and return its page count."""
    document = layout(html, dst.parent)
    document.write_pdf(str(dst), pdf_variant=PDF_VARIANT)
    return len(document.pages)
