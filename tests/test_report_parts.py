"""Small, fast checks of the report building blocks (no kernel, no PDF)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from costing.report import charts, tables  # noqa: E402
from costing.report.context import open_report  # noqa: E402
from costing.report.format import money, percent, short_money  # noqa: E402
from costing.report.manifest import same_inputs  # noqa: E402
from costing.report.privacy import find_identifiers, identifiers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_money_and_percent():
    assert money(1234567.891) == "$1,234,567.89"
    assert money(-1234.5) == "($1,234.50)"
    assert money(float("nan")) == ""
    assert percent(0.03333) == "3.3%" and percent(-0.02) == "(2.0%)"   # rates are fractions (docs/api.md)
    assert short_money(5_400_000) == "$5.4M" and short_money(250_000) == "$250K"


@pytest.fixture(scope="module")
def ctx():
    return open_report(ROOT / "data" / "chelsea" / "scenario.yaml", report_date="2030-01-01")


def test_summary_table_matches_figures(ctx):
    table = tables.proposal_summary(ctx.costing, "moa_2024")
    figures = ctx.costing.figures
    fig = figures[figures["period"] == "year"].set_index(["scenario", "fiscal_year"])
    label = ctx.label("moa_2024")
    assert label == "Chelsea para MOA"                      # the title up to its bracket, not the file stem
    for i, fy in enumerate(ctx.costing.years):
        assert table.frame.at[i, label] == fig.at[("moa_2024", fy), "total"]
    assert table.frame[tables.NEW_SQ].iloc[-1] == pytest.approx(fig.loc["moa_2024", "diff_baseline"].sum(), abs=0.005)
    assert "$" in table.to_html() and "<thead>" in table.to_html()


def test_family_difference_adds_up(ctx):
    """Families, then salary, benefits, other costs (Chelsea has unit-level lines) and the total."""
    table = tables.family_difference(ctx.costing, "moa_2024")
    sums = table.frame.iloc[-4:]
    assert list(sums["Component"]) == ["Salary", "Benefits", "Other costs", "Total cost"]
    body = table.frame.iloc[:-4]
    salary, benefits, other, total = (sums.iloc[k] for k in range(4))
    is_benefit = body["Component"].str.startswith("Benefits:")
    assert "Other costs" not in set(body["Component"])   # one name, one row: the cost lines are the other costs
    for column in [c for c in table.frame.columns if c.startswith("FY") or c.startswith("Over the term")]:
        assert round(body[column].sum() + other[column], 2) == pytest.approx(total[column], abs=0.01)
        assert round(body.loc[~is_benefit, column].sum(), 2) == pytest.approx(salary[column], abs=0.01)
        assert round(body.loc[is_benefit, column].sum(), 2) == pytest.approx(benefits[column], abs=0.01)
        assert round(salary[column] + benefits[column] + other[column], 2) == pytest.approx(total[column], abs=0.01)
    share = [c for c in table.frame.columns if c.startswith("Share")][0]
    assert total[share] == pytest.approx(1.0)


def test_charts_build(ctx):
    c = ctx.costing
    figures = [charts.cost_by_year(c), charts.waterfall(c, "moa_2024"), charts.raise_distribution(c),
               *charts.rate_by_step(c.contracts["moa_2024"], c.years)]
    assert all(f is not None and f.axes for f in figures)
    for figure in figures:
        html = figure._repr_html_()
        assert html.startswith('<figure class="chart"><img src="data:image/png;base64,') and 'alt="' in html
    # the alt text states the chart's numbers
    moa = c.figures[(c.figures["scenario"] == "moa_2024") & (c.figures["period"] == "year")]
    assert all(money(v) in figures[0].alt for v in moa["total"])
    # two dollar signs in a title must not turn into typeset math
    assert all("\\$" in t.get_text() or "$" not in t.get_text() for f in figures for t in f.figure.texts)


def test_headcount_tables_count_everyone(ctx):
    placement, _ = ctx.roster_placement()
    tables_ = ctx.headcount_tables()
    assert tables_ and all(t.frame["Step"].iloc[-1] == "Total" for t in tables_)
    total = sum(int(str(v).split(" ")[0]) for t in tables_ for v in t.frame.iloc[-1, 1:] if str(v))
    assert total == len(placement)


def test_public_context_refuses_employee_detail(ctx):
    assert ctx.public
    with pytest.raises(PermissionError):
        ctx.employee_detail()


def test_privacy_scan_finds_ids_and_full_names():
    roster = pd.DataFrame({"employee_id": ["CH00001", "CH00002"], "name": ["Harper Tavares-1", "Avery Okafor-2"]})
    found = identifiers(roster)
    assert find_identifiers("total $1.00 for CH00002", found) == ["CH00002"]
    assert find_identifiers("<td>Harper Tavares-1</td>", found) == ["harper tavares-1"]
    assert find_identifiers("Harper and CH000010 are fine", found) == []


def test_same_inputs():
    inputs = {"roster": {"path": "r.csv", "sha256": "a" * 64}}
    assert same_inputs({"status": "ok", "inputs": inputs}, inputs)
    assert not same_inputs({"status": "ok", "inputs": {"roster": {"sha256": "b" * 64}}}, inputs)
    assert not same_inputs(None, inputs)
