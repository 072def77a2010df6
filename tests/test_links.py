"""No write of costing's follows a link (issue 21, item 1).

Someone who can write into a shared output folder plants links where costing writes: the batch
lock, a log, an index, a report folder, an output file. Each case below checks the user's file
byte for byte after the run: costing refuses with one line (or writes elsewhere, for the private
log that now lives outside the output folder) and never truncates, appends to or replaces what a
link points at. Cleanup deletes only hidden folders that carry costing's marker.
"""

from __future__ import annotations

import os
import shutil
import socket
import types
from pathlib import Path

import pytest
import yaml

from costing.errors import InputError
from costing.output import (
    MARKER,
    WriteGuard,
    atomic_directory,
    atomic_write_text,
    mark_ours,
    refuse_unless_ours,
    state_dir,
    write_new_file,
)
from costing.report.batch.lock import BatchLock
from costing.report.batch.log import private_log_path
from costing.report.batch.skip import remove_leftovers

from .cli_support import one_line_error
from .cli_support import run_cli as run
from .conftest import DATA

pytestmark = pytest.mark.report   # builds reports: left out of the fast loop (pytest -m "not report")

SECRET = b"the user's own file: payroll notes, keep\n"
DEAD = 2 ** 22 + 12345  # above the usual pid_max: no such process






@pytest.fixture()
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "home" / "payroll_notes.txt"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """A batch of one scenario that fails at once (its contract is missing): no worker, no notebook."""
    folder = tmp_path / "data" / "chelsea"
    shutil.copytree(DATA / "chelsea", folder, ignore=shutil.ignore_patterns("README.md"))
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text())
    (folder / "scenario.yaml").write_text(yaml.safe_dump({**scenario, "contract": "missing.yaml"}))
    path = tmp_path / "data" / "batch.yaml"
    path.write_text(yaml.safe_dump({"output": "../reports", "scenarios": ["chelsea/scenario.yaml"]}))
    return path


def state_env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_STATE_HOME": str(tmp_path / "state")}


# ---- the batch's own files ---------------------------------------------------------------------

def test_a_symlinked_lock_is_refused_and_its_target_untouched(tmp_path, batch, user_file) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / ".costing-batch.lock").symlink_to(user_file)
    one_line_error(run("batch", batch, "--date", "2030-01-01", env=state_env(tmp_path)),
             ".costing-batch.lock", "is a symbolic link", "never writes through")
    assert user_file.read_bytes() == SECRET
    assert not (reports / "2030-01-01").exists()


def test_a_hard_linked_or_foreign_lock_is_refused(tmp_path, user_file) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    os.link(user_file, reports / ".costing-batch.lock")
    with pytest.raises(InputError, match="other \\(hard\\) links"):
        BatchLock(reports).__enter__()
    assert user_file.read_bytes() == SECRET
    os.unlink(reports / ".costing-batch.lock")
    (reports / ".costing-batch.lock").write_bytes(SECRET)
    with pytest.raises(InputError, match="holds something other than costing's lock line"):
        BatchLock(reports).__enter__()
    assert (reports / ".costing-batch.lock").read_bytes() == SECRET
    (reports / ".costing-batch.lock").write_text("pid 12 on elsewhere since 2030-01-01T02:30:00+00:00\n")
    with BatchLock(reports):                          # costing's own lock line is costing's to rewrite
        assert f"pid {os.getpid()}" in (reports / ".costing-batch.lock").read_text()


def test_a_symlinked_private_log_is_refused_and_its_target_untouched(tmp_path, batch, user_file, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log = private_log_path(tmp_path / "reports", "2030-01-02")
    log.symlink_to(user_file)
    one_line_error(run("batch", batch, "--date", "2030-01-02", env=state_env(tmp_path)),
             "2030-01-02.private.log", "is a symbolic link")
    assert user_file.read_bytes() == SECRET


def test_links_planted_in_the_dated_folder_are_never_written_through(tmp_path, batch, user_file) -> None:
    day = tmp_path / "reports" / "2030-01-03"
    day.mkdir(parents=True)
    (day / "batch.private.log").symlink_to(user_file)        # where the private log used to be
    result = run("batch", batch, "--date", "2030-01-03", env=state_env(tmp_path))
    assert result.exit_code == 1, result.output               # the scenario failed; the batch did not
    assert user_file.read_bytes() == SECRET and (day / "index.html").is_file()
    (day / "index.html").unlink()
    (day / "index.html").symlink_to(user_file)
    one_line_error(run("batch", batch, "--date", "2030-01-03", env=state_env(tmp_path)), "index.html", "symbolic link")
    assert user_file.read_bytes() == SECRET and (day / "index.html").is_symlink()


def test_cleanup_removes_only_marked_leftovers_of_a_dead_builder(tmp_path) -> None:
    day = tmp_path / "reports" / "2030-01-04"
    lookalike = day / ".chelsea.abcd1234"                   # the user's, named like a build in progress
    lookalike.mkdir(parents=True)
    (lookalike / "notes.txt").write_bytes(SECRET)
    leftover = day / ".chelsea.efgh5678"
    leftover.mkdir()
    (leftover / "report.pdf").write_bytes(b"half")
    mark_ours(leftover, [], building_pid=DEAD, host=socket.gethostname())
    running = day / ".chelsea.ijkl9012"                     # a build still going on: left alone
    running.mkdir()
    mark_ours(running, [], building_pid=os.getpid(), host=socket.gethostname())
    linked = day / ".chelsea.mnop3456"                      # a link to the user's folder, marker and all
    linked.symlink_to(lookalike)
    mark_ours(lookalike, [], building_pid=DEAD, host=socket.gethostname())
    (lookalike / MARKER).unlink()

    assert remove_leftovers(tmp_path / "reports", ["chelsea"]) == [leftover]
    assert (lookalike / "notes.txt").read_bytes() == SECRET and running.is_dir() and linked.is_symlink()


# ---- report folders and output files ------------------------------------------------------------

def test_report_and_init_onto_a_link_to_an_empty_folder_are_refused(tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    link = tmp_path / "link"
    link.symlink_to(empty)
    one_line_error(run("report", DATA / "chelsea/scenario.yaml", "--out", link), "--out", "is a symbolic link",
             "name the folder it points to")
    line = one_line_error(run("init", link, "--district", "Larkspur", "--staff", "ten-month"), "is a symbolic link")
    assert "--out" not in line       # init takes the folder as its argument: no option the user never gave is blamed
    assert os.readlink(link) == str(empty) and list(empty.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "link"]     # no stray link or folder


def test_project_onto_a_dangling_or_live_link_is_refused(tmp_path, user_file) -> None:
    chelsea = DATA / "chelsea"
    project = ["project", "--roster", chelsea / "roster.csv", "--contract", chelsea / "contract.yaml", "--years", "2025"]
    dangling = tmp_path / "summary.csv"
    dangling.symlink_to(tmp_path / "nowhere" / "summary.csv")
    one_line_error(run(*project, "--out", dangling), str(dangling), "is a symbolic link")
    assert dangling.is_symlink() and not (tmp_path / "nowhere").exists()
    live = tmp_path / "live.csv"
    live.symlink_to(user_file)
    one_line_error(run("--replace", *project, "--out", live), str(live), "is a symbolic link")
    assert user_file.read_bytes() == SECRET and live.is_symlink()


def test_a_hard_link_is_replaced_as_a_name_never_written_into(tmp_path, user_file) -> None:
    other_name = tmp_path / "out.csv"
    os.link(user_file, other_name)
    atomic_write_text(other_name, "costing's table\n", WriteGuard(replace=True))
    assert other_name.read_text() == "costing's table\n" and user_file.read_bytes() == SECRET


def test_a_marker_that_is_a_link_makes_no_folder_costings(tmp_path, user_file) -> None:
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "report.html").write_text("someone's")
    theirs = tmp_path / "forged-marker"
    theirs.write_text('{"made_by": "costing", "files": ["report.html"]}')
    (folder / MARKER).symlink_to(theirs)
    with pytest.raises(InputError, match="holds files costing did not write"):
        refuse_unless_ours(folder)
    with pytest.raises(InputError):
        atomic_directory(folder, lambda d: (d / "report.html").write_text("x"))
    assert (folder / "report.html").read_text() == "someone's"


def test_write_new_file_never_writes_over_anything(tmp_path, user_file) -> None:
    dangling = tmp_path / "contract.yaml"
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    for taken in (user_file, dangling):
        with pytest.raises(InputError, match="already exists"):
            write_new_file(taken, "units: []\n")
    assert user_file.read_bytes() == SECRET and dangling.is_symlink() and not (tmp_path / "nowhere.yaml").exists()
    made = write_new_file(tmp_path / "new" / "README.md", "# new\n")
    assert made.read_text() == "# new\n"
    assert sorted(p.name for p in made.parent.iterdir()) == ["README.md"]      # no temporary left beside it


def test_a_state_folder_that_is_a_link_is_not_used(tmp_path, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "costing").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert state_dir() != tmp_path / "state" / "costing"
    assert list(elsewhere.iterdir()) == []


def test_an_index_is_never_written_into_a_dated_folder_swapped_for_a_link(tmp_path, user_file) -> None:
    """The batch writes its index only into the dated folder itself, checked as the file is written."""
    from costing.report.batch.index import write_index

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "2030-01-05").symlink_to(user_file.parent)
    with pytest.raises(InputError, match="is a symbolic link"):
        write_index(tmp_path / "reports" / "2030-01-05", "2030-01-05", "batch.yaml", "report", [], False)
    with pytest.raises(InputError, match="is a symbolic link"):
        atomic_write_text(tmp_path / "reports" / "2030-01-05" / "index.html", "x", WriteGuard(replace=True),
                          follow_parent=False)
    assert sorted(p.name for p in user_file.parent.iterdir()) == [user_file.name]
    assert user_file.read_bytes() == SECRET


def test_a_record_of_written_files_that_is_a_link_is_left_as_it_is(tmp_path, user_file, monkeypatch, caplog) -> None:
    """costing's record of a file it wrote ($XDG_STATE_HOME/costing/written/<2 hex>/<sha256 of the path>.json)
    planted as a link: it is neither written through nor replaced; the output is written and simply not
    recorded. The old single-file record (written.json) planted as a link to a record that vouches for the
    output is not read through either (read through, it would let costing replace the file)."""
    import hashlib
    import json

    from costing.output import atomic_write_text, costing_wrote
    from costing.output.record import _entry

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    out = tmp_path / "out.csv"
    folder, name = _entry(out.resolve())
    (folder / name).symlink_to(user_file)
    vouching = tmp_path / "vouching.json"
    vouching.write_text(json.dumps({str(out.resolve()): hashlib.sha256(b"a,b\n").hexdigest()}))
    (folder.parent.parent / "written.json").symlink_to(vouching)
    with caplog.at_level("WARNING", logger="costing"):
        atomic_write_text(out, "a,b\n")
    assert out.read_text() == "a,b\n" and not costing_wrote(out)
    assert (folder / name).is_symlink() and os.readlink(folder / name) == str(user_file)
    assert user_file.read_bytes() == SECRET
    assert "is not a plain file" in caplog.text


def test_a_link_where_the_records_folders_go_is_left_and_said(tmp_path, monkeypatch, caplog) -> None:
    """A link planted at $XDG_STATE_HOME/costing/written: the output is written, not recorded, the link left as
    it is, and a warning says so (the next run's refusal to replace the file is then explained)."""
    from costing.output import atomic_write_text, costing_wrote

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    state = tmp_path / "state" / "costing"
    state.mkdir(parents=True, mode=0o700)
    (state / "written").symlink_to(elsewhere)
    out = tmp_path / "out.csv"
    with caplog.at_level("WARNING", logger="costing"):
        atomic_write_text(out, "a,b\n")
    assert out.read_text() == "a,b\n" and not costing_wrote(out)
    assert list(elsewhere.iterdir()) == [] and (state / "written").is_symlink()
    assert "is not a folder of costing's" in caplog.text


def test_a_failed_record_leaves_nothing_behind_and_a_check_makes_nothing(tmp_path, monkeypatch) -> None:
    """Recording fails after its entry was staged (here the rename is refused; a full disk or a size limit in
    use): the file written stays, unrecorded, and no staged entry is left. Checking a file makes no folder."""
    import costing.output.record as record
    from costing.output import atomic_write_text, costing_wrote

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    mine = tmp_path / "mine.csv"
    mine.write_text("x\n")
    assert not costing_wrote(mine) and not (tmp_path / "state" / "costing" / "written").exists()

    def refused(*args, **kwargs):
        raise OSError(27, "File too large")

    # the record's own os with a rename that fails (the output's own rename, in costing.output.files, works)
    monkeypatch.setattr(record, "os", types.SimpleNamespace(**{**vars(os), "replace": refused}))
    out = tmp_path / "out.csv"
    atomic_write_text(out, "a,b\n")
    monkeypatch.setattr(record, "os", os)
    assert out.read_text() == "a,b\n" and not costing_wrote(out)
    assert [p.name for p in (tmp_path / "state" / "costing" / "written").rglob("*") if p.is_file()] == []


def test_the_record_of_written_files_costs_one_entry_per_path(tmp_path, monkeypatch) -> None:
    """Writing a file records it in an entry of its own (its path and content's sha256), so a later run may replace
    it; a file changed since is not costing's; a file the old single-file record (written.json, kept before
    December 2026) lists with its present content is still costing's to replace, and that record is never written."""
    import hashlib
    import json

    from costing.output import WriteGuard, atomic_write_text, costing_wrote

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    out = tmp_path / "out.csv"
    atomic_write_text(out, "a,b\n")
    assert costing_wrote(out)
    atomic_write_text(out, "a,b\n1,2\n", WriteGuard())   # replaced without --replace: costing wrote it
    entries = list((tmp_path / "state" / "costing" / "written").glob("*/*.json"))
    assert len(entries) == 1 and json.loads(entries[0].read_text()) == {
        "path": str(out.resolve()), "sha256": hashlib.sha256(b"a,b\n1,2\n").hexdigest()}
    out.write_text("edited by hand\n")
    assert not costing_wrote(out)
    older = tmp_path / "older.csv"
    older.write_text("x\n")
    legacy = tmp_path / "state" / "costing" / "written.json"
    legacy.write_text(json.dumps({str(older.resolve()): hashlib.sha256(b"x\n").hexdigest()}))
    assert costing_wrote(older)
    atomic_write_text(older, "y\n", WriteGuard())
    assert older.read_text() == "y\n" and costing_wrote(older)
    assert json.loads(legacy.read_text()) == {str(older.resolve()): hashlib.sha256(b"x\n").hexdigest()}




def test_a_file_at_the_staged_entrys_name_is_not_removed(tmp_path, monkeypatch) -> None:
    """The entry is staged under a name of its own (process, thread, second) and only removed if this run made it:
    a file already at that name (another writer's) makes the record fail safe (not recorded) and stays as it was."""
    import datetime
    import threading

    import costing.output.record as record
    from costing.output import atomic_write_text, costing_wrote

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    class Fixed(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2030, 1, 5, 12, 0, 0)

    monkeypatch.setattr(record, "dt", types.SimpleNamespace(datetime=Fixed))
    out = tmp_path / "out.csv"
    folder, name = record._entry(out.resolve())
    taken = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.{Fixed.now().timestamp():.0f}"
    taken.write_text("another writer's\n")
    atomic_write_text(out, "a,b\n")
    assert out.read_text() == "a,b\n" and not costing_wrote(out)
    assert taken.read_text() == "another writer's\n"
