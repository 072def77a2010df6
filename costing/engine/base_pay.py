"""Base pay: the step and lane each piece is on, and the schedule's rate for it as a year's pay.

Order of operations (docs/method.md): the schedule's rates, then step movement, then the entry-step
floor. A piece's annual pay is its rate times the work-year basis in force on its first day
(hours x days, days, or 1), rounded by the schedule's rule; the hourly-equivalent rate is what
``hours_at_rate`` stipends pay.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..inputs.dated import in_force_index
from .raise_floors import floored
from .rate_tables import paid_hours
from .roster_codes import EncodedRoster
from .schedule_arrays import ScheduleArrays, _anniversary_days, pay_of_rates
from .year_pieces import YearPieces, one_day


@dataclass(frozen=True)
class PieceRates:
    """Each piece's pay at full FTE (a year's pay, and the hourly-equivalent rate), and where it is paid."""

    annual: np.ndarray
    hourly: np.ndarray
    step: np.ndarray   # step position on the schedule
    lane: np.ndarray   # lane code


def positions(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray, as_of: int,
              freeze: bool) -> np.ndarray:
    """Step position of each piece's employee on each piece's day.

    position = start position + advance x (eligible anniversaries since the roster date), floored
    after each entry-step drop (those on a dropped step move to the new entry step, then keep
    moving), and capped at the top step or the person's own cap. On a day with both an
    anniversary and a drop, the step comes first and the floor second. ``freeze``: nobody moves
    (the held-steps counterfactual); drops and dated moves still apply.
    """
    rules = a.schedule.step_rules
    adv = 0 if freeze else rules.advance_by
    if rules.min_fte is not None and adv:
        # only staff at the stated FTE or more move a step (New Bedford: full-time staff)
        adv = adv * (roster.fte[emp] >= float(rules.min_fte) - 1e-9)
    if np.ndim(adv) == 0 and adv == 0:  # nobody moves: no anniversary to count
        return _floored(a, roster, emp, on, roster.pos0[emp], lambda pos, day: pos)
    ann = a.anniversaries
    # eligibility from the start date: never on the day a person starts, and only once the service
    # rule is met counting from the later of the seniority and start dates (new positions alike)
    served_from = np.maximum(roster.seniority[emp], roster.start[emp])
    eligible_from = np.maximum(np.maximum(as_of, roster.start[emp]) + 1, served_from + rules.min_service_days)
    upto = np.searchsorted(ann, on, side="right")

    def moved(pos, day):  # the position reached from ``pos``, placed there on ``day``
        counted = adv * np.maximum(0, upto - np.searchsorted(ann, np.maximum(eligible_from, day + 1), side="left"))
        return step_count(a, roster, emp, as_of, pos, counted, on_step_before=False)

    counted = adv * np.maximum(0, upto - np.searchsorted(ann, eligible_from, side="left"))
    start = step_count(a, roster, emp, as_of, roster.pos0[emp], counted, on_step_before=True)
    return _floored(a, roster, emp, on, start, moved)


def step_count(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, as_of: int, pos: np.ndarray,
               counted: np.ndarray, on_step_before: bool) -> np.ndarray:
    """The step position reached from ``pos`` after ``counted`` eligible anniversaries.

    Without a dwell, ``advance_by`` positions each (``counted`` is already times it). With a dwell
    (``step_rules.dwell_years`` or ``dwell``: Boston's paraprofessionals move "after 3 years"), one
    position each time the anniversaries on a step reach its dwell. The roster does not say how long
    a person has held the step they hold on the roster date (``on_step_before``), so it is read from
    their service: the eligible anniversaries between their seniority date and the roster date (as
    after it: not on the day service starts, and only once ``min_service_days`` are served), less
    the years the steps below take, between 0 and the step's dwell less one. A person
    the roster puts below the step their service reaches moves at the next anniversary; one above
    it, after a full dwell. Placed on a step later (an entry-step drop, a dated move), a person starts
    it with no years on it.
    """
    dwells = a.schedule.step_rules.dwells(len(a.steps))
    if dwells is None:
        return pos + counted
    reach = np.concatenate([[0], np.cumsum(dwells)])[: len(dwells)]   # anniversaries from the first step to each
    held = np.zeros(np.shape(counted), dtype=np.int64)
    if on_step_before and len(emp):
        def year(day) -> int:
            return int(np.datetime64(int(day), "D").astype("datetime64[Y]").astype(int)) + 1970

        past = _anniversary_days(a.schedule, year(roster.seniority[emp].min()), year(as_of))
        served_from = np.maximum(roster.seniority[emp], roster.start[emp])
        earliest = served_from + max(1, a.schedule.step_rules.min_service_days)
        served = np.maximum(0, np.searchsorted(past, as_of, side="right") - np.searchsorted(past, earliest, side="left"))
        held = np.clip(served - reach[pos], 0, np.asarray(dwells)[pos] - 1)
    return np.searchsorted(reach, reach[pos] + held + counted, side="right") - 1


def _floored(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray, pos: np.ndarray,
             moved) -> np.ndarray:
    """Positions after entry-step drops and dated placements, each followed by the moves since, capped."""
    for drop_day, floor in a.drops:
        # on a day with both, step movement comes first, then anyone below the new entry step is
        # raised to it: nobody gains two positions from one day
        pos = np.where(on >= drop_day, np.maximum(pos, moved(floor, drop_day)), pos)
    for k in range(roster.move_day.shape[1]):
        # a dated placement (moves file): that step from the day, then the usual movement after it
        day, placed = roster.move_day[emp, k], roster.move_pos[emp, k]
        pos = np.where((placed >= 0) & (on >= day), moved(placed, day), pos)
    return np.minimum(pos, np.maximum(roster.cap[emp], 0))


def lanes_on(roster: EncodedRoster, emp: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Each piece's lane code: the roster's, or the latest dated lane move on or before the day."""
    lane = roster.lane[emp]
    for k in range(roster.move_day.shape[1]):
        moved = roster.move_lane[emp, k]
        lane = np.where((moved >= 0) & (on >= roster.move_day[emp, k]), moved, lane)
    return lane


def piece_rates(pieces: YearPieces, roster: EncodedRoster, schedules: tuple[ScheduleArrays, ...], as_of: int,
                freeze: bool) -> PieceRates:
    """Each piece's annual pay at full FTE and hourly-equivalent rate, at its step, lane and day.

    A day before the schedule's first table, or a cell the table does not have, is an input
    error naming the schedule, or the roster row, lane, step and day.
    """
    if len(schedules) == 1 and (pieces.sched == 0).all():  # one schedule: no piece to sort out
        return PieceRates(*_schedule_rates(schedules[0], roster, pieces.emp, pieces.on, as_of, freeze))
    size = len(pieces.on)
    rates = PieceRates(np.zeros(size), np.zeros(size), np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64))
    for code, a in enumerate(schedules):
        mask = pieces.sched == code
        if mask.any():
            found = _schedule_rates(a, roster, pieces.emp[mask], pieces.on[mask], as_of, freeze)
            rates.annual[mask], rates.hourly[mask], rates.step[mask], rates.lane[mask] = found
    return rates


def _schedule_rates(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray, as_of: int,
                    freeze: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    t = in_force_index(a.table_days, on)
    if (t < 0).any():
        k = int(np.argmax(t < 0))
        raise InputError(None, f"contract schedule {a.schedule.name}",
                         f"no rate table in force on {np.datetime64(int(on[k]), 'D')}: the years costed start"
                         f" before the schedule's first table ({a.schedule.tables[0].effective})")
    pos = positions(a, roster, emp, on, as_of, freeze)
    lanes = lanes_on(roster, emp, on)
    if roster.own_basis:  # someone's own hours or days: each piece's pay from its own basis
        hours, days = work_year_on(a, roster, emp, on)
        annual, hourly = pay_of_rates(a.schedule, a.rates[t, lanes, pos], hours, days)
    else:  # everyone on the schedule's basis: each cell's pay was worked out once, with the arrays
        b = in_force_index(a.basis_days, on) if len(a.basis_days) > 1 else 0
        annual, hourly = a.annual[b, t, lanes, pos], a.hourly[b, t, lanes, pos]
    if a.schedule.raise_floors:  # per-person floors under a raise (raise_greater_of, each: person)
        annual, hourly = floored(a, on, annual, hourly, roster.fte[emp], lambda day: roster.employed(day)[emp],
                                 lambda days: (lanes_on(roster, emp, days), positions(a, roster, emp, days, as_of, freeze),
                                               *work_year_on(a, roster, emp, days)))
    if np.isnan(annual).any():  # a year's pay is missing exactly where the cell is (the bases are numbers)
        k = int(np.argmax(np.isnan(annual)))
        raise InputError(None, f"roster row {roster.rows[emp[k]]} ({roster.ids[emp[k]]})",
                         f"schedule {a.schedule.name} has no rate for lane {a.schedule.lanes[lanes[k]]}"
                         f" step {a.steps[pos[k]]} on {np.datetime64(int(on[k]), 'D')}")
    return annual, hourly, pos, lanes


def work_year_on(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(hours per day, days per year) of each piece: the roster row's own, else the basis in force."""
    b = in_force_index(a.basis_days, on) if len(a.basis_days) > 1 else 0  # one basis: always in force
    return _own_or(paid_hours(a.schedule, roster.hours[emp]), a.hours[b]), _own_or(roster.days[emp], a.days[b])


def _own_or(own: np.ndarray, default) -> np.ndarray:
    return np.where(np.isnan(own), default, own)


def daily_rates(roster: EncodedRoster, schedules: tuple[ScheduleArrays, ...], day: int, as_of: int, freeze: bool,
                among: np.ndarray) -> np.ndarray:
    """Each employee's daily rate at full FTE on one day: the year's pay / the days in the work year.

    Only the people in ``among`` (those an item pays) need a days-per-year basis: paid days for
    one unit must not require one on another unit's annual schedule. Others get 0.
    """
    annual = piece_rates(one_day(roster, day), roster, schedules, as_of, freeze).annual
    days = np.full(roster.n, np.nan)
    everyone = np.arange(roster.n)
    for code, a in enumerate(schedules):
        mask = roster.sched == code
        if mask.any():
            days[mask] = work_year_on(a, roster, everyone[mask], np.full(mask.sum(), day))[1]
    missing = ((days <= 0) | np.isnan(days)) & among
    if missing.any():
        name = schedules[roster.sched[int(np.argmax(missing))]].schedule.name
        raise InputError(None, f"contract schedule {name}",
                         "extra pay and paid days need a daily rate: give the schedule's work_year.days_per_year")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(among, annual / np.where(among, days, 1.0), 0.0)
