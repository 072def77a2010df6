"""The project's fixed vocabularies, each defined once.

Proration conventions, rounding modes and component families are named in the input formats, in
the engine, in the figures and on every page of a report. Each list lives here, and everything
else derives from it (a ``Literal`` type, a check, a label, a sentence), so a name cannot be added
in one place and forgotten in another.
"""

from __future__ import annotations

from typing import Literal, get_args

ProrationName = Literal["calendar_days", "school_year", "work_days", "pay_periods"]
PRORATIONS: tuple[str, ...] = get_args(ProrationName)
"""How a fiscal year is split when something changes mid-year (docs/method.md)."""

NotebookName = Literal["scenario_report", "board_brief", "compare_proposals", "negotiation"]
DEFAULT_NOTEBOOKS: tuple[str, ...] = ("scenario_report",)
"""The report notebooks a scenario may name, and those it gets when it names none."""

RoundingMode = Literal["half_up", "half_even", "half_down", "down", "up"]
ROUNDING_MODES: tuple[str, ...] = get_args(RoundingMode)

# A component's family is the part of its name before the first colon ("stipend:lead" -> stipend).
# Each family belongs to one part of total compensation, as settlement reports split it: pay to
# people (salary), what the employer pays on top of pay (benefits: roll-ups such as Medicare, and
# per-head premiums), and unit-level cost lines (class coverage, tuition pools), which are neither.
FAMILY_PARTS: dict[str, str] = {
    "base": "salary", "longevity": "salary", "stipend": "salary", "extra_pay": "salary",
    "one_time": "salary", "retro": "salary", "line": "other", "rollup": "benefits", "benefit": "benefits",
}
FAMILIES: tuple[str, ...] = tuple(FAMILY_PARTS)
FAMILY_LABELS: dict[str, str] = {  # a heading: capitalised
    "base": "Base pay", "longevity": "Longevity", "stipend": "Stipends and differentials",
    "extra_pay": "Extra pay and paid days", "one_time": "One-time payments", "retro": "Retro pay",
    "line": "Other costs", "rollup": "Roll-up", "benefit": "Premiums (employer share)",
}
FAMILY_WORDS: dict[str, str] = {  # inside a sentence: lower case
    family: label[0].lower() + label[1:] for family, label in FAMILY_LABELS.items()
}
PARTS: tuple[str, ...] = ("salary", "benefits", "other")
SALARY_FAMILIES: tuple[str, ...] = tuple(f for f, p in FAMILY_PARTS.items() if p == "salary")
BENEFIT_FAMILIES: tuple[str, ...] = tuple(f for f, p in FAMILY_PARTS.items() if p == "benefits")
OTHER_FAMILIES: tuple[str, ...] = tuple(f for f, p in FAMILY_PARTS.items() if p == "other")


def family_of(component: str) -> str:
    """'stipend:lead' -> 'stipend'; 'base' -> 'base'."""
    return str(component).split(":", 1)[0]


assert set(FAMILY_LABELS) == set(FAMILIES), "every family needs a label"
