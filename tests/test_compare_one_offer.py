"""A compare report of one offer (issue 23: every compare report opens with the gap; with one offer there is none).

Built on Belmont's tentatively agreed items, nine proposal files costed together: the tracker's items were put
forward by the union (7 files) and the School Committee (2: the performing arts stipend and Unit D's paid holidays,
data/belmont/proposals, ``proposer``), so the package is neither "an offer from the union" (what its first file
alone says) nor an agreement in force. Its cost over the status quo over FY2026-FY2028 is $173,029.10, the sum of
the items reconciled on Belmont's page 1 (tests/test_page_one.py: $57,676.35 + $57,676.40 + $57,676.35).
Page 1 says so instead of an empty headline over a table called "The gap between the offers".
"""

import re

import pytest

from costing.report.context import open_report
from costing.report.settlement import ONE_OFFER_NOTE, gap_table

pytestmark = pytest.mark.report


@pytest.fixture(scope="module")
def belmont():
    return open_report("data/belmont/scenario.yaml", report_date="2030-01-01")


def test_one_offer_is_costed_over_the_status_quo_in_words(belmont):
    page = str(belmont.compare_page_one())
    assert "<strong>The offer:</strong>" in page
    assert "9 proposal files costed together (put forward 7 by the union and 2 by the School Committee)" in page
    assert "an offer from the union" not in page
    headline = re.search(r'<p class="headline">(.*?)</p>', page).group(1)
    assert "Over FY2026-FY2028, Agreed items costs <strong>$173,029.10</strong> more than the status quo." in headline


def test_one_offers_table_is_not_called_a_gap(belmont):
    table = gap_table(belmont.costing)
    assert table.caption == "What the offer costs over the status quo"
    assert table.note == ONE_OFFER_NOTE
