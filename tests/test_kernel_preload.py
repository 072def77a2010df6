"""A report's kernel imports its notebook's modules while it boots (issue 23 item 8: speed).

The imports are IPython exec_lines on the kernel's command line: each names a module that must exist
(a renamed module would make the kernel log an error and the preload silently do nothing), and none
leaves a name in the notebook's namespace. The last line freezes what they made (costing.report.long_lived).
"""

from __future__ import annotations

import ast
import gc
import importlib

import pytest

from costing.report.execute import PRELOAD, PRELOAD_EXTRA, preload_arguments
from costing.report.long_lived import KERNEL_LINE


@pytest.mark.parametrize("notebook", ["scenario_report", "board_brief", "compare_proposals", "negotiation"])
def test_preload_lines_import_real_modules_and_bind_nothing(notebook):
    (argument,) = preload_arguments(notebook)
    assert argument.startswith("--IPKernelApp.exec_lines=")
    lines = ast.literal_eval(argument.split("=", 1)[1])
    assert len(lines) == len(PRELOAD) + len(PRELOAD_EXTRA.get(notebook, ())) + 1
    assert lines[-1] == KERNEL_LINE   # last: it freezes what the imports made
    try:
        for line in lines:
            namespace: dict = {}
            exec(line, namespace)   # noqa: S102 - the kernel runs exactly this line
            assert set(namespace) == {"__builtins__"}
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    for module in (*PRELOAD, *PRELOAD_EXTRA.get(notebook, ())):
        importlib.import_module(module)
