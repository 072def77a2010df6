"""The roster as arrays: encoded once per costing, mapped onto each contract's schedules by category.

A costing projects the same roster under several contracts, for several years, with and without
step movement, and takes a placement at the end of each year. Encoding the text columns
(schedule, lane, step, IDs) and the dates each time cost more than the projection itself on a
large roster, so :class:`RosterCodes` holds what does not depend on the contract and
:func:`encode` maps it onto one contract's schedules, lanes and steps through their (few)
categories, with no pass over the rows' strings. Dates are day numbers
(:func:`costing.engine.dates.day_number`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.models import Contract
from ..inputs.moves import move_count
from ..inputs.roster import with_new_positions
from .schedule_arrays import ScheduleArrays

NEVER_LO = np.datetime64("1800-01-01", "D").astype(np.int64)  # no start date: employed since always
NEVER_HI = np.datetime64("2300-01-01", "D").astype(np.int64)  # no end date (or no dated move)


class RosterCodes:
    """A checked roster encoded once, whatever the contract: the columns as codes and numbers.

    Build it with :func:`encode_roster` and pass it as ``codes=`` to the projection functions
    for the same roster. It caches what it derives (quantity columns as numbers, the rows of a
    contract's new positions, each contract's encoding): the cache is an implementation detail of
    one costing, never part of a result.
    """

    def __init__(self, roster: pd.DataFrame):
        self.roster = roster
        self.n = len(roster)
        self.ids = roster["employee_id"].astype(str).to_numpy()
        self.schedule = pd.Categorical(roster["schedule"])
        self.lane = pd.Categorical(roster["lane"])
        self.step = pd.Categorical(roster["step"])
        self.max_step = pd.Categorical(roster["max_step"]) if "max_step" in roster.columns else None
        # numbers copied, not views of the caller's frame: the results, priors and year-end placements are built
        # when first read (Costing.results), so a frame edited after the costing must not change them
        self.fte = np.array(roster["fte"], dtype=float)
        self.seniority = _day_numbers(roster, "seniority_date", NEVER_LO)
        self.start = _day_numbers(roster, "start_date", NEVER_LO)
        self.end = _day_numbers(roster, "end_date", NEVER_HI)
        self.hours = _numbers(roster, "hours_per_day")
        self.days = _numbers(roster, "days_per_year")
        self.own_rate = _numbers(roster, "own_rate")  # a red-circled person's own rate (NaN: on the grid)
        self.split = _split_dates(self.seniority)
        self._quantities: dict[str, np.ndarray] = {}
        self._with_positions: dict[str, RosterCodes] = {}
        self._id_dtype: pd.CategoricalDtype | None = None
        self._encoded: dict[tuple, EncodedRoster] = {}  # one per set of schedules, lanes, steps and columns

    def quantity(self, column: str, stipend: str) -> np.ndarray:
        """A flag or quantity column as numbers (missing = 0), converted once."""
        if column not in self._quantities:
            if column not in self.roster.columns:
                raise InputError(None, f"stipend {stipend}", f"the roster has no column {column!r}")
            values = self.roster[column]
            if not pd.api.types.is_numeric_dtype(values):  # checked rosters are numeric already
                values = pd.to_numeric(values, errors="coerce")
            self._quantities[column] = values.fillna(0.0).to_numpy(dtype=float)
        return self._quantities[column]

    def id_dtype(self) -> pd.CategoricalDtype:
        """Employee IDs plus "" (unit-level lines) as one categorical type, checked once."""
        if self._id_dtype is None:
            self._id_dtype = pd.CategoricalDtype(pd.Index([*self.ids, ""], dtype=object))
        return self._id_dtype

    def for_contract(self, contract: Contract) -> RosterCodes:
        """These codes, plus the rows of any new positions the contract creates (encoded once)."""
        if not contract.positions:
            return self
        key = repr(contract.positions)
        if key not in self._with_positions:
            self._with_positions[key] = RosterCodes(with_new_positions(self.roster, contract))
        return self._with_positions[key]


def encode_roster(roster: pd.DataFrame) -> RosterCodes:
    """Encode a checked roster once for every projection and placement of a costing."""
    return RosterCodes(roster)


@dataclass(frozen=True)
class EncodedRoster:
    """The roster under one contract's schedules: one entry per employee (codes, day numbers)."""

    ids: np.ndarray
    sched: np.ndarray        # schedule code (-1: none of the contract's)
    lane: np.ndarray
    pos0: np.ndarray         # step position on the roster date
    cap: np.ndarray          # highest position a person can reach
    fte: np.ndarray
    seniority: np.ndarray
    start: np.ndarray
    end: np.ndarray          # inclusive last day
    hours: np.ndarray        # NaN = schedule's
    days: np.ndarray
    quantities: Mapping[str, np.ndarray]  # stipend quantity columns, by column name
    rows: np.ndarray         # roster row numbers, for error messages
    sen_year: np.ndarray     # seniority date split once, so no per-piece date conversion is needed
    sen_month: np.ndarray    # 0-11
    sen_day: np.ndarray      # 0-based day of month
    move_day: np.ndarray     # [employee, k]: day numbers of dated moves (NEVER_HI = none)
    move_lane: np.ndarray    # [employee, k]: lane code from that day (-1 = unchanged)
    move_pos: np.ndarray     # [employee, k]: step position from that day (-1 = unchanged)
    rule: np.ndarray | None = None  # each employee's proration rule (:mod:`costing.engine.proration`)
    own_basis: bool = True   # some row states its own hours or days (else every rate is the schedule's basis)
    own_rate: np.ndarray | None = None  # red-circled rates in the schedule's unit (NaN: on the grid); None: nobody

    @property
    def n(self) -> int:
        return len(self.ids)

    def take(self, index: np.ndarray | slice) -> EncodedRoster:
        """The employees at ``index`` (a chunk of a large roster: a slice gives views), as a roster of their own."""
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            values[f.name] = ({k: v[index] for k, v in value.items()} if f.name == "quantities"
                              else value if value is None or f.name == "own_basis" else value[index])
        return EncodedRoster(**values)

    def with_rules(self, rule: np.ndarray) -> EncodedRoster:
        return replace(self, rule=rule)

    def employed(self, day: int) -> np.ndarray:
        """In service on ``day``: started on or before it and not yet left."""
        return (self.start <= day) & (self.end >= day)

    def anniversary_in(self, year: int) -> np.ndarray:
        """Each employee's service anniversary in ``year`` (Feb 29 -> Mar 1), by integer arithmetic."""
        months = np.arange((year - 1970) * 12, (year - 1970) * 12 + 13).astype("datetime64[M]")
        starts = months.astype("datetime64[D]").astype(np.int64)
        lengths = np.diff(starts)
        return starts[self.sen_month] + np.minimum(self.sen_day, lengths[self.sen_month])

    def service_years(self, emp: np.ndarray, on: np.ndarray, fy: int,
                      anniversaries: tuple[np.ndarray, ...] = ()) -> np.ndarray:
        """Completed years of service of employees ``emp`` on days ``on`` (pieces never straddle an anniversary).

        Valid for days in calendar years ``fy - 1`` and ``fy``, which cover any fiscal year ``fy``;
        ``anniversaries`` are those years' anniversaries if already worked out (a year's pieces have them).
        """
        first, second = anniversaries or (self.anniversary_in(fy - 1), self.anniversary_in(fy))
        return (fy - 2 - self.sen_year[emp]) + (on >= first[emp]) + (on >= second[emp])


def encode(codes: RosterCodes, contract: Contract, schedules: tuple[ScheduleArrays, ...]) -> EncodedRoster:
    """The roster as arrays under one contract's schedules, lanes and steps (cached on ``codes``).

    ``codes`` already holds the contract's new positions (:meth:`RosterCodes.for_contract`).
    """
    key = (tuple((a.schedule.name, tuple(a.schedule.lanes), tuple(a.steps)) for a in schedules),
           tuple(s.column for s in contract.stipends))
    if key not in codes._encoded:
        codes._encoded[key] = _encode_codes(codes, contract, schedules)
    return codes._encoded[key]


def _encode_codes(codes: RosterCodes, contract: Contract, schedules: tuple[ScheduleArrays, ...]) -> EncodedRoster:
    sched = _category_map(codes.schedule, [a.schedule.name for a in schedules])[codes.schedule.codes]
    lane, pos0, cap = _placement_codes(codes, schedules, sched)
    quantities = {}
    for stipend in contract.stipends:
        if stipend.column and stipend.column not in quantities:
            quantities[stipend.column] = codes.quantity(stipend.column, stipend.name)
    move_day, move_lane, move_pos = _move_codes(codes.roster, schedules, sched)
    cap = np.maximum(cap, move_pos.max(axis=1, initial=-1))
    return EncodedRoster(
        ids=codes.ids, sched=sched, lane=lane, pos0=pos0, cap=np.maximum(cap, pos0), fte=codes.fte,
        seniority=codes.seniority, start=codes.start, end=codes.end, hours=codes.hours, days=codes.days,
        quantities=quantities, rows=np.arange(codes.n) + 2, move_day=move_day, move_lane=move_lane,
        move_pos=move_pos, own_basis=not (np.isnan(codes.hours).all() and np.isnan(codes.days).all()),
        own_rate=None if np.isnan(codes.own_rate).all() else codes.own_rate, **codes.split,
    )


def _placement_codes(codes: RosterCodes, schedules: tuple[ScheduleArrays, ...],
                     sched: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lane code, step position, personal top position) of each row, by table lookup per category."""
    n = codes.n
    lane_table = np.zeros((len(schedules) + 1, len(codes.lane.categories) + 1), dtype=np.int64)
    step_table = np.zeros((len(schedules) + 1, len(codes.step.categories) + 1), dtype=np.int64)
    caps = codes.max_step if codes.max_step is not None else pd.Categorical(np.full(n, np.nan))
    cap_table = np.zeros((len(schedules) + 1, len(caps.categories) + 1), dtype=np.int64)
    for code, a in enumerate(schedules):  # the last row (schedule -1) stays 0
        lane_table[code] = _category_map(codes.lane, list(a.schedule.lanes))
        step_table[code] = _category_map(codes.step, list(a.steps))
        personal = _category_map(caps, list(a.steps))
        cap_table[code] = np.where(personal < 0, len(a.steps) - 1, personal)
    return lane_table[sched, codes.lane.codes], step_table[sched, codes.step.codes], cap_table[sched, caps.codes]


def _move_codes(roster: pd.DataFrame, schedules: tuple[ScheduleArrays, ...],
                sched: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dated lane/step moves (a moves file) as [employee, k] arrays: rare, so per schedule is fine."""
    n, moves = len(roster), move_count(roster)
    move_day = np.full((n, moves), NEVER_HI, dtype=np.int64)
    move_lane = np.full((n, moves), -1, dtype=np.int64)
    move_pos = np.full((n, moves), -1, dtype=np.int64)
    for k in range(moves):
        move_day[:, k] = _day_numbers(roster, f"move_{k + 1}_date", NEVER_HI)
        for code, a in enumerate(schedules):
            mask = sched == code
            if mask.any():
                move_lane[mask, k] = pd.Categorical(roster[f"move_{k + 1}_lane"][mask], categories=list(a.schedule.lanes)).codes
                move_pos[mask, k] = pd.Categorical(roster[f"move_{k + 1}_step"][mask], categories=list(a.steps)).codes
    return move_day, move_lane, move_pos


def _day_numbers(roster: pd.DataFrame, column: str, default: int) -> np.ndarray:
    values = roster[column].to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(pd.isna(roster[column]).to_numpy(), default, values)


def _numbers(roster: pd.DataFrame, column: str) -> np.ndarray:
    if column not in roster.columns:
        return np.full(len(roster), np.nan)
    return np.array(roster[column], dtype=float)   # a copy (see RosterCodes.__init__)


def _category_map(values: pd.Categorical, wanted: list[str]) -> np.ndarray:
    """Position of each of ``values``' categories in ``wanted`` (-1 if absent); the last entry is
    for missing values (code -1), so ``_category_map(v, w)[v.codes]`` encodes every row."""
    where = {name: k for k, name in enumerate(wanted)}
    return np.array([where.get(c, -1) for c in values.categories] + [-1], dtype=np.int64)


def _split_dates(days: np.ndarray) -> dict[str, np.ndarray]:
    as_dates = days.astype("datetime64[D]")
    month_start = as_dates.astype("datetime64[M]")
    return {
        "sen_year": month_start.astype(np.int64) // 12 + 1970,
        "sen_month": month_start.astype(np.int64) % 12,
        "sen_day": (as_dates - month_start).astype(np.int64),
    }
