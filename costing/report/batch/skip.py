"""Deciding, without building anything, that a scenario's last report is still its report.

A nightly run writes into ``<output>/<date>/``. A scenario whose inputs (every file it reads, the
notebooks included), kind and package version match the manifest of its most recent report folder,
in any dated folder up to the run's date, and whose files still have the sha256s that manifest
recorded, is not rebuilt: the new index links that folder. Only the most recent folder counts, so
a report is never replaced by an older one. This runs in the batch process for every scenario, so
it reads YAML and hashes files but imports neither pandas nor papermill: a rerun with nothing to
do takes well under a second.

It also tidies what an interrupted run left behind (see :func:`remove_leftovers`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ... import output
from .. import manifest as mf

DATE_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def expected_inputs(scenario_path: Path, kind: str) -> tuple[str, dict[str, dict]]:
    """(title, label -> {path, sha256}) of what the scenario reads now; InputError if it cannot be read.

    The labels are those a report's manifest records (:func:`costing.report.manifest.scenario_input_hashes`)."""
    scenario, inputs = mf.scenario_input_hashes(scenario_path, kind)
    return scenario.title, inputs


def recorded_inputs_unchanged(manifest: dict | None, scenario_path: Path, kind: str) -> bool:
    """The quick check: every input the manifest recorded still has its sha256, read from where it was.

    What a scenario reads is decided by its own file (the proposals, the roster, the notebooks it
    names) and its contract's (the rate-table files), and both are among the recorded inputs: if
    neither changed, nor any other recorded file, nor where the notebooks are read from, the set
    of inputs is the same, and nothing needs to be parsed. Anything unusual (a path recorded
    relative to somewhere else, a file gone) answers False, and the full check decides.
    """
    if not manifest or manifest.get("kind", "report") != kind or manifest.get("status") != "ok":
        return False
    inputs = manifest.get("inputs") or {}
    if "scenario" not in inputs or "contract" not in inputs:
        return False
    folder = Path(scenario_path).parent
    paths = {label: folder / entry.get("path", "") for label, entry in inputs.items()}
    if paths["scenario"].resolve() != Path(scenario_path).resolve():
        return False
    if kind == "report":
        from ..execute import NOTEBOOKS

        for label, path in paths.items():
            if label.startswith("notebook:") and path.resolve() != (NOTEBOOKS / f"{label[9:]}.ipynb").resolve():
                return False
    try:
        return all(mf.sha256_file(paths[label]) == entry.get("sha256") for label, entry in inputs.items())
    except OSError:
        return False


def dated_folders(root: Path, up_to: str) -> list[Path]:
    """The run folders under ``root`` named by a date no later than ``up_to``, newest first."""
    try:
        names = [e.name for e in os.scandir(root) if e.is_dir(follow_symlinks=False) and DATE_FOLDER.match(e.name) and e.name <= up_to]
    except FileNotFoundError:
        return []
    return [Path(root) / name for name in sorted(names, reverse=True)]


def latest_report(root: Path, day: str, folder: str) -> tuple[Path, dict | None] | None:
    """(folder, its manifest) of the scenario's most recent report up to ``day``, if there is one."""
    for dated in dated_folders(root, day):
        candidate = dated / folder
        if (candidate / "manifest.json").is_file():
            return candidate, mf.read_manifest(candidate / "manifest.json")
    return None


def current_report(root: Path, day: str, folder: str, scenario_path: Path, kind: str) -> tuple[Path, dict, str] | None:
    """(folder, manifest, title) of the scenario's latest report if it is current and intact, else None.

    Raises InputError when the scenario cannot be read (and there is no current report to show).
    """
    latest = latest_report(root, day, folder)
    if latest is None:
        expected_inputs(scenario_path, kind)          # a scenario that cannot be read fails here, named
        return None
    candidate, manifest = latest
    if recorded_inputs_unchanged(manifest, scenario_path, kind) and mf.is_current(manifest, manifest["inputs"], kind):
        title = manifest.get("title", "")
    else:
        title, inputs = expected_inputs(scenario_path, kind)
        if not mf.is_current(manifest, inputs, kind):
            return None
    if not mf.outputs_intact(candidate, manifest):
        return None
    return candidate, manifest, title


def remove_leftovers(root: Path, folders) -> list[Path]:
    """Remove what interrupted runs left in ``root``'s dated folders: the hidden temporary folder of a
    report (or of ``index.html``, ``batch.json``) being built, only when it carries costing's marker
    and its builder is gone (:func:`costing.output.remove_leftovers`); a look-alike folder of
    someone else's is never touched. Call only while holding the batch lock."""
    removed = []
    for dated in dated_folders(root, "9999-99-99"):
        for name in (*folders, "index.html", "batch.json"):
            removed += output.remove_leftovers(dated / name)
    return removed
