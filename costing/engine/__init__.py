"""Engine: the second stage. Where every number is made.

It owns dates and the proration conventions, money rounding, rate-table arithmetic, applying a
proposal to a contract (a new contract, never an edit), the vectorized projection of a roster
through fiscal years (:mod:`costing.engine.projection`: a year cut into pieces, priced at base
rates, then every contract provision costed by the function the registry in
:mod:`costing.engine.provisions` names), the figures derived from it (totals, changes, step
movement, cost of 1%), the costing run that ties them together, the per-day reference
implementation that checks the projection, and the listing of schedules. Its functions are pure:
inputs in, frames out, except the costing run's ``cost_files`` and ``cost_scenario``, which read
the input files (through :mod:`costing.inputs`) so that every command and notebook costs from
files the same way. It may import :mod:`costing.inputs` (and :mod:`costing.errors`,
:mod:`costing.output`), nothing above.
"""
