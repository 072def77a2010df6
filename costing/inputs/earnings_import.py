"""Reading a city's calendar-year earnings report (Boston's Employee Earnings Report and its kind).

A city publishes one row per person per *calendar* year: name, department, title and the year's
pay in columns (REGULAR, RETRO, OTHER, OVERTIME, INJURED, DETAIL, QUINN_EDUCATION, TOTAL_GROSS,
POSTAL), with header spellings that vary by year ("TOTAL EARNINGS", "TOTAL_ GROSS", "DEPARTMENT
NAME", "DETAILS", "QUINN / EDUCATION INCENTIVE") and dollar amounts typed as text ("$1,234.56").
It has no step, lane, FTE or seniority date, and calendar-year pay is not a fiscal-year salary: it
mixes the second half of one fiscal year with the first half of the next, and RETRO is back pay for
earlier years paid late. So the import says all of that plainly, takes FTE and seniority as stated
assumptions, places a title on a schedule by a mapping file, and leaves the step to
:mod:`costing.engine.earnings_steps`, which finds one only when a full year at one step explains
the pay. Names are never read into anything written: rows get generated ids.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
from pydantic import Field

from ..errors import InputError
from .grid_import import parse_money
from .import_map import Keep, read_map_text, read_text_yaml
from .loading import validate_model
from .models import Date, Frozen, Fte

PAY_COLUMNS = ("REGULAR", "RETRO", "OTHER", "OVERTIME", "INJURED", "DETAIL", "QUINN_EDUCATION", "TOTAL_GROSS")
# header spellings seen across the years of Boston's report (after upper case, runs of other
# characters as one "_"): the name each one is read as
HEADER_SPELLINGS = {
    "NAME": "NAME", "DEPARTMENT_NAME": "DEPARTMENT_NAME", "DEPARTMENT": "DEPARTMENT_NAME", "TITLE": "TITLE",
    "REGULAR": "REGULAR", "RETRO": "RETRO", "OTHER": "OTHER", "OVERTIME": "OVERTIME", "INJURED": "INJURED",
    "DETAIL": "DETAIL", "DETAILS": "DETAIL", "QUINN_EDUCATION": "QUINN_EDUCATION",
    "QUINN_EDUCATION_INCENTIVE": "QUINN_EDUCATION", "TOTAL_GROSS": "TOTAL_GROSS", "TOTAL_EARNINGS": "TOTAL_GROSS",
    "POSTAL": "POSTAL",
}
CALENDAR_YEAR_WARNING = (
    "calendar-year pay is not a fiscal-year salary: a calendar year's REGULAR pay mixes the second half of one"
    " fiscal year with the first half of the next, RETRO is back pay for earlier years, and OTHER, OVERTIME and"
    " DETAIL are not base pay; a step is found only when one step held all year explains REGULAR pay")


class TitlePlace(Frozen):
    """Where a title sits on the contract: unit, schedule and (optionally) lane."""

    unit: str
    schedule: str
    lane: str | None = None


class Assumed(Frozen):
    """What the report does not say, stated once for every row."""

    fte: Fte = Decimal(1)
    seniority_date: Date


class EarningsMap(Frozen):
    """An earnings-report mapping file (docs/formats.md, "Earnings report mapping")."""

    year: int = Field(ge=2000, le=2100)
    titles: dict[str, TitlePlace] = Field(min_length=1)
    departments: Keep | None = None
    assume: Assumed
    tolerance: Decimal = Field(Decimal("1.00"), ge=0, le=1000)
    id_prefix: str = Field("CY", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,10}$")


def load_earnings_map(path: str | Path) -> EarningsMap:
    path = Path(path)
    data, lines = read_text_yaml(read_map_text(path), str(path))
    if isinstance(data.get("departments"), list):
        data["departments"] = {"in": data["departments"]}
    try:
        return validate_model(EarningsMap, data, str(path))
    except InputError as exc:
        key = (exc.where or "").split(" ")[0]
        line = lines.get(key) or lines.get(key.split(".")[0])
        raise InputError(str(path), f"line {line}, {exc.where}" if line else exc.where, exc.message) from None


def header_name(text: str) -> str:
    """'TOTAL_ GROSS' / 'Total Earnings' / 'QUINN / EDUCATION INCENTIVE' -> the report's one name for it."""
    key = re.sub(r"[^A-Z0-9]+", "_", str(text).upper()).strip("_")
    return HEADER_SPELLINGS.get(key, key)


def earnings_money(text: str) -> Decimal:
    """'$1,234.56' / '1234.56' / '($12.00)' / '' -> Decimal (blank is 0); ValueError otherwise."""
    text = str(text).strip()
    negative = text.startswith("(") and text.endswith(")")
    value = parse_money(text.strip("()")) if text.strip("()") not in ("", "-") else Decimal(0)
    if value is None:
        value = Decimal(0)
    return -value if negative else value


def read_earnings(raw: pd.DataFrame, source: str) -> pd.DataFrame:
    """The report's columns under one spelling, every cell text; NAME is dropped here, never read on."""
    names = [header_name(c) for c in raw.columns]
    seen = [n for n in names if names.count(n) > 1]
    if seen:
        raise InputError(source, None, f"two columns are both read as {seen[0]} ({', '.join(map(repr, raw.columns))})")
    frame = raw.set_axis(names, axis=1)
    for needed in ("TITLE", "REGULAR"):
        if needed not in frame.columns:
            raise InputError(source, None, f"has no {needed} column; an earnings report has TITLE and REGULAR"
                             f" (its columns: {', '.join(map(repr, raw.columns))})")
    keep = [c for c in frame.columns if c in ("DEPARTMENT_NAME", "TITLE", *PAY_COLUMNS)]
    frame = frame[keep].fillna("").astype(str).apply(lambda s: s.str.strip())
    frame.insert(0, "export_row", range(2, len(frame) + 2))
    return frame[(frame.drop(columns="export_row") != "").any(axis=1)]


def check_earnings_map(mapping: EarningsMap, known_units: set[str], schedules: dict, source: str) -> None:
    """Every title's unit, schedule and lane are the contract's (one line naming the title otherwise)."""
    for title, place in mapping.titles.items():
        if place.unit not in known_units:
            raise InputError(source, f"titles.{title}.unit", f"{place.unit!r} is not a unit of the contract"
                             f" ({', '.join(sorted(known_units))})")
        schedule = schedules.get(place.schedule)
        if schedule is None:
            raise InputError(source, f"titles.{title}.schedule", f"{place.schedule!r} is not a schedule of the contract"
                             f" ({', '.join(schedules)})")
        if place.lane is not None and place.lane not in schedule.lanes:
            raise InputError(source, f"titles.{title}.lane", f"{place.lane!r} is not a lane of {place.schedule!r}"
                             f" ({', '.join(schedule.lanes)})")


EARNINGS_MARK = "# imported by `costing import-earnings`"


def earnings_roster_text(rows: list[dict], export_name: str, map_name: str) -> str:
    frame = pd.DataFrame(rows, columns=["employee_id", "unit", "schedule", "lane", "step", "fte", "seniority_date"])
    return frame.to_csv(index=False, lineterminator="\n")   # a plain CSV; the import report says where it came from


def earnings_report_text(mapping: EarningsMap, export_name: str, map_name: str, out_name: str, rows_read: int,
                         left_out: dict[str, int], placed: list[tuple], listed: list[tuple]) -> str:
    """The import report: what calendar-year pay is and is not, the assumptions, every row placed or not."""
    lines = [
        EARNINGS_MARK.replace("# ", "<!-- ") + " -->",
        f"# Earnings report import: {export_name}, calendar year {mapping.year}",
        "",
        f"**{CALENDAR_YEAR_WARNING[0].upper()}{CALENDAR_YEAR_WARNING[1:]}.**",
        "",
        f"- mapping: `{map_name}`; roster written: `{out_name}`; roster date (steps held on): {mapping.year}-12-31",
        f"- rows read: {rows_read}",
        f"- rows left out (a title the map does not place, or a department it leaves out): {sum(left_out.values())}",
        f"- rows placed on a step: {len(placed)}",
        f"- rows listed, not placed: {len(listed)}",
        f"- ASSUMED for every row (the report does not say): FTE {mapping.assume.fte}, seniority date"
        f" {mapping.assume.seniority_date}",
        f"- a step is found when one cell held all {mapping.year} pays the REGULAR amount within ${mapping.tolerance}"
        " (each table's annual figure times its share of the year's calendar days)",
        "- names are not read: each row is known by its row in the export and a generated id",
        "",
        "## Rows listed, not placed",
        "",
    ]
    if listed:
        lines += ["| export row | title | REGULAR | why |", "| --- | --- | --- | --- |"]
        lines += [f"| {row} | {title} | {regular} | {why} |" for row, title, regular, why in sorted(listed)]
    else:
        lines.append("None.")
    lines += ["", "## Rows placed", ""]
    if placed:
        lines += ["| export row | id | title | found |", "| --- | --- | --- | --- |"]
        lines += [f"| {row} | {who} | {title} | {what} |" for row, who, title, what in sorted(placed)]
    else:
        lines.append("None.")
    if left_out:
        lines += ["", "## Left out", "", "| title or department | rows |", "| --- | --- |"]
        lines += [f"| {name} | {count} |" for name, count in sorted(left_out.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n"
