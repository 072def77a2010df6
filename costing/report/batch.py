"""Many scenario reports in one unattended run: a batch file, a small process pool, an index.

The batch file names an output folder and a list of scenario files (paths relative to the batch
file). Each scenario goes into ``<output>/<date>/<scenario folder name>/``; a report whose inputs
have not changed since it was built (same sha256s in its manifest) is skipped, so a nightly run
after a payroll export only rebuilds what the new roster touches.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import Field, field_validator

from ..errors import InputError
from ..inputs.loading import read_yaml, validate_model
from ..inputs.models import Frozen
from ..output import atomic_write_text


class Batch(Frozen):
    output: str = Field(description="folder for the dated report folders, relative to the batch file")
    scenarios: tuple[str, ...] = Field(min_length=1, description="scenario files, relative to the batch file")

    @field_validator("scenarios")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        names = [folder_name(Path(v)) for v in value]
        if len(set(names)) != len(names):
            raise ValueError("two scenarios would write into the same folder; keep one scenario per folder")
        return value


def load_batch(path: str | Path) -> Batch:
    """Validate a batch file; every scenario it names must exist."""
    batch = validate_model(Batch, read_yaml(Path(path)), str(path))
    for i, item in enumerate(batch.scenarios):
        if not (Path(path).parent / item).is_file():
            raise InputError(str(path), f"scenarios[{i}]", f"{item}: file not found")
    return batch


def folder_name(scenario_path: Path) -> str:
    """reports/<date>/chelsea for data/chelsea/scenario.yaml; chelsea_compare for data/chelsea/compare.yaml."""
    if scenario_path.stem == "scenario":
        return scenario_path.parent.name
    return f"{scenario_path.parent.name}_{scenario_path.stem}" if scenario_path.parent.name else scenario_path.stem


@dataclass
class Outcome:
    scenario: str
    folder: str
    status: str          # built | skipped | failed
    message: str = ""
    seconds: float = 0.0
    title: str = ""
    files: tuple[str, ...] = ()


@dataclass
class BatchResult:
    index: Path
    outcomes: list[Outcome]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        return out


def build_one(scenario_path: str, target: str, force: bool, timeout: int, run_date: str) -> Outcome:
    """Build (or skip) one scenario; never raises, so one failure cannot stop the batch."""
    from ..inputs.scenario import load_scenario
    from .build import build_report, inputs_of
    from .manifest import read_manifest, same_inputs

    started = time.perf_counter()
    path, folder = Path(scenario_path), Path(target)
    try:
        scenario = load_scenario(path)
        if not force and same_inputs(read_manifest(folder / "manifest.json"), inputs_of(scenario, path.resolve())):
            files = tuple(read_manifest(folder / "manifest.json").get("files", ()))
            return Outcome(str(path), folder.name, "skipped", "inputs unchanged", time.perf_counter() - started,
                           scenario.title, files)
        built = build_report(path, folder, timeout, run_date)
        return Outcome(str(path), folder.name, "built", "", time.perf_counter() - started, scenario.title,
                       tuple(built.files))
    except InputError as exc:
        return Outcome(str(path), folder.name, "failed", str(exc), time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - recorded, and the batch goes on
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        return Outcome(str(path), folder.name, "failed", message, time.perf_counter() - started)


def run_batch(path: Path, force: bool = False, jobs: int = 2, run_date: dt.date | None = None,
              timeout: int = 600, log=None) -> BatchResult:
    batch = load_batch(path)
    day = (run_date or dt.date.today()).isoformat()
    root = (path.parent / batch.output).resolve() / day
    tasks = [(str((path.parent / s).resolve()), str(root / folder_name(path.parent / s))) for s in batch.scenarios]
    outcomes: list[Outcome] = []
    say = log or _logger(len(tasks))
    with say as progress:
        if jobs == 1 or len(tasks) == 1:
            for task in tasks:
                outcomes.append(build_one(*task, force, timeout, day))
                progress.done(outcomes[-1])
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                futures = [pool.submit(build_one, *task, force, timeout, day) for task in tasks]
                for future in as_completed(futures):
                    outcomes.append(future.result())
                    progress.done(outcomes[-1])
    order = {t[0]: i for i, t in enumerate(tasks)}
    outcomes.sort(key=lambda o: order.get(o.scenario, 0))
    index = root / "index.html"
    root.mkdir(parents=True, exist_ok=True)
    atomic_write_text(index, index_html(day, outcomes))
    atomic_write_text(root / "batch.json", json.dumps({"date": day, "batch": str(path.resolve()),
                                                       "outcomes": [asdict(o) for o in outcomes]}, indent=2) + "\n")
    return BatchResult(index, outcomes)


class _Log:
    """Plain log lines (cron, systemd, CI)."""

    def __init__(self, total: int):
        self.total, self.count = total, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        detail = f": {outcome.message}" if outcome.message and outcome.status == "failed" else ""
        print(f"[{self.count}/{self.total}] {outcome.status:<7} {outcome.folder} ({outcome.seconds:.1f} s){detail}",
              file=sys.stderr, flush=True)


class _Bar(_Log):
    """A rich progress bar on a terminal, with the same lines printed above it."""

    def __enter__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("reports"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 transient=True)
        self.progress.__enter__()
        self.task = self.progress.add_task("reports", total=self.total)
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        detail = f": {outcome.message}" if outcome.message and outcome.status == "failed" else ""
        self.progress.console.print(f"{outcome.status:<7} {outcome.folder} ({outcome.seconds:.1f} s){detail}",
                                    markup=False, highlight=False)
        self.progress.advance(self.task)


def _logger(total: int) -> _Log:
    return _Bar(total) if sys.stderr.isatty() else _Log(total)


STATUS_STYLE = {"built": "#2e7d32", "skipped": "#1f4e79", "failed": "#c62828"}


def index_html(day: str, outcomes: list[Outcome]) -> str:
    """One page linking every report of the run, with its status."""
    rows = []
    for o in outcomes:
        links = " · ".join(f'<a href="{html.escape(o.folder)}/{html.escape(f)}">{html.escape(f)}</a>'
                           for f in o.files if not f.endswith(".json")) or "—"
        rows.append(f'<tr><td>{html.escape(o.title or o.folder)}<br><small>{html.escape(o.scenario)}</small></td>'
                    f'<td style="color:{STATUS_STYLE.get(o.status, "#000")};font-weight:bold">{o.status}</td>'
                    f'<td>{links}</td><td>{html.escape(o.message)}</td></tr>')
    failed = sum(o.status == "failed" for o in outcomes)
    summary = f"{len(outcomes)} scenarios, {failed} failed" if failed else f"{len(outcomes)} scenarios, none failed"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports of {day}</title>
<style>body{{font-family:"Liberation Sans",Arial,sans-serif;margin:2em;color:#1a1a1a}}
h1{{color:#1f4e79}}table{{border-collapse:collapse;width:100%}}th{{background:#1f4e79;color:#fff;text-align:left}}
th,td{{padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top}}small{{color:#666}}</style></head>
<body><h1>Reports of {day}</h1><p>{summary}.</p>
<table><thead><tr><th>Scenario</th><th>Status</th><th>Files</th><th>Note</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></body></html>
"""
