"""Verbs that bring a new district in: init, import-schedule, import-roster.

A finance office has a salary grid in Excel and a payroll export; these verbs turn them into the
project's files (docs/tutorial.md walks through it). None of them overwrites a file it did not
write: ``init`` refuses a folder that is not empty, ``import-schedule`` adds to a contract without
changing a line the user wrote, ``import-roster`` replaces only a roster and report it made.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import click

from ..errors import InputError
from ..output import atomic_write_text
from .common import parse_date_option, parse_years_option, user_errors

INIT_MARK = "<!-- written by `costing init` -->"


# ------------------------------------------------------------------------------------ init


def _q(text: str) -> str:
    return json.dumps(text)


def contract_text(district: str, unit: str) -> str:
    from ..inputs.grid_import import stand_in_schedule

    return f"""# The contract in force for {district}: the baseline every proposal is costed against.
# Written by `costing init`. README.md beside it has the checklist; docs/formats.md explains every key.
name: {_q(f"{district}: contract in force")}
district: {_q(district)}
units: [{_q(unit)}]                  # bargaining units; every schedule belongs to one
reference: {_q(f"{district} agreement in force (name the document, e.g. 'CBA 2023-2026')")}
fiscal_year_start: "07-01"           # fiscal years are named by the year they end (FY2026 = July 2025-June 2026)
proration: calendar_days             # calendar_days | work_days | pay_periods (docs/method.md)

schedules:                           # `costing import-schedule GRID --contract contract.yaml` adds yours
{stand_in_schedule(unit)}
# Longevity, stipends, one-time payments, unit-level lines and roll-up: add what your agreement
# has (remove the leading "# " of an example to use it; docs/formats.md explains each key).
#
# longevity:
#   - name: longevity
#     payment: prorated
#     tables:
#       - {{effective: 2024-07-01, amounts: {{10: 1500, 15: 2000}}, reference: "Art. 12"}}
# stipends:
#   - name: mentor
#     kind: annual
#     column: mentor                 # a roster column: 1 for a mentor, 0 otherwise
#     values:
#       - {{effective: 2024-07-01, amount: 1500, reference: "Art. 14"}}
# rollup:
#   - name: medicare
#     rate: 1.45                     # percent
#     reference: "Medicare employer share, 26 U.S.C. 3111(b)"
"""


def proposal_text(district: str) -> str:
    return f"""# A proposal: dated changes to the contract, from the vocabulary in docs/formats.md.
# Written by `costing init` with no changes, so costing it gives the status quo. Add your changes
# under `changes:` (and delete the `[]`), for example:
#
# changes:
#   - op: raise_percent
#     effective: 2026-07-01
#     percent: 3
#     reference: "District offer, item 1"
title: {_q(f"{district}: proposal")}
proposer: committee                  # committee | union | joint | mediator | other
baseline: ../contract.yaml           # the contract it amends
reference: ""                        # the document the proposal is (e.g. "District offer of 3/1/2026")
changes: []
"""


def scenario_text(district: str, unit: str, years: str, as_of: dt.date | None) -> str:
    as_of_line = f"as_of: {as_of.isoformat()}                    # the roster date" if as_of else (
        "# as_of: 2025-07-01                # the roster date (default: the first day of the first year)")
    return f"""# What one report is about (docs/formats.md, "Scenario"). Paths are relative to this file.
# Written by `costing init`; `costing report scenario.yaml` makes the report.
title: {_q(f"{district}: proposal against the status quo")}
district: {_q(district)}
units: [{_q(unit)}]
roster: roster.csv                   # made by `costing import-roster EXPORT --map MAP.yaml ...`
contract: contract.yaml
proposals: [proposals/proposal.yaml]
years: {years}                      # fiscal years costed
{as_of_line}
audience: public                     # public: no names or employee IDs anywhere in the report
output: reports                      # the report folder goes under this folder
notebooks: [scenario_report]
notes: >-
  Say here what the report assumes (where the roster comes from, what the proposal leaves out).
"""


def readme_text(district: str, folder: str) -> str:
    return f"""{INIT_MARK}
# {district}

Made by `costing init`. Every file here is valid as written; fill them in with the checklist below
(docs/tutorial.md does it step by step for a fictional district).

| file | what it is |
| --- | --- |
| `contract.yaml` | the contract in force: schedules, longevity, stipends, roll-up |
| `schedules/` | the contract's rate tables, one CSV per effective date (made by `costing import-schedule`) |
| `proposals/proposal.yaml` | a proposal with no changes yet (costing it gives the status quo) |
| `scenario.yaml` | what the report is about: roster, contract, proposals, years |
| `roster.csv` | not here yet: made from your payroll export by `costing import-roster` |

## Checklist

- [ ] Import the salary grid: `costing import-schedule GRID.xlsx --contract {folder}/contract.yaml --schedule NAME`
      (read what it says it assumed: the effective dates, the rate unit, and any warnings).
- [ ] In `contract.yaml`: the agreement's name in `reference`; the step date under `step_rules`;
      each table's `reference` (the article of the agreement); longevity, stipends and roll-up if you have them.
- [ ] Write a mapping file for your payroll export (docs/formats.md, "Roster import mapping"), then
      `costing import-roster EXPORT.xlsx --map MAP.yaml --contract {folder}/contract.yaml --out {folder}/roster.csv`;
      read the import report beside the roster and resolve every rejected row.
- [ ] Write the proposal's changes in `proposals/proposal.yaml`.
- [ ] Check it all: `costing validate {folder}/contract.yaml {folder}/proposals/proposal.yaml {folder}/roster.csv`.
- [ ] Set `years` (and `as_of`, the roster date) in `scenario.yaml`, then `costing report {folder}/scenario.yaml`.

The roster and the import report hold employee IDs (and the export, names): keep them out of
anything public. A `public` report never shows them.
"""


def starter_files(district: str, unit: str, years: str, as_of: dt.date | None, folder: str) -> dict[str, str]:
    return {
        "contract.yaml": contract_text(district, unit),
        "proposals/proposal.yaml": proposal_text(district),
        "scenario.yaml": scenario_text(district, unit, years, as_of),
        "README.md": readme_text(district, folder),
    }


def _default_years(today: dt.date) -> str:
    """The next three fiscal years (July-June, named by the year they end)."""
    first = today.year + 1 if today.month >= 7 else today.year
    return f"{first + 1}-{first + 3}"


@click.command()
@click.argument("folder", type=click.Path())
@click.option("--district", required=True, help="The district's name, as the report should print it.")
@click.option("--unit", default="teachers", show_default=True, help="The bargaining unit's short name.")
@click.option("--years", help="Fiscal years the scenario costs, e.g. 2026-2028 (default: the next three).")
@click.option("--as-of", "as_of", help="The roster date (YYYY-MM-DD; default: the first day of the first year).")
@user_errors
def init(folder: str, district: str, unit: str, years: str | None, as_of: str | None) -> None:
    """Start a district folder: contract, an empty proposal, a scenario and a README checklist.

    Every file is valid as written and commented. FOLDER must not exist or be empty; in a folder
    `costing init` made, only files that are missing are written again (nothing is overwritten).
    """
    from ..output import atomic_directory

    target = Path(folder)
    if not unit.replace("_", "").isalnum():
        raise InputError(None, "--unit", f"{unit!r}: use letters, digits and _ (e.g. teachers, unit_a)")
    years = years or _default_years(dt.date.today())
    parse_years_option(years)
    day = parse_date_option(as_of, "--as-of")
    files = starter_files(district, unit, years, day, folder.rstrip("/"))
    if target.exists() and not target.is_dir():
        raise InputError(str(target), None, "exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        readme = target / "README.md"
        if not (readme.is_file() and readme.read_text(encoding="utf-8").startswith(INIT_MARK)):
            raise InputError(str(target), None, "is not empty and was not made by `costing init`; choose a new folder")
        missing = {name: text for name, text in files.items() if not (target / name).exists()}
        for name, text in missing.items():
            atomic_write_text(target / name, text)
        kept = sorted(set(files) - set(missing))
        click.echo(f"{target}: wrote {', '.join(missing) or 'nothing'}; kept {', '.join(kept)} as they are")
        return

    def build(tmp: Path) -> None:
        for name, text in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_text(text, encoding="utf-8")
        (tmp / "schedules").mkdir()

    atomic_directory(target, build)
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
@click.option("--effective", help="The effective date of a grid that has one table and says no date.")
@click.option("--lane", "lanes", multiple=True, help="Rename a lane, OLD=NEW (repeatable), e.g. \"MA+30=M30\".")
@click.option("--out-dir", type=click.Path(), help="Folder for the rate CSVs (default: schedules/ beside the contract, else ./schedules).")
@user_errors
def import_schedule(grid_path: str, contract_path: str | None, name: str | None, unit: str | None,
                    rate_unit: str | None, hours_per_day: float | None, days_per_year: float | None,
                    effective: str | None, lanes: tuple[str, ...], out_dir: str | None) -> None:
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
    blocks = g.renamed(g.read_grid(grid_path, fiscal_start, parse_date_option(effective, "--effective")),
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
    table_dir = Path(out_dir) if out_dir else base / "schedules"
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
        check.write_text(text, encoding="utf-8")
        try:
            load_contract(check)
        except InputError as exc:
            raise InputError(str(path), exc.where, f"the contract with the imported schedule would not load: {exc.message}") from None
    finally:
        check.unlink(missing_ok=True)
    atomic_write_text(path, text, editing_input=True)  # only the stand-in block changed (checked by the caller)


# ------------------------------------------------------------------------------ import-roster


@click.command("import-roster")
@click.argument("export_path", metavar="EXPORT.xlsx|EXPORT.csv", type=click.Path())
@click.option("--map", "map_path", required=True, type=click.Path(), help="Mapping file (docs/formats.md).")
@click.option("--contract", "contract_path", required=True, type=click.Path(), help="The contract the roster is costed with.")
@click.option("--out", required=True, type=click.Path(), help="Roster CSV to write.")
@click.option("--report", "report_path", type=click.Path(), help="Import report (default: ROSTER_import_report.md beside it).")
@click.option("--as-of", "as_of", help="Roster date: steps are found in the grid in force on it (default: the map's as_of).")
@click.option("--keep-names", is_flag=True, help="Keep the columns the map names name/first_name/last_name.")
@user_errors
def import_roster(export_path: str, map_path: str, contract_path: str, out: str, report_path: str | None,
                  as_of: str | None, keep_names: bool) -> None:
    """Turn a payroll export into a roster: rename columns and values by a mapping file, find a
    missing step from the salary (the grid cell in force on the roster date), and write the
    roster and a one-page import report (rows read, mapped, found, rejected with reasons).

    Rows that cannot be imported (an unknown lane, a salary on no step or on two) are listed in
    the report and left out, never guessed. Names are dropped unless --keep-names.
    """
    import io

    import pandas as pd

    from ..engine.step_inference import infer_steps
    from ..inputs import roster_import as ri
    from ..inputs.loading import load_contract
    from ..inputs.roster import check_roster

    contract = load_contract(contract_path)
    mapping = ri.load_roster_map(map_path)
    if keep_names:
        mapping = mapping.model_copy(update={"keep_names": True})
    out_path = Path(out)
    report = Path(report_path) if report_path else out_path.with_name(f"{out_path.stem}_import_report.md")
    for path in (out_path, report):
        if path.exists() and not ri.written_by_import(path):
            raise InputError(str(path), None, "exists and was not written by `costing import-roster`; choose another"
                             " --out/--report (nothing was written)")
    day = parse_date_option(as_of, "--as-of") or mapping.as_of
    mapped = ri.map_export(ri.read_export(export_path, mapping.sheet), mapping, contract, export_path, map_path)
    needs_step = "step" not in mapped.frame.columns or (mapped.frame["step"] == "").any()
    if needs_step and len(mapped.frame) and day is None:
        raise InputError(map_path, "as_of", "some rows have a salary but no step: give the roster date (as_of: in the"
                         " map, or --as-of) so the step is found in the grid in force on it")
    frame, found, unmatched = infer_steps(mapped.frame, contract, day, mapping.salary) if needs_step else (
        mapped.frame, [], [])
    rejected = [*mapped.rejected, *unmatched]
    text = ri.roster_csv_text(frame, Path(export_path).name, Path(map_path).name)
    check_roster(pd.read_csv(io.StringIO(text), dtype=str, comment="#"), contract, out)  # the written roster loads
    atomic_write_text(out_path, text)
    atomic_write_text(report, ri.import_report_text(mapped, found, rejected, len(frame), Path(export_path).name,
                                                 Path(map_path).name, out_path.name, day,
                                                 mapping.salary))
    click.echo(f"read {mapped.rows_read} rows from {export_path}: {mapped.rows_read - len(mapped.rejected)} mapped,"
               f" {len(found)} steps found from the salary, {len(rejected)} rejected")
    for row, who, reason in sorted(rejected):
        click.echo(f"rejected: export row {row} ({who}): {reason}", err=True)
    click.echo(f"wrote {out_path} ({len(frame)} employees) and {report}")


COMMANDS = [init, import_schedule, import_roster]
