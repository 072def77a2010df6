"""Page 1 of every report: the cost of settlement on one page; a compare report opens with the gap; board
briefs of at most two pages (issue 23 items 1 and 2).

Hand-computed checks (from the bundled files; every number below is worked out here, not copied):

Boston, the accretion's own cost in FY2023 (7/1/2022-6/30/2023). The 120 liaisons (roster.csv, schedule
family_liaison) join unit para, whose provisions reach them (contract.yaml): the bilingual differential,
$1,000 a year to each certified liaison (77 have bilingual = 1, all employed the whole year: $77,000), and
para longevity ($1,000 from 10 years, $1,500 from 15, $2,000 from 20, prorated by calendar day): the
liaisons' service, day by day over FY2023, adds up to $4,000 (computed in the test from each seniority
date). Medicare (1.45%) rolls up on both: ($77,000 + $4,000) x 1.0145 = $82,174.50, the new money over the
status quo in FY2023; the whole para payroll (about $85 million) is context, not the headline.

New Bedford, one-time retention payments: $375 each on 10/15/2023 and 10/15/2024 to those employed on
6/1 and 10/1 of the year (proposals/agreement_2022.yaml). 328 of the 341 people of roster.csv are employed
on both dates in each year (seniority date on or before 6/1 and no end date before 10/1, counted in the
test): 328 x $375 = $123,000.00 in FY2024 and in FY2025, $246,000.00 over the term; FY2023 has none.

Belmont, three of the ledger's money items (cost lines, no roll-up): BEL-15 recertification $100 x 75 =
$7,500.00 a year; BEL-34 Unit B excused-day buyback $450 x 15 = $6,750.00; BEL-51 Unit C course
reimbursement increase $600 x 4 = $2,400.00; over FY2026-FY2028, three times each: $22,500.00,
$20,250.00, $7,200.00. The tracker has 71 rows (70 agreed, 1 open), 6 agreed rows link proposal files
(9 distinct files, BEL-28 four of them), 65 link none.

Chelsea compare, the gap over the term is the sum of the years': $105,526.87 + $144,330.66 + $137,400.88 =
$387,258.41, and in points it is that sum over the status quo's cost of 1% summed over FY2025-FY2027.

Newton: FY2028 is beyond the term (9/1/2023-8/31/2027): page 1 has no FY2028 column and its headline
year is FY2027; the gap over the term of the NTA's offer over the Committee's is the sum of FY2024-FY2027's.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from pypdf import PdfReader

import costing
from costing.engine.measures import TERM, select
from costing.negotiate.gap import offer_gaps
from costing.report import page_one, settlement

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def chelsea():
    return costing.cost(DATA / "chelsea" / "scenario.yaml").costing


def _row(frame: pd.DataFrame, section_start: str, measure: str) -> pd.Series:
    rows = frame[frame["section"].str.startswith(section_start) & (frame["measure"] == measure)]
    assert len(rows) == 1, (section_start, measure)
    return rows.iloc[0]


def test_boston_page_one_leads_with_the_accretion_cost_by_hand():
    c = costing.cost(DATA / "boston" / "scenario.yaml").costing
    roster = pd.read_csv(DATA / "boston" / "roster.csv")
    liaisons = roster[roster["schedule"] == "family_liaison"]
    days = pd.date_range("2022-07-01", "2023-06-30")
    longevity = 0.0
    for start in pd.to_datetime(liaisons["seniority_date"]):
        years = np.array([(d.year - start.year) - ((d.month, d.day) < (start.month, start.day)) for d in days])
        longevity += round(float(np.select([years >= 20, years >= 15, years >= 10], [2000, 1500, 1000], 0).mean()), 2)
    assert (len(liaisons), int(liaisons["bilingual"].sum()), longevity) == (120, 77, 4000.0)
    want = round((77 * 1000 + longevity) * 1.0145, 2)
    assert want == 82174.50
    frame = settlement.page_one_frame(c, "accretion_2021")
    new = _row(frame, "New money over the status quo", "New money, $")
    assert new["FY2023"] == want
    text = page_one.headline_text(c, "accretion_2021")
    assert text.index("$82,174.50") < text.index("everyone costed")     # the accretion first, the payroll for scale


def test_new_bedford_one_time_retention_by_hand():
    c = costing.cost(DATA / "new_bedford" / "scenario.yaml").costing
    roster = pd.read_csv(DATA / "new_bedford" / "roster.csv", parse_dates=["seniority_date", "end_date"])
    for on, until in (("2023-06-01", "2023-10-01"), ("2024-06-01", "2024-10-01")):
        eligible = (roster["seniority_date"] <= on) & (roster["end_date"].isna() | (roster["end_date"] > until))
        assert int(eligible.sum()) == 328
    frame = settlement.page_one_frame(c, "agreement_2022")
    one_time = _row(frame, "New money over the status quo", "Of which one-time payments, $")
    assert [one_time["FY2023"], one_time["FY2024"], one_time["FY2025"], one_time[TERM]] == [0.0, 123000.0, 123000.0,
                                                                                              246000.0]
    section = frame[frame["section"].str.startswith("New money over the status quo") & (frame["kind"] == "dollars")]
    for column in ("FY2023", "FY2024", "FY2025", TERM):   # recurring + one-time + retro = the new money
        parts = section[section["measure"] != "New money, $"][column].sum()
        assert round(parts, 2) == section[section["measure"] == "New money, $"][column].iloc[0]


@pytest.mark.parametrize("scenario", ["chelsea/scenario.yaml", "newton/scenario.yaml", "new_bedford/scenario.yaml",
                                      "belmont/scenario.yaml"])
def test_new_money_over_the_prior_year_is_steps_raises_and_everything_else(scenario):
    c = costing.cost(DATA / scenario).costing
    name = next(n for n in c.contracts if n != "baseline")
    frame = settlement.page_one_frame(c, name)
    section = frame[frame["section"].str.startswith("New money over the prior year") & (frame["kind"] == "dollars")]
    total = section[section["measure"] == "New money, $"].iloc[0]
    parts = section[section["measure"] != "New money, $"]
    assert list(parts["measure"]) == ["Of which steps, $", "Of which raises, $", "Of which everything else, $"]
    columns = [c_ for c_ in frame.columns if str(c_).startswith("FY")] + [TERM]
    for column in columns:
        if np.isnan(total[column]):       # no prior year costed: no split either (New Bedford's FY2023)
            assert parts[column].isna().all()
        else:
            assert abs(parts[column].sum() - total[column]) < 0.015, column
    raises = select(c.measures, "change_prior", "base_fixed", name).to_dict()
    steps = select(c.measures, "step_movement_in_year", "roster_date_steps", name).to_dict()
    for column, fy in zip(columns[:-1], settlement.term_years(c)):
        if not np.isnan(total[column]):
            assert parts.iloc[0][column] == steps[fy] and parts.iloc[1][column] == raises[fy]


def test_belmont_page_one_is_the_ledger_of_money_items_by_hand():
    from costing.report.context import open_report
    from costing.report.ledger_section import ledger_page_one

    r = open_report(DATA / "belmont" / "scenario.yaml", report_date="2030-01-01")
    (table,) = ledger_page_one(r)
    items = table.frame.set_index("Item")
    assert items.loc["BEL-15", "FY2028"] == 100 * 75 and items.loc["BEL-15", "Over the term"] == 3 * 7500
    assert items.loc["BEL-34", "FY2028"] == 450 * 15 and items.loc["BEL-34", "Over the term"] == 3 * 6750
    assert items.loc["BEL-51", "FY2028"] == 600 * 4 and items.loc["BEL-51", "Over the term"] == 3 * 2400
    together = select(r.costing.measures, "diff_baseline", "all_in", "agreed_items")[TERM]
    assert items.loc["Costed together", "Over the term"] == together == 173029.10
    assert items.loc["Items summed", "Over the term"] == 173029.08
    assert "The $0.02 between the two totals is rounding" in table.note
    assert "71 tracker items (70 agreed, 1 open): 6 agreed items carry money, in 9 proposal files" in table.note
    assert "BEL-21: not costed" in table.note and "$500 ratification bonus" in table.note
    html = r.page_one("agreed_items")
    assert html.index("The agreed money items") < html.index("Cost of settlement")   # the ledger leads


def test_chelsea_terms_in_words_and_status(chelsea):
    html = page_one.terms_html(chelsea, "moa_2024")
    for text in ("FY2025", "7/1/2024: 3% raise on every step", "$3,500.00 per year added to every step",
                 "7/1/2025: 5% raise", "$2,000.00 per year", "7/1/2026: 5% raise", "$1,500.00 per year"):
        assert text in html, text
    assert "multilingual_early" not in html        # a contingent item switched off is not among the terms
    assert page_one.pay_basis(chelsea, "moa_2024") == ["Paraprofessionals: 6.5 hours x 210 days a year"]
    assert "signed by both sides" in page_one.approval_text(chelsea, "moa_2024")
    counter = costing.cost(DATA / "chelsea" / "compare.yaml").costing
    assert "not an agreement" in page_one.status_words(counter.proposals["union_counter"])


def test_chelsea_compare_gap_by_hand():
    c = costing.cost(DATA / "chelsea" / "compare.yaml").costing
    gaps = offer_gaps(c)
    gap = gaps[(gaps["scenario"] == "union_counter") & (gaps["against"] == "moa_2024")]
    by_year = dict(zip(gap["fiscal_year"].astype(object).where(gap["period"] == "year", TERM), gap["gap"]))
    assert [by_year[2025], by_year[2026], by_year[2027]] == [105526.87, 144330.66, 137400.88]
    assert by_year[TERM] == round(105526.87 + 144330.66 + 137400.88, 2) == 387258.41
    one = select(c.measures, "cost_of_1pct", "base_with_rollup", "baseline", term=False)
    points = dict(zip(gap["fiscal_year"].astype(object).where(gap["period"] == "year", TERM), gap["points"]))
    assert points[TERM] == round(387258.41 / one.sum(), 4)
    assert points[2025] == round(105526.87 / one[2025], 4)
    frame = settlement.gap_frame(c)
    assert frame["section"].iloc[-1] == "The gap: ILLUSTRATIVE union counter over Chelsea para MOA"


def test_newton_page_one_stops_at_the_term():
    c = costing.cost(DATA / "newton" / "compare.yaml").costing
    base, years, term = settlement.page_one_columns(c)
    assert (base, years, term) == ("FY2023 (base year)", ["FY2024", "FY2025", "FY2026", "FY2027"], "Over the term")
    assert "In FY2027, the term's last year" in page_one.headline_text(c, "ratified_2024")
    gaps = offer_gaps(c)
    gap = gaps[(gaps["scenario"] == "nta_2024-01-28") & (gaps["against"] == "sc_2024-01-30")]
    years_in = gap[(gap["period"] == "year") & gap["in_term"]]
    assert gap[gap["period"] == "term"]["gap"].iloc[0] == round(years_in["gap"].sum(), 2)
    assert "FY2028 (beyond the term)" not in settlement.gap_frame(c).columns


# ---- every bundled report, as built (the ``bundled`` fixture of conftest.py) ------------------------------

def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def test_page_one_of_every_bundled_report_is_the_settlement_on_one_page(bundled):
    assert len(bundled) == 8
    for scenario, folder in bundled.items():
        compare = yaml.safe_load(Path(scenario).read_text())["notebooks"][0] == "compare_proposals"
        pdfs = [folder / "report.pdf", *([folder / "board_brief.pdf"] if (folder / "board_brief.pdf").exists() else [])]
        for pdf in pdfs:
            pages = _pages(pdf)
            first, rest = pages[0], "\n".join(pages[1:])
            if compare:      # opens with the gap, its table and note whole on page 1
                assert "The gap between the offers" in first and "costs" in first, pdf
                assert "to the cent in the detail." in first.replace("\n", " "), pdf
            else:            # the settlement table and everything after it on page 1 (the last line of the block)
                assert "Cost of settlement:" in first and "Asked to approve:" in first, pdf
                assert "(All of it: next page.)" in first.replace("\n", " "), pdf
                assert "Cost of settlement:" not in rest, pdf
            assert "Over the term" in first, pdf
            assert "Inputs (a changed file" not in first + (rest if pdf.name == "board_brief.pdf" else ""), pdf


def test_board_briefs_fit_two_pages_and_provenance_is_an_annex_and_in_the_manifest(bundled):
    briefs = [folder / "board_brief.pdf" for folder in bundled.values() if (folder / "board_brief.pdf").exists()]
    assert len(briefs) == 2                                    # Chelsea and Newton
    for brief in briefs:
        assert len(PdfReader(str(brief)).pages) <= 2, brief
        manifest = json.loads((brief.parent / "manifest.json").read_text())
        assert all(len(entry["sha256"]) == 64 for entry in manifest["inputs"].values())
    for folder in bundled.values():
        pages = _pages(folder / "report.pdf")
        annex = next(i for i, text in enumerate(pages) if "Annex: the input files" in text)
        assert "Inputs (a changed file" in "".join(pages[annex:]), folder
        assert "Inputs (a changed file" not in "".join(pages[:annex]), folder
