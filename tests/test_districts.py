"""Every bundled district: its files validate and run, and key figures match hand computations.

Expected numbers are computed by hand from the documents (and, for illustrative grids, from the
bundled illustrative tables), with the arithmetic written next to each.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main
from costing.engine.apply import apply_proposal
from costing.engine.costing_run import cost_scenario
from costing.engine.projection import Options, project
from costing.engine.rate_tables import rate_in_force
from costing.inputs.loading import load_contract, load_proposal
from costing.inputs.models import Proposal
from costing.inputs.roster import check_roster, read_roster_file
from costing.inputs.synth import is_synthetic_roster
from costing.negotiate.ledger import ledger_report, read_ledger

from .conftest import DATA

DISTRICTS = ["chelsea", "new_bedford", "newton", "boston", "belmont"]


def amount(results: pd.DataFrame, fy: int, employee: str, component: str) -> float:
    hit = results[(results.fiscal_year == fy) & (results.employee_id == employee) & (results.component == component)]
    return round(float(hit["amount"].sum()), 2)


def one_employee(district: str, contract, **fields) -> pd.DataFrame:
    """A constructed employee with every flag column of the district's roster at 0."""
    header = read_roster_file(DATA / district / "roster.csv").columns
    row = {c: "0" for c in header if c not in ("name", "max_step", "start_date", "end_date", "hours_per_day", "days_per_year")}
    row.update({c: "" for c in ("end_reason", "health_plan") if c in header})   # categorical: blank = none
    row.update({k: str(v) for k, v in fields.items()})
    return check_roster(pd.DataFrame([row]), contract, "constructed")


def only_ops(proposal: Proposal, *ops: str, schedules: set[str] | None = None) -> Proposal:
    changes = tuple(c for c in proposal.changes if c.op in ops
                    and (schedules is None or set(c.schedules or ()) & schedules or set(c.units or ()) & schedules))
    return proposal.model_copy(update={"changes": changes})


@pytest.mark.parametrize("district", DISTRICTS)
def test_district_validates_and_costs(district: str) -> None:
    folder = DATA / district
    result = CliRunner().invoke(main, ["validate", str(folder / "contract.yaml"), *map(str, sorted((folder / "proposals").glob("*.yaml"))),
                                       str(folder / "roster_spec.yaml"), str(folder / "scenario.yaml"), str(folder / "roster.csv")])
    assert result.exit_code == 0, result.output
    scenario, costing = cost_scenario(folder / "scenario.yaml")
    figures = costing.figures[costing.figures["period"] == "year"]
    assert set(figures["fiscal_year"]) == set(scenario.fiscal_years())
    assert (figures[figures.scenario != "baseline"]["diff_baseline"] > 0).all()
    assert (folder / "README.md").exists()
    assert is_synthetic_roster(folder / "roster.csv")   # its `synthetic` column (costing.inputs.synth)


# --- New Bedford ----------------------------------------------------------------------------

NB_CONTRACT = load_contract(DATA / "new_bedford/contract.yaml")
NB_AGREEMENT = load_proposal(DATA / "new_bedford/proposals/agreement_2022.yaml")


@pytest.mark.parametrize("schedule, lane, step, day, rate", [
    # Appendix A as printed: 8/1/2022, 8/1/2023 and 8/1/2024 tables
    ("non_instructional", "NI", "A", "2022-09-15", "15.00"), ("non_instructional", "NI", "F", "2022-09-15", "18.56"),
    ("para_educator", "HQ", "8", "2022-09-15", "21.57"), ("para_educator", "Degree", "1", "2022-09-15", "17.67"),
    ("non_instructional", "NI", "A", "2023-09-15", "15.30"), ("non_instructional", "NI", "F", "2023-09-15", "18.98"),
    ("para_educator", "HQ", "1", "2023-09-15", "17.23"), ("para_educator", "Degree", "10", "2023-09-15", "23.61"),
    ("non_instructional", "NI", "F", "2024-08-01", "19.40"), ("para_educator", "HQ", "10", "2024-08-01", "23.61"),
    ("para_educator", "Degree", "10", "2025-06-30", "24.32"), ("para_educator", "HQ", "1", "2024-07-31", "17.23"),
])
def test_new_bedford_lookups(schedule, lane, step, day, rate) -> None:
    contract = apply_proposal(NB_CONTRACT, NB_AGREEMENT)
    assert rate_in_force(contract.schedule(schedule), lane, step, dt.date.fromisoformat(day)) == Decimal(rate)


def test_new_bedford_program_differential() -> None:
    # HQ para with 1,000 program hours, FY2023, work-days proration (weekdays 9/1/2022-6/30/2023: 217).
    # $0.64/h for the 187 weekdays before 5/21/2023, $1.00/h for the other 30:
    # (0.64 x 1000 x 187 + 1.00 x 1000 x 30) / 217 = 689.77
    contract = apply_proposal(NB_CONTRACT, NB_AGREEMENT)
    roster = one_employee("new_bedford", contract, employee_id="NB1", unit="para", schedule="para_educator", lane="HQ",
                          step="5", fte="1", seniority_date="2015-01-01", program_hours="1000")
    results = project(roster, contract, [2023], options=Options(as_of=dt.date(2022, 7, 1)))
    assert amount(results, 2023, "NB1", "stipend:program_diff") == 689.77


def test_new_bedford_retro_pay() -> None:
    # Proxy 2021-22 table (the 8/1/2022 table scaled to the reported 2020-21 entry rate: HQ x 13.64/16.81).
    # HQ step 5 on 7/1/2022 moves to step 6 on 9/1/2022: old 20.95 x 13.64/16.81 = 16.999 -> 17.00, new 20.95
    # per hour x 6.5 h x 203 days = 1,319.5 h: 22,431.50 -> 27,643.525 -> 27,643.53 a year.
    # Retro for 8/1/2022-5/20/2023 (to the first pay period after ratification, 5/21/2023) = 187 of the
    # year's 217 weekdays: (27,643.53 - 22,431.50) x 187/217 = 5,212.03 x 187/217 = 974,649.61/217 = 4,491.47,
    # paid 6/23/2023 (FY2023) to those employed on 5/8/2023; a leaver who did not retire gets none.
    contract = load_contract(DATA / "new_bedford/contract_prior_proxy.yaml")
    agreed = apply_proposal(contract, NB_AGREEMENT)
    roster = pd.concat([
        one_employee("new_bedford", contract, employee_id="NB1", unit="para", schedule="para_educator", lane="HQ",
                     step="5", fte="1", seniority_date="2015-01-01"),
        one_employee("new_bedford", contract, employee_id="NB2", unit="para", schedule="para_educator", lane="HQ",
                     step="5", fte="1", seniority_date="2015-01-01", end_date="2023-03-31", end_reason="resigned"),
    ], ignore_index=True)
    results = project(roster, agreed, [2023, 2024], options=Options(as_of=dt.date(2022, 7, 1)))
    assert amount(results, 2023, "NB1", "retro:retro_2022") == 4491.47
    assert amount(results, 2024, "NB1", "retro:retro_2022") == 0
    assert amount(results, 2023, "NB2", "retro:retro_2022") == 0


# --- Newton ---------------------------------------------------------------------------------

NEWTON = load_contract(DATA / "newton/contract.yaml")
OFFER = load_proposal(DATA / "newton/proposals/nta_2024-01-28.yaml")   # the NTA's offer of 1/28/2024


def test_newton_step_date_cost_each_year() -> None:
    # Unit A BA step 5 on 7/1/2024 (illustrative grid: 66,781; 69,786; 72,927; 76,208). The offer's step-date
    # moves only: Dec 1 -> Nov 1 (FY2025), Oct 1 (FY2026), Sept 1 (FY2027). Unit A is on the school year,
    # weighed by work days (weekdays Sept-June, counted from the calendar):
    #   FY2025: Sept 21, Oct 23, Nov 21, then 151 more = 216; FY2026: Sept 22, Oct 23, Nov 20, then 152 = 217;
    #   FY2027: Sept 22, Oct 22, Nov 21, then 152 = 217.
    # FY2025: baseline (66,781 x 65 + 69,786 x 151)/216 = 14,878,451/216 = 68,881.72;
    #         offer (66,781 x 44 + 69,786 x 172)/216 = 14,941,556/216 = 69,173.87 (+292.15)
    # FY2026: baseline (69,786 x 65 + 72,927 x 152)/217 = 15,620,994/217 = 71,986.15;
    #         offer (69,786 x 22 + 72,927 x 195)/217 = 15,756,057/217 = 72,608.56 (+622.41)
    # FY2027: baseline (72,927 x 65 + 76,208 x 152)/217 = 16,323,871/217 = 75,225.21;
    #         offer: the step on 9/1/2026 pays the whole school year: 76,208.00 (+982.79)
    moved = apply_proposal(NEWTON, only_ops(OFFER, "set_anniversary", schedules={"A"}))
    roster = one_employee("newton", NEWTON, employee_id="T1", unit="A", schedule="unit_a", lane="BA", step="5",
                          fte="1", seniority_date="2019-09-01")
    options = Options(as_of=dt.date(2024, 7, 1))
    base = project(roster, NEWTON, [2025, 2026, 2027], options=options)
    offer = project(roster, moved, [2025, 2026, 2027], options=options)
    expected = {2025: (68881.72, 69173.87), 2026: (71986.15, 72608.56), 2027: (75225.21, 76208.00)}
    for fy, (before, after) in expected.items():
        assert amount(base, fy, "T1", "base") == before
        assert amount(offer, fy, "T1", "base") == after


def test_newton_longevity_hold_harmless() -> None:
    # 25 years on 9/1/2025 (seniority 3/1/2000): old illustrative table pays 1,800 at 25; the new table pays
    # 1,500 at 20 and 3,500 at 27. Hold-harmless (the offer's "continuing" reading) keeps 1,800: FY2026 = 1,800.
    # FY2027: 27 years on 3/1/2027; school year by work days: Sept 2026-Feb 2027 = 22+22+21+23+21+20 = 129,
    # Mar-June 2027 = 23+22+21+22 = 88 (217): (1,800 x 129 + 3,500 x 88)/217 = 540,200/217 = 2,489.40.
    # Without hold-harmless FY2026 is 1,500.00: the old 1,800 of July-August weighs nothing on the school year.
    new_table = only_ops(OFFER, "replace_longevity")
    roster = one_employee("newton", NEWTON, employee_id="T2", unit="A", schedule="unit_a", lane="MA", step="14",
                          fte="1", seniority_date="2000-03-01")
    options = Options(as_of=dt.date(2024, 7, 1))
    kept = project(roster, apply_proposal(NEWTON, new_table), [2026, 2027], options=options)
    assert amount(kept, 2026, "T2", "longevity") == 1800.00
    assert amount(kept, 2027, "T2", "longevity") == 2489.40
    plain = new_table.model_copy(update={"changes": tuple(c.model_copy(update={"hold_harmless": False}) for c in new_table.changes)})
    assert amount(project(roster, apply_proposal(NEWTON, plain), [2026], options=options), 2026, "T2", "longevity") == 1500.00


def test_newton_unit_c_entry_step_drop() -> None:
    # Hired 10/1/2025 at the entry step 2.5 (Cat1, illustrative $22.83, 23.17, 23.86 an hour x 6.5 h x 185 days =
    # 1,202.5 h: 27,453.075 -> 27,453.08; 27,861.925 -> 27,861.93; 28,691.65 a year). The offer drops step 2.5 on
    # 8/31/2026: the incumbent moves to 3
    # that day and to 4 on the 9/1/2026 anniversary (335 days after the start: the 182-day rule is met).
    # Unit C is on the school year (Sept-June): July and August weigh nothing, so FY2027 is the whole school
    # year at step 4 = 28,691.65. Without the drop: step 3 all school year = 27,861.93.
    drops = apply_proposal(NEWTON, only_ops(OFFER, "drop_entry_step", schedules={"unit_c"}))
    roster = one_employee("newton", NEWTON, employee_id="C1", unit="C", schedule="unit_c", lane="Cat1", step="2.5",
                          fte="1", seniority_date="2025-10-01", start_date="2025-10-01")
    options = Options(as_of=dt.date(2025, 10, 1))
    assert amount(project(roster, drops, [2027], options=options), 2027, "C1", "base") == 28691.65
    assert amount(project(roster, NEWTON, [2027], options=options), 2027, "C1", "base") == 27861.93


def test_newton_social_workers_do_not_step_on_their_first_day() -> None:
    # §25: five social workers from 9/1/2024 at MA step 3 (illustrative 66,046; step 4 69,018). COLAs (rates to
    # the dollar, half up): 9/1/2023 3%: 68,027 / 71,089; 9/1/2024 3.5%: 70,408 / 73,577; 9/1/2025 3.5%: 72,872 /
    # 76,152. Step dates Nov 1 (2024), Oct 1 (2025); steps need 182 days' service (ASSUMED).
    # FY2025: no step on 11/1/2024 (61 days after the start): the whole school year at 70,408.00.
    # FY2026: step 4 on 10/1/2025 (395 days): Sept 22 work days at 72,872, Oct-June 195 at 76,152:
    #   (1,603,184 + 14,849,640)/217 = 16,452,824/217 = 75,819.47.
    roster = one_employee("newton", NEWTON, employee_id="T1", unit="A", schedule="unit_a", lane="BA", step="5",
                          fte="1", seniority_date="2019-09-01")
    offer = apply_proposal(NEWTON, only_ops(OFFER, "raise_percent", "set_anniversary", "add_positions"))
    results = project(roster, offer, [2025, 2026], options=Options(as_of=dt.date(2024, 7, 1)))
    assert amount(results, 2025, "NSW-20240901-001", "base") == 70408.00
    assert amount(results, 2026, "NSW-20240901-001", "base") == 75819.47


def test_newton_first_year_compares_with_the_agreements_own_prior_year() -> None:
    # The window starts with FY2024, the first contract year (9/1/2023 COLA): its change over the prior year is
    # against the ratified contract's own FY2023 (the year before the term, unchanged by it, so equal to the
    # status quo's), and FY2025's prior year is the contract's own FY2024, which has the 9/1/2023 COLA.
    _, costing = cost_scenario(DATA / "newton/scenario.yaml")
    fig = costing.figures[costing.figures["period"] == "year"].set_index(["scenario", "fiscal_year"])
    first, first_base = fig.loc[("ratified_2024", 2024)], fig.loc[("baseline", 2024)]
    assert first["prior_year_total"] == pytest.approx(first_base["prior_year_total"], abs=0.01)
    agreed, base = fig.loc[("ratified_2024", 2025)], fig.loc[("baseline", 2025)]
    assert agreed["prior_year_total"] == pytest.approx(fig.loc[("ratified_2024", 2024)]["total"], abs=0.01)
    own_prior = float(costing.priors["ratified_2024"]["amount"].sum())
    assert first["prior_year_total"] == pytest.approx(own_prior, abs=0.01)
    assert agreed["prior_year_total"] > base["prior_year_total"]
    assert first["status_quo_prior_year_total"] == pytest.approx(first_base["prior_year_total"], abs=0.01)
    assert agreed["change_prior"] == pytest.approx(agreed["total"] - fig.loc[("ratified_2024", 2024)]["total"], abs=0.01)


def test_newton_scenario_costs_the_ratified_contract_not_the_offer() -> None:
    # Issue 24: the bundled Newton agreement is the contract ratified in February 2024; the NTA's proposed MOU of
    # 1/28/2024 is an offer (its heading: valid until 3:30pm on 1/28/24), costed only beside the other offers.
    scenario, costing = cost_scenario(DATA / "newton/scenario.yaml")
    assert list(scenario.proposals) == ["proposals/ratified_2024.yaml"]
    ratified = costing.proposals["ratified_2024"]
    assert ratified.proposer == "joint" and "ratified" in ratified.title
    offer = load_proposal(DATA / "newton/proposals/nta_2024-01-28.yaml")
    assert offer.proposer == "union" and "offer" in offer.title.lower()
    # the reported COLAs, each September 1: 2.5, 2.5, 3, 3.25 and 0.75%
    cola = [(c.effective.isoformat(), float(c.percent)) for c in ratified.changes if c.op == "raise_percent"]
    assert cola == [("2023-09-01", 2.5), ("2024-09-01", 2.5), ("2025-09-01", 3.0), ("2026-09-01", 3.25),
                    ("2027-09-01", 0.75)]


def test_newton_contingent_fourth_year_is_a_switch() -> None:
    names = {c.contingent for c in OFFER.changes if c.contingent}
    assert "no_successor_by_2027" in names
    off = apply_proposal(NEWTON, OFFER)
    on = apply_proposal(NEWTON, OFFER, ["no_successor_by_2027"])
    day = dt.date(2027, 10, 1)
    a = rate_in_force(off.schedule("unit_a"), "BA", "1", day)
    b = rate_in_force(on.schedule("unit_a"), "BA", "1", day)
    assert b == (a * Decimal("1.04")).quantize(Decimal("1") if off.schedule("unit_a").rounding.rate == 1 else Decimal("0.01"),
                                              rounding="ROUND_HALF_UP")


# --- Boston ---------------------------------------------------------------------------------

def test_boston_223_day_annualization() -> None:
    # A liaison at step 1 ($275 a day, illustrative scale): 215 days = 59,125 before; after the accretion
    # (7/1/2021) 223 days = 61,325 only under the switch liaison_paid_for_223_days (the document keeps the
    # salary scale and gives no prior work year), 59,125 without it. The scale does not change; the unit's
    # longevity now applies: with 12 years of service the liaison gets the para unit's $1,000
    # (illustrative), which they did not get outside the unit.
    contract = load_contract(DATA / "boston/contract.yaml")
    accretion = load_proposal(DATA / "boston/proposals/accretion_2021.yaml")
    accreted = apply_proposal(contract, accretion, ["liaison_paid_for_223_days"])
    roster = one_employee("boston", contract, employee_id="FL1", unit="non_union", schedule="family_liaison", lane="FL",
                          step="1", fte="1", seniority_date="2009-07-01")
    options = Options(as_of=dt.date(2021, 7, 1))
    before = project(roster, contract, [2022], options=options)
    after = project(roster, accreted, [2022], options=options)
    assert amount(before, 2022, "FL1", "base") == 59125.00
    assert amount(after, 2022, "FL1", "base") == 61325.00
    assert amount(project(roster, apply_proposal(contract, accretion), [2022], options=options), 2022, "FL1", "base") == 59125.00
    assert amount(before, 2022, "FL1", "longevity:para_longevity") == 0
    assert amount(after, 2022, "FL1", "longevity:para_longevity") == 1000.00
    assert set(after["unit"].astype(str)) == {"para"}
    assert rate_in_force(accreted.schedule("family_liaison"), "FL", "1", dt.date(2022, 1, 1)) == Decimal("275.00")


# --- Belmont --------------------------------------------------------------------------------

BELMONT = load_contract(DATA / "belmont/contract.yaml")


def test_belmont_overload_pay() -> None:
    # 20% of salary per 0.2 FTE section (existing language, in the contract: BSC #6, Art. 19.4(a)). Unit A
    # M60 step 13 (illustrative $105,668), one section. FY2027: 0.2 x 105,668 = 21,133.60. Unit A is on the
    # school year (M.G.L. c.71 §40), so FY2026 also pays the whole 21,133.60.
    overload = BELMONT
    roster = one_employee("belmont", BELMONT, employee_id="BT1", unit="A", schedule="unit_a", lane="M60", step="13",
                          fte="1", seniority_date="2001-09-01", overload_sections="1")
    results = project(roster, overload, [2026, 2027], options=Options(as_of=dt.date(2025, 7, 1)))
    assert amount(results, 2027, "BT1", "stipend:overload_sections") == 21133.60
    assert amount(results, 2026, "BT1", "stipend:overload_sections") == 21133.60


def test_belmont_ledger_totals() -> None:
    with open(DATA / "belmont/ledger.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(row["unit"], row["status"])] = counts.get((row["unit"], row["status"]), 0) + 1
    ledger = read_ledger(DATA / "belmont/ledger.csv")
    roster = check_roster(read_roster_file(DATA / "belmont/roster.csv"), BELMONT, "roster")
    report = ledger_report(ledger, BELMONT, roster, [2026, 2027, 2028], Options(as_of=dt.date(2025, 7, 1)))
    by_unit = report.by_unit.set_index("unit")
    for (unit, status), n in counts.items():
        assert by_unit.at[unit, status] == n
    assert by_unit.at["All units", "agreed"] == sum(n for (_, s), n in counts.items() if s == "agreed")
    assert by_unit.at["All units", "without_costing"] == sum(1 for r in rows if not r["proposal"].strip())
    # The agreed items costed together equal the sum of their own costs (they do not interact), up to the
    # roll-up's rounding: each item rounds its own Medicare per employee, so at most a cent per item apart.
    agreed_items = report.items[(report.items.status == "agreed") & report.items.costed]
    assert by_unit.at["All units", "agreed_cost"] == pytest.approx(agreed_items["total"].sum(), abs=0.01 * len(agreed_items))
    assert by_unit.at["All units", "agreed_cost"] > 0


def test_ledger_command_prints_units() -> None:
    result = CliRunner().invoke(main, ["ledger", str(DATA / "belmont/ledger.csv")])
    assert result.exit_code == 0, result.output
    assert "All units" in result.output and "agreed_cost" in result.output


def test_report_includes_the_ledger_when_the_scenario_names_one() -> None:
    from costing.report import open_report
    from costing.report.ledger_section import ledger_tables

    tables = ledger_tables(open_report(DATA / "belmont/scenario.yaml", "", ""))
    assert len(tables) == 2
    by_unit = tables[0].frame.set_index("Unit")
    assert by_unit.at["All units", "Agreed"] == 70
    assert "All units" in tables[0].to_html()
    assert ledger_tables(open_report(DATA / "chelsea/scenario.yaml", "", "")) == []


# --- synthetic rosters ----------------------------------------------------------------------

@pytest.mark.parametrize("district", DISTRICTS)
def test_bundled_roster_is_its_spec_regenerated(district: str, tmp_path) -> None:
    # Every bundled roster is exactly what `costing roster` makes from the bundled spec (same seed).
    from costing.inputs.synth import generate_roster, load_roster_spec, write_roster

    out = tmp_path / "roster.csv"
    write_roster(generate_roster(load_roster_spec(DATA / district / "roster_spec.yaml")), out)
    assert out.read_text() == (DATA / district / "roster.csv").read_text()


def test_synthetic_categories_and_leavers_follow_their_shares() -> None:
    # 4,000 people: a 30/45/25 plan:tier split and 10% leavers between two dates, half retired. With a fixed
    # seed the draws are reproducible; the shares land within 3 points (binomial sd at n=4,000 is < 0.8 point).
    from costing.inputs.synth import RosterSpec, generate_roster

    spec = RosterSpec.model_validate({"seed": 7, "as_of": "2022-07-01", "groups": [{
        "unit": "u", "schedule": "s", "count": 4000, "lanes": {"L": 1.0}, "steps": {"1": 1.0},
        "categories": {"health_plan": {"HMO:individual": 0.30, "HMO:family": 0.45, "": 0.25}},
        "leavers": {"share": 0.10, "between": ["2022-07-01", "2023-05-08"], "reasons": {"retired": 0.5, "resigned": 0.5}}}]})
    roster = generate_roster(spec)
    assert roster.equals(generate_roster(spec))
    shares = roster["health_plan"].value_counts(normalize=True)
    assert shares["HMO:individual"] == pytest.approx(0.30, abs=0.03)
    assert shares["HMO:family"] == pytest.approx(0.45, abs=0.03)
    assert shares[""] == pytest.approx(0.25, abs=0.03)
    left = roster[roster["end_date"] != ""]
    assert len(left) / len(roster) == pytest.approx(0.10, abs=0.03)
    assert left["end_date"].min() >= "2022-07-01" and left["end_date"].max() <= "2023-05-08"
    assert set(left["end_reason"]) == {"retired", "resigned"}
    assert (roster.loc[roster["end_date"] == "", "end_reason"] == "").all()


def test_synthetic_spec_without_new_fields_draws_as_before() -> None:
    # Adding a categorical column to a LATER group must not change an earlier group's people.
    from costing.inputs.synth import RosterSpec, generate_roster

    group = {"unit": "u", "schedule": "s", "count": 50, "lanes": {"L": 1.0}, "steps": {"1": 0.5, "2": 0.5},
             "flags": {"f": 0.3}}
    plain = generate_roster(RosterSpec.model_validate({"seed": 3, "as_of": "2024-07-01", "groups": [group]}))
    more = generate_roster(RosterSpec.model_validate({"seed": 3, "as_of": "2024-07-01", "groups": [
        group, {**group, "categories": {"plan": {"A": 1.0}}}]}))
    assert plain.equals(more.iloc[:50][plain.columns])
    assert "plan" not in plain.columns and set(more["plan"].iloc[:50]) == {""}


def test_synthetic_spec_rejects_bad_leavers() -> None:
    from costing.errors import InputError
    from costing.inputs.loading import validate_model
    from costing.inputs.synth import RosterSpec

    with pytest.raises(InputError):
        validate_model(RosterSpec, {"as_of": "2022-07-01", "groups": [{
            "unit": "u", "schedule": "s", "count": 1, "lanes": {"L": 1.0},
            "leavers": {"share": 0.1, "between": ["2023-05-08", "2022-07-01"]}}]}, "spec.yaml")


# --- checked against public figures (each README's table; issue 24) -------------------------------

def checked(district: str, figure: str) -> str:
    """The "ours" cell of the README row whose first cell starts with ``figure``."""
    text = (DATA / district / "README.md").read_text()
    section = text.split("## Checked against public figures", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in section.splitlines()]
    rows = [r for r in rows if len(r) == 4]
    for cells in [r for r in rows if r[0] == figure] + [r for r in rows if r[0].startswith(figure)]:
        return cells[3]
    raise AssertionError(f"data/{district}/README.md has no checked row {figure!r}")


def dollars(value: float) -> str:
    return f"${value:,.2f}"


@pytest.mark.parametrize("district", DISTRICTS)
def test_every_readme_checks_its_figures_against_public_ones(district: str) -> None:
    text = (DATA / district / "README.md").read_text()
    section = text.split("## Checked against public figures", 1)[1].split("\n## ", 1)[0]
    rows = [x for x in section.splitlines() if x.startswith("| ") and not x.startswith("| figure") and "---" not in x]
    assert len(rows) >= 2
    for row in rows:
        figure, public, source, ours = [c.strip() for c in row.strip().strip("|").split("|")]
        assert public and ours and any(ch.isdigit() for ch in source), row   # every source says when


def test_new_bedford_checked_figures() -> None:
    # FY2023 salaries of the agreement must fall between the Committee's proposal ($7,508,080) and its budget
    # ($9,668,851), South Coast Today 10/21/2022.
    _, costing = cost_scenario(DATA / "new_bedford/scenario.yaml")
    salary = float(costing.figures.set_index(["scenario", "fiscal_year"]).at[("agreement_2022", 2023), "salary"])
    assert 7_508_080 <= salary <= 9_668_851
    assert checked("new_bedford", "para salaries and stipends, FY2023").startswith(dollars(salary))
    roster = costing.roster
    assert len(roster) == 341 and (roster["schedule"] == "para_educator").sum() == 297
    assert checked("new_bedford", "members").startswith("341 (297 para-educators, 44 non-instructional)")
    proxy = load_contract(DATA / "new_bedford/contract_prior_proxy.yaml")
    day = dt.date(2021, 9, 15)
    entry = [rate_in_force(proxy.schedule(s), lane, step, day)
             for s, lane, step in (("non_instructional", "NI", "A"), ("para_educator", "HQ", "1"), ("para_educator", "Degree", "1"))]
    assert entry == [Decimal("11.11"), Decimal("13.64"), Decimal("15.28")]   # South Coast Today 3/12/2021
    assert checked("new_bedford", "entry rates, 2020-21").startswith("$11.11 / $13.64 / $15.28")
    full = roster[(roster["schedule"] == "para_educator") & (roster["fte"] == 1.0)]["employee_id"]
    paid = project(roster, proxy, [2022], options=Options(as_of=dt.date(2022, 7, 1)))
    base = paid[(paid["component"] == "base") & paid["employee_id"].isin(full)]["amount"]
    assert abs(base.mean() - 22_000) < 1_000                                   # "about $22,000"
    assert checked("new_bedford", "average para pay").startswith(dollars(round(float(base.mean()), 2)))


def test_boston_checked_figures() -> None:
    _, costing = cost_scenario(DATA / "boston/scenario.yaml")
    res = costing.results
    base = res[(res["scenario"] == "baseline") & (res["component"] == "base")]
    liaisons = base[(base["schedule"] == "family_liaison") & (base["fiscal_year"] == 2022)]["amount"]
    assert 55_700 < liaisons.median() < 66_300           # between the 2021 and 2022 earnings-report medians
    assert checked("boston", "liaisons' median regular pay").startswith(dollars(float(liaisons.median())))
    assert (costing.roster["schedule"] == "family_liaison").sum() == 120
    assert checked("boston", "liaisons") == "120"
    paras = base[(base["schedule"] == "para") & (base["fiscal_year"] == 2023)]["amount"]
    assert checked("boston", "paraprofessionals' average salary").startswith(dollars(round(float(paras.mean()), 2)))


def test_newton_checked_figures() -> None:
    # The NTA: moving the step date one month costs about $180,000 and a 1% COLA "nearly ten times" that.
    from costing.engine.costing_run import cost_scenarios
    from costing.inputs.roster import load_roster

    roster = load_roster(DATA / "newton/roster.csv", NEWTON)
    month = Proposal.model_validate({"title": "step date one month earlier", "changes": [
        {"op": "set_anniversary", "effective": "2023-09-01", "units": ["A", "B", "E"], "month_day": "11-01"}]})
    costing = cost_scenarios(roster, NEWTON, {"month": apply_proposal(NEWTON, month)}, [2024],
                             Options(as_of=dt.date(2023, 7, 1)))
    fig = costing.figures.set_index(["scenario", "fiscal_year"])
    one = float(fig.at[("baseline", 2024), "cost_of_1pct"])
    moved = round(float(fig.at[("month", 2024), "total"] - fig.at[("baseline", 2024), "total"]), 2)
    assert 8.5 < one / moved < 11 and 150_000 < moved < 210_000
    assert checked("newton", "cost of a 1% COLA").startswith(dollars(one))
    assert checked("newton", "moving the step date").startswith(dollars(moved))
    assert f"{one / moved:.1f} times" in checked("newton", "moving the step date")
    base = costing.results[(costing.results["scenario"] == "baseline") & (costing.results["component"] == "base")
                           & (costing.results["schedule"] == "unit_a")]["amount"].sum()
    per_fte = round(float(base) / float(roster.loc[roster["schedule"] == "unit_a", "fte"].sum()), 2)
    assert checked("newton", "average teacher salary").startswith(dollars(per_fte))
    assert rate_in_force(NEWTON.schedule("unit_c"), "Cat1", "1", dt.date(2023, 7, 1)) == Decimal("21.83")
    assert checked("newton", "aides' starting rate").startswith("$21.83")
    assert len(roster) == 2170 and checked("newton", "members").startswith("2,170")
    _, agreed = cost_scenario(DATA / "newton/scenario.yaml")
    new_money = round(float(agreed.figures[(agreed.figures["scenario"] == "ratified_2024")
                                           & agreed.figures["fiscal_year"].between(2024, 2027)]["diff_baseline"].sum()), 2)
    assert checked("newton", "the settlement's cost").startswith(dollars(new_money))
    assert checked("newton", "the settlement's COLA").startswith("12.57% compounded")


def test_chelsea_checked_figures() -> None:
    # the figures themselves are computed by hand in tests/test_member.py; here the README says them
    assert checked("chelsea", "a para's pay").startswith("$17.96 (FY2024) to $29.05 (FY2027), +61.75%")
    assert "$10,974.60 is the raises and $4,163.25 the steps" in checked("chelsea", "a para's pay")
    assert checked("chelsea", "the raise over the contract").startswith("13.00% added up; 13.56% compounded")


def test_belmont_checked_figures() -> None:
    contract = load_contract(DATA / "belmont/contract.yaml")
    roster = check_roster(read_roster_file(DATA / "belmont/roster.csv"), contract, "roster")
    counts = roster["schedule"].value_counts()
    assert (len(roster), counts["unit_a"], counts["unit_c"]) == (558, 370, 18)
    assert checked("belmont", "members").startswith("558 (Unit A 370, B 30, C 18, D 140)")
    # a full-time aide at entry: 22.00 x 6.5 h x 180 days = 25,740.00
    rate = rate_in_force(contract.schedule("unit_d"), "ProfAide", "1", dt.date(2025, 9, 15))
    assert rate == Decimal("22.00") and checked("belmont", "the lowest paid").startswith("$25,740.00")
