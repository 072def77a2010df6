"""manifest.json: what a report was made from and with, so anyone can check or reproduce it.

It lists every input file with its sha256 (batch runs compare these to skip unchanged work), the
notebook parameters, the package and library versions, start and end time and the status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

from ..version import __version__

LIBRARIES = ["pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbformat", "nbclient", "ipykernel",
             "weasyprint", "openpyxl", "pydantic"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(files: dict[str, Path]) -> dict[str, dict]:
    """label -> {path, sha256}; a missing input raises FileNotFoundError naming it."""
    return {label: {"path": str(path), "sha256": sha256_file(path)} for label, path in files.items()}


def versions() -> dict[str, str]:
    out = {"costing": __version__, "python": platform.python_version()}
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
                   timings: dict[str, float] | None = None) -> dict:
    return {
        "scenario": scenario, "title": title, "audience": audience, "status": status,
        "started": started, "finished": now(), "inputs": inputs, "parameters": parameters,
        "notebooks": notebooks, "files": files, "versions": versions(),
        "timings_seconds": {k: round(v, 3) for k, v in (timings or {}).items()},
    }


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")


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
