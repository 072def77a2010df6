"""The whole `costing project` command, as a user runs it: process start to exit, output written.

Each run is a fresh ``python -m costing project`` process (imports, reading and checking the
roster, costing, writing the file), timed from the parent; its peak memory is the child's own
max RSS (``os.wait4``). Rosters are the bundled Chelsea spec scaled up (seeded, synthetic),
written to a temporary folder first (not timed). Baseline plus the Chelsea MOA, FY2025-FY2027:
employee-years = employees x 3 years x 2 scenarios, as in the projection benchmark.

    python -m benchmarks.command_bench [--sizes 10000,100000,1000000] [--detail-csv] [--profile SIZE]
                                       [--against OTHER_CHECKOUT] [--repeat N] [--summary-only]

Prints a Markdown table for BENCHMARKS.md. ``--profile SIZE`` instead runs the summary command
once under cProfile and prints where its time goes (the package's functions, by cumulative time;
the scenarios projected one after another, as cProfile sees one thread only).
``--against DIR`` also runs every command with another checkout of the project on the import
path (e.g. ``git archive <commit> | tar -x -C DIR``), alternating the two, so that a before/after
comparison on a busy machine sees the same load (Parquet runs only for this checkout).
``--repeat N`` runs each command N times (alternating checkouts each time) and reports the median
wall and CPU seconds and the largest peak; ``--summary-only`` leaves out the ``--detail`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARS = "2025-2027"
SCENARIOS = 2


def make_roster_file(size: int, folder: Path) -> Path:
    """A seeded synthetic roster of ``size`` employees as a CSV (the Chelsea spec scaled)."""
    from costing.inputs.synth import generate_roster, load_roster_spec, write_roster

    spec = load_roster_spec(ROOT / "data/chelsea/roster_spec.yaml")
    path = folder / f"roster_{size}.csv"
    write_roster(generate_roster(spec, scale=size / sum(g.count for g in spec.groups)), path)
    return path


def command(roster: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "costing", "project", "--roster", str(roster),
            "--contract", str(ROOT / "data/chelsea/contract.yaml"),
            "--proposal", str(ROOT / "data/chelsea/proposals/moa_2024.yaml"), "--years", YEARS, *extra]


def child_env(tree: Path, pycache: Path | None = None) -> dict[str, str]:
    """The environment of a timed child: ``tree`` on the import path, one thread for numpy's libraries,
    and, with ``pycache``, bytecode kept there (``PYTHONPYCACHEPREFIX``; written by an untimed first
    run) even where the caller's environment says not to write any (``PYTHONDONTWRITEBYTECODE``):
    a package installed from its wheel runs from compiled bytecode, so a timed run should not
    compile the package's sources each time (0.1 CPU-s at every size), nor write into the checkouts;
    costing's state (its record of the files it writes) then goes in a folder beside it, one per checkout
    (they may keep the record differently), so that the runs neither depend on this account's history nor
    add to it."""
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
        env["XDG_STATE_HOME"] = str(pycache.parent / f"state-{tree_key(tree)}")
    return env


def tree_key(tree: Path) -> str:
    """A short name for a checkout: its state folder's and its outputs' (each checkout writes its own files,
    as the record of one does not vouch for a file another wrote)."""
    return hashlib.sha256(str(tree).encode()).hexdigest()[:8]


def run_timed(args: list[str], tree: Path = ROOT, pycache: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of one child process, start to exit, with ``tree`` on
    the import path (:func:`child_env`). CPU seconds (user + system) say more than wall time on a
    shared, busy machine."""
    env = child_env(tree, pycache)
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {child.stderr.read().decode()}")
    child.stderr.close()
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(sizes: list[int], detail_csv: bool, against: Path | None = None, repeat: int = 1,
            summary_only: bool = False) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="costing-bench-") as tmp:
        folder = Path(tmp)
        pycache = folder / "pycache"
        warm_up = make_roster_file(1000, folder)
        for tree in [ROOT, against] if against else [ROOT]:  # compiles what the command imports, untimed
            run_timed(command(warm_up, "--out", str(folder / f"{tree_key(tree)}-warm_up.csv")), tree, pycache)
        for size in sizes:
            roster = make_roster_file(size, folder)
            runs = [("summary (CSV)", ("--out", "summary.csv"))]
            if not summary_only:
                runs.append(("--detail to Parquet", ("--detail", "--out", "detail.parquet")))
            if detail_csv:
                runs.append(("--detail to CSV", ("--detail", "--out", "detail.csv")))
            for label, (*options, out) in runs:
                # older checkouts cannot write Parquet: compare them on the CSV commands only
                trees = [ROOT, against] if against and "Parquet" not in label else [ROOT]
                timed: dict[Path, list[tuple[float, float, float]]] = {tree: [] for tree in trees}
                for _ in range(repeat):
                    for tree in trees:   # alternating, so that both see the same load
                        args = command(roster, *options, str(folder / f"{tree_key(tree)}-{out}"))
                        timed[tree].append(run_timed(args, tree, pycache))
                        seconds, cpu, peak = timed[tree][-1]
                        print(f"  {size:,} {label} {tree.name}: {seconds:.2f} s ({cpu:.2f} s CPU), {peak:,.0f} MiB,"
                              f" load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
                for tree in trees:
                    seconds = statistics.median(t[0] for t in timed[tree])
                    name = label if tree == ROOT else f"{label}, {against.name}"
                    rows.append({"employees": size, "command": name, "seconds": seconds,
                                 "cpu": statistics.median(t[1] for t in timed[tree]),
                                 "employee_years_per_second": size * 3 * SCENARIOS / seconds,
                                 "peak_mib": max(t[2] for t in timed[tree])})
            roster.unlink()
    return rows


PROFILED = """
import cProfile, sys
import costing.engine.projected as projected
projected.PARALLEL_ROWS = float("inf")   # the scenarios on this thread: cProfile sees no other
stats, sys.argv = sys.argv[1], ["costing", *sys.argv[2:]]
cProfile.run("from costing.cli import main; main()", stats)
"""
"""The summary command under cProfile, its scenarios projected one after another: cProfile profiles
only the thread it runs on, and the command projects the scenarios of a large roster on threads
(:func:`costing.engine.projected.each_scenario`)."""


def profile(size: int) -> None:
    """Where the summary command's time goes, by the package's functions (cumulative), the scenarios
    projected on one thread (:data:`PROFILED`)."""
    import pstats

    with tempfile.TemporaryDirectory(prefix="costing-bench-") as tmp:
        folder = Path(tmp)
        roster = make_roster_file(size, folder)
        stats = folder / "profile.out"
        args = command(roster, "--out", str(folder / "summary.csv"))
        subprocess.run([sys.executable, "-c", PROFILED, str(stats), *args[3:]], cwd=ROOT, check=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(r"costing[/\\](inputs|engine|cli)", 30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Roster sizes, comma-separated.")
    parser.add_argument("--detail-csv", action="store_true", help="Also time --detail to CSV.")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="Profile the summary command at one size instead.")
    parser.add_argument("--against", type=Path, metavar="DIR", help="Also time another checkout, alternating.")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="Run each command N times; report medians.")
    parser.add_argument("--summary-only", action="store_true", help="Leave out the --detail runs.")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    start_load = os.getloadavg()[0]
    rows = measure(sizes, args.detail_csv, args.against.resolve() if args.against else None, args.repeat,
                   args.summary_only)
    print(f"whole command benchmark {dt.date.today()}: `costing project`, baseline + Chelsea MOA, FY{YEARS},"
          f" fresh process each, median of {args.repeat}, {os.cpu_count()} CPUs, load average"
          f" {start_load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end")
    print()
    print("| employees | command | seconds | CPU seconds | employee-years / s | peak MiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['employees']:,} | {r['command']} | {r['seconds']:.2f} | {r['cpu']:.2f}"
              f" | {r['employee_years_per_second']:,.0f} | {r['peak_mib']:,.0f} |")


if __name__ == "__main__":
    main()
