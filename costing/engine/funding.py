"""One-time money by funding source: what a one-time line is paid from.

A one-time payment may name its funding source (``funding_source``: Belmont paid its one-time $500
payments from free cash, a reserve rather than the operating budget), so that a costing can say
how much of the new money is recurring budget and how much is paid from elsewhere. The source is a
property of the contract item, so it is looked up here from each scenario's contract by the
payment's component (``one_time:<name>``), never stored beside every employee's amount; a payment
that names none is grouped as "not stated".
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..inputs.models import Contract

NOT_STATED = "not stated"
COLUMNS = ["scenario", "fiscal_year", "funding_source", "component", "amount"]


def funding_sources(contract: Contract) -> dict[str, str]:
    """``one_time:<name>`` -> the payment's funding source ("not stated" when it names none)."""
    return {f"one_time:{o.name}": o.funding_source or NOT_STATED for o in contract.one_time}


def one_time_by_source(results: pd.DataFrame, contracts: Mapping[str, Contract]) -> pd.DataFrame:
    """One-time costs per scenario, fiscal year, funding source and payment, to the cent (columns
    :data:`COLUMNS`), from a costing's long results and the contract each scenario is costed under."""
    parts = []
    for scenario, contract in contracts.items():
        sources = funding_sources(contract)
        rows = results[(results["scenario"].astype(str) == scenario) & results["component"].astype(str).isin(sources)]
        if len(rows):
            parts.append(pd.DataFrame({"scenario": scenario, "fiscal_year": rows["fiscal_year"].to_numpy(),
                                       "funding_source": rows["component"].astype(str).map(sources).to_numpy(),
                                       "component": rows["component"].astype(str).to_numpy(),
                                       "amount": rows["amount"].to_numpy(dtype=float)}))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=True).groupby(COLUMNS[:-1], sort=True)["amount"].sum().round(2).reset_index()
    return out[out["amount"] != 0].reset_index(drop=True)
