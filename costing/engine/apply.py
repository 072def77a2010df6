"""Applying a proposal to a contract: validate everything, then return a new contract.

The order is fixed and documented: changes are taken in date order (file order within a date);
each one produces a new contract value. Contingent changes are applied only when the caller
switches their name on. Because every step returns a new value, a failure part-way can never
leave a half-changed baseline behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..errors import InputError, did_you_mean
from ..inputs import models as m
from . import rate_tables


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


def unit_on(schedule: m.Schedule, day: dt.date) -> str:
    """The bargaining unit a schedule belongs to on ``day``."""
    unit = schedule.unit
    for change in sorted(schedule.unit_changes, key=lambda c: c.effective):
        if change.effective <= day:
            unit = change.unit
    return unit


def _check_change(contract: m.Contract, change) -> None:
    """Raise ValueError with a plain message if a change cannot apply to this contract."""
    names = {s.name for s in contract.schedules}
    for name in change.schedules or ():
        if name not in names:
            raise ValueError(f"unknown schedule {name!r}")
    for unit in change.units or ():
        if unit not in contract.units and not isinstance(change, m.SetUnit):
            raise ValueError(f"unknown unit {unit!r}")
    period = contract.period
    dates = [change.effective] + [getattr(change, k) for k in ("until", "pay_date") if getattr(change, k, None)]
    if period:
        for day in dates:
            if not (period.start <= day <= period.end + dt.timedelta(days=1)):
                raise ValueError(f"date {day} is outside the contract period {period.start} to {period.end}")
    if getattr(change, "until", None) and change.until <= change.effective:
        raise ValueError(f"until {change.until} is not after effective {change.effective}")
    targets = selected_schedules(contract, change, change.effective)
    if not targets and not isinstance(change, (m.OneTimeChange, m.AddCostLine, m.SetRollup, m.SetStipend,
                                               m.ReplaceLongevity, m.AddPositions, *BENEFIT_CHANGES)):
        raise ValueError("selects no schedule")
    for name in targets:
        schedule = contract.schedule(name)
        for lane in getattr(change, "lanes", None) or ():
            if lane not in schedule.lanes:
                raise ValueError(f"schedule {name!r} has no lane {lane!r}")
        for step in getattr(change, "steps", None) or ():
            if step not in schedule.steps:
                raise ValueError(f"schedule {name!r} has no step {step!r}")
        if isinstance(change, (m.RaisePercent, m.AddFlat, m.Rebuild, m.RetroChange)):
            rate_tables.table_in_force(schedule, change.effective)
        if isinstance(change, m.Rebuild) and change.from_step is not None and change.from_step not in schedule.steps:
            raise ValueError(f"schedule {name!r} has no step {change.from_step!r}")
        if isinstance(change, m.DropEntryStep) and change.step not in schedule.steps:
            raise ValueError(f"schedule {name!r} has no step {change.step!r}")
        if isinstance(change, m.ReplaceTable):
            for lane, cells in change.rates.items():
                if lane not in schedule.lanes:
                    raise ValueError(f"schedule {name!r} has no lane {lane!r}")
                for step in cells:
                    if step not in schedule.steps:
                        raise ValueError(f"schedule {name!r} lane {lane} has no step {step!r}")
    if isinstance(change, m.AddPositions):
        schedule = contract.schedule(change.schedule) if change.schedule in names else None
        if schedule is None:
            raise ValueError(f"unknown schedule {change.schedule!r}")
        if change.lane not in schedule.lanes or change.step not in schedule.steps:
            raise ValueError(f"schedule {change.schedule!r} has no lane {change.lane!r} step {change.step!r}")
    if isinstance(change, m.SetStipend) and change.name not in {s.name for s in contract.stipends} and change.kind is None:
        raise ValueError(f"no stipend named {change.name!r}{did_you_mean(change.name, [s.name for s in contract.stipends])};"
                         " a new stipend needs a kind")
    programs = [lg.name for lg in contract.longevity]
    if isinstance(change, m.ReplaceLongevity) and programs and change.name not in programs:
        raise ValueError(f"no longevity program named {change.name!r}{did_you_mean(change.name, programs)}"
                         f" (the contract has {', '.join(programs)})")
    if isinstance(change, m.EndCostLine) and change.name not in {x.name for x in contract.cost_lines}:
        known = ", ".join(x.name for x in contract.cost_lines) or "none"
        raise ValueError(f"unknown cost line {change.name!r} (the contract's cost lines: {known})")
    if isinstance(change, (m.SetPremium, m.SetEmployerShare, m.MovePlan)):
        benefit = _benefit(contract, change.name)
        plans = [change.plan] if isinstance(change, m.SetPremium) else (
            [change.from_plan, change.to_plan] if isinstance(change, m.MovePlan) else list(change.plans or ()))
        for plan in plans:
            if plan not in benefit.plans:
                raise ValueError(f"benefit {change.name!r} has no plan {plan!r} (plans: {', '.join(benefit.plans)})")


BENEFIT_CHANGES = (m.SetPremium, m.SetEmployerShare, m.MovePlan, m.AddPaidDays, m.SetExtraPay, m.EndCostLine)


def _benefit(contract: m.Contract, name: str) -> m.Benefit:
    for benefit in contract.benefits:
        if benefit.name == name:
            return benefit
    known = ", ".join(b.name for b in contract.benefits) or "none"
    raise ValueError(f"unknown benefit {name!r} (the contract's benefits: {known})")


def _replace_benefit(contract: m.Contract, name: str, **update) -> m.Contract:
    items = tuple(b.model_copy(update=update) if b.name == name else b for b in contract.benefits)
    return contract.model_copy(update={"benefits": items})


def _benefit_change(contract: m.Contract, change, day: dt.date, ref: str) -> m.Contract:
    """Premiums, shares and plan moves are dated values added to the benefit (never edited in place)."""
    benefit = _benefit(contract, change.name)
    if isinstance(change, m.SetPremium):
        dated = benefit.plans[change.plan]
        current = {k: v for x in dated if x.effective <= day for k, v in x.rates.items()}
        value = m.PremiumRates(effective=day, rates={**current, **change.rates}, reference=ref)
        plans = {**benefit.plans, change.plan: tuple(sorted((*[x for x in dated if x.effective != day], value),
                                                            key=lambda x: x.effective))}
        return _replace_benefit(contract, change.name, plans=plans)
    if isinstance(change, m.SetEmployerShare):
        share = m.EmployerShare(effective=day, percent=f"{change.percent}%", plans=change.plans, reference=ref)
        return _replace_benefit(contract, change.name, employer_share=(*benefit.employer_share, share))
    move = m.PlanMove(effective=day, from_plan=change.from_plan, to_plan=change.to_plan, reference=ref)
    return _replace_benefit(contract, change.name, plan_moves=(*benefit.plan_moves, move))


def _replace_schedules(contract: m.Contract, names: Iterable[str], fn) -> m.Contract:
    names = set(names)
    schedules = tuple(fn(s) if s.name in names else s for s in contract.schedules)
    return contract.model_copy(update={"schedules": schedules})


def _update_step_rules(schedule: m.Schedule, **changes) -> m.Schedule:
    rules = schedule.step_rules.model_copy(update=changes)
    return schedule.model_copy(update={"step_rules": rules})


def apply_change(contract: m.Contract, change, baseline: m.Contract) -> m.Contract:
    """One change -> a new contract. ``baseline`` is the contract before the whole proposal."""
    day, ref = change.effective, change.reference
    targets = selected_schedules(contract, change, day)
    if isinstance(change, m.RaisePercent):
        return _replace_schedules(contract, targets, lambda s: rate_tables.raise_percent(
            s, day, change.percent, ref, change.lanes, change.steps))
    if isinstance(change, m.AddFlat):
        return _replace_schedules(contract, targets, lambda s: rate_tables.add_flat(
            s, day, change.amount, change.per, ref, change.lanes, change.steps))
    if isinstance(change, m.Rebuild):
        return _replace_schedules(contract, targets, lambda s: rate_tables.rebuild(
            s, day, change.ratio, change.from_step, ref))
    if isinstance(change, m.ReplaceTable):
        return _replace_schedules(contract, targets, lambda s: rate_tables.replace_table(
            s, day, change.rates, change.partial, ref))
    if isinstance(change, m.SetAnniversary):
        new = m.Anniversary(effective=day, month_day=change.month_day, reference=ref)
        return _replace_schedules(contract, targets, lambda s: _update_step_rules(s, anniversary=tuple(sorted(
            (*[a for a in s.step_rules.anniversary if a.effective != day], new), key=lambda a: a.effective))))
    if isinstance(change, m.FreezeSteps):
        new = m.StepFreeze(start=day, until=change.until, reference=ref)
        return _replace_schedules(contract, targets, lambda s: _update_step_rules(
            s, freezes=(*s.step_rules.freezes, new)))
    if isinstance(change, m.DropEntryStep):
        new = m.EntryDrop(effective=day, step=change.step, reference=ref)
        return _replace_schedules(contract, targets, lambda s: _update_step_rules(
            s, entry_drops=(*s.step_rules.entry_drops, new)))
    if isinstance(change, m.SetWorkYear):
        new = m.DatedWorkYear(effective=day, hours_per_day=change.hours_per_day,
                              days_per_year=change.days_per_year, reference=ref)
        return _replace_schedules(contract, targets, lambda s: s.model_copy(
            update={"work_year_changes": (*s.work_year_changes, new)}))
    if isinstance(change, m.SetUnit):
        new = m.DatedUnit(effective=day, unit=change.unit, reference=ref)
        units = contract.units if change.unit in contract.units else (*contract.units, change.unit)
        contract = contract.model_copy(update={"units": units})
        return _replace_schedules(contract, targets, lambda s: s.model_copy(
            update={"unit_changes": (*s.unit_changes, new)}))
    if isinstance(change, m.ReplaceLongevity):
        table = m.LongevityTable(effective=day, amounts=change.amounts, hold_harmless=change.hold_harmless, reference=ref)
        existing = [lg for lg in contract.longevity if lg.name == change.name]
        if existing:
            items = tuple(lg.model_copy(update={"tables": tuple(sorted((*lg.tables, table), key=lambda t: t.effective))})
                          if lg.name == change.name else lg for lg in contract.longevity)
        else:
            items = (*contract.longevity, m.Longevity(name=change.name, schedules=change.schedules,
                                                      units=change.units, tables=(table,)))
        return contract.model_copy(update={"longevity": items})
    if isinstance(change, m.SetStipend):
        value = m.DatedAmount(effective=day, amount=change.amount, reference=ref)
        existing = [s for s in contract.stipends if s.name == change.name]
        if existing:
            def updated(s: m.Stipend) -> m.Stipend:
                values = tuple(sorted((*[v for v in s.values if v.effective != day], value), key=lambda v: v.effective))
                overrides = {k: getattr(change, k) for k in ("kind", "column", "prorated", "fte_scaled", "pay_month_day", "eligible")
                             if getattr(change, k) is not None}
                return s.model_copy(update={"values": values, **overrides})
            items = tuple(updated(s) if s.name == change.name else s for s in contract.stipends)
        else:
            items = (*contract.stipends, m.Stipend(
                name=change.name, kind=change.kind, column=change.column,
                prorated=True if change.prorated is None else change.prorated,
                fte_scaled=bool(change.fte_scaled), pay_month_day=change.pay_month_day, eligible=change.eligible,
                schedules=change.schedules, units=change.units, values=(value,)))
        return contract.model_copy(update={"stipends": items})
    if isinstance(change, m.OneTimeChange):
        item = m.OneTime(name=change.name, amount=change.amount, pay_date=change.pay_date,
                         employed_on=change.employed_on, fte_scaled=change.fte_scaled, eligible=change.eligible,
                         schedules=change.schedules, units=change.units, reference=ref)
        return contract.model_copy(update={"one_time": (*contract.one_time, item)})
    if isinstance(change, m.RetroChange):
        item = m.Retro(name=change.name, start=day, until=change.until, pay_date=change.pay_date,
                       employed_on=change.employed_on, eligible=change.eligible,
                       old_schedules=tuple(s for s in baseline.schedules if s.name in targets), reference=ref)
        return contract.model_copy(update={"retro": (*contract.retro, item)})
    if isinstance(change, m.AddPositions):
        item = m.Position(effective=day, count=change.count, unit=change.unit, schedule=change.schedule,
                          lane=change.lane, step=change.step, fte=change.fte, id_prefix=change.id_prefix,
                          flags=change.flags, reference=ref)
        return contract.model_copy(update={"positions": (*contract.positions, item)})
    if isinstance(change, m.SetRollup):
        value = m.DatedRate(effective=day, rate=change.rate, reference=ref)
        existing = [r for r in contract.rollup if r.name == change.name]
        if existing:
            items = tuple(r.model_copy(update={"rate": None, "values": tuple(sorted(
                (*r.dated(), value), key=lambda v: v.effective)), **({"applies_to": change.applies_to} if change.applies_to else {})})
                if r.name == change.name else r for r in contract.rollup)
        else:
            extra = {"applies_to": change.applies_to} if change.applies_to else {}
            items = (*contract.rollup, m.Rollup(name=change.name, values=(value,), reference=ref, **extra))
        return contract.model_copy(update={"rollup": items})
    if isinstance(change, m.AddCostLine):
        item = m.CostLine(name=change.name, unit=change.unit, rate=change.rate, quantity=change.quantity,
                          cap=change.cap, effective=day, until=change.until, assumption=change.assumption,
                          cap_per=change.cap_per, contract_year_start=change.contract_year_start,
                          escalate_with=change.escalate_with, reference=ref)
        return contract.model_copy(update={"cost_lines": (*contract.cost_lines, item)})
    if isinstance(change, (m.SetPremium, m.SetEmployerShare, m.MovePlan)):
        return _benefit_change(contract, change, day, ref)
    if isinstance(change, m.EndCostLine):
        lines = tuple(x.model_copy(update={"until": min(x.until, day) if x.until else day}) if x.name == change.name else x
                      for x in contract.cost_lines)
        return contract.model_copy(update={"cost_lines": lines})
    if isinstance(change, m.AddPaidDays):
        item = m.PaidDays(name=change.name, days=change.days, on=None if change.until else day,
                          start=day if change.until else None, until=change.until, recurring=change.recurring,
                          eligible=change.eligible, schedules=change.schedules, units=change.units,
                          assumption=change.assumption, reference=ref)
        return contract.model_copy(update={"paid_days": (*contract.paid_days, item)})
    if isinstance(change, m.SetExtraPay):
        item = m.ExtraPay(name=change.name, measure=change.measure, tiers=change.tiers, pay_month_day=change.pay_month_day,
                          service_counted_on=change.service_counted_on, days_per_week=change.days_per_week, effective=day, until=change.until,
                          eligible=change.eligible, schedules=change.schedules, units=change.units,
                          assumption=change.assumption, reference=ref)
        kept = tuple(x if x.name != change.name else x.model_copy(update={"until": day}) for x in contract.extra_pay)
        return contract.model_copy(update={"extra_pay": (*kept, item.model_copy(update={"name": _fresh_name(kept, change.name)}))})
    raise AssertionError(f"unhandled change {type(change).__name__}")  # pragma: no cover


def _fresh_name(items, name: str) -> str:
    """A replaced extra-pay rule keeps its history under the same name, the new one as name#2, #3, ...."""
    names = {x.name for x in items}
    if name not in names:
        return name
    k = 2
    while f"{name}#{k}" in names:
        k += 1
    return f"{name}#{k}"


def active_changes(proposal: m.Proposal, switches: Iterable[str] = ()) -> list[tuple[int, object]]:
    """(position in file, change) for the changes that apply, in date then file order."""
    on = set(switches)
    picked = [(i, c) for i, c in enumerate(proposal.changes) if c.contingent is None or c.contingent in on]
    return sorted(picked, key=lambda ic: (ic[1].effective, ic[0]))


def apply_proposal(contract: m.Contract, proposal: m.Proposal, switches: Iterable[str] = (),
                   source: str | None = None) -> m.Contract:
    """A new contract: the baseline with every (switched-on) change of the proposal applied.

    Each change is checked against the contract as it stands when its turn comes; the first
    problem raises an InputError naming the proposal file and the change, and nothing is
    returned. The baseline object is never modified.
    """
    current = contract
    for index, change in active_changes(proposal, switches):
        where = f"changes[{index + 1}] ({change.op})"
        try:
            _check_change(current, change)
            current = apply_change(current, change, contract)
        except (ValueError, KeyError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise InputError(source, where, str(message)) from None
    try:
        current = m.Contract.model_validate(current.model_dump())
    except Exception as exc:  # a change produced an inconsistent contract
        raise InputError(source, None, f"the proposal leaves the contract inconsistent: {exc}") from None
    return current.model_copy(update={"applied": (*contract.applied, proposal.title)})


def contingent_names(proposal: m.Proposal) -> list[str]:
    """The switch names a proposal's contingent changes use."""
    return sorted({c.contingent for c in proposal.changes if c.contingent})
