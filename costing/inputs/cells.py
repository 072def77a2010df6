"""A roster column's cells read once per distinct cell: text stripped, numbers and dates parsed.

A roster repeats its values: a hundred thousand rows hold two units, a few dozen lanes and steps and
some thousands of dates. Each distinct cell is stripped, compared or parsed once and the answer
gathered to the rows through each row's code, so checking a column costs one hash of its cells
(``pandas.factorize``) and not one Python-level comparison per row and check (the checks of a
100,000-row roster took 0.15 s, most of it comparing the same few texts again).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .parsing import FIRST_DAY, LAST_DAY


@dataclass(frozen=True)
class DistinctCells:
    """A text column as each row's code and each code's text, stripped: the texts are distinct (two cells
    that differ only by spaces around them share a code) and ``""`` is a blank cell's; code -1 is a
    missing cell's (what pandas reads for an empty CSV cell)."""

    codes: np.ndarray   # one per row
    texts: np.ndarray   # object array of str, one per code

    @classmethod
    def of(cls, column: pd.Series | np.ndarray) -> DistinctCells:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)   # dates as pandas' Timestamps, numbers as Python's
        if column.dtype == object and not all(type(cell) is str for cell in uniques):
            # a frame made in code may mix numbers in a text column: each cell's own text (1 and 1.0 are "1" and
            # "1.0", not one cell, as factorizing the numbers would make them), a missing cell left missing; a
            # column of one type (numbers, dates) has nothing to mix, and its distinct values are made text below
            cells = np.array([cell if type(cell) is str or pd.isna(cell) else str(cell) for cell in np.asarray(column)],
                             dtype=object)
            codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        texts = np.array([str(cell).strip() for cell in uniques], dtype=object)
        if any(map(operator.ne, texts, uniques)):
            # stripping may have made two cells one (" A1" and "A1"): code the stripped texts again
            recode, texts = pd.factorize(texts)
            codes = np.where(codes >= 0, recode[np.maximum(codes, 0)], -1)
        return cls(codes=codes, texts=texts)

    def _rows(self, per_code: np.ndarray, missing: bool) -> np.ndarray:
        """Each row's entry of ``per_code`` (one per code), ``missing`` for a missing cell."""
        return np.append(np.asarray(per_code, dtype=bool), missing)[self.codes]

    def empty(self) -> np.ndarray:
        """Each row: its cell is missing or blank."""
        return self._rows(self.texts == "", True)

    def among(self, allowed: Iterable[str]) -> np.ndarray:
        """Each row: its text is one of ``allowed`` (a missing cell is not)."""
        allowed = set(allowed)
        return self._rows([text in allowed for text in self.texts], False)

    def equal(self, text: str) -> np.ndarray:
        """Each row: its text is ``text``."""
        return self._rows(self.texts == text, False)

    def duplicated(self) -> np.ndarray:
        """Each row: an earlier row has the same text (blank and missing cells included: mask them)."""
        return pd.Series(self.codes).duplicated(keep="first").to_numpy()

    def rows(self, keep: np.ndarray) -> DistinctCells:
        """The cells of the rows ``keep`` marks (the same codes)."""
        return DistinctCells(codes=self.codes[keep], texts=self.texts)

    def strings(self, index: pd.Index, blank="") -> pd.Series:
        """The column as pandas' ``string`` dtype, each cell stripped; a blank cell ``blank`` ("" as written,
        or pd.NA), a missing one pd.NA."""
        by_code = np.append(self.texts, pd.NA)
        if blank is pd.NA:
            by_code[np.append(self.texts == "", False)] = pd.NA
        by_code = pd.array(by_code, dtype="string")
        return pd.Series(by_code.take(self.codes), index=index)


def typed_cells(column: pd.Series, parse: Callable, blank=None) -> tuple[np.ndarray, list, dict[int, str]]:
    """Each distinct cell of a column (:class:`DistinctCells`) read once by ``parse``: (each row's code, the value
    of each code, {code: what is wrong}). A blank cell's value is ``blank``; the last code (-1 as an index) is a
    missing cell's. ``parse`` is one of :mod:`costing.inputs.parsing`'s readers, so a roster cell accepts what a
    YAML file or an option accepts (7/1/2026, $1,250) and refuses the same."""
    cells = DistinctCells.of(column)
    values: list = [blank] * (len(cells.texts) + 1)
    wrong: dict[int, str] = {}
    for k, text in enumerate(cells.texts):
        if text:
            try:
                values[k] = parse(text)
            except ValueError as exc:
                values[k], wrong[k] = None, str(exc)
    return cells.codes, values, wrong


def date_cells(column: pd.Series, parse: Callable) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """A column of dates read once per distinct cell (:class:`DistinctCells`): (each row's code, each code's day
    as datetime64[s] with NaT for a blank, missing or wrong cell (the last code, -1 as an index, is a missing
    cell's), {code: what is wrong}). Cells written exactly YYYY-MM-DD (what costing and most payroll exports
    write) are read together (:func:`iso_days`); ``parse`` (:func:`costing.inputs.parsing.parse_date`) reads the
    others and says what is wrong with them."""
    cells = DistinctCells.of(column)
    days, known = iso_days(cells.texts)
    wrong: dict[int, str] = {}
    for k in np.flatnonzero(~known):
        if cells.texts[k]:
            try:
                days[k] = np.datetime64(parse(cells.texts[k]), "s")
            except ValueError as exc:
                wrong[int(k)] = str(exc)
    return cells.codes, np.append(days, np.datetime64("NaT", "s")), wrong


def iso_days(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each cell's day as datetime64[s], which cells were read): a cell is read when written exactly as
    YYYY-MM-DD and its day exists and lies in the years :func:`~costing.inputs.parsing.parse_date`
    accepts; the others are NaT and not read (``parse_date`` reads them, and says why it cannot)."""
    text = pd.Series(cells, dtype=object)
    iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy(dtype=bool)
    days = pd.to_datetime(text.where(iso), format="%Y-%m-%d", errors="coerce").to_numpy("datetime64[D]")
    first, last = (np.datetime64(day, "D") for day in (FIRST_DAY, LAST_DAY))
    known = (days >= first) & (days <= last)
    return np.where(known, days, np.datetime64("NaT", "D")).astype("datetime64[s]"), known
