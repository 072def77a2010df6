"""No command deletes or overwrites what it did not make (issue 9, item 1).

The destroyed-input cases found by the bad-input corpus are tests that the inputs survive: a report
into a folder of someone else's files, into the district folder, into its proposals folder, into
the folder a scenario's ``output: .`` names, onto a file. Each is refused with one line before
anything is costed or written. The replace itself is tested on :func:`atomic_directory` directly
(fast): the old folder stays until the new one is complete, a failed build leaves it untouched.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from costing import output
from costing.errors import InputError
from costing.output import MARKER, atomic_directory, atomic_write_text, is_ours, mark_ours, refuse_unless_ours

from .cli_support import one_line_error
from .cli_support import run_cli as run
from .conftest import DATA

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def district(tmp_path: Path) -> Path:
    """A private copy of the Chelsea folder, so that a failure of this test cannot touch data/."""
    shutil.copytree(DATA / "chelsea", tmp_path / "chelsea")
    return tmp_path / "chelsea"


# ---- the reported cases: every input survives ---------------------------------------------------

def test_report_into_a_folder_of_other_files_is_refused(tmp_path: Path, district: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    (out / "a.txt").write_text("keep")
    one_line_error(run("report", district / "scenario.yaml", "--out", out), "--out", "a.txt", "costing did not write")
    assert (out / "a.txt").read_text() == "keep" and [p.name for p in out.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("where", [".", "proposals", "schedules"])
def test_report_into_the_inputs_is_refused(district: Path, where: str) -> None:
    before = snapshot(district)
    one_line_error(run("report", district / "scenario.yaml", "--out", district / where), "--out", "input")
    assert snapshot(district) == before


def test_scenario_output_dot_is_refused(district: Path) -> None:
    scenario = district / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("output: ../../reports/chelsea", "output: ."))
    before = snapshot(district)
    one_line_error(run("report", scenario), "scenario.yaml: output", "holds this run's input")
    one_line_error(run("validate", scenario), "scenario.yaml: output", "holds this run's input")
    assert snapshot(district) == before


def test_report_onto_a_file_is_refused(tmp_path: Path, district: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    one_line_error(run("report", district / "scenario.yaml", "--out", target), "--out", "is a file")
    assert target.read_text() == "mine"


def test_output_file_never_overwrites_an_input(district: Path) -> None:
    roster = district / "roster.csv"
    before = roster.read_bytes()
    result = run("project", "--roster", roster, "--contract", district / "contract.yaml", "--years", "2025",
                 "--out", roster)
    one_line_error(result, "roster.csv", "is one of this run's inputs")
    assert roster.read_bytes() == before


# ---- the rule, on the folder helpers ------------------------------------------------------------

def test_refuse_unless_ours(tmp_path: Path) -> None:
    refuse_unless_ours(tmp_path / "new")                     # missing: fine
    (tmp_path / "empty").mkdir()
    refuse_unless_ours(tmp_path / "empty")                   # empty: fine
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "report.html").write_text("x")
    mark_ours(ours, ["report.html"])
    assert is_ours(ours)
    refuse_unless_ours(ours)                                 # made by costing: fine
    (ours / "my notes.docx").write_text("the user's")
    with pytest.raises(InputError, match="now also holds files costing did not write"):
        refuse_unless_ours(ours)                             # marked, but the user added a file
    with pytest.raises(InputError, match="holds this run's input"):
        refuse_unless_ours(tmp_path, [tmp_path / "empty" / "roster.csv"])


def test_a_report_folder_from_before_markers_is_recognised(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "report.html").write_text("x")
    (old / "manifest.json").write_text(json.dumps({"files": ["report.html", "manifest.json"]}))
    assert is_ours(old)
    refuse_unless_ours(old)
    (old / "extra.txt").write_text("y")
    with pytest.raises(InputError):
        refuse_unless_ours(old)


def test_replace_is_atomic_and_keeps_the_old_folder_until_the_new_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "report"
    atomic_directory(target, lambda d: (d / "report.html").write_text("first"))
    assert (target / "report.html").read_text() == "first"
    assert json.loads((target / MARKER).read_text())["files"] == ["report.html"]

    seen = {}

    def builder(folder: Path) -> None:
        seen["old, while building"] = (target / "report.html").read_text()
        (folder / "report.html").write_text("second")

    atomic_directory(target, builder)
    assert seen["old, while building"] == "first"
    assert (target / "report.html").read_text() == "second"

    def failing(folder: Path) -> None:
        (folder / "report.html").write_text("half")
        raise RuntimeError("a notebook cell failed")

    with pytest.raises(RuntimeError):
        atomic_directory(target, failing)
    assert (target / "report.html").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]     # no temporary folder left


def test_leftovers_of_a_killed_build_are_removed_next_time(tmp_path: Path) -> None:
    target = tmp_path / "report"
    leftover = tmp_path / ".report.abc123"
    leftover.mkdir()
    dead = 2 ** 22 + 12345  # above the usual pid_max: no such process
    mark_ours(leftover, [], building_pid=dead, host=__import__("socket").gethostname())
    foreign = tmp_path / ".report.user-notes"
    foreign.mkdir()                                    # not ours: never removed
    atomic_directory(target, lambda d: (d / "a.txt").write_text("x"))
    assert not leftover.exists() and foreign.exists()


def test_write_errors_name_the_users_path(tmp_path: Path, monkeypatch) -> None:
    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / ".out.csv.tmp123"))

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(InputError) as info:
        atomic_write_text(tmp_path / "out.csv", "x")
    assert str(info.value) == f"{tmp_path / 'out.csv'}: cannot write: the disk is full (no space left on device)"
    assert list(tmp_path.iterdir()) == []


def test_output_under_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("project", "--roster", DATA / "chelsea/roster.csv", "--contract", DATA / "chelsea/contract.yaml",
                 "--years", "2025", "--out", blocker / "summary.csv")
    one_line_error(result, str(blocker / "summary.csv"), "cannot write")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_out_names_the_users_path(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("project", "--roster", DATA / "chelsea/roster.csv", "--contract", DATA / "chelsea/contract.yaml",
                     "--years", "2025", "--out", folder / "summary.csv")
        line = one_line_error(result, str(folder / "summary.csv"), "cannot write")
        assert ".summary.csv." not in line
    finally:
        folder.chmod(0o700)


def test_a_rate_table_of_the_contract_is_an_input_never_overwritten(district: Path) -> None:
    """What a command may write over is passed explicitly (a WriteGuard with the command's inputs):
    the contract's rate-table CSVs are among them, though the user never named them."""
    table = next((district / "schedules").glob("*.csv"))
    before = table.read_bytes()
    result = run("--replace", "project", "--roster", district / "roster.csv", "--contract", district / "contract.yaml",
                 "--years", "2025", "--out", table)
    one_line_error(result, table.name, "is one of this run's inputs")
    assert table.read_bytes() == before


def test_replace_holds_for_one_command_only(tmp_path: Path) -> None:
    """``costing --replace`` is passed to that command's writes, never left in a global for the next one."""
    mine = tmp_path / "mine.csv"
    mine.write_text("the user's own\n")
    args = ["project", "--roster", DATA / "chelsea/roster.csv", "--contract", DATA / "chelsea/contract.yaml",
            "--years", "2025", "--out", mine]
    other = tmp_path / "other.csv"
    other.write_text("keep\n")
    assert run("--replace", *args).exit_code == 0
    one_line_error(run(*args[:-1], other), "other.csv", "costing did not write it")
    assert other.read_text() == "keep\n"
    assert not hasattr(output, "REPLACE_ANY") and not hasattr(output, "note_input")
