"""Command-line verbs for the bargaining table: compare, bridge, solve, sensitivity.

They all take the same inputs as ``costing project`` (or a scenario file), so both sides can run
them on the same roster and assumptions and get the same answers.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from .common import (
    emit,
    json_text,
    output_format,
    parse_date_option,
    parse_years_option,
    table_text,
    user_errors,
    write_frame,
    write_guard,
)
from .progress import progress_bar


def _inputs(fn):
    options = [
        click.option("--scenario", "scenario_path", type=click.Path(), help="Take roster, contract, proposals, years and assumptions from a scenario file."),
        click.option("--roster", "roster_path", type=click.Path(), help="Roster CSV or XLSX."),
        click.option("--contract", "contract_path", type=click.Path(), help="Contract YAML (the baseline)."),
        click.option("--proposal", "proposals", multiple=True, type=click.Path(), help="A proposal YAML (repeatable)."),
        click.option("--years", help="Fiscal years, e.g. 2025-2027."),
        click.option("--switch", "switches", multiple=True, help="Turn on a contingent item by name (repeatable)."),
        click.option("--as-of", "as_of", help="Date the roster's steps are as of."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _inputs_of(scenario_path, roster_path, contract_path, proposals, years, switches, as_of):
    """What to cost, read as every verb reads it (:class:`~costing.inputs.scenario.ScenarioInputs`).

    With ``--scenario`` the scenario file says everything (its moves, roll-up rates, proration,
    switches and roster date included) and options given beside it state something instead
    (``--switch`` turns items on in addition to the scenario's); without it, the options say all."""
    from ..inputs.scenario import option_inputs, read_scenario

    fiscal_years = parse_years_option(years) if years else None
    day = parse_date_option(as_of, "--as-of")
    if scenario_path:
        return read_scenario(scenario_path).with_options(
            roster=roster_path, contract=contract_path, proposals=list(proposals) or None, years=fiscal_years,
            switches=tuple(switches), as_of=day)
    missing = [name for name, value in (("--roster", roster_path), ("--contract", contract_path), ("--years", years)) if not value]
    if missing:
        raise InputError(None, None, f"missing {', '.join(missing)} (or give --scenario)")
    return option_inputs(roster_path, contract_path, list(proposals), fiscal_years, tuple(switches), day)


@click.command()
@_inputs
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]), help="Default: from --out's extension (.csv, .xlsx, .json), else table.")
@click.option("--out", type=click.Path(), help="Write to this file (xlsx: one sheet per table).")
@user_errors
def compare(scenario_path, roster_path, contract_path, proposals, years, switches, as_of, fmt, out) -> None:
    """Proposals side by side: per year and over the term, against the baseline and each other.

    Prints three tables: totals and new money (with the budget line's and the same group's
    increase and the lift), the gap between every pair of scenarios, and the settlement rate under
    each common convention, labelled with its population, with the quoted raise and the simple
    sums beside the compounded rates. Every table has the columns scenario, label, fiscal_year
    (empty on the row over the term), period and in_term; rates are fractions (0.025 is 2.5%).
    """
    from ..engine.costing_run import cost_inputs
    from ..negotiate.compare import CONVENTIONS, gaps, settlement_table, side_by_side

    spec = _inputs_of(scenario_path, roster_path, contract_path, proposals, years, switches, as_of)
    guard = write_guard(*spec.files().values())
    costing = cost_inputs(spec)
    tables = {"side_by_side": side_by_side(costing), "gaps": gaps(costing), "settlement": settlement_table(costing)}
    fmt = output_format(fmt, out)
    if fmt == "json":
        emit(json_text({**tables, "conventions": dict(CONVENTIONS)}), out, guard)
        return
    if fmt == "xlsx":
        write_frame(tables["side_by_side"], fmt, out, sheet="side by side",
                    extra_sheets={"gaps": tables["gaps"], "settlement": tables["settlement"]}, guard=guard)
        return
    if fmt == "csv":
        import pandas as pd

        frames = [t.assign(table=name) for name, t in tables.items()]
        write_frame(pd.concat(frames, ignore_index=True), fmt, out, guard=guard)
        return

    text = []
    for name, table in tables.items():
        text.append(f"== {name}")
        text.append(table_text(table))
    text.append("Settlement conventions:")
    text.extend(f"  {key}: {label}" for key, label in CONVENTIONS.items())
    emit("\n".join(text), out, guard)


@click.command()
@click.option("--roster", "roster_path", required=True, type=click.Path(), help="Roster for side A.")
@click.option("--contract", "contract_path", required=True, type=click.Path(), help="Baseline contract.")
@click.option("--proposal", "proposal_a", type=click.Path(), help="Side A's proposal (default: the baseline itself).")
@click.option("--against", "proposal_b", type=click.Path(), help="Side B's proposal (default: the baseline).")
@click.option("--against-roster", "roster_b", type=click.Path(), help="Side B's roster (default: the same roster).")
@click.option("--years", required=True, help="Fiscal years, e.g. 2025-2027.")
@click.option("--as-of", "as_of", help="Date the roster's steps are as of.")
@click.option("--turnover", help="Side A's turnover: leaving rates by years of service, e.g. '0:8%,10:4%,30:25%'.")
@click.option("--against-turnover", "turnover_b", help="Side B's turnover, same form.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for turnover draws.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]), help="Default: from --out's extension (.csv, .xlsx, .json), else table.")
@click.option("--out", type=click.Path())
@user_errors
def bridge(roster_path, contract_path, proposal_a, proposal_b, roster_b, years, as_of, turnover, turnover_b, seed, fmt, out) -> None:
    """Reconcile two costings: the difference A - B in named parts that add up to the cent.

    Parts: roster differences, turnover, lane movement, new hires, proration and roster date,
    roll-up rates, schedule raises, timing of effective dates, step movement, longevity, stipends
    and differentials, one-time payments, retro pay, unit-level lines, roll-up on the changes.
    """
    from ..engine.apply import apply_proposal
    from ..engine.projection import Options
    from ..inputs.loading import load_contract, load_proposal
    from ..inputs.roster import load_roster
    from ..negotiate.assumptions import Assumptions
    from ..negotiate.bridge import Side
    from ..negotiate.bridge import bridge as make_bridge

    contract = load_contract(contract_path)
    side_a = apply_proposal(contract, load_proposal(proposal_a), source=proposal_a) if proposal_a else contract
    side_b = apply_proposal(contract, load_proposal(proposal_b), source=proposal_b) if proposal_b else contract
    options = Options(as_of=parse_date_option(as_of, "--as-of"))
    a = Side(Path(proposal_a).stem if proposal_a else "baseline", load_roster(roster_path, contract), side_a, options,
             Assumptions(turnover=parse_turnover(turnover, "--turnover"), seed=seed))
    b = Side(Path(proposal_b).stem if proposal_b else "baseline", load_roster(roster_b or roster_path, contract), side_b,
             options, Assumptions(turnover=parse_turnover(turnover_b, "--against-turnover"), seed=seed))
    guard = write_guard(roster_path, roster_b, proposal_a, proposal_b, contract=contract_path)
    write_frame(make_bridge(a, b, parse_years_option(years)), fmt, out, sheet="bridge", guard=guard)


def parse_turnover(text: str | None, option: str):
    """'0:8%,10:4%' -> Turnover(rates=((0, .08), (10, .04)))."""
    from ..negotiate.assumptions import Turnover

    if not text:
        return Turnover()
    rates = []
    for part in text.split(","):
        try:
            years, rate = part.split(":")
            value = float(rate.strip().rstrip("%")) / 100
        except ValueError:
            raise InputError(None, option, f"{part!r} is not 'years:rate%' (e.g. 0:8%)") from None
        if not 0 <= value <= 1:
            raise InputError(None, option, f"{rate!r} is not a rate between 0% and 100%")
        rates.append((int(years), value))
    return Turnover(rates=tuple(rates))


@click.command()
@click.option("--roster", "roster_path", required=True, type=click.Path())
@click.option("--contract", "contract_path", required=True, type=click.Path())
@click.option("--proposal", "proposal_path", required=True, type=click.Path(), help="The proposal with the parameter to solve.")
@click.option("--change", "change", required=True, type=int, help="Which change to solve (1 = the first in the file).")
@click.option("--field", help="percent, amount, ratio, rate or effective (default: the change's number).")
@click.option("--new-money", type=float, help="Target: total new money over the contract at most this.")
@click.option("--budget", help="Target: new money in one year at most this, e.g. 2026=1200000.")
@click.option("--match", "match_path", type=click.Path(), help="Target: the same cost as this other proposal.")
@click.option("--unit", help="Rounding unit of the answer (default 0.05 for percent, 1 for dollars, 0.001 for a ratio, 1 day).")
@click.option("--years", required=True)
@click.option("--as-of", "as_of")
@click.option("--switch", "switches", multiple=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object with the target, the solved value and the costs, for scripts.")
@user_errors
def solve(roster_path, contract_path, proposal_path, change, field, new_money, budget, match_path, unit, years, as_of,
          switches, fmt) -> None:
    """Goal-seek one parameter of a proposal so that a money target holds.

    Prints the solved value (rounded as a negotiator would state it), the cost at that value, and
    the cost one rounding unit above (for a date: one day earlier).
    """
    from decimal import Decimal

    from ..engine.apply import apply_proposal
    from ..engine.projection import Options
    from ..inputs.checks import check_switches
    from ..inputs.loading import load_contract, load_proposal
    from ..inputs.roster import load_roster
    from ..negotiate.solve import Target
    from ..negotiate.solve import solve as run

    targets = [t for t in (new_money is not None, bool(budget), bool(match_path)) if t]
    if len(targets) != 1:
        raise InputError(None, None, "give exactly one target: --new-money, --budget or --match")
    contract = load_contract(contract_path)
    check_switches(switches, [load_proposal(p) for p in (proposal_path, match_path) if p], "--switch")
    if budget:
        try:
            fy, amount = budget.split("=")
            target = Target("budget", float(amount.replace(",", "")), int(fy.strip().removeprefix("FY")))
        except ValueError:
            raise InputError(None, "--budget", f"{budget!r} is not YEAR=AMOUNT, e.g. 2026=1200000") from None
    elif match_path:
        target = Target("match", other=apply_proposal(contract, load_proposal(match_path), switches, source=match_path))
    else:
        target = Target("new_money", float(new_money))
    step = None
    if unit:
        try:
            step = int(unit) if field == "effective" else Decimal(unit)
        except ArithmeticError:
            raise InputError(None, "--unit", f"{unit!r} is not a number") from None
    year_list = parse_years_option(years)
    result = run(load_roster(roster_path, contract), contract, load_proposal(proposal_path), change - 1, target, year_list,
                 Options(as_of=parse_date_option(as_of, "--as-of")), field, step, tuple(switches), source=proposal_path)
    if fmt == "json":
        click.echo(json_text(solution_record(target, result)))
        return
    above = "one day earlier" if result.field == "effective" else f"one unit ({result.unit}) above"
    click.echo(f"target: {target.describe() if target.kind != 'match' else f'{target.describe()} ({result.target:,.2f})'}")
    click.echo(f"solved {result.field} = {result.value_text()}")
    click.echo(f"  {result.measure} at that value: {result.cost:,.2f}")
    click.echo(f"  {result.measure} {above}: {result.cost_next:,.2f}")
    click.echo(f"  ({result.evaluations} costings)")


def solution_record(target, result) -> dict:
    """The solve answer as plain JSON values: the value as it would be stated, and as a number or date."""
    value = result.value.isoformat() if hasattr(result.value, "isoformat") else str(result.value)
    return {"target": target.describe(), "target_kind": target.kind, "target_amount": round(float(result.target), 2),
            "field": result.field, "value": value, "value_text": result.value_text(), "unit": str(result.unit),
            "measure": result.measure, "cost": round(float(result.cost), 2),
            "cost_next": round(float(result.cost_next), 2),
            "next": "one day earlier" if result.field == "effective" else "one unit above",
            "evaluations": result.evaluations}


@click.command()
@_inputs
@click.option("--turnover", help="Central turnover assumption, e.g. '0:8%,10:4%,30:25%' (default none).")
@click.option("--draws", type=int, default=100, show_default=True, help="Monte Carlo draws of turnover.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]), help="Default: from --out's extension (.csv, .xlsx, .json), else table.")
@click.option("--out", type=click.Path())
@user_errors
def sensitivity(scenario_path, roster_path, contract_path, proposals, years, switches, as_of, turnover, draws, seed, fmt, out) -> None:
    """How each proposal's cost moves with each assumption (tornado), and a Monte Carlo band.

    The tornado varies turnover, lane changes, new hires and roll-up rates one at a time; the
    Monte Carlo draws turnover (the central assumption, or a typical one if none is given) with
    a fixed seed and prints percentiles.
    """
    from dataclasses import replace

    from ..engine.costing_run import cost_inputs
    from ..negotiate.assumptions import Assumptions
    from ..negotiate.sensitivity import DEFAULT_TURNOVER, monte_carlo, tornado

    spec = _inputs_of(scenario_path, roster_path, contract_path, proposals, years, switches, as_of)
    guard = write_guard(*spec.files().values())
    costing = cost_inputs(spec)
    central = Assumptions(turnover=parse_turnover(turnover, "--turnover"), seed=seed)
    options = costing.options   # the roster date and proration the costing used (the scenario's)
    band_assumptions = central if central.turnover.rates else replace(central, turnover=DEFAULT_TURNOVER)
    with progress_bar("tornado") as tick:
        table = tornado(costing.roster, costing.contracts, costing.years, options, central,
                        progress=lambda done, total: tick(total=total))
    with progress_bar("Monte Carlo") as tick:
        band = monte_carlo(costing.roster, costing.contracts, costing.years, options, band_assumptions, draws, seed,
                           progress=lambda done, total: tick(total=total))
    fmt = output_format(fmt, out)
    if fmt == "json":
        emit(json_text({"tornado": table, "monte_carlo": band}), out, guard)
    elif fmt == "xlsx":
        write_frame(table, fmt, out, sheet="tornado", extra_sheets={"monte carlo": band}, guard=guard)
    elif fmt == "csv":
        import pandas as pd

        write_frame(pd.concat([table.assign(table="tornado"), band.assign(table="monte_carlo")]), fmt, out,
                    guard=guard)
    else:
        emit("== tornado (cost over the contract)\n" + table_text(table) + "\n== Monte Carlo band\n" + table_text(band),
             out, guard)


COMMANDS = [compare, bridge, solve, sensitivity]
