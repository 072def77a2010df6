"""`make review`: a contact sheet of a report's pages, and the report folder stays costing's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from costing.output import foreign_files, mark_ours, refuse_unless_ours
from costing.report.review import contact_sheet, pages_of


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_contact_sheet_tiles_the_pages_and_keeps_the_folder_replaceable(tmp_path: Path) -> None:
    from PIL import Image
    from weasyprint import HTML

    folder = tmp_path / "reports" / "2030-01-01" / "chelsea"
    folder.mkdir(parents=True)
    pages = "".join(f'<p style="page-break-after: always">page {k}</p>' for k in range(1, 6))
    HTML(string=f"<html><body>{pages}</body></html>").write_pdf(folder / "report.pdf")
    mark_ours(folder, ["report.pdf"])
    out = contact_sheet(folder / "report.pdf")
    assert out == folder / "report.contact.png"
    page = pages_of(folder / "report.pdf")[0]
    with Image.open(out) as sheet:   # five pages: four in the first row, one in the second
        assert 4 * page.width < sheet.width < 5 * page.width
        assert 2 * page.height < sheet.height < 3 * page.height
    assert foreign_files(folder) == []                              # the sheet is listed in the marker
    refuse_unless_ours(folder)                                      # so a later rebuild may replace the folder
