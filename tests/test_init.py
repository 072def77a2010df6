"""`costing init`: a starter folder whose every file is valid, and that never overwrites anything."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from costing.cli import main

from .test_bad_input import assert_clear_error


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_every_file_is_valid(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    result = run("init", str(folder), "--district", "Example (fictional)", "--years", "2026-2028", "--as-of", "2025-07-01")
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == [
        ".costing-output", "README.md", "contract.yaml", "proposals", "proposals/proposal.yaml", "scenario.yaml", "schedules"]
    check = run("validate", str(folder / "contract.yaml"), str(folder / "proposals/proposal.yaml"))
    assert check.exit_code == 0, check.output
    assert check.output.count("ok  ") == 2
    # validate costs a scenario in full, so until the roster is imported it names the one missing file
    scenario = run("validate", str(folder / "scenario.yaml"))
    assert scenario.exit_code == 2 and "roster.csv: file not found" in scenario.output
    assert "- [ ] Import the salary grid" in (folder / "README.md").read_text()
    assert "years: 2026-2028" in (folder / "scenario.yaml").read_text()


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    assert_clear_error(run("init", str(tmp_path), "--district", "X"), str(tmp_path), "is not empty")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_in_its_own_folder_only_missing_files_are_written(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert run("init", str(folder), "--district", "X", "--years", "2026").exit_code == 0
    (folder / "contract.yaml").write_text("# my edits\n")
    (folder / "scenario.yaml").unlink()
    result = run("init", str(folder), "--district", "X", "--years", "2026")
    assert result.exit_code == 0 and "wrote scenario.yaml" in result.output
    assert (folder / "contract.yaml").read_text() == "# my edits\n"
    assert (folder / "scenario.yaml").is_file()


def test_edited_stand_in_is_not_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert run("init", str(folder), "--district", "X", "--years", "2026").exit_code == 0
    contract = folder / "contract.yaml"
    contract.write_text(contract.read_text().replace('rates: {none: {"1": 1}}', 'rates: {none: {"1": 2}}'))
    grid = tmp_path / "g.csv"
    grid.write_text("Effective 2024-07-01\nStep,A\n1,50000\n")
    before = contract.read_text()
    assert_clear_error(run("import-schedule", str(grid), "--contract", str(contract)), "stand-in schedule", "has been edited")
    assert contract.read_text() == before and not list((folder / "schedules").iterdir())
