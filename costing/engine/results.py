"""The long results table: one row per (scenario, fiscal year, employee, component).

Columns: scenario, fiscal_year, employee_id, unit, schedule, component, amount, the text columns
categorical (a large roster's table has millions of rows and a dozen components). Unit-level
lines have an empty employee_id and schedule. A person appears in a year for base pay if employed
in part of it, and for any other component only where it is not zero (so people who left before
the year appear only for what is paid to them in it, such as retirees' retro).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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


Part = tuple[ProjectionSetup, Sequence[YearRows], str]
"""One scenario's rows: (its setup, its years' rows, the scenario's name)."""


def results_frame(parts: Sequence[Part]) -> pd.DataFrame:
    """The long table of the scenarios' years, in their order, the text columns categorical.

    With one scenario, components are categories in the order first met and units, schedules and
    IDs the setup's. Several scenarios are united as :func:`costing.engine.projected.concat_results`
    unites their separate tables (same categories in the same order kept, else sorted; IDs in the
    order first met), without building the separate tables first.
    """
    columns = [_columns(*part) for part in parts]
    if not any(len(c["amount"]) for c in columns):
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    out = {}
    for name in OUTPUT_COLUMNS:
        if name in ("fiscal_year", "amount"):
            out[name] = np.concatenate([c[name] for c in columns])
            continue
        dtype = _united([c[name][1] for c in columns], keep_order=name == "employee_id")
        codes = [_recoded(c[name], dtype) for c in columns]
        out[name] = pd.Categorical.from_codes(np.concatenate(codes), dtype=dtype)
    return pd.DataFrame(out, copy=False)


def _columns(setup: ProjectionSetup, years: Sequence[YearRows], scenario: str) -> dict:
    """One scenario's columns: numbers, and (codes, categorical type) for each text column."""
    component_names = list(dict.fromkeys(name for rows in years for name in rows.component))
    component_code = {name: k for k, name in enumerate(component_names)}
    emp = np.concatenate([e for rows in years for e in rows.emp] or [np.zeros(0, dtype=np.int64)])
    sched_names = [a.schedule.name for a in setup.schedules]
    lengths = [(len(e), rows.fy, component_code[name]) for rows in years for e, name in zip(rows.emp, rows.component)]
    return {
        "scenario": (np.zeros(len(emp), dtype=np.int8), _dtype([scenario])),
        "fiscal_year": np.concatenate([np.full(k, fy, dtype=np.int64) for k, fy, _ in lengths] or [np.zeros(0, np.int64)]),
        "employee_id": (emp, setup.codes.id_dtype()),
        "unit": (np.concatenate([u for rows in years for u in rows.unit] or [np.zeros(0, np.int64)]),
                 _dtype(unit_names(setup))),
        "schedule": (np.append(setup.people.sched, len(sched_names))[emp], _dtype([*sched_names, ""])),
        "component": (np.concatenate([np.full(k, code, dtype=np.int16) for k, _, code in lengths] or [np.zeros(0, np.int16)]),
                      _dtype(component_names)),
        "amount": np.concatenate([a for rows in years for a in rows.amount] or [np.zeros(0)]),
    }


def _dtype(names: list[str]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(pd.Index(names, dtype=object))


def _united(dtypes: list[pd.CategoricalDtype], keep_order: bool) -> pd.CategoricalDtype:
    """The categories of several tables united: the same in the same order are kept; else IDs in
    the order first met, and other columns sorted."""
    first = dtypes[0]
    if all(t is first or t.categories.equals(first.categories) for t in dtypes[1:]):
        return first
    union = first.categories.append([t.categories for t in dtypes[1:]]).unique()
    return pd.CategoricalDtype(union if keep_order else union.sort_values())


def _recoded(column: tuple[np.ndarray, pd.CategoricalDtype], dtype: pd.CategoricalDtype) -> np.ndarray:
    codes, own = column
    if own is dtype or own.categories.equals(dtype.categories):
        return codes
    return dtype.categories.get_indexer(own.categories)[codes]
