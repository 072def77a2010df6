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
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .grid_import import parse_money, step_label
from .import_map import NAME_COLUMNS, READ_ONLY_TARGETS, MapFile, RosterMap, SalarySpec, load_map
from .models import Contract
from .parsing import parse_date
from .roster import REQUIRED

__all__ = ["SalarySpec", "RosterMap", "Mapped", "load_roster_map", "read_export", "map_export", "combine_assignments"]

OPTIONAL = ("start_date", "end_date", "hours_per_day", "days_per_year", "max_step")
TARGETS = (*REQUIRED, *OPTIONAL, *NAME_COLUMNS, "salary")
YES = {"y", "yes", "true", "t", "1", "x"}
NO = {"n", "no", "false", "f", "0", ""}
IMPORT_MARK = "# imported by `costing import-roster`"
ROSTER_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Mapped:
    """The export as roster rows (steps possibly blank), what was rejected and why, and what was left out."""

    frame: pd.DataFrame                      # roster columns + salary + export_row
    rows_read: int
    rejected: list[tuple[int, str, str]] = field(default_factory=list)   # (export row, employee_id, reason)
    dropped_columns: list[str] = field(default_factory=list)
    aliased: dict[str, int] = field(default_factory=dict)   # roster column -> values renamed
    filtered: dict[str, int] = field(default_factory=dict)  # export column -> rows its filter left out
    derived: list[str] = field(default_factory=list)        # "health = Health Plan + ':' + Coverage"
    assignments: list[str] = field(default_factory=list)    # what the assignments rule did, person by person
    notes: list[str] = field(default_factory=list)          # anything else the report must say


def load_roster_map(path: str | Path | None, preset: str | None = None) -> RosterMap:
    """The mapping alone (see :func:`costing.inputs.import_map.load_map` for its lines)."""
    return load_map(path, preset).mapping


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


def check_map(mf: MapFile, export: pd.DataFrame, contract: Contract, export_source: str) -> None:
    """Every mapping mistake is one line naming the mapping file, its line and key, before any row is read."""
    mapping = mf.mapping
    have = list(export.columns)

    def missing(column: str, key: str) -> None:
        if column not in have:
            raise mf.error(key, f"{export_source} has no column {column!r} (it has: {', '.join(map(repr, have))})")

    for column, target in mapping.columns.items():
        missing(column, f"columns.{column}")
        if not ROSTER_NAME.fullmatch(target):
            raise mf.error(f"columns.{column}", f"{target!r} is not a roster column name"
                           " (lower case letters, digits and _, e.g. employee_id, lane, mentor)")
    for target, rule in mapping.derive.items():
        if not ROSTER_NAME.fullmatch(target):
            raise mf.error(f"derive.{target}", f"{target!r} is not a roster column name (lower case letters, digits and _)")
        for column in rule.join or (rule.split,):
            missing(column, f"derive.{target}")
    for column in mapping.filter:
        missing(column, f"filter.{column}")
    targets = list(mapping.columns.values()) + list(mapping.derive)
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        raise mf.error("columns", f"two export columns (or a derived column) both give {dupes[0]!r}")
    produced = mapping.produced()
    for column in ("employee_id", "unit", "schedule", "lane", "fte", "seniority_date"):
        if column not in produced:
            raise mf.error("columns", f"nothing gives the roster column {column!r}: map an export column to it,"
                           " derive it, or give one value for every row under set:")
    if "step" not in produced and "salary" not in produced:
        raise mf.error("columns", "nothing gives the step: map the export's step column to 'step', or its salary"
                       " column to 'salary' so that the step is found from the grid")
    if mapping.salary.per_pay_method and "pay_method" not in produced:
        raise mf.error("salary.per_pay_method", "needs a column mapped to pay_method (the export's pay method code)")
    for flag in mapping.flags:
        if flag not in produced:
            raise mf.error("flags", f"{flag!r} is not a roster column the mapping produces")
    for column in mapping.assignments.once_per_person:
        if column not in produced:
            raise mf.error("assignments.once_per_person", f"{column!r} is not a roster column the mapping produces")
    lanes = {lane for s in contract.schedules for lane in s.lanes}
    known = {"unit": set(contract.units), "schedule": {s.name for s in contract.schedules}, "lane": lanes}
    for column, aliases in mapping.values.items():
        if column not in produced:
            raise mf.error(f"values.{column}", f"{column!r} is not a roster column the mapping produces")
        for alias, target in aliases.items():
            if column in known and target not in known[column]:
                raise mf.error(f"values.{column}.{alias}", f"maps to {target!r}, which is not a {column} of the"
                               f" contract (it has: {', '.join(sorted(known[column]))})")
    for column, value in mapping.set.items():
        if column in known and value not in known[column]:
            raise mf.error(f"set.{column}", f"{value!r} is not a {column} of the contract"
                           f" (it has: {', '.join(sorted(known[column]))})")


def _fte(text: str) -> float | None:
    text = text.strip()
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return value / 100 if percent else value


def _derived(raw: pd.DataFrame, mapping: RosterMap) -> tuple[dict[str, pd.Series], list[str]]:
    """Roster columns made from export columns (join, split), and a line saying how each was made."""
    out, said = {}, []
    for target, rule in mapping.derive.items():
        if rule.join:
            parts = [raw[c].fillna("").astype(str).str.strip() for c in rule.join]
            joined = parts[0]
            for part in parts[1:]:
                joined = joined + rule.sep + part
            blank = pd.concat(parts, axis=1).eq("").all(axis=1)
            out[target] = joined.where(~blank, "")          # every part blank: blank (e.g. waived), not ":"
            said.append(f"{target} = " + f" + {rule.sep!r} + ".join(repr(c) for c in rule.join))
        else:
            pieces = raw[rule.split].fillna("").astype(str).str.split(rule.sep, regex=False)
            out[target] = pieces.map(lambda p, k=rule.part - 1: p[k].strip() if len(p) > k else "")
            said.append(f"{target} = part {rule.part} of {rule.split!r} split on {rule.sep!r}")
    return out, said


def map_export(raw: pd.DataFrame, mf: MapFile, contract: Contract, export_source: str) -> Mapped:
    """The export's rows in the roster's columns; every row that cannot be read is rejected with all its reasons.

    Order: filters (on export values), derived columns, renamed columns, ``set``, value maps, then
    the row checks. Rows a filter leaves out are counted, not rejected.
    """
    mapping = mf.mapping
    check_map(mf, raw, contract, export_source)
    raw = raw.fillna("").astype(str).apply(lambda s: s.str.strip())
    raw["export_row"] = range(2, len(raw) + 2)
    raw = raw[(raw.drop(columns="export_row") != "").any(axis=1)]   # blank lines in the export
    rows_read = len(raw)
    filtered = {}
    for column, keep in mapping.filter.items():
        kept = raw[column].map(keep.keeps)
        filtered[column] = int((~kept).sum())
        raw = raw[kept]
    derived, said = _derived(raw, mapping)
    names = set(NAME_COLUMNS)
    dropped = [c for c in raw.columns if c not in mapping.columns and c != "export_row"]
    if not mapping.keep_names:
        dropped += [c for c, t in mapping.columns.items() if t in names]
    keep = {c: t for c, t in mapping.columns.items() if mapping.keep_names or t not in names}
    frame = raw[list(keep)].rename(columns=keep)
    for target, series in derived.items():
        frame[target] = series
    for column, value in mapping.set.items():
        frame[column] = frame[column].where(frame[column] != "", value) if column in frame.columns else value
    aliased = {}
    for column, aliases in mapping.values.items():
        aliased[column] = int(frame[column].isin(list(aliases)).sum())
        frame[column] = frame[column].map(lambda v, a=aliases: a.get(v, v))
    frame["export_row"] = raw["export_row"]
    schedules = {s.name: s for s in contract.schedules}
    rows, rejected = [], []
    for record in frame.to_dict("records"):
        problems = _row_problems(record, mapping, contract, schedules)
        if problems:
            rejected.append((record["export_row"], record.get("employee_id", ""), "; ".join(problems)))
        else:
            rows.append(record)
    out = pd.DataFrame(rows, columns=list(frame.columns))
    return Mapped(out, rows_read, rejected, dropped, aliased, filtered, said)


def _row_problems(record: dict, mapping: RosterMap, contract: Contract, schedules: dict) -> list[str]:
    """Every reason a row cannot go into the roster (and the row cleaned in place); empty when it can."""
    problems = [f"{c} is empty" for c in ("employee_id", "unit", "schedule", "lane", "fte", "seniority_date")
                if not record.get(c)]
    if record.get("unit") and record["unit"] not in contract.units:
        problems.append(f"unit {record['unit']!r} is not in the contract and the mapping has no alias for it")
    schedule = schedules.get(record.get("schedule", ""))
    if record.get("schedule") and schedule is None:
        problems.append(f"schedule {record['schedule']!r} is not in the contract and the mapping has no alias for it")
    if schedule is not None and record.get("lane") and record["lane"] not in schedule.lanes:
        problems.append(f"lane {record['lane']!r} is not a lane of {schedule.name!r} and the mapping has no alias for it")
    if record.get("fte"):
        fte = _fte(record["fte"])
        if fte is None or not 0 < fte <= 1.5:
            problems.append(f"fte {record['fte']!r} is not a number in (0, 1.5] (write 1.0, 0.5 or 100%)")
        else:
            record["fte"] = f"{fte:g}"
    for column in ("seniority_date", "start_date", "end_date", "effective"):
        if record.get(column):
            try:
                record[column] = parse_date(record[column]).isoformat()   # written back as ISO
            except ValueError as exc:
                problems.append(f"{column}: {exc}")
    if record.get("step"):
        record["step"] = step_label(record["step"])
        if schedule is not None and record["step"] not in schedule.steps:
            problems.append(f"step {record['step']!r} is not a step of {schedule.name!r}"
                            f" (steps {', '.join(schedule.steps)})")
    elif not record.get("salary"):
        problems.append("no step and no salary to find it from")
    if record.get("salary"):
        try:
            if parse_money(record["salary"]) is None:
                raise ValueError
        except ValueError:
            if not record.get("step"):
                problems.append(f"salary {record['salary']!r} is not an amount, and there is no step")
            record["salary"] = ""
    if (mapping.salary.per_pay_method and not record.get("step") and record.get("salary")
            and record.get("pay_method", "") not in mapping.salary.per_pay_method):
        problems.append(f"pay method {record.get('pay_method', '')!r} is not one the map reads the salary of"
                        f" (salary.per_pay_method: {', '.join(mapping.salary.per_pay_method)}); give the step")
    for flag in mapping.flags:
        text = record.get(flag, "").lower()
        if text in YES:
            record[flag] = "1"
        elif text in NO:
            record[flag] = "0"
        else:
            problems.append(f"{flag} {record[flag]!r} is not Y/N")
    for benefit in contract.benefits:
        value = record.get(benefit.column, "")
        if value and value.lower() not in ("waived", "none"):
            try:
                benefit.split_enrolment(value)
            except ValueError as exc:
                problems.append(f"{benefit.column}: {exc}")
    return problems


def combine_assignments(frame: pd.DataFrame, mapping: RosterMap
                        ) -> tuple[pd.DataFrame, list[tuple[int, str, str]], list[str]]:
    """Several rows of one employee_id, read by the map's stated rule: (rows, rejected, what was done).

    ``reject`` (the default): every row of that person is rejected, naming the rows, until the map
    says what they mean. ``separate``: each assignment is a roster row of its own, its id the
    person's id and ``-1``, ``-2``... in export order; the ``once_per_person`` columns (a health
    enrolment: one premium a person) stay on the first and are blank on the others. ``combine``:
    one roster row, the assignment with the largest FTE (the first of equals) giving schedule, lane
    and step; FTE the sum (at most 1.5); a flag is 1 if any row has it.
    """
    if frame.empty:
        return frame, [], []
    counts = frame["employee_id"].map(frame["employee_id"].value_counts())
    if not (counts > 1).any():
        return frame, [], []
    single, multi = frame[counts == 1], frame[counts > 1]
    rule = mapping.assignments
    rejected, said, out = [], [], [single]
    for person, rows in multi.groupby("employee_id", sort=False):
        listed = ", ".join(str(r) for r in rows["export_row"])
        if rule.rule == "reject":
            for row in rows["export_row"]:
                rejected.append((row, person, f"employee_id {person!r} is on {len(rows)} rows ({listed}); say how to read"
                                 " several assignments in the map (assignments: {rule: separate} or {rule: combine})"))
            continue
        if rule.rule == "separate":
            rows = rows.copy()
            rows["employee_id"] = [f"{person}-{k}" for k in range(1, len(rows) + 1)]
            for column in rule.once_per_person:
                rows.iloc[1:, rows.columns.get_loc(column)] = ""
            out.append(rows)
            said.append(f"{person}: {len(rows)} assignment rows ({listed}) -> {', '.join(rows['employee_id'])}")
            continue
        fte = sum(float(f) for f in rows["fte"])
        if fte > 1.5:
            for row in rows["export_row"]:
                rejected.append((row, person, f"the {len(rows)} assignments of {person!r} ({listed}) add up to FTE"
                                 f" {fte:g}, more than 1.5"))
            continue
        primary = rows.loc[rows["fte"].astype(float).idxmax()].copy()
        primary["fte"] = f"{fte:g}"
        for flag in mapping.flags:
            primary[flag] = "1" if (rows[flag] == "1").any() else "0"
        out.append(primary.to_frame().T)
        said.append(f"{person}: {len(rows)} assignment rows ({listed}) combined on row {primary['export_row']}"
                    f" ({primary['schedule']} {primary['lane']} step {primary['step']}), FTE {fte:g}")
    combined = pd.concat(out).sort_values("export_row", kind="stable").reset_index(drop=True)
    return combined, rejected, said


def roster_csv_text(frame: pd.DataFrame, export_name: str, map_name: str) -> str:
    """The roster in the project's format: a plain CSV, its header on line 1 (where it came from is the
    import report's first line; the export and the map are named there)."""
    front = [c for c in (*REQUIRED, *OPTIONAL) if c in frame.columns]
    rest = [c for c in frame.columns if c not in front and c not in (*READ_ONLY_TARGETS, "export_row", *NAME_COLUMNS)]
    names = [c for c in NAME_COLUMNS if c in frame.columns]
    return frame[front + rest + names].to_csv(index=False, lineterminator="\n")   # the header on line 1


def written_by_import(path: Path) -> bool:
    """True when a file is one an import wrote and nobody changed since (so running it again may replace
    it): costing's record of the files it wrote, or the first line of an import report (or of a roster
    written before rosters stopped carrying that line, which made pd.read_csv misread them)."""
    from ..output.record import costing_wrote

    if costing_wrote(path):
        return True
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith(("# imported by `costing import-", "<!-- imported by `costing import-"))


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
        f"- rows left out by the filter: {sum(mapped.filtered.values())}",
        f"- rows mapped: {mapped.rows_read - sum(mapped.filtered.values()) - len(mapped.rejected)}",
        f"- steps found from the salary: {len(inferred)}",
        f"- rows rejected: {len(rejected)}",
        f"- rows in the roster: {written}",
    ]
    if mapped.filtered:
        lines.append("- rows left out by the map's filter (not rejected): " + ", ".join(
            f"{json.dumps(k)} {v}" for k, v in mapped.filtered.items()))
    if mapped.derived:
        lines.append("- columns derived: " + "; ".join(mapped.derived))
    if mapped.aliased:
        lines.append("- values renamed by the mapping: " + ", ".join(f"{k} {v}" for k, v in mapped.aliased.items()))
    if mapped.dropped_columns:
        lines.append("- export columns not imported: " + ", ".join(json.dumps(c) for c in mapped.dropped_columns))
    lines.append(f"- salary read as {'annual pay' if salary.per == 'year' else 'the rate'}"
                 f"{', already multiplied by FTE' if salary.fte_scaled else ''}; a cell matches within"
                 f" ${salary.tolerance} (a step is found only when exactly one cell of the lane matches)")
    lines += [f"- {note}" for note in mapped.notes]
    lines += ["", "## Rejected rows", ""]
    if rejected:
        lines += ["| export row | employee_id | reason |", "| --- | --- | --- |"]
        lines += [f"| {row} | {who} | {reason} |" for row, who, reason in sorted(rejected)]
        lines += ["", "Fix these in the export (or the mapping) and run the import again; they are not in the roster."]
    else:
        lines.append("None.")
    if mapped.assignments:
        lines += ["", "## People with several assignment rows", ""]
        lines += [f"- {line}" for line in mapped.assignments]
    if inferred:
        lines += ["", "## Steps found from the salary", "", "| export row | employee_id | found |", "| --- | --- | --- |"]
        lines += [f"| {row} | {who} | {what} |" for row, who, what in sorted(inferred)]
    return "\n".join(lines) + "\n"
