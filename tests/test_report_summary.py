"""The settlement summary (page 1 of every report) against figures computed by hand, and the rules
every report table follows: percents name their convention, nothing prints "nan", labels are human.

No kernel and no PDF here: these run in a second.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest

from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenarios
from costing.engine.labels import LABEL_LENGTH, short_title
from costing.engine.projection import Options
from costing.report import glossary, settlement, tables
from costing.report.table import Table
from tests.conftest import make_contract, make_proposal, make_roster

ROOT = Path(__file__).resolve().parent.parent

CONTRACT = {
    "name": "small", "units": ["u"],
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2"],
                   "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 50000, "2": 60000}}}]}],
    "rollup": [{"name": "medicare", "rate": 1.45, "applies_to": ["base"]}],
}
PROPOSAL = {
    "title": "A proposal with a long title that will not be shown (three years)", "label": "Offer A",
    "changes": [
        {"op": "raise_percent", "effective": "2024-07-01", "percent": 3},
        {"op": "raise_percent", "effective": "2025-07-01", "percent": 2},
        {"op": "one_time", "effective": "2024-10-01", "name": "signing", "amount": 500, "pay_date": "2024-10-15",
         "employed_on": ["2024-10-01"]},
    ],
}
ROSTER = [  # both at the top step: no step movement, so every figure below is a line of arithmetic
    {"employee_id": "E1", "unit": "u", "schedule": "s", "lane": "L", "step": "2", "fte": "1", "seniority_date": "2010-09-01"},
    {"employee_id": "E2", "unit": "u", "schedule": "s", "lane": "L", "step": "2", "fte": "1", "seniority_date": "2012-09-01"},
]


@pytest.fixture(scope="module")
def small():
    contract = make_contract(CONTRACT)
    proposal = make_proposal(PROPOSAL)
    roster = make_roster(ROSTER, contract)
    return cost_scenarios(roster, contract, {"offer": apply_proposal(contract, proposal)}, [2025, 2026],
                          Options(as_of=dt.date(2024, 7, 1)), proposal_texts={"offer": proposal})


def _row(frame, section_start: str, measure: str):
    rows = frame[frame["section"].str.startswith(section_start) & (frame["measure"] == measure)]
    assert len(rows) == 1, (section_start, measure)
    return rows.iloc[0]


def test_settlement_summary_by_hand(small):
    # Status quo, every year (FY2024 too): 2 x $60,000 = $120,000 salary; Medicare 1.45% = $1,740.00.
    sq_salary, sq_benefits = 120_000.00, 1_740.00
    sq = sq_salary + sq_benefits                                          # 121,740.00
    # FY2025: rates +3% -> 61,800 each: base 123,600; one-time 2 x 500 = 1,000 (no roll-up on it);
    # Medicare 61,800 x 1.45% = 896.10 each -> 1,792.20.
    s25, b25 = 123_600.00 + 1_000.00, 1_792.20
    # FY2026: +2% -> 63,036 each: base 126,072; Medicare 63,036 x 1.45% = 914.022 -> 914.02 each -> 1,828.04.
    s26, b26 = 126_072.00, 1_828.04
    t25, t26 = s25 + b25, s26 + b26                                       # 126,392.20 and 127,900.04
    frame = settlement.summary_frame(small, "offer")

    cost = "Cost under"
    assert list(_row(frame, cost, "Salary")[["FY2025", "FY2026", "term"]]) == pytest.approx([s25, s26, s25 + s26], abs=0.005)
    assert list(_row(frame, cost, "Benefits")[["FY2025", "FY2026", "term"]]) == pytest.approx([b25, b26, b25 + b26], abs=0.005)
    assert list(_row(frame, cost, "Total cost")[["FY2025", "FY2026"]]) == pytest.approx([t25, t26], abs=0.005)
    assert _row(frame, cost, "Status quo: total cost")["term"] == pytest.approx(2 * sq, abs=0.005)

    prior = "New money over the prior year"
    change = _row(frame, prior, "Total cost, $ (budget line)")
    assert [change["FY2025"], change["FY2026"]] == pytest.approx([t25 - sq, t26 - t25], abs=0.005)   # 4,652.20; 1,507.84
    assert change["term"] == pytest.approx(t26 - sq, abs=0.005)                                     # 6,160.04
    same = _row(frame, prior, "Of which the same group, $")      # nobody leaves or joins: all of it
    assert [same["FY2025"], same["FY2026"], same["term"]] == pytest.approx([t25 - sq, t26 - t25, t26 - sq], abs=0.005)
    assert not frame["measure"].str.startswith("Of which leavers").any()   # a line nobody is in is not shown
    all_in = _row(frame, prior, glossary.pct_label("Increase", "all_in", "budget_line"))
    p25, p26 = (t25 - sq) / sq, (t26 - t25) / t25                                                 # 3.821%, 1.193%
    assert [all_in["FY2025"], all_in["FY2026"]] == pytest.approx([p25, p26], abs=1e-12)
    assert all_in["term"] == pytest.approx((1 + p25) * (1 + p26) - 1, abs=1e-12)                   # compounded

    rates = "Rates over the prior year"
    same = _row(frame, rates, glossary.pct_label("Increase", "all_in", "same_group"))
    assert [same["FY2025"], same["FY2026"], same["term"]] == pytest.approx([p25, p26, (1 + p25) * (1 + p26) - 1],
                                                                          abs=1e-12)
    salary = _row(frame, rates, glossary.pct_label("Increase", "salary", "same_group"))
    assert [salary["FY2025"], salary["FY2026"]] == pytest.approx(
        [(s25 - sq_salary) / sq_salary, (s26 - s25) / s25], abs=1e-12)                             # 3.833%, 1.181%
    # base pay without steps, the across-the-board rate and the raise as quoted are the same here (3% then 2%
    # on one step): one row, which says so
    fixed = _row(frame, rates, glossary.pct_label("Increase", "base_fixed", "same_group")
                 + " = across-the-board rate = as quoted")
    assert [fixed["FY2025"], fixed["FY2026"]] == pytest.approx([0.03, 0.02], abs=1e-12)            # 123,600/120,000; 126,072/123,600
    assert fixed["term"] == pytest.approx(1.03 * 1.02 - 1, abs=1e-12)                              # 5.06%, not 5%
    simple = _row(frame, rates, "Simple sum of the yearly rates % (as quoted)")
    assert simple["term"] == pytest.approx(0.05, abs=1e-12) and math.isnan(simple["FY2025"])       # 3% + 2%

    over = "New money over the status quo"
    assert list(_row(frame, over, "Salary, $")[["FY2025", "FY2026", "term"]]) == pytest.approx(
        [4_600.00, 6_072.00, 10_672.00], abs=0.005)
    assert list(_row(frame, over, "Benefits, $")[["FY2025", "FY2026", "term"]]) == pytest.approx(
        [52.20, 88.04, 140.24], abs=0.005)
    total = _row(frame, over, "Total cost, $")
    assert total["term"] == pytest.approx(10_812.24, abs=0.005)     # cumulative new money over the term
    pct = _row(frame, over, glossary.pct_label("Over the status quo", "all_in"))
    assert [pct["FY2025"], pct["FY2026"], pct["term"]] == pytest.approx(
        [4_652.20 / sq, 6_160.04 / sq, 10_812.24 / (2 * sq)], abs=1e-12)
    run = _row(frame, over, "Run rate: FY2026 cost over FY2024 (base year), $")   # the term's last year over the base
    assert run["term"] == pytest.approx(t26 - sq, abs=0.005) and math.isnan(run["FY2026"])
    run_pct = _row(frame, over, "Run rate: FY2026 over FY2024 % (all-in cost)")
    assert run_pct["term"] == pytest.approx((t26 - sq) / sq, abs=1e-12)

    one = _row(frame, "Yardsticks", "Cost of 1% (base pay, with roll-up)")
    assert [one["FY2025"], one["FY2026"]] == pytest.approx([1_253.92, 1_279.00], abs=0.005)  # 1,236 x 1.0145; 1,260.72 x 1.0145
    assert math.isnan(one["term"])
    assert list(_row(frame, "Yardsticks", "Headcount at year end")[["FY2025", "FY2026"]]) == [2, 2]
    assert list(_row(frame, "Yardsticks", "FTE at year end")[["FY2025", "FY2026"]]) == [2.0, 2.0]
    per_fte = _row(frame, "Yardsticks", "All-in cost per FTE (salary, benefits and other costs ÷ FTE at year end)")
    assert per_fte["FY2026"] == pytest.approx(t26 / 2, abs=0.005)


def test_summary_table_shows_sections_labels_and_no_nan(small):
    table = settlement.summary_table(small, "offer", "SYNTHETIC roster (no real people)")
    html = table.to_html()
    assert "Settlement summary: Offer A" in html and "Cost under Offer A" in html   # the label, not the stem
    assert "offer" not in re.sub(r"Offer A", "", html)
    assert html.count('scope="rowgroup"') == 5 and "n/a" in html
    assert "SYNTHETIC" in table.note
    assert not re.search(r"\b(nan|inf|None)\b", html)


def test_labels_are_human(small):
    assert tables.scenario_label(small, "baseline") == "Status quo"
    assert tables.scenario_label(small, "offer") == "Offer A"
    assert short_title("NTA offer of 1/28/2024 (proposed MOU, 11:45am; valid until 3:30pm)") == "NTA offer of 1/28/2024"
    assert len(short_title("word " * 30)) <= LABEL_LENGTH


def _percent_headers_named(table: Table) -> list[str]:
    """Percent cells whose column header or row label names no convention (or whose table caption names none for all)."""
    shorts = [f"({c.short})" for c in glossary.CONVENTIONS.values()] + [f"% ({c.short})" for c in glossary.CONVENTIONS.values()]
    shorts += [f"({p.short}: {c.short})" for p in glossary.POPULATIONS.values() for c in glossary.CONVENTIONS.values()]
    # a caption may name the convention of its plain percent columns ("Median %": who gets what); a column of
    # another convention in the same table names its own
    by_caption = any(f"% of {c.short}" in table.caption for c in glossary.CONVENTIONS.values())
    bad = []
    for i in range(len(table.frame)):
        for column in table.frame.columns:
            if table.cell_kind(i, column) != "percent" or (by_caption and str(column).endswith(" %")):
                continue
            if not any(s in str(column) or s in str(table.frame.iloc[i, 0]) for s in shorts):
                bad.append(f"{table.caption}: {column} / {table.frame.iloc[i, 0]}")
    return bad


def test_every_percent_names_its_convention():
    from costing.report import negotiation
    from costing.report.context import open_report

    ctx = open_report(ROOT / "data" / "chelsea" / "compare.yaml", report_date="2030-01-01")
    c = ctx.costing
    shown = [ctx.settlement_summary(n) for n in ctx.proposals]
    for name in ctx.proposals:
        shown += [tables.proposal_summary(c, name), tables.change_over_prior_year(c, name),
                  tables.family_difference(c, name), tables.drivers(c, name)]
    raises = negotiation.raise_frame(c)
    shown += [negotiation.side_by_side(c), *[negotiation.settlement(c, n) for n in c.contracts],
              *[negotiation.raise_table(c, raises, n) for n in c.contracts]]
    bad = [b for t in shown for b in _percent_headers_named(t)]
    assert bad == []


def test_glossary_doc_is_generated_from_the_module():
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == glossary.markdown()


def test_in_year_and_cumulative_are_named_apart():
    labels = [t.label for t in glossary.TERMS]
    assert len(labels) == len(set(labels))
    assert "(cumulative" in glossary.TERM["step_cumulative"].meaning
    assert "(in-year" in glossary.TERM["step_in_year"].meaning
    assert glossary.TERM["step_cumulative"].label != glossary.TERM["step_in_year"].label


def test_papermill_help_shows_every_parameter_with_type_and_help():
    import ast

    import nbformat
    import papermill as pm

    for name in ("scenario_report", "board_brief", "compare_proposals", ):
        path = ROOT / "costing" / "report" / "notebooks" / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        assigned = [n.target.id for n in ast.parse(cell.source).body if isinstance(n, ast.AnnAssign)]
        plain = [n for n in ast.parse(cell.source).body if isinstance(n, ast.Assign)]
        assert plain == [], f"{name}: every parameter has a type annotation"
        found = pm.inspect_notebook(str(path))
        assert list(found) == assigned, name
        for key, info in found.items():
            assert info["inferred_type_name"] not in ("None", ""), (name, key)
            assert info["help"], (name, key)


def test_notebooks_reuse_the_commands_costing_only_when_inputs_are_unchanged(monkeypatch, tmp_path):
    import shutil

    from costing.report import context

    for item in (ROOT / "data" / "chelsea").iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, tmp_path / item.name)
    scenario = tmp_path / "scenario.yaml"
    ctx = context.open_report(scenario, report_date="2030-01-01")
    with context.SharedCosting() as shared:
        shared.write(ctx)
        monkeypatch.setenv(context.SHARED_COSTING, str(shared.path))
        calls = []
        real = context.cost_scenario
        monkeypatch.setattr(context, "cost_scenario", lambda p: calls.append(p) or real(p))
        again = context.open_report(scenario, report_date="2030-01-01")
        assert calls == [] and again.costing.figures.equals(ctx.costing.figures)
        (tmp_path / "roster.csv").write_text((tmp_path / "roster.csv").read_text() + "\n")   # an input changes
        context.open_report(scenario, report_date="2030-01-01")
        assert len(calls) == 1                                                                # costed from the files
    assert not shared.path.exists()


def test_every_figure_of_the_frame_has_its_own_label_in_plain_words():
    """Issue 23 builds page 1 and the board brief on the frame: every (measure, convention, population) it
    registers has one label from the glossary's vocabulary, no two alike, no code words, and every rate
    over the prior year names its population."""
    from costing.engine.conventions import REGISTRY

    labels = {key: glossary.figure_label(*key) for key in REGISTRY}
    assert len(set(labels.values())) == len(labels)
    assert not [text for text in labels.values() if re.search(r"[a-z]_[a-z]", text)]
    for (measure, _convention, population), text in labels.items():
        if measure == "change_prior_pct" and population != "stated":
            assert f"({glossary.POPULATIONS[population].short}: " in text, text
