"""The cycle collector kept off a report build's long-lived objects, and the kernels started from a light read.

costing.report.long_lived: inside the block, what existed before is frozen (gc.get_freeze_count counts it)
and objects made inside are still collected; on leaving, normally or by an exception, nothing stays frozen.
costing.report.execute.notebooks_named: the notebooks a scenario names, or the default, read without
validating it; a file it cannot read, or too large to be a scenario, starts no kernel, nor does an unknown name.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from costing.inputs.vocabulary import DEFAULT_NOTEBOOKS
from costing.report.execute import notebooks_named
from costing.report.long_lived import long_lived_objects_frozen


class Node:
    def __init__(self):
        self.me = self   # a cycle: only the collector frees it


def test_frozen_inside_and_collectable_after():
    before = Node()
    ref_before = weakref.ref(before)
    with long_lived_objects_frozen():
        assert gc.get_freeze_count() > 0
        inside = Node()
        ref_inside = weakref.ref(inside)
        del before, inside
        gc.collect()
        assert ref_inside() is None          # made inside: collected as usual
        assert ref_before() is not None      # frozen: not scanned, not freed
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref_before() is None              # given back to the collector on leaving


def test_unfrozen_after_an_error():
    with pytest.raises(RuntimeError), long_lived_objects_frozen():
        raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0


def test_a_callers_own_freeze_is_left_alone():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with long_lived_objects_frozen():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_garbage_of_an_earlier_report_is_collected_not_frozen():
    """A batch worker builds report after report in one process: what the last one left is freed on entering."""
    left = Node()
    ref = weakref.ref(left)
    del left
    with long_lived_objects_frozen():
        assert ref() is None


def test_notebooks_named_without_validating(tmp_path):
    named = tmp_path / "named.yaml"
    named.write_text("title: t\nnotebooks: [scenario_report, board_brief]\n", encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text("title: t\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    odd = tmp_path / "odd.yaml"
    odd.write_text("notebooks: scenario_report\n", encoding="utf-8")
    assert notebooks_named(named) == ("scenario_report", "board_brief")
    assert notebooks_named(plain) == DEFAULT_NOTEBOOKS == ("scenario_report",)
    assert notebooks_named(broken) == ()
    assert notebooks_named(odd) == ()
    assert notebooks_named(tmp_path / "missing.yaml") == ()
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("notebooks: [board_brief, nonsense, board_brief, 3]\n", encoding="utf-8")
    assert notebooks_named(unknown) == ("board_brief",)     # report notebooks only, each once
    huge = tmp_path / "huge.yaml"
    huge.write_text("notebooks: [scenario_report]\n" + "# padding\n" * 500_000, encoding="utf-8")
    assert notebooks_named(huge) == ()                       # larger than any scenario may be: not even read
    dated = tmp_path / "dated.yaml"                          # an impossible date is validation's to report
    dated.write_text("as_of: 2025-02-30\nnotebooks: [negotiation]\n", encoding="utf-8")
    assert notebooks_named(dated) == ("negotiation",)


def test_the_entry_point_keeps_the_exit_status_and_freezes_on_the_way_out(monkeypatch):
    """costing.cli.run: the command's own exit status (here a user mistake's 2) passes through, and everything is
    frozen as the process ends, so the interpreter's last collection skips it."""
    import importlib

    cli_main = importlib.import_module("costing.cli.main")   # the module: costing.cli.main is also the click group

    def command():
        raise SystemExit(2)

    monkeypatch.setattr(cli_main, "main", command)
    try:
        with pytest.raises(SystemExit) as ended:
            cli_main.run()
        assert ended.value.code == 2
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_entry_point_collects_young_objects_every_ten_thousand_allocations(monkeypatch):
    """costing.cli.run runs the command with the collector's first threshold at 10,000 (Python's default is 700):
    a command's objects are mostly modules and models that live to its end (measured: -3% of costing project)."""
    import importlib

    from costing.report.long_lived import YOUNG_COLLECTION_EVERY

    cli_main = importlib.import_module("costing.cli.main")
    seen = []

    def command():
        seen.append(gc.get_threshold())
        raise SystemExit(0)

    before = gc.get_threshold()
    monkeypatch.setattr(cli_main, "main", command)
    try:
        with pytest.raises(SystemExit):
            cli_main.run()
        assert seen == [(YOUNG_COLLECTION_EVERY, *before[1:])] and YOUNG_COLLECTION_EVERY == 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
