"""The engine's rules are said in the report's assumptions when a costing uses them
(costing.engine.stated_rules): part-timers' longevity, leavers' pro-rata longevity, the order of an
entry-step drop and a step on one day, contract-year caps, and the steps of the year before."""

from __future__ import annotations

from costing.engine.apply import apply_proposal
from costing.engine.stated_rules import rules_in_words
from costing.inputs.loading import load_contract, load_proposal

from .conftest import DATA, make_contract


def test_each_bundled_rule_is_said_where_it_applies() -> None:
    new_bedford = " ".join(rules_in_words([load_contract(DATA / "new_bedford/contract.yaml")]))
    assert "part-time staff receive the full amount" in new_bedford
    assert "leave before its pay day for a stated reason (retired, resigned)" in new_bedford
    assert "steps people held in it" in new_bedford
    assert "entry-step drop" not in new_bedford and "contract year" not in new_bedford
    baseline = load_contract(DATA / "newton/contract.yaml")
    offer = apply_proposal(baseline, load_proposal(DATA / "newton/proposals/nta_2024-01-28.yaml"))
    assert "entry-step drop" not in " ".join(rules_in_words([baseline]))   # the status quo drops no step
    newton = " ".join(rules_in_words([baseline, offer]))
    assert "On schedule unit c, on a day with both an entry-step drop and a step, the drop comes first" in newton
    assert "cap per contract year" in newton


def test_a_contract_without_longevity_says_nothing_of_it() -> None:
    contract = make_contract({"name": "x", "units": ["u"], "schedules": [
        {"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
         "tables": [{"effective": "2020-07-01", "rates": {"L": {"1": 1}}}]}]})
    said = " ".join(rules_in_words([contract]))
    assert "Longevity" not in said and "part-time" not in said
    scaled = make_contract({**contract.model_dump(mode="json"), "longevity": [
        {"name": "longevity", "fte_scaled": True, "tables": [{"effective": "2020-07-01", "amounts": {"10": 500}}]}]})
    assert "part-time staff receive the amount times their FTE" in " ".join(rules_in_words([scaled]))


def test_red_circled_people_are_counted_by_schedule_and_rule() -> None:
    import pandas as pd
    import yaml

    from .conftest import ROOT, make_roster
    case = yaml.safe_load((ROOT / "tests/cases/red_circle.yaml").read_text())
    contract = make_contract(case["contract"])
    said = " ".join(rules_in_words([contract], make_roster(case["roster"], contract)))
    assert "On schedule frozen, 2 people are red-circled" in said and "the own rate is frozen" in said
    assert "On schedule raised, 1 person is red-circled" in said and "raised by the same percent as the cell" in said
    assert "red-circled" not in " ".join(rules_in_words([contract], pd.DataFrame({"schedule": ["frozen"]})))
