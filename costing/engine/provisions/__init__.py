"""Contract provisions, one module each, each registering how its kind of item is costed.

Every field of :class:`costing.inputs.models.Contract` that holds items (schedules, longevity,
stipends, one-time payments, cost lines, roll-ups, new positions, retro, benefits, extra pay, paid
days) is costed by one module here, which ends with one :func:`register` call: the field, its item
model, its place in the fixed order of operations (docs/method.md; the module says why there) and
the functions that cost its items at each stage of a year:

- ``people``: before anything, the rows the items add to the roster (new positions);
- ``prepare``: once per projection, what does not depend on the year (retro owed, enrolments);
- ``who``: per year, on the whole roster, who each rule-based item goes to (:class:`Eligible`);
- ``pay``: per year, per piece, for a set of people: (component, amount per person) pairs, added
  up by component and rounded to the cent once every person is costed;
- ``owed``: per year, after pay is rounded: the retro line, roll-up on pay, premiums;
- ``unit``: per year, unit-level (component, unit, amount) lines.

Importing this package imports every module in it, so :data:`PROVISIONS` (every registered
provision, in the order of operations) holds a new module's provision without a list to edit: a
provision is its model in :mod:`costing.inputs.models`, its module here, and its docs row.
``tests/test_provisions.py`` fails until a new item type has a cost function. The projection
(:mod:`costing.engine.year_cost`) is a loop over :data:`PROVISIONS` and knows no provision by name.
"""

from __future__ import annotations

import importlib
import pkgutil

from .registry import Provision, register, registered
from .year import CostedYear, Eligible, PayYear, price_year, priced

__all__ = ["PROVISIONS", "Provision", "CostedYear", "Eligible", "PayYear", "price_year", "priced", "register"]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")   # each provision module registers itself

PROVISIONS: tuple[Provision, ...] = registered()
