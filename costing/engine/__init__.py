"""Engine: the second stage. Where every number is made.

It owns dates and the proration conventions, money rounding, rate-table arithmetic, applying a
proposal to a contract (a new contract, never an edit), the vectorized projection of a roster
through fiscal years (:mod:`costing.engine.projection`: a year cut into pieces, priced at base
rates, then every contract provision costed by the function the registry in
:mod:`costing.engine.provisions` names), the figures derived from it (the one figures frame,
:mod:`costing.engine.measures`), the costing run that ties them together, the per-day reference
implementation that checks the projection, and the listing of schedules. Its functions are pure:
inputs in, frames out, with one stated exception: the loading functions of :mod:`.costing_run`
(``cost_inputs``, ``cost_scenario``, ``cost_files``, ``load_inputs``) read the files a scenario
names, through :mod:`costing.inputs`, then cost them: the one path from files to figures that every
verb and the API share. It may import :mod:`costing.inputs` (and :mod:`costing.errors`,
:mod:`costing.output`), nothing above.
"""
