"""``costing member SCENARIO.yaml``: what each proposal means for one member's pay, or the whole member page.

One cell (``--schedule``, ``--lane``, ``--step`` on the scenario's roster date, ``--years-of-service``,
``--fte``) followed through the years of the status quo and every proposal, by the engine
(:func:`costing.negotiate.member.member_pay`): the year-end rate and a year's work, the parts of each
year's change (raise, step, hours), the pay of each fiscal year (base, longevity, other pay), and each
proposal's raise as it is quoted. ``--page FILE.html`` writes the member page (every cell) instead.
Made from the contract and the proposals alone: the roster is never read.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from .common import emit, json_text, output_format, status, table_text, user_errors, write_guard
from .options import format_option, out_option, scenario_argument, scenario_option

COLUMNS = ["scenario", "fiscal_year", "lane", "step", "rate", "annual_rate", "raise", "step_change", "hours_change",
           "annual_change", "base", "longevity", "other_pay", "pay"]


@click.command("member")
@click.argument("scenario_path", metavar="SCENARIO.yaml", type=click.Path(), required=False)
@scenario_option("The scenario (the same as SCENARIO.yaml).", dest="scenario_option_path")
@click.option("--schedule", help="The pay schedule (default: the contract's only one).")
@click.option("--lane", help="The lane (column) on the roster date.")
@click.option("--step", help="The step on the roster date.")
@click.option("--years-of-service", "service", type=int, default=0, show_default=True,
              help="Completed years of service on the roster date (0: hired during the year before).")
@click.option("--fte", type=float, default=1.0, show_default=True, help="Share of full time, e.g. 0.8.")
@click.option("--page", "page", type=click.Path(), help="Write the member page (every cell, one HTML file) here.")
@format_option("text", "json", help="json: the member, each scenario's years, the summary and the raises as quoted,"
               " for scripts (default: from --out's extension, else text).")
@out_option("Write the table or JSON to this file.")
@user_errors
def member(scenario_path, scenario_option_path, schedule, lane, step, service, fte, page, fmt, out) -> None:
    """What each proposal means for one member's pay, year by year (docs/negotiating.md).

    Pick the cell on the scenario's roster date; the figures are the costing's own, for a person on
    it (never an employee's row). With --page, write the member page: one offline HTML file where a
    member picks their own cell (docs/reports.md).
    """
    from ..inputs.scenario import read_scenario

    spec = read_scenario(scenario_argument(scenario_path, scenario_option_path))
    guard = write_guard(*spec.files().values())
    if page:
        from ..output import atomic_write_text
        from ..report.member_page import scenario_member_page

        atomic_write_text(Path(page), scenario_member_page(spec), guard)
        status(f"wrote {page}")
        return
    record = member_record(spec, schedule, lane, step, service, fte)
    if output_format(fmt, out) == "json":
        emit(json_text(record), out, guard)
        return
    import pandas as pd

    who = record["member"]
    text = [f"{record['title']}: {who['schedule']} lane {who['lane']} step {who['step']} on {who['as_of']},"
            f" {who['years_of_service']} years of service, FTE {who['fte']:g}",
            "== year by year", table_text(pd.DataFrame(record["years"])),
            "== over the years", table_text(pd.DataFrame(record["summary"]))]
    for name, quoted in record["quoted"].items():
        if quoted["percents"]:
            text.append(f"{name}: raises as quoted {', '.join(f'{p} on {d}' for d, p in quoted['percents'])}:"
                        f" {quoted['added_up']} added up, {quoted['compounded']} compounded")
    emit("\n".join(text), out, guard)


def member_record(spec, schedule: str | None, lane: str | None, step: str | None, service: int, fte: float) -> dict:
    """The verb's answer as plain values: the member, each scenario's years, the summary, the quoted raises."""
    from ..engine.costing_run import load_contracts
    from ..engine.dates import fiscal_year_bounds
    from ..negotiate.member import Member, member_pay, member_summary
    from ..negotiate.member_grid import cells_on, start_date
    from ..report.member_data import quoted_words, scenario_labels

    baseline, applied, texts = load_contracts(spec)
    contracts = {"baseline": baseline, **applied}
    years = sorted(spec.years)
    as_of = spec.as_of or fiscal_year_bounds(years[0], baseline.fiscal_year_start)[0]
    schedule = _schedule(baseline, schedule)
    cells = [(lane_, step_) for s, lane_, step_ in cells_on(baseline, as_of) if s == schedule]
    lanes = list(dict.fromkeys(c[0] for c in cells))
    if lane not in lanes:
        raise InputError(None, "--lane", f"give a lane of schedule {schedule}: {', '.join(lanes)}"
                         + (f" ({lane!r} is not one)" if lane else ""))
    steps = [s for ln, s in cells if ln == lane]
    if step not in steps:
        raise InputError(None, "--step", f"give a step of lane {lane} on {as_of.isoformat()}: {', '.join(steps)}"
                         + (f" ({step!r} is not one)" if step else ""))
    if not 0 <= service <= 80:
        raise InputError(None, "--years-of-service", f"{service} is not between 0 and 80")
    if not 0 < fte <= 1.5:
        raise InputError(None, "--fte", f"{fte:g} is not a share of full time between 0 and 1.5")
    start = start_date(as_of, service)
    path = member_pay(contracts, Member(schedule, lane, step, start, fte=fte), years, as_of)
    labels = scenario_labels(texts, list(contracts))
    summary = member_summary(path)
    return {
        "title": spec.scenario.title if spec.scenario else baseline.name,
        "member": {"schedule": schedule, "lane": lane, "step": step, "years_of_service": service,
                   "start_date": start.isoformat(), "fte": fte, "as_of": as_of.isoformat()},
        "years": path.assign(scenario=path["scenario"].map(labels))[COLUMNS],
        "summary": summary.assign(scenario=summary["scenario"].map(labels)),
        "quoted": {labels[name]: quoted_words(texts[name], baseline, schedule, spec.all_switches)
                   for name in applied if name in texts},
    }


def _schedule(contract, name: str | None) -> str:
    names = [s.name for s in contract.schedules]
    if name is None and len(names) == 1:
        return names[0]
    if name not in names:
        raise InputError(None, "--schedule", f"give a schedule of the contract: {', '.join(names)}"
                         + (f" ({name!r} is not one)" if name else ""))
    return name


COMMANDS = [member]
