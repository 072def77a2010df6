"""CONTRIBUTING.md names the code a newcomer reads: every dotted name in it must resolve.

A guide that names a function which was renamed sends the next engineer looking for nothing; this
test fails until the guide is updated with the code. It reads every `costing.x.y` name in backticks
and imports it (module, then attribute), and checks the worked example's figures against the engine.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
NAMES = sorted(set(re.findall(r"`(costing(?:\.[A-Za-z_][A-Za-z0-9_]*)+)", GUIDE)))


def resolve(dotted: str):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


def test_the_guide_names_code():
    assert len(NAMES) > 20


@pytest.mark.parametrize("dotted", NAMES)
def test_every_name_in_the_guide_exists(dotted):
    assert resolve(dotted) is not None


def test_resolve_fails_on_a_name_that_is_not_there():
    with pytest.raises(AttributeError):
        resolve("costing.engine.projection.no_such_function")


def test_the_worked_example_is_what_the_engine_computes():
    """Section 2's figures: CH00001's FY2026 base pay and Medicare under the MOA."""
    from costing.engine.costing_run import cost_scenario

    _, costing = cost_scenario(ROOT / "data" / "chelsea" / "scenario.yaml")
    r = costing.results
    mine = r[(r["employee_id"] == "CH00001") & (r["fiscal_year"] == 2026) & (r["scenario"] == "moa_2024")]
    amounts = dict(zip(mine["component"].astype(str), mine["amount"]))
    assert "40,622.40" in GUIDE and "589.02" in GUIDE
    assert amounts["base"] == 40622.40 and amounts["rollup:medicare"] == 589.02
