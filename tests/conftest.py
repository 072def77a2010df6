"""Shared helpers: building contracts, proposals and rosters from inline test data."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from costing.inputs.loading import validate_model
from costing.inputs.models import Contract, Proposal
from costing.inputs.roster import check_roster

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def make_contract(data: dict) -> Contract:
    return validate_model(Contract, data, "test contract")


def make_proposal(data: dict) -> Proposal:
    return validate_model(Proposal, data, "test proposal")


def make_roster(rows: list[dict], contract: Contract) -> pd.DataFrame:
    raw = pd.DataFrame([{k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in r.items()} for r in rows])
    return check_roster(raw, contract, "test roster")


@pytest.fixture(scope="session", autouse=True)
def private_state(tmp_path_factory):
    """costing's state (the record of files it wrote, crash and batch logs) in a folder of the test run's own, for
    every test and every command a test starts: the suite writes thousands of files, which must not go into the
    record of the developer's own files (~/.local/state/costing); one run had left 14,000 entries there."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> dict[str, Path]:
    """scenario file (its absolute path) -> its report folder, for every scenario of data/batch.yaml, built by
    ``costing batch`` once per test run: every module that checks the bundled reports as built shares this one
    build (minutes) instead of making its own."""
    batch_file = DATA / "batch.yaml"
    work = tmp_path_factory.mktemp("bundled")
    spec = yaml.safe_load(batch_file.read_text())
    scenarios = [str((batch_file.parent / s).resolve()) for s in spec["scenarios"]]
    batch = work / "batch.yaml"
    batch.write_text(yaml.safe_dump({"output": str(work / "out"), "scenarios": scenarios}))
    result = subprocess.run([sys.executable, "-m", "costing", "batch", str(batch), "--date", "2030-01-01"],
                            capture_output=True, text=True, cwd=ROOT, timeout=1800)
    assert result.returncode == 0, result.stderr
    by_title = {json.loads(m.read_text())["title"]: m.parent for m in (work / "out" / "2030-01-01").glob("*/manifest.json")}
    return {scenario: by_title[yaml.safe_load(Path(scenario).read_text())["title"]] for scenario in scenarios}


def pytest_collection_modifyitems(items):
    """The report notebooks' nbval cells execute notebooks: they are in the slow ``report`` group too."""
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.report)
