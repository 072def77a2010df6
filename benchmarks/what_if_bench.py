"""The what-if page's response time: from a control change to updated figures.

Targets: 0.3 s on the bundled Chelsea scenario (180 people), 1 s on a 5,000-person roster (the
Chelsea spec scaled, as benchmarks/report_bench.py makes it). Two measurements per roster:

* package: what the page runs on each change, in this process, through the page module itself
  (:class:`costing.report.what_if_page.WhatIfPage`, no browser): type a percent into the raise
  box, which reads and checks it, builds the edited copy, costs it (``WhatIf.recost``: the same
  costing the reports run) and renders the cards and both tables. Median and worst of
  ``--repeats`` edits, each a different percent.
* browser: ``costing serve`` on the scenario and headless Debian Chromium through Selenium: type a
  new percent into the page, press Tab, and time until the figures table shows other numbers.
  This includes the WebDriver round trips (a few ms each) and the widget messages over the
  websocket. Skipped (said so) where no browser is installed, or with ``--no-browser``.

    python -m benchmarks.what_if_bench [--repeats 7] [--no-browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHELSEA = ROOT / "data" / "chelsea"
PEOPLE = 5000
TARGETS = {"Chelsea (180 people)": 0.3, f"{PEOPLE:,} people": 1.0}
PERCENTS = [4.25, 5.0, 3.5, 6.0, 4.75, 5.5, 3.0, 6.5, 4.0, 5.25]


def big_scenario(work: Path) -> Path:
    """Chelsea's compare scenario on a 5,000-person roster (seeded, synthetic), all paths absolute."""
    roster = work / "roster.csv"
    subprocess.run([sys.executable, "-m", "costing", "roster", str(CHELSEA / "roster_spec.yaml"), "--out", str(roster),
                    "--scale", str(PEOPLE / 180)], check=True, capture_output=True)
    scenario = yaml.safe_load((CHELSEA / "compare.yaml").read_text())
    scenario.update(roster=str(roster), contract=str(CHELSEA / "contract.yaml"),
                    proposals=[str(CHELSEA / p) for p in scenario["proposals"]])
    path = work / "compare.yaml"
    path.write_text(yaml.safe_dump(scenario))
    return path


def package_times(scenario: Path, repeats: int) -> list[float]:
    from costing.report.what_if_page import open_page

    page = open_page(scenario, environ={})     # costs the scenario and draws the page once, as the first page load does
    page.year_pick.value = 2026
    times = []
    for k in range(repeats):
        before = page.figures.value
        start = time.perf_counter()
        page.percent.value = f"{PERCENTS[k % len(PERCENTS)]}"
        times.append(time.perf_counter() - start)
        if page.figures.value == before or page.percent_note.value:
            raise RuntimeError(f"the page did not re-cost {PERCENTS[k % len(PERCENTS)]}%: {page.percent_note.value}")
    return times


def browser_times(scenario: Path, repeats: int) -> tuple[list[float], float]:
    """(seconds per change, seconds to first page) through `costing serve` and headless Chromium."""
    from tests import what_if_driver as page

    with page.serving(scenario, timeout=180) as (address, _server), page.browser() as driver:
        start = time.perf_counter()
        page.wait_for_page(driver, address, timeout=300)
        first = time.perf_counter() - start
        times = []
        for k in range(repeats):
            before = page.figures_text(driver)
            start = time.perf_counter()
            page.type_into(driver, ".wi-percent", f"{PERCENTS[k % len(PERCENTS)] + 0.125:.3f}")
            page.wait_for_change(driver, before, timeout=60)
            times.append(time.perf_counter() - start)
    return times, first


def line(label: str, times: list[float], target: float) -> str:
    median, worst = statistics.median(times), max(times)
    verdict = "OK" if median <= target else "OVER TARGET"
    return f"  {label:<34} median {median:6.3f} s   worst {worst:6.3f} s   (n={len(times)}; target <= {target} s: {verdict})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    from tests.what_if_driver import missing_browser

    why_not = "--no-browser" if args.no_browser else missing_browser()
    print(f"what-if response time {dt.date.today()}: from a control change to updated figures")
    over = False
    with tempfile.TemporaryDirectory(prefix="what-if-bench-") as tmp:
        scenarios = {"Chelsea (180 people)": CHELSEA / "compare.yaml", f"{PEOPLE:,} people": big_scenario(Path(tmp))}
        for label, scenario in scenarios.items():
            target = TARGETS[label]
            print(label)
            times = package_times(scenario, args.repeats)
            print(line("package (edit, re-cost, tables)", times, target))
            over |= statistics.median(times) > target
            if why_not:
                print(f"  browser round trip: not measured ({why_not})")
                continue
            times, first = browser_times(scenario, args.repeats)
            print(line("browser (type, Tab, table redrawn)", times, target))
            print(f"  {'first page (kernel start, costing)':<34} {first:6.2f} s")
            over |= statistics.median(times) > target
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
