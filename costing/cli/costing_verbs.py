"""Verbs that read, check and list inputs, and cost them: validate, schedules, project, roster, schema, ledger."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from .common import (
    PCT_DECIMALS,
    output_format,
    status,
    user_errors,
    write_frame,
    write_guard,
)
from .options import DATE, InputOptions, costing_inputs, format_option, out_option, scenario_option

if TYPE_CHECKING:  # pandas is imported inside the verbs that cost, so the command line starts fast
    import pandas as pd


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--contract", "contract_path", type=click.Path(), help="Contract to check rosters and proposals against.")
@user_errors
def validate(files: tuple[str, ...], contract_path: str | None) -> None:
    """Check contracts, proposals, rosters, roster specs, scenarios and batch files.

    Proposals are also applied to the contract (given with --contract, or found among FILES) to
    catch changes that name unknown schedules, lanes or steps, or dates outside the contract.
    Rosters (CSV/XLSX) are checked against the contract (without one, what they say alone). A scenario is checked as its report would be: every file
    it names, its years against the contract's period, its switches, the whole costing, and its
    output folder; a batch file, each of its scenarios. Every file is checked; each error is one
    line naming its file, and the exit status is 2 if any failed.
    """
    from ..errors import InputErrors
    from ..inputs.loading import detect_kind, load_contract

    errors: list[InputError] = []
    warnings: list[str] = []  # rates below the minimum wage: said, never an error (engine/minimum_wage.py)

    def check(path: str, kind: str, fn) -> None:
        try:
            note = fn()
        except InputError as exc:
            if isinstance(exc, InputErrors):  # one file's problems: as many lines as its own message shows
                errors.extend(exc.errors[: exc.shown])
                hidden = len(exc.errors) - exc.shown + exc.more
                if hidden > 0:
                    errors.append(InputError(exc.errors[0].source or path, None, f"and {hidden} more"))
            else:
                errors.append(exc.located(path))
            return
        click.echo(f"ok  {kind:<11} {path}{note or ''}")

    kinds: dict[str, str] = {}
    for path in files:
        try:
            kinds[path] = detect_kind(path)
        except InputError as exc:
            errors.append(exc)
    contracts = [f for f, k in kinds.items() if k == "contract"]
    contract = None
    try:
        contract = load_contract(contract_path) if contract_path else (load_contract(contracts[0]) if contracts else None)
    except InputError as exc:
        if contract_path:
            errors.append(exc)
    applied: dict = {}
    for path, kind in kinds.items():
        if kind == "proposal":
            check(path, kind, lambda path=path: _validate_proposal(path, contract, applied, warnings))
    for path, kind in kinds.items():
        if kind == "contract":
            check(path, kind, lambda path=path: _validate_contract(path, warnings))
        elif kind == "roster":
            check(path, kind, lambda path=path: _validate_roster(path, contract, applied,
                                                                 contract_path or (contracts[0] if contracts else None)))
        elif kind == "roster_spec":
            from ..inputs.synth import load_roster_spec

            check(path, kind, lambda path=path: load_roster_spec(path) and None)
        elif kind == "scenario":
            check(path, kind, lambda path=path: _validate_scenario(path, warnings))
        elif kind == "batch":
            check(path, kind, lambda path=path: _validate_batch(path, warnings))
        elif kind == "comparables":  # checked on its own; against the benchmarks, with its scenario
            from ..inputs.comparables import load_comparables

            check(path, kind, lambda path=path: load_comparables(path) and None)
        elif kind == "rounds":  # costed as `costing rounds` would (cli/rounds_verbs.py)
            from .rounds_verbs import validate_rounds

            check(path, kind, lambda path=path: validate_rounds(path))
    for warning in dict.fromkeys(warnings):
        click.echo(f"warning: {warning}", err=True)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors, shown=max(len(errors), 20))


def _validate_contract(path: str, warnings: list[str]) -> None:
    from ..engine.minimum_wage import below_minimum
    from ..inputs.loading import load_contract

    warnings.extend(below_minimum(load_contract(path), path))


def _validate_proposal(path: str, contract, applied: dict, warnings: list[str]) -> str:
    from ..engine.apply import apply_proposal, contingent_names
    from ..inputs.loading import load_contract, load_proposal

    proposal = load_proposal(path)
    against, note = contract, ""
    if against is None and proposal.baseline and (Path(path).parent / proposal.baseline).is_file():
        against = load_contract(Path(path).parent / proposal.baseline)
        note = f" (checked against its baseline {proposal.baseline})"
    if against is None:
        return " (not checked against a contract: add --contract FILE)"
    applied[path] = apply_proposal(against, proposal, contingent_names(proposal), source=path)
    from ..engine.minimum_wage import below_minimum
    from ..engine.ops.registry import work_day_notes  # dates given as a work day, shown as the days they are

    warnings.extend(below_minimum(applied[path], path, since=against))

    return note + "".join(f"\n    {line}" for line in work_day_notes(proposal, against))


def _validate_roster(path: str, contract, applied: dict, contract_path: str | None) -> str | None:
    from ..inputs.cross_checks import check_end_reasons
    from ..inputs.roster import load_roster

    if contract is None:   # what the roster says alone: columns, IDs, numbers, dates
        load_roster(path)
        return " (checked alone; its schedules, lanes and steps need a contract: add --contract FILE)"
    roster = load_roster(path, contract, needed_by=applied)
    check_end_reasons(roster, {contract_path or "contract": contract, **applied})
    return None


def _validate_scenario(path: str | Path, warnings: list[str]) -> str:
    """Everything `costing report` checks before it writes: the files, the costing, the output folder."""
    from ..engine.costing_run import cost_scenario
    from ..engine.minimum_wage import below_minimum
    from ..negotiate.ledger import read_ledger
    from ..report.build import output_folder

    scenario, costing = cost_scenario(path)  # the files it names, its years and switches, the roster and moves checks
    baseline = costing.contracts["baseline"]
    for name, made in costing.contracts.items():
        warnings.extend(below_minimum(made, f"{path} ({name})", since=None if name == "baseline" else baseline))
    if scenario.rounds:  # its rounds, costed as its report costs them (quote cell, assumed terms included)
        from ..inputs.scenario import read_scenario
        from ..negotiate.rounds import cost_scenario_rounds

        cost_scenario_rounds(read_scenario(path))
    if scenario.ledger:
        read_ledger(Path(path).parent / scenario.ledger)
    if scenario.comparables:   # the peers' rates against the benchmark cells and the contract (inputs/comparables.py)
        from ..inputs.comparables import scenario_comparables

        scenario_comparables(path, scenario.comparables, costing.contracts["baseline"], costing.years)
    target, _, _ = output_folder(path)
    return f" (costed {scenario.years}; report folder {target})"


def _validate_batch(path: str, warnings: list[str]) -> str:
    from ..report.batch import load_batch

    batch = load_batch(path)
    for item in batch.scenarios:
        _validate_scenario(Path(path).parent / item, warnings)
    return f" ({len(batch.scenarios)} scenarios checked)"


@click.command()
@click.argument("contract_path", metavar="CONTRACT", type=click.Path(), required=False)
@scenario_option("Take the contract, switches and proposal from this scenario file (one proposal, or give --proposal).")
@click.option("--proposal", "proposals", multiple=True, type=click.Path(), help="Apply this proposal (repeatable, in order).")
@click.option("--switch", "switches", multiple=True, help="Turn on a contingent item by name (repeatable).")
@click.option("--on", "on_date", type=DATE, help="Only the tables in force on this date (2026-07-01 or 7/1/2026).")
@format_option("text", "csv", "xlsx", "json")
@out_option()
@user_errors
def schedules(contract_path: str | None, scenario_path: str | None, proposals: tuple[str, ...], switches: tuple[str, ...],
              on_date, fmt: str, out: str | None) -> None:
    """Every rate table in force at each effective date.

    Columns: effective_date, schedule, lane, step, rate, annual (rate x work-year basis, rounded
    by the schedule's rule), change_pct (against the same cell of the previous table, a fraction:
    0.03 is 3%), reference.
    With --scenario: its contract and switches, and its proposal (or package) when it costs one.
    """
    import pandas as pd

    from ..engine.apply import apply_proposal
    from ..engine.schedule_listing import rate_table_frame
    from ..inputs.checks import check_switches
    from ..inputs.loading import load_contract, load_proposal

    contract_path, proposals, switches = _schedules_inputs(contract_path, scenario_path, proposals, switches)
    guard = write_guard(*proposals, scenario_path, contract=contract_path)
    contract = load_contract(contract_path)
    texts = [load_proposal(path) for path in proposals]
    check_switches(switches, texts, "--switch")
    for path, proposal in zip(proposals, texts):
        contract = apply_proposal(contract, proposal, switches, source=str(path))
    frame = rate_table_frame(contract)
    fmt = output_format(fmt, out)
    day = on_date
    if day is not None:
        in_force = frame[frame["effective_date"] <= day].groupby("schedule")["effective_date"].transform("max")
        frame = frame[frame["effective_date"] <= day][lambda f: f["effective_date"] == in_force].reset_index(drop=True)
        if frame.empty:
            raise InputError(contract_path, "--on", f"no rate table is in force on {day}")
    if fmt == "table":
        frame = frame.drop(columns=["reference"])
        frame["rate"] = frame["rate"].map(lambda v: f"{v:,.2f}")
        frame["annual"] = frame["annual"].map(lambda v: f"{v:,.2f}")
        frame["change_pct"] = frame["change_pct"].map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
    else:
        frame["rate"] = frame["rate"].astype(str)
        frame["annual"] = frame["annual"].astype(str)
    write_frame(frame, fmt, out, sheet="rate tables", guard=guard)


def _schedules_inputs(contract: str | None, scenario: str | None, proposals: tuple, switches: tuple):
    """(contract, proposal files, switches) for `schedules`: the argument and options, or a scenario's."""
    if not scenario:
        if not contract:
            raise click.UsageError("give CONTRACT or --scenario FILE")
        return contract, proposals, switches
    from ..inputs.scenario import read_scenario

    spec = read_scenario(scenario).with_options(contract=contract, proposals=list(proposals) or None, switches=switches)
    if len(spec.proposals) > 1:
        raise InputError(scenario, "proposals", f"costs {len(spec.proposals)} proposals"
                         f" ({', '.join(name for name, _ in spec.proposals)}); name the one to list with --proposal FILE")
    files = tuple(spec.proposals[0][1]) if spec.proposals else ()
    return spec.contract, files, spec.all_switches


@click.command()
@costing_inputs()
@click.option("--detail", is_flag=True, help="The long per-employee table instead of the summary (to a .csv or .parquet file: written one scenario and year at a time).")
@click.option("--headcount", is_flag=True, help="Headcount and FTE by schedule, lane and step at each year's end instead.")
@format_option("text", "csv", "xlsx", "parquet", "json")
@out_option()
@user_errors
def project(inputs: InputOptions, detail, headcount, fmt, out) -> None:
    """Cost a roster under the baseline and each proposal, per fiscal year.

    The summary is the API's ``figures`` (docs/api.md): one row per scenario and fiscal year, then
    one over the contract term (fiscal_year empty, period "term"), with the scenario's label; the
    total, salary, benefits and other costs, each component family, the change over the prior
    year for the budget line and for the same group with the lines between them (leavers, hires,
    new positions), every rate convention, the quoted raise, new money over the status quo, the
    run rate, step movement, cost of 1%, annualization, FTE and cost per FTE. Rates are
    fractions (0.025 is 2.5%). --detail gives scenario, fiscal_year, employee_id, unit, schedule,
    family, component, lane, step, fte, amount (lane and step on the last day of the year the person
    is employed); --headcount gives headcount and FTE by schedule, lane and step on the last
    day of each year. Parquet keeps the text columns dictionary-encoded (categoricals when read
    back with pandas).
    """
    from ..engine.costing_run import cost_inputs, detail_frames, load_inputs
    from ..engine.projection import Options

    fmt = "parquet" if not fmt and out and Path(out).suffix.lower() == ".parquet" else output_format(fmt, out)
    if fmt == "parquet" and not out:
        raise InputError(None, "--out", "parquet output needs --out FILE.parquet")
    spec = inputs.spec()
    guard = write_guard(*spec.files().values())
    if detail and out and fmt in ("csv", "parquet"):
        roster, baseline, contracts, _ = load_inputs(spec)
        chunks = detail_frames(roster, baseline, contracts, list(spec.years),
                               Options(as_of=spec.as_of, proration=spec.proration), source=str(spec.roster),
                               contract_source=str(spec.contract))
        _write_chunks(chunks, fmt, Path(out), guard)
        status(f"wrote {out}")
        return
    costing = cost_inputs(spec)
    if detail:
        frame = costing.results.copy()
        write_frame(frame, fmt, out, sheet="detail", guard=guard)
        return
    if headcount:
        import pandas as pd

        from ..engine.figures import headcount_by_step

        frames = [headcount_by_step(placed).assign(scenario=name, fiscal_year=fy)
                  for (name, fy), placed in sorted(costing.placements.items()) if fy in costing.years]
        frame = pd.concat(frames, ignore_index=True)[["scenario", "fiscal_year", "schedule", "lane", "step", "headcount", "fte"]]
    else:
        frame = costing.figures
    if fmt == "parquet":
        _write_chunks(iter([frame]), fmt, Path(out), guard)
        status(f"wrote {out}")
        return
    write_frame(frame, fmt, out, sheet="headcount" if headcount else "summary", guard=guard)


def _write_chunks(chunks, fmt: str, out: Path, guard) -> None:
    """Write frames one after another to one CSV or Parquet file, moved into place only when complete.

    Only one chunk (a scenario's fiscal year) is in memory at a time. Parquet columns that are
    categorical in the frames are written dictionary-encoded, with one schema for every chunk.
    """
    from ..output import atomic_write

    def write_csv(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            for k, chunk in enumerate(chunks):
                chunk = chunk.round({c: PCT_DECIMALS for c in chunk.columns if str(c).endswith("_pct")})
                chunk.to_csv(handle, index=False, header=k == 0)

    def write_parquet(tmp: Path) -> None:
        import pyarrow.parquet as pq

        writer, empty = None, None
        dictionaries: dict[int, tuple] = {}  # id(categories) -> arrow strings, built once (IDs repeat in every chunk)
        try:
            for chunk in chunks:
                if chunk.empty:  # no rows: its columns may have no type to give the schema
                    empty = chunk
                    continue
                table = _arrow_table(chunk, dictionaries)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema, compression="snappy")
                writer.write_table(table.cast(writer.schema))
            if writer is None and empty is not None:
                pq.write_table(_arrow_table(empty, dictionaries), tmp)
        finally:
            if writer is not None:
                writer.close()

    atomic_write(out, write_parquet if fmt == "parquet" else write_csv, guard)


def _arrow_table(frame: pd.DataFrame, dictionaries: dict):
    """A frame as an Arrow table; categoricals as dictionary arrays (int32 indices, string values)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    columns = {}
    for name in frame.columns:
        values = frame[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = values.cat.categories
            key = id(categories)
            if key not in dictionaries:
                dictionaries[key] = (categories, pa.array(categories.astype(str), type=pa.string()))
            codes = values.cat.codes.to_numpy().astype(np.int32)
            columns[str(name)] = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), dictionaries[key][1])
        elif isinstance(values.dtype, pd.api.extensions.ExtensionDtype):   # Int64 fiscal years stay integers
            columns[str(name)] = pa.Array.from_pandas(values)
        else:
            columns[str(name)] = pa.array(values.to_numpy(), from_pandas=True)
    table = pa.table(columns)
    # pandas' own description of the columns, so that pandas reads them back as written (Int64 stays Int64)
    described = pa.Table.from_pandas(frame.head(0), preserve_index=False).schema.metadata
    return table.replace_schema_metadata(described)


@click.command()
@click.argument("spec_path", metavar="SPEC", type=click.Path())
@out_option("Roster CSV to write.", required=True)
@click.option("--names", is_flag=True, help="Add fake names (to test that public reports never show them).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply every group's headcount.")
@click.option("--seed", type=int, help="Override the spec's seed.")
@user_errors
def roster(spec_path: str, out: str, names: bool, scale: float, seed: int | None) -> None:
    """Generate a synthetic roster from a seeded spec (same seed, same roster)."""
    from ..inputs.synth import generate_roster, load_roster_spec, write_roster

    spec = load_roster_spec(spec_path)
    if seed is not None:
        spec = spec.model_copy(update={"seed": seed})
    frame = generate_roster(spec, names=names, scale=scale)
    write_roster(frame, Path(out), write_guard(spec_path))
    status(f"wrote {out} ({len(frame)} synthetic employees, seed {spec.seed})")


@click.command()
@click.option("--out", "out_dir", default="schemas", show_default=True, type=click.Path(), help="Folder to write the JSON Schemas in.")
@click.option("--check", is_flag=True, help="Exit 1 if the files on disk differ from the models.")
@user_errors
def schema(out_dir: str, check: bool) -> None:
    """Write JSON Schemas for contracts, proposals, scenarios and roster specs (for editors)."""
    from ..inputs.schema import write_schemas

    changed = write_schemas(Path(out_dir), check=check)
    if check and changed:
        click.echo(f"error: out of date: {', '.join(changed)} (run `costing schema`)", err=True)
        sys.exit(1)
    status("schemas up to date" if check else f"wrote schemas to {out_dir}")


@click.command()
@click.argument("ledger_path", metavar="LEDGER", type=click.Path())
@costing_inputs(proposals=False)
@click.option("--items", is_flag=True, help="Also list every item with its own cost per year.")
@format_option("text", "csv", "xlsx", "json")
@out_option()
@user_errors
def ledger(ledger_path, inputs: InputOptions, items, fmt, out) -> None:
    """Per unit: items agreed, open and withdrawn; the cost of agreed and open money items.

    Money items link to proposal files in the ledger's `proposal` column (several separated by
    ';'). Each is costed against the baseline on the same roster; agreed items are then costed
    together, and open items on top of them. What to cost on: --scenario (default: scenario.yaml
    beside the ledger, when there is one), or --roster, --contract and --years.
    """
    from ..engine.costing_run import load_inputs
    from ..engine.projection import Options
    from ..negotiate.ledger import ledger_report, read_ledger

    spec = inputs.spec(default_scenario=Path(ledger_path).parent / "scenario.yaml")
    guard = write_guard(ledger_path, *spec.files().values())
    roster, baseline, _, _ = load_inputs(spec)
    report = ledger_report(read_ledger(ledger_path), baseline, roster, list(spec.years),
                           Options(as_of=spec.as_of, proration=spec.proration), spec.all_switches)
    fmt = output_format(fmt, out)
    frame = report.by_unit
    if fmt == "table" and not out:
        shown = inputs.years or spec.scenario.years
        click.echo(f"Proposal ledger {ledger_path}, fiscal years {shown}: costs are totals over those years")
    if items:
        if fmt == "xlsx":
            write_frame(frame, fmt, out, sheet="by unit", extra_sheets={"items": report.items}, guard=guard)
            return
        shown = report.items.assign(item=report.items["item"].str.slice(0, 70)) if fmt == "table" else report.items
        write_frame(shown, fmt, out, guard=guard)
        return
    write_frame(frame, fmt, out, sheet="by unit", guard=guard)

COMMANDS = [validate, schedules, project, roster, schema, ledger]
