"""Every measure of the figures frame under every convention: one function each, registered once.

A *measure* says what is shown (cost, new money over the prior year, new money over the status quo,
step movement, cost of 1%...); a *convention* says what it counts (all-in cost, salary, base pay at
roster-date steps, year-end rates...). Each (measure, convention) pair is one :class:`Measure`: a
function of the costing's basis (:func:`costing.engine.measures.basis`: per scenario and fiscal year,
the year before the window included, the sums every figure starts from), its unit, and how it is
carried over the window. To change a convention, edit its function; to add one, add a function to
:data:`COUNTED` (what a dollar figure counts) or :data:`RATES` (what a percent compares), or register
a measure with :func:`measure`. Comparisons across years and with the status quo go through
:mod:`costing.engine.periods` only.

The names are those of docs/glossary.md (``costing.report.glossary``): a percent's convention is a
glossary convention key (all_in, salary, recurring, base_with_steps, base_fixed, atb_rate, lift).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..inputs.vocabulary import FAMILIES
from . import periods as per
from .figures import pct
from .periods import Basis

Values = np.ndarray
"""A value per row of the basis (scenario and fiscal year, the year before the window included)."""
Window = Callable[[Values, np.ndarray, Basis], float]
"""How the values of one scenario's years costed (their rows given) make its value over the window."""

DOLLARS, PERCENT, COUNT, FTE = "dollars", "percent", "count", "fte"


@dataclass(frozen=True)
class Measure:
    measure: str
    convention: str
    unit: str
    compute: Callable[[Basis], Values]
    window: Window | None            # the value over the window, or None: none is meaningful


REGISTRY: dict[tuple[str, str], Measure] = {}


def measure(name: str, convention: str, unit: str, window: Window | None = None):
    """Register a function of the basis as the measure ``name`` under ``convention`` (once)."""
    def register(compute: Callable[[Basis], Values]) -> Callable[[Basis], Values]:
        key = (name, convention)
        if key in REGISTRY:
            raise ValueError(f"measure {key} is registered twice")
        REGISTRY[key] = Measure(name, convention, unit, compute, window)
        return compute
    return register


def by_sum(values: Values, rows: np.ndarray, _b: Basis) -> float:
    return per.window_sum(values[rows])


def by_compounding(values: Values, rows: np.ndarray, _b: Basis) -> float:
    return per.window_compound(values[rows])


# ---- what a dollar figure counts ----------------------------------------------------------------

def all_in(b: Basis) -> Values:
    """Everything the district pays: salary, benefits and other costs."""
    return b["total"]


def salary(b: Basis) -> Values:
    return b["salary"]


def benefits(b: Basis) -> Values:
    return b["benefits"]


def other_costs(b: Basis) -> Values:
    return b["other_costs"]


def recurring(b: Basis) -> Values:
    """All-in less one-time and retroactive payments: what carries into the next year."""
    return np.round(b["total"] - b["one_time"] - b["retro"], 2)


def base_fixed(b: Basis) -> Values:
    """Base pay with everyone held on their roster-date lane and step: the rate changes alone."""
    return b["base_without_steps"]


def _family(name: str) -> Callable[[Basis], Values]:
    def family(b: Basis) -> Values:
        return b[name]
    family.__doc__ = f"The {name} family of components."
    return family


COUNTED: dict[str, Callable[[Basis], Values]] = {
    "all_in": all_in, "salary": salary, "benefits": benefits, "other_costs": other_costs, "recurring": recurring,
    "base_fixed": base_fixed, **{f: _family(f) for f in FAMILIES}}
"""Dollar conventions: the parts of total compensation, and each component family by its name."""


# ---- what a percent compares ------------------------------------------------------------------------

def atb_rate(b: Basis) -> Values:
    """Year-end annual base pay with everyone held on their roster-date step: its change is the raise as quoted."""
    return b["year_end_pay_held"]


def lift(b: Basis) -> Values:
    """Year-end annual base pay with step movement: what the next year starts from."""
    return b["year_end_pay"]


RATES: dict[str, Callable[[Basis], Values]] = {
    "all_in": all_in, "salary": salary, "recurring": recurring, "base_with_steps": _family("base"),
    "base_fixed": base_fixed, "atb_rate": atb_rate, "lift": lift}
"""Percent conventions (the glossary's): the sum whose change over the prior year each percent is."""


def _register_per_convention() -> None:
    """Each dollar measure under every dollar convention, each percent under every percent convention."""
    for name, counted in COUNTED.items():
        measure("cost", name, DOLLARS, by_sum)(counted)
        measure("prior_year_cost", name, DOLLARS)(lambda b, c=counted: per.prior(c(b), b))
        measure("change_prior", name, DOLLARS, by_sum)(lambda b, c=counted: per.change_over_prior(c(b), b))
        measure("diff_baseline", name, DOLLARS, by_sum)(lambda b, c=counted: _over_status_quo(c(b), b))
        measure("diff_baseline_pct", name, PERCENT, _of_status_quo(counted))(
            lambda b, c=counted: pct(_over_status_quo(c(b), b), per.status_quo(c(b), b)))
        measure("diff_baseline_share", name, PERCENT, _share_window(counted))(
            lambda b, c=counted: pct(_over_status_quo(c(b), b), _over_status_quo(all_in(b), b)))
        measure("cumulative_diff_baseline", name, DOLLARS)(
            lambda b, c=counted: per.running_total(_over_status_quo(c(b), b), b))
    for name, compared in RATES.items():
        measure("change_prior_pct", name, PERCENT, by_compounding)(
            lambda b, c=compared: per.percent_over_prior(c(b), b))
        measure("compounded_change_prior_pct", name, PERCENT)(
            lambda b, c=compared: per.compounded_to_date(per.percent_over_prior(c(b), b), b))


def _over_status_quo(values: Values, b: Basis) -> Values:
    return np.round(values - per.status_quo(values, b), 2)


def _of_status_quo(counted: Callable[[Basis], Values]) -> Window:
    def window(_values: Values, rows: np.ndarray, b: Basis) -> float:
        """New money over the status quo over the window, of the status quo's cost over the window."""
        dollars = counted(b)
        return per.window_ratio(_over_status_quo(dollars, b)[rows], per.status_quo(dollars, b)[rows])
    return window


def _share_window(counted: Callable[[Basis], Values]) -> Window:
    def window(_values: Values, rows: np.ndarray, b: Basis) -> float:
        """This part's new money over the window, of all new money over the window."""
        return per.window_ratio(_over_status_quo(counted(b), b)[rows], _over_status_quo(all_in(b), b)[rows])
    return window


_register_per_convention()


# ---- measures with one convention -------------------------------------------------------------------

@measure("step_movement_since_roster_date", "roster_date_steps", DOLLARS)
def step_movement_since_roster_date(b: Basis) -> Values:
    """Base pay less base pay with nobody moving a step since the roster date (cumulative)."""
    return np.round(b["base"] - b["base_without_steps"], 2)


@measure("step_movement_in_year", "roster_date_steps", DOLLARS, by_sum)
def step_movement_in_year(b: Basis) -> Values:
    """This year's step movement since the roster date less last year's. Before the window nobody has
    moved a step since the roster date, so the first year's is all its own (also when the year before
    could not be costed)."""
    cumulative = step_movement_since_roster_date(b)
    return np.round(cumulative - np.nan_to_num(per.prior(cumulative, b), nan=0.0), 2)


@measure("rate_changes", "base_fixed", DOLLARS, by_sum)
def rate_changes(b: Basis) -> Values:
    """Base pay under the scenario's rate tables less the status quo's, everyone on their roster-date
    steps in both: the same figure the reconciliation splits into full-year size and timing."""
    return _over_status_quo(b["base_without_steps"], b)


@measure("cost_of_1pct", "base_with_rollup", DOLLARS)
def cost_of_1pct(b: Basis) -> Values:
    """1% of base pay with the roll-up rates on base pay in force on the year's first day."""
    return np.round(b["base"] * 0.01 * (1 + b["rollup_on_base"] / 100), 2)


@measure("year_end_annual_base", "year_end_rates", DOLLARS)
def year_end_annual_base(b: Basis) -> Values:
    """Everyone employed on the year's last day at that day's annual rate times FTE."""
    return np.round(b["year_end_pay"], 2)


@measure("annualization", "year_end_rates", DOLLARS)
def annualization(b: Basis) -> Values:
    """Year-end annual base less base pay costed in the year: what the next year starts with."""
    return np.round(b["year_end_pay"] - b["base"], 2) + 0.0   # + 0.0: never -0.00


@measure("headcount", "year_end", COUNT)
def headcount(b: Basis) -> Values:
    """People employed on the year's last day."""
    return b["headcount"]


@measure("fte", "year_end", FTE)
def fte(b: Basis) -> Values:
    """Full-time equivalents employed on the year's last day."""
    return np.round(b["year_end_fte"], 4)


def _per_fte(values: Values, b: Basis) -> Values:
    fte = b["year_end_fte"]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.round(np.where(fte != 0, values / fte, np.nan), 2)


@measure("per_fte", "all_in", DOLLARS)
def cost_per_fte(b: Basis) -> Values:
    """All-in cost over FTE employed on the year's last day."""
    return _per_fte(b["total"], b)


@measure("per_fte", "base", DOLLARS)
def base_per_fte(b: Basis) -> Values:
    """Base pay over FTE employed on the year's last day."""
    return _per_fte(b["base"], b)


__all__ = ["REGISTRY", "Measure", "measure", "COUNTED", "RATES", "DOLLARS", "PERCENT", "COUNT", "FTE"]
