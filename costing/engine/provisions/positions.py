"""New positions (five social workers from a date): costed as the people they add to the roster.

A position is not priced by a formula of its own: each one becomes a roster row that starts on
the position's date, on its schedule, lane and step, and from then on is costed like everyone
else (base pay, steps, stipends, roll-up, premiums at the stated tier mix).
"""

from __future__ import annotations

from ...inputs.models import Contract
from ..roster_codes import RosterCodes


def people(contract: Contract, codes: RosterCodes) -> RosterCodes:
    """The roster with one row per new position (encoded once per set of positions)."""
    return codes.for_contract(contract)
