"""The provision registry: each provision module registers, once, the contract field it costs.

A provision module ends with one :func:`register` call naming the field of
:class:`costing.inputs.models.Contract` it costs, the item model that field holds, its place in the
order of operations (``order``: the stages of a year run the provisions in this order; the modules
state theirs with the reason, docs/method.md "Order of operations") and the functions that cost its
items at each stage. Importing :mod:`costing.engine.provisions` imports every module of the package,
so a new provision is its model, its module here, and its docs row: no list to add it to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...inputs import models as m
from ..projection_setup import ProjectionSetup
from ..roster_codes import RosterCodes
from .year import CostedYear, PayYear

Items = tuple  # the contract field's items, e.g. tuple[Stipend, ...]
People = Callable[[m.Contract, RosterCodes], RosterCodes]
Prepare = Callable[[Items, ProjectionSetup], object]
Who = Callable[[Items, pd.DataFrame, int, m.Contract], dict[str, np.ndarray]]   # item name -> per roster row
Pay = Callable[[Items, PayYear], Iterable[tuple[str, np.ndarray]]]               # (component, per person)
Owed = Callable[[Items, CostedYear], Iterable[tuple[str, np.ndarray]]]           # (component, per person)
Unit = Callable[[Items, CostedYear], Iterable[tuple[str, str, float]]]           # (component, unit, amount)


@dataclass(frozen=True)
class Provision:
    """How the items of one contract field are costed (each stage optional; see the package docstring)."""

    field: str
    item: type
    order: int                  # place in the order of operations: lower runs first at every stage
    people: People | None = None
    prepare: Prepare | None = None
    who: Who | None = None
    pay: Pay | None = None
    shapes_base: bool = False   # its pay changes base pay: the held-steps counterfactual runs it too
    owed: Owed | None = None
    unit: Unit | None = None


_REGISTERED: dict[str, Provision] = {}


def register(field: str, item: type, *, order: int, people: People | None = None, prepare: Prepare | None = None,
             who: Who | None = None, pay: Pay | None = None, shapes_base: bool = False, owed: Owed | None = None,
             unit: Unit | None = None) -> Provision:
    """Register the cost functions of one contract field, once; a field or a place in the order
    registered twice is a programming error (two provisions at one place would run in import order)."""
    if field in _REGISTERED:
        raise AssertionError(f"provision {field!r} is registered twice")
    taken = {p.order: p.field for p in _REGISTERED.values()}
    if order in taken:
        raise AssertionError(f"provision {field!r} takes order {order}, already {taken[order]!r}'s")
    provision = Provision(field, item, order, people, prepare, who, pay, shapes_base, owed, unit)
    _REGISTERED[field] = provision
    return provision


def registered() -> tuple[Provision, ...]:
    """Every registered provision, in the order of operations."""
    return tuple(sorted(_REGISTERED.values(), key=lambda p: p.order))
