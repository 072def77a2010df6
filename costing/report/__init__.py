"""Scenario reports: what a School Committee, a superintendent or a bargaining team reads.

The package computes; the notebooks in ``notebooks/`` only arrange what this package returns:
:func:`open_report` (costing and inputs for a notebook), :mod:`.tables` and :mod:`.charts` (what
is shown), :mod:`.build` (papermill, HTML, PDF, workbook and manifest into one folder),
:mod:`.batch` (many scenarios on a schedule). This is the fourth stage: it may import
:mod:`costing.negotiate`, :mod:`costing.engine` and :mod:`costing.inputs`, never the command line.
"""

from .context import Html, ReportContext, open_report
from .table import Table

# ``charts`` (matplotlib) and ``tables`` are imported by name where used (``from costing.report import
# charts``), so the command that only builds and publishes a folder does not load matplotlib.
__all__ = ["charts", "tables", "open_report", "ReportContext", "Html", "Table"]
