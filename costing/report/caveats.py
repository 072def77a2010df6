"""Whether a report's figures rest on invented grids or a synthetic roster, and the words that say so.

A figure built on an ILLUSTRATIVE rate grid or on a SYNTHETIC roster must say so where it is read:
the headline sentence, the per-year tables, each workbook sheet and every PDF page's footer. The
facts are read from the inputs themselves: every value a contract or proposal states carries a
``status`` (stated, assumed, illustrative), found by the one walk over the inputs
(:func:`costing.inputs.dated.walk_stated`), and a roster is synthetic when it says so
(:func:`costing.inputs.synth.is_synthetic_roster`). The word ILLUSTRATIVE in a reference or a name marks nothing; only the
scenario's free-text notes are still read for it (a scenario has no status of its own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..engine.costing_run import Costing
from ..inputs.dated import walk_stated
from ..inputs.labels import SECTIONS as SECTION_FAMILIES
from ..inputs.labels import component_label, item_label, readable, schedule_label
from ..inputs.synth import is_synthetic_roster
from ..inputs.words import date

MARK = "ILLUSTRATIVE"


@dataclass(frozen=True)
class Caveats:
    illustrative: tuple[str, ...] = ()   # what is invented, in a few words each
    synthetic_roster: bool = False

    @property
    def any(self) -> bool:
        return bool(self.illustrative) or self.synthetic_roster

    def short(self) -> str:
        """For a page footer or a sheet's first line: 'ILLUSTRATIVE grids; SYNTHETIC roster'."""
        parts = []
        if self.illustrative:
            parts.append("ILLUSTRATIVE figures (invented grids or amounts)")
        if self.synthetic_roster:
            parts.append("SYNTHETIC roster (no real people)")
        return "; ".join(parts)

    def sentence(self) -> str:
        """For a headline or a table note: what the figures depend on, in one sentence."""
        if not self.any:
            return ""
        parts = []
        if self.illustrative:
            parts.append("on ILLUSTRATIVE inputs (" + "; ".join(self.illustrative[:3])
                         + ("; ..." if len(self.illustrative) > 3 else "") + ")")
        if self.synthetic_roster:
            parts.append("on a SYNTHETIC roster of invented people")
        return ("These figures depend " + " and ".join(parts)
                + ": they show the method and the shape of the cost, not the district's actual cost.")


def _mentions(text: str | None) -> bool:
    return bool(text) and MARK in text.upper()


SECTIONS = {"schedules": "schedule", "longevity": "longevity", "stipends": "stipend", "one_time": "one-time payment",
            "cost_lines": "cost line", "rollup": "roll-up", "positions": "new positions", "retro": "retro pay",
            "benefits": "benefit", "extra_pay": "extra pay", "paid_days": "paid days"}
"""A contract's sections, as the caveats name an item in them."""


def _day(text: str) -> str:
    try:
        return f"{date(dt.date.fromisoformat(text))}"
    except ValueError:
        return text


SCHEDULE_PARTS = {"tables": "rate table", "anniversary": "step date", "freezes": "step freeze",
                  "entry_drops": "entry step", "work_year_changes": "work year", "unit_changes": "unit"}


def input_name(path: tuple[str, ...], contract=None) -> str:
    """A value's place in a contract, in words: 'Paraprofessionals rate table', 'stipend interpreter pay' (the
    item's ``label`` when the contract gives one, else its key in words)."""
    section, name, rest = path[0], (path[1] if len(path) > 1 else ""), path[2:]
    family = {v: k for k, v in SECTION_FAMILIES.items()}.get(section, "")
    words = (item_label((contract,), family, name) if contract is not None and family else "") or readable(name)
    if section in ("stipends", "one_time", "cost_lines", "rollup", "retro", "extra_pay", "paid_days"):
        return component_label((contract,) if contract is not None else (), f"{family}:{name}")   # as its table row
    if section == "schedules":
        part = rest[1] if rest[:1] == ("step_rules",) and len(rest) > 1 else (rest[0] if rest else "")
        return f"{schedule_label(contract, name)} {SCHEDULE_PARTS.get(part, part.replace('_', ' ') or 'rate table')}"
    if section == "longevity":
        label = "longevity table" if name == "longevity" else f"longevity {words} table"
        return f"{label} of {_day(rest[-1])}" if len(rest) >= 2 else label
    if section == "benefits" and rest:
        return f"benefit {words} " + ("premiums" if rest[0] == "plans" else rest[0].replace("_", " "))
    return f"{SECTIONS.get(section, section.replace('_', ' '))} {words}".strip()


def inputs_marked(costing: Costing, status: str) -> tuple[str, ...]:
    """What the figures rest on that is marked with ``status``: the contract, its values and items, proposals."""
    found: list[str] = []
    for name, contract in costing.contracts.items():
        for path, value in walk_stated(contract):
            if value.status != status or "old_schedules" in path:
                continue
            if not path:
                if name == "baseline":
                    found.append(f"the status quo contract: {contract.name}")
                continue
            found.append(input_name(path, contract))
    for proposal in costing.proposals.values():
        if proposal.status == status or any(c.status == status for c in proposal.changes):
            found.append(f"proposal {proposal.label or proposal.title}")
    return tuple(dict.fromkeys(found))


def illustrative_inputs(costing: Costing) -> tuple[str, ...]:
    """What the figures rest on that is marked ``status: illustrative`` (invented to show the method)."""
    return inputs_marked(costing, "illustrative")


def roster_is_synthetic(roster_path: Path) -> bool:
    return is_synthetic_roster(roster_path)   # its `synthetic` column (or an older file's first line)


def caveats_of(costing: Costing, roster_path: Path, scenario_notes: str = "") -> Caveats:
    """The report's caveats; a scenario whose notes call something ILLUSTRATIVE counts too."""
    found = illustrative_inputs(costing)
    if _mentions(scenario_notes):
        found = (*found, "as the scenario's notes state")
    return Caveats(tuple(dict.fromkeys(found)), roster_is_synthetic(roster_path))
