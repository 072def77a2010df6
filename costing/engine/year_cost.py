"""Costing one fiscal year of one contract on one roster: a loop over the provisions' registry.

The stages of a year, each a loop over :data:`costing.engine.provisions.PROVISIONS` in the order
of operations: who each rule-based item goes to; pay, per piece, for chunks of at most
:data:`CHUNK` people (so that a million people never hold all their pieces in memory at once),
added up per person and rounded to the cent; then what is owed on rounded pay (the retro line,
roll-up, premiums); then unit-level lines. The held-steps counterfactual (nobody moves a step)
is base pay only, priced on the same pieces at the roster-date steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from ..errors import InputError
from ..inputs.models import Contract
from .money import round_array
from .projection_setup import ProjectionSetup
from .proration import year_weights
from .provisions import PROVISIONS, CostedYear, Eligible, PayYear, price_year, priced
from .roster_codes import RosterCodes

CHUNK = 200_000


@dataclass(frozen=True)
class YearCost:
    """One fiscal year's cost: per-employee components, rounded, in the order costed, and unit-level lines."""

    fy: int
    components: dict[str, np.ndarray]
    lines: tuple[tuple[str, str, float], ...]   # (component, unit, amount)
    base_held_steps: np.ndarray | None = None   # base pay with nobody moving a step, per employee (if asked)
    cells: tuple[np.ndarray, np.ndarray] | None = None  # per employee: (lane code, step position) of their last
                                                        # piece of the year (-1: no piece: not employed in it)
    end_rates: tuple[np.ndarray, np.ndarray] | None = None  # per employee: the annual rate at full FTE of their
                                                            # last piece, steps moving and held (NaN: no piece)


def with_people(contract: Contract, codes: RosterCodes) -> RosterCodes:
    """The roster with the people the contract's items add (new positions)."""
    for provision in PROVISIONS:
        if provision.people is not None:
            codes = provision.people(contract, codes)
    return codes


def prepare(setup: ProjectionSetup) -> dict[str, object]:
    """What each provision works out once per projection (contract field -> its value)."""
    contract = setup.contract
    return {p.field: p.prepare(getattr(contract, p.field), setup) for p in PROVISIONS if p.prepare is not None}


def eligibility(setup: ProjectionSetup, fy: int) -> Eligible:
    """Who each rule-based item goes to in ``fy``, evaluated on the whole roster."""
    contract, by_item = setup.contract, {}
    try:
        for p in PROVISIONS:
            if p.who is not None:
                for name, value in p.who(getattr(contract, p.field), setup.roster, fy, contract).items():
                    by_item[(p.field, name)] = value
    except InputError as exc:
        raise exc.located(setup.source) if setup.source else exc from None
    return Eligible(MappingProxyType(by_item))


def cost_year(setup: ProjectionSetup, prepared: dict[str, object], fy: int, held_steps: bool = False) -> YearCost:
    """Every component of fiscal year ``fy`` (and, with ``held_steps``, base pay at the roster-date steps)."""
    eligible = eligibility(setup, fy)
    components, held, cells, end_rates = _pay_stage(setup, fy, eligible, held_steps)
    contract = setup.contract
    year = CostedYear(fy=fy, contract=contract, roster=setup.roster, people=setup.people, components={},
                      prepared=MappingProxyType(prepared), proration=setup.options.proration or contract.proration,
                      source=setup.source)
    for p in PROVISIONS:
        if p.owed is not None:
            year = replace(year, components=MappingProxyType(dict(components)))
            components.update(p.owed(getattr(contract, p.field), year))
    lines = tuple(row for p in PROVISIONS if p.unit is not None for row in p.unit(getattr(contract, p.field), year))
    return YearCost(fy, components, lines, held, cells, end_rates)


def _pay_stage(setup: ProjectionSetup, fy: int, eligible: Eligible, held_steps: bool):
    """Pay components per employee, rounded; base pay at held steps if asked; each person's last cell;
    and, with held steps, each person's last annual rate with steps moving and held (else None)."""
    n = setup.people.n
    weights = year_weights(setup.contract, setup.rules, fy)
    parts: dict[str, list[np.ndarray]] = {}
    held_parts: list[np.ndarray] = []
    ends: list[tuple[np.ndarray, ...]] = []
    for lo in range(0, n, CHUNK):
        index = slice(lo, min(lo + CHUNK, n)) if n > CHUNK else None  # a slice: the chunk's arrays are views
        year = price_year(setup, fy, index, eligible if index is None else eligible.take(index), weights=weights)
        for name, amount in pay(year, setup.contract).items():
            parts.setdefault(name, []).append(amount)
        held = year if year.freeze or not held_steps else priced(year.weights, year.people, year.pieces, setup,
                                                                  year.eligible, freeze=True)
        if held_steps:
            held_parts.append(_held_steps_base(held, setup))
        ends.append(last_cells(year, held))
    components = {name: _rounded(np.concatenate(v)) for name, v in parts.items()}
    held = _rounded(np.concatenate(held_parts or [np.zeros(0)])) if held_steps else None
    lane, step, annual, annual_held = (np.concatenate(column) for column in zip(*ends))
    return components, held, (lane, step), (annual, annual_held) if held_steps else None


def last_cells(year: PayYear, held: PayYear) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per employee, the (lane code, step position) of their last piece of the year: where they stand on
    the last day they are employed in it (a piece never straddles a step or lane change); -1 for none.
    Then that piece's annual rate at full FTE in ``year`` and in ``held`` (the same pieces, steps held;
    NaN for none): for everyone employed on the year's last day, the rates a one-day piece on that day
    would be priced at (the piece starts at the last break before it), so the year-end placement
    is read here instead of pricing everyone again (:func:`costing.engine.projected.project_scenarios`)."""
    emp = year.pieces.emp
    last = np.flatnonzero(np.r_[emp[1:] != emp[:-1], True]) if len(emp) else np.zeros(0, dtype=np.int64)
    lane, step = np.full(year.people.n, -1, dtype=np.int64), np.full(year.people.n, -1, dtype=np.int64)
    lane[emp[last]], step[emp[last]] = year.rates.lane[last], year.rates.step[last]
    annual, annual_held = np.full(year.people.n, np.nan), np.full(year.people.n, np.nan)
    annual[emp[last]], annual_held[emp[last]] = year.rates.annual[last], held.rates.annual[last]
    return lane, step, annual, annual_held


def _rounded(values: np.ndarray) -> np.ndarray:
    """``round_array(values)``; most components are zero for most people (a stipend paid to ten in a
    thousand), so only the others are rounded when they are few."""
    nonzero = np.flatnonzero(values)
    if len(nonzero) > len(values) // 2:
        return round_array(values)
    out = np.zeros(len(values))
    out[nonzero] = round_array(values[nonzero])
    return out


def pay(year: PayYear, contract: Contract, provisions: Iterable = PROVISIONS) -> dict[str, np.ndarray]:
    """Every pay provision's components for one priced year, added up by component (not rounded)."""
    out: dict[str, np.ndarray] = {}
    for p in provisions:
        if p.pay is not None:
            for name, amount in p.pay(getattr(contract, p.field), year):
                out[name] = out[name] + amount if name in out else amount
    return out


def _held_steps_base(held: PayYear, setup: ProjectionSetup) -> np.ndarray:
    """Base pay of the year's pieces with nobody moving a step since the roster date (``held``: priced so)."""
    return pay(held, setup.contract, [p for p in PROVISIONS if p.shapes_base])["base"]
