"""The engine's conventions a costing relies on, in plain words, for the list of assumptions.

A report lists the assumptions a figure rests on (``costing.report.assumptions``); the rules the
engine itself applies are worded here, next to the code that applies them, so that the words and
the arithmetic change together. Each sentence is said only when the costing uses the rule: a
contract with no longevity says nothing of part-timers' longevity.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..inputs.labels import readable
from ..inputs.models import Contract


def rules_in_words(contracts: Iterable[Contract], roster: pd.DataFrame | None = None) -> list[str]:
    """The stated rules of the status quo and every proposal (each said once), in plain words; with
    the roster, how many people are red-circled and under which rule."""
    contracts = list(contracts)
    out = [
        "The year before the first year costed is priced on the steps people held in it: before the roster "
        "date, each person is one step lower for each step date they moved on since; someone on their top step "
        "is taken to have been there already when their service shows they reached it earlier.",
    ]
    out += _longevity(contracts)
    out += _drops(contracts)
    if roster is not None and "own_rate" in roster.columns:
        out += _red_circles(contracts[0], roster)
    if any(line.cap is not None and line.cap_per == "contract_year" for c in contracts for line in c.cost_lines):
        out.append("A cap per contract year is applied to the contract year's amount as the work falls in each "
                   "fiscal year; a cap that is not reached changes nothing, and no fiscal year pays more than the cap.")
    return out


def _longevity(contracts: list[Contract]) -> list[str]:
    out = []
    seen = set()
    for lg in (lg for c in contracts for lg in c.longevity):
        key = (lg.name, lg.fte_scaled, lg.leavers_pro_rata is not None)
        if key in seen:
            continue
        seen.add(key)
        name = "Longevity" if lg.name == "longevity" else f"Longevity ({getattr(lg, 'label', '') or readable(lg.name)})"
        out.append(f"{name}: part-time staff receive {'the amount times their FTE' if lg.fte_scaled else 'the full amount'}"
                   " (as the contract sets it).")
        if lg.leavers_pro_rata is not None:
            reasons = lg.leavers_pro_rata.reasons
            why = f" for a stated reason ({', '.join(reasons)})" if reasons else ""
            out.append(f"{name}: those who leave before its pay day{why} are paid the amount they have on their last "
                       "day times the share of the year they served, when they leave.")
    return out


def _red_circles(contract: Contract, roster: pd.DataFrame) -> list[str]:
    out = []
    circled = roster[pd.to_numeric(roster["own_rate"], errors="coerce").notna()]
    for name, people in circled.groupby(circled["schedule"].astype(str), sort=True):
        rule = contract.schedule(name).red_circle
        how = "frozen" if rule == "frozen" else "raised by the same percent as the cell they held on the roster date"
        out.append(f"On schedule {name.replace('_', ' ')}, {len(people)} {'person is' if len(people) == 1 else 'people are'}"
                   f" red-circled (paid their own rate above their cell, roster column own_rate): the own rate is {how}"
                   " until the grid passes it.")
    return out


def _drops(contracts: list[Contract]) -> list[str]:
    out = []
    for schedule in {s.name: s for c in contracts for s in c.schedules if s.step_rules.entry_drops}.values():
        first = schedule.step_rules.drop_order == "before_steps"
        out.append(f"On schedule {schedule.name.replace('_', ' ')}, on a day with both an entry-step drop and a step, "
                   + ("the drop comes first, then that day's step." if first else
                      "the step comes first, then the new entry step as a floor."))
    return out


__all__ = ["rules_in_words"]
