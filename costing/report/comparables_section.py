"""Comparables in a report: the district's benchmark cells among its peers', before and after each proposal.

Shown when the scenario names a comparables file (``comparables:``). Two tables: each benchmark cell and
fiscal year with the peers' median and range, the status quo's rate and rank ("before") and each
proposal's ("after"); then every peer rate with its source and status. The placement is
:func:`costing.negotiate.comparables.placement`'s; an ILLUSTRATIVE peer rate is said so in both tables.
"""

from __future__ import annotations

import pandas as pd

from ..inputs.comparables import UNIT_WORDS, scenario_comparables
from ..negotiate.comparables import peer_list, placement
from .format import fiscal_year, money
from .table import Table
from .tables import BASELINE, scenario_label


def _rate(value, unit: str) -> str:
    return "" if value is None or pd.isna(value) else f"{money(value)} {UNIT_WORDS[unit]}"


def comparables_tables(report) -> list[Table]:
    """[placement table, peer rates table], or [] when the scenario names no comparables."""
    scenario, costing = report.scenario, report.costing
    comparables = scenario_comparables(report.scenario_path, scenario.comparables, costing.contracts[BASELINE],
                                       costing.years)
    if comparables is None:
        return []
    placed = placement(costing.contracts, comparables, scenario.comparables)
    rows = []
    for (_, fy, unit), group in placed.groupby(["benchmark", "fiscal_year", "unit"], sort=False):
        first = group.iloc[0]
        row = {"Benchmark cell": first["label"], "Fiscal year": fiscal_year(fy), "Peers": int(first["peers"]),
               "Peers' median": _rate(first["peer_median"], unit),
               "Peers' range": f"{money(first['peer_low'])} to {money(first['peer_high'])}"}
        for _, mine in group.iterrows():
            ranked = "" if pd.isna(mine["rank"]) else f" (rank {int(mine['rank'])} of {int(mine['of'])})"
            shown = _rate(mine["rate"], unit)
            row[scenario_label(costing, mine["scenario"])] = (shown + ranked) if shown else "no such cell"
        rows.append(row)
    illustrative = any(p.status == "illustrative" for p in comparables.peers)
    caveat = " ILLUSTRATIVE peer rates are invented to show the method (see the sources below)." if illustrative else ""
    summary = Table(pd.DataFrame(rows), {"Peers": "count"}, css_class="wide",
                    caption=f"{comparables.title}: the benchmark cells among the peers, before (status quo) and after",
                    note="The district's rate in force on the fiscal year's last day; rank 1 is the highest of the peers"
                         " and the district. Annual pay is the rate times the schedule's work year." + caveat)
    peers = peer_list(comparables, scenario.comparables)
    shown = pd.DataFrame({"Benchmark cell": peers["label"], "Fiscal year": peers["fiscal_year"].map(fiscal_year),
                          "District": peers["district"], "Their cell": peers["cell"],
                          "Rate": [_rate(r, u) for r, u in zip(peers["rate"], peers["unit"])],
                          "Status": peers["status"].str.upper().where(peers["status"] != "stated", "stated"),
                          "Source": peers["source"]})
    sources = Table(shown, css_class="wide", caption="Peer rates and their sources")
    return [summary, sources]


__all__ = ["comparables_tables"]
