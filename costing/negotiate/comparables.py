"""The district's benchmark cells among its peers', before and after each proposal, with the rank.

For each benchmark cell the scenario chooses (:class:`~costing.inputs.comparables.Benchmark`) and each
fiscal year the comparables file has peer rates for, the district's rate is taken from each scenario's
contract on the fiscal year's last day (the status quo's is "before", each proposal's "after") and ranked
among the peers' rates in the same unit: 1 is the highest. A peer's annual pay is compared with the
district's annual pay for the cell (the rate times the schedule's work year, rounded as the schedule's
annual figures are: :func:`costing.engine.rate_tables.units_per_year`); hourly with hourly, daily with
daily. A cell a proposal removes (an entry step dropped) has no rate and no rank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from ..engine import dates as d
from ..engine.money import round_decimal
from ..engine.rate_tables import rate_in_force, units_per_year
from ..inputs.comparables import Benchmark, Comparables, ComparablesChoice
from ..inputs.models import Contract

COLUMNS = ["benchmark", "label", "fiscal_year", "unit", "peers", "peer_median", "peer_low", "peer_high", "scenario",
           "rate", "rank", "of"]


def district_rate(contract: Contract, bench: Benchmark, day: dt.date, unit: str) -> float | None:
    """The benchmark cell's rate on ``day`` in ``unit`` (its own rate unit, or annual pay); None if the cell
    does not exist that day."""
    schedule = contract.schedule(bench.schedule)
    try:
        rate = rate_in_force(schedule, bench.lane, bench.step, day)
    except ValueError:
        return None
    if unit == schedule.rate_unit:
        return float(rate)
    return float(round_decimal(rate * units_per_year(schedule, day), schedule.rounding.annual, schedule.rounding.mode))


def rank_among(value: float | None, peers: list[float]) -> int | None:
    """1 + the number of peers paid more (ties share a rank); None without a value."""
    return None if value is None else 1 + sum(1 for p in peers if p > value)


def placement(contracts: Mapping[str, Contract], comparables: Comparables, choice: ComparablesChoice) -> pd.DataFrame:
    """One row per benchmark, fiscal year and unit the peers give, and scenario (``contracts``' order: the
    status quo first): the peers' count, median, lowest and highest, the district's rate and its rank
    among the peers and itself (``of``)."""
    benches = {b.name: b for b in choice.benchmarks}
    baseline = next(iter(contracts.values()))
    peers = pd.DataFrame([p.model_dump() for p in comparables.peers])
    peers["rate"] = peers["rate"].astype(float)
    rows = []
    for (name, fy, unit), group in peers.groupby(["compares_with", "fiscal_year", "unit"], sort=False):
        bench = benches[name]
        day = d.fiscal_year_bounds(int(fy), baseline.fiscal_year_start)[1] - dt.timedelta(days=1)
        rates = sorted(group["rate"].tolist())
        for scenario, contract in contracts.items():
            value = district_rate(contract, bench, day, unit)
            rows.append({"benchmark": name, "label": bench.label, "fiscal_year": int(fy), "unit": unit,
                         "peers": len(rates), "peer_median": float(pd.Series(rates).median()), "peer_low": rates[0],
                         "peer_high": rates[-1], "scenario": scenario, "rate": value,
                         "rank": rank_among(value, rates), "of": len(rates) + 1})
    order = {b.name: i for i, b in enumerate(choice.benchmarks)}
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["benchmark", "fiscal_year", "unit"], key=lambda c: c.map(order) if c.name == "benchmark"
                             else c, kind="stable").reset_index(drop=True)


def peer_list(comparables: Comparables, choice: ComparablesChoice) -> pd.DataFrame:
    """Every peer rate with its benchmark's label and its source, in the benchmarks' order."""
    labels = {b.name: b.label for b in choice.benchmarks}
    order = {b.name: i for i, b in enumerate(choice.benchmarks)}
    rows = [{"label": labels[p.compares_with], "fiscal_year": p.fiscal_year, "district": p.district,
             "cell": f"{p.schedule}, {p.lane}, " + (f"step {p.step}" if p.step[:1].isdigit() else f"{p.step} step"), "rate": float(p.rate), "unit": p.unit,
             "status": p.status, "source": p.source, "_order": order[p.compares_with]} for p in comparables.peers]
    frame = pd.DataFrame(rows)
    return frame.sort_values(["_order", "fiscal_year", "rate"], ascending=[True, True, False],
                             kind="stable").drop(columns="_order").reset_index(drop=True)


__all__ = ["placement", "peer_list", "district_rate", "rank_among", "COLUMNS"]
