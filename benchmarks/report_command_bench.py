"""The whole ``costing report`` command for 5,000 people, repeated: median, best and worst wall time.

Target (issue 23 item 8): 6 s or less on a quiet 2-core machine. The machine this project runs on is
shared, so one run says little: each run is a fresh ``python -m costing report`` process (imports,
costing, the kernel's start, papermill, HTML, PDF, workbook, member page, privacy check), timed from
the parent; CPU seconds are the command's and the processes it waited for (its kernel); the stage
times are the ones the report's own manifest records (``timings_seconds``). The load average is
printed before and after, so a busy run says so.

    python -m benchmarks.report_command_bench [--repeat 5] [--people 5000] [--profile] [--timeline] [--against DIR]

The scenario is a copy of the bundled Chelsea folder (contract, proposals, comparables) with a
seeded synthetic roster of ``--people`` (the Chelsea spec scaled), the scenario_report notebook only,
public audience. ``--profile`` instead runs the command once under cProfile and prints where the
command's own process spends its time (the kernel's share shows as waiting in nbclient); ``--timeline``
runs it once with its steps stamped (:mod:`benchmarks.report_timeline`: when the kernel starts, when the
command starts waiting for it, when it answers, each step's start and end) and the notebook's own times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHELSEA = ROOT / "data" / "chelsea"
TARGET_SECONDS = 6.0


def make_scenario(folder: Path, people: int) -> Path:
    """A copy of the Chelsea folder with a scaled synthetic roster: scenario_report only, public."""
    work = folder / "chelsea"
    shutil.copytree(CHELSEA, work, ignore=shutil.ignore_patterns("roster.csv"))
    subprocess.run([sys.executable, "-m", "costing", "roster", str(work / "roster_spec.yaml"), "--out",
                    str(work / "roster.csv"), "--scale", str(people / 180)], check=True, capture_output=True, cwd=ROOT)
    scenario = yaml.safe_load((work / "scenario.yaml").read_text())
    scenario.update(notebooks=["scenario_report"], audience="public")
    scenario.pop("output", None)
    path = work / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def run_command(scenario: Path, out: Path, tree: Path = ROOT) -> tuple[float, float, dict[str, float]]:
    """(wall seconds, CPU seconds of the command and what it waited for, the manifest's stage times), with
    ``tree`` (this checkout or another) first on the import path of the command and its kernel."""
    args = [sys.executable, "-m", "costing", "report", str(scenario), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(tree), "COSTING_NOTEBOOKS": str(tree / "costing/report/notebooks")}
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    error = child.stderr.read().decode()
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {error}")
    stages = json.loads((out / "manifest.json").read_text())["timings_seconds"]
    return wall, usage.ru_utime + usage.ru_stime, stages


def measure(people: int, repeat: int, tree: Path = ROOT, against: Path | None = None) -> dict[str, dict]:
    """Each checkout's runs; with ``against``, the two alternate so that both see the same load."""
    trees = {"this checkout": tree, **({f"against {against.name}": against} if against else {})}
    with tempfile.TemporaryDirectory(prefix="report-command-bench-") as tmp:
        scenario = make_scenario(Path(tmp), people)
        load_before = os.getloadavg()[0]
        runs: dict[str, list] = {label: [] for label in trees}
        for i in range(repeat):
            for label, where in trees.items():
                out = Path(tmp) / f"out{i}-{len(runs[label])}-{where.name}"
                wall, cpu, stages = run_command(scenario, out, where)
                runs[label].append({"wall": wall, "cpu": cpu, "stages": stages})
                print(f"  {label}, run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, load {os.getloadavg()[0]:.1f}",
                      file=sys.stderr, flush=True)
        return {label: {"people": people, "runs": r, "load_before": load_before, "load_after": os.getloadavg()[0],
                        "label": label} for label, r in runs.items()}


def report(result: dict) -> None:
    runs = result["runs"]
    walls, cpus = [r["wall"] for r in runs], [r["cpu"] for r in runs]
    median = statistics.median(walls)
    print(f"{result['label']}: `costing report`, {result['people']:,} people (Chelsea spec scaled), scenario_report, public;"
          f" {len(runs)} runs, {dt.date.today()}, {os.cpu_count()} CPUs, load average {result['load_before']:.1f}"
          f" before and {result['load_after']:.1f} after")
    print()
    print("| whole command | median | best | worst |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| wall seconds | {median:.2f} | {min(walls):.2f} | {max(walls):.2f} |")
    print(f"| CPU seconds (command and kernel) | {statistics.median(cpus):.2f} | {min(cpus):.2f} | {max(cpus):.2f} |")
    print()
    print("| stage (the manifest's timings) | median seconds |")
    print("| --- | ---: |")
    for stage in runs[0]["stages"]:
        print(f"| {stage} | {statistics.median(r['stages'].get(stage, 0.0) for r in runs):.2f} |")
    verdict = "met" if median <= TARGET_SECONDS else "NOT met"
    print(f"\ntarget <= {TARGET_SECONDS:.0f} s (median wall): {verdict}")


def profile(people: int) -> None:
    """Where the command's own process spends its time (cumulative), once, under cProfile."""
    import pstats

    with tempfile.TemporaryDirectory(prefix="report-command-bench-") as tmp:
        scenario = make_scenario(Path(tmp), people)
        stats = Path(tmp) / "profile.out"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "costing", "report", str(scenario),
                        "--out", str(Path(tmp) / "out")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print(json.dumps(json.loads((Path(tmp) / "out" / "manifest.json").read_text())["timings_seconds"], indent=1))
        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(40)


def timeline(people: int) -> None:
    """The command's moments, once (:mod:`benchmarks.report_timeline`), and the notebook's times."""
    from benchmarks.report_timeline import notebook_times

    with tempfile.TemporaryDirectory(prefix="report-command-bench-") as tmp:
        scenario = make_scenario(Path(tmp), people)
        out, stamps = Path(tmp) / "out", Path(tmp) / "timeline.txt"
        subprocess.run([sys.executable, "-m", "benchmarks.report_timeline", str(scenario), str(out), str(stamps)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print(f"`costing report`, {people:,} people, {dt.date.today()}, load average {os.getloadavg()[0]:.1f}\n")
        print(stamps.read_text())
        for what, seconds in notebook_times(out / "scenario_report.ipynb").items():
            print(f"notebook: {what} {seconds:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Fresh command runs (median quoted).")
    parser.add_argument("--people", type=int, default=5000, help="Roster size.")
    parser.add_argument("--profile", action="store_true", help="Profile one run instead.")
    parser.add_argument("--timeline", action="store_true", help="Stamp one run's steps instead.")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="Also time another checkout (git archive <commit> | tar -x -C DIR), alternating.")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.people)
        return 0
    if args.timeline:
        timeline(args.people)
        return 0
    for result in measure(args.people, args.repeat, against=args.against.resolve() if args.against else None).values():
        report(result)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
