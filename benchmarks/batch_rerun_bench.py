"""A nightly batch rerun with nothing changed, as a whole command: target 1 s (issue 13, item 6).

Run: ``python -m benchmarks.batch_rerun_bench`` (builds the bundled batch once into a temporary
copy, a few minutes, then times reruns), or ``--batch data/batch.yaml`` to time reruns of a batch
already built (after ``make report``; a rerun only rewrites its index). Each rerun is a fresh
``costing batch`` process, timed from start to exit, as cron or systemd would see it: once into the
same dated folder (everything skipped in place) and once into the next day's folder (everything
skipped, linked to the earlier folder). For context it also times the bare interpreter and the
import of the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0


def timed(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = subprocess.run(args, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
    return times


def line(label: str, times: list[float]) -> str:
    return f"{label:<46} best {min(times):5.2f} s   median {statistics.median(times):5.2f} s   ({len(times)} runs)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=Path, help="an already built batch file (default: build a copy of the bundled one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    costing = [sys.executable, "-m", "costing", "batch"]
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        if args.batch:
            batch, day = args.batch, dt.date.today()
        else:
            shutil.copytree(ROOT / "data", Path(tmp) / "data", ignore=shutil.ignore_patterns("README.md"))
            batch, day = Path(tmp) / "data" / "batch.yaml", dt.date(2031, 1, 1)
            t0 = time.perf_counter()
            subprocess.run([*costing, str(batch), "--date", day.isoformat()], check=True, capture_output=True)
            print(f"first build of {batch.name} (not the measured figure): {time.perf_counter() - t0:.1f} s")
        print(line("python -c pass", timed([sys.executable, "-c", "pass"], args.repeat)))
        print(line("import costing.cli.main", timed([sys.executable, "-c", "import costing.cli.main"], args.repeat)))
        same = timed([*costing, str(batch), "--date", day.isoformat()], args.repeat)
        print(line("rerun, same date (all skipped in place)", same))
        following = (day + dt.timedelta(days=1)).isoformat()
        nxt = timed([*costing, str(batch), "--date", following], args.repeat)
        print(line("rerun, next date (all linked to the earlier)", nxt))
        worst = max(statistics.median(same), statistics.median(nxt))
        print(f"target {TARGET_SECONDS:.1f} s: {'met' if worst <= TARGET_SECONDS else 'NOT met'} (median {worst:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
