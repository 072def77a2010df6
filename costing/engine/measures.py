"""The figures frame: every figure of one costing, computed once, as one long table.

One row per scenario, fiscal year, measure, convention and population::

    scenario  fiscal_year  period  in_term  measure           convention  population   unit     value
    moa_2024  2026         year    True     change_prior_pct  atb_rate    same_group   percent  0.1133
    moa_2024  2026         year    True     change_prior      all_in      leavers      dollars  -41,200.00
    moa_2024  <NA>         term    True     change_prior_pct  atb_rate    same_group   percent  0.4086   (compounded)

``period`` is ``year`` for one fiscal year and ``term`` for the value over the fiscal years of the
contract term that were costed (its ``fiscal_year`` is missing): dollars summed, year-on-year rates
compounded (their simple sum is the measure ``simple_sum_pct``), rates of the status quo taken of
its total; measures with no meaningful value over the term have no such row. ``in_term`` flags the
years costed inside the term (:func:`costing.engine.periods.term_years`): a year costed beyond the
term (Newton's FY2028) is shown apart and never counted "over the term". Rates are fractions
(0.025 is 2.5%). :func:`frame` builds it once per costing from the projections
(:class:`~costing.engine.projected.Projections`), with the measures of
:mod:`costing.engine.conventions`, the populations of :mod:`costing.engine.groups` and the period
rules of :mod:`costing.engine.periods`; ``costing project`` (the wide :func:`wide` selection,
``Costing.figures``), compare, the bridge, the report, the workbook and the what-if page select
from it with :func:`select` and :func:`value`, and never compute a figure of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..inputs.vocabulary import BENEFIT_FAMILIES, FAMILIES, OTHER_FAMILIES, SALARY_FAMILIES
from . import dates as d
from . import groups as g
from .conventions import BUDGET_LINE, REGISTRY, STATED
from .periods import STATUS_QUO, Basis, term_years
from .projected import Projections
from .results import family_sums

COLUMNS = ["scenario", "fiscal_year", "period", "in_term", "measure", "convention", "population", "unit", "value"]
YEAR, TERM = "year", "term"
RATE_MEASURES = ("change_prior_pct", "compounded_change_prior_pct", "simple_sum_pct")
DEFAULT_POPULATION = {**{m: g.SAME_GROUP for m in RATE_MEASURES}, "annualization": g.FULL_YEAR}
"""The population a measure is selected for when none is named and it has several: rates measure the
same group (docs/method.md); annualization, full-year staff; everything else, the budget line."""


def basis(p: Projections, term: tuple[dt.date, dt.date] | None = None,
          quoted: Mapping[tuple[str, int], float] | None = None) -> Basis:
    """Per scenario and fiscal year (each scenario's year before the window included where it could be
    costed): the sums every measure is a function of, with the period rules (:class:`~costing.engine.periods.Basis`).

    Columns: each component family, ``total``/``salary``/``benefits``/``other_costs`` (sums of the
    families, to the cent), ``base_without_steps`` (everyone held on their roster-date step),
    ``year_end_pay``/``year_end_pay_held``/``year_end_fte``/``headcount`` (on the year's last day),
    ``rollup_on_base`` (a fraction, on the year's first day), ``quoted`` (the raise the proposals
    state: :mod:`costing.engine.quoted`) and ``in_window`` (a year costed); and each population's
    sums (:func:`costing.engine.groups.group_sums`). ``term``: the contract term's first and last day.
    """
    fam = family_sums([*p.parts, *p.prior_parts.values()])  # summed from each year's rows: no long table built
    out = fam.set_index(["scenario", "fiscal_year"])[list(FAMILIES)].astype(float)
    # a prior year costed with nobody employed in it costs 0.00 (a new program), not "unknown"
    empty = pd.MultiIndex.from_tuples([(s, p.years[0] - 1) for s in p.prior_parts], names=out.index.names)
    out = pd.concat([out, pd.DataFrame(0.0, index=empty.difference(out.index), columns=out.columns)])
    costed = out.index
    ends = pd.MultiIndex.from_tuples(list(p.year_end_pay), names=out.index.names)
    out = out.reindex(costed.append(ends.difference(costed))).sort_index()
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
                           ("headcount", p.year_end_headcount)):
        out[column] = pd.Series(values, dtype=float).reindex(out.index).to_numpy()
    out["rollup_on_base"] = [_rollup_on_base(p, s, fy) for s, fy in out.index]
    out["quoted"] = [(quoted or {}).get((s, fy), 0.0 if s == STATUS_QUO else np.nan) for s, fy in out.index]
    rows = list(out.index)
    in_window = out["in_window"].to_numpy(dtype=bool)
    row = {key: i for i, key in enumerate(rows)}
    prior_row = np.array([row.get((s, y - 1), -1) for s, y in rows])
    groups = g.group_sums(p, rows, in_window, prior_row) if p.people else {}
    start = p.contracts[STATUS_QUO].fiscal_year_start
    term_of = {s: term_years(p.years, term, start) for s in p.contracts}
    return Basis.of(out, term_of, groups)


def _rollup_on_base(p: Projections, scenario: str, fiscal_year: int) -> float:
    """Roll-up rate on base pay in force on the fiscal year's first day, a fraction (for the cost of 1%)."""
    contract = p.contracts[scenario]
    first, _ = d.fiscal_year_bounds(fiscal_year, contract.fiscal_year_start)
    return float(sum(r.rate_on(first) for r in contract.rollup if "base" in r.applies_to_on(first))) / 100.0


def frame(p: Projections, term: tuple[dt.date, dt.date] | None = None,
          quoted: Mapping[tuple[str, int], float] | None = None) -> pd.DataFrame:
    """The figures frame of one costing (columns :data:`COLUMNS`): every registered measure, each
    year costed and over the term."""
    b = basis(p, term, quoted)
    order = list(p.contracts)
    names = [s for s in order if s in b.window_rows]
    keys = [(s, int(b.sums.index[r][1]), bool(b.in_term[r])) for s in names for r in b.window_rows[s]]
    rows = np.concatenate([b.window_rows[s] for s in names])
    parts = []
    for m in REGISTRY.values():
        if m.population not in (BUDGET_LINE, STATED) and not b.groups:
            continue
        values = np.asarray(m.compute(b), dtype=float)
        if m.years:
            parts += [(s, fy, YEAR, inside, m.measure, m.convention, m.population, m.unit, v)
                      for (s, fy, inside), v in zip(keys, values[rows])]
        if m.term is not None:
            parts += [(s, None, TERM, True, m.measure, m.convention, m.population, m.unit,
                       m.term(values, b.term_rows[s], b)) for s in names]
    out = pd.DataFrame(parts, columns=COLUMNS)
    out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    out["value"] = out["value"].astype(float) + 0.0  # never -0.0
    rank = {s: i for i, s in enumerate(order)}
    out = out.sort_values(["scenario", "fiscal_year"], key=lambda c: c.map(rank) if c.name == "scenario" else c,
                          kind="stable", na_position="last")
    return out.reset_index(drop=True)


def _rows(figures: pd.DataFrame, measure: str, convention: str, population: str | None) -> np.ndarray:
    """The positions of the measure's rows for the population, in the frame's order. The columns are compared as
    arrays: a boolean mask over the DataFrame itself made a new frame at each step (1 ms a selection, 0.2 s of a
    report's notebook); this is about 50 microseconds, and reads the frame as it is now (no cache to go stale)."""
    rows = np.flatnonzero((figures["measure"].to_numpy() == measure) & (figures["convention"].to_numpy() == convention))
    if not len(rows):
        raise KeyError(f"the figures frame has no measure {measure!r} under convention {convention!r}")
    populations = figures["population"].to_numpy()[rows]
    have = list(dict.fromkeys(populations))
    if population is None:
        population = have[0] if len(have) == 1 else DEFAULT_POPULATION.get(measure, BUDGET_LINE)
    if population not in have:
        raise KeyError(f"the figures frame has no measure {measure!r} ({convention}) for population {population!r}"
                       f" (it has {', '.join(have)})")
    return rows[populations == population]


def select(figures: pd.DataFrame, measure: str, convention: str, scenario: str | None = None,
           term: bool = True, population: str | None = None) -> pd.Series:
    """One measure under one convention for one population: a value per fiscal year, then (with
    ``term``) ``"term"``, the value over the term's years costed, where the measure has one.

    ``population`` defaults to the measure's own (:data:`DEFAULT_POPULATION`: rates measure the
    same group) when the frame has several. Indexed by fiscal year when ``scenario`` is given, else
    by (scenario, fiscal year). A measure, convention, population or scenario the frame does not
    have is a KeyError naming it, never an empty series.
    """
    rows = _rows(figures, measure, convention, population)
    scenarios = figures["scenario"].to_numpy()[rows]
    if scenario is not None:
        rows, scenarios = rows[scenarios == scenario], scenarios[scenarios == scenario]
        if not len(rows):
            raise KeyError(f"the figures frame has no scenario {scenario!r}")
    periods = figures["period"].to_numpy()[rows]
    if not term:
        rows, scenarios = rows[periods == YEAR], scenarios[periods == YEAR]
        years = pd.Index(figures["fiscal_year"].to_numpy(dtype=object)[rows].astype("int64"), name="fiscal_year")
    else:
        fiscal = figures["fiscal_year"].to_numpy(dtype=object)[rows]
        years = pd.Index([TERM if p == TERM else int(y) for p, y in zip(periods, fiscal)], name="fiscal_year",
                         dtype=object)
    values = figures["value"].to_numpy(dtype=float)[rows]
    if scenario is not None:
        return pd.Series(values, index=years, name=measure)
    index = pd.MultiIndex.from_arrays([scenarios, years], names=["scenario", "fiscal_year"])
    return pd.Series(values, index=index, name=measure)


def value(figures: pd.DataFrame, scenario: str, measure: str, convention: str, fiscal_year: int | str = TERM,
          population: str | None = None) -> float:
    """One figure: a scenario's measure under a convention in one fiscal year (default: over the term)."""
    series = select(figures, measure, convention, scenario, population=population)
    if fiscal_year not in series.index:
        raise KeyError(f"the figures frame has no {measure!r} ({convention}) for {scenario!r} in {fiscal_year!r}")
    return float(series[fiscal_year])


def term_years_of(figures: pd.DataFrame, scenario: str) -> list[int]:
    """The scenario's fiscal years costed inside the contract term, in order."""
    inside = ((figures["scenario"].to_numpy() == scenario) & (figures["period"].to_numpy() == YEAR)
              & figures["in_term"].to_numpy(dtype=bool))
    return sorted({int(y) for y in figures["fiscal_year"].to_numpy(dtype=object)[inside]})


def headline_year(figures: pd.DataFrame, scenario: str) -> int:
    """The term's last fiscal year costed: the year a headline quotes (never a year beyond the term)."""
    years = term_years_of(figures, scenario)
    if not years:
        raise KeyError(f"the figures frame has no year of {scenario!r} inside the term")
    return years[-1]


# The wide summary (``Costing.figures``, the columns ``costing project`` prints):
# column -> (measure, convention, population). A row per scenario and fiscal year, and a row over the term.
WIDE: tuple[tuple[str, str, str, str], ...] = (
    ("total", "cost", "all_in", BUDGET_LINE), ("salary", "cost", "salary", BUDGET_LINE),
    ("benefits", "cost", "benefits", BUDGET_LINE), ("other_costs", "cost", "other_costs", BUDGET_LINE),
    *((f, "cost", f, BUDGET_LINE) for f in FAMILIES),
    ("prior_year_total", "prior_year_cost", "all_in", BUDGET_LINE),
    ("change_prior", "change_prior", "all_in", BUDGET_LINE),
    ("change_prior_pct", "change_prior_pct", "all_in", BUDGET_LINE),
    *((f"{line}_change", "change_prior", "all_in", line) for line in g.LINES),
    ("same_group_people", "people", "employed", g.SAME_GROUP),
    ("same_group_pct", "change_prior_pct", "all_in", g.SAME_GROUP),
    ("recurring_pct", "change_prior_pct", "recurring", g.SAME_GROUP),
    ("base_with_steps_pct", "change_prior_pct", "base_with_steps", g.SAME_GROUP),
    ("base_fixed_pct", "change_prior_pct", "base_fixed", g.SAME_GROUP),
    ("atb_rate_pct", "change_prior_pct", "atb_rate", g.SAME_GROUP),
    ("atb_rate_simple_sum_pct", "simple_sum_pct", "atb_rate", g.SAME_GROUP),
    ("lift_pct", "change_prior_pct", "lift", g.SAME_GROUP),
    ("quoted_pct", "change_prior_pct", "quoted", STATED),
    ("quoted_simple_sum_pct", "simple_sum_pct", "quoted", STATED),
    ("diff_baseline", "diff_baseline", "all_in", BUDGET_LINE),
    ("diff_baseline_pct", "diff_baseline_pct", "all_in", BUDGET_LINE),
    ("cumulative_diff_baseline", "cumulative_diff_baseline", "all_in", BUDGET_LINE),
    ("new_positions_cost", "cost", "all_in", g.NEW_POSITIONS),
    ("baseline_total", "cost", "all_in", BUDGET_LINE),   # of the status quo, in the same year
    ("status_quo_prior_year_total", "prior_year_cost", "all_in", BUDGET_LINE),   # of the status quo, the first year's
    ("run_rate", "run_rate", "all_in", BUDGET_LINE), ("run_rate_pct", "run_rate_pct", "all_in", BUDGET_LINE),
    ("base_without_steps", "cost", "base_fixed", BUDGET_LINE),
    ("step_movement", "step_movement_since_roster_date", "roster_date_steps", BUDGET_LINE),
    ("step_movement_in_year", "step_movement_in_year", "roster_date_steps", BUDGET_LINE),
    ("schedule_changes", "rate_changes", "base_fixed", BUDGET_LINE),
    ("cost_of_1pct", "cost_of_1pct", "base_with_rollup", BUDGET_LINE),
    ("year_end_annual_base", "year_end_annual_base", "year_end_rates", BUDGET_LINE),
    ("annualization", "annualization", "year_end_rates", g.FULL_YEAR),
    ("fte_year_end", "fte", "year_end", BUDGET_LINE), ("headcount_year_end", "headcount", "year_end", BUDGET_LINE),
    ("all_in_per_fte", "per_fte", "all_in", BUDGET_LINE), ("salary_per_fte", "per_fte", "salary", BUDGET_LINE),
    ("base_per_fte", "per_fte", "base", BUDGET_LINE),
)
KEY_COLUMNS = ["scenario", "label", "fiscal_year", "period", "in_term"]


DERIVED = ("baseline_total", "status_quo_prior_year_total")
"""Columns of another scenario's figures: the status quo's, beside each scenario's own."""


def wide(figures: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per scenario and fiscal year, then one over the term, one column per figure (:data:`WIDE`):
    a selection from the frame. Columns :data:`KEY_COLUMNS` then the figures; rates are fractions."""
    budget = figures["population"] == BUDGET_LINE
    keys = figures[(figures["measure"] == "cost") & (figures["convention"] == "all_in") & budget]
    keys = keys[["scenario", "fiscal_year", "period", "in_term"]].reset_index(drop=True)
    year = lambda f: f["fiscal_year"].astype("float").fillna(-1).astype("int64").to_numpy()  # noqa: E731 - -1: the term
    direct = {(m, c, p): column for column, m, c, p in WIDE if column not in DERIVED}
    column = pd.Series(list(zip(figures["measure"], figures["convention"], figures["population"])),
                       index=figures.index).map(direct)
    chosen = figures[column.notna()]
    table = pd.DataFrame({"scenario": chosen["scenario"].to_numpy(), "_year": year(chosen),
                          "_column": column[column.notna()].to_numpy(), "value": chosen["value"].to_numpy()})
    table = table.pivot(index=["scenario", "_year"], columns="_column", values="value")
    out = keys.copy()
    at = pd.MultiIndex.from_arrays([keys["scenario"].to_numpy(), year(keys)])
    table = table.reindex(at)
    for name, *_ in WIDE:
        out[name] = table[name].to_numpy() if name in table.columns else np.nan
    status_quo = table.xs(STATUS_QUO, level=0) if STATUS_QUO in table.index.get_level_values(0) else None
    if status_quo is not None:
        out["baseline_total"] = status_quo["total"].reindex(year(keys)).to_numpy()
        years = status_quo["prior_year_total"].drop(-1, errors="ignore")   # the first year's: NaN if not costable
        out["status_quo_prior_year_total"] = np.where(out["period"] == YEAR, years.iloc[0] if len(years) else np.nan, np.nan)
    out["headcount_year_end"] = out["headcount_year_end"].astype("Int64")
    out["same_group_people"] = out["same_group_people"].astype("Int64")
    out.insert(1, "label", [(labels or {}).get(s, s) for s in out["scenario"]])
    out["in_term"] = out["in_term"].astype(bool)
    return out.reset_index(drop=True)


__all__ = ["basis", "frame", "select", "value", "wide", "term_years_of", "headline_year", "COLUMNS", "YEAR", "TERM",
           "WIDE", "DERIVED", "KEY_COLUMNS", "DEFAULT_POPULATION", "RATE_MEASURES"]
