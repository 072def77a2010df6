"""One field of a proposal in one spreadsheet cell, and back: the cell syntax of a proposal sheet.

The syntax (docs/formats.md, "A proposal as a spreadsheet"):

* a single value as Excel holds it: a date (a real date cell, or typed 7/1/2026 or 2026-07-01), a
  number (3, 1,250.50, $2,000), a percent (a percent cell, or typed 4.5 or 4.5%), yes/no, text;
* a list (``schedules``, ``lanes``, ``employed_on`` ...): the items separated by commas,
  ``para, tai``;
* a mapping whose values are single values (``amounts``, ``tiers``, ``rates`` of ``set_premium``,
  ``escalate_with``): ``key: value`` pairs separated by semicolons, ``10: $750; 15: $1,000``;
* anything nested deeper (``eligible``, ``replace_table``'s ``rates``), or a list or mapping whose
  text holds a separator: the YAML of the proposal file on one line, ``{any_of: [{employed_on: 2023-05-08}]}``
  (a date inside may be typed 5/8/2023 too).

Which syntax a field takes comes from its model (:mod:`.proposal_fields`): nothing is listed by hand.
Writing gives back exactly what reading takes: :func:`to_cell` then :func:`from_cell` is the identity
on every value the models hold.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import yaml
from pydantic import BaseModel

from .grid_import import parse_money
from .parsing import parse_date
from .proposal_fields import is_percent, item_kinds, scalar_kind, shape, submodel

LIST_SEPARATOR, PAIR_SEPARATOR, KEY_SEPARATOR = ",", ";", ":"
EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits of a number: anything longer is written as text, exactly."""
YES, NO = {"yes", "y", "true"}, {"no", "n", "false"}


class CellError(ValueError):
    """A cell that cannot be read: the message says what was expected (the sheet adds row and column)."""


class YamlText(yaml.SafeDumper):
    """PyYAML's safe dumper with Decimals written as their own digits (never through a float) and tuples as lists."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


YamlText.add_representer(Decimal, _decimal)
YamlText.add_representer(tuple, yaml.SafeDumper.represent_list)


def yaml_text(data, flow: bool) -> str:
    """``data`` as YAML: on one line (``flow``, as a proposal file writes a change) or as a block."""
    return yaml.dump(data, Dumper=YamlText, sort_keys=False, allow_unicode=True, default_flow_style=flow,
                     width=10_000 if flow else 100).strip()


# ------------------------------------------------------------------------------------------ writing


def _number(value: Decimal | int | float, excel: bool):
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    if excel and len(number.normalize().as_tuple().digits) <= EXCEL_DIGITS:
        return float(number)
    return format(number.normalize(), "f")


def _us_date(day: dt.date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def _item_text(value) -> str:
    """One item of a list or mapping as typed in a cell."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return _us_date(value)
    if isinstance(value, Decimal | int | float):
        return str(_number(value, excel=False))
    return str(value)


def _plain(value) -> bool:
    return not isinstance(value, dict | list | tuple | BaseModel)


def _flow(value) -> str:
    return yaml_text(value, flow=True)


def _listed(items) -> str:
    texts = [_item_text(v) for v in items]
    if not items or not all(_plain(v) for v in items) or any(
            not t or LIST_SEPARATOR in t or t != t.strip() or t[0] in "[{" for t in texts):
        return _flow(list(items))
    return f"{LIST_SEPARATOR} ".join(texts)


def _paired(mapping: dict) -> str:
    pairs = [(_item_text(k), _item_text(v)) for k, v in mapping.items()]
    if not mapping or not all(_plain(v) for v in mapping.values()) or any(
            not k or not v or any(s in k + v for s in (PAIR_SEPARATOR, KEY_SEPARATOR)) or k[0] in "[{"
            for k, v in pairs):
        return _flow(mapping)
    return f"{PAIR_SEPARATOR} ".join(f"{k}{KEY_SEPARATOR} {v}" for k, v in pairs)


def to_cell(model: type[BaseModel], name: str, value, excel: bool):
    """A field's value (as ``model_dump(mode="python")`` gives it) as a cell holds it.

    For Excel (``excel=True``) dates stay dates, numbers numbers, yes/no booleans, and a percent is a
    fraction (the sheet gives the cell a percent format); for CSV everything is text, a percent with
    its sign. Returns (cell value, is a percent).
    """
    kind = shape(model, name)
    if kind == "list":
        return _listed(value), False
    if kind == "mapping":
        data = value.model_dump(mode="python") if isinstance(value, BaseModel) else value
        return _paired(data), False
    if isinstance(value, bool) or isinstance(value, dt.date):
        return (value if excel else _item_text(value)), False
    if isinstance(value, Decimal | int | float):
        if is_percent(model, name):
            number = Decimal(str(value))
            return ((_number(number / 100, excel=True) if excel else f"{format(number.normalize(), 'f')}%"), True)
        return _number(value, excel), False
    return value, False


# ------------------------------------------------------------------------------------------ reading


def _scalar(raw, kind: str, percent: bool = False, percent_cell: bool = False):
    """One typed value of the given kind, cleaned for the model to validate ("" stays blank)."""
    if isinstance(raw, str):
        raw = raw.strip()
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return parse_date(str(raw))
        except ValueError as exc:
            raise CellError(str(exc)) from None
    if kind == "number":
        if isinstance(raw, bool):
            raise CellError(f"{raw!r} is not a number")
        if percent_cell and isinstance(raw, int | float):      # Excel's 4.5% is the number 0.045
            return f"{format((Decimal(repr(raw)) * 100).normalize(), 'f')}%"
        if isinstance(raw, int | float | Decimal):
            return raw
        if percent and str(raw).endswith("%"):
            return str(raw)
        try:
            number = parse_money(str(raw))
        except ValueError:
            number = None
        if number is None:
            expected = "a percent such as 4.5 or 4.5%" if percent else "a number such as 1,250.50 or $2,000"
            raise CellError(f"{str(raw)!r} is not {expected}")
        # a percent as typed (text), so a bare 0.25 in a percent column is refused as the YAML's 0.25 is
        return format(number, "f") if percent else number
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = str(raw).lower()
        return True if word in YES else False if word in NO else str(raw)
    if isinstance(raw, dt.datetime | dt.date):       # Excel turned a month-day such as 09-01 into a date
        return f"{raw.month:02d}-{raw.day:02d}"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _yaml(text: str, opener: str):
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not valid"
        raise CellError(f"{text[:40]!r} is not valid on one line as in the proposal file ({problem})") from None
    if not isinstance(value, dict if opener == "{" else list):
        raise CellError(f"{text[:40]!r} does not read as a {'mapping' if opener == '{' else 'list'}")
    return value   # a date inside typed 7/1/2026 is text here, read by the models' one Date type


def from_cell(model: type[BaseModel], name: str, raw, percent_cell: bool = False):
    """What a cell holds as the value the model validates (see the module's syntax); CellError if unreadable."""
    kind = shape(model, name)
    key_kind, value_kind = item_kinds(model, name)
    text = raw.strip() if isinstance(raw, str) else raw
    if kind in ("list", "mapping") and isinstance(text, str) and text[:1] in ("[", "{"):
        return _yaml(text, text[0])
    if kind == "list":
        items = text.split(LIST_SEPARATOR) if isinstance(text, str) else [text]
        return [_scalar(item, value_kind) for item in items if not (isinstance(item, str) and not item.strip())]
    if kind == "mapping":
        inner = submodel(model, name)
        out = {}
        for pair in str(text).split(PAIR_SEPARATOR):
            if not pair.strip():
                continue
            key, sep, value = pair.partition(KEY_SEPARATOR)
            if not sep:
                raise CellError(f"{pair.strip()!r} is not a key: value pair (write e.g. 10: 750; 15: 1,000)")
            key = key.strip()
            kind_of_value = scalar_kind(inner, key) if inner is not None and key in inner.model_fields else value_kind
            out[_scalar(key, key_kind or "text")] = _scalar(value, "text" if kind_of_value == "model" else kind_of_value)
        return out
    return _scalar(text, value_kind, percent=is_percent(model, name), percent_cell=percent_cell)
