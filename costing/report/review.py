"""Contact sheets of every report PDF under a folder, for a person to look at page by page.

``make review`` (or ``python -m costing.report.review reports/``) renders each PDF's pages with
poppler's ``pdftoppm`` and tiles them, four pages a row, into one PNG beside the PDF
(``report.pdf`` -> ``report.contact.png``): a defect that only shows when the pages are seen
(a table cut at the right edge, labels printed over each other, a near-empty last page) is found
in a glance instead of a page-by-page read. It writes only files it names ``*.contact.png``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

COLUMNS = 4
DPI = 45
GAP = 12


def pages_of(pdf: Path, dpi: int = DPI) -> list:
    """Each page as a PIL image (pdftoppm from poppler-utils)."""
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm not found: install poppler-utils (scripts/system-deps.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True)
        images = []
        for path in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            with Image.open(path) as image:
                images.append(image.convert("RGB"))
        return images


def contact_sheet(pdf: Path, columns: int = COLUMNS, dpi: int = DPI) -> Path:
    """Tile the PDF's pages into <name>.contact.png beside it, each page framed and numbered by position."""
    from PIL import Image, ImageDraw

    pages = pages_of(pdf, dpi)
    if not pages:
        raise RuntimeError(f"{pdf}: no pages")
    width, height = max(p.width for p in pages), max(p.height for p in pages)
    rows = (len(pages) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (width + GAP) + GAP, rows * (height + GAP + 14) + GAP), "#9a9a9a")
    draw = ImageDraw.Draw(sheet)
    for i, page in enumerate(pages):
        x = GAP + (i % columns) * (width + GAP)
        y = GAP + (i // columns) * (height + GAP + 14)
        draw.text((x, y), f"page {i + 1}", fill="#000000")
        sheet.paste(page, (x, y + 14))
    out = pdf.with_suffix(".contact.png")
    from ..output import WriteGuard, add_to_marker, atomic_write

    atomic_write(out, lambda tmp: sheet.save(tmp, format="PNG", optimize=True), WriteGuard(replace=True))

    add_to_marker(out.parent, out.name)  # the report folder stays costing's own: a rebuild may replace it
    return out


def review(root: Path) -> list[Path]:
    """A contact sheet for every PDF under ``root`` (reports/<date>/<scenario>/*.pdf)."""
    return [contact_sheet(pdf) for pdf in sorted(Path(root).rglob("*.pdf"))]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "reports")
    sheets = review(root)
    for path in sheets:
        print(path)
    if not sheets:
        print(f"no PDF under {root}: run `make report` first", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
