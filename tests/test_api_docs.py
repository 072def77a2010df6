"""docs/api.md's examples run as written, and the API's promises hold."""

from __future__ import annotations

import re

import pytest

import costing

from .conftest import ROOT

BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def namespace() -> dict:
    """Run every python block of docs/api.md in order, in one namespace, from the repository root."""
    names: dict = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        for block in BLOCK.findall((ROOT / "docs/api.md").read_text(encoding="utf-8")):
            exec(compile(block, "docs/api.md", "exec"), names)
    return names


def test_examples_run(namespace) -> None:
    assert {"result", "two_years", "direct", "both"} <= set(namespace)


def test_repr_is_short_and_html_is_a_table(namespace) -> None:
    result = namespace["result"]
    text = repr(result)
    assert len(text) < 1500 and text.startswith("Chelsea paraprofessionals")
    assert "FY2025" in text and "difference from the status quo" in text and "Over the term" in text
    assert "<table" in result._repr_html_() and len(result._repr_html_()) < 5000
    assert len(repr(result.costing)) < 1500   # the Costing object itself no longer prints every DataFrame


def test_scenario_and_files_give_the_same_figures(namespace) -> None:
    """The scenario file (FY2025-FY2027) and the same files given directly agree to the cent."""
    scenario, both = namespace["result"], namespace["both"]
    mine = scenario.totals[scenario.totals["scenario"] == "moa_2024"]["total"].tolist()
    assert mine == both.totals[both.totals["scenario"] == "moa_2024"]["total"].tolist()


def test_one_table_shape(namespace) -> None:
    """Issue 25 item 7: integer fiscal years with the term its own row, components long, rates as fractions,
    a label beside every key; the figures are `costing project`'s columns (tests/test_figures_agree.py)."""
    result = namespace["result"]
    figures = result.figures
    assert str(figures["fiscal_year"].dtype) == "Int64"
    assert set(figures["period"]) == {"year", "term"}
    assert (figures["period"] == "term").sum() == len(result.costing.contracts)
    assert figures.loc[figures["period"] == "term", "fiscal_year"].isna().all()
    assert dict(zip(figures["scenario"], figures["label"])) == {"baseline": "Status quo", "moa_2024": "Chelsea para MOA"}
    assert list(result.components.columns) == ["scenario", "fiscal_year", "family", "component", "amount"]
    assert str(result.components["fiscal_year"].dtype) == "int64"
    quoted = figures[(figures["scenario"] == "moa_2024") & (figures["period"] == "term")].iloc[0]
    assert quoted["quoted_pct"] == pytest.approx(1.03 * 1.05 * 1.05 - 1)      # Art. IV §A: 3%, 5%, 5%
    assert quoted["quoted_simple_sum_pct"] == pytest.approx(0.13)              # "13%", as reported
    for table in (result.totals, result.differences):
        assert list(table.columns[:5]) == ["scenario", "label", "fiscal_year", "period", "in_term"]


def test_years_as_people_write_them() -> None:
    from costing.engine.api import as_years

    assert as_years("2025-2027") == as_years([2027, 2025, 2026]) == as_years(range(2025, 2028)) == [2025, 2026, 2027]
    assert as_years(2026) == as_years("FY2026") == [2026]
    with pytest.raises(costing.InputError, match="years"):
        as_years("2025-20x7")


def test_mistakes_are_input_errors(tmp_path) -> None:
    with pytest.raises(costing.InputError, match="is not a scenario file"):
        costing.cost(ROOT / "data/chelsea/contract.yaml")
    with pytest.raises(costing.InputError, match="give the fiscal years"):
        costing.cost(roster=ROOT / "data/chelsea/roster.csv", contract=ROOT / "data/chelsea/contract.yaml")


def test_package_is_typed() -> None:
    assert (ROOT / "costing/py.typed").is_file()
