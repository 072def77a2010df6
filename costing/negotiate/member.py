"""What a proposal means for one member: the pay of a person on a given cell, followed through the years.

A union tells members "from $17.96 to $29.05 an hour, 62 percent"; the district says "13%". Both
can be right: the first follows one person who also moves up the steps, the second adds the
across-the-board percents. :func:`member_pay` follows one person (a schedule, lane and step on the
roster date, a start date, an FTE and any flags) through each fiscal year under the status quo
and each proposal, on the engine's own rules (step dates, service rules, entry-step drops, work
years, longevity), and splits each year's change in the year-end rate into:

* the **raise**: the rate change of the cell the person held at the end of the year before (what
  a COLA, a differential or a rebuilt schedule gives them where they stood);
* the **step**: the difference between their new cell and the old cell, both at the new rates
  (the step and lane movement);
* the **hours**: a change in the work year (hours or days paid), for annual pay;

and reports what each fiscal year pays them (base, longevity, other pay) from the projection, so
the member's figure and the committee's costing come from the same model. :func:`members_pay`
does the same for many people at once, in one projection per scenario (the member page's every
cell, :mod:`costing.negotiate.member_grid`). The people are a synthetic roster, never an
employee's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from ..engine import dates as d
from ..engine.ops.registry import selected_schedules
from ..engine.projection import Options, placement_on, project
from ..engine.rate_tables import rate_in_force
from ..errors import InputError
from ..inputs.models import Contract, Proposal
from ..inputs.roster import check_roster, needed_columns

SALARY = ("base", "longevity", "stipend", "extra_pay", "one_time", "retro")
MEMBER_ID = "MEMBER"
COLUMNS = ["scenario", "fiscal_year", "lane", "step", "rate", "annual_rate", "raise", "step_change", "hours_change",
           "annual_change", "base", "longevity", "other_pay", "pay"]


@dataclass(frozen=True)
class Member:
    """One person on a cell: where they stand on the roster date, since when they have served, how much they work.

    ``start`` is the hire (seniority) date: it decides when steps and longevity come (the contract's
    service rules apply). ``flags`` are the roster columns the contract's stipends read (e.g.
    ``{"lead": "1"}``); any not given are 0. ``hours_per_day`` overrides the schedule's work year.
    """

    schedule: str
    lane: str
    step: str
    start: dt.date
    fte: float = 1.0
    unit: str | None = None
    hours_per_day: float | None = None
    flags: Mapping[str, str] = field(default_factory=dict)


def member_roster(member: Member, contracts: Mapping[str, Contract]) -> pd.DataFrame:
    """The one-person roster of ``member``, checked against the status quo and every proposal."""
    return members_roster([member], contracts, ids=[MEMBER_ID])


def members_roster(members: Sequence[Member], contracts: Mapping[str, Contract],
                   ids: Sequence[str] | None = None) -> pd.DataFrame:
    """A synthetic roster of ``members`` (ids M1, M2... unless given), checked against every contract."""
    baseline = contracts["baseline"]
    others = {k: v for k, v in contracts.items() if k != "baseline"}
    columns = needed_columns(baseline, others)
    benefit_columns = list(dict.fromkeys(b.column for c in contracts.values() for b in c.benefits))
    rule_columns = sorted({col for c in contracts.values() for col in _rule_columns(c)})
    rows = []
    for i, member in enumerate(members):
        try:
            schedule = baseline.schedule(member.schedule)
        except KeyError:
            raise InputError(None, "schedule", f"{member.schedule!r} is not a schedule of the contract"
                             f" (it has {', '.join(s.name for s in baseline.schedules)})") from None
        row = {"employee_id": ids[i] if ids else f"M{i + 1}", "unit": member.unit or schedule.unit,
               "schedule": member.schedule, "lane": member.lane, "step": str(member.step), "fte": str(member.fte),
               "seniority_date": member.start.isoformat(), "start_date": member.start.isoformat()}
        if member.hours_per_day is not None:
            row["hours_per_day"] = str(member.hours_per_day)
        for column in columns:
            row[column] = str(member.flags.get(column, "0"))
        for column in [*benefit_columns, *rule_columns]:
            row.setdefault(column, str(member.flags.get(column, "")))
        for column, value in member.flags.items():
            row.setdefault(column, str(value))
        rows.append(row)
    return check_roster(pd.DataFrame(rows), baseline, "member", needed_by=others)


def _rule_columns(contract: Contract) -> set[str]:
    """The roster columns the contract's eligibility rules read (a retro's end_reason, ...): blank for a member."""
    found: set[str] = set()
    for name in type(contract).model_fields:
        items = getattr(contract, name)
        for item in items if isinstance(items, tuple) else ():
            rule = getattr(item, "eligible", None)
            found |= set(rule.columns()) if rule is not None else set()
    return found


def _year_end(fy: int, start: str) -> dt.date:
    return d.fiscal_year_bounds(fy, start)[1] - dt.timedelta(days=1)


class _Rates:
    """Rates of cells on days, each distinct (schedule, lane, step, day) looked up once; a cell that does
    not exist on the day (an entry step dropped) has none (NaN)."""

    def __init__(self, contract: Contract):
        self.contract, self.seen = contract, {}

    def one(self, schedule: str, lane: str, step: str, day: dt.date) -> float:
        key = (schedule, lane, step, day)
        if key not in self.seen:
            try:
                self.seen[key] = float(rate_in_force(self.contract.schedule(schedule), lane, step, day))
            except ValueError:  # the cell no longer exists (an entry step dropped)
                self.seen[key] = np.nan
        return self.seen[key]

    def many(self, schedules, lanes, steps, days) -> np.ndarray:
        """The rate of each (schedule, lane, step, day); NaN where the lane is missing (nobody there)."""
        keys = pd.MultiIndex.from_arrays([pd.Series(v, dtype=object).fillna("") for v in (schedules, lanes, steps, days)])
        codes, unique = keys.factorize()
        values = np.array([self.one(*key) if key[1] != "" and key[3] != "" else np.nan for key in unique], dtype=float)
        return values[codes] if len(codes) else np.zeros(0)


def member_pay(contracts: Mapping[str, Contract], member: Member, years: list[int],
               as_of: dt.date | None = None) -> pd.DataFrame:
    """The member's pay under each scenario (``contracts``: name -> contract, with ``baseline``), year by year.

    One row per scenario and fiscal year, starting with the year before the first (where the person
    stands before anything changes). Columns: scenario, fiscal_year, lane, step (held at the year's
    end), rate (per the schedule's unit), annual_rate (the year-end rate for a year's work at the
    member's FTE and hours), raise, step_change, hours_change (the parts of annual_change, the
    change in annual_rate over the year before), base, longevity, other_pay, pay (what the fiscal
    year pays: the projection's base, longevity and every other pay; not roll-up or benefits).
    """
    return members_pay(contracts, [member], years, as_of).drop(columns="member")


def members_pay(contracts: Mapping[str, Contract], members: Sequence[Member], years: list[int],
                as_of: dt.date | None = None) -> pd.DataFrame:
    """:func:`member_pay` for many people at once: one projection per scenario, the column ``member``
    (the position in ``members``) first. A year in which a person is not employed at its end has
    only its scenario and fiscal year."""
    years = sorted(years)
    baseline = contracts["baseline"]
    as_of = as_of or d.fiscal_year_bounds(years[0], baseline.fiscal_year_start)[0]
    roster = members_roster(members, contracts)
    ids = {employee: i for i, employee in enumerate(roster["employee_id"].astype(str))}
    options = Options(as_of=as_of)
    frames = [_scenario_pay(name, contract, roster, ids, years, options) for name, contract in contracts.items()]
    return pd.concat(frames, ignore_index=True)[["member", *COLUMNS]]


def _scenario_pay(name: str, contract: Contract, roster: pd.DataFrame, ids: dict[str, int], years: list[int],
                  options: Options) -> pd.DataFrame:
    """Every member's rows under one contract: placement at each year's end, the parts of the change, the pay."""
    rates = _Rates(contract)
    schedules = roster["schedule"].astype(str).to_numpy()
    placed = []
    for fy in [years[0] - 1, *years]:
        day = _year_end(fy, contract.fiscal_year_start)
        try:
            p = placement_on(roster, contract, day, fy, options)
        except InputError:
            if fy in years:
                raise
            continue   # the year before has no rate table (the contract starts with the first year): no "before"
        p = p[p["employee_id"].astype(str).isin(ids)]    # not the positions a proposal creates
        member = p["employee_id"].astype(str).map(ids).to_numpy()
        lanes, steps = p["lane"].astype(str).to_numpy(), p["step"].astype(str).to_numpy()
        placed.append(pd.DataFrame({"member": member, "fiscal_year": fy, "lane": lanes, "step": steps, "day": day,
                                    "rate": rates.many(schedules[member], lanes, steps, [day] * len(member)),
                                    "annual": p["annual_pay"].astype(float).to_numpy()}))
    grid = pd.MultiIndex.from_product([range(len(ids)), [years[0] - 1, *years]], names=["member", "fiscal_year"])
    out = pd.concat(placed, ignore_index=True).set_index(["member", "fiscal_year"]).reindex(grid).reset_index()
    out["annual_rate"] = out["annual"].round(2)
    _split_changes(out, schedules, rates)
    out = out.join(_paid(project(roster, contract, years, name, options), ids, years), on=["member", "fiscal_year"])
    out.loc[out["lane"].isna(), ["base", "longevity", "other_pay", "pay"]] = np.nan   # not employed at the year's end
    return out.assign(scenario=name)


def _split_changes(out: pd.DataFrame, schedules: np.ndarray, rates: _Rates) -> None:
    """raise, step_change, hours_change and annual_change of each row over the member's row the year before."""
    prev = out.groupby("member")[["lane", "step", "rate", "annual"]].shift(1)
    units = prev["annual"] / prev["rate"].where(prev["rate"] != 0)   # hours or days a year at this FTE (1 for annual pay)
    old = pd.Series(rates.many(schedules[out["member"].to_numpy()], prev["lane"], prev["step"], out["day"]),
                    index=out.index)
    old = old.where(old.notna() | out["day"].isna(), prev["rate"])   # the old cell gone: the move is placement, not raise
    raise_part = (old - prev["rate"]) * units.fillna(0.0)
    step_part = (out["rate"] - old) * units.fillna(0.0)
    change = out["annual"] - prev["annual"]
    known = change.notna()
    out["raise"] = _cents(raise_part.where(known))
    out["step_change"] = _cents(step_part.where(known))
    out["hours_change"] = _cents((change - raise_part - step_part).where(known))
    out["annual_change"] = _cents(change)


def _paid(results: pd.DataFrame, ids: dict[str, int], years: list[int]) -> pd.DataFrame:
    """base, longevity, other_pay and pay per (member, fiscal year) from the projection's salary families."""
    component = results["component"].astype("category")
    families = np.array([str(c).split(":")[0] for c in component.cat.categories] + [""], dtype=object)
    family = pd.Series(families[component.cat.codes.to_numpy()], index=results.index)
    keep = (family.isin(SALARY) & results["employee_id"].astype(str).isin(ids)).to_numpy()
    mine = results[keep]
    parts = pd.DataFrame({"member": mine["employee_id"].astype(str).map(ids).to_numpy(),
                          "fiscal_year": mine["fiscal_year"].to_numpy(),
                          "family": family[keep].to_numpy(), "amount": mine["amount"].to_numpy()})
    table = parts.pivot_table(index=["member", "fiscal_year"], columns="family", values="amount", aggfunc="sum")
    grid = pd.MultiIndex.from_product([range(len(ids)), years], names=["member", "fiscal_year"])
    table = table.reindex(grid).reindex(columns=list(SALARY)).fillna(0.0)
    total = table.sum(axis=1)
    return pd.DataFrame({"base": table["base"].round(2), "longevity": table["longevity"].round(2),
                         "other_pay": (total - table["base"] - table["longevity"]).round(2), "pay": total.round(2)})


def _cents(values: pd.Series) -> pd.Series:
    return values.astype(float).round(2) + 0.0  # + 0.0: never -0.00


@dataclass(frozen=True)
class QuotedRaise:
    """A proposal's raises for one schedule as a district quotes them: the across-the-board percents and
    flat amounts with their dates, the percents added up (the "13%") and compounded."""

    percents: tuple[tuple[dt.date, Decimal], ...]
    flats: tuple[tuple[dt.date, Decimal, str], ...]      # (effective, amount, per: year, hour or day)
    partial: int                                          # raises for some lanes or steps only (not counted)

    @property
    def added_up(self) -> Decimal:
        return sum((p for _, p in self.percents), Decimal(0))

    @property
    def compounded(self) -> Decimal:
        """(1 + p1) x (1 + p2) x ... - 1, in percent, to 0.01."""
        factor = Decimal(1)
        for _, p in self.percents:
            factor *= 1 + p / 100
        return ((factor - 1) * 100).quantize(Decimal("0.01"))


def quoted_raise(proposal: Proposal, contract: Contract, schedule: str, switches: tuple[str, ...] = ()) -> QuotedRaise:
    """The raises ``proposal`` gives ``schedule`` (of ``contract``, the status quo), as quoted: each
    ``raise_percent`` on every lane and step and each ``add_flat``, contingent items only when switched on."""
    percents, flats, partial = [], [], 0
    for change in proposal.changes:
        if change.op not in ("raise_percent", "add_flat") or (change.contingent and change.contingent not in switches):
            continue
        if schedule not in selected_schedules(contract, change, change.effective):
            continue
        if change.lanes is not None or change.steps is not None:
            partial += 1
        elif change.op == "raise_percent":
            percents.append((change.effective, change.percent))
        else:
            flats.append((change.effective, change.amount, change.per))
    return QuotedRaise(tuple(percents), tuple(flats), partial)


def member_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, from the year before the first to the last: the rate then and now, the change (a
    fraction, as every ``_pct`` column: 0.025 is 2.5%), and the share of the annual change that is raise, step and hours (they add up to it)."""
    rows = []
    for name, group in frame.groupby("scenario", sort=False):
        group = group.dropna(subset=["rate"])
        if group.empty:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        change = float(group["annual_change"].sum())
        rows.append({"scenario": name, "from_year": int(first["fiscal_year"]), "to_year": int(last["fiscal_year"]),
                     "from_cell": f"{first['lane']} {first['step']}", "to_cell": f"{last['lane']} {last['step']}",
                     "from_rate": first["rate"], "to_rate": last["rate"],
                     "rate_change_pct": round(last["rate"] / first["rate"] - 1, 6),
                     "annual_change": round(change, 2), "raise": round(float(group["raise"].sum()), 2),
                     "step_change": round(float(group["step_change"].sum()), 2),
                     "hours_change": round(float(group["hours_change"].sum()), 2)})
    return pd.DataFrame(rows)


__all__ = ["Member", "member_pay", "members_pay", "member_summary", "member_roster", "members_roster", "QuotedRaise",
           "quoted_raise"]
