"""A reconciliation bridge: why two costings differ, in named parts that add up to the cent.

Two sides' numbers (two proposals; or the same proposal on two rosters; or under two sets of
assumptions) are reconciled by changing one input at a time, in a fixed order, from side B to
side A. Each change's effect is one part; the parts telescope, so they add up exactly to the
difference. The order is:

1. roster differences (A's roster, B's everything else);
2. turnover, lane movement, new hires (A's assumptions, one at a time);
3. proration convention and roster date;
4. roll-up rates;
5. the contract (B's to A's), split by what it changes: the positions it creates (their whole
   cost, its own line), then for everyone else schedule raises (their full-year size), timing of
   effective dates (what dating them later or earlier in the year adds or saves), step movement,
   longevity, stipends and differentials, one-time payments, retro pay, unit-level lines, and the
   roll-up that follows all of these.

A different order would attribute interactions differently; this one is fixed and documented so
that both sides of the table get the same bridge from the same inputs. The contract's parts are
differences of the sums the figures frame is made of (:mod:`costing.engine.measures`): between two
scenarios of one costing (:func:`bridge_scenarios`, the compare report) they are selected from its
frame, so they are the figures the report shows under the same names; only the rate changes'
full-year size is costed here.

The year-on-year bridge (:func:`prior_year_bridge`) splits one scenario's change over the prior
year the same way a budget office reads it: the same group's change (people employed through
both years), then leavers, hires, new positions, changes in FTE and unit-level lines, which add
up to the budget line's change (:mod:`costing.engine.groups`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from ..engine.costing_run import Costing
from ..engine.dates import fiscal_year_bounds
from ..engine.figures import family_table
from ..engine.measures import select
from ..engine.projection import Options, project
from ..inputs.models import Contract, RateTable
from ..inputs.vocabulary import FAMILIES
from .assumptions import Assumptions, apply_assumptions, with_assumed_rollup

PART_LABELS = {
    "same_group": "Same group (employed through both years)",
    "leavers": "Leavers",
    "hires": "Hires",
    "new_positions": "New positions",
    "fte_changes": "Changes in FTE",
    "unit_lines": "Other costs",
    "roster": "Roster differences",
    "turnover": "Turnover (breakage)",
    "lane_movement": "Lane movement",
    "new_hires": "New hires",
    "proration": "Proration convention and roster date",
    "rollup_rates": "Roll-up rates",
    "schedule_raises": "Rate changes at full-year size",
    "timing": "Timing of effective dates",
    "step_movement": "Step movement",
    "longevity": "Longevity",
    "stipend": "Stipends and differentials",
    "extra_pay": "Extra pay and paid days",
    "one_time": "One-time payments",
    "retro": "Retro pay",
    "line": "Other costs",
    "rollup": "Roll-up on the changes",
    "benefit": "Per-head benefits (premiums)",
}


@dataclass(frozen=True)
class Side:
    """One costing's inputs: a checked roster, a contract (proposal applied), and its assumptions."""

    label: str
    roster: pd.DataFrame
    contract: Contract
    options: Options = Options()
    assumptions: Assumptions = Assumptions()


def tables_at_fiscal_year_start(contract: Contract) -> Contract:
    """The contract with every rate table moved back to the start of its fiscal year.

    Costing this and the real contract with steps frozen separates a raise's size (as if paid
    all year) from its timing (what its real effective date adds or saves).
    """
    schedules = []
    for schedule in contract.schedules:
        by_start: dict[dt.date, RateTable] = {}
        first = schedule.tables[0].effective
        for table in schedule.tables:
            start = table.effective if table.effective == first else _fiscal_start(contract, table.effective)
            by_start[max(start, first)] = table.model_copy(update={"effective": max(start, first)})
        schedules.append(schedule.model_copy(update={"tables": tuple(by_start[d] for d in sorted(by_start))}))
    return contract.model_copy(update={"schedules": tuple(schedules)})


def _fiscal_start(contract: Contract, day: dt.date) -> dt.date:
    for fy in (day.year, day.year + 1):
        lo, hi = fiscal_year_bounds(fy, contract.fiscal_year_start)
        if lo <= day < hi:
            return lo
    raise AssertionError("unreachable")  # pragma: no cover


def _total(roster, contract, years, options) -> pd.Series:
    fam = family_table(project(roster, contract, years, "x", options)).set_index("fiscal_year")[list(FAMILIES)]
    return fam.reindex(years).fillna(0.0).sum(axis=1)


def full_year_rate_changes(roster: pd.DataFrame, a: Contract, b: Contract, years: list[int], options: Options) -> pd.Series:
    """Base pay at roster-date steps with A's rate tables less B's, every table moved back to the start
    of its fiscal year: the rate changes as if each had been in force all year (the one part of a
    reconciliation that is not in the figures frame, which costs the real dates), for the people on
    the roster (new positions are a part of their own)."""
    frozen = Options(as_of=options.as_of, proration=options.proration, freeze_steps=True)
    on_roster = set(roster["employee_id"].astype(str)) | {""}

    def base(contract: Contract) -> pd.Series:
        results = project(roster, tables_at_fiscal_year_start(contract), years, "x", frozen)
        results = results[results["employee_id"].astype(str).isin(on_roster)]
        fam = family_table(results)
        return fam.set_index("fiscal_year")["base"].reindex(years).fillna(0.0)

    return (base(a) - base(b)).round(2)


CONTRACT_FAMILIES = tuple(f for f in FAMILIES if f != "base")   # base pay is split into rate changes and steps


def contract_parts(a: pd.DataFrame, b: pd.DataFrame, full_year: pd.Series,
                   new_a: pd.DataFrame | None = None, new_b: pd.DataFrame | None = None) -> dict[str, pd.Series]:
    """What A's contract adds to B's on the same roster, per fiscal year, in the bridge's parts.

    ``a`` and ``b`` hold, per fiscal year (rows), each family's cost and ``base_fixed`` (base pay with
    everyone on their roster-date step): the sums of the figures frame (:func:`frame_sums`);
    ``new_a`` and ``new_b`` the same sums of the positions each contract creates, whose whole cost
    is its own part (the other parts are of everyone else). So the rate changes here are the report's
    "rate changes over the status quo" (base pay at roster-date steps) of the people on the roster,
    split into their full-year size and the timing of their dates, and step movement is the
    difference in step movement since the roster date.
    """
    if new_a is not None and new_b is not None:
        parts = {"new_positions": (new_a[list(FAMILIES)].sum(axis=1) - new_b[list(FAMILIES)].sum(axis=1)).round(2)}
        a, b = (a - new_a).round(2), (b - new_b).round(2)
    else:
        parts = {}
    rate_changes = (a["base_fixed"] - b["base_fixed"]).round(2)
    return {**parts, "schedule_raises": full_year, "timing": (rate_changes - full_year).round(2),
            "step_movement": ((a["base"] - a["base_fixed"]) - (b["base"] - b["base_fixed"])).round(2),
            **{f: (a[f] - b[f]).round(2) for f in CONTRACT_FAMILIES}}


def frame_sums(figures: pd.DataFrame, scenario: str, population: str = "budget_line") -> pd.DataFrame:
    """One scenario's family costs and base pay at roster-date steps per fiscal year, from a figures frame
    (``population``: everyone, or ``new_positions``)."""
    return pd.DataFrame({c: select(figures, "cost", c, scenario, term=False, population=population)
                         for c in (*FAMILIES, "base_fixed")})


def _projected_sums(roster, contract: Contract, years: list[int], options: Options) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`frame_sums` for inputs no costing holds (a side's roster under the other's contract): of
    everyone, and of the positions the contract creates (IDs not on the roster)."""
    frozen = Options(as_of=options.as_of, proration=options.proration, freeze_steps=True)
    on_roster = set(roster["employee_id"].astype(str)) | {""}

    def sums(results: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
        if results.empty:
            return pd.DataFrame(0.0, index=pd.Index(years, name="fiscal_year"), columns=[*FAMILIES, "base_fixed"])
        fam = family_table(results).set_index("fiscal_year")[list(FAMILIES)]
        base = family_table(held).set_index("fiscal_year")["base"] if len(held) else pd.Series(0.0, index=years)
        return fam.assign(base_fixed=base).reindex(years).fillna(0.0)

    results = project(roster, contract, years, "x", options)
    held = project(roster, contract, years, "x", frozen)
    new = ~results["employee_id"].astype(str).isin(on_roster)
    new_held = ~held["employee_id"].astype(str).isin(on_roster)
    return sums(results, held), sums(results[new], held[new_held])


def bridge(a: Side, b: Side, years: list[int]) -> pd.DataFrame:
    """Parts of cost(A) - cost(B) per fiscal year and over all years; the last row is the total."""
    years = sorted(years)
    steps: list[tuple[str, pd.Series]] = []

    def roster_for(assumptions: Assumptions, roster: pd.DataFrame, contract: Contract) -> pd.DataFrame:
        return apply_assumptions(roster, contract, years, assumptions)

    b_contract = with_assumed_rollup(b.contract, b.assumptions)
    current = _total(roster_for(b.assumptions, b.roster, b.contract), b_contract, years, b.options)
    start = current

    def step(name: str, value: pd.Series) -> None:
        nonlocal current
        steps.append((name, value - current))
        current = value

    step("roster", _total(roster_for(b.assumptions, a.roster, b.contract), b_contract, years, b.options))
    mixed = b.assumptions
    for name, attribute in (("turnover", "turnover"), ("lane_movement", "lane_changes"), ("new_hires", "new_hires")):
        mixed = replace(mixed, **{attribute: getattr(a.assumptions, attribute)}, seed=a.assumptions.seed)
        step(name, _total(roster_for(mixed, a.roster, b.contract), b_contract, years, b.options))
    roster = roster_for(mixed, a.roster, b.contract)
    step("proration", _total(roster, b_contract, years, a.options))
    b_rates = with_assumed_rollup(b.contract, replace(b.assumptions, rollup=a.assumptions.rollup))
    step("rollup_rates", _total(roster, b_rates, years, a.options))
    a_contract = with_assumed_rollup(a.contract, a.assumptions)
    (sums_a, new_a), (sums_b, new_b) = (_projected_sums(roster, c, years, a.options) for c in (a_contract, b_rates))
    full_year = full_year_rate_changes(roster, a_contract, b_rates, years, a.options)
    steps.extend(contract_parts(sums_a, sums_b, full_year, new_a, new_b).items())
    end = sums_a[list(FAMILIES)].sum(axis=1)
    return _table(steps, (end - start).round(2), f"{a.label} minus {b.label}", years)


def bridge_scenarios(costing: Costing, a: str, b: str, labels: tuple[str, str] | None = None) -> pd.DataFrame:
    """:func:`bridge` between two scenarios of one costing: the same roster, assumptions and options, so the
    parts before the contract are zero and the contract's parts are selected from the costing's figures frame."""
    years = list(costing.years)
    zero = pd.Series(0.0, index=years)
    steps = [(name, zero) for name in ("roster", "turnover", "lane_movement", "new_hires", "proration", "rollup_rates")]
    full_year = full_year_rate_changes(costing.roster, costing.contracts[a], costing.contracts[b], years, costing.options)
    figures = costing.measures
    steps.extend(contract_parts(frame_sums(figures, a), frame_sums(figures, b), full_year,
                                frame_sums(figures, a, "new_positions"), frame_sums(figures, b, "new_positions")).items())
    difference = (select(figures, "cost", "all_in", a, term=False) - select(figures, "cost", "all_in", b, term=False)).round(2)
    label_a, label_b = labels or (a, b)
    return _table(steps, difference, f"{label_a} minus {label_b}", years)


PRIOR_YEAR_PARTS = ("same_group", "leavers", "hires", "new_positions", "fte_changes", "unit_lines")


def prior_year_bridge(costing: Costing, scenario: str, label: str | None = None) -> pd.DataFrame:
    """One scenario's change over the prior year (the budget line, all-in), in the parts a budget office
    reads: the same group's change, then what leavers, hires, new positions, changes in FTE and
    unit-level lines add; they add up to the cent. The same table shape as :func:`bridge`."""
    figures, years = costing.measures, list(costing.years)
    steps = [(part, select(figures, "change_prior", "all_in", scenario, term=False, population=part))
             for part in PRIOR_YEAR_PARTS]
    change = select(figures, "change_prior", "all_in", scenario, term=False, population="budget_line")
    return _table(steps, change, f"{label or scenario}: change over the prior year (budget line)", years)


def _table(steps: list[tuple[str, pd.Series]], difference: pd.Series, label: str, years: list[int]) -> pd.DataFrame:
    """The parts as rows (per fiscal year and in total), then the difference they add up to.

    A year whose parts are unknown (a first year whose year before could not be costed) is NaN in
    every row, and so is the total."""
    rows = []
    for name, values in steps:
        values = values.reindex(years).round(2)
        rows.append({"part": name, "label": PART_LABELS[name], **{f"FY{fy}": float(values[fy]) for fy in years},
                     "total": _sum_or_nan(values)})
    table = pd.DataFrame(rows)
    difference = difference.reindex(years)
    total_row = {"part": "difference", "label": label,
                 **{f"FY{fy}": float(difference[fy]) for fy in years}, "total": _sum_or_nan(difference)}
    table = pd.concat([table, pd.DataFrame([total_row])], ignore_index=True)
    residual = table.iloc[:-1][[f"FY{fy}" for fy in years]].sum(min_count=1).round(2) - difference.values
    if (residual.abs() > 0.005).any():  # pragma: no cover - the parts telescope by construction
        raise AssertionError(f"bridge parts do not add up: residual {residual.to_dict()}")
    return table


def _sum_or_nan(values: pd.Series) -> float:
    return float("nan") if values.isna().any() else round(float(values.sum()), 2)
