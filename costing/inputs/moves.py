"""Dated roster events: a person moves lane (a degree earned) or is placed on a step on a date.

Lane changes are a real cost driver (BA to MA is often a bigger raise than a COLA), and they are
known in advance from course-credit filings. A moves file lists them, one per row:
``employee_id, date, lane, step`` (lane or step may be blank). They apply on their dates to the
status quo and to every proposal alike, so the difference between scenarios stays the
proposals'. The sensitivity tool's lane-change *assumption* remains for moves nobody has filed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .models import Contract
from .parsing import parse_date
from .roster import read_table_csv

COLUMNS = ["employee_id", "date", "lane", "step"]


def read_moves(path: str | Path, roster: pd.DataFrame, contract: Contract) -> pd.DataFrame:
    """The checked moves (employee_id, date, lane, step, and the ``row`` a spreadsheet shows for
    each), sorted by person and date; a one-line error otherwise. The checks against each person's
    dates and the roster date are :func:`costing.inputs.cross_checks.check_moves`."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError(source, None, "file not found")
    try:
        frame = read_table_csv(path)
    except InputError:
        raise
    except Exception as exc:  # pandas raises many types for malformed files
        raise InputError(source, None, f"cannot read the moves file: {exc}") from None
    first_row = frame.attrs.get("first_data_row", 2)   # the row a spreadsheet shows for the first move
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("employee_id", "date") if c not in frame.columns]
    if missing or not ({"lane", "step"} & set(frame.columns)):
        raise InputError(source, None, "needs columns employee_id, date and lane and/or step")
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
        frame[column] = frame[column].fillna("").astype(str).str.strip()
    schedules = {s.name: s for s in contract.schedules}
    by_id = roster.set_index(roster["employee_id"].astype(str))["schedule"].astype(str).to_dict()
    dates = []
    for i, row in frame.iterrows():
        where = f"row {i + first_row} ({row['employee_id']})" if row["employee_id"] else f"row {i + first_row}"
        who = (row["employee_id"],)
        if row["employee_id"] not in by_id:
            raise InputError(source, f"row {i + first_row}", f"employee_id {row['employee_id']!r} is not on the roster", who)
        try:
            dates.append(parse_date(row["date"]) if row["date"] else None)
        except ValueError as exc:
            raise InputError(source, f"{where}, column date", str(exc), who) from None
        if dates[-1] is None:
            raise InputError(source, f"{where}, column date", "is empty; give the date of the move (2025-09-01 or 9/1/2025)",
                             who)
        if not row["lane"] and not row["step"]:
            raise InputError(source, where, "give a lane, a step or both", who)
        schedule = schedules[by_id[row["employee_id"]]]
        if row["lane"] and row["lane"] not in schedule.lanes:
            raise InputError(source, f"{where}, column lane",
                             f"{row['lane']!r} is not a lane of schedule {schedule.name} ({', '.join(schedule.lanes)})", who)
        if row["step"] and row["step"] not in schedule.steps:
            raise InputError(source, f"{where}, column step",
                             f"{row['step']!r} is not a step of schedule {schedule.name} ({', '.join(schedule.steps)})", who)
    frame["date"] = pd.to_datetime(pd.Series(dates, index=frame.index, dtype=object)).astype("datetime64[s]")
    frame["row"] = frame.index + first_row
    return frame[[*COLUMNS, "row"]].sort_values(["employee_id", "date"], kind="stable").reset_index(drop=True)


def attach_moves(roster: pd.DataFrame, moves: pd.DataFrame | None) -> pd.DataFrame:
    """The roster with each person's moves as columns ``move_1_date``, ``move_1_lane``, ``move_1_step``, ...

    Carrying the events on the roster keeps them with the people they belong to through every
    scenario, assumption and placement, with no extra argument to thread through the engine.
    """
    if moves is None or moves.empty:
        return roster
    out = roster.copy()
    ranked = moves.assign(k=moves.groupby("employee_id").cumcount() + 1)
    ids = out["employee_id"].astype(str)
    for k in range(1, int(ranked["k"].max()) + 1):
        mine = ranked[ranked["k"] == k].set_index("employee_id")
        out[f"move_{k}_date"] = ids.map(mine["date"]).astype("datetime64[s]")
        out[f"move_{k}_lane"] = ids.map(mine["lane"]).replace("", pd.NA)
        out[f"move_{k}_step"] = ids.map(mine["step"]).replace("", pd.NA)
    return out


def move_count(roster: pd.DataFrame) -> int:
    """How many move columns a roster carries."""
    k = 0
    while f"move_{k + 1}_date" in roster.columns:
        k += 1
    return k
