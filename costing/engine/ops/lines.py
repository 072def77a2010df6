"""Ops on roll-ups and unit-level cost lines: set_rollup, add_cost_line, end_cost_line."""

from __future__ import annotations

from ...inputs import models as m
from ...inputs.labels import item_label, lane_label, schedule_label
from ...inputs.models import changes as ch
from ...inputs.models.consistency import check_escalation, check_unit
from ...inputs.vocabulary import FAMILY_WORDS
from ...inputs.words import money, number, pct
from .registry import Applying, register, shared, sourced, words

# ------------------------------------------------------------------ set_rollup


def _set_rollup(change: ch.SetRollup, at: Applying) -> m.Contract:
    # what it is charged on is part of the dated value: a change from 7/1/2025 moves nothing before then
    value = m.DatedRate(effective=change.effective, **shared(change, m.DatedRateFields), **sourced(change))
    if any(r.name == change.name for r in at.contract.rollup):
        items = tuple(r.model_copy(update={"rate": None, "values": tuple(sorted((*r.dated(), value),
                                                                                key=lambda v: v.effective))})
                      if r.name == change.name else r for r in at.contract.rollup)
    else:
        targets = {"applies_to": change.applies_to} if change.applies_to else {}
        items = (*at.contract.rollup, m.Rollup(name=change.name, values=(value,), **targets, **sourced(change)))
    return at.contract.model_copy(update={"rollup": items})


def rollup_targets(applies_to) -> str:
    """'base pay, longevity, extra pay and paid days': what a roll-up is charged on, in words."""
    return ", ".join(FAMILY_WORDS.get(f, f) for f in applies_to)


register(ch.SetRollup, apply=_set_rollup,
         describe=lambda c, contract: f"{item_label((contract,), 'rollup', c.name) or words(c.name)} rate set to {pct(c.rate)}"
         + (f" of {rollup_targets(c.applies_to)}" if c.applies_to else ""))


# ------------------------------------------------------------------ add_cost_line


def _add_cost_line(change: ch.AddCostLine, at: Applying) -> m.Contract:
    item = m.CostLine(**shared(change, m.CostLineFields), effective=change.effective, **sourced(change))
    return at.contract.model_copy(update={"cost_lines": (*at.contract.cost_lines, item)})


def _describe_cost_line(change: ch.AddCostLine, contract) -> str:
    out = f"new cost: {change.label or words(change.name)} at {money(change.rate)} x {number(change.quantity)}"
    if change.cap:
        per = "contract year" if change.cap_per == "contract_year" else "fiscal year"
        out += f" (capped at {money(change.cap)} a {per})"
    if change.escalate_with:
        cell = change.escalate_with
        lane = cell.lane and lane_label(contract, cell.schedule, cell.lane)
        where = ", ".join(x for x in (cell.schedule and schedule_label(contract, cell.schedule), lane,
                                      cell.step and f"step {cell.step}") if x)
        out += f", following the rate of {where}"
    return out


def _check_cost_line(change: ch.AddCostLine, at: Applying) -> None:
    check_unit(at.contract, change.unit, "")
    check_escalation(at.contract, change.escalate_with, "")


register(ch.AddCostLine, check=_check_cost_line, apply=_add_cost_line, describe=_describe_cost_line)


# ------------------------------------------------------------------ end_cost_line


def _check_end_line(change: ch.EndCostLine, at: Applying) -> None:
    if change.name not in {x.name for x in at.contract.cost_lines}:
        known = ", ".join(x.name for x in at.contract.cost_lines) or "none"
        raise ValueError(f"unknown cost line {change.name!r} (the contract's cost lines: {known})")


def _end_line(change: ch.EndCostLine, at: Applying) -> m.Contract:
    day = change.effective
    lines = tuple(x.model_copy(update={"until": min(x.until, day) if x.until else day}) if x.name == change.name else x
                  for x in at.contract.cost_lines)
    return at.contract.model_copy(update={"cost_lines": lines})


register(ch.EndCostLine, check=_check_end_line, apply=_end_line,
         describe=lambda c, _: f"cost line {words(c.name)} ends")
