"""Reading and checking a roster (CSV or XLSX), one row per employee assignment.

A roster comes from a payroll export, so it is checked hard: every problem is reported as the
file, the row (as a spreadsheet shows it: header is row 1) and what is wrong. The checked roster
is a DataFrame with fixed dtypes that the projection can rely on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .models import Contract

REQUIRED = ["employee_id", "unit", "schedule", "lane", "step", "fte", "seniority_date"]
DATE_COLUMNS = ["seniority_date", "start_date", "end_date"]
NUMBER_COLUMNS = ["fte", "hours_per_day", "days_per_year"]
SYNONYMS = {"hire_date": "seniority_date", "id": "employee_id"}
IDENTIFYING = ["employee_id", "name", "first_name", "last_name"]
# the benefit enrolment written for rows a proposal creates: costed at the benefit's assumed tier mix
NEW_POSITION_ENROLMENT = "(new position: assumed tier mix)"


def read_roster_file(path: str | Path) -> pd.DataFrame:
    """The raw table, every cell as text (so that '1.5' and 'A' steps survive)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), None, "file not found")
    skipped = 0
    try:
        if path.suffix.lower() in (".xlsx", ".xls"):
            frame = pd.read_excel(path, dtype=str)
        else:
            with open(path, encoding="utf-8-sig") as handle:
                for line in handle:
                    if not line.startswith("#"):
                        break
                    skipped += 1
            frame = pd.read_csv(path, dtype=str, comment="#", skip_blank_lines=True, encoding="utf-8-sig")
    except Exception as exc:  # pandas raises many types for malformed files
        raise InputError(str(path), None, f"cannot read roster: {exc}") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    frame = frame.rename(columns={k: v for k, v in SYNONYMS.items() if k in frame.columns and v not in frame.columns})
    frame.attrs["first_data_row"] = skipped + 2  # the row a spreadsheet shows for the first employee
    return frame


def _row(frame: pd.DataFrame, index) -> str:
    """'row 7 (CH00005)': the row as a spreadsheet shows it, and the employee when known."""
    number = int(index) + frame.attrs.get("first_data_row", 2)
    who = frame.at[index, "employee_id"] if "employee_id" in frame.columns else None
    return f"row {number} ({who})" if isinstance(who, str) and who.strip() else f"row {number}"


def _dates(frame: pd.DataFrame, column: str, source: str) -> pd.Series:
    text = frame[column].fillna("").astype(str).str.strip().str.replace(r"[ T]00:00:00(\.0+)?$", "", regex=True)
    parsed = pd.to_datetime(text.where(text != ""), format="%Y-%m-%d", errors="coerce")
    bad = (text != "") & parsed.isna()
    if bad.any():
        i = bad.idxmax()
        raise InputError(source, f"{_row(frame, i)}, column {column}", f"{text[i]!r} is not a date like 2024-07-01")
    return parsed.astype("datetime64[s]")


def check_roster(raw: pd.DataFrame, contract: Contract, source: str, as_of: dt.date | None = None,
                 needed_by: dict[str, Contract] | None = None) -> pd.DataFrame:
    """A typed roster, or an InputError naming the file, the row and the problem.

    ``needed_by`` maps proposal files to the contracts they make: the roster must also have the
    flag columns their new stipends read.
    """
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        hint = " (the first row must be the header)" if len(missing) >= 4 else ""
        raise InputError(source, None, f"missing column(s): {', '.join(missing)}{hint}")
    frame = raw.copy()
    frame = frame[~frame[REQUIRED].isna().all(axis=1)]
    for column in REQUIRED:
        frame[column] = frame[column].astype("string").str.strip()
        empty = frame[column].isna() | (frame[column] == "")
        if empty.any():
            raise InputError(source, f"{_row(frame, empty.idxmax())}, column {column}", "is empty")
    dupes = frame["employee_id"].duplicated(keep="first")
    if dupes.any():
        i = dupes.idxmax()
        raise InputError(source, _row(frame, i), f"duplicate employee_id {frame.at[i, 'employee_id']!r}")
    for column in NUMBER_COLUMNS:
        if column in frame.columns:
            text = frame[column].astype("string").str.strip()
            values = pd.to_numeric(text, errors="coerce")
            bad = text.notna() & (text != "") & values.isna()
            if bad.any():
                i = bad.idxmax()
                raise InputError(source, f"{_row(frame, i)}, column {column}", f"{text[i]!r} is not a number")
            frame[column] = values.astype(float)
    bad_fte = ~frame["fte"].between(0, 1.5, inclusive="right")
    if bad_fte.any():
        i = bad_fte.idxmax()
        raise InputError(source, f"{_row(frame, i)}, column fte", f"{frame.at[i, 'fte']} is not in (0, 1.5]")
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = _dates(frame, column, source)
        else:
            frame[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    backwards = frame["end_date"].notna() & frame["start_date"].notna() & (frame["end_date"] < frame["start_date"])
    if backwards.any():
        raise InputError(source, _row(frame, backwards.idxmax()), "end_date is before start_date")
    schedules = {s.name: s for s in contract.schedules}
    _first_bad(frame, ~frame["schedule"].isin(list(schedules)), source,
               lambda i: f"unknown schedule {frame.at[i, 'schedule']!r} (contract has {', '.join(schedules)})")
    _first_bad(frame, ~frame["unit"].isin(list(contract.units)), source,
               lambda i: f"unknown unit {frame.at[i, 'unit']!r}")
    for name, schedule in schedules.items():
        mine = frame["schedule"] == name
        _first_bad(frame, mine & ~frame["lane"].isin(list(schedule.lanes)), source,
                   lambda i, n=name: f"unknown lane {frame.at[i, 'lane']!r} on schedule {n!r}")
        _first_bad(frame, mine & ~frame["step"].isin(list(schedule.steps)), source,
                   lambda i, n=name, s=schedule: f"step {frame.at[i, 'step']!r} is not on schedule {n!r} (steps {', '.join(s.steps)})")
    if "max_step" in frame.columns:
        frame["max_step"] = frame["max_step"].astype("string").str.strip().replace("", pd.NA)
        for i, sched, cap in zip(frame.index, frame["schedule"], frame["max_step"]):
            if pd.notna(cap) and cap not in schedules[sched].steps:
                raise InputError(source, f"{_row(frame, i)}, column max_step", f"{cap!r} is not a step of {sched!r}")
    for column, (who, where) in needed_columns(contract, needed_by).items():
        if column not in frame.columns:
            raise InputError(where or source, who, f"needs roster column {column!r}, which {source} does not have")
        text = frame[column].astype("string").str.strip().str.lower().replace(
            {"": "0", "true": "1", "false": "0", "yes": "1", "no": "0", "y": "1", "n": "0"})
        values = pd.to_numeric(text.fillna("0"), errors="coerce")
        if values.isna().any():
            i = values.isna().idxmax()
            raise InputError(source, f"{_row(frame, i)}, column {column}", f"{frame.at[i, column]!r} is not a number or yes/no")
        frame[column] = values.astype(float)
    _check_rule_columns(frame, contract, source, needed_by)
    return frame.reset_index(drop=True)


def _check_rule_columns(frame: pd.DataFrame, contract: Contract, source: str,
                        needed_by: dict[str, Contract] | None = None) -> None:
    """Benefit enrolments name a plan and tier the contract has; eligibility rules' columns exist."""
    for where, c in [(None, contract), *((needed_by or {}).items())]:
        for benefit in c.benefits:
            if benefit.column not in frame.columns:
                raise InputError(where or source, f"benefit {benefit.name}",
                                 f"needs roster column {benefit.column!r} (PLAN:TIER, blank = waived), which {source} does not have")
            text = frame[benefit.column].astype("string").fillna("").str.strip()
            for value in text.unique():
                if value.lower() in ("", "waived", "none", NEW_POSITION_ENROLMENT.lower()):
                    continue
                try:
                    benefit.split_enrolment(value)
                except ValueError as exc:
                    i = (text == value).idxmax()
                    raise InputError(source, f"{_row(frame, i)}, column {benefit.column}", str(exc)) from None
        rules = [(f"stipend {x.name}", x.eligible) for x in c.stipends] + [
            (f"one-time payment {x.name}", x.eligible) for x in c.one_time] + [
            (f"retro {x.name}", x.eligible) for x in c.retro] + [(f"extra pay {x.name}", x.eligible) for x in c.extra_pay] + [
            (f"paid days {x.name}", x.eligible) for x in c.paid_days]
        for who, rule in rules:
            for column in sorted(rule.columns() if rule else ()):
                if column not in frame.columns:
                    raise InputError(where or source, who,
                                     f"an eligibility rule reads roster column {column!r}, which {source} does not have")


def _first_bad(frame: pd.DataFrame, bad: pd.Series, source: str, message) -> None:
    """Raise for the first row flagged ``bad`` (checks stay vectorized; only the error is per row)."""
    if bad.any():
        i = bad.idxmax()
        raise InputError(source, _row(frame, i), message(i))


def needed_columns(contract: Contract, needed_by: dict[str, Contract] | None = None) -> dict[str, tuple[str, str | None]]:
    """Roster column -> (which provision reads it, which file added it) over a contract and proposals."""
    out: dict[str, tuple[str, str | None]] = {}
    for where, c in [(None, contract), *((needed_by or {}).items())]:
        for stipend in c.stipends:
            if stipend.column and stipend.column not in out:
                out[stipend.column] = (f"stipend {stipend.name}", where)
        for position in c.positions:
            for flag in position.flags:
                out.setdefault(flag, (f"new positions {position.id_prefix}", where))
    return out


def flag_columns(contract: Contract) -> list[str]:
    """Roster columns the contract's stipends and new positions read (flags or quantities)."""
    return sorted(needed_columns(contract))


def load_roster(path: str | Path, contract: Contract, as_of: dt.date | None = None,
                needed_by: dict[str, Contract] | None = None) -> pd.DataFrame:
    """Read and check a roster file against a contract (and the proposals costed with it)."""
    return check_roster(read_roster_file(path), contract, str(path), as_of, needed_by)


def with_new_positions(roster: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """The roster plus one row per position a proposal creates (they start on their date)."""
    rows = []
    for position in contract.positions:
        for k in range(1, position.count + 1):
            start = pd.Timestamp(position.effective)
            row = {
                "employee_id": f"{position.id_prefix}-{position.effective:%Y%m%d}-{k:03d}",
                "unit": position.unit, "schedule": position.schedule, "lane": position.lane,
                "step": position.step, "fte": float(position.fte),
                "seniority_date": start, "start_date": start, "end_date": pd.NaT,
            }
            row.update({flag: float(v) for flag, v in position.flags.items()})
            row.update({b.column: NEW_POSITION_ENROLMENT for b in contract.benefits})
            rows.append(row)
    if not rows:
        return roster
    added = pd.DataFrame(rows)
    for column in DATE_COLUMNS:
        added[column] = added[column].astype("datetime64[s]")
    combined = pd.concat([roster, added], ignore_index=True)
    for column in flag_columns(contract):
        combined[column] = combined[column].fillna(0.0)
    return combined


def public_columns(frame: pd.DataFrame) -> list[str]:
    """Columns safe for a public report: never IDs or names."""
    return [c for c in frame.columns if c not in IDENTIFYING]


def as_datetime64(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype="datetime64[D]")
