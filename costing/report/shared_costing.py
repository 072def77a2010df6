"""The costing ``costing report`` has just made, handed to its notebooks' kernels so they do not redo it.

A module of its own, importing only the standard library at the top: the command makes the shared
file's path and starts the kernels (:func:`costing.report.build.build_report`) before it imports
pandas, the engine and the report's builders, so the kernels boot while those imports run.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

SHARED_COSTING = "COSTING_REPORT_SHARED_COSTING"   # env var: a costing `costing report` made moments ago


def _input_hashes(scenario, path: Path) -> dict[str, str]:
    from ..inputs.scenario import input_files
    from ..output import sha256_file

    return {label: sha256_file(p) for label, p in input_files(scenario, path).items()}


class SharedCosting:
    """Let the report's notebooks reuse the costing the command has just made instead of redoing it.

    The costing is pickled into a private temporary folder (never the report folder) with the sha256
    of every input; the kernels get its path in their environment (:attr:`env`), and a notebook's
    :func:`costing.report.context.open_report` uses it only when the scenario is the same file and every
    input still has the same hash, and costs from the files otherwise. The notebook stays the place the
    report is made; it just does not pay for the same projection twice.
    """

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="costing-shared-")
        self.path = Path(self._folder.name) / "costing.pickle"

    @property
    def env(self) -> dict[str, str]:
        return {SHARED_COSTING: str(self.path)}

    def write(self, ctx) -> None:
        """Pickle a :class:`costing.report.context.ReportContext`'s scenario and costing with its inputs' hashes."""
        from ..output.links import write_failed

        try:
            with open(self.path, "wb") as handle:
                pickle.dump({"scenario_path": str(ctx.scenario_path), "hashes": _input_hashes(ctx.scenario, ctx.scenario_path),
                             "scenario": ctx.scenario, "costing": ctx.costing}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as exc:   # a full disk or a file size limit names the file that could not be written
            raise write_failed(self.path, exc) from None

    def __enter__(self) -> SharedCosting:
        return self

    def __exit__(self, *exc) -> None:
        self._folder.cleanup()


def shared_costing(path: Path):
    """(scenario, costing) from :class:`SharedCosting` when it was made from exactly these inputs, else None."""
    from ..inputs.scenario import load_scenario

    cache = os.environ.get(SHARED_COSTING)
    if not cache or not Path(cache).is_file():
        return None
    try:
        with open(cache, "rb") as handle:
            saved = pickle.load(handle)
        if saved["scenario_path"] != str(path):
            return None
        if saved["hashes"] != _input_hashes(load_scenario(path), path):
            return None
    except Exception:  # noqa: BLE001 - any doubt about the shared costing: cost from the files
        return None
    return saved["scenario"], saved["costing"]
