"""Scenarios by the names people use: "Status quo", a proposal's ``label:``, never a file stem.

A scenario is keyed by its file stem (``moa_2024``) in every table, so a script can select it; the
label is what a reader sees (the ``label`` column of ``costing project``, the API's figures, every
report table). One rule, here, for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..inputs.models import Proposal

STATUS_QUO_LABEL = "Status quo"
LABEL_LENGTH = 40


def short_title(title: str, limit: int = LABEL_LENGTH) -> str:
    """A title short enough for a column header: up to its first bracket, then cut at a word."""
    text = title.split(" (")[0].strip() or title
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def scenario_label(name: str, proposals: Mapping[str, Proposal]) -> str:
    """Status quo for the baseline; a proposal's ``label:``, else its title shortened; a package's name in words."""
    if name == "baseline":
        return STATUS_QUO_LABEL
    proposal = proposals.get(name)
    if proposal is not None:
        return proposal.label or short_title(proposal.title)
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


__all__ = ["scenario_label", "short_title", "STATUS_QUO_LABEL", "LABEL_LENGTH"]
