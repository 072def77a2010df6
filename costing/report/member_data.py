"""The member page's data: every figure of a :class:`~costing.negotiate.member_grid.MemberGrid`, packed
small enough for a phone, with the words the page shows around them.

The page looks figures up; it never costs anything. A member's choice (schedule, lane and step on the
roster date, years of service, FTE) leads to two *paths*: a rate path (for each scenario and year, the
cell held at the year's end, its rate, the year-end pay for a year's work and the parts of its change:
raise, step, hours) and a pay path (what each fiscal year pays: base, longevity, other pay). Many choices
share a path (more service changes nothing but longevity), so each distinct year record and each
distinct path is stored once, and each cell and FTE lists, by years of service, which paths it takes
(``[[from_years, rate_path, pay_path], ...]``). Money is in integer cents, so the page adds figures up
exactly; a rate keeps its own decimals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..engine.labels import short_title
from ..inputs.models import Contract, Proposal
from ..negotiate.member import quoted_raise
from ..negotiate.member_grid import MemberGrid
from .format import money
from .tables import BASELINE, STATUS_QUO

RATE_FIELDS = ("lane", "step", "rate", "annual_rate", "raise", "step_change", "hours_change", "annual_change", "base")
PAY_FIELDS = ("longevity", "other_pay")
RATE_UNIT_WORDS = {"hourly": "an hour", "daily": "a day", "annual": "a year"}


def human(name: str) -> str:
    """A contract's name for a unit or schedule as a heading: unit_a -> Unit A, para_educator -> Para educator."""
    text = str(name).replace("_", " ").strip()
    words = text.split(" ")
    if words[0].lower() == "unit" and len(words) > 1 and len(words[1]) == 1:
        words[1] = words[1].upper()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def unit_label(unit: str) -> str:
    """A bargaining unit: "Unit A" for a letter, else the name in words."""
    return f"Unit {unit}" if len(unit) <= 2 else human(unit)


def scenario_labels(proposals: Mapping[str, Proposal], names: list[str]) -> dict[str, str]:
    """Status quo, then each proposal by its ``label:`` or its title shortened (as the reports name them)."""
    out = {}
    for name in names:
        proposal = proposals.get(name)
        out[name] = STATUS_QUO if name == BASELINE else (proposal.label or short_title(proposal.title)) if proposal \
            else human(name)
    return out


def _cents(value) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(round(float(value) * 100))


def _rate(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def work_year_words(contract: Contract, schedule_name: str) -> str:
    """What a full year's work is on this schedule, in words (the basis of the yearly figures); "" for a
    schedule of annual salaries."""
    schedule = contract.schedule(schedule_name)
    hours, days = schedule.work_year.hours_per_day, schedule.work_year.days_per_year
    if schedule.rate_unit == "hourly":
        total = f"{float(hours) * float(days):,.2f}".rstrip("0").rstrip(".")
        return f"{float(hours):g} hours a day, {float(days):g} days a year ({total} hours)"
    if schedule.rate_unit == "daily":
        return f"{float(days):g} days a year"
    return ""


BASIS_WORDS = {"hourly": "Rates are hourly; a year's work is {}.", "daily": "Rates are daily; a year's work is {}.",
               "annual": "Rates are annual salaries for a full year's work."}


def quoted_words(proposal: Proposal, contract: Contract, schedule: str, switches: tuple[str, ...]) -> dict:
    """How the proposal's raise for ``schedule`` is usually quoted: each percent and flat amount with its
    date, the percents added up and compounded."""
    quoted = quoted_raise(proposal, contract, schedule, switches)
    per = {"year": "a year", "hour": "an hour", "day": "a day"}
    return {"percents": [[day.strftime("%-m/%-d/%Y"), f"{p.normalize():f}%"] for day, p in quoted.percents],
            "added_up": f"{quoted.added_up.normalize():f}%" if quoted.percents else "",
            "compounded": f"{quoted.compounded:f}%" if quoted.percents else "",
            "flats": [[day.strftime("%-m/%-d/%Y"), f"{money(amount)} {per[unit]}"] for day, amount, unit in quoted.flats],
            "partial": quoted.partial}


def page_data(grid: MemberGrid, contracts: Mapping[str, Contract], proposals: Mapping[str, Proposal],
              switches: tuple[str, ...], title: str, district: str) -> dict:
    """Everything the member page shows, as plain JSON values (see the module's docstring)."""
    baseline = contracts[BASELINE]
    names = list(contracts)
    labels = scenario_labels(proposals, names)
    years = [grid.years[0] - 1, *grid.years]
    frame = grid.frame
    slots = len(names) * len(years)
    frame = frame.assign(_scenario=frame["scenario"].map({n: i for i, n in enumerate(names)}))
    frame = frame.sort_values(["member", "_scenario", "fiscal_year"], kind="stable")
    people = frame.drop_duplicates("member")[["member", "schedule", "start_lane", "start_step", "service", "fte"]]
    if len(frame) != len(people) * slots:
        raise ValueError("the member grid must hold every scenario and year for every member")
    # the year's pay is base + longevity + other pay to the cent: other pay is what is left of the pay
    other = ((frame["pay"] * 100).round() - (frame["base"] * 100).round() - (frame["longevity"] * 100).round()) / 100
    frame = frame.assign(other_pay=other)
    rate_records, rate_ids = _records(frame, RATE_FIELDS)
    pay_records, pay_ids = _records(frame, PAY_FIELDS)
    rate_paths, rate_path = _paths(rate_ids.reshape(len(people), slots))
    costed = np.arange(slots) % len(years) != 0      # the year before has no pay
    pay_paths, pay_path = _paths(pay_ids.reshape(len(people), slots)[:, costed])
    people = people.assign(rate_path=rate_path, pay_path=pay_path)
    schedules: dict[str, dict] = {}
    for (schedule, lane, step), cell in people.groupby(["schedule", "start_lane", "start_step"], sort=False):
        entry = schedules.setdefault(schedule, {"cells": [], "index": {}})
        entry["cells"].append([lane, step])
        entry["index"][f"{lane}|{step}"] = [_runs(cell[cell["fte"] == fte]) for fte in grid.ftes]
    units: dict[str, list[str]] = {}
    for schedule in baseline.schedules:
        if schedule.name in schedules:
            units.setdefault(schedule.unit, []).append(schedule.name)
            schedules[schedule.name].update({
                "label": human(schedule.name), "unit": schedule.unit, "rate_unit": schedule.rate_unit,
                "per": RATE_UNIT_WORDS[schedule.rate_unit], "work_year": work_year_words(baseline, schedule.name),
                "basis": BASIS_WORDS[schedule.rate_unit].format(work_year_words(baseline, schedule.name)),
                "quoted": {name: quoted_words(proposals[name], baseline, schedule.name, switches)
                           for name in names if name in proposals}})
    return {
        "title": title, "district": district, "as_of": grid.as_of.isoformat(),
        "as_of_text": grid.as_of.strftime("%B %-d, %Y"), "years": years,
        "scenarios": [{"key": n, "label": labels[n]} for n in names],
        "units": [{"name": u, "label": unit_label(u), "schedules": s} for u, s in units.items()],
        "schedules": schedules, "service_cap": grid.service_cap, "ftes": list(grid.ftes),
        "rate_fields": list(RATE_FIELDS), "pay_fields": list(PAY_FIELDS),
        "rate_records": rate_records, "pay_records": pay_records, "rate_paths": rate_paths, "pay_paths": pay_paths,
    }


def _records(frame: pd.DataFrame, fields: tuple[str, ...]) -> tuple[list[list], np.ndarray]:
    """The distinct records of ``fields`` (money in cents, a missing value None) and each row's record."""
    columns = [_values(frame[name], name) for name in fields]
    codes, unique = pd.factorize(pd.Series(list(zip(*columns)), dtype=object))
    return [list(key) for key in unique], np.asarray(codes)


def _values(values: pd.Series, name: str) -> list:
    """A column as JSON values: text, a rate, or money in integer cents; None where missing."""
    if name in ("lane", "step"):
        return [v if isinstance(v, str) else None for v in values]
    if name == "rate":
        return [None if math.isnan(v) else v for v in values.astype(float)]
    return [None if math.isnan(v) else int(v) for v in (values.astype(float) * 100).round()]


def _paths(ids: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    """The distinct rows of ``ids`` (one path per row) and each row's path."""
    unique, inverse = np.unique(ids, axis=0, return_inverse=True)
    return unique.tolist(), inverse.reshape(-1)


def _runs(people: pd.DataFrame) -> list[list[int]]:
    """By years of service: ``[from_years, rate_path, pay_path]`` each time the paths change."""
    runs, last = [], None
    for service, rate_path, pay_path in people.sort_values("service")[["service", "rate_path", "pay_path"]].itertuples(
            index=False):
        if (rate_path, pay_path) != last:
            runs.append([int(service), int(rate_path), int(pay_path)])
            last = (rate_path, pay_path)
    return runs


def unpack(data: dict, schedule: str, lane: str, step: str, service: int, fte: float) -> pd.DataFrame:
    """The figures the page shows for one choice, as :func:`~costing.negotiate.member.member_pay`'s frame
    (money back in dollars): what a test compares with the engine."""
    entry = data["schedules"][schedule]
    runs = entry["index"][f"{lane}|{step}"][data["ftes"].index(fte)]
    run = [r for r in runs if r[0] <= min(service, data["service_cap"])][-1]
    rate_path, pay_path = data["rate_paths"][run[1]], data["pay_paths"][run[2]]
    years = data["years"]
    rows = []
    for i, scenario in enumerate(data["scenarios"]):
        for j, fy in enumerate(years):
            record = dict(zip(RATE_FIELDS, data["rate_records"][rate_path[i * len(years) + j]]))
            row = {"scenario": scenario["key"], "fiscal_year": fy, "lane": record["lane"], "step": record["step"],
                   "rate": record["rate"],
                   **{f: (record[f] / 100 if record[f] is not None else float("nan")) for f in RATE_FIELDS[3:]}}
            if j > 0:
                pay = dict(zip(PAY_FIELDS, data["pay_records"][pay_path[i * (len(years) - 1) + j - 1]]))
                row.update({"longevity": pay["longevity"] / 100, "other_pay": pay["other_pay"] / 100,
                            "pay": (record["base"] + pay["longevity"] + pay["other_pay"]) / 100})
            rows.append(row)
    return pd.DataFrame(rows)


__all__ = ["page_data", "unpack", "human", "unit_label", "scenario_labels", "work_year_words", "quoted_words"]
