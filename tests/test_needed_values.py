"""No silent zero (issue 25 item 1): a dated value a costing needs before its first date is an error
naming the file, the key and the day, in `validate` as in `project`; a value that is not yet in
force (a stipend that starts later) is nothing. The two kinds are listed in one place,
:mod:`costing.engine.needed_values`, and every dated model is in exactly one of them.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

from costing.engine.needed_values import NEEDED, NOT_YET, needed, not_yet
from costing.inputs import models as m

from .cli_support import one_line_error, run_cli

ROSTER = ("employee_id,unit,schedule,lane,step,fte,seniority_date,health\n"
          "E1,u,s,L,1,1,2015-01-01,HMO:family\nE2,u,s,L,1,1,2016-01-01,\n")


def _dated_models() -> set[type]:
    """Every dated contract value (a Dated model that is not a proposal's change)."""
    return {cls for _, cls in inspect.getmembers(m, inspect.isclass)
            if issubclass(cls, m.Dated) and cls is not m.Dated and not issubclass(cls, m.ChangeBase)}


def test_every_dated_value_is_needed_or_not_yet_in_force_exactly_once() -> None:
    assert _dated_models() == set(NEEDED) | set(NOT_YET)
    assert not set(NEEDED) & set(NOT_YET)


def test_the_lookups_refuse_the_other_kind() -> None:
    share = m.EmployerShare(effective="2025-07-01", percent=80)
    with pytest.raises(TypeError):
        not_yet([share], share.effective)
    amount = m.DatedAmount(effective="2025-07-01", amount=100)
    with pytest.raises(TypeError):
        needed([amount], amount.effective, "x")
    assert not_yet([amount], amount.effective.replace(year=2024)) is None


def _district(folder: Path, benefits: dict | None = None, rollup: list | None = None) -> Path:
    """A one-schedule contract (rates from 7/1/2024), its roster and a scenario for FY2026-FY2027
    (so FY2025, from 7/1/2024, is the year before the window): the scenario file."""
    contract = {
        "name": "needed", "units": ["u"], "proration": "calendar_days",
        "schedules": [{"name": "s", "unit": "u", "rate_unit": "annual", "lanes": ["L"], "steps": ["1"],
                       "tables": [{"effective": "2024-07-01", "rates": {"L": {"1": 50000}}}]}],
        "benefits": [benefits] if benefits else [],
        "rollup": rollup or [],
    }
    (folder / "contract.yaml").write_text(yaml.safe_dump(contract, sort_keys=False))
    (folder / "roster.csv").write_text(ROSTER)
    (folder / "empty.yaml").write_text(yaml.safe_dump({"title": "nothing", "changes": []}))
    scenario = {"title": "t", "district": "d", "units": ["u"], "roster": "roster.csv", "contract": "contract.yaml",
                "proposals": ["empty.yaml"], "years": "2026-2027", "output": "out"}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False))
    return folder / "scenario.yaml"


LATE_PREMIUMS = {"name": "health", "column": "health",
                 "plans": {"HMO": [{"effective": "2025-07-01", "rates": {"individual": 800, "family": 2000}}]},
                 "employer_share": [{"effective": "2024-07-01", "percent": 75}]}


def test_a_premium_missing_in_the_year_before_the_window_is_an_error_in_project_and_validate(tmp_path) -> None:
    """Issue 25's case: premiums dated from 7/1/2025 made the FY2025 prior year cost no benefits and
    page 1 say +23.1%. Now the first month of FY2025 an enrolled person is costed names the file,
    the plan and tier, and the day."""
    scenario = _district(tmp_path, benefits=LATE_PREMIUMS)
    fragments = (str(tmp_path / "contract.yaml"), "benefit health, plans HMO, tier family (premium)",
                 "no value in force on 2024-07-01", "first value is effective 2025-07-01")
    one_line_error(run_cli("project", "--roster", tmp_path / "roster.csv", "--contract", tmp_path / "contract.yaml",
                           "--years", "2026-2027"), *fragments)
    one_line_error(run_cli("validate", scenario), *fragments)
    # the per-employee detail costs the years asked only: FY2026 has its premiums
    result = run_cli("project", "--roster", tmp_path / "roster.csv", "--contract", tmp_path / "contract.yaml",
                     "--years", "2026-2027", "--detail", "--out", tmp_path / "detail.csv")
    assert result.exit_code == 0, result.output


def test_a_missing_employer_share_is_an_error(tmp_path) -> None:
    benefit = {**LATE_PREMIUMS, "plans": {"HMO": [{"effective": "2024-07-01", "rates": {"family": 2000}}]},
               "employer_share": [{"effective": "2026-07-01", "percent": 75}]}
    scenario = _district(tmp_path, benefits=benefit)
    fragments = (str(tmp_path / "contract.yaml"), "benefit health, employer_share (plan HMO)", "no value in force on 2025-07-01")
    one_line_error(run_cli("validate", scenario), *fragments)   # the first year costed (FY2026) meets it first
    one_line_error(run_cli("project", "--roster", tmp_path / "roster.csv", "--contract", tmp_path / "contract.yaml",
                           "--years", "2026-2027", "--detail", "--out", tmp_path / "detail.csv"), *fragments)
    assert not (tmp_path / "detail.csv").exists()   # nothing half-written


def test_a_roll_up_rate_missing_is_an_error(tmp_path) -> None:
    rollup = [{"name": "retirement", "values": [{"effective": "2026-07-01", "rate": 9}]}]
    scenario = _district(tmp_path, rollup=rollup)
    one_line_error(run_cli("validate", scenario), "contract.yaml", "rollup retirement", "no value in force on 2025-07-01")


def test_a_premium_nobody_enrolled_needs_is_not_asked_for(tmp_path) -> None:
    """A tier nobody holds, or premiums before anyone enrolled is costed, is not an error."""
    benefit = {**LATE_PREMIUMS, "plans": {"HMO": [{"effective": "2024-07-01", "rates": {"family": 2000}},
                                                  {"effective": "2025-07-01", "rates": {"individual": 800, "family": 2100}}]}}
    scenario = _district(tmp_path, benefits=benefit)
    result = run_cli("validate", scenario)
    assert result.exit_code == 0, result.output


def test_rate_tables_missing_for_the_year_before_leave_it_unknown_not_an_error(tmp_path) -> None:
    """A contract whose tables start with the window says nothing of the year before: its change is
    unknown (n/a), as docs/method.md states, never zero and never an error."""
    scenario = _district(tmp_path)
    text = (tmp_path / "contract.yaml").read_text().replace("2024-07-01", "2025-07-01")
    (tmp_path / "contract.yaml").write_text(text)
    result = run_cli("validate", scenario)
    assert result.exit_code == 0, result.output
