"""`costing batch` for an operator (issue 25, item 8) and on a full disk (issue 21, item 7).

Infrastructure failures (an unreachable or lost scheduler, an interrupt, an interrupted --force)
never unlink a published report or overwrite the day's index with failures; SIGTERM exits 143;
stdout carries a summary (or JSON), stderr the status lines (``-v``, ``--quiet``); batch.json is
written before index.html and every write error names its file. The published index never quotes
an employee ID of *any* roster or moves file the batch reads. Notebooks are the stand-ins of
:mod:`tests.batch_support`.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest
import yaml

from costing.errors import InputError
from costing.report.batch import index as batch_index
from costing.report.batch.pool import Stop, run_dask
from costing.report.batch.work import MOVES_REASON, NAMED_REASON, SCHEDULER_LOST, Outcome, Task

from .batch_support import (
    batch_args,
    batch_env,
    batch_file,
    outcomes,
    private_logs,
    run,
    scenario_folder,
    stand_in_notebooks,
    wait_for,
)

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")


@pytest.fixture
def notebooks(tmp_path) -> Path:
    return stand_in_notebooks(tmp_path / "notebooks")


def _published(day: Path) -> dict[str, bytes]:
    return {name: (day / name).read_bytes() for name in ("index.html", "batch.json")}


def test_summary_json_quiet_verbose_and_an_unreachable_scheduler(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "a")
    batch = batch_file(data, ["a"])
    env = batch_env(notebooks)
    day = tmp_path / "reports" / "2030-09-01"

    first = run(batch_args(batch, "--date", "2030-09-01", "--format", "json", "--quiet"), env)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["counts"] == {"built": 1} and summary["exit_status"] == 0
    assert summary["index"] == str(day / "index.html") and summary["outcomes"][0]["location"] == "a"
    assert Path(summary["private_log"]).parent.parent.name == "batch" and day not in Path(summary["private_log"]).parents
    assert first.stderr == ""                                   # --quiet: nothing but warnings
    published = _published(day)

    verbose = run(batch_args(batch, "--date", "2030-09-01", "-v"), env)
    assert verbose.returncode == 0 and "skipped a" in verbose.stderr
    assert verbose.stdout.splitlines()[-3:-1] == ["1 scenarios: 1 skipped", f"index: {day / 'index.html'}"]
    scenario = data / "a" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("title: Test a", "title: Test a, retitled"))
    changed = run(batch_args(batch, "--date", "2030-09-02", "-v"), env)
    assert "to build  a: no current, intact report of these inputs" in changed.stderr and changed.returncode == 0
    again = run(batch_args(batch, "--date", "2030-09-03", "-v"), env)
    assert "skipped a (unchanged since 2030-09-02)" in again.stderr

    published = _published(day)
    for args in (["--force"], []):                             # with work to do, and with nothing to build
        unreachable = run(batch_args(batch, "--date", "2030-09-01", "--scheduler", "tcp://127.0.0.1:9", *args), env,
                          timeout=120)
        assert unreachable.returncode == 2, unreachable.stderr
        assert unreachable.stderr.startswith("error: --scheduler: cannot reach the Dask scheduler")
        assert _published(day) == published                     # the day's index is never rewritten as failed


def test_sigterm_exits_143_and_an_interrupted_force_keeps_every_link(tmp_path, notebooks):
    data = tmp_path / "data"
    scenario_folder(data / "first")
    scenario_folder(data / "second")
    batch = batch_file(data, ["first", "second"])
    env = batch_env(notebooks)
    day = tmp_path / "reports" / "2030-09-05"
    assert run(batch_args(batch, "--date", "2030-09-05"), env).returncode == 0

    (data / "first" / "notebook_action.txt").write_text("sleep 4")
    proc = subprocess.Popen(batch_args(batch, "--date", "2030-09-05", "--force", "--jobs", "1"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: any(p.name.startswith(".first.") for p in day.iterdir()))
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 143, err
    assert outcomes(day) == {"first": "built", "second": "skipped"}     # second was not rebuilt, and is still linked
    index = (day / "index.html").read_text()
    assert 'href="first/report.pdf"' in index and 'href="second/report.pdf"' in index
    assert json.loads((day / "batch.json").read_text())["interrupted"] is True


def test_a_lost_scheduler_is_not_a_scenarios_failure(tmp_path):
    """run_dask with a cluster that goes away: each unfinished scenario is 'interrupted' (scheduler)."""

    class Gone:
        def get_executor(self, pure=False):
            return self

        def submit(self, fn, task):
            future = Future()
            future.set_exception(OSError("Timed out trying to connect to tcp://10.0.0.5:8786"))
            return future

    task = Task("/s/a/scenario.yaml", "a/scenario.yaml", str(tmp_path / "2030-09-06" / "a"), "2030-09-06", 60)
    seen: list[Outcome] = []
    assert run_dask([task], Gone(), Stop(print), seen.append) is False
    assert seen[0].status == "interrupted" and seen[0].failure == "scheduler" and seen[0].reason == SCHEDULER_LOST


def test_batch_json_comes_before_the_index_and_a_full_disk_names_the_file(tmp_path, monkeypatch):
    written: list[str] = []
    real = batch_index.atomic_write_text

    def full_at_the_index(path, text, guard, **how):
        if path.name == "index.html":
            raise InputError(str(path), None, "cannot write: the disk is full (no space left on device)")
        written.append(path.name)
        real(path, text, guard, **how)

    monkeypatch.setattr(batch_index, "atomic_write_text", full_at_the_index)
    day = tmp_path / "2030-09-07"
    outcome = Outcome("a/scenario.yaml", "a", "built", location="a", files=("report.pdf",), built_on="2030-09-07")
    with pytest.raises(InputError) as info:
        batch_index.write_index(day, "2030-09-07", "batch.yaml", "report", [outcome], False)
    assert str(info.value).startswith(f"{day / 'index.html'}: cannot write: the disk is full")
    assert written == ["batch.json"] and json.loads((day / "batch.json").read_text())["counts"] == {"built": 1}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ulimit -f through bash")
def test_a_file_size_limit_names_the_file(tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "chelsea", data / "chelsea",
                    ignore=shutil.ignore_patterns("README.md"))
    (data / "batch.yaml").write_text("output: ../reports\nscenarios: [chelsea/scenario.yaml]\n")
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"))
    command = (f"ulimit -f 8; {sys.executable} -m costing batch {data / 'batch.yaml'} --numbers-only --date 2030-09-08;"
               f" echo exit $?")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=300)
    assert result.stdout.splitlines()[-1] == "exit 1", result.stderr
    day = tmp_path / "reports" / "numbers" / "2030-09-08"
    reason = json.loads((day / "batch.json").read_text())["outcomes"][0]["reason"]
    assert reason == "chelsea: cannot write: the file is larger than this process may write (a file size limit, ulimit -f)"
    assert str(tmp_path) not in (day / "index.html").read_text() + (day / "batch.json").read_text()
    assert sorted(p.name for p in day.iterdir()) == ["batch.json", "index.html"]      # nothing half-written

    out = tmp_path / "detail.csv"
    command = (f"ulimit -f 20; cd {data}; {sys.executable} -m costing project --roster chelsea/roster.csv --contract"
               f" chelsea/contract.yaml --years 2025-2027 --detail --out {out}")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {out}: cannot write: the file is larger than this process may write" \
                                    " (a file size limit, ulimit -f)"
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["data", "reports", "state"]

    # a report under a limit too small for its working files: the file it could not write is named
    # (its shared costing, in a private temporary folder), exit 2, and no report folder appears
    report = tmp_path / "report"
    command = f"ulimit -f 200; {sys.executable} -m costing report {data / 'chelsea' / 'scenario.yaml'} --out {report}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: /") and line.endswith(": cannot write: the file is larger than this process may"
                                                          " write (a file size limit, ulimit -f)"), line
    assert not report.exists()


def test_an_error_quoting_another_rosters_id_is_not_published(tmp_path, notebooks):
    """A district-wide moves file: scenario 'a' moves an employee of roster 'b', not on its own roster."""
    data = tmp_path / "data"
    scenario_folder(data / "a")
    scenario_folder(data / "b")
    roster_b = data / "b" / "roster.csv"
    roster_b.write_text(roster_b.read_text().replace("CH00001,", "NB77777,", 1))
    (data / "a" / "moves.csv").write_text("employee_id,date,lane,step\nNB77777,2025-09-01,TAII,\n")
    scenario = yaml.safe_load((data / "a" / "scenario.yaml").read_text())
    (data / "a" / "scenario.yaml").write_text(yaml.safe_dump({**scenario, "moves": "moves.csv"}))
    batch = batch_file(data, ["a", "b"])
    env = batch_env(notebooks)

    result = run(batch_args(batch, "--date", "2030-09-09"), env)
    assert result.returncode == 1, result.stderr
    day = tmp_path / "reports" / "2030-09-09"
    public = (day / "index.html").read_text() + (day / "batch.json").read_text() + result.stdout + result.stderr
    assert "NB77777" not in public
    assert json.loads((day / "batch.json").read_text())["outcomes"][0]["reason"] == MOVES_REASON
    assert "NB77777" in private_logs(env)[0].read_text()          # the operator still has the full message


def test_every_reason_is_checked_against_every_roster_of_the_batch(tmp_path):
    (tmp_path / "a.csv").write_text("employee_id,unit\nCH00001,para\n")
    (tmp_path / "b.csv").write_text("employee_id,unit,first_name,last_name\n919166,para,Dana,Whitfield\n")
    quoting = [Outcome("x/scenario.yaml", "x", "failed", "proposals/settlement_919166.yaml: changes[1]: unknown op"),
               Outcome("y/scenario.yaml", "y", "failed", "a note thanks dana whitfield"),
               Outcome("z/scenario.yaml", "z", "failed", "/srv/costing/data/z/contract.yaml: cannot read: costs 142,191.00")]
    checked = batch_index.publishable(quoting, [("roster", tmp_path / "a.csv"), ("roster", tmp_path / "b.csv")])
    assert [o.reason for o in checked] == [NAMED_REASON, NAMED_REASON, "contract.yaml: cannot read: costs 142,191.00"]


def test_a_full_disk_in_the_private_log_is_one_line_naming_it(tmp_path, monkeypatch):
    from costing.report.batch.log import PrivateLog

    log = PrivateLog(tmp_path / "day.private.log")

    class Full:
        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self):
            pass

        def close(self):
            pass

    log.stream = Full()
    log.emit(__import__("logging").LogRecord("x", 20, "", 0, "a message", None, None))
    with pytest.raises(InputError) as info:
        log.check()
    assert str(info.value) == f"{tmp_path / 'day.private.log'}: cannot write: the disk is full (no space left on device)"
