"""Page 1's base-year column says why it is empty when it is (issue 23: nothing on page 1 left unexplained).

New Bedford's agreement (data/new_bedford) runs 8/1/2022-7/31/2025 and its contract file holds no rate table in
force before 8/1/2022 (the 2021-22 rates are not in the document), so the year before the term, FY2022, is not
costed: page 1's base-year column is empty, and FY2023 has no new money over the prior year either (there is
no prior year to subtract); FY2024 is the first year that has one. Chelsea's FY2024 (the year before its MOA)
is costed from the CBA in force, so its note carries no such sentence.
"""

import math

import pytest

from costing.report.context import open_report
from costing.report.settlement import BASE_COLUMN, page_one_frame, page_one_table

pytestmark = pytest.mark.report


def _agreement(path):
    ctx = open_report(path, report_date="2030-01-01")
    return ctx.costing, next(n for n in ctx.costing.contracts if n != "baseline")


def test_an_uncosted_base_year_is_said_so_under_the_table():
    costing, name = _agreement("data/new_bedford/scenario.yaml")
    frame = page_one_frame(costing, name)
    assert all(math.isnan(v) for v in frame[BASE_COLUMN])
    note = page_one_table(costing, name).note
    assert "FY2022, the base year, is not costed" in note
    assert "new money over the prior year starts in FY2024" in note


def test_a_costed_base_year_needs_no_word():
    costing, name = _agreement("data/chelsea/scenario.yaml")
    assert page_one_frame(costing, name)[BASE_COLUMN].notna().any()
    assert "is not costed" not in page_one_table(costing, name).note
