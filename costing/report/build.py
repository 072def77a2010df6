"""``costing report``: one scenario -> a folder with the executed notebook(s), HTML, PDF, workbook, manifest.

The scenario is validated and costed before any notebook runs, so an input mistake is reported
naming the file. Everything is built in a temporary folder and renamed into place only when it all
succeeded (:func:`costing.output.atomic_directory`): a reader never finds half a report.

This module imports little at its top (the scenario's models, pandas and the exporters are imported
where used), so that the notebooks' kernels, started first, boot while the rest is imported and costed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..output import atomic_directory, refuse_unless_ours
from . import manifest as mf
from .execute import execute, notebooks_named, warm_kernels
from .html import export_html, warm_html_export
from .long_lived import long_lived_objects_frozen
from .pdf import render_pdf
from .shared_costing import SharedCosting

if TYPE_CHECKING:
    from . import privacy

# The builders below import pandas, the engine, openpyxl (1 s and more) where they are used, not here: the
# notebooks' kernels start (build_report) before those imports, so the kernels boot while they run.

DEFAULT_TIMEOUT = 600


@dataclass
class Built:
    folder: Path
    files: list[str]
    pages: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)   # file -> public or confidential


def output_names(notebooks: tuple[str, ...] | list[str], index: int) -> tuple[str, str]:
    """The first notebook is the report (report.html/.pdf); others keep their name (board_brief.pdf)."""
    stem = "report" if index == 0 else notebooks[index]
    return f"{stem}.html", f"{stem}.pdf"


def build_report(scenario_path: str | Path, out: str | Path | None = None, timeout: int = DEFAULT_TIMEOUT,
                 report_date: str | None = None, log=None) -> Built:
    """Cost, execute, export and publish one scenario's report folder; raise InputError on failure.

    The notebooks' kernels start first, so they boot while this process costs the scenario, and they
    reuse that costing (:class:`SharedCosting`) rather than project the roster again.
    """
    path = Path(scenario_path).resolve()
    with (long_lived_objects_frozen(), SharedCosting() as shared,
          warm_kernels(notebooks_named(path), path.parent, shared.env) as kernels):
        return _build_report(path, out, timeout, report_date, log, shared, kernels)


def _build_report(scenario_path: Path, out, timeout: int, report_date: str | None, log, shared: SharedCosting,
                  kernels: dict) -> Built:
    from ..inputs.roster import read_roster_file
    from ..inputs.scenario import resolve
    from . import privacy
    from .context import open_report

    started = mf.now()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    path = Path(scenario_path).resolve()
    report_date = report_date or dt.date.today().isoformat()
    target, source, label = output_folder(scenario_path, out)     # refused here, before anything is costed or written
    ctx = open_report(path, report_date=report_date)          # validates and costs; InputError names the file
    check_comparables(path, ctx)
    shared.write(ctx)
    scenario = ctx.scenario
    _, inputs = mf.scenario_input_hashes(path)
    found_ids = privacy.identifiers(read_roster_file(resolve(path, scenario.roster))) if ctx.public else None
    if found_ids is not None:   # a public report lists its input files by name: none may name an employee
        check_file_names(mf.relative_inputs(inputs, path.parent), found_ids, path)
    timings["cost"] = time.perf_counter() - t0
    t = time.perf_counter()
    import_the_rest()
    gc.freeze()   # the costing and the modules just imported live until the end: not scanned again (long_lived)
    timings["imports while the kernel boots"] = time.perf_counter() - t
    # the kernel runs in the scenario's folder, so the scenario is named by its file name: no path of
    # this machine reaches the executed notebook or the manifest of a public folder
    parameters = {"scenario_path": path.name, "audience": ctx.audience, "report_date": report_date}
    built = Built(target, [], timings=timings)

    def builder(tmp: Path) -> None:
        files = []
        # the workbook, the headline figures and the member page need no notebook: they are written (and
        # checked) in a thread of this process while the kernel executes the notebooks (this process only waits then)
        with ThreadPoolExecutor(max_workers=1) as pool:
            beside = pool.submit(work_beside_notebooks, ctx, tmp, timings, found_ids)
            for i, name in enumerate(scenario.notebooks):
                t = time.perf_counter()
                nb = execute(name, tmp / f"{name}.ipynb", parameters, timeout, cwd=path.parent, km=kernels.get(name))
                timings[f"execute {name}"] = time.perf_counter() - t
                html_name, pdf_name = output_names(scenario.notebooks, i)
                t = time.perf_counter()
                html = export_html(nb, scenario.title)
                (tmp / html_name).write_text(html, encoding="utf-8")
                timings[f"html {name}"] = time.perf_counter() - t
                t = time.perf_counter()
                built.pages[pdf_name] = render_pdf(html, tmp / pdf_name)
                timings[f"pdf {name}"] = time.perf_counter() - t
                files += [f"{name}.ipynb", html_name, pdf_name]
            beside_files = beside.result()
        files += [*beside_files, "manifest.json"]
        built.audiences = {f: audience_of(f, ctx.audience) for f in files if f != "manifest.json"}
        manifest = mf.build_manifest(scenario=path.name, title=scenario.title, audience=ctx.audience,
                                     inputs=mf.relative_inputs(inputs, path.parent),
                                     parameters=parameters, notebooks=list(scenario.notebooks), files=files,
                                     started=started, timings=timings)
        manifest["audiences"] = built.audiences    # the member page is public whatever the report's audience
        mf.write_manifest(tmp / "manifest.json", manifest)
        t = time.perf_counter()
        check_public(tmp, public_files([f for f in files if f not in beside_files], ctx.audience),
                     resolve(path, scenario.roster), found_ids)
        timings["privacy check"] = time.perf_counter() - t
        built.files = files
        if log:
            log(f"built {target.name}: " + ", ".join(files))

    atomic_directory(target, builder, [v["path"] for v in inputs.values()], label, source)
    return built


def import_the_rest() -> None:
    """Import now what the rest of the command runs: papermill, the workbook's and member page's modules, and
    the HTML and PDF exporters (nbconvert, WeasyPrint), 1 s and more.

    Now, because the kernel is still booting on the other core (its notebook cannot start yet), so the
    HTML and PDF follow the notebook at once; and on this thread, before the one that writes the workbook
    starts, because two threads importing at once can deadlock on Python's import locks (one holding a
    package, the other its submodule: WeasyPrint did)."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401
    import weasyprint  # noqa: F401

    from . import headline, member_page, workbook  # noqa: F401


def work_beside_notebooks(ctx, folder: Path, timings: dict[str, float], found_ids) -> list[str]:
    """What this process does while the kernel executes the notebooks (else it only waits for the kernel): write
    the files that need no notebook and check those that are public, then make the HTML exporter (its template
    compiled) so that the notebook's HTML follows it at once."""
    from ..inputs.scenario import resolve

    files = write_beside_notebooks(ctx, folder, timings)
    t = time.perf_counter()
    check_public(folder, public_files(files, ctx.audience), resolve(ctx.scenario_path, ctx.scenario.roster), found_ids)
    timings["privacy check beside"] = time.perf_counter() - t
    warm_html_export()   # the notebook's HTML then follows it at once
    return files


def write_beside_notebooks(ctx, folder: Path, timings: dict[str, float]) -> list[str]:
    """The report's files that do not come from a notebook: workbook, headline figures, member page."""
    from . import headline, member_page, workbook

    t = time.perf_counter()
    workbook.write(ctx, folder / "workbook.xlsx")
    headline.write(ctx.costing, ctx.caveats, folder / headline.FILE_NAME)   # the batch index's figures
    timings["workbook"] = time.perf_counter() - t
    t = time.perf_counter()
    write_member_page(ctx, folder / member_page.FILE_NAME)
    timings["member page"] = time.perf_counter() - t
    return ["workbook.xlsx", headline.FILE_NAME, member_page.FILE_NAME]


def audience_of(name: str, report_audience: str) -> str:
    """Who a file of the report folder is for: the member page is public whatever the report's audience."""
    from . import member_page

    return member_page.AUDIENCE if name == member_page.FILE_NAME else report_audience


def public_files(files: list[str], report_audience: str) -> list[str]:
    """The files the privacy check reads: every public one."""
    return [f for f in files if audience_of(f, report_audience) == "public"]


def check_comparables(path: Path, ctx) -> None:
    """The scenario's comparables file against its benchmark cells and contract, before any notebook runs."""
    from ..inputs.comparables import scenario_comparables

    scenario_comparables(path, ctx.scenario.comparables, ctx.costing.contracts["baseline"], ctx.costing.years)


def write_member_page(ctx, target: Path) -> None:
    """The scenario's member page (:mod:`costing.report.member_page`), from the costing's contracts and
    proposals alone: the roster the report was costed on never reaches it."""
    from . import member_page

    costing, scenario = ctx.costing, ctx.scenario
    as_of = costing.options.as_of or scenario.as_of
    page = member_page.member_page(costing.contracts, costing.proposals, costing.years, as_of,
                                   tuple(scenario.switches), scenario.title, scenario.district)
    target.write_text(page, encoding="utf-8")


def output_folder(scenario_path: str | Path, out: str | Path | None = None) -> tuple[Path, str | None, str]:
    """(the report folder, the file and key or option that named it), refused unless costing may write it.

    A report replaces only a folder costing made: ``--out`` (or the scenario's ``output:``) naming a
    file, a folder of someone else's files, or a folder holding the scenario's inputs is refused
    before anything is costed or written (:func:`costing.output.refuse_unless_ours`)."""
    from ..inputs.scenario import input_files, load_scenario

    path = Path(scenario_path)
    scenario = load_scenario(path)
    target = Path(out) if out else Path(path).parent / scenario.output
    source, label = (None, "--out") if out else (str(path), "output")
    refuse_unless_ours(target, input_files(scenario, path).values(), label, source)
    return Path(os.path.abspath(target)), source, label


def check_file_names(inputs: dict[str, dict], found_ids: privacy.Identifiers, scenario_path: Path) -> None:
    """Refuse, before any notebook runs, an input whose file name carries an employee ID or name
    (``proposals/settlement_E919166.yaml``): a public report names its input files."""
    from . import privacy

    for label, entry in inputs.items():
        found = privacy.find_identifiers(entry["path"], found_ids)
        if found:
            raise privacy.PrivacyError(str(scenario_path), f"{label}: the file name {entry['path']} shows an employee"
                                       f" ID or name ({', '.join(found)}), and a public report lists its input files;"
                                       " rename the file", found)


def check_public(folder: Path, files: list[str], roster_path: Path, found_ids: privacy.Identifiers | None = None) -> None:
    """Refuse to publish a public report in which any roster ID or name, or a local file path, appears.

    Raises :class:`~costing.report.privacy.PrivacyError`: its message (for the operator) quotes
    what was found; its ``public_text()`` is the generic reason a published index may show."""
    from ..inputs.roster import read_roster_file
    from . import privacy

    if not files:
        return
    found_ids = found_ids or privacy.identifiers(read_roster_file(roster_path))
    for name in files:
        path = folder / name
        if name.endswith(".pdf"):
            continue  # rendered from the HTML, which is checked
        if name.endswith(".xlsx"):
            text = xlsx_text(path)
        else:
            text = path.read_text(encoding="utf-8")
        found = privacy.find_identifiers(text, found_ids)
        if found:
            raise privacy.PrivacyError(f"report {name}", f"a public report would show employee IDs or names"
                                       f" ({', '.join(found)}); not published", found)
        paths = privacy.find_local_paths(text)
        if paths:
            raise privacy.PrivacyError(f"report {name}", f"a public report would show local file paths"
                                       f" ({', '.join(paths)}); not published", [], privacy.PUBLIC_REASON_PATH)


def xlsx_text(path: Path) -> str:
    """Every sheet name and cell of a workbook as text. A numeric cell is a figure (an ID is text in
    the roster and in every table), so it is written with its decimal point (142191.0): the privacy
    check reads a money cell of $142,191 as a figure, not as a six-digit payroll ID."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    parts = []
    for ws in book.worksheets:
        parts.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            parts.extend(repr(float(v)) if isinstance(v, int | float) and not isinstance(v, bool) else str(v)
                         for v in row if v is not None)
    book.close()
    return "\n".join(parts)
