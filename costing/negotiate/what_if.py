"""What if: move a year's raise, its flat differential, its effective date, a step freeze or a
stipend, and see the cost, the settlement percent and the gap to the other side and to a budget.

For the what-if page (:mod:`costing.report.what_if_page`, served by ``costing serve``): the
roster, the status quo and the other side's costs are computed once; each what-if edits a copy of
the proposal (``model_copy``, never the filed one) and costs that copy alone with the same function
the reports use (:func:`costing.engine.costing_run.cost_scenarios`), so the page's figures are the
figures ``costing compare`` prints for the saved proposal. A fraction of a second on a few hundred
people, well under a second on five thousand (benchmarks/what_if_bench.py).

Two seams, one function each, so that the pieces being rebuilt elsewhere plug in at one place:
:func:`cost_scenario_file` is the one way a scenario file is loaded and costed here, and
:func:`figures_table` the one place the page selects figures from a costing.

Everything here is pure except :meth:`WhatIf.save`, which writes a new file and never replaces one
(:func:`costing.inputs.proposal_writer.save_new_proposal`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..engine import dates as d
from ..engine.apply import apply_proposal
from ..engine.costing_run import Costing, cost_inputs, cost_scenarios
from ..engine.measures import select
from ..errors import InputError
from ..inputs.models import AddFlat, FreezeSteps, Proposal, RaisePercent, SetStipend
from ..inputs.proposal_writer import save_new_proposal
from ..inputs.scenario import ScenarioInputs, read_scenario
from .compare import settlement_rows, settlement_table
from .distribution import raise_distribution, raises

MOVED = ("raise_percent", "add_flat", "rebuild")   # a year's salary changes move together
PAGE_NOTE = "what-if page"   # the note on changes the page adds, so a reader of the saved file sees where they came from


# ------------------------------------------------------------------------------------ the edits

@dataclass(frozen=True)
class RaiseEdit:
    """One raise as moved on the page; None leaves that part as filed."""

    percent: Decimal | float | None = None
    amount: Decimal | float | None = None          # the flat differential, dollars a year
    effective: dt.date | None = None


@dataclass(frozen=True)
class Edits:
    """Everything moved on the page, kept per year so that moving on to another year keeps the first one's edits.

    ``raises`` is keyed by the raise's filed effective date (or the fiscal year's first day for a year
    the proposal gives no raise); ``freezes`` by fiscal year (steps frozen that year or not);
    ``stipends`` by (fiscal year, stipend name): the amount from that year's first day.
    """

    raises: tuple[tuple[dt.date, RaiseEdit], ...] = ()
    freezes: tuple[tuple[int, bool], ...] = ()
    stipends: tuple[tuple[int, str, Decimal | float], ...] = ()

    def with_raise(self, when: dt.date, edit: RaiseEdit) -> Edits:
        return dataclasses.replace(self, raises=(*[(w, e) for w, e in self.raises if w != when], (when, edit)))

    def with_freeze(self, fiscal_year: int, frozen: bool) -> Edits:
        return dataclasses.replace(self, freezes=(*[(y, f) for y, f in self.freezes if y != fiscal_year], (fiscal_year, frozen)))

    def with_stipend(self, fiscal_year: int, name: str, amount: Decimal | float) -> Edits:
        return dataclasses.replace(self, stipends=(*self.without_stipend(fiscal_year, name).stipends, (fiscal_year, name, amount)))

    def without_stipend(self, fiscal_year: int, name: str) -> Edits:
        return dataclasses.replace(self, stipends=tuple((y, n, a) for y, n, a in self.stipends if (y, n) != (fiscal_year, name)))

    def raise_edit(self, when: dt.date) -> RaiseEdit | None:
        return dict(self.raises).get(when)

    def freeze(self, fiscal_year: int) -> bool | None:
        return dict(self.freezes).get(fiscal_year)

    def stipend(self, fiscal_year: int, name: str) -> Decimal | float | None:
        return {(y, n): a for y, n, a in self.stipends}.get((fiscal_year, name))

    def __bool__(self) -> bool:
        return bool(self.raises or self.freezes or self.stipends)


def _exact(value: Decimal | float) -> Decimal:
    """A typed figure as the proposal holds it: exactly as typed (a float through its shortest text)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _changed(change, update: dict):
    """The change with ``update`` applied and a note saying what the page moved (the change itself if nothing differs)."""
    moved = {k: v for k, v in update.items() if getattr(change, k) != v}
    if not moved:
        return change
    was = ", ".join(f"{k} {getattr(change, k)}" for k in moved)
    note = f"{change.note}; " if change.note and PAGE_NOTE not in change.note else ""
    return change.model_copy(update={**moved, "note": f"{note}{PAGE_NOTE} (filed: {was})"})


def _selector(change) -> dict:
    return {"schedules": change.schedules, "units": change.units} if change is not None else {}


# ------------------------------------------------------------------------------------ re-costing

@dataclass(frozen=True)
class Recosted:
    """A proposal's figures as the page shows them.

    ``frame``: per fiscal year and over the contract (last row, ``fiscal_year == "total"``): the
    status quo, this proposal as edited, new money over the status quo, the other side's offer, the
    gap to it, and the proposal as filed. ``settlement``: :func:`costing.negotiate.compare.settlement_table`
    rows for this proposal and the other side, with the edited proposal's figures in place of the filed ones.
    """

    proposal: Proposal
    frame: pd.DataFrame
    settlement: pd.DataFrame
    costing: Costing | None = None   # the edited copy costed alone (None: the proposal as filed)

    def new_money(self) -> float:
        return float(self.frame.iloc[-1]["new_money"])


def cost_scenario_file(path: str | Path) -> tuple[ScenarioInputs, Costing]:
    """Read a scenario file and cost it through the one scenario loader every verb uses
    (:func:`costing.inputs.scenario.read_scenario`, :func:`costing.engine.costing_run.cost_inputs`),
    so the page costs a scenario's moves, roll-up, proration, switches and roster date as the reports do."""
    spec = read_scenario(path)
    return spec, cost_inputs(spec)


def figures_table(costing: Costing) -> pd.DataFrame:
    """The figures the page shows: the costing's one figures frame (:mod:`costing.engine.measures`),
    which every report, the workbook and ``costing compare`` select from too."""
    return costing.measures


def budget_gap(new_money: float, target: float | None) -> float | None:
    """New money over the contract less the budget for it: positive means over budget."""
    return None if target is None else round(float(new_money) - float(target), 2)


@dataclass
class WhatIf:
    costing: Costing
    name: str                      # the proposal being edited (a scenario name: the proposal file's stem)
    other: str                     # the other side's proposal
    switches: tuple[str, ...] = ()
    files: dict[str, Path] = field(default_factory=dict)   # scenario -> its proposal file (single-file proposals)
    title: str = ""                # the scenario's title
    _totals: dict[str, pd.Series] = field(default_factory=dict)
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def from_scenario(cls, path: str | Path, name: str | None = None, other: str | None = None) -> WhatIf:
        """Cost a scenario file once; ``name`` and ``other`` default to its last and first proposals."""
        spec, costing = cost_scenario_file(path)
        files = {name: paths[0] for name, paths in spec.proposals if len(paths) == 1}
        if not files:
            raise InputError(str(path), "proposals", "the what-if needs at least one proposal given as a single file")
        names = [n for n in costing.contracts if n != "baseline"]
        name = name or [n for n in names if n in files][-1]
        other = other or next((n for n in names if n != name), "baseline")
        for n, role in ((name, "proposal"), (other, "other")):
            if n not in costing.contracts:
                raise InputError(str(path), role, f"{n!r} is not a scenario of this file (has {sorted(costing.contracts)})")
        if name not in files:
            raise InputError(str(path), "proposal", f"{name!r} is a package of several files; pick a single proposal file")
        return cls(costing, name, other, spec.all_switches, files, title=spec.scenario.title)

    def choose(self, name: str, other: str) -> WhatIf:
        """The same costing with another pair of proposals (the cache of fixed totals is shared)."""
        return dataclasses.replace(self, name=name, other=other)

    @property
    def proposal(self) -> Proposal:
        return self.costing.proposals[self.name]

    def editable(self) -> list[str]:
        """Proposals the page can move: those that come from one file (a saved copy can then sit beside it)."""
        return [n for n in self.costing.contracts if n in self.files and n in self.costing.proposals]

    def scenarios(self) -> list[str]:
        return list(self.costing.contracts)

    # ---- what the proposal says, year by year

    def year_bounds(self, fiscal_year: int) -> tuple[dt.date, dt.date]:
        return d.fiscal_year_bounds(fiscal_year, self.costing.contracts["baseline"].fiscal_year_start)

    def _in_year(self, day: dt.date, fiscal_year: int) -> bool:
        lo, hi = self.year_bounds(fiscal_year)
        return lo <= day < hi

    def raise_dates(self) -> list[dt.date]:
        """The effective dates of the proposal's percent raises (one per year, usually)."""
        return sorted({c.effective for c in self.proposal.changes if c.op == "raise_percent"})

    def raises_in(self, fiscal_year: int) -> list[dt.date]:
        """The year's raises by filed effective date; a year without one offers its first day (a raise to add)."""
        dates = [when for when in self.raise_dates() if self._in_year(when, fiscal_year)]
        return dates or [self.year_bounds(fiscal_year)[0]]

    def at(self, when: dt.date) -> dict:
        """The raise's percent and the flat differential's amount on that date, as filed (0 where none)."""
        percent = next((float(c.percent) for c in self.proposal.changes if c.op == "raise_percent" and c.effective == when), 0.0)
        amount = next((float(c.amount) for c in self.proposal.changes if c.op == "add_flat" and c.effective == when), 0.0)
        return {"percent": percent, "amount": amount, "effective": when}

    def months(self, when: dt.date) -> list[dt.date]:
        """First days of the months of the fiscal year that starts on or before ``when``."""
        start = self.costing.contracts["baseline"].fiscal_year_start
        month = int(start.split("-")[0])
        year = when.year if (when.month, when.day) >= (month, 1) else when.year - 1
        return [dt.date(year + (month - 1 + k) // 12, (month - 1 + k) % 12 + 1, 1) for k in range(12)]

    def steps_frozen(self, fiscal_year: int) -> bool:
        """Whether the proposal as filed freezes steps from a day in that year."""
        return any(c.op == "freeze_steps" and self._in_year(c.effective, fiscal_year) for c in self.proposal.changes)

    def stipend_names(self) -> list[str]:
        """Stipends of the status quo and those the proposal creates."""
        names = [s.name for s in self.costing.contracts["baseline"].stipends]
        return names + sorted({c.name for c in self.proposal.changes if c.op == "set_stipend"} - set(names))

    def stipend_kind(self, name: str) -> str:
        contract = self.costing.contracts[self.name]
        return next((s.kind for s in contract.stipends if s.name == name), "annual")

    def stipend_on(self, name: str, fiscal_year: int) -> float:
        """The stipend's amount in force on the year's first day under the proposal as filed (0 before it starts)."""
        lo, _ = self.year_bounds(fiscal_year)
        stipend = next((s for s in self.costing.contracts[self.name].stipends if s.name == name), None)
        values = [v for v in (stipend.values if stipend else ()) if v.effective <= lo]
        return float(max(values, key=lambda v: v.effective).amount) if values else 0.0

    # ---- editing a copy

    def modified(self, when: dt.date, percent: float | None = None, amount: float | None = None,
                 effective: dt.date | None = None) -> Proposal:
        """A copy of the proposal with that date's percent, differential and effective date changed."""
        return self.edited(Edits().with_raise(when, RaiseEdit(percent, amount, effective)))

    def edited(self, edits: Edits) -> Proposal:
        """A copy of the proposal with every edit made on the page (the filed proposal is untouched)."""
        changes = list(self.proposal.changes)
        for when, edit in edits.raises:
            changes = self._edit_raise(changes, when, edit)
        for fiscal_year, frozen in edits.freezes:
            changes = self._edit_freeze(changes, fiscal_year, frozen)
        for fiscal_year, name, amount in edits.stipends:
            changes = self._edit_stipend(changes, fiscal_year, name, amount)
        # in date order, the file's order kept within a date: the order the proposal is applied in
        ordered = sorted(changes, key=lambda c: c.effective)
        return self.proposal.model_copy(update={"changes": tuple(ordered)})

    def _edit_raise(self, changes: list, when: dt.date, edit: RaiseEdit) -> list:
        raise_there = next((c for c in changes if c.op == "raise_percent" and c.effective == when), None)
        flat_there = next((c for c in changes if c.op == "add_flat" and c.effective == when), None)
        template = raise_there or next((c for c in changes if c.op == "raise_percent"), None)
        out = []
        for change in changes:
            update = {}
            if change.effective == when:
                if change.op == "raise_percent" and edit.percent is not None:
                    update["percent"] = _exact(edit.percent)
                if change.op == "add_flat" and edit.amount is not None:
                    update["amount"] = _exact(edit.amount)
                if change.op in MOVED and edit.effective is not None:
                    update["effective"] = edit.effective
            out.append(_changed(change, update))
        day = edit.effective or when
        if raise_there is None and edit.percent:
            out.append(RaisePercent(op="raise_percent", effective=day, percent=f"{_exact(edit.percent)}%", note=PAGE_NOTE,
                                    **_selector(template)))
        if flat_there is None and edit.amount:
            out.append(AddFlat(op="add_flat", effective=day, amount=_exact(edit.amount), per="year", note=PAGE_NOTE,
                               **_selector(template)))
        return out

    def _edit_freeze(self, changes: list, fiscal_year: int, frozen: bool) -> list:
        in_year = [c for c in changes if c.op == "freeze_steps" and self._in_year(c.effective, fiscal_year)]
        if not frozen:
            return [c for c in changes if c not in in_year]
        if in_year:
            return changes
        lo, hi = self.year_bounds(fiscal_year)
        template = next((c for c in changes if c.op == "raise_percent"), None)
        return [*changes, FreezeSteps(op="freeze_steps", effective=lo, until=hi, note=PAGE_NOTE, **_selector(template))]

    def _edit_stipend(self, changes: list, fiscal_year: int, name: str, amount: Decimal | float) -> list:
        there = next((c for c in changes if c.op == "set_stipend" and c.name == name
                      and self._in_year(c.effective, fiscal_year)), None)
        if there is not None:
            return [_changed(c, {"amount": _exact(amount)}) if c is there else c for c in changes]
        lo, _ = self.year_bounds(fiscal_year)
        known = {s.name for s in self.costing.contracts["baseline"].stipends}
        extra = {}
        if name not in known:   # a stipend the proposal creates: the new value needs the proposal's terms
            first = next(c for c in changes if c.op == "set_stipend" and c.name == name)
            extra = {k: getattr(first, k) for k in ("kind", "column", "prorated", "fte_scaled", "pay_month_day",
                                                    "schedules", "units")}
        return [*changes, SetStipend(op="set_stipend", effective=lo, name=name, amount=_exact(amount),
                                     note=PAGE_NOTE, **extra)]

    # ---- costing a copy

    def _fixed(self, name: str) -> pd.Series:
        if name not in self._totals:
            self._totals[name] = select(figures_table(self.costing), "cost", "all_in", name,
                                        term=False).reindex(self.costing.years)
        return self._totals[name]

    def costing_of(self, proposal: Proposal) -> Costing:
        """This proposal alone, costed as the reports cost it: its figures frame under the scenario
        name ``self.name`` (its first year compared with its own year before, as every figure's is).
        Its per-employee results and prior year stay under "baseline", the one scenario it was costed as."""
        baseline = self.costing.contracts["baseline"]
        contract = apply_proposal(baseline, proposal, self.switches, source=self.files.get(self.name, Path(self.name)).name)
        alone = cost_scenarios(self.costing.roster, contract, {}, self.costing.years, self.costing.options,
                               proposal_texts={"baseline": proposal}, term=self.costing.term, switches=self.switches)
        return dataclasses.replace(alone, measures=figures_table(alone).assign(scenario=self.name),
                                   proposals={self.name: proposal})

    def figures_of(self, proposal: Proposal) -> pd.DataFrame:
        """The figures frame of this proposal alone, as the reports compute it (scenario named ``self.name``)."""
        return figures_table(self.costing_of(proposal))

    def recost(self, proposal: Proposal | None = None) -> Recosted:
        """Cost the (edited) proposal and put it beside the status quo, the filed proposal and the other side."""
        proposal = proposal or self.proposal
        alone = self.costing_of(proposal) if proposal is not self.proposal else None
        mine = figures_table(alone) if alone is not None else None
        filed = self._fixed(self.name)
        totals = (select(mine, "cost", "all_in", self.name, term=False).reindex(self.costing.years)
                  if mine is not None else filed)
        base, other = self._fixed("baseline"), self._fixed(self.other)
        frame = pd.DataFrame({"fiscal_year": self.costing.years, "status_quo": base.to_numpy(), "proposal": totals.to_numpy(),
                              "new_money": (totals - base).round(2).to_numpy(), "other": other.to_numpy(),
                              "gap": (totals - other).round(2).to_numpy(), "filed": filed.to_numpy(),
                              "change": (totals - filed).round(2).to_numpy()})
        total = {"fiscal_year": "total", **{c: round(float(frame[c].sum()), 2) for c in frame.columns[1:]}}
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
        return Recosted(proposal, frame, self._settlement(alone), alone)

    def _settlement(self, alone: Costing | None) -> pd.DataFrame:
        """settlement_table rows for this proposal (edited, when its costing ``alone`` is given) and the other side.

        The filed scenarios' rows are computed once from the report's figures; an edited copy's rows
        from its own costing (its figures and its own year before the first): settlement_table works
        scenario by scenario, so the rows are the same as in a table of all of them.
        """
        filed = self._settlements()
        rows = [filed[filed["scenario"] == self.other]]
        if alone is None:
            rows.append(filed[filed["scenario"] == self.name])
        else:
            mine = settlement_rows(figures_table(alone))
            rows.append(mine.assign(scenario=mine["scenario"].astype(str)))
        return pd.concat(rows, ignore_index=True)

    def _settlements(self) -> pd.DataFrame:
        if "settlement" not in self._cache:
            table = settlement_table(self.costing)
            self._cache["settlement"] = table.assign(scenario=table["scenario"].astype(str))
        return self._cache["settlement"]

    def who_gets_what(self, recosted: Recosted) -> pd.DataFrame:
        """Each group's increase over the contract under the proposal as shown (:func:`raise_distribution`
        of :func:`raises`, the compare report's "who gets what"): people, the percent increase in pay, the
        change in the employee's premium share and the take-home increase, for top-step staff and those
        still stepping. Measured from each scenario's own year before the first, as the report measures it."""
        if recosted.costing is None:
            if "raises" not in self._cache:
                self._cache["raises"] = raises(self.costing)
            frame = self._cache["raises"]
            frame = frame[frame["scenario"] == self.name]
        else:   # the edited copy was costed alone, as "baseline": its own results and its own year before
            frame = raises(recosted.costing).assign(scenario=self.name)
        return raise_distribution(frame[frame["period"] == "term"])

    def frame(self, proposal: Proposal | None = None) -> pd.DataFrame:
        """Per fiscal year and in total: status quo, this proposal, new money, the other side, the gap."""
        return self.recost(proposal).frame

    # ---- saving

    def save(self, proposal: Proposal, stem: str, title: str, today: dt.date | None = None) -> Path:
        """Write the edited proposal as a new YAML file beside the filed one (a free name: never overwriting).

        The filed file's first line is kept when it is a YAML comment (the editor's schema line);
        a proposal filed as a spreadsheet is saved as YAML beside it."""
        filed = self.files[self.name]
        dated = proposal.model_copy(update={"title": title.strip() or f"{proposal.title} (what-if)",
                                            "date": today or dt.date.today()})
        header = (f"Saved from the what-if page (costing serve) on {dated.date:%Y-%m-%d}: "
                  f"{filed.name} as moved at the table. Cost it formally with costing compare.")
        first = ""
        if filed.suffix.lower() in (".yaml", ".yml"):
            with open(filed, encoding="utf-8", errors="replace") as handle:
                first = handle.readline().strip()
        return save_new_proposal(dated, filed.parent, stem, header, first)
