"""Executed notebook -> standalone report.html: no code, no prompts, no parameters, no warnings.

Built on nbconvert's bare ``basic`` template (the lab template's 240 KB of CSS breaks print
pagination) with our own print stylesheet, so the same file reads well in a browser and lays
out cleanly as a PDF.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import functools
import html
import re
import threading
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


_TEMPLATE_FOLDER = contextlib.ExitStack()   # open until the process ends (a zipped install's folder is a copy)
atexit.register(_TEMPLATE_FOLDER.close)
_EXPORTER_LOCK = threading.Lock()


@functools.cache
def _exporter():
    """The report's HTML exporter, its template loaded and compiled: made once per process (0.1 s of a report's
    HTML), by :func:`warm_html_export` while the kernel runs the notebook."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = REMOVE_CELL_TAGS
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    templates = _TEMPLATE_FOLDER.enter_context(as_file(TEMPLATES))   # nbconvert's template loader needs a folder on disk
    exporter = HTMLExporter(config=config, template_name="report", extra_template_basedirs=[str(templates)])
    exporter.template  # noqa: B018 - loads and compiles the template now
    return exporter


def warm_html_export() -> None:
    """Make the exporter now, while this process would only wait for the kernel (nbconvert imported already),
    and export a notebook of one markdown cell and one output: the templates it extends, its filters and the
    markdown renderer are loaded on the first export, not when it is made (0.15 s more)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    output = new_output("display_data", data={"text/html": "<p>warm</p>", "text/plain": "warm"})
    nb = new_notebook(cells=[new_markdown_cell("# warm"), new_code_cell("", outputs=[output])])
    export_html(nb, "warm")


def export_html(nb, title: str) -> str:
    resources = {"report_title": title, "report_css": CSS.read_text(encoding="utf-8"), "package_version": __version__}
    with _EXPORTER_LOCK:   # one exporter, one notebook at a time (a batch's threads each build a report)
        body, _ = _exporter().from_notebook_node(_strip(copy.deepcopy(nb)), resources=resources)
    return keep_used_glossary(body)


# ---- the glossary: the terms a document uses, no more -------------------------------------------------------

GLOSSARY = re.compile(r'<dl class="glossary">.*?</dl>', re.S)
ENTRY = re.compile(r'<dt data-match="([^"]*)">.*?</dd>', re.S)
TAG = re.compile(r"<[^>]+>")


def glossary_html() -> str:
    """Every entry of :func:`costing.report.glossary.glossary_items`, each marked with the words that show a
    document uses it (the field's terms first: step, lane, COLA, longevity, roll-up, proration, retro, hold-harmless)."""
    from .glossary import glossary_items

    entries = []
    for term, meaning, matches, _field in glossary_items():
        words = html.escape("|".join(m.lower() for m in matches), quote=True)
        entries.append(f'<dt data-match="{words}">{html.escape(term)}</dt>'
                       f"<dd>{html.escape(meaning)}</dd>")
    return '<dl class="glossary">' + "".join(entries) + "</dl>"


def visible_text(page: str) -> str:
    """A page's words, lower case, without its tags, styles and scripts (what a reader can search)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(TAG.sub(" ", page)).lower()


def keep_used_glossary(page: str) -> str:
    """Drop every glossary entry whose words the rest of the document never uses (issue 23: a 32-term glossary
    in every document, most of it about figures the document does not show)."""
    found = GLOSSARY.search(page)
    if not found:
        return page
    rest = visible_text(page[:found.start()] + page[found.end():])
    rest = re.sub(r"\s+", " ", rest)

    def keep(entry: re.Match) -> str:
        words = html.unescape(entry.group(1)).split("|")
        return entry.group(0) if any(w and w in rest for w in words) else ""

    return page[:found.start()] + ENTRY.sub(keep, found.group(0)) + page[found.end():]
