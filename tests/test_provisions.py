"""Every kind of contract item has a cost function: the registry and the Contract model agree.

The item types are read from the ``Contract`` model's fields (every field holding a tuple of
models), never from a list written here, so a field added to the model without a registry entry
makes this test fail.
"""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from costing.engine.provisions import PROVISIONS, Provision
from costing.inputs.models import Contract

STAGES = ("people", "prepare", "who", "pay", "owed", "unit")


def item_fields(model: type[BaseModel]) -> dict[str, type]:
    """Field name -> item class, for every field of ``model`` that holds a tuple of models."""
    out = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) is not tuple:
            continue
        item = typing.get_args(annotation)[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            out[name] = item
    return out


def missing_cost_functions(model: type[BaseModel], provisions: tuple[Provision, ...]) -> list[str]:
    registered = {p.field: p for p in provisions}
    problems = []
    for name, item in item_fields(model).items():
        entry = registered.get(name)
        if entry is None:
            problems.append(f"{name} ({item.__name__}) has no cost function")
        elif entry.item is not item:
            problems.append(f"{name} holds {item.__name__} but its cost function is for {entry.item.__name__}")
        elif not any(getattr(entry, stage) is not None for stage in STAGES):
            problems.append(f"{name}: its registry entry names no function")
    return problems


def test_every_contract_item_type_has_a_cost_function():
    assert missing_cost_functions(Contract, PROVISIONS) == []


def test_the_registry_costs_nothing_the_contract_does_not_hold():
    fields = item_fields(Contract)
    extra = [p.field for p in PROVISIONS if p.field not in fields]
    assert extra == []
    assert len({p.field for p in PROVISIONS}) == len(PROVISIONS), "one entry per contract field"


def test_the_item_types_are_read_from_the_model():
    """The fields a contract holds items in are found (not listed by hand), and the check sees a new one."""
    fields = item_fields(Contract)
    assert {"schedules", "stipends", "retro", "benefits", "paid_days"} <= set(fields)
    assert "units" not in fields and "applied" not in fields  # tuples of text, not items

    class Bonus(BaseModel):
        name: str

    class WithBonuses(Contract):
        bonuses: tuple[Bonus, ...] = ()

    assert missing_cost_functions(WithBonuses, PROVISIONS) == ["bonuses (Bonus) has no cost function"]


@pytest.mark.parametrize("provision", PROVISIONS, ids=[p.field for p in PROVISIONS])
def test_a_provision_that_shapes_base_pay_is_a_pay_provision(provision: Provision):
    """The held-steps counterfactual runs the pay functions of the provisions that change base pay."""
    assert not provision.shapes_base or provision.pay is not None


def test_each_provision_module_registers_its_own_place_in_the_order():
    """Every cost function lives in the module that registers it, and the order is the documented one
    (docs/method.md): base pay, longevity, stipends, one-time, extra pay, paid days, retro, roll-up,
    premiums, unit-level lines, after the rows new positions add."""
    assert [p.field for p in PROVISIONS] == ["positions", "schedules", "longevity", "stipends", "one_time",
                                             "extra_pay", "paid_days", "retro", "rollup", "benefits", "cost_lines"]
    for p in PROVISIONS:
        modules = {getattr(p, stage).__module__ for stage in STAGES if getattr(p, stage) is not None}
        assert len(modules) == 1 and modules.pop().startswith("costing.engine.provisions."), p.field


def test_a_field_or_a_place_registered_twice_is_refused():
    from costing.engine.provisions import register
    from costing.engine.provisions.registry import _REGISTERED

    before = dict(_REGISTERED)
    with pytest.raises(AssertionError, match="registered twice"):
        register("stipends", Contract, order=999, pay=lambda items, year: ())
    with pytest.raises(AssertionError, match="already 'longevity'"):
        register("bonuses", Contract, order=30, pay=lambda items, year: ())
    assert _REGISTERED == before
