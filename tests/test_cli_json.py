"""`--format json` on project, compare, solve and ledger: the same figures as the CSV, as JSON records."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from costing.cli.main import main

DATA = Path(__file__).resolve().parent.parent / "data"
CHELSEA = ["--roster", str(DATA / "chelsea/roster.csv"), "--contract", str(DATA / "chelsea/contract.yaml")]


def _invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_project_json_matches_csv_and_goes_to_stdout_only():
    args = ["project", *CHELSEA, "--proposal", str(DATA / "chelsea/proposals/moa_2024.yaml"), "--years", "2025-2027"]
    records = json.loads(_invoke(*args, "--format", "json").stdout)
    csv = pd.read_csv(io.StringIO(_invoke(*args, "--format", "csv").stdout))
    assert len(records) == len(csv) == 8                       # 2 scenarios x (3 fiscal years and the term)
    as_json = pd.DataFrame(records)
    assert as_json["period"].tolist() == ["year"] * 3 + ["term"] + ["year"] * 3 + ["term"]
    assert as_json.loc[as_json["period"] == "term", "fiscal_year"].isna().all()   # never "contract" in the year column
    assert list(as_json.columns) == list(csv.columns)
    assert (as_json["total"].round(2) == csv["total"].round(2)).all()
    assert as_json.loc[as_json["scenario"] == "baseline", "diff_baseline"].eq(0).all()


def test_project_json_by_extension(tmp_path):
    out = tmp_path / "summary.json"
    result = _invoke("project", *CHELSEA, "--years", "2025", "--out", str(out))
    assert json.loads(out.read_text())[0]["fiscal_year"] == 2025
    assert result.stdout == ""                                # the status line is on stderr


def test_compare_json_has_every_table_and_the_conventions():
    data = json.loads(_invoke("compare", "--scenario", str(DATA / "chelsea/compare.yaml"), "--format", "json").stdout)
    assert {"side_by_side", "gaps", "settlement", "conventions"} <= set(data)   # snake_case keys
    assert data["side_by_side"] and all("scenario" in row and "label" in row for row in data["side_by_side"])
    for table in ("side_by_side", "gaps", "settlement"):
        years = {row["fiscal_year"] for row in data[table]}
        assert all(y is None or isinstance(y, int) for y in years), table   # integers, the term row null
        assert {row["period"] for row in data[table]} == {"year", "term"}, table


def test_solve_json_states_the_answer_and_its_costs():
    data = json.loads(_invoke("solve", *CHELSEA, "--proposal", str(DATA / "chelsea/proposals/moa_2024.yaml"),
                              "--change", "4", "--new-money", "5000000", "--years", "2025-2027", "--as-of", "2024-07-01",
                              "--format", "json").stdout)
    assert data["field"] == "percent" and data["value_text"].endswith("%")
    assert data["cost"] <= 5_000_000 < data["cost_next"]       # the largest value within the target
    assert data["target_kind"] == "new_money" and data["target_amount"] == 5_000_000


def test_ledger_json_by_unit():
    rows = json.loads(_invoke("ledger", str(DATA / "belmont/ledger.csv"), "--format", "json").stdout)
    csv = pd.read_csv(io.StringIO(_invoke("ledger", str(DATA / "belmont/ledger.csv"), "--format", "csv").stdout))
    assert len(rows) == len(csv) and set(rows[0]) == set(csv.columns)
