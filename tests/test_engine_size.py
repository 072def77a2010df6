"""The engine stays small: no module under costing/engine over 400 lines, no function over 60.

A newcomer reads one idea per module (docs: /work/shared/STYLE.md, "Inside the engine"). Counted
from the source with ``ast``: a function's lines run from its ``def`` to its last line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "costing" / "engine"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# (module, function) pairs allowed over the limit: none. A test below shows the mechanism works.
EXCEPTIONS: set[tuple[str, str | None]] = set()

MODULES = sorted(ENGINE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ENGINE).as_posix()


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_small(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES or (_name(path), None) in EXCEPTIONS, f"{_name(path)} has {lines} lines"


def long_functions(source: str, module: str) -> list[str]:
    """Functions (and methods) of ``source`` over the limit, less the listed exceptions."""
    return [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES and (module, node.name) not in EXCEPTIONS]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_functions_are_short(path: Path):
    long = long_functions(path.read_text(encoding="utf-8"), _name(path))
    assert not long, f"{_name(path)}: {', '.join(long)}"


def test_the_check_sees_a_long_method():
    body = "\n".join(f"        x{k} = {k}" for k in range(MAX_FUNCTION_LINES))
    source = f"class C:\n    def short(self):\n        pass\n\n    def long(self):\n{body}\n"
    assert long_functions(source, "x.py") == [f"long ({MAX_FUNCTION_LINES + 1} lines)"]
