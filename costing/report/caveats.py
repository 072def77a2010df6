"""Whether a report's figures rest on invented grids or a synthetic roster, and the words that say so.

A figure built on an ILLUSTRATIVE rate grid or on a SYNTHETIC roster must say so where it is read:
the headline sentence, the per-year tables, each workbook sheet and every PDF page's footer. The
facts are read from the inputs themselves (a grid, contract or proposal whose name or reference
says ILLUSTRATIVE; a roster whose first line is the synthetic-roster note), never from a flag a
person has to remember to set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..engine.costing_run import Costing
from ..inputs.synth import SYNTHETIC_NOTE

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


def illustrative_inputs(costing: Costing) -> tuple[str, ...]:
    """Names of the inputs that say they are illustrative: contract, rate tables, proposals."""
    found: list[str] = []
    for name, contract in costing.contracts.items():
        if name == "baseline" and (_mentions(contract.name) or _mentions(contract.reference)):
            found.append(f"the status quo contract: {contract.name}")
        for schedule in contract.schedules:
            for table in schedule.tables:
                if _mentions(getattr(table, "reference", "")) or _mentions(getattr(table, "file", "")):
                    found.append(f"schedule {schedule.name} rate table")
                    break
    for proposal in costing.proposals.values():
        if _mentions(proposal.title) or _mentions(proposal.reference) or any(
                _mentions(c.reference) for c in proposal.changes):
            found.append(f"proposal {proposal.label or proposal.title}")
    return tuple(dict.fromkeys(found))


def roster_is_synthetic(roster_path: Path) -> bool:
    try:
        with open(roster_path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
    except OSError:
        return False
    return first.strip() == SYNTHETIC_NOTE.strip() or first.upper().startswith("# SYNTHETIC")


def caveats_of(costing: Costing, roster_path: Path, scenario_notes: str = "") -> Caveats:
    """The report's caveats; a scenario whose notes call something ILLUSTRATIVE counts too."""
    found = illustrative_inputs(costing)
    if _mentions(scenario_notes):
        found = (*found, "as the scenario's notes state")
    return Caveats(tuple(dict.fromkeys(found)), roster_is_synthetic(roster_path))
