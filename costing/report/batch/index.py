"""What a batch leaves for people: the public index and batch.json, and the operator's private log.

``index.html`` and ``batch.json`` sit in the dated folder that gets published (an intranet page, a
shared drive). They carry each scenario's status and a reason that is safe to publish
(:attr:`Outcome.reason`: never an employee ID or name, never an absolute local path). The full
messages go to ``batch.private.log`` beside them, created readable by its owner only (0600) and
named so that it is plainly not for publishing: exclude it when the folder is copied to a web
server (``rsync --exclude '*.private.log'``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from pathlib import Path

from ..output import atomic_write_text
from .batch_work import Outcome

PRIVATE_LOG = "batch.private.log"
STATUS_STYLE = {"built": "#2e7d32", "skipped": "#1f4e79", "failed": "#c62828", "interrupted": "#b26a00"}


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in outcomes:
        out[o.status] = out.get(o.status, 0) + 1
    return out


def write_index(folder: Path, day: str, batch_name: str, kind: str, outcomes: list[Outcome],
                interrupted: bool) -> Path:
    """index.html and batch.json into ``folder`` (each replaced atomically); returns the index."""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    atomic_write_text(index, index_html(day, outcomes, kind, interrupted))
    atomic_write_text(folder / "batch.json", json.dumps({
        "date": day, "batch": batch_name, "kind": kind, "interrupted": interrupted, "counts": counts(outcomes),
        "outcomes": [o.public() for o in outcomes]}, indent=2) + "\n")
    return index


def append_private_log(folder: Path, batch_name: str, outcomes: list[Outcome], interrupted: bool) -> Path:
    """One block per run: when, which batch, and every failure's full message (owner-only file)."""
    path = folder / PRIVATE_LOG
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [f"== {stamp} {batch_name}: " + ", ".join(f"{n} {k}" for k, n in counts(outcomes).items())
             + (" (interrupted)" if interrupted else "")]
    lines += [f"{o.status} {o.folder} [{o.failure}]: {o.detail}" for o in outcomes if o.status in ("failed", "interrupted")]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def index_html(day: str, outcomes: list[Outcome], kind: str = "report", interrupted: bool = False) -> str:
    """One page linking every report of the run (or the earlier run it is unchanged since), with its status."""
    rows = []
    for o in outcomes:
        base = html.escape(o.location)
        links = " · ".join(f'<a href="{base}/{html.escape(f)}">{html.escape(f)}</a>'
                           for f in o.files if not f.endswith(".json")) if o.location else ""
        status = o.status if o.status != "skipped" or o.built_on == day else f"unchanged since {o.built_on}"
        note = o.reason or ("inputs unchanged" if o.status == "skipped" else "")
        rows.append(f'<tr><td>{html.escape(o.title or o.folder)}<br><small>{html.escape(o.scenario)}</small></td>'
                    f'<td style="color:{STATUS_STYLE.get(o.status, "#000")};font-weight:bold">{html.escape(status)}</td>'
                    f'<td>{links or "—"}</td><td>{html.escape(note)}</td></tr>')
    tally = counts(outcomes)
    summary = f"{len(outcomes)} scenarios: " + ", ".join(f"{n} {k}" for k, n in tally.items())
    if not tally.get("failed") and not tally.get("interrupted"):
        summary += ", none failed"
    if interrupted:
        summary += ". The run was interrupted; scenarios marked interrupted were not built"
    what = "Costings" if kind == "numbers" else "Reports"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{what} of {day}</title>
<style>body{{font-family:"Liberation Sans",Arial,sans-serif;margin:2em;color:#1a1a1a}}
h1{{color:#1f4e79}}table{{border-collapse:collapse;width:100%}}th{{background:#1f4e79;color:#fff;text-align:left}}
th,td{{padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top}}small{{color:#666}}</style></head>
<body><h1>{what} of {day}</h1><p>{html.escape(summary)}.</p>
<table><thead><tr><th scope="col">Scenario</th><th scope="col">Status</th><th scope="col">Files</th><th scope="col">Note</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></body></html>
"""
