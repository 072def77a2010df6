"""Helpers for the batch tests: small scenario folders and a tiny stand-in report notebook.

The stand-in ``board_brief`` notebook (used through COSTING_NOTEBOOKS) does what a test asks
through a ``notebook_action.txt`` beside the scenario: ``sleep N``, ``die`` (kill the worker
process that runs it, as an out-of-memory kill would) or ``leak ID`` (print a roster value, which
the public-report check must block). Otherwise it prints one line. The real notebooks are
exercised by the other report tests; these tests are about the batch around them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHELSEA = ROOT / "data" / "chelsea"

NOTEBOOK_ACTION = '''import os, pathlib, signal, time
folder = pathlib.Path(scenario_path).parent
action_file = folder / "notebook_action.txt"
action = action_file.read_text().split() if action_file.exists() else []
if action[:1] == ["sleep"]:
    time.sleep(float(action[1]))
if action[:1] == ["die"]:
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(60)
if action[:1] == ["leak"]:
    print("employee", action[1])
print("Report of", folder.name)'''


def stand_in_notebooks(folder: Path) -> Path:
    """A notebooks folder whose board_brief is the stand-in described above."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                       "language_info": {"name": "python"}},
          "cells": [
              {"cell_type": "code", "id": "parameters", "metadata": {"tags": ["parameters"]}, "execution_count": None,
               "outputs": [], "source": 'scenario_path = ""\naudience = ""\nreport_date = ""'},
              {"cell_type": "code", "id": "report", "metadata": {"tags": ["report"]}, "execution_count": None,
               "outputs": [], "source": NOTEBOOK_ACTION}]}
    (folder / "board_brief.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return folder


def scenario_folder(dst: Path, action: str | None = None, **changes) -> Path:
    """A copy of the Chelsea inputs with a scenario using the stand-in notebook; returns the scenario path."""
    shutil.copytree(CHELSEA, dst, ignore=shutil.ignore_patterns("README.md", "proposals_*"))
    scenario = yaml.safe_load((dst / "scenario.yaml").read_text())
    scenario.update({"notebooks": ["board_brief"], "title": f"Test {dst.name}"}, **changes)
    (dst / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    if action:
        (dst / "notebook_action.txt").write_text(action)
    return dst / "scenario.yaml"


def batch_file(data: Path, names: list[str], output: str = "../reports") -> Path:
    path = data / "batch.yaml"
    path.write_text(yaml.safe_dump({"output": output, "scenarios": [f"{n}/scenario.yaml" for n in names]}))
    return path


def batch_env(notebooks: Path) -> dict[str, str]:
    """The environment of a test batch: the stand-in notebooks, and costing's state folder (the record
    of files written, the private batch logs) beside them, not in the home folder."""
    env = dict(os.environ, COSTING_NOTEBOOKS=str(notebooks), XDG_STATE_HOME=str(Path(notebooks).parent / "state"))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("NO_COLOR", None)
    return env


def batch_args(batch: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "costing", "batch", str(batch), *more]


def run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)


def private_logs(env: dict[str, str]) -> list[Path]:
    """The private batch logs under the test's state folder (never in the published report folders)."""
    return sorted((Path(env["XDG_STATE_HOME"]) / "costing" / "batch").glob("*/*.private.log"))


def outcomes(day: Path) -> dict[str, str]:
    return {o["folder"]: o["status"] for o in json.loads((day / "batch.json").read_text())["outcomes"]}


def hidden_entries(day: Path) -> list[str]:
    return sorted(p.name for p in day.iterdir() if p.name.startswith(".")) if day.exists() else []


def wait_for(condition, timeout: float = 300, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc), to check that none outlives the batch."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
