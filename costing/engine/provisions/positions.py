"""New positions (five social workers from a date): costed as the people they add to the roster.

A position is not priced by a formula of its own: each one becomes a roster row that starts on
the position's date, on its schedule, lane and step, and from then on is costed like everyone
else (base pay, steps, stipends, roll-up, premiums at the stated tier mix).
"""

from __future__ import annotations

from ...inputs.models import Contract, Position
from ..roster_codes import RosterCodes
from .registry import register


def people(contract: Contract, codes: RosterCodes) -> RosterCodes:
    """The roster with one row per new position (encoded once per set of positions)."""
    return codes.for_contract(contract)


# Order of operations: first (10): the rows positions add are costed by every provision after.
register("positions", Position, order=10, people=people)
