"""A contract's own assumptions that a scenario switches on: a roll-up or a benefit marked ``contingent``.

A finance office costing a para unit may not know the county retirement assessment's rate, or whether
the committee's health offer will hold; the contract states each as a dated assumption with a switch
(``contingent: retirement_assessment``), and a scenario costs it only when it switches it on, as it
switches a proposal's contingent items. The items switched off are not in the totals, and the
report's "Not included" names them (:mod:`costing.report.coverage`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..inputs.models import Contract


def contract_switches(contract: Contract) -> list[str]:
    """The switch names a contract's own contingent roll-ups and benefits use."""
    return sorted({item.contingent for item in (*contract.rollup, *contract.benefits) if item.contingent})


def switched_off(contract: Contract, switches: Iterable[str]) -> list[str]:
    """The contract's contingent items whose switch is off, in words: 'roll-up retirement (switch ...)'."""
    on = set(switches)
    out = [f"roll-up {r.name.replace('_', ' ')}" for r in contract.rollup if r.contingent and r.contingent not in on]
    out += [f"{b.name.replace('_', ' ')} premiums" for b in contract.benefits if b.contingent and b.contingent not in on]
    return out


def switched_contract(contract: Contract, switches: Iterable[str]) -> Contract:
    """The contract with each contingent roll-up and benefit kept only when its switch is on."""
    on = set(switches)
    keep = lambda item: item.contingent is None or item.contingent in on  # noqa: E731
    if all(keep(item) for item in (*contract.rollup, *contract.benefits)):
        return contract
    return contract.model_copy(update={"rollup": tuple(r for r in contract.rollup if keep(r)),
                                       "benefits": tuple(b for b in contract.benefits if keep(b))})


__all__ = ["contract_switches", "switched_contract", "switched_off"]
