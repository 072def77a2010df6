"""Helpers every command-line verb shares: one-line errors and exit codes, option parsing, writing tables.

Users of a costing tool are finance staff, not Python programmers. Every verb wraps its body in
:func:`user_errors` and the command group is a :class:`OneLineGroup`, so that:

* a mistake in an input, an option or a file that cannot be read or written prints one line
  (``error: FILE: KEY: what is wrong``; one line per bad row when a roster has several) and exits
  with status 2 (:data:`EXIT_INPUT`);
* an unexpected exception (a bug) writes its traceback to a log file and prints one line naming
  it, exit status 3 (:data:`EXIT_INTERNAL`);
* status lines ("wrote FILE") go to stderr and data to stdout, so ``costing project ... > f.csv``
  captures only the table.

Output files are written to a temporary name and moved into place, so a failed run leaves
nothing half-written; what a verb may write over (never its inputs, never a file costing did not
write unless ``costing --replace``) is a :class:`~costing.output.WriteGuard` the verb makes with
:func:`write_guard` and passes to each write. This module imports no verb module, so the verb
modules can all use it without a circle.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import traceback
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError

if TYPE_CHECKING:  # pandas is imported by the verbs that cost; `costing batch` with nothing to do never needs it
    import pandas as pd

    from ..output import WriteGuard
from ..inputs.parsing import parse_date, parse_years

EXIT_OK = 0
EXIT_SOME_FAILED = 1   # a batch in which some scenarios failed
EXIT_INPUT = 2         # bad input, a bad option, a file that cannot be read or written, a full disk
EXIT_INTERNAL = 3      # a bug: the traceback is in a log file
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): 128 + 2
EXIT_TERMINATED = 143   # SIGTERM (systemctl stop, kill): 128 + 15
# pyproject's [report] extra: a verb that needs one of these, run without it, says how to install it
REPORT_EXTRA = {"matplotlib", "papermill", "nbformat", "nbconvert", "ipykernel", "weasyprint"}


def status(message: str) -> None:
    """A status line ("wrote FILE"): stderr, so that stdout carries only data."""
    click.echo(message, err=True)


def write_guard(*paths: str | Path | None, contract: str | Path | None = None) -> WriteGuard:
    """What this command may write over: never ``paths`` (its inputs; a contract's rate tables
    with it), and an existing file costing did not write only under ``costing --replace``."""
    from ..inputs.scenario import contract_files
    from ..output import WriteGuard

    context = click.get_current_context(silent=True)
    root = context.find_root().obj if context is not None else None
    guard = root if isinstance(root, WriteGuard) else WriteGuard()
    tables = contract_files(Path(contract)).values() if contract is not None and Path(contract).is_file() else ()
    return guard.reading([*paths, contract, *tables])


def write_crash_log(exc: BaseException) -> Path | None:
    """The traceback, the command line and the version in a new private log file; its path (None if unwritable).

    Under costing's state folder (:func:`costing.output.state_dir`), created owner-only with
    O_EXCL, never through a link."""
    from ..output import state_dir, write_private_new
    from ..version import __version__

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (f"costing {__version__}, {dt.datetime.now().isoformat(timespec='seconds')}\n"
            f"command: {' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(exc)))
    try:
        return write_private_new(state_dir() / f"crash-{stamp}-{os.getpid()}.log", text)
    except (OSError, InputError):
        return None


def exit_for(exc: BaseException) -> int:
    """Print one line (or one per bad row) for an exception and return the exit status."""
    if isinstance(exc, InputError):
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        return EXIT_INPUT
    if isinstance(exc, OSError):
        reason = "the disk is full (no space left on device)" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        click.echo(f"error: {exc.filename}: {reason}" if exc.filename else f"error: {reason}", err=True)
        return EXIT_INPUT
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] in REPORT_EXTRA:
        click.echo(f"error: reports need the report extra ({exc.name} is not installed):"
                   ' pip install "costing[report]"', err=True)
        return EXIT_INPUT
    if isinstance(exc, KeyboardInterrupt):
        click.echo("error: interrupted; nothing half-written was left behind", err=True)
        return EXIT_INTERRUPTED
    log = write_crash_log(exc)
    where = f"; details in {log}" if log else ""
    summary = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    click.echo(f"internal error (a bug in costing, not in your input): {summary}{where}", err=True)
    return EXIT_INTERNAL


def user_errors(fn):
    """Turn user mistakes into one line on stderr and exit status 2; a bug into a log file and status 3."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors: OneLineGroup prints them as one line
        except Exception as exc:  # noqa: BLE001 - every exception ends in one line and a known status
            sys.exit(exit_for(exc))
        except KeyboardInterrupt as exc:
            sys.exit(exit_for(exc))

    return wrapper


class OneLineGroup(click.Group):
    """The command group: click's usage errors (a bad option, an unreadable file) as one line, status 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            value = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
            click.echo(f"error: {' '.join(exc.format_message().split())}{hint}", err=True)
            sys.exit(EXIT_INPUT)
        except click.ClickException as exc:
            click.echo(f"error: {' '.join(exc.format_message().split())}", err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort:
            click.echo("error: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - a verb without user_errors still ends in one line
            sys.exit(exit_for(exc))
        sys.exit(value if isinstance(value, int) else EXIT_OK)


def parse_years_option(text: str) -> list[int]:
    try:
        return parse_years(text)
    except ValueError as exc:
        raise InputError(None, "--years", f"{text!r}: {exc}; expected e.g. 2025-2027 or FY2026") from None


def parse_date_option(text: str | dt.date | None, option: str) -> dt.date | None:
    """An option's date, read as every input reads a date (2026-07-01 or 7/1/2026); InputError naming the option."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InputError(None, option, str(exc)) from None


def write_frame(frame: pd.DataFrame, fmt: str, out: str | None, sheet: str = "costing",
                extra_sheets: dict[str, pd.DataFrame] | None = None, *, guard: WriteGuard) -> None:
    """A table (or several, for xlsx and json) to stdout or to ``--out``, in the format asked for."""
    from ..output import atomic_write

    fmt = output_format(fmt, out)
    if fmt == "json":
        emit(json_text({sheet: frame, **(extra_sheets or {})} if extra_sheets else frame), out, guard)
        return
    if fmt in ("xlsx", "parquet"):
        if not out:
            raise InputError(None, "--out", f"{fmt} output needs --out FILE.{fmt}")
        atomic_write(Path(out), _xlsx_writer({sheet: frame, **(extra_sheets or {})}) if fmt == "xlsx"
                     else lambda tmp: frame.to_parquet(tmp, index=False), guard)
        status(f"wrote {out}")
        return
    if fmt == "csv":  # rates (fractions) to 6 decimals, money as it is (already cents)
        frame = frame.round({c: PCT_DECIMALS for c in frame.columns if is_rate(str(c))})
    emit(frame.to_csv(index=False).rstrip("\n") if fmt == "csv" else table_text(frame), out, guard)


def _xlsx_writer(sheets: dict[str, pd.DataFrame]):
    def write(tmp: Path) -> None:
        import pandas as pd

        from ..inputs.excel import write_sheets  # openpyxl: imported only when a workbook is asked for

        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            write_sheets(writer, sheets)

    return write


def output_format(fmt: str | None, out: str | None) -> str:
    """The format asked for, else the one --out's extension names, else a terminal table."""
    if fmt:
        return fmt
    suffix = Path(out).suffix.lower() if out else ""
    known = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet", ".txt": "table", "": "table"}
    if suffix not in known:
        raise InputError(None, "--out", f"{out}: unknown extension {suffix!r}; use .csv, .xlsx, .json, .parquet or .txt,"
                         " or say --format")
    return known[suffix]


PCT_DECIMALS = 6
"""Rates are fractions (0.025 is 2.5%: docs/api.md); a CSV carries them to 6 decimals (0.0001%)."""


def is_rate(column: str) -> bool:
    """A column holding a rate (a fraction): its name ends in ``_pct``."""
    return column.endswith("_pct")


def json_text(data) -> str:
    """A table as a JSON list of records; several (a dict of name -> table) as an object of such lists.

    Numbers stay numbers (money in dollars and cents, rates as fractions: 0.025 is 2.5%), missing
    values are null, dates ISO: what a script or a spreadsheet's web query reads without guessing.
    """
    import json

    def records(frame):
        return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=10))

    if isinstance(data, dict):
        return json.dumps({name: records(frame) if hasattr(frame, "to_json") else frame
                           for name, frame in data.items()}, indent=2)
    return json.dumps(records(data) if hasattr(data, "to_json") else data, indent=2)


def emit(text: str, out: str | None, guard: WriteGuard) -> None:
    """Text (a table, JSON) to stdout, or atomically to ``--out`` with the status line on stderr."""
    from ..output import atomic_write_text

    if out:
        atomic_write_text(Path(out), text + "\n", guard)
        status(f"wrote {out}")
    else:
        click.echo(text)


def table_text(frame: pd.DataFrame) -> str:
    """A terminal table with money as 1,234.56 and rates (fractions) as 1.23%."""
    import pandas as pd

    shown = frame.copy()
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            continue
        if is_rate(str(column)):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.2%}")
        elif pd.api.types.is_float_dtype(shown[column]) and column not in ("fte", "fte_year_end"):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:,.2f}")
    return shown.to_string(index=False)

