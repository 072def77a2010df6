"""One dated value: every dated model shares one base (effective, value, reference, note, status),
rate tables keep every source that made them, and 'illustrative' is a status, not a word searched for.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from costing.engine.apply import apply_proposal
from costing.engine.schedule_listing import rate_table_frame
from costing.inputs import models as m
from costing.inputs.dated import walk_dated, walk_stated
from costing.inputs.loading import load_contract, load_proposal
from costing.report.caveats import illustrative_inputs

from .conftest import DATA, make_contract, make_proposal

CHELSEA = DATA / "chelsea"


def _dated_models() -> list[type]:
    found, todo = [], [m.Dated]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            found.append(sub)
    return found


def test_the_thirteen_dated_models_share_one_base() -> None:
    """Issue 20: thirteen model classes carried effective + reference by hand."""
    for cls in (m.PremiumRates, m.EmployerShare, m.PlanMove, m.DatedRate, m.Position, m.DatedWorkYear, m.RateTable,
                m.Anniversary, m.EntryDrop, m.DatedUnit, m.LongevityTable, m.DatedAmount, m.ChangeBase):
        assert issubclass(cls, m.Dated), cls
        assert {"effective", "reference", "note", "status"} <= set(cls.model_fields), cls


@pytest.mark.parametrize("cls", [c for c in _dated_models() if c.VALUE], ids=lambda c: c.__name__)
def test_each_dated_model_names_its_value(cls) -> None:
    assert cls.VALUE in cls.model_fields


def test_status_defaults_to_stated_and_is_checked() -> None:
    assert m.DatedAmount(effective=dt.date(2024, 7, 1), amount=5).status == "stated"
    with pytest.raises(ValueError):
        m.DatedAmount(effective=dt.date(2024, 7, 1), amount=5, status="guessed")


def test_a_rate_table_keeps_every_source_that_made_it() -> None:
    """Issue 20: after the MOA the FY2026 Chelsea table's reference named only the 6% step rebuild."""
    made = apply_proposal(load_contract(CHELSEA / "contract.yaml"), load_proposal(CHELSEA / "proposals/moa_2024.yaml"))
    fy2026 = next(t for t in made.schedule("para").tables if t.effective == dt.date(2025, 7, 1))
    assert fy2026.provenance == ("Chelsea para MOA 2024, Art. IV §A (eff. 7/1/2025: 5%), then "
                                 "Chelsea para MOA 2024, Art. IV §A (eff. 7/1/2025: $2,000 differential), then "
                                 "Chelsea para MOA 2024, pay sheet (6% step differential)")
    listing = rate_table_frame(made)
    shown = listing.loc[listing["effective_date"] == dt.date(2025, 7, 1), "reference"].unique()
    assert list(shown) == [fy2026.provenance]
    first = next(t for t in made.schedule("para").tables if t.effective == dt.date(2023, 7, 1))
    assert first.provenance == "Chelsea para MOA 2024, agreed pay sheet (12/11/2024), column FY2024 adopted"


CONTRACT = {
    "name": "c", "units": ["u"],
    "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1", "2"],
                   "tables": [{"effective": "2024-07-01", "rates": {"L": {"1": 40000, "2": 42000}}, "reference": "grid A"},
                              {"effective": "2026-07-01", "rates": {"L": {"1": 41000, "2": 43000}}, "reference": "grid B",
                               "status": "illustrative"}]}],
}


def test_a_change_carried_into_a_later_table_is_one_of_its_sources() -> None:
    # a 3% raise on 7/1/2025 makes a copy of grid A for that date and carries into grid B (7/1/2026):
    # 40,000 x 1.03 = 41,200 and 41,000 x 1.03 = 42,230 at step 1
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "raise_percent", "effective": "2025-07-01", "percent": 3, "reference": "Art. 5 (3%)"},
        {"op": "replace_table", "effective": "2026-07-01", "partial": True, "rates": {"L": {"2": 45000}},
         "reference": "side letter", "status": "assumed"}]})
    tables = apply_proposal(make_contract(CONTRACT), proposal).schedule("s").tables
    assert [(str(t.effective), t.rates["L"]["1"], t.provenance, t.status) for t in tables] == [
        ("2024-07-01", 40000, "grid A", "stated"),
        ("2025-07-01", 41200, "Art. 5 (3%)", "stated"),
        ("2026-07-01", 42230, "grid B, then Art. 5 (3%), then side letter", "illustrative"),
    ]


def test_a_table_copied_from_an_illustrative_one_is_illustrative() -> None:
    contract = make_contract({**CONTRACT, "schedules": [{**CONTRACT["schedules"][0], "tables": [
        {"effective": "2024-07-01", "rates": {"L": {"1": 40000, "2": 42000}}, "status": "illustrative"}]}]})
    proposal = make_proposal({"title": "t", "changes": [{"op": "add_flat", "effective": "2025-07-01", "amount": 500}]})
    copy = apply_proposal(contract, proposal).schedule("s").tables[-1]
    assert (copy.status, copy.rates["L"]["2"]) == ("illustrative", 42500)


def test_the_walks_find_every_dated_and_every_stated_value() -> None:
    contract = load_contract(CHELSEA / "contract.yaml")
    dated = {path for path, _ in walk_dated(contract)}
    assert ("longevity", "longevity", "tables", "2023-07-01") in dated
    assert ("stipends", "interpreter_pay", "values", "2023-07-01") in dated
    stated = {path: value.status for path, value in walk_stated(contract)}
    assert stated[()] == "stated" and ("rollup", "medicare") in stated


def _costing(contract, proposals=()):
    return SimpleNamespace(contracts={"baseline": contract}, proposals={p.title: p for p in proposals})


def test_illustrative_inputs_are_found_by_status_not_by_a_word() -> None:
    """Issue 20: Chelsea's prior longevity table and interpreter pay were marked ILLUSTRATIVE in free
    text only, and the caveats found nothing."""
    contract = load_contract(CHELSEA / "contract.yaml")
    assert illustrative_inputs(_costing(contract)) == ("longevity table of 7/1/2023", "Stipend: Interpreter pay")
    counter = load_proposal(CHELSEA / "proposals/union_counter.yaml")
    assert "proposal ILLUSTRATIVE union counter" in illustrative_inputs(_costing(contract, [counter]))


def test_the_word_alone_marks_nothing() -> None:
    contract = make_contract({**CONTRACT, "name": "ILLUSTRATIVE in the name only", "schedules": [
        {**CONTRACT["schedules"][0], "tables": [{"effective": "2024-07-01", "reference": "ILLUSTRATIVE grid",
                                                 "rates": {"L": {"1": 40000, "2": 42000}}}]}]})
    assert illustrative_inputs(_costing(contract)) == ()
    marked = contract.model_copy(update={"status": "illustrative"})
    assert illustrative_inputs(_costing(marked)) == ("the status quo contract: ILLUSTRATIVE in the name only",)


def test_an_illustrative_proposal_makes_illustrative_items() -> None:
    contract = load_contract(CHELSEA / "contract.yaml")
    counter = load_proposal(CHELSEA / "proposals/union_counter.yaml")
    assert counter.status == "illustrative" and all(c.status == "stated" for c in counter.changes)
    made = apply_proposal(contract, counter)
    assert {t.status for t in made.schedule("para").tables if t.effective.year >= 2024} == {"illustrative"}
    assert made.schedule("para").tables[0].status == "stated"        # the baseline's own table is untouched


def test_assumed_values_are_listed_with_the_report_assumptions() -> None:
    from costing.report import assumptions

    contract = load_contract(CHELSEA / "contract.yaml")
    moa = load_proposal(CHELSEA / "proposals/moa_2024.yaml")
    costing = SimpleNamespace(contracts={"baseline": contract, "moa": apply_proposal(contract, moa)},
                              proposals={"moa": moa}, years=[2025, 2027], switches=(), switched_off=(), roster=None,
                              labels={"baseline": "Status quo", "moa": "MOA"},
                              options=SimpleNamespace(proration=None, as_of=dt.date(2024, 7, 1)))
    items = assumptions.general(SimpleNamespace(rollup={}, switches=(), notes=""), costing)
    assert items[-1] == ("Marked as assumptions in the contract and proposals (the documents do not fix them; each file"
                         " says why): Paraprofessionals step date; Stipend: Preparation time; Stipend: Interpreter pay;"
                         " proposal Chelsea para MOA (pay sheet agreed 12/11/2024).")
