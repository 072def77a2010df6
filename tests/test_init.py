"""`costing init`: a starter folder whose every file is valid, that never overwrites anything or
follows a link, writes the proration the staff's work year needs, and cannot be made to write a key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from costing.cli import main, onboard_verbs
from costing.inputs.loading import load_contract

from .test_bad_input import assert_clear_error


def run(*args: str, staff: str | None = "ten-month", **kwargs):
    extra = ["--staff", staff] if staff and args and args[0] == "init" else []
    return CliRunner().invoke(main, [*args, *extra], **kwargs)


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
    assert yaml.safe_load((folder / "scenario.yaml").read_text())["years"] == "2026-2028"


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


@pytest.mark.parametrize("staff, proration, start", [("ten-month", "school_year", "09-01"),
                                                      ("twelve-month", "calendar_days", "07-01")])
def test_the_staff_decide_the_proration(tmp_path: Path, staff: str, proration: str, start: str) -> None:
    """docs/method.md: ten-month staff on school_year (M.G.L. c.71 s.40), twelve-month on calendar days."""
    folder = tmp_path / "d"
    assert run("init", str(folder), "--district", "X", "--years", "2026", staff=staff).exit_code == 0
    contract = load_contract(folder / "contract.yaml")
    assert contract.proration == proration and contract.work_calendar.start == start
    assert contract.work_calendar.end == "06-30"
    text = (folder / "contract.yaml").read_text()
    assert "# benefits:" in text and "#     employer_share:" in text      # the block to fill in
    readme = (folder / "README.md").read_text()
    for convention in ("**Proration**", "**Work calendar**", "**Step date**", "**Rounding**", "**Health insurance**",
                       "**Roll-up**", "**Fiscal year**"):
        assert f"- [ ] {convention}" in readme
    assert f"`{proration}`" in readme


def test_without_a_terminal_staff_is_required(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "d"), "--district", "X", staff=None)
    assert_clear_error(result, "--staff", "ten-month", "twelve-month")
    assert not (tmp_path / "d").exists()


def test_at_a_terminal_init_asks(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(onboard_verbs, "stdin_is_terminal", lambda: True)
    result = run("init", str(tmp_path / "d"), "--district", "X", "--years", "2026", staff=None, input="twelve-month\n")
    assert result.exit_code == 0, result.output
    assert "Staff" in result.output
    assert load_contract(tmp_path / "d/contract.yaml").proration == "calendar_days"


@pytest.mark.parametrize("name", ["X\nunits: [evil]", "X\rname: y", "Tab\there", "Null\x00", "Bidi\u202e",
                                  "Line\u2028sep", "   "])
def test_control_characters_in_names_are_refused(tmp_path: Path, name: str) -> None:
    result = run("init", str(tmp_path / "d"), "--district", name)
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "--district" in result.output
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("name", ['Quote " and # hash: colon', "'single' & *star !tag {brace} [x] %pct @at `tick`",
                                  "Ecole Saint-Jean - Lowell (fictional)", "yes", "null", "2026-07-01", "0x1F"])
def test_every_value_is_written_quoted(tmp_path: Path, name: str) -> None:
    """Whatever the name holds, every file loads back with the name as typed and no other key."""
    folder = tmp_path / "d"
    assert run("init", str(folder), "--district", name, "--years", "2026").exit_code == 0
    contract = yaml.safe_load((folder / "contract.yaml").read_text())
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text())
    assert contract["district"] == name and scenario["district"] == name
    assert contract["name"] == f"{name}: contract in force"
    assert set(contract) == {"name", "district", "units", "reference", "fiscal_year_start", "proration",
                             "work_calendar", "schedules"}
    assert 'district: "' in (folder / "contract.yaml").read_text()
    assert run("validate", str(folder / "contract.yaml"), str(folder / "proposals/proposal.yaml")).exit_code == 0


def test_never_follows_a_link(tmp_path: Path) -> None:
    """A link where a missing file would go, even one pointing at nothing yet, is kept and not written through."""
    folder = tmp_path / "d"
    assert run("init", str(folder), "--district", "X", "--years", "2026").exit_code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (folder / "scenario.yaml").unlink()
    (folder / "scenario.yaml").symlink_to(victim)
    (folder / "proposals/proposal.yaml").unlink()
    (folder / "proposals/proposal.yaml").symlink_to(tmp_path / "not-yet.yaml")   # dangling
    result = run("init", str(folder), "--district", "X", "--years", "2026")
    assert result.exit_code == 0 and "wrote nothing" in result.output
    assert victim.read_text() == "mine" and not (tmp_path / "not-yet.yaml").exists()
    assert os.path.islink(folder / "scenario.yaml")


def test_write_new_file_refuses_what_exists(tmp_path: Path) -> None:
    from costing.output import NameTaken, write_new_file

    target = tmp_path / "f"
    target.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NameTaken):
        write_new_file(target, "x")
    assert not (tmp_path / "elsewhere").exists()


def test_the_cli_choices_are_the_packages() -> None:
    from costing.inputs.import_map import PRESETS
    from costing.inputs.starter import STAFF

    assert set(onboard_verbs.STAFF_CHOICES) == set(STAFF) and set(onboard_verbs.PRESET_CHOICES) == set(PRESETS)
