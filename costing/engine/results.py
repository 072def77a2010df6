"""The long results table: one row per (scenario, fiscal year, employee, component).

Columns: scenario, fiscal_year, employee_id, unit, schedule, family, component, lane, step, fte,
amount; the text columns categorical (a large roster's table has millions of rows and a dozen
components), so a pivot by family, lane or step needs no join with the roster. ``family`` is the
component's family (``stipend`` for ``stipend:lead``); ``lane`` and ``step`` are where the person
stands on the last day of the fiscal year they are employed in it (the year's last day, or the
day they leave; for someone paid in a year after leaving, such as a retiree's retro, their last
day); ``fte`` is the roster's. Unit-level lines have an empty employee_id, schedule, lane and step
and no FTE. A person appears in a year for base pay if employed in part of it, and for any other
component only where it is not zero (so people who left before the year appear only for what is
paid to them in it, such as retirees' retro).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.vocabulary import FAMILIES, family_of
from . import dates as d
from .apply import unit_on
from .base_pay import cells_on
from .money import cent_sums
from .projection_setup import ProjectionSetup
from .year_cost import YearCost

OUTPUT_COLUMNS = ["scenario", "fiscal_year", "employee_id", "unit", "schedule", "family", "component", "lane", "step",
                  "fte", "amount"]


@dataclass(frozen=True)
class YearRows:
    """One fiscal year's rows (for the people and lines that have one), before they become a table:
    one group of rows per component, each with its employees, their units and the amounts."""

    fy: int
    emp: tuple[np.ndarray, ...]          # employee index, int32 (the roster's size for a unit-level line)
    unit: tuple[np.ndarray, ...]         # index into :func:`unit_names`, int16
    component: tuple[str, ...]
    amount: tuple[np.ndarray, ...]
    lane: np.ndarray | None = None       # per employee: lane code on the last day employed in the year
    step: np.ndarray | None = None       # per employee: step position on that day

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
    lane, step = year_end_cells(setup, cost, hi)
    return YearRows(cost.fy, emp, unit, component, amount, lane, step)


def year_end_cells(setup: ProjectionSetup, cost: YearCost, hi: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Each person's (lane code, step position) on the last day of the year they are employed: their
    last piece's (:func:`costing.engine.year_cost.last_cells`); for someone paid in a year they are not
    employed in (a retiree's retro), on their last day."""
    people = setup.people
    if cost.cells is not None and (cost.cells[0] >= 0).all():
        return cost.cells
    days = np.minimum(d.day_number(hi) - 1, people.end)
    lane, step = cells_on(people, setup.schedules, days, setup.as_of, setup.options.freeze_steps)
    if cost.cells is None:
        return lane, step
    found = cost.cells[0] >= 0
    return np.where(found, cost.cells[0], lane), np.where(found, cost.cells[1], step)


Part = tuple[ProjectionSetup, Sequence[YearRows], str]
"""One scenario's rows: (its setup, its years' rows, the scenario's name)."""


def year_arrays(rows: YearRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One year's rows as the long table holds them, in its order: (employee index, the roster's size
    for a unit-level line; family code, an index into ``FAMILIES``; amount). What the figures' sums
    need, without the table's other columns (a million people's table is 17.7 million rows)."""
    if not rows.emp:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int8), np.empty(0)
    codes = np.array([FAMILIES.index(family_of(name)) for name in rows.component], dtype=np.int8)
    return (np.concatenate(rows.emp), np.repeat(codes, [len(e) for e in rows.emp]),
            np.concatenate(rows.amount).astype(float, copy=False))


def family_sums(parts: Sequence[Part]) -> pd.DataFrame:
    """Totals by component family per scenario and fiscal year (columns scenario, fiscal_year, then
    ``FAMILIES``, to the cent), for each year with rows: ``figures.family_table`` of the parts' long
    table, without building it. Each family is added up in whole cents (:func:`costing.engine.money.cent_sums`):
    exact, so the same figure the table's would be."""
    out = []
    for _, years, name in parts:
        for rows in years:
            if rows.size:
                _, family, amount = year_arrays(rows)
                out.append([name, rows.fy, *cent_sums(family, amount, len(FAMILIES))])
    frame = pd.DataFrame(out, columns=["scenario", "fiscal_year", *FAMILIES])
    frame["fiscal_year"] = frame["fiscal_year"].astype(np.int64)
    frame[list(FAMILIES)] = frame[list(FAMILIES)].astype(float)
    return frame

TEXT_COLUMNS = ("scenario", "employee_id", "unit", "schedule", "family", "component", "lane", "step")


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
    out = {"fiscal_year": np.empty(size, dtype=np.int64), "amount": np.empty(size), "fte": np.empty(size)}
    out.update({c: np.empty(size, dtype=_code_type(len(dtypes[c].categories))) for c in TEXT_COLUMNS})
    at = 0
    for (setup, years, _), part_dtypes in zip(parts, own):
        recode = {c: _recoding(part_dtypes[c], dtypes[c]) for c in TEXT_COLUMNS}
        people = setup.people
        schedule_of = np.append(people.sched, len(setup.schedules))
        fte_of = np.append(people.fte, np.nan)
        component_code = {name: k for k, name in enumerate(part_dtypes["component"].categories)}
        family_code = {f: k for k, f in enumerate(part_dtypes["family"].categories)}
        lane_table, step_table = _cell_tables(setup, part_dtypes)
        for rows in years:
            # per employee, then the unit-level line (none), in the codes' own type: one gather per group
            lane_of = np.append(lane_table[people.sched, rows.lane], -1).astype(out["lane"].dtype)
            step_of = np.append(step_table[people.sched, rows.step], -1).astype(out["step"].dtype)
            for emp, unit, name, amount in zip(rows.emp, rows.unit, rows.component, rows.amount):
                rows_here = slice(at, at + len(emp))
                out["fiscal_year"][rows_here], out["amount"][rows_here] = rows.fy, amount
                out["fte"][rows_here] = fte_of[emp]
                codes = {"scenario": 0, "employee_id": emp, "unit": unit, "schedule": schedule_of[emp],
                         "family": family_code[family_of(name)], "component": component_code[name],
                         "lane": lane_of[emp], "step": step_of[emp]}
                for c in TEXT_COLUMNS:
                    out[c][rows_here] = recode[c](codes[c])
                at += len(emp)
    return pd.DataFrame({c: out[c] if c not in dtypes else pd.Categorical.from_codes(out[c], dtype=dtypes[c])
                         for c in OUTPUT_COLUMNS}, copy=False)


def _dtypes(setup: ProjectionSetup, years: Sequence[YearRows], scenario: str) -> dict[str, pd.CategoricalDtype]:
    """One scenario's categories: components in the order first met; lanes and steps as the schedules list them."""
    return {
        "scenario": _dtype([scenario]),
        "employee_id": setup.codes.id_dtype(),
        "unit": _dtype(unit_names(setup)),
        "schedule": _dtype([*(a.schedule.name for a in setup.schedules), ""]),
        "family": FAMILY_DTYPE,
        "component": _dtype(list(dict.fromkeys(name for rows in years for name in rows.component))),
        "lane": _dtype(list(dict.fromkeys(lane for a in setup.schedules for lane in a.schedule.lanes))),
        "step": _dtype(list(dict.fromkeys(step for a in setup.schedules for step in a.steps))),
    }


FAMILY_DTYPE = pd.CategoricalDtype(pd.Index(list(FAMILIES), dtype=object))
"""Every component family, in the vocabulary's order: one type for every table."""


def _cell_tables(setup: ProjectionSetup, dtypes: dict[str, pd.CategoricalDtype]) -> tuple[np.ndarray, np.ndarray]:
    """[schedule, lane code] -> the lane's category code, and [schedule, position] -> the step's."""
    width = max([1, *(len(a.schedule.lanes) for a in setup.schedules)]), max([1, *(len(a.steps) for a in setup.schedules)])
    lanes, steps = np.full((len(setup.schedules) + 1, width[0]), -1), np.full((len(setup.schedules) + 1, width[1]), -1)
    lane_code = {name: k for k, name in enumerate(dtypes["lane"].categories)}
    step_code = {name: k for k, name in enumerate(dtypes["step"].categories)}
    for code, a in enumerate(setup.schedules):
        lanes[code, :len(a.schedule.lanes)] = [lane_code[x] for x in a.schedule.lanes]
        steps[code, :len(a.steps)] = [step_code[x] for x in a.steps]
    return lanes, steps


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
