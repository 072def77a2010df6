"""One scenario report for a 5,000-person roster, end to end: papermill execution, HTML, PDF, workbook.

Target: 6 s or less for the whole command on the reference machine (2 cores), issue 13. Run: ``python -m benchmarks.report_bench``.
Builds a Chelsea-shaped roster of 5,000 people (``costing roster --scale``), a scenario using the
scenario_report notebook only, and prints each stage's wall time plus the whole command's.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .report_command_bench import make_scenario

PEOPLE = 5000
TARGET_SECONDS = 6.0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        work = Path(tmp)
        path = make_scenario(work, PEOPLE)   # a copy of the Chelsea folder: its comparables and proposals resolve

        from costing.report.build import build_report

        t0 = time.perf_counter()
        built = build_report(path, work / "out", timeout=300)
        in_process = time.perf_counter() - t0
        print(f"report for {PEOPLE:,} people, in one process (imports already paid by the second run below):")
        for stage, seconds in built.timings.items():
            print(f"  {stage:<28} {seconds:6.2f} s")
        print(f"  {'total (build_report)':<28} {in_process:6.2f} s   pages={built.pages}")

        t0 = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "costing", "report", str(path), "--out", str(work / "cli")],
                                capture_output=True, text=True)
        command = time.perf_counter() - t0
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        verdict = "OK" if command <= TARGET_SECONDS else "OVER TARGET"
        print(f"  {'whole `costing report` command':<28} {command:6.2f} s   (target <= {TARGET_SECONDS:.0f} s: {verdict})")
        return 0 if command <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
