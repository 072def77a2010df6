"""The scenarios projected on threads (a large roster, :func:`costing.engine.projected.each_scenario`)
give the figures a loop gives, to the last bit, and the same first error.

Newton's NTA offer of 28 January 2024 adds new positions (its people differ from the status quo's)
and its years reach back before the contract's first table (the year before can be costed or not)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from costing.engine import projected
from costing.engine.costing_run import cost_files

NEWTON = Path(__file__).resolve().parent.parent / "data" / "newton"


def _costing(monkeypatch, rows: int):
    monkeypatch.setattr(projected, "PARALLEL_ROWS", rows)
    return cost_files(NEWTON / "roster.csv", NEWTON / "contract.yaml",
                      [str(NEWTON / "proposals/nta_2024-01-28.yaml"), str(NEWTON / "proposals/sc_2024-01-30.yaml")],
                      [2024, 2025, 2026])


def test_threads_give_the_loops_figures(monkeypatch) -> None:
    if projected.each_scenario(lambda n: n, ["a", "b"], rows=0) != ["a", "b"]:
        pytest.fail("each_scenario must keep the scenarios' order")
    threaded, looped = _costing(monkeypatch, 0), _costing(monkeypatch, 10**9)
    pd.testing.assert_frame_equal(threaded.measures, looped.measures, check_exact=True)
    pd.testing.assert_frame_equal(threaded.results, looped.results, check_exact=True)
    assert threaded.placements.keys() == looped.placements.keys()
    for key, placed in looped.placements.items():
        pd.testing.assert_frame_equal(threaded.placements[key], placed, check_exact=True)


def test_the_first_scenarios_error_is_raised(monkeypatch) -> None:
    def work(name: str) -> str:
        if name != "ok":
            raise ValueError(name)
        return name

    with pytest.raises(ValueError, match="first"):
        projected.each_scenario(work, ["ok", "first", "second"], rows=0)


def test_no_scenario_starts_after_one_has_failed(monkeypatch) -> None:
    """Three scenarios on two threads: the second fails at once while the first is still working, so the third,
    next in the queue, would have run for nothing (seconds at a million people) before the error was raised; as
    in a loop, it is never started, and the second's error is the one raised."""
    import threading
    import time

    monkeypatch.setattr(projected.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    ran, failed = [], threading.Event()

    def work(name: str) -> str:
        if name == "slow":
            failed.wait(5)
            time.sleep(0.2)
        if name == "fails":
            failed.set()
            raise ValueError(name)
        ran.append(name)
        return name

    with pytest.raises(ValueError, match="fails"):
        projected.each_scenario(work, ["slow", "fails", "later"], rows=None)
    assert ran == ["slow"]
