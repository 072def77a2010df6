"""costing: cost collective bargaining proposals for public school districts.

The package computes; notebooks present. Start with :func:`costing.engine.costing_run.cost_files`, or
the ``costing`` command line.
"""

from .engine.api import CostResult, cost
from .engine.apply import apply_proposal
from .engine.costing_run import Costing, cost_files, cost_scenarios
from .engine.projection import Options, placement_on, project
from .errors import InputError
from .inputs.loading import load_contract, load_proposal
from .inputs.roster import load_roster
from .version import __version__

__all__ = [
    "__version__", "cost", "CostResult", "apply_proposal", "Costing", "cost_files", "cost_scenarios", "InputError",
    "load_contract", "load_proposal", "Options", "placement_on", "project", "load_roster",
]
