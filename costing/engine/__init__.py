"""Engine: the second stage. Where every number is made.

It owns dates and the proration conventions, money rounding, rate-table arithmetic, applying a
proposal to a contract (a new contract, never an edit), the vectorized projection of a roster
through fiscal years, the figures derived from it (totals, changes, step movement, cost of 1%),
the costing run that ties them together, the per-day reference implementation that checks the
projection, and the listing of schedules. Its functions are pure: inputs in, frames out. It may
import :mod:`costing.inputs` (and :mod:`costing.errors`, :mod:`costing.output`), nothing above.
"""
