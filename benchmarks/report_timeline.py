"""One ``costing report`` run with the moments that matter stamped: where the command's seconds go.

    python -m benchmarks.report_timeline SCENARIO.yaml OUT_FOLDER TIMELINE.txt

Runs the command in this process (``python -m costing report SCENARIO --out OUT``) with the report
builder's steps wrapped, and writes one line per moment to TIMELINE.txt: seconds since the process
started (wall), this process's CPU seconds, and what happened (``>`` a step begins, ``<`` it ends; the
kernel's start, when the command starts waiting for it and when it answers). The notebook's own cell
times are in the executed notebook's papermill metadata, summed by :func:`notebook_times`. Written to a
file because the command mutes its stderr while the kernel runs. Used by
``python -m benchmarks.report_command_bench --timeline``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

STEPS = ("import_the_rest", "work_beside_notebooks", "execute", "export_html", "render_pdf", "check_public")


def process_start() -> float:
    """This process's start, in seconds since the epoch (Linux: its start in clock ticks since boot, against
    /proc/uptime; /proc/stat's boot time is whole seconds)."""
    with open("/proc/self/stat") as handle:
        ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as handle:
        uptime = float(handle.read().split()[0])
    return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))


def stamping(log, start: float):
    def stamp(what: str) -> None:
        log.write(f"{time.time() - start:6.2f} s  {time.process_time():5.2f} CPU-s  {what}\n")
        log.flush()
    return stamp


def wrap(module, name: str, stamp) -> None:
    """Stamp the start and the end of ``module.name`` (a function the builder calls by that name)."""
    original = getattr(module, name)

    def stamped(*args, **kwargs):
        stamp(f"> {name}")
        try:
            return original(*args, **kwargs)
        finally:
            stamp(f"< {name}")

    setattr(module, name, stamped)


def wrap_kernel_ready(stamp) -> None:
    from jupyter_client.asynchronous import client

    original = client.AsyncKernelClient.wait_for_ready

    async def stamped(self, *args, **kwargs):
        stamp("waiting for the kernel")
        result = await original(self, *args, **kwargs)
        stamp("kernel ready")
        return result

    client.AsyncKernelClient.wait_for_ready = stamped


def notebook_times(path: Path) -> dict[str, float]:
    """From an executed notebook's papermill metadata: papermill's start to the first cell, the cells' own
    seconds, and the first cell to papermill's end (the cells plus papermill's own time between them)."""
    notebook = json.loads(path.read_text())
    meta = notebook["metadata"]["papermill"]
    cells = [c["metadata"]["papermill"] for c in notebook["cells"] if "papermill" in c["metadata"]]
    at = dt.datetime.fromisoformat
    first = at(cells[0]["start_time"])
    return {"papermill start to first cell": (first - at(meta["start_time"])).total_seconds(),
            "cells": sum(c["duration"] or 0.0 for c in cells),
            "first cell to end": (at(meta["end_time"]) - first).total_seconds()}


def main(scenario: str, out: str, timeline: str) -> None:
    start = process_start()
    with open(timeline, "w") as log:
        stamp = stamping(log, start)
        stamp("python started, costing not imported")
        from costing.cli import main as costing_command
        from costing.report import build, execute

        stamp("costing.cli and costing.report.build imported")
        wrap(execute, "start_kernel", stamp)
        for name in STEPS:
            wrap(build, name, stamp)
        wrap_kernel_ready(stamp)
        sys.argv = ["costing", "report", scenario, "--out", out]
        try:
            costing_command()
        except SystemExit:
            pass
        stamp("command done")


if __name__ == "__main__":
    main(*sys.argv[1:4])
