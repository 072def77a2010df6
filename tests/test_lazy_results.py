"""The long per-employee table is built only when asked for (issue 20, speed), and the figures summed
from each year's rows are the ones the table would give, to the last bit.

Newton's NTA offer of 28 January 2024 adds new positions, so its people (and the table's employee
categories) differ from the status quo's: the case where each scenario's IDs must be matched.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from costing.engine.costing_run import cost_files
from costing.engine.figures import family_table
from costing.engine.results import family_sums, results_frame

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def costing():
    newton = DATA / "newton"
    return cost_files(newton / "roster.csv", newton / "contract.yaml", [str(newton / "proposals/nta_2024-01-28.yaml")],
                      [2024, 2025])


def test_costing_builds_no_long_table(costing) -> None:
    assert costing.figures is not None
    assert "results" not in vars(costing.projections) and "priors" not in vars(costing.projections)
    rows = costing.projections.result_rows
    assert rows > 0 and len(costing.results) == rows   # built now, when asked for
    assert "results" in vars(costing.projections)


def test_family_sums_are_the_long_tables_bit_for_bit(costing) -> None:
    p = costing.projections
    parts = [*p.parts, *p.prior_parts.values()]
    tables = [family_table(results_frame([part])) for part in parts]
    expected = pd.concat([t for t in tables if len(t)], ignore_index=True)
    expected["scenario"] = expected["scenario"].astype(str)
    expected.columns.name = None
    got = family_sums(parts)
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    # the whole table's sums (every scenario at once) are the same floats as each part's own
    whole = family_table(p.results)
    whole["scenario"] = whole["scenario"].astype(str)
    whole.columns.name = None
    merged = got.merge(whole, on=["scenario", "fiscal_year"], suffixes=("", "_whole"))
    assert len(merged) == len(whole)
    for family in got.columns[2:]:
        assert (merged[family] == merged[f"{family}_whole"]).all(), family


def test_a_pickled_costing_builds_the_same_table(costing) -> None:
    again = pickle.loads(pickle.dumps(costing, protocol=pickle.HIGHEST_PROTOCOL))
    pd.testing.assert_frame_equal(again.results, costing.results)
    assert set(again.priors) == set(costing.priors)
    for name, frame in costing.priors.items():
        pd.testing.assert_frame_equal(again.priors[name], frame)


def test_a_roster_edited_after_the_costing_does_not_change_what_is_built_later() -> None:
    """The long table and the year-end placements are built when first read, from the people the costing saw: an
    FTE changed in place afterwards in the roster the costing returned (a notebook's what-if) must not reach them,
    as it never reached the figures (the encoding once held a view of the roster's FTE column)."""
    chelsea = DATA / "chelsea"

    def cost():
        return cost_files(chelsea / "roster.csv", chelsea / "contract.yaml", [str(chelsea / "proposals/moa_2024.yaml")],
                          [2025, 2026])

    before = cost()
    results, placed = before.results.copy(), before.placements[("baseline", 2025)].copy()
    edited = cost()
    edited.roster.loc[edited.roster.index[:50], "fte"] = 0.5
    pd.testing.assert_frame_equal(edited.results, results)
    pd.testing.assert_frame_equal(edited.placements[("baseline", 2025)], placed)
