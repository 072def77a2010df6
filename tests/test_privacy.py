"""Private stays private (issue 9, item 5; issue 13, item 4).

The privacy check matches whole names and IDs: a surname that is an ordinary word (Lane, Step)
does not block every public report, a name planted in a note is still caught, and what a
published index may say about a blocked report names nobody. It also finds local paths.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from costing.errors import InputError
from costing.report import privacy
from costing.report.build import check_public

from .conftest import DATA

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

ROSTER = pd.DataFrame({
    "employee_id": ["CH00001", "CH00002", "17"],
    "first_name": ["Jordan", "Avery", "Sam"],
    "last_name": ["Lane", "Step", "Rate"],
})
ORDINARY = ("Rate tables: Lane P, step 3, rate 17.96; lane TAI step 5. Step movement adds $1,250.00. "
            "Each lane has a rate for every step; 17 people moved a step.")


@pytest.fixture(scope="module")
def found() -> privacy.Identifiers:
    return privacy.identifiers(ROSTER)


def test_ordinary_words_that_are_surnames_do_not_block(found) -> None:
    assert privacy.find_identifiers(ORDINARY, found) == []


@pytest.mark.parametrize("text, hit", [
    ("Notes: thanks to Jordan Lane for the data.", "jordan lane"),
    ("Payroll row: Lane, Jordan", "lane jordan"),
    ("Ms. Lane asked about longevity.", "Ms Lane"),
    ("<td>CH00002</td>", "CH00002"),
    ("employee ID 17 left in May", "17"),
    ("see #17", "17"),
])
def test_a_planted_name_or_id_is_caught(found, text: str, hit: str) -> None:
    assert hit in privacy.find_identifiers(ORDINARY + " " + text, found)


def test_ids_match_whole(found) -> None:
    assert privacy.find_identifiers("CH000010 and CH00001x and xCH00001", found) == []


def _folder(tmp_path: Path, html: str) -> tuple[Path, Path]:
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "report.html").write_text(html)
    roster = tmp_path / "roster.csv"
    ROSTER.assign(unit="para", schedule="para", lane="P", step="1", fte="1", seniority_date="2020-01-01").to_csv(
        roster, index=False)
    return folder, roster


def test_check_public_passes_ordinary_words_and_blocks_a_planted_name(tmp_path: Path) -> None:
    folder, roster = _folder(tmp_path, f"<p>{ORDINARY}</p>")
    check_public(folder, ["report.html"], roster)
    (folder / "report.html").write_text(f"<p>{ORDINARY}</p><p>Prepared with help from Avery Step.</p>")
    with pytest.raises(privacy.PrivacyError) as info:
        check_public(folder, ["report.html"], roster)
    assert "avery step" in str(info.value)                         # the operator's log says what
    published = privacy.public_reason(info.value)
    assert published == privacy.PUBLIC_REASON                      # the index says only that
    assert not any(word in published.lower() for word in ("avery", "jordan", "ch0000"))


def test_public_reason_never_carries_a_roster_value() -> None:
    error = InputError("roster.csv", "row 7 (CH00005)", "duplicate employee_id 'CH00005'", ("CH00005",))
    assert "CH00005" not in privacy.public_reason(error) and "row 7" in privacy.public_reason(error)
    assert privacy.public_reason(RuntimeError("CH00005 broke")) == privacy.INTERNAL_REASON


@pytest.mark.parametrize("text, hit", [
    ('{"scenario_path": "/work/main/data/chelsea/scenario.yaml"}', "/work/main/data/chelsea/scenario.yaml"),
    ("input_path: /home/ana/district/roster.csv", "/home/ana/district/roster.csv"),
    ("written to /root/reports/x", "/root/reports/x"),
    ("C:\\Users\\ana\\roster.xlsx", "C:\\Users\\ana\\roster.xlsx"),
    ('"C:\\\\Users\\\\ana"', "C:\\\\Users\\\\ana"),
    ("file:///tmp/report.html", "file:///tmp/report.html"),
])
def test_local_paths_are_found(text: str, hit: str) -> None:
    assert privacy.find_local_paths(text) == [hit]


@pytest.mark.parametrize("text", [
    "https://example.org/home/page", "see docs/formats.md and data/chelsea/roster.csv", "FY2025/26 and 10/01/2025",
    "data:image/png;base64,iVBORw0KGgo+/tmp/AAAA/home/BBB", "</td></tr><br/>", "rate per hour/day",
])
def test_relative_paths_urls_and_images_are_not_local_paths(text: str) -> None:
    assert privacy.find_local_paths(text) == []


def test_a_roster_with_ordinary_word_surnames_builds_its_public_report(tmp_path: Path) -> None:
    """The whole pipeline: surnames Lane, Step, Rate, Total in the roster; the public report is built."""
    chelsea = DATA / "chelsea"
    roster = pd.read_csv(chelsea / "roster.csv", comment="#", dtype=str)
    surnames = ["Lane", "Step", "Rate", "Total", "Page"]
    roster.insert(1, "first_name", [f"Kim{i}" for i in range(len(roster))])
    roster.insert(2, "last_name", [surnames[i % len(surnames)] for i in range(len(roster))])
    roster.to_csv(tmp_path / "roster.csv", index=False)
    scenario = yaml.safe_load((chelsea / "scenario.yaml").read_text())
    scenario.update(roster="roster.csv", contract=str(chelsea / "contract.yaml"), audience="public",
                    proposals=[str(chelsea / p) for p in scenario["proposals"]], notebooks=["board_brief"])
    scenario["comparables"]["file"] = str(chelsea / "comparables.yaml")
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "costing", "report", str(tmp_path / "scenario.yaml"), "--out", str(out)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert (out / "report.pdf").exists() and (out / ".costing-output").exists()


# ---- issue 21, item 8: file names, any case, numeric payroll IDs ---------------------------------

NUMERIC = pd.DataFrame({"employee_id": ["142191", "919166", "4711"], "first_name": ["Dana", "Lee", "Kim"],
                        "last_name": ["Whitfield", "Ortiz", "Page"]})


@pytest.mark.parametrize("text, hit", [
    ("proposals/settlement_CH00002.yaml", "CH00002"),          # `_` ends a token
    ("inputs: settlement-CH00002.v2.yaml", "CH00002"),
    ("Notes: thanks to jordan lane for the data.", "jordan lane"),  # a name typed in lower case
    ("JORDAN LANE", "jordan lane"),
    ("lane, jordan", "lane jordan"),
])
def test_ids_inside_file_names_and_names_in_any_case_are_caught(found, text: str, hit: str) -> None:
    assert hit in privacy.find_identifiers(text, found)


def test_numeric_ids_are_told_from_figures_by_context() -> None:
    found = privacy.identifiers(NUMERIC)
    figures = ("Total $142,191.00; lift 142191.5; 14.2191%; cells 142191.0 and 3,142191; FY2026 cost 919,166.25"
               " and 4711 people")
    assert privacy.find_identifiers(figures, found) == []
    for text, hit in [("employee 142191 left", "142191"), ("<td>919166</td>", "919166"), ("ID: 4711", "4711"),
                      ("settlement_919166.yaml", "919166"), ("#4711", "4711")]:
        assert privacy.find_identifiers(text, found) == [hit], text


def test_a_workbook_money_cell_equal_to_a_numeric_id_does_not_block(tmp_path: Path) -> None:
    """The reported case: a cell of 142,191 (a figure) equal to a six-digit payroll ID blocked a public report."""
    from openpyxl import Workbook

    from costing.report.build import xlsx_text

    book = Workbook()
    book.active.append(["Scenario", "Total"])
    book.active.append(["baseline", 142191])
    book.active.append(["moa", 142191.0])
    book.save(tmp_path / "workbook.xlsx")
    roster = tmp_path / "roster.csv"
    NUMERIC.assign(unit="para", schedule="para", lane="P", step="1", fte="1", seniority_date="2020-01-01").to_csv(
        roster, index=False)
    assert privacy.find_identifiers(xlsx_text(tmp_path / "workbook.xlsx"), privacy.identifiers(NUMERIC)) == []
    check_public(tmp_path, ["workbook.xlsx"], roster)


def test_a_proposal_file_named_with_an_employee_id_stops_a_public_report_before_it_is_built(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "chelsea"
    shutil.copytree(DATA / "chelsea", folder, ignore=shutil.ignore_patterns("README.md"))
    (folder / "proposals" / "moa_2024.yaml").rename(folder / "proposals" / "settlement_CH00002.yaml")
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text())
    scenario.update(proposals=["proposals/settlement_CH00002.yaml"], output="out", notebooks=["board_brief"])
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    result = subprocess.run([sys.executable, "-m", "costing", "report", str(folder / "scenario.yaml")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {folder / 'scenario.yaml'}: proposal:proposals/settlement_CH00002.yaml: the file name"
        " proposals/settlement_CH00002.yaml shows an employee ID or name (CH00002), and a public report lists its"
        " input files; rename the file"]
    assert not (folder / "out").exists()
