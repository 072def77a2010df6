"""One scenario loader (issue 21, item 2): a scenario costs the same through every verb and the API.

The scenario below uses every key a verb could drop: a moves file (two people, a lane and a step),
``rollup: {medicare: 2.5}`` (1.45 in the contract), ``proration: calendar_days`` (the contract's
paras are on school_year), the switch ``multilingual_early_certification`` (FY2026 multilingual
stipends) and ``as_of: 2023-07-01`` (a year of step movement before the window). Before issue 21, ``compare --scenario`` and ``sensitivity
--scenario`` dropped the moves, roll-up and proration, and ``costing.cost`` dropped the moves; each
now gives the figures ``costing report`` gives (its notebooks' :func:`open_report`), to the cent.
The test also checks that each key moves the figures, so agreeing is not agreeing on nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

import costing
from costing.cli import main
from costing.engine.costing_run import cost_scenario
from costing.negotiate.what_if import WhatIf
from costing.report.context import open_report

from .conftest import DATA

MOVES = "employee_id,date,lane,step\nCH00001,2025-09-01,TAII,\nCH00003,2026-01-15,,5\n"
KEYS = {"moves": "moves.csv", "rollup": {"medicare": 2.5}, "proration": "calendar_days",
        "switches": ["multilingual_early_certification"], "as_of": "2023-07-01"}


def _scenario(folder: Path, **keys) -> Path:
    shutil.copytree(DATA / "chelsea", folder, ignore=shutil.ignore_patterns("README.md"))
    (folder / "moves.csv").write_text(MOVES)
    scenario = yaml.safe_load((folder / "compare.yaml").read_text())
    scenario.pop("as_of")
    scenario.update(keys, output="out")
    path = folder / "with_keys.yaml"
    path.write_text(yaml.safe_dump(scenario))
    return path


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return _scenario(tmp_path_factory.mktemp("one_loader") / "chelsea", **KEYS)


@pytest.fixture(scope="module")
def reference(scenario) -> pd.Series:
    """Total by scenario and fiscal year as `costing report` costs the scenario."""
    return _totals(open_report(scenario).costing.figures)


def _totals(figures: pd.DataFrame) -> pd.Series:
    frame = figures[figures["period"] == "year"] if "period" in figures.columns else figures
    frame = frame.assign(scenario=frame["scenario"].astype(str), fiscal_year=frame["fiscal_year"].astype(int))
    return frame.set_index(["scenario", "fiscal_year"])["total"].astype(float).round(2).sort_index()


def test_every_key_moves_the_figures(scenario, reference, tmp_path) -> None:
    for key in KEYS:
        without = {k: v for k, v in KEYS.items() if k != key}
        other = _totals(cost_scenario(_scenario(tmp_path / key, **without))[1].figures)
        assert not other.equals(reference), f"{key} changes nothing: the test would not see it dropped"


def test_compare_gives_the_report_figures(scenario, reference) -> None:
    result = CliRunner().invoke(main, ["compare", "--scenario", str(scenario), "--format", "json"])
    assert result.exit_code == 0, result.output
    side = pd.DataFrame(json.loads(result.stdout)["side_by_side"])
    pd.testing.assert_series_equal(_totals(side), reference)


def test_sensitivity_centre_is_the_report_cost(scenario, reference) -> None:
    result = CliRunner().invoke(main, ["sensitivity", "--scenario", str(scenario), "--format", "json", "--draws", "2"])
    assert result.exit_code == 0, result.output
    tornado = pd.DataFrame(json.loads(result.stdout)["tornado"])
    central = tornado.groupby("scenario")["cost_central"].first().round(2)
    over_years = reference.groupby(level="scenario").sum().round(2)
    pd.testing.assert_series_equal(central.sort_index(), over_years.sort_index(), check_names=False)


def test_the_api_and_the_what_if_page_give_the_report_figures(scenario, reference) -> None:
    pd.testing.assert_series_equal(_totals(costing.cost(scenario).figures), reference)
    pd.testing.assert_series_equal(_totals(WhatIf.from_scenario(scenario).costing.figures), reference)


def test_project_with_the_same_options_gives_the_same_figures(scenario, reference, tmp_path) -> None:
    folder = scenario.parent
    out = tmp_path / "summary.csv"
    result = CliRunner().invoke(main, [
        "project", "--roster", str(folder / "roster.csv"), "--contract", str(folder / "contract.yaml"),
        "--proposal", str(folder / "proposals/moa_2024.yaml"), "--proposal", str(folder / "proposals/union_counter.yaml"),
        "--years", "2025-2027", "--as-of", "2023-07-01", "--proration", "calendar_days",
        "--moves", str(folder / "moves.csv"), "--switch", "multilingual_early_certification", "--out", str(out)])
    assert result.exit_code == 0, result.output
    projected = _totals(pd.read_csv(out))
    # project has no roll-up option: compare it with the scenario at the contract's medicare rate
    plain = yaml.safe_load(scenario.read_text())
    plain.pop("rollup")
    (folder / "no_rollup.yaml").write_text(yaml.safe_dump(plain))
    pd.testing.assert_series_equal(projected, _totals(cost_scenario(folder / "no_rollup.yaml")[1].figures))


def test_options_beside_a_scenario_are_named_as_options(scenario) -> None:
    """--switch beside --scenario is checked as --switch; the scenario's own switches as the scenario's."""
    result = CliRunner().invoke(main, ["compare", "--scenario", str(scenario), "--switch", "nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --switch: 'nope' switches nothing on")
    bad = yaml.safe_load(scenario.read_text())
    bad["switches"] = ["nope"]
    (scenario.parent / "bad_switch.yaml").write_text(yaml.safe_dump(bad))
    for verb in ("compare", "sensitivity"):
        result = CliRunner().invoke(main, [verb, "--scenario", str(scenario.parent / "bad_switch.yaml")])
        assert result.exit_code == 2 and "--switch" not in result.stderr, result.stderr
        assert f"{scenario.parent / 'bad_switch.yaml'}: switches: 'nope' switches nothing on" in result.stderr


@pytest.mark.parametrize("verb", ["compare", "sensitivity", "validate", "report"])
def test_a_missing_moves_file_is_refused_by_every_verb(scenario, verb) -> None:
    missing = yaml.safe_load(scenario.read_text())
    missing["moves"] = "moves_2025.csv"
    path = scenario.parent / "missing_moves.yaml"
    path.write_text(yaml.safe_dump(missing))
    args = [verb, str(path)] if verb in ("validate", "report") else [verb, "--scenario", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"error: {path}: moves: moves_2025.csv: file not found"], result.stderr
