"""index.html is a landing page (issue 23 item 6): per scenario its headline figures, status and
caveat, and its documents named for their readers, never by file name.

The headline figures are SELECTED from the figures frame: each proposal's total cost and new money
over the status quo in the term's last year (``measures.headline_year``). Chelsea's MOA, FY2027:
the frame's cost and diff_baseline (all_in) for 2027 are what the page shows, to the cent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from costing.engine import measures
from costing.engine.costing_run import cost_scenario
from costing.report import headline
from costing.report.batch.index import index_html, report_headlines
from costing.report.batch.work import Outcome
from costing.report.caveats import Caveats
from costing.report.format import money

ROOT = Path(__file__).resolve().parent.parent
FILES = ("scenario_report.ipynb", "report.html", "report.pdf", "board_brief.ipynb", "board_brief.html",
         "board_brief.pdf", "workbook.xlsx", "headline.json", "member_page.html", "manifest.json")


@pytest.fixture(scope="module")
def chelsea():
    return cost_scenario(ROOT / "data/chelsea/compare.yaml")[1]


def test_headline_figures_are_the_frames(chelsea):
    figures = headline.headline_figures(chelsea, Caveats(synthetic_roster=True))
    frame = chelsea.measures
    assert [r["label"] for r in figures["scenarios"]] == ["Chelsea para MOA", "ILLUSTRATIVE union counter"]
    for row, name in zip(figures["scenarios"], ["moa_2024", "union_counter"]):
        year = measures.headline_year(frame, name)
        assert row["fiscal_year"] == year == 2027
        assert row["cost"] == measures.value(frame, name, "cost", "all_in", year)
        assert row["new_money"] == measures.value(frame, name, "diff_baseline", "all_in", year)
    assert [r["status"] for r in figures["scenarios"]] == ["agreement", "illustrative"]
    assert figures["caveat"] == "SYNTHETIC roster (no real people)"


def test_index_shows_the_figures_and_names_documents_by_reader(chelsea, tmp_path):
    (tmp_path / "chelsea").mkdir()
    headline.write(chelsea, Caveats(synthetic_roster=True), tmp_path / "chelsea" / headline.FILE_NAME)
    outcome = Outcome("chelsea/compare.yaml", "chelsea", "built", title="Chelsea: MOA and the union's counter",
                      files=FILES, location="chelsea", built_on="2030-01-01",
                      audiences=tuple((f, "public") for f in FILES if f != "manifest.json"))
    page = index_html("2030-01-01", [outcome], headlines=report_headlines(tmp_path, [outcome]))
    frame = chelsea.measures
    for name in ("moa_2024", "union_counter"):
        assert money(measures.value(frame, name, "cost", "all_in", 2027)) in page
        assert money(measures.value(frame, name, "diff_baseline", "all_in", 2027)) in page
    assert "agreement" in page and "illustrative" in page and "SYNTHETIC roster" in page
    link_texts = re.findall(r"<a href=\"[^\"]+\">([^<]*)</a>", page)
    assert len(link_texts) == len([f for f in FILES if not f.endswith(".json")])
    assert not [t for t in link_texts if re.search(r"\.\w{2,5}$|_", t)]      # no file name as a link's text
    documents = re.findall(r"(?:<td>|<br>)([^<:]+): <a", page.split("<tbody>")[1])
    assert documents[:2] == ["Board brief", "Full report"]
    assert "Note</th>" not in page and "headline.json" not in page
    assert "CH0" not in page   # no employee ID (the figures file holds labels and figures only)


def test_index_without_figures_still_links(tmp_path):
    outcome = Outcome("a.yaml", "a", "failed", reason="the roster is missing", files=(), location="")
    page = index_html("2030-01-01", [outcome], headlines=report_headlines(tmp_path, [outcome]))
    assert "the roster is missing" in page and "—" in page
