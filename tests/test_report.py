"""End-to-end report tests: `costing report` on the bundled Chelsea scenario and on a named roster.

Each report is built once per module (a build takes several seconds) and every test reads it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader

from costing.engine.costing_run import cost_scenario
from costing.report.format import money
from costing.report.table import FORMATTERS

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

ROOT = Path(__file__).resolve().parent.parent
CHELSEA = ROOT / "data" / "chelsea"
COSTING = [sys.executable, "-m", "costing"]
FIVE = ["scenario_report.ipynb", "report.html", "report.pdf", "workbook.xlsx", "manifest.json"]


def run(*args, cwd=ROOT):
    return subprocess.run([*COSTING, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


@pytest.fixture(scope="module")
def chelsea_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("chelsea") / "report"
    result = run("report", CHELSEA / "scenario.yaml", "--out", out, "--timeout", "300")
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stderr  # status lines go to stderr, data to stdout
    return out


@pytest.fixture(scope="module")
def engine():
    return cost_scenario(CHELSEA / "scenario.yaml")[1]


def test_report_has_all_files(chelsea_report):
    for name in FIVE + ["board_brief.ipynb", "board_brief.html", "board_brief.pdf"]:
        assert (chelsea_report / name).stat().st_size > 0, name
    leftovers = [p.name for p in chelsea_report.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_pdf_has_pages_and_engine_totals(chelsea_report, engine):
    reader = PdfReader(str(chelsea_report / "report.pdf"))
    assert len(reader.pages) >= 3
    text = pdf_text(chelsea_report / "report.pdf")
    for row in engine.figures.itertuples():
        assert money(row.total) in text, (row.scenario, row.fiscal_year)
        if row.scenario != "baseline":
            assert money(row.diff_baseline) in text
    brief = pdf_text(chelsea_report / "board_brief.pdf")     # page 1 in whole dollars (issue 23)
    dollars = FORMATTERS["dollars"]
    moa = engine.figures[engine.figures["scenario"] == "moa_2024"]
    for row in moa.itertuples():
        assert dollars(row.total) in brief and dollars(row.change_prior) in brief and dollars(row.diff_baseline) in brief


def test_html_has_no_code(chelsea_report):
    for name in ("report.html", "board_brief.html"):
        page = (chelsea_report / name).read_text()
        for source in ("open_report(", "display(", "scenario_path =", "use_report_style", "import "):
            assert source not in page, (name, source)
        assert "In&nbsp;[" not in page and "In [" not in page and "<pre" not in page
        assert "<script" not in page


def test_workbook_totals_equal_engine(chelsea_report, engine):
    book = load_workbook(chelsea_report / "workbook.xlsx")
    assert {"Read me", "Settlement", "Summary", "Long", "Components", "Rate tables", "Assumptions", "Glossary",
            "FY2025", "FY2026", "FY2027"} <= set(book.sheetnames)
    assert "Employee detail" not in book.sheetnames        # the bundled scenario is public
    ws = book["Summary"]
    (ref,) = [t.ref for t in ws.tables.values()]
    first, last = ws[ref.split(":")[0]].row, ws[ref.split(":")[1]].row
    header = [c.value for c in ws[first]]
    assert ws.freeze_panes == f"B{first + 1}"
    assert ws.print_title_rows == f"${first}:${first}" and ws.page_setup.orientation == "landscape"
    col = {name: header.index(name) for name in ("Scenario", "Fiscal year", "Total cost",
                                                   "New money over the status quo")}
    got = {(r[col["Scenario"]], r[col["Fiscal year"]]): r for r in ws.iter_rows(min_row=first + 1, max_row=last,
                                                                                values_only=True)}
    years = engine.figures[engine.figures["period"] == "year"]   # the rows over the term are below the Table
    assert len(got) == len(years)
    labels = {"baseline": "Status quo", "moa_2024": "Chelsea para MOA"}
    for row in years.itertuples():
        cells = got[(labels[row.scenario], int(row.fiscal_year))]
        assert round(cells[col["Total cost"]] * 100) == round(row.total * 100)
        assert round(cells[col["New money over the status quo"]] * 100) == round(row.diff_baseline * 100)
    assert ws.cell(row=first + 1, column=col["Total cost"] + 1).number_format.startswith('"$"#,##0.00')
    assert "SYNTHETIC" in str(ws["A2"].value)               # every sheet says what its figures rest on


def test_manifest(chelsea_report):
    manifest = json.loads((chelsea_report / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["audience"] == "public"
    assert {"scenario", "roster", "contract", "notebook:scenario_report"} <= set(manifest["inputs"])
    assert all(len(v["sha256"]) == 64 for v in manifest["inputs"].values())
    assert manifest["parameters"]["scenario_path"].endswith("scenario.yaml")
    assert {"costing", "papermill", "weasyprint", "pandas"} <= set(manifest["versions"])
    assert manifest["started"] <= manifest["finished"]


def test_the_member_page_is_beside_the_board_brief(chelsea_report):
    """Issue 27: every report folder holds the scenario's member page, listed with its audience (public)."""
    from costing.inputs.scenario import read_scenario
    from costing.report.member_page import FILE_NAME, scenario_member_page

    manifest = json.loads((chelsea_report / "manifest.json").read_text())
    assert FILE_NAME in manifest["files"] and manifest["audiences"][FILE_NAME] == "public"
    assert manifest["outputs"][FILE_NAME]                       # its sha256: a deleted page is rebuilt
    page = (chelsea_report / FILE_NAME).read_text(encoding="utf-8")
    assert page == scenario_member_page(read_scenario(CHELSEA / "scenario.yaml"))   # the verb's page, the same


def test_the_report_places_the_grid_among_the_peers(chelsea_report):
    """Issue 27: the scenario's comparables (data/chelsea/comparables.yaml), ranked before and after the MOA."""
    import html

    page = html.unescape((chelsea_report / "report.html").read_text(encoding="utf-8"))
    assert "Comparables: the grid beside the peers'" in page
    assert "$17.96 an hour (rank 4 of 4)" in page and "$21.06 an hour (rank 1 of 4)" in page
    assert "$40,216.99 a year" in page and "Lynnfield Weekly News" in page
    manifest = json.loads((chelsea_report / "manifest.json").read_text())
    assert manifest["inputs"]["comparables"]["path"] == "comparables.yaml"


def test_executed_notebook_kept_its_tags(chelsea_report):
    nb = nbformat.read(chelsea_report / "scenario_report.ipynb", as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


# ---- a public report from a roster with names never shows them -------------------------------------

@pytest.fixture(scope="module")
def named_public_report(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("named")
    roster = work / "roster_named.csv"
    assert run("roster", CHELSEA / "roster_spec.yaml", "--names", "--out", roster).returncode == 0
    scenario = yaml.safe_load((CHELSEA / "scenario.yaml").read_text())
    scenario.update(roster=str(roster), contract=str(CHELSEA / "contract.yaml"), audience="public",
                    proposals=[str(CHELSEA / p) for p in scenario["proposals"]])
    scenario["comparables"]["file"] = str(CHELSEA / "comparables.yaml")
    path = work / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario))
    out = work / "out"
    result = run("report", path, "--out", out)
    assert result.returncode == 0, result.stderr
    return out, roster


def test_public_report_shows_no_names_or_ids(named_public_report):
    import pandas as pd

    out, roster_path = named_public_report
    roster = pd.read_csv(roster_path, comment="#", dtype=str)
    assert roster["name"].notna().all()
    texts = {}
    for path in out.iterdir():
        if path.suffix == ".pdf":
            texts[path.name] = pdf_text(path)
        elif path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            texts[path.name] = "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                                         for v in row if v is not None)
        else:
            texts[path.name] = path.read_text()
    assert {"report.html", "report.pdf", "workbook.xlsx", "scenario_report.ipynb", "manifest.json"} <= set(texts)
    for name, text in texts.items():
        leaked = [v for v in [*roster["employee_id"], *roster["name"]] if v in text]
        assert not leaked, (name, leaked[:3])


# ---- failures: one line, non-zero, nothing published -----------------------------------------------

def test_bad_roster_fails_with_one_line_and_no_folder(tmp_path):
    for item in CHELSEA.iterdir():
        if item.is_dir():
            shutil.copytree(item, tmp_path / item.name)
        else:
            shutil.copy(item, tmp_path / item.name)
    roster = (tmp_path / "roster.csv").read_text().replace(",para,para,P,", ",para,para,ZZ,", 1)
    (tmp_path / "roster.csv").write_text(roster)
    out = tmp_path / "reports" / "bad"
    result = run("report", tmp_path / "scenario.yaml", "--out", out)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "roster.csv" in lines[0] and "ZZ" in lines[0], result.stderr
    assert not out.exists()
    assert not (tmp_path / "reports").exists() or list((tmp_path / "reports").iterdir()) == []


def test_failing_notebook_cell_is_named_and_nothing_published(tmp_path, monkeypatch):
    from costing.errors import InputError
    from costing.report import build, execute

    books = tmp_path / "notebooks"
    books.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('scenario_path = ""\naudience = ""\nreport_date = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## A heading", metadata={"tags": ["report"]}),
        nbformat.v4.new_code_cell("raise ValueError('the roster has no FY2099')", metadata={"tags": ["report"]}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for name in ("scenario_report", "board_brief"):
        nbformat.write(nb, books / f"{name}.ipynb")
    monkeypatch.setattr(execute, "NOTEBOOKS", books)
    out = tmp_path / "out" / "chelsea"
    with pytest.raises(InputError) as info:
        build.build_report(CHELSEA / "scenario.yaml", out, timeout=60)
    message = str(info.value)
    assert "scenario_report.ipynb" in message and "cell 2" in message and "ValueError: the roster has no FY2099" in message
    assert "\n" not in message
    assert not out.exists() and list((tmp_path / "out").iterdir()) == []
