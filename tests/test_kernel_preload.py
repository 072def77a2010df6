"""A report's kernel imports its notebook's modules while it boots (issue 23 item 8: speed).

The imports are IPython exec_lines on the kernel's command line: each names a module that must exist
(a renamed module would make the kernel log an error and the preload silently do nothing), and none
leaves a name in the notebook's namespace.
"""

from __future__ import annotations

import ast
import importlib

import pytest

from costing.report.execute import PRELOAD, PRELOAD_EXTRA, preload_arguments


@pytest.mark.parametrize("notebook", ["scenario_report", "board_brief", "compare_proposals", "negotiation"])
def test_preload_lines_import_real_modules_and_bind_nothing(notebook):
    (argument,) = preload_arguments(notebook)
    assert argument.startswith("--IPKernelApp.exec_lines=")
    lines = ast.literal_eval(argument.split("=", 1)[1])
    assert len(lines) == len(PRELOAD) + len(PRELOAD_EXTRA.get(notebook, ()))
    for line in lines:
        namespace: dict = {}
        exec(line, namespace)   # noqa: S102 - the kernel runs exactly this line
        assert set(namespace) == {"__builtins__"}
    for module in (*PRELOAD, *PRELOAD_EXTRA.get(notebook, ())):
        importlib.import_module(module)
