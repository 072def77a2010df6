"""The fiscal years a costing covers, as a scenario or a negotiation's rounds file states them.

A scenario (:mod:`.scenario`) and a rounds file (:mod:`.rounds`) both name the fiscal years they
are costed over (``years: 2024-2028``). One type checks the text when the file is read and one
method turns it into the years, so the same text means the same years in both files and a mistake
in either reads the same; whether the years lie inside the contract's period is checked where the
contract is read (:func:`costing.inputs.checks.check_years`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from .parsing import parse_years


def _checked(text: str) -> str:
    parse_years(text)  # a ValueError becomes the model's one-line error naming the file and `years`
    return text


FiscalYears = Annotated[str, AfterValidator(_checked), Field(description="fiscal years, e.g. 2025-2027")]
"""The ``years`` of a scenario or a rounds file: fiscal years named by the year they end, ``2025-2027``
or ``2025, 2027``."""


class StatesFiscalYears:
    """For a model whose ``years`` field is :data:`FiscalYears`: the years it states, sorted, each once."""

    def fiscal_years(self) -> list[int]:
        return parse_years(self.years)


__all__ = ["FiscalYears", "StatesFiscalYears"]
