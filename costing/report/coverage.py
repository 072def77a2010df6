"""What the figures cover and what they leave out, generated from the costing, never typed.

A page that says "Not included: health insurance" above a table that costs $29.5M of premiums a
year is worse than no page. So the words a reader relies on for scope are made from what was
costed:

* **what "benefits" covers** (:func:`benefits_sentence`): each roll-up the contracts charge (Medicare
  1.45% of pay, a retirement assessment) and each per-head benefit (the employer's share of health
  premiums), and the benefits a Massachusetts costing is expected to show that are not there (health
  insurance, the municipal or county retirement assessment of staff outside the teachers' system);
* **contingent items** (:func:`contingent_items`): every change a proposal makes only when its switch is
  on, with whether it is in these totals;
* **not included** (:func:`not_included`): those benefits, the contingent items switched off, and what
  the scenario states it leaves out, checked against the costing: a stated exclusion that names a
  component the costing does include is an input error naming the scenario file and the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..engine import ops
from ..engine.apply import active_changes
from ..engine.costing_run import Costing
from ..engine.ops.lines import rollup_targets
from ..engine.quoted import scenario_texts
from ..errors import InputError
from ..inputs.models import Contract
from ..inputs.words import pct

RETIREMENT_WORDS = ("retire", "pension")


def _rollup_words(rollup) -> str:
    rate = pct(rollup.rate) if rollup.rate is not None else "rates dated in the contract"
    name = "Medicare" if rollup.name.lower() == "medicare" else rollup.name.replace("_", " ")
    return f"{name} {rate} of {rollup_targets(rollup.applies_to)}"


def benefits_covered(contracts: dict[str, Contract]) -> list[str]:
    """Each roll-up and per-head benefit any scenario's contract charges, in words, once."""
    out: list[str] = []
    for contract in contracts.values():
        out += [_rollup_words(r) for r in contract.rollup]
        out += [f"{b.name.replace('_', ' ')} insurance premiums (the employer's share, by plan and tier)"
                if "insurance" not in b.name else f"{b.name.replace('_', ' ')} premiums (the employer's share)"
                for b in contract.benefits]
    return list(dict.fromkeys(out))


def benefits_missing(contracts: dict[str, Contract]) -> list[str]:
    """The benefits a costing is expected to show that no scenario's contract states."""
    rollups = [r for c in contracts.values() for r in c.rollup]
    out = []
    if not any(c.benefits for c in contracts.values()):
        out.append("health insurance (no premiums are costed)")
    if not any(any(w in r.name.lower() for w in RETIREMENT_WORDS) for r in rollups):
        out.append("a municipal or county retirement assessment (none is costed; teachers' pensions are paid by the "
                   "Commonwealth)")
    if not rollups:
        out.append("Medicare (no roll-up is costed)")
    return out


def benefits_sentence(costing: Costing, with_missing: bool = True) -> str:
    """'Benefits here are Medicare 1.45% of base pay, ...; not costed: health insurance (...).' (Without
    ``with_missing`` where a "Not included" line beside it already names what is not costed.)"""
    covered, missing = benefits_covered(costing.contracts), benefits_missing(costing.contracts)
    text = "Benefits here are " + ("; ".join(covered) if covered else "nothing (no roll-up or premium is stated)")
    if missing and with_missing:
        text += "; not costed: " + "; ".join(missing)
    return text + "."


@dataclass(frozen=True)
class ContingentItem:
    scenario: str
    description: str        # the change in words (the op's own description)
    reference: str
    switched_on: bool


def contingent_items(costing: Costing) -> list[ContingentItem]:
    """Every contingent change of every proposal costed, and whether its switch is on (in the totals)."""
    out = []
    for name in costing.contracts:
        for text in scenario_texts(costing.proposals, name):
            on = {id(c) for _, c in active_changes(text, costing.switches)}
            for change in text.changes:
                if change.contingent:
                    words = ops.describe(change.model_copy(update={"contingent": None}), costing.contracts[name])
                    out.append(ContingentItem(name, words, change.reference or "", id(change) in on))
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def component_names(costing: Costing) -> dict[str, str]:
    """Costed components (any scenario, any year, not zero) -> the words that name them ("retirement notice")."""
    components = costing.components
    costed = components[components["amount"].abs() >= 0.005]["component"].unique()
    out = {}
    for component in costed:
        family, _, rest = str(component).partition(":")
        tokens = [t for t in re.split(r"[_\s]+", rest or family) if t and not any(ch.isdigit() for ch in t)]
        if tokens and component != "base":
            out[str(component)] = " ".join(tokens)
    return out


def stated_exclusions(costing: Costing, excluded: tuple[str, ...], source: str | Path | None) -> list[str]:
    """The scenario's own "not included" items, each checked against what was costed.

    An item whose words name a costed component (every word of the component's name is in it:
    "retirement notice incentives" and ``line:retirement_notice_4mo``) contradicts the tables: an
    InputError naming the scenario file, the item and the component."""
    names = component_names(costing)
    for i, item in enumerate(excluded):
        words = _words(item)
        for component, name in names.items():
            if set(name.split()) <= words:
                amount = costing.components.loc[costing.components["component"] == component, "amount"].abs().max()
                raise InputError(str(source) if source else None, f"scope.excluded[{i + 1}]",
                                 f"says {item!r} is not included, but the costing includes {component} (up to "
                                 f"${amount:,.2f} a year); remove the item, or remove the component from the contract")
    return list(excluded)


def not_included(costing: Costing, excluded: tuple[str, ...] = (), source: str | Path | None = None) -> list[str]:
    """What these totals leave out, generated: benefits not stated, contingent items switched off (for each
    proposal), then what the scenario states (checked against the costing)."""
    out = [f"{item[:1].upper()}{item[1:]}" for item in benefits_missing(costing.contracts)]
    out += [f"{item[:1].upper()}{item[1:]}: an assumption of the contract, not switched on" for item in costing.switched_off]
    for item in contingent_items(costing):
        if not item.switched_on:
            out.append(f"{item.description}: contingent, not switched on"
                       + (f" [{item.reference}]" if item.reference else ""))
    out += stated_exclusions(costing, excluded, source)
    return list(dict.fromkeys(out))


def contingent_table(costing: Costing, label) -> pd.DataFrame:
    """Scenario, item, source, in these totals: every contingent item, for a report table or a sheet."""
    return pd.DataFrame([{"Scenario": label(item.scenario), "Contingent item": item.description,
                          "Source": item.reference, "In these totals": "yes" if item.switched_on else "no"}
                         for item in contingent_items(costing)],
                        columns=["Scenario", "Contingent item", "Source", "In these totals"])


__all__ = ["benefits_covered", "benefits_missing", "benefits_sentence", "contingent_items", "contingent_table",
           "not_included", "stated_exclusions", "component_names", "ContingentItem"]
