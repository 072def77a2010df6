"""Coverage changes in a moves file (issue 22 item 5): read, checked and costed from their date.

The costing itself is worked by hand in tests/cases/benefits_tier_change_and_plan_move.yaml; here
the file: a column named as a benefit's roster column carries the change, a bad plan or tier is
one line naming the file, row and column, and any other column is refused (a misspelt coverage
column would otherwise change nothing, silently).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from costing.engine.projection import Options, project
from costing.errors import InputError
from costing.inputs.moves import attach_moves, read_moves

from .conftest import make_contract, make_roster

CASE = yaml.safe_load((Path(__file__).parent / "cases" / "benefits_tier_change_and_plan_move.yaml").read_text())


def _setup():
    contract = make_contract(CASE["contract"])
    return contract, make_roster(CASE["roster"], contract)


def test_a_coverage_column_is_read_and_costed_from_its_date(tmp_path) -> None:
    contract, roster = _setup()
    moves = tmp_path / "moves.csv"
    moves.write_text("employee_id,date,lane,step,health\nE1,2025-01-15,,,HMO:family\n")
    read = read_moves(moves, roster, contract)
    assert list(read.columns) == ["employee_id", "date", "lane", "step", "health", "row"]
    result = project(attach_moves(roster, read), contract, [2025], options=Options(as_of=pd.Timestamp("2024-07-01").date()))
    e1 = result[(result.employee_id == "E1") & (result.component == "benefit:health")]["amount"].sum()
    assert e1 == pytest.approx(11700.00)   # 7 x 800 x 0.75 + 5 x 2,000 x 0.75 (the case file's header)


def test_a_coverage_change_to_waived_ends_the_premium(tmp_path) -> None:
    contract, roster = _setup()
    moves = tmp_path / "moves.csv"
    moves.write_text("employee_id,date,health\nE1,2024-10-01,waived\n")
    result = project(attach_moves(roster, read_moves(moves, roster, contract)), contract, [2025],
                     options=Options(as_of=pd.Timestamp("2024-07-01").date()))
    e1 = result[(result.employee_id == "E1") & (result.component == "benefit:health")]["amount"].sum()
    assert e1 == pytest.approx(3 * 800 * 0.75)   # July-September only


@pytest.mark.parametrize("text, fragments", [
    ("employee_id,date,health\nE1,2025-01-15,HMO:couple\n", ("row 2 (E1), column health", "no tier 'couple'")),
    ("employee_id,date,health\nE1,2025-01-15,POS:family\n", ("row 2 (E1), column health", "unknown plan 'POS'")),
    ("employee_id,date,lane,helath\nE1,2025-01-15,,HMO:family\n", ("column helath", "not a moves column", "health")),
    ("employee_id,date,health\nE1,2025-01-15,\n", ("row 2 (E1)", "give a lane, a step, a coverage or several")),
])
def test_bad_coverage_moves_are_one_line_errors(tmp_path, text: str, fragments: tuple[str, ...]) -> None:
    contract, roster = _setup()
    moves = tmp_path / "moves.csv"
    moves.write_text(text)
    with pytest.raises(InputError) as err:
        read_moves(moves, roster, contract)
    message = str(err.value)
    assert str(moves) in message and "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
