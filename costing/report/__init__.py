"""Scenario reports: what a School Committee, a superintendent or a bargaining team reads.

The package computes; the notebooks in ``costing/report/notebooks/`` only arrange what this package returns:
:func:`open_report` (costing and inputs for a notebook), :mod:`.tables` and :mod:`.charts` (what
is shown), :mod:`.build` (papermill, HTML, PDF, workbook and manifest into one folder),
:mod:`.batch` (many scenarios on a schedule), :mod:`.what_if_page` (the what-if page ``costing serve`` shows). This is the fourth stage: it may import
:mod:`costing.negotiate`, :mod:`costing.engine` and :mod:`costing.inputs`, never the command line.

The names below are imported on first use (PEP 562): ``from costing.report import charts`` works
as before, while ``costing batch`` can check its manifests without importing pandas or matplotlib.
"""

from __future__ import annotations

from importlib import import_module

_PUBLIC = {"charts": ("charts", None), "tables": ("tables", None), "open_report": ("context", "open_report"),
           "ReportContext": ("context", "ReportContext"), "Html": ("context", "Html"), "Table": ("table", "Table")}

__all__ = list(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _PUBLIC[name]
    loaded = import_module(f".{module}", __name__)
    value = loaded if attribute is None else getattr(loaded, attribute)
    globals()[name] = value
    return value
