"""costing: cost collective bargaining proposals for public school districts.

The package computes; notebooks present. Start with :func:`costing.engine.costing_run.cost_files`, or
the ``costing`` command line.

The public names below are imported on first use (PEP 562), not when the package is imported, so
that a command which needs no costing (``costing batch`` finding nothing changed, ``--help``) does
not pay for pandas and the engine.
"""

from __future__ import annotations

from importlib import import_module

from .version import __version__

_PUBLIC = {
    "cost": "engine.api", "CostResult": "engine.api", "apply_proposal": "engine.apply", "Costing": "engine.costing_run", "cost_files": "engine.costing_run",
    "cost_scenarios": "engine.costing_run", "Options": "engine.projection", "placement_on": "engine.projection",
    "project": "engine.projection", "InputError": "errors", "load_contract": "inputs.loading",
    "load_proposal": "inputs.loading", "load_roster": "inputs.roster",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
