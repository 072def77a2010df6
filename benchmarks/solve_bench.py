"""Goal-seek speed on a 5,000-person roster: is it fast enough to use live at the table?

    python -m benchmarks.solve_bench [--employees 5000]

Solves the Chelsea MOA's 2025-26 percent for a new-money target over FY2025-FY2027, one FY's
budget, and an effective date; prints wall time and the number of costings each needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from costing.engine.projection import Options
from costing.inputs.loading import load_proposal
from costing.negotiate.solve import Target, solve

from .projection_bench import ROOT, YEARS, _setup


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=5000)
    args = parser.parse_args(argv)
    contract, _, roster = _setup(args.employees)
    proposal = load_proposal(ROOT / "data/chelsea/proposals/moa_2024.yaml")
    options = Options(as_of=dt.date(2024, 7, 1))
    scale = len(roster) / 180
    print(f"goal-seek benchmark {dt.date.today()}: {len(roster):,} employees, FY{YEARS[0]}-FY{YEARS[-1]}")
    cases = [
        ("2025-26 percent for new money over the contract", 3, None, Target("new_money", 5_000_000 * scale)),
        ("2024-25 percent for a FY2025 budget", 0, None, Target("budget", 800_000 * scale, 2025)),
        ("2024-25 raise date for a FY2025 budget", 0, "effective", Target("budget", 800_000 * scale, 2025)),
    ]
    for label, change, field, target in cases:
        start = time.perf_counter()
        result = solve(roster, contract, proposal, change, target, YEARS, options, field=field)
        seconds = time.perf_counter() - start
        print(f"  {label}: {result.value_text()} in {seconds:.2f} s ({result.evaluations} costings)")


if __name__ == "__main__":
    main()
