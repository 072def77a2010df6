"""Running a report notebook with papermill, and saying in one line what went wrong if it fails.

Papermill numbers cells in the *executed* notebook, which has an extra injected-parameters cell;
we map the index back to the source notebook so "cell 7" means what the author sees. Timeouts and
dead kernels are not PapermillExecutionErrors, so they are caught separately.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

# nbformat validates with jsonschema, which builds a whole RFC 3987 grammar at import when the
# optional rfc3987_syntax package is installed (0.5-2 s of every `costing report`); notebook
# validation never checks IRI formats, so that optional import is declined.
sys.modules.setdefault("rfc3987_syntax", None)

from ..errors import InputError  # noqa: E402
from .long_lived import KERNEL_LINE  # noqa: E402

if TYPE_CHECKING:  # nbformat is imported when a notebook runs: a batch rerun that skips everything never needs it
    import nbformat

KERNEL = "python3"
# the notebooks are package data (costing/report/notebooks), so an installed wheel finds them as a checkout does
NOTEBOOKS = Path(os.environ.get("COSTING_NOTEBOOKS", str(files("costing.report") / "notebooks")))


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


def relative_metadata(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """No path of this machine in the saved notebook: papermill's input and output paths, and stderr (warnings)."""
    meta = nb.metadata.get("papermill")
    if meta is not None:
        meta["input_path"] = f"notebooks/{name}.ipynb"
        meta["output_path"] = f"{name}.ipynb"
    for cell in nb.cells:   # warnings name the files of this machine's installation; the reader needs none
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    return nb


# What a report notebook's setup cell imports (pandas, matplotlib, the package: 1-1.5 s on a quiet
# machine, a third of the notebook's time). A warm kernel imports them while it boots, as it starts
# (IPython's exec_lines run before the kernel answers its first request), so the import overlaps the
# command's own costing on the other core instead of following it. Nothing is left bound in the
# notebook's namespace: each module is imported under a private name, then the name is deleted.
PRELOAD = ("IPython.display", "costing.report.context", "costing.report.charts", "costing.report.tables")
PRELOAD_EXTRA = {"compare_proposals": ("costing.report.negotiation", "costing.report.rounds"),
                 "negotiation": ("costing.report.rounds",)}


def preload_arguments(name: str = "") -> list[str]:
    """The kernel's command-line arguments that import a notebook's modules at boot, then freeze what they made
    (:data:`costing.report.long_lived.KERNEL_LINE`)."""
    modules = (*PRELOAD, *PRELOAD_EXTRA.get(name, ()))
    lines = ", ".join([*(repr(f"import {m} as _preloaded; del _preloaded") for m in modules), repr(KERNEL_LINE)])
    return [f"--IPKernelApp.exec_lines=[{lines}]"]


def start_kernel(cwd: Path, env: dict[str, str], name: str = ""):
    """Start a python3 kernel now (its boot, and the notebook's imports, then overlap the costing);
    papermill runs the notebook in it."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=KERNEL)
    with quiet_kernel_stderr():
        run_sync(km.start_kernel)(cwd=str(cwd), env={**os.environ, **env}, extra_arguments=preload_arguments(name))
    return km


def stop_kernel(km) -> None:
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel that is already gone needs no stopping
        pass


def notebooks_named(scenario_path: Path) -> tuple[str, ...]:
    """The notebooks a scenario file names (or the default), read without validating the file, so that their
    kernels start before the scenario's models are even imported (0.2 s of pydantic); the scenario is
    validated right after. A file this cannot read, or larger than any scenario may be, starts no kernel
    (validating it says what is wrong); only names of report notebooks count, each once."""
    from typing import get_args

    import yaml

    from ..inputs.reading import MAX_YAML_BYTES, read_text
    from ..inputs.vocabulary import DEFAULT_NOTEBOOKS, NotebookName

    try:
        # within the bound every input YAML file has; every scalar as text (nothing but the notebooks' names is read
        # here: an impossible date elsewhere in the file is validation's to report, in one line)
        loaded = yaml.load(read_text(Path(scenario_path), MAX_YAML_BYTES, "a scenario"),
                           Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except Exception:  # noqa: BLE001 - a file this light read cannot take starts no kernel; validation names the fault
        return ()
    named = loaded.get("notebooks", DEFAULT_NOTEBOOKS) if isinstance(loaded, dict) else ()
    if not isinstance(named, list | tuple):
        return ()
    return tuple(dict.fromkeys(n for n in named if n in get_args(NotebookName)))


@contextlib.contextmanager
def warm_kernels(names, cwd: Path, env: dict[str, str]):
    """One kernel per notebook, started before the command costs the scenario, all stopped at the end.

    Starting a kernel takes about a second; started first, it boots on the other core while this
    process costs the scenario, instead of after it. The notebooks run in them unchanged.
    """
    kernels = {}
    try:
        for name in dict.fromkeys(names):
            kernels[name] = start_kernel(cwd, env, name)
        yield kernels
    finally:
        for km in kernels.values():
            stop_kernel(km)


def execute(name: str, dst: Path, parameters: dict, timeout: int, cwd: Path | None = None,
            km=None) -> nbformat.NotebookNode:
    """Execute the package notebook <name>.ipynb into ``dst``; raise InputError naming the failing cell.

    ``cwd`` is the kernel's working folder: the scenario's folder, so the scenario is passed by its
    file name and the executed notebook carries no path of this machine. ``km``: a kernel already
    started (:func:`warm_kernels`) in that folder; without it papermill starts one.
    """
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    src = notebook_path(name)
    try:
        with quiet_kernel_stderr():
            # output_path None: papermill would write the whole notebook (images and all) before every cell, while
            # the kernel waits for that cell, and once more at the end; it is written once, below
            nb = pm.execute_notebook(str(src), None, parameters=parameters, kernel_name=KERNEL,
                                     execution_timeout=timeout, start_timeout=60, progress_bar=False,
                                     log_output=False, cwd=str(cwd or src.parent),
                                     **({"km": km} if km is not None else {}))
        nbformat.write(relative_metadata(nb, name), str(dst))
        return nb
    except PapermillExecutionError as exc:
        index = source_cell_index(exc.cell_index, nbformat.read(src, as_version=4), bool(parameters))
        raise InputError(f"notebook {src.name}", f"cell {index}",
                         f"{exc.ename}: {_first_line(exc.evalue)}") from None
    except CellTimeoutError as exc:
        raise InputError(f"notebook {src.name}", None,
                         f"a cell ran longer than the {timeout} s timeout ({_first_line(str(exc))})") from None
    except DeadKernelError as exc:
        raise InputError(f"notebook {src.name}", None, f"the kernel died: {_first_line(str(exc))}") from None
