"""Goal-seek: the value of one proposal parameter that meets a money target.

"What raise fits the $1.2M we have?" The parameter is one field of one change in a proposal
file (a year's percent, a flat amount, a step ratio, or an effective date); the target is total
new money over the contract, one fiscal year's cost within a budget, or the same cost as another
proposal. Positions can stand in the target (:mod:`costing.negotiate.positions`): "keep N positions
within the budget" takes N positions at the unit's average cost out of the budget first, and "the
raise N positions would pay for" is a budget of N positions' cost (the positions cut, or not added). Cost is monotone in each of these parameters (more percent, a larger amount or ratio
costs more; a later date costs less), so the solver searches the negotiator's grid (0.05% steps,
whole dollars, 0.001 of a ratio, whole days) by bisection: about fifteen projections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..engine.apply import apply_proposal
from ..engine.projection import Options, project
from ..errors import InputError
from ..inputs.models import Contract, Proposal

FIELDS = {"raise_percent": "percent", "add_flat": "amount", "set_stipend": "amount", "one_time": "amount",
          "rebuild": "ratio", "add_cost_line": "rate"}
LIMITS = {"percent": Decimal(100), "amount": Decimal(1_000_000), "ratio": Decimal(3), "rate": Decimal(1_000_000)}
DEFAULT_UNITS = {"percent": Decimal("0.05"), "amount": Decimal("1"), "ratio": Decimal("0.001"), "rate": Decimal("1"),
                 "effective": 1}


@dataclass(frozen=True)
class Target:
    """What must hold. kind: new_money (over all years), budget (one year's new money), match.

    ``positions`` (new_money and budget only): N positions at the unit's average cost come out of the
    amount first (keep N positions within it); a negative N adds the cost of N positions to it (the
    raise that cutting, or not adding, N positions would pay for: ``amount`` 0, ``positions`` -N).
    The cost of a position is the status quo's (:func:`costing.negotiate.positions.position_cost`), in
    the budget's fiscal year or summed over the years costed."""

    kind: str
    amount: float = 0.0
    fiscal_year: int | None = None
    other: Contract | None = None
    positions: float = 0.0

    def describe(self, position_cost: float | None = None) -> str:
        where = "over the contract" if self.kind == "new_money" else f"in FY{self.fiscal_year}"
        if self.kind == "match":
            return "the same cost over the contract as the other proposal"
        if not self.positions:
            return f"new money {where} at most {self.amount:,.2f}"
        each = f" at {position_cost:,.2f} each" if position_cost is not None else ""
        if self.positions < 0 and not self.amount:
            return f"new money {where} at most the cost of {-self.positions:g} positions{each}"
        if self.positions < 0:
            return f"new money {where} at most {self.amount:,.2f} and the cost of {-self.positions:g} positions{each}"
        return f"new money {where} at most {self.amount:,.2f} less {self.positions:g} positions kept{each}"


@dataclass(frozen=True)
class Solution:
    field: str
    value: object               # Decimal, or a date
    cost: float                 # the measure at the solved value
    cost_next: float            # the measure one unit above (one day earlier for a date)
    target: float
    unit: object
    evaluations: int
    measure: str
    position_cost: float | None = None   # the cost of one position the target counted (its year, or the years summed)

    def value_text(self) -> str:
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        if self.field == "percent":
            return f"{self.value}%"
        return f"{self.value}"


def _with_value(proposal: Proposal, index: int, field: str, value) -> Proposal:
    changes = list(proposal.changes)
    changes[index] = changes[index].model_copy(update={field: value})
    return proposal.model_copy(update={"changes": tuple(changes)})


def solve(roster: pd.DataFrame, baseline: Contract, proposal: Proposal, change: int, target: Target, years: list[int],
          options: Options = Options(), field: str | None = None, unit=None, switches: tuple[str, ...] = (),
          source: str | None = None) -> Solution:
    """Solve one field of ``proposal.changes[change]`` (0-based) for ``target``.

    Raises InputError when no value on the grid meets the target, or when the parameter cannot
    move the measure (e.g. a raise that starts after the fiscal year being budgeted).
    """
    if not 0 <= change < len(proposal.changes):
        raise InputError(source, "--change", f"the proposal has changes 1 to {len(proposal.changes)}")
    op = proposal.changes[change].op
    field = field or FIELDS.get(op)
    if field is None or (field != "effective" and not hasattr(proposal.changes[change], field)):
        raise InputError(source, f"changes[{change + 1}] ({op})", "has no numeric field to solve; use --field effective or pick another change")
    step = unit if unit is not None else DEFAULT_UNITS[field]
    if target.kind == "budget" and target.fiscal_year not in years:
        raise InputError(None, "--budget", f"FY{target.fiscal_year} is not a year costed"
                         f" (FY{min(years)}-FY{max(years)})")
    base_totals = project(roster, baseline, years, "baseline", options).groupby("fiscal_year")["amount"].sum()

    def totals(contract: Contract) -> pd.Series:
        return project(roster, contract, years, "p", options).groupby("fiscal_year")["amount"].sum()

    each = None
    if target.kind == "match":
        goal = float(totals(target.other).sum() - base_totals.sum())
    else:
        goal = float(target.amount)
    if target.positions and target.kind != "match":
        each = _position_cost(roster, baseline, years, options, target.fiscal_year)
        goal = round(goal - target.positions * each, 2)

    def measure(value) -> float:
        contract = apply_proposal(baseline, _with_value(proposal, change, field, value), switches, source=source)
        diff = totals(contract).sub(base_totals, fill_value=0.0)
        if target.kind == "budget":
            return round(float(diff.get(target.fiscal_year, 0.0)), 2)
        return round(float(diff.sum()), 2)

    evaluations = 0

    def cost_at(k: int) -> float:
        nonlocal evaluations
        evaluations += 1
        return measure(value_of(k))

    if field == "effective":
        # later dates cost less: search k = days after an early bound for the earliest date within the goal
        first = min(years)
        from ..engine.dates import fiscal_year_bounds

        lo_day, _ = fiscal_year_bounds(first, baseline.fiscal_year_start)
        _, hi_day = fiscal_year_bounds(max(years), baseline.fiscal_year_start)
        if baseline.period:
            lo_day, hi_day = max(lo_day, baseline.period.start), min(hi_day, baseline.period.end)

        def value_of(k: int):
            return lo_day + dt.timedelta(days=k * int(step))

        hi_k = (hi_day - lo_day).days // int(step)
        if cost_at(hi_k) > goal:
            raise InputError(source, "target", f"no date meets it: even {value_of(hi_k)} gives {_name(target)}"
                             f" of {cost_at(hi_k):,.2f}, above {goal:,.2f}")
        if cost_at(0) <= goal:
            raise InputError(source, "target", f"the date does not bind: even {value_of(0)} keeps {_name(target)}"
                             f" at {cost_at(0):,.2f}, within {goal:,.2f} (does this change fall in another fiscal year?)")
        k = _first_within(cost_at, 0, hi_k, goal)
        value, next_value = value_of(k), value_of(max(k - 1, 0))
        return Solution(field, value, cost_at(k), measure(next_value), goal, step, evaluations, _name(target), each)

    step = Decimal(str(step))

    def value_of(k: int):
        return step * k

    ceiling = int(LIMITS[field] / step)
    if target.kind != "match" and cost_at(0) > goal:
        raise InputError(source, "target", f"no {field} meets it: even 0 gives {_name(target)} of {cost_at(0):,.2f},"
                         f" above {goal:,.2f} (other changes already cost that much)")
    if cost_at(ceiling) <= goal:
        raise InputError(source, "target", f"the {field} does not bind: even {value_of(ceiling)} keeps {_name(target)}"
                         f" at {cost_at(ceiling):,.2f}, within {goal:,.2f} (does this change fall in another fiscal year?)")
    hi_k = 1
    while cost_at(hi_k) <= goal:
        hi_k *= 2
    k = _last_within(cost_at, 0, min(hi_k, ceiling), goal)
    if target.kind == "match" and abs(cost_at(k + 1) - goal) < abs(cost_at(k) - goal):
        k += 1
    return Solution(field, value_of(k), cost_at(k), cost_at(k + 1), goal, step, evaluations, _name(target), each)


def _position_cost(roster: pd.DataFrame, baseline: Contract, years: list[int], options: Options,
                   fiscal_year: int | None) -> float:
    """The status quo's cost of a position in ``fiscal_year`` (None: summed over ``years``), from its
    figures frame (:func:`costing.negotiate.positions.position_cost`)."""
    from ..engine.costing_run import cost_scenarios
    from ..engine.measures import TERM
    from .positions import position_cost

    cost = position_cost(cost_scenarios(roster, baseline, {}, years, options).measures)
    each = float(cost.get(TERM if fiscal_year is None else fiscal_year, float("nan")))
    if each != each:
        when = f"FY{fiscal_year}" if fiscal_year else "the years costed"
        raise InputError(None, "positions", f"no cost of a position in {when}: nobody is employed at the end of a year")
    return each


def _name(target: Target) -> str:
    return {"new_money": "new money over the contract", "budget": f"new money in FY{target.fiscal_year}",
            "match": "new money over the contract"}[target.kind]


def _last_within(cost: Callable[[int], float], lo: int, hi: int, goal: float) -> int:
    """The largest k in [lo, hi) with cost(k) <= goal (cost increasing in k); lo if none."""
    if cost(lo) > goal:
        return lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if cost(mid) <= goal:
            lo = mid
        else:
            hi = mid
    return lo


def _first_within(cost: Callable[[int], float], lo: int, hi: int, goal: float) -> int:
    """The smallest k in [lo, hi] with cost(k) <= goal (cost decreasing in k); hi if none."""
    if cost(hi) > goal:
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if cost(mid) <= goal:
            hi = mid
        else:
            lo = mid
    return hi if cost(lo) > goal else lo
