"""The long results table: one row per (scenario, fiscal year, employee, component).

Columns: scenario, fiscal_year, employee_id, unit, schedule, component, amount, the text columns
categorical (a large roster's table has millions of rows and a dozen components). Unit-level
lines have an empty employee_id and schedule. A person appears in a year for base pay if employed
in part of it, and for any other component only where it is not zero (so people who left before
the year appear only for what is paid to them in it, such as retirees' retro).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import dates as d
from .apply import unit_on
from .projection_setup import ProjectionSetup
from .year_cost import YearCost

OUTPUT_COLUMNS = ["scenario", "fiscal_year", "employee_id", "unit", "schedule", "component", "amount"]


@dataclass(frozen=True)
class YearRows:
    """One fiscal year's rows (for the people and lines that have one), before they become a table."""

    fy: int
    emp: tuple[np.ndarray, ...]          # employee index (the roster's size for a unit-level line)
    unit: tuple[np.ndarray, ...]         # index into :func:`unit_names`
    component: tuple[str, ...]
    amount: tuple[np.ndarray, ...]


def unit_names(setup: ProjectionSetup) -> list[str]:
    """Every unit a row can belong to: the schedules' (before and after unit changes) and the lines'."""
    return sorted({u for a in setup.schedules for u in a.units} | {line.unit for line in setup.contract.cost_lines})


def year_rows(setup: ProjectionSetup, cost: YearCost) -> YearRows:
    """The rows of a costed year: base pay for everyone employed in part of it, others where not zero."""
    people, names = setup.people, unit_names(setup)
    lo, hi = d.fiscal_year_bounds(cost.fy, setup.contract.fiscal_year_start)
    active = (people.start < d.day_number(hi)) & (people.end >= d.day_number(lo))
    last = hi - dt.timedelta(days=1)
    unit_of_schedule = np.array([names.index(unit_on(a.schedule, last)) for a in setup.schedules])
    units = unit_of_schedule[people.sched] if len(setup.schedules) else np.zeros(people.n, dtype=np.int64)
    rows = []  # (employees, their units, component, amounts)
    for name, values in cost.components.items():
        keep = np.flatnonzero((active & (name == "base")) | (values != 0))
        if len(keep):
            rows.append((keep, units[keep], name, values[keep]))
    for name, line_unit, value in cost.lines:
        rows.append((np.array([people.n]), np.array([names.index(line_unit)]), name, np.array([value])))
    emp, unit, component, amount = (tuple(column) for column in zip(*rows)) if rows else ((), (), (), ())
    return YearRows(cost.fy, emp, unit, component, amount)


def results_frame(setup: ProjectionSetup, years: list[YearRows], scenario: str) -> pd.DataFrame:
    """The long table of the given years, in their order; components categorical in the order first met."""
    component_names = list(dict.fromkeys(name for rows in years for name in rows.component))
    codes = {name: k for k, name in enumerate(component_names)}
    emp = [e for rows in years for e in rows.emp]
    if not emp:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    emp = np.concatenate(emp)
    sched_names = [a.schedule.name for a in setup.schedules]
    sched_codes = np.append(setup.people.sched, len(sched_names))[emp]
    years_column = np.concatenate([np.full(len(e), rows.fy, dtype=np.int16) for rows in years for e in rows.emp])
    component = np.concatenate([np.full(len(e), codes[name], dtype=np.int16)
                                for rows in years for e, name in zip(rows.emp, rows.component)])
    return pd.DataFrame({
        "scenario": pd.Categorical.from_codes(np.zeros(len(emp), dtype=np.int8), [scenario]),
        "fiscal_year": years_column.astype(np.int64),
        "employee_id": pd.Categorical.from_codes(emp, dtype=setup.codes.id_dtype()),
        "unit": pd.Categorical.from_codes(np.concatenate([u for rows in years for u in rows.unit]), unit_names(setup)),
        "schedule": pd.Categorical.from_codes(sched_codes, [*sched_names, ""]),
        "component": pd.Categorical.from_codes(component, component_names),
        "amount": np.concatenate([a for rows in years for a in rows.amount]),
    })
