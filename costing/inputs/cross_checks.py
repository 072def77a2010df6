"""Checks that need the roster: what a contract, a proposal or a moves file names must match someone.

Each file can be valid alone and still match nobody in the run: an eligibility rule paying those
who left for a reason no roster row carries (``retird`` for ``retired``: the retirees silently
lose their retro), or a moves file moving a person before they were hired, before the roster's own
date (silently overriding the step the roster gives them), twice on one day, or past the last step
their lane lets them reach. Every costing path (``cost_inputs``, and so ``validate`` of a
scenario) calls these once the roster is loaded, so ``validate`` and the costing agree. The
checks that need only the contract and proposals live with the registry of contract items.

Each problem is one line naming the file, the row or key, and what was written; bad rows are
listed together (up to :data:`costing.errors.SHOWN`), so one run finds them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import pandas as pd
from pydantic import BaseModel

from ..errors import SHOWN, InputError, did_you_mean, raise_collected
from .models import Contract, EndedBetween


def ended_between_rules(item, where: str = "") -> Iterator[tuple[str, EndedBetween]]:
    """Every ``ended_between`` rule inside a contract (or any part of one), with where it sits."""
    if isinstance(item, EndedBetween):
        yield where, item
    elif isinstance(item, BaseModel):
        for name in type(item).model_fields:
            yield from ended_between_rules(getattr(item, name), f"{where}.{name}" if where else name)
    elif isinstance(item, tuple | list):
        for i, value in enumerate(item, start=1):
            yield from ended_between_rules(value, f"{where}[{i}]")
    elif isinstance(item, Mapping):
        for key, value in item.items():
            yield from ended_between_rules(value, f"{where}.{key}")


def check_end_reasons(roster: pd.DataFrame, contracts: Mapping[str, Contract]) -> None:
    """Every reason an ``ended_between`` rule names is a reason some roster row carries.

    ``contracts``: file -> contract in force (the contract file first, then each proposal file
    with the contract it makes); a rule is blamed on the first file it appears in. A roster
    without an ``end_reason`` column is left to the roster check that asks for the column."""
    if "end_reason" not in roster.columns:
        return
    carried = sorted({str(v).strip().lower() for v in roster["end_reason"].dropna() if str(v).strip()})
    seen: set[tuple[dt.date, dt.date, str]] = set()
    for source, contract in contracts.items():
        for where, rule in ended_between_rules(contract):
            for reason in rule.reasons:
                key = (rule.start, rule.end, reason)
                if key in seen:
                    continue
                seen.add(key)
                if reason.strip().lower() not in carried:
                    has = f"its end_reason values are {', '.join(carried)}" if carried else "no row has an end_reason"
                    raise InputError(source, f"{where}.reasons", f"{reason!r} is a reason no roster row carries, so"
                                     f" the rule pays nobody who left for it{did_you_mean(reason, carried)}; {has}")


def check_moves(moves: pd.DataFrame, roster: pd.DataFrame, source: str, roster_date: dt.date,
                steps: Mapping[str, tuple[str, ...]]) -> None:
    """Each move is dated after the person's seniority and start dates and after the roster's own
    date (its years, 1900 to 2199, are checked as it is read), alone on its day for that person, and never to a step above
    the person's ``max_step``.

    ``moves`` as :func:`costing.inputs.moves.read_moves` returns them (with their ``row``);
    ``steps``: schedule -> its steps in order (for ``max_step``)."""
    people = roster.drop_duplicates("employee_id").set_index(roster.drop_duplicates("employee_id")["employee_id"].astype(str))
    errors: list[InputError] = []
    duplicated = moves.duplicated(["employee_id", "date"], keep=False)
    first_of_day = ~moves.duplicated(["employee_id", "date"], keep="first")
    for i, move in moves.iterrows():
        person = people.loc[move["employee_id"]]
        day = pd.Timestamp(move["date"]).date()
        problems = []
        for column, what in (("seniority_date", "seniority date"), ("start_date", "start date")):
            if column in person.index and pd.notna(person[column]) and day < pd.Timestamp(person[column]).date():
                problems.append(f"{day} is before the person's {what} {pd.Timestamp(person[column]).date()}")
        if day < roster_date:
            problems.append(f"{day} is before the roster date {roster_date}: the roster already says where the"
                            " person is then; date the move on or after it, or change the roster")
        if duplicated[i] and not first_of_day[i]:
            problems.append(f"a second move for {move['employee_id']} on {day}; give the lane and the step in one row")
        cap = person["max_step"] if "max_step" in person.index else None
        order = steps.get(str(person["schedule"]), ())
        if move["step"] and cap is not None and pd.notna(cap) and cap in order and move["step"] in order \
                and order.index(move["step"]) > order.index(cap):
            problems.append(f"step {move['step']!r} is above the person's max_step {cap!r}")
        if problems:
            errors.append(InputError(source, f"row {move['row']} ({move['employee_id']})", "; ".join(problems),
                                     (str(move["employee_id"]),)))
    raise_collected(errors[:SHOWN], more=max(0, len(errors) - SHOWN))
