"""One dated value, one in-force lookup.

Everything in a contract that changes on a date (rate tables, longevity tables, stipend amounts,
premiums, employer shares, roll-up rates, work years, units, anniversaries) is a list of values
each with an ``effective`` date. Which one is in force on a day is decided here and nowhere else:
the latest value effective on or before the day. Before the first value nothing is in force, and
whether that means "the item does not exist yet" (a stipend introduced mid-contract) or "a value
the costing needs is missing" (a premium for an enrolled person) is the caller's decision, made
by choosing :func:`in_force` or :func:`require_in_force`: never a silent zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypeVar

import numpy as np

from ..errors import InputError


class HasEffective(Protocol):
    effective: dt.date


V = TypeVar("V", bound=HasEffective)


def in_force_index(effective_days: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Vectorized: for each day in ``on``, the index of the value in force (-1 before the first).

    ``effective_days`` are the values' effective dates as sorted day numbers (any integer or
    datetime64 encoding, the same as ``on``'s).
    """
    return np.searchsorted(effective_days, on, side="right") - 1


def in_force(values: Sequence[V], day: dt.date) -> V | None:
    """The value in force on ``day`` (the latest effective on or before it), or None before the first."""
    found = None
    for value in sorted(values, key=lambda v: v.effective):
        if value.effective <= day:
            found = value
        else:
            break
    return found


def require_in_force(values: Sequence[V], day: dt.date, source: str | None, where: str) -> V:
    """The value in force on ``day``; a missing one is an error naming the file, the key and the date."""
    found = in_force(values, day)
    if found is None:
        first = min((v.effective for v in values), default=None)
        after = f"; its first value is effective {first}" if first else ""
        raise InputError(source, where, f"no value in force on {day}{after}: give a value effective on or before {day}")
    return found


def walk_dated(model, path: tuple[str, ...] = ()):
    """Every dated value inside a validated model, with the path of keys that leads to it.

    A dated value is any model with an ``effective`` date (a rate table, a longevity table, a
    stipend amount, a premium, a share, a roll-up rate, a work year, a unit change ...). The one
    walk serves the engine's break dates, the caveats (values marked illustrative) and provenance,
    so none of them keeps its own list of which fields are dated. Yields ``(path, value)``, e.g.
    ``(("schedules", "paras", "tables", "2024-07-01"), RateTable(...))``.
    """
    yield from _walk(model, path, lambda value: isinstance(getattr(value, "effective", None), dt.date))


def walk_stated(model, path: tuple[str, ...] = ()):
    """Every value inside a model that states where it comes from (a ``status``: stated, assumed,
    illustrative): the contract or proposal itself (path ``()``), its dated values, and its items
    with a reference (cost lines, roll-ups, benefits, one-time and retro pay, extra pay, paid days)."""
    yield from _walk(model, path, lambda value: isinstance(getattr(value, "status", None), str))


def _walk(model, path: tuple[str, ...], keep):
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        if keep(model):
            yield path, model
        for name in type(model).model_fields:
            yield from _walk(getattr(model, name), (*path, name), keep)
    elif isinstance(model, (tuple, list)):
        for k, item in enumerate(model):
            key = getattr(item, "name", None) or str(getattr(item, "effective", k))
            yield from _walk(item, (*path, str(key)), keep)
    elif isinstance(model, dict):
        for key, item in model.items():
            yield from _walk(item, (*path, str(key)), keep)
