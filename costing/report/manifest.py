"""manifest.json: what a report was made from and with, so anyone can check or reproduce it.

It lists every input file with its sha256 (batch runs compare these to skip unchanged work), the
notebook parameters, the package and library versions, start and end time, the status, and the
sha256 of every file the report folder holds (so a batch notices a deleted PDF or a truncated
workbook and rebuilds instead of trusting the folder). This module uses the standard library
only: a batch rerun with nothing to do reads manifests without importing pandas or papermill.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import platform
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from ..output import sha256_file
from ..version import __version__

LIBRARIES = ["pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbformat", "nbclient", "ipykernel",
             "weasyprint", "openpyxl", "pydantic"]


def scenario_input_hashes(scenario_path: Path, kind: str = "report") -> tuple[object, dict[str, dict]]:
    """(scenario, label -> {path, sha256}) of every file the scenario reads now, the notebooks of a
    report included: what a report's manifest records and what the batch compares it with.

    A file the scenario names that is missing is one line naming the scenario's key
    (:func:`costing.inputs.scenario.read_scenario`); a missing rate table, its ``table:`` label."""
    from ..errors import InputError
    from ..inputs.scenario import read_scenario

    spec = read_scenario(scenario_path)
    files = spec.files()
    if kind == "report":
        from .execute import notebook_path

        for name in spec.scenario.notebooks:
            files[f"notebook:{name}"] = notebook_path(name)
    try:
        return spec.scenario, input_hashes(files)
    except FileNotFoundError as exc:
        label = next((k for k, v in files.items() if str(v) == exc.filename), "input")
        raise InputError(str(scenario_path), label, f"{exc.filename}: file not found") from None


def input_hashes(files: dict[str, Path]) -> dict[str, dict]:
    """label -> {path, sha256}; a missing input raises FileNotFoundError naming it."""
    return {label: {"path": str(path), "sha256": sha256_file(path)} for label, path in files.items()}


def relative_inputs(inputs: dict[str, dict], base: Path) -> dict[str, dict]:
    """Input paths relative to the scenario's folder (a notebook's as ``notebooks/NAME``): a manifest
    that carries no path of this machine, so it can be published or moved."""
    import os

    out = {}
    for label, entry in inputs.items():
        path = Path(entry["path"])
        shown = f"notebooks/{path.name}" if label.startswith("notebook:") else os.path.relpath(path, base)
        out[label] = {**entry, "path": Path(shown).as_posix()}
    return out


@functools.cache
def code_digest() -> str:
    """The sha256 of the package's own files (sources, stylesheets, templates, notebooks), read where it is installed.

    A report is made by the code as much as by its inputs, and the version number stays the same between
    releases (a checkout, an editable install): a batch that compared the version alone kept the reports an
    older tree had made after the report code changed. Every regular file counts but compiled caches
    (``__pycache__``) and hidden ones (an editor's lock file, ``.ipynb_checkpoints``). Read once per process."""
    root = files("costing")
    digest = hashlib.sha256()

    def walk(folder, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():   # a dangling link is neither: skipped
                digest.update(f"{prefix}{entry.name}\0".encode())
                digest.update(entry.read_bytes())

    walk(root, "")
    return digest.hexdigest()


def versions() -> dict[str, str]:
    out = {"costing": __version__, "costing_code": code_digest(), "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def build_manifest(*, scenario: str, title: str, audience: str, inputs: dict[str, dict], parameters: dict,
                   notebooks: list[str], files: list[str], started: str, status: str = "ok",
                   timings: dict[str, float] | None = None, kind: str = "report") -> dict:
    """``kind`` is "report" (notebooks, HTML, PDF, workbook) or "numbers" (``batch --numbers-only``)."""
    return {
        "kind": kind, "scenario": scenario, "title": title, "audience": audience, "status": status,
        "started": started, "finished": now(), "inputs": inputs, "parameters": parameters,
        "notebooks": notebooks, "files": files, "versions": versions(),
        "timings_seconds": {k: round(v, 3) for k, v in (timings or {}).items()},
    }


def write_manifest(path: Path, manifest: dict) -> None:
    """Write the manifest, recording the sha256 of every listed file already in its folder."""
    if "outputs" not in manifest:
        manifest = {**manifest, "outputs": output_hashes(Path(path).parent, manifest.get("files", ()))}
    path.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def output_hashes(folder: Path, files) -> dict[str, str]:
    """name -> sha256 of each output file present in ``folder`` (the manifest itself excluded)."""
    return {name: sha256_file(folder / name) for name in files
            if name != "manifest.json" and (folder / name).is_file()}


def read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def same_inputs(manifest: dict | None, inputs: dict[str, dict]) -> bool:
    """True when an existing report was made, successfully, from exactly these input files."""
    if not manifest or manifest.get("status") != "ok":
        return False
    old = {k: v.get("sha256") for k, v in (manifest.get("inputs") or {}).items()}
    return old == {k: v["sha256"] for k, v in inputs.items()}


def outputs_intact(folder: Path, manifest: dict | None) -> bool:
    """True when every file the manifest lists is present and unchanged since it was written.

    A manifest from before output hashes were recorded cannot vouch for its files: not intact.
    """
    if not manifest or not isinstance(manifest.get("outputs"), dict):
        return False
    folder = Path(folder)
    recorded = manifest["outputs"]
    for name in manifest.get("files", ()):
        if name != "manifest.json" and not (folder / name).is_file():
            return False
    for name, digest in recorded.items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return True


def is_current(manifest: dict | None, inputs: dict[str, dict], kind: str = "report") -> bool:
    """Same kind, same package version and code (:func:`code_digest`), status ok and exactly these inputs
    (notebooks included)."""
    if not manifest or manifest.get("kind", "report") != kind:
        return False
    recorded = manifest.get("versions") or {}
    if recorded.get("costing") != __version__ or recorded.get("costing_code") != code_digest():
        return False
    return same_inputs(manifest, inputs)
