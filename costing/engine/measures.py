"""The figures frame: every figure of one costing, computed once, as one long table.

One row per scenario, fiscal year, measure and convention::

    scenario  fiscal_year  period  measure           convention  unit     value
    moa_2024  2026         year    change_prior_pct  all_in      percent  30.49
    moa_2024  <NA>         window  change_prior_pct  all_in      percent  52.19   (compounded over the years)

``period`` is ``year`` for one fiscal year and ``window`` for the value over every year costed (its
``fiscal_year`` is missing): dollars summed, year-on-year percents compounded, percents of the
status quo taken of its total; measures with no meaningful value over the window have no such row.
:func:`frame` builds it once per costing from the projections (:class:`~costing.engine.projected.Projections`),
with the measures of :mod:`costing.engine.conventions` and the period rules of :mod:`costing.engine.periods`;
``costing project`` (the wide :func:`wide` selection, ``Costing.figures``), compare, the bridge, the
report, the workbook and the what-if page select from it with :func:`select` and :func:`value`, and
never compute a figure of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.vocabulary import BENEFIT_FAMILIES, FAMILIES, OTHER_FAMILIES, SALARY_FAMILIES
from . import dates as d
from .conventions import REGISTRY
from .figures import family_table
from .periods import STATUS_QUO, Basis
from .projected import Projections

COLUMNS = ["scenario", "fiscal_year", "period", "measure", "convention", "unit", "value"]
YEAR, WINDOW = "year", "window"


def basis(p: Projections) -> Basis:
    """Per scenario and fiscal year (each scenario's year before the window included where it could be
    costed): the sums every measure is a function of, with the period rules (:class:`~costing.engine.periods.Basis`).

    Columns: each component family, ``total``/``salary``/``benefits``/``other_costs`` (sums of the
    families, to the cent), ``base_without_steps`` (everyone held on their roster-date step),
    ``year_end_pay``/``year_end_pay_held``/``year_end_fte``/``headcount`` (on the year's last day),
    ``rollup_on_base`` (percent, on the year's first day) and ``in_window`` (a year costed).
    """
    fam = pd.concat([family_table(p.results), *(family_table(f) for f in p.priors.values() if len(f))],
                    ignore_index=True)
    fam["scenario"] = fam["scenario"].astype(str)
    out = fam.set_index(["scenario", "fiscal_year"])[list(FAMILIES)].astype(float)
    # a prior year costed with nobody employed in it costs 0.00 (a new program), not "unknown"
    empty = pd.MultiIndex.from_tuples([(s, p.years[0] - 1) for s in p.priors], names=out.index.names)
    out = pd.concat([out, pd.DataFrame(0.0, index=empty.difference(out.index), columns=out.columns)])
    costed = out.index
    ends = pd.MultiIndex.from_tuples(list(p.year_end_pay), names=out.index.names)
    out = out.reindex(costed.append(ends.difference(costed)))
    out["total"] = out[list(FAMILIES)].sum(axis=1, min_count=1).round(2)
    for part, members in (("salary", SALARY_FAMILIES), ("benefits", BENEFIT_FAMILIES), ("other_costs", OTHER_FAMILIES)):
        out[part] = out[list(members)].sum(axis=1, min_count=1).round(2)
    years = out.index.get_level_values("fiscal_year")
    out["in_window"] = out.index.isin(costed) & years.isin(p.years)
    held = pd.Series({k: round(v, 2) for k, v in p.base_without_steps.items()}, dtype=float)
    # the year before the window is costed on the steps held then, and its base pay at the
    # roster-date steps is projected like every year's (docs/method.md)
    out["base_without_steps"] = held.reindex(out.index).to_numpy()
    for column, values in (("year_end_pay", p.year_end_pay), ("year_end_pay_held", p.year_end_pay_held),
                           ("year_end_fte", p.year_end_fte),
                           ("headcount", {k: len(v) for k, v in p.placements.items()})):
        out[column] = pd.Series(values, dtype=float).reindex(out.index).to_numpy()
    out["rollup_on_base"] = [_rollup_on_base(p, s, fy) for s, fy in out.index]
    return Basis.of(out)


def _rollup_on_base(p: Projections, scenario: str, fiscal_year: int) -> float:
    """Roll-up percent on base pay in force on the fiscal year's first day (for the cost of 1%)."""
    contract = p.contracts[scenario]
    first, _ = d.fiscal_year_bounds(fiscal_year, contract.fiscal_year_start)
    return float(sum(r.rate_on(first) for r in contract.rollup if "base" in r.applies_to_on(first)))


def frame(p: Projections) -> pd.DataFrame:
    """The figures frame of one costing (columns :data:`COLUMNS`): every registered measure, each
    year costed and over the window."""
    b = basis(p)
    order = list(p.contracts)
    names = [s for s in order if s in b.window_rows]
    keys = [(s, int(b.sums.index[r][1])) for s in names for r in b.window_rows[s]]
    rows = np.concatenate([b.window_rows[s] for s in names])
    parts = []
    for m in REGISTRY.values():
        values = np.asarray(m.compute(b), dtype=float)
        parts += [(s, fy, YEAR, m.measure, m.convention, m.unit, v) for (s, fy), v in zip(keys, values[rows])]
        if m.window is not None:
            parts += [(s, None, WINDOW, m.measure, m.convention, m.unit, m.window(values, b.window_rows[s], b))
                      for s in names]
    out = pd.DataFrame(parts, columns=COLUMNS)
    out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    out["value"] = out["value"].astype(float) + 0.0  # never -0.0
    rank = {s: i for i, s in enumerate(order)}
    out = out.sort_values(["scenario", "fiscal_year"], key=lambda c: c.map(rank) if c.name == "scenario" else c,
                          kind="stable", na_position="last")
    return out.reset_index(drop=True)


def select(figures: pd.DataFrame, measure: str, convention: str, scenario: str | None = None,
           window: bool = True) -> pd.Series:
    """One measure under one convention: a value per fiscal year, then (with ``window``) ``"window"``,
    the value over every year costed, where the measure has one.

    Indexed by fiscal year when ``scenario`` is given, else by (scenario, fiscal year). A measure,
    convention or scenario the frame does not have is a KeyError naming it, never an empty series.
    """
    rows = figures[(figures["measure"] == measure) & (figures["convention"] == convention)]
    if rows.empty:
        raise KeyError(f"the figures frame has no measure {measure!r} under convention {convention!r}")
    if scenario is not None:
        rows = rows[rows["scenario"] == scenario]
        if rows.empty:
            raise KeyError(f"the figures frame has no scenario {scenario!r}")
    if not window:
        rows = rows[rows["period"] == YEAR]
        years = pd.Index(rows["fiscal_year"].astype("int64").to_numpy(), name="fiscal_year")
    else:
        years = pd.Index([WINDOW if p == WINDOW else int(y) for p, y in zip(rows["period"], rows["fiscal_year"])],
                         name="fiscal_year", dtype=object)
    if scenario is not None:
        return pd.Series(rows["value"].to_numpy(), index=years, name=measure)
    index = pd.MultiIndex.from_arrays([rows["scenario"].to_numpy(), years], names=["scenario", "fiscal_year"])
    return pd.Series(rows["value"].to_numpy(), index=index, name=measure)


def value(figures: pd.DataFrame, scenario: str, measure: str, convention: str, fiscal_year: int | str = WINDOW) -> float:
    """One figure: a scenario's measure under a convention in one fiscal year (default: over the window)."""
    series = select(figures, measure, convention, scenario)
    if fiscal_year not in series.index:
        raise KeyError(f"the figures frame has no {measure!r} ({convention}) for {scenario!r} in {fiscal_year!r}")
    return float(series[fiscal_year])


# The wide summary (``Costing.figures``, the columns ``costing project`` prints): column -> (measure, convention).
# Issue 25 reshapes the public tables; until then these names stay as they are.
WIDE: tuple[tuple[str, str, str], ...] = (
    *((f, "cost", f) for f in FAMILIES),
    ("total", "cost", "all_in"), ("salary", "cost", "salary"), ("benefits", "cost", "benefits"),
    ("other_costs", "cost", "other_costs"), ("prior_year_total", "prior_year_cost", "all_in"),
    ("change_prior", "change_prior", "all_in"), ("change_prior_pct", "change_prior_pct", "all_in"),
    ("baseline_total", "cost", "all_in"),   # of the status quo, in the same year
    ("diff_baseline", "diff_baseline", "all_in"), ("diff_baseline_pct", "diff_baseline_pct", "all_in"),
    ("cumulative_diff_baseline", "cumulative_diff_baseline", "all_in"),
    ("status_quo_prior_year_total", "prior_year_cost", "all_in"),   # of the status quo, before the first year
    ("base_without_steps", "cost", "base_fixed"),
    ("step_movement", "step_movement_since_roster_date", "roster_date_steps"),
    ("step_movement_in_year", "step_movement_in_year", "roster_date_steps"),
    ("schedule_changes", "rate_changes", "base_fixed"), ("cost_of_1pct", "cost_of_1pct", "base_with_rollup"),
    ("year_end_annual_base", "year_end_annual_base", "year_end_rates"), ("lift_pct", "change_prior_pct", "lift"),
    ("schedule_lift_pct", "change_prior_pct", "atb_rate"), ("annualization", "annualization", "year_end_rates"),
    ("fte_year_end", "fte", "year_end"), ("headcount_year_end", "headcount", "year_end"),
    ("avg_base_per_fte", "per_fte", "base"), ("cost_per_fte", "per_fte", "all_in"),
    ("compounded_lift_pct", "compounded_change_prior_pct", "lift"),
)


def wide(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario and fiscal year, one column per figure (:data:`WIDE`): a selection from the frame."""
    years = figures[figures["period"] == YEAR]
    table = years.pivot(index=["scenario", "fiscal_year"], columns=["measure", "convention"], values="value")
    out = pd.DataFrame({column: table[(m, c)] for column, m, c in WIDE}, index=table.index)
    status_quo = out.xs(STATUS_QUO, level="scenario")
    fiscal_years = out.index.get_level_values("fiscal_year")
    out["baseline_total"] = status_quo["total"].reindex(fiscal_years).to_numpy()
    out["status_quo_prior_year_total"] = status_quo["prior_year_total"].get(int(fiscal_years.min()), float("nan"))
    out["headcount_year_end"] = out["headcount_year_end"].fillna(0).astype("int64")
    out = out.reset_index()
    out["scenario"] = pd.Categorical(out["scenario"], categories=sorted(out["scenario"].unique()))
    out["fiscal_year"] = out["fiscal_year"].astype("int64")
    return out.sort_values(["scenario", "fiscal_year"]).reset_index(drop=True)


__all__ = ["basis", "frame", "select", "value", "wide", "COLUMNS", "YEAR", "WINDOW", "WIDE"]
