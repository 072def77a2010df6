"""A batch under a scheduler: the lock, SIGINT and SIGKILL mid-run, and the same batch on Dask.

Each interrupted run must leave a consistent tree (finished report folders, an index of what is
done, no orphaned processes once the batch is gone) and a rerun must recover what is missing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from costing.report.batch.lock import BatchLock

from .batch_support import (
    alive,
    batch_args,
    batch_env,
    batch_file,
    descendants,
    hidden_entries,
    outcomes,
    run,
    scenario_folder,
    stand_in_notebooks,
    wait_for,
)

pytestmark = pytest.mark.report   # builds reports or lays out PDFs: left out of the fast loop (pytest -m "not report")


@pytest.fixture
def notebooks(tmp_path) -> Path:
    return stand_in_notebooks(tmp_path / "notebooks")


def _building(day: Path, folder: str) -> bool:
    """A worker has started writing ``folder`` (its hidden temporary folder exists)."""
    return day.exists() and any(p.name.startswith(f".{folder}.") for p in day.iterdir())


def test_second_batch_into_the_same_output_refuses_or_waits(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "only")
    batch = batch_file(data, ["only"])
    env = batch_env(notebooks)
    reports = tmp_path / "reports"

    with BatchLock(reports):
        refused = run(batch_args(batch, "--date", "2030-05-01"), env)
        assert refused.returncode == 2
        assert refused.stderr.count("\n") == 1 and "another costing batch is writing into" in refused.stderr
        assert f"pid {os.getpid()}" in refused.stderr
        assert not (reports / "2030-05-01").exists()      # nothing written, nothing duplicated
        waiting = subprocess.Popen(batch_args(batch, "--date", "2030-05-01", "--wait"), env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert wait_for(lambda: waiting.poll() is not None, timeout=3) is False   # still waiting
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err
    assert "waiting for the batch already writing" in err
    assert outcomes(reports / "2030-05-01") == {"only": "built"}


def test_two_concurrent_batches_do_not_interleave(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "slow", action="sleep 4")
    batch = batch_file(data, ["slow"])
    env = batch_env(notebooks)
    day = tmp_path / "reports" / "2030-05-02"

    first = subprocess.Popen(batch_args(batch, "--date", "2030-05-02"), env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: _building(day, "slow"))
    second = run(batch_args(batch, "--date", "2030-05-02"), env)
    assert second.returncode == 2 and "another costing batch" in second.stderr
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert outcomes(day) == {"slow": "built"}
    assert json.loads((day / "slow" / "manifest.json").read_text())["status"] == "ok"


def test_sigint_finishes_running_work_writes_the_index_and_a_rerun_recovers(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "running", action="sleep 3")
    scenario_folder(data / "queued")
    scenario_folder(data / "later")
    batch = batch_file(data, ["running", "queued", "later"])
    env = batch_env(notebooks)
    day = tmp_path / "reports" / "2030-06-01"

    proc = subprocess.Popen(batch_args(batch, "--date", "2030-06-01", "--jobs", "1"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: _building(day, "running"))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    status = outcomes(day)
    assert status["running"] == "built"                # the running report was allowed to finish
    assert status["queued"] == "interrupted" and status["later"] == "interrupted"
    assert json.loads((day / "batch.json").read_text())["interrupted"] is True
    assert hidden_entries(day) == [] and sorted(p.name for p in day.iterdir() if p.is_dir()) == ["running"]

    rerun = run(batch_args(batch, "--date", "2030-06-01", "--jobs", "1"), env)
    assert rerun.returncode == 0, rerun.stderr
    assert outcomes(day) == {"running": "skipped", "queued": "built", "later": "built"}


def test_sigkill_leaves_no_orphans_and_a_rerun_cleans_up_and_recovers(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "hangs", action="sleep 120")
    scenario_folder(data / "other")
    batch = batch_file(data, ["hangs", "other"])
    env = batch_env(notebooks)
    day = tmp_path / "reports" / "2030-06-02"

    proc = subprocess.Popen(batch_args(batch, "--date", "2030-06-02", "--jobs", "1"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: _building(day, "hangs"))
    assert wait_for(lambda: len(descendants(proc.pid)) >= 2)        # a worker and its notebook kernel
    below = descendants(proc.pid)
    proc.kill()
    proc.wait(timeout=60)
    assert wait_for(lambda: not any(alive(pid) for pid in below), timeout=30), "workers outlived the batch"
    assert hidden_entries(day)                          # the half-built report's temporary folder is left

    (data / "hangs" / "notebook_action.txt").unlink()
    rerun = run(batch_args(batch, "--date", "2030-06-02", "--jobs", "1"), env)
    assert rerun.returncode == 0, rerun.stderr          # the lock died with the killed batch
    assert outcomes(day) == {"hangs": "built", "other": "built"}
    assert hidden_entries(day) == []


def test_a_dask_cluster_builds_the_same_files_as_the_local_pool(tmp_path, notebooks, monkeypatch):
    import pandas as pd
    from distributed import LocalCluster

    data = tmp_path / "data"
    scenario_folder(data / "one")
    batch = batch_file(data, ["one"])
    env = batch_env(notebooks)
    monkeypatch.setenv("COSTING_NOTEBOOKS", env["COSTING_NOTEBOOKS"])
    monkeypatch.setenv("PYTHONPATH", env["PYTHONPATH"])

    local = run(batch_args(batch, "--date", "2030-08-01"), env)
    assert local.returncode == 0, local.stderr
    local_numbers = run(batch_args(batch, "--date", "2030-08-01", "--numbers-only"), env)
    assert local_numbers.returncode == 0, local_numbers.stderr

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        on_dask = run(batch_args(batch, "--date", "2030-08-02", "--scheduler", address, "--force"), env)
        assert on_dask.returncode == 0, on_dask.stderr
        numbers = run(batch_args(batch, "--date", "2030-08-02", "--scheduler", address, "--numbers-only", "--force"),
                      env)
        assert numbers.returncode == 0, numbers.stderr

    reports = tmp_path / "reports"
    assert outcomes(reports / "2030-08-02") == {"one": "built"}
    assert sorted(p.name for p in (reports / "2030-08-01" / "one").iterdir()) == sorted(
        p.name for p in (reports / "2030-08-02" / "one").iterdir())
    before, after = (json.loads((reports / d / "one" / "manifest.json").read_text()) for d in ("2030-08-01", "2030-08-02"))
    assert before["inputs"] == after["inputs"] and sorted(before["outputs"]) == sorted(after["outputs"])
    for name in ("figures.parquet", "components.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(reports / "numbers" / "2030-08-01" / "one" / name),
                                      pd.read_parquet(reports / "numbers" / "2030-08-02" / "one" / name))


def test_an_unreachable_scheduler_is_one_line_exit_2(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "one")
    batch = batch_file(data, ["one"])
    result = run(batch_args(batch, "--scheduler", "tcp://127.0.0.1:9", "--force", "--date", "2030-08-03"),
                 batch_env(notebooks), timeout=120)
    assert result.returncode == 2, result.stderr
    assert "--scheduler" in result.stderr and "cannot reach the Dask scheduler" in result.stderr


def test_a_second_sigint_stops_running_work_cleanly(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "long", action="sleep 120")
    batch = batch_file(data, ["long"])
    day = tmp_path / "reports" / "2030-06-03"

    proc = subprocess.Popen(batch_args(batch, "--date", "2030-06-03"), env=batch_env(notebooks),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: _building(day, "long"))
    below = descendants(proc.pid)
    proc.send_signal(signal.SIGINT)
    time.sleep(1)                                      # two signals sent at once may arrive as one
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert outcomes(day) == {"long": "interrupted"}
    assert hidden_entries(day) == [] and not (day / "long").exists()     # the half-built folder was removed
    assert wait_for(lambda: not any(alive(pid) for pid in below), timeout=30)
