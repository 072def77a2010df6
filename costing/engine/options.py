"""The assumptions a scenario states about a projection, beside the contract: one frozen value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Assumptions a scenario states; everything else comes from the contract.

    ``as_of`` is the date of the roster's steps (default: the first day of the first year costed);
    ``proration`` puts everyone on one convention (a sensitivity); ``freeze_steps`` is the
    counterfactual in which nobody moves a step, which separates step movement from raises.
    """

    as_of: dt.date | None = None
    proration: str | None = None
    freeze_steps: bool = False


DEFAULT_OPTIONS = Options()
"""Nothing stated: the contract's conventions, the roster's steps as of the first day costed."""
