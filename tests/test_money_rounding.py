"""round_array: the decimal rounding of every mode, vectorized, to the bit.

Hand-computed (cents): 2.675 is stored as 2.67499999..., but as typed it is half a cent, so
half_up gives 2.68 and -2.675 gives -2.68; half_down gives 2.67; down cuts 2.679 to 2.67 and
-2.679 to -2.67; up raises 2.671 to 2.68; half_even takes 2.665 to 2.66 and 2.675 to 2.68. To the
nickel (0.05) half_up takes 1.025 to 1.05; to the dollar, 0.5 to 1. Half up and down: a zero keeps
no sign (0.0 and -0.0 round to 0.0) and an amount that rounds to zero keeps its own (-0.003 to
-0.0), as when round_array multiplied by the signs instead of copying them (the same floats, bit
for bit; half_down still multiplies).
"""

from __future__ import annotations

import numpy as np
import pytest

from costing.engine.money import round_array

CASES = [
    ("half_up", 0.01, [2.675, -2.675, 2.674, 0.005], [2.68, -2.68, 2.67, 0.01]),
    ("half_down", 0.01, [2.675, -2.675, 2.676], [2.67, -2.67, 2.68]),
    ("down", 0.01, [2.679, -2.679], [2.67, -2.67]),
    ("up", 0.01, [2.671, -2.679], [2.68, -2.67]),
    ("half_even", 0.01, [2.665, 2.675], [2.66, 2.68]),
    ("half_up", 0.05, [1.025, 1.024], [1.05, 1.0]),
    ("half_up", 1.0, [0.5, -0.5, 1.49], [1.0, -1.0, 1.0]),
]


@pytest.mark.parametrize(("mode", "quantum", "amounts", "rounded"), CASES)
def test_each_mode_rounds_as_the_decimal_rule_says(mode, quantum, amounts, rounded):
    assert round_array(np.array(amounts), quantum, mode).tolist() == rounded
    assert [round_array(a, quantum, mode) for a in amounts] == rounded


@pytest.mark.parametrize("mode", ["half_up", "down"])
def test_a_zero_takes_no_sign_and_a_small_negative_amount_keeps_its_own(mode):
    zeros = round_array(np.array([0.0, -0.0, 1e-12, -1e-12]), 0.01, mode)
    assert zeros.tolist() == [0.0] * 4 and not np.signbit(zeros).any()
    small = round_array(np.array([-0.003, 0.003]), 0.01, mode)
    assert small.tolist() == [0.0, 0.0] and np.signbit(small).tolist() == [True, False]
