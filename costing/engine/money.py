"""Explicit money rounding: the stated points where cents are decided.

Rate tables are small and computed with :class:`decimal.Decimal`, so that a contract's rule
("round half up to the cent") is reproduced exactly. Per-employee amounts are large arrays and
computed in float64; they are rounded with :func:`round_array`, which first removes binary noise
(12 significant decimals) so that a true half cent always rounds the way the rule says.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np

from ..inputs.vocabulary import ROUNDING_MODES, RoundingMode

# "up" is the ceiling (to the next quantum above, as contracts that round rates up mean it); "down"
# truncates toward zero; the half modes differ only on an exact tie.
_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "half_down": ROUND_HALF_DOWN,
                  "down": ROUND_DOWN, "up": ROUND_CEILING}
assert set(_DECIMAL_MODES) == set(ROUNDING_MODES), "every rounding mode of the vocabulary needs its rule here"

CENT = Decimal("0.01")


def to_decimal(value) -> Decimal:
    """A Decimal from a YAML/CSV number without float artefacts (17.96 stays 17.96)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def round_decimal(value, quantum: Decimal = CENT, mode: RoundingMode = "half_up") -> Decimal:
    """Round one amount to a multiple of ``quantum`` under ``mode`` (half up = away from zero on a tie).

    A quantum that is not a power of ten (0.05, 0.25) is handled by counting whole quanta, so
    ``round_decimal(17.97, 0.05)`` is 17.95, not 17.97.
    """
    step = to_decimal(quantum)
    whole = (to_decimal(value) / step).to_integral_value(rounding=_DECIMAL_MODES[mode])
    return (whole * step).quantize(step)


def round_array(values, quantum: float = 0.01, mode: RoundingMode = "half_up") -> np.ndarray:
    """Round an array of amounts to ``quantum`` under ``mode``, vectorized.

    ``quantum`` must divide 1 (0.01, 0.05, 1 ...). Results are the float nearest the decimal
    result, so ``round_array(2.675) == 2.68`` although 2.675 is stored as 2.67499999...
    (the scaled amounts are first rounded to 6 decimals, as ``np.round(x, 6)`` does, which removes
    binary noise). Computed in place on one scratch array: it runs on every component of every
    person of every year.
    """
    scale = 1.0 / float(quantum)
    scaled = np.multiply(np.atleast_1d(values), scale, dtype=np.float64)
    scaled *= 1e6
    np.rint(scaled, out=scaled)
    scaled /= 1e6
    if mode == "half_even":
        whole = np.rint(scaled, out=scaled)
    elif mode == "up":
        whole = np.ceil(scaled, out=scaled)
    elif mode in ("half_up", "half_down", "down"):
        whole = np.abs(scaled)
        if mode == "half_up":
            whole += 0.5
            np.floor(whole, out=whole)
        elif mode == "half_down":
            whole -= 0.5
            np.ceil(whole, out=whole)
        else:
            np.floor(whole, out=whole)
        if mode == "half_down":   # |x| - 0.5 rounded up may be -0.0: its sign is kept as the product gives it
            whole *= np.sign(scaled)
        else:  # whole >= +0.0: the sign of ``scaled`` copied, without an array of signs; a zero takes none
            scaled += 0.0        # (-0.0 becomes 0.0, as whole * np.sign(-0.0) gives 0.0)
            np.copysign(whole, scaled, out=whole)
    else:  # pragma: no cover - the models reject other modes
        raise ValueError(f"unknown rounding mode {mode!r}")
    whole /= scale
    return whole if np.ndim(values) else whole[0]


def cent_sums(keys: np.ndarray, amounts: np.ndarray, minlength: int = 0) -> np.ndarray:
    """Amounts already rounded to the cent, summed per key (``np.bincount``) exactly.

    Each amount is added as a whole number of cents: a float64 holds every integer to 2**53 exactly (90 trillion
    dollars in cents), so no partial sum is ever rounded and the order of addition cannot change a total. Added as
    dollars, the three million amounts of a 1,000,000-person fiscal year drifted up to $0.47 from their exact
    total (a sum of binary fractions rounded at each step); the figures are stated to the cent."""
    return in_dollars(cents_per_key(keys, in_cents(amounts), minlength))


def in_cents(amounts: np.ndarray) -> np.ndarray:
    """Amounts already rounded to the cent as whole numbers of cents (floats holding integers), to be summed
    by :func:`cents_per_key` once for several groupings of the same amounts."""
    return np.rint(np.asarray(amounts, dtype=float) * 100.0)


def cents_per_key(keys: np.ndarray, cents: np.ndarray, minlength: int = 0) -> np.ndarray:
    """Whole cents summed per key, still in cents: exact, so totals of totals may be added before
    :func:`in_dollars` (see :func:`cent_sums`)."""
    return np.bincount(keys, weights=cents, minlength=minlength)


def in_dollars(cents: np.ndarray) -> np.ndarray:
    return cents / 100.0
