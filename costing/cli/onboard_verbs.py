"""Verbs that bring a new district in: init, import-schedule, import-roster.

A finance office has a salary grid in Excel and a payroll export; these verbs turn them into the
project's files (docs/tutorial.md walks through it). None of them overwrites a file it did not
write: ``init`` refuses a folder that is not empty, ``import-schedule`` adds to a contract without
changing a line the user wrote, ``import-roster`` replaces only a roster and report it made.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

import click

from ..errors import InputError
from ..output import atomic_write_text, write_new_file
from .common import parse_years_option, user_errors, write_guard
from .options import DATE, out_option

# the choices of --staff and --preset, here so that `costing --help` imports no model (tests/test_init.py
# checks they are costing.inputs.starter.STAFF and costing.inputs.import_map.PRESETS)
STAFF_CHOICES = ("ten-month", "twelve-month")
PRESET_CHOICES = ("munis", "powerschool")

# ------------------------------------------------------------------------------------ init


def _no_link_on_the_way(target: Path, name: str) -> None:
    """Every folder between the district folder and a file is a real folder, not a link elsewhere."""
    for parent in reversed((target / name).relative_to(target).parents[:-1]):
        if (target / parent).is_symlink():
            raise InputError(str(target / parent), None, "is a link; init writes only into folders it made")


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _staff(given: str | None) -> str:
    """The staff's work year: --staff, or asked at a terminal; never a silent default."""
    if given:
        return given
    if not stdin_is_terminal():
        raise InputError(None, "--staff", "say whose contract this is: --staff ten-month (teachers, paras: school-year"
                         " proration, M.G.L. c.71 §40) or --staff twelve-month (calendar days)")
    click.echo("Who does the contract cover? ten-month: teachers, paras, school-year staff (costed by school year,"
               " M.G.L. c.71 §40); twelve-month: secretaries, custodians, administrators (costed by calendar day).")
    return click.prompt("Staff", type=click.Choice(STAFF_CHOICES))


def _default_years(today: dt.date) -> str:
    """The next three fiscal years (July-June, named by the year they end)."""
    first = today.year + 1 if today.month >= 7 else today.year
    return f"{first + 1}-{first + 3}"


@click.command()
@click.argument("folder", type=click.Path())
@click.option("--district", required=True, help="The district's name, as the report should print it.")
@click.option("--unit", default="teachers", show_default=True, help="The bargaining unit's short name.")
@click.option("--staff", type=click.Choice(STAFF_CHOICES),
              help="Whose contract: ten-month staff (school-year proration) or twelve-month (calendar days);"
              " asked when not given at a terminal.")
@click.option("--years", help="Fiscal years the scenario costs, e.g. 2026-2028 (default: the next three).")
@click.option("--as-of", "as_of", type=DATE, help="The roster date (2025-07-01 or 7/1/2025; default: the first day of the first year).")
@user_errors
def init(folder: str, district: str, unit: str, staff: str | None, years: str | None, as_of: dt.date | None) -> None:
    """Start a district folder: contract, an empty proposal, a scenario and a README checklist.

    The contract's proration and work calendar follow from the staff's work year (--staff, or
    asked): ten-month staff on the school year, twelve-month staff on calendar days. Every file is
    valid as written and commented. FOLDER must not exist or be empty; in a folder `costing init`
    made, only files that are missing are written again (nothing is overwritten, no link followed).
    """
    from ..inputs.starter import INIT_MARK, check_name, starter_files
    from ..output import atomic_directory

    target = Path(folder)
    check_name(folder, "FOLDER", limit=4096)
    district = check_name(district, "--district")
    if not unit.replace("_", "").isalnum() or not unit.isascii():
        raise InputError(None, "--unit", f"{unit!r}: use letters, digits and _ (e.g. teachers, unit_a)")
    years = years or _default_years(dt.date.today())
    parse_years_option(years)
    day = as_of
    if target.exists() and not target.is_dir():
        raise InputError(str(target), None, "exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        readme = target / "README.md"
        if readme.is_symlink() or not (readme.is_file() and readme.read_text(encoding="utf-8").startswith(INIT_MARK)):
            raise InputError(str(target), None, "is not empty and was not made by `costing init`; choose a new folder")
        files = starter_files(district, unit, _staff(staff), years, day, folder.rstrip("/"))
        missing = {name: text for name, text in files.items() if not os.path.lexists(target / name)}
        for name, text in missing.items():
            _no_link_on_the_way(target, name)
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            write_new_file(target / name, text)
        kept = sorted(set(files) - set(missing))
        click.echo(f"{target}: wrote {', '.join(missing) or 'nothing'}; kept {', '.join(kept)} as they are")
        return
    files = starter_files(district, unit, _staff(staff), years, day, folder.rstrip("/"))

    def build(tmp: Path) -> None:
        for name, text in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            write_new_file(tmp / name, text)
        (tmp / "schedules").mkdir()

    atomic_directory(target, build, label=None)  # the folder is the argument: no option to name
    click.echo(f"wrote {target}/: {', '.join(files)}, schedules/")
    click.echo(f"next: costing import-schedule GRID.xlsx --contract {target}/contract.yaml --schedule NAME")


# ------------------------------------------------------------------------------ import-schedule


def _lane_renames(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(None, "--lane", f"{pair!r}: expected OLD=NEW, e.g. \"MA+30=M30\"")
        out[old.strip()] = new.strip()
    return out


def _write_new_or_same(path: Path, text: str) -> bool:
    """Write a file that does not exist; a file already there with the same text is fine; else refuse."""
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            return False
        raise InputError(str(path), None, "already exists with other rates; move it away or choose another --schedule"
                         " name (nothing was written)")
    atomic_write_text(path, text)
    return True


@click.command("import-schedule")
@click.argument("grid_path", metavar="GRID.xlsx|GRID.csv", type=click.Path())
@click.option("--contract", "contract_path", type=click.Path(), help="Add the schedule to this contract"
              " (its rate CSVs go in schedules/ beside it).")
@click.option("--schedule", "name", help="The schedule's name (default: the contract's first unit).")
@click.option("--unit", help="The bargaining unit it belongs to (default: the contract's first unit, else the schedule name).")
@click.option("--rate-unit", type=click.Choice(["hourly", "daily", "annual"]), help="Default: guessed from the size of the rates.")
@click.option("--hours-per-day", type=float, help="Work-year basis of an hourly grid.")
@click.option("--days-per-year", type=float, help="Work-year basis of an hourly or daily grid.")
@click.option("--effective", type=DATE, help="The effective date of a grid that has one table and says no date (7/1/2026 or 2026-07-01).")
@click.option("--lane", "lanes", multiple=True, help="Rename a lane, OLD=NEW (repeatable), e.g. \"MA+30=M30\".")
@out_option("Folder for the rate CSVs (default: schedules/ beside the contract, else ./schedules).", folder=True,
            old="--out-dir")
@user_errors
def import_schedule(grid_path: str, contract_path: str | None, name: str | None, unit: str | None,
                    rate_unit: str | None, hours_per_day: float | None, days_per_year: float | None,
                    effective: dt.date | None, lanes: tuple[str, ...], out: str | None) -> None:
    """Read a salary grid as it is kept (steps down, lanes across, one sheet or block per date) and
    write the contract's rate CSVs and its `schedules:` entry.

    Says what it assumed: each table's effective date and where it was read from, and the rate
    unit guessed from the size of the rates. Warns when a step pays less than the one before it.
    With --contract the entry is added to the contract (replacing `costing init`'s stand-in);
    without, it is printed.
    """
    from ..inputs import grid_import as g
    from ..inputs.loading import load_contract, read_yaml

    contract = load_contract(contract_path) if contract_path else None
    if contract is not None:
        unit = unit or contract.units[0]
        if unit not in contract.units:
            raise InputError(contract_path, "units", f"has no unit {unit!r} (it has {', '.join(contract.units)});"
                             " add it to units: or give --unit")
        name = name or unit
        fiscal_start = str(read_yaml(Path(contract_path)).get("fiscal_year_start", "07-01"))
    else:
        if not name:
            raise InputError(None, "--schedule", "give the schedule a name (or --contract to add it to a contract)")
        unit = unit or name
        fiscal_start = "07-01"
    blocks = g.renamed(g.read_grid(grid_path, fiscal_start, effective),
                       _lane_renames(lanes))
    guessed, why = g.guess_rate_unit(blocks)
    if rate_unit:
        why = f"rate unit {rate_unit}: given with --rate-unit (the size of the rates suggests {guessed})"
    rate_unit = rate_unit or guessed
    if rate_unit == "hourly" and (hours_per_day is None or days_per_year is None):
        raise InputError(grid_path, None, f"the rates are {'taken' if rate_unit != guessed else 'guessed to be'} hourly:"
                         " give the work year with --hours-per-day and --days-per-year (or --rate-unit)")
    if rate_unit == "daily" and days_per_year is None:
        raise InputError(grid_path, None, "the rates are daily: give the work year with --days-per-year (or --rate-unit)")
    work_year = (Decimal(str(hours_per_day)) if hours_per_day is not None and rate_unit == "hourly" else None,
                 Decimal(str(days_per_year)) if days_per_year is not None and rate_unit != "annual" else None)
    base = Path(contract_path).parent if contract_path else Path(".")
    table_dir = Path(out) if out else base / "schedules"
    relative = (os.path.relpath(table_dir, base) if contract_path else str(table_dir)).replace(os.sep, "/")
    entry = g.schedule_entry(name, unit, rate_unit, why, blocks, relative, work_year, Path(grid_path).name, fiscal_start)
    new_text = None
    if contract_path:
        new_text = g.add_schedule_to_contract(Path(contract_path).read_text(encoding="utf-8"), entry, name, contract_path)
    written = []
    try:
        for block in blocks:
            path = table_dir / g.table_file_name(name, block)
            if _write_new_or_same(path, g.rate_csv_text(block)):
                written.append(path)
        if contract_path:
            _replace_contract(Path(contract_path), new_text)
    except BaseException:
        for path in written:   # files this run made: nothing half-imported is left behind
            path.unlink(missing_ok=True)
        raise
    click.echo(f"read {len(blocks)} table(s) from {grid_path}:")
    for block in blocks:
        cells = sum(len(c) for c in block.rates.values())
        click.echo(f"  effective {block.effective}: {block.where}, {len(block.lanes)} lanes x {len(block.steps)} steps,"
                   f" {cells} rates; date from {block.effective_from}")
        for blank in block.blanks:
            click.echo(f"    blank (no such step in that lane): {blank}")
    click.echo(f"assumed: {why}")
    click.echo(f"assumed: steps move on {fiscal_start} each year (set step_rules in the contract if not)")
    for warning in g.step_warnings(blocks):
        click.echo(f"warning: {warning}", err=True)
    for block in blocks:
        click.echo(f"wrote {table_dir / g.table_file_name(name, block)}")
    if contract_path:
        click.echo(f"added schedule {name!r} to {contract_path}")
    else:
        click.echo("add this under `schedules:` in the contract:")
        click.echo(entry, nl=False)


def _replace_contract(path: Path, text: str) -> None:
    """Write the contract's new text only if it loads: a check file beside it first, then the swap."""
    from ..inputs.loading import load_contract

    check = path.with_name(f".{path.stem}.import-check{path.suffix}")
    try:
        write_new_file(check, text)   # never through a link planted at the check file's name
        try:
            load_contract(check)
        except InputError as exc:
            raise InputError(str(path), exc.where, f"the contract with the imported schedule would not load: {exc.message}") from None
    finally:
        check.unlink(missing_ok=True)
    atomic_write_text(path, text, editing_input=True)  # only the stand-in block changed (checked by the caller)


# ------------------------------------------------------------------------------ import-roster


def _import_outputs(out: str, report_path: str | None) -> tuple[Path, Path]:
    """The roster and report paths of an import, refused before anything is read if either is a file
    that no costing import wrote (a rerun replaces only its own files)."""
    from ..inputs.roster_import import written_by_import

    out_path = Path(out)
    report = Path(report_path) if report_path else out_path.with_name(f"{out_path.stem}_import_report.md")
    for path in (out_path, report):
        if path.exists() and not written_by_import(path):
            raise InputError(str(path), None, "exists and was not written by a costing import (or was changed since);"
                             " choose another --out/--report (nothing was written)")
    return out_path, report


def _roster_date(frame, given: dt.date | None, mf) -> dt.date | None:
    """The roster date: --as-of, the map's as_of, else the latest record effective date (Munis-style exports)."""
    if given or mf.mapping.as_of:
        return given or mf.mapping.as_of
    if "effective" in frame.columns and (frame["effective"] != "").any():
        return max(dt.date.fromisoformat(d) for d in frame["effective"] if d)
    return None


def _find_steps(frame, contract, day: dt.date | None, mf):
    """Blank steps found from the salary, each in the table in force on the record's effective date (else the
    roster date), its salary read per the row's pay method when the map says so: (rows, found, rejected)."""
    import pandas as pd

    from ..engine.step_inference import infer_steps

    salary = mf.mapping.salary
    if "step" not in frame.columns:
        frame = frame.assign(step="")
    need = frame["step"] == ""
    if not need.any():
        return frame, [], []
    dated = frame["effective"] if "effective" in frame.columns else pd.Series("", index=frame.index)
    if day is None and (dated[need] == "").any():
        raise InputError(mf.source, "as_of", "some rows have a salary but no step: give the roster date (as_of: in the"
                         " map, or --as-of) so the step is found in the grid in force on it")
    days = dated.where(dated != "", day.isoformat() if day else "")
    pers = (frame["pay_method"].map(salary.per_pay_method) if salary.per_pay_method and "pay_method" in frame.columns
            else pd.Series(salary.per, index=frame.index))
    parts, found, rejected = [frame[~need]], [], []
    for (on, per), rows in frame[need].groupby([days[need], pers[need]], sort=True):
        read = {"per": per, "fte_scaled": salary.fte_scaled and per == "year"}   # a rate is never times FTE
        out, f, r = infer_steps(rows, contract, dt.date.fromisoformat(on), salary.model_copy(update=read))
        parts.append(out)
        found += f
        rejected += r
    return pd.concat(parts).sort_values("export_row", kind="stable").reset_index(drop=True), found, rejected


@click.command("import-roster")
@click.argument("export_path", metavar="EXPORT.xlsx|EXPORT.csv", type=click.Path())
@click.option("--map", "map_path", type=click.Path(), help="Mapping file (docs/formats.md).")
@click.option("--preset", type=click.Choice(PRESET_CHOICES), help="A bundled mapping for an export layout (Munis-style,"
              " PowerSchool eFinancePLUS-style); a --map file adds the district's own codes to it.")
@click.option("--contract", "contract_path", required=True, type=click.Path(), help="The contract the roster is costed with.")
@out_option("Roster CSV to write.", required=True)
@click.option("--report", "report_path", type=click.Path(), help="Import report (default: ROSTER_import_report.md beside it).")
@click.option("--as-of", "as_of", type=DATE, help="Roster date: steps are found in the grid in force on it (default: the map's as_of).")
@click.option("--keep-names", is_flag=True, help="Keep the columns the map names name/first_name/last_name.")
@user_errors
def import_roster(export_path: str, map_path: str | None, preset: str | None, contract_path: str, out: str,
                  report_path: str | None, as_of: dt.date | None, keep_names: bool) -> None:
    """Turn a payroll export into a roster: filter, derive and rename columns and values by a mapping
    file (or a bundled --preset), find a missing step from the salary (the grid cell in force on the
    record's date), read several assignment rows of one person by the map's rule, and write the
    roster and a one-page import report (rows read, left out, mapped, found, rejected with reasons).

    Rows that cannot be imported (an unknown lane, a salary on no step or on two, a bad enrolment)
    are listed in the report, every one with every reason, and left out, never guessed. Names are
    dropped unless --keep-names.
    """
    import io

    import pandas as pd

    from ..inputs import roster_import as ri
    from ..inputs.import_map import load_map
    from ..inputs.loading import load_contract
    from ..inputs.roster import check_roster

    if not map_path and not preset:
        raise InputError(None, "--map", "give a mapping file (--map MAP.yaml), a bundled --preset, or both")
    contract = load_contract(contract_path)
    mf = load_map(map_path, preset)
    if keep_names:
        mf.mapping = mf.mapping.model_copy(update={"keep_names": True})
    out_path, report = _import_outputs(out, report_path)
    mapped = ri.map_export(ri.read_export(export_path, mf.mapping.sheet), mf, contract, export_path)
    day = _roster_date(mapped.frame, as_of, mf)
    frame, late = mapped.frame, []
    if day is not None and "effective" in frame.columns:
        after = frame["effective"] > day.isoformat()
        late = [(r, who, f"effective {d} is after the roster date {day}") for r, who, d in
                frame.loc[after, ["export_row", "employee_id", "effective"]].itertuples(index=False)]
        frame = frame[~after]
        older = int((frame["effective"] < day.isoformat()).sum())
        if older:
            mapped.notes.append(f"records dated before the roster date {day}: {older} (each step is the step on the"
                                " record's own date, its missing step found in the table in force then; a step move"
                                " since that date is not applied: check them)")
    frame, found, unmatched = _find_steps(frame, contract, day, mf)
    frame, several, said = ri.combine_assignments(frame, mf.mapping)
    mapped.assignments = said
    rejected = sorted([*mapped.rejected, *late, *unmatched, *several])
    for row, who, reason in rejected:
        click.echo(f"rejected: export row {row} ({who}): {reason}", err=True)
    if frame.empty:
        raise InputError(export_path, None, f"no row could be imported: all {mapped.rows_read - sum(mapped.filtered.values())}"
                         " rows the map keeps were rejected (each is listed above with its reasons); nothing was written")
    text = ri.roster_csv_text(frame, Path(export_path).name, Path(map_path).name if map_path else f"preset {preset}")
    check_roster(pd.read_csv(io.StringIO(text), dtype=str), contract, out)  # the written roster loads
    guard = write_guard(export_path, map_path, contract=contract_path)
    atomic_write_text(out_path, text, guard)
    atomic_write_text(report, ri.import_report_text(mapped, found, rejected, len(frame), Path(export_path).name,
                                                 mf.source if not map_path else Path(map_path).name, out_path.name,
                                                 day, mf.mapping.salary), guard)
    left_out = sum(mapped.filtered.values())
    click.echo(f"read {mapped.rows_read} rows from {export_path}: {f'{left_out} left out by the filter, ' if left_out else ''}"
               f"{mapped.rows_read - left_out - len(mapped.rejected)} mapped, {len(found)} steps found from the salary,"
               f" {len(rejected)} rejected")
    click.echo(f"wrote {out_path} ({len(frame)} roster rows) and {report}")


@click.command("import-earnings")
@click.argument("export_path", metavar="EXPORT.csv|EXPORT.xlsx", type=click.Path())
@click.option("--map", "map_path", required=True, type=click.Path(), help="Titles to schedules, year, assumptions"
              " (docs/formats.md, 'Earnings report mapping').")
@click.option("--contract", "contract_path", required=True, type=click.Path(), help="The contract the roster is costed with.")
@out_option("Roster CSV to write.", required=True)
@click.option("--report", "report_path", type=click.Path(), help="Import report (default: ROSTER_import_report.md beside it).")
@user_errors
def import_earnings(export_path: str, map_path: str, contract_path: str, out: str, report_path: str | None) -> None:
    """Turn a city's calendar-year earnings report (Boston's Employee Earnings Report and its kind:
    NAME, DEPARTMENT_NAME, TITLE, REGULAR, ..., TOTAL_GROSS, in any of the years' header spellings)
    into a roster: titles placed on schedules by the map, a step found only when one step held all
    year explains the REGULAR pay, FTE and seniority taken from the map's stated assumptions.

    Calendar-year pay is not a fiscal-year salary; every row not placed is listed with the reason
    (ambiguous, never guessed). Names are never read into the roster or the report: ids are generated.
    """
    from decimal import Decimal

    from ..engine.earnings_steps import full_year_step
    from ..inputs import earnings_import as ei
    from ..inputs import roster_import as ri
    from ..inputs.loading import load_contract

    contract = load_contract(contract_path)
    mapping = ei.load_earnings_map(map_path)
    schedules = {s.name: s for s in contract.schedules}
    ei.check_earnings_map(mapping, set(contract.units), schedules, map_path)
    out_path, report = _import_outputs(out, report_path)
    frame = ei.read_earnings(ri.read_export(export_path), export_path)
    left_out: dict[str, int] = {}
    placed, listed, rows = [], [], []
    for record in frame.to_dict("records"):
        department, title = record.get("DEPARTMENT_NAME", ""), record["TITLE"]
        if mapping.departments is not None and not mapping.departments.keeps(department):
            left_out[f"department {department}"] = left_out.get(f"department {department}", 0) + 1
            continue
        place = mapping.titles.get(title)
        if place is None:
            left_out[f"title {title}"] = left_out.get(f"title {title}", 0) + 1
            continue
        try:
            regular = ei.earnings_money(record["REGULAR"])
        except ValueError:
            listed.append((record["export_row"], title, record["REGULAR"], "REGULAR is not an amount"))
            continue
        if regular <= 0:
            listed.append((record["export_row"], title, record["REGULAR"], f"no regular pay in {mapping.year}"))
            continue
        schedule = schedules[place.schedule]
        lanes = [place.lane] if place.lane else list(schedule.lanes)
        cell, what = full_year_step(schedule, lanes, regular, mapping.year, Decimal(mapping.assume.fte),
                                    mapping.tolerance)
        if cell is None:
            listed.append((record["export_row"], title, record["REGULAR"], what))
            continue
        who = f"{mapping.id_prefix}{mapping.year}-{record['export_row']:05d}"
        placed.append((record["export_row"], who, title, what))
        rows.append({"employee_id": who, "unit": place.unit, "schedule": place.schedule, "lane": cell[0],
                     "step": cell[1], "fte": f"{mapping.assume.fte:g}",
                     "seniority_date": mapping.assume.seniority_date.isoformat()})
    for row, title, regular, why in listed:
        click.echo(f"not placed: export row {row} ({title}, REGULAR {regular}): {why}", err=True)
    if not rows:
        raise InputError(export_path, None, f"no row could be placed on a step ({len(listed)} listed above,"
                         f" {sum(left_out.values())} left out by the map); nothing was written")
    text = ei.earnings_roster_text(rows, Path(export_path).name, Path(map_path).name)
    import io

    import pandas as pd

    from ..inputs.roster import check_roster

    check_roster(pd.read_csv(io.StringIO(text), dtype=str), contract, out)  # the written roster loads
    guard = write_guard(export_path, map_path, contract=contract_path)
    atomic_write_text(out_path, text, guard)
    atomic_write_text(report, ei.earnings_report_text(mapping, Path(export_path).name, Path(map_path).name,
                                                      out_path.name, len(frame), left_out, placed, listed), guard)
    click.echo(f"read {len(frame)} rows from {export_path} (calendar year {mapping.year}): {len(placed)} placed on a"
               f" step, {len(listed)} listed not placed, {sum(left_out.values())} left out by the map")
    click.echo(f"note: {ei.CALENDAR_YEAR_WARNING}")
    click.echo(f"wrote {out_path} ({len(rows)} roster rows, generated ids, no names) and {report}")


COMMANDS = [init, import_schedule, import_roster, import_earnings]
