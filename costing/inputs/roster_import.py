"""Turning a payroll export into a roster: rename columns and values by a mapping file, row by row.

A payroll system exports its own column names ("Emp No", "Degree Lane"), its own codes (lane
"M+30", unit "TCH"), flags as Y/N, and often the salary but not the step. The mapping file says
once how that export reads as the project's roster (docs/formats.md), so the import can be re-run
on next month's export. A mistake in the mapping (a column the export lacks, an alias to a lane
the contract does not have) stops the import with one line naming the mapping file and key; a
problem in one row of the export rejects that row, with its reason, into the import report, and
the rest is imported. Names are dropped unless the mapping asks to keep them.

The step that is missing from a row is not filled in here: matching a salary to the grid cell in
force on the roster date is the engine's job (:mod:`costing.engine.step_inference`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field

from ..errors import InputError
from .grid_import import parse_money, step_label
from .loading import read_yaml, validate_model
from .models import Contract, Frozen
from .roster import REQUIRED

NAME_COLUMNS = ("name", "first_name", "last_name")
OPTIONAL = ("start_date", "end_date", "hours_per_day", "days_per_year", "max_step")
TARGETS = (*REQUIRED, *OPTIONAL, *NAME_COLUMNS, "salary")
YES = {"y", "yes", "true", "t", "1", "x"}
NO = {"n", "no", "false", "f", "0", ""}
IMPORT_MARK = "# imported by `costing import-roster`"


class SalarySpec(Frozen):
    """How to read the export's salary when it is used to find the step."""

    per: Literal["year", "rate"] = Field("year", description="year: annual pay; rate: in the schedule's rate unit")
    fte_scaled: bool = Field(False, description="the export's salary is already multiplied by FTE")
    tolerance: Decimal = Field(Decimal("0.01"), ge=0, description="dollars either side that still match a cell")


class RosterMap(Frozen):
    """A mapping file: how one payroll system's export reads as the project's roster."""

    sheet: str | None = None
    columns: dict[str, str] = Field(min_length=1)
    values: dict[str, dict[str, str]] = {}
    flags: tuple[str, ...] = ()
    set: dict[str, str] = {}
    salary: SalarySpec = SalarySpec()
    as_of: dt.date | None = None
    keep_names: bool = False


@dataclass
class Mapped:
    """The export as roster rows (steps possibly blank), what was rejected and why, and what was dropped."""

    frame: pd.DataFrame                      # roster columns + salary + export_row
    rows_read: int
    rejected: list[tuple[int, str, str]] = field(default_factory=list)   # (export row, employee_id, reason)
    dropped_columns: list[str] = field(default_factory=list)
    aliased: dict[str, int] = field(default_factory=dict)   # roster column -> values renamed


def load_roster_map(path: str | Path) -> RosterMap:
    path = Path(path)
    data = read_yaml(path)
    for key in ("columns", "set"):
        if isinstance(data.get(key), dict):
            data[key] = {str(k): (v if v is None else str(v)) for k, v in data[key].items()}
    if isinstance(data.get("values"), dict):
        data["values"] = {str(k): {str(a): str(b) for a, b in (v or {}).items()} if isinstance(v, dict) else v
                          for k, v in data["values"].items()}
    return validate_model(RosterMap, data, str(path))


def read_export(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """The export's table with its own column names, every cell as text (header = row 1)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), None, "file not found")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str)
        else:
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", skip_blank_lines=False)
    except ValueError as exc:
        if sheet and "not found" in str(exc).lower():
            raise InputError(str(path), None, f"no sheet named {sheet!r}") from None
        raise InputError(str(path), None, f"cannot read export: {exc}") from None
    except Exception as exc:  # pandas raises many types for a malformed file
        raise InputError(str(path), None, f"cannot read export: {exc}") from None
    frame.columns = [" ".join(str(c).split()) for c in frame.columns]
    return frame


def check_map(mapping: RosterMap, export: pd.DataFrame, contract: Contract, export_source: str,
              map_source: str) -> None:
    """Every mapping mistake is one line naming the mapping file and key, before any row is read."""
    have = list(export.columns)
    for column, target in mapping.columns.items():
        if column not in have:
            raise InputError(map_source, f"columns.{column}", f"{export_source} has no column {column!r}"
                             f" (it has: {', '.join(have)})")
        if not target or not re.fullmatch(r"[a-z][a-z0-9_]*", target):
            raise InputError(map_source, f"columns.{column}", f"{target!r} is not a roster column name"
                             " (lower case letters, digits and _, e.g. employee_id, lane, mentor)")
    targets = list(mapping.columns.values())
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        raise InputError(map_source, "columns", f"two export columns are both mapped to {dupes[0]!r}")
    produced = set(targets) | set(mapping.set)
    for column in ("employee_id", "unit", "schedule", "lane", "fte", "seniority_date"):
        if column not in produced:
            raise InputError(map_source, "columns", f"nothing gives the roster column {column!r}: map an export"
                             f" column to it, or give one value for every row under set:")
    if "step" not in produced and "salary" not in produced:
        raise InputError(map_source, "columns", "nothing gives the step: map the export's step column to 'step',"
                         " or its salary column to 'salary' so that the step is found from the grid")
    for flag in mapping.flags:
        if flag not in produced:
            raise InputError(map_source, f"flags.{flag}", f"{flag!r} is not a roster column the mapping produces")
    lanes = {lane for s in contract.schedules for lane in s.lanes}
    known = {"unit": set(contract.units), "schedule": {s.name for s in contract.schedules}, "lane": lanes}
    for column, aliases in mapping.values.items():
        if column not in produced:
            raise InputError(map_source, f"values.{column}", f"{column!r} is not a roster column the mapping produces")
        for alias, target in aliases.items():
            if column in known and target not in known[column]:
                raise InputError(map_source, f"values.{column}.{alias}", f"maps to {target!r}, which is not a {column}"
                                 f" of the contract (it has: {', '.join(sorted(known[column]))})")
    for column, value in mapping.set.items():
        if column in known and value not in known[column]:
            raise InputError(map_source, f"set.{column}", f"{value!r} is not a {column} of the contract"
                             f" (it has: {', '.join(sorted(known[column]))})")


def parse_date_text(text: str) -> dt.date | None:
    """2019-08-14, 2019-08-14 00:00:00, 8/14/2019 -> a date; anything else -> None."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00:00(?:\.0+)?)?", text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not match:
            return None
        year, month, day = int(match[3]), int(match[1]), int(match[2])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _fte(text: str) -> float | None:
    text = text.strip()
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return value / 100 if percent else value


def map_export(raw: pd.DataFrame, mapping: RosterMap, contract: Contract, export_source: str,
               map_source: str) -> Mapped:
    """The export's rows in the roster's columns; rows that cannot be read are rejected with a reason."""
    check_map(mapping, raw, contract, export_source, map_source)
    dropped = [c for c in raw.columns if c not in mapping.columns]
    if not mapping.keep_names:
        dropped += [c for c, t in mapping.columns.items() if t in NAME_COLUMNS]
    keep = {c: t for c, t in mapping.columns.items() if mapping.keep_names or t not in NAME_COLUMNS}
    frame = raw[list(keep)].rename(columns=keep).fillna("").astype(str).apply(lambda s: s.str.strip())
    for column, value in mapping.set.items():
        if column in frame.columns:
            frame[column] = frame[column].where(frame[column] != "", value)
        else:
            frame[column] = value
    aliased = {}
    for column, aliases in mapping.values.items():
        hit = frame[column].isin(list(aliases))
        aliased[column] = int(hit.sum())
        frame[column] = frame[column].map(lambda v, a=aliases: a.get(v, v))
    frame["export_row"] = range(2, len(frame) + 2)
    frame = frame[(frame.drop(columns="export_row") != "").any(axis=1)]   # blank lines in the export
    schedules = {s.name: s for s in contract.schedules}
    rows, rejected = [], []
    seen: set[str] = set()
    for record in frame.to_dict("records"):
        reason = _row_problem(record, mapping, contract, schedules, seen)
        if reason:
            rejected.append((record["export_row"], record.get("employee_id", ""), reason))
        else:
            seen.add(record["employee_id"])
            rows.append(record)
    columns = [c for c in frame.columns]
    out = pd.DataFrame(rows, columns=columns)
    return Mapped(out, len(frame), rejected, dropped, aliased)


def _row_problem(record: dict, mapping: RosterMap, contract: Contract, schedules: dict, seen: set[str]) -> str | None:
    """Why a row cannot go into the roster (and cleans the row in place), or None."""
    for column in ("employee_id", "unit", "schedule", "lane", "fte", "seniority_date"):
        if not record.get(column):
            return f"{column} is empty"
    if record["employee_id"] in seen:
        return f"employee_id {record['employee_id']!r} appears twice (the first is kept)"
    if record["unit"] not in contract.units:
        return f"unit {record['unit']!r} is not in the contract and the mapping has no alias for it"
    schedule = schedules.get(record["schedule"])
    if schedule is None:
        return f"schedule {record['schedule']!r} is not in the contract and the mapping has no alias for it"
    if record["lane"] not in schedule.lanes:
        return f"lane {record['lane']!r} is not a lane of {schedule.name!r} and the mapping has no alias for it"
    fte = _fte(record["fte"])
    if fte is None or not 0 < fte <= 1.5:
        return f"fte {record['fte']!r} is not a number in (0, 1.5] (write 1.0, 0.5 or 100%)"
    record["fte"] = f"{fte:g}"
    for column in ("seniority_date", "start_date", "end_date"):
        if record.get(column):
            day = parse_date_text(record[column])
            if day is None:
                return f"{column} {record[column]!r} is not a date like 2024-07-01 or 7/1/2024"
            record[column] = day.isoformat()
    if record.get("step"):
        record["step"] = step_label(record["step"])
        if record["step"] not in schedule.steps:
            return f"step {record['step']!r} is not a step of {schedule.name!r} (steps {', '.join(schedule.steps)})"
    elif not record.get("salary"):
        return "no step and no salary to find it from"
    if record.get("salary"):
        try:
            if parse_money(record["salary"]) is None:
                raise ValueError
        except ValueError:
            if not record.get("step"):
                return f"salary {record['salary']!r} is not an amount, and there is no step"
            record["salary"] = ""
    for flag in mapping.flags:
        text = record.get(flag, "").lower()
        if text in YES:
            record[flag] = "1"
        elif text in NO:
            record[flag] = "0"
        else:
            return f"{flag} {record[flag]!r} is not Y/N"
    return None


def roster_csv_text(frame: pd.DataFrame, export_name: str, map_name: str) -> str:
    """The roster in the project's format, with a first line saying where it came from."""
    front = [c for c in (*REQUIRED, *OPTIONAL) if c in frame.columns]
    rest = [c for c in frame.columns if c not in front and c not in ("salary", "export_row", *NAME_COLUMNS)]
    names = [c for c in NAME_COLUMNS if c in frame.columns]
    body = frame[front + rest + names].to_csv(index=False, lineterminator="\n")
    return f"{IMPORT_MARK} from {export_name} with {map_name}; see the import report beside it\n{body}"


def written_by_import(path: Path) -> bool:
    """True when a file is one this command wrote (so running it again may replace it)."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith(IMPORT_MARK) or first.startswith(IMPORT_MARK.replace("# ", "<!-- ", 1))


def import_report_text(mapped: Mapped, inferred: list[tuple[int, str, str]], rejected: list[tuple[int, str, str]],
                       written: int, export_name: str, map_name: str, out_name: str, as_of: dt.date | None,
                       salary: SalarySpec) -> str:
    """The one-page import report: counts, assumptions, and every rejected row with its reason."""
    lines = [
        IMPORT_MARK.replace("# ", "<!-- ") + " -->",
        f"# Roster import: {export_name}",
        "",
        "CONFIDENTIAL: lists employee IDs from the export. Keep it with the export, not in a public report.",
        "",
        f"- mapping: `{map_name}`; roster written: `{out_name}`; roster date (steps held on):"
        f" {as_of.isoformat() if as_of else 'not needed (every row gave its step)'}",
        f"- rows read: {mapped.rows_read}",
        f"- rows mapped: {mapped.rows_read - len(mapped.rejected)}",
        f"- steps found from the salary: {len(inferred)}",
        f"- rows rejected: {len(rejected)}",
        f"- rows in the roster: {written}",
    ]
    if mapped.aliased:
        lines.append("- values renamed by the mapping: " + ", ".join(f"{k} {v}" for k, v in mapped.aliased.items()))
    if mapped.dropped_columns:
        lines.append("- export columns not imported: " + ", ".join(json.dumps(c) for c in mapped.dropped_columns))
    lines.append(f"- salary read as {'annual pay' if salary.per == 'year' else 'the rate'}"
                 f"{', already multiplied by FTE' if salary.fte_scaled else ''}; a cell matches within"
                 f" ${salary.tolerance} (a step is found only when exactly one cell of the lane matches)")
    lines += ["", "## Rejected rows", ""]
    if rejected:
        lines += ["| export row | employee_id | reason |", "| --- | --- | --- |"]
        lines += [f"| {row} | {who} | {reason} |" for row, who, reason in sorted(rejected)]
        lines += ["", "Fix these in the export (or the mapping) and run the import again; they are not in the roster."]
    else:
        lines.append("None.")
    if inferred:
        lines += ["", "## Steps found from the salary", "", "| export row | employee_id | found |", "| --- | --- | --- |"]
        lines += [f"| {row} | {who} | {what} |" for row, who, what in sorted(inferred)]
    return "\n".join(lines) + "\n"
