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
from .money import round_array
from .needed_values import NoRateTable
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
    anniversary and a drop, the schedule's ``drop_order`` says which comes first. Before the
    roster date, the steps held then (:func:`held_before`). ``freeze``: nobody moves
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
    before = on < as_of
    if before.any():  # the year before the window: the steps held then, not the roster date's
        start = np.where(before, held_before(a, roster, emp, on, as_of, adv), start)
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
    reach = _reach(dwells)
    held = years_on_step(a, roster, emp, as_of, pos) if on_step_before else 0
    return np.searchsorted(reach, reach[pos] + held + counted, side="right") - 1


def _reach(dwells: tuple[int, ...]) -> np.ndarray:
    """Anniversaries from the first step to each step of a dwell schedule (the cumulative dwells)."""
    return np.concatenate([[0], np.cumsum(dwells)])[: len(dwells)]


def years_on_step(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, as_of: int,
                  pos: np.ndarray, top: np.ndarray | bool = False) -> np.ndarray:
    """Years each person has held roster step ``pos`` on the roster date on a dwell schedule, read
    from service (:func:`step_count`): between 0 and the step's dwell less one; on their ``top``
    step, every anniversary beyond the years that reach it."""
    dwells = a.schedule.step_rules.dwells(len(a.steps))
    if dwells is None or not len(emp):
        return np.zeros(np.shape(pos), dtype=np.int64)

    def year(day) -> int:
        return int(np.datetime64(int(day), "D").astype("datetime64[Y]").astype(int)) + 1970

    past = _anniversary_days(a.schedule, year(roster.seniority[emp].min()), year(as_of))
    served_from = np.maximum(roster.seniority[emp], roster.start[emp])
    earliest = served_from + max(1, a.schedule.step_rules.min_service_days)
    served = np.maximum(0, np.searchsorted(past, as_of, side="right") - np.searchsorted(past, earliest, side="left"))
    most = np.where(top, np.iinfo(np.int64).max, np.asarray(dwells)[pos] - 1)
    return np.clip(served - _reach(dwells)[pos], 0, most)


def held_before(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray, as_of: int,
                adv) -> np.ndarray:
    """Step position held on each day ``on`` before the roster date (docs/method.md, "Steps before
    the roster date").

    The step rule run backwards: one step back (``adv`` positions) for each anniversary in
    (day, roster date] on which the person moved (after the start day, the service rule met),
    never below the first step; before the first step date a contract states, its month-day is
    taken to have been the step date. Someone on their top step on the roster date (the schedule's
    last, or their own ``max_step``) moved onto it only if the anniversaries they moved on are
    no more than the steps from the first step to it: with more, they were already there, and
    those spare anniversaries are taken off the way back first.
    """
    rules = a.schedule.step_rules
    ann, pos0 = a.past_anniversaries, roster.pos0[emp]
    served_from = np.maximum(roster.seniority[emp], roster.start[emp])
    counts_from = np.maximum(roster.start[emp] + 1, served_from + rules.min_service_days)
    upto = np.searchsorted(ann, as_of, side="right")
    back = np.maximum(0, upto - np.searchsorted(ann, np.maximum(counts_from, on + 1), side="left"))
    at_top = pos0 >= roster.cap[emp]
    dwells = rules.dwells(len(a.steps))
    if dwells is not None:  # back through the years of progress, then the step whose reach they fall in
        reach = _reach(dwells)
        on_it = years_on_step(a, roster, emp, as_of, pos0, top=at_top)
        progress = np.maximum(reach[pos0] + on_it - back * (np.asarray(adv) > 0), 0)
        return np.minimum(np.searchsorted(reach, progress, side="right") - 1, pos0)
    moved = np.maximum(0, upto - np.searchsorted(ann, counts_from, side="left"))
    step = np.maximum(np.asarray(adv), 1)
    spare = np.where(at_top, np.maximum(0, moved - -(-pos0 // step)), 0)
    return np.maximum(pos0 - adv * np.maximum(0, back - spare), 0)


def _floored(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray, pos: np.ndarray,
             moved) -> np.ndarray:
    """Positions after entry-step drops and dated placements, each followed by the moves since, capped."""
    # on a day with both a drop and an anniversary, the schedule's stated order (step_rules.drop_order):
    # after_steps, the step first and then the new entry step as a floor (nobody gains two positions
    # from one day); before_steps, the drop first, so that day's step counts from the new entry step
    first = 1 if a.schedule.step_rules.drop_order == "before_steps" else 0
    for drop_day, floor in a.drops:
        pos = np.where(on >= drop_day, np.maximum(pos, moved(floor, drop_day - first)), pos)
    for k in range(roster.move_day.shape[1]):
        # a dated placement (moves file): that step from the day, then the usual movement after it
        day, placed = roster.move_day[emp, k], roster.move_pos[emp, k]
        pos = np.where((placed >= 0) & (on >= day), moved(placed, day), pos)
    return np.minimum(pos, np.maximum(roster.cap[emp], 0))


def cells_on(roster: EncodedRoster, schedules: tuple[ScheduleArrays, ...], days: np.ndarray, as_of: int,
             freeze: bool) -> tuple[np.ndarray, np.ndarray]:
    """(lane code, step position) of each employee on their own day ``days[e]``: where they stand."""
    lane, pos = np.zeros(roster.n, dtype=np.int64), np.zeros(roster.n, dtype=np.int64)
    everyone = np.arange(roster.n)
    for code, a in enumerate(schedules):
        mask = roster.sched == code
        if mask.any():
            emp, on = everyone[mask], days[mask]
            pos[mask], lane[mask] = positions(a, roster, emp, on, as_of, freeze), lanes_on(roster, emp, on)
    return lane, pos


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
        raise NoRateTable(None, f"contract schedule {a.schedule.name}",
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
    if roster.own_rate is not None:  # red-circled people: their own rate while it is above their cell
        annual, hourly = red_circled(a, roster, emp, on, t, as_of, annual, hourly)
    if np.isnan(annual).any():  # a year's pay is missing exactly where the cell is (the bases are numbers)
        k = int(np.argmax(np.isnan(annual)))
        raise InputError(None, f"roster row {roster.rows[emp[k]]} ({roster.ids[emp[k]]})",
                         f"schedule {a.schedule.name} has no rate for lane {a.schedule.lanes[lanes[k]]}"
                         f" step {a.steps[pos[k]]} on {np.datetime64(int(on[k]), 'D')}")
    return annual, hourly, pos, lanes


def red_circled(a: ScheduleArrays, roster: EncodedRoster, emp: np.ndarray, on: np.ndarray, t: np.ndarray, as_of: int,
                annual: np.ndarray, hourly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pay of those with an own rate (roster column ``own_rate``, a red-circled salary): the greater of
    their own rate and their cell, each a year's pay by the same work-year basis and rounding.

    The own rate is frozen (the schedule's ``red_circle: frozen``) or raised by the same percent as
    the cell they held on the roster date (``cell_raises``: the table in force on the day over the
    table in force on the roster date, rounded by the schedule's rate rule); their cell keeps moving
    with steps and raises, so the grid takes over the day it passes the own rate.
    """
    own = roster.own_rate[emp]
    k = np.flatnonzero(~np.isnan(own))
    if not len(k):
        return annual, hourly
    rate = own[k]
    if a.schedule.red_circle == "cell_raises":
        t0 = max(int(in_force_index(a.table_days, np.array([as_of]))[0]), 0)
        lane0, pos0 = roster.lane[emp[k]], roster.pos0[emp[k]]
        rounding = a.schedule.rounding
        rate = round_array(rate * a.rates[t[k], lane0, pos0] / a.rates[t0, lane0, pos0], float(rounding.rate), rounding.mode)
    hours, days = work_year_on(a, roster, emp[k], on[k])
    own_annual, own_hourly = pay_of_rates(a.schedule, rate, hours, days)
    above = own_annual > annual[k]
    annual, hourly = np.array(annual, dtype=float), np.array(hourly, dtype=float)
    annual[k] = np.where(above, own_annual, annual[k])
    hourly[k] = np.where(above, own_hourly, hourly[k])
    return annual, hourly


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
