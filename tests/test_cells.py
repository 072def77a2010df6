"""A roster column read once per distinct cell (costing.inputs.cells): what each row is told.

Constructed column, by hand: rows 0-6 hold " A1", "A1 ", a missing cell, "", "  ", "B2" and None.
Stripped, rows 0 and 1 are the same text (one code, row 1 a duplicate of row 0), rows 3 and 4 are
the same blank text, rows 2 and 6 are missing (code -1). So: empty = rows 2, 3, 4, 6; among {"A1"} =
rows 0, 1; equal "B2" = row 5; duplicated = rows 1, 4 and 6 (a second blank, a second missing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from costing.inputs.cells import DistinctCells, date_cells, iso_days
from costing.inputs.parsing import parse_date

COLUMN = pd.Series([" A1", "A1 ", np.nan, "", "  ", "B2", None], dtype=object)


def test_cells_that_differ_only_by_spaces_share_a_code() -> None:
    cells = DistinctCells.of(COLUMN)
    assert cells.codes.tolist() == [0, 0, -1, 1, 1, 2, -1]
    assert cells.texts.tolist() == ["A1", "", "B2"]
    assert cells.empty().tolist() == [False, False, True, True, True, False, True]
    assert cells.among({"A1"}).tolist() == [True, True, False, False, False, False, False]
    assert cells.equal("B2").tolist() == [False, False, False, False, False, True, False]
    assert cells.duplicated().tolist() == [False, True, False, False, True, False, True]


def test_the_column_as_text_keeps_blank_and_missing_apart_unless_asked() -> None:
    cells = DistinctCells.of(COLUMN)
    written = cells.strings(COLUMN.index)
    assert str(written.dtype) == "string"
    assert written.tolist()[:2] == ["A1", "A1"] and written[3] == "" and written[5] == "B2"
    assert written.isna().tolist() == [False, False, True, False, False, False, True]
    assert cells.strings(COLUMN.index, blank=pd.NA).isna().tolist() == [False, False, True, True, True, False, True]


def test_keeping_some_rows_keeps_their_codes() -> None:
    kept = DistinctCells.of(COLUMN).rows(np.array([True, False, False, False, False, True, False]))
    assert kept.codes.tolist() == [0, 2] and kept.strings(pd.RangeIndex(2)).tolist() == ["A1", "B2"]


def test_dates_read_once_per_distinct_cell_as_parse_date_reads_them() -> None:
    """Rows: ISO twice (one code), US form, a blank, a missing cell, a day that does not exist."""
    column = pd.Series(["2024-07-01", "2024-07-01", " 7/1/2024 ", "", None, "2025-02-30"], dtype=object)
    codes, by_code, wrong = date_cells(column, parse_date)
    days = by_code[codes]
    assert [str(day)[:10] for day in days[:3]] == ["2024-07-01"] * 3
    assert np.isnat(days[3:]).all()
    assert list(wrong) == [int(codes[5])] and "February 2025 has 28 days" in wrong[int(codes[5])]


def test_iso_cells_outside_parse_dates_years_are_left_to_it() -> None:
    days, known = iso_days(np.array(["1899-12-31", "1900-01-01", "2199-12-31", "2200-01-01", "7/1/2024"], dtype=object))
    assert known.tolist() == [False, True, True, False, False]
    assert str(days[1])[:10] == "1900-01-01" and np.isnat(days[0])


def test_numbers_in_a_frame_made_in_code_are_each_their_own_text() -> None:
    """A caller's frame may hold Python numbers: 1, 1.0 and True are equal (and hash alike) as numbers, but a
    roster cell is its text, so they are "1", "1.0" and "True", three cells; a missing cell stays missing."""
    cells = DistinctCells.of(pd.Series([1, 1.0, True, " 1", None, np.nan], dtype=object))
    assert cells.strings(pd.RangeIndex(6)).tolist()[:4] == ["1", "1.0", "True", "1"]
    assert cells.duplicated().tolist()[:4] == [False, False, False, True]
    assert cells.codes.tolist()[4:] == [-1, -1]
