"""Applying a proposal to a contract: validate everything, then return a new contract.

The order is fixed and documented: changes are taken in date order (file order within a date);
each one is checked against the contract as it stands when its turn comes, then produces a new
contract value. What an op checks and does is registered once, in :mod:`costing.engine.ops`; this
module is the loop over that registry and the checks every change shares (its schedules and units
exist, its dates lie in the contract's period, it selects a schedule where it must). Contingent
changes are applied only when the caller switches their name on. Because every step returns a new
value, a failure part-way can never leave a half-changed baseline behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..errors import InputError
from ..inputs import models as m
from ..inputs.loading import validate_model
from ..inputs.models.consistency import check_eligibility
from .ops import OPS, Applying, selected_schedules, unit_on
from .ops.registry import resolved

__all__ = ["active_changes", "apply_change", "apply_proposal", "check_change", "contingent_names", "resolved_dates",
           "selected_schedules", "unit_on"]


def _check_dates(contract: m.Contract, change: m.ChangeBase) -> None:
    period = contract.period
    dates = [change.effective] + [getattr(change, k) for k in ("until", "pay_date") if getattr(change, k, None)]
    if period:
        for day in dates:
            if not (period.start <= day <= period.end + dt.timedelta(days=1)):
                raise ValueError(f"date {day} is outside the contract period {period.start} to {period.end}")
    if getattr(change, "until", None) and change.until <= change.effective:
        raise ValueError(f"until {change.until} is not after effective {change.effective}")


def check_change(contract: m.Contract, change: m.ChangeBase, baseline: m.Contract | None = None) -> Applying:
    """The change's turn, or a ValueError in plain words if it cannot apply to this contract."""
    names = {s.name for s in contract.schedules}
    for name in change.schedules or ():
        if name not in names:
            raise ValueError(f"unknown schedule {name!r}")
    for unit in change.units or ():
        if unit not in contract.units:
            raise ValueError(f"unknown unit {unit!r}")
    _check_dates(contract, change)
    op = OPS[change.op]
    at = Applying(contract, baseline or contract, tuple(selected_schedules(contract, change, change.effective)))
    if op.needs_schedules and not at.targets:
        raise ValueError("selects no schedule")
    check_eligibility(contract, getattr(change, "eligible", None), getattr(change, "employed_on", ()), "")
    op.check(change, at)
    return at


def apply_change(contract: m.Contract, change: m.ChangeBase, baseline: m.Contract) -> m.Contract:
    """One change -> a new contract (checked first). ``baseline`` is the contract before the whole proposal."""
    at = check_change(contract, change, baseline)
    return OPS[change.op].apply(change, at)


def active_changes(proposal: m.Proposal, switches: Iterable[str] = ()) -> list[tuple[int, m.ChangeBase]]:
    """(position in file, change) for the changes that apply, in date then file order (dates resolved:
    :func:`resolved_dates`)."""
    on = set(switches)
    picked = [(i, c) for i, c in enumerate(proposal.changes) if c.contingent is None or c.contingent in on]
    return sorted(picked, key=lambda ic: (ic[1].effective, ic[0]))


def resolved_dates(contract: m.Contract, proposal: m.Proposal, source: str | None = None) -> m.Proposal:
    """The proposal with every change's date resolved on the contract's work calendars (a date given as
    the Nth work day of a school year becomes that day); a day that cannot be found names the change."""
    changes = []
    for index, change in enumerate(proposal.changes):
        try:
            changes.append(resolved(change, contract))
        except ValueError as exc:
            raise InputError(source, f"changes[{index + 1}] ({change.op}).effective_work_day", str(exc)) from None
    return proposal.model_copy(update={"changes": tuple(changes)})


def apply_proposal(contract: m.Contract, proposal: m.Proposal, switches: Iterable[str] = (),
                   source: str | None = None) -> m.Contract:
    """A new contract: the baseline with every (switched-on) change of the proposal applied.

    Each change is checked against the contract as it stands when its turn comes; the first
    problem raises an InputError naming the proposal file and the change, and nothing is
    returned. The baseline object is never modified. A proposal marked assumed or illustrative
    makes every item it adds so (the weaker of its status and the change's).
    """
    current = contract
    for index, change in active_changes(resolved_dates(contract, proposal, source), switches):
        if proposal.status != "stated":
            change = change.model_copy(update={"status": m.weakest(change.status, proposal.status)})
        try:
            current = apply_change(current, change, contract)
        except (ValueError, KeyError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise InputError(source, f"changes[{index + 1}] ({change.op})", str(message)) from None
    try:  # every item a change made is checked as if it were written in the contract
        current = validate_model(m.Contract, current.model_dump(), source)
    except InputError as exc:
        raise InputError(source, exc.where, f"the proposal leaves the contract inconsistent: {exc.message}") from None
    return current.model_copy(update={"applied": (*contract.applied, proposal.title)})


def contingent_names(proposal: m.Proposal) -> list[str]:
    """The switch names a proposal's contingent changes use."""
    return sorted({c.contingent for c in proposal.changes if c.contingent})
