"""How a public report names what an input file names by a key: schedules, lanes, units, switches, components.

A key (``para_educator``, ``unit_a``, ``multilingual_early_certification``, ``stipend:asd_trv_diff``) is
how a file refers to a thing; a School Committee reads a name. Each thing may carry a ``label:`` in
the contract (docs/formats.md, "Labels"); without one, the key in words (:func:`readable`) stands in:
underscores become spaces, and a known abbreviation keeps its capitals. One place, so a schedule is
called the same in a table caption, a change's description and a caveat.
"""

from __future__ import annotations

import re

ACRONYMS = {"asd": "ASD", "ba": "BA", "ma": "MA", "phd": "PhD", "cag": "CAG", "esp": "ESP", "fte": "FTE",
            "ell": "ELL", "sped": "SPED", "bcba": "BCBA", "rbt": "RBT", "ot": "OT", "pt": "PT", "prek": "PreK",
            "pk": "PK", "sy": "SY", "moa": "MOA", "tai": "TAI", "ni": "NI", "cola": "COLA", "atb": "ATB"}
"""Abbreviations a key may hold, as they are written in words."""

FAMILY_NAMES = {"base": "Base pay", "longevity": "Longevity", "stipend": "Stipend", "extra_pay": "Extra pay",
                "paid_days": "Paid days", "one_time": "One-time payment", "retro": "Retro pay",
                "line": "Other cost", "rollup": "Roll-up", "benefit": "Premium"}
"""One component's family as the first words of its name (singular: 'Roll-up: Medicare')."""


def readable(key: str) -> str:
    """A key in words: 'para_educator' -> 'para educator', 'asd_trv_diff' -> 'ASD trv diff', 'unit_a' -> 'unit A'."""
    words = [w for w in re.split(r"[_\s]+", str(key)) if w]
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in ACRONYMS:
            out.append(ACRONYMS[lower])
        elif len(word) == 1 and i > 0 and word.isalpha():   # unit_a -> unit A, Unit D
            out.append(word.upper())
        else:
            out.append(word)
    return " ".join(out)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named(items, name: str) -> str:
    for item in items or ():
        if getattr(item, "name", None) == name and getattr(item, "label", ""):
            return item.label
    return ""


def schedule_label(contract, name: str) -> str:
    """'Paraprofessionals' (the schedule's ``label``), else 'Para educator'."""
    found = _named(getattr(contract, "schedules", ()), name) if contract is not None else ""
    return found or capitalised(readable(name))


def lane_label(contract, schedule: str, lane: str) -> str:
    """'Lane TAI' or the schedule's ``lane_labels`` entry."""
    for s in getattr(contract, "schedules", ()) or ():
        if s.name == schedule and s.lane_labels.get(str(lane)):
            return s.lane_labels[str(lane)]
    return f"Lane {readable(lane)}"


def unit_label(contract, unit: str) -> str:
    """A bargaining unit: its ``unit_labels`` entry, else 'unit A' / 'unit para'."""
    labels = getattr(contract, "unit_labels", {}) if contract is not None else {}
    if labels.get(unit):
        return labels[unit]
    words = readable(unit)
    return words if words.lower().startswith("unit") else f"unit {words}"


def switch_label(contract, switch: str) -> str:
    """A switch (a contingent item's condition) in words: its ``switch_labels`` entry, else the key in words."""
    labels = getattr(contract, "switch_labels", {}) if contract is not None else {}
    return labels.get(switch) or readable(switch)


SECTIONS = {"longevity": "longevity", "stipend": "stipends", "one_time": "one_time", "retro": "retro",
            "line": "cost_lines", "rollup": "rollup", "benefit": "benefits", "extra_pay": "extra_pay",
            "paid_days": "paid_days"}
"""A component family -> the contract section whose items it costs (and whose ``label`` names it)."""


def item_label(contracts, family: str, name: str) -> str:
    """The label of a contract item (a stipend, a cost line ...) in the first contract that labels it."""
    section = SECTIONS.get(family)
    for contract in contracts:
        found = _named(getattr(contract, section, ()), name) if section else ""
        if found:
            return found
    return ""


def component_label(contracts, component: str) -> str:
    """A costed component in words: 'Roll-up: Medicare', 'Stipend: ASD travel differential', 'Base pay'.

    ``contracts``: the contracts that may label it (a proposal's item is labelled in the contract it makes)."""
    family, _, name = str(component).partition(":")
    head = FAMILY_NAMES.get(family, capitalised(readable(family)))
    if not name:
        return head
    words = item_label(contracts, family, name) or readable(name)
    if family == "retro" and words.lower().startswith("retro"):   # 'Retro pay: retro 2022' says retro twice
        words = words[5:].strip() or words
    if family == "longevity" and name == "longevity":
        return head
    return f"{head}: {words}"


__all__ = ["component_label", "item_label", "lane_label", "readable", "schedule_label", "switch_label", "unit_label"]
