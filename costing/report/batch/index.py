"""What a batch leaves for people: the public index and batch.json.

``index.html`` and ``batch.json`` sit in the dated folder that gets published (an intranet page, a
shared drive). They carry each scenario's status and a reason that is safe to publish
(:attr:`Outcome.reason`): never an absolute local path, and never an employee ID or name of any
roster or moves file the batch read (:func:`publishable` checks every reason against all of them,
not only the failed scenario's own roster). The full messages go to the private log, outside the
published folder (:mod:`.log`).

``batch.json`` is written first and ``index.html`` second, each replaced atomically: on a full disk
the index never points at a batch.json that is missing, and a failure names the file. A run that
was interrupted (or lost its cluster) never unlinks a report that is still there: a scenario it
did not finish is linked to its last intact report (:func:`settle`).
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path

from ...errors import InputError
from ...output import WriteGuard, atomic_write_text, costing_wrote, links
from .work import (
    MOVES_REASON,
    NAMED_REASON,
    NOT_RUN,
    PRIVACY_REASON,
    ROSTER_REASON,
    SCHEDULER_LOST,
    STOPPED,
    WORKER_DIED,
    Outcome,
)

GENERATOR = '<meta name="generator" content="costing batch">'
STATUS_STYLE = {"built": "#2e7d32", "skipped": "#1f4e79", "failed": "#c62828", "interrupted": "#b26a00"}


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in outcomes:
        out[o.status] = out.get(o.status, 0) + 1
    return out


def write_index(folder: Path, day: str, batch_name: str, kind: str, outcomes: list[Outcome],
                interrupted: bool) -> Path:
    """batch.json, then index.html into ``folder`` (each replaced atomically); returns the index."""
    check_index_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    record, index = folder / "batch.json", folder / "index.html"
    guard = WriteGuard(replace=True)   # checked above: an index of costing's, rewritten each run
    atomic_write_text(record, json.dumps({
        "date": day, "batch": batch_name, "kind": kind, "interrupted": interrupted, "counts": counts(outcomes),
        "outcomes": [o.public() for o in outcomes]}, indent=2) + "\n", guard, follow_parent=False)
    atomic_write_text(index, index_html(day, outcomes, kind, interrupted, report_headlines(folder, outcomes)), guard,
                      follow_parent=False)
    return index


def check_index_folder(folder: Path) -> None:
    """Refuse (before the run builds anything) a dated folder, index.html or batch.json that is a
    link, or an index that is not costing's: the batch would only find out when writing it."""
    if links.kind_of(folder) == "link":
        raise links.link_refused(folder, "folder")
    for name in ("batch.json", "index.html"):
        _refuse_unless_an_index(folder / name)


def _refuse_unless_an_index(path: Path) -> None:
    """An existing index.html or batch.json is replaced only if it is a batch index costing wrote (by its
    record, or by what it says: the generator tag of the page, the shape of batch.json)."""
    kind = links.kind_of(path)
    if kind == "link":
        raise links.link_refused(path)
    if kind != "file" or costing_wrote(path):
        return
    try:
        text = path.read_text(encoding="utf-8")[:4000]
    except (OSError, UnicodeDecodeError):
        text = ""
    if GENERATOR in text or (path.suffix == ".json" and '"outcomes"' in text and '"counts"' in text):
        return
    raise InputError(str(path), None, "exists and is not a batch index costing wrote; nothing was replaced: move it"
                     " away")


def publishable(outcomes: list[Outcome], people_files: list[tuple[str, Path]]) -> list[Outcome]:
    """The outcomes with every reason checked against the IDs and names of every roster and moves
    file the batch reads (a reason that quotes any of them is replaced by :data:`NAMED_REASON`),
    and with any absolute local path left in it shown by its file name only.

    Fixed reasons (a privacy block, a dead worker...) quote nothing and are not checked; the files
    are read only when some reason needs checking."""
    from ..privacy import find_identifiers, local_paths_as_names

    fixed = {PRIVACY_REASON, ROSTER_REASON, MOVES_REASON, NAMED_REASON, WORKER_DIED, NOT_RUN, STOPPED, SCHEDULER_LOST}
    if all(not o.reason or o.reason in fixed for o in outcomes):
        return outcomes
    found = _everyone(people_files)
    out = []
    for o in outcomes:
        if o.reason and not any(o.reason.startswith(f) for f in fixed):
            named = found is None or find_identifiers(o.reason, found)
            o = replace(o, reason=NAMED_REASON if named else local_paths_as_names(o.reason))
        out.append(o)
    return out


def _everyone(people_files: list[tuple[str, Path]]):
    """The identifiers of every roster and moves file, as (kind, path) pairs (None: one cannot be
    read, so no reason can be cleared against it)."""
    from ...inputs.roster import read_roster_file, read_table_csv
    from ..privacy import identifiers, merge

    found = []
    for kind, path in dict.fromkeys(people_files):
        try:   # read as the costing reads them: a cell holding "#" (an ID "#1042") is an ID, not a comment
            frame = read_roster_file(path) if kind == "roster" else read_table_csv(Path(path))
            frame.columns = [str(c).strip().lower() for c in frame.columns]
            found.append(identifiers(frame))
        except Exception:  # noqa: BLE001 - an unreadable file: no message can be cleared against it
            return None
    return merge(*found)


# what each file is, in the words of the person it is for (never its file name)
DOCUMENT_WORDS = {"report": "Full report", "board_brief": "Board brief", "scenario_report": "Full report",
                  "compare_proposals": "Comparison of the offers", "negotiation": "Negotiation history",
                  "what_if": "What-if page"}
KIND_WORDS = {".pdf": "PDF, to print", ".html": "web page", ".xlsx": "Excel", ".ipynb": "Jupyter"}


def link_words(file: str) -> tuple[str, str]:
    """(the document, its form) for a report file: ('Board brief', 'PDF, to print'), ('Workbook', 'Excel'),
    ('Notebook of the board brief', 'Jupyter'), ('Member page', 'web page')."""
    stem, suffix = Path(file).stem, Path(file).suffix
    form = KIND_WORDS.get(suffix, suffix.lstrip(".").upper())
    if stem == "member_page":
        return "Member page (for union members)", form
    if suffix == ".xlsx":
        return "Workbook (every figure, for the finance office)", form
    document = DOCUMENT_WORDS.get(stem, stem.replace("_", " ").capitalize())
    if suffix == ".ipynb":
        return f"Notebook of the {document.lower()} (for analysts)", form
    return document, form


LINK_ORDER = ("Board brief", "Full report", "Comparison", "Negotiation", "What-if", "Workbook", "Member", "Notebook")


def file_links(o: Outcome) -> str:
    """Links to a report's files, one line per document named for its reader ("Board brief: PDF, to print ·
    web page"), board brief first; a confidential report's files say so (the member page is public even
    beside a confidential report)."""
    base = html.escape(o.location)
    audiences = dict(o.audiences)
    documents: dict[str, list[str]] = {}
    forms = list(KIND_WORDS)
    for f in sorted(o.files, key=lambda f: forms.index(Path(f).suffix) if Path(f).suffix in forms else len(forms)):
        if f.endswith(".json"):
            continue
        document, form = link_words(f)
        if audiences.get(f) == "confidential":
            document += " (confidential)"
        documents.setdefault(document, []).append(f'<a href="{base}/{html.escape(f)}">{html.escape(form)}</a>')
    order = sorted(documents, key=lambda d: next((i for i, w in enumerate(LINK_ORDER) if d.startswith(w)),
                                                 len(LINK_ORDER)))
    return "<br>".join(f"{html.escape(d)}: " + " · ".join(documents[d]) for d in order)


def headline_cell(figures: dict | None) -> str:
    """Each proposal's cost and new money over the status quo in the term's last year, its status, the caveat."""
    from ..format import fiscal_year, money

    if not figures or not figures.get("scenarios"):
        return "—"
    lines = []
    for row in figures["scenarios"]:
        new = float(row["new_money"])
        lines.append(f'<b>{html.escape(str(row["label"]))}</b> <span class="status">{html.escape(str(row["status"]))}'
                     f'</span><br>{fiscal_year(row["fiscal_year"])}, the term\'s last year: cost '
                     f'<b>{money(float(row["cost"]))}</b>, {money(abs(new))} {"more" if new >= 0 else "less"} than '
                     f'the status quo')
    caveat = figures.get("caveat") or ""
    if caveat:
        lines.append(f'<span class="caveat">{html.escape(caveat)}</span>')
    return "<br>".join(lines)


def report_headlines(folder: Path, outcomes: list[Outcome]) -> dict[str, dict]:
    """The headline figures of every public report the index links (:mod:`costing.report.headline`)."""
    from .. import headline

    out = {}
    for o in outcomes:
        if o.location and dict(o.audiences).get(headline.FILE_NAME, "public") == "public" \
                and headline.FILE_NAME in o.files:
            figures = headline.read(folder / o.location)
            if figures is not None:
                out[o.folder] = figures
    return out


def index_html(day: str, outcomes: list[Outcome], kind: str = "report", interrupted: bool = False,
               headlines: dict[str, dict] | None = None) -> str:
    """One page a School Committee member lands on: per scenario its headline figures, status and caveat
    (selected from the report's figures frame), and its documents named for their readers."""
    headlines = headlines or {}
    rows = []
    for o in outcomes:
        links = file_links(o) if o.location else ""
        status = o.status if o.status != "skipped" or o.built_on == day else f"unchanged since {o.built_on}"
        why = f'<br><small>{html.escape(o.reason)}</small>' if o.reason else ""
        rows.append(f'<tr><td><b>{html.escape(o.title or o.folder)}</b></td>'
                    f'<td>{headline_cell(headlines.get(o.folder))}</td>'
                    f'<td>{links or "—"}</td>'
                    f'<td style="color:{STATUS_STYLE.get(o.status, "#000")};font-weight:bold">{html.escape(status)}'
                    f'{why}</td></tr>')
    tally = counts(outcomes)
    summary = f"{len(outcomes)} scenarios: " + ", ".join(f"{n} {k}" for k, n in tally.items())
    if not tally.get("failed") and not tally.get("interrupted"):
        summary += ", none failed"
    if interrupted:
        summary += ". The run was interrupted; scenarios marked interrupted were not built"
    what = "Costings" if kind == "numbers" else "Reports"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{GENERATOR}<title>{what} of {day}</title>
<style>body{{font-family:"Liberation Sans",Arial,sans-serif;margin:2em;color:#1a1a1a}}
h1{{color:#1f4e79}}table{{border-collapse:collapse;width:100%}}th{{background:#1f4e79;color:#fff;text-align:left}}
th,td{{padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top}}small{{color:#666}}
.status{{font-size:85%;color:#fff;background:#5a6b7b;border-radius:3px;padding:0 4px}}
.caveat{{color:#8a1c1c;font-size:90%}}</style></head>
<body><h1>{what} of {day}</h1><p>{html.escape(summary)}. Figures are each proposal's total cost (salary, benefits
and other costs) in the last fiscal year of its contract term, and what it adds to the status quo that year;
each report explains them.</p>
<table><thead><tr><th scope="col">Scenario</th><th scope="col">Headline figures</th><th scope="col">Documents</th>
<th scope="col">Built</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></body></html>
"""
