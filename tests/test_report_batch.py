"""`costing batch`: dated folders, an index, a recorded failure, and reruns that skip finished work."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHELSEA = ROOT / "data" / "chelsea"


def _copy_chelsea(dst: Path, **changes) -> Path:
    shutil.copytree(CHELSEA, dst, ignore=shutil.ignore_patterns("README.md"))
    scenario = yaml.safe_load((dst / "scenario.yaml").read_text())
    scenario.update(changes)
    (dst / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    return dst / "scenario.yaml"


def test_batch_builds_records_failure_and_skips_on_rerun(tmp_path):
    _copy_chelsea(tmp_path / "data" / "good", notebooks=["board_brief"])
    _copy_chelsea(tmp_path / "data" / "broken", notebooks=["board_brief"], contract="missing_contract.yaml")
    batch = tmp_path / "data" / "batch.yaml"
    batch.write_text(yaml.safe_dump({"output": "../reports", "scenarios": ["good/scenario.yaml", "broken/scenario.yaml"]}))
    args = [sys.executable, "-m", "costing", "batch", str(batch), "--date", "2030-01-31", "--jobs", "2"]

    first = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert first.returncode == 1, first.stderr
    day = tmp_path / "reports" / "2030-01-31"
    assert {"report.html", "report.pdf", "workbook.xlsx", "manifest.json", "board_brief.ipynb"} <= {
        p.name for p in (day / "good").iterdir()}
    assert not (day / "broken").exists()
    index = (day / "index.html").read_text()
    assert 'href="good/report.pdf"' in index and "failed" in index and "missing_contract.yaml" in index
    assert "built   good" in first.stderr and "failed  broken" in first.stderr
    built_at = json.loads((day / "good" / "manifest.json").read_text())["finished"]

    second = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert second.returncode == 1                      # the broken one still fails
    assert "skipped good" in second.stderr
    assert json.loads((day / "good" / "manifest.json").read_text())["finished"] == built_at
    outcomes = {o["folder"]: o["status"] for o in json.loads((day / "batch.json").read_text())["outcomes"]}
    assert outcomes == {"good": "skipped", "broken": "failed"}
    assert 'href="good/report.html"' in (day / "index.html").read_text()


def test_load_batch_rejects_missing_scenario(tmp_path):
    import pytest

    from costing.errors import InputError
    from costing.report.batch import load_batch

    path = tmp_path / "batch.yaml"
    path.write_text("output: reports\nscenarios: [nowhere/scenario.yaml]\n")
    with pytest.raises(InputError, match="nowhere/scenario.yaml"):
        load_batch(path)
