"""The package's layout follows its pipeline: imports run one way, and no modules form a circle.

inputs -> engine -> negotiate -> report -> cli, with ``errors``, ``output`` and ``version`` below
everything. A module may import its own stage and the stages below it, never one above; lazy
imports inside functions count too. The package root (the public API) may import anything, and
nothing may import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "costing"
RANK = {"errors": 0, "output": 0, "version": 0, "inputs": 1, "engine": 2, "negotiate": 3, "report": 4, "cli": 5}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every ``costing`` module a file imports, with relative imports resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "costing":
                continue
            for alias in node.names:  # "from . import dates" imports the module costing.engine.dates
                candidate = f"{target}.{alias.name}"
                found.add(candidate if module_path(candidate, root) else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "costing"}
    return found


def module_path(name: str, root: Path = PACKAGE) -> Path | None:
    base = root.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
EDGES = {name: imported_modules(path) for name, path in MODULES.items()}


def test_every_module_belongs_to_a_stage():
    loose = [n for n in MODULES if n not in ("costing", "costing.__main__") and stage(n) not in RANK]
    assert not loose, f"modules outside the stage packages: {loose}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n not in ("costing", "costing.__main__")))
def test_imports_run_down_the_pipeline(name):
    against = [t for t in EDGES[name] if t == "costing" or RANK.get(stage(t), 99) > RANK[stage(name)]]
    assert not against, f"{name} imports against the pipeline: {against}"


def test_no_import_circles():
    graph = {n: {t for t in EDGES[n] if t in MODULES and t != n} for n in MODULES if n != "costing"}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise AssertionError(f"import circle: {' -> '.join(cycle)}")
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_the_check_sees_a_violation(tmp_path):
    """The checker itself: a lazy import of the command line from the engine is caught."""
    bad = PACKAGE / "engine" / "projection.py"
    found = imported_modules(bad)
    assert "costing.engine.dates" in found and "costing.inputs.models" in found
    fake = tmp_path / "costing" / "engine" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from ..cli.common import user_errors\n")
    (tmp_path / "costing" / "cli").mkdir()
    (tmp_path / "costing" / "cli" / "common.py").write_text("")
    target = imported_modules(fake, tmp_path / "costing")
    assert target == {"costing.cli.common"}
    assert RANK[stage("costing.cli.common")] > RANK[stage("costing.engine.x")]
