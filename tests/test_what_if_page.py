"""The what-if page: its edits cost by hand, its saved proposals, and the page itself in a real browser.

The browser test starts ``costing serve`` on a copy of the Chelsea data, moves a control in
headless Chromium and checks the figures against what the package computes for the same edit;
it skips only where no browser is installed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli.main import main
from costing.cli.serve_verbs import free_port, is_loopback
from costing.engine.costing_run import cost_files, cost_scenarios
from costing.engine.projection import Options
from costing.errors import InputError
from costing.negotiate.compare import settlement_table
from costing.negotiate.what_if import Edits, RaiseEdit, WhatIf, budget_gap, file_stem, parse_budget, proposal_yaml
from costing.report.format import money
from costing.report.tables import short_label

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


def test_budget_as_typed_and_the_gap_to_it():
    assert parse_budget("$1,500,000") == 1_500_000.0 and parse_budget(" 2500.50 ") == 2500.5 and parse_budget("") is None
    with pytest.raises(ValueError):
        parse_budget("1.5 million")
    # $2,000 of new money against a $1,500 budget: $500 over; against $2,600: $600 to spare
    assert budget_gap(2000.0, 1500.0) == 500.0 and budget_gap(2000.0, 2600.0) == -600.0 and budget_gap(2000.0, None) is None


def test_toy_settlement_percent_is_the_edited_proposals(toy):
    july = dt.date(2024, 7, 1)
    rec = toy.recost(toy.edited(Edits().with_raise(july, RaiseEdit(percent=4))))
    row = rec.settlement.set_index(["scenario", "fiscal_year"]).loc[("offer", 2025)]
    # the rate as quoted: year-end $52,000 over the prior year's $50,000 = 4%
    assert row["atb_rate_pct"] == pytest.approx(4.0, abs=1e-9)
    # all-in: $53,000 over the status quo year's $51,000 = 3.9216%
    assert row["all_in_pct"] == pytest.approx((53000 / 51000 - 1) * 100, abs=1e-6)


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
    fig = costing.figures[costing.figures["scenario"] == first.stem].set_index("fiscal_year")
    for row in shown.frame.iloc[:-1].itertuples():
        assert fig.loc[row.fiscal_year, "total"] == pytest.approx(row.proposal, abs=0.005)
    formal = settlement_table(costing).set_index(["scenario", "fiscal_year"])
    page = shown.settlement.set_index(["scenario", "fiscal_year"])
    for year in (2025, 2026, 2027, "contract"):
        assert formal.loc[(first.stem, year)].to_dict() == pytest.approx(page.loc[("union_counter", year)].to_dict())
    text = first.read_text()
    assert "title: Union counter as moved 3/4" in text and "percent: 4.75" in text and "what-if page" in text


def test_written_proposal_reads_back_and_small_percents_stay_percents(toy):
    small = toy.edited(Edits().with_raise(dt.date(2024, 7, 1), RaiseEdit(percent=0.25)))
    text = proposal_yaml(small)
    assert "percent: 0.25%" in text
    assert file_stem("  Union: counter #2 ") == "union_counter_2" and file_stem("baseline") == "what_if"


# ---- costing serve: the command line ---------------------------------------------------------------

def test_serve_refuses_bad_input_in_one_line(chelsea, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["serve", str(chelsea), "--proposal", "nope"])
    assert result.exit_code == 2 and "--proposal" in result.output and "'nope'" in result.output
    result = runner.invoke(main, ["serve", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "missing.yaml" in result.output
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


# ---- the page in a real browser ---------------------------------------------------------------------

@pytest.mark.skipif(bool(page_driver.missing_browser()), reason=page_driver.missing_browser() or "browser present")
def test_page_in_chromium_moves_figures_to_the_packages_values_and_saves(chelsea):
    roster = pd.read_csv(chelsea.parent / "roster.csv", comment="#", dtype=str)
    w = WhatIf.from_scenario(chelsea)
    july = dt.date(2024, 7, 1)
    expected = w.recost(w.edited(Edits().with_raise(july, RaiseEdit(percent=6.5))))
    with page_driver.serving(chelsea) as (address, server):
        assert address.startswith("http://127.0.0.1:") and "token=" in address
        with page_driver.browser() as driver:
            page_driver.wait_for_page(driver, address)
            filed = page_driver.figures_text(driver)
            assert filed[-1][0] == "Total" and filed[-1][2] == money(w.recost().frame.iloc[-1]["proposal"])
            page = driver.page_source.replace(address.split("token=")[1], "")     # the random token is not roster text
            assert "import " not in page and "WhatIf" not in page                      # no code on the page
            assert short_label(w.costing, "moa_2024") in page and "Status quo" in page
            people = [*roster["employee_id"], *roster.get("name", [])]
            assert len(people) == 180 and not [v for v in people if v in page]           # no employee ID or name
            page_driver.type_into(driver, ".wi-percent", "6.5")
            page_driver.wait_for_change(driver, filed)
            shown = page_driver.figures_text(driver)
            for row, want in zip(shown, expected.frame.itertuples()):
                assert row[1:4] == [money(want.status_quo), money(want.proposal), money(want.new_money)]
                assert row[-2:] == [money(want.other), money(want.gap)]
            from selenium.webdriver.common.by import By
            from selenium.webdriver.support.ui import WebDriverWait

            driver.find_element(By.CSS_SELECTOR, "button.wi-save").click()
            WebDriverWait(driver, 30).until(lambda d: "Saved" in d.find_element(By.CSS_SELECTOR, ".wi-saved").text)
        pgid = server.pid
    assert not page_driver.group_alive(pgid)                                # no server or kernel left
    saved = chelsea.parent / "proposals" / "union_counter_what_if.yaml"
    result = CliRunner().invoke(main, ["validate", str(chelsea.parent / "contract.yaml"), str(saved)])
    assert result.exit_code == 0, result.output
    costing = cost_files(chelsea.parent / "roster.csv", chelsea.parent / "contract.yaml",
                         [str(chelsea.parent / "proposals" / "moa_2024.yaml"), str(saved)], [2025, 2026, 2027],
                         as_of=dt.date(2024, 7, 1))
    fig = costing.figures[costing.figures["scenario"] == "union_counter_what_if"]
    assert money(fig["total"].sum()) == shown[-1][2]
