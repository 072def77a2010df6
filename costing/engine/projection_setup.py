"""What a projection of one contract on one roster holds fixed over its years.

The roster encoded under the contract's schedules, the schedules as arrays, each person's
proration rule and the break dates do not change from one fiscal year to the next, nor between
the years, the year before, the held-steps counterfactual and the year-end placements of one
costing: :func:`setup_projection` works them out once, and every year is costed from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.models import Contract
from . import dates as d
from .options import Options
from .proration import ProrationRule, proration_plan
from .roster_codes import EncodedRoster, RosterCodes, encode
from .schedule_arrays import ScheduleArrays, schedule_arrays, shared_breaks


@dataclass(frozen=True)
class ProjectionSetup:
    """One contract on one roster, ready to cost any of the fiscal years it was set up for."""

    contract: Contract
    codes: RosterCodes                       # the roster, with the contract's new positions
    people: EncodedRoster                    # encoded under the contract, with each person's proration rule
    schedules: tuple[ScheduleArrays, ...]
    rules: tuple[ProrationRule, ...]
    breaks: np.ndarray                       # days on which something changes for everybody
    as_of: int                               # the roster's steps are as of this day (day number)
    options: Options
    source: str | None                       # the roster's file, for error messages

    @property
    def roster(self) -> pd.DataFrame:
        return self.codes.roster


def setup_projection(codes: RosterCodes, contract: Contract, years: list[int], options: Options,
                     source: str | None) -> ProjectionSetup:
    """Set up ``contract`` on the roster ``codes`` (new positions included) for ``years``.

    The roster's steps are as of ``options.as_of``, by default the first day of the first year.
    Anniversaries are listed from the year of the earliest seniority date (the steps held before
    the roster date count the anniversaries each person moved on) or two years before the earlier
    of the roster date and the first year, to the year after the last, which covers every step a
    piece of these years can reach.
    """
    years = sorted(set(int(y) for y in years))
    first_start, _ = d.fiscal_year_bounds(years[0], contract.fiscal_year_start)
    as_of = options.as_of or first_start
    first_year = min(as_of.year, years[0], _earliest_service_year(codes)) - 2
    schedules = tuple(schedule_arrays(s, first_year, years[-1] + 1) for s in contract.schedules)
    encoded = encode(codes, contract, schedules)
    plan = proration_plan(codes.roster, contract, schedules, encoded.sched, options, source)
    return ProjectionSetup(
        contract=contract, codes=codes, people=encoded.with_rules(plan.rule), schedules=schedules, rules=plan.rules,
        breaks=shared_breaks(contract, schedules), as_of=d.day_number(as_of), options=options, source=source,
    )


def _earliest_service_year(codes: RosterCodes) -> int:
    """The calendar year of the roster's earliest seniority date (a large year for an empty roster)."""
    if not codes.n:
        return 9999
    return int(str(np.datetime64(int(codes.seniority.min()), "D"))[:4])
