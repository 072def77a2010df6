"""Helpers every command-line verb shares: one-line user errors, option parsing, writing tables.

Users of a costing tool are finance staff, not Python programmers: each verb wraps its body in
:func:`user_errors`, so a mistake prints one line (``error: FILE: KEY: what is wrong``) and exits
with status 2, never a traceback. Output files are written to a temporary name and moved into
place, so a failed run leaves nothing half-written. This module imports no verb module, so the
verb modules can all use it without a circle.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError

if TYPE_CHECKING:  # pandas is imported by the verbs that cost; `costing batch` with nothing to do never needs it
    import pandas as pd
from ..inputs.parsing import parse_years

SUMMARY_FIGURES = [
    "change_prior", "change_prior_pct", "diff_baseline", "diff_baseline_pct", "cumulative_diff_baseline",
    "step_movement_in_year", "step_movement", "schedule_changes", "cost_of_1pct", "lift_pct", "annualization", "compounded_lift_pct",
    "headcount_year_end", "fte_year_end", "avg_base_per_fte", "cost_per_fte",
]


def user_errors(fn):
    """Turn user mistakes into one line on stderr and exit status 2."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            click.echo(f"error: {exc.filename}: {exc.strerror}", err=True)
            sys.exit(2)

    return wrapper


def parse_years_option(text: str) -> list[int]:
    try:
        return parse_years(text)
    except ValueError as exc:
        raise InputError(None, "--years", f"{text!r}: {exc}; expected e.g. 2025-2027 or FY2026") from None


def parse_date_option(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(None, option, f"{text!r} is not a date like 2024-07-01") from None


def write_frame(frame: pd.DataFrame, fmt: str, out: str | None, sheet: str = "costing",
                 extra_sheets: dict[str, pd.DataFrame] | None = None) -> None:
    from ..inputs.excel import write_workbook
    from ..output import atomic_write_text

    fmt = output_format(fmt, out)
    if fmt == "json":
        json_out(json_text({sheet: frame, **(extra_sheets or {})} if extra_sheets else frame), out)
        return
    if fmt == "xlsx":
        if not out:
            raise InputError(None, "--out", "xlsx output needs --out FILE.xlsx")
        write_workbook(Path(out), {sheet: frame, **(extra_sheets or {})})
        click.echo(f"wrote {out}")
        return
    if fmt == "csv":  # percents to 4 decimals, money as it is (already cents)
        frame = frame.round({c: 4 for c in frame.columns if str(c).endswith("_pct")})
    text = frame.to_csv(index=False) if fmt == "csv" else table_text(frame)
    if out:
        atomic_write_text(Path(out), text if fmt == "csv" else text + "\n")
        click.echo(f"wrote {out}")
    else:
        click.echo(text)


def output_format(fmt: str | None, out: str | None) -> str:
    """The format asked for, else the one --out's extension names, else a terminal table."""
    if fmt:
        return fmt
    suffix = Path(out).suffix.lower() if out else ""
    return {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}.get(suffix, "table")


def json_text(data) -> str:
    """A table as a JSON list of records; several (a dict of name -> table) as an object of such lists.

    Numbers stay numbers (money in dollars and cents, percents as percents), missing values are
    null, dates ISO: what a script or a spreadsheet's web query reads without guessing.
    """
    import json

    def records(frame):
        return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=10))

    if isinstance(data, dict):
        return json.dumps({name: records(frame) if hasattr(frame, "to_json") else frame
                           for name, frame in data.items()}, indent=2)
    return json.dumps(records(data) if hasattr(data, "to_json") else data, indent=2)


def json_out(text: str, out: str | None) -> None:
    """JSON to stdout, or atomically to --out (with the status line on stderr)."""
    from ..output import atomic_write_text

    if out:
        atomic_write_text(Path(out), text + "\n")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text)


def table_text(frame: pd.DataFrame) -> str:
    """A terminal table with money as 1,234.56 and percents as 1.23%."""
    import pandas as pd

    shown = frame.copy()
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            continue
        if column.endswith("_pct") or column == "change_pct":
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.2f}%")
        elif pd.api.types.is_float_dtype(shown[column]) and column not in ("fte", "fte_year_end"):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:,.2f}")
    return shown.to_string(index=False)

