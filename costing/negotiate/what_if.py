"""What if: move one year's raise, its flat differential or its effective date, and see the cost.

For the interactive notebook (notebooks/what_if.ipynb): the roster, baseline and the other
side's costs are computed once; each what-if edits a copy of the proposal (``model_copy``),
applies it and projects it alone, a fraction of a second on a few hundred people. The static
reports stay the record; this is for exploring at the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..engine.apply import apply_proposal
from ..engine.costing_run import Costing
from ..engine.projection import project
from ..inputs.models import Contract, Proposal

MOVED = ("raise_percent", "add_flat", "rebuild")   # a year's salary changes move together


@dataclass
class WhatIf:
    costing: Costing
    name: str                      # the proposal being edited
    other: str                     # the other side's proposal
    switches: tuple[str, ...] = ()
    _totals: dict[str, pd.Series] = field(default_factory=dict)

    @classmethod
    def from_scenario(cls, path: str | Path, name: str, other: str) -> WhatIf:
        from ..engine.costing_run import cost_scenario

        scenario, costing = cost_scenario(path)
        for n in (name, other):
            if n not in costing.contracts:
                raise KeyError(f"{n!r} is not a scenario of {path} (has {sorted(costing.contracts)})")
        return cls(costing, name, other, tuple(scenario.switches))

    @property
    def proposal(self) -> Proposal:
        return self.costing.proposals[self.name]

    def raise_dates(self) -> list[dt.date]:
        """The effective dates of the proposal's percent raises (one per year, usually)."""
        return sorted({c.effective for c in self.proposal.changes if c.op == "raise_percent"})

    def at(self, when: dt.date) -> dict:
        """The raise's percent and the flat differential's amount on that date, as filed."""
        percent = next((float(c.percent) for c in self.proposal.changes if c.op == "raise_percent" and c.effective == when), 0.0)
        amount = next((float(c.amount) for c in self.proposal.changes if c.op == "add_flat" and c.effective == when), 0.0)
        return {"percent": percent, "amount": amount, "effective": when}

    def months(self, when: dt.date) -> list[dt.date]:
        """First days of the months of the fiscal year that starts on or before ``when``."""
        start = self.costing.contracts["baseline"].fiscal_year_start
        month = int(start.split("-")[0])
        year = when.year if (when.month, when.day) >= (month, 1) else when.year - 1
        return [dt.date(year + (month - 1 + k) // 12, (month - 1 + k) % 12 + 1, 1) for k in range(12)]

    def modified(self, when: dt.date, percent: float | None = None, amount: float | None = None,
                 effective: dt.date | None = None) -> Proposal:
        """A copy of the proposal with that date's percent, differential and effective date changed."""
        changes = []
        for change in self.proposal.changes:
            update = {}
            if change.effective == when:
                if change.op == "raise_percent" and percent is not None:
                    update["percent"] = Decimal(str(round(percent, 4)))
                if change.op == "add_flat" and amount is not None:
                    update["amount"] = Decimal(str(round(amount, 2)))
                if change.op in MOVED and effective is not None:
                    update["effective"] = effective
            changes.append(change.model_copy(update=update) if update else change)
        return self.proposal.model_copy(update={"changes": tuple(changes)})

    def _project(self, contract: Contract) -> pd.Series:
        results = project(self.costing.roster, contract, self.costing.years, "what_if", self.costing.options)
        return results.groupby("fiscal_year")["amount"].sum().reindex(self.costing.years).fillna(0.0)

    def _fixed(self, name: str) -> pd.Series:
        if name not in self._totals:
            fig = self.costing.figures[self.costing.figures["scenario"].astype(str) == name]
            self._totals[name] = fig.set_index("fiscal_year")["total"].reindex(self.costing.years)
        return self._totals[name]

    def frame(self, proposal: Proposal | None = None) -> pd.DataFrame:
        """Per fiscal year and in total: status quo, this proposal, new money, the other side, the gap."""
        proposal = proposal or self.proposal
        contract = apply_proposal(self.costing.contracts["baseline"], proposal, self.switches)
        mine = self._project(contract).round(2)
        base, other = self._fixed("baseline"), self._fixed(self.other)
        frame = pd.DataFrame({"fiscal_year": self.costing.years, "status_quo": base.to_numpy(), "proposal": mine.to_numpy(),
                              "new_money": (mine - base).round(2).to_numpy(), "other": other.to_numpy(),
                              "gap": (mine - other).round(2).to_numpy()})
        total = {"fiscal_year": "total", **{c: round(float(frame[c].sum()), 2) for c in frame.columns[1:]}}
        return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
