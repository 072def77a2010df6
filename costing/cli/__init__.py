"""The command line, the top of the pipeline: verbs that read inputs, cost them and write reports.

It owns argument parsing, the one-line error style and exit codes, and nothing a verb computes:
each verb calls the stages below (inputs, engine, negotiate, report). It may import every stage;
no stage imports it. Verbs are grouped one module per group (:mod:`.costing_verbs`,
:mod:`.negotiate_verbs`, :mod:`.report_verbs`) and share helpers from :mod:`.common` only.
"""

from .main import main, run

__all__ = ["main", "run"]
