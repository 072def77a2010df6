"""Executed notebook -> standalone report.html: no code, no prompts, no parameters, no warnings.

Built on nbconvert's bare ``basic`` template (the lab template's 240 KB of CSS breaks print
pagination) with our own print stylesheet, so the same file reads well in a browser and lays
out cleanly as a PDF.
"""

from __future__ import annotations

import copy
from importlib.resources import as_file, files

from ..version import __version__

# package data (pyproject's package-data), found the same way in a checkout and in an installed wheel
RESOURCES = files("costing.report")
TEMPLATES = RESOURCES / "templates"
CSS = RESOURCES / "report.css"
REMOVE_CELL_TAGS = {"parameters", "injected-parameters", "setup", "remove-cell", "papermill-error-cell-tag"}


def _strip(nb):
    """Drop stderr streams and error outputs: warnings never reach the reader."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.output_type == "stream" and o.get("name") == "stderr") and o.output_type != "error"]
    return nb


def export_html(nb, title: str) -> str:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = REMOVE_CELL_TAGS
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    resources = {"report_title": title, "report_css": CSS.read_text(encoding="utf-8"), "package_version": __version__}
    with as_file(TEMPLATES) as templates:   # nbconvert's template loader needs a folder on disk
        exporter = HTMLExporter(config=config, template_name="report", extra_template_basedirs=[str(templates)])
        body, _ = exporter.from_notebook_node(_strip(copy.deepcopy(nb)), resources=resources)
    return body
