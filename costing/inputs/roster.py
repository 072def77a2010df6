"""Reading and checking a roster (CSV or XLSX), one row per employee assignment.

A roster comes from a payroll export, so it is checked hard: every problem is reported as the
file, the row (as a spreadsheet shows it: header is row 1) and what is wrong. The checked roster
is a DataFrame with fixed dtypes that the projection can rely on.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SHOWN, InputError, did_you_mean, raise_collected
from .cells import DistinctCells, date_cells, typed_cells
from .models import Contract
from .parsing import parse_date, parse_money
from .plain_csv import read_plain_csv
from .vocabulary import PRORATIONS

REQUIRED = ["employee_id", "unit", "schedule", "lane", "step", "fte", "seniority_date"]
DATE_COLUMNS = ["seniority_date", "start_date", "end_date"]
NUMBER_COLUMNS = ["fte", "hours_per_day", "days_per_year", "own_rate"]
SYNONYMS = {"hire_date": "seniority_date", "id": "employee_id"}
IDENTIFYING = ["employee_id", "name", "first_name", "last_name"]
# the benefit enrolment written for rows a proposal creates: costed at the benefit's assumed tier mix
NEW_POSITION_ENROLMENT = "(new position: assumed tier mix)"


COMMENT = "#"
"""A roster or moves CSV may open with lines starting with ``#`` (a note, such as the synthetic-roster line of
rosters written before the ``synthetic`` column): those leading lines are skipped. Nowhere else is ``#``
special: a cell holding "#" (an employee ID "#1042", a lane "MA#2") is data, read as written."""


def leading_comments(path: Path, encoding: str = "utf-8-sig") -> list[str]:
    """The ``#`` lines before a CSV's header (see :data:`COMMENT`), as written."""
    lines = []
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        for line in handle:
            if not line.lstrip().startswith(COMMENT):
                break
            lines.append(line.rstrip("\r\n"))
    return lines


def read_table_csv(path: Path) -> pd.DataFrame:
    """A roster or moves CSV as text cells, as pandas and Excel read it: the header on the first line
    after any leading ``#`` lines; UTF-8 (with or without Excel's byte-order mark), else Windows-1252,
    the encoding of Excel's plain "CSV (Comma delimited)"."""
    skipped = len(leading_comments(path))
    frame = read_plain_csv(path, skipped)   # pyarrow's parser where it reads exactly what pandas reads (faster)
    if frame is not None:
        frame.attrs["first_data_row"] = skipped + 2
        return frame
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            frame = pd.read_csv(path, dtype=str, skiprows=skipped, skip_blank_lines=True, encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
    if not isinstance(frame.index, pd.RangeIndex):  # pandas took the extra cells of the first row as an index
        raise InputError(str(path), f"row {skipped + 2}", f"has more cells than the header (row {skipped + 1}) has"
                         " names: is a column name missing, or a comma inside a cell that is not quoted?")
    frame.attrs["first_data_row"] = skipped + 2  # the row a spreadsheet shows for the first employee
    return frame


def _read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet as text cells; rows above the header whose first cell starts with ``#`` are skipped."""
    frame = pd.read_excel(path, dtype=str, header=None)
    first = frame.iloc[:, 0].fillna("").astype(str).str.lstrip() if len(frame.columns) else pd.Series(dtype=str)
    skipped = 0
    while skipped < len(frame) and first.iloc[skipped].startswith(COMMENT):
        skipped += 1
    header = [str(c) if pd.notna(c) else f"unnamed_{k}" for k, c in enumerate(frame.iloc[skipped])] if skipped < len(frame) else []
    body = frame.iloc[skipped + 1:].reset_index(drop=True)
    body.columns = header or body.columns
    body.attrs["first_data_row"] = skipped + 2
    return body


CELLS_MISMATCH = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _unreadable(exc: Exception) -> tuple[str | None, str]:
    """(where, what is wrong) for a table pandas could not read, in the user's words: a row with more cells than the
    header names is the usual one (pandas: 'Error tokenizing data. C error: Expected 13 fields in line 4, saw 14')."""
    found = CELLS_MISMATCH.search(str(exc))
    if found:
        header, line, cells = found.groups()
        return (f"row {line}", f"has {cells} cells but the header names {header} columns: a stray comma, or a comma"
                " inside a cell that is not quoted?")
    return None, f"cannot read roster: {exc}"


def read_roster_file(path: str | Path) -> pd.DataFrame:
    """The raw table, every cell as text (so that '1.5' and 'A' steps survive)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), None, "file not found")
    try:
        frame = _read_xlsx(path) if path.suffix.lower() in (".xlsx", ".xls") else read_table_csv(path)
    except InputError:
        raise
    except Exception as exc:  # pandas raises many types for malformed files
        raise InputError(str(path), *_unreadable(exc)) from None
    first = frame.attrs.get("first_data_row", 2)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:   # MAX_STEP and max_step: one column to costing, which compares names without case or spaces
        raise InputError(str(path), "header", f"names the column(s) {', '.join(twice)} more than once (names are"
                         " compared without case and surrounding spaces); keep one of each")
    frame = frame.rename(columns={k: v for k, v in SYNONYMS.items() if k in frame.columns and v not in frame.columns})
    frame.attrs["first_data_row"] = first
    return frame


def _row(frame: pd.DataFrame, index) -> str:
    """'row 7 (CH00005)': the row as a spreadsheet shows it, and the employee when known."""
    number = int(index) + frame.attrs.get("first_data_row", 2)
    who = frame.at[index, "employee_id"] if "employee_id" in frame.columns else None
    return f"row {number} ({who})" if isinstance(who, str) and who.strip() else f"row {number}"


def _who(frame: pd.DataFrame, index) -> tuple[str, ...]:
    """The roster values an error about this row quotes (for :meth:`InputError.public_text`)."""
    who = frame.at[index, "employee_id"] if "employee_id" in frame.columns else None
    return (who.strip(),) if isinstance(who, str) and who.strip() else ()


class _Problems:
    """Row problems found by vectorized checks; reported together, one line per bad row.

    A payroll export with 40 bad rows is fixed in one pass, not 40 runs: every check marks its bad
    rows, and the error lists the first :data:`costing.errors.SHOWN` rows (each with all of its
    problems) and how many more there are."""

    def __init__(self, frame: pd.DataFrame, source: str):
        self.frame, self.source = frame, source
        self.checks: list[tuple[pd.Series, object]] = []

    def add(self, bad: pd.Series | np.ndarray, message) -> None:
        """``message(i)`` says what is wrong with row ``i``; it is called only for rows shown. ``bad``: a
        Series on the frame's index (NA is not bad) or an array with one entry per row."""
        bad = pd.Series(bad, index=self.frame.index) if isinstance(bad, np.ndarray) else bad.fillna(False).astype(bool)
        if bad.any():
            self.checks.append((bad, message))

    def any(self) -> bool:
        return bool(self.checks)

    def raise_any(self) -> None:
        if not self.checks:
            return
        bad = self.checks[0][0].copy()
        for mask, _ in self.checks[1:]:
            bad |= mask
        rows = bad[bad].index
        errors = []
        for i in rows[:SHOWN]:
            messages = [message(i) for mask, message in self.checks if mask.get(i, False)]
            errors.append(InputError(self.source, _row(self.frame, i), "; ".join(messages), _who(self.frame, i)))
        raise_collected(errors, more=len(rows) - len(errors))


def _wrong_rows(codes: np.ndarray, wrong: dict[int, str], index: pd.Index) -> pd.Series:
    return pd.Series(np.isin(codes, list(wrong)) if wrong else np.zeros(len(codes), dtype=bool), index=index)


def date_column(frame: pd.DataFrame, column: str, problems: _Problems) -> pd.Series:
    """A column of dates (2024-07-01, 7/1/2024 as Excel writes it back, an Excel date cell) as
    datetime64[s]; a cell that is not a date is a problem of its row, in the parser's words."""
    codes, by_code, wrong = date_cells(frame[column], parse_date)
    problems.add(_wrong_rows(codes, wrong, frame.index),
                 lambda i: f"column {column}: {wrong[codes[frame.index.get_loc(i)]]}")
    return pd.Series(by_code[codes], index=frame.index)


def number_column(frame: pd.DataFrame, column: str, problems: _Problems, money: bool = False) -> pd.Series:
    """A column of numbers as floats: 0.5, 1200 or 1,200 (a thousands separator, as Excel may show it) and,
    for money (a rate or an amount), $1,250.50; anything else is a problem of its row."""
    written = frame[column]   # as typed: the frame's column is replaced by the numbers
    codes, amounts, wrong = typed_cells(written, parse_money if money else _plain_number)
    by_code = np.array([float(a) if a is not None else np.nan for a in amounts], dtype=float)
    what = "an amount of money such as 1,250.50 or $1,250.50" if money else "a number"
    problems.add(_wrong_rows(codes, wrong, frame.index),
                 lambda i: f"column {column}: {str(written[i]).strip()!r} is not {what}")
    return pd.Series(by_code[codes], index=frame.index)


def _plain_number(text: str):
    """A number as typed in a roster: 0.5, 1200, 1,200 (no dollar sign, no parentheses)."""
    if "$" in text or "(" in text:
        raise ValueError(text)
    return parse_money(text)


FLAG_WORDS = {"true": "1", "false": "0", "yes": "1", "no": "0", "y": "1", "n": "0"}
"""What a flag column may say besides 1 and 0 (a blank is 0)."""


def _flag_or_number(text: str):
    return _plain_number(FLAG_WORDS.get(text.lower(), text))


def _allowed_units(contracts: list[Contract]) -> dict[str, set[str]]:
    """Schedule -> units whose members it may pay: its own, and any a dated unit change moves it to."""
    allowed: dict[str, set[str]] = {}
    for contract in contracts:
        for schedule in contract.schedules:
            allowed.setdefault(schedule.name, set()).update(
                {schedule.unit, *(u.unit for u in schedule.unit_changes), *getattr(schedule, "other_units", ())})
    return allowed


def check_roster(raw: pd.DataFrame, contract: Contract | None, source: str, as_of: dt.date | None = None,
                 needed_by: dict[str, Contract] | None = None, until: dt.date | None = None) -> pd.DataFrame:
    """A typed roster, or an InputError naming the file, the row and the problem.

    Every row is checked and every bad row reported (one line each, up to 20). ``needed_by``
    maps proposal files to the contracts they make: the roster must also have the flag columns
    their new stipends read. ``until`` (default: the end of the contract's period) is the last day
    costed: a seniority or start date after it is a typo, not a future hire.

    Without a contract (``None``) what the roster says alone is checked: the required columns, IDs,
    numbers, dates, proration names, end after start; its schedules, units, lanes, steps and the
    columns a contract's stipends and benefits read are checked when it is costed.
    """
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        hint = " (the first row must be the header)" if len(missing) >= 4 else ""
        raise InputError(source, None, f"missing column(s): {', '.join(missing)}{hint}")
    # each column's distinct cells stripped once; a row whose required cells are all missing is a blank line
    cells = {column: DistinctCells.of(raw[column]) for column in REQUIRED}
    blank_rows = np.logical_and.reduce([column.codes < 0 for column in cells.values()])
    # a shallow copy: every column checked is replaced by a new one, never written into (the caller's frame stays as it was)
    frame = raw[~blank_rows].copy() if blank_rows.any() else raw.copy(deep=False)
    if frame.empty:
        raise InputError(source, None, "has no employees (a header but no rows); a roster needs one row per assignment")
    if blank_rows.any():
        cells = {name: column.rows(~blank_rows) for name, column in cells.items()}
    problems = _Problems(frame, source)
    for column in REQUIRED:
        frame[column] = cells[column].strings(frame.index)
        problems.add(cells[column].empty(), lambda i, c=column: f"column {c} is empty")
    problems.add(cells["employee_id"].duplicated() & ~cells["employee_id"].empty(),
                 lambda i: f"duplicate employee_id {frame.at[i, 'employee_id']!r}")
    for column in NUMBER_COLUMNS:
        if column in frame.columns:
            frame[column] = number_column(frame, column, problems)
    for column, (lo, hi) in NUMBER_BOUNDS.items():
        if column in frame.columns:
            values = frame[column]
            problems.add(values.notna() & ~((values > lo) & (values <= hi)),
                         lambda i, c=column, lo=lo, hi=hi: f"column {c}: {frame.at[i, c]:g} is not in ({lo:g}, {hi:g}]")
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = date_column(frame, column, problems)
        else:
            frame[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    problems.add(frame["end_date"].notna() & frame["start_date"].notna() & (frame["end_date"] < frame["start_date"]),
                 lambda i: "end_date is before start_date")
    until = until or (contract.period.end if contract is not None and contract.period else None)
    if until is not None:
        last = pd.Timestamp(until)
        for column in ("seniority_date", "start_date"):
            problems.add(frame[column] > last, lambda i, c=column: f"column {c}: {frame.at[i, c]:%Y-%m-%d} is after the"
                         f" last day costed ({until}); is the year a typo?")
    if "proration" in frame.columns:
        _check_proration(frame, problems)
    if "max_step" in frame.columns:
        cells["max_step"] = DistinctCells.of(frame["max_step"])
        frame["max_step"] = cells["max_step"].strings(frame.index, blank=pd.NA)
    if contract is not None:
        _check_against_contract(frame, cells, contract, problems, needed_by)
    problems.raise_any()
    if contract is not None:
        _check_rule_columns(frame, contract, source, needed_by)
    # numbered 0, 1, ... in place: ``reset_index`` would copy every column (half a second at a million rows)
    frame.index = pd.RangeIndex(len(frame))
    return frame


def _check_against_contract(frame: pd.DataFrame, cells: dict[str, DistinctCells], contract: Contract,
                            problems: _Problems, needed_by: dict[str, Contract] | None) -> None:
    """Schedules, units, lanes, steps and caps the contract has; the flag and quantity columns its
    stipends and new positions read (and the proposals' in ``needed_by``), as numbers in their bounds.
    ``cells``: the roster's text columns (the required ones, and ``max_step`` when it has one) as distinct cells."""
    source = problems.source
    schedules = {s.name: s for s in contract.schedules}
    schedule, unit = cells["schedule"], cells["unit"]
    problems.add(~schedule.among(schedules) & ~schedule.empty(),
                 lambda i: f"unknown schedule {frame.at[i, 'schedule']!r}"
                 f"{did_you_mean(frame.at[i, 'schedule'], schedules)} (contract has {', '.join(schedules)})")
    known_unit = unit.among(contract.units)
    problems.add(~known_unit & ~unit.empty(),
                 lambda i: f"unknown unit {frame.at[i, 'unit']!r}{did_you_mean(frame.at[i, 'unit'], contract.units)}")
    wrong_unit = np.zeros(len(frame), dtype=bool)
    for sched, units in _allowed_units([contract, *(needed_by or {}).values()]).items():
        wrong_unit |= schedule.equal(sched) & known_unit & ~unit.among(units)   # a known unit the schedule does not pay
    problems.add(wrong_unit, lambda i: f"unit {frame.at[i, 'unit']!r} is not paid on schedule {frame.at[i, 'schedule']!r},"
                 f" which belongs to unit {schedules[frame.at[i, 'schedule']].unit!r}")
    for name, schedule_of in schedules.items():
        mine = schedule.equal(name)
        problems.add(mine & ~cells["lane"].among(schedule_of.lanes),
                     lambda i, n=name: f"unknown lane {frame.at[i, 'lane']!r} on schedule {n!r}")
        problems.add(mine & ~cells["step"].among(schedule_of.steps),
                     lambda i, n=name, s=schedule_of: f"step {frame.at[i, 'step']!r} is not on schedule {n!r}"
                     f" (steps {', '.join(s.steps)})")
    if "max_step" in cells:
        capped = ~cells["max_step"].empty()
        bad_cap = np.zeros(len(frame), dtype=bool)
        for name, schedule_of in schedules.items():   # a cap that is not a step of the row's schedule
            bad_cap |= schedule.equal(name) & capped & ~cells["max_step"].among(schedule_of.steps)
        problems.add(bad_cap, lambda i: f"column max_step: {frame.at[i, 'max_step']!r} is not a step of"
                     f" {frame.at[i, 'schedule']!r}")
    bounds = column_bounds(contract, needed_by)
    for column, (who, where) in needed_columns(contract, needed_by).items():
        if column not in frame.columns:
            raise InputError(where or source, who, f"needs roster column {column!r}, which {source} does not have")
        written = frame[column]  # quoted as the user wrote it
        codes, amounts, wrong = typed_cells(written, _flag_or_number, blank=0)
        values = pd.Series(np.array([float(a) if a is not None else np.nan for a in amounts], dtype=float)[codes],
                           index=frame.index)
        problems.add(values.isna(), lambda i, c=column, w=written: f"column {c}: {str(w[i]).strip()!r} is not a number or yes/no")
        lo, hi, meaning = bounds.get(column, (0.0, float(MAX_QUANTITY), "a quantity"))
        problems.add(values.notna() & ~values.between(lo, hi),
                     lambda i, c=column, w=written, lo=lo, hi=hi, m=meaning:
                     f"column {c}: {str(w[i]).strip()} is not {m} ({lo:g} to {hi:g})")
        frame[column] = values


def _check_proration(frame: pd.DataFrame, problems: _Problems) -> None:
    """A row's own proration convention (column ``proration``) is one of the named ones, or blank."""
    cells = DistinctCells.of(frame["proration"])
    text = cells.strings(frame.index)
    problems.add(~cells.empty() & ~cells.among(PRORATIONS),
                 lambda i: f"column proration: {text[i]!r} is not a proration convention{did_you_mean(text[i], PRORATIONS)};"
                 f" use one of {', '.join(PRORATIONS)} (or leave it blank for the schedule's)")


def _check_rule_columns(frame: pd.DataFrame, contract: Contract, source: str,
                        needed_by: dict[str, Contract] | None = None) -> None:
    """Benefit enrolments name a plan and tier the contract has; eligibility rules' columns exist."""
    for where, c in [(None, contract), *((needed_by or {}).items())]:
        for benefit in c.benefits:
            if benefit.column not in frame.columns:
                raise InputError(where or source, f"benefit {benefit.name}",
                                 f"needs roster column {benefit.column!r} (PLAN:TIER, blank = waived), which {source} does not have")
            enrolments = DistinctCells.of(frame[benefit.column])
            problems = _Problems(frame, source)   # every bad row listed, as the other roster checks do
            for code, value in enumerate(enrolments.texts):
                if value.lower() in ("", "waived", "none", NEW_POSITION_ENROLMENT.lower()):
                    continue
                try:
                    benefit.split_enrolment(value)
                except ValueError as exc:
                    problems.add(enrolments.codes == code, lambda i, c=benefit.column, m=str(exc): f"column {c}: {m}")
            problems.raise_any()
        rules = [(f"stipend {x.name}", x.eligible) for x in c.stipends] + [
            (f"one-time payment {x.name}", x.eligible) for x in c.one_time] + [
            (f"retro {x.name}", x.eligible) for x in c.retro] + [(f"extra pay {x.name}", x.eligible) for x in c.extra_pay] + [
            (f"paid days {x.name}", x.eligible) for x in c.paid_days]
        for who, rule in rules:
            for column in sorted(rule.columns() if rule else ()):
                if column not in frame.columns:
                    raise InputError(where or source, who,
                                     f"an eligibility rule reads roster column {column!r}, which {source} does not have")


NUMBER_BOUNDS = {"fte": (0.0, 1.5), "hours_per_day": (0.0, 24.0), "days_per_year": (0.0, 366.0),
                 "own_rate": (0.0, 10_000_000.0)}   # a red-circled rate, in the schedule's rate unit
"""Roster numbers, each in (low, high]: FTE, and a personal work-year basis."""
MAX_QUANTITY = 366 * 24
COLUMN_BOUNDS = {
    "annual": (0.0, 1.0, "a 0/1 flag"),
    "percent": (0.0, 20.0, "a flag or a count"),
    "hours_at_rate": (0.0, 20.0, "a flag or a count"),
    "per_hour": (0.0, float(MAX_QUANTITY), "hours a year"),
    "per_day": (0.0, 366.0, "days a year"),
}
"""What a stipend's roster column may hold, by the stipend's kind (docs/formats.md, "Bounds")."""


def column_bounds(contract: Contract, needed_by: dict[str, Contract] | None = None) -> dict[str, tuple[float, float, str]]:
    """Roster column -> (lowest, highest, what it is) from the first stipend that reads it."""
    out: dict[str, tuple[float, float, str]] = {}
    for c in [contract, *(needed_by or {}).values()]:
        for stipend in c.stipends:
            if stipend.column:
                out.setdefault(stipend.column, COLUMN_BOUNDS[stipend.kind])
    return out


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


def load_roster(path: str | Path, contract: Contract | None = None, as_of: dt.date | None = None,
                needed_by: dict[str, Contract] | None = None, until: dt.date | None = None) -> pd.DataFrame:
    """Read and check a roster file, against a contract (and the proposals costed with it) when one is given.

    Without a contract, what the file says alone is checked (see :func:`check_roster`): a notebook
    can look at a roster before a contract is written, and a costing checks the rest."""
    return check_roster(read_roster_file(path), contract, str(path), as_of, needed_by, until)


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

