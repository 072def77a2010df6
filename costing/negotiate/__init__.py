"""Negotiate: the third stage. The tools a bargaining team uses at the table, built on the engine.

It owns side-by-side comparison and settlement conventions, the reconciliation bridge, goal-seek,
sensitivity to assumptions (turnover, lane changes, new hires, roll-up), who gets what, the
proposal ledger and the interactive what-if. Each tool calls the engine and returns frames; none
formats for a page. It may import :mod:`costing.engine` and :mod:`costing.inputs`, never the
reports or the command line.
"""
