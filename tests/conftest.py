"""Shared helpers: building contracts, proposals and rosters from inline test data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from costing.inputs.loading import validate_model
from costing.inputs.models import Contract, Proposal
from costing.inputs.roster import check_roster

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def make_contract(data: dict) -> Contract:
    return validate_model(Contract, data, "test contract")


def make_proposal(data: dict) -> Proposal:
    return validate_model(Proposal, data, "test proposal")


def make_roster(rows: list[dict], contract: Contract) -> pd.DataFrame:
    raw = pd.DataFrame([{k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in r.items()} for r in rows])
    return check_roster(raw, contract, "test roster")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_collection_modifyitems(items):
    """The report notebooks' nbval cells execute notebooks: they are in the slow ``report`` group too."""
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.report)
