"""costing: cost collective bargaining proposals for public school districts.

The package computes; notebooks present. Start with :func:`costing.costing_run.cost_files`, or
the ``costing`` command line.
"""

__version__ = "0.1.0"

from .apply import apply_proposal  # noqa: E402
from .costing_run import Costing, cost_files, cost_scenarios  # noqa: E402
from .errors import InputError  # noqa: E402
from .loading import load_contract, load_proposal  # noqa: E402
from .projection import Options, placement_on, project  # noqa: E402
from .roster import load_roster  # noqa: E402

__all__ = [
    "__version__", "apply_proposal", "Costing", "cost_files", "cost_scenarios", "InputError",
    "load_contract", "load_proposal", "Options", "placement_on", "project", "load_roster",
]
