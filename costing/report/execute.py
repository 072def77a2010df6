"""Running a report notebook with papermill, and saying in one line what went wrong if it fails.

Papermill numbers cells in the *executed* notebook, which has an extra injected-parameters cell;
we map the index back to the source notebook so "cell 7" means what the author sees. Timeouts and
dead kernels are not PapermillExecutionErrors, so they are caught separately.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:  # nbformat is imported when a notebook runs: a batch rerun that skips everything never needs it
    import nbformat

KERNEL = "python3"
NOTEBOOKS = Path(os.environ.get("COSTING_NOTEBOOKS", Path(__file__).resolve().parents[2] / "notebooks"))


def notebook_path(name: str) -> Path:
    path = NOTEBOOKS / f"{name}.ipynb"
    if not path.exists():
        raise InputError(str(path), None, "report notebook not found (set COSTING_NOTEBOOKS to the notebooks folder)")
    return path


@contextlib.contextmanager
def quiet_kernel_stderr():
    """The kernel inherits our stderr and prints start-up warnings there; keep the terminal to one line."""
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        try:
            os.dup2(sink.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def source_cell_index(executed_index: int, source: nbformat.NotebookNode, injected: bool) -> int:
    if not injected:
        return executed_index
    tags = [c.get("metadata", {}).get("tags", []) for c in source.cells]
    if any("injected-parameters" in t for t in tags):
        return executed_index
    at = next((i for i, t in enumerate(tags) if "parameters" in t), -1) + 1
    return executed_index - 1 if executed_index > at else executed_index


def _first_line(text: str | None) -> str:
    lines = [x.strip() for x in (text or "").strip().splitlines() if x.strip()]
    return lines[0] if lines else ""


def execute(name: str, dst: Path, parameters: dict, timeout: int) -> nbformat.NotebookNode:
    """Execute notebooks/<name>.ipynb into ``dst``; raise InputError naming the failing cell."""
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    src = notebook_path(name)
    try:
        with quiet_kernel_stderr():
            return pm.execute_notebook(str(src), str(dst), parameters=parameters, kernel_name=KERNEL,
                                       execution_timeout=timeout, start_timeout=60, progress_bar=False,
                                       log_output=False, cwd=str(src.parent))
    except PapermillExecutionError as exc:
        index = source_cell_index(exc.cell_index, nbformat.read(src, as_version=4), bool(parameters))
        raise InputError(f"notebook {src.name}", f"cell {index}",
                         f"{exc.ename}: {_first_line(exc.evalue)}") from None
    except CellTimeoutError as exc:
        raise InputError(f"notebook {src.name}", None,
                         f"a cell ran longer than the {timeout} s timeout ({_first_line(str(exc))})") from None
    except DeadKernelError as exc:
        raise InputError(f"notebook {src.name}", None, f"the kernel died: {_first_line(str(exc))}") from None
