"""Charts carry a message or are dropped (issue 23 item 4), over the bundled scenarios.

- no bar chart whose bars are identical: the cost chart shows each proposal's cost over the status
  quo (Boston's accretion adds $81,796.50 to FY2022's $83,153,459.67: two total bars of $83.2M look
  the same), and a raise histogram draws scenarios with identical raises as one series;
- every costed year has its histogram panel when the year before can be costed (Chelsea: FY2025,
  the 3% + $3,500 year, was the one left out);
- waterfalls are difference-only from $0 (no zoomed axis), each bar's value written past its end;
- axis ticks never repeat ("$2K $2K $2K").
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from costing.engine.costing_run import cost_scenario  # noqa: E402
from costing.engine.measures import TERM, select  # noqa: E402
from costing.report import charts, negotiation  # noqa: E402
from costing.report.charts import tick_money  # noqa: E402
from costing.report.format import fiscal_year  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def chelsea():
    return cost_scenario(ROOT / "data/chelsea/compare.yaml")[1]


@pytest.fixture(scope="module")
def boston():
    return cost_scenario(ROOT / "data/boston/scenario.yaml")[1]


def _bar_groups(ax) -> dict[float, list[float]]:
    """Vertical bars' heights grouped by their tick position (the nearest x tick)."""
    ticks = np.asarray(ax.get_xticks())
    groups: dict[float, list[float]] = {}
    for patch in ax.patches:
        centre = patch.get_x() + patch.get_width() / 2
        groups.setdefault(float(ticks[np.abs(ticks - centre).argmin()]), []).append(patch.get_height())
    return groups


def _assert_no_identical_bars(ax):
    span = np.diff(ax.get_ylim())[0]
    for heights in _bar_groups(ax).values():
        if len(heights) > 1:
            assert np.ptp(heights) > 0.01 * span, f"bars of one group look identical: {heights}"


@pytest.mark.parametrize("which", ["chelsea", "boston"])
def test_cost_chart_shows_the_difference_and_no_identical_bars(which, request):
    costing = request.getfixturevalue(which)
    chart = charts.cost_by_year(costing)
    ax = chart.axes[0]
    _assert_no_identical_bars(ax)
    assert ax.get_ylim()[0] <= 0    # from $0
    names = charts.proposal_names(costing)
    heights = sorted(round(p.get_height(), 2) for p in ax.patches)
    expected = sorted(round(float(v), 2) for n in names
                      for v in select(costing.measures, "diff_baseline", "all_in", n, term=False).reindex(costing.years))
    assert heights == expected       # the figures frame's new money over the status quo, year by year


def test_boston_raise_histogram_is_one_series(boston):
    """The accretion changes no one's base pay raise: one series, named for both scenarios."""
    chart = charts.raise_distribution(boston)
    labels = {t.get_text() for t in chart.figure.legends[0].get_texts()}
    assert labels == {"Status quo and Liaisons in the para unit (the same)"}
    for ax in chart.axes:
        _assert_no_identical_bars(ax)


def test_histogram_years_are_the_costed_years(chelsea):
    chart = charts.raise_distribution(chelsea)
    titles = [ax.get_title() for ax in chart.axes]
    assert titles == [f"{fiscal_year(fy)} over {fiscal_year(fy - 1)}" for fy in chelsea.years]
    first = charts.raise_percents(chelsea)
    assert set(first["fiscal_year"]) == set(chelsea.years)
    # FY2025 under the MOA: 3% + $3,500 on every cell, against a status quo with no raise that year
    medians = first.groupby(["scenario", "fiscal_year"])["raise_pct"].median()
    assert medians[("moa_2024", chelsea.years[0])] > medians[("baseline", chelsea.years[0])] + 0.03


def test_waterfall_is_difference_only_from_zero(boston):
    chart = charts.waterfall(boston, "accretion_2021")
    ax = chart.axes[0]
    assert ax.get_xlim()[0] <= 0 <= ax.get_xlim()[1]
    total = float(select(boston.measures, "diff_baseline", "all_in", "accretion_2021")[TERM])
    widths = [p.get_width() for p in ax.patches]
    assert widths[-1] == pytest.approx(total)                      # the last bar is the total, from $0
    assert sum(widths[:-1]) == pytest.approx(total, abs=0.01)      # the parts add up to it
    assert ax.get_xlim()[1] - ax.get_xlim()[0] < 2 * total         # not an axis of the whole $168M
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(set(labels)) and all("\n" not in lab or len(lab) < 80 for lab in labels)


def test_bridge_chart_labels_on_their_own_rows(chelsea):
    a, b = negotiation.bridge_pairs(chelsea)[-1]
    chart = negotiation.bridge_chart(chelsea, negotiation.bridge_frame(chelsea, a, b))
    ax = chart.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Difference"
    assert ax.get_xlim()[0] <= 0


@pytest.mark.parametrize("ticks", [[2000, 2000.5, 2001, 2001.5], [35000, 37500, 40000, 42500], [0, 5e5, 1e6],
                                   [163.8e6, 163.9e6, 164.0e6, 164.1e6], [-1000, 0, 1000], [0.0, 0.25, 0.5]])
def test_tick_labels_never_repeat(ticks):
    labels = tick_money(ticks)
    assert len(set(labels)) == len(labels), labels


def test_rate_chart_ticks_are_distinct(chelsea):
    for chart in charts.rate_by_step(chelsea.contracts["moa_2024"], chelsea.years):
        for ax in chart.axes:
            if ax.get_visible():
                chart.figure.canvas.draw()
                labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
                assert len(labels) == len(set(labels)), labels


def test_a_year_without_its_year_before_is_said_not_skipped():
    """New Bedford's first year, FY2023, has no rates in force the year before: no panel, and the chart says so."""
    costing = cost_scenario(ROOT / "data/new_bedford/scenario.yaml")[1]
    chart = charts.raise_distribution(costing)
    assert [ax.get_title() for ax in chart.axes] == [f"{fiscal_year(fy)} over {fiscal_year(fy - 1)}"
                                                     for fy in costing.years[1:]]
    assert f"{fiscal_year(costing.years[0])} not shown" in chart.figure._suptitle.get_text()
    assert f"{fiscal_year(costing.years[0])} not shown" in chart.alt


def _overlapping_labels(axes) -> list[tuple[str, str]]:
    """Neighbouring x tick labels that overlap when drawn, on every panel of a figure. Upright labels: their
    boxes overlap. Slanted ones (the same angle): two parallel strips of the text's height overlap when the
    distance between their anchors across the slant is less than that height."""
    import math

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = axes[0].figure
    renderer = FigureCanvasAgg(figure).get_renderer()   # the chart's figure is closed: give it a canvas to draw on
    figure.draw(renderer)
    pairs = []
    for ax in axes:
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        for a, b in zip(labels, labels[1:]):
            angle = math.radians(a.get_rotation())
            if angle == 0:
                clash = a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer))
            else:
                (xa, ya), (xb, yb) = (ax.transData.transform((t.get_position()[0], 0)) for t in (a, b))
                across = abs((xb - xa) * math.sin(angle) - (yb - ya) * math.cos(angle))
                height = max(renderer.get_text_width_height_descent(t.get_text(), t.get_fontproperties(), False)[1]
                             for t in (a, b))
                clash = across < height
            if clash:
                pairs.append((a.get_text(), b.get_text()))
    return pairs


def test_the_turnover_band_years_never_run_together():
    """Newton's compare: four scenarios of five fiscal years each. Upright at 7 pt, 'FY2024' is wider than a
    fifth of a quarter of the page's chart, so the labels ran together ("FY2024FY2025..."); they are slanted
    when the panels are that crowded. The band itself (2 draws) is irrelevant to the labels."""
    charts.use_report_style()
    costing = cost_scenario(ROOT / "data/newton/compare.yaml")[1]
    assert len(costing.contracts) * len(costing.years) > 9
    chart = negotiation.band_chart(costing, negotiation.turnover_band(costing, draws=2, seed=0))
    assert _overlapping_labels(chart.axes) == []
