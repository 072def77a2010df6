"""report.html -> report.pdf with WeasyPrint (US letter; page numbers and breaks come from report.css).

The PDF is tagged (WeasyPrint's PDF/UA-1 variant): a screen reader follows its headings, tables
and reading order, every chart's alt text goes into the tags, and the document's language and
title (from ``<html lang>`` and ``<title>``) are in its catalog and metadata. A public packet is
expected to be accessible, and a tagged PDF also copies and searches as text in the right order.
"""

from __future__ import annotations

from pathlib import Path

PDF_VARIANT = "pdf/ua-1"


def render(html: str, base: Path):
    """The laid-out document (its pages and boxes): for the PDF, and for tests of the layout."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(base)).render(pdf_variant=PDF_VARIANT)


def render_pdf(html: str, dst: Path) -> int:
    """Write the tagged PDF and return its page count."""
    document = render(html, dst.parent)
    document.write_pdf(str(dst), pdf_variant=PDF_VARIANT)
    return len(document.pages)
