"""A proposal ledger: what is agreed, what is open, and what the money items cost so far.

Negotiators keep a tracker of every proposal (proposer, approver, unit, item, status). Money
items link to proposal files; the ledger costs each one against the baseline on the same roster
and years, and then the agreed items together (applied in ledger order, so interactions such as
roll-up on stipends are counted once) and the agreed plus open items together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..engine.apply import apply_proposal
from ..engine.projection import Options, project
from ..errors import InputError
from ..inputs.loading import load_contract, load_proposal
from ..inputs.models import Contract

STATUS_WORDS = {"ta": "agreed", "ta!": "agreed", "tentative agreement": "agreed", "agreed": "agreed",
                "signed off": "agreed", "open": "open", "pending": "open", "": "open",
                "withdrawn": "withdrawn", "dropped": "withdrawn"}
COLUMNS = ["id", "proposer", "approver", "unit", "item", "status", "proposal", "reference"]


def read_ledger(path: str | Path) -> pd.DataFrame:
    """A checked ledger: statuses normalised, proposal links split into lists of paths."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), None, "file not found")
    frame = (pd.read_excel(path, dtype=str) if path.suffix.lower() in (".xlsx", ".xls")
             else pd.read_csv(path, dtype=str, keep_default_na=False))
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in ("proposer", "unit", "item", "status") if c not in frame.columns]
    if missing:
        raise InputError(str(path), None, f"missing column(s): {', '.join(missing)}")
    frame = frame.fillna("")
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    if (frame["id"] == "").all():
        frame["id"] = [f"row {i + 2}" for i in range(len(frame))]
    statuses = frame["status"].str.strip().str.lower().map(STATUS_WORDS)
    if statuses.isna().any():
        i = statuses.isna().idxmax()
        raise InputError(str(path), f"row {i + 2}, column status",
                         f"{frame.at[i, 'status']!r} is not a status (agreed/TA, open, withdrawn)")
    frame["status"] = statuses
    links = []
    for i, text in frame["proposal"].items():
        paths = [path.parent / p.strip() for p in text.split(";") if p.strip()]
        for p in paths:
            if not p.exists():
                raise InputError(str(path), f"row {i + 2}, column proposal", f"{p} not found")
        links.append(paths)
    frame["proposal_files"] = links
    return frame


@dataclass(frozen=True)
class LedgerReport:
    by_unit: pd.DataFrame     # unit: counts by status, items without costing, cost agreed / open
    items: pd.DataFrame       # every item: status and its own cost per fiscal year
    years: list[int]


def _by_unit_cost(results: pd.DataFrame, base: pd.DataFrame) -> pd.Series:
    a = results.groupby("unit", observed=True)["amount"].sum()
    b = base.groupby("unit", observed=True)["amount"].sum()
    return a.sub(b, fill_value=0.0).round(2)


def _apply_all(contract: Contract, files: list[Path], switches) -> Contract:
    for file in files:
        contract = apply_proposal(contract, load_proposal(file), switches, source=str(file))
    return contract


def ledger_report(ledger: pd.DataFrame, contract: Contract, roster: pd.DataFrame, years: list[int],
                  options: Options = Options(), switches: tuple[str, ...] = ()) -> LedgerReport:
    """Counts and costs per unit, and each money item's own cost, over ``years``."""
    base = project(roster, contract, years, "baseline", options)
    base_total = base.groupby("fiscal_year")["amount"].sum()
    rows = []
    for row in ledger.itertuples(index=False):
        costs = {}
        if row.proposal_files:
            changed = project(roster, _apply_all(contract, row.proposal_files, switches), years, row.id, options)
            diff = changed.groupby("fiscal_year")["amount"].sum().sub(base_total, fill_value=0.0)
            costs = {f"FY{fy}": round(float(diff.get(fy, 0.0)), 2) for fy in years}
        rows.append({"id": row.id, "unit": row.unit, "status": row.status, "item": row.item,
                     "costed": bool(row.proposal_files), **costs})
    items = pd.DataFrame(rows)
    for fy in years:
        if f"FY{fy}" not in items.columns:
            items[f"FY{fy}"] = float("nan")
    items["total"] = items[[f"FY{fy}" for fy in years]].sum(axis=1, min_count=1).round(2)

    def files(statuses: set[str]) -> list[Path]:
        seen: list[Path] = []
        for r in ledger.itertuples(index=False):
            if r.status in statuses:
                seen.extend(p for p in r.proposal_files if p not in seen)
        return seen

    agreed = project(roster, _apply_all(contract, files({"agreed"}), switches), years, "agreed", options)
    both = project(roster, _apply_all(contract, files({"agreed", "open"}), switches), years, "agreed+open", options)
    agreed_cost = _by_unit_cost(agreed, base)
    open_cost = _by_unit_cost(both, agreed)
    counts = ledger.pivot_table(index="unit", columns="status", values="item", aggfunc="count", fill_value=0)
    for status in ("agreed", "open", "withdrawn"):
        if status not in counts.columns:
            counts[status] = 0
    counts = counts[["agreed", "open", "withdrawn"]]
    counts["without_costing"] = ledger[ledger["proposal_files"].map(len) == 0].groupby("unit").size()
    counts = counts.fillna(0).astype(int)
    counts["agreed_cost"] = agreed_cost.reindex(counts.index).fillna(0.0)
    counts["open_cost"] = open_cost.reindex(counts.index).fillna(0.0)
    other_units = sorted(set(agreed_cost.index) - set(counts.index))
    for unit in other_units:  # costs that land in a unit the ledger names only through a shared item
        counts.loc[unit] = [0, 0, 0, 0, agreed_cost.get(unit, 0.0), open_cost.get(unit, 0.0)]
    counts = counts.reset_index().rename(columns={"index": "unit"})
    total = {"unit": "All units", **{c: counts[c].sum() for c in counts.columns if c != "unit"}}
    counts = pd.concat([counts, pd.DataFrame([total])], ignore_index=True)
    counts[["agreed_cost", "open_cost"]] = counts[["agreed_cost", "open_cost"]].round(2)
    return LedgerReport(by_unit=counts, items=items, years=years)


def ledger_from_files(ledger_path, contract_path, roster_path, years, as_of=None, switches=()) -> LedgerReport:
    from ..inputs.roster import load_roster

    contract = load_contract(contract_path)
    return ledger_report(read_ledger(ledger_path), contract, load_roster(roster_path, contract), years,
                         Options(as_of=as_of), tuple(switches))
