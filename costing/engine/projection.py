"""Multi-year projection of a roster under a contract: the costing core.

``project(roster, contract, fiscal_years)`` is a pure function returning a long DataFrame with
one row per (scenario, fiscal year, employee, component). How a fiscal year is costed:

1. The year is cut at every date that matters: the dates on which any rate table, anniversary,
   entry-step drop, work year, unit, stipend value or longevity table changes (shared by
   everyone), and each employee's own start date, end date and service anniversary. Every
   employee gets the same number of pieces (some of zero length), so the whole roster is costed
   as 2-D numpy arrays with no Python loop over employees.
2. Each piece is costed at the rates in force on its first day and weighted by the fraction of
   the fiscal year it represents under the employee's proration convention
   (:mod:`costing.engine.dates`): the scenario's override if it states one, else the roster row's
   ``proration`` column, else the schedule's, else the contract's.
3. Order of operations (fixed): schedule rates, then step movement, then hold-harmless, then
   stipends and differentials, then one-time payments and retro pay, then roll-up.
4. Rounding points (stated): rate tables are rounded when built (:mod:`costing.rate_tables`);
   the annual figure of a rate (rate x work-year basis) is rounded by the schedule's rule; each
   employee's yearly amount of each component is rounded half up to the cent; roll-up is
   computed on those rounded amounts and rounded again. Totals are sums of rounded amounts, so
   components always add up to totals to the cent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.models import Contract, Schedule, Selector
from ..inputs.moves import move_count
from ..inputs.roster import with_new_positions
from . import dates as d
from .apply import unit_on
from .benefits import benefit_costs
from .cost_lines import cost_line_amount
from .dates import years_of_service
from .eligibility import eligible
from .extra_pay import extra_pay_days, extra_pay_due, paid_days_in_year
from .money import round_array
from .rate_tables import work_year_in_force

OUTPUT_COLUMNS = ["scenario", "fiscal_year", "employee_id", "unit", "schedule", "component", "amount"]
CHUNK = 200_000
NEVER_LO = np.datetime64("1800-01-01", "D").astype(np.int64)
NEVER_HI = np.datetime64("2300-01-01", "D").astype(np.int64)


def _day(value: dt.date) -> int:
    return int(np.datetime64(value, "D").astype(np.int64))


@dataclass(frozen=True)
class Options:
    """Assumptions a scenario states; everything else comes from the contract."""

    as_of: dt.date | None = None
    proration: str | None = None
    freeze_steps: bool = False  # counterfactual: nobody moves a step (to measure step cost)


@dataclass
class _ScheduleArrays:
    """One schedule's tables and step rules as numpy arrays."""

    schedule: Schedule
    steps: list[str]
    table_days: np.ndarray          # effective day numbers
    rates: np.ndarray               # [table, lane, position] (NaN = no such cell)
    anniversaries: np.ndarray       # day numbers of step movement (freezes removed)
    drops: list[tuple[int, int]]    # (day, lowest position allowed from then on)
    basis_days: np.ndarray          # work-year change day numbers (first = -inf)
    hours: np.ndarray
    days: np.ndarray
    unit_days: list[tuple[int, str]] = field(default_factory=list)


def _anniversary_days(schedule: Schedule, first_year: int, last_year: int) -> np.ndarray:
    rules = sorted(schedule.step_rules.anniversary, key=lambda a: a.effective)
    out = []
    for k, rule in enumerate(rules):
        stop = rules[k + 1].effective if k + 1 < len(rules) else dt.date(9999, 1, 1)
        for year in range(first_year, last_year + 1):
            day = d.month_day_in_year(rule.month_day, year)
            if rule.effective <= day < stop:
                frozen = any(f.start <= day < f.until for f in schedule.step_rules.freezes)
                if not frozen:
                    out.append(_day(day))
    return np.array(sorted(set(out)), dtype=np.int64)


def _schedule_arrays(schedule: Schedule, first_year: int, last_year: int) -> _ScheduleArrays:
    steps = list(schedule.steps)
    lanes = list(schedule.lanes)
    rates = np.full((len(schedule.tables), len(lanes), len(steps)), np.nan)
    for t, table in enumerate(schedule.tables):
        for lane, cells in table.rates.items():
            for step, rate in cells.items():
                rates[t, lanes.index(lane), steps.index(step)] = float(rate)
    drops = [(_day(x.effective), steps.index(x.step) + 1) for x in schedule.step_rules.entry_drops]
    changes = sorted(schedule.work_year_changes, key=lambda c: c.effective)
    basis_dates = [dt.date(1800, 1, 1)] + [c.effective for c in changes]
    bases = [work_year_in_force(schedule, day) for day in basis_dates]
    return _ScheduleArrays(
        schedule=schedule,
        steps=steps,
        table_days=np.array([_day(t.effective) for t in schedule.tables], dtype=np.int64),
        rates=rates,
        anniversaries=_anniversary_days(schedule, first_year, last_year),
        drops=drops,
        basis_days=np.array([_day(x) for x in basis_dates], dtype=np.int64),
        hours=np.array([float(b.hours_per_day or 0) for b in bases]),
        days=np.array([float(b.days_per_year or 0) for b in bases]),
        unit_days=[(_day(c.effective), c.unit) for c in sorted(schedule.unit_changes, key=lambda c: c.effective)],
    )


@dataclass
class _Roster:
    """The roster encoded as arrays (one entry per employee)."""

    ids: np.ndarray
    sched: np.ndarray
    lane: np.ndarray
    pos0: np.ndarray
    cap: np.ndarray
    fte: np.ndarray
    seniority: np.ndarray
    start: np.ndarray
    end: np.ndarray          # inclusive last day
    hours: np.ndarray        # NaN = schedule's
    days: np.ndarray
    flags: dict[str, np.ndarray]
    rows: np.ndarray         # original roster row numbers, for error messages
    sen_year: np.ndarray     # seniority date split once, so no per-piece date conversion is needed
    sen_month: np.ndarray    # 0-11
    sen_day: np.ndarray      # 0-based day of month
    move_day: np.ndarray     # [employee, k]: day numbers of dated moves (NEVER_HI = none)
    move_lane: np.ndarray    # [employee, k]: lane code from that day (-1 = unchanged)
    move_pos: np.ndarray     # [employee, k]: step position from that day (-1 = unchanged)
    prorate: np.ndarray | None = None  # index of each employee's proration rule (see _proration_plan)

    def take(self, index: np.ndarray) -> _Roster:
        return _Roster(**{
            k: ({f: v[index] for f, v in getattr(self, k).items()} if k == "flags"
                else None if getattr(self, k) is None else getattr(self, k)[index])
            for k in self.__dataclass_fields__
        })


class RosterCodes:
    """A checked roster encoded once, whatever the contract: the columns as codes and numbers.

    A costing projects the same roster under several contracts, for several years, with and
    without step movement, and takes a placement at the end of each year; encoding the text
    columns (schedule, lane, step, IDs) and the dates each time cost more than the projection
    itself on a large roster. This holds what does not depend on the contract; :func:`_encode`
    maps it onto one contract's schedules, lanes and steps through their (few) categories, with
    no pass over the rows' strings. Build it with :func:`encode_roster` and pass it as
    ``codes=`` to :func:`project` and :func:`placement_on` for the same roster.
    """

    def __init__(self, roster: pd.DataFrame):
        self.roster = roster
        self.n = len(roster)
        self.ids = roster["employee_id"].astype(str).to_numpy()
        self.schedule = pd.Categorical(roster["schedule"])
        self.lane = pd.Categorical(roster["lane"])
        self.step = pd.Categorical(roster["step"])
        self.max_step = pd.Categorical(roster["max_step"]) if "max_step" in roster.columns else None
        self.fte = roster["fte"].to_numpy(dtype=float)
        self.seniority = _day_numbers(roster, "seniority_date", NEVER_LO)
        self.start = _day_numbers(roster, "start_date", NEVER_LO)
        self.end = _day_numbers(roster, "end_date", NEVER_HI)
        self.hours = _numbers(roster, "hours_per_day")
        self.days = _numbers(roster, "days_per_year")
        self.split = _split_dates(self.seniority)
        self._flags: dict[str, np.ndarray] = {}
        self._with_positions: dict[str, RosterCodes] = {}
        self._id_dtype: pd.CategoricalDtype | None = None
        self._encoded: dict[tuple, _Roster] = {}  # one per set of schedules, lanes, steps and flag columns

    def flag(self, column: str, stipend: str) -> np.ndarray:
        """A flag or quantity column as numbers (missing = 0), converted once."""
        if column not in self._flags:
            if column not in self.roster.columns:
                raise InputError(None, f"stipend {stipend}", f"the roster has no column {column!r}")
            values = self.roster[column]
            if not pd.api.types.is_numeric_dtype(values):  # checked rosters are numeric already
                values = pd.to_numeric(values, errors="coerce")
            self._flags[column] = values.fillna(0.0).to_numpy(dtype=float)
        return self._flags[column]

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


def _codes_for(roster: pd.DataFrame, contract: Contract, codes: RosterCodes | None) -> RosterCodes:
    """The encoded roster under a contract: given codes reused, else encoded now (new positions included)."""
    return codes.for_contract(contract) if codes is not None else RosterCodes(with_new_positions(roster, contract))


def _day_numbers(roster: pd.DataFrame, column: str, default: int) -> np.ndarray:
    values = roster[column].to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(pd.isna(roster[column]).to_numpy(), default, values)


def _numbers(roster: pd.DataFrame, column: str) -> np.ndarray:
    if column not in roster.columns:
        return np.full(len(roster), np.nan)
    return roster[column].to_numpy(dtype=float)


def _category_map(values: pd.Categorical, wanted: list[str]) -> np.ndarray:
    """Position of each of ``values``' categories in ``wanted`` (-1 if absent); the last entry is
    for missing values (code -1), so ``_category_map(v, w)[v.codes]`` encodes every row."""
    where = {name: k for k, name in enumerate(wanted)}
    return np.array([where.get(c, -1) for c in values.categories] + [-1], dtype=np.int64)


def _encode(roster: pd.DataFrame, contract: Contract, arrays: list[_ScheduleArrays],
            codes: RosterCodes | None = None) -> _Roster:
    """The roster as arrays under one contract's schedules, lanes and steps.

    ``roster`` already holds the contract's new positions; ``codes``, if given, is its encoding
    (``encode_roster(...).for_contract(contract)``) and saves encoding the text columns again.
    """
    if codes is None:
        codes = RosterCodes(roster)
    key = (tuple((a.schedule.name, tuple(a.schedule.lanes), tuple(a.steps)) for a in arrays),
           tuple(s.column for s in contract.stipends))
    if key not in codes._encoded:
        codes._encoded[key] = _encode_codes(codes, contract, arrays)
    return codes._encoded[key]


def _encode_codes(codes: RosterCodes, contract: Contract, arrays: list[_ScheduleArrays]) -> _Roster:
    names = [a.schedule.name for a in arrays]
    sched = _category_map(codes.schedule, names)[codes.schedule.codes]
    n = codes.n
    lane_table = np.zeros((len(arrays) + 1, len(codes.lane.categories) + 1), dtype=np.int64)
    step_table = np.zeros((len(arrays) + 1, len(codes.step.categories) + 1), dtype=np.int64)
    caps = codes.max_step if codes.max_step is not None else pd.Categorical(np.full(n, np.nan))
    cap_table = np.zeros((len(arrays) + 1, len(caps.categories) + 1), dtype=np.int64)
    for code, a in enumerate(arrays):  # the last row (schedule -1) stays 0, as before
        lane_table[code] = _category_map(codes.lane, list(a.schedule.lanes))
        step_table[code] = _category_map(codes.step, a.steps)
        personal = _category_map(caps, a.steps)
        cap_table[code] = np.where(personal < 0, len(a.steps) - 1, personal)
    lane = lane_table[sched, codes.lane.codes]
    pos0 = step_table[sched, codes.step.codes]
    cap = cap_table[sched, caps.codes]

    flags = {}
    for stipend in contract.stipends:
        if stipend.column and stipend.column not in flags:
            flags[stipend.column] = codes.flag(stipend.column, stipend.name)
    roster = codes.roster
    moves = move_count(roster)
    move_day = np.full((n, moves), NEVER_HI, dtype=np.int64)
    move_lane = np.full((n, moves), -1, dtype=np.int64)
    move_pos = np.full((n, moves), -1, dtype=np.int64)
    for k in range(moves):  # dated lane/step moves (a moves file): rare, so per schedule is fine
        move_day[:, k] = _day_numbers(roster, f"move_{k + 1}_date", NEVER_HI)
        for code, a in enumerate(arrays):
            mask = sched == code
            if mask.any():
                move_lane[mask, k] = pd.Categorical(roster[f"move_{k + 1}_lane"][mask], categories=list(a.schedule.lanes)).codes
                move_pos[mask, k] = pd.Categorical(roster[f"move_{k + 1}_step"][mask], categories=a.steps).codes
    cap = np.maximum(cap, move_pos.max(axis=1, initial=-1))
    return _Roster(
        move_day=move_day, move_lane=move_lane, move_pos=move_pos,
        ids=codes.ids,
        sched=sched, lane=lane, pos0=pos0, cap=np.maximum(cap, pos0),
        fte=codes.fte,
        seniority=codes.seniority,
        start=codes.start,
        end=codes.end,
        hours=codes.hours, days=codes.days,
        flags=flags, rows=np.arange(n) + 2,
        **codes.split,
    )


@dataclass(frozen=True)
class _Rule:
    """One proration convention with the calendar it reads, and where the calendar is stated."""

    proration: str
    calendar: d.WorkCalendar
    where: str


def _work_calendar(contract: Contract, schedule: Schedule | None = None) -> d.WorkCalendar:
    spec = (schedule.work_calendar if schedule is not None else None) or contract.work_calendar
    return d.WorkCalendar(spec.start, spec.end, spec.holidays, spec.weigh_by)


def _pay_calendar(contract: Contract) -> d.PayCalendar:
    spec = contract.pay_periods
    return d.PayCalendar(spec.anchor, 14, spec.lag_days, spec.per_year, spec.twenty_seventh)


def _proration_plan(roster: pd.DataFrame, contract: Contract, arrays: list[_ScheduleArrays], sched: np.ndarray,
                    options: Options, source: str | None) -> tuple[np.ndarray, list[_Rule]]:
    """Each employee's proration rule (an index into the returned list of rules).

    The scenario's override wins (a stated sensitivity: everyone on one convention); else a
    roster row's ``proration`` (one person's work year differs); else the schedule's; else the
    contract's. Each schedule keeps its own work calendar either way.
    """
    n = len(roster)
    names = np.array([options.proration or a.schedule.proration or contract.proration for a in arrays] or [""],
                     dtype=object)[sched] if n else np.array([], dtype=object)
    if not options.proration and "proration" in roster.columns and n:
        text = roster["proration"].astype("string").str.strip()
        given = (text.notna() & (text != "")).to_numpy(dtype=bool)
        bad = given & ~text.isin(d.PRORATIONS).to_numpy(dtype=bool)
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(source, f"row {i + 2} ({roster['employee_id'].iloc[i]}), column proration",
                             f"{text.iloc[i]!r} is not a proration convention; use one of {', '.join(d.PRORATIONS)}"
                             " (or leave it blank for the schedule's)")
        names = np.where(given, text.to_numpy(dtype=object), names)
    codes = np.zeros(n, dtype=np.int64)
    rules: list[_Rule] = []
    keys: dict[tuple, int] = {}
    for code, a in enumerate(arrays):
        mine = sched == code
        calendar = _work_calendar(contract, a.schedule)
        where = (f"contract schedule {a.schedule.name} work_calendar" if a.schedule.work_calendar is not None
                 else "contract work_calendar")
        for name in (set(names[mine]) if mine.any() else ()):
            key = (name, calendar)
            if key not in keys:
                keys[key] = len(rules)
                rules.append(_Rule(name, calendar, where if name != "pay_periods" else "contract pay_periods"))
            codes[mine & (names == name)] = keys[key]
    return codes, rules


def _split_dates(days: np.ndarray) -> dict[str, np.ndarray]:
    as_dates = days.astype("datetime64[D]")
    month_start = as_dates.astype("datetime64[M]")
    return {
        "sen_year": month_start.astype(np.int64) // 12 + 1970,
        "sen_month": month_start.astype(np.int64) % 12,
        "sen_day": (as_dates - month_start).astype(np.int64),
    }


def _anniversary_in(r: _Roster, year: int) -> np.ndarray:
    """Each employee's service anniversary in ``year`` (Feb 29 -> Mar 1), by integer arithmetic."""
    months = np.arange((year - 1970) * 12, (year - 1970) * 12 + 13).astype("datetime64[M]")
    starts = months.astype("datetime64[D]").astype(np.int64)
    lengths = np.diff(starts)
    return starts[r.sen_month] + np.minimum(r.sen_day, lengths[r.sen_month])


def _service_years(r: _Roster, emp: np.ndarray, on: np.ndarray, fy: int) -> np.ndarray:
    """Completed years of service on each piece's day (pieces never straddle an anniversary).

    Valid for days in calendar years ``fy - 1`` and ``fy``, which cover any fiscal year ``fy``.
    """
    first, second = _anniversary_in(r, fy - 1)[emp], _anniversary_in(r, fy)[emp]
    return (fy - 2 - r.sen_year[emp]) + (on >= first) + (on >= second)


def _shared_breaks(contract: Contract, arrays: list[_ScheduleArrays]) -> np.ndarray:
    """Every date on which something changes for everybody."""
    days: set[int] = set()
    for a in arrays:
        days.update(a.table_days.tolist())
        days.update(a.anniversaries.tolist())
        days.update(x for x, _ in a.drops)
        days.update(a.basis_days[1:].tolist())
        days.update(x for x, _ in a.unit_days)
    for lg in contract.longevity:
        days.update(_day(t.effective) for t in lg.tables)
    for s in contract.stipends:
        days.update(_day(v.effective) for v in s.values)
    for r in contract.retro:
        days.update((_day(r.start), _day(r.until)))
    return np.array(sorted(days), dtype=np.int64)


def _select(selector: Selector, arrays: list[_ScheduleArrays], sched: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Which pieces a provision applies to (by schedule, or by the schedule's unit on the day)."""
    if selector.schedules is None and selector.units is None:
        return np.ones(len(sched), dtype=bool)
    mask = np.zeros(len(sched), dtype=bool)
    for code, a in enumerate(arrays):
        in_sched = sched == code
        if selector.schedules is not None and a.schedule.name in selector.schedules:
            mask |= in_sched
            continue
        if selector.units is None:
            continue
        bounds = [(NEVER_LO, a.schedule.unit)] + a.unit_days
        for k, (lo, unit) in enumerate(bounds):
            hi = bounds[k + 1][0] if k + 1 < len(bounds) else NEVER_HI
            if unit in selector.units:
                mask |= in_sched & (on >= lo) & (on < hi)
    return mask


def _positions(a: _ScheduleArrays, r: _Roster, emp: np.ndarray, on: np.ndarray, as_of: int,
               min_service: int, freeze: bool) -> np.ndarray:
    """Step position of each piece's employee on each piece's day.

    position = start position + advance x (eligible anniversaries since the roster date), floored
    after each entry-step drop (those on a dropped step move to the new entry step, then keep
    moving), and capped at the top step or the person's own cap. On a day with both an
    anniversary and a drop, the step comes first and the floor second.
    """
    adv = 0 if freeze else a.schedule.step_rules.advance_by
    if a.schedule.step_rules.min_fte is not None and adv:
        # only staff at the stated FTE or more move a step (New Bedford: full-time staff)
        adv = adv * (r.fte[emp] >= float(a.schedule.step_rules.min_fte) - 1e-9)
    ann = a.anniversaries
    # eligibility from the start date: never on the day a person starts, and only once the service
    # rule is met counting from the later of the seniority and start dates (new positions alike)
    served_from = np.maximum(r.seniority[emp], r.start[emp])
    eligible_from = np.maximum(np.maximum(as_of, r.start[emp]) + 1, served_from + min_service)
    upto = np.searchsorted(ann, on, side="right")
    count = np.maximum(0, upto - np.searchsorted(ann, eligible_from, side="left"))
    pos = r.pos0[emp] + adv * count
    for drop_day, floor in a.drops:
        # on a day with both, step movement comes first, then anyone below the new entry step is
        # raised to it: nobody gains two positions from one day
        since = np.maximum(0, upto - np.searchsorted(ann, np.maximum(eligible_from, drop_day + 1), side="left"))
        pos = np.where(on >= drop_day, np.maximum(pos, floor + adv * since), pos)
    for k in range(r.move_day.shape[1]):
        # a dated placement (moves file): that step from the day, then the usual movement after it
        day, placed = r.move_day[emp, k], r.move_pos[emp, k]
        since = np.maximum(0, upto - np.searchsorted(ann, np.maximum(eligible_from, day + 1), side="left"))
        pos = np.where((placed >= 0) & (on >= day), placed + adv * since, pos)
    return np.minimum(pos, np.maximum(r.cap[emp], 0))


def _lanes_on(r: _Roster, emp: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Each piece's lane code: the roster's, or the latest dated lane move on or before the day."""
    lane = r.lane[emp]
    for k in range(r.move_day.shape[1]):
        moved = r.move_lane[emp, k]
        lane = np.where((moved >= 0) & (on >= r.move_day[emp, k]), moved, lane)
    return lane


def _lookup(values_days: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Index of the dated value in force on each day (-1 before the first)."""
    return np.searchsorted(values_days, on, side="right") - 1


def _longevity_amount(table_amounts: dict, years: np.ndarray) -> np.ndarray:
    thresholds = np.array(sorted(table_amounts), dtype=np.int64)
    amounts = np.array([float(table_amounts[t]) for t in sorted(table_amounts)])
    k = np.searchsorted(thresholds, years, side="right") - 1
    return np.where(k >= 0, amounts[np.maximum(k, 0)], 0.0)


def _longevity_on(lg, seniority: np.ndarray, on: np.ndarray, years: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Annual longevity amount on each day, with hold-harmless where a table asks for it.

    Hold-harmless protects those employed on the changeover day. ``changeover``: the old amount
    each had that day is kept until the new table pays more. ``continuing``: whatever the old
    table would have paid on each day (thresholds crossed later included) is kept while it pays
    more than the new one.
    """
    tables = sorted(lg.tables, key=lambda t: t.effective)
    table_days = np.array([_day(t.effective) for t in tables], dtype=np.int64)
    which = _lookup(table_days, on)
    out = np.zeros(len(on))
    for k, table in enumerate(tables):
        hit = which == k
        if not hit.any():
            continue
        amount = _longevity_amount(table.amounts, years[hit])
        if table.hold_harmless and k > 0:
            if table.hold_harmless == "continuing":
                held = _longevity_amount(tables[k - 1].amounts, years[hit])
            else:  # changeover: the old amount each person had on the changeover day
                held = _longevity_amount(tables[k - 1].amounts,
                                         years_of_service(seniority[hit], np.full(hit.sum(), table_days[k])))
            protected = start[hit] <= table_days[k]
            amount = np.where(protected, np.maximum(amount, held), amount)
        out[hit] = amount
    return out


def _employed(r: _Roster, day: int) -> np.ndarray:
    return (r.start <= day) & (r.end >= day)


class _Year:
    """The cost of one fiscal year for a chunk of the roster: component -> per-employee array."""

    def __init__(self, contract: Contract, arrays: list[_ScheduleArrays], breaks: np.ndarray,
                 r: _Roster, fy: int, options: Options, as_of: int, source: str | None,
                 rules: list[_Rule] | None = None):
        self.contract, self.arrays, self.r, self.fy = contract, arrays, r, fy
        self.options, self.as_of, self.source = options, as_of, source
        lo, hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
        self.lo, self.hi = _day(lo), _day(hi)
        self._weights(rules or [_Rule(options.proration or contract.proration, _work_calendar(contract),
                                      "contract work_calendar")])
        shared = breaks[(breaks > self.lo) & (breaks < self.hi)]
        self._pieces(shared)

    def _weights(self, rules: list[_Rule]) -> None:
        """Running day weights and the year's denominator for each proration rule in use."""
        lo, hi = d.fiscal_year_bounds(self.fy, self.contract.fiscal_year_start)
        pay = _pay_calendar(self.contract)
        length = (hi - lo).days + 1
        self.cums = np.zeros((max(len(rules), 1), length))
        self.denoms = np.ones(max(len(rules), 1))
        self.work_start = np.full(max(len(rules), 1), self.lo)
        for k, rule in enumerate(rules):
            if rule.proration == "school_year":
                try:
                    d.school_year_in(self.fy, rule.calendar, self.contract.fiscal_year_start)
                except ValueError as exc:
                    raise InputError(None, rule.where, str(exc)) from None
            weights = d.day_weights(lo, hi, rule.proration, rule.calendar, pay)
            denominator = d.year_denominator(weights, rule.proration, pay)
            if denominator <= 0:
                what = (f"the school year {rule.calendar.start} to {rule.calendar.end}"
                        if rule.proration in ("school_year", "work_days") else "the pay calendar")
                raise InputError(None, rule.where,
                                 f"{what} has no {'pay dates' if rule.proration == 'pay_periods' else 'work days'}"
                                 f" in FY{self.fy} under {rule.proration}; check its dates and holidays")
            self.cums[k] = d.cumulative_weights(weights)
            self.denoms[k] = denominator
            self.work_start[k] = _day(d.work_year_start(self.fy, rule.proration, rule.calendar,
                                                         self.contract.fiscal_year_start))

    def _pieces(self, shared: np.ndarray) -> None:
        r, n = self.r, len(self.r.ids)
        anniversaries = [_anniversary_in(r, year) for year in (self.fy - 1, self.fy)]
        own = np.column_stack([r.start, r.end + 1, *anniversaries, *r.move_day.T])
        cuts = np.concatenate([
            np.full((n, 1), self.lo), np.broadcast_to(shared, (n, len(shared))), np.clip(own, self.lo, self.hi),
        ], axis=1)
        cuts.sort(axis=1)
        cuts = np.concatenate([cuts, np.full((n, 1), self.hi)], axis=1)
        starts, stops = cuts[:, :-1].ravel(), cuts[:, 1:].ravel()
        emp = np.repeat(np.arange(n), cuts.shape[1] - 1)
        active = (stops > starts) & (starts >= r.start[emp]) & (starts <= r.end[emp])
        self.emp, self.on = emp[active], starts[active]
        rule = r.prorate[self.emp] if r.prorate is not None else np.zeros(len(self.emp), dtype=np.int64)
        self.weight = (self.cums[rule, stops[active] - self.lo] - self.cums[rule, starts[active] - self.lo]) / self.denoms[rule]
        self.sched = r.sched[self.emp]

    # -- base pay --------------------------------------------------------------------------

    def rates(self, schedules: list[_ScheduleArrays] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(annual pay at full FTE, hourly-equivalent rate) of each piece."""
        arrays = schedules or self.arrays
        annual = np.zeros(len(self.on))
        hourly = np.zeros(len(self.on))
        r = self.r
        for code, a in enumerate(arrays):
            mask = self.sched == code
            if not mask.any():
                continue
            emp, on = self.emp[mask], self.on[mask]
            t = _lookup(a.table_days, on)
            if (t < 0).any():
                k = int(np.argmax(t < 0))
                raise InputError(None, f"contract schedule {a.schedule.name}",
                                 f"no rate table in force on {np.datetime64(int(on[k]), 'D')}: the years costed start"
                                 f" before the schedule's first table ({a.schedule.tables[0].effective})")
            pos = _positions(a, r, emp, on, self.as_of, a.schedule.step_rules.min_service_days,
                             self.options.freeze_steps)
            lanes = _lanes_on(r, emp, on)
            rate = a.rates[t, lanes, pos]
            if np.isnan(rate).any():
                k = int(np.argmax(np.isnan(rate)))
                raise InputError(None, f"roster row {r.rows[emp[k]]} ({r.ids[emp[k]]})",
                                 f"schedule {a.schedule.name} has no rate for lane {a.schedule.lanes[lanes[k]]}"
                                 f" step {a.steps[pos[k]]} on {np.datetime64(int(on[k]), 'D')}")
            b = _lookup(a.basis_days, on)
            hours = np.where(np.isnan(r.hours[emp]), a.hours[b], r.hours[emp])
            days = np.where(np.isnan(r.days[emp]), a.days[b], r.days[emp])
            unit = a.schedule.rate_unit
            units = hours * days if unit == "hourly" else days if unit == "daily" else np.ones(len(on))
            rule = a.schedule.rounding
            annual[mask] = round_array(rate * units, float(rule.annual), rule.mode)
            hours_year = np.where(hours * days > 0, hours * days, np.nan)
            hourly[mask] = rate if unit == "hourly" else annual[mask] / hours_year
        return annual, hourly

    def total(self, per_piece: np.ndarray) -> np.ndarray:
        return np.bincount(self.emp, weights=per_piece, minlength=len(self.r.ids))

    def components(self) -> dict[str, np.ndarray]:
        c = self.contract
        r = self.r
        out: dict[str, np.ndarray] = {}
        annual, hourly = self.rates()
        base_piece = annual * r.fte[self.emp] * self.weight
        base = self.total(base_piece)
        for retro in c.retro:
            base = base - self.retro_difference(retro, annual)
        out["base"] = base
        for lg in c.longevity:
            name = "longevity" if lg.name == "longevity" else f"longevity:{lg.name}"
            out[name] = self.longevity(lg)
        for s in c.stipends:
            out[f"stipend:{s.name}"] = self.stipend(s, base_piece, hourly)
        for o in c.one_time:
            out[f"one_time:{o.name}"] = self.one_time(o)
        for item in c.extra_pay:
            due = extra_pay_due(item, self.fy, c.fiscal_year_start)
            if due is not None:
                name = f"extra_pay:{item.name.split('#')[0]}"
                out[name] = out.get(name, 0.0) + self.paid_at_daily_rate(item, _day(due), r.flags[_extra_key(item.name)])
        for item in c.paid_days:
            for k, (day, _) in enumerate(paid_days_in_year(item, self.fy, c.fiscal_year_start)):
                name = f"extra_pay:{item.name}"
                out[name] = out.get(name, 0.0) + self.paid_at_daily_rate(item, _day(day), r.flags[_paid_key(item.name, k)])
        return out

    def daily_rates_on(self, day: int, among: np.ndarray | None = None) -> np.ndarray:
        """Each employee's daily rate at full FTE on one day: the year's pay / the days in the work year.

        ``among`` limits the check (and the result) to the people an item pays: paid days for one
        unit must not require a days-per-year basis on another unit's annual schedule.
        """
        r, n = self.r, len(self.r.ids)
        saved = self.emp, self.on, self.weight, self.sched
        self.emp, self.on, self.weight, self.sched = np.arange(n), np.full(n, day), np.ones(n), r.sched
        try:
            annual, _ = self.rates()
        finally:
            self.emp, self.on, self.weight, self.sched = saved
        days = np.full(n, np.nan)
        for code, a in enumerate(self.arrays):
            mask = r.sched == code
            if mask.any():
                b = _lookup(a.basis_days, np.full(mask.sum(), day))
                days[mask] = np.where(np.isnan(r.days[mask]), a.days[b], r.days[mask])
        missing = ((days <= 0) | np.isnan(days)) & (True if among is None else among)
        if missing.any():
            k = int(np.argmax(missing))
            name = self.arrays[r.sched[k]].schedule.name
            raise InputError(None, f"contract schedule {name}",
                             "extra pay and paid days need a daily rate: give the schedule's work_year.days_per_year")
        if among is None:
            return annual / days
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(among, annual / np.where(among, days, 1.0), 0.0)

    def paid_at_daily_rate(self, item, day: int, days_owed: np.ndarray) -> np.ndarray:
        """Days owed x the daily rate on ``day`` x FTE, for those employed that day and selected."""
        r = self.r
        if not days_owed.any():
            return np.zeros(len(r.ids))
        chosen = _select(item, self.arrays, r.sched, np.full(len(r.ids), day)) & _employed(r, day)
        owed = chosen & (days_owed != 0)
        if not owed.any():
            return np.zeros(len(r.ids))
        return days_owed * self.daily_rates_on(day, owed) * r.fte * chosen

    def retro_difference(self, retro, new_annual: np.ndarray) -> np.ndarray:
        """Pay in [start, until) above the old rates: kept out of base, paid as a retro line."""
        lo, hi = _day(retro.start), _day(retro.until)
        inside = (self.on >= lo) & (self.on < hi)
        if not inside.any():
            return np.zeros(len(self.r.ids))
        names = {s.name for s in retro.old_schedules}
        old_arrays = [
            _schedule_arrays(next(s for s in retro.old_schedules if s.name == a.schedule.name),
                             self.fy - 2, self.fy + 1) if a.schedule.name in names else a
            for a in self.arrays
        ]
        # keep the new step movement: only the rates differ
        for old, new in zip(old_arrays, self.arrays):
            old.anniversaries, old.drops = new.anniversaries, new.drops
        old_annual, _ = self.rates(old_arrays)
        diff = (new_annual - old_annual) * self.r.fte[self.emp] * self.weight * inside
        return self.total(diff)

    # -- longevity, stipends, one-time ---------------------------------------------------------

    def longevity(self, lg) -> np.ndarray:
        r = self.r
        if lg.payment == "lump":
            pay = d.month_day_in_year(lg.pay_month_day, self.fy - 1)
            if not self.lo <= _day(pay) < self.hi:
                pay = d.month_day_in_year(lg.pay_month_day, self.fy)
            day = _day(pay)
            on = np.full(len(r.ids), day)
            amount = _longevity_on(lg, r.seniority, on, years_of_service(r.seniority, on), r.start)
            chosen = _select(lg, self.arrays, r.sched, on) & _employed(r, day)
            return amount * chosen * (r.fte if lg.fte_scaled else 1.0)
        amount = _longevity_on(lg, r.seniority[self.emp], self.on, _service_years(r, self.emp, self.on, self.fy),
                               r.start[self.emp])
        chosen = _select(lg, self.arrays, self.sched, self.on)
        scale = r.fte[self.emp] if lg.fte_scaled else 1.0
        return self.total(amount * chosen * scale * self.weight)

    def stipend(self, s, base_piece: np.ndarray, hourly: np.ndarray) -> np.ndarray:
        """A stipend, then the eligibility rules (which are data: see :mod:`costing.engine.eligibility`)."""
        amount = self._stipend(s, base_piece, hourly)
        if s.eligible is None:
            return amount
        mask = self.r.flags[_eligible_key("stipend", s.name)]
        services = [rule.years_of_service for rule in s.eligible.all_of if rule.years_of_service and rule.years_of_service.on is None]
        if not services or not (s.prorated or s.kind != "annual"):
            return amount * mask
        # a prorated stipend with a service threshold pays from the day the threshold is reached
        return self._stipend(s, base_piece, hourly, piece_mask=self._service_mask(services)) * mask

    def _service_mask(self, services) -> np.ndarray:
        years = _service_years(self.r, self.emp, self.on, self.fy)
        return np.logical_and.reduce([years >= rule.at_least for rule in services])

    def _stipend(self, s, base_piece: np.ndarray, hourly: np.ndarray, piece_mask: np.ndarray | None = None) -> np.ndarray:
        r = self.r
        value_days = np.array([_day(v.effective) for v in s.values], dtype=np.int64)
        values = np.array([float(v.amount) for v in s.values])
        quantity_all = r.flags[s.column] if s.column else np.ones(len(r.ids))
        if s.kind == "annual" and not s.prorated:
            on = self.stipend_pay_days(s, value_days, values)
            k = _lookup(value_days, on)
            amount = np.where(k >= 0, values[np.maximum(k, 0)], 0.0)
            chosen = _select(s, self.arrays, r.sched, on) & (r.start <= on) & (r.end >= on)
            return amount * quantity_all * chosen * (r.fte if s.fte_scaled else 1.0)
        k = _lookup(value_days, self.on)
        value = np.where(k >= 0, values[np.maximum(k, 0)], 0.0)
        quantity = quantity_all[self.emp]
        chosen = _select(s, self.arrays, self.sched, self.on)
        if piece_mask is not None:
            chosen = chosen & piece_mask
        scale = r.fte[self.emp] if s.fte_scaled else 1.0
        if s.kind == "percent":
            piece = value / 100.0 * quantity * base_piece
        elif s.kind == "hours_at_rate":
            piece = value * quantity * np.nan_to_num(hourly) * self.weight * scale
        else:  # annual (prorated), per_hour and per_day: an amount per year, or per hour/day worked
            piece = value * quantity * self.weight * scale
        return self.total(piece * chosen)

    def stipend_pay_days(self, s, value_days: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Each employee's pay day for a non-prorated stipend this fiscal year.

        The stated pay day, or by default the first day of the employee's work year (the school
        year's first day under school_year and work_days, else July 1). If no value is in force
        that day and one starts later in the year, it is paid on its effective date instead: a
        stipend that starts mid-year pays in its first year.
        """
        r = self.r
        if s.pay_month_day:
            pay = _day(d.month_day_in_year(s.pay_month_day, self.fy - 1))
            if not self.lo <= pay < self.hi:
                pay = _day(d.month_day_in_year(s.pay_month_day, self.fy))
            on = np.full(len(r.ids), pay)
        else:
            rule = r.prorate if r.prorate is not None else np.zeros(len(r.ids), dtype=np.int64)
            on = self.work_start[rule].astype(np.int64)
        k = _lookup(value_days, on)
        unpaid = np.where(k >= 0, values[np.maximum(k, 0)], 0.0) == 0
        later = np.searchsorted(value_days, on, side="right")
        starts = value_days[np.minimum(later, len(value_days) - 1)]
        moves = unpaid & (later < len(value_days)) & (starts < self.hi)
        return np.where(moves, starts, on)

    def one_time(self, o) -> np.ndarray:
        r = self.r
        pay = _day(o.pay_date)
        if not self.lo <= pay < self.hi:
            return np.zeros(len(r.ids))
        if o.eligible is not None:
            eligible = r.flags[_eligible_key("one_time", o.name)]
        else:
            eligible = np.ones(len(r.ids), dtype=bool)
            for day in o.employed_on or (o.pay_date,):
                eligible &= _employed(r, _day(day))
        chosen = _select(o, self.arrays, r.sched, np.full(len(r.ids), pay))
        return float(o.amount) * eligible * chosen * (r.fte if o.fte_scaled else 1.0)


def _eligible_key(kind: str, name: str) -> str:
    return f"\x00eligible:{kind}:{name}"


def _extra_key(name: str) -> str:
    return f"\x00extra_pay:{name}"


def _paid_key(name: str, k: int) -> str:
    return f"\x00paid_days:{name}:{k}"


def _rules_for_year(contract: Contract, full: pd.DataFrame, fy: int, source: str | None) -> dict[str, np.ndarray]:
    """Per roster row, for one fiscal year: who each rule-based item goes to, and how many days it pays.

    Eligibility is evaluated from the roster's own dates (start, end, end_reason, seniority, FTE)
    on the day each item is paid, so it never drifts from the roster as a static flag would.
    """
    out: dict[str, np.ndarray] = {}
    lo, _ = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    for s in contract.stipends:
        if s.eligible is not None:
            out[_eligible_key("stipend", s.name)] = eligible(
                s.eligible.model_copy(update={"all_of": tuple(
                    rule for rule in s.eligible.all_of if not (rule.years_of_service and rule.years_of_service.on is None
                                                               and (s.prorated or s.kind != "annual")))}),
                full, lo, f"stipend {s.name}", default_on_pay_day=False)
    for o in contract.one_time:
        if o.eligible is not None:
            out[_eligible_key("one_time", o.name)] = eligible(o.eligible, full, o.pay_date, f"one-time payment {o.name}",
                                                              employed_on_days=o.employed_on)
    for item in contract.extra_pay:
        due = extra_pay_due(item, fy, contract.fiscal_year_start)
        if due is None:
            continue
        who = eligible(item.eligible, full, due, f"extra pay {item.name}")
        out[_extra_key(item.name)] = extra_pay_days(item, full, due, contract.fiscal_year_start) * who
    for item in contract.paid_days:
        for k, (day, days) in enumerate(paid_days_in_year(item, fy, contract.fiscal_year_start)):
            out[_paid_key(item.name, k)] = days * eligible(item.eligible, full, day, f"paid days {item.name}")
    return out


def _fy_fraction(contract: Contract, proration: str, fy: int, lo: dt.date | None, hi: dt.date | None) -> float:
    """The share of a fiscal year between two dates (for unit-level cost lines), by the contract's rule."""
    start, stop = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    pay = _pay_calendar(contract)
    weights = d.day_weights(start, stop, proration, _work_calendar(contract), pay)
    cum = d.cumulative_weights(weights)
    denominator = d.year_denominator(weights, proration, pay)
    if denominator <= 0:
        raise InputError(None, "contract work_calendar", f"the {proration} convention gives FY{fy} no days to count")
    a = (max(lo, start) - start).days if lo else 0
    b = (min(hi, stop) - start).days if hi else len(cum) - 1
    return 0.0 if b <= a else float((cum[b] - cum[a]) / denominator)


def _family(component: str) -> str:
    return component.split(":", 1)[0]


def project(roster: pd.DataFrame, contract: Contract, fiscal_years: list[int], scenario: str = "baseline",
            options: Options = Options(), source: str | None = None, *, codes: RosterCodes | None = None) -> pd.DataFrame:
    """Cost a checked roster under a contract for each fiscal year: long format.

    Columns: scenario, fiscal_year, employee_id, unit, schedule, component, amount (the text
    columns categorical). Unit-level cost lines have an empty employee_id and schedule. Inputs
    are not modified. ``codes`` is the roster already encoded (:func:`encode_roster`).
    """
    years = sorted(set(int(y) for y in fiscal_years))
    first_start, _ = d.fiscal_year_bounds(years[0], contract.fiscal_year_start)
    as_of = options.as_of or first_start
    codes = _codes_for(roster, contract, codes)
    full = codes.roster
    arrays = [_schedule_arrays(s, min(as_of.year, years[0]) - 2, years[-1] + 1) for s in contract.schedules]
    # a copy: the encoding is cached per roster and shared by every contract of a costing, while the
    # proration plan and the year's eligibility masks below belong to this contract
    shared = _encode(full, contract, arrays, codes)
    encoded = replace(shared, flags=dict(shared.flags))
    encoded.prorate, rules = _proration_plan(full, contract, arrays, encoded.sched, options, source)
    breaks = _shared_breaks(contract, arrays)
    proration = options.proration or contract.proration
    retro_totals = _retro_totals(contract, arrays, breaks, encoded, options, _day(as_of), source, rules, full)
    n = len(encoded.ids)
    sched_names = [a.schedule.name for a in arrays]
    unit_names = sorted({u for a in arrays for u in [a.schedule.unit, *(x for _, x in a.unit_days)]}
                        | {line.unit for line in contract.cost_lines})
    component_names: list[str] = []
    pieces: dict[str, list[np.ndarray]] = {"emp": [], "unit": [], "component": [], "year": [], "amount": []}

    def add(emp_idx: np.ndarray, unit_idx: np.ndarray, component: str, year: int, amount: np.ndarray) -> None:
        if component not in component_names:
            component_names.append(component)
        pieces["emp"].append(emp_idx)
        pieces["unit"].append(unit_idx)
        pieces["component"].append(np.full(len(emp_idx), component_names.index(component), dtype=np.int16))
        pieces["year"].append(np.full(len(emp_idx), year, dtype=np.int16))
        pieces["amount"].append(amount)

    benefit_cache: dict = {}  # enrolment codes, read once for every year
    for fy in years:
        fy_lo, fy_hi = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
        parts: dict[str, list[np.ndarray]] = {}
        try:
            encoded.flags.update(_rules_for_year(contract, full, fy, source))
        except InputError as exc:
            raise exc.located(source) if source else exc from None
        for lo in range(0, n, CHUNK):
            chunk = encoded.take(np.arange(lo, min(lo + CHUNK, n))) if n > CHUNK else encoded
            year = _Year(contract, arrays, breaks, chunk, fy, options, _day(as_of), source, rules)
            for name, values in year.components().items():
                parts.setdefault(name, []).append(values)
        comps = {name: round_array(np.concatenate(v)) for name, v in parts.items()}
        for retro in contract.retro:
            due = fy_lo <= retro.pay_date < fy_hi
            comps[f"retro:{retro.name}"] = retro_totals[retro.name] if due else np.zeros(n)
        for rollup in contract.rollup:
            rate = rollup.rate_on(fy_lo)
            covered = sum((v for k, v in comps.items() if _family(k) in rollup.applies_to), np.zeros(n))
            comps[f"rollup:{rollup.name}"] = round_array(covered * rate / 100.0)
        if contract.benefits:
            comps.update(benefit_costs(full, contract, fy, source, benefit_cache))
        active = (encoded.start < _day(fy_hi)) & (encoded.end >= _day(fy_lo))
        unit_of_schedule = np.array([unit_names.index(unit_on(a.schedule, fy_hi - dt.timedelta(days=1))) for a in arrays])
        units = unit_of_schedule[encoded.sched] if len(arrays) else np.zeros(n, dtype=np.int64)
        for name, values in comps.items():
            # people who left before the year appear only for what is paid to them in it (retirees' retro)
            keep = np.flatnonzero((active & (name == "base")) | (values != 0))
            if len(keep):
                add(keep, units[keep], name, fy, values[keep])
        for line in contract.cost_lines:
            amount = cost_line_amount(contract, line, fy,
                                      lambda a, b, fy=fy: _fy_fraction(contract, proration, fy, a, b))
            amount = float(round_array(amount))
            if not amount:
                continue
            unit_idx = np.array([unit_names.index(line.unit)])
            add(np.array([n]), unit_idx, f"line:{line.name}", fy, np.array([amount]))
            for rollup in contract.rollup:
                if "line" in rollup.applies_to:
                    add(np.array([n]), unit_idx, f"rollup:{rollup.name}", fy,
                        round_array(np.array([amount * rollup.rate_on(fy_lo) / 100])))
    if not pieces["emp"]:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    emp = np.concatenate(pieces["emp"])
    sched_codes = np.append(encoded.sched, len(sched_names))[emp]
    return pd.DataFrame({
        "scenario": pd.Categorical.from_codes(np.zeros(len(emp), dtype=np.int8), [scenario]),
        "fiscal_year": np.concatenate(pieces["year"]).astype(np.int64),
        "employee_id": pd.Categorical.from_codes(emp, dtype=codes.id_dtype()),
        "unit": pd.Categorical.from_codes(np.concatenate(pieces["unit"]), unit_names),
        "schedule": pd.Categorical.from_codes(sched_codes, [*sched_names, ""]),
        "component": pd.Categorical.from_codes(np.concatenate(pieces["component"]), component_names),
        "amount": np.concatenate(pieces["amount"]),
    })


def _retro_totals(contract, arrays, breaks, encoded, options, as_of, source, rules, full) -> dict[str, np.ndarray]:
    """For each retro item: the whole difference owed, for those eligible to receive it."""
    totals = {}
    for retro in contract.retro:
        total = np.zeros(len(encoded.ids))
        first = d.fiscal_year_of(retro.start, contract.fiscal_year_start)
        last = d.fiscal_year_of(retro.until - dt.timedelta(days=1), contract.fiscal_year_start)
        for fy in range(first, last + 1):
            year = _Year(contract, arrays, breaks, encoded, fy, options, as_of, source, rules)
            annual, _ = year.rates()
            total += year.retro_difference(retro, annual)
        if retro.eligible is not None:
            who = eligible(retro.eligible, full, retro.pay_date, f"retro {retro.name}",
                           employed_on_days=retro.employed_on, default_on_pay_day=False)
        else:
            who = np.ones(len(encoded.ids), dtype=bool)
            for day in retro.employed_on:
                who &= _employed(encoded, _day(day))
        totals[retro.name] = round_array(total * who)
    return totals


def placement_on(roster: pd.DataFrame, contract: Contract, day: dt.date, fiscal_year_of_day: int | None = None,
                 options: Options = Options(), source: str | None = None, *,
                 codes: RosterCodes | None = None) -> pd.DataFrame:
    """Where everyone stands on one day: schedule, lane, step, FTE and annual pay at that day's rates.

    Used for lift (the change in the year-end rate), annualization, and headcount by step and
    lane. Only employees employed on ``day`` are returned. ``codes`` is the roster already
    encoded (:func:`encode_roster`).
    """
    r, arrays, year, annual = _rates_on(roster, contract, day, fiscal_year_of_day, options, source, codes)
    n = len(r.ids)
    positions = np.zeros(n, dtype=np.int64)
    for code, a in enumerate(arrays):
        mask = r.sched == code
        positions[mask] = _positions(a, r, np.flatnonzero(mask), year.on[mask], year.as_of,
                                     a.schedule.step_rules.min_service_days, options.freeze_steps)
    employed = _employed(r, _day(day))
    # names by table lookup (schedule x position), not per row
    steps = _name_table([a.steps for a in arrays])[r.sched, positions]
    lanes = _name_table([list(a.schedule.lanes) for a in arrays])[r.sched, _lanes_on(r, np.arange(n), year.on)]
    frame = pd.DataFrame({
        "employee_id": r.ids, "schedule": np.array([a.schedule.name for a in arrays], dtype=object)[r.sched],
        "lane": lanes, "step": steps, "fte": r.fte, "annual_rate": annual, "annual_pay": round_array(annual * r.fte),
    })
    return frame[employed].reset_index(drop=True)


def annual_pay_on(roster: pd.DataFrame, contract: Contract, day: dt.date, fiscal_year_of_day: int | None = None,
                  options: Options = Options(), source: str | None = None, *,
                  codes: RosterCodes | None = None) -> float:
    """``placement_on(...)["annual_pay"].sum()`` without building the table.

    The held-steps lift needs only this total, once per scenario and year; on a large roster
    the table (IDs, lanes and steps as text) costs more than the rates.
    """
    r, _, _, annual = _rates_on(roster, contract, day, fiscal_year_of_day, options, source, codes)
    return float(pd.Series(round_array(annual * r.fte)[_employed(r, _day(day))]).sum())


def _rates_on(roster, contract, day, fiscal_year_of_day, options, source, codes):
    """(encoded roster, schedule arrays, a one-piece year, annual rate of each employee) on one day."""
    fy = fiscal_year_of_day or d.fiscal_year_of(day, contract.fiscal_year_start)
    first_start, _ = d.fiscal_year_bounds(fy, contract.fiscal_year_start)
    as_of = options.as_of or first_start
    codes = _codes_for(roster, contract, codes)
    arrays = [_schedule_arrays(s, min(as_of.year, fy) - 2, fy + 1) for s in contract.schedules]
    r = _encode(codes.roster, contract, arrays, codes)
    n = len(r.ids)
    year = _Year.__new__(_Year)
    year.contract, year.arrays, year.r, year.fy, year.options = contract, arrays, r, fy, options
    year.as_of, year.source = _day(as_of), source
    year.emp, year.on = np.arange(n), np.full(n, _day(day))
    year.weight, year.sched = np.ones(n), r.sched
    annual, _ = year.rates()
    return r, arrays, year, annual


def _name_table(names: list[list[str]]) -> np.ndarray:
    """Names per schedule as one 2-D object array (rows padded with None), for vectorized lookup."""
    table = np.full((len(names), max((len(x) for x in names), default=0)), None, dtype=object)
    for k, row in enumerate(names):
        table[k, :len(row)] = row
    return table
