"""Totals to the cent at any size: amounts rounded to the cent are added as whole cents (money.cent_sums).

By hand: 3,000,000 amounts of $50,123.37 (a salary a million-person roster's two scenarios and three years
would hold thousands of times over) total 3,000,000 x 5,012,337 cents = 15,037,011,000,000 cents =
$150,370,110,000.00. Added one after another as dollars in floating point (np.bincount with dollar
weights, how the sums were made before), the total came out $150,370,109,993.69: $6.31 short, because
$50,123.37 has no exact binary value and each partial sum is rounded. With 2 x 1,500,000 amounts of
$1,234.56 under two keys: each key 1,500,000 x 123,456 cents = $1,851,840,000.00.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from costing.engine.figures import _sums_by
from costing.engine.money import cent_sums


def test_three_million_salaries_total_to_the_cent():
    amounts = np.full(3_000_000, 50_123.37)
    keys = np.zeros(len(amounts), dtype=np.int64)
    assert cent_sums(keys, amounts)[0] == 150_370_110_000.00
    assert round(float(np.bincount(keys, weights=amounts)[0]), 2) != 150_370_110_000.00   # how it drifted


def test_per_key_totals_to_the_cent():
    amounts = np.full(3_000_000, 1_234.56)
    keys = np.repeat([0, 1], 1_500_000)
    assert cent_sums(keys, amounts, 3).tolist() == [1_851_840_000.00, 1_851_840_000.00, 0.0]


def test_the_figures_sums_are_exact():
    n = 3_000_000
    results = pd.DataFrame({"scenario": pd.Categorical(["baseline"] * n), "fiscal_year": np.full(n, 2026),
                            "amount": np.full(n, 50_123.37)})
    component = pd.Series(pd.Categorical(["base"] * n), name="component")
    assert float(_sums_by(results, component).iloc[0, 0]) == 150_370_110_000.00
