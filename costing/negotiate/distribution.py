"""Who gets what: each employee's percentage increase, its distribution, and who is left behind.

A settlement's average hides its spread: top-step staff may get only the across-the-board raise
while those still stepping get step and raise together, and a restructured table can leave some
people paid less than the status quo would have paid them (which a hold-harmless clause exists
to prevent). Pay here is every component an employee is paid (base, longevity, stipends,
one-time and retro payments); roll-up is the district's cost, not the employee's pay.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..engine.costing_run import Costing
from ..engine.figures import family_of, pct

PAY_FAMILIES = ("base", "longevity", "stipend", "one_time", "retro")


def employee_pay(results: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, year and employee: the pay received (unit-level lines excluded)."""
    frame = results[family_of(results["component"]).isin(PAY_FAMILIES) & (results["employee_id"].astype(str) != "")]
    pay = frame.groupby(["scenario", "fiscal_year", "employee_id"], observed=True)["amount"].sum().reset_index()
    pay["employee_id"] = pay["employee_id"].astype(str)
    pay["scenario"] = pay["scenario"].astype(str)
    return pay


def raises(costing: Costing) -> pd.DataFrame:
    """Per scenario, year and employee: pay, prior-year pay and the percent increase.

    Only people paid a full year in both years are compared (a hire's first year is not a raise).
    Also the increase over the whole contract (last year against the year before the first),
    with fiscal_year = 'contract'.
    """
    pay = employee_pay(costing.results)
    # each scenario's own year before the first, as every figure's first year is compared (docs/method.md)
    priors = [employee_pay(frame) for frame in costing.priors.values() if frame is not None and len(frame)]
    pay = pd.concat([*priors, pay], ignore_index=True)
    pay = pay.sort_values(["scenario", "employee_id", "fiscal_year"])
    full = _full_year_people(costing)
    pay = pay[pay["employee_id"].isin(full)]
    pay["prior"] = pay.groupby(["scenario", "employee_id"])["amount"].shift(1)
    pay["raise_pct"] = pct(pay["amount"] - pay["prior"], pay["prior"])
    yearly = pay[pay["fiscal_year"].isin(costing.years)].dropna(subset=["raise_pct"])
    first = pay.groupby(["scenario", "employee_id"]).first()
    last = pay.groupby(["scenario", "employee_id"]).last()
    contract = pd.DataFrame({"amount": last["amount"], "prior": first["amount"]}).reset_index()
    contract["raise_pct"] = pct(contract["amount"] - contract["prior"], contract["prior"])
    contract["fiscal_year"] = "contract"
    out = pd.concat([yearly, contract], ignore_index=True)
    return _with_placement(out, costing)


def _full_year_people(costing: Costing) -> set[str]:
    """Employees on the roster from before the first year to after the last (no hires or leavers)."""
    roster = costing.roster
    if roster is None:
        return set(costing.results["employee_id"].astype(str))
    from ..engine.dates import fiscal_year_bounds

    lo, _ = fiscal_year_bounds(min(costing.years) - 1, costing.contracts["baseline"].fiscal_year_start)
    _, hi = fiscal_year_bounds(max(costing.years), costing.contracts["baseline"].fiscal_year_start)
    start_ok = roster["start_date"].isna() | (roster["start_date"] <= pd.Timestamp(lo))
    end_ok = roster["end_date"].isna() | (roster["end_date"] >= pd.Timestamp(hi) - pd.Timedelta(days=1))
    return set(roster.loc[start_ok & end_ok, "employee_id"].astype(str))


def _with_placement(frame: pd.DataFrame, costing: Costing) -> pd.DataFrame:
    """Add schedule, lane, step at the end of the contract, and whether the person is at the top step."""
    last = max(costing.years)
    placed = costing.placements.get(("baseline", last))
    if placed is None:
        return frame
    contract = costing.contracts["baseline"]
    tops = {s.name: s.steps[-1] for s in contract.schedules}
    caps = {}
    if costing.roster is not None and "max_step" in costing.roster.columns:
        caps = dict(zip(costing.roster["employee_id"].astype(str), costing.roster["max_step"]))
    placed = placed.assign(employee_id=placed["employee_id"].astype(str))
    top = [str(step) == str(caps.get(e) if isinstance(caps.get(e), str) and caps.get(e) else tops[s])
           for e, s, step in zip(placed["employee_id"], placed["schedule"], placed["step"])]
    placed = placed.assign(group=np.where(top, "top step", "still stepping"))[["employee_id", "schedule", "lane", "step", "group"]]
    return frame.merge(placed, on="employee_id", how="left")


def raise_distribution(raises_frame: pd.DataFrame, by: tuple[str, ...] = ("group",)) -> pd.DataFrame:
    """Percentiles, minimum and maximum of the percent increase, per scenario, year and group."""
    keys = ["scenario", "fiscal_year", *by]
    grouped = raises_frame.groupby(keys, dropna=False)["raise_pct"]
    table = grouped.agg(people="size", min="min", p10=lambda s: s.quantile(0.10), median="median",
                        mean="mean", p90=lambda s: s.quantile(0.90), max="max").reset_index()
    return table


def paid_less_than_status_quo(costing: Costing, baseline: str = "baseline", tolerance: float = 0.005) -> pd.DataFrame:
    """Everyone paid less under a proposal than under the status quo in some year (confidential)."""
    pay = employee_pay(costing.results)
    base = pay[pay["scenario"] == baseline].rename(columns={"amount": "status_quo"}).drop(columns="scenario")
    others = pay[pay["scenario"] != baseline].merge(base, on=["fiscal_year", "employee_id"], how="left")
    others["status_quo"] = others["status_quo"].fillna(0.0)
    others["shortfall"] = (others["status_quo"] - others["amount"]).round(2)
    return others[others["shortfall"] > tolerance].sort_values(["scenario", "fiscal_year", "shortfall"],
                                                               ascending=[True, True, False]).reset_index(drop=True)
