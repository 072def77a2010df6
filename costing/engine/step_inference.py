"""Finding a person's step from their salary: the grid cell in force on the roster date that pays it.

Payroll exports often carry the salary but not the step. The step is the cell of the person's
lane, in the table in force on the roster date, whose pay equals the salary (within a stated
tolerance). Exactly one match is a step found; none (an off-schedule or red-circled salary) or
more than one (two steps that pay the same) is listed for a person to resolve, never guessed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from ..inputs.grid_import import money, parse_money
from ..inputs.models import Contract, Schedule
from ..inputs.roster_import import SalarySpec
from .money import round_decimal
from .rate_tables import table_in_force, units_per_year


def cell_pay(schedule: Schedule, rate: Decimal, day: dt.date, salary: SalarySpec, fte: Decimal) -> Decimal:
    """What a cell pays in the export's terms: the rate, or the annual figure; times FTE if the export scales."""
    pay = rate
    if salary.per == "year":
        pay = round_decimal(rate * units_per_year(schedule, day), schedule.rounding.annual, schedule.rounding.mode)
    if salary.fte_scaled:
        pay = round_decimal(pay * fte, Decimal("0.01"), "half_up")
    return pay


def match_step(schedule: Schedule, lane: str, amount: Decimal, fte: Decimal, day: dt.date,
               salary: SalarySpec) -> tuple[str | None, str]:
    """(step, what was found) for one salary; step is None when no cell or more than one matches."""
    try:
        table = table_in_force(schedule, day)
    except ValueError:
        return None, f"schedule {schedule.name!r} has no table in force on {day}"
    cells = table.rates.get(lane, {})
    pays = {step: cell_pay(schedule, cells[step], day, salary, fte) for step in schedule.steps if step in cells}
    hits = [step for step, pay in pays.items() if abs(pay - amount) <= salary.tolerance]
    if len(hits) == 1:
        return hits[0], f"step {hits[0]} ({money(pays[hits[0]])} in the table effective {table.effective})"
    if hits:
        return None, (f"salary {money(amount)} is ambiguous: steps {', '.join(hits)} of lane {lane} all pay it in the"
                      f" table effective {table.effective}; give the step in the export")
    if not pays:
        return None, f"lane {lane} has no rates in the table effective {table.effective}"
    nearest = min(pays, key=lambda s: abs(pays[s] - amount))
    return None, (f"salary {money(amount)} matches no step of lane {lane} in the table effective {table.effective}"
                  f" (nearest: step {nearest}, {money(pays[nearest])}); off-schedule? give the step in the export"
                  " (a salary above its step's cell is then kept as the person's own rate, a red circle)")


def infer_steps(frame: pd.DataFrame, contract: Contract, day: dt.date, salary: SalarySpec
                ) -> tuple[pd.DataFrame, list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """The rows with every blank step found from the salary; (rows, found, rejected) with export rows."""
    if "step" not in frame.columns:
        frame = frame.assign(step="")
    found, rejected, keep = [], [], []
    steps = frame["step"].tolist()
    for i, record in enumerate(frame.to_dict("records")):
        if record["step"]:
            keep.append(True)
            continue
        schedule = contract.schedule(record["schedule"])
        amount = parse_money(record["salary"])
        step, what = match_step(schedule, record["lane"], amount, Decimal(record["fte"]), day, salary)
        who = (record["export_row"], record["employee_id"])
        if step is None:
            rejected.append((*who, what))
            keep.append(False)
        else:
            found.append((*who, what))
            steps[i] = step
            keep.append(True)
    out = frame.assign(step=steps)[keep].reset_index(drop=True)
    return out, found, rejected
