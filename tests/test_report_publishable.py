"""Every bundled report, built once, checked as a School Committee packet must be.

No "nan", "inf" or "None" anywhere a reader looks; no table wider than its page (WeasyPrint's
layout boxes against the page's content width); no path of the machine that built it in a public
folder; a tagged PDF (PDF/UA) with its language and title; alt text on every image; workbook
Tables whose totals match the report to the cent. The bundled batch is built once per test run, shared with
tests/test_page_one.py (the ``bundled`` fixture of conftest.py: all eight scenarios, a few minutes).
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from costing.report import settlement
from costing.report.context import open_report
from costing.report.format import fiscal_year
from costing.report.workbook import sheet_name

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

ROOT = Path(__file__).resolve().parent.parent
BAD_WORDS = re.compile(r"\b(nan|NaN|inf|None)\b|nan%")
ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:home|Users|tmp|work|root|srv|var|opt|mnt|private)/")


class _Text(HTMLParser):
    """Visible text, the <img> tags and the <svg> count of an HTML page."""

    def __init__(self):
        super().__init__()
        self.text, self.images, self.svgs, self._skip = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _xlsx_strings(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    out = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
           if isinstance(v, str)]
    book.close()
    return out


def test_no_nan_inf_or_none_anywhere_a_reader_looks(bundled):
    for folder in bundled.values():
        for html in folder.glob("*.html"):
            text = " ".join(_parse(html).text)
            assert not BAD_WORDS.search(text), (html, BAD_WORDS.search(text).group(0))
        for pdf in folder.glob("*.pdf"):
            text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
            found = BAD_WORDS.search(text)
            assert not found, (pdf, text[max(0, found.start() - 80):found.end() + 40])
        strings = [s for s in _xlsx_strings(folder / "workbook.xlsx") if BAD_WORDS.search(s)]
        assert strings == [], (folder.name, strings[:3])


def test_no_path_of_this_machine_in_a_public_folder(bundled):
    for folder in bundled.values():
        assert json.loads((folder / "manifest.json").read_text())["audience"] == "public"
        for path in folder.iterdir():
            text = "\n".join(_xlsx_strings(path)) if path.suffix == ".xlsx" else (
                "" if path.suffix in (".pdf", ".png") else path.read_text(encoding="utf-8"))
            assert str(ROOT) not in text and str(folder.parent) not in text, path
            found = ABSOLUTE.search(text)
            assert not found, (path, text[max(0, found.start() - 60):found.end() + 60])
        manifest = json.loads((folder / "manifest.json").read_text())
        assert not Path(manifest["scenario"]).is_absolute()
        assert all(not Path(v["path"]).is_absolute() for v in manifest["inputs"].values())


def test_pdf_is_tagged_with_language_and_title_and_images_have_alt_text(bundled):
    for folder in bundled.values():
        for pdf in folder.glob("*.pdf"):
            reader = PdfReader(str(pdf))
            root = reader.trailer["/Root"]
            assert root["/MarkInfo"]["/Marked"] in (True, "true"), pdf
            assert "/StructTreeRoot" in root, pdf
            assert str(root["/Lang"]) == "en", pdf
            assert reader.metadata.title, pdf
        for html in folder.glob("*.html"):
            page = _parse(html)
            assert page.svgs == 0, f"{html}: an inline SVG has no alt text; charts are <img> with alt"
            if html.name == "member_page.html":   # no charts: its words and tables (tests/test_member_page.py)
                continue
            assert page.images or html.name == "board_brief.html", html   # the two-page brief may carry no chart
            for image in page.images:
                alt = image.get("alt", "")
                assert len(alt) > 40 and ("$" in alt or "%" in alt), (html, alt[:80])   # states its numbers


def _tables_past_the_page(document) -> list[str]:
    """Every table whose laid-out box ends right of its page's content box (WeasyPrint's boxes, 1px slack)."""
    from weasyprint.formatting_structure import boxes

    def tables(box):
        if isinstance(box, boxes.TableBox):
            yield box
        for child in getattr(box, "children", []):
            yield from tables(child)

    found = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        right = box.content_box_x() + box.width
        for table in tables(box):
            edge = table.position_x + table.margin_width()
            if edge > right + 1.0:
                found.append(f"page {number}: a table ends at {edge:.0f}px, page at {right:.0f}px")
    return found


def _wide_page(table) -> str:
    from costing.report.html import CSS

    return (f'<html><head><style>{CSS.read_text(encoding="utf-8")}</style></head><body><main class="report">'
            f"{table.to_html()}</main></body></html>")


def test_the_width_check_catches_a_table_past_the_page():
    """The check below is not vacuous: the Newton compare report's turnover band as it was (a scenario column and
    six columns of $1,234,567,890.12 at the 9 pt floor) ends past the page; grouped under its scenarios and in
    whole dollars, as the report now shows it, it fits. Widths at 9 pt: $1,234,567,890.12 is about 97px with its
    padding, so 6 x 97 + the two label columns is over the 691px (7.2 in) the page has; a whole dollar is about
    15px narrower a column."""
    import pandas as pd

    from costing.report.pdf import render
    from costing.report.table import Table

    frame = pd.DataFrame({"Scenario": ["Committee Jan 30 2024"] * 3, "Fiscal year": ["FY2024", "FY2025", "All years"],
                          **{h: [1_234_567_890.12] * 3 for h in ("No turnover", "5th", "25th", "Median", "75th", "95th")}})
    cents = Table(frame, {c: "money" for c in frame.columns[2:]}, css_class="wide wrap")
    assert _tables_past_the_page(render(_wide_page(cents), Path(".")))
    shown = Table(frame, {c: "dollars" for c in frame.columns[2:]}, css_class="wide wrap", group_column="Scenario")
    assert _tables_past_the_page(render(_wide_page(shown), Path("."))) == []


def test_no_table_is_wider_than_its_page(bundled):
    """Every table of every bundled HTML page, laid out as the PDF is, ends inside its page (issue 23: the Newton
    compare report's rounds, sensitivity and turnover tables ended 50-80px past it at the 9 pt floor)."""
    from costing.report.pdf import render

    found = {}
    for folder in bundled.values():
        for html in folder.glob("*.html"):
            past = _tables_past_the_page(render(html.read_text(encoding="utf-8"), folder))
            if past:
                found[f"{folder.name}/{html.name}"] = past
    assert found == {}


def test_workbook_tables_and_totals_match_the_report_to_the_cent(bundled):
    for scenario, folder in bundled.items():
        ctx = open_report(scenario, report_date="2030-01-01")
        book = load_workbook(folder / "workbook.xlsx")
        assert {"Read me", "Summary", "Long", "Components", "Rate tables", "Assumptions", "Glossary"} <= set(book.sheetnames)
        for sheet in ("Summary", "Long", *[fiscal_year(fy) for fy in ctx.costing.years]):
            assert book[sheet].tables, (folder.name, sheet)
        ws = book["Summary"]
        table = next(iter(ws.tables.values()))
        first, last = ws[table.ref.split(":")[0]].row, ws[table.ref.split(":")[1]].row
        header = [c.value for c in ws[first]]
        col = header.index("Total cost")
        assert ws.cell(row=first + 1, column=col + 1).number_format.startswith('"$"#,##0.00')
        data = [r for r in ws.iter_rows(min_row=first + 1, max_row=last, values_only=True)]
        totals = [r for r in ws.iter_rows(min_row=last + 1, values_only=True) if r[0]]
        fig = ctx.costing.figures
        years, over = fig[fig["period"] == "year"], fig[fig["period"] == "term"].set_index("scenario")
        assert len(data) == len(years) and len(totals) == len(ctx.costing.contracts)
        for name, total in zip(ctx.costing.contracts, totals):
            expected = float(over.at[name, "total"])          # the term's years only (never a year beyond it)
            in_term = years[(years["scenario"] == name) & years["in_term"]]["total"].sum()
            assert round(expected * 100) == round(in_term * 100), (folder.name, name)
            assert round(total[col] * 100) == round(expected * 100), (folder.name, name)
            assert total[0] == f"Total: {ctx.label(name)}"
        parts = [header.index(h) for h in ("Salary", "Benefits", "Other costs")]
        for row in [*data, *totals]:                          # issue 22: salary + benefits + other = total, every row
            assert round(sum(row[i] for i in parts) * 100) == round(row[col] * 100), (folder.name, row[:2])
        assert "baseline" not in {r[0] for r in data}
        for name in ctx.proposals:
            frame = settlement.summary_frame(ctx.costing, name)
            sheet = "Settlement" if len(ctx.proposals) == 1 else sheet_name("Settlement", ctx.costing, name)
            assert sheet in book.sheetnames and len(sheet) <= 31
            rows = {(r[0], r[1]): r for r in book[sheet].iter_rows(values_only=True) if r and r[0]}
            for row in frame[frame["kind"] == "money"].itertuples():
                got, expected = rows[(row.section, row.measure)][-1], getattr(row, settlement.TERM)
                if math.isnan(expected):                    # no figure over the term (cost of 1%): an empty cell
                    assert got is None, (sheet, row.measure)
                    continue
                assert round(got * 100) == round(expected * 100), (sheet, row.measure)


def test_page_one_names_populations_and_shows_no_negative_rate_in_a_year_of_raises(bundled):
    """Issue 22's done-means, on every bundled report: every page-1 rate names its population and convention;
    no rate of the same group is negative in a year whose grid rises; "Not included" is generated and never
    names what a table costs (a contradiction would be an input error when the report is built)."""
    from costing.report import glossary

    shorts = [f"({p.short}: {c.short})" for p in glossary.POPULATIONS.values() for c in glossary.CONVENTIONS.values()]
    shorts += [f"({c.short})" for c in glossary.CONVENTIONS.values()]
    for scenario in bundled:
        ctx = open_report(scenario, report_date="2030-01-01")
        for name in ctx.proposals:
            frame = settlement.summary_frame(ctx.costing, name)
            for row in frame[frame["kind"] == "percent"].itertuples():
                assert any(s in row.measure for s in shorts), (scenario, row.measure)
            rates = frame[frame["section"].str.startswith("Rates over the prior year")]
            atb = rates[rates["measure"].str.contains("across-the-board rate")].iloc[0]
            for column in settlement.year_columns(ctx.costing):
                if atb[column] > 0:                           # a year of raises
                    assert (rates[column].dropna() >= 0).all(), (scenario, name, column)
        assert all(isinstance(item, str) and item for item in ctx.not_included())


# ---- plain words and print craft (issue 23): costing.report.public_text, costing.report.pdf -----------------

def _pdf_text(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]


def test_no_code_in_public_text(bundled):
    """No snake_case key, file path or .yaml where a reader looks (the PDFs and the HTML pages)."""
    from costing.report.public_text import code_words

    found = {}
    for folder in bundled.values():
        for html in folder.glob("*.html"):
            words = code_words(" ".join(_parse(html).text))
            if words:
                found[f"{folder.name}/{html.name}"] = words[:8]
        for pdf in folder.glob("*.pdf"):
            words = code_words("\n".join(_pdf_text(pdf)))
            if words:
                found[f"{folder.name}/{pdf.name}"] = words[:8]
    assert found == {}


def test_the_caveat_is_in_the_running_footer_not_under_every_table(bundled):
    """Every page of a PDF carries the caveat in its footer; beyond that, at most a few times a document."""
    from costing.report.public_text import CAVEATS_OUTSIDE_THE_FOOTER, caveat_count

    for scenario, folder in bundled.items():
        caveat = open_report(scenario, report_date="2030-01-01").caveats.short()
        if not caveat:
            continue
        for pdf in folder.glob("*.pdf"):
            pages = _pdf_text(pdf)
            assert all(caveat_count(page, caveat) >= 1 for page in pages), pdf   # the running footer
            extra = caveat_count("\n".join(pages), caveat) - len(pages)
            assert extra <= CAVEATS_OUTSIDE_THE_FOOTER, (pdf, extra)
        for html in folder.glob("*.html"):
            if html.name == "member_page.html":
                continue
            assert caveat_count(" ".join(_parse(html).text), caveat) <= CAVEATS_OUTSIDE_THE_FOOTER + 1, html


def test_no_page_under_a_third_full_and_no_table_type_under_nine_points(bundled):
    """Laid out as the PDF is (costing.report.pdf.layout, the same pages): every page but the last at least a
    third full, and every table's text at least 9 pt."""
    from costing.report.pdf import layout, page_fill, table_type_sizes
    from costing.report.public_text import underfull_pages

    problems = []
    for folder in bundled.values():
        for html in folder.glob("*.html"):
            if html.name == "member_page.html" or not (folder / html.with_suffix(".pdf").name).exists():
                continue
            document = layout(html.read_text(encoding="utf-8"), folder)
            assert len(document.pages) == len(PdfReader(str(folder / html.with_suffix(".pdf").name)).pages), html
            fills = [page_fill(page) for page in document.pages]
            if underfull_pages(fills):
                problems.append((folder.name, html.name, "pages under a third full",
                                 {n: round(fills[n - 1], 2) for n in underfull_pages(fills)}))
            small = [s for page in document.pages for s in table_type_sizes(page) if s < 9.0 - 1e-6]
            if small:
                problems.append((folder.name, html.name, "table type under 9 pt", min(small)))
    assert problems == []
