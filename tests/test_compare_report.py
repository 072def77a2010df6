"""The compare_proposals report and the what-if helper.

`costing report data/chelsea/compare.yaml` end to end; a confidential and a public variant of a
scenario with a constructed hold-harmless violation (a longevity cut) on a roster with names:
the list of people paid less appears only in the confidential one, and the public one passes the
privacy check. Each report is built once per module. The notebooks themselves also run under
nbval (costing/report/notebooks/ is in testpaths).
"""

from __future__ import annotations

import datetime as dt
import html
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pypdf import PdfReader

from costing.engine.costing_run import cost_scenario
from costing.negotiate.bridge import PART_LABELS, PRIOR_YEAR_PARTS
from costing.negotiate.compare import CONVENTIONS, FRAME_CONVENTIONS
from costing.negotiate.distribution import paid_less_than_status_quo
from costing.negotiate.what_if import WhatIf
from costing.report import glossary, negotiation
from costing.report.batch import folder_name, load_batch
from costing.report.format import money

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

ROOT = Path(__file__).resolve().parent.parent
CHELSEA = ROOT / "data" / "chelsea"
COMPARE = CHELSEA / "compare.yaml"
FILES = ["compare_proposals.ipynb", "report.html", "report.pdf", "workbook.xlsx", "manifest.json"]
LIST_CAPTION = "People paid less than under the status quo (confidential)"


def run(*args):
    return subprocess.run([sys.executable, "-m", "costing", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def costing():
    return cost_scenario(COMPARE)[1]


@pytest.fixture(scope="module")
def compare_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("compare") / "report"
    result = run("report", COMPARE, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_compare_report_files(compare_report):
    for name in FILES:
        assert (compare_report / name).stat().st_size > 0, name
    assert len(PdfReader(str(compare_report / "report.pdf")).pages) >= 5


def test_html_has_convention_labels_bridge_parts_and_no_code(compare_report, costing):
    page = html.unescape((compare_report / "report.html").read_text())
    for key in CONVENTIONS:    # each convention under the glossary's name with its population, or said to coincide
        convention, population = FRAME_CONVENTIONS[key]
        coincides = f"The same rates as {glossary.CONVENTIONS[convention].short} ({glossary.POPULATIONS[population].short})"
        assert glossary.pct_label("", convention, population).strip() in page or coincides in page, key
    year_on_year = set(PRIOR_YEAR_PARTS) - {"new_positions"}   # the parts of a year's change, not of a gap
    for key, label in PART_LABELS.items():                  # each part, under the glossary's name
        if key not in year_on_year:
            assert negotiation.PART_NAMES.get(key, label) in page, label
    gap = negotiation.bridge_frame(costing, "union_counter", "moa_2024")["total"].iloc[-1]
    assert "Difference: ILLUSTRATIVE union counter minus Chelsea para MOA" in page
    assert money(gap) in page
    for source in ("open_report(", "display(", "scenario_path =", "import "):
        assert source not in page
    assert LIST_CAPTION not in page                     # public: the count only


def test_the_gaps_are_shown_in_positions_too(compare_report, costing):
    """Issue 27: the compare report shows each new money and gap as positions at the unit's average cost."""
    page = html.unescape((compare_report / "report.html").read_text())
    assert "Differences in positions at the unit's average cost" in page
    from costing.report.positions_section import positions_frame

    for _, row in positions_frame(costing).iterrows():        # every row, each cell as the page shows it
        assert all(str(cell) in page for cell in row), row.iloc[0]


def test_bridge_difference_is_the_gap(costing):
    gaps = negotiation.gaps(costing).frame
    for a, b in negotiation.bridge_pairs(costing):
        frame = negotiation.bridge_frame(costing, a, b)
        row = gaps[(gaps["Scenario"] == negotiation.scenario_label(costing, a))
                   & (gaps["Minus"] == negotiation.scenario_label(costing, b))]
        assert round(float(row.iloc[0, -1]), 2) == round(float(frame["total"].iloc[-1]), 2)
        assert round(frame["total"].iloc[:-1].sum() - frame["total"].iloc[-1], 2) == 0
    assert negotiation.bridge_pairs(costing)[-1] == ("union_counter", "moa_2024")


# ---- a constructed hold-harmless violation: public shows the count, confidential the list ----------

@pytest.fixture(scope="module")
def violation(tmp_path_factory):
    work = tmp_path_factory.mktemp("violation")
    roster = work / "roster_named.csv"
    assert run("roster", CHELSEA / "roster_spec.yaml", "--names", "--out", roster).returncode == 0
    cut = work / "longevity_cut.yaml"
    cut.write_text(yaml.safe_dump({
        "title": "Longevity cut (test)", "proposer": "other", "date": "2024-06-01", "baseline": str(CHELSEA / "contract.yaml"),
        "reference": "constructed for a test", "changes": [
            {"op": "replace_longevity", "effective": "2025-07-01", "name": "longevity",
             "amounts": {10: 500, 20: 700, 30: 900}, "reference": "test: lower longevity, no hold-harmless"}]}))
    paths = {}
    for audience in ("public", "confidential"):
        scenario = yaml.safe_load(COMPARE.read_text())
        scenario.update(roster=str(roster), contract=str(CHELSEA / "contract.yaml"), audience=audience,
                        proposals=[str(CHELSEA / "proposals" / "moa_2024.yaml"), str(cut)])
        paths[audience] = work / f"{audience}.yaml"
        paths[audience].write_text(yaml.safe_dump(scenario))
    return work, roster, paths


def _build(work: Path, path: Path) -> Path:
    out = work / f"out_{path.stem}"
    result = run("report", path, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_confidential_report_lists_people_paid_less(violation):
    work, roster_path, paths = violation
    less = paid_less_than_status_quo(cost_scenario(paths["confidential"])[1])
    assert len(less) > 0 and set(less["scenario"]) == {"longevity_cut"}
    out = _build(work, paths["confidential"])
    page = html.unescape((out / "report.html").read_text())
    assert LIST_CAPTION in page
    roster = pd.read_csv(roster_path, comment="#", dtype=str).set_index("employee_id")
    for employee in set(less["employee_id"]):
        assert employee in page and roster.at[employee, "name"] in page


def test_public_report_gives_the_count_only_and_passes_the_privacy_check(violation):
    work, roster_path, paths = violation
    less = paid_less_than_status_quo(cost_scenario(paths["public"])[1])
    out = _build(work, paths["public"])               # the build runs the privacy check
    page = html.unescape((out / "report.html").read_text())
    assert LIST_CAPTION not in page
    assert "People paid less than the status quo would pay them" in page
    assert money(less["shortfall"].sum()) in page
    roster = pd.read_csv(roster_path, comment="#", dtype=str)
    text = page + (out / "compare_proposals.ipynb").read_text()
    assert not [v for v in [*roster["employee_id"], *roster["name"]] if v in text]


# ---- batch and what-if ---------------------------------------------------------------------------

def test_bundled_batch_names_the_compare_folder():
    assert folder_name(Path("chelsea/compare.yaml")) == "chelsea_compare"
    assert folder_name(Path("chelsea/scenario.yaml")) == "chelsea"
    assert "chelsea/compare.yaml" in load_batch(ROOT / "data" / "batch.yaml").scenarios


def test_what_if_recomputes_from_an_edited_copy(costing):
    w = WhatIf(costing, "union_counter", "moa_2024")
    filed = w.frame()
    figures = costing.figures.set_index(["scenario", "fiscal_year"])["total"]
    for row in filed.iloc[:-1].itertuples():
        assert row.proposal == pytest.approx(figures[("union_counter", row.fiscal_year)], abs=0.01)
        assert row.gap == pytest.approx(row.proposal - row.other, abs=0.01)
    when = w.raise_dates()[1]
    same = w.modified(when, **{k: v for k, v in w.at(when).items()})
    assert w.frame(same)["proposal"].tolist() == filed["proposal"].tolist()
    more = w.frame(w.modified(when, percent=w.at(when)["percent"] + 1))
    later = w.frame(w.modified(when, effective=dt.date(when.year, 10, 1)))
    assert more.iloc[-1]["new_money"] > filed.iloc[-1]["new_money"] > later.iloc[-1]["new_money"]
    assert w.proposal is costing.proposals["union_counter"]          # the filed proposal is untouched
    assert len(w.months(when)) == 12 and w.months(when)[0] == when
