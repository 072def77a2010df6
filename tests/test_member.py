"""A member's view: one person on a cell followed through the years (costing.negotiate.member).

Chelsea's union told members paras would go "from $17.96 to $29.05 an hour, 62 percent" (CTU and AFT
Massachusetts statement, Chelsea Record 12/2024); the district said "13%" (Chelsea Public Schools, 12/19/2024).
Both from the bundled MOA (data/chelsea), by hand:

The pay sheet's rule (MOA Art. IV §A; DOMAIN.md): step 1 = round2(round2(prior step 1 x (1 + pct)) + diff / 1,365),
each later step = round2(the step before x 1.06).
  FY2025 step 1: 17.96 x 1.03 = 18.4988 -> 18.50; + 3,500/1,365 = 2.5641 -> 21.0641 -> 21.06.
  FY2026 step 1: 21.06 x 1.05 = 22.113 -> 22.11; + 2,000/1,365 = 1.4652 -> 23.5752 -> 23.58;
         step 2: 23.58 x 1.06 = 24.9948 -> 24.99.
  FY2027 step 1: 23.58 x 1.05 = 24.759 -> 24.76; + 1,500/1,365 = 1.0989 -> 25.8589 -> 25.86;
         step 2: 25.86 x 1.06 = 27.4116 -> 27.41; step 3: 27.41 x 1.06 = 29.0546 -> 29.05.
The person: a para hired 3/1/2024 on P step 1 (FY2024 rate $17.96). Steps come each July 1 after 152 days'
service (contract.yaml): 7/1/2024 is 122 days after the start (31 + 30 + 31 + 30), so no step in FY2025;
step 2 on 7/1/2025, step 3 on 7/1/2026. So P1 -> P1 -> P2 -> P3: $17.96, 21.06, 24.99, 29.05 an hour,
29.05 / 17.96 - 1 = 61.75% (the union's "62 percent").
Annual at 1,365 hours: 24,515.40; 28,746.90; 34,111.35; 39,653.25 (change 15,137.85).
  FY2025: raise (21.06 - 17.96) x 1,365 = 4,231.50; step 0.
  FY2026: raise (23.58 - 21.06) x 1,365 = 3,439.80; step (24.99 - 23.58) x 1,365 = 1,924.65.
  FY2027: raise (27.41 - 24.99) x 1,365 = 3,303.30; step (29.05 - 27.41) x 1,365 = 2,238.60.
  Over the three years: raise 10,974.60 + step 4,163.25 = 15,137.85.
Status quo (the FY2024 table, no raise): P1 17.96, P2 19.21, P3 20.43: the same person's steps alone
  give 20.43 / 17.96 - 1 = 13.75%.
The district's 13%: the MOA's across-the-board percents added up, 3 + 5 + 5 = 13 (compounded
1.03 x 1.05 x 1.05 - 1 = 13.5575%).
"""

from __future__ import annotations

import datetime as dt

import pytest

from costing.engine.apply import apply_proposal
from costing.inputs.loading import load_contract, load_proposal
from costing.negotiate.member import Member, member_pay, member_summary

from .conftest import DATA

CHELSEA = load_contract(DATA / "chelsea/contract.yaml")
MOA = load_proposal(DATA / "chelsea/proposals/moa_2024.yaml")
PARA = Member(schedule="para", lane="P", step="1", start=dt.date(2024, 3, 1))


@pytest.fixture(scope="module")
def path():
    contracts = {"baseline": CHELSEA, "moa": apply_proposal(CHELSEA, MOA)}
    return member_pay(contracts, PARA, [2025, 2026, 2027], dt.date(2024, 7, 1))


def test_the_unions_path_from_17_96_to_29_05(path) -> None:
    moa = path[path["scenario"] == "moa"].set_index("fiscal_year")
    assert list(moa["step"]) == ["1", "1", "2", "3"]
    assert list(moa["rate"]) == [17.96, 21.06, 24.99, 29.05]
    assert list(moa["annual_rate"]) == [24515.40, 28746.90, 34111.35, 39653.25]
    assert (moa.at[2025, "raise"], moa.at[2025, "step_change"]) == (4231.50, 0.0)
    assert (moa.at[2026, "raise"], moa.at[2026, "step_change"]) == (3439.80, 1924.65)
    assert (moa.at[2027, "raise"], moa.at[2027, "step_change"]) == (3303.30, 2238.60)
    assert moa.at[2027, "pay"] == 39653.25      # the school year's pay: the whole year at the July 1 rates


def test_summary_splits_the_62_percent_into_raise_and_step(path) -> None:
    summary = member_summary(path).set_index("scenario")
    moa = summary.loc["moa"]
    assert (moa["from_rate"], moa["to_rate"]) == (17.96, 29.05)
    assert moa["rate_change_pct"] == pytest.approx(0.617483, abs=1e-6)     # a fraction: 61.7483%
    assert round(moa["rate_change_pct"] * 100) == 62
    assert (moa["raise"], moa["step_change"], moa["annual_change"]) == (10974.60, 4163.25, 15137.85)
    status_quo = summary.loc["baseline"]
    assert status_quo["to_rate"] == 20.43 and status_quo["raise"] == 0.0
    assert status_quo["rate_change_pct"] == pytest.approx(0.137528, abs=1e-6)


def test_the_districts_13_percent_is_the_simple_sum() -> None:
    percents = [float(c.percent) for c in MOA.changes if c.op == "raise_percent"]
    assert sum(percents) == 13.0
    compounded = 1.0
    for p in percents:
        compounded *= 1 + p / 100
    assert (compounded - 1) * 100 == pytest.approx(13.5575, abs=1e-4)


def test_an_unknown_schedule_is_a_clear_error() -> None:
    from costing.errors import InputError

    with pytest.raises(InputError, match="'aides' is not a schedule"):
        member_pay({"baseline": CHELSEA}, Member(schedule="aides", lane="P", step="1", start=dt.date(2024, 3, 1)),
                   [2025])


# ---- many members at once (the member page's every cell) ---------------------------------------------

def test_many_members_cost_as_each_one_alone() -> None:
    """members_pay is member_pay for each person, in one projection per scenario."""
    from costing.negotiate.member import members_pay

    contracts = {"baseline": CHELSEA, "moa": apply_proposal(CHELSEA, MOA)}
    people = [PARA, Member("para", "TAII", "5", dt.date(2012, 7, 1), fte=0.5),
              Member("para", "TAI", "3", dt.date(1989, 7, 1))]
    together = members_pay(contracts, people, [2025, 2026, 2027], dt.date(2024, 7, 1))
    for i, person in enumerate(people):
        alone = member_pay(contracts, person, [2025, 2026, 2027], dt.date(2024, 7, 1))
        mine = together[together["member"] == i].drop(columns="member").reset_index(drop=True)
        assert mine.equals(alone), person


def test_the_new_positions_a_proposal_creates_are_not_the_members_pay() -> None:
    """The NTA's 1/28/2024 offer adds positions (social workers, behavior technicians): the member's pay is
    their own, the same as under the offer without those changes."""
    newton = load_contract(DATA / "newton/contract.yaml")
    offer = load_proposal(DATA / "newton/proposals/nta_2024-01-28.yaml")
    without = offer.model_copy(update={"changes": tuple(c for c in offer.changes if c.op != "add_positions")})
    teacher = Member("unit_a", "MA", "3", dt.date(2015, 7, 1))
    years = [2024, 2025, 2026]
    with_positions = member_pay({"baseline": newton, "nta": apply_proposal(newton, offer)}, teacher, years,
                                dt.date(2023, 7, 1))
    plain = member_pay({"baseline": newton, "nta": apply_proposal(newton, without)}, teacher, years,
                       dt.date(2023, 7, 1))
    assert with_positions.equals(plain)
    assert with_positions["pay"].max() < 120_000     # one teacher's pay, not the positions' payroll
