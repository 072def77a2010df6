"""Same group and budget line: each year's change over the year before, split by who it is paid to.

A committee reads two different increases (docs/method.md, "Same group and budget line"):

* the **same group**: people employed on every day of both years, at the same FTE on both years'
  last days. Their increase is what a raise and a step cost "a group moving through the system";
  every rate convention (across-the-board rate, base pay with or without steps, all-in, ...)
  measures them, so a year of raises never shows a negative rate because people left;
* the **budget line**: everyone costed. Its change is the same group's plus what the others add,
  each its own labelled line: **leavers** (anyone whose last day falls before the year's end),
  **hires** (anyone who started after the first day of the year before), **new positions** (rows a
  contract creates), **changes in FTE** and **unit-level lines** (pools and counts, no person).
  Precedence when two apply: new positions, then leavers, then hires, then changes in FTE.

The lines add up to the budget line's change to the cent (every amount is in cents). Annualization
has a population of its own: **full-year staff**, employed on every day of the year.

:func:`group_sums` works each population's sums out once per costing, per row of the basis
(:class:`~costing.engine.periods.Basis`), in the row's year (``this``) and the year before
(``prior``), from each year's rows (the long results' rows, summed without building the table), the year-end placements and each person's held-steps figures
(:class:`~costing.engine.people.People`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..inputs.vocabulary import BENEFIT_FAMILIES, FAMILIES, OTHER_FAMILIES, SALARY_FAMILIES
from . import dates as d
from .money import cents_per_key, in_cents, in_dollars
from .projected import Projections, each_scenario
from .results import year_arrays

SAME_GROUP, LEAVERS, HIRES, NEW_POSITIONS, FTE_CHANGES, UNIT_LINES = (
    "same_group", "leavers", "hires", "new_positions", "fte_changes", "unit_lines")
LINES = (SAME_GROUP, LEAVERS, HIRES, NEW_POSITIONS, FTE_CHANGES, UNIT_LINES)
"""The populations whose changes add up to the budget line's change over the prior year, in order."""
FULL_YEAR = "full_year"
"""People employed on every day of the year (annualization's population)."""
THIS, PRIOR = "this", "prior"

_CODE = {name: k for k, name in enumerate(LINES)}
_SUMMED = ("year_end_pay", "year_end_pay_held", "year_end_fte", "headcount", "people", "base_without_steps")


Key = tuple[str, int]


def group_sums(p: Projections, rows: list[Key], in_window: np.ndarray, prior_row: np.ndarray
               ) -> dict[tuple[str, str], dict[str, np.ndarray]]:
    """(population, this or prior) -> column -> a value per row of the basis (NaN where not defined).

    ``rows`` are the basis's (scenario, fiscal year) rows, ``in_window`` marks the years costed and
    ``prior_row`` each row's year before (-1: none). Every population's sums are defined for the rows
    costed, and in the year before only where that year was costed too."""
    ids = _all_ids(p)
    people = {s: _PeopleById(p, s, ids) for s in p.people}   # here: matching IDs builds the index's hash table
    row_of = {key: i for i, key in enumerate(rows)}
    out = {(population, when): {c: np.full(len(rows), np.nan) for c in (*FAMILIES, *_SUMMED)}
           for population in LINES for when in (THIS, PRIOR)}
    out[(FULL_YEAR, THIS)] = {c: np.full(len(rows), np.nan) for c in (*FAMILIES, *_SUMMED)}
    # each scenario fills its own rows, on threads for a large roster (as the projections are)
    each_scenario(lambda scenario: _scenario_sums(p, people[scenario], rows, row_of, in_window, prior_row, out),
                  people, len(ids))
    for columns in out.values():
        _add_parts(columns)
    return out


def _scenario_sums(p: Projections, mine: _PeopleById, rows: list[Key], row_of: dict[Key, int], in_window: np.ndarray,
                   prior_row: np.ndarray, out: dict) -> None:
    """:func:`group_sums` for one scenario's rows, written into ``out`` (no other scenario writes them)."""
    costed = [i for i in range(len(rows)) if in_window[i] and rows[i][0] == mine.scenario]
    codes = {i: mine.classify(rows[i][1]) for i in costed}
    full = {i: mine.full_year(rows[i][1]) for i in costed}
    sums = _family_sums(_blocks(p, mine), row_of, codes, full)
    for i in costed:
        fy, code = rows[i][1], codes[i]
        for when, year in ((THIS, fy), (PRIOR, fy - 1)):
            if when == PRIOR and prior_row[i] < 0:
                continue   # the year before was not costed: nothing to compare with
            by_line = {k: (LINES[k], sums[when][i][k], code) for k in range(len(LINES))}
            _fill(out, when, i, by_line, mine, year)
        counts = np.bincount(code[mine.present(fy - 1, fy)], minlength=len(LINES))
        for k, population in enumerate(LINES):
            out[(population, THIS)]["people"][i] = out[(population, PRIOR)]["people"][i] = counts[k]
        _fill(out, THIS, i, {0: (FULL_YEAR, sums[THIS][("full", i)], np.where(full[i], 0, 1))}, mine, fy)
        out[(FULL_YEAR, THIS)]["people"][i] = int(full[i].sum())


def _fill(out: dict, when: str, i: int, by_code: dict, mine: _PeopleById, year: int) -> None:
    """Row ``i``'s sums for each population: ``by_code`` maps a code of ``code`` to (population, its
    family sums, code per ID: one array for every entry); year-end figures and held-steps base pay
    are summed over its IDs. The IDs sorted by code (stably: each code's IDs keep their order) make
    each population one run, so each sum adds the numbers a mask would pick, in the same order (the
    same float), with one gather per column instead of a mask per population and column."""
    code = next(iter(by_code.values()))[2]
    order = np.argsort(code.astype(np.int8), kind="stable")
    runs = np.searchsorted(code[order], np.arange(len(LINES) + 1))
    ends = {column: values[order] for column, values in mine.year_end(year).items()}
    held = mine.base_held.get(year)
    held = held[order] if held is not None else None
    for k, (population, families, _) in by_code.items():
        columns, run = out[(population, when)], slice(runs[k], runs[k + 1])
        for j, family in enumerate(FAMILIES):
            columns[family][i] = round(float(families[j]), 2)
        for column, values in ends.items():
            columns[column][i] = float(np.round(values[run].sum(), 4))
        # the year before the window is costed on the roster-date steps: its base pay is its held pay
        columns["base_without_steps"][i] = round(float(held[run].sum()), 2) if held is not None else columns["base"][i]


def _add_parts(columns: dict[str, np.ndarray]) -> None:
    """total, salary, benefits and other costs from the families, to the cent (as the budget line's)."""
    for part, members in (("total", FAMILIES), ("salary", SALARY_FAMILIES), ("benefits", BENEFIT_FAMILIES),
                          ("other_costs", OTHER_FAMILIES)):
        columns[part] = np.round(sum(columns[f] for f in members), 2)


def _all_ids(p: Projections) -> pd.Index:
    """Every employee ID of every scenario (the roster's and each contract's new positions)."""
    arrays = [np.asarray(people.ids, dtype=object) for people in p.people.values()]
    if all(a is arrays[0] or np.array_equal(a, arrays[0]) for a in arrays[1:]):  # no scenario adds anyone
        arrays = arrays[:1]
    return pd.Index(pd.unique(np.concatenate(arrays)))


def _positions(ids: pd.Index, values: np.ndarray) -> np.ndarray:
    """Each value's position among ``ids`` (-1: not there), as ``ids.get_indexer(values)``; when the
    values are the IDs themselves, in order (one roster row per person, no new positions: the usual
    case), compared instead of hashed (a million IDs hashed a dozen times was a tenth of the costing)."""
    values = np.asarray(values, dtype=object)
    if len(values) == len(ids) and (ids.to_numpy(dtype=object) == values).all():
        return np.arange(len(ids))
    if len(values) == len(ids) + 1 and values[-1] == "":  # a long table's IDs: then "" (unit-level lines), no ID
        return np.append(_positions(ids, values[:-1]), -1)
    return ids.get_indexer(values)


class _PeopleById:
    """One scenario's people by ID (a person with several roster rows is one person): dates, FTE and
    year-end pay, aligned with every scenario's IDs (:func:`_all_ids`)."""

    def __init__(self, p: Projections, scenario: str, ids: pd.Index):
        people = p.people[scenario]
        self.scenario, self.n, self.people = scenario, len(ids), people
        self.codes = _positions(ids, people.ids)
        rows = np.bincount(self.codes, minlength=self.n)
        self.here, one_row_each = rows > 0, rows.max(initial=0) <= 1
        never = np.iinfo(np.int64)
        self.start = _scatter(self.codes, people.start, self.n, np.minimum, never.max, one_row_each)
        self.end = _scatter(self.codes, people.end, self.n, np.maximum, never.min, one_row_each)
        self.new_position = _scatter(self.codes, people.new_position.astype(np.int64), self.n, np.maximum, 0,
                                     one_row_each) > 0
        self.base_held = {fy: np.bincount(self.codes, values, minlength=self.n) for fy, values in people.base_held.items()}
        self._ends: dict[int, dict[str, np.ndarray]] = {}
        self._p = p

    def last_day(self, fy: int) -> int:
        _, hi = d.fiscal_year_bounds(fy, self._p.contracts[self.scenario].fiscal_year_start)
        return d.day_number(hi - dt.timedelta(days=1))

    def first_day(self, fy: int) -> int:
        lo, _ = d.fiscal_year_bounds(fy, self._p.contracts[self.scenario].fiscal_year_start)
        return d.day_number(lo)

    def year_end(self, fy: int) -> dict[str, np.ndarray]:
        """Per ID on the year's last day: annual pay (with and without step movement), FTE, employed."""
        if fy not in self._ends:
            people, last = self.people, self.last_day(fy)
            employed = (people.start <= last) & (people.end >= last)
            placed = self._p.placements.placed((self.scenario, fy))
            pay = np.zeros(self.n)
            if placed is not None and employed.any():
                # the placement's rows are the people employed on the day, in order (the table not built)
                pay = np.bincount(self.codes[employed], placed.pay(), minlength=self.n)
            held = people.year_end_held.get(fy)
            self._ends[fy] = {
                "year_end_pay": pay,
                "year_end_pay_held": (np.bincount(self.codes, held, minlength=self.n) if held is not None
                                      else np.full(self.n, np.nan)),
                "year_end_fte": np.bincount(self.codes, people.fte * employed, minlength=self.n),
                "headcount": (np.bincount(self.codes, employed, minlength=self.n) > 0).astype(float)}
        return self._ends[fy]

    def classify(self, fy: int) -> np.ndarray:
        """Each ID's line for the change from ``fy - 1`` to ``fy`` (an index into :data:`LINES`)."""
        lo, hi = self.first_day(fy - 1), self.last_day(fy)
        code = np.full(self.n, _CODE[SAME_GROUP], dtype=np.int64)
        before, after = self.year_end(fy - 1)["year_end_fte"], self.year_end(fy)["year_end_fte"]
        code[np.abs(before - after) > 1e-9] = _CODE[FTE_CHANGES]
        code[self.start > lo] = _CODE[HIRES]
        code[self.end < hi] = _CODE[LEAVERS]
        code[self.new_position] = _CODE[NEW_POSITIONS]
        return code

    def full_year(self, fy: int) -> np.ndarray:
        """Which IDs are employed on every day of ``fy``."""
        return self.here & (self.start <= self.first_day(fy)) & (self.end >= self.last_day(fy))

    def present(self, first: int, last: int) -> np.ndarray:
        """Which IDs are employed on some day of fiscal years ``first`` to ``last``."""
        return self.here & (self.start <= self.last_day(last)) & (self.end >= self.first_day(first))


def _scatter(codes: np.ndarray, values: np.ndarray, n: int, how, empty, one_row_each: bool) -> np.ndarray:
    """``values`` gathered per code with ``how`` (np.minimum, np.maximum), ``empty`` where no value falls."""
    out = np.full(n, empty, dtype=np.asarray(values).dtype)
    if one_row_each:   # one roster row per person: no reduction needed
        out[codes] = values
    else:
        how.at(out, codes, values)
    return out


def _blocks(p: Projections, mine: _PeopleById):
    """Each of the scenario's fiscal years costed, and its year before: (its key, each row's ID code, family
    code, amount), the rows in the long table's order, from each year's rows
    (:func:`costing.engine.results.year_arrays`), never from the long table itself (not built)."""
    for _, years, scenario in (*p.parts, *p.prior_parts.values()):
        if scenario != mine.scenario:
            continue
        id_code = np.append(mine.codes, -1)  # a unit-level line's employee index is the roster's size
        for rows in years:
            if rows.size:
                emp, family, amount = year_arrays(rows)
                yield (scenario, rows.fy), id_code[emp], family, amount


def _family_sums(blocks, row_of: dict[Key, int], codes: dict[int, np.ndarray], full: dict[int, np.ndarray]) -> dict:
    """Each row's families summed per line, in the row's own year (``this``) and the year before (``prior``).

    Returns {when: {row: array[line, family]}}, and for ``this`` also {("full", row): array[family]}
    (full-year staff). Each block of rows is one (scenario, fiscal year) and each row of the basis
    meets at most one per ``when``: every sum adds the block's amounts in whole cents (:func:`.money.cent_sums`),
    each amount made cents once per block. In the row's own year, the rows of full-year staff are keyed
    a second time, past the others, so one count gives each line's sum (both halves, added in cents) and
    full-year staff's (the second half)."""
    out: dict = {THIS: {}, PRIOR: {}}
    width = len(FAMILIES)
    size = len(LINES) * width
    for (scenario, fy), who, what, much in blocks:
        cents = in_cents(much)
        for when, shift in ((THIS, 0), (PRIOR, 1)):
            i = row_of.get((scenario, fy + shift), -1)
            line = codes.get(i)
            if line is None:
                continue
            # a unit-level line's ID code is -1: it indexes the last entry, appended for it
            group = np.append(line, _CODE[UNIT_LINES])[who]
            group *= width
            group += what
            if when == PRIOR:
                sums = in_dollars(cents_per_key(group, cents, size))
            else:
                group += size * np.append(full[i], False)[who]   # full-year staff's rows: the second half
                counted = cents_per_key(group, cents, 2 * size)
                sums = in_dollars(counted[:size] + counted[size:])
                out[THIS][("full", i)] = out[THIS].get(("full", i), 0) + in_dollars(
                    counted[size:].reshape(len(LINES), width).sum(axis=0))
            out[when][i] = out[when].get(i, 0) + sums.reshape(len(LINES), width)
    for i in codes:
        for when in (THIS, PRIOR):
            out[when].setdefault(i, np.zeros((len(LINES), width)))
        out[THIS].setdefault(("full", i), np.zeros(width))
    return out


__all__ = ["group_sums", "LINES", "SAME_GROUP", "LEAVERS", "HIRES", "NEW_POSITIONS", "FTE_CHANGES", "UNIT_LINES",
           "FULL_YEAR", "THIS", "PRIOR"]
