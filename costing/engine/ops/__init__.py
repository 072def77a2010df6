"""Proposal ops: each registered once with its check, apply and description (:mod:`.registry`).

One module per kind of thing an op changes: rate tables (:mod:`.tables`), a schedule's rules and
membership (:mod:`.schedules`), pay items (:mod:`.pay`), roll-ups and cost lines (:mod:`.lines`),
benefits (:mod:`.benefits`). Importing this package registers every op.
"""

from __future__ import annotations

from . import benefits, lines, pay, schedules, tables
from .registry import OPS, Applying, Op, describe, register, selected_schedules, unit_on

__all__ = ["OPS", "Applying", "Op", "benefits", "describe", "lines", "pay", "register", "schedules",
           "selected_schedules", "tables", "unit_on"]
