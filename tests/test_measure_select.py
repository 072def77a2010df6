"""Selecting from the figures frame with array comparisons (measures.select) finds what DataFrame masks find.

The oracle below is the selection as it was written before: boolean masks over the DataFrame's columns
(measure and convention, then population, scenario and period), the rows kept in the frame's order. Every (measure, convention, population) the Chelsea compare costing's frame holds (three
scenarios, several populations, years in and past the term) is selected both ways, for each scenario and
for all, with and without the term row, and must give the same index, values and name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from costing.engine.costing_run import cost_scenario
from costing.engine.measures import TERM, YEAR, select, term_years_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return cost_scenario(ROOT / "data/chelsea/compare.yaml")[1].measures


def scanned(figures: pd.DataFrame, measure: str, convention: str, population: str, scenario: str | None,
            term: bool) -> pd.Series:
    rows = figures[(figures["measure"] == measure) & (figures["convention"] == convention)]
    rows = rows[rows["population"] == population]
    if scenario is not None:
        rows = rows[rows["scenario"] == scenario]
    if not term:
        rows = rows[rows["period"] == YEAR]
        years = pd.Index(rows["fiscal_year"].astype("int64").to_numpy(), name="fiscal_year")
    else:
        years = pd.Index([TERM if p == TERM else int(y) for p, y in zip(rows["period"], rows["fiscal_year"])],
                         name="fiscal_year", dtype=object)
    if scenario is not None:
        return pd.Series(rows["value"].to_numpy(), index=years, name=measure)
    index = pd.MultiIndex.from_arrays([rows["scenario"].to_numpy(), years], names=["scenario", "fiscal_year"])
    return pd.Series(rows["value"].to_numpy(), index=index, name=measure)


def test_every_selection_is_the_scanned_one(figures):
    keys = figures[["measure", "convention", "population"]].drop_duplicates().itertuples(index=False)
    scenarios = [None, *pd.unique(figures["scenario"])]
    checked = 0
    for measure, convention, population in keys:
        for scenario in scenarios:
            for term in (True, False):
                pd.testing.assert_series_equal(select(figures, measure, convention, scenario, term, population),
                                               scanned(figures, measure, convention, population, scenario, term))
                checked += 1
    assert checked > 500


def test_the_term_years_are_those_scanned(figures):
    for scenario in pd.unique(figures["scenario"]):
        rows = figures[(figures["scenario"] == scenario) & (figures["period"] == YEAR) & figures["in_term"]]
        assert term_years_of(figures, scenario) == sorted(int(y) for y in rows["fiscal_year"].unique())
    assert term_years_of(figures, "no such scenario") == []


def test_a_missing_key_is_named(figures):
    with pytest.raises(KeyError, match="no measure 'nonsense'"):
        select(figures, "nonsense", "all_in")
    with pytest.raises(KeyError, match="no scenario 'nobody'"):
        select(figures, "cost", "all_in", "nobody")


def test_a_frame_changed_in_place_is_read_as_it_is_now(figures):
    """Nothing is remembered between selections: a column replaced or the rows sorted in place are seen at once
    (a cache keyed on the frame object would have answered from the frame as it was)."""
    frame = figures.copy()
    first = select(frame, "cost", "all_in", "baseline")
    frame["value"] = frame["value"] * 2
    pd.testing.assert_series_equal(select(frame, "cost", "all_in", "baseline"), first * 2)
    frame.sort_values(["measure", "scenario"], ascending=False, inplace=True, kind="stable")
    frame.reset_index(drop=True, inplace=True)
    pd.testing.assert_series_equal(select(frame, "cost", "all_in", "baseline"), first * 2)
