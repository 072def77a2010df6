"""The whole `costing project` command against golden outputs, to the cent.

The golden files (tests/golden/, made by ``python tests/golden/regenerate.py``) hold what the
command wrote before a change that must not move any number, such as the speed work of issue
15. Money columns must agree to the cent, rates (fractions) to the 6 decimals the CSV carries,
counts and names exactly. A change that is meant to move numbers regenerates the files and says why.
"""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("golden_regenerate", GOLDEN / "regenerate.py")
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)

KEYS = {"scenario", "fiscal_year", "employee_id", "unit", "schedule", "family", "component", "lane", "step"}


def _read(path: Path) -> pd.DataFrame:
    keys = {k: str for k in KEYS}
    if path.suffix == ".gz":
        with gzip.open(path, "rt") as handle:
            return pd.read_csv(handle, dtype=keys, keep_default_na=False, na_values=[""])
    return pd.read_csv(path, dtype=keys, keep_default_na=False, na_values=[""])


def _same(got: pd.DataFrame, want: pd.DataFrame, keys: list[str]) -> None:
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    text = [c for c in want.columns if c in KEYS and c != "fiscal_year"]  # "" and missing alike, as text
    got = got.astype({c: str for c in text}).replace({c: {"nan": ""} for c in text})
    want = want.fillna({c: "" for c in text}).astype({c: str for c in text})
    got = got.sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    for column in want.columns:
        a, b = got[column], want[column]
        if column in KEYS or not pd.api.types.is_numeric_dtype(b):
            a, b = (v.astype(object).where(v.notna(), "") for v in (a, b))   # Int64 years, the term row's empty one
            assert a.astype(str).tolist() == b.astype(str).tolist(), column
            continue
        a, b = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
        assert (np.isnan(a) == np.isnan(b)).all(), column
        # cents for money, the CSV's 6 decimals for rates (fractions), exact-ish for FTE and counts
        tolerance = 1.5e-6 if column.endswith("_pct") else 1e-9 if "fte" in column or "count" in column else 0.005
        worst = np.nanmax(np.abs(a - b), initial=0.0)
        assert worst < tolerance, f"{column}: off by {worst}"


@pytest.mark.parametrize("name", sorted(regenerate.CASES))
def test_project_matches_golden(name: str, tmp_path: Path) -> None:
    args = regenerate.CASES[name]
    summary, headcount, detail = tmp_path / "summary.csv", tmp_path / "headcount.csv", tmp_path / "detail.csv"
    regenerate.run_project(args, summary)
    regenerate.run_project([*args, "--headcount"], headcount)
    regenerate.run_project([*args, "--detail"], detail)
    _same(_read(summary), _read(GOLDEN / f"{name}_summary.csv"), ["scenario", "fiscal_year", "period"])
    _same(_read(headcount), _read(GOLDEN / f"{name}_headcount.csv"),
          ["scenario", "fiscal_year", "schedule", "lane", "step"])
    _same(_read(detail), _read(GOLDEN / f"{name}_detail.csv.gz"),
          ["scenario", "fiscal_year", "employee_id", "component"])


@pytest.mark.parametrize("name", ["chelsea", "newton"])
def test_parquet_output_matches_golden(name: str, tmp_path: Path) -> None:
    """--out x.parquet (summary, and the detail streamed a scenario-year at a time) holds the same figures."""
    args = regenerate.CASES[name]
    regenerate.run_project(args, tmp_path / "summary.parquet")
    regenerate.run_project([*args, "--detail"], tmp_path / "detail.parquet")
    detail = pd.read_parquet(tmp_path / "detail.parquet")
    assert isinstance(detail["component"].dtype, pd.CategoricalDtype)  # dictionary-encoded on disk
    _same(detail, _read(GOLDEN / f"{name}_detail.csv.gz"), ["scenario", "fiscal_year", "employee_id", "component"])
    summary = pd.read_parquet(tmp_path / "summary.parquet")
    want = _read(GOLDEN / f"{name}_summary.csv")
    pct = [c for c in summary.columns if c.endswith("_pct")]
    _same(summary.round({c: 6 for c in pct}), want, ["scenario", "fiscal_year", "period"])


def test_sums_by_codes_equal_pandas_pivot() -> None:
    """The summary's sums by integer codes equal pandas' pivot_table, also with more scenarios
    and components than an int8 code times the number of years can hold."""
    from costing.engine.figures import component_table, family_table

    rng = np.random.default_rng(15)
    n = 20_000
    results = pd.DataFrame({
        "scenario": pd.Categorical([f"s{k:03d}" for k in rng.integers(0, 90, n)]),
        "fiscal_year": rng.integers(2025, 2029, n).astype(np.int64),
        "employee_id": pd.Categorical(rng.integers(0, 500, n).astype(str)),
        "unit": pd.Categorical(["u"] * n), "schedule": pd.Categorical(["p"] * n),
        "component": pd.Categorical(rng.choice(["base", "longevity", "stipend:a", "stipend:b", "rollup:m"], n)),
        "amount": np.round(rng.random(n) * 1000, 2),
    })
    as_text = results.astype({"component": str})  # not categorical: pandas' own pivot_table path
    pd.testing.assert_frame_equal(component_table(results), component_table(as_text), check_exact=False, atol=0.001)
    pd.testing.assert_frame_equal(family_table(results), family_table(as_text), check_exact=False, atol=0.001)
