"""The op registry: each proposal op registered once, with its check, its apply and its description.

A proposal op is one unit of code: its model (in :mod:`costing.inputs.models.changes`, because
loading and the JSON Schema need it and the inputs stage may not import the engine) and, here in
the engine, the three things done with it: ``check`` (can it apply to the contract as it stands?
a ValueError says why not, in words the user wrote), ``apply`` (the new contract) and
``describe`` (the change in plain English, with every figure it carries, for the report's
assumptions). :func:`costing.engine.apply.apply_proposal` is a loop over this registry and
:func:`costing.report.assumptions.describe_change` a lookup in it; a test holds the registry, the
op union, the JSON Schema and docs/formats.md to the same set of ops.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ...inputs import models as m
from ...inputs.dated import in_force
from ...inputs.models import changes as ch
from ...inputs.words import listed


@dataclass(frozen=True)
class Applying:
    """One change's turn: the contract as it stands, the one before the whole proposal, the schedules picked."""

    contract: m.Contract
    baseline: m.Contract
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Op:
    model: type[ch.ChangeBase]
    check: Callable[[ch.ChangeBase, Applying], None]
    apply: Callable[[ch.ChangeBase, Applying], m.Contract]
    describe: Callable[[ch.ChangeBase, m.Contract | None], str]
    needs_schedules: bool  # the change must select at least one schedule on its date


OPS: dict[str, Op] = {}


def _no_check(change: ch.ChangeBase, at: Applying) -> None:
    return None


def register(model: type[ch.ChangeBase], *, apply, describe, check=_no_check, needs_schedules: bool = False) -> None:
    """Register an op once; a second registration of the same op is a programming error."""
    name = m.op_name(model)
    if name in OPS:
        raise AssertionError(f"op {name!r} is registered twice")
    OPS[name] = Op(model, check, apply, describe, needs_schedules)


# ------------------------------------------------------------------ selection, shared by checks and applies


def unit_on(schedule: m.Schedule, day: dt.date) -> str:
    """The bargaining unit a schedule belongs to on ``day``."""
    change = in_force(schedule.unit_changes, day)
    return schedule.unit if change is None else change.unit


def selected_schedules(contract: m.Contract, change: m.Selector, day: dt.date) -> list[str]:
    """Names of the schedules a selector picks on ``day`` (all, when it names none)."""
    if change.schedules is None and change.units is None:
        return [s.name for s in contract.schedules]
    names = []
    for schedule in contract.schedules:
        if change.schedules is not None and schedule.name in change.schedules:
            names.append(schedule.name)
        elif change.units is not None and unit_on(schedule, day) in change.units:
            names.append(schedule.name)
    return names


def replace_schedules(contract: m.Contract, names, fn) -> m.Contract:
    """The contract with ``fn(schedule)`` in place of each named schedule."""
    names = set(names)
    return contract.model_copy(update={"schedules": tuple(fn(s) if s.name in names else s for s in contract.schedules)})


def shared(change: ch.ChangeBase, fields: type[m.Frozen]) -> dict:
    """The values of the fields a change shares with the contract item it makes (its ``...Fields`` model)."""
    return {name: getattr(change, name) for name in fields.model_fields}


def sourced(change: ch.ChangeBase) -> dict:
    """Reference, note and status: what a contract item made by a change keeps of where it came from."""
    return {"reference": change.reference, "note": change.note, "status": change.status}


# ------------------------------------------------------------------ describing


def describe(change: ch.ChangeBase, contract: m.Contract | None = None) -> str:
    """One change in words: '3% raise on every step (para), from 07/01/2024 (contingent: x)'.

    ``contract`` (the one the proposal makes) tells what the change itself does not, such as an
    existing stipend's unit (a year, an hour, hours).
    """
    out = OPS[change.op].describe(change, contract)
    where = [*(change.schedules or ()), *(f"unit {u}" for u in change.units or ())]
    if where:
        out += f" ({', '.join(where)})"
    out += f", from {change.effective:%m/%d/%Y}"
    if change.contingent:
        out += f" (contingent: {change.contingent})"
    if change.status != "stated":
        out += f" ({'ILLUSTRATIVE' if change.status == 'illustrative' else 'assumed'})"
    return out


def cells(lanes, steps) -> str:
    """Which cells of a table a change touches, in words: 'every step', 'lanes P and TAI, steps 1 and 2'."""
    if not lanes and not steps:
        return "every step"
    parts = []
    if lanes:
        parts.append(("lane " if len(lanes) == 1 else "lanes ") + listed(lanes))
    if steps:
        parts.append(("step " if len(steps) == 1 else "steps ") + listed(steps))
    return ", ".join(parts)


def words(name: str) -> str:
    """A name as words: 'interpreter_pay' -> 'interpreter pay'."""
    return str(name).replace("_", " ")
