"""Selecting from the figures frame by key (costing.engine.measure_lookup) finds what scanning it finds.

The oracle below is the selection as it was written before the lookup: boolean masks over the frame's
columns (measure and convention, then population, scenario and period), the rows kept in the frame's
order. Every (measure, convention, population) the Chelsea compare costing's frame holds (three
scenarios, several populations, years in and past the term) is selected both ways, for each scenario and
for all, with and without the term row, and must give the same index, values and name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from costing.engine import measure_lookup
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


def test_another_frame_is_grouped_afresh(figures):
    """The grouping kept is the last frame's: a different frame (here one value changed in a copy) is never
    answered from it."""
    first = select(figures, "cost", "all_in", "baseline")
    changed = figures.copy()
    where = changed.index[(changed["measure"] == "cost") & (changed["convention"] == "all_in")
                          & (changed["scenario"] == "baseline")][0]
    changed.loc[where, "value"] += 1.0
    assert measure_lookup.frame_index(changed).frame is changed
    assert select(changed, "cost", "all_in", "baseline").iloc[0] == first.iloc[0] + 1.0
    assert select(figures, "cost", "all_in", "baseline").iloc[0] == first.iloc[0]
