"""The what-if page: its edits cost by hand, the page module driven as a person would, its saved
proposals, ``costing serve``'s safety, and the page itself in a real browser.

The page module's tests set a control's value (or click a button) on the ipywidgets objects and
read the figures the page shows, with no browser. The browser test starts ``costing serve`` on a
copy of the Chelsea data, moves a control in headless Chromium and checks the figures against
what the package computes for the same edit; it skips only where no browser is installed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import shutil
import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli.main import main
from costing.cli.serve_verbs import free_port, is_loopback
from costing.engine.costing_run import cost_files, cost_scenarios
from costing.engine.projection import Options
from costing.errors import InputError
from costing.inputs.loading import load_proposal
from costing.inputs.proposal_writer import file_stem, proposal_yaml
from costing.negotiate.compare import CONVENTIONS, settlement_table
from costing.negotiate.what_if import Edits, RaiseEdit, WhatIf, budget_gap
from costing.report import what_if_words as words
from costing.report.format import money
from costing.report.what_if_inputs import read_budget
from costing.report.what_if_page import WhatIfPage, open_page
from costing.report.what_if_words import cents_compared, label

from . import what_if_driver as page_driver
from .conftest import DATA, make_contract, make_proposal, make_roster

# ---- a constructed case, costed by hand ------------------------------------------------------------

CONTRACT = {
    "name": "toy", "units": ["u"],
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["A"], "steps": ["1"],
                   "tables": [{"effective": "2023-07-01", "rates": {"A": {"1": 50000}}}]}],
    "stipends": [{"name": "lead", "kind": "annual", "column": "lead", "schedules": ["s"], "prorated": True,
                  "values": [{"effective": "2023-07-01", "amount": 1000}]}],
}
PROPOSAL = {"title": "Toy offer", "changes": [{"op": "raise_percent", "effective": "2024-07-01", "percent": 3}]}
PERSON = {"employee_id": "T1", "unit": "u", "schedule": "s", "lane": "A", "step": "1", "fte": 1,
          "seniority_date": "2010-07-01", "lead": 1}


@pytest.fixture(scope="module")
def toy() -> WhatIf:
    contract = make_contract(CONTRACT)
    proposal = make_proposal(PROPOSAL)
    from costing.engine.apply import apply_proposal

    costing = cost_scenarios(make_roster([PERSON], contract), contract, {"offer": apply_proposal(contract, proposal)},
                             [2025], Options(as_of=dt.date(2024, 7, 1)), proposal_texts={"offer": proposal})
    return WhatIf(costing, "offer", "baseline")


def totals(w: WhatIf, edits: Edits) -> pd.Series:
    return w.recost(w.edited(edits)).frame.set_index("fiscal_year")["proposal"]


def test_toy_edits_cost_as_by_hand(toy):
    july = dt.date(2024, 7, 1)
    # as filed: $50,000 x 1.03 = $51,500 salary, + $1,000 lead stipend = $52,500 in FY2025
    assert toy.recost().frame.iloc[0]["proposal"] == pytest.approx(52500.00, abs=0.005)
    # 4% instead of 3%: $52,000 + $1,000
    assert totals(toy, Edits().with_raise(july, RaiseEdit(percent=4)))[2025] == pytest.approx(53000.00, abs=0.005)
    # 4% from January 1: 184 days of FY2025's 365 at $50,000 and 181 at $52,000, + $1,000
    #   50,000 x 184/365 = 25,205.48; 52,000 x 181/365 = 25,786.30; total 50,991.78 + 1,000
    jan = Edits().with_raise(july, RaiseEdit(percent=4, effective=dt.date(2025, 1, 1)))
    assert totals(toy, jan)[2025] == pytest.approx(51991.78, abs=0.01)
    # a flat $500 a year added to the 3% raise: 51,500 + 500 + 1,000
    assert totals(toy, Edits().with_raise(july, RaiseEdit(amount=500)))[2025] == pytest.approx(53000.00, abs=0.005)
    # the lead stipend raised to $1,600 from the year's start: 51,500 + 1,600
    assert totals(toy, Edits().with_stipend(2025, "lead", 1600))[2025] == pytest.approx(53100.00, abs=0.005)
    # new money and the gap to the status quo ($50,000 + $1,000) with the budget at $2,000 of new money
    frame = toy.recost(toy.edited(Edits().with_raise(july, RaiseEdit(percent=4)))).frame
    assert frame.iloc[-1]["new_money"] == pytest.approx(2000.00, abs=0.005)
    assert frame.iloc[-1]["change"] == pytest.approx(500.00, abs=0.005)


def test_each_box_is_read_as_typed_and_checked_by_the_models_own_rules():
    from costing.inputs.models import Stipend
    from costing.report.what_if_inputs import read_dollars, read_percent, read_stipend

    assert read_percent(" 4.5 % ").value == Decimal("4.5") and read_percent("(1)").value == -1
    assert read_percent("0.25").value == Decimal("0.25")        # the box says %: 0.25 is 0.25%, not a fraction
    assert read_dollars("").value == 0 and read_dollars("(500)").value == -500
    percent_stipend = Stipend(name="x", kind="percent", values=[{"effective": "2020-07-01", "amount": 5}])
    assert read_stipend("150", percent_stipend).message == "a percent stipend of 150% is over 100%"   # the stipend's rule
    assert read_stipend("$5", percent_stipend).message == "\u201c$5\u201d is not a number: type a percent such as 2.5"
    assert read_stipend("1,000", None).value == 1000


def test_budget_as_typed_and_the_gap_to_it():
    assert read_budget("$1,500,000").value == 1_500_000 and read_budget(" 2500.50 ").value == 2500.5
    assert read_budget("").ok and read_budget("").value is None
    assert "not a dollar amount" in read_budget("1.5 million").message
    # $2,000 of new money against a $1,500 budget: $500 over; against $2,600: $600 to spare
    assert budget_gap(2000.0, 1500.0) == 500.0 and budget_gap(2000.0, 2600.0) == -600.0 and budget_gap(2000.0, None) is None


def test_toy_settlement_percent_is_the_edited_proposals(toy):
    july = dt.date(2024, 7, 1)
    rec = toy.recost(toy.edited(Edits().with_raise(july, RaiseEdit(percent=4))))
    row = rec.settlement.set_index(["scenario", "fiscal_year"]).loc[("offer", 2025)]
    # the rate as quoted: year-end $52,000 over the prior year's $50,000 = 4%
    assert row["atb_rate_pct"] == pytest.approx(0.04, abs=1e-11)   # rates are fractions (docs/api.md)
    # all-in: $53,000 over the status quo year's $51,000 = 3.9216%
    assert row["all_in_pct"] == pytest.approx(53000 / 51000 - 1, abs=1e-8)


def test_filed_proposal_is_never_edited_and_a_no_op_edit_changes_nothing(toy):
    july = dt.date(2024, 7, 1)
    filed = toy.proposal
    same = toy.edited(Edits().with_raise(july, RaiseEdit(percent=3, amount=0, effective=july)).with_freeze(2025, False))
    assert same == filed and toy.proposal is filed
    moved = toy.edited(Edits().with_raise(july, RaiseEdit(percent=4)))
    assert moved.changes[0].note == "what-if page (filed: percent 3)"
    assert filed.changes[0].percent == 3


# ---- the Chelsea scenario: every control, and what "save as proposal" writes -----------------------

@pytest.fixture()
def chelsea(tmp_path) -> Path:
    """A copy of the bundled Chelsea folder (saving writes beside the proposals; the repository stays clean)."""
    shutil.copytree(DATA / "chelsea", tmp_path / "chelsea")
    return tmp_path / "chelsea" / "compare.yaml"


@pytest.fixture(scope="module")
def chelsea_what_if(tmp_path_factory) -> WhatIf:
    folder = tmp_path_factory.mktemp("what_if") / "chelsea"
    shutil.copytree(DATA / "chelsea", folder)
    return WhatIf.from_scenario(folder / "compare.yaml")


def test_every_control_moves_the_chelsea_figures(chelsea_what_if):
    w = chelsea_what_if
    assert (w.name, w.other) == ("union_counter", "moa_2024")
    filed = w.recost().frame.set_index("fiscal_year")["proposal"]
    second = w.raises_in(2026)[0]
    assert second == dt.date(2025, 7, 1) and w.raises_in(2026) == [second]
    lower = totals(w, Edits().with_raise(second, RaiseEdit(percent=4.5)))
    assert lower[2025] == filed[2025] and lower[2026] < filed[2026] and lower[2027] < filed[2027]
    later = totals(w, Edits().with_raise(second, RaiseEdit(effective=dt.date(2025, 10, 1))))
    assert later[2026] < filed[2026] and later[2027] == pytest.approx(filed[2027], abs=0.005)
    frozen = totals(w, Edits().with_freeze(2026, True))
    assert frozen[2026] < filed[2026] and frozen[2025] == filed[2025]
    stipend = totals(w, Edits().with_stipend(2027, "lead", 2000))
    assert stipend[2027] > filed[2027] and stipend[2026] == filed[2026]
    # a year with no raise filed offers one on its first day
    assert w.at(dt.date(2024, 7, 1))["percent"] == 4.0


def test_saved_proposal_validates_and_costs_as_the_page_showed(chelsea):
    w = WhatIf.from_scenario(chelsea)
    edits = (Edits().with_raise(dt.date(2025, 7, 1), RaiseEdit(percent=4.75, amount=1800, effective=dt.date(2025, 9, 1)))
             .with_freeze(2027, True).with_stipend(2026, "lead", 1250).with_stipend(2025, "multilingual", 0.25))
    shown = w.recost(w.edited(edits))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in chelsea.parent.rglob("*") if p.is_file()}
    first = w.save(shown.proposal, "Union counter, at the table", "Union counter as moved 3/4", today=dt.date(2025, 3, 4))
    second = w.save(shown.proposal, "union_counter_at_the_table", "again")
    assert first.name == "union_counter_at_the_table.yaml" and second.name == "union_counter_at_the_table_2.yaml"
    assert first.parent == chelsea.parent / "proposals"
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in chelsea.parent.rglob("*") if p.is_file()}
    assert {k: after[k] for k in before} == before                    # nothing that was there is touched
    result = CliRunner().invoke(main, ["validate", str(chelsea.parent / "contract.yaml"), str(first)])
    assert result.exit_code == 0, result.output
    costing = cost_files(chelsea.parent / "roster.csv", chelsea.parent / "contract.yaml",
                         [str(chelsea.parent / "proposals" / "moa_2024.yaml"), str(first)], [2025, 2026, 2027],
                         as_of=dt.date(2024, 7, 1))
    figures = costing.figures[(costing.figures["scenario"] == first.stem) & (costing.figures["period"] == "year")]
    fig = figures.set_index("fiscal_year")
    for row in shown.frame.iloc[:-1].itertuples():
        assert fig.loc[row.fiscal_year, "total"] == pytest.approx(row.proposal, abs=0.005)
    rates = list(CONVENTIONS)
    formal = settlement_table(costing)
    page = shown.settlement
    def one(table, name, period, year):
        rows = table[(table["scenario"] == name) & (table["period"] == period)]
        return (rows if year is None else rows[rows["fiscal_year"] == year])[rates].iloc[0].to_dict()

    for period, year in (("year", 2025), ("year", 2026), ("year", 2027), ("term", None)):
        assert one(formal, first.stem, period, year) == pytest.approx(one(page, "union_counter", period, year),
                                                                       nan_ok=True)
    text = first.read_text()
    assert "title: Union counter as moved 3/4" in text and "percent: 4.75" in text and "what-if page" in text


def test_written_proposal_reads_back_and_small_percents_stay_percents(toy):
    small = toy.edited(Edits().with_raise(dt.date(2024, 7, 1), RaiseEdit(percent=0.25)))
    text = proposal_yaml(small)
    assert "percent: 0.25%" in text
    assert file_stem("  Union: counter #2 ") == "union_counter_2" and file_stem("baseline") == "what_if"


# ---- the page module, driven as a person would (no browser) ----------------------------------------

class _Rows(HTMLParser):
    """The body rows of the first table in some HTML, as the cells' text."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell, self._body = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._body = True
        elif tag == "tr" and self._body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def table_rows(markup: str) -> list[list[str]]:
    parser = _Rows()
    parser.feed(markup)
    return parser.rows


def page_text(widget) -> str:
    """Every piece of text a page widget tree shows: HTML, labels, options, values."""
    parts = [str(getattr(widget, k, "")) for k in ("value", "description", "placeholder")]
    parts += [str(option) for option in getattr(widget, "options", ())]
    return "\n".join(parts + [page_text(child) for child in getattr(widget, "children", ())])


def shown_rows(w: WhatIf, edits: Edits) -> list[list[str]]:
    """The figures table's rows as the page must show them for these edits (money to the cent)."""
    rec = w.recost(w.edited(edits))
    return [[money(r.status_quo), money(r.proposal), money(r.new_money)] for r in rec.frame.itertuples()]


@pytest.fixture()
def chelsea_page(chelsea):
    return open_page(chelsea)


def test_the_page_shows_the_packages_figures_and_a_typed_percent_moves_them(chelsea_page, chelsea):
    page, w = chelsea_page, chelsea_page.what_if
    assert (w.name, w.other) == ("union_counter", "moa_2024")
    rows = table_rows(page.figures.value)
    assert rows[-1][0] == "Total" and [r[1:4] for r in rows] == shown_rows(w, Edits())
    july = dt.date(2024, 7, 1)
    assert page.year_pick.value == 2025 and page.raise_pick.value == july and page.percent.value == "4"
    page.percent.value = "6.5%"                       # typed with its sign: taken, not ignored
    assert page.percent_note.value == ""
    assert [r[1:4] for r in table_rows(page.figures.value)] == shown_rows(w, Edits().with_raise(july, RaiseEdit(percent=6.5)))
    assert "Change from as filed" in page.figures.value and "as moved here" in page.figures.value
    page.amount.value = "$4,000"                      # the flat differential as a finance office types it
    both = Edits().with_raise(july, RaiseEdit(percent=6.5, amount=4000))
    assert [r[1:4] for r in table_rows(page.figures.value)] == shown_rows(w, both)
    page.reset_button.click()
    assert page.percent.value == "4" and page.amount.value == "3,500"
    assert [r[1:4] for r in table_rows(page.figures.value)] == shown_rows(w, Edits())


def test_a_refused_value_is_named_beside_its_box_never_clamped(chelsea_page):
    page, w = chelsea_page, chelsea_page.what_if
    before = page.figures.value
    for typed, said in (("150", "150% is outside -100% to 100%"), ("-100", "-100% is outside -100% to 100%"),
                        ("five", "\u201cfive\u201d is not a percent: type a number such as 4.5 or 4.5%"),
                        ("", "type a percent (0 for no raise)")):
        page.percent.value = typed
        assert html.unescape(page.percent_note.value) == said
        assert "Not re-costed" in page.summary.value and page.figures.value == before    # nothing clamped and costed
        assert not page.edits
    page.percent.value = "30.5"                       # inside the bounds: costed as typed (the old page stopped at 30)
    assert page.percent_note.value == "" and "Not re-costed" not in page.summary.value
    assert table_rows(page.figures.value)[0][1:4] == shown_rows(
        w, Edits().with_raise(dt.date(2024, 7, 1), RaiseEdit(percent=30.5)))[0]
    page.amount.value = "$20,000,000"
    assert html.unescape(page.amount_note.value) == "$20,000,000 is too large: it must be at most $10,000,000"
    page.save_button.click()                          # nothing is saved while a box is refused
    assert "Not saved" in page.saved.value and not list(w.files[w.name].parent.glob("*what_if*"))
    page.budget_box.value = "1.5 million"
    assert "not a dollar amount" in html.unescape(page.budget_note.value)
    page.year_pick.value = 2026                     # moving on to another year: the refused text is gone
    assert not page.refused and "Not re-costed" not in page.summary.value and page.amount_note.value == ""


def test_gaps_and_new_money_in_words_and_the_budget_with_its_direction(chelsea_page):
    page = chelsea_page
    total = page.shown.frame.iloc[-1]
    # the union counter as filed: $387,258.41 above the MOA over the contract, $5,671,534.06 of new money
    assert total["gap"] == pytest.approx(387258.41, abs=0.005)
    assert "$387,258 above Chelsea para MOA" in page.summary.value
    assert "$5,671,534 more than the status quo" in page.summary.value
    assert table_rows(page.figures.value)[-1][-1] == "$387,258.41 above"
    page.other_pick.value = "baseline"
    assert "Against" not in page.summary.value          # against the status quo the gap is the new money
    page.budget_box.value = "$6,000,000"
    assert "$328,466 to spare" in page.summary.value and "Within the budget" in page.summary.value
    page.budget_box.value = "5,000,000"
    assert "$671,534 over" in page.summary.value and "wi-over" in page.summary.value
    assert words.compared(-453642.28, "the MOA") == "$453,642 below the MOA"
    assert words.compared(0.2, "the MOA") == "the same as the MOA"


def test_labels_and_controls_come_from_the_proposals_and_the_contract(tmp_path):
    """A labelled proposal is named by its label; a contract without stipends or steps shows no box for them."""
    contract = make_contract({**CONTRACT, "stipends": []})
    proposal = make_proposal({**PROPOSAL, "label": "Offer A"})
    from costing.engine.apply import apply_proposal

    costing = cost_scenarios(make_roster([{k: v for k, v in PERSON.items() if k != "lead"}], contract), contract,
                             {"offer": apply_proposal(contract, proposal)}, [2025], Options(as_of=dt.date(2024, 7, 1)),
                             proposal_texts={"offer": proposal})
    page = WhatIfPage(WhatIf(costing, "offer", "baseline", files={"offer": tmp_path / "offer.yaml"}))
    assert page.proposal_pick.options == (("Offer A", "offer"),)
    assert page.other_pick.options == (("Status quo", "baseline"),)
    assert page.stipend_row.layout.display == "none" and page.freeze.layout.display == "none"
    assert "Offer A (as filed)" in page.figures.value and "offer" not in table_rows(page.figures.value)[0]
    # the toy as filed: $50,000 x 1.03 = $51,500 against $50,000: $1,500 of new money
    assert "$1,500 more than the status quo" in page.summary.value


def test_who_gets_what_on_the_page_is_the_compare_reports(chelsea_page):
    """The page's who-gets-what is the report's (raise_distribution of raises), as filed and as moved."""
    from costing.engine.apply import apply_proposal
    from costing.negotiate.distribution import raise_distribution, raises
    from costing.report.format import percent

    page, w = chelsea_page, chelsea_page.what_if

    def expected(costing, name):
        table = raise_distribution(raises(costing))
        rows = table[(table.scenario == name) & (table.period == "term")].set_index("group")
        return [[g.capitalize(), f"{int(rows.loc[g, 'people'])}", percent(rows.loc[g, "median"]),
                 percent(rows.loc[g, "min"]), percent(rows.loc[g, "max"])] for g in ("top step", "still stepping")]

    assert table_rows(page.who.value) == expected(w.costing, "union_counter")
    page.year_pick.value = 2026
    page.percent.value = "7"
    moved = w.edited(Edits().with_raise(dt.date(2025, 7, 1), RaiseEdit(percent=7)))
    baseline = w.costing.contracts["baseline"]
    formal = cost_scenarios(w.costing.roster, baseline, {"moved": apply_proposal(baseline, moved)}, w.costing.years,
                            w.costing.options)
    assert table_rows(page.who.value) == expected(formal, "moved")
    assert table_rows(page.who.value) != expected(w.costing, "union_counter")


def test_chelsea_shows_its_stipends_and_the_step_freeze(chelsea_page):
    page = chelsea_page
    assert page.stipend_row.layout.display is None and page.freeze.layout.display is None
    assert ("Lead", "lead") in page.stipend_pick.options
    assert page.stipend_pick.value == "lead" and page.stipend_amount.value == "1,000"   # the first stipend, as filed
    page.stipend_pick.value = "lead"
    page.year_pick.value = 2027
    page.stipend_amount.value = "$2,000"
    assert page.stipend_note.value == ""
    assert [r[1:4] for r in table_rows(page.figures.value)] == shown_rows(page.what_if, Edits().with_stipend(2027, "lead", 2000))
    page.stipend_amount.value = "-5"
    assert html.unescape(page.stipend_note.value) == "-$5 is too small: it must be at least $0"


def test_saving_from_the_page_bounds_the_name_and_shows_no_folder(chelsea_page, chelsea):
    page = chelsea_page
    folder = chelsea.parent / "proposals"
    before = sorted(p.name for p in folder.iterdir())
    page.save_name.value = "x" * 300
    page.save_button.click()
    assert "300 characters" in html.unescape(page.save_note.value) and "Not saved" in page.saved.value
    assert sorted(p.name for p in folder.iterdir()) == before
    page.percent.value = "5"
    page.save_name.value = "Union counter, at the table"
    page.save_button.click()
    saved = folder / "union_counter_at_the_table.yaml"
    assert saved.is_file() and "Saved <b>union_counter_at_the_table.yaml</b> in proposals/" in page.saved.value
    assert load_proposal(saved).changes[0].percent == 5
    text = page_text(page.view)
    assert str(chelsea.parent) not in text and "/tmp" not in text and "docs/" not in text


def test_messages_on_the_page_name_files_by_name_never_by_folder(tmp_path):
    where = tmp_path / "district" / "proposals" / "offer.yaml"
    error = InputError(str(where), "changes[2]", f"table file {tmp_path}/district/rates.csv not found")
    assert words.plain_message(error) == "offer.yaml: changes[2]: table file rates.csv not found"
    assert words.plain_message(OSError(36, "File name too long", str(where))) == "offer.yaml: File name too long"
    assert words.without_folders("see 7/1/2026 and ../contract.yaml") == "see 7/1/2026 and ../contract.yaml"


def test_the_page_takes_its_scenario_from_costing_serves_environment(chelsea):
    page = open_page("nowhere.yaml", environ={"COSTING_WHAT_IF_SCENARIO": str(chelsea), "COSTING_WHAT_IF_PROPOSAL": "moa_2024",
                                              "COSTING_WHAT_IF_OTHER": "baseline", "COSTING_WHAT_IF_BUDGET": "1,000"})
    assert (page.what_if.name, page.what_if.other, page.budget_box.value) == ("moa_2024", "baseline", "1,000")


# ---- costing serve: the command line ---------------------------------------------------------------

def test_serve_refuses_bad_input_in_one_line(chelsea, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["serve", str(chelsea), "--proposal", "nope"])
    assert result.exit_code == 2 and "--proposal" in result.output and "'nope'" in result.output
    result = runner.invoke(main, ["serve", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "missing.yaml" in result.output
    result = runner.invoke(main, ["serve", str(chelsea), "--budget", "1.5 million"])
    assert result.exit_code == 2 and "--budget" in result.output and "not a dollar amount" in result.output
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(main, ["serve", str(chelsea), "--port", str(port)])
    assert result.exit_code == 2 and f"127.0.0.1:{port}" in result.output


def test_serve_binds_to_this_computer_by_default():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    assert free_port("127.0.0.1", None) > 0
    with pytest.raises(InputError, match="--port"):
        import socket
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            free_port("127.0.0.1", busy.getsockname()[1])


def test_serve_culls_idle_kernels_stays_quiet_opens_the_browser_and_keeps_the_token_off_command_lines(chelsea, tmp_path):
    """A page load that never opens its websocket leaves a kernel: Jupyter's culler shuts it down after
    --idle-timeout seconds. --open hands the address to the browser through a private file. The token
    is on no process's command line. The terminal shows only the address and the stop."""
    import os
    import urllib.request

    opened = tmp_path / "opened.html"
    browser_script = tmp_path / "browser.sh"
    browser_script.write_text(f'#!/bin/sh\ncat "${{1#file://}}" > {opened}\n')
    browser_script.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser_script)}
    with page_driver.serving(chelsea, "--open", "--idle-timeout", "2", env=env) as (address, server):
        token = address.split("token=")[1]
        deadline = time.monotonic() + 20
        while not (opened.is_file() and opened.stat().st_size) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert address in html.unescape(opened.read_text())              # the browser was given the page
        assert not [c for c in page_driver.all_command_lines() if token in c]   # ps shows no token
        with urllib.request.urlopen(address, timeout=120) as response:   # loads the page, never opens its websocket
            assert response.status == 200
        assert page_driver.kernels(server.pid), "the page load started no kernel"
        deadline = time.monotonic() + 30
        while page_driver.kernels(server.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not page_driver.kernels(server.pid), "the idle kernel was not culled"
    terminal = server.stderr.read()
    assert terminal.strip() == "stopping the what-if page", terminal


# ---- the page in a real browser ---------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.skipif(bool(page_driver.missing_browser()), reason=page_driver.missing_browser() or "browser present")
def test_page_in_chromium_moves_figures_to_the_packages_values_and_saves(chelsea):
    roster = pd.read_csv(chelsea.parent / "roster.csv", comment="#", dtype=str)
    w = WhatIf.from_scenario(chelsea)
    july = dt.date(2024, 7, 1)
    expected = w.recost(w.edited(Edits().with_raise(july, RaiseEdit(percent=6.5))))
    with page_driver.serving(chelsea, "--idle-timeout", "2") as (address, server):
        assert address.startswith("http://127.0.0.1:") and "token=" in address
        with page_driver.browser() as driver:
            page_driver.wait_for_page(driver, address)
            time.sleep(5)                       # idle past --idle-timeout: a page with its browser connected is kept
            assert page_driver.kernels(server.pid)
            filed = page_driver.figures_text(driver)
            assert filed[-1][0] == "Total" and filed[-1][2] == money(w.recost().frame.iloc[-1]["proposal"])
            page = driver.page_source.replace(address.split("token=")[1], "")     # the random token is not roster text
            assert "import " not in page and "WhatIf" not in page                      # no code on the page
            assert label(w, "moa_2024") in page and "Status quo" in page
            people = [*roster["employee_id"], *roster.get("name", [])]
            assert len(people) == 180 and not [v for v in people if v in page]           # no employee ID or name
            page_driver.type_into(driver, ".wi-percent", "6.5")
            page_driver.wait_for_change(driver, filed)
            shown = page_driver.figures_text(driver)
            for row, want in zip(shown, expected.frame.itertuples()):
                assert row[1:4] == [money(want.status_quo), money(want.proposal), money(want.new_money)]
                assert row[-2:] == [money(want.other), cents_compared(want.gap)]
            from selenium.webdriver.common.by import By
            from selenium.webdriver.support.ui import WebDriverWait

            driver.find_element(By.CSS_SELECTOR, "button.wi-save").click()
            WebDriverWait(driver, 30).until(lambda d: "Saved" in d.find_element(By.CSS_SELECTOR, ".wi-saved").text)
        pgid = server.pid
    assert not page_driver.group_alive(pgid)                                # no server or kernel left
    assert server.stderr.read().strip() == "stopping the what-if page"      # a quiet terminal through a whole session
    saved = chelsea.parent / "proposals" / "union_counter_what_if.yaml"
    result = CliRunner().invoke(main, ["validate", str(chelsea.parent / "contract.yaml"), str(saved)])
    assert result.exit_code == 0, result.output
    costing = cost_files(chelsea.parent / "roster.csv", chelsea.parent / "contract.yaml",
                         [str(chelsea.parent / "proposals" / "moa_2024.yaml"), str(saved)], [2025, 2026, 2027],
                         as_of=dt.date(2024, 7, 1))
    fig = costing.figures[costing.figures["scenario"] == "union_counter_what_if"]
    assert money(fig.loc[fig["period"] == "year", "total"].sum()) == shown[-1][2]
