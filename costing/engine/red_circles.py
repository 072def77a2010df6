"""Red-circled salaries in a payroll export: a salary above the cell its step pays.

A contract that moves someone onto a grid whose cell pays less than they earn usually keeps
("red-circles") their pay, frozen or raised by a stated rule, until the grid passes it. A roster
carries that pay in its ``own_rate`` column (docs/formats.md) and the projection pays the greater
of it and the cell (:func:`costing.engine.base_pay.red_circled`). ``costing import-roster`` finds
the rows: every row with both a step and a salary is priced at its cell, in the table in force on
the record's date (else the roster date), in the export's terms (annual pay or the rate, times FTE
when the export scales it, as :func:`costing.engine.step_inference.cell_pay`); a salary above the
cell gets an ``own_rate`` proposed (the salary in the schedule's rate unit), a salary below it a
warning. Each is listed in the import report for a person to check: never silently either way.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..inputs.grid_import import money, parse_money
from ..inputs.models import Contract, Schedule
from ..inputs.roster_import import SalarySpec
from .rate_tables import table_in_force, units_per_year
from .step_inference import cell_pay

Listed = list[tuple[int, str, str]]
"""(export row, employee_id, what was found)"""


def own_rate_of(schedule: Schedule, amount: Decimal, fte: Decimal, day: dt.date, salary: SalarySpec) -> Decimal:
    """A salary in the export's terms as a rate in the schedule's unit: divided by FTE when the export
    scales it, by the work year (hours x days, days, or 1) when it is annual pay; to the cent, up
    from a half, so that the rate's year of pay is the salary (within a cent per unit)."""
    full = amount / fte if salary.fte_scaled and fte else amount
    if salary.per == "year":
        full = full / units_per_year(schedule, day)
    return full.quantize(Decimal(schedule.rounding.rate), rounding=ROUND_HALF_UP)


def red_circles(frame: pd.DataFrame, contract: Contract, day: dt.date | None, salary: SalarySpec,
                with_steps: set) -> tuple[pd.DataFrame, Listed, Listed]:
    """(the rows with ``own_rate`` proposed, rows red-circled, rows whose salary is below their cell).

    ``with_steps``: the export rows whose step the export gave (a step found from the salary matches
    its cell by construction). The salary is read per the row's pay method when the map says so."""
    if "salary" not in frame.columns or not with_steps:
        return frame, [], []
    out = frame.assign(own_rate=frame["own_rate"] if "own_rate" in frame.columns else "")
    circled: Listed = []
    below: Listed = []
    for i, record in out.iterrows():
        try:
            amount = parse_money(str(record.get("salary") or ""))
        except ValueError:  # a bad salary with a step is not needed for the step, and not checked
            continue
        on = record.get("effective") or (day.isoformat() if day else "")
        if record["export_row"] not in with_steps or amount is None or not on:
            continue
        per = salary.per_pay_method.get(record.get("pay_method", ""), salary.per) if salary.per_pay_method else salary.per
        spec = salary.model_copy(update={"per": per, "fte_scaled": salary.fte_scaled and per == "year"})
        found = _compare(contract.schedule(record["schedule"]), record, amount, dt.date.fromisoformat(on), spec)
        if found is None:
            continue
        kind, what, rate = found
        who = (int(record["export_row"]), str(record["employee_id"]))
        if kind == "above":
            out.at[i, "own_rate"] = f"{rate}"
            circled.append((*who, what))
        else:
            below.append((*who, what))
    if not circled and "own_rate" not in frame.columns:
        out = out.drop(columns="own_rate")   # no red circle: the roster gets no empty column
    return out, circled, below


def _compare(schedule: Schedule, record, amount: Decimal, day: dt.date, salary: SalarySpec):
    """('above' | 'below', in words, the own rate) when the salary is off its cell; None when it matches."""
    try:
        table = table_in_force(schedule, day)
    except ValueError:
        return None
    rate = table.rates.get(record["lane"], {}).get(record["step"])
    if rate is None:
        return None
    fte = Decimal(str(record["fte"]))
    pay = cell_pay(schedule, rate, day, salary, fte)
    cell = f"step {record['step']} of lane {record['lane']} ({money(pay)} in the table effective {table.effective})"
    if amount > pay + salary.tolerance:
        own = own_rate_of(schedule, amount, fte, day, salary)
        return "above", (f"salary {money(amount)} is above {cell}: own_rate {own} proposed (red-circled, paid while"
                         f" above the cell; check it)"), own
    if amount < pay - salary.tolerance:
        return "below", (f"salary {money(amount)} is below {cell}: the roster keeps the step and is costed at the"
                         " cell; check the step or the salary"), None
    return None


__all__ = ["red_circles", "own_rate_of"]
