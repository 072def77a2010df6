"""Every measure of the figures frame under every convention and population: one function each, registered once.

A *measure* says what is shown (cost, new money over the prior year, new money over the status quo,
the run rate, cost of 1%...); a *convention* says what it counts (all-in cost, salary, base pay at
roster-date steps, year-end rates, the percents a proposal quotes...); a *population* says whose
pay it counts: the **budget line** (everyone costed), the **same group** (people employed through
both years of a comparison, at equal FTE: every rate convention measures them), the lines that
explain the difference (leavers, hires, new positions, changes in FTE, unit-level lines:
:mod:`costing.engine.groups`), **full-year staff** (annualization) or **as stated** (the quoted
raise). Each (measure, convention, population) is one :class:`Measure`: a function of the
costing's basis (:func:`costing.engine.measures.basis`), its unit, and how it is carried over the
term. To change a convention, edit its function; to add one, add a function to :data:`COUNTED`
(what a dollar figure counts) or :data:`RATES` (what a rate compares), or register a measure with
:func:`measure`. Comparisons across years, with the status quo and over the term go through
:mod:`costing.engine.periods` only. Rates are fractions (0.025 is 2.5%).

The names are those of docs/glossary.md (``costing.report.glossary``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..inputs.vocabulary import FAMILIES
from . import groups as g
from . import periods as per
from .figures import pct
from .periods import Basis

Values = np.ndarray
"""A value per row of the basis (scenario and fiscal year, the year before the window included)."""
Term = Callable[[Values, np.ndarray, Basis], float]
"""How the values of one scenario's years in the term (their rows given) make its value over the term."""

DOLLARS, PERCENT, COUNT, FTE = "dollars", "percent", "count", "fte"
BUDGET_LINE, STATED = "budget_line", "stated"
POPULATIONS = (BUDGET_LINE, *g.LINES, g.FULL_YEAR, STATED)


@dataclass(frozen=True)
class Measure:
    measure: str
    convention: str
    population: str
    unit: str
    compute: Callable[[Basis], Values]
    term: Term | None            # the value over the term, or None: none is meaningful
    years: bool = True           # a value for each year (False: over the term only)


REGISTRY: dict[tuple[str, str, str], Measure] = {}


def measure(name: str, convention: str, unit: str, term: Term | None = None, population: str = BUDGET_LINE,
            years: bool = True):
    """Register a function of the basis as the measure ``name`` under ``convention`` for ``population`` (once)."""
    def register(compute: Callable[[Basis], Values]) -> Callable[[Basis], Values]:
        key = (name, convention, population)
        if key in REGISTRY:
            raise ValueError(f"measure {key} is registered twice")
        REGISTRY[key] = Measure(name, convention, population, unit, compute, term, years)
        return compute
    return register


def by_sum(values: Values, rows: np.ndarray, _b: Basis) -> float:
    return per.term_sum(values[rows])


def by_compounding(values: Values, rows: np.ndarray, _b: Basis) -> float:
    return per.term_compound(values[rows])


def nothing(b: Basis) -> Values:
    """No value for a single year (a measure over the term only)."""
    return np.full(len(b.prior_row), np.nan)


# ---- what a dollar figure counts ----------------------------------------------------------------

def all_in(b) -> Values:
    """Everything the district pays: salary, benefits and other costs."""
    return b["total"]


def salary(b) -> Values:
    return b["salary"]


def benefits(b) -> Values:
    return b["benefits"]


def other_costs(b) -> Values:
    return b["other_costs"]


def recurring(b) -> Values:
    """All-in less one-time and retroactive payments: what carries into the next year."""
    return np.round(b["total"] - b["one_time"] - b["retro"], 2)


def base_fixed(b) -> Values:
    """Base pay with everyone held on their roster-date lane and step: the rate changes alone."""
    return b["base_without_steps"]


def _family(name: str) -> Callable[[Basis], Values]:
    def family(b) -> Values:
        return b[name]
    family.__doc__ = f"The {name} family of components."
    return family


COUNTED: dict[str, Callable] = {
    "all_in": all_in, "salary": salary, "benefits": benefits, "other_costs": other_costs, "recurring": recurring,
    "base_fixed": base_fixed, **{f: _family(f) for f in FAMILIES}}
"""Dollar conventions: the parts of total compensation, and each component family by its name."""


# ---- what a rate compares ----------------------------------------------------------------------------

def atb_rate(b) -> Values:
    """Year-end annual base pay with everyone held on their roster-date step: its change is the raise as set."""
    return b["year_end_pay_held"]


def lift(b) -> Values:
    """Year-end annual base pay with step movement: what the next year starts from."""
    return b["year_end_pay"]


RATES: dict[str, Callable] = {
    "all_in": all_in, "salary": salary, "recurring": recurring, "base_with_steps": _family("base"),
    "base_fixed": base_fixed, "atb_rate": atb_rate, "lift": lift}
"""Rate conventions (the glossary's): the sum whose change over the prior year each rate is."""
BUDGET_RATES = tuple(c for c in RATES if c != "atb_rate")
"""The rates also shown for the budget line: the raise as set is a rate of the same people only."""


def _register_budget_line() -> None:
    """Each dollar measure under every dollar convention, each rate under every budget-line rate convention."""
    for name, counted in COUNTED.items():
        measure("cost", name, DOLLARS, by_sum)(counted)
        measure("prior_year_cost", name, DOLLARS)(lambda b, c=counted: per.prior(c(b), b))
        measure("change_prior", name, DOLLARS, by_sum)(lambda b, c=counted: per.change_over_prior(c(b), b))
        measure("diff_baseline", name, DOLLARS, by_sum)(lambda b, c=counted: _over_status_quo(c(b), b))
        measure("diff_baseline_pct", name, PERCENT, _of_status_quo(counted))(
            lambda b, c=counted: pct(_over_status_quo(c(b), b), per.status_quo(c(b), b)))
        measure("diff_baseline_share", name, PERCENT, _share_term(counted))(
            lambda b, c=counted: pct(_over_status_quo(c(b), b), _over_status_quo(all_in(b), b)))
        measure("cumulative_diff_baseline", name, DOLLARS)(
            lambda b, c=counted: per.running_total(_over_status_quo(c(b), b), b))
        measure("run_rate", name, DOLLARS, _run_rate(counted), years=False)(nothing)
        measure("run_rate_pct", name, PERCENT, _run_rate(counted, rate=True), years=False)(nothing)
    for name in BUDGET_RATES:
        _register_rate(name, RATES[name], BUDGET_LINE, lambda b, c=RATES[name]: per.percent_over_prior(c(b), b))


def _register_rate(name: str, compared: Callable, population: str, rate: Callable[[Basis], Values]) -> None:
    """A rate convention's year-on-year rate, compounded to date, and its simple sum over the term."""
    measure("change_prior_pct", name, PERCENT, by_compounding, population)(rate)
    measure("compounded_change_prior_pct", name, PERCENT, population=population)(
        lambda b: per.compounded_to_date(rate(b), b))
    measure("simple_sum_pct", name, PERCENT, lambda _v, rows, b: per.simple_sum(rate(b)[rows]), population,
            years=False)(nothing)


def _over_status_quo(values: Values, b: Basis) -> Values:
    return np.round(values - per.status_quo(values, b), 2)


def _of_status_quo(counted: Callable) -> Term:
    def term(_values: Values, rows: np.ndarray, b: Basis) -> float:
        """New money over the status quo over the term, of the status quo's cost over the term."""
        dollars = counted(b)
        return per.term_ratio(_over_status_quo(dollars, b)[rows], per.status_quo(dollars, b)[rows])
    return term


def _share_term(counted: Callable) -> Term:
    def term(_values: Values, rows: np.ndarray, b: Basis) -> float:
        """This part's new money over the term, of all new money over the term."""
        return per.term_ratio(_over_status_quo(counted(b), b)[rows], _over_status_quo(all_in(b), b)[rows])
    return term


def _run_rate(counted: Callable, rate: bool = False) -> Term:
    def term(_values: Values, rows: np.ndarray, b: Basis) -> float:
        """The term's last year's cost less the base year's (the year before the term's first), in
        dollars or as a fraction of the base year: what the agreement adds to the budget by its end."""
        if not len(rows):
            return float("nan")
        base = b.prior_row[rows[0]]
        if base < 0:
            return float("nan")
        values = counted(b)
        change = round(float(values[rows[-1]] - values[base]), 2)
        return float(pct(change, values[base])) if rate else change
    return term


def _register_groups() -> None:
    """The same group's rates, and every line's change, that together make the budget line's change."""
    for population in g.LINES:
        for name, counted in COUNTED.items():
            measure("change_prior", name, DOLLARS, by_sum, population)(
                lambda b, c=counted, p=population: per.change_within(c(b.group(p, g.THIS)), c(b.group(p, g.PRIOR))))
        measure("people", "employed", COUNT, None, population)(
            lambda b, p=population: b.group(p, g.THIS)["people"])
    for name, counted in COUNTED.items():
        measure("cost", name, DOLLARS, by_sum, g.SAME_GROUP)(lambda b, c=counted: c(b.group(g.SAME_GROUP, g.THIS)))
        measure("prior_year_cost", name, DOLLARS, by_sum, g.SAME_GROUP)(
            lambda b, c=counted: c(b.group(g.SAME_GROUP, g.PRIOR)))
    for name, compared in RATES.items():
        _register_rate(name, compared, g.SAME_GROUP, lambda b, c=compared: per.percent_within(
            c(b.group(g.SAME_GROUP, g.THIS)), c(b.group(g.SAME_GROUP, g.PRIOR))))
    for name, counted in COUNTED.items():
        # the positions a contract creates, in each row's own year: their own line in every bridge
        measure("cost", name, DOLLARS, by_sum, g.NEW_POSITIONS)(lambda b, c=counted: c(b.group(g.NEW_POSITIONS, g.THIS)))
        measure("diff_baseline", name, DOLLARS, by_sum, g.NEW_POSITIONS)(
            lambda b, c=counted: _over_status_quo(c(b.group(g.NEW_POSITIONS, g.THIS)), b))


_register_budget_line()
_register_groups()
_register_rate("quoted", lambda b: b["quoted"], STATED, lambda b: b["quoted"])


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


@measure("change_prior", "beyond_base", DOLLARS, by_sum)
def change_beyond_base(b: Basis) -> Values:
    """The change over the prior year of everything but base pay (longevity, stipends and differentials,
    extra pay, one-time and retro pay, benefits, unit-level lines): with step movement
    (``step_movement_in_year``) and the change in base pay without steps (``change_prior`` of
    ``base_fixed``) it makes the budget line's change over the prior year, page 1's split of new money
    into steps, raises and other."""
    return per.change_over_prior(np.round(b["total"] - b["base"], 2), b)


@measure("rate_changes", "base_fixed", DOLLARS, by_sum)
def rate_changes(b: Basis) -> Values:
    """Base pay under the scenario's rate tables less the status quo's, everyone on their roster-date
    steps in both: the same figure the reconciliation splits into full-year size and timing."""
    return _over_status_quo(b["base_without_steps"], b)


@measure("cost_of_1pct", "base_with_rollup", DOLLARS)
def cost_of_1pct(b: Basis) -> Values:
    """1% of base pay with the roll-up rates on base pay in force on the year's first day."""
    return np.round(b["base"] * 0.01 * (1 + b["rollup_on_base"]), 2)


@measure("year_end_annual_base", "year_end_rates", DOLLARS)
def year_end_annual_base(b: Basis) -> Values:
    """Everyone employed on the year's last day at that day's annual rate times FTE."""
    return np.round(b["year_end_pay"], 2)


@measure("annualization", "year_end_rates", DOLLARS, population=g.FULL_YEAR)
def annualization(b: Basis) -> Values:
    """For people employed all year: year-end annual base less the base pay earned in the year (base
    pay costed plus retro pay paid in the year): what mid-year changes carry into the next year. A
    raise already paid as retro is not carried again; leavers and part-year hires are not in it."""
    view = b.group(g.FULL_YEAR, g.THIS)
    return np.round(view["year_end_pay"] - view["base"] - view["retro"], 2) + 0.0   # + 0.0: never -0.00


@measure("headcount", "year_end", COUNT)
def headcount(b: Basis) -> Values:
    """People employed on the year's last day."""
    return b["headcount"]


@measure("headcount", "year_end", COUNT, population=g.SAME_GROUP)
def same_group_headcount(b: Basis) -> Values:
    """People of the same group (employed through the year and the year before), on the year's last day."""
    return b.group(g.SAME_GROUP, g.THIS)["headcount"]


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
    """All-in cost (salary, benefits and other costs) over FTE employed on the year's last day."""
    return _per_fte(b["total"], b)


@measure("per_fte", "salary", DOLLARS)
def salary_per_fte(b: Basis) -> Values:
    """Salary (pay to people, no benefits or other costs) over FTE employed on the year's last day."""
    return _per_fte(b["salary"], b)


@measure("per_fte", "base", DOLLARS)
def base_per_fte(b: Basis) -> Values:
    """Base pay over FTE employed on the year's last day."""
    return _per_fte(b["base"], b)


__all__ = ["REGISTRY", "Measure", "measure", "COUNTED", "RATES", "BUDGET_RATES", "POPULATIONS", "BUDGET_LINE",
           "STATED", "DOLLARS", "PERCENT", "COUNT", "FTE"]
