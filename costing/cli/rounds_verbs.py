"""``costing rounds ROUNDS.yaml``: a negotiation costed round by round, on one roster and one contract.

Prints, per round: its cost over the costed years and per fiscal year, new money over the status
quo, the gap to the other side's latest offer and how far each side moved since its previous
offer (in dollars and in points of the status quo's cost of 1%), and the raise each round gives at
the quoted cell beside what the press reported. The figures are :mod:`costing.negotiate.rounds`'s.
"""

from __future__ import annotations

import click

from .common import emit, json_text, output_format, table_text, user_errors, write_frame, write_guard
from .options import format_option, out_option, scenario_option

SUMMARY_COLUMNS = ["round", "date", "side", "status", "label", "cost", "new_money", "against", "gap", "gap_points",
                   "union_moved", "union_moved_points", "committee_moved", "committee_moved_points"]
YEAR_COLUMNS = ["round", "label", "period", "cost", "new_money", "gap", "gap_points", "union_moved",
                "committee_moved"]


def rounds_tables(rc) -> dict:
    """The verb's tables by name: the rounds over the costed years, by fiscal year, the quoted rates, the sources."""
    from ..negotiate.rounds import TOTAL, quoted_rates, round_figures, round_summary

    figures = round_figures(rc)
    summary = round_summary(rc)
    tables = {"rounds": summary[SUMMARY_COLUMNS],
              "by fiscal year": figures.loc[figures["period"] != TOTAL, YEAR_COLUMNS].reset_index(drop=True)}
    rates = quoted_rates(rc)
    if len(rates):
        tables["quoted rates"] = rates
    tables["sources"] = summary[["round", "date", "side", "status", "label", "source", "assumed"]]
    return tables


def _points_text(frame):
    """Points of the cost of 1% as '2.31 pts' in a terminal table (dollars stay 1,234.56)."""
    import pandas as pd

    shown = frame.copy()
    for column in shown.columns:
        if column.endswith("_points"):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:,.2f} pts")
        elif isinstance(shown[column].dtype, pd.Int64Dtype):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else str(int(v)))
    return shown


@click.command("rounds")
@click.argument("rounds_path", metavar="ROUNDS.yaml", type=click.Path(), required=False)
@scenario_option("Cost the rounds file this scenario names (its `rounds:` key) instead of ROUNDS.yaml.")
@format_option("text", "csv", "xlsx", "json")
@out_option("Write to this file (xlsx: one sheet per table).")
@user_errors
def rounds(rounds_path: str | None, scenario_path: str | None, fmt: str | None, out: str | None) -> None:
    """Cost every round of a negotiation on the same roster and contract (docs/negotiating.md).

    Per round: cost per fiscal year and over the costed years, new money over the status quo, the
    gap to the other side's latest offer and how far each side moved since its previous offer, in
    dollars and in points of the status quo's cost of 1%; the raise at the quoted cell (simple sum
    and compounded) beside the figures the press reported; and who reported each round.
    """
    import pandas as pd

    from ..inputs.rounds import input_files, resolve
    from ..negotiate.rounds import CONVENTIONS, cost_rounds, rounds_record

    if bool(rounds_path) == bool(scenario_path):
        raise click.UsageError("give ROUNDS.yaml, or --scenario FILE naming one (its `rounds:`), not both"
                               if rounds_path else "give ROUNDS.yaml, or --scenario FILE naming one (its `rounds:`)")
    rounds_path = rounds_path or _rounds_of(scenario_path)
    rc = cost_rounds(rounds_path)
    guard = write_guard(*input_files(rc.spec, rounds_path).values(), resolve(rounds_path, rc.spec.roster),
                        contract=resolve(rounds_path, rc.spec.contract))
    fmt = output_format(fmt, out)
    if fmt == "json":
        emit(json_text(rounds_record(rc)), out, guard)
        return
    tables = rounds_tables(rc)
    if fmt == "xlsx":
        first, *rest = tables
        write_frame(tables[first], fmt, out, sheet=first, extra_sheets={name: tables[name] for name in rest}, guard=guard)
        return
    if fmt == "csv":
        write_frame(pd.concat([t.assign(table=name) for name, t in tables.items()], ignore_index=True), fmt, out,
                    guard=guard)
        return
    years = f"FY{rc.years[0]}-FY{rc.years[-1]}"
    text = [f"{rc.spec.title}: every round on the same roster and contract, {years}"]
    for name, table in tables.items():
        heading = f"== {name}" + (f" (over {years})" if name == "rounds" else "")
        text += [heading, table_text(_points_text(table))]
    text.append("Conventions:")
    text.extend(f"  {key}: {meaning}" for key, meaning in CONVENTIONS.items())
    emit("\n".join(text), out, guard)


def _rounds_of(scenario: str) -> str:
    """The rounds file a scenario names (`rounds:`), for `costing rounds --scenario`."""
    from ..errors import InputError
    from ..inputs.scenario import read_scenario

    spec = read_scenario(scenario)
    if spec.rounds is None:
        raise InputError(scenario, "rounds", "is not given: this scenario names no rounds file (give ROUNDS.yaml)")
    return str(spec.rounds)


def validate_rounds(path: str) -> str:
    """`costing validate ROUNDS.yaml`: the file, each round's proposals and the whole costing, as `costing rounds` does."""
    from ..negotiate.rounds import cost_rounds

    rc = cost_rounds(path)
    return f" ({len(rc.spec.rounds)} rounds costed {rc.years[0]}-{rc.years[-1]})"


COMMANDS = [rounds]
