"""Pro-rata longevity for leavers (New Bedford Art. 14 §K.3): the reasons it names are checked
against the roster as ``ended_between`` reasons are, so a typo never pays nobody. The amounts are
worked by hand in tests/cases/longevity_pro_rata_leavers.yaml and district_new_bedford.yaml (NB-L)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from costing.errors import InputError
from costing.inputs.cross_checks import check_end_reasons

from .conftest import make_contract, make_roster

CASE = yaml.safe_load((Path(__file__).parent / "cases" / "longevity_pro_rata_leavers.yaml").read_text())


def test_a_reason_no_roster_row_carries_is_an_error() -> None:
    data = {**CASE["contract"], "longevity": [{**CASE["contract"]["longevity"][0],
                                               "leavers_pro_rata": {"reasons": ["retird", "resigned"]}}]}
    contract = make_contract(data)
    roster = make_roster(CASE["roster"], contract)
    with pytest.raises(InputError) as err:
        check_end_reasons(roster, {"contract.yaml": contract})
    message = str(err.value)
    assert "contract.yaml" in message and "leavers_pro_rata.reasons" in message and "'retird'" in message
    assert "retired" in message   # did you mean


def test_leavers_pro_rata_is_for_a_lump_payment() -> None:
    data = {**CASE["contract"], "longevity": [{**CASE["contract"]["longevity"][0], "payment": "prorated"}]}
    with pytest.raises(InputError, match="leavers_pro_rata is for a lump payment"):
        make_contract(data)
