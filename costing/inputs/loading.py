"""Reading contracts and proposals from YAML, with errors that name the file and the key.

Loading is three steps: parse YAML (a syntax error names the line), inline the CSV tables a file
refers to (an error names the CSV and its row), then validate with the pydantic models (an error
names the key path, e.g. ``schedules[para].tables[2].effective``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError
from .models import Contract, Proposal

Model = TypeVar("Model", bound=BaseModel)


def read_yaml(path: Path) -> dict:
    """A YAML mapping from a file, or an InputError naming the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), None, "file not found") from None
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(str(path), where, f"YAML syntax error: {problem}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), None, "expected a YAML mapping (key: value lines) at the top")
    return data


def read_rate_csv(path: Path, source: str) -> dict[str, dict[str, str]]:
    """A rate table from a CSV with columns lane,step,rate -> {lane: {step: rate}}."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(source, None, f"table file {path} not found") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = {"lane", "step", "rate"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(str(path), None, f"missing column(s): {', '.join(sorted(missing))}")
        rates: dict[str, dict[str, str]] = {}
        for number, row in enumerate(reader, start=2):
            lane, step, rate = (row["lane"] or "").strip(), (row["step"] or "").strip(), (row["rate"] or "").strip()
            if not lane or not step:
                raise InputError(str(path), f"row {number}", "lane and step are required")
            try:
                float(rate.replace("$", "").replace(",", ""))
            except ValueError:
                raise InputError(str(path), f"row {number}", f"rate {rate!r} is not a number") from None
            if step in rates.get(lane, {}):
                raise InputError(str(path), f"row {number}", f"lane {lane} step {step} is listed twice")
            rates.setdefault(lane, {})[step] = rate.replace("$", "").replace(",", "")
    return rates


def _inline_tables(items: list, base: Path, source: str) -> None:
    """Replace every ``file:`` in a list of table-like mappings with its ``rates``."""
    for item in items or ():
        if isinstance(item, dict) and item.get("file") and "rates" not in item:
            item["rates"] = read_rate_csv(base / str(item["file"]), source)


def _location(loc: tuple, data: Any) -> str:
    """('schedules', 0, 'tables', 1, 'effective') -> 'schedules[para].tables[2].effective'."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            label = item.get("name") if isinstance(item, dict) else None
            suffix = f" ({item['op']})" if isinstance(item, dict) and "op" in item else ""
            parts[-1:] = [f"{parts[-1] if parts else ''}[{label or key + 1}]{suffix}"]
            node = item
        else:
            if isinstance(node, dict) and key not in node and isinstance(node.get("op"), str) and key == node["op"]:
                continue  # the discriminator tag pydantic inserts for unions
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def validate_model(model: type[Model], data: dict, source: str) -> Model:
    """Validate raw data, converting the first pydantic error into a one-line InputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt key also makes the real key "missing": report the misspelling
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key (check the spelling; see docs/formats.md)"
        elif first["type"] == "missing":
            message = "required key is missing"
        elif first["type"].startswith(("date_", "datetime_")):
            message = f"{first.get('input')!r} is not a date like 2024-07-01 (year-month-day)"
        elif first["type"] == "union_tag_invalid":
            message = f"unknown op; expected one of {first['ctx']['expected_tags']}"
        raise InputError(source, _location(first["loc"], data) or None, message) from None


def load_contract(path: str | Path) -> Contract:
    """A validated contract from YAML (rate tables may live in CSV files beside it)."""
    path = Path(path)
    data = read_yaml(path)
    for schedule in data.get("schedules") or ():
        if isinstance(schedule, dict):
            _inline_tables(schedule.get("tables"), path.parent, str(path))
    return validate_model(Contract, data, str(path))


def load_proposal(path: str | Path) -> Proposal:
    """A validated proposal from YAML (``replace_table`` may name a CSV file)."""
    path = Path(path)
    data = read_yaml(path)
    _inline_tables(data.get("changes"), path.parent, str(path))
    return validate_model(Proposal, data, str(path))


def detect_kind(path: str | Path) -> str:
    """'contract', 'proposal', 'scenario', 'roster_spec', 'batch' or 'roster' from a file's content."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".xlsx", ".xls"):
        return "roster"
    data = read_yaml(path)
    if "schedules" in data:
        return "contract"
    if "changes" in data:
        return "proposal"
    if "groups" in data:
        return "roster_spec"
    if "scenarios" in data:
        return "batch"
    if "roster" in data and "contract" in data:
        return "scenario"
    raise InputError(str(path), None, "cannot tell what this file is (expected a contract, proposal, roster spec, scenario or batch)")
