"""Issue 26 item 2: `costing validate` warns about a rate below the Massachusetts minimum wage.

The minimum in force on each date comes from a dated table in the package, each rate with the
session law behind it (checked against St. 2006 c.271, St. 2014 c.144 and St. 2018 c.121, and the
Commonwealth's published schedule: $11.00 in 2017, $12.00 2019, $12.75 2020, $13.50 2021, $14.25
2022, $15.00 from 2023). Municipal employees are exempt, so it is a warning (exit 0), one line a
cell naming the file, schedule, table, cell and the date the rate falls below.

By hand, for the contract below (hourly; tables 9/1/2020 and 9/1/2021; period to 6/30/2022):
  NI A $11.11 on 9/1/2020: the minimum that day is $12.75 (2020): below on 9/1/2020.
  NI B $13.00 on 9/1/2020: above $12.75; on 1/1/2021 the minimum is $13.50: below on 1/1/2021.
  NI C $14.00: above $12.75 and $13.50; the 9/1/2021 table replaces it before 1/1/2022: quiet.
  9/1/2021 table: A $14.25 equals the 1/1/2022 minimum (not below); B $14.24 is below on 1/1/2022;
  1/1/2023 ($15.00) is after the period's end: not checked.
A daily schedule at $90.00 a day over 6.5 hours is $13.85 an hour: below $14.25 on 1/1/2022 (and
quiet without hours a day); an annual $25,000 over 6 hours x 180 days = $23.15 an hour: quiet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from costing.cli import main
from costing.engine.apply import apply_proposal, contingent_names
from costing.engine.minimum_wage import below_minimum, minimum_on, minimum_wages
from costing.inputs.loading import load_contract, load_proposal

from .conftest import DATA, make_contract, make_proposal

NEW_BEDFORD_LIKE = {
    "name": "c", "units": ["para"], "period": {"start": "2020-07-01", "end": "2022-06-30"},
    "schedules": [
        {"name": "non_instructional", "unit": "para", "rate_unit": "hourly", "work_year": {"hours_per_day": 3,
                                                                                          "days_per_year": 203},
         "lanes": ["NI"], "steps": ["A", "B", "C"],
         "tables": [{"effective": "2020-09-01", "rates": {"NI": {"A": 11.11, "B": 13.00, "C": 14.00}}},
                    {"effective": "2021-09-01", "rates": {"NI": {"A": 14.25, "B": 14.24, "C": 15.00}}}]},
        {"name": "subs", "unit": "para", "rate_unit": "daily", "work_year": {"hours_per_day": 6.5, "days_per_year": 180},
         "lanes": ["L"], "steps": ["1"], "tables": [{"effective": "2021-09-01", "rates": {"L": {"1": 90}}}]},
        {"name": "aides", "unit": "para", "rate_unit": "annual", "work_year": {"hours_per_day": 6, "days_per_year": 180},
         "lanes": ["L"], "steps": ["1"], "tables": [{"effective": "2021-09-01", "rates": {"L": {"1": 25000}}}]},
        {"name": "teachers", "unit": "para", "rate_unit": "daily", "work_year": {"days_per_year": 185},
         "lanes": ["L"], "steps": ["1"], "tables": [{"effective": "2021-09-01", "rates": {"L": {"1": 90}}}]},
    ],
}
LAW = "(M.G.L. c.151 §1, St. 2018, c. 121; municipal employees are exempt, so a warning)"


def test_the_package_s_table_is_the_law_s_schedule() -> None:
    table = {r.effective: r.hourly for r in minimum_wages()}
    assert {day.year: float(rate) for day, rate in table.items() if day.year >= 2017} == {
        2017: 11.00, 2019: 12.00, 2020: 12.75, 2021: 13.50, 2022: 14.25, 2023: 15.00}
    assert all(day.month == 1 and day.day == 1 for day in table)
    assert all(r.source.startswith("St. ") for r in minimum_wages())
    assert minimum_on(dt.date(2020, 12, 31)).hourly == Decimal("12.75")
    assert minimum_on(dt.date(2026, 7, 1)).hourly == Decimal("15.00")
    assert minimum_on(dt.date(2006, 12, 31)) is None   # before the table: nothing to compare, no warning


def test_each_cell_below_the_minimum_while_in_force_is_one_warning() -> None:
    warnings = below_minimum(make_contract(NEW_BEDFORD_LIKE), "nb.yaml")
    assert warnings == [
        f"nb.yaml: schedule non_instructional, table effective 9/1/2020, lane NI step A: $11.11 an hour is below the"
        f" Massachusetts minimum wage of $12.75 an hour in force on 9/1/2020 {LAW}",
        f"nb.yaml: schedule non_instructional, table effective 9/1/2020, lane NI step B: $13.00 an hour is below the"
        f" Massachusetts minimum wage of $13.50 an hour in force on 1/1/2021 {LAW}",
        f"nb.yaml: schedule non_instructional, table effective 9/1/2021, lane NI step B: $14.24 an hour is below the"
        f" Massachusetts minimum wage of $14.25 an hour in force on 1/1/2022 {LAW}",
        f"nb.yaml: schedule subs, table effective 9/1/2021, lane L step 1: $90.00 a day ($13.85 an hour over 6.5"
        f" hours) is below the Massachusetts minimum wage of $14.25 an hour in force on 1/1/2022 {LAW}",
    ]


def test_a_proposal_is_warned_about_for_the_tables_it_makes(tmp_path: Path) -> None:
    contract = make_contract(NEW_BEDFORD_LIKE)
    proposal = make_proposal({"title": "t", "changes": [
        {"op": "replace_table", "effective": "2022-01-01", "schedules": ["non_instructional"],
         "rates": {"NI": {"A": 14.00, "B": 15.00, "C": 16.00}}}]})
    warnings = below_minimum(apply_proposal(contract, proposal), "offer.yaml", since=contract)
    assert warnings == [f"offer.yaml: schedule non_instructional, table effective 1/1/2022, lane NI step A: $14.00 an"
                        f" hour is below the Massachusetts minimum wage of $14.25 an hour in force on 1/1/2022 {LAW}"]


def test_validate_warns_and_exits_0(tmp_path: Path) -> None:
    import yaml

    path = tmp_path / "contract.yaml"
    path.write_text(yaml.safe_dump(NEW_BEDFORD_LIKE))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert len(lines) == 4 and all(f"{path}: schedule " in line for line in lines)
    assert f"ok  contract    {path}" in result.output


def test_the_bundled_data_is_quiet_and_a_stated_reason_is_what_quiets_it() -> None:
    """Every bundled contract, and every proposal applied to its district's contract, is quiet (issue 26's
    done-means). New Bedford's ILLUSTRATIVE 2021-22 proxy is built on the entry rates the district paid in
    2020-21 ($11.11 non-instructional, $13.64 para-educator), below the state minimum: its two schedules
    say so (below_minimum_wage, with the source), which is what silences them; without that statement the
    same cells warn, one line each."""
    found = []
    for path in sorted(DATA.glob("*/contract*.yaml")):
        contract = load_contract(path)
        found += below_minimum(contract, path.name)
        for proposal_path in sorted((path.parent / "proposals").glob("*.yaml")) if path.name == "contract.yaml" else ():
            proposal = load_proposal(proposal_path)
            made = apply_proposal(contract, proposal, contingent_names(proposal))
            found += below_minimum(made, proposal_path.name, since=contract)
    assert found == []
    proxy = load_contract(DATA / "new_bedford" / "contract_prior_proxy.yaml")
    assert all(s.below_minimum_wage for s in proxy.schedules)
    unstated = proxy.model_copy(update={"schedules": tuple(s.model_copy(update={"below_minimum_wage": ""})
                                                            for s in proxy.schedules)})
    cells = [line.split(": $")[0] for line in below_minimum(unstated, "contract_prior_proxy.yaml")]
    assert cells == [f"contract_prior_proxy.yaml: schedule non_instructional, table effective 7/1/2021, lane NI step {s}"
                     for s in "ABCDEF"] + [
        f"contract_prior_proxy.yaml: schedule para_educator, table effective 7/1/2021, lane HQ step {s}" for s in "123"]
