"""How each proposal's cost moves when an assumption moves: a tornado, and a Monte Carlo band.

The tornado varies one assumption at a time between a low and a high setting (everything else at
the central assumptions) and records each scenario's cost over the contract and its new money
over the baseline under the same setting. The Monte Carlo draws turnover (and lane changes) at
random, seeded, many times, and reports percentiles of each scenario's yearly cost: an honest
band rather than a single breakage number.

Both take an optional ``progress(done, total)`` callback, called after each costing of the
roster, so the command line can show a bar (a tornado is a few costings, a band a hundred).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..engine.projection import Options, project
from ..inputs.labels import lane_label, schedule_label
from ..inputs.models import Contract
from .assumptions import Assumptions, LaneChanges, NewHires, Turnover, apply_assumptions, with_assumed_rollup

DEFAULT_TURNOVER = Turnover(rates=((0, 0.10), (5, 0.05), (25, 0.15)))


@dataclass(frozen=True)
class Variation:
    name: str
    low: Assumptions
    high: Assumptions
    low_label: str
    high_label: str


def default_variations(central: Assumptions, contract: Contract, roster: pd.DataFrame) -> list[Variation]:
    """Turnover, lane changes, new hires and roll-up rates, each at a low and a high setting."""
    turnover = central.turnover if any(r for _, r in central.turnover.rates) else DEFAULT_TURNOVER
    schedule = contract.schedules[0]
    hires = max(1, round(len(roster) * 0.02))
    rollup = dict(central.rollup) or {r.name: float(r.dated()[-1].rate) for r in contract.rollup}
    variations = [
        Variation("Turnover", replace(central, turnover=Turnover()), replace(central, turnover=turnover.scaled(1.5)),
                  "none", "1.5 x " + _rates_text(turnover)),
        Variation("Lane changes", replace(central, lane_changes=LaneChanges(0.0)),
                  replace(central, lane_changes=LaneChanges(0.05)), "none", "5% a year"),
        Variation("New hires", replace(central, new_hires=NewHires()),
                  replace(central, new_hires=NewHires(hires, schedule.name, schedule.lanes[0], schedule.steps[0])),
                  "none", f"{hires} a year at {schedule_label(contract, schedule.name)}, "
                  f"{lane_label(contract, schedule.name, schedule.lanes[0])}, step {schedule.steps[0]}"),
    ]
    if rollup:
        variations.append(Variation(
            "Roll-up rates", replace(central, rollup=tuple((k, max(0.0, v - 1)) for k, v in rollup.items())),
            replace(central, rollup=tuple((k, v + 1) for k, v in rollup.items())), "1 point lower", "1 point higher"))
    return variations


def _rates_text(turnover: Turnover) -> str:
    return ", ".join(f"{r:.0%} from {t} yrs" for t, r in turnover.rates)


def _scenario_totals(roster, contracts: dict[str, Contract], years, options, assumptions: Assumptions,
                     seed: int | None = None) -> dict[str, pd.Series]:
    baseline = contracts["baseline"]
    changed = apply_assumptions(roster, baseline, years, assumptions, seed)
    out = {}
    for name, contract in contracts.items():
        results = project(changed, with_assumed_rollup(contract, assumptions), years, name, options)
        out[name] = results.groupby("fiscal_year")["amount"].sum().reindex(years).fillna(0.0)
    return out


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


def tornado(roster: pd.DataFrame, contracts: dict[str, Contract], years: list[int], options: Options = Options(),
            central: Assumptions = Assumptions(), variations: list[Variation] | None = None,
            progress: Progress | None = None) -> pd.DataFrame:
    """One row per assumption and scenario: cost and new money over the contract at low, central, high."""
    variations = variations if variations is not None else default_variations(central, contracts["baseline"], roster)
    progress = progress or _no_progress
    total = 1 + 2 * len(variations)
    center = _scenario_totals(roster, contracts, years, options, central)
    progress(1, total)
    rows = []
    for i, variation in enumerate(variations):
        low = _scenario_totals(roster, contracts, years, options, variation.low)
        progress(2 + 2 * i, total)
        high = _scenario_totals(roster, contracts, years, options, variation.high)
        progress(3 + 2 * i, total)
        for name in contracts:
            def money(totals, n=name):
                return float((totals[n] - totals["baseline"]).sum())
            rows.append({
                "assumption": variation.name, "scenario": name, "low_setting": variation.low_label,
                "high_setting": variation.high_label,
                "cost_low": round(float(low[name].sum()), 2), "cost_central": round(float(center[name].sum()), 2),
                "cost_high": round(float(high[name].sum()), 2),
                "new_money_low": round(money(low), 2), "new_money_central": round(money(center), 2),
                "new_money_high": round(money(high), 2),
            })
    table = pd.DataFrame(rows)
    table["swing"] = (table["cost_high"] - table["cost_low"]).abs().round(2)
    return table.sort_values(["scenario", "swing"], ascending=[True, False]).reset_index(drop=True)


def monte_carlo(roster: pd.DataFrame, contracts: dict[str, Contract], years: list[int], options: Options = Options(),
                assumptions: Assumptions = Assumptions(turnover=DEFAULT_TURNOVER), draws: int = 100,
                seed: int = 0, percentiles: tuple[int, ...] = (5, 25, 50, 75, 95),
                progress: Progress | None = None) -> pd.DataFrame:
    """Percentiles of each scenario's cost per year and over the contract, over seeded random draws."""
    progress = progress or _no_progress
    rng = np.random.default_rng(seed)
    seeds = rng.integers(0, 2**31 - 1, size=draws)
    records = []
    for draw, s in enumerate(seeds):
        totals = _scenario_totals(roster, contracts, years, options, assumptions, int(s))
        progress(draw + 1, draws)
        for name, series in totals.items():
            for fy, value in series.items():
                records.append({"draw": draw, "scenario": name, "fiscal_year": fy, "total": value})
            records.append({"draw": draw, "scenario": name, "fiscal_year": "contract", "total": float(series.sum())})
    frame = pd.DataFrame(records)
    table = frame.groupby(["scenario", "fiscal_year"], sort=False)["total"].quantile([p / 100 for p in percentiles]).unstack()
    table.columns = [f"p{p}" for p in percentiles]
    table = table.round(2).reset_index()
    table["draws"] = draws
    table["seed"] = seed
    return table
