"""Reading contracts and proposals from YAML, with errors that name the file and the key.

Loading is three steps: parse YAML (a syntax error names the line; a key given twice and an
impossible date such as 2025-02-30 are errors too), inline the CSV tables a file refers to (an
error names the CSV and its row), then validate with the pydantic models (an error names the key
path and its line, e.g. ``schedules[para].tables[2].effective (line 14)``). Positions in a list
count from 1, as a person counts.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError
from .models import Contract, Proposal
from .reading import MAX_YAML_BYTES, read_text

Model = TypeVar("Model", bound=BaseModel)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader, except that a key given twice is an error (PyYAML keeps the last one
    silently) and an impossible date (2025-02-30) stays text for the models to reject by key."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: let PyYAML report it
                continue
            if first is not None:
                raise _DuplicateKey(None, None, f"key {key!r} is given twice (first on line {first.line + 1})",
                                    key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep)


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)


class YamlMapping(dict):
    """A mapping read from YAML that remembers its node tree, so errors can name a key's line."""

    node: yaml.Node | None = None


def read_yaml(path: Path) -> dict:
    """A YAML mapping from a file, or an InputError naming the file and line."""
    text = read_text(Path(path), MAX_YAML_BYTES, "an input YAML file")
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        prefix = "" if isinstance(exc, _DuplicateKey) else "YAML syntax error: "
        raise InputError(str(path), where, f"{prefix}{problem}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(str(path), None, "expected a YAML mapping (key: value lines) at the top")
    mapping = YamlMapping(data)
    mapping.node = node
    return mapping


def _line(node, loc: tuple) -> int | None:
    """The line (from 1) of the YAML key at a pydantic error location, or of its nearest parent."""
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and str(k.value) == str(key)), None)
            if pair is None:
                continue  # e.g. the op tag pydantic adds for a union
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def read_rate_csv(path: Path, source: str) -> dict[str, dict[str, str]]:
    """A rate table from a CSV with columns lane,step,rate -> {lane: {step: rate}}."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(source, None, f"table file {path} not found") from None
    except OSError as exc:
        raise InputError(source, None, f"table file {path}: cannot read: {exc.strerror}") from None
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
                value = float(rate.replace("$", "").replace(",", ""))
            except ValueError:
                raise InputError(str(path), f"row {number}", f"rate {rate!r} is not a number") from None
            if not math.isfinite(value) or value <= 0:
                raise InputError(str(path), f"row {number}", f"rate {rate!r} for lane {lane} step {step} must be a"
                                 " number above 0")
            if step in rates.get(lane, {}):
                raise InputError(str(path), f"row {number}", f"lane {lane} step {step} is listed twice")
            rates.setdefault(lane, {})[step] = rate.replace("$", "").replace(",", "")
    return rates


def table_folders(path: Path, data: dict, *also: str) -> list[Path]:
    """The folders a file's rate tables may lie in: its own, the ones it names under ``table_folders``
    (relative to it), and any others given (a proposal's baseline contract's folder)."""
    named = data.get("table_folders")
    named = [str(f) for f in named] if isinstance(named, list) else []
    return [path.parent, *(path.parent / f for f in named), *(path.parent / f for f in also)]


def _contained(file: str, base: Path, folders: list[Path], source: str, where: str) -> Path:
    """The table file's path, if it lies inside one of ``folders`` (links followed); refused before it is opened."""
    target = (base / file).resolve()
    for folder in folders:
        if target.is_relative_to(folder.resolve()):
            return base / file
    raise InputError(source, where, f"table file {file!r} lies outside {base}; a rate table must be in the file's folder"
                     " (or its baseline contract's), or in a folder it names under table_folders")


def _inline_tables(items: list, base: Path, source: str, folders: list[Path], where: str) -> None:
    """Replace every ``file:`` in a list of table-like mappings with its ``rates``."""
    for k, item in enumerate(items or (), start=1):
        if isinstance(item, dict) and item.get("file") and "rates" not in item:
            label = f"{where}[{k}]" + (f" ({item['op']})" if "op" in item else "")
            path = _contained(str(item["file"]), base, folders, source, f"{label}.file")
            item["rates"] = read_rate_csv(path, source)


def _location(loc: tuple, data: Any) -> str:
    """('schedules', 0, 'tables', 1, 'effective') -> 'schedules[para].tables[2].effective'."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, (list, tuple)):
            item = node[key] if key < len(node) else None
            change = isinstance(item, dict) and "op" in item  # a change is named by its place, as applying names it
            label = item.get("name") if isinstance(item, dict) and not change else None
            suffix = f" ({item['op']})" if change else ""
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
        elif first["type"] in BOUNDS:
            message = f"{_shown(first.get('input'))} is out of bounds: it must be {BOUNDS[first['type']]} {first['ctx'].popitem()[1]}"
        elif first["type"] == "finite_number":
            message = f"{_shown(first.get('input'))} is not a finite number"
        elif first["type"] == "too_short":
            message = f"needs at least {first['ctx'].get('min_length', 1)} entry (none given)"
        elif first["type"] == "too_long":
            message = (f"has {first['ctx'].get('actual_length')} entries; at most {first['ctx'].get('max_length')} are"
                       " allowed in one file")
        elif first["type"] in ("decimal_parsing", "decimal_type", "float_parsing", "int_parsing", "int_from_float"):
            message = f"{_shown(first.get('input'))} is not a number" + (" (a whole number is expected)"
                                                                        if first["type"].startswith("int") else "")
        where = _location(first["loc"], data)
        line = _line(getattr(data, "node", None), first["loc"])
        where = f"{where} (line {line})" if where and line else (f"line {line}" if line else where)
        raise InputError(source, where or None, message) from None


BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def load_contract(path: str | Path) -> Contract:
    """A validated contract from YAML (rate tables may live in CSV files beside it)."""
    path = Path(path)
    data = read_yaml(path)
    folders = table_folders(path, data)
    for schedule in data.get("schedules") or ():
        if isinstance(schedule, dict):
            _inline_tables(schedule.get("tables"), path.parent, str(path), folders,
                           f"schedules[{schedule.get('name')}].tables")
    return validate_model(Contract, data, str(path))


def load_proposal(path: str | Path) -> Proposal:
    """A validated proposal from YAML (``replace_table`` may name a CSV file), or from a proposal sheet (.xlsx, .csv)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".csv"):
        from .proposal_sheet import read_proposal_sheet  # one row per change (docs/formats.md)

        return read_proposal_sheet(path, validate_model)
    data = read_yaml(path)
    baseline = data.get("baseline")
    folders = table_folders(path, data, *([str(Path(str(baseline)).parent)] if baseline else []))
    _inline_tables(data.get("changes"), path.parent, str(path), folders, "changes")
    proposal = validate_model(Proposal, data, str(path))
    if "changes" not in data:
        # a file without changes is a mistake (a misspelt key, a truncated file), not a proposal to
        # cost as the status quo; `changes: []` written out says it on purpose (costing init's starter)
        raise InputError(str(path), "changes", "is missing: a proposal lists its changes"
                         " (write `changes: []` for a deliberately empty proposal, which costs the status quo)")
    return proposal


def detect_kind(path: str | Path) -> str:
    """'contract', 'proposal', 'scenario', 'rounds', 'comparables', 'roster_spec', 'batch' or 'roster' from a file's content."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".xlsx", ".xls"):
        from .proposal_sheet import is_proposal_sheet

        return "proposal" if is_proposal_sheet(path) else "roster"
    data = read_yaml(path)
    if "schedules" in data:
        return "contract"
    if "changes" in data:
        return "proposal"
    if "groups" in data:
        return "roster_spec"
    if "scenarios" in data:
        return "batch"
    if isinstance(data.get("rounds"), list):  # a negotiation's rounds (a scenario's `rounds:` names such a file)
        return "rounds"
    if isinstance(data.get("peers"), list):  # peer districts' rates (a scenario's `comparables:` names such a file)
        return "comparables"
    if "roster" in data and "contract" in data:
        return "scenario"
    if {"title", "proposer"} & set(data) or "baseline" in data:
        return "proposal"  # a proposal header without changes: load_proposal says what is missing
    raise InputError(str(path), None, "cannot tell what this file is (expected a contract, proposal, roster spec, scenario, rounds or batch)")
