"""Command-line verbs for the bargaining table: compare, bridge, solve, sensitivity.

They all take the same inputs as ``costing project`` (a scenario file, or the files one by one:
:func:`costing.cli.options.costing_inputs`), so both sides can run them on the same roster and
assumptions and get the same answers.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from .common import (
    emit,
    json_text,
    output_format,
    table_text,
    user_errors,
    write_frame,
    write_guard,
)
from .options import MONEY, InputOptions, costing_inputs, format_option, out_option
from .progress import progress_bar

POSITION_WORDS = ("the status quo's salary and benefits over its FTE on the year's last day, in the budget's year"
                  " or summed over the years costed")


@click.command()
@costing_inputs()
@format_option("text", "csv", "xlsx", "json")
@out_option("Write to this file (xlsx: one sheet per table).")
@user_errors
def compare(inputs: InputOptions, fmt, out) -> None:
    """Proposals side by side: per year and over the term, against the baseline and each other.

    Prints four tables: totals and new money (with the budget line's and the same group's
    increase and the lift), the gap between every pair of scenarios, the settlement rate under
    each common convention, labelled with its population, with the quoted raise and the simple
    sums beside the compounded rates, and every gap in positions at the unit's average cost. Every table has the columns scenario, label, fiscal_year
    (empty on the row over the term), period and in_term; rates are fractions (0.025 is 2.5%).
    """
    from ..engine.costing_run import cost_inputs
    from ..negotiate.compare import CONVENTIONS, gaps, settlement_table, side_by_side
    from ..negotiate.positions import CONVENTION, CONVENTION_WORDS, positions_table

    spec = inputs.spec()
    guard = write_guard(*spec.files().values())
    costing = cost_inputs(spec)
    tables = {"side_by_side": side_by_side(costing), "gaps": gaps(costing), "settlement": settlement_table(costing)}
    tables["positions"] = positions_table(costing.measures, tables["gaps"])
    fmt = output_format(fmt, out)
    if fmt == "json":
        emit(json_text({**tables, "conventions": {**CONVENTIONS, CONVENTION: CONVENTION_WORDS}}), out, guard)
        return
    if fmt == "xlsx":
        write_frame(tables["side_by_side"], fmt, out, sheet="side by side",
                    extra_sheets={name: tables[name] for name in ("gaps", "settlement", "positions")}, guard=guard)
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
    text.append(f"Positions: each difference of the gaps table divided by the cost of a position ({CONVENTION_WORDS}).")
    emit("\n".join(text), out, guard)


@click.command()
@costing_inputs(proposals=False)
@click.option("--proposal", "proposal_a", type=click.Path(), help="Side A's proposal (default: the baseline itself).")
@click.option("--against", "proposal_b", type=click.Path(), help="Side B's proposal (default: the baseline).")
@click.option("--against-roster", "roster_b", type=click.Path(), help="Side B's roster (default: the same roster).")
@click.option("--turnover", help="Side A's turnover: leaving rates by years of service, e.g. '0:8%,10:4%,30:25%'.")
@click.option("--against-turnover", "turnover_b", help="Side B's turnover, same form.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for turnover draws.")
@format_option("text", "csv", "xlsx", "json")
@out_option()
@user_errors
def bridge(inputs: InputOptions, proposal_a, proposal_b, roster_b, turnover, turnover_b, seed, fmt, out) -> None:
    """Reconcile two costings: the difference A - B in named parts that add up to the cent.

    Parts: roster differences, turnover, lane movement, new hires, proration and roster date,
    roll-up rates, schedule raises, timing of effective dates, step movement, longevity, stipends
    and differentials, one-time payments, retro pay, unit-level lines, roll-up on the changes.
    Both sides are costed on the roster, contract, years and assumptions --scenario (or the
    options) states; --roster is side A's.
    """
    from dataclasses import replace

    from ..engine.costing_run import load_inputs
    from ..engine.projection import Options
    from ..inputs.roster import load_roster
    from ..inputs.scenario import proposal_entries
    from ..negotiate.assumptions import Assumptions
    from ..negotiate.bridge import Side
    from ..negotiate.bridge import bridge as make_bridge

    spec = inputs.spec()
    sides = [(name, [path]) for name, path in (("side A", proposal_a), ("side B", proposal_b)) if path]
    roster, baseline, contracts, _ = load_inputs(replace(spec, proposals=proposal_entries(sides)))
    options = Options(as_of=spec.as_of, proration=spec.proration)
    a = Side(Path(proposal_a).stem if proposal_a else "baseline", roster, contracts.get("side A", baseline), options,
             Assumptions(turnover=parse_turnover(turnover, "--turnover"), seed=seed))
    b = Side(Path(proposal_b).stem if proposal_b else "baseline",
             load_roster(roster_b, baseline, needed_by=contracts) if roster_b else roster,
             contracts.get("side B", baseline), options,
             Assumptions(turnover=parse_turnover(turnover_b, "--against-turnover"), seed=seed))
    guard = write_guard(*spec.files().values(), roster_b, proposal_a, proposal_b)
    write_frame(make_bridge(a, b, list(spec.years)), fmt, out, sheet="bridge", guard=guard)


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
@costing_inputs(proposals=False)
@click.option("--proposal", "proposal_path", type=click.Path(),
              help="The proposal with the parameter to solve (default: the scenario's, when it costs one).")
@click.option("--change", "change", required=True, type=int, help="Which change to solve (1 = the first in the file).")
@click.option("--field", help="percent, amount, ratio, rate or effective (default: the change's number).")
@click.option("--new-money", type=MONEY, help="Target: total new money over the contract at most this, e.g. 1,000,000 (a $ is"
              " allowed; in a shell, inside single quotes: '$1,000,000').")
@click.option("--budget", help="Target: new money in one year at most this, e.g. 2026=1,200,000 or FY2026=1,200,000.")
@click.option("--match", "match_path", type=click.Path(), help="Target: the same cost as this other proposal.")
@click.option("--keep-positions", "keep_positions", help="With --budget or --new-money: keep this many positions"
              " (at the unit's average cost) within it, e.g. 70.")
@click.option("--positions-pay", "positions_pay", help="Target: the raise this many positions would pay for, over"
              " the contract (e.g. 70) or in one year (2025=70).")
@click.option("--unit", help="Rounding unit of the answer (default 0.05 for percent, 1 for dollars, 0.001 for a ratio, 1 day).")
@format_option("text", "json", help="json: one object with the target, the solved value and the costs, for scripts"
               " (default: from --out's extension, else text)")
@out_option()
@user_errors
def solve(inputs: InputOptions, proposal_path, change, field, new_money, budget, match_path, keep_positions, positions_pay,
          unit, fmt, out) -> None:
    """Goal-seek one parameter of a proposal so that a money target holds.

    Prints the solved value (rounded as a negotiator would state it), the cost at that value, and
    the cost one rounding unit above (for a date: one day earlier).
    """
    from dataclasses import replace
    from decimal import Decimal

    from ..engine.costing_run import load_inputs
    from ..engine.projection import Options
    from ..inputs.scenario import proposal_entries
    from ..negotiate.solve import Target
    from ..negotiate.solve import solve as run

    if keep_positions and not (budget or new_money is not None):
        raise InputError(None, "--keep-positions", "keeps positions within a budget: give --budget or --new-money too")
    targets = [t for t in (new_money is not None, bool(budget), bool(match_path), bool(positions_pay)) if t]
    if len(targets) != 1:
        raise InputError(None, None, "give exactly one target: --new-money, --budget, --match or --positions-pay")
    spec = inputs.spec()
    proposal_path = proposal_path or _the_proposal(spec)
    solved = [("solve", [proposal_path])] + ([("match", [match_path])] if match_path else [])
    roster, baseline, contracts, texts = load_inputs(replace(spec, proposals=proposal_entries(solved)))
    kept = parse_positions(keep_positions, "--keep-positions") if keep_positions else 0.0
    if budget:
        target = Target("budget", *parse_budget(budget), positions=kept)
    elif match_path:
        target = Target("match", other=contracts["match"])
    elif positions_pay:
        fy, _, count = positions_pay.rpartition("=")
        try:
            year = int(fy.strip().upper().removeprefix("FY")) if fy else None
        except ValueError:
            raise InputError(None, "--positions-pay", f"{positions_pay!r} is not N or YEAR=N, e.g. 70 or 2025=70") from None
        paid = -parse_positions(count, "--positions-pay")
        target = Target("budget", 0.0, year, positions=paid) if year else Target("new_money", 0.0, positions=paid)
    else:
        target = Target("new_money", float(new_money), positions=kept)
    step = None
    if unit:
        try:
            step = int(unit) if field == "effective" else Decimal(unit)
        except ArithmeticError:
            raise InputError(None, "--unit", f"{unit!r} is not a number") from None
    result = run(roster, baseline, texts["solve"], change - 1, target, list(spec.years),
                 Options(as_of=spec.as_of, proration=spec.proration), field, step, spec.all_switches,
                 source=str(proposal_path))
    guard = write_guard(*spec.files().values(), proposal_path, match_path)
    if output_format(fmt, out) == "json":
        emit(json_text(solution_record(target, result)), out, guard)
        return
    above = "one day earlier" if result.field == "effective" else f"one unit ({result.unit}) above"
    described = target.describe(result.position_cost)
    shown = target.kind == "match" or target.positions   # a goal the command worked out: say its amount
    lines = [f"target: {described} ({result.target:,.2f})" if shown else f"target: {described}"]
    if result.position_cost is not None:
        lines.append(f"  a position: {result.position_cost:,.2f} ({POSITION_WORDS})")
    lines += [f"solved {result.field} = {result.value_text()}",
              f"  {result.measure} at that value: {result.cost:,.2f}",
              f"  {result.measure} {above}: {result.cost_next:,.2f}",
              f"  ({result.evaluations} costings)"]
    emit("\n".join(lines), out, guard)


def _the_proposal(spec) -> str:
    """The one proposal file a scenario costs, for `solve --scenario` without --proposal."""
    files = [path for _, paths in spec.proposals for path in paths]
    if len(files) != 1:
        raise InputError(None, "--proposal", f"give the proposal to solve (the scenario costs {len(files)} proposal"
                         f" files{': ' + ', '.join(p.name for p in files) if files else ''})")
    return str(files[0])


def parse_budget(text: str) -> tuple[float, int]:
    """'2026=1,200,000' or 'FY2026=$1,200,000' -> (1200000.0, 2026): a year's budget, the amount read as money."""
    from ..inputs.parsing import parse_money

    fy, sep, amount = text.partition("=")
    try:
        year = int(fy.strip().upper().removeprefix("FY"))
        value = parse_money(amount) if sep else None
    except ValueError as exc:
        detail = f" ({exc})" if "amount of money" in str(exc) else ""
        raise InputError(None, "--budget", f"{text!r} is not YEAR=AMOUNT, e.g. 2026=1,200,000{detail}") from None
    if value is None:
        raise InputError(None, "--budget", f"{text!r} is not YEAR=AMOUNT, e.g. 2026=1,200,000")
    return float(value), year


def parse_positions(text: str, option: str) -> float:
    """A count of positions: a number from 0 to 100,000 (fractions allowed: 2.5 positions)."""
    try:
        value = float(str(text).replace(",", "").strip())
    except ValueError:
        raise InputError(None, option, f"{text!r} is not a number of positions") from None
    if not 0 <= value <= 100_000:
        raise InputError(None, option, f"{value:g} positions is not between 0 and 100,000")
    return value


def solution_record(target, result) -> dict:
    """The solve answer as plain JSON values: the value as it would be stated, and as a number or date."""
    value = result.value.isoformat() if hasattr(result.value, "isoformat") else str(result.value)
    positions = {"positions": target.positions, "position_cost": result.position_cost,
                 "position_convention": POSITION_WORDS} if result.position_cost is not None else {}
    return {"target": target.describe(result.position_cost), "target_kind": target.kind,
            "target_amount": round(float(result.target), 2), **positions,
            "field": result.field, "value": value, "value_text": result.value_text(), "unit": str(result.unit),
            "measure": result.measure, "cost": round(float(result.cost), 2),
            "cost_next": round(float(result.cost_next), 2),
            "next": "one day earlier" if result.field == "effective" else "one unit above",
            "evaluations": result.evaluations}


@click.command()
@costing_inputs()
@click.option("--turnover", help="Central turnover assumption, e.g. '0:8%,10:4%,30:25%' (default none).")
@click.option("--draws", type=int, default=100, show_default=True, help="Monte Carlo draws of turnover.")
@click.option("--seed", type=int, default=0, show_default=True)
@format_option("text", "csv", "xlsx", "json")
@out_option()
@user_errors
def sensitivity(inputs: InputOptions, turnover, draws, seed, fmt, out) -> None:
    """How each proposal's cost moves with each assumption (tornado), and a Monte Carlo band.

    The tornado varies turnover, lane changes, new hires and roll-up rates one at a time; the
    Monte Carlo draws turnover (the central assumption, or a typical one if none is given) with
    a fixed seed and prints percentiles.
    """
    from dataclasses import replace

    from ..engine.costing_run import cost_inputs
    from ..negotiate.assumptions import Assumptions
    from ..negotiate.sensitivity import DEFAULT_TURNOVER, monte_carlo, tornado

    spec = inputs.spec()
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
