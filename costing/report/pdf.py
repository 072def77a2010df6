"""report.html -> report.pdf with WeasyPrint (US letter; page numbers and breaks come from report.css)."""

from __future__ import annotations

from pathlib import Path


def render_pdf(html: str, dst: Path) -> int:
    """Write the PDF and return its page count."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(dst.parent)).render()
    document.write_pdf(str(dst))
    return len(document.pages)
