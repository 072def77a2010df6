"""Comparables: a validated file of peer rates, and the district's benchmark cells ranked among them.

Chelsea's bundled file, by hand (data/chelsea/comparables.yaml; the MOA's rates as in tests/test_member.py):
  Entry (P step 1), FY2025, peers 18.75 (Revere), 19.50 (Everett), 20.10 (Malden), median 19.50:
    status quo 17.96: below all three -> rank 4 of 4; MOA 21.06: above all -> rank 1 of 4.
  Top of the scale (TAII step 5), FY2024, Lynn's reported annual top $40,216.99 against Chelsea's annual pay
    for the cell: 28.29 an hour x 1,365 hours = 38,615.85 (the MOA changes nothing before 7/1/2024) -> rank 2 of 2.
  Top of the scale, FY2025, hourly: peers 29.10, 30.40, 31.25; status quo 28.29 -> 4 of 4; MOA 32.99 -> 1 of 4.
A tie shares the rank: 30.40 among 29.10, 30.40, 31.25 -> 1 + one peer paid more = 2.
"""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from costing.cli.main import main
from costing.errors import InputError
from costing.inputs.comparables import ComparablesChoice, load_comparables, scenario_comparables
from costing.inputs.loading import load_contract, load_proposal, validate_model
from costing.inputs.scenario import load_scenario
from costing.negotiate.comparables import peer_list, placement, rank_among

from .conftest import DATA

CHELSEA = DATA / "chelsea"
YEARS = [2025, 2026, 2027]


@pytest.fixture(scope="module")
def chelsea():
    from costing.engine.apply import apply_proposal

    contract = load_contract(CHELSEA / "contract.yaml")
    scenario = load_scenario(CHELSEA / "scenario.yaml")
    comparables = scenario_comparables(CHELSEA / "scenario.yaml", scenario.comparables, contract, YEARS)
    contracts = {"baseline": contract, "moa_2024": apply_proposal(contract, load_proposal(CHELSEA / "proposals/moa_2024.yaml"))}
    return contracts, comparables, scenario.comparables


def test_chelseas_benchmarks_ranked_by_hand(chelsea) -> None:
    contracts, comparables, choice = chelsea
    table = placement(contracts, comparables, choice).set_index(["benchmark", "fiscal_year", "unit", "scenario"])
    entry = table.loc[("entry", 2025, "hourly")]
    assert (entry.loc["baseline", "rate"], entry.loc["baseline", "rank"], entry.loc["baseline", "of"]) == (17.96, 4, 4)
    assert (entry.loc["moa_2024", "rate"], entry.loc["moa_2024", "rank"]) == (21.06, 1)
    assert (entry.loc["baseline", "peer_median"], entry.loc["baseline", "peer_low"]) == (19.50, 18.75)
    lynn = table.loc[("top_taii", 2024, "annual")]
    assert (lynn.loc["baseline", "rate"], lynn.loc["baseline", "rank"], lynn.loc["baseline", "of"]) == (38615.85, 2, 2)
    assert lynn.loc["moa_2024", "rate"] == 38615.85
    top = table.loc[("top_taii", 2025, "hourly")]
    assert (top.loc["baseline", "rank"], top.loc["moa_2024", "rate"], top.loc["moa_2024", "rank"]) == (4, 32.99, 1)
    assert rank_among(30.40, [29.10, 30.40, 31.25]) == 2 and rank_among(None, [1.0]) is None
    sources = peer_list(comparables, choice)
    assert sources.loc[sources["district"] == "Lynn", "status"].item() == "stated"
    assert (sources["status"] == "illustrative").sum() == 9


def test_every_bundled_comparables_file_validates_against_its_scenario() -> None:
    from costing.engine.costing_run import load_contracts
    from costing.inputs.scenario import read_scenario

    for district in ("chelsea", "newton", "new_bedford", "boston", "belmont"):
        spec = read_scenario(DATA / district / "scenario.yaml")
        baseline, _, _ = load_contracts(spec)
        found = scenario_comparables(spec.path, spec.scenario.comparables, baseline, list(spec.years))
        assert found is not None and found.peers, district
        assert all(p.source for p in found.peers)


def test_the_newton_and_chelsea_reports_have_a_comparables_table() -> None:
    from costing.report import open_report
    from costing.report.comparables_section import comparables_tables

    for district, columns in (("chelsea", "Chelsea para MOA"), ("newton", "Ratified Feb 2024")):
        tables = comparables_tables(open_report(DATA / district / "scenario.yaml"))
        assert len(tables) == 2
        summary = tables[0].formatted()
        assert {"Benchmark cell", "Status quo", columns} <= set(summary.columns)
        assert summary["Status quo"].str.contains(r"\(rank \d+ of \d+\)").all()
        assert "ILLUSTRATIVE" in tables[0].note


# ---- validation: one line naming the file, the row and what is wrong --------------------------------

PEER = {"district": "Lynn", "schedule": "ESP", "lane": "top", "step": "top", "fiscal_year": 2025, "rate": 30.5,
        "unit": "hourly", "compares_with": "entry", "source": "Lynn ESP agreement 2023-2026, Appendix A"}


def file_with(tmp_path, **change) -> str:
    peer = {**PEER, **change}
    peer = {k: v for k, v in peer.items() if v is not None}
    path = tmp_path / "comparables.yaml"
    path.write_text(yaml.safe_dump({"title": "t", "peers": [peer]}))
    return str(path)


@pytest.mark.parametrize("change, field, said", [
    ({"unit": "yearly"}, "unit", "unknown unit 'yearly': use hourly, daily, annual"),
    ({"source": ""}, "source", "a rate needs its source: the published grid or report it comes from (title, date,"
                               " link); an invented rate says status: illustrative and why"),
    ({"source": None}, "source", "required key is missing"),
    ({"rate": -4}, "rate", "-4 is out of bounds: it must be > 0"),
    ({"fiscal_year": 1850}, "fiscal_year", "1850 is out of bounds: it must be >= 1990"),
    ({"status": "rumoured"}, "status", "'stated', 'assumed' or 'illustrative'"),
])
def test_a_bad_peer_rate_is_one_line(tmp_path, change, field, said) -> None:
    path = file_with(tmp_path, **change)
    with pytest.raises(InputError) as found:
        load_comparables(path)
    message = str(found.value)
    assert message.startswith(f"{path}: peers[1].{field} (line ") and said in message and "\n" not in message


def choice(**bench) -> ComparablesChoice:
    one = {"name": "entry", "label": "Entry (P step 1)", "schedule": "para", "lane": "P", "step": "1", **bench}
    return validate_model(ComparablesChoice, {"file": "comparables.yaml", "benchmarks": [one]}, "scenario.yaml")


@pytest.mark.parametrize("bench, change, said", [
    ({}, {"compares_with": "top"}, "peers[1] (Lynn): compares_with 'top' is not a benchmark cell of the scenario (it"
                                   " has entry)"),
    ({}, {"fiscal_year": 2031}, "peers[1] (Lynn): fiscal_year 2031 is outside the years the scenario shows"
                                " (FY2024-FY2027: the years costed and the year before)"),
    ({}, {"unit": "daily"}, "peers[1] (Lynn): unit daily: benchmark entry is on a hourly schedule; give the peer's rate"
                            " an hour, or its annual pay (unit: annual)"),
    ({"lane": "Q"}, {}, "scenario.yaml: comparables.benchmarks[1]: schedule para: unknown lane 'Q' (lanes: P, TAI, TAII)"),
    ({"schedule": "aides"}, {}, "scenario.yaml: comparables.benchmarks[1]: 'aides' is not a schedule of the contract"
                                " (it has para)"),
])
def test_a_peer_that_matches_no_benchmark_is_one_line(tmp_path, bench, change, said) -> None:
    from costing.inputs.comparables import check_comparables

    path = file_with(tmp_path, **change)
    contract = load_contract(CHELSEA / "contract.yaml")
    with pytest.raises(InputError) as found:
        check_comparables(load_comparables(path), choice(**bench), contract, YEARS, path, "scenario.yaml")
    assert str(found.value).endswith(said) and "\n" not in str(found.value)


def test_validate_reads_a_comparables_file_and_a_scenarios_benchmarks(tmp_path) -> None:
    ok = CliRunner().invoke(main, ["validate", str(CHELSEA / "comparables.yaml")])
    assert ok.exit_code == 0 and ok.output.startswith("ok  comparables")
    scenario = yaml.safe_load((CHELSEA / "scenario.yaml").read_text())
    scenario.update(roster=str(CHELSEA / "roster.csv"), contract=str(CHELSEA / "contract.yaml"),
                    proposals=[str(CHELSEA / p) for p in scenario["proposals"]])
    scenario["comparables"]["file"] = str(CHELSEA / "comparables.yaml")
    scenario["comparables"]["benchmarks"][0]["name"] = "start"
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario))
    bad = CliRunner().invoke(main, ["validate", str(path)])
    assert bad.exit_code == 2
    assert bad.output.strip() == (f"error: {CHELSEA / 'comparables.yaml'}: peers[2] (Everett): compares_with 'entry' is"
                                  " not a benchmark cell of the scenario (it has start, middle, top_taii)")
