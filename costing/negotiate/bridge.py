"""A reconciliation bridge: why two costings differ, in named parts that add up to the cent.

Two sides' numbers (two proposals; or the same proposal on two rosters; or under two sets of
assumptions) are reconciled by changing one input at a time, in a fixed order, from side B to
side A. Each change's effect is one part; the parts telescope, so they add up exactly to the
difference. The order is:

1. roster differences (A's roster, B's everything else);
2. turnover, lane movement, new hires (A's assumptions, one at a time);
3. proration convention and roster date;
4. roll-up rates;
5. the contract (B's to A's), split by what it changes: schedule raises (their full-year size),
   timing of effective dates (what dating them later or earlier in the year adds or saves), step
   movement, longevity, stipends and differentials, one-time payments, retro pay, unit-level
   lines, and the roll-up that follows all of these.

A different order would attribute interactions differently; this one is fixed and documented so
that both sides of the table get the same bridge from the same inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from ..engine.dates import fiscal_year_bounds
from ..engine.figures import FAMILIES, family_table
from ..engine.projection import Options, project
from ..inputs.models import Contract, RateTable
from .assumptions import Assumptions, apply_assumptions, with_assumed_rollup

PART_LABELS = {
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
    "line": "Unit-level lines",
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


def _families(roster, contract, years, options) -> pd.DataFrame:
    fam = family_table(project(roster, contract, years, "x", options)).set_index("fiscal_year")[FAMILIES]
    return fam.reindex(years).fillna(0.0)


def _total(roster, contract, years, options) -> pd.Series:
    return _families(roster, contract, years, options).sum(axis=1)


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
    frozen = Options(as_of=a.options.as_of, proration=a.options.proration, freeze_steps=True)
    fam_b, fam_a = _families(roster, b_rates, years, a.options), _families(roster, a_contract, years, a.options)
    frozen_b = _families(roster, b_rates, years, frozen)["base"]
    frozen_a = _families(roster, a_contract, years, frozen)["base"]
    shifted_b = _families(roster, tables_at_fiscal_year_start(b_rates), years, frozen)["base"]
    shifted_a = _families(roster, tables_at_fiscal_year_start(a_contract), years, frozen)["base"]
    contract_parts = {
        "schedule_raises": shifted_a - shifted_b,
        "timing": (frozen_a - shifted_a) - (frozen_b - shifted_b),
        "step_movement": (fam_a["base"] - frozen_a) - (fam_b["base"] - frozen_b),
        **{f: fam_a[f] - fam_b[f] for f in ("longevity", "stipend", "extra_pay", "one_time", "retro", "line", "rollup",
                                            "benefit")},
    }
    steps.extend(contract_parts.items())
    end = fam_a.sum(axis=1)
    rows = []
    for name, values in steps:
        values = values.round(2)
        rows.append({"part": name, "label": PART_LABELS[name], **{f"FY{fy}": float(values[fy]) for fy in years},
                     "total": round(float(values.sum()), 2)})
    table = pd.DataFrame(rows)
    difference = (end - start).round(2)
    total_row = {"part": "difference", "label": f"{a.label} minus {b.label}",
                 **{f"FY{fy}": float(difference[fy]) for fy in years}, "total": round(float(difference.sum()), 2)}
    table = pd.concat([table, pd.DataFrame([total_row])], ignore_index=True)
    residual = table.iloc[:-1][[f"FY{fy}" for fy in years]].sum().round(2) - difference.values
    if (residual.abs() > 0.005).any():  # pragma: no cover - the parts telescope by construction
        raise AssertionError(f"bridge parts do not add up: residual {residual.to_dict()}")
    return table
