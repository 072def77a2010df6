"""The import mapping file: how one payroll system's export reads as the project's roster.

A mapping is text about text: export column names ("Emp #", "Group/BU"), export codes ("TCH",
"01", "N") and roster names. So it is read with YAML's *base* loader, which keeps every scalar as
the text written (a code ``01`` stays ``01``, ``N`` is not ``False``, ``On`` is not ``True``), and
every key is located by its line, so that a mistake names the line it is on. The one YAML trap
left, a column name holding `` #`` (``Emp #: employee_id`` is the key ``Emp`` and a comment), is
caught on the raw text before YAML reads it, naming that line and the quoting that fixes it.

Bundled presets (:data:`PRESETS`, package data in ``costing/inputs/presets/``) describe export
layouts (Munis-style, PowerSchool eFinancePLUS-style): a map names one with ``preset:`` and adds
the district's own codes; its keys are laid over the preset's (docs/formats.md); a roster column the map takes from another
export column (or derives) replaces the preset's source for it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

from ..errors import InputError
from .loading import validate_model
from .models import Date, Frozen
from .reading import read_text

MAX_MAP_BYTES = 1_000_000
PRESET_DIR = files("costing.inputs") / "presets"
PRESETS = ("munis", "powerschool")
# roster-side names the import reads but never writes to the roster
READ_ONLY_TARGETS = ("salary", "effective", "pay_method")
NAME_COLUMNS = ("name", "first_name", "last_name")


class SalarySpec(Frozen):
    """How to read the export's salary when it is used to find the step."""

    per: Literal["year", "rate"] = Field("year", description="year: annual pay; rate: in the schedule's rate unit")
    fte_scaled: bool = Field(False, description="the export's salary is already multiplied by FTE")
    tolerance: Decimal = Field(Decimal("0.01"), ge=0, le=1000, description="dollars either side that still match a cell")
    per_pay_method: dict[str, Literal["year", "rate"]] = Field(
        {}, description="pay method code -> how that row's salary reads (needs a column mapped to pay_method)")


class Derive(Frozen):
    """A roster column made from export columns: two or more joined, or one split."""

    join: tuple[str, ...] = Field((), max_length=10)
    split: str | None = None
    sep: str = Field(":", min_length=1, max_length=10)
    part: int = Field(1, ge=1, le=50)

    @model_validator(mode="after")
    def _one_way(self):
        if bool(self.join) == bool(self.split):
            raise ValueError("give either join: [COLUMN, COLUMN, ...] or split: COLUMN (with sep: and part:)")
        if self.join and len(self.join) < 2:
            raise ValueError("join needs two or more export columns")
        return self


class Keep(Frozen):
    """A row filter on one export column: the values kept (``in``) or the values left out (``not``)."""

    in_: tuple[str, ...] = Field((), alias="in")
    not_: tuple[str, ...] = Field((), alias="not")

    @model_validator(mode="after")
    def _one_way(self):
        if bool(self.in_) == bool(self.not_):
            raise ValueError("give the values kept as a list, or {not: [values left out]}")
        return self

    def keeps(self, value: str) -> bool:
        return value in self.in_ if self.in_ else value not in self.not_


class Assignments(Frozen):
    """What several export rows with one employee_id mean (a person with two assignments)."""

    rule: Literal["reject", "separate", "combine"] = "reject"
    once_per_person: tuple[str, ...] = Field((), description="roster columns kept on the first assignment only")


class RosterMap(Frozen):
    """A mapping file (docs/formats.md, "Roster import mapping")."""

    preset: str | None = None
    sheet: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    derive: dict[str, Derive] = Field(default_factory=dict)
    filter: dict[str, Keep] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    flags: tuple[str, ...] = ()
    set: dict[str, str] = Field(default_factory=dict)
    salary: SalarySpec = SalarySpec()
    assignments: Assignments = Assignments()
    as_of: Date | None = None
    keep_names: bool = False

    @model_validator(mode="after")
    def _something_mapped(self):
        if not self.columns and not self.derive:
            raise ValueError("columns: is empty; map at least the export's employee ID column")
        return self

    def produced(self) -> set[str]:
        """Every roster-side name the mapping gives a value."""
        return set(self.columns.values()) | set(self.derive) | set(self.set)


class MapFile:
    """A loaded mapping and where each of its keys is written (``columns.Emp #`` -> line 7)."""

    def __init__(self, mapping: RosterMap, source: str, lines: dict[str, int]):
        self.mapping, self.source, self.lines = mapping, source, lines

    def where(self, key: str) -> str:
        line = self.lines.get(key) or self.lines.get(key.split(".")[0])
        return f"line {line}, {key}" if line else key

    def error(self, key: str, message: str) -> InputError:
        return InputError(self.source, self.where(key), message)


# ------------------------------------------------------------------------------ reading the text


class _TextLoader(yaml.BaseLoader):
    """Every scalar as text; a key given twice is an error."""


def _mapping(loader: _TextLoader, node: yaml.MappingNode) -> dict:
    out: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(None, None, "a key must be text", key_node.start_mark)
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_TextLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

COMMENT_IN_KEY = re.compile(r"^(\s*)([^\s#'\"\-{\[][^:#]*?)\s+#")


def _cut_keys(text: str, source: str) -> None:
    """A key cut short by `` #`` (a comment to YAML): the line, and the quoting that fixes it."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = COMMENT_IN_KEY.match(line)
        if match and ":" in line[match.end():]:
            whole = line.strip().split(":")[0]
            raise InputError(source, f"line {number}", f"{line.strip()!r}: YAML reads ' #' as the start of a comment,"
                             f" so this column name is cut at {match[2].strip()!r}; quote it: \"{whole}\": ...")


def _line_numbers(node, prefix: str = "", out: dict | None = None) -> dict[str, int]:
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}" if isinstance(key_node, yaml.ScalarNode) else prefix
            out.setdefault(key, key_node.start_mark.line + 1)
            _line_numbers(value_node, f"{key}.", out)
    return out


def read_text_yaml(text: str, source: str) -> tuple[dict, dict[str, int]]:
    """(data with every scalar as text, key -> line) of a mapping file's text."""
    _cut_keys(text, source)
    try:
        node = yaml.compose(text, Loader=_TextLoader)
        loader = _TextLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(source, f"line {mark.line + 1}" if mark else None,
                         f"{problem}; a column name or code holding : # [ ] {{ }} & * ! | > ' \" % @ or ` must be"
                         " quoted (\"Emp #\": employee_id)") from None
    if not isinstance(data, dict):
        raise InputError(source, None, "expected a YAML mapping (key: value lines) at the top")
    return data, _line_numbers(node)


def read_map_text(path: Path) -> str:
    """A mapping file's text, within its size bound; one line naming the file otherwise."""
    return read_text(path, MAX_MAP_BYTES, "a mapping file")


# ------------------------------------------------------------------------------ presets and loading


def preset_text(name: str) -> str:
    if name not in PRESETS:
        raise InputError(None, "preset", f"{name!r} is not a bundled preset (presets: {', '.join(PRESETS)})")
    return (PRESET_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def _merged(base: dict, over: dict) -> dict:
    """``over`` laid on ``base``: mappings merged key by key (one level below the top too), the rest replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            inner = dict(out[key])
            for k, v in value.items():
                inner[k] = {**inner[k], **v} if isinstance(v, dict) and isinstance(inner.get(k), dict) else v
            out[key] = inner
        else:
            out[key] = value
    return out


def _typed(data: dict) -> dict:
    """Text values where the model wants other types: lists of one, empty text as nothing."""
    data = dict(data)
    for key in ("sheet", "as_of", "preset"):
        if data.get(key) == "":
            data[key] = None
    if isinstance(data.get("flags"), str):
        data["flags"] = [data["flags"]]
    if isinstance(data.get("filter"), dict):
        data["filter"] = {k: ({"in": [v]} if isinstance(v, str) else {"in": v} if isinstance(v, list) else v)
                          for k, v in data["filter"].items()}
    return data


def load_map(path: str | Path | None, preset: str | None = None) -> MapFile:
    """A mapping file (and the preset it names, or ``preset``), validated, with its keys' lines."""
    data: dict = {}
    lines: dict[str, int] = {}
    source = str(path) if path else f"preset {preset}"
    if path is not None:
        data, lines = read_text_yaml(read_map_text(Path(path)), str(path))
    name = preset or data.get("preset") or None
    if name:
        base, _ = read_text_yaml(preset_text(name), f"preset {name}")
        mine = data.get("columns") if isinstance(data.get("columns"), dict) else {}
        given = set(mine.values()) | set(data.get("derive") or {})
        if isinstance(base.get("columns"), dict):   # a roster column the map takes from elsewhere: not the preset's
            base["columns"] = {k: v for k, v in base["columns"].items() if v not in given or k in mine}
        data = _merged(base, {k: v for k, v in data.items() if k != "preset"})
        data["preset"] = name
    for key in ("columns", "set"):
        for column, target in (data.get(key) or {}).items() if isinstance(data.get(key), dict) else ():
            if not isinstance(target, str) or not target:
                where = f"line {lines[f'{key}.{column}']}, " if f"{key}.{column}" in lines else ""
                raise InputError(source, f"{where}{key}.{column}", "has no value; write `export column: roster column`"
                                 " (a name holding ' #' or ':' must be quoted)")
    try:
        mapping = validate_model(RosterMap, _typed(data), source)
    except InputError as exc:
        key = (exc.where or "").split(" ")[0]
        line = lines.get(key) or lines.get(key.split(".")[0])
        raise InputError(source, f"line {line}, {exc.where}" if line else exc.where, exc.message) from None
    return MapFile(mapping, source, lines)
