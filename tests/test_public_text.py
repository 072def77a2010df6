"""Plain words and print craft (issue 23), on constructed cases: what the checks over every bundled report
(tests/test_report_publishable.py) catch, the labels a report prints for keys, the one date format, the
glossary kept to the terms a document uses, the 9 pt floor and the page-fill rule of the PDF layout.

Hand-made expectations: 'para_educator' in words is 'Para educator' (underscore to space, first letter
capitalised); a page of 30 lines of 12 px text in a 9.3 in (892.8 px at 96 px/in) content area is
about 30 x 16.2 / 892.8 = 0.54 full, one heading about 0.03.
"""

from __future__ import annotations

import datetime as dt

import pytest

from costing.inputs.labels import component_label, lane_label, readable, schedule_label, switch_label, unit_label
from costing.inputs.words import date
from costing.report.html import glossary_html, keep_used_glossary
from costing.report.public_text import caveat_count, code_words, underfull_pages
from tests.conftest import make_contract

CONTRACT = {
    "name": "Labels", "units": ["para"], "unit_labels": {"para": "paraprofessionals"},
    "switch_labels": {"early_cert": "early certification"},
    "schedules": [{"name": "para_educator", "label": "Paraeducators", "unit": "para", "rate_unit": "annual",
                   "lanes": ["HQ", "Para_Degree"], "lane_labels": {"Para_Degree": "Para with a degree"},
                   "steps": ["1"], "tables": [{"effective": "2024-07-01", "rates": {"HQ": {"1": 20}, "Para_Degree": {"1": 21}}}]},
                  {"name": "non_instructional", "unit": "para", "rate_unit": "annual", "lanes": ["NI"], "steps": ["1"],
                   "tables": [{"effective": "2024-07-01", "rates": {"NI": {"1": 18}}}]}],
    "stipends": [{"name": "asd_trv_diff", "label": "ASD and TR-V program differential", "kind": "per_hour",
                  "values": [{"effective": "2024-07-01", "amount": 1}]},
                 {"name": "prep_time", "kind": "annual", "values": [{"effective": "2024-07-01", "amount": 100}]}],
    "rollup": [{"name": "medicare", "label": "Medicare", "rate": 1.45}],
}


@pytest.fixture(scope="module")
def contract():
    return make_contract(CONTRACT)


def test_a_label_names_a_key_and_its_absence_falls_back_to_the_key_in_words(contract):
    assert schedule_label(contract, "para_educator") == "Paraeducators"
    assert schedule_label(contract, "non_instructional") == "Non instructional"
    assert lane_label(contract, "para_educator", "Para_Degree") == "Para with a degree"
    assert lane_label(contract, "para_educator", "HQ") == "Lane HQ"
    assert unit_label(contract, "para") == "paraprofessionals"
    assert unit_label(None, "unit_a") == "unit A"
    assert switch_label(contract, "early_cert") == "early certification"
    assert switch_label(contract, "liaison_paid_for_223_days") == "liaison paid for 223 days"
    assert component_label((contract,), "rollup:medicare") == "Roll-up: Medicare"
    assert component_label((contract,), "stipend:asd_trv_diff") == "Stipend: ASD and TR-V program differential"
    assert component_label((contract,), "stipend:prep_time") == "Stipend: prep time"
    assert component_label((contract,), "retro:retro_2022") == "Retro pay: 2022"
    assert component_label((contract,), "line:tuition_unit_b") == "Other cost: tuition unit B"
    assert component_label((contract,), "base") == "Base pay"
    assert readable("Para_Degree") == "Para Degree"
    for text in (schedule_label(contract, "non_instructional"), component_label((contract,), "stipend:prep_time")):
        assert code_words(text) == []


def test_a_label_is_bounded():
    with pytest.raises(Exception, match="80"):
        make_contract({**CONTRACT, "unit_labels": {"para": "x" * 81}})


def test_one_date_format_month_day_year_without_leading_zeros():
    assert date(dt.date(2024, 7, 1)) == "7/1/2024"
    assert date(dt.date(2026, 12, 2)) == "12/2/2026"


def test_code_words_finds_keys_paths_and_yaml_but_not_plain_words():
    text = ("Covers: Chelsea, units para. extra_pay (school_year) switch multilingual_early_certification; "
            "schedule unit_a and Para_Degree; see data/chelsea/README.md and scenario_prior_proxy.yaml; notes.yaml")
    assert code_words(text) == ["extra_pay", "school_year", "multilingual_early_certification", "unit_a", "Para_Degree",
                                "scenario_prior_proxy", "README.md", "scenario_prior_proxy.yaml", "notes.yaml",
                                "data/chelsea/README.md"]
    plain = ("Paraprofessionals: 3% raise on every step, from 7/1/2024 (FY2025-FY2027); up to 2 h/week; "
             "Art. IV §K; $1,234.56; all-in cost; 6.5 h × 210 days; SHA-256; e.g. Roll-up: Medicare; 1/28/24.")
    assert code_words(plain) == []


def test_caveat_count_ignores_where_a_line_wraps():
    caveat = "ILLUSTRATIVE figures (invented grids or amounts)"
    text = "ILLUSTRATIVE figures (invented\ngrids or amounts) ... ILLUSTRATIVE figures (invented grids or amounts)"
    assert caveat_count(text, caveat) == 2
    assert caveat_count(text, "") == 0


def test_underfull_pages_spare_the_last_page():
    assert underfull_pages([1.0, 0.2, 0.9, 0.1]) == [2]
    assert underfull_pages([0.1]) == []


def test_the_glossary_keeps_only_the_terms_the_document_uses():
    page = "<h1>Cost</h1><p>Each step of a lane; Roll-up: Medicare; Increase % (same group: all-in cost)</p>"
    kept = keep_used_glossary(page + glossary_html())
    terms = [t.split(">")[-1] for t in kept.split("</dt>")[:-1]]
    assert {"Step", "Lane", "Roll-up", "Cost", "% (all-in cost)", "Same group"} <= set(terms)
    for unused in ("Hold-harmless", "Retro pay", "Annualization into the next year", "Simple sum", "Leavers"):
        assert unused not in terms
    assert "Source: " in kept.split("Step</dt><dd>")[1].split("</dd>")[0]   # a field's term says where it comes from


def _laid_out(body: str, css: str):
    from costing.report.pdf import layout

    page = f"<html><head><style>@page {{ size: letter; margin: 0.85in 0.65in; }} {css}</style></head><body>{body}</body></html>"
    return layout(page, __import__("pathlib").Path("."))


def test_a_forced_break_after_a_nearly_empty_page_is_dropped():
    from costing.report.pdf import page_fill

    lines = "".join(f"<p>line {i}</p>" for i in range(30))
    body = f'<h2>Short</h2><p>One line.</p><h2 class="new-page">Next</h2>{lines}<h2 class="new-page">Last</h2><p>end</p>'
    document = _laid_out(body, ".new-page { break-before: page; } p { margin: 0; line-height: 16px; font-size: 12px; }")
    fills = [page_fill(p) for p in document.pages]
    assert underfull_pages(fills) == [], fills
    assert len(document.pages) == 2          # "Short" and "Next" share page 1; "Last" (after a full page) keeps its break
    assert 0.4 < fills[0] < 0.8


def test_table_type_is_never_under_nine_points():
    import pandas as pd

    from costing.report.html import CSS
    from costing.report.pdf import table_type_sizes
    from costing.report.table import Table

    wide = Table(pd.DataFrame({"Fiscal year": ["FY2025"], **{f"Column {i}": [1234.5] for i in range(8)}}),
                 {f"Column {i}": "money" for i in range(8)}, caption="Wide", note="A note.", css_class="wide wrap")
    summary = Table(pd.DataFrame({"Measure": ["Cost"], "FY2025": [1.0]}), {"FY2025": "money"}, css_class="summary counts")
    document = _laid_out(wide.to_html() + summary.to_html(), CSS.read_text(encoding="utf-8"))
    sizes = [s for page in document.pages for s in table_type_sizes(page)]
    assert sizes and min(sizes) >= 9.0, min(sizes)


def test_a_table_grouped_by_a_column_shows_each_value_once_as_a_heading_row():
    """The sensitivity and turnover tables name the scenario once over its rows (a heading row), not wrapped on
    every row; the frame (what the workbook writes) keeps the column; the money keeps its format."""
    import pandas as pd

    from costing.report.table import Table

    frame = pd.DataFrame({"Scenario": ["Status quo", "Status quo", "Offer"], "Assumption": ["Turnover", "New hires", "Turnover"],
                          "Cost": [1.5, 2.0, -3.25]})
    table = Table(frame, {"Cost": "money"}, group_column="Scenario")
    page = table.to_html()
    assert page.count('<tr class="section">') == 2 and page.count(">Status quo<") == 1 and page.count(">Offer<") == 1
    assert ">Scenario<" not in page and ">Assumption<" in page
    assert page.index(">Offer<") < page.index("($3.25)") and page.index(">New hires<") < page.index(">Offer<")
    assert list(table.frame.columns) == ["Scenario", "Assumption", "Cost"]
    assert page.count('<tbody class="group"><tr class="section">') == 2 and page.count("<tbody") == page.count("</tbody>")
    assert table.formatted()["Cost"].tolist() == ["$1.50", "$2.00", "($3.25)"]
    with pytest.raises(ValueError, match="not both"):
        Table(frame, group_column="Scenario", section_rows=(0,))


def test_money_is_shown_in_whole_dollars_only_where_cents_would_crowd_the_labels_out():
    """Hand-reckoned at 9 pt in Liberation Sans (digits and $ 0.556 em, comma and point 0.278 em): $1,017,572,271.71
    is 13 x 0.556 + 4 x 0.278 = 8.34 em = 75.06 pt, so six such columns with 3 pt padding each side take
    6 x 81.06 = 486.4 pt of the 518.4 pt (7.2 in) page and leave the labels 32 pt (< 108 pt, 1.5 in): whole dollars,
    said in the note. $10,000.00 is 8 x 0.556 + 2 x 0.278 = 5.004 em = 45.0 pt: 6 x 51.0 = 306.2 pt, 212 pt left
    for the labels: cents. A table that does not ask (dollars_to_fit) keeps its cents whatever its width."""
    import pandas as pd

    from costing.report.table import WHOLE_DOLLARS_NOTE, Table, printed_width_pt

    assert printed_width_pt("$1,017,572,271.71") == pytest.approx(75.06, abs=0.01)
    columns = [f"FY{2024 + i}" for i in range(6)]

    def table(value: float, fit: bool = True) -> Table:
        frame = pd.DataFrame({"Measure": ["Total cost", "Increase %"], **{c: [value, 0.043] for c in columns}})
        return Table(frame, dict.fromkeys(columns, "money"), note="Its note.", row_formats={1: "percent"},
                     dollars_to_fit=fit)

    billions = table(1_017_572_271.71)
    assert billions.cents_crowd_labels()
    assert billions.formatted().iloc[0, 1:].tolist() == ["$1,017,572,272"] * 6
    assert billions.formatted().iloc[1, 1:].tolist() == ["4.3%"] * 6            # a percent row stays a percent
    assert f"Its note. {WHOLE_DOLLARS_NOTE}" in billions.to_html()
    thousands = table(10_000.00)
    assert not thousands.cents_crowd_labels() and thousands.formatted().iloc[0, 1] == "$10,000.00"
    assert WHOLE_DOLLARS_NOTE not in thousands.to_html()
    assert table(1_017_572_271.71, fit=False).formatted().iloc[0, 1] == "$1,017,572,271.71"


def test_the_report_names_a_reconciliation_part_that_is_zero_in_every_year_instead_of_a_row_of_zeros():
    """Chelsea's MOA against the status quo has 18 parts, 11 of them $0.00 in every year: the page shows the other 7
    (timing too, all zero, beside its other half, the rate changes at full-year size: the note adds the two) and the
    difference, names the 11 in its note, and still adds up to the cent; the workbook's table keeps all 18."""
    from pathlib import Path

    from costing.report import negotiation
    from costing.report.context import open_report

    costing = open_report(Path(__file__).resolve().parent.parent / "data" / "chelsea" / "compare.yaml",
                          report_date="2030-01-01").costing
    frame = negotiation.bridge_frame(costing, "moa_2024", "baseline")
    every, page = negotiation.bridge_table(costing, frame), negotiation.bridge_table(costing, frame, zero_parts=False)
    assert len(every.frame) == 19 and len(page.frame) == 8
    assert "Timing of effective dates" in page.frame["Part"].tolist()
    assert "$0.00 in every year (no row above): Roster differences; Turnover (breakage); Lane movement;" in page.note
    assert "Roster differences" in every.frame["Part"].tolist() and "$0.00 in every year" not in every.note
    for column in page.frame.columns[1:]:
        assert round(page.frame[column].iloc[:-1].sum(), 2) == pytest.approx(page.frame[column].iloc[-1], abs=0.005)


def rows_of(page) -> list:
    """The class of each table row laid out on a page, top to bottom."""
    from weasyprint.formatting_structure import boxes

    def walk(box):
        yield box
        for child in getattr(box, "children", []):
            yield from walk(child)
    return [b.element.get("class") for b in walk(page._page_box) if isinstance(b, boxes.TableRowBox)]


def test_a_section_heading_row_never_ends_a_page():
    """Rows of 30 px on a letter page with 0.85 in margins (9.3 in = 892.8 px of content): the header and 28 rows
    fit, so the second section's heading, the 28th row, would end page 1 in one row group; as its own row group,
    kept whole (report.css), it goes over with its rows."""
    import pandas as pd

    from costing.report.html import CSS
    from costing.report.table import Table

    labels = ["First section", *[f"row {i}" for i in range(26)], "Second section", *[f"more {i}" for i in range(6)]]
    table = Table(pd.DataFrame({"Measure": labels, "Value": [0.0] * len(labels)}), {"Value": "money"},
                  section_rows=(0, 27))
    css = CSS.read_text(encoding="utf-8") + " tbody tr td, tbody tr th { height: 30px; padding: 0; }"
    one_group = _laid_out(table.to_html().replace('</tbody><tbody class="group">', ""), css)
    assert rows_of(one_group.pages[0])[-1] == "section"      # without the row groups: the heading ends page 1
    document = _laid_out(table.to_html(), css)
    assert len(document.pages) == 2

    assert rows_of(document.pages[0])[-1] != "section" and "section" in rows_of(document.pages[1])


def test_a_table_kept_whole_that_would_leave_a_page_nearly_blank_is_let_split():
    import pandas as pd

    from costing.report.html import CSS
    from costing.report.pdf import page_fill
    from costing.report.table import Table

    table = Table(pd.DataFrame({"Row": [f"row {i}" for i in range(28)], "Value": [float(i) for i in range(28)]}),
                  {"Value": "money"}, caption="Tall", note="Its note.")
    css = CSS.read_text(encoding="utf-8") + " tr td, tr th { height: 30px; }"
    document = _laid_out("<h2>Short</h2><p>One line.</p>" + table.to_html(), css)
    fills = [page_fill(p) for p in document.pages]
    assert underfull_pages(fills) == [], fills     # kept whole, the table would start on page 2, page 1 at ~0.05
    assert fills[0] > 0.9


def test_the_inputs_annex_names_each_file_by_what_it_is_never_by_its_file_name(tmp_path, contract):
    from costing.report.inputs_annex import input_name, input_rows

    proposal = tmp_path / "moa_2024.yaml"
    proposal.write_text("title: 'Chelsea MOA 2024'\n")
    table = tmp_path / "schedules" / "para.csv"
    table.parent.mkdir()
    table.write_text("lane,step,rate\n")
    contract_file = tmp_path / "contract.yaml"
    contract_file.write_text("schedules:\n  - name: para_educator\n    tables:\n"
                             "      - {effective: 2024-07-01, file: schedules/para.csv}\n")
    inputs = {"roster": tmp_path / "roster.csv", "contract": contract_file,
              "proposal:moa_2024.yaml": proposal, "table:schedules/para.csv": table}
    rows = input_rows(inputs, contract, lambda path: "hash")
    assert [r["Input"] for r in rows] == ["Roster", "Contract", "Proposal: Chelsea MOA 2024",
                                          "Rate table: Paraeducators, from 7/1/2024"]
    assert input_name("proposal:missing.yaml", tmp_path / "missing.yaml", {}) == "Proposal"
    assert all(code_words(r["Input"]) == [] for r in rows)
