"""The Chelsea agreed pay sheet, reproduced to the cent through `costing schedules`.

The fixture holds the sheet's figures as printed in the MOA (12/11/24): 45 hourly rates, 45
annual figures and 45 percentage changes for FY2025-FY2027, from the FY2024 adopted rates.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest
from click.testing import CliRunner

from costing.cli import main

from .conftest import DATA, ROOT

SHEET = pd.read_csv(ROOT / "tests/fixtures/chelsea_pay_sheet.csv", comment="#", dtype=str)
FY_START = {"2024": "2023-07-01", "2025": "2024-07-01", "2026": "2025-07-01", "2027": "2026-07-01"}


@pytest.fixture(scope="module")
def listed() -> pd.DataFrame:
    result = CliRunner().invoke(main, [
        "schedules", str(DATA / "chelsea/contract.yaml"),
        "--proposal", str(DATA / "chelsea/proposals/moa_2024.yaml"), "--format", "csv",
    ])
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.output), dtype=str).set_index(["effective_date", "lane", "step"])


def test_sheet_has_45_cells_a_year() -> None:
    assert (SHEET[SHEET.fiscal_year != "2024"].groupby("fiscal_year").size() == 15).all()
    assert len(SHEET[SHEET.fiscal_year != "2024"]) == 45


@pytest.mark.parametrize("row", SHEET.to_dict("records"), ids=lambda r: f"{r['lane']}{r['step']}-FY{r['fiscal_year']}")
def test_cell(listed: pd.DataFrame, row: dict) -> None:
    got = listed.loc[(FY_START[row["fiscal_year"]], row["lane"], row["step"])]
    assert Decimal(got["rate"]) == Decimal(row["rate"])
    if row["fiscal_year"] != "2024":
        assert Decimal(got["annual"]) == Decimal(row["annual"])
        pct = (Decimal(got["change_pct"]) * 100).quantize(Decimal("0.1"))   # a fraction (docs/api.md)
        assert pct == Decimal(row["change_pct"])
