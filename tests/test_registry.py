"""One op, one place: the op union, the registry, the descriptions, the JSON Schema and the docs agree.

A proposal op is registered once (costing.engine.ops) with its check, its apply and its words;
these tests hold every place an op is named to the same set, so an op cannot be half-added, and
pin the drifts issue 20 found between them (a roll-up op that refused what the contract takes,
ops the report described by their bare name).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from costing.engine import ops
from costing.engine.apply import apply_proposal
from costing.inputs.loading import load_contract, load_proposal
from costing.inputs.models import CHANGE_MODELS, Proposal, op_name
from costing.inputs.schema import schemas
from costing.report import assumptions

from .conftest import DATA, ROOT, make_contract, make_proposal

OP_NAMES = {op_name(model) for model in CHANGE_MODELS}

# one written example of every op, with the words its description must carry (its figures)
EXAMPLES: dict[str, tuple[dict, list[str]]] = {
    "raise_percent": ({"percent": 3, "lanes": ["P"], "steps": ["1", "2"]}, ["3% raise", "lane P", "steps 1 and 2"]),
    "add_flat": ({"amount": 3500, "per": "year"}, ["$3,500.00 per year", "every step"]),
    "raise_greater_of": ({"percent": 2.25, "amount": 900, "each": "person"},
                         ["2.25% or $900.00 per year, whichever is greater", "for each person", "by FTE"]),
    "rebuild": ({"ratio": 1.06, "from_step": "1"}, ["6% apart from step 1"]),
    "replace_table": ({"rates": {"P": {"1": 20, "2": 21}}, "partial": True}, ["2 cell(s)", "lane P"]),
    "set_anniversary": ({"month_day": "09-01"}, ["September 1"]),
    "freeze_steps": ({"until": "2026-07-01"}, ["until 7/1/2026"]),
    "drop_entry_step": ({"step": "1"}, ["step 1"]),
    "replace_longevity": ({"amounts": {10: 1750, 15: 2000}}, ["$1,750.00 at 10 years", "$2,000.00 at 15 years"]),
    "set_stipend": ({"name": "lead", "amount": 1000, "kind": "annual"}, ["lead set to $1,000.00 a year"]),
    "one_time": ({"name": "bonus", "amount": 375, "pay_date": "2025-10-15", "employed_on": ["2025-10-01"]},
                 ["$375.00", "paid 10/15/2025", "employed on 10/1/2025"]),
    "retro": ({"until": "2025-05-21", "pay_date": "2025-06-30"}, ["until 5/21/2025", "paid 6/30/2025"]),
    "add_positions": ({"count": 5, "unit": "para", "schedule": "para", "lane": "P", "step": "3"},
                      ["5 new positions", "lane P, step 3"]),
    "set_rollup": ({"name": "medicare", "rate": 1.45, "applies_to": ["base", "extra_pay"]},
                   ["1.45%", "base pay, extra pay and paid days"]),
    "set_work_year": ({"days_per_year": 223}, ["223 days a year"]),
    "set_unit": ({"unit": "teachers"}, ["unit teachers"]),
    "add_cost_line": ({"name": "coverage", "unit": "para", "rate": 60, "quantity": 1000, "cap": 75000},
                      ["$60.00 x 1000", "capped at $75,000.00"]),
    "end_cost_line": ({"name": "tuition_pool"}, ["tuition pool ends"]),
    "set_premium": ({"name": "health", "plan": "HMO", "rates": {"individual": 900, "family": 2380}},
                    ["plan HMO", "$900.00 individual", "$2,380.00 family"]),
    "set_employer_share": ({"name": "health", "percent": 80, "plans": ["HMO"]}, ["80%", "HMO"]),
    "move_plan": ({"name": "health", "from_plan": "PPO", "to_plan": "HMO"}, ["plan PPO", "plan HMO"]),
    "add_paid_days": ({"name": "juneteenth", "days": 1, "recurring": True}, ["1 paid day", "juneteenth", "every year"]),
    "set_extra_pay": ({"name": "service_weeks", "measure": "weeks", "tiers": {10: 1, 20: 2}, "pay_month_day": "06-30"},
                      ["1 week at 10 years", "2 weeks at 20 years", "June 30"]),
}


def _change(op: str):
    fields, _ = EXAMPLES[op]
    proposal = make_proposal({"title": "t", "changes": [{"op": op, "effective": "2025-07-01", **fields}]})
    return proposal.changes[0]


def _schema_ops() -> set[str]:
    on_disk = json.loads((ROOT / "schemas/proposal.schema.json").read_text())
    assert on_disk == json.loads(json.dumps(schemas()["proposal.schema.json"], default=str)), \
        "schemas/ is out of date: run `costing schema`"
    return {d["properties"]["op"]["const"] for d in on_disk["$defs"].values() if "op" in d.get("properties", {})}


def _documented_ops() -> set[str]:
    text = (ROOT / "docs/formats.md").read_text()
    table = text[text.index("The changes vocabulary"):]
    table = table[:table.index("\n\n", table.index("| op |"))]
    return set(re.findall(r"^\| `(\w+)` \|", table, re.M))


def test_every_place_names_the_same_ops() -> None:
    union = {op_name(t) for t in Proposal.model_fields["changes"].annotation.__args__[0].__origin__.__args__}
    assert union == OP_NAMES
    assert set(ops.OPS) == OP_NAMES
    assert set(EXAMPLES) == OP_NAMES            # every op has a description test below
    assert _schema_ops() == OP_NAMES
    assert _documented_ops() == OP_NAMES


def test_registering_an_op_twice_is_refused() -> None:
    with pytest.raises(AssertionError, match="registered twice"):
        ops.register(CHANGE_MODELS[0], apply=lambda c, at: at.contract, describe=lambda c, _: "")


@pytest.mark.parametrize("op", sorted(OP_NAMES))
def test_every_op_says_its_figures(op: str) -> None:
    text = assumptions.describe_change(_change(op))
    assert text.endswith("from 7/1/2025")
    for words in EXAMPLES[op][1]:
        assert words in text, (words, text)


def test_the_bundled_extra_pay_and_paid_days_say_days_and_tiers() -> None:
    """Issue 20: Belmont's report said 'add paid days, from 11/27/2025', New Bedford's 'set extra pay, from 5/8/2023'."""
    belmont = load_proposal(DATA / "belmont/proposals/unit_d_paid_holidays.yaml").changes[0]
    assert assumptions.describe_change(belmont).startswith("8 paid days (paid holidays) at each person's own daily")
    new_bedford = load_proposal(DATA / "new_bedford/proposals/agreement_2022.yaml")
    xmas = next(c for c in new_bedford.changes if c.op == "set_extra_pay" and c.name == "xmas_days")
    assert assumptions.describe_change(xmas) == ("extra pay xmas days: 5 days at 4 years of service, paid each year on"
                                                 " December 20, service counted on September 1, from 5/8/2023")


def test_a_stipend_of_unknown_unit_is_never_said_in_dollars_a_year() -> None:
    """Newton's second Category 1 added-time change (4.6223, a percent of base pay, its stipend switched off) printed
    '$4.62 a year': with no kind on the change and no such stipend in the contract, no unit is guessed."""
    change = make_proposal({"title": "t", "changes": [
        {"op": "set_stipend", "effective": "2026-09-01", "name": "added_time", "label": "Added time",
         "amount": 4.6223}]}).changes[0]
    text = assumptions.describe_change(change)
    assert text.startswith("Added time set to 4.6223 in the stipend's own unit") and "$" not in text


def test_status_and_contingency_are_said() -> None:
    change = make_proposal({"title": "t", "changes": [
        {"op": "set_stipend", "effective": "2025-01-01", "name": "lead", "amount": 0, "status": "assumed",
         "contingent": "early"}]}).changes[0]
    assert assumptions.describe_change(change).endswith("(only with the switch: early) (assumed)")


CONTRACT = {
    "name": "c", "units": ["para"],
    "schedules": [{"name": "para", "unit": "para", "rate_unit": "annual", "lanes": ["P"], "steps": ["1"],
                   "tables": [{"effective": "2024-07-01", "rates": {"P": {"1": 40000}}}]}],
    "rollup": [{"name": "medicare", "rate": 1.45, "applies_to": ["base"]}],
}


def test_set_rollup_takes_every_target_a_contract_roll_up_takes() -> None:
    """Issue 20: SetRollup.applies_to lacked extra_pay while Rollup.applies_to had it (both are RollupTargets now)."""
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "set_rollup", "effective": "2025-07-01", "name": "medicare", "rate": 1.45,
         "applies_to": ["base", "extra_pay"]}]})
    made = apply_proposal(make_contract(CONTRACT), proposal)
    # what the rate is charged on is dated with it: from 7/1/2025, not before (tests/cases/rollup_widened_from_a_date.yaml)
    assert made.rollup[0].applies_to_on(__import__("datetime").date(2025, 7, 1)) == ("base", "extra_pay")


def test_the_report_says_extra_pay_in_words() -> None:
    """Issue 20: the Chelsea report printed the raw word extra_pay (the report's own word list lacked it)."""
    contract = load_contract(DATA / "chelsea/contract.yaml")
    costing = SimpleNamespace(contracts={"baseline": contract}, proposals={}, years=[2025, 2027], roster=None,
                              options=SimpleNamespace(proration=None, as_of=__import__("datetime").date(2024, 7, 1)))
    scenario = SimpleNamespace(rollup={}, switches=(), notes="")
    text = " ".join(assumptions.general(scenario, costing))
    assert "extra_pay" not in text
    assert "Roll-up: Medicare at 1.45% of base pay, longevity, stipends and differentials, extra pay and paid days," in text


def test_a_change_with_its_item_fields_makes_the_item_with_them(tmp_path: Path) -> None:
    """add_cost_line shares CostLine's fields: whatever the change states, the line has."""
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "add_cost_line", "effective": "2025-07-01", "name": "coverage", "unit": "para", "rate": 60,
         "quantity": 10, "cap": 500, "cap_per": "contract_year", "contract_year_start": "09-01",
         "assumption": "10 periods", "reference": "MOU §7", "status": "assumed"}]})
    line = apply_proposal(make_contract(CONTRACT), proposal).cost_lines[0]
    assert (line.cap, line.cap_per, line.assumption, line.reference, line.status, line.effective.isoformat()) == (
        500, "contract_year", "10 periods", "MOU §7", "assumed", "2025-07-01")


def test_every_json_schema_on_disk_is_the_models():
    """Editors validate the bundled files against schemas/ (a `yaml-language-server: $schema` line): a
    stale schema marks a valid key (a scenario's rounds:) as an error. Every file, not only the proposal's."""
    generated = schemas()
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(generated)
    for name, schema in generated.items():
        on_disk = json.loads((ROOT / "schemas" / name).read_text())
        assert on_disk == json.loads(json.dumps(schema, default=str)), f"schemas/{name} is out of date: run `costing schema`"
