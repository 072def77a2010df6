"""report.html -> report.pdf with WeasyPrint (US letter; page numbers and breaks come from report.css).

The PDF is tagged (WeasyPrint's PDF/UA-1 variant): a screen reader follows its headings, tables
and reading order, every chart's alt text goes into the tags, and the document's language and
title (from ``<html lang>`` and ``<title>``) are in its catalog and metadata. A public packet is
expected to be accessible, and a tagged PDF also copies and searches as text in the right order.

No page but the last may be under a third full (issue 23): a section that starts on a new page
(``class="new-page"``) after a short one, or a table kept whole (``table-block keep``) that does not
fit below a short section, leaves the page before it nearly blank. So while the document is laid
out, every page's fill is measured (:func:`page_fill`), and the forced break or the kept block that
begins the page after one under :data:`MIN_FILL` is relaxed (the break dropped, the block let split
with its header repeated), one at a time, until no such page is left.

The relaxing is done inside WeasyPrint's own repagination (:func:`_relaxing_pass`): the element's
computed style is changed as the stylesheet would give it without the class, and WeasyPrint lays out
again only the pages from the short one on, reusing the styles, the boxes and the pages before it.
Laying out the whole document again from its HTML (1.5 s of the 4 s a 16-page report's PDF took)
gives the same pages; ``tests/test_report_pdf_layout.py`` checks that it does.
"""

from __future__ import annotations

import contextvars
import re
import threading
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
MIN_FILL = 1 / 3          # no page but the last under a third full
BREAK = re.compile(r'class="[^"]*\bnew-page\b[^"]*"')
KEEP = re.compile(r'class="table-block keep"')
MARK = "data-page-rule"   # marks each forced break and kept-whole block the layout may relax


def _descendants(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _descendants(child)


def _page_box(page):
    """A document's page (its ``_page_box``) or a page box still being laid out, as a page box."""
    return getattr(page, "_page_box", page)


def page_fill(page) -> float:
    """How much of a page's content area its content uses, top to bottom (0 to 1): the lowest edge of
    any box in the page's body (the running header and footer left out) over the content height."""
    from weasyprint.formatting_structure import boxes

    page_box = _page_box(page)
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


def _first_blocker(page, skip=frozenset()) -> str | None:
    """The mark of the first forced break or kept-whole block near the top of a page (its top third), not yet
    relaxed (``skip``): what pushed that content off the page before."""
    page_box = _page_box(page)
    limit = page_box.content_box_y() + page_box.height * MIN_FILL
    for box in _descendants(page_box):
        mark = _mark_of(box)
        if mark is not None and mark not in skip and box.position_y <= limit:
            return mark
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


def to_relax(pages, min_fill: float = MIN_FILL, skip=frozenset()) -> tuple[int, str] | None:
    """(the index of the first page but the last under ``min_fill``, the mark that pushed the next page's content
    off it), or None when no page is left so."""
    return next(((index, mark) for index, (before, after) in enumerate(zip(pages, pages[1:]))
                 if page_fill(before) < min_fill and (mark := _first_blocker(after, skip)) is not None), None)


# ---- relaxing while WeasyPrint lays out ---------------------------------------------------------------------------

# What the stylesheet gives a relaxed element instead (report.css: ``.new-page`` and ``.table-block.keep``, and
# ``table.keep`` inside a block let split): the class-swapping of :func:`_relax`, said as computed values.
RELAXED_BREAK = {"break_before": "auto"}
RELAXED_KEEP = {"break_inside": "auto"}
_ACTIVE: contextvars.ContextVar = contextvars.ContextVar("costing_page_rule", default=None)
_INSTALLING = threading.Lock()


class _Relaxer:
    """The page rule applied during one layout: the marks relaxed so far, and whether the last one has been laid
    out (WeasyPrint stops repaginating after its last pass, whatever a relaxation asked)."""

    def __init__(self, min_fill: float):
        self.min_fill = min_fill
        self.relaxed: list[str] = []
        self.laid_out = True
        self.failed = False   # WeasyPrint's internals not as expected: the HTML re-layout does the rule

    def after_pass(self, context, root_box, pages) -> None:
        """One of WeasyPrint's layout passes is done: relax the first page that breaks the rule, and ask for its
        page and those after it to be laid out again. If WeasyPrint's pages are not shaped as this expects (another
        version), the rule is left to :func:`layout`'s re-layout from the HTML, never half applied."""
        if self.failed:
            return
        try:
            self._relax_first(context, root_box, pages)
        except (AttributeError, IndexError, KeyError, TypeError):
            self.failed = True
            self.laid_out = True

    def _relax_first(self, context, root_box, pages) -> None:
        self.laid_out = True
        found = to_relax(pages, self.min_fill, frozenset(self.relaxed))
        if found is None:
            return
        index, mark = found
        forced = _relax_boxes(root_box, mark)
        for page in _pages_to_lay_out_again(pages, index, mark, forced, frozenset(self.relaxed)):
            context.page_maker[page][-1]["content_changed"] = True   # WeasyPrint's own "lay this page out again"
        self.relaxed.append(mark)
        self.laid_out = False


def _pages_to_lay_out_again(pages, short: int, mark: str, forced: bool, relaxed: frozenset) -> range:
    """The indexes of the pages a relaxed element can change, from the first whose layout may have reached it
    to the last that holds a box of it (a page after those is laid out again anyway if the one before it now
    ends elsewhere: WeasyPrint compares where each page begins).

    A page's layout reaches no further than the first box that does not fit, or a forced break, where it
    ends. So a forced break was reached by the page before it alone. A block kept whole may have been reached
    by several pages before it (a heading kept with it goes along, and a block taller than a page is pushed on
    more than once): by every page since the last forced break still in force, the only sure bound."""
    holding = [i for i, page in enumerate(pages) if any(_mark_of(box) == mark for box in _descendants(page))]
    first, last = min(holding, default=short), max(holding, default=short)
    if forced:
        start = first - 1
    else:
        start = max((i for i, page in enumerate(pages[:first + 1]) if _starts_with_a_break(page, relaxed)), default=0)
    return range(max(0, min(short, start)), max(short, last) + 1)


def _starts_with_a_break(page, relaxed: frozenset) -> bool:
    """Whether a page begins at a forced break not relaxed (its content owes nothing to the pages before)."""
    return any(box.element.get("class") and "new-page" in box.element.get("class").split()
               and _mark_of(box) not in relaxed and box.position_y <= _page_box(page).content_box_y() + 1
               for box in _descendants(_page_box(page)) if _mark_of(box) is not None)


def _relax_boxes(root_box, mark: str) -> bool:
    """Give the boxes of a marked element (and of the tables it keeps whole) the computed values the stylesheet
    gives them relaxed; whether it was a forced break. Every box of the element: WeasyPrint gives a table's box
    its own copy of the style."""
    element = next(box.element for box in _descendants(root_box) if _mark_of(box) == mark)
    classes = (element.get("class") or "").split()
    relaxed = {}
    if "new-page" in classes:
        relaxed[element] = RELAXED_BREAK
    if "keep" in classes:
        relaxed[element] = RELAXED_KEEP
        relaxed.update({table: RELAXED_KEEP for table in element.iter("table")
                        if "keep" in (table.get("class") or "").split()})
    for box in _descendants(root_box):
        values = relaxed.get(getattr(box, "element", None))
        if values is not None and box.style is not None:
            box.style.update(values)
    return "new-page" in classes


def _mark_of(box) -> str | None:
    element = getattr(box, "element", None)
    return element.get(MARK) if element is not None else None


def _relaxing_pass(make_all_pages):
    """WeasyPrint's pass over the pages, followed by the active layout's page rule (none: unchanged)."""
    def make_all_pages_then_relax(context, root_box, html, pages):
        laid_out = list(make_all_pages(context, root_box, html, pages))
        relaxer = _ACTIVE.get()
        if relaxer is not None:
            relaxer.after_pass(context, root_box, laid_out)
        yield from laid_out

    make_all_pages_then_relax.costing_page_rule = True
    return make_all_pages_then_relax


def _install_relaxing_pass() -> None:
    """Wrap WeasyPrint's layout pass once per process (it applies the rule only inside :func:`layout`)."""
    from weasyprint import layout as weasyprint_layout  # the package first: no submodule lock held while it loads

    with _INSTALLING:
        if not getattr(weasyprint_layout.make_all_pages, "costing_page_rule", False):
            weasyprint_layout.make_all_pages = _relaxing_pass(weasyprint_layout.make_all_pages)


def render(html: str, base: Path):
    """The laid-out document (its pages and boxes), as the HTML says: for tests of the layout."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(base)).render(pdf_variant=PDF_VARIANT)


def _render_relaxing(html: str, base: Path, min_fill: float):
    """(the laid-out document, what its page rule relaxed), the rule applied while it is laid out."""
    _install_relaxing_pass()
    relaxer = _Relaxer(min_fill)
    token = _ACTIVE.set(relaxer)
    try:
        return render(html, base), relaxer
    finally:
        _ACTIVE.reset(token)


def layout(html: str, base: Path, min_fill: float = MIN_FILL):
    """The document laid out so that no page but the last is under ``min_fill`` because of a forced break or a
    block kept whole. Nearly always one layout does it (:class:`_Relaxer`); when WeasyPrint ran out of passes
    first, what was relaxed is written into the HTML and the document laid out again from there."""
    html = _marked(html)
    for _ in range(html.count(MARK) + 1):
        document, relaxer = _render_relaxing(html, base, min_fill)
        left = to_relax(document.pages, min_fill, frozenset(relaxer.relaxed))
        if relaxer.laid_out and left is None:
            return document
        # what the passes relaxed, or (no pass relaxed anything: WeasyPrint did not call the hook, or its pages
        # were not as expected) the first mark still breaking the rule, written into the HTML: each round relaxes one
        for mark in relaxer.relaxed or ([left[1]] if left is not None else []):
            html = _relax(html, mark)
    return document


def render_pdf(html: str, dst: Path) -> int:
    """Write the tagged PDF and return its page count."""
    document = layout(html, dst.parent)
    document.write_pdf(str(dst), pdf_variant=PDF_VARIANT)
    return len(document.pages)
