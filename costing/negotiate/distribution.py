"""Who gets what: each employee's percentage increase, its distribution, and who is left behind.

A settlement's average hides its spread: top-step staff may get only the across-the-board raise
while those still stepping get step and raise together, and a restructured table can leave some
people paid less than the status quo would have paid them (which a hold-harmless clause exists
to prevent). Pay here is every component an employee is paid (base, longevity, stipends,
one-time and retro payments); roll-up is the district's cost, not the employee's pay.

A change in the employee's share of a health premium moves what a member takes home as surely as
a raise does (moving a family plan from 75/25 to 80/20 is about $1,800-2,200 a year), so each
person's share of the premiums is carried beside their pay, and the increase is also given after
it ("take-home": pay less the employee's premium share). The share is priced by the engine's own
premium rule (:func:`costing.engine.provisions.benefits.benefit_costs`): the premium in full (a 100%
employer share) less the employer's share, to the cent.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..engine.costing_run import Costing
from ..engine.figures import family_of, pct
from ..engine.measures import TERM, YEAR, term_years_of
from ..engine.provisions.benefits import benefit_costs
from ..inputs.models import Contract, EmployerShare

PAY_FAMILIES = ("base", "longevity", "stipend", "one_time", "retro")


def employee_pay(results: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, year and employee: the pay received (unit-level lines excluded)."""
    frame = results[family_of(results["component"]).isin(PAY_FAMILIES) & (results["employee_id"].astype(str) != "")]
    pay = frame.groupby(["scenario", "fiscal_year", "employee_id"], observed=True)["amount"].sum().reset_index()
    pay["employee_id"] = pay["employee_id"].astype(str)
    pay["scenario"] = pay["scenario"].astype(str)
    return pay


def _whole_premium(contract: Contract) -> Contract:
    """The contract with the employer paying every premium in full: its benefit cost is then the whole premium."""
    whole = (EmployerShare(effective=dt.date(1900, 1, 1), percent=100),)
    return contract.model_copy(update={"benefits": tuple(b.model_copy(update={"employer_share": whole})
                                                         for b in contract.benefits)})


def employee_premiums(costing: Costing, scenario: str, fiscal_years: list[int]) -> pd.DataFrame:
    """Per fiscal year and employee on the roster: the employee's share of the premiums under a scenario's
    contract (the whole premium less the employer's share; 0 where the contract has no benefits)."""
    roster, contract = costing.roster, costing.contracts[scenario]
    ids = roster["employee_id"].astype(str).to_numpy() if roster is not None else np.array([], dtype=str)
    frames = []
    for fy in fiscal_years:
        share = np.zeros(len(ids))
        if contract.benefits and len(ids):
            employer = benefit_costs(roster, contract, fy)
            whole = benefit_costs(roster, _whole_premium(contract), fy)
            share = sum((whole[k] - employer[k] for k in employer), start=share).round(2)
        frames.append(pd.DataFrame({"fiscal_year": fy, "employee_id": ids, "premium_share": share}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["fiscal_year", "employee_id"])
    return out.groupby(["fiscal_year", "employee_id"], as_index=False)["premium_share"].sum()


def _with_premiums(pay: pd.DataFrame, costing: Costing) -> pd.DataFrame:
    """Each row's premium share and take-home pay (pay less the premium share)."""
    if not any(costing.contracts[name].benefits for name in pay["scenario"].unique()):
        return pay.assign(premium_share=0.0, take_home=pay["amount"])
    years = sorted(int(y) for y in pay["fiscal_year"].unique())
    shares = pd.concat([employee_premiums(costing, name, years).assign(scenario=name)
                        for name in pay["scenario"].unique()], ignore_index=True)
    pay = pay.merge(shares, on=["scenario", "fiscal_year", "employee_id"], how="left")
    pay["premium_share"] = pay["premium_share"].fillna(0.0)
    pay["take_home"] = (pay["amount"] - pay["premium_share"]).round(2)
    return pay


def raises(costing: Costing) -> pd.DataFrame:
    """Per scenario, year and employee: pay, prior-year pay and the percent increase; the employee's
    premium share, its change over the prior year (``premium_change``, dollars a year) and the
    percent increase in take-home pay (``take_home_pct``: pay less the premium share).

    Only people paid a full year in both years are compared (a hire's first year is not a raise).
    Also the increase over the term (the term's last year costed against the year before the first),
    with ``period`` "term" and no fiscal year (docs/api.md: one table shape). Rates are fractions.
    """
    pay = employee_pay(costing.results)
    # each scenario's own year before the first, as every figure's first year is compared (docs/method.md)
    priors = [employee_pay(frame) for frame in costing.priors.values() if frame is not None and len(frame)]
    pay = pd.concat([*priors, pay], ignore_index=True)
    pay = pay.sort_values(["scenario", "employee_id", "fiscal_year"])
    full = _full_year_people(costing)
    pay = _with_premiums(pay[pay["employee_id"].isin(full)], costing)
    pay = pay.sort_values(["scenario", "employee_id", "fiscal_year"])
    before = pay.groupby(["scenario", "employee_id"])[["amount", "premium_share", "take_home"]].shift(1)
    pay["prior"] = before["amount"]
    pay["raise_pct"] = pct(pay["amount"] - pay["prior"], pay["prior"])
    pay["premium_change"] = (pay["premium_share"] - before["premium_share"]).round(2)
    pay["take_home_pct"] = pct(pay["take_home"] - before["take_home"], before["take_home"])
    yearly = pay[pay["fiscal_year"].isin(costing.years)].dropna(subset=["raise_pct"]).assign(period=YEAR)
    inside = pay[pay["fiscal_year"] <= _last_term_year(costing)]
    first = inside.groupby(["scenario", "employee_id"]).first()
    last = inside.groupby(["scenario", "employee_id"]).last()
    contract = pd.DataFrame({"amount": last["amount"], "prior": first["amount"], "premium_share": last["premium_share"],
                             "premium_change": (last["premium_share"] - first["premium_share"]).round(2),
                             "take_home": last["take_home"]}).reset_index()
    contract["raise_pct"] = pct(contract["amount"] - contract["prior"], contract["prior"])
    contract["take_home_pct"] = pct(contract["take_home"] - first["take_home"].to_numpy(), first["take_home"].to_numpy())
    contract["period"] = TERM
    out = pd.concat([yearly, contract], ignore_index=True)
    out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    return _with_placement(out, costing)


def _last_term_year(costing: Costing) -> int:
    """The term's last fiscal year costed (every year costed when no term is stated)."""
    years = term_years_of(costing.measures, "baseline")
    return years[-1] if years else max(costing.years)


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
    """Percentiles, minimum and maximum of the percent increase, per scenario, year and group; with
    the median change in the employee's premium share (dollars a year) and the median take-home increase."""
    keys = ["scenario", "period", "fiscal_year", *by]
    grouped = raises_frame.groupby(keys, dropna=False)
    pct_ = grouped["raise_pct"]
    columns = {"people": pct_.size(), "min": pct_.min(), "p10": pct_.quantile(0.10), "median": pct_.median(),
               "mean": pct_.mean(), "p90": pct_.quantile(0.90), "max": pct_.max()}
    if "premium_change" in raises_frame.columns:
        columns.update(premium_change_median=grouped["premium_change"].median(),
                       take_home_median=grouped["take_home_pct"].median())
    return pd.concat(columns, axis=1).reset_index()


def paid_less_than_status_quo(costing: Costing, baseline: str = "baseline", tolerance: float = 0.005) -> pd.DataFrame:
    """Everyone paid less under a proposal than under the status quo in some year (confidential)."""
    pay = employee_pay(costing.results)
    base = pay[pay["scenario"] == baseline].rename(columns={"amount": "status_quo"}).drop(columns="scenario")
    others = pay[pay["scenario"] != baseline].merge(base, on=["fiscal_year", "employee_id"], how="left")
    others["status_quo"] = others["status_quo"].fillna(0.0)
    others["shortfall"] = (others["status_quo"] - others["amount"]).round(2)
    return others[others["shortfall"] > tolerance].sort_values(["scenario", "fiscal_year", "shortfall"],
                                                               ascending=[True, True, False]).reset_index(drop=True)
