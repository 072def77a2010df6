"""`costing batch`: dated folders, an index, recorded failures, reruns that skip finished work.

The first test runs the real board brief end to end; the others use the stand-in notebook of
:mod:`tests.batch_support` (a few seconds a scenario) to test the batch around the notebooks:
skipping across dates and rebuilding damaged folders, a worker that dies, the privacy of the
public index, the exit codes.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .batch_support import (
    CHELSEA,
    batch_args,
    batch_env,
    batch_file,
    hidden_entries,
    outcomes,
    private_logs,
    run,
    scenario_folder,
    stand_in_notebooks,
)

pytestmark = pytest.mark.report   # builds reports or lays out PDFs: left out of the fast loop (pytest -m "not report")

ROOT = Path(__file__).resolve().parent.parent


def _copy_chelsea(dst: Path, **changes) -> Path:
    shutil.copytree(CHELSEA, dst, ignore=shutil.ignore_patterns("README.md"))
    scenario = yaml.safe_load((dst / "scenario.yaml").read_text())
    scenario.update(changes)
    (dst / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    return dst / "scenario.yaml"


@pytest.fixture
def notebooks(tmp_path) -> Path:
    return stand_in_notebooks(tmp_path / "notebooks")


def test_batch_builds_records_failure_and_skips_on_rerun(tmp_path):
    _copy_chelsea(tmp_path / "data" / "good", notebooks=["board_brief"])
    _copy_chelsea(tmp_path / "data" / "broken", notebooks=["board_brief"], contract="missing_contract.yaml")
    batch = tmp_path / "data" / "batch.yaml"
    batch.write_text(yaml.safe_dump({"output": "../reports", "scenarios": ["good/scenario.yaml", "broken/scenario.yaml"]}))
    args = [sys.executable, "-m", "costing", "batch", str(batch), "--date", "2030-01-31", "--jobs", "2"]
    env = batch_env(tmp_path / "notebooks-unused")
    env.pop("COSTING_NOTEBOOKS")

    first = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    assert first.returncode == 1, first.stderr
    day = tmp_path / "reports" / "2030-01-31"
    assert {"report.html", "report.pdf", "workbook.xlsx", "manifest.json", "board_brief.ipynb"} <= {
        p.name for p in (day / "good").iterdir()}
    assert not (day / "broken").exists()
    index = (day / "index.html").read_text()
    assert 'href="good/report.pdf"' in index and "failed" in index and "missing_contract.yaml" in index
    assert str(tmp_path) not in index                   # paths as the batch file names them, not local ones
    assert "built   good" in first.stderr and "failed  broken" in first.stderr     # status lines: stderr
    log = private_logs(env)[0]
    assert f"(full message in {log})" in first.stderr   # the failure line names the private log
    summary = first.stdout.splitlines()                 # stdout: the summary, one line per scenario, then totals
    assert summary[0].split() == ["built", "good"] and summary[1].split()[:2] == ["failed", "broken"]
    assert "missing_contract.yaml: file not found" in summary[1]
    assert summary[2] == "2 scenarios: 1 built, 1 failed" and summary[3] == f"index: {day / 'index.html'}"
    assert str(log) in summary[4] and not list(day.glob("*.log"))      # the private log is not in the published folder
    built_at = json.loads((day / "good" / "manifest.json").read_text())["finished"]

    second = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    assert second.returncode == 1                      # the broken one still fails
    assert "skipped good" in second.stderr
    assert json.loads((day / "good" / "manifest.json").read_text())["finished"] == built_at
    assert outcomes(day) == {"good": "skipped", "broken": "failed"}
    assert 'href="good/report.html"' in (day / "index.html").read_text()


def test_second_date_skips_unchanged_rebuilds_changed_and_damaged(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "a")
    changed = scenario_folder(data / "b")
    batch = batch_file(data, ["a", "b"])
    env = batch_env(notebooks)
    reports = tmp_path / "reports"

    first = run(batch_args(batch, "--date", "2030-07-01"), env)
    assert first.returncode == 0, first.stderr
    assert outcomes(reports / "2030-07-01") == {"a": "built", "b": "built"}

    scenario = yaml.safe_load(changed.read_text())
    changed.write_text(yaml.safe_dump({**scenario, "title": "B, retitled"}))
    second = run(batch_args(batch, "--date", "2030-07-02"), env)
    assert second.returncode == 0, second.stderr
    day2 = reports / "2030-07-02"
    assert outcomes(day2) == {"a": "skipped", "b": "built"}
    assert not (day2 / "a").exists()                   # not copied: the index links the earlier folder
    assert 'href="../2030-07-01/a/report.pdf"' in (day2 / "index.html").read_text()
    record = {o["folder"]: o for o in json.loads((day2 / "batch.json").read_text())["outcomes"]}
    assert record["a"]["built_on"] == "2030-07-01" and record["b"]["built_on"] == "2030-07-02"

    (reports / "2030-07-01" / "a" / "report.pdf").unlink()         # a report damaged after it was built
    with open(day2 / "b" / "workbook.xlsx", "r+b") as handle:
        handle.truncate(100)
    third = run(batch_args(batch, "--date", "2030-07-03"), env)
    assert third.returncode == 0, third.stderr
    assert outcomes(reports / "2030-07-03") == {"a": "built", "b": "built"}

    fourth = run(batch_args(batch, "--date", "2030-07-03"), env)
    assert outcomes(reports / "2030-07-03") == {"a": "skipped", "b": "skipped"}
    assert fourth.returncode == 0


def test_dead_worker_costs_one_scenario(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "first")
    scenario_folder(data / "dies", action="die")
    scenario_folder(data / "last")
    batch = batch_file(data, ["first", "dies", "last"])

    result = run(batch_args(batch, "--date", "2030-02-01", "--jobs", "2"), batch_env(notebooks))
    assert result.returncode == 1, result.stderr
    day = tmp_path / "reports" / "2030-02-01"
    assert outcomes(day) == {"first": "built", "dies": "failed", "last": "built"}
    record = {o["folder"]: o for o in json.loads((day / "batch.json").read_text())["outcomes"]}
    assert record["dies"]["failure"] == "worker died"
    assert "worker process" in record["dies"]["reason"]
    assert "dies" in (day / "index.html").read_text()
    assert hidden_entries(day) == []                   # the dead worker's temporary folder is gone
    assert {"report.pdf", "manifest.json"} <= {p.name for p in (day / "first").iterdir()}


def test_blocked_public_report_is_reported_without_the_identifier(tmp_path, notebooks):
    employee = "CH00001"
    assert employee in (CHELSEA / "roster.csv").read_text()
    data = tmp_path / "data"
    scenario_folder(data / "leaky", action=f"leak {employee}")
    batch = batch_file(data, ["leaky"])

    result = run(batch_args(batch, "--date", "2030-03-01"), batch_env(notebooks))
    assert result.returncode == 1
    day = tmp_path / "reports" / "2030-03-01"
    assert not (day / "leaky").exists()
    public = (day / "index.html").read_text() + (day / "batch.json").read_text() + result.stderr + result.stdout
    assert "blocked by the privacy check: an employee identifier appears in the report" in public
    assert employee not in public
    assert not list(day.rglob("*.log"))                 # nothing private in the folder that is published
    log = private_logs(batch_env(notebooks))[0]
    assert employee in log.read_text()                  # the operator still learns what matched
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_roster_errors_stay_out_of_the_public_index(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "badroster")
    roster = data / "badroster" / "roster.csv"
    lines = roster.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("step")] = "99"                   # a step the schedule does not have
    roster.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n")
    batch = batch_file(data, ["badroster"])

    result = run(batch_args(batch, "--date", "2030-03-02"), batch_env(notebooks))
    assert result.returncode == 1
    day = tmp_path / "reports" / "2030-03-02"
    public = (day / "index.html").read_text() + (day / "batch.json").read_text() + result.stderr
    assert row[header.index("employee_id")] not in public
    assert "roster" in json.loads((day / "batch.json").read_text())["outcomes"][0]["reason"]


def test_numbers_only_costs_to_parquet_and_skips_across_dates(tmp_path):
    import pandas as pd

    data = tmp_path / "data"
    _copy_chelsea(data / "chelsea")
    batch = batch_file(data, ["chelsea"])
    env = batch_env(tmp_path / "no-notebooks-needed")

    first = run(batch_args(batch, "--numbers-only", "--date", "2030-04-01"), env)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "reports" / "numbers" / "2030-04-01" / "chelsea"
    assert sorted(p.name for p in folder.iterdir()) == [".costing-output", "components.parquet", "figures.parquet", "manifest.json"]
    figures = pd.read_parquet(folder / "figures.parquet")
    components = pd.read_parquet(folder / "components.parquet")
    assert {"district", "folder", "scenario", "fiscal_year", "total", "diff_baseline"} <= set(figures.columns)
    assert "employee_id" not in figures.columns and "employee_id" not in components.columns
    by_year = components.groupby(["scenario", "fiscal_year"])["amount"].sum().round(2)
    years = figures[figures["period"] == "year"].astype({"fiscal_year": "int64"})   # the term's row apart
    assert (by_year == years.set_index(["scenario", "fiscal_year"])["total"].round(2)).all()  # parts add up
    assert str(figures["fiscal_year"].dtype) == "Int64" and list(components.columns[2:4]) == ["scenario", "fiscal_year"]
    assert str(tmp_path) not in (folder / "manifest.json").read_text()

    second = run(batch_args(batch, "--numbers-only", "--date", "2030-04-02"), env)
    assert second.returncode == 0
    assert outcomes(tmp_path / "reports" / "numbers" / "2030-04-02") == {"chelsea": "skipped"}
    forced = run(batch_args(batch, "--numbers-only", "--date", "2030-04-02", "--force"), env)
    assert outcomes(tmp_path / "reports" / "numbers" / "2030-04-02") == {"chelsea": "built"}
    assert forced.returncode == 0


def test_bad_batch_file_is_one_line_exit_2_and_writes_nothing(tmp_path):
    batch = tmp_path / "batch.yaml"
    batch.write_text("output: reports\nscenarios: [nowhere/scenario.yaml]\n")
    result = run(batch_args(batch), batch_env(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nowhere/scenario.yaml" in result.stderr
    assert not (tmp_path / "reports").exists()


def test_load_batch_rejects_missing_scenario(tmp_path):
    from costing.errors import InputError
    from costing.report.batch import load_batch

    path = tmp_path / "batch.yaml"
    path.write_text("output: reports\nscenarios: [nowhere/scenario.yaml]\n")
    with pytest.raises(InputError, match="nowhere/scenario.yaml"):
        load_batch(path)


def test_manifest_vouches_only_for_intact_current_reports(tmp_path):
    from costing.report import manifest as mf
    from costing.version import __version__

    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 pages")
    (tmp_path / "roster.csv").write_text("employee_id\nA1\n")
    inputs = mf.input_hashes({"roster": tmp_path / "roster.csv"})
    manifest = mf.build_manifest(scenario="s", title="t", audience="public", inputs=inputs, parameters={},
                                 notebooks=[], files=["report.pdf", "manifest.json"], started=mf.now())
    mf.write_manifest(tmp_path / "manifest.json", manifest)
    written = mf.read_manifest(tmp_path / "manifest.json")
    assert written["outputs"] == {"report.pdf": mf.sha256_file(tmp_path / "report.pdf")}
    assert mf.is_current(written, inputs) and mf.outputs_intact(tmp_path, written)
    assert not mf.is_current(written, inputs, kind="numbers")
    assert not mf.is_current({**written, "versions": {"costing": __version__ + ".other"}}, inputs)
    # the same version made by other code (a checkout or an editable install between releases) is not current,
    # nor a report whose manifest predates the code digest
    other_code = {**written["versions"], "costing_code": "0" * 64}
    assert not mf.is_current({**written, "versions": other_code}, inputs)
    assert not mf.is_current({**written, "versions": {"costing": __version__}}, inputs)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 pag")                      # truncated
    assert not mf.outputs_intact(tmp_path, written)
    os.remove(tmp_path / "report.pdf")
    assert not mf.outputs_intact(tmp_path, written)
    assert not mf.outputs_intact(tmp_path, {k: v for k, v in written.items() if k != "outputs"})


def test_a_timeout_fails_its_scenario_only(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "slow", action="sleep 60")
    scenario_folder(data / "quick")
    batch = batch_file(data, ["slow", "quick"])

    result = run(batch_args(batch, "--date", "2030-02-02", "--timeout", "3"), batch_env(notebooks))
    assert result.returncode == 1, result.stderr
    day = tmp_path / "reports" / "2030-02-02"
    record = {o["folder"]: o for o in json.loads((day / "batch.json").read_text())["outcomes"]}
    assert record["quick"]["status"] == "built"
    assert record["slow"]["status"] == "failed" and record["slow"]["failure"] == "timeout"
    assert "3 s timeout" in record["slow"]["reason"]


def test_the_code_digest_follows_the_package_files(tmp_path, monkeypatch):
    """A changed source file, or a new one, changes the digest; a __pycache__ folder does not (a constructed tree
    stands in for the installed package)."""
    from costing.report import manifest as mf

    def digest_of(tree: Path) -> str:
        monkeypatch.setattr(mf, "files", lambda package: tree)
        mf.code_digest.cache_clear()
        try:
            return mf.code_digest()
        finally:
            mf.code_digest.cache_clear()

    package = tmp_path / "costing"
    (package / "report").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "report" / "report.css").write_text("table { font-size: 9pt; }")
    first = digest_of(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert digest_of(package) == first
    (package / "report" / "report.css").write_text("table { font-size: 10pt; }")
    second = digest_of(package)
    assert second != first
    (package / "report" / "tables.py").write_text("")
    third = digest_of(package)
    assert third != second
    (package / "report" / ".#tables.py").symlink_to(package / "gone")   # an editor's lock file: a dangling link
    (package / ".ipynb_checkpoints").mkdir()
    (package / ".ipynb_checkpoints" / "report-checkpoint.ipynb").write_text("{}")
    assert digest_of(package) == third
