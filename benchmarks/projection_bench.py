"""Projection throughput and peak memory: baseline plus one proposal over 3 fiscal years.

Each size runs in its own process so that its peak memory (max RSS) is its own. Rosters are
the bundled Chelsea spec scaled up (seeded, synthetic). The plain per-day reference
implementation (the tests' oracle) runs on a small roster for the ratio.

    python -m benchmarks.projection_bench [--sizes 10000,100000,1000000] [--benefits] [--costing]
                                          [--against OTHER_CHECKOUT]

``--benefits`` adds a health benefit (two plans, two tiers, a premium change on 1/1/2026 and a
share change from 75% to 80% in the proposal) and an enrolment column drawn for every person
(20% waived), so the per-head benefit costing is timed with the rest.

``--costing`` times everything a costing projects (``project_scenarios``: the years, each
scenario's year before, the held-steps base pay and the year-end placements) instead of the two
projections of the years alone; employee-years are counted the same way (employees x 3 years x
2 scenarios), so the two rates compare. ``--against DIR`` also runs each size with another
checkout's ``costing`` package on the import path (e.g. ``git archive <commit> | tar -x -C DIR``),
alternating the two, so that a before/after comparison on a busy machine sees the same load; the
timing code is this file's in both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARS = [2025, 2026, 2027]


BENEFIT = {
    "name": "health", "column": "health",
    "plans": {"HMO": [{"effective": "2024-07-01", "rates": {"individual": 850, "family": 2240}},
                      {"effective": "2026-01-01", "rates": {"individual": 900, "family": 2380}}],
              "PPO": [{"effective": "2024-07-01", "rates": {"individual": 1050, "family": 2700}}]},
    "employer_share": [{"effective": "2024-07-01", "percent": 75}],
}
SHARE_CHANGE = {"op": "set_employer_share", "effective": "2025-07-01", "name": "health", "percent": 80}


def _setup(size: int, benefits: bool = False):
    import numpy as np

    from costing.engine.apply import apply_proposal
    from costing.inputs.loading import load_contract, load_proposal, validate_model
    from costing.inputs.models import Contract, Proposal
    from costing.inputs.roster import check_roster
    from costing.inputs.synth import generate_roster, load_roster_spec

    contract = load_contract(ROOT / "data/chelsea/contract.yaml")
    moa = load_proposal(ROOT / "data/chelsea/proposals/moa_2024.yaml")
    if benefits:
        contract = validate_model(Contract, {**contract.model_dump(mode="json"), "benefits": [BENEFIT]}, "benchmark")
        data = moa.model_dump(mode="json", exclude_none=True)
        moa = validate_model(Proposal, {**data, "changes": [*data["changes"], SHARE_CHANGE]}, "benchmark")
    proposal = apply_proposal(contract, moa)
    spec = load_roster_spec(ROOT / "data/chelsea/roster_spec.yaml")
    raw = generate_roster(spec, scale=size / sum(g.count for g in spec.groups)).astype(str)
    if benefits:
        choices = np.array(["", "HMO:individual", "HMO:family", "PPO:individual", "PPO:family"])
        raw["health"] = choices[np.random.default_rng(7).choice(5, size=len(raw), p=[0.2, 0.3, 0.3, 0.1, 0.1])]
    return contract, proposal, check_roster(raw, contract, "synthetic", needed_by={"moa": proposal})


def run_one(size: int, benefits: bool = False, costing: bool = False) -> dict:
    """Time the vectorized projection (or, with ``costing``, all a costing projects) for one roster size."""
    from costing.engine.projection import Options, encode_roster, project

    contract, proposal, roster = _setup(size, benefits)
    options = Options(as_of=dt.date(2024, 7, 1))
    start, cpu = time.perf_counter(), time.process_time()
    if costing:
        from costing.engine.projected import project_scenarios

        rows = len(project_scenarios(roster, contract, {"moa": proposal}, YEARS, options).results)
    else:
        codes = encode_roster(roster)  # once per costing, as cost_scenarios does (timed)
        rows = sum(len(project(roster, c, YEARS, name, options, codes=codes))
                   for name, c in (("baseline", contract), ("moa", proposal)))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    employee_years = len(roster) * len(YEARS) * 2
    return {
        "employees": len(roster), "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
        "employee_years_per_second": round(employee_years / seconds),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rows": rows,
    }


def run_reference(size: int) -> dict:
    """The per-day reference on a small roster, and the vectorized path on the same roster."""
    from costing.engine.projection import Options, project
    from costing.engine.reference import reference_project

    contract, proposal, roster = _setup(size)
    start = time.perf_counter()
    for c in (contract, proposal):
        reference_project(roster, c, YEARS, dt.date(2024, 7, 1))
    slow = time.perf_counter() - start
    start = time.perf_counter()
    for c in (contract, proposal):
        project(roster, c, YEARS, options=Options(as_of=dt.date(2024, 7, 1)))
    fast = time.perf_counter() - start
    return {"employees": len(roster), "reference_seconds": round(slow, 3), "vectorized_seconds": round(fast, 4),
            "speedup": round(slow / fast, 1)}


def _run_in_child(size: int, tree: Path, benefits: bool, costing: bool) -> dict:
    """``run_one`` in a fresh process with ``tree``'s ``costing`` package on the import path."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONPATH": str(tree)}
    args = [sys.executable, str(Path(__file__).resolve()), "--one", str(size),
            *(["--benefits"] if benefits else []), *(["--costing"] if costing else [])]
    out = subprocess.run(args, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--reference-size", type=int, default=200)
    parser.add_argument("--benefits", action="store_true", help="add per-head health benefits (plans, tiers, share change)")
    parser.add_argument("--costing", action="store_true", help="time all a costing projects (project_scenarios)")
    parser.add_argument("--against", type=Path, metavar="DIR", help="also time another checkout's package, alternating")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.benefits, args.costing)))
        return
    trees = [ROOT, args.against.resolve()] if args.against else [ROOT]
    print(f"projection benchmark {dt.date.today()}: baseline + 1 proposal, {len(YEARS)} fiscal years, one core"
          + (", with per-head benefits" if args.benefits else "")
          + (", everything a costing projects (project_scenarios)" if args.costing else "")
          + f", {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'tree':>12} {'employees':>10} {'seconds':>8} {'CPU s':>8} {'employee-years/s':>17} {'peak MiB':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        for tree in trees:
            r = _run_in_child(size, tree, args.benefits, args.costing)
            name = "this" if tree == ROOT else tree.name
            print(f"{name:>12} {r['employees']:>10,} {r['seconds']:>8.2f} {r.get('cpu_seconds', float('nan')):>8.2f}"
                  f" {r['employee_years_per_second']:>17,}"
                  f" {r['peak_rss_mib']:>9,.0f}", flush=True)
    if not args.against:
        ref = run_reference(args.reference_size)
        print(f"reference (per employee, per day) on {ref['employees']} employees: {ref['reference_seconds']:.2f} s;"
              f" vectorized {ref['vectorized_seconds']:.3f} s; ratio {ref['speedup']:,}x")


if __name__ == "__main__":
    main()
