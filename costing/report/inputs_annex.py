"""The inputs annex: each file a report was made from, named by what it is, with its SHA-256.

A School Committee reads 'Roster', 'Contract', 'Proposal: Chelsea MOA 2024'; a file name
(``proposals/moa_2024.yaml``) is how a computer finds it (issue 23: no file name or path in public
text). The names stay in the report's manifest.json, beside the same SHA-256, for whoever checks
the files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import InputError
from ..inputs.labels import schedule_label
from ..inputs.loading import read_yaml
from .format import date

KINDS = {"scenario": "Scenario", "roster": "Roster", "contract": "Contract", "ledger": "Ledger (the item tracker)",
         "moves": "Roster moves", "comparables": "Comparables (peers' rates)", "rounds": "Rounds of the negotiation"}
"""A manifest label (:meth:`costing.inputs.scenario.ScenarioInputs.files`) -> what the file is."""


def _title(path: Path) -> str:
    """A proposal's ``title``; '' when the file cannot be read (the SHA-256 column says so)."""
    try:
        return str(read_yaml(path).get("title") or "")
    except (InputError, OSError):
        return ""


def _since(effective) -> str:
    """', from 7/1/2024' for a table's ``effective`` (a date, or its ISO text); '' when it has none."""
    try:
        day = effective if isinstance(effective, dt.date) else dt.date.fromisoformat(str(effective))
    except ValueError:
        return ""
    return f", from {date(day)}"


def _tables(contract_path: Path | None, contract) -> dict[Path, str]:
    """Each rate-table file the contract names -> 'Rate table: <schedule's label>, from <date>'."""
    if contract_path is None:
        return {}
    try:
        schedules = read_yaml(contract_path).get("schedules") or ()
    except (InputError, OSError):
        return {}
    out = {}
    for schedule in schedules if isinstance(schedules, list) else ():
        for table in (schedule or {}).get("tables") or () if isinstance(schedule, dict) else ():
            if isinstance(table, dict) and table.get("file"):
                since = _since(table.get("effective"))
                out[(contract_path.parent / table["file"]).resolve()] = (
                    f"Rate table: {schedule_label(contract, str(schedule.get('name', '')))}{since}")
    return out


def input_name(label: str, path: Path, tables: dict[Path, str]) -> str:
    """What one input is: 'Roster', 'Proposal: <its title>', 'Rate table: Paraprofessionals, from 7/1/2024'."""
    kind, _, _ = label.partition(":")
    if kind in ("proposal", "round proposal"):
        title = _title(path)
        head = "Proposal" if kind == "proposal" else "Proposal in a round"
        return f"{head}: {title}" if title else head
    if kind == "table":
        return tables.get(Path(path).resolve(), "Rate table")
    return KINDS.get(kind, kind.capitalize())


def input_rows(inputs: dict[str, Path], contract, sha256) -> list[dict]:
    """One row per input file: what it is and its SHA-256 (``sha256``: the manifest's own hash function)."""
    tables = _tables(inputs.get("contract"), contract)
    return [{"Input": input_name(label, path, tables), "SHA-256": sha256(path)} for label, path in inputs.items()]


__all__ = ["input_name", "input_rows"]
