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
    """One fiscal year's rows (for the people and lines that have one), before they become a table:
    one group of rows per component, each with its employees, their units and the amounts."""

    fy: int
    emp: tuple[np.ndarray, ...]          # employee index, int32 (the roster's size for a unit-level line)
    unit: tuple[np.ndarray, ...]         # index into :func:`unit_names`, int16
    component: tuple[str, ...]
    amount: tuple[np.ndarray, ...]

    @property
    def size(self) -> int:
        return sum(len(e) for e in self.emp)


def unit_names(setup: ProjectionSetup) -> list[str]:
    """Every unit a row can belong to: the schedules' (before and after unit changes) and the lines'."""
    return sorted({u for a in setup.schedules for u in a.units} | {line.unit for line in setup.contract.cost_lines})


def year_rows(setup: ProjectionSetup, cost: YearCost) -> YearRows:
    """The rows of a costed year: base pay for everyone employed in part of it, others where not zero."""
    people, names = setup.people, unit_names(setup)
    lo, hi = d.fiscal_year_bounds(cost.fy, setup.contract.fiscal_year_start)
    active = (people.start < d.day_number(hi)) & (people.end >= d.day_number(lo))
    last = hi - dt.timedelta(days=1)
    unit_of_schedule = np.array([names.index(unit_on(a.schedule, last)) for a in setup.schedules], dtype=np.int16)
    units = unit_of_schedule[people.sched] if len(setup.schedules) else np.zeros(people.n, dtype=np.int16)
    rows = []  # (employees, their units, component, amounts)
    for name, values in cost.components.items():
        keep = np.flatnonzero((active & (name == "base")) | (values != 0))
        if len(keep):
            rows.append((keep.astype(np.int32), units[keep], name, values[keep]))
    for name, line_unit, value in cost.lines:
        rows.append((np.array([people.n], dtype=np.int32), np.array([names.index(line_unit)], dtype=np.int16), name,
                     np.array([value])))
    emp, unit, component, amount = (tuple(column) for column in zip(*rows)) if rows else ((), (), (), ())
    return YearRows(cost.fy, emp, unit, component, amount)


Part = tuple[ProjectionSetup, Sequence[YearRows], str]
"""One scenario's rows: (its setup, its years' rows, the scenario's name)."""

TEXT_COLUMNS = ("scenario", "employee_id", "unit", "schedule", "component")


def results_frame(parts: Sequence[Part]) -> pd.DataFrame:
    """The long table of the scenarios' years, in their order, the text columns categorical.

    With one scenario, components are categories in the order first met and units, schedules and
    IDs the setup's. Several scenarios' categories are united as ``pandas.api.types.union_categoricals``
    unites separate tables' (the same categories in the same order are kept, else sorted; IDs in
    the order first met), so the table is the one concatenating each scenario's own would give.
    Each column is written once, into an array of the table's length: a million people's table is
    never built per scenario and copied into one.
    """
    size = sum(rows.size for _, years, _ in parts for rows in years)
    if not size:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    own = [_dtypes(*part) for part in parts]
    dtypes = {c: _united([o[c] for o in own], keep_order=c == "employee_id") for c in TEXT_COLUMNS}
    out = {"fiscal_year": np.empty(size, dtype=np.int64), "amount": np.empty(size)}
    out.update({c: np.empty(size, dtype=_code_type(len(dtypes[c].categories))) for c in TEXT_COLUMNS})
    at = 0
    for (setup, years, _), part_dtypes in zip(parts, own):
        recode = {c: _recoding(part_dtypes[c], dtypes[c]) for c in TEXT_COLUMNS}
        schedule_of = np.append(setup.people.sched, len(setup.schedules))
        component_code = {name: k for k, name in enumerate(part_dtypes["component"].categories)}
        for rows in years:
            for emp, unit, name, amount in zip(rows.emp, rows.unit, rows.component, rows.amount):
                rows_here = slice(at, at + len(emp))
                out["fiscal_year"][rows_here], out["amount"][rows_here] = rows.fy, amount
                codes = {"scenario": 0, "employee_id": emp, "unit": unit, "schedule": schedule_of[emp],
                         "component": component_code[name]}
                for c in TEXT_COLUMNS:
                    out[c][rows_here] = recode[c](codes[c])
                at += len(emp)
    return pd.DataFrame({c: out[c] if c not in dtypes else pd.Categorical.from_codes(out[c], dtype=dtypes[c])
                         for c in OUTPUT_COLUMNS}, copy=False)


def _dtypes(setup: ProjectionSetup, years: Sequence[YearRows], scenario: str) -> dict[str, pd.CategoricalDtype]:
    """One scenario's categories: components in the order first met."""
    return {
        "scenario": _dtype([scenario]),
        "employee_id": setup.codes.id_dtype(),
        "unit": _dtype(unit_names(setup)),
        "schedule": _dtype([*(a.schedule.name for a in setup.schedules), ""]),
        "component": _dtype(list(dict.fromkeys(name for rows in years for name in rows.component))),
    }


def _dtype(names: list[str]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(pd.Index(names, dtype=object))


def _code_type(categories: int) -> type:
    """The integer type pandas keeps a categorical's codes in for this many categories (no copy)."""
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return kind
    return np.int64


def _united(dtypes: list[pd.CategoricalDtype], keep_order: bool) -> pd.CategoricalDtype:
    """The categories of several tables united: the same in the same order are kept; else IDs in
    the order first met, and other columns sorted."""
    first = dtypes[0]
    if all(t is first or t.categories.equals(first.categories) for t in dtypes[1:]):
        return first
    union = first.categories.append([t.categories for t in dtypes[1:]]).unique()
    return pd.CategoricalDtype(union if keep_order else union.sort_values())


def _recoding(own: pd.CategoricalDtype, united: pd.CategoricalDtype):
    """A function from one table's codes to the united table's (the identity when they agree)."""
    if own is united or own.categories.equals(united.categories):
        return lambda codes: codes
    table = united.categories.get_indexer(own.categories)
    return lambda codes: table[codes]
