"""Inputs: the first stage. Reading the user's files and checking them before anything is costed.

It owns the validated shapes of every input (contracts, proposals, scenarios, roster specs, in
:mod:`.models`), loading YAML, CSV and XLSX (:mod:`.loading`, :mod:`.roster`; a roster column read once per distinct
cell, :mod:`.cells`), scenario files,
synthetic rosters, the JSON Schemas and the Excel writer, and writing a proposal back out, as YAML
(:mod:`.proposal_writer`) or as a sheet with one row per change (:mod:`.proposal_sheet`). Every user mistake found here is an
:class:`costing.errors.InputError` naming the file and the key or row. It may import nothing of the
package but :mod:`costing.errors` and :mod:`costing.output`: the engine and everything above it
build on these shapes, never the other way round.
"""
